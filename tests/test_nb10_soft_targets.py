"""Notebook 10's figures and widget: what they show follows the numbers, and bad input is refused in words."""
import io

import numpy as np
import pytest
from PIL import Image

from softmaxlab import cross_entropy, log_softmax, one_hot, softmax
from softmaxlab.losses import entropy, kl_div
from softmaxlab.plots.soft_targets import (distillation_norm_figure, optimal_gap, smoothed_targets,
                                           smoothing_floor_figure, soft_target_bars_figure)
from softmaxlab.widgets.soft_targets import SmoothingExplorer


def test_smoothed_targets_are_pytorchs_convention():
    t = smoothed_targets(np.array([2, 0]), 4, 0.2)
    assert np.allclose(t, [[0.05, 0.05, 0.85, 0.05], [0.85, 0.05, 0.05, 0.05]])
    logits = np.random.default_rng(0).normal(size=(2, 4))
    assert np.allclose(-(t * log_softmax(logits)).sum(axis=1),
                       cross_entropy(logits, np.array([2, 0]), label_smoothing=0.2, reduction="none"), rtol=1e-12)


@pytest.mark.parametrize("eps, error", [(-0.1, ValueError), (1.5, ValueError), (float("nan"), ValueError),
                                        ("0.1", TypeError), (True, TypeError)])
def test_smoothed_targets_refuse_a_bad_eps(eps, error):
    with pytest.raises(error, match="eps must be a number in \\[0, 1\\]"):
        smoothed_targets(0, 3, eps)


@pytest.mark.parametrize("C, eps", [(10, 0.1), (1000, 0.1), (3, 0.4), (50, 0.01)])
def test_optimal_gap_is_where_the_gradient_vanishes(C, eps):
    g = optimal_gap(C, eps)
    logits = np.zeros(C)
    logits[0] = g
    t = smoothed_targets(0, C, eps)
    assert np.allclose(softmax(logits), t, rtol=1e-10)                       # y = t there
    loss = lambda gap: cross_entropy(np.r_[gap, np.zeros(C - 1)], 0, label_smoothing=eps)
    assert np.isclose(loss(g), entropy(t), rtol=1e-12)
    assert loss(g - 0.05) > loss(g) < loss(g + 0.05)


def test_floor_figure_alt_carries_its_numbers():
    fig = smoothing_floor_figure(10, 0.1)
    floor = float(entropy(smoothed_targets(0, 10, 0.1)))
    assert f"{floor:.4f}" in fig.alt and f"{optimal_gap(10, 0.1):.2f}" in fig.alt
    labels = [t.get_text() for t in fig.axes[0].get_legend().texts]
    assert labels[2] == f"floor H(t) = {floor:.3f}"


@pytest.mark.parametrize("bad", [dict(num_classes=1), dict(num_classes=2.5), dict(eps=0.0), dict(eps=1.0)])
def test_floor_figure_refuses_bad_input(bad):
    with pytest.raises(ValueError, match="num_classes|eps"):
        smoothing_floor_figure(**{"num_classes": 10, "eps": 0.1, **bad})


def test_bars_figure_shows_y_t_and_the_gradient():
    logits = np.array([3.0, 1.0, 0.2, -1.0])
    fig = soft_target_bars_figure(logits, 1, eps=0.2, T=2.0)
    y, t = softmax(logits / 2.0), smoothed_targets(1, 4, 0.2)
    heights = [[p.get_height() for p in c] for c in fig.axes[0].containers]
    assert np.allclose(heights, [y, t, y - t])
    loss = float(-(t * np.log(y)).sum())
    assert f"{loss:.4f}" in fig.alt and f"{loss - float(entropy(t)):.4f}" in fig.alt


def test_distillation_figure_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="one length"):
        distillation_norm_figure([1, 2, 3], [1, 2], [1, 2, 3])


def test_distillation_figure_alt_gives_the_ends():
    fig = distillation_norm_figure([1, 10], [0.4, 0.5], [0.4, 0.005])
    assert "0.4 to 0.5" in fig.alt and "0.4 to 0.005" in fig.alt and "80 times smaller" in fig.alt


