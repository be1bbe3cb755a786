"""Widget for notebook 04: move the logits, watch the softmax Jacobian change."""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax, softmax_jacobian
from ..plots import bar_probs, new_figure
from ..plots.jacobian import J_TITLE, PROB_LABELS, draw_jacobian, text_color
from ._live import LiveFigure, LiveWidget, logit_sliders


class JacobianExplorer(LiveWidget):
    """Logit sliders -> bars of y and a live heatmap of J = diag(y) - y yᵀ.

    The heatmap and bars are updated in place (new data, new texts), not redrawn.

    >>> w = JacobianExplorer([2.0, 1.0, 0.1])
    >>> w.jacobian.round(3)
    array([[ 0.225, -0.16 , -0.065],
           [-0.16 ,  0.184, -0.024],
           [-0.065, -0.024,  0.089]])
    >>> w.sliders[2].value = 2.0
    >>> bool(np.allclose(w.jacobian.sum(axis=1), 0))
    True
    """

    def __init__(self, logits=(2.0, 1.0, 0.1)):
        if not 2 <= len(logits) <= 6:
            raise ValueError(f"JacobianExplorer takes 2 to 6 logits, got {len(logits)}")
        super().__init__()
        self.sliders = logit_sliders(logits)
        self.readout = widgets.HTML()
        self.fig, (ax_y, ax_j) = new_figure(8, 3.2, ncols=2)
        probs = self.probs
        self.bars = bar_probs(ax_y, probs, labels=PROB_LABELS[:len(probs)], title="y = softmax(a)")
        self.bar_texts = ax_y.texts[-len(probs):]
        self.im, self.texts = draw_jacobian(ax_j, softmax_jacobian(probs),
                                            title=J_TITLE)
        numbers = [*self.bar_texts, *(t for row in self.texts for t in row)]  # written by the page, over the picture
        self.live = LiveFigure(self.fig, [*self.bars, self.im], texts=numbers,
                               alt="Bars of y = softmax(a) and a heatmap of the Jacobian with each entry written in "
                                   "its cell, for the current logits.")
        self.children = [widgets.HBox([widgets.VBox(self.sliders), self.live.view]), self.readout]
        self.watch(*self.sliders)
        self.refresh()

    @property
    def probs(self):
        return softmax(self.logits)

    @property
    def jacobian(self):
        return softmax_jacobian(self.probs)

    def update(self):
        probs = self.probs
        J = softmax_jacobian(probs)
        for bar, text, p in zip(self.bars, self.bar_texts, probs):
            bar.set_height(p)
            text.set_text(f"{p:.3f}")
            text.xy = (text.xy[0], p)  # bar_label texts are annotations anchored at the bar top
            text.stale = True  # xy has no setter to mark it changed (LiveFigure repaints what is stale)
        self.im.set_data(J)
        for i, row in enumerate(self.texts):
            for j, text in enumerate(row):
                text.set_text(f"{J[i, j]:+.3f}")
                text.set_color(text_color(J[i, j]))
        self.live.redraw()
        sums = ", ".join(f"{s:+.1e}" if abs(s) > 1e-15 else "0" for s in J.sum(axis=1))
        self.readout.value = (f"diagonal y(1-y) = [{', '.join(f'{d:.3f}' for d in np.diag(J))}]"
                              f" &nbsp; row sums = [{sums}] &nbsp; det J = {np.linalg.det(J):.1e}"
                              f" &nbsp; largest |J_ij| = {np.abs(J).max():.3f} (never above 0.25)")
