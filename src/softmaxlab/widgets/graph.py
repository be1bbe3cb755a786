"""Widget for notebook 05: move the logits, pick the true class, watch every node of the graph update."""
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from ..graph import CrossEntropyGraph
from ..plots.graph import GraphDrawing
from ._live import LiveWidget, logit_sliders


class BlitFigure:
    """Like :class:`~softmaxlab.widgets._live.LiveFigure`, but only the `dynamic` artists are redrawn.

    The fixed part (axes, ticks, labels, lines, shapes) is rendered once and pasted back
    under the changing artists on every update, and the PNG is written with light
    compression. The graph of notebook 05 has about 60 changing numbers; this keeps its
    update well under 100 ms. The `dynamic` artists must stay inside the fixed layout.
    """

    def __init__(self, fig, dynamic, dpi=80):
        self.fig, self.dynamic = fig, dynamic
        fig.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(fig)
        self.canvas.draw()  # a full draw first, so that a layout engine places everything, then freeze it
        fig.set_layout_engine(None)
        for artist in dynamic:
            artist.set_visible(False)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(fig.bbox)
        for artist in dynamic:
            artist.set_visible(True)
        self.image = widgets.Image(format="png")
        self.redraw()

    def redraw(self):
        self.canvas.restore_region(self.background)
        renderer = self.canvas.get_renderer()
        for artist in self.dynamic:
            artist.draw(renderer)
        buf = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
        self.image.value = buf.getvalue()


def class_picker(C, label):
    """Toggle buttons 1..C (the maths counts from 1); ``.value`` is the 0-based class index."""
    return widgets.ToggleButtons(options=[(str(i + 1), i) for i in range(C)], value=label,
                                 description="true class", style={"button_width": "40px"})


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
            raise ValueError(f"GraphExplorer draws 3 classes, got {len(logits)} logits")
        super().__init__()
        self.sliders = logit_sliders(logits)
        self.true_class = class_picker(3, label)
        self.readout = widgets.HTML()
        self.graph = CrossEntropyGraph(self.logits, self.true_class.value)
        self.drawing = GraphDrawing(self.graph, width=11.0, height=5.0)
        self.live = BlitFigure(self.drawing.fig, self.drawing.dynamic, dpi=72)
        self.children = [widgets.HBox([widgets.VBox(self.sliders), self.true_class]), self.live.image, self.readout]
        self.watch(*self.sliders, self.true_class)
        self.refresh()

    @property
    def logits(self):
        return np.array([s.value for s in self.sliders])

    def update(self):
        self.graph = CrossEntropyGraph(self.logits, self.true_class.value)
        self.drawing.show(self.graph)
        self.live.redraw()
        y, t = self.graph.probs, self.graph.targets
        self.readout.value = (f"loss L = {self.graph.value['L']:.4f} &nbsp; what arrives at a: "
                              f"[{', '.join(f'{g:+.4f}' for g in self.graph.dlogits)}] &nbsp; y - t = "
                              f"[{', '.join(f'{g:+.4f}' for g in y - t)}]")
