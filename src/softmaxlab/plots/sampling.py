"""Figures for notebook 15: what top-k, top-p and min-p keep, how the kept set moves with T, Gumbel-max draws,
and log-sum-exp as a smooth max beside softmax as a smooth arg max."""
import numpy as np

from ..activations import logsumexp, softmax
from .. import i18n
from ..sampling import apply_temperature, min_p_filter, top_k_filter, top_p_filter
from . import palette
from ._korean import _
from ._common import describe, new_figure

TOKENS = ("mat", "sofa", "floor", "bed", "roof", "chair", "moon", "piano")  # "The cat sat on the ..."
LOGITS = (3.0, 2.2, 2.0, 1.4, 0.8, 0.5, -0.5, -1.5)
KEPT, REMOVED = dict(color=palette.BLUE, hatch=""), dict(color=palette.LIGHT_GREY, hatch="//")


def truncate(logits, T=1.0, k=None, p=1.0, min_p=0.0, temperature_first=True):
    """Probabilities after temperature and the filters top-k, then top-p, then min-p (Hugging Face's order).

    With ``temperature_first=False`` the filters see the logits at T = 1 and the temperature divides the kept
    logits afterwards. Returns the (C,) probabilities, 0 for a removed token.

    >>> truncate([2.0, 1.0, 0.0], k=2).round(3)
    array([0.731, 0.269, 0.   ])
    """
    x = np.asarray(logits, dtype=float)
    if temperature_first:
        x = apply_temperature(x, T)
    if k is not None:
        x = top_k_filter(x, k)
    if p < 1:
        x = top_p_filter(x, p)
    if min_p > 0:
        x = min_p_filter(x, min_p)
    if not temperature_first:
        x = apply_temperature(x, T)
    return softmax(x)


def kept_counts(logits, temperatures, k, p, min_p):
    """{filter name: number of tokens each filter alone keeps at each T (temperature first)}."""
    counts = {"top-k": [], "top-p": [], "min-p": []}
    for T in temperatures:
        scaled = apply_temperature(np.asarray(logits, dtype=float), float(T))
        counts["top-k"].append(int(np.isfinite(top_k_filter(scaled, k)).sum()))
        counts["top-p"].append(int(np.isfinite(top_p_filter(scaled, p)).sum()))
        counts["min-p"].append(int(np.isfinite(min_p_filter(scaled, min_p)).sum()))
    return {name: np.array(v) for name, v in counts.items()}


def _bars(ax, probs, keep, tokens):
    order = np.argsort(-probs, kind="stable")  # largest first
    for i, j in enumerate(order):
        style = KEPT if keep[j] else REMOVED
        ax.bar(i, probs[j], color=style["color"], hatch=style["hatch"], edgecolor=palette.TEXT_GREY, linewidth=0.6)
    ax.set_xticks(range(len(probs)), [tokens[j] for j in order], rotation=60, fontsize=8)
    ax.set_ylim(0, 1.08)
    return order


