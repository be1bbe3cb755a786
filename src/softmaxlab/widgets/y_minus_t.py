"""Widget for notebook 06: logits and the true class -> bars of y, t and the gradient y - t."""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..plots import new_figure
from ..plots.y_minus_t import draw_y_t_bars
from ..i18n import _
from ..plots._korean import _ as figure_text  # figure words: in Korean only where a Korean font can draw them
from ._live import LiveFigure, LiveWidget, logit_sliders
from ._readout import check_slider_values, number
from .graph import class_picker


class YMinusTExplorer(LiveWidget):
    """Logit sliders and a true class; the bars of y, t and y - t move in place.

    >>> w = YMinusTExplorer([2.0, 1.0, 0.1], label=1)
    >>> w.dlogits.round(3)
    array([ 0.659, -0.758,  0.099])
    >>> w.true_class.value = 0
    >>> w.dlogits.round(3)
    array([-0.341,  0.242,  0.099])
    """

    def __init__(self, logits=(2.0, 1.0, 0.1), label=0):
        if not 2 <= len(logits) <= 6:
            raise ValueError(_("YMinusTExplorer takes 2 to 6 logits, got {n}").format(n=len(logits)))
        check_slider_values(logits, -6.0, 6.0, "logits")  # logit_sliders' range
        super().__init__()
        self.sliders = logit_sliders(logits)
        self.true_class = class_picker(len(logits), label)
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(6, 3.2)
        self.bars = draw_y_t_bars(self.ax, self.probs, self.targets)
        self.title = self.ax.set_title("dL/da = y - t", fontsize=10)  # i18n: no; reserves room in the layout
        # The title changes only with the true class: it is in the background kept per true class (key=).
        self.live = LiveFigure(self.fig, [bar for bars in self.bars.values() for bar in bars],
                               alt=_("Grouped bar chart per class of y, the one-hot t and the gradient y - t for the "
                                     "current logits and true class; the values are also written below."))
        self.children = [widgets.HBox([widgets.VBox([*self.sliders, self.true_class]), self.live.image]),
                         self.readout]
        self.watch(*self.sliders, self.true_class)
        self.refresh()

    @property
    def probs(self):
        return softmax(self.logits)

    @property
    def targets(self):
        return np.eye(len(self.sliders))[self.true_class.value]

    @property
    def dlogits(self):
        return self.probs - self.targets

    def update(self):
        probs, targets = self.probs, self.targets
        for name, values in (("y", probs), ("t", targets), ("y - t", probs - targets)):
            for bar, v in zip(self.bars[name], values):
                if bar.get_height() != v:  # t stays when only a logit moved
                    bar.set_height(v)
        k = self.true_class.value
        self.title.set_text(figure_text("dL/da = y - t (true class {k})").format(k=k + 1))
        self.live.redraw(key=k)
        self.readout.value = _("y = [{probs}] &nbsp; y - t = [{dlogits}] &nbsp; the true class gets y{k} - 1 = {true} "
                               "&nbsp; sum of y - t = {total:g} (always 0)").format(
            probs=", ".join(number(p, ".3f") for p in probs), dlogits=", ".join(number(g, "+.3f") for g in probs - targets),
            k=k + 1, true=number(probs[k] - 1, "+.3f"), total=round((probs - targets).sum(), 12) + 0.0)
