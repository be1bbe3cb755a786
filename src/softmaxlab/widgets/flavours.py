"""Widget for notebook 07: one set of logits, every cross-entropy flavour side by side."""
import ipywidgets as widgets
import numpy as np

from ..activations import log_softmax, softmax
from ..flavours import loss_variants
from ..plots.flavours import KIND_COLORS, KIND_HATCHES, KIND_NAMES, draw_loss_variants, new_variants_figure
from ..i18n import _
from ._live import LiveFigure, LiveWidget, logit_sliders
from ._readout import check_slider_values, number

# The same colour and hatch as the bars, drawn with CSS on a white chip; the chip is decoration
# (aria-hidden): the kind is also written in words, and words keep the theme's text colour.
_CSS_HATCH = {"": "none", "//": "repeating-linear-gradient(45deg, #000 0 1px, transparent 1px 4px)",  # i18n: no
              "..": "radial-gradient(#000 0.8px, transparent 1.2px) 0 0 / 4px 4px",  # i18n: no
              "xx": "repeating-linear-gradient(45deg, #000 0 1px, transparent 1px 4px), "  # i18n: no
                    "repeating-linear-gradient(-45deg, #000 0 1px, transparent 1px 4px)"}  # i18n: no


def _chip(kind):
    return (f'<span aria-hidden="true" style="display:inline-block; width:1.6em; height:0.9em; '
            f'vertical-align:middle; border:1px solid #000; background:{_CSS_HATCH[KIND_HATCHES[kind]]}, '
            f'{KIND_COLORS[kind]}"></span>')


def _colour_key():
    """The chips and names of the kinds, in the language chosen (KIND_NAMES is marked for the catalogue in plots)."""
    return " &nbsp; ".join(f"{_chip(k)} {_(KIND_NAMES[k])}" for k in KIND_COLORS)


class LossFlavours(LiveWidget):
    """Sliders for 3 logits and a true-class selector; shows every loss variant as a bar.

    >>> w = LossFlavours([2.0, 1.0, 0.1], label=0)
    >>> round(w.values["torch CE(logits)"], 4)
    0.417
    >>> w.label.value = 2
    >>> round(w.values["torch CE(logits)"], 4)
    2.317
    """

    def __init__(self, logits=(2.0, 1.0, 0.1), label=0):
        check_slider_values(logits, -12.0, 12.0, "logits")
        super().__init__()
        self.sliders = logit_sliders(logits, low=-12.0, high=12.0, step=0.1)
        self.label = widgets.Dropdown(options=[(_("class {n}").format(n=i + 1), i) for i in range(len(logits))],
                                      value=label, description=_("true"), tooltip=_("true class"),
                                      layout=widgets.Layout(width="180px"))
        self.readout = widgets.HTML()
        self.fig, self.ax = new_variants_figure()
        rows = loss_variants(logits, label)
        self.artists = draw_loss_variants(self.ax, rows, logits, label, values_on_bars=False, title=False)
        self.live = LiveFigure(self.fig, self.artists["bars"],
                               alt=_("Horizontal bar chart, one bar per loss variant for the current logits and true "
                                     "class; kinds by colour and hatch, values and kinds in words in the table below."))
        controls = widgets.VBox([*self.sliders, self.label])
        self.children = [widgets.HBox([controls, self.live.image]), self.readout]
        self.watch(*self.sliders, self.label)
        self.refresh()

    def update(self):
        rows = loss_variants(self.logits, self.label.value)
        self.values = {name: value for name, value, _kind in rows}
        draw_loss_variants(self.ax, rows, self.logits, self.label.value, artists=self.artists, title=False)
        self.live.redraw(key=self.ax.get_xlim())
        probs = softmax(self.logits)
        table = "".join(f'<tr><td>{_chip(kind)}</td><td>{name}</td>'
                        f'<td style="text-align:right; padding-left:1em"><code>{number(value, ".4f")}</code></td>'
                        f'<td style="padding-left:1em">{_(KIND_NAMES[kind])}</td></tr>'
                        for name, value, kind in rows)
        self.readout.value = ("a = [" + ", ".join(number(a, ".1f") for a in self.logits) + "] &nbsp; "
                              "softmax(a) = [" + ", ".join(number(p, ".4g") for p in probs) + "]"
                              " &nbsp; log_softmax(a)[true] = "  # i18n: no
                              + number(log_softmax(self.logits)[self.label.value], ".4f")
                              + f"<table>{table}</table>" + _colour_key())
