"""Static figures for notebook 01: temperature, and softmax against dividing by the sum."""
import numpy as np

from .. import i18n
from ..activations import softmax
from . import palette
from ._korean import _
from ._common import bar_probs, describe, new_figure


def temperature_figure(logits, temperatures=None):
    """Each probability of ``softmax(logits / T)`` as a curve over the temperature T (log scale).

    Cold (small T) sends all the mass to the largest logit; hot (large T) spreads it evenly.
    """
    logits = np.asarray(logits, dtype=float)  # (C,)
    C = logits.shape[0]
    T = np.logspace(-2, 2, 241) if temperatures is None else np.asarray(temperatures, dtype=float)
    probs = softmax(logits[None, :] / T[:, None])  # (len(T), C)
    fig, ax = new_figure(6, 3)
    for i in range(C):
        ax.plot(T, probs[:, i], label=f"$y_{i + 1}$ ($a_{i + 1}$ = {logits[i]:g})")
    ax.axhline(1 / C, color="gray", ls="--", lw=1)
    ax.text(T[-1], 1 / C + 0.02, _("uniform 1/C = {p:.3f}").format(p=1 / C), ha="right", va="bottom", fontsize=8,
            color=palette.TEXT_GREY)
    ax.axvline(1.0, color="gray", ls=":", lw=1)
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(_("temperature T (log scale)"))
    ax.set_ylabel("softmax(a / T)")  # i18n: no
    ax.set_title(_("T -> 0: all mass on the largest logit;  T -> inf: uniform"))
    ax.legend(fontsize=8, loc="center left")  # i18n: no
    k = int(np.argmax(logits))
    return describe(fig, i18n._(
        "Line chart, one curve per class: each probability of softmax(a / T) against the temperature T from {t_min:g} "
        "to {t_max:g} (log scale), for logits a = ({logits}). At T = {t_min:g}, y{k} = {p_k:.3f}; at T = {t_max:g}, "
        "every y is between {p_min:.3f} and {p_max:.3f}, near 1/C = {uniform:.3f}.").format(
        t_min=T[0], t_max=T[-1], logits=", ".join(f"{v:g}" for v in logits), k=k + 1, p_k=probs[0, k],
        p_min=probs[-1].min(), p_max=probs[-1].max(), uniform=1 / C))


def sum_vs_softmax_figure(logits):
    """Side by side: dividing the logits by their sum, and softmax, for the same logits.

    When the logits sum to 0, a / sum(a) is undefined: the left panel says so in words instead of bars.

    >>> sum_vs_softmax_figure([1, -1]).alt  # doctest: +ELLIPSIS
    'Two bar charts for the logits a = (1, -1): left, no bars: the logits sum to 0, so a / sum(a) is undefined; ...'
    """
    logits = np.asarray(logits, dtype=float)  # (C,)
    if logits.ndim != 1 or logits.size < 2:
        raise ValueError(i18n._("logits must be a 1-D list of at least 2 numbers, got shape {shape}").format(
            shape=logits.shape))
    if not np.isfinite(logits).all():
        raise ValueError(i18n._("logits must be finite numbers, got {logits}").format(logits=logits.tolist()))
    total = logits.sum()
    fmt = lambda values: ", ".join(f"{v:.3f}" for v in values)
    fig, (left, right) = new_figure(8, 2.8, ncols=2)
    probs = softmax(logits)
    if total == 0:
        low, high = -0.15, 1.15
        left.set_xticks(range(len(logits)), [f"$a_{i + 1}$" for i in range(len(logits))])
        left.set_ylim(low, high)
        left.set_title("a / sum(a)")  # i18n: no
        left.text(0.5, 0.5, _("sum(a) = 0:\na / sum(a) is undefined"), transform=left.transAxes, ha="center",
                  va="center", color=palette.TEXT_RED)
        left_words = i18n._("no bars: the logits sum to 0, so a / sum(a) is undefined")
    else:
        by_sum = logits / total
        low = min(0.0, by_sum.min()) - 0.15
        high = max(1.0, by_sum.max()) + 0.15
        bar_probs(left, by_sum, title="a / sum(a)", color=palette.ORANGE, ylim=(low, high))  # i18n: no
        left_words = f"a / sum(a) = ({fmt(by_sum)})"
    left.axhline(0, color="black", lw=0.8)
    bar_probs(right, probs, title="softmax(a)", ylim=(low, high))  # i18n: no
    right.axhline(0, color="black", lw=0.8)
    fig.suptitle(_("logits a = ({values})").format(values=", ".join(f"{v:g}" for v in logits)))
    return describe(fig, i18n._("Two bar charts for the logits a = ({logits}): left, {left}; right, softmax(a) = ({probs}).").format(
        logits=", ".join(f"{v:g}" for v in logits), left=left_words, probs=fmt(probs)))
