"""Figures for notebook 11: each row's share of a weighted, masked batch; micro-batch means vs the token mean."""
import numpy as np
from matplotlib.patches import Patch

from .. import i18n
from ..i18n import N_
from ..losses import cross_entropy, cross_entropy_backward
from . import palette
from ._korean import _
from ._common import describe, new_figure

SERIES = {  # name: (colour, hatch); the hatch tells them apart without colour
    "weight": (palette.BLUE, ""),
    "gradient": (palette.ORANGE, "//"),
    "ignored": (palette.LIGHT_GREY, "xx"),
}
SERIES_NAMES = {"weight": N_("row's weight in the mean, w[k_n] / D"),  # translated where shown: _(SERIES_NAMES[k])
                "gradient": N_("row's share of the gradient (L1 size)"),
                "ignored": N_("ignored row")}


def row_shares(logits, labels, weight=None, ignore_index=-100):
    """What each row of a batch contributes to PyTorch's 'mean' cross-entropy and its gradient.

    Parameters
    ----------
    logits : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
        Class indices; a label equal to `ignore_index` is left out.
    weight : array_like, shape (C,), optional
        Class weights (all 1 when not given).
    ignore_index : int

    Returns
    -------
    dict
        ``"factor"`` (N,): w[k_n] / D for kept rows, 0 for ignored ones (the factor in front of
        y_n - t_n); ``"gradient"`` (N,): each row's share of the gradient's L1 size (nan when the
        whole gradient is 0); ``"kept"`` (N,) bool; ``"denominator"`` D, the summed weight of the
        kept targets (their count without weights); ``"loss"`` (nan when D is 0);
        ``"mean_over_n"``: the weighted sum divided by N instead, for comparison.

    Raises
    ------
    ValueError, TypeError
        As :func:`softmaxlab.losses.cross_entropy`.

    Examples
    --------
    >>> s = row_shares([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [0, 1, -100], weight=[3.0, 1.0])
    >>> s["factor"].tolist(), float(s["denominator"])
    ([0.75, 0.25, 0.0], 4.0)
    """
    logits = np.asarray(logits, dtype=float)
    labels = np.asarray(labels)
    loss = float(cross_entropy(logits, labels, weight=weight, ignore_index=ignore_index))  # checks the inputs
    grad = cross_entropy_backward(logits, labels, weight=weight, ignore_index=ignore_index)  # (N, C)
    N, C = logits.shape
    w = np.ones(C) if weight is None else np.asarray(weight, dtype=float)
    kept = labels != ignore_index
    w_t = np.where(kept, w[np.where(kept, labels, 0)], 0.0)  # (N,)
    D = float(w_t.sum())
    size = np.abs(grad).sum(axis=1)  # (N,)
    with np.errstate(all="ignore"):  # D = 0 or a zero gradient: nan, said in words by the callers
        factor = w_t / D if D > 0 else np.zeros(N)
        gradient = size / size.sum()
    losses = cross_entropy(logits, labels, weight=weight, ignore_index=ignore_index, reduction="none")  # (N,)
    return {"factor": factor, "gradient": gradient, "kept": kept, "denominator": D, "loss": loss,
            "mean_over_n": float(losses.sum() / N)}


def new_shares_figure():
    """The empty figure the row-shares bars are drawn on (the widget's size: 5 x 2.6 inches)."""
    return new_figure(5.0, 2.6)


def draw_row_shares(ax, shares, artists=None):
    """Bars per row: its weight in the mean, its share of the gradient, and a grey hatched bar if ignored.

    Reuses `artists` (returned by the first call) so a widget only changes bar heights.
    """
    N = len(shares["factor"])
    heights = {"weight": shares["factor"], "gradient": np.nan_to_num(shares["gradient"]),
               "ignored": np.where(shares["kept"], 0.0, 1.0)}
    if artists is None:
        x = np.arange(N)
        offsets = {"ignored": (0.0, 0.9), "weight": (-0.2, 0.38), "gradient": (0.2, 0.38)}
        artists = {}
        for name in ("ignored", "weight", "gradient"):
            colour, hatch = SERIES[name]
            dx, width = offsets[name]
            artists[name] = ax.bar(x + dx, heights[name], width, color=colour, hatch=hatch, edgecolor="black",
                                   linewidth=0.5, label=_(SERIES_NAMES[name]))
            for bar, h in zip(artists[name], heights[name]):
                bar.set_visible(h > 0)
        ax.set_xticks(x, [_("row {n}").format(n=n + 1) for n in range(N)])
        ax.axhline(0, color="black", linewidth=0.8)  # the bars' baseline, in the fixed background
        ax.set_ylim(-0.03, 1)  # a gap under the baseline: a live redraw need not repaint the bottom frame
        ax.set_ylabel(_("share"))
        return artists
    for name, bars in artists.items():
        for bar, h in zip(bars, heights[name]):
            if bar.get_height() != h:  # an unchanged bar stays as drawn (a live figure repaints only what changed)
                bar.set_height(h)
                bar.set_visible(h > 0)  # a hatched bar costs drawing time even at height 0
    return artists


