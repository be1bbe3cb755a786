"""Figures for notebook 13: how softmax saturates as d grows without the 1/sqrt(d), and a masked attention matrix."""
import numpy as np

from .. import i18n
from ..activations import softmax
from ..attention import masked_softmax
from . import palette
from ._korean import _
from ._common import describe, new_figure

DIMS = (1, 4, 16, 64, 256, 512, 1024)  # the head sizes of the table and the figure


def jacobian_norms(probs):
    """Frobenius norm of the softmax Jacobian diag(y) - y yᵀ of each row of `probs` (..., S), without building J.

    ``||J||_F^2 = sum_i y_i^2 (1 - 2 y_i) + (sum_i y_i^2)^2``: 0 for a one-hot row, largest for a spread one.

    >>> float(jacobian_norms(np.array([0.5, 0.5])).round(4))
    0.5
    >>> float(jacobian_norms(np.array([1.0, 0.0])))
    0.0
    """
    probs = np.asarray(probs, dtype=float)
    sq = np.sum(probs ** 2, axis=-1)
    return np.sqrt(np.maximum(np.sum(probs ** 2 * (1 - 2 * probs), axis=-1) + sq ** 2, 0.0))


def random_qk(d, L=256, S=16, seed=0):
    """Queries (L, d) and keys (S, d) with independent standard normal entries, from a seeded generator."""
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise ValueError(i18n._("d must be a positive int (the head size), got {d!r}").format(d=d))
    rng = np.random.default_rng([seed, int(d)])
    return rng.normal(size=(L, d)), rng.normal(size=(S, d))


def saturation(d, scaled, L=256, S=16, seed=0):
    """(mean largest weight, mean Jacobian norm) of softmax(q kᵀ · s) over L random queries and S keys.

    s = 1/sqrt(d) when `scaled`, else 1. The entries of q and k are standard normal (:func:`random_qk`).
    """
    q, k = random_qk(d, L, S, seed)
    scores = (q @ k.T) / (np.sqrt(d) if scaled else 1.0)  # (L, S)
    probs = softmax(scores)
    return float(probs.max(axis=-1).mean()), float(jacobian_norms(probs).mean())


def saturation_table(dims=DIMS, L=256, S=16, seed=0):
    """{d: {"plain": (largest, norm), "scaled": (largest, norm)}} for each head size d."""
    return {d: {"plain": saturation(d, False, L, S, seed), "scaled": saturation(d, True, L, S, seed)} for d in dims}


def scaling_figure(dims=DIMS, L=256, S=16, seed=0):
    """Two panels against d (log scale): the mean largest attention weight and the mean Jacobian norm, with and
    without the 1/sqrt(d) scaling."""
    table = saturation_table(dims, L, S, seed)
    dims = np.asarray(list(table))
    fig, (ax_w, ax_j) = new_figure(9, 3.2, ncols=2)
    for ax, col, ylabel in ((ax_w, 0, _("mean largest weight")), (ax_j, 1, _("mean ‖J‖ (Frobenius)"))):
        plain = [table[d]["plain"][col] for d in dims]
        scaled = [table[d]["scaled"][col] for d in dims]
        ax.semilogx(dims, plain, "o-", color=palette.VERMILLION, label=_("q·k (no scaling)"), base=2)
        ax.semilogx(dims, scaled, "s--", color=palette.BLUE, label="q·k / √d", base=2)
        ax.set_xlabel(_("head size d"))
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
    ax_w.axhline(1 / S, color=palette.TEXT_GREY, linestyle=":", label=_("uniform 1/S = {p:.4f}").format(p=1 / S))
    ax_w.set_ylim(0, 1.02)
    ax_j.set_ylim(0, None)
    ax_w.set_title(_("softmax over S = {S} keys").format(S=S))
    ax_j.set_title(_("size of its Jacobian"))
    ax_w.legend(fontsize=8)
    big = dims[-1]
    return describe(fig, i18n._(
        "Two line charts against the head size d from {d_min} to {d_max} (log scale), averaged over {L} random queries "
        "and {S} keys. Without scaling (circles) the mean largest weight climbs from {w_first:.2f} to {w_last:.2f} and "
        "the mean Jacobian norm, {j_first:.2f} at d = {d_min}, peaks at {j_peak:.2f} (d = {d_peak}) and falls to "
        "{j_last:.3f}; with q·k / √d (squares) they stay between {ws_min:.2f} and {ws_max:.2f}, and between "
        "{js_min:.2f} and {js_max:.2f}.").format(
        d_min=dims[0], d_max=big, L=L, S=S, w_first=table[dims[0]]["plain"][0], w_last=table[big]["plain"][0],
        j_first=table[dims[0]]["plain"][1], j_peak=max(table[d]["plain"][1] for d in dims),
        d_peak=max(dims, key=lambda d: table[d]["plain"][1]), j_last=table[big]["plain"][1],
        ws_min=min(table[d]["scaled"][0] for d in dims), ws_max=max(table[d]["scaled"][0] for d in dims),
        js_min=min(table[d]["scaled"][1] for d in dims), js_max=max(table[d]["scaled"][1] for d in dims)))


