"""Figures for notebook 14: the online softmax tile by tile, and running sums in low precision."""
import numpy as np

from .. import i18n
from ..online import OnlineSoftmaxState, online_update
from ..precision import running_sum
from . import palette
from ._korean import _
from ._common import describe, new_figure


def tile_steps(scores, tile):
    """The online pass over `scores` (1-D) in tiles of `tile`: per tile (start, stop, m, rescale factor, s).

    The rescale factor is exp(m_before - m_after), 0 for the first tile (nothing to rescale).

    Raises
    ------
    ValueError
        `scores` not 1-D and non-empty, or not finite; `tile` not an int >= 1.
    """
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 1 or scores.size == 0 or not np.isfinite(scores).all():
        raise ValueError(i18n._("scores must be a non-empty 1-D array of finite numbers, got shape {shape}").format(
            shape=scores.shape))
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:
        raise ValueError(i18n._("tile must be an int >= 1, got {tile!r}").format(tile=tile))
    steps, state = [], OnlineSoftmaxState()
    for start in range(0, len(scores), tile):
        stop = min(start + tile, len(scores))
        new = online_update(state, scores[start:stop])
        factor = 0.0 if state.m == -np.inf else float(np.exp(state.m - new.m))
        steps.append((start, stop, float(new.m), factor, float(new.s)))
        state = new
    return steps


def draw_tiles(ax_scores, ax_sum, scores, steps):
    """The fixed parts: scores as bars with tile edges (left), the direct sum as a reference line (right)."""
    n = len(scores)
    ax_scores.bar(np.arange(n), scores, color=palette.SKY_BLUE, width=0.8)
    for start, *_rest in steps[1:]:
        ax_scores.axvline(start - 0.5, color=palette.TEXT_GREY, lw=0.8, ls=":")
    ax_scores.axhline(0, color="black", lw=0.6)
    ax_scores.set(xlabel=_("score index j"), ylabel=_("score x_j"), title=_("scores, tile by tile"))
    ax_scores.set_xlim(-0.6, n - 0.4)
    low, high = min(0.0, scores.min()), max(scores.max(), 0.0)
    ax_scores.set_ylim(low - 0.15 * (high - low + 1), high + 0.25 * (high - low + 1))
    direct = float(np.exp(scores - scores.max()).sum())
    ax_sum.axhline(direct, color="black", ls="--", lw=1, label=_("direct sum"))
    ax_sum.set(xlabel=_("tiles read"), ylabel="s = sum exp(x - m)", title=_("running sum s"))  # i18n: no
    ax_sum.set_xlim(0.5, len(steps) + 0.5)
    ax_sum.set_xticks(range(1, len(steps) + 1))
    ax_sum.set_ylim(0, max(max(s for *_rest, s in steps), direct) * 1.25)
    return direct


def online_softmax_figure(scores, tile):
    """The whole online pass at once: the running max over the scores, and s after each tile against the direct sum."""
    scores = np.asarray(scores, dtype=float)
    steps = tile_steps(scores, tile)
    fig, (ax_scores, ax_sum) = new_figure(8, 3.0, ncols=2)
    direct = draw_tiles(ax_scores, ax_sum, scores, steps)
    edges = [start - 0.5 for start, *_rest in steps] + [len(scores) - 0.5]
    ax_scores.stairs([m for _start, _stop, m, _factor, _s in steps], edges, baseline=None, color=palette.VERMILLION, lw=2, ls="-",
                     label=_("running max m"))
    ax_scores.legend(loc="upper left", fontsize=8)  # i18n: no
    ks = np.arange(1, len(steps) + 1)
    ax_sum.plot(ks, [s for *_rest, s in steps], "o-", color=palette.BLUE, label=_("s after the tile"))
    ax_sum.legend(loc="lower right", fontsize=8)  # i18n: no
    text = "; ".join(i18n._("tile {k}: m = {m:.2f}, factor {factor:.3f}, s = {s:.3f}").format(k=k, m=m, factor=f, s=s)
                     for k, (_start, _stop, m, f, s) in zip(ks, steps))
    return describe(fig, i18n._(
        "Left: {n} scores as bars in {tiles} tiles of {tile}, with the running max as a solid step line. Right: the "
        "running sum s after each tile (circles) against the direct sum {direct:.3f} (dashed). {steps}.").format(
        n=len(scores), tiles=len(steps), tile=tile, direct=direct, steps=text))


FORMATS = (("bfloat16", palette.VERMILLION, "-."), ("float16", palette.ORANGE, "--"), ("float32", palette.BLUE, "-"))


def accumulation_figure(values):
    """Running totals of `values` (1-D) accumulated in bfloat16, float16 and float32, against the exact sum."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(i18n._("values must be a non-empty 1-D array, got shape {shape}").format(shape=values.shape))
    fig, ax = new_figure(6, 3.0)
    k = np.arange(1, len(values) + 1)
    ax.plot(k, np.cumsum(values), color="black", lw=1, ls=":", label=_("exact (float64)"))
    finals = {}
    for name, color, style in FORMATS:
        totals = running_sum(values, name, cumulative=True)
        finals[name] = totals[-1]
        ax.plot(k, totals, style, color=color, lw=1.5, label=_("{dtype} accumulator").format(dtype=name))
    exact = float(np.sum(values))
    ax.set(xlabel=_("terms added"), ylabel=_("running total"),
           title=_("a running sum of {n:,} terms").format(n=len(values)))
    ax.legend(fontsize=8, loc="upper left")  # i18n: no
    ax.grid(alpha=0.3)
    text = ", ".join(f"{name} {finals[name]:.6g} ({finals[name] / exact - 1:+.1%})" for name, *_style in FORMATS)
    return describe(fig, i18n._(
        "Line chart of the running total against the number of terms added, for {n:,} terms: exact sum {exact:.6g} "
        "(dotted); final totals {totals}; bfloat16 dash-dot, float16 dashed, float32 solid.").format(
        n=len(values), exact=exact, totals=text))
