"""Widgets for notebook 13: the head size d with and without 1/sqrt(d), and a clickable attention mask."""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..attention import EMPTY_POLICIES, masked_softmax
from ..plots import bar_probs, new_figure
from ..plots.attention import DIMS, _cell_text, draw_weights, jacobian_norms, random_qk
from ..i18n import _
from ..plots._korean import _ as figure_text  # figure words: in Korean only where a Korean font can draw them
from ._live import LiveFigure, LiveWidget


class ScaleExplorer(LiveWidget):
    """A head-size slider d and a "divide by √d" switch; bars of one query's attention weights over S keys.

    The readout gives that query's largest weight and Jacobian norm, and their means over all L queries.

    >>> w = ScaleExplorer()
    >>> w.d.value = 512
    >>> plain = w.mean_largest
    >>> w.scaled.value = True
    >>> bool(w.mean_largest < plain)
    True
    """

    def __init__(self, d=64, scaled=False, L=256, S=8, seed=0):
        if d not in DIMS:
            raise ValueError(_("d must be one of {choices}, got {d!r}").format(choices=DIMS, d=d))
        super().__init__()
        self.L, self.S, self.seed = L, S, seed
        self._dots = {}
        self.d = widgets.SelectionSlider(options=list(DIMS), value=d, description="d",
                                         tooltip=_("d, the head size (length of q and k)"))
        self.scaled = widgets.Checkbox(value=bool(scaled), description=_("divide the scores by √d"),
                                       indent=False)
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(5, 2.6)
        self.bars = bar_probs(self.ax, np.full(S, 1 / S), labels=[f"k{j}" for j in range(S)], ylim=(0, 1.12))
        self.labels = self.ax.texts[-S:]
        self.ax.set_title(self._title())
        # A picture made for a (d, scaled) is kept, and sent again without drawing when the controls come back to it.
        self.live = LiveFigure(self.fig, animated=[*self.bars, *self.labels, self.ax.title],
                               alt=_("Bar chart of the attention weights of one query over the keys, for the head size "
                                     "d and the scaling set by the controls; the largest weight and the Jacobian's "
                                     "size are written below it."))
        self.children = [widgets.HBox([widgets.VBox([self.d, self.scaled]), self.live.view]), self.readout]
        self.watch(self.d, self.scaled)
        self.refresh()

    def _title(self):
        return f"softmax(q.k{' / sqrt(d)' if self.scaled.value else ''}), d = {self.d.value}"  # i18n: no (ASCII: fast to draw)

    @property
    def weights(self):
        """(L, S) attention weights of all queries at the current settings."""
        d = self.d.value
        if d not in self._dots:  # q kᵀ of each d once: moving back to a d costs no new draw
            q, k = random_qk(d, self.L, self.S, self.seed)
            self._dots[d] = q @ k.T  # (L, S)
        return softmax(self._dots[d] / (np.sqrt(d) if self.scaled.value else 1.0))

    @property
    def mean_largest(self):
        return float(self.weights.max(axis=-1).mean())

    def update(self):
        weights = self.weights
        first = weights[0]
        for bar, label, w in zip(self.bars, self.labels, first):
            bar.set_height(w)
            label.set_text(f"{w:.2f}")
            label.xy = (label.xy[0], w)
            label.stale = True  # xy has no setter to mark it changed (LiveFigure repaints what is stale)
        self.ax.set_title(self._title())
        self.live.redraw(state=(self.d.value, self.scaled.value))
        norms = jacobian_norms(weights)
        self.readout.value = _(
            "query q0: largest weight {largest:.3f}, ‖J‖ = {norm:.3f} &nbsp; | &nbsp; "
            "mean over {L} queries: largest weight {mean_largest:.3f}, "
            "‖J‖ = {mean_norm:.3f} (uniform over {S} keys: 1/S = {uniform:.3f}, ‖J‖ = {uniform_norm:.3f})").format(
            largest=first.max(), norm=norms[0], L=self.L, mean_largest=weights.max(axis=-1).mean(),
            mean_norm=norms.mean(), S=self.S, uniform=1 / self.S,
            uniform_norm=float(jacobian_norms(np.full(self.S, 1 / self.S))))


