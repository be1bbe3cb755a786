"""Widgets and static figures of notebooks 01-03: what they show follows the controls."""
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from softmaxlab import softmax
from softmaxlab.plots.batching import reduce, reduction_figure, spanned_mask
from softmaxlab.plots.overflow import exp_limits, exp_range_figure, naive_and_stable, naive_vs_stable_figure
from softmaxlab.plots.softmax import sum_vs_softmax_figure, temperature_figure
from softmaxlab.widgets.batching import AxisExplorer, axis_explorer_figure
from softmaxlab.widgets.overflow import OverflowExplorer
from softmaxlab.widgets.softmax import SoftmaxExplorer, softmax_figure


def numbers(html, label):
    """The numbers in 'label = [a, b, c]' inside a readout."""
    found = re.search(re.escape(label) + r" = \[([^\]]*)\]", html)
    assert found, f"no '{label} = [...]' in {html!r}"
    return [float(v) for v in found.group(1).split(",")]


def assert_follows(widget, control, values, picture_changes=True):
    """Every move of `control` changes the readout (and the picture, where the view depends on the
    value), and coming back to a value shows the same picture and readout again. Nothing is timed:
    update speed is measured by `make bench`, not asserted on a possibly busy test machine."""
    path = list(values) + list(values)[-2::-1]  # there and back, never the same value twice in a row
    control.value = path[0]
    shown = {path[0]: (widget.live.image.value, widget.readout.value)}
    previous = shown[path[0]]
    for value in path[1:]:
        control.value = value
        now = (widget.live.image.value, widget.readout.value)
        assert now[1] != previous[1], f"readout did not change when the control moved to {value}"
        if picture_changes:
            assert now[0] != previous[0], f"picture did not change when the control moved to {value}"
        if value in shown:
            assert now == shown[value], f"coming back to {value} shows something else"
        shown[value] = previous = now


# ---- 01: SoftmaxExplorer ----------------------------------------------------------------------

def test_softmax_explorer_readout_follows_sliders_and_image_changes():
    w = SoftmaxExplorer([2.0, 1.0, 0.1, -1.0, 0.5])
    assert np.allclose(numbers(w.readout.value, "y"), softmax([2.0, 1.0, 0.1, -1.0, 0.5]), atol=5e-4)
    before = w.live.image.value
    w.sliders[4].value = 3.0
    assert w.live.image.value != before
    assert np.allclose(numbers(w.readout.value, "y"), softmax([2.0, 1.0, 0.1, -1.0, 3.0]), atol=5e-4)
    assert "argmax = a5" in w.readout.value
    assert "sum = 1.000000" in w.readout.value


def test_softmax_explorer_temperature_limits():
    w = SoftmaxExplorer([2.0, 1.0, 0.1])
    w.temperature.value = 0.01
    assert numbers(w.readout.value, "y") == [1.0, 0.0, 0.0] and "T = 0.01 " in w.readout.value
    w.temperature.value = 100.0
    assert np.allclose(numbers(w.readout.value, "y"), 1 / 3, atol=5e-3) and "T = 100.00 " in w.readout.value


@pytest.mark.parametrize("n", [2, 11])
def test_softmax_explorer_takes_3_to_10_logits(n):
    with pytest.raises(ValueError, match="3 to 10 logits"):
        SoftmaxExplorer([0.0] * n)


def test_softmax_explorer_follows_every_move():
    logits = [2.0, 1.0, 0.1, -1.0, 0.5, 0.0, 1.5, -0.5, 2.5, 1.0]
    w = SoftmaxExplorer(logits)
    assert_follows(w, w.sliders[0], np.linspace(-3, 3, 9))
    assert np.allclose(numbers(w.readout.value, "y"), softmax([-3.0] + logits[1:]), atol=5e-4)


# ---- 02: OverflowExplorer ---------------------------------------------------------------------

def test_overflow_explorer_naive_breaks_stable_does_not():
    w = OverflowExplorer()
    assert "still works" in w.readout.value
    before = w.live.image.value
    w.offset.value = 1000.0
    assert w.live.image.value != before
    naive, stable = w.results
    assert np.isnan(naive).all() and np.allclose(stable, softmax([0.0, 1.0, 2.0, 3.0]))
    assert "naive = [nan, nan, nan, nan]" in w.readout.value
    assert np.allclose(numbers(w.readout.value, "stable"), stable, atol=5e-4)