def row_shares_figure(logits, labels, weight=None, ignore_index=-100):
    """Static figure: each row's weight in the mean and share of the gradient, ignored rows marked."""
    shares = row_shares(logits, labels, weight, ignore_index)
    fig, ax = new_figure(6.0, 3.0)
    draw_row_shares(ax, shares)
    fig.legend(handles=[Patch(facecolor=SERIES[k][0], hatch=SERIES[k][1], edgecolor="black", linewidth=0.5,
                              label=_(SERIES_NAMES[k])) for k in ("weight", "gradient", "ignored")],
               loc="outside lower center", ncols=2, fontsize=8)  # i18n: no
    ax.set_title(_("denominator D = {D:.4g}, loss = {loss:.4f}").format(D=shares["denominator"], loss=shares["loss"]),
                 fontsize=10)
    rows = "; ".join(
        i18n._("row {n} ignored").format(n=n + 1) if not k else
        i18n._("row {n} weight {weight:.3f}, gradient share {share:.3f}").format(n=n + 1, weight=f, share=g)
        for n, (f, g, k) in enumerate(zip(shares["factor"], shares["gradient"], shares["kept"])))
    return describe(fig, i18n._(
        "Bar chart, two bars per row of a batch of {N}: the row's weight w[k_n] / D in the mean and its share of the "
        "gradient's size. D = {D:.4g}, loss {loss:.4f}. {rows}.").format(
        N=len(shares["factor"]), D=shares["denominator"], loss=shares["loss"], rows=rows))


def accumulation_figure(means, counts):
    """Micro-batch mean losses (bar width = token count) against the token mean and the mean of the means.

    Parameters
    ----------
    means : array_like, shape (K,)
        The mean per-token loss of each micro-batch.
    counts : array_like of int, shape (K,)
        The number of kept tokens of each micro-batch (> 0).

    Raises
    ------
    ValueError
        Different lengths, no micro-batch, or a count < 1.
    """
    means, counts = np.asarray(means, dtype=float), np.asarray(counts)
    if means.ndim != 1 or means.shape != counts.shape or means.size == 0:
        raise ValueError(i18n._("means and counts must be two non-empty 1-d arrays of the same length, got shapes "
                                "{means_shape} and {counts_shape}").format(means_shape=means.shape,
                                                                          counts_shape=counts.shape))
    if np.any(counts < 1):
        raise ValueError(i18n._("every micro-batch needs at least one kept token to have a mean, got counts {counts}")
                         .format(counts=counts.tolist()))
    token_mean = float(np.sum(means * counts) / np.sum(counts))
    mean_of_means = float(np.mean(means))
    fig, ax = new_figure(6.0, 3.0)
    left = np.concatenate([[0], np.cumsum(counts)[:-1]])
    ax.bar(left, means, counts, align="edge", color=palette.SKY_BLUE, edgecolor="black", linewidth=0.5,
           label=_("micro-batch mean (width = its tokens)"))
    total = int(np.sum(counts))
    ax.plot([0, total], [token_mean, token_mean], color=palette.BLUE, linestyle="-", linewidth=2,
            label=_("mean over all tokens = {mean:.4f}").format(mean=token_mean))
    ax.plot([0, total], [mean_of_means, mean_of_means], color=palette.VERMILLION, linestyle="--", linewidth=2,
            label=_("mean of the micro-batch means = {mean:.4f}").format(mean=mean_of_means))
    for x0, n, m in zip(left, counts, means):
        ax.text(x0 + n / 2, m, f"{int(n)}", ha="center", va="bottom", fontsize=8)
    ax.set_xlim(0, total)
    ax.set_ylim(0, 1.25 * max(means.max(), token_mean, mean_of_means))
    ax.set_xlabel(_("tokens (kept), micro-batch after micro-batch"))
    ax.set_ylabel(_("mean loss per token"))
    ax.legend(loc="upper right", fontsize=8)  # i18n: no
    parts = ", ".join(i18n._("{n} tokens at {mean:.3f}").format(n=int(n), mean=m) for n, m in zip(counts, means))
    return describe(fig, i18n._(
        "Bars of the mean per-token loss of {K} micro-batches, each as wide as its token count ({parts}). Mean over all "
        "{total} tokens {token_mean:.4f} (solid line); mean of the micro-batch means {mean_of_means:.4f} (dashed "
        "line).").format(K=len(means), parts=parts, total=total, token_mean=token_mean, mean_of_means=mean_of_means))
