"""Widget for notebook 11: class-weight sliders and "ignore" boxes over a small batch, with the denominator."""
import ipywidgets as widgets
import numpy as np

from ..plots.weights import SERIES, SERIES_NAMES, draw_row_shares, new_shares_figure, row_shares
from ..i18n import _
from ._live import LiveFigure, LiveWidget

DEFAULT_LOGITS = ((2.0, 0.5, -1.0), (0.2, 1.5, 0.3), (-0.5, 0.0, 2.5), (1.0, 1.2, 0.8), (0.0, -1.0, 0.5))
DEFAULT_LABELS = (0, 1, 2, 2, 1)

_CSS_HATCH = {"": "none", "//": "repeating-linear-gradient(45deg, #000 0 1px, transparent 1px 4px)",  # i18n: no
              "xx": "repeating-linear-gradient(45deg, #000 0 1px, transparent 1px 4px), "  # i18n: no
                    "repeating-linear-gradient(-45deg, #000 0 1px, transparent 1px 4px)"}  # i18n: no


def _chip(name):
    colour, hatch = SERIES[name]
    return (f'<span aria-hidden="true" style="display:inline-block; width:1.6em; height:0.9em; '
            f'vertical-align:middle; border:1px solid #000; background:{_CSS_HATCH[hatch]}, {colour}"></span>')


def _key():
    """The chips and names of the series, in the language chosen (SERIES_NAMES is marked for the catalogue in plots)."""
    return " &nbsp; ".join(f"{_chip(k)} {_(SERIES_NAMES[k])}" for k in ("weight", "gradient", "ignored"))


class WeightsExplorer(LiveWidget):
    """A batch of N rows and C classes: a weight slider per class, an "ignore" box per row.

    Bars show each row's weight in the mean, w[k_n] / D, and its share of the gradient; the
    readout gives the denominator D (the summed weight of the kept targets), the loss, and what
    dividing by N would have given.

    >>> w = WeightsExplorer()
    >>> float(w.shares["denominator"])
    5.0
    >>> w.weights[2].value = 3.0  # class 3 is the target of rows 3 and 4
    >>> float(w.shares["denominator"])
    9.0
    >>> w.ignore[0].value = True
    >>> float(w.shares["denominator"])
    8.0
    """

    def __init__(self, logits=DEFAULT_LOGITS, labels=DEFAULT_LABELS, weight=None):
        super().__init__()
        self.batch_logits = np.asarray(logits, dtype=float)  # (N, C)
        self.labels = np.asarray(labels)  # (N,)
        if self.batch_logits.ndim != 2 or self.labels.shape != (len(self.batch_logits),):
            raise ValueError(_("logits must be (N, C) and labels (N,), got shapes {logits_shape} and {labels_shape}")
                             .format(logits_shape=self.batch_logits.shape, labels_shape=self.labels.shape))
        N, C = self.batch_logits.shape
        weight = np.ones(C) if weight is None else np.asarray(weight, dtype=float)
        if weight.shape != (C,):
            raise ValueError(_("weight must have shape (C,) = ({C},), got {shape}").format(C=C, shape=weight.shape))
        if not np.all((weight >= 0) & (weight <= 5)):  # nan fails both
            raise ValueError(_("every weight must be in [0, 5], the sliders' range, got {weight}").format(
                weight=weight.tolist()))
        self.weights = [widgets.FloatSlider(value=float(w), min=0.0, max=5.0, step=0.1, description=f"w{c + 1}",
                                            tooltip=_("w{c}, the weight of class {c}").format(c=c + 1),
                                            continuous_update=True, readout_format=".1f")
                        for c, w in enumerate(weight)]
        self.ignore = [widgets.Checkbox(value=False, description=_("ignore row {n}").format(n=n + 1), indent=False,
                                        tooltip=_("ignore row {n}: leave its target out").format(n=n + 1),
                                        layout=widgets.Layout(width="130px"))
                       for n in range(N)]
        self.readout = widgets.HTML()
        self.fig, self.ax = new_shares_figure()
        self.shares = row_shares(self.batch_logits, self.labels, weight)
        self.artists = draw_row_shares(self.ax, self.shares)
        self.live = LiveFigure(self.fig, [bar for bars in self.artists.values() for bar in bars],
                               alt=_("Bar chart of the {N} rows of the batch: for each row a solid blue bar, its "
                                     "weight in the mean, and an orange hatched bar, its share of the gradient; "
                                     "an ignored row is a grey cross-hatched bar. Values in the table below.").format(N=N))
        controls = widgets.VBox([*self.weights, *self.ignore])
        self.children = [widgets.HBox([controls, self.live.image]), self.readout]
        self.watch(*self.weights, *self.ignore)
        self.refresh()

    @property
    def weight(self):
        """The class weights the sliders are set to, (C,)."""
        return np.array([s.value for s in self.weights])

    @property
    def targets(self):
        """The labels with the ignored rows set to -100, (N,)."""
        return np.where([box.value for box in self.ignore], -100, self.labels)

    def update(self):
        self.shares = s = row_shares(self.batch_logits, self.targets, self.weight)
        draw_row_shares(self.ax, s, self.artists)
        self.live.redraw()
        row_word, class_word, ignored = _("row {n}"), _("class {n}"), _("ignored")
        rows = "".join(
            f"<tr><td>{row_word.format(n=n + 1)}</td><td style='padding-left:1em'>"  # i18n: no
            f"{class_word.format(n=self.labels[n] + 1)}</td>"
            + (f"<td style='padding-left:1em' colspan='2'>{ignored}</td>" if not kept else  # i18n: no
               f"<td style='padding-left:1em; text-align:right'><code>{'0 / 0' if s['denominator'] == 0 else f'{f:.3f}'}</code></td>"
               f"<td style='padding-left:1em; text-align:right'><code>{g:.3f}</code></td>") + "</tr>"
            for n, (f, g, kept) in enumerate(zip(s["factor"], s["gradient"], s["kept"])))
        kept = int(s["kept"].sum())
        if kept == 0:
            verdict = _("every target is ignored: D = 0, the loss is 0 / 0 = nan (as in PyTorch) and the "
                        "gradient is all 0")
        elif s["denominator"] == 0:
            verdict = _("the kept targets all have weight 0: D = 0, each w[k_n] / D is 0 / 0, and the loss and the "
                        "gradient are nan (as in PyTorch)")
        else:
            verdict = _("loss = weighted sum / D = <code>{loss:.4f}</code>; divided by N = {N} instead: "
                        "<code>{mean_over_n:.4f}</code>").format(loss=s["loss"], N=len(self.labels),
                                                                 mean_over_n=s["mean_over_n"])
        self.readout.value = (_("D = sum of w[k_n] over the {kept} kept rows = <code>{D:.4g}</code> &nbsp; {verdict}")
                              .format(kept=kept, D=s["denominator"], verdict=verdict)
                              + "<table><tr><th>" + _("row") + "</th><th style='padding-left:1em'>"  # i18n: no
                              + _("target") + "</th><th style='padding-left:1em'>w[k_n] / D</th>"  # i18n: no
                              "<th style='padding-left:1em'>" + _("gradient share") + "</th></tr>"  # i18n: no
                              f"{rows}</table>{_key()}")
