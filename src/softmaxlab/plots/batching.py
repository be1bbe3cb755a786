"""Static figures for notebook 03: which entries a reduction over an axis spans, and its shape."""
import numpy as np
from matplotlib.patches import Rectangle

from ._common import new_figure

SPANNED, CHOSEN, PLAIN = "#9ecae1", "#fd8d3c", "#f0f0f0"


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


def _grid(ax, values, colors, rows_max, cols_max, fmt):
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=colors[r][c], edgecolor="gray"))
            ax.text(c, r, fmt(values[r, c]), ha="center", va="center", fontsize=9)
    ax.set_xlim(-0.6, cols_max - 0.4)
    ax.set_ylim(rows_max - 0.4, -0.6)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)


def draw_reduction(ax_in, ax_out, x, op="max", axis=1, keepdims=True, index=0, rows_max=None, cols_max=None):
    """Draw `x` with the entries output `index` spans highlighted, and the result in its own shape."""
    x = np.asarray(x)  # (N, C)
    N, C = x.shape
    rows_max = rows_max or N
    cols_max = cols_max or C
    result = reduce(x, op, axis, keepdims)
    index = min(index, result.size - 1)
    mask = spanned_mask(x.shape, axis, index)
    colors = [[SPANNED if mask[r, c] else PLAIN for c in range(C)] for r in range(N)]
    _grid(ax_in, x, colors, rows_max, cols_max, lambda v: f"{v:g}")
    ax_in.set_title(f"x, shape {x.shape}", fontsize=10, loc="left")
    if result.ndim == 2:
        shown = result
    else:  # a 1-D result is drawn as one row, a scalar as one cell
        shown = result.reshape(1, -1)
    out_colors = [[CHOSEN if r * shown.shape[1] + c == index else PLAIN for c in range(shown.shape[1])]
                  for r in range(shown.shape[0])]
    _grid(ax_out, shown, out_colors, rows_max, cols_max, lambda v: f"{v:g}")
    call = f"x.{op}(axis={axis}" + (", keepdims=True)" if keepdims else ")")
    ax_out.set_title(f"{call}\nshape {result.shape}" + ("  (1-D)" if result.ndim == 1 else ""), fontsize=10,
                     loc="left")
    return result


def reduction_figure(x, op="max", axis=1, keepdims=True, index=0):
    """Static figure: the input with one output's span highlighted, and the reduced result."""
    x = np.asarray(x)
    fig, (ax_in, ax_out) = new_figure(7, 2.8, ncols=2)
    draw_reduction(ax_in, ax_out, x, op, axis, keepdims, index)
    return fig