def test_overflow_explorer_dtype_toggle_moves_the_limit():
    w = OverflowExplorer(offset=86.0)  # logits 86..89: fine in float64, exp(89) overflows in float32
    assert not np.isnan(w.results[0]).any()
    w.dtype.value = "float32"
    naive, stable = w.results
    assert np.isnan(naive).any() and stable.dtype == np.float32
    assert "88.72" in w.readout.value


def test_overflow_explorer_underflow_side():
    w = OverflowExplorer(offset=-1000.0)
    naive, stable = w.results
    assert np.isnan(naive).all() and np.allclose(stable, softmax([0.0, 1.0, 2.0, 3.0]))


def test_overflow_explorer_sends_no_picture_when_the_probabilities_stay():
    """Shifting every logit changes no probability (until exp overflows): nothing is drawn, no PNG is sent,
    and the picture shown is still the one a widget built at the new offset shows."""
    w = OverflowExplorer()
    picture, readout = w.live.image.value, w.readout.value
    sent = []
    w.live.image.observe(sent.append, names="value")
    draw = w.live.fig.draw_artist
    w.live.fig.draw_artist = None  # drawing now would fail
    w.offset.value = 500.0  # logits 500..503: exp(503) is finite in float64, the same probabilities
    assert sent == [] and w.readout.value != readout
    w.live.fig.draw_artist = draw
    assert OverflowExplorer(offset=500.0).live.image.value == picture
    w.offset.value = 708.0  # exp(711) overflows: the naive bars become nan
    assert len(sent) == 1 and w.live.image.value == OverflowExplorer(offset=708.0).live.image.value


def test_overflow_explorer_follows_every_move():
    w = OverflowExplorer()  # the picture changes only where the naive formula starts or stops failing
    assert_follows(w, w.offset, np.linspace(-900, 900, 9), picture_changes=False)
    assert np.allclose(numbers(w.readout.value, "stable"), softmax([0.0, 1.0, 2.0, 3.0]), atol=5e-4)


def test_naive_and_stable_emit_no_warnings():
    # pytest turns RuntimeWarning into an error, so this also checks that overflow is silenced
    naive, stable = naive_and_stable([1000.0, 0.0], np.float64)
    assert np.isnan(naive[0]) and np.allclose(stable, [1.0, 0.0])


@pytest.mark.parametrize("dtype, overflow", [(np.float64, 709.782712893384), (np.float32, 88.72283905206835)])
def test_exp_limits_are_where_exp_overflows(dtype, overflow):
    lim = exp_limits(dtype)
    assert np.isclose(lim["overflow"], overflow)
    below, above = dtype(lim["overflow"] * (1 - 1e-6)), dtype(lim["overflow"] * (1 + 1e-6))
    with np.errstate(over="ignore", under="ignore"):
        assert np.isfinite(np.exp(below)) and np.isinf(np.exp(above))
        assert np.exp(dtype(lim["zero"] - 1)) == 0 and np.exp(dtype(lim["normal"] + 1)) >= np.finfo(dtype).smallest_normal
        # issue 12: exp is exactly 0 only below log(smallest_subnormal / 2), checked at the floats either side
        cut = dtype(lim["zero"])
        just_below = cut if cut < lim["zero"] else np.nextafter(cut, dtype(-np.inf))
        just_above = cut if cut > lim["zero"] else np.nextafter(cut, dtype(np.inf))
        assert np.exp(just_below) == 0 and np.exp(just_above) == np.finfo(dtype).smallest_subnormal
    assert np.isclose(lim["zero"], {np.float16: -17.3287, np.float32: -103.9721, np.float64: -745.1332}[dtype], atol=1e-4)


# ---- 03: AxisExplorer -------------------------------------------------------------------------

