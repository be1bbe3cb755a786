"""Notebook 12's figures and widget (driven from code, their numbers checked), and fit_temperature near its minimum."""
import numpy as np
import pytest

from softmaxlab import cross_entropy, softmax
from softmaxlab.calibration import expected_calibration_error, fit_temperature, reliability_bins
from softmaxlab.plots.calibration import ece_bins_figure, reliability_figure
from softmaxlab.widgets.calibration import ReliabilityExplorer


def _model(N=2000, C=4, factor=2.5, seed=12):
    rng = np.random.default_rng(seed)
    true = 1.5 * rng.normal(size=(N, C))
    labels = (rng.random((N, 1)) > np.cumsum(softmax(true), axis=1)).sum(axis=1)
    return factor * true, labels


def test_reliability_figure_draws_the_bins_and_says_their_ece():
    logits, labels = _model()
    probs = softmax(logits)
    fig = reliability_figure({"before": probs, "after": softmax(logits / 2.5)}, labels, n_bins=10)
    ece = expected_calibration_error(probs, labels, 10)
    assert f"ECE {ece:.3f}" in fig.alt and f"ECE = {ece:.3f}" in fig.axes[0].get_title()
    bins = reliability_bins(probs, labels, 10)
    steps = [p for p in fig.axes[0].patches if type(p).__name__ == "StepPatch"]
    accuracy, gap = steps  # the bars, then the hatched gaps
    full = bins.counts > 0
    assert np.allclose(accuracy.get_data().values, np.where(full, bins.accuracy, 0))
    assert np.allclose(gap.get_data().values, np.where(full, bins.confidence, 0))
    assert np.allclose(gap.get_data().baseline, accuracy.get_data().values) and gap.get_hatch() == "//"


def test_reliability_figure_refuses_mismatched_input():
    logits, labels = _model(N=50)
    with pytest.raises(ValueError, match="one row of probs per label"):
        reliability_figure({"x": softmax(logits)}, labels[:-1])
    with pytest.raises(ValueError, match="non-empty dict"):
        reliability_figure({}, labels)


def test_ece_bins_figure_checks_lengths_and_describes_the_ends():
    fig = ece_bins_figure([5, 10, 50], {"a": [0.01, 0.02, 0.05]})
    assert "from 0.010 to 0.050" in fig.alt
    with pytest.raises(ValueError, match="one per bin count"):
        ece_bins_figure([5, 10], {"a": [0.1]})


def test_explorer_readout_follows_the_sliders_and_accuracy_never_moves():
    logits, labels = _model()
    w = ReliabilityExplorer(logits, labels, T=1.0, n_bins=15)
    accuracy = np.mean(logits.argmax(axis=1) == labels)
    for T, n_bins in ((1.0, 15), (2.5, 15), (2.5, 5), (0.5, 30)):
        w.T.value, w.bins.value = T, n_bins
        ece = expected_calibration_error(softmax(logits / T), labels, n_bins)
        assert f"ECE {ece:.4f}" in w.readout.value and f"T = {T:.2f}, {n_bins} bins" in w.readout.value
        assert f"NLL {cross_entropy(logits / T, labels):.4f}" in w.readout.value
        assert f"accuracy {accuracy:.4f}" in w.readout.value
        bins = reliability_bins(softmax(logits / T), labels, n_bins)
        assert np.allclose(w.artists["accuracy"].get_data().values, np.nan_to_num(bins.accuracy))
        assert len(w.artists["confidence"].get_xdata()) == np.sum(bins.counts > 0)
    w.T.value, w.bins.value = 2.5, 15
    assert w.ece < expected_calibration_error(softmax(logits), labels, 15) / 4   # T = 2.5 undoes the factor 2.5


@pytest.mark.parametrize("kwargs, message", [
    (dict(logits=np.zeros((3,)), labels=np.zeros(3, int)), "shape"),
    (dict(logits=np.zeros((3, 2)), labels=np.zeros(3)), "integer"),
    (dict(logits=np.zeros((3, 2)), labels=np.array([0, 1, 2])), "in \\[0, 2\\)"),
    (dict(logits=np.zeros((3, 2)), labels=np.zeros(3, int), T=0.0), "T must be"),
    (dict(logits=np.zeros((3, 2)), labels=np.zeros(3, int), n_bins=1), "n_bins"),
])
def test_explorer_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ReliabilityExplorer(**kwargs)


