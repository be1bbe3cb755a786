"""Widget for notebook 12: temperature T and bin count -> the reliability diagram, with ECE / NLL / accuracy readouts."""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..calibration import expected_calibration_error, reliability_bins
from ..losses import cross_entropy
from ..plots import new_figure
from ..plots.calibration import draw_reliability, reliability_legend, set_reliability
from ..i18n import _, ngettext
from ..plots._korean import _ as figure_text  # figure words: in Korean only where a Korean font can draw them
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
            raise ValueError(_("ReliabilityExplorer needs finite logits of shape (N, C), got shape {shape}").format(
                shape=logits.shape))
        labels = np.asarray(labels)
        if labels.dtype.kind not in "iu" or labels.shape != (len(logits),):
            raise ValueError(_("labels must be {N} integer class indices, got shape {shape}, dtype {dtype}").format(
                N=len(logits), shape=labels.shape, dtype=labels.dtype))
        if labels.min() < 0 or labels.max() >= logits.shape[1]:
            raise ValueError(_("labels must be in [0, {C}), got {low}..{high}").format(
                C=logits.shape[1], low=labels.min(), high=labels.max()))
        if not 0.25 <= T <= 8:
            raise ValueError(_("T must be in [0.25, 8], got {T!r}").format(T=T))
        if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or not 2 <= n_bins <= MAX_BINS:
            raise ValueError(_("n_bins must be an int in [2, {max_bins}], got {n_bins!r}").format(max_bins=MAX_BINS, n_bins=n_bins))
        super().__init__()
        self.logits_, self.labels = logits, labels
        self.T = widgets.FloatLogSlider(value=T, base=2, min=-2, max=3, step=0.05, description="T",
                                        tooltip=_("T, the temperature of softmax(logits / T)"), readout_format=".2f")
        self.bins = widgets.IntSlider(value=int(n_bins), min=2, max=MAX_BINS, step=1, description=_("bins"),
                                      tooltip=_("bins: how many equal-width confidence bins"))
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(5, 2.6)
        self.artists = draw_reliability(self.ax)
        reliability_legend(self.ax, fontsize=6, loc="upper left", bbox_to_anchor=(1.02, 1.0))  # i18n: no
        self.ax.set_title(figure_text("accuracy and confidence per bin"), fontsize=9)  # T, bins and ECE: in the readout
        moving = [self.artists["accuracy"], self.artists["gap"], self.artists["confidence"]]
        self.live = LiveFigure(self.fig, moving,
                               alt=_("Reliability diagram of the fixed predictions at the chosen temperature T and "
                                     "bin count: accuracy bars per confidence bin, hatched gaps up or down to each "
                                     "bin's mean confidence, and the diagonal; ECE, NLL and accuracy are written "
                                     "below."))
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
        tied = ("" if not ties else ngettext(
            " ({n} row has a tie for the largest logit: the first of the tied classes is the prediction)",
            " ({n} rows have a tie for the largest logit: the first of the tied classes is the prediction)",
            ties).format(n=ties))
        # TRANSLATORS: {tied}: empty, or the sentence about rows with a tie
        self.readout.value = _("T = {T:.2f}, {n_bins} bins ({full} not empty) &nbsp; ECE {ece:.4f} &nbsp; "
                               "NLL {nll:.4f} &nbsp; accuracy {accuracy:.4f}{tied} &nbsp; mean confidence "
                               "{confidence:.4f}").format(T=self.T.value, n_bins=n_bins, full=int(full.sum()), ece=ece,
                                                          nll=self.nll, accuracy=self.accuracy, tied=tied,
                                                          confidence=probs.max(axis=1).mean())
