"""Accessibility cases of notebook 12 (calibration): its figures' colours, its figures, its widget."""
import numpy as np

from softmaxlab.plots import palette

COLOR_SETS = {
    "12 reliability: accuracy bars / gap / confidence / diagonal": (palette.BLUE, palette.VERMILLION, palette.BLACK,
                                                                     palette.TEXT_GREY),
    "12 ECE against bins: three models": (palette.BLUE, palette.ORANGE, palette.GREEN),
}


def _data(N=300, C=3, seed=0):
    rng = np.random.default_rng(seed)
    true = 1.5 * rng.normal(size=(N, C))
    labels = (rng.random((N, 1)) > np.cumsum(np.exp(true) / np.exp(true).sum(1, keepdims=True), 1)).sum(1)
    return true, labels


def figures():
    from softmaxlab.activations import softmax
    from softmaxlab.plots.calibration import ece_bins_figure, reliability_figure
    true, labels = _data()
    return {
        "12 reliability_figure": reliability_figure({"model (x 2.5)": softmax(2.5 * true), "true": softmax(true)},
                                                    labels, n_bins=10),
        "12 ece_bins_figure": ece_bins_figure([5, 10, 20], {"a": [0.2, 0.2, 0.21], "b": [0.01, 0.02, 0.04],
                                                            "c": [0.02, 0.03, 0.05]}),
    }


def widgets():
    from softmaxlab.widgets.calibration import ReliabilityExplorer
    true, labels = _data()
    return {"ReliabilityExplorer": ReliabilityExplorer(2.5 * true, labels)}
