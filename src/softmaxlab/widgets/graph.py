"""Widget for notebook 05: move the logits, pick the true class, watch every node of the graph update."""
import ipywidgets as widgets

from ..graph import CrossEntropyGraph
from ..plots.graph import GraphDrawing
from ..i18n import _
from ._live import LiveFigure, LiveWidget, logit_sliders
from ._readout import check_slider_values, number


def class_picker(C, label):
    """Toggle buttons 1..C (the maths counts from 1); ``.value`` is the 0-based class index.

    The buttons are wide enough for their number after the pressed one's check mark ("✓ ", ARIA_JS), and
    the description keeps its full width ("true class", not cut to "true cl...").

    >>> picker = class_picker(3, 0)
    >>> picker.style.button_width, picker.style.description_width
    ('7ch', 'initial')
    """
    return widgets.ToggleButtons(options=[(str(i + 1), i) for i in range(C)], value=label,
                                 description=_("true class"), tooltip=_("true class"),
                                 style={"button_width": f"{len(str(C)) + 6}ch", "description_width": "initial"})


class GraphExplorer(LiveWidget):
    """Three logit sliders and the true class -> the whole graph redrawn with new values and gradients.

    >>> w = GraphExplorer([2.0, 1.0, 0.1], label=0)
    >>> w.graph.dlogits.round(3)
    array([-0.341,  0.242,  0.099])
    >>> w.true_class.value = 2
    >>> w.graph.dlogits.round(3)
    array([ 0.659,  0.242, -0.901])
    """

    def __init__(self, logits=(2.0, 1.0, 0.1), label=0):
        if len(logits) != 3:
            raise ValueError(_("GraphExplorer draws 3 classes, got {n} logits").format(n=len(logits)))
        check_slider_values(logits, -6.0, 6.0, "logits")  # logit_sliders' range
        super().__init__()
        self.sliders = logit_sliders(logits)
        self.true_class = class_picker(3, label)
        self.readout = widgets.HTML()
        self.graph = CrossEntropyGraph(self.logits, self.true_class.value)
        self.drawing = GraphDrawing(self.graph, width=12.0, height=5.0)
        # The graph (nodes, edges, names) is one picture, sent once; the page writes the numbers over it.
        self.live = LiveFigure(self.drawing.fig, texts=self.drawing.dynamic,
                               alt=_("Computational graph of softmax and cross-entropy with every forward value and "
                                     "the gradient on every edge for the current logits; loss and gradients also below."))
        self.children = [widgets.HBox([widgets.VBox(self.sliders), self.true_class]), self.live.view, self.readout]
        self.watch(*self.sliders, self.true_class)
        self.refresh()

    def update(self):
        self.graph = CrossEntropyGraph(self.logits, self.true_class.value)
        self.drawing.show(self.graph)
        self.live.redraw()
        y, t = self.graph.probs, self.graph.targets
        self.readout.value = _("loss L = {loss} &nbsp; what arrives at a: [{dlogits}] &nbsp; y - t = [{y_minus_t}]").format(
            loss=number(self.graph.value["L"], ".4f"), dlogits=", ".join(number(g, "+.4f") for g in self.graph.dlogits),
            y_minus_t=", ".join(number(g, "+.4f") for g in y - t))
