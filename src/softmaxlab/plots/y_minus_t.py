"""Figures for notebook 06: y, t and y - t as bars; the published hand-written Jacobian's run beside the correct one."""
import numpy as np

from .. import i18n
from ..activations import softmax
from . import palette
from ._korean import _
from ._common import describe, new_figure

COLORS = {"y": palette.BLUE, "t": palette.GREY, "y - t": palette.VERMILLION}
HATCHES = {"y": "", "t": "..", "y - t": "//"}  # each bar's meaning without colour too


def draw_y_t_bars(ax, probs, targets):
    """Grouped bars of y, t and y - t per class on `ax`; returns {name: bar container}."""
    probs, targets = np.asarray(probs, dtype=float), np.asarray(targets, dtype=float)
    C, width = len(probs), 0.27
    bars = {}
    for k, (name, values) in enumerate((("y", probs), ("t", targets), ("y - t", probs - targets))):
        bars[name] = ax.bar(np.arange(C) + (k - 1) * width, values, width, color=COLORS[name], label=name,
                            hatch=HATCHES[name], edgecolor="black", linewidth=0)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(range(C), [_("class {k}").format(k=i + 1) for i in range(C)])
    ax.set_ylim(-1.05, 1.4)  # room above 1 for the legend
    ax.set_ylabel(_("value"))
    ax.legend(loc="upper center", fontsize=8, ncols=3)  # i18n: no
    return bars


def y_minus_t_figure(logits, label):
    """The static figure of what YMinusTExplorer shows: y, the one-hot t, and the gradient y - t."""
    probs = softmax(np.asarray(logits, dtype=float))
    fig, ax = new_figure(6, 3.2)
    draw_y_t_bars(ax, probs, np.eye(len(probs))[label])
    ax.set_title(_("dL/da = y - t (true class {k})").format(k=label + 1), fontsize=10)
    fmt = lambda values: ", ".join(f"{v:+.3f}" for v in values)
    return describe(fig, i18n._(
        "Grouped bar chart per class, true class {k}: y = ({probs}), the one-hot t and the gradient y - t = ({grad}).")
        .format(k=label + 1, probs=fmt(probs), grad=fmt(probs - np.eye(len(probs))[label])))


def trajectory_figure(history_post, history_correct, label, post_after=None):
    """Loss and the true-class probability over the training steps, for the published hand-written Jacobian and the correct gradient."""
    fig, (ax_l, ax_p) = new_figure(9, 3.4, ncols=2)
    runs = ((_("the hand-written Jacobian"), history_post, palette.VERMILLION, "--"),
            (_("correct gradient y - t"), history_correct, palette.BLUE, "-"))
    for name, hist, color, style in runs:
        steps = np.arange(len(hist["loss"]))
        ax_l.plot(steps, hist["loss"], style, color=color, label=name)
        ax_p.plot(steps, hist["probs"][:, label], style, color=color, label=name)
    if post_after is not None:
        last = len(history_post["loss"]) - 1
        ax_l.plot([last], [post_after["loss"].item()], "kx", ms=9, label=_("printed by the tutorial"))
        ax_p.plot([last], [post_after["pred"][0, label]], "kx", ms=9, label=_("printed by the tutorial"))
    ax_l.set(xlabel=_("step"), ylabel=_("loss  -log y_true"), title=_("loss"))
    ax_p.set(xlabel=_("step"), ylabel=f"y{label + 1}", title=_("probability of the true class {k}").format(k=label + 1))
    for ax in (ax_l, ax_p):
        ax.grid(alpha=0.3)
    ax_l.legend(fontsize=8)
    # the alt text is in the learner's language even when the figure's words stay English (no Korean font)
    names = (i18n._("the hand-written Jacobian"), i18n._("correct gradient y - t"))
    ends = "; ".join(i18n._("{Name}: loss {first:.3g} to {last:.3g}, y{k} {p_first:.3f} to {p_last:.3f}").format(
        Name=name[0].upper() + name[1:], first=hist["loss"][0], last=hist["loss"][-1], k=label + 1,
        p_first=hist["probs"][0, label], p_last=hist["probs"][-1, label])
        for name, (_name, hist, _color, _style) in zip(names, runs))
    return describe(fig, i18n._(
        "Two line charts over {steps} training steps, {first} (dashed) against the {second} (solid): loss and the "
        "probability of the true class {k}. {ends}.").format(
        steps=len(history_correct["loss"]) - 1, first=names[0], second=names[1], k=label + 1, ends=ends))