class MaskGrid(LiveWidget):
    """An L x L grid of checkboxes (ticked = keep) over a fixed score matrix; a heatmap of masked_softmax's weights.

    Checkboxes rather than toggle buttons: a screen reader announces whether each one is ticked.

    >>> w = MaskGrid()
    >>> w.boxes[1][0].value = False; w.boxes[1][1].value = False   # mask all of row q1
    >>> w.weights[1].tolist()
    [0.0, 0.0, 0.0, 0.0]
    >>> w.empty.value = "uniform"
    >>> w.weights[1].tolist()
    [0.25, 0.25, 0.25, 0.25]
    """

    def __init__(self, scores=None, keep=None, empty="zeros"):
        scores = np.array([[2.0, 0.5, -1.0, 1.0], [0.0, 1.5, 0.5, -0.5],
                           [1.0, -2.0, 3.0, 0.0], [-1.0, 0.5, 1.0, 2.5]]) if scores is None else np.asarray(scores,
                                                                                                          dtype=float)
        if scores.ndim != 2 or scores.shape[0] != scores.shape[1] or not 2 <= len(scores) <= 6:
            raise ValueError(_("MaskGrid takes a square score matrix of 2 to 6 rows, got shape {shape}").format(
                shape=scores.shape))
        L = len(scores)
        keep = np.tril(np.ones((L, L), bool)) if keep is None else np.asarray(keep, dtype=bool)
        if keep.shape != scores.shape:
            raise ValueError(_("keep must have the scores' shape {shape}, got {keep_shape}").format(
                shape=scores.shape, keep_shape=keep.shape))
        if empty not in EMPTY_POLICIES:
            raise ValueError(_("empty must be one of {choices}, got {empty!r}").format(choices=EMPTY_POLICIES, empty=empty))
        super().__init__()
        self.scores = scores
        self.boxes = [[widgets.Checkbox(value=bool(keep[i, j]), description=f"q{i} k{j}", indent=False,
                                        tooltip=_("q{i} k{j}: ticked = query q{i} may attend to key k{j}").format(i=i, j=j),
                                        layout=widgets.Layout(width="72px"))
                       for j in range(L)] for i in range(L)]
        self.empty = widgets.ToggleButtons(options=list(EMPTY_POLICIES), value=empty, description=_("empty row"),
                                           tooltip=_("empty row: what a fully masked row gives"),
                                           style={"button_width": _button_width(EMPTY_POLICIES)})
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(4.2, 3.4)
        self.im, self.texts = draw_weights(self.ax, self.weights, np.ones((L, L), bool))
        self.ax.set_title(figure_text("masked softmax of the scores"), fontsize=10)
        self.live = LiveFigure(self.fig, animated=[self.im, *(t for row in self.texts for t in row)],
                               alt=_("Heatmap of the attention weights, queries in rows and keys in columns, each "
                                     "weight written in its cell and masked cells marked 'off', for the mask set by "
                                     "the grid of checkboxes."))
        grid = widgets.VBox([widgets.HBox(row) for row in self.boxes])
        self.children = [widgets.HBox([widgets.VBox([grid, self.empty]), self.live.image]), self.readout]
        self.watch(*(box for row in self.boxes for box in row), self.empty)
        self.refresh()

    @property
    def keep(self):
        return np.array([[box.value for box in row] for row in self.boxes])

    @property
    def weights(self):
        return masked_softmax(self.scores, self.keep, empty=self.empty.value)

    def update(self):
        keep, weights = self.keep, self.weights
        self.im.set_data(np.ma.masked_invalid(np.where(keep, weights, np.nan)))
        for i, row in enumerate(self.texts):
            for j, text in enumerate(row):
                text.set_text(_cell_text(weights[i, j], keep[i, j]))
        self.live.redraw()
        sums = weights.sum(axis=-1)
        empty = [f"q{i}" for i in range(len(keep)) if not keep[i].any()]
        sums = ", ".join("nan" if np.isnan(s) else f"{s:.3f}" for s in sums)
        if empty:
            # TRANSLATORS: {rows}: the fully masked rows, e.g. "q1, q2"; {empty}: the option's value (code)
            self.readout.value = _("row sums = [{sums}] &nbsp; fully masked: {rows} (empty='{empty}')").format(
                sums=sums, rows=", ".join(empty), empty=self.empty.value)
        else:
            self.readout.value = _("row sums = [{sums}] &nbsp; no fully masked row").format(sums=sums)


def _button_width(options):
    """A toggle button width that fits the longest label after the pressed button's check mark ("✓ ", ARIA_JS).

    >>> _button_width(("zeros", "nan", "uniform"))
    '13ch'
    """
    return f"{max(len(str(o)) for o in options) + 6}ch"
