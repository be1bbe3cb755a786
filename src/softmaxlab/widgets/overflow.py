"""Widget for notebook 02: shift and stretch the logits until naive softmax breaks."""
import ipywidgets as widgets
import numpy as np

from ..plots import new_figure
from ..plots.overflow import draw_naive_vs_stable, exp_limits, naive_and_stable, set_probs_or_nan
from ._live import LiveFigure, LiveWidget


class OverflowExplorer(LiveWidget):
    """Logits ``offset + scale * pattern`` in float32 or float64; naive and stable softmax side by side.

    >>> w = OverflowExplorer()
    >>> w.offset.value = 1000.0
    >>> naive, stable = w.results
    >>> bool(np.isnan(naive).any()), stable.round(3).tolist()
    (True, [0.032, 0.087, 0.237, 0.644])
    """

    def __init__(self, pattern=(0.0, 1.0, 2.0, 3.0), offset=0.0, scale=1.0, dtype="float64"):
        super().__init__()
        self.pattern = np.asarray(pattern, dtype=float)  # (C,)
        self.offset = widgets.FloatSlider(value=offset, min=-1000.0, max=1000.0, step=1.0, description="offset",
                                          tooltip="offset added to every logit",
                                          readout_format=".0f", layout=widgets.Layout(width="420px"))
        self.scale = widgets.FloatSlider(value=scale, min=0.5, max=100.0, step=0.5, description="scale",
                                         tooltip="scale multiplying the logit pattern",
                                         readout_format=".1f", layout=widgets.Layout(width="420px"))
        self.dtype = widgets.ToggleButtons(options=["float64", "float32"], value=dtype, description="dtype",
                                         tooltip="dtype, the floating-point type of the logits")
        self.readout = widgets.HTML()
        self.fig, (self.left, self.right) = new_figure(8, 2.6, ncols=2)
        self.naive_artists, self.stable_artists = draw_naive_vs_stable(self.left, self.right, self.logits,
                                                                       self.dtype.value)
        # The titles change only with the dtype: they are in the background kept per dtype (key=).
        moving = [*self.naive_artists[0], *self.naive_artists[1], *self.stable_artists[0], *self.stable_artists[1]]
        self.live = LiveFigure(self.fig, animated=moving,
                               alt="Two bar charts for the current logits: naive softmax on the left, where nan shows "
                                   "as a label with no bar, and the max-subtracted softmax on the right; values below.")
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
        self.left.set_title(f"naive  exp(a) / sum(exp(a))  [{name}]")
        self.right.set_title(f"stable  subtract max first  [{name}]")
        self.live.redraw(key=name, state=(name, naive.tobytes(), stable.tobytes()))  # state: all the picture shows
        lim = exp_limits(self.dtype.value)
        top, bottom = float(logits.max()), float(logits.min())
        if np.isnan(naive).any():
            why = ("some exp(a) is inf: inf / inf = nan" if top > lim["overflow"]
                   else "every exp(a) is 0 or the sum overflowed: 0 / 0 or inf / inf = nan")
        elif not np.allclose(naive, stable, atol=1e-3):
            why = "no nan, but wrong: the sum of exp overflowed or the exps underflowed"
        else:
            why = "the naive version still works here"
        fmt = ", ".join(f"{v:.1f}" for v in logits)
        self.readout.value = (f"a = [{fmt}] ({self.dtype.value}) &nbsp; max a = {top:.1f}, min a = {bottom:.1f}"
                              f" &nbsp; exp overflows above {lim['overflow']:.2f}<br>"
                              f"naive = [{', '.join(f'{p:.3f}' for p in naive)}] &nbsp; "
                              f"stable = [{', '.join(f'{p:.3f}' for p in stable)}] &nbsp; <b>{why}</b>")