def test_axis_explorer_shapes_and_readout():
    w = AxisExplorer(N=4, C=3)
    assert w.result.shape == (4, 1) and "<b>(4, 1)</b>" in w.readout.value
    before = w.live.image.value
    w.keepdims.value = False
    assert w.result.shape == (4,) and "do not broadcast" in w.readout.value
    assert w.live.image.value != before
    w.axis.value = 0
    assert w.result.shape == (3,) and w.index.max == 2
    w.axis.value = None
    assert w.result.shape == () and w.index.max == 0
    w.keepdims.value = True
    assert w.result.shape == (1, 1)


def test_axis_explorer_flags_the_square_batch_without_keepdims():
    w = AxisExplorer(N=3, C=3)
    w.keepdims.value = False
    assert "WRONG" in w.readout.value
    x = w.x.astype(float)
    assert not np.array_equal(x - x.max(axis=1), x - x.max(axis=1, keepdims=True))  # the verdict is true


@pytest.mark.parametrize("C", [2, 3, 6])
def test_axis_explorer_calls_a_one_row_broadcast_right(C):
    """Issue 12: with N = 1 the (1,) result is the row's own value, so x - r is right, not WRONG."""
    w = AxisExplorer(N=1, C=C)
    w.keepdims.value = False
    x = w.x.astype(float)
    assert np.array_equal(x - x.max(axis=1), x - x.max(axis=1, keepdims=True))
    assert "WRONG" not in w.readout.value and "right" in w.readout.value


def test_axis_explorer_output_index_selects_a_row():
    w = AxisExplorer(N=4, C=3)
    w.index.value = 2
    x = w.x
    assert f"output #2 = {x[2].max():g}" in w.readout.value
    w.op.value = "sum"
    assert f"output #2 = {x[2].sum():g}" in w.readout.value


def test_axis_explorer_follows_every_move():
    w = AxisExplorer(N=5, C=6)
    assert_follows(w, w.index, [1, 2, 3, 4, 0])


def test_spanned_mask_and_reduce():
    assert spanned_mask((2, 3), 1, 1).tolist() == [[False] * 3, [True] * 3]
    assert spanned_mask((2, 3), 0, 2)[:, 2].all() and spanned_mask((2, 3), 0, 2).sum() == 2
    assert spanned_mask((2, 3), None, 0).all()
    assert reduce(np.arange(6).reshape(2, 3), "max", 0, True).shape == (1, 3)


# ---- static figures ---------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: softmax_figure([2.0, 1.0, 0.1]),
    lambda: temperature_figure([2.0, 1.0, 0.1]),
    lambda: sum_vs_softmax_figure([2.0, -1.0, 0.5]),
    exp_range_figure,
    lambda: naive_vs_stable_figure([708.0, 709.0, 710.0, 711.0]),
    lambda: reduction_figure(np.arange(12).reshape(4, 3), "sum", axis=0, keepdims=False, index=1),
    lambda: axis_explorer_figure(N=3, C=3, axis=None),
])
def test_static_figures_are_figures(make):
    fig = make()
    assert isinstance(fig, Figure) and fig.axes


# ---- issue 26: readouts true at ties, nan, -0 and clamped values ---------------------------------------

def test_softmax_explorer_names_every_class_of_a_tie():
    w = SoftmaxExplorer([1.0, 1.0, 0.0])
    assert "argmax = a1 and a2 (a tie)" in w.readout.value
    w.sliders[1].value = 0.5
    assert "argmax = a1 " in w.readout.value + " " and "tie" not in w.readout.value


def test_softmax_explorer_says_when_it_clamps_what_it_was_given():
    w = SoftmaxExplorer([10.0, 0.0, -1.0], temperature=1000.0)
    text = w.readout.value
    assert "a1 = 10 is outside the slider's range [-6, 6]: set to 6" in text
    assert "T = 1000 is outside the slider's range [0.01, 100]: set to 100" in text
    w.sliders[0].value = 2.0  # the learner moved it: the note goes
    assert "a1 = 10" not in w.readout.value and "T = 1000" in w.readout.value
    assert "Note" not in SoftmaxExplorer([1.0, 0.0, -1.0]).readout.value


