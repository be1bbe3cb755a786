"""Widget for notebook 12: temperature T and bin count -> the reliability diagram, with ECE / NLL / accuracy readouts."""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..calibration import expected_calibration_error, reliability_bins
from ..losses import cross_entropy
from ..plots import new_figure
from ..plots.calibration import draw_reliability, reliability_legend, set_reliability
from ._live import LiveFigure, LiveWidget

MAX_BINS = 30


class ReliabilityExplorer(LiveWidget):
    """A T slider and a bin-count slider over fixed logits and labels; the reliability diagram moves in place.

    The probabilities are ``softmax(logits / T)``; the readout gives the ECE (weighted by bin counts, at the
    chosen binning), the mean NLL and the accuracy, which no T > 0 changes.

    >>> rng = np.random.default_rng(0)
    >>> logits, labels = 3 * rng.normal(size=(200, 3)), rng.integers(0, 3, size=200)
    >>> w = ReliabilityExplorer(logits, labels, T=1.0, n_bins=10)
    >>> acc = w.accuracy
    >>> w.T.value = 4.0
    >>> bool(w.accuracy == acc and w.nll < cross_entropy(logits, labels))  # labels at random: T > 1 helps
    True
    """

    def __init__(self, logits, labels, T=1.0, n_bins=10):
        logits = np.asarray(logits, dtype=float)
        if logits.ndim != 2 or logits.shape[0] < 1 or not np.all(np.isfinite(logits)):
            raise ValueError(f"ReliabilityExplorer needs finite logits of shape (N, C), got shape {logits.shape}")
        labels = np.asarray(labels)
        if labels.dtype.kind not in "iu" or labels.shape != (len(logits),):
            raise ValueError(f"labels must be {len(logits)} integer class indices, got shape {labels.shape}, "
                             f"dtype {labels.dtype}")
        if labels.min() < 0 or labels.max() >= logits.shape[1]:
            raise ValueError(f"labels must be in [0, {logits.shape[1]}), got {labels.min()}..{labels.max()}")
        if not 0.25 <= T <= 8:
            raise ValueError(f"T must be in [0.25, 8], got {T!r}")
        if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or not 2 <= n_bins <= MAX_BINS:
            raise ValueError(f"n_bins must be an int in [2, {MAX_BINS}], got {n_bins!r}")
        super().__init__()
        self.logits_, self.labels = logits, labels
        self.T = widgets.FloatLogSlider(value=T, base=2, min=-2, max=3, step=0.05, description="T",
                                        tooltip="T, the temperature of softmax(logits / T)", readout_format=".2f")
        self.bins = widgets.IntSlider(value=int(n_bins), min=2, max=MAX_BINS, step=1, description="bins",
                                      tooltip="bins: how many equal-width confidence bins")
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(5, 2.6)
        self.artists = draw_reliability(self.ax)
        reliability_legend(self.ax, fontsize=6, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        self.ax.set_title("accuracy and confidence per bin", fontsize=9)  # T, bins and ECE: in the readout
        moving = [self.artists["accuracy"], self.artists["gap"], self.artists["confidence"]]
        self.live = LiveFigure(self.fig, moving,
                               alt="Reliability diagram of the fixed predictions at the chosen temperature T and "
                                   "bin count: accuracy bars per confidence bin, hatched gaps up or down to each "
                                   "bin's mean confidence, and the diagonal; ECE, NLL and accuracy are written below.")
        self.children = [widgets.HBox([widgets.VBox([self.T, self.bins]), self.live.image]), self.readout]
        self.watch(self.T, self.bins)
        self.refresh()

    @property
    def probs(self):
        return softmax(self.logits_ / self.T.value)  # (N, C)

    @property
    def ece(self):
        return expected_calibration_error(self.probs, self.labels, self.bins.value)

    @property
    def nll(self):
        return float(cross_entropy(self.logits_ / self.T.value, self.labels))

    @property
    def accuracy(self):
        """The share of rows whose largest logit is the label's: the model's predictions, the same at every T > 0
        (the argmax of softmax(logits / T) can differ where two logits one rounding step apart round together)."""
        return float(np.mean(np.argmax(self.logits_, axis=1) == self.labels))

    def update(self):
        probs, n_bins = self.probs, self.bins.value
        bins = reliability_bins(probs, self.labels, n_bins)
        full = bins.counts > 0
        ece = float(np.sum(bins.counts[full] * np.abs(bins.accuracy[full] - bins.confidence[full])) / len(probs))
        set_reliability(self.artists, bins)
        self.live.redraw()
        ties = int(np.sum(np.sum(self.logits_ == self.logits_.max(axis=1, keepdims=True), axis=1) > 1))
        tied = ("" if not ties else f" ({ties} row{' has' if ties == 1 else 's have'} a tie for the largest logit: "
                "the first of the tied classes is the prediction)")
        self.readout.value = (f"T = {self.T.value:.2f}, {n_bins} bins ({int(full.sum())} not empty) &nbsp; "
                              f"ECE {ece:.4f} &nbsp; NLL {self.nll:.4f} &nbsp; accuracy {self.accuracy:.4f}{tied} "
                              f"&nbsp; mean confidence {probs.max(axis=1).mean():.4f}")