def filters_figure(logits=LOGITS, tokens=TOKENS, T=1.0, k=3, p=0.9, min_p=0.15):
    """Three panels of the same probabilities, largest first: what top-k, top-p (with its running sum) and min-p
    (with its threshold) keep (solid bars) and remove (hatched grey bars)."""
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 1 or len(tokens) != len(logits):
        raise ValueError(i18n._("give one token name per logit: {n} names for logits of shape {shape}").format(
            n=len(tokens), shape=logits.shape))
    probs = softmax(apply_temperature(logits, T))
    keeps = {"top-k": np.isfinite(top_k_filter(logits / T, k)), "top-p": np.isfinite(top_p_filter(logits / T, p)),
             "min-p": np.isfinite(min_p_filter(logits / T, min_p))}
    fig, axes = new_figure(9, 3.2, ncols=3)
    titles = {"top-k": f"top-k, k = {k}", "top-p": f"top-p, p = {p:g}", "min-p": f"min-p, min_p = {min_p:g}"}  # i18n: no
    for ax, (name, keep) in zip(axes, keeps.items()):
        order = _bars(ax, probs, keep, tokens)
        ax.set_title(titles[name], fontsize=9)
        if name == "top-p":
            ax.plot(range(len(probs)), np.cumsum(probs[order]), "o-", color=palette.VERMILLION, ms=3,
                    label=_("running sum"))
            ax.axhline(p, color=palette.BLACK, ls="--", lw=1, label=f"p = {p:g}")
            ax.legend(fontsize=7, loc="center right")  # i18n: no
        if name == "min-p":
            ax.axhline(min_p * probs.max(), color=palette.BLACK, ls=":", lw=1.2,
                       label=f"min_p x max = {min_p * probs.max():.3f}")  # i18n: no
            ax.legend(fontsize=7, loc="upper right")  # i18n: no
    axes[0].set_ylabel(_("probability at T = {T:g}").format(T=T))
    axes[0].bar([0], [0], color=KEPT["color"], label=_("kept"))
    axes[0].bar([0], [0], color=REMOVED["color"], hatch=REMOVED["hatch"], edgecolor=palette.TEXT_GREY, label=_("removed"))
    axes[0].legend(fontsize=7, loc="upper right")  # i18n: no
    kept_names = {name: ", ".join(t for t, q in zip(tokens, keep) if q) for name, keep in keeps.items()}
    parts = "; ".join(i18n._("{name} keeps {kept} of {n} tokens ({tokens}), mass {mass:.3f}").format(
        name=name, kept=int(keep.sum()), n=len(probs), tokens=kept_names[name], mass=probs[keep].sum())
        for name, keep in keeps.items())
    return describe(fig, i18n._(
        "Three bar charts of the same {n} next-token probabilities at T = {T:g}, largest first (top token {top}, "
        "{p_top:.3f}); kept tokens solid, removed ones hatched grey. {filters}.").format(
        n=len(probs), T=T, top=tokens[int(np.argmax(probs))], p_top=probs.max(), filters=parts))


def temperature_order_figure(logits=LOGITS, temperatures=None, k=3, p=0.9, min_p=0.15):
    """How many tokens each filter keeps when it is applied after dividing the logits by T: flat for top-k,
    growing with T for top-p and min-p."""
    temperatures = np.geomspace(0.25, 4.0, 41) if temperatures is None else np.asarray(temperatures, dtype=float)
    if temperatures.ndim != 1 or temperatures.size < 2 or not np.all(temperatures > 0):
        raise ValueError(i18n._("temperatures must be a 1-D array of at least 2 values > 0, got {temperatures!r}").format(
            temperatures=temperatures))
    counts = kept_counts(logits, temperatures, k, p, min_p)
    fig, ax = new_figure(6, 3.2)
    styles = {"top-k": ("-", "o", palette.BLUE), "top-p": ("--", "s", palette.VERMILLION),
              "min-p": ("-.", "^", palette.GREEN)}
    labels = {"top-k": f"top-k (k = {k})", "top-p": f"top-p (p = {p:g})", "min-p": f"min-p (min_p = {min_p:g})"}  # i18n: no
    for name, values in counts.items():
        ls, marker, color = styles[name]
        ax.step(temperatures, values, ls, where="mid", color=color, marker=marker, ms=3, label=labels[name])
    ax.set_xscale("log")
    ticks = [t for t in (0.25, 0.5, 1, 2, 4, 8) if temperatures[0] <= t <= temperatures[-1]]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set(xlabel=_("temperature T (applied first)"), ylabel=_("tokens kept"), ylim=(0, len(logits) + 0.5),
           title=_("Kept tokens out of {n}").format(n=len(logits)))
    ax.legend(fontsize=8, loc="upper left")  # i18n: no
    ax.grid(alpha=0.3)
    def trend(name, values):
        if np.all(values == values[0]):
            return i18n._("{name} stays at {count} for every T").format(name=name, count=values[0])
        if np.all(np.diff(values) >= 0):
            return i18n._("{name} goes from {first} to {last} (never falling)").format(
                name=name, first=values[0], last=values[-1])
        return i18n._("{name} goes from {first} to {last} (not monotonically)").format(
            name=name, first=values[0], last=values[-1])
    span = "; ".join(trend(name, values) for name, values in counts.items())
    return describe(fig, i18n._(
        "Step curves of the number of tokens kept (out of {n}) against T from {t_min:g} to {t_max:g} on a log axis, "
        "the filter applied after dividing the logits by T: {filters}.").format(
        n=len(logits), t_min=temperatures[0], t_max=temperatures[-1], filters=span))


