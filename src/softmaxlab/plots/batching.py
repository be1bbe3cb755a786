"""Static figures for notebook 03: which entries a reduction over an axis spans, and its shape."""
import numpy as np
from matplotlib.patches import Rectangle

from .. import i18n
from . import palette
from ._korean import _
from ._common import describe, new_figure

SPANNED, CHOSEN, PLAIN = palette.LIGHT_BLUE, palette.LIGHT_ORANGE, palette.LIGHT_GREY


def reduce(x, op, axis, keepdims):
    """``x.max(axis=..., keepdims=...)`` or ``x.sum(...)``, as the explorer shows it."""
    return getattr(np, op)(x, axis=axis, keepdims=keepdims)


def spanned_mask(shape, axis, index):
    """Boolean mask of the entries of an array of `shape` (N, C) that output entry `index` reduces over.

    `index` counts the outputs in order: row `index` for axis=1, column `index` for axis=0,
    everything for axis=None.
    """
    mask = np.zeros(shape, dtype=bool)
    if axis is None:
        mask[:] = True
    elif axis in (1, -1):
        mask[index, :] = True
    else:
        mask[:, index] = True
    return mask


class _Grid:
    """A rows_max x cols_max pool of cells (square + text) on `ax`; ``show`` fills the top-left corner."""

    def __init__(self, ax, rows_max, cols_max):
        self.ax = ax
        self.cells = [[(ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, edgecolor="gray")),
                        ax.text(c, r, "", ha="center", va="center", fontsize=9))
                       for c in range(cols_max)] for r in range(rows_max)]
        ax.set_xlim(-0.6, cols_max - 0.4)
        ax.set_ylim(rows_max - 0.4, -0.6)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_visible(False)

    def show(self, values, colors):
        rows, cols = values.shape
        for r, row in enumerate(self.cells):
            for c, (square, text) in enumerate(row):
                inside = r < rows and c < cols
                square.set_visible(inside)
                text.set_visible(inside)
                if inside:
                    square.set_facecolor(colors[r][c])
                    marked = colors[r][c] != PLAIN  # highlighted: a thick black edge as well as a colour
                    square.set_edgecolor("black" if marked else "gray")
                    square.set_linewidth(2.0 if marked else 1.0)
                    text.set_text(f"{values[r, c]:g}")


class ReductionView:
    """Two grids: the input with the span of one output highlighted, and the result in its own shape.

    Built once; :meth:`show` only changes colours, texts and visibility, so redrawing is cheap.
    """

    def __init__(self, ax_in, ax_out, rows_max, cols_max):
        self.grid_in = _Grid(ax_in, rows_max, cols_max)
        self.grid_out = _Grid(ax_out, rows_max, cols_max)
        self.title_in = ax_in.set_title("", fontsize=10, loc="left")
        self.title_out = ax_out.set_title("\n", fontsize=10, loc="left")

    def show(self, x, op="max", axis=1, keepdims=True, index=0):
        x = np.asarray(x)  # (N, C)
        N, C = x.shape
        result = reduce(x, op, axis, keepdims)
        index = min(index, result.size - 1)
        mask = spanned_mask(x.shape, axis, index)
        self.grid_in.show(x, [[SPANNED if mask[r, c] else PLAIN for c in range(C)] for r in range(N)])
        shown = result if result.ndim == 2 else result.reshape(1, -1)  # 1-D as one row, a scalar as one cell
        self.grid_out.show(shown, [[CHOSEN if r * shown.shape[1] + c == index else PLAIN
                                    for c in range(shown.shape[1])] for r in range(shown.shape[0])])
        self.title_in.set_text(_("x, shape {shape}").format(shape=x.shape))
        call = f"x.{op}(axis={axis}" + (", keepdims=True)" if keepdims else ")")  # i18n: no
        shape = (_("shape {shape}  (1-D)") if result.ndim == 1 else _("shape {shape}")).format(shape=result.shape)
        self.title_out.set_text(f"{call}\n{shape}")
        return result


def draw_reduction(ax_in, ax_out, x, op="max", axis=1, keepdims=True, index=0, rows_max=None, cols_max=None):
    """Draw `x` with the entries output `index` spans highlighted, and the result in its own shape."""
    x = np.asarray(x)
    view = ReductionView(ax_in, ax_out, rows_max or x.shape[0], cols_max or x.shape[1])
    return view.show(x, op, axis, keepdims, index)


def reduction_figure(x, op="max", axis=1, keepdims=True, index=0):
    """Static figure: the input with one output's span highlighted, and the reduced result."""
    x = np.asarray(x)
    fig, (ax_in, ax_out) = new_figure(7, 2.8, ncols=2)
    draw_reduction(ax_in, ax_out, x, op, axis, keepdims, index)
    return describe_reduction(fig, x, op, axis, keepdims, index)


def describe_reduction(fig, x, op, axis, keepdims, index):
    """Give a reduction figure its alt text: the call, both shapes and the highlighted output."""
    x = np.asarray(x)
    result = reduce(x, op, axis, keepdims)
    index = min(index, result.size - 1)
    call = f"x.{op}(axis={axis}" + (", keepdims=True)" if keepdims else ")")  # i18n: no
    return describe(fig, i18n._(
        "Two grids of numbers. Left: x, shape {shape}, with the {n} entries output #{index} reduces over outlined. "
        "Right: {call}, shape {result_shape}, with output #{index} = {value:g} outlined.").format(
        shape=x.shape, n=int(spanned_mask(x.shape, axis, index).sum()), index=index, call=call,
        result_shape=result.shape, value=result.flat[index]))
