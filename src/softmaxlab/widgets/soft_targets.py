"""Widget for notebook 10: label smoothing eps and temperature T -> bars of t, y and y - t, and the loss above its floor."""
import ipywidgets as widgets
import numpy as np

from ..activations import log_softmax, softmax
from ..losses import entropy
from ..plots import new_figure
from ..plots.soft_targets import smoothed_targets
from ..plots.y_minus_t import draw_y_t_bars
from ..i18n import _
from ..plots._korean import _ as figure_text  # figure words: in Korean only where a Korean font can draw them
from ._live import LiveFigure, LiveWidget


class SmoothingExplorer(LiveWidget):
    """An eps slider and a T slider over fixed logits; bars of the smoothed t, y = softmax(a / T) and y - t move in place.

    The readout gives the loss -sum t log y, its floor H(t) and the difference, KL(t || y).

    >>> w = SmoothingExplorer([3.0, 1.0, 0.2, -1.0], label=0)
    >>> w.eps.value, w.T.value = 0.2, 2.0
    >>> round(w.loss - w.floor, 6) == round(float(np.sum(w.targets * np.log(w.targets / w.probs))), 6)
    True
    """

    def __init__(self, logits=(3.0, 1.0, 0.2, -1.0), label=0, eps=0.1, T=1.0):
        logits = np.asarray(logits, dtype=float)
        if logits.ndim != 1 or not 2 <= len(logits) <= 6 or not np.all(np.isfinite(logits)):
            raise ValueError(_("SmoothingExplorer takes 2 to 6 finite logits, got {logits}").format(logits=logits.tolist()))
        if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label < len(logits):
            raise ValueError(_("label must be an int in [0, {last}], got {label!r}").format(last=len(logits) - 1, label=label))
        if not (isinstance(eps, (int, float, np.integer, np.floating)) and 0 <= eps <= 0.5):
            raise ValueError(_("eps must be in [0, 0.5], the eps slider's range, got {eps!r}").format(eps=eps))
        if not (isinstance(T, (int, float, np.integer, np.floating)) and 0.5 <= T <= 10):
            raise ValueError(_("T must be in [0.5, 10], the T slider's range, got {T!r}").format(T=T))
        super().__init__()
        self.logits_ = logits
        self.label = int(label)
        self.eps = widgets.FloatSlider(value=eps, min=0.0, max=0.5, step=0.01, description="eps",  # i18n: no
                                       tooltip=_("label smoothing eps"), readout_format=".2f")
        self.T = widgets.FloatSlider(value=T, min=0.5, max=10.0, step=0.1, description="T",
                                     tooltip=_("temperature T of y = softmax(a / T)"), readout_format=".1f")
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(5, 2.6)
        self.bars = draw_y_t_bars(self.ax, self.probs, self.targets)
        self.ax.set_title(figure_text("t: class {label} smoothed by eps; y = softmax(a / T)").format(label=self.label + 1),
                          fontsize=9)  # numbers below
        self.live = LiveFigure(self.fig, [bar for bars in self.bars.values() for bar in bars],
                               alt=_("Grouped bar chart per class of y = softmax(a / T), the smoothed target t and "
                                     "the gradient y - t for the current eps and T; the values are also written "
                                     "below."))
        self.children = [widgets.HBox([widgets.VBox([self.eps, self.T]), self.live.image]), self.readout]
        self.watch(self.eps, self.T)
        self.refresh()

    @property
    def targets(self):
        return smoothed_targets(self.label, len(self.logits_), self.eps.value)

    @property
    def probs(self):
        return softmax(self.logits_ / self.T.value)

    @property
    def loss(self):
        return float(-(self.targets * log_softmax(self.logits_ / self.T.value)).sum())

    @property
    def floor(self):
        return float(entropy(self.targets))

    def update(self):
        probs, targets = self.probs, self.targets
        for name, values in (("y", probs), ("t", targets), ("y - t", probs - targets)):
            for bar, v in zip(self.bars[name], values):
                if bar.get_height() != v:  # y stays when only eps moved, t when only T did
                    bar.set_height(v)
        loss, floor = self.loss, self.floor
        self.live.redraw()
        self.readout.value = _("t = [{targets}] &nbsp; y = [{probs}]<br>loss {loss:.4f} &nbsp; floor H(t) {floor:.4f} "
                               "&nbsp; loss - floor = KL(t || y) = {kl}").format(
            targets=", ".join(f"{v:.3f}" for v in targets), probs=", ".join(f"{v:.3f}" for v in probs), loss=loss,
            floor=max(floor, 0.0) + 0.0, kl=_unsigned_zero(f"{loss - floor:.4f}"))  # H(t) >= 0: never "-0.0000"


def _unsigned_zero(text):
    """'-0.0000' -> '0.0000': a KL that rounds to 0 is shown without the sign its last rounding gave it."""
    return text[1:] if text.startswith("-") and float(text) == 0 else text
