"""Static figures for notebook 02: where exp overflows and underflows, naive vs stable softmax."""
import numpy as np

from .. import i18n
from ..activations import softmax
from . import palette
from ..i18n import N_
from ._korean import _
from ._common import bar_probs, describe, new_figure


def exp_limits(dtype):
    """The x where ``exp(x)`` leaves each range of `dtype`, computed from ``np.finfo``.

    Returns a dict of float64 thresholds:

    - ``overflow`` = log(max): above it exp is inf;
    - ``normal`` = log(smallest normal): below it exp is subnormal (fewer significant bits);
    - ``zero`` = log(smallest subnormal / 2): below it exp is exactly 0. A result under half the
      smallest subnormal rounds to 0 (round to nearest), so the cut is ln 2 below log(smallest subnormal):
      ``np.exp(-745.0)`` is still 5e-324 in float64.

    >>> round(exp_limits(np.float64)["zero"], 2), float(np.exp(-745.0)), float(np.exp(-745.2))
    (-745.13, 5e-324, 0.0)
    """
    info = np.finfo(dtype)
    return {"overflow": float(np.log(np.float64(info.max))),
            "normal": float(np.log(np.float64(info.smallest_normal))),
            "zero": float(np.log(np.float64(info.smallest_subnormal)) - np.log(2.0))}


def exp_range_figure():
    """Two number lines (float32, float64): where exp(x) is 0, subnormal, a normal number, or inf."""
    fig, ax = new_figure(8, 2.4)
    low, high = -800.0, 800.0
    for row, dtype in enumerate([np.float64, np.float32]):
        lim = exp_limits(dtype)
        spans = [(low, lim["zero"], palette.LIGHT_GREY, "0"), (lim["zero"], lim["normal"], palette.ORANGE, N_("subnormal")),
                 (lim["normal"], lim["overflow"], palette.SKY_BLUE, N_("finite")),
                 (lim["overflow"], high, palette.VERMILLION, "inf")]
        for start, stop, color, text in spans:
            ax.barh(row, stop - start, left=start, color=color, height=0.6, edgecolor="white",
                    hatch="//" if text == "subnormal" else None)  # too narrow for its word: hatched
            if stop - start > 60:
                ax.text((start + stop) / 2, row, _(text), ha="center", va="center", fontsize=9, color="black")
        ax.text(lim["overflow"], row + 0.38, f"{lim['overflow']:.2f}", ha="center", va="bottom", fontsize=8)
        ax.text(lim["zero"], row + 0.38, f"{lim['zero']:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_yticks([0, 1], ["float64", "float32"])
    ax.set_ylim(-0.5, 1.75)
    ax.set_xlim(low, high)
    ax.set_xlabel("x")
    ax.set_title(_("what np.exp(x) gives: 0 (underflow), subnormal (hatched), a normal number, or inf (overflow)"))
    f64, f32 = exp_limits(np.float64), exp_limits(np.float32)
    return describe(fig, i18n._(
        "Two number lines of x, float64 and float32, coloured by what np.exp(x) gives: 0, subnormal, finite or inf. "
        "exp overflows to inf above {over64:.2f} in float64 and above {over32:.2f} in float32; it is exactly 0 below "
        "about {zero64:.2f} and {zero32:.2f}.").format(over64=f64["overflow"], over32=f32["overflow"],
                                                        zero64=f64["zero"], zero32=f32["zero"]))


def draw_probs_or_nan(ax, probs, title, color=palette.BLUE):
    """A probability bar chart where a nan entry shows as a red 'nan' instead of a bar.

    Returns the bars and their value labels, so that :func:`set_probs_or_nan` can move them.
    """
    probs = np.asarray(probs, dtype=float)
    bars = bar_probs(ax, np.zeros_like(probs), title=title, color=color, ylim=(0, 1.15))
    labels = ax.texts[-len(probs):]
    set_probs_or_nan(bars, labels, probs)
    return bars, labels


def set_probs_or_nan(bars, labels, probs):
    """Set bar heights and labels to `probs`; a nan gets no bar and a bold red 'nan'.

    A bar that already shows its value (same label, height within 1e-9: far below a pixel) is left
    alone, not marked changed, so a LiveFigure draws and sends nothing when shifting every logit
    changed the probabilities only in their last bits.
    """
    for bar, label, p in zip(bars, labels, probs):
        bad = bool(np.isnan(p))
        height = 0.0 if bad else float(p)
        if label.get_text() == ("nan" if bad else f"{p:.3f}") and abs(bar.get_height() - height) < 1e-9:
            continue  # already showing p
        bar.set_height(height)
        label.xy = (bar.get_x() + bar.get_width() / 2, height)
        label.stale = True  # xy has no setter to mark it changed (a LiveFigure repaints what is stale)
        label.set_text("nan" if bad else f"{p:.3f}")
        label.set_color(palette.TEXT_RED if bad else "black")
        label.set_fontweight("bold" if bad else "normal")


def naive_and_stable(logits, dtype=np.float64):
    """The naive and the max-shifted softmax of `logits` in `dtype`, warnings silenced."""
    logits = np.asarray(logits, dtype=dtype)  # (C,)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        e = np.exp(logits)
        naive = e / e.sum()
    return naive, softmax(logits)


def naive_vs_stable_figure(logits, dtype=np.float64):
    """Side by side, the naive softmax and the stable one for the same logits and dtype."""
    fig, (left, right) = new_figure(8, 2.8, ncols=2)
    draw_naive_vs_stable(left, right, logits, dtype)
    naive, stable = naive_and_stable(logits, dtype)
    fmt = lambda probs: ", ".join("nan" if np.isnan(p) else f"{p:.3f}" for p in probs)
    return describe(fig, i18n._(
        "Two bar charts of softmax in {dtype} for logits ({logits}): naive exp(a) / sum(exp(a)) gives ({naive}); "
        "subtracting the max first gives ({stable}).").format(
        dtype=np.dtype(dtype).name, logits=", ".join(f"{v:g}" for v in np.asarray(logits, dtype=float)),
        naive=fmt(naive), stable=fmt(stable)))


def draw_naive_vs_stable(left, right, logits, dtype):
    """Draw both panels; returns ((naive bars, labels), (stable bars, labels))."""
    naive, stable = naive_and_stable(logits, dtype)
    name = np.dtype(dtype).name
    return (draw_probs_or_nan(left, naive, _("naive  exp(a) / sum(exp(a))  [{dtype}]").format(dtype=name),
                              color=palette.ORANGE),
            draw_probs_or_nan(right, stable, _("stable  subtract max first  [{dtype}]").format(dtype=name)))