@pytest.mark.parametrize("bad", [[1.0, float("nan"), 0.0], [1.0, float("inf"), 0.0]])
def test_softmax_explorer_refuses_logits_that_are_not_finite(bad):
    with pytest.raises(ValueError, match="entry 1"):
        SoftmaxExplorer(bad)


def test_number_never_prints_minus_zero():
    from softmaxlab.widgets.softmax import number
    assert number(-0.0, ".4f") == "0.0000" and number(-4e-5, ".4f") == "0.0000"
    assert number(-4e-4, ".4f") == "-0.0004" and number(float("nan"), ".3f") == "nan"


# every readout case of OverflowExplorer, with what naive softmax must then show
OVERFLOW_CASES = [  # (offset, scale, dtype, words in the readout, what the naive probabilities are)
    (0.0, 1.0, "float64", "still works", lambda naive, stable: np.allclose(naive, stable)),
    (1000.0, 1.0, "float64", "inf / inf = nan there", lambda naive, stable: np.isnan(naive).all()),
    (709.0, 0.5, "float64", "finite / inf = 0 for the others",
     lambda naive, stable: np.isnan(naive[2:]).all() and (naive[:2] == 0).all()),
    (-1000.0, 1.0, "float64", "0 / 0 = nan", lambda naive, stable: np.isnan(naive).all()),
    (708.0, 0.5, "float64", "every probability is 0 (no nan)", lambda naive, stable: (naive == 0).all()),
    (-740.0, 0.5, "float64", "no nan and no warning, but wrong",
     lambda naive, stable: np.isfinite(naive).all() and not np.allclose(naive, stable, rtol=1e-4)),
    (-711.0, 0.5, "float64", "still right to rounding",  # just past the cut: subnormal, no digit lost yet
     lambda naive, stable: np.allclose(naive, stable, rtol=0, atol=8 * np.finfo(np.float64).eps)),
    (87.0, 0.5, "float32", "every probability is 0 (no nan)", lambda naive, stable: (naive == 0).all()),
    (-90.0, 0.5, "float32", "still right to rounding",
     lambda naive, stable: np.allclose(naive, stable, rtol=0, atol=8 * np.finfo(np.float32).eps)),
    (-100.0, 0.5, "float32", "no nan and no warning, but wrong",
     lambda naive, stable: np.isfinite(naive).all() and not np.allclose(naive, stable, rtol=1e-4)),
]


@pytest.mark.parametrize("offset, scale, dtype, words, holds", OVERFLOW_CASES)
def test_overflow_explorer_readout_is_true_in_every_case(offset, scale, dtype, words, holds):
    w = OverflowExplorer(offset=offset, scale=scale, dtype=dtype)
    naive, stable = w.results
    assert words in w.readout.value, w.readout.value
    assert holds(naive, stable), (naive, stable)


def test_overflow_explorer_says_when_it_clamps_what_it_was_given():
    w = OverflowExplorer(offset=5000.0, scale=0.1)
    assert "offset = 5000 is outside the slider's range [-1000, 1000]: set to 1000" in w.readout.value
    assert "scale = 0.1 is outside the slider's range [0.5, 100]: set to 0.5" in w.readout.value
    with pytest.raises(ValueError, match="dtype"):
        OverflowExplorer(dtype="float16")


def test_axis_explorer_says_when_it_clamps_what_it_was_given():
    w = AxisExplorer(N=9, C=1)
    assert "N = 9 is outside the slider's range [1, 5]: set to 5" in w.readout.value
    assert "C = 1 is outside the slider's range [2, 6]: set to 2" in w.readout.value
    with pytest.raises(TypeError, match="N must be an integer"):
        AxisExplorer(N=2.5)


def test_sum_vs_softmax_figure_with_logits_that_sum_to_zero():
    from softmaxlab.plots.softmax import sum_vs_softmax_figure
    fig = sum_vs_softmax_figure([1, -1])
    assert "sum to 0, so a / sum(a) is undefined" in fig.alt and "(0.881, 0.119)" in fig.alt
    with pytest.raises(ValueError, match="finite"):
        sum_vs_softmax_figure([1, np.inf])
    with pytest.raises(ValueError, match="at least 2"):
        sum_vs_softmax_figure([3.0])