def gumbel_figure(probs, draws, tokens=TOKENS):
    """Observed frequencies of sampled token indices beside the probabilities they should follow."""
    probs = np.asarray(probs, dtype=float)
    draws = np.asarray(draws)
    if probs.ndim != 1 or draws.ndim != 1 or draws.size == 0:
        raise ValueError(i18n._("probs must be (C,) and draws a non-empty (n,) array of indices, got shapes "
                                "{probs_shape} and {draws_shape}").format(probs_shape=probs.shape, draws_shape=draws.shape))
    freq = np.bincount(draws, minlength=len(probs)) / draws.size
    x, w = np.arange(len(probs)), 0.4
    fig, ax = new_figure(6, 3.0)
    ax.bar(x - w / 2, probs, w, color=palette.BLUE, label="softmax(logits)")  # i18n: no
    ax.bar(x + w / 2, freq, w, color=palette.ORANGE, hatch="..", edgecolor=palette.BLACK, linewidth=0,
           label=_("frequency in {n:,} Gumbel-max draws").format(n=draws.size))
    ax.set_xticks(x, list(tokens[: len(probs)]), fontsize=8)
    ax.set(ylabel=_("probability"), ylim=(0, max(probs.max(), freq.max()) * 1.25),
           title="argmax(logits + G)")  # i18n: no
    ax.legend(fontsize=8)
    worst = int(np.argmax(np.abs(freq - probs)))
    return describe(fig, i18n._(
        "Paired bars per token: softmax probability (solid) and the frequency among {n:,} Gumbel-max draws (dotted). "
        "The largest gap is at {token}: {p:.4f} against {freq:.4f}.").format(
        n=draws.size, token=tokens[worst], p=probs[worst], freq=freq[worst]))


def smooth_max_figure(T_values=(1.0, 0.5, 0.25), span=4.0):
    """For logits (x, 0): T log-sum-exp(a / T) against max(x, 0), and the softmax weight y1 against the step of
    the arg max. Log-sum-exp is a smooth max; softmax is a smooth arg max."""
    x = np.linspace(-span, span, 401)
    logits = np.stack([x, np.zeros_like(x)], axis=1)  # (401, 2)
    fig, (ax_m, ax_a) = new_figure(9, 3.2, ncols=2)
    ax_m.plot(x, np.maximum(x, 0), "-", color=palette.BLACK, lw=2, label="max(x, 0)")  # i18n: no
    ax_a.plot(x, (x > 0).astype(float), "-", color=palette.BLACK, lw=2, label=_("arg max: 1 if x > 0"))
    styles = (("--", palette.BLUE), ("-.", palette.VERMILLION), (":", palette.GREEN))
    gaps = []
    for T, (ls, color) in zip(T_values, styles):
        lse = T * logsumexp(logits / T, axis=1)
        gaps.append(float(np.max(lse - np.maximum(x, 0))))
        ax_m.plot(x, lse, ls, color=color, label=f"T lse(a / T), T = {T:g}")  # i18n: no
        ax_a.plot(x, softmax(logits / T, axis=1)[:, 0], ls, color=color,
                  label=f"y1 = softmax(a / T)[0], T = {T:g}")  # i18n: no
    ax_m.set(xlabel=_("x  (logits a = (x, 0))"), ylabel=_("value"), title=_("log-sum-exp: a smooth max"))
    ax_a.set(xlabel=_("x  (logits a = (x, 0))"), ylabel=_("weight of a1"), title=_("softmax: a smooth arg max"))
    for ax in (ax_m, ax_a):
        ax.legend(fontsize=7, loc="upper left")  # i18n: no
        ax.grid(alpha=0.3)
    gap_text = ", ".join(i18n._("{gap:.4f} at T = {T:g}").format(gap=g, T=T) for T, g in zip(T_values, gaps))
    return describe(fig, i18n._(
        "Left: max(x, 0) and T log-sum-exp of (x, 0) / T for x from {x_min:g} to {x_max:g}; the curves lie above the "
        "max by at most T log 2 ({gaps}, at x = 0). Right: the step arg max and the softmax weight of the first logit, "
        "a sigmoid that steepens as T falls, 0.5 at x = 0 for every T.").format(x_min=-span, x_max=span, gaps=gap_text))