def png(widget):
    return np.asarray(Image.open(io.BytesIO(widget.live.image.value)).convert("RGB"), dtype=int)


def test_explorer_readout_follows_the_sliders():
    w = SmoothingExplorer([3.0, 1.0, 0.2, -1.0], label=2, eps=0.1, T=1.0)
    for eps, T in [(0.0, 1.0), (0.2, 1.0), (0.2, 4.0), (0.45, 0.5)]:
        before = (w.live.image.value, w.readout.value)
        w.eps.value, w.T.value = eps, T
        assert (w.live.image.value, w.readout.value) != before
        t = (1 - eps) * one_hot(2, 4) + eps / 4
        y = softmax(np.array([3.0, 1.0, 0.2, -1.0]) / T)
        kl = float(kl_div(np.log(y)[None], t[None], reduction="batchmean"))
        assert np.isclose(w.loss - w.floor, kl, rtol=1e-10, atol=1e-15)
        assert f"KL(t || y) = {kl:.4f}" in w.readout.value
        heights = [[p.get_height() for p in w.bars[name]] for name in ("y", "t", "y - t")]
        assert np.allclose(heights, [y, t, y - t])


def test_explorer_picture_changes_and_comes_back():
    w = SmoothingExplorer()
    first = png(w)
    w.eps.value = 0.4
    moved = png(w)
    w.eps.value = 0.1
    assert np.abs(moved - first).sum() > 0 and np.array_equal(png(w), first)


@pytest.mark.parametrize("kwargs, words", [(dict(logits=[1.0]), "2 to 6 finite logits"),
                                           (dict(logits=[1.0, np.nan]), "2 to 6 finite logits"),
                                           (dict(label=4), "label must be an int"),
                                           (dict(label=True), "label must be an int")])
def test_explorer_refuses_bad_input(kwargs, words):
    with pytest.raises(ValueError, match=words):
        SmoothingExplorer(**kwargs)


def test_optimal_gap_refuses_what_has_no_gap_and_says_inf_without_smoothing():
    """issue 26: optimal_gap(10, 0) divided by zero; (1, 0.1) and (10, 1.5) answered."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert optimal_gap(10, 0) == np.inf  # one-hot targets: the loss falls for ever as the gap grows
    assert optimal_gap(10, 1.0) == 0.0  # uniform targets: the best gap is 0
    for C, eps, words in ((1, 0.1, "num_classes"), (10, 1.5, "eps"), (10, -0.1, "eps"), (2.5, 0.1, "num_classes"),
                          (10, float("nan"), "eps")):
        with pytest.raises(ValueError, match=words):
            optimal_gap(C, eps)


def test_smoothing_explorer_readout_never_shows_minus_zero():
    """y = t makes loss - floor = KL a difference of equal numbers, -3e-17 here: it read '-0.0000' (issue 26)."""
    w = SmoothingExplorer(np.log(smoothed_targets(0, 4, 0.3)), label=0, eps=0.3, T=1.0)
    assert w.loss - w.floor < 0  # the rounding the readout must not show as a sign
    assert "-0.0000" not in w.readout.value and "= 0.0000" in w.readout.value


@pytest.mark.parametrize("kwargs, words", [({"eps": 0.9}, "eps must be in \\[0, 0.5\\]"),
                                           ({"T": 0.1}, "T must be in \\[0.5, 10\\]"),
                                           ({"T": float("nan")}, "T must be in")])
def test_smoothing_explorer_says_what_its_sliders_cannot_show(kwargs, words):
    """A value outside a slider's range was clamped silently (eps = 0.9 showed 0.5)."""
    with pytest.raises(ValueError, match=words):
        SmoothingExplorer(**kwargs)


def test_smoothing_readout_never_shows_minus_zero():
    """At eps = 0 the floor H(t) of a one-hot target is 0 (computed as -0.0): the readout says 0.0000, no sign."""
    from softmaxlab.widgets.soft_targets import SmoothingExplorer
    w = SmoothingExplorer()
    w.eps.value = 0.0
    assert "H(t) 0.0000" in w.readout.value and "-0.0000" not in w.readout.value
