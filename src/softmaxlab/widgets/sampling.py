"""Widget for notebook 15: T, k, p and min-p sliders, temperature first or last, and a histogram of seeded draws."""
import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Patch

from ..plots import new_figure, palette
from ..plots.sampling import LOGITS, TOKENS, truncate
from ..sampling import sample
from ..i18n import N_, _
from ..plots._korean import _ as figure_text  # figure words: in Korean only where a Korean font can draw them
from ._live import LiveFigure, LiveWidget
from .attention import _button_width
from .softmax import clamp_note, notes_html

ORDERS = (N_("temperature first"), N_("temperature last"))  # the toggle's values; its labels are translated


class SamplingExplorer(LiveWidget):
    """Sliders for T, k, p and min_p over fixed next-token logits; the final probabilities (bars) and the
    frequencies of `draws` seeded draws from them (diamonds) move in place.

    The filters run in Hugging Face's order (top-k, top-p, min-p); the toggle puts the division by T before them
    (what Hugging Face and vLLM do) or after them. Every update draws again from ``np.random.default_rng(seed)``, so
    the same settings always show the same histogram.

    >>> w = SamplingExplorer()
    >>> w.k.value, w.T.value = 2, 2.0
    >>> int((w.probs > 0).sum()), int(w.counts.sum())
    (2, 10000)
    """

    def __init__(self, logits=LOGITS, tokens=TOKENS, T=1.0, k=None, p=1.0, min_p=0.0, draws=10_000, seed=0):
        logits = np.asarray(logits, dtype=float)
        if logits.ndim != 1 or not 2 <= len(logits) <= 10 or not np.all(np.isfinite(logits)):
            raise ValueError(_("SamplingExplorer takes 2 to 10 finite logits, got {logits}").format(
                logits=np.asarray(logits).tolist()))
        if len(tokens) != len(logits):
            raise ValueError(_("give one token name per logit: {n_tokens} names for {n_logits} logits").format(
                n_tokens=len(tokens), n_logits=len(logits)))
        if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
            raise ValueError(_("draws must be an int >= 1, got {draws!r}").format(draws=draws))
        super().__init__()
        C = len(logits)
        self.logits_, self.tokens, self.draws, self.seed = logits, tuple(tokens), int(draws), seed
        self.T = widgets.FloatSlider(value=T, min=0.1, max=4.0, step=0.05, description="T",
                                     tooltip=_("T, the temperature dividing the logits"), readout_format=".2f")
        self.k = widgets.IntSlider(value=C if k is None else k, min=1, max=C, description="k",
                                   tooltip=_("k of top-k: how many tokens are kept"))
        self.p = widgets.FloatSlider(value=p, min=0.05, max=1.0, step=0.01, description="p",
                                     tooltip=_("p of top-p: the mass the nucleus must reach"), readout_format=".2f")
        self.min_p = widgets.FloatSlider(value=min_p, min=0.0, max=1.0, step=0.01, description="min_p",  # i18n: no
                                         tooltip=_("min_p: the share of the top probability a token needs"),
                                         readout_format=".2f")
        orders = [(_(order), order) for order in ORDERS]  # (label, value): the value stays as in ORDERS
        self.order = widgets.ToggleButtons(options=orders, value=ORDERS[0], description=_("order"),
                                           tooltip=_("order of the temperature and the filters"),
                                           style={"button_width": _button_width([label for label, _o in orders])})
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(5, 2.6)
        x = np.arange(C)
        # The bars are one LineCollection of thick vertical segments: one artist to repaint, not C patches.
        self.prob_bars = self.ax.vlines(x, 0, np.zeros(C), color=palette.BLUE, lw=22, label=figure_text("probability"))
        (self.freq_marks,) = self.ax.plot(x, np.zeros(C), "D", color=palette.BLACK, ms=5,
                                          label=figure_text("frequency in {draws:,} draws").format(draws=self.draws))
        self.ax.set_xticks(x, list(self.tokens), fontsize=8)
        self.ax.set(ylim=(0, 1.15), ylabel=figure_text("probability"))
        bar_key = Patch(color=palette.BLUE, label=figure_text("probability"))  # a bar-shaped key for the thick segments
        self.ax.legend(handles=[bar_key, self.freq_marks], fontsize=7, loc="upper right")  # i18n: no
        self.ax.set_title(figure_text("bars: probability; diamonds: frequency in {draws:,} seeded draws").format(draws=self.draws),
                          fontsize=9)
        self.live = LiveFigure(self.fig, [self.prob_bars, self.freq_marks],
                               alt=_("Bars per token: the probability after temperature and the top-k, top-p and "
                                     "min-p filters; a diamond on each: the frequency of that token in seeded draws "
                                     "from it. The values are also written below."))
        self.clamped = {self.T: clamp_note(T, self.T, "T"), self.k: clamp_note(C if k is None else k, self.k, "k"),
                        self.p: clamp_note(p, self.p, "p"), self.min_p: clamp_note(min_p, self.min_p, "min_p")}
        controls = widgets.VBox([self.T, self.k, self.p, self.min_p, self.order])
        self.children = [widgets.HBox([controls, self.live.image]), self.readout]
        self.watch(self.T, self.k, self.p, self.min_p, self.order)
        self.refresh()

    @property
    def probs(self):
        """The (C,) probabilities the draws follow, 0 for a removed token."""
        return truncate(self.logits_, self.T.value, self.k.value, self.p.value, self.min_p.value,
                        temperature_first=self.order.value == ORDERS[0])

    def update(self):
        probs = self.probs
        drawn = sample(probs, np.random.default_rng(self.seed), size=self.draws)  # (draws,): vectorised
        self.counts = np.bincount(drawn, minlength=len(probs))
        freq = self.counts / self.draws
        self.prob_bars.set_segments([[(i, 0.0), (i, v)] for i, v in enumerate(probs)])
        self.freq_marks.set_ydata(freq)
        kept = int((probs > 0).sum())
        self.live.redraw()
        fmt = lambda values: ", ".join(f"{t} {v:.3f}" for t, v in zip(self.tokens, values))
        self.readout.value = (_("kept {kept} of {n} tokens ({order})<br>probabilities: {probs}<br>frequencies in "
                                "{draws:,} draws (seed {seed}): {freqs}<br>largest gap |frequency - probability| = "
                                "{gap:.4f}").format(kept=kept, n=len(probs), order=_(self.order.value), probs=fmt(probs),
                                                    draws=self.draws, seed=self.seed, freqs=fmt(freq),
                                                    gap=np.max(np.abs(freq - probs)))
                              + notes_html(self.clamped.values()))
