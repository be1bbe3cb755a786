"""Figures for notebook 07: loss flavours side by side, softmax twice, clipping vs log-softmax."""
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..activations import log_softmax, softmax, softmax_backward
from ..flavours import loss_variants
from .. import i18n
from ..i18n import N_
from ..losses import cross_entropy, cross_entropy_backward
from . import palette
from ._korean import _
from ._common import describe, new_figure

KIND_COLORS = {"right": palette.BLUE, "approx": palette.SKY_BLUE, "other": palette.GREEN,
               "mistake": palette.VERMILLION}
KIND_HATCHES = {"right": "", "approx": "//", "other": "..", "mistake": "xx"}  # the kind without colour too
KIND_NAMES = {"right": N_("meant for this input"), "approx": N_("right up to clipping"),
              "other": N_("a different model"), "mistake": N_("a mistake")}  # the colour key, shown under the widget
# (translated where shown: _(KIND_NAMES[kind]))


def new_variants_figure():
    """The empty figure the loss-variants bar chart is drawn on."""
    return new_figure(6.4, 3.2)


XLIM_STEPS = (1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 50.0, 100.0)


def loss_axis_limit(values):
    """The right end of the loss axis: the first of a few fixed steps that fits every finite value."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    top = 1.1 * finite.max() if finite.size else 0.0
    return next((step for step in XLIM_STEPS if step >= top), XLIM_STEPS[-1])


def draw_loss_variants(ax, rows, logits, label, artists=None, values_on_bars=True, title=True):
    """Horizontal bars, one per ``(name, value, kind)`` row; reuses `artists` when given.

    Returns the artists to pass back next time. The live widget passes ``values_on_bars=False``
    and ``title=False`` and shows those as HTML instead: text is what makes a redraw slow.
    inf and nan are drawn full length.
    """
    values = np.array([value for _name, value, _kind in rows])
    right = loss_axis_limit(values)
    shown = np.where(np.isfinite(values), np.minimum(values, right), right)
    if artists is None:
        y = np.arange(len(rows))[::-1]
        bars = ax.barh(y, shown, color=[KIND_COLORS[kind] for _name, _value, kind in rows], edgecolor="black", linewidth=0)
        for bar, (_name, _value, kind) in zip(bars, rows):
            bar.set_hatch(KIND_HATCHES[kind])
        labels = [ax.text(0, yi, "", va="center", fontsize=8) for yi in y] if values_on_bars else []
        ax.set_yticks(y, [name for name, _value, _kind in rows], fontsize=8)
        ax.set_xlabel(_("loss"))
        ax.xaxis.set_major_locator(MaxNLocator(5))
        artists = {"bars": bars, "labels": labels}
    for bar, s in zip(artists["bars"], shown):
        bar.set_width(s)
    texts = ["nan" if np.isnan(v) else "inf" if np.isinf(v) else f"{v:.4f}" for v in values]
    for text, s, t in zip(artists["labels"], shown, texts):
        text.set_x(s + 0.01 * right)
        text.set_text(t)
    ax.set_xlim(0, right * 1.15)
    if title:
        ax.set_title(_("a = [{logits}], true class {k}").format(logits=", ".join(f"{a:.1f}" for a in logits), k=label + 1),
                     fontsize=10)
    return artists


def loss_variants_figure(logits, label):
    """The static figure of what LossFlavours shows for these logits and true class."""
    fig, ax = new_variants_figure()
    rows = loss_variants(logits, label)
    draw_loss_variants(ax, rows, np.asarray(logits, dtype=float), label)
    kinds = [kind for kind in KIND_NAMES if any(k == kind for _name, _value, k in rows)]
    fig.legend(handles=[Patch(facecolor=KIND_COLORS[k], hatch=KIND_HATCHES[k], edgecolor="black", linewidth=0,
                              label=_(KIND_NAMES[k])) for k in kinds],
               loc="outside lower center", ncols=2, fontsize=8)  # i18n: no
    text = "; ".join(f"{name} {value:.4f} ({i18n._(KIND_NAMES[kind])})" for name, value, kind in rows)
    return describe(fig, i18n._("Horizontal bar chart of every loss variant for logits ({logits}) and true class {k}: "
                                "{variants}.").format(logits=", ".join(f"{a:g}" for a in np.asarray(logits, dtype=float)),
                                                      k=label + 1, variants=text))


def double_softmax_figure(C=3, margins=np.linspace(-6, 12, 181)):
    """Loss and gradient for logits ``[m, 0, ..., 0]`` (true class 1), right vs softmax twice."""
    right_loss, twice_loss, right_grad, twice_grad = [], [], [], []
    for m in margins:
        logits = np.zeros(C)
        logits[0] = m
        probs = softmax(logits)
        right_loss.append(cross_entropy(logits, 0))
        twice_loss.append(cross_entropy(probs, 0))
        right_grad.append(cross_entropy_backward(logits, 0)[0])
        # softmax twice: dL/dprobs = softmax(probs) - t, then back through the first softmax
        twice_grad.append(softmax_backward(probs, cross_entropy_backward(probs, 0))[0])
    fig, (ax1, ax2) = new_figure(9, 3.2, ncols=2)
    ax1.plot(margins, right_loss, label="cross_entropy(logits)")  # i18n: no
    ax1.plot(margins, twice_loss, color=palette.VERMILLION, ls="--", label="cross_entropy(softmax(logits))")  # i18n: no
    floor = np.log(np.e + C - 1) - 1
    ax1.axhline(floor, color=palette.VERMILLION, ls=":", lw=1)
    ax1.annotate(_("floor log(e + {c}) - 1 = {floor:.3f}").format(c=C - 1, floor=floor), (margins[-1], floor),
                 xytext=(0, 5), textcoords="offset points", color=palette.TEXT_RED, fontsize=8, ha="right")  # i18n: no
    ax1.set(xlabel=_("margin m of the true logit"), ylabel=_("loss"), title=_("loss"), ylim=(0, None))
    ax1.legend(fontsize=8)
    ax2.plot(margins, right_grad, label=_("right: y1 - 1"))
    ax2.plot(margins, twice_grad, color=palette.VERMILLION, ls="--", label=_("softmax twice"))
    ax2.axhline(0, color="gray", lw=0.5)
    ax2.set(xlabel=_("margin m of the true logit"), ylabel="dL/dm", title=_("gradient on the true logit"))  # i18n: no
    ax2.legend(fontsize=8)
    return describe(fig, i18n._(
        "Two line charts against the margin m of the true logit, from {m_min:g} to {m_max:g}, {C} classes. Loss: "
        "cross_entropy(logits) falls to {right_loss:.2g}, while cross_entropy(softmax(logits)) levels off at "
        "{twice_loss:.3f}, the floor being {floor:.3f}. Gradient on the true logit at m = {m_max:g}: right "
        "{right_grad:.2g}, softmax twice {twice_grad:.2g}.").format(
        m_min=margins[0], m_max=margins[-1], C=C, right_loss=right_loss[-1], twice_loss=twice_loss[-1], floor=floor,
        right_grad=right_grad[-1], twice_grad=twice_grad[-1]))


def clipping_figure(gaps=np.linspace(0, 40, 401), eps=1e-7):
    """Loss -log y_true for logits ``[0, gap]`` (true class 1): log-softmax vs clipped log."""
    exact, clipped, grad_exact, grad_clipped = [], [], [], []
    for g in gaps:
        logits = np.array([0.0, g])
        p = softmax(logits)[0]
        exact.append(-log_softmax(logits)[0])
        clipped.append(-np.log(np.clip(p, eps, 1 - eps)))
        grad_exact.append(p - 1)  # d/da1 of -log_softmax: y1 - 1
        grad_clipped.append(p - 1 if eps < p < 1 - eps else 0.0)  # clip has zero slope outside
    fig, (ax1, ax2) = new_figure(9, 3.2, ncols=2)
    ax1.plot(gaps, exact, label="-log_softmax(a)[true]")  # i18n: no
    ax1.plot(gaps, clipped, color=palette.ORANGE, ls="--", label="-log(clip(softmax(a), 1e-7))")  # i18n: no
    ax1.axhline(-np.log(eps), color=palette.ORANGE, lw=0.5)
    ax1.set(xlabel=_("how far the true logit is behind (a2 - a1)"), ylabel=_("loss"), title=_("loss"))
    ax1.legend(fontsize=8)
    ax2.plot(gaps, grad_exact, label=_("log-softmax: y1 - 1"))
    ax2.plot(gaps, grad_clipped, color=palette.ORANGE, ls="--", label=_("clipped: 0 once clipped"))
    ax2.set(xlabel=_("how far the true logit is behind (a2 - a1)"), ylabel="dL/da1",  # i18n: no
            title=_("gradient on the true logit"), ylim=(-1.1, 0.1))
    ax2.legend(fontsize=8)
    return describe(fig, i18n._(
        "Two line charts against how far the true logit is behind, 0 to {gap_max:g}. Loss: -log_softmax keeps rising "
        "to {exact:.1f}; the clipped log stays at {clipped:.1f} once p < {eps:g}. Gradient: log-softmax stays near "
        "{grad_exact:.2f}; the clipped one is {grad_clipped:g} there.").format(
        gap_max=gaps[-1], exact=exact[-1], clipped=-np.log(eps), eps=eps, grad_exact=grad_exact[-1],
        grad_clipped=grad_clipped[-1]))
