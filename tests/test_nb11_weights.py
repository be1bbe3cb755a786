"""Notebook 11's figures and widget: the numbers they show, against independent computations; worded errors."""
import numpy as np
import pytest

from softmaxlab import log_softmax, softmax
from softmaxlab.plots.weights import accumulation_figure, row_shares, row_shares_figure
from softmaxlab.widgets.weights import WeightsExplorer

LOGITS = np.array([[2.0, 0.5, -1.0], [0.0, 1.0, 2.0], [1.0, 0.0, 0.5], [0.5, 1.5, 0.0]])


def _by_hand(logits, labels, weight, ignore_index=-100):
    """Weighted, masked mean and its gradient, written out row by row."""
    N, C = logits.shape
    total, D, grad = 0.0, 0.0, np.zeros((N, C))
    for n in range(N):
        if labels[n] == ignore_index:
            continue
        w = weight[labels[n]]
        total += -w * log_softmax(logits[n])[labels[n]]
        D += w
        grad[n] = w * (softmax(logits[n]) - np.eye(C)[labels[n]])
    return total / D, grad / D, D


@pytest.mark.parametrize("labels", [[0, 2, 2, 1], [0, -100, 2, 1], [1, 1, -100, -100]])
def test_row_shares_are_the_weighted_mean_and_its_gradient(labels):
    weight = np.array([1.0, 4.0, 0.5])
    loss, grad, D = _by_hand(LOGITS, labels, weight)
    shares = row_shares(LOGITS, labels, weight)
    assert np.isclose(shares["loss"], loss, rtol=1e-12) and np.isclose(shares["denominator"], D)
    kept = np.array(labels) != -100
    assert np.allclose(shares["factor"], np.where(kept, weight[np.where(kept, labels, 0)], 0) / D)
    size = np.abs(grad).sum(axis=1)
    assert np.allclose(shares["gradient"], size / size.sum())
    assert np.all(shares["factor"][~kept] == 0) and np.all(shares["gradient"][~kept] == 0)
    assert np.isclose(shares["mean_over_n"], loss * D / len(labels))


def test_row_shares_with_every_target_ignored_says_nan_and_draws_nothing():
    shares = row_shares(LOGITS, [-100] * 4)
    assert np.isnan(shares["loss"]) and shares["denominator"] == 0 and not shares["kept"].any()
    assert np.all(shares["factor"] == 0)


def test_row_shares_figure_alt_carries_its_numbers():
    fig = row_shares_figure(LOGITS, [0, 2, 2, 1], weight=[1.0, 4.0, 0.5])
    assert "D = 6" in fig.alt and "loss 0.4821" in fig.alt and "row 4 weight 0.667" in fig.alt
    fig = row_shares_figure(LOGITS, [0, -100, 2, 1], weight=[1.0, 4.0, 0.5])
    assert "row 2 ignored" in fig.alt


def test_accumulation_figure_lines_are_the_token_mean_and_the_mean_of_means():
    fig = accumulation_figure([2.0, 1.0, 1.5], [10, 3, 7])
    lines = fig.axes[0].get_lines()
    assert np.isclose(lines[0].get_ydata()[0], (20 + 3 + 10.5) / 20)  # the token mean
    assert np.isclose(lines[1].get_ydata()[0], 1.5)  # the mean of the means
    assert "Mean over all 20 tokens 1.6750" in fig.alt and "mean of the micro-batch means 1.5000" in fig.alt


@pytest.mark.parametrize("means, counts, message", [
    ([1.0, 2.0], [3], "same length"),
    ([], [], "non-empty"),
    ([1.0, 2.0], [3, 0], "at least one kept token"),
])
def test_accumulation_figure_bad_input_is_named(means, counts, message):
    with pytest.raises(ValueError, match=message):
        accumulation_figure(means, counts)


def test_row_shares_bad_input_is_named():
    with pytest.raises(ValueError, match="weight must have shape"):
        row_shares(LOGITS, [0, 1, 2, 0], weight=[1.0, 2.0])
    with pytest.raises(ValueError, match="out of range"):
        row_shares(LOGITS, [0, 1, 3, 0])


def test_widget_readout_follows_the_controls():
    w = WeightsExplorer()
    logits, labels = w.batch_logits, w.labels
    assert w.shares["denominator"] == 5 and "over the 5 kept rows = <code>5</code>" in w.readout.value
    w.weights[1].value = 2.5  # class 2 is the target of rows 2 and 5
    loss, _, D = _by_hand(logits, labels, np.array([1.0, 2.5, 1.0]))
    assert D == 1 + 2.5 + 1 + 1 + 2.5 and np.isclose(w.shares["loss"], loss, rtol=1e-12)
    assert f"<code>{loss:.4f}</code>" in w.readout.value
    w.ignore[3].value = True
    loss, _, D = _by_hand(logits, np.where(np.arange(5) == 3, -100, labels), np.array([1.0, 2.5, 1.0]))
    assert w.shares["denominator"] == D == 7 and np.isclose(w.shares["loss"], loss, rtol=1e-12)
    assert "over the 4 kept rows" in w.readout.value and w.readout.value.count("ignored") >= 1
    heights = [bar.get_height() for bar in w.artists["ignored"]]
    assert heights == [0, 0, 0, 1, 0]  # the moving bars follow the box, without rebuilding
    assert [bar.get_height() for bar in w.artists["weight"]][3] == 0


def test_widget_with_every_row_ignored_or_zero_weights_says_nan():
    w = WeightsExplorer()
    for box in w.ignore:
        box.value = True
    assert "every target is ignored" in w.readout.value and np.isnan(w.shares["loss"])
    w = WeightsExplorer()
    for slider in w.weights:
        slider.value = 0.0
    assert "weight 0" in w.readout.value and np.isnan(w.shares["loss"])
    assert "gradient are nan" in w.readout.value and w.readout.value.count("<code>0 / 0</code>") == 5  # not 0.000


def test_widget_bad_input_is_named():
    with pytest.raises(ValueError, match="logits must be"):
        WeightsExplorer(logits=[1.0, 2.0], labels=[0])
    with pytest.raises(ValueError, match="weight must have shape"):
        WeightsExplorer(weight=[1.0, 2.0])


@pytest.mark.parametrize("weight, words", [([10.0, 1.0, 1.0], "in \\[0, 5\\]"), ([1.0, -1.0, 1.0], "in \\[0, 5\\]"),
                                           ([1.0, np.nan, 1.0], "in \\[0, 5\\]")])
def test_weights_explorer_says_what_its_sliders_cannot_show(weight, words):
    """A weight of 10 was clamped to the slider's 5 silently, while the first drawing used 10 (issue 26)."""
    from softmaxlab.widgets.weights import WeightsExplorer
    with pytest.raises(ValueError, match=words):
        WeightsExplorer(weight=weight)