def _cell_text(w, kept):
    if not kept:
        return _("off")
    return "nan" if np.isnan(w) else f"{w:.2f}"


def draw_weights(ax, weights, keep):
    """Heatmap of attention weights (L, S), each written in its cell; masked cells hatched and grey.

    Fills run from white to sky blue, so black text stays readable on every cell (and on white).
    Returns the image and the (L, S) list of texts.
    """
    from matplotlib.colors import LinearSegmentedColormap

    weights = np.asarray(weights, dtype=float)
    L, S = weights.shape
    cmap = LinearSegmentedColormap.from_list("white_sky", ["#FFFFFF", palette.SKY_BLUE]).with_extremes(
        bad=palette.LIGHT_GREY)
    shown = np.where(keep, weights, np.nan)
    im = ax.imshow(np.ma.masked_invalid(shown), cmap=cmap, vmin=0, vmax=1)
    for i in range(L):
        for j in range(S):
            if not keep[i, j]:
                ax.add_patch(_hatch(ax, i, j))
    texts = [[ax.text(j, i, _cell_text(weights[i, j], keep[i, j]), ha="center", va="center", fontsize=8,
                      color=palette.BLACK) for j in range(S)] for i in range(L)]
    ax.set_xticks(range(S), [f"k{j}" for j in range(S)])
    ax.set_yticks(range(L), [f"q{i}" for i in range(L)])
    ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False, length=0)
    return im, texts


def _hatch(ax, i, j):
    from matplotlib.patches import Rectangle
    return Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="//", edgecolor=palette.GREY, linewidth=0)


def mask_figure(scores, keep, empty="zeros"):
    """The weights masked_softmax(scores, keep, empty=...) of an (L, S) score matrix, as a heatmap."""
    scores = np.asarray(scores, dtype=float)
    keep = np.broadcast_to(np.asarray(keep, dtype=bool), scores.shape)
    if scores.ndim != 2:
        raise ValueError(i18n._("scores must be a matrix (L, S), got shape {shape}").format(shape=scores.shape))
    weights = masked_softmax(scores, keep, empty=empty)
    fig, ax = new_figure(4.2, 3.4)
    draw_weights(ax, weights, keep)
    ax.set_title(_("masked softmax, fully masked row: {empty}").format(empty=empty), fontsize=10)
    empty_rows = [i for i in range(len(keep)) if not keep[i].any()]
    cell = lambda w, k: _cell_text(w, k) if k else i18n._("off")  # the alt text: the learner's language, font or not
    rows = "; ".join(i18n._("row q{i}: {weights}").format(i=i, weights=", ".join(cell(w, k) for w, k in zip(weights[i], keep[i])))
                     for i in range(len(keep)))
    note = (" " + i18n.ngettext("Row {rows} is fully masked.", "Rows {rows} are fully masked.", len(empty_rows)).format(
        rows=", ".join(f"q{i}" for i in empty_rows))) if empty_rows else ""
    return describe(fig, i18n._(
        "A {L} by {S} grid of attention weights, queries in rows, keys in columns, masked cells grey and hatched: "
        "{rows}.{note}").format(L=scores.shape[0], S=scores.shape[1], rows=rows, note=note))