def test_fit_temperature_converges_where_the_nll_is_flat_to_rounding():
    """Before the fix, about 1 random set in 300 stalled: a Newton step raising the NLL by an ulp was refused,
    the step halved to nothing, and the loop ran out of iterations with dL/dlog T near 1e-10."""
    stalled = []
    for seed in range(300):
        rng = np.random.default_rng(seed)
        C, factor = int(rng.integers(3, 7)), float(rng.uniform(0.5, 3.0))
        for N, f in ((400, 1.6 * factor), (300, factor), (300, factor)):
            true = 1.5 * rng.normal(size=(N, C))
            labels = (rng.random((N, 1)) > np.cumsum(softmax(true), axis=1)).sum(axis=1)
            try:
                T = fit_temperature(f * true, labels)
            except ValueError:
                stalled.append(seed)
                continue
            h = 1e-6
            slope = (cross_entropy(f * true / (T * np.exp(h)), labels)
                     - cross_entropy(f * true / (T * np.exp(-h)), labels)) / (2 * h)
            assert abs(slope) < 1e-6
    assert not stalled, f"fit_temperature gave up on seeds {stalled}"


# --- issue 26: fit_temperature at any logit scale, and words that say what is true ---------------------------

@pytest.mark.parametrize("scale", [1e-12, 1e-8, 1e-3, 1.0, 1e4, 1e9])
def test_fit_temperature_is_scale_invariant(scale):
    """Logits c * a give c times the T of a: at 1e-12 it used to return T = 1.0 (an absolute tolerance), and
    beyond [1e-6, 1e6] it said no finite T was optimal."""
    logits, labels = _model(N=1000)
    reference = fit_temperature(logits, labels)
    assert fit_temperature(scale * logits, labels) == pytest.approx(scale * reference, rel=1e-7)


def test_fit_temperature_says_when_the_nll_does_not_depend_on_T():
    logits, labels = _model(N=100)
    equal = np.full_like(logits, 3.0)  # every row's logits equal: uniform probabilities at every T
    for bad_logits, bad_labels in ((equal, labels), (logits[:, :1], np.zeros(100, int))):  # equal logits; one class
        with pytest.raises(ValueError, match="does not depend on T") as err:
            fit_temperature(bad_logits, bad_labels)
        assert "keeps falling" not in str(err.value)


def test_fit_temperature_outside_its_range_says_a_finite_T_exists():
    """999 samples right by a margin of 1e-7, one wrong by 1e-9, one right by 1 (the spread): the NLL is convex in
    1/T with a finite minimum near T = 1e-8, below the searched range; the message used to say no finite T was optimal."""
    logits = np.array([[1e-7, 0.0]] * 999 + [[0.0, 1e-9], [1.0, 0.0]])  # (1001, 2)
    labels = np.zeros(1001, dtype=int)
    with pytest.raises(ValueError, match="a finite T is optimal") as err:
        fit_temperature(logits, labels)
    assert "no finite temperature" not in str(err.value)


def test_reliability_readout_accuracy_is_the_models_at_every_T_and_names_ties():
    """The readout took the argmax of softmax(logits / T): logits one rounding step apart became a tie at large T
    and the accuracy moved with T, which the notebook says cannot happen (issue 26). Ties of the logits are named."""
    tie = np.array([[1.75, np.nextafter(1.75, 2.0), 0.0]] * 4 + [[0.0, 1.0, 3.0]] * 4)  # (8, 3)
    labels = np.array([1] * 4 + [2] * 4)
    w = ReliabilityExplorer(tie, labels, T=1.0, n_bins=5)
    readouts = []
    for T in (0.25, 1.0, 3.0, 8.0):
        w.T.value = T
        readouts.append(w.readout.value)
        assert f"accuracy {1.0:.4f}" in w.readout.value, w.readout.value
    assert (softmax(tie / 3.0).argmax(axis=1) == labels).mean() < 1  # what the readout used to report at T = 3
    equal = np.array([[1.0, 1.0, 0.0], [2.0, 0.0, 0.0]])
    w = ReliabilityExplorer(equal, np.array([1, 0]), T=1.0, n_bins=5)
    assert "1 row has a tie for the largest logit" in w.readout.value
