"""Widget for notebook 09: a gradient check of several broken backward passes as the logits grow.

The implementations and their scores are computed in :mod:`softmaxlab.pitfalls` (imported here too, as
notebook 09 does); the widget draws them and says which ones the package's rule lets pass.
"""
import ipywidgets as widgets
import numpy as np

from ..pitfalls import BASE_LABELS, BASE_LOGITS, GRADIENTS, gradient_errors, passes  # noqa: F401
from ..plots.pitfalls import draw_gradient_errors, new_errors_figure
from ..i18n import _
from ._live import LiveFigure, LiveWidget
from ._readout import check_slider_values


class PitfallDetector(LiveWidget):
    """A logit-scale slider; bars show each implementation's gradient-check error (log scale).

    >>> w = PitfallDetector()
    >>> w.scale.value = 500.0
    >>> bool(np.isnan(w.errors["max over the whole batch"]))   # rows far apart: exp underflows to 0/0
    True
    """

    def __init__(self, scale=1.0):
        check_slider_values([scale], 0.1, 1000.0, "scale")
        super().__init__()
        self.scale = widgets.FloatLogSlider(value=scale, base=10, min=-1, max=3, step=0.05,
                                            description=_("scale"), tooltip=_("scale multiplying every logit"),
                                            readout_format=".3g")
        self.readout = widgets.HTML()
        self.fig, self.ax = new_errors_figure()
        self.errors = gradient_errors(scale)
        self.scores = {}  # (scale, implementations) -> their errors: going back to a scale recomputes nothing
        self.artists = draw_gradient_errors(self.ax, self.errors, scale, values_on_bars=False, title=False)
        self.live = LiveFigure(self.fig, self.artists["bars"],
                               alt=_("Horizontal bar chart, log scale: the gradient-check error of each "
                                     "implementation at the current scale; failing bars hatched; errors and verdicts "
                                     "in the table below."))
        self.children = [self.scale, widgets.HBox([self.live.image]), self.readout]  # HBox: shown at its own size
        self.watch(self.scale)
        self.refresh()

    def update(self):
        scale = self.scale.value
        key = (scale, tuple(GRADIENTS.items()))  # a learner may add or replace an implementation
        if key not in self.scores:
            self.scores[key] = gradient_errors(scale)
        self.errors = dict(self.scores[key])  # a copy: editing w.errors leaves the kept scores alone
        draw_gradient_errors(self.ax, self.errors, scale, artists=self.artists, title=False)
        self.live.redraw(state=key)  # the picture shows these implementations' errors at this scale
        caught = [name for name, err in self.errors.items() if not passes(err)]
        fails, passes_ = _("FAILS"), _("passes")
        rows = "".join(f"<tr><td>{_(name)}</td><td style='text-align:right; padding-left:1em'><code>"  # i18n: no
                       f"{'nan / inf' if np.isnan(err) else format(err, '.1e')}</code></td>"  # i18n: no
                       f"<td>{fails if name in caught else passes_}</td></tr>" for name, err in self.errors.items())
        self.readout.value = _("logits = {scale:.3g} &times; base logits: the gradient check fails for {failed} of "
                               "{total}").format(scale=self.scale.value, failed=len(caught),
                                                 total=len(self.errors)) + f"<table>{rows}</table>"
