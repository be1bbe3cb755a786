"""Notebook 14's figures and widget: what they draw and say, and their refusals of bad input."""
import numpy as np
import pytest

from softmaxlab.online import OnlineSoftmaxState, online_update
from softmaxlab.plots.online import accumulation_figure, online_softmax_figure, tile_steps
from softmaxlab.precision import running_sum
from softmaxlab.widgets.online import TileStepper

SCORES = np.array([1.0, -0.5, 2.0, 0.3, 3.5, 1.2, -1.0, 0.8, 0.2, 5.0, -2.0, 1.5])


def test_tile_steps_follow_the_online_update():
    steps = tile_steps(SCORES, 4)
    assert [(a, b) for a, b, *_ in steps] == [(0, 4), (4, 8), (8, 12)]
    assert [m for _, _, m, _, _ in steps] == [2.0, 3.5, 5.0]
    assert steps[0][3] == 0.0  # nothing to rescale on the first tile
    assert np.allclose([f for *_, f, _ in steps[1:]], np.exp([2.0 - 3.5, 3.5 - 5.0]))
    state = OnlineSoftmaxState()
    for (start, stop, m, _, s) in steps:
        state = online_update(state, SCORES[start:stop])
        assert state.m == m and np.isclose(state.s, s, rtol=1e-15)
    assert np.isclose(steps[-1][-1], np.exp(SCORES - SCORES.max()).sum(), rtol=1e-15)


def test_online_figure_draws_the_pass_and_says_its_numbers():
    fig = online_softmax_figure(SCORES, 4)
    ax_scores, ax_sum = fig.axes
    assert len(ax_scores.patches) >= 12  # one bar per score
    s_line = [line for line in ax_sum.lines if line.get_marker() == "o"][0]
    assert np.allclose(s_line.get_ydata(), [s for *_, s in tile_steps(SCORES, 4)])
    direct = [line for line in ax_sum.lines if line.get_linestyle() == "--"][0]
    assert np.isclose(direct.get_ydata()[0], np.exp(SCORES - 5.0).sum())
    assert "3 tiles of 4" in fig.alt and "tile 3: m = 5.00, factor 0.223" in fig.alt
    assert f"direct sum {np.exp(SCORES - 5.0).sum():.3f}" in fig.alt


def test_accumulation_figure_lines_are_the_running_sums():
    terms = np.exp(np.random.default_rng(1).normal(size=500) - 2)
    fig = accumulation_figure(terms)
    lines = {line.get_label(): line for line in fig.axes[0].lines}
    assert np.allclose(lines["exact (float64)"].get_ydata(), np.cumsum(terms))
    bf16 = lines["bfloat16 accumulator"].get_ydata()
    assert bf16[-1] == running_sum(terms, "bfloat16")
    assert {lines[f"{n} accumulator"].get_linestyle() for n in ("bfloat16", "float16", "float32")} == {"-.", "--", "-"}
    assert f"({bf16[-1] / terms.sum() - 1:+.1%})" in fig.alt


def test_tile_stepper_readout_follows_the_slider():
    w = TileStepper(SCORES, tile=4)
    assert w.tile.min == 1 and w.tile.max == 3 and w.tile.description == "tile"
    assert "first tile: nothing to rescale" in w.readout.value and "m = 2.000" in w.readout.value
    w.tile.value = 2
    m, factor, s = w.state
    assert m == 3.5 and np.isclose(factor, np.exp(-1.5))
    assert f"{factor:.4f}" in w.readout.value and f"s = {s:.4f}" in w.readout.value
    assert "scores 4 to 7" in w.readout.value
    assert w.span.get_x() == 3.5 and w.span.get_width() == 4  # the highlighted tile
    assert np.allclose(w.sum_line.get_ydata(), [s for *_, s in tile_steps(SCORES, 4)[:2]])
    assert w.max_line.get_ydata()[-1] == 3.5
    w.tile.value = 3
    assert np.isclose(w.state[2], np.exp(SCORES - 5.0).sum())
    assert w.last_update_ms is not None


@pytest.mark.parametrize("scores, tile, match", [
    ([[1.0, 2.0]], 2, "1-D"), ([1.0, np.nan], 1, "finite"), ([], 1, "non-empty"), ([1.0, 2.0], 0, "tile"),
    ([1.0, 2.0], 1.5, "tile"),
])
def test_bad_input_is_refused_in_words(scores, tile, match):
    with pytest.raises(ValueError, match=match):
        tile_steps(scores, tile)
    with pytest.raises(ValueError, match=match if match != "non-empty" else "2 to 64"):
        TileStepper(scores, tile=tile)


def test_widget_and_figure_size_limits():
    with pytest.raises(ValueError, match="2 to 64 scores"):
        TileStepper(np.zeros(65))
    with pytest.raises(ValueError, match="non-empty 1-D"):
        accumulation_figure([])
