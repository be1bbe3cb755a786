"""Widget for notebook 04: move the logits, watch the softmax Jacobian change."""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax, softmax_jacobian
from ..plots import bar_probs, new_figure
from ..plots.jacobian import J_TITLE, PROB_LABELS, draw_jacobian, text_color
from ..i18n import _
from ._live import LiveFigure, LiveWidget, logit_sliders
from .softmax import clamp_note, finite_values, notes_html, number


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
        logits = finite_values(logits, "logits")
        if not 2 <= len(logits) <= 6:
            raise ValueError(_("JacobianExplorer takes 2 to 6 logits, got {n}").format(n=len(logits)))
        super().__init__()
        self.sliders = logit_sliders(logits)
        self.clamped = {s: clamp_note(v, s, s.description) for s, v in zip(self.sliders, logits)}
        self.readout = widgets.HTML()
        self.fig, (ax_y, ax_j) = new_figure(8, 3.2, ncols=2)
        probs = self.probs
        self.bars = bar_probs(ax_y, probs, labels=PROB_LABELS[:len(probs)], title="y = softmax(a)")  # i18n: no
        self.bar_texts = ax_y.texts[-len(probs):]
        self.im, self.texts = draw_jacobian(ax_j, softmax_jacobian(probs),
                                            title=J_TITLE)
        numbers = [*self.bar_texts, *(t for row in self.texts for t in row)]  # written by the page, over the picture
        self.live = LiveFigure(self.fig, [*self.bars, self.im], texts=numbers,
                               alt=_("Bars of y = softmax(a) and a heatmap of the Jacobian with each entry written "
                                     "in its cell, for the current logits."))
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
            text.set_text(number(p, ".3f"))
            text.xy = (text.xy[0], p)  # bar_label texts are annotations anchored at the bar top
            text.stale = True  # xy has no setter to mark it changed (LiveFigure repaints what is stale)
        self.im.set_data(J)
        for i, row in enumerate(self.texts):
            for j, text in enumerate(row):
                text.set_text(number(J[i, j], "+.3f"))
                text.set_color(text_color(J[i, j]))
        self.live.redraw()
        self.readout.value = (_("diagonal y(1-y) = [{diagonal}] &nbsp; row sums = [{row_sums}] &nbsp; det J = {det}"
                                " &nbsp; largest |J_ij| = {largest} (never above 0.25)").format(
                                  diagonal=", ".join(number(d, ".3f") for d in np.diag(J)),
                                  row_sums=", ".join(near_zero(s) for s in J.sum(axis=1)),
                                  det=near_zero(np.linalg.det(J)), largest=number(np.abs(J).max(), ".3f"))
                              + notes_html(self.clamped.values()))


def near_zero(value, bound=1e-15):
    """'0 (|x| < 1e-15)' for a value zero up to rounding, nan as 'nan', otherwise the value in 2 digits.

    Row sums and det J are exactly 0 in exact arithmetic; in floating point they come out a few ulps
    from it, with either sign, which says nothing.

    >>> near_zero(-2.7e-17), near_zero(float("nan")), near_zero(0.5)
    ('0 (|x| < 1e-15)', 'nan', '+5.0e-01')
    """
    if not np.isfinite(value):
        return number(value, ".1e")
    return f"0 (|x| < {bound:g})" if abs(value) < bound else f"{value:+.1e}"
