"""Notebook 13's figures and widgets: what they draw and say, driven from code; bad input refused with words."""
import numpy as np
import pytest

from softmaxlab import softmax, softmax_jacobian
from softmaxlab.attention import causal_mask, masked_softmax
from softmaxlab.plots.attention import (jacobian_norms, mask_figure, random_qk, saturation, saturation_table,
                                        scaling_figure)
from softmaxlab.widgets.attention import MaskGrid, ScaleExplorer


def test_jacobian_norms_equal_the_norm_of_the_built_matrix():
    probs = softmax(np.random.default_rng(1).normal(size=(6, 9)) * 4)  # (6, 9)
    built = [np.linalg.norm(softmax_jacobian(row)) for row in probs]
    assert np.allclose(jacobian_norms(probs), built, rtol=1e-12)
    assert jacobian_norms(np.array([0.0, 1.0, 0.0])) == 0.0


@pytest.mark.parametrize("d", [0, -3, 2.5, True, "8"])
def test_random_qk_refuses_a_bad_head_size(d):
    with pytest.raises(ValueError, match="d must be a positive int"):
        random_qk(d)


def test_saturation_grows_with_d_only_without_the_scaling():
    plain, scaled = saturation(512, False), saturation(512, True)
    assert plain[0] > 0.9 and scaled[0] < 0.35 and plain[1] < scaled[1] / 4
    assert saturation(1, False) == saturation(1, True)  # sqrt(1) = 1


def test_scaling_figure_alt_carries_the_numbers_it_drew():
    dims = (1, 16, 256)
    table = saturation_table(dims, L=32)
    fig = scaling_figure(dims=dims, L=32)
    assert f"{table[256]['plain'][0]:.2f}" in fig.alt and f"{table[256]['plain'][1]:.3f}" in fig.alt
    ax_w, ax_j = fig.axes
    plain_line = ax_w.get_lines()[0]
    assert np.allclose(plain_line.get_ydata(), [table[d]["plain"][0] for d in dims])
    assert np.allclose(ax_j.get_lines()[1].get_ydata(), [table[d]["scaled"][1] for d in dims])


def test_mask_figure_writes_each_weight_and_marks_masked_cells():
    scores = np.array([[1.0, 2.0, 0.0], [0.5, 0.5, 3.0], [2.0, -1.0, 1.0]])
    keep = causal_mask(3).copy()
    keep[1] = False
    fig = mask_figure(scores, keep)
    texts = [t.get_text() for t in fig.axes[0].texts]
    weights = masked_softmax(scores, keep)
    expected = [f"{w:.2f}" if k else "off" for w, k in zip(weights.ravel(), keep.ravel())]
    assert texts == expected
    row2 = ", ".join(f"{w:.2f}" for w in softmax(scores[2]))  # query 2 sees every key
    assert "Row q1 is fully masked." in fig.alt and f"row q2: {row2}." in fig.alt
    nan_fig = mask_figure(scores, np.ones((3, 3), bool) & [[True], [True], [False]], empty="nan")
    assert [t.get_text() for t in nan_fig.axes[0].texts][-3:] == ["off"] * 3


def test_mask_figure_refuses_a_non_matrix():
    with pytest.raises(ValueError, match="scores must be a matrix"):
        mask_figure(np.zeros((2, 2, 2)), np.ones((2, 2, 2), bool))


def test_scale_explorer_bars_and_readout_follow_the_controls():
    w = ScaleExplorer(d=64)
    for d, scaled in ((512, False), (512, True), (1, False), (1024, True)):
        w.d.value, w.scaled.value = d, scaled
        q, k = random_qk(d, w.L, w.S, w.seed)
        weights = softmax(q @ k.T / (np.sqrt(d) if scaled else 1.0))
        assert np.allclose([bar.get_height() for bar in w.bars], weights[0])
        assert f"largest weight {weights.max(axis=-1).mean():.3f}" in w.readout.value
        assert f"‖J‖ = {jacobian_norms(weights).mean():.3f}" in w.readout.value
        assert w.ax.get_title() == f"softmax(q.k{' / sqrt(d)' if scaled else ''}), d = {d}"
        assert w.last_update_ms is not None


def test_scale_explorer_refuses_a_head_size_off_its_slider():
    with pytest.raises(ValueError, match="d must be one of"):
        ScaleExplorer(d=100)


def test_mask_grid_shows_masked_softmax_of_the_ticked_boxes():
    g = MaskGrid()
    assert np.array_equal(g.keep, causal_mask(4))
    for j in range(4):
        g.boxes[3][j].value = False
    assert g.weights[3].tolist() == [0.0] * 4 and "fully masked: q3 (empty='zeros')" in g.readout.value
    assert [t.get_text() for t in g.texts[3]] == ["off"] * 4
    g.empty.value = "nan"
    assert np.isnan(g.weights[3]).all() and g.readout.value.startswith("row sums = [1.000, 1.000, 1.000, nan]")
    g.boxes[0][2].value = True  # a key in the future for query 0
    expected = masked_softmax(g.scores, g.keep, empty="nan")
    assert np.allclose(g.weights, expected, equal_nan=True)
    assert [t.get_text() for t in g.texts[0]] == ["0.95", "off", "0.05", "off"]  # keys 0 and 2: scores 2.0, -1.0
    assert np.allclose(expected[0][[0, 2]], softmax(np.array([2.0, -1.0])))


@pytest.mark.parametrize("kwargs, words", [({"scores": np.zeros((3, 4))}, "square score matrix"),
                                           ({"scores": np.zeros((7, 7))}, "2 to 6 rows"),
                                           ({"keep": np.ones((3, 3), bool)}, "keep must have the scores' shape"),
                                           ({"empty": "ones"}, "empty must be one of")])
def test_mask_grid_refuses_bad_input_with_words(kwargs, words):
    with pytest.raises(ValueError, match=words):
        MaskGrid(**kwargs)


def test_the_torch_table_needs_the_pytorch_it_was_checked_with(monkeypatch):
    # PyTorch before pytorch#131060 / #133882 (2024) gives nan for a fully masked row: the cell's asserts would
    # fail, so an older PyTorch gets "no table" (the saved notebook shows 2.13's), not an AssertionError.
    import importlib.metadata
    import importlib.util

    from softmaxlab import attention_torch
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "2.4.1+cpu")
    assert attention_torch.fully_masked_table() is None
