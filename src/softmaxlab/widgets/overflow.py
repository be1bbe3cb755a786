"""Widget for notebook 02: shift and stretch the logits until naive softmax breaks."""
import ipywidgets as widgets
import numpy as np

from ..plots import new_figure
from ..plots.overflow import draw_naive_vs_stable, exp_limits, naive_and_stable, set_probs_or_nan
from ..i18n import _
from ..plots._korean import _ as figure_text  # figure words: in Korean only where a Korean font can draw them
from ._live import LiveFigure, LiveWidget
from .softmax import clamp_note, finite_values, notes_html, number


def why_naive(logits, naive, stable):
    """What happened to naive softmax of `logits` (already in their dtype), in words that are true of `naive`.

    Five cases: an exp overflows (inf / inf = nan there, finite / inf = 0 elsewhere); every exp is 0
    (0 / 0 = nan); every exp is finite but their sum overflows (finite / inf = 0: zeros, no nan); the
    largest exp is subnormal (finite, no warning, and off, unless only by rounding, as just past the cut); or it works.

    >>> naive, stable = naive_and_stable([709.0, 709.0, 709.0])
    >>> why_naive(np.array([709.0, 709.0, 709.0]), naive, stable)
    'every exp(a) is finite, but their sum overflows to inf: finite / inf = 0, so every probability is 0 (no nan)'
    """
    dtype = logits.dtype
    lim = exp_limits(dtype)
    with np.errstate(all="ignore"):
        e = np.exp(logits)
        total = e.sum()
    if np.isinf(e).any():
        k = int(np.isinf(e).sum())
        if k == e.size:
            message = _("exp(a) overflows to inf for {k} of the {n} logits (above {limit:.2f}): inf / inf = nan there")
        else:
            message = _("exp(a) overflows to inf for {k} of the {n} logits (above {limit:.2f}): inf / inf = nan "
                        "there, and finite / inf = 0 for the others")
        return message.format(k=k, n=e.size, limit=lim["overflow"])
    if (e == 0).all():
        return _("every exp(a) underflows to 0 (every logit is below {limit:.2f}): 0 / 0 = nan").format(
            limit=lim["zero"])
    if np.isinf(total):
        return _("every exp(a) is finite, but their sum overflows to inf: finite / inf = 0, so every probability "
                 "is 0 (no nan)")
    if e.max() < np.finfo(dtype).tiny:
        off = float(np.abs(naive - stable).max())
        if off <= 8 * np.finfo(dtype).eps:  # e.g. just past the cut: the digits lost are still below rounding
            return _("no nan and no warning: every logit is below {limit:.2f}, so every exp(a) is subnormal (fewer "
                     "significant digits) or 0, but here the probabilities are still right to rounding (off by up to "
                     "{off})").format(limit=lim["normal"], off=number(off, ".2g"))
        return _("no nan and no warning, but wrong: every logit is below {limit:.2f}, so every exp(a) is subnormal "
                 "(fewer significant digits) or 0; the probabilities are off by up to {off}").format(
            limit=lim["normal"], off=number(off, ".2g"))
    if not np.allclose(naive, stable, atol=1e-3):
        return _("no nan, but the naive version is off by more than 0.001")
    return _("the naive version still works here")


class OverflowExplorer(LiveWidget):
    """Logits ``offset + scale * pattern`` in float32 or float64; naive and stable softmax side by side.

    >>> w = OverflowExplorer()
    >>> w.offset.value = 1000.0
    >>> naive, stable = w.results
    >>> bool(np.isnan(naive).any()), stable.round(3).tolist()
    (True, [0.032, 0.087, 0.237, 0.644])
    """

    def __init__(self, pattern=(0.0, 1.0, 2.0, 3.0), offset=0.0, scale=1.0, dtype="float64"):
        pattern = finite_values(pattern, "pattern")
        if not (np.isfinite(offset) and np.isfinite(scale)):
            raise ValueError(_("offset and scale must be finite numbers, got {offset} and {scale}").format(
                offset=offset, scale=scale))
        if dtype not in ("float64", "float32"):
            raise ValueError(_("dtype must be 'float64' or 'float32', got {dtype!r}").format(dtype=dtype))
        super().__init__()
        self.pattern = pattern  # (C,)
        self.offset = widgets.FloatSlider(value=offset, min=-1000.0, max=1000.0, step=1.0, description=_("offset"),
                                          tooltip=_("offset added to every logit"),
                                          readout_format=".0f", layout=widgets.Layout(width="420px"))
        self.scale = widgets.FloatSlider(value=scale, min=0.5, max=100.0, step=0.5, description=_("scale"),
                                         tooltip=_("scale multiplying the logit pattern"),
                                         readout_format=".1f", layout=widgets.Layout(width="420px"))
        self.dtype = widgets.ToggleButtons(options=["float64", "float32"], value=dtype, description="dtype",  # i18n: no
                                         tooltip=_("dtype, the floating-point type of the logits"))
        self.readout = widgets.HTML()
        self.fig, (self.left, self.right) = new_figure(8, 2.6, ncols=2)
        self.naive_artists, self.stable_artists = draw_naive_vs_stable(self.left, self.right, self.logits,
                                                                       self.dtype.value)
        # The titles change only with the dtype: they are in the background kept per dtype (key=).
        moving = [*self.naive_artists[0], *self.naive_artists[1], *self.stable_artists[0], *self.stable_artists[1]]
        self.live = LiveFigure(self.fig, animated=moving,
                               alt=_("Two bar charts for the current logits: naive softmax on the left, where nan "
                                     "shows as a label with no bar, and the max-subtracted softmax on the right; "
                                     "values below."))
        self.clamped = {self.offset: clamp_note(offset, self.offset, _("offset")),
                        self.scale: clamp_note(scale, self.scale, _("scale"))}
        self.children = [self.offset, self.scale, self.dtype, self.live.image, self.readout]
        self.watch(self.offset, self.scale, self.dtype)
        self.refresh()

    @property
    def logits(self):
        return (self.offset.value + self.scale.value * self.pattern).astype(self.dtype.value)

    @property
    def results(self):
        """(naive, stable) probabilities for the current logits."""
        return naive_and_stable(self.logits, self.dtype.value)

    def update(self):
        logits = self.logits
        naive, stable = naive_and_stable(logits, self.dtype.value)
        set_probs_or_nan(*self.naive_artists, naive)
        set_probs_or_nan(*self.stable_artists, stable)
        name = self.dtype.value
        self.left.set_title(figure_text("naive  exp(a) / sum(exp(a))  [{dtype}]").format(dtype=name))
        self.right.set_title(figure_text("stable  subtract max first  [{dtype}]").format(dtype=name))
        self.live.redraw(key=name, state=(name, naive.tobytes(), stable.tobytes()))  # state: all the picture shows
        lim = exp_limits(self.dtype.value)
        top, bottom = float(logits.max()), float(logits.min())
        why = why_naive(logits, naive, stable)
        fmt = ", ".join(f"{v:.1f}" for v in logits)
        self.readout.value = (_("a = [{logits}] ({dtype}) &nbsp; max a = {top:.1f}, min a = {bottom:.1f} &nbsp; "
                                "exp overflows above {limit:.2f}<br>naive = [{naive}] &nbsp; stable = [{stable}] "
                                "&nbsp; <b>{why}</b>").format(
                                  logits=fmt, dtype=self.dtype.value, top=top, bottom=bottom, limit=lim["overflow"],
                                  naive=", ".join(number(p, ".3f") for p in naive),
                                  stable=", ".join(number(p, ".3f") for p in stable), why=why)
                              + notes_html(self.clamped.values()))
