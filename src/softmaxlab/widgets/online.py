"""Widget for notebook 14: step through the tiles of an online softmax."""
import ipywidgets as widgets
import numpy as np

from ..plots import new_figure
from ..plots import palette
from ..plots.online import draw_tiles, tile_steps
from ..i18n import _
from ..plots._korean import _ as figure_text  # figure words: in Korean only where a Korean font can draw them
from ._live import LiveFigure, LiveWidget


class TileStepper(LiveWidget):
    """A "tile" slider over an online softmax pass: the tile read, the running max, the rescale factor, s.

    Parameters
    ----------
    scores : array_like, shape (n,)
        Finite scores, 2 <= n <= 64.
    tile : int
        Scores per tile, >= 1.

    Raises
    ------
    ValueError
        Scores not 1-D finite with 2 to 64 entries; `tile` not an int >= 1.

    >>> w = TileStepper([1.0, 3.0, 0.0, 5.0, 2.0], tile=2)
    >>> w.tile.value = 2
    >>> float(w.state[0]), round(w.state[1], 4)          # m, and exp(m_old - m_new) = exp(3 - 5)
    (5.0, 0.1353)
    """

    def __init__(self, scores, tile=4):
        scores = np.asarray(scores, dtype=float)
        if scores.ndim != 1 or not 2 <= scores.size <= 64:
            raise ValueError(_("TileStepper takes 2 to 64 scores in a 1-D array, got shape {shape}").format(
                shape=scores.shape))
        self.steps = tile_steps(scores, tile)  # checks the scores and the tile
        super().__init__()
        self.scores = scores
        self.tile = widgets.IntSlider(value=1, min=1, max=len(self.steps), description=_("tile"),
                                      tooltip=_("tile number being read"), continuous_update=True)
        self.readout = widgets.HTML()
        self.fig, (ax_scores, self.ax_sum) = new_figure(5, 2.6, ncols=2)
        draw_tiles(ax_scores, self.ax_sum, scores, self.steps)
        ax_scores.set_title(figure_text("scores"), fontsize=9)
        self.ax_sum.set_title(figure_text("running sum s"), fontsize=9)
        self.span = ax_scores.axvspan(-0.5, 0.5, color=palette.ORANGE, alpha=0.3, hatch="//", lw=0)
        (self.max_line,) = ax_scores.plot([], [], "-", color=palette.VERMILLION, lw=2, drawstyle="steps-post")
        (self.sum_line,) = self.ax_sum.plot([], [], "o-", color=palette.BLUE)
        self.live = LiveFigure(self.fig, animated=[self.span, self.max_line, self.sum_line],
                               alt=_("Left: the scores as bars, the tile being read shaded and hatched, the running "
                                     "max so far as a solid step line. Right: the running sum s after each tile read "
                                     "so far (circles) against the direct sum (dashed). The readout below gives the "
                                     "numbers."))
        self.children = [self.tile, self.live.image, self.readout]
        self.watch(self.tile)
        self.refresh()

    @property
    def state(self):
        """(m, rescale factor, s) after the tile the slider is on."""
        _start, _stop, m, factor, s = self.steps[self.tile.value - 1]
        return m, factor, s

    def update(self):
        k = self.tile.value
        start, stop, m, factor, s = self.steps[k - 1]
        self.span.set_x(start - 0.5)
        self.span.set_width(stop - start)
        xs = [self.steps[0][0] - 0.5] + [end - 0.5 for _start, end, *_rest in self.steps[:k]]  # step edges so far
        ms = [mm for _start, _stop, mm, _factor, _s in self.steps[:k]]
        self.max_line.set_data(xs, ms + ms[-1:])
        self.sum_line.set_data(np.arange(1, k + 1), [ss for *_rest, ss in self.steps[:k]])
        self.live.redraw()
        first = (_("first tile: nothing to rescale") if k == 1
                 else _("rescale factor exp(m_old - m_new) = {factor}").format(factor=_fixed(factor, 4)))
        # TRANSLATORS: {first}: "first tile: nothing to rescale" or "rescale factor ... = 0.1353"
        self.readout.value = _("tile {k} of {n} (scores {start} to {stop}): running max m = {m}; {first}; "
                               "s = {s}").format(k=k, n=len(self.steps), start=start, stop=stop - 1, m=_fixed(m, 3),
                                                 first=first, s=_fixed(s, 4))


def _fixed(value, digits):
    """`value` to `digits` decimals, with no minus sign on a value that rounds to 0 ("-0.000" reads as negative).

    >>> _fixed(-1e-5, 3), _fixed(-0.25, 2), _fixed(float("-inf"), 3)
    ('0.000', '-0.25', '-inf')
    """
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text
