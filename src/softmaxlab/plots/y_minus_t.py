"""Figures for notebook 06: y, t and y - t as bars, and the post-001 training runs side by side."""
import numpy as np

from ..activations import softmax
from ._common import new_figure

COLORS = {"y": "C0", "t": "0.6", "y - t": "C3"}


def draw_y_t_bars(ax, probs, targets):
    """Grouped bars of y, t and y - t per class on `ax`; returns {name: bar container}."""
    probs, targets = np.asarray(probs, dtype=float), np.asarray(targets, dtype=float)
    C, width = len(probs), 0.27
    bars = {}
    for k, (name, values) in enumerate((("y", probs), ("t", targets), ("y - t", probs - targets))):
        bars[name] = ax.bar(np.arange(C) + (k - 1) * width, values, width, color=COLORS[name], label=name)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(range(C), [f"class {i + 1}" for i in range(C)])
    ax.set_ylim(-1.05, 1.4)  # room above 1 for the legend
    ax.set_ylabel("value")
    ax.legend(loc="upper center", fontsize=8, ncols=3)
    return bars


def y_minus_t_figure(logits, label):
    """The static figure of what YMinusTExplorer shows: y, the one-hot t, and the gradient y - t."""
    probs = softmax(np.asarray(logits, dtype=float))
    fig, ax = new_figure(6, 3.2)
    draw_y_t_bars(ax, probs, np.eye(len(probs))[label])
    ax.set_title(f"dL/da = y - t (true class {label + 1})", fontsize=10)
    return fig


def trajectory_figure(history_post, history_correct, label, post_after=None):
    """Loss and the true-class probability over the training steps, for the post's and the correct gradient."""
    fig, (ax_l, ax_p) = new_figure(9, 3.4, ncols=2)
    runs = (("the post's Jacobian", history_post, "C3", "--"), ("correct gradient y - t", history_correct, "C0", "-"))
    for name, hist, color, style in runs:
        steps = np.arange(len(hist["loss"]))
        ax_l.plot(steps, hist["loss"], style, color=color, label=name)
        ax_p.plot(steps, hist["probs"][:, label], style, color=color, label=name)
    if post_after is not None:
        last = len(history_post["loss"]) - 1
        ax_l.plot([last], [post_after["loss"].item()], "kx", ms=9, label="printed in the post")
        ax_p.plot([last], [post_after["pred"][0, label]], "kx", ms=9, label="printed in the post")
    ax_l.set(xlabel="step", ylabel="loss  -log y_true", title="loss")
    ax_p.set(xlabel="step", ylabel=f"y{label + 1}", title=f"probability of the true class {label + 1}")
    for ax in (ax_l, ax_p):
        ax.grid(alpha=0.3)
    ax_l.legend(fontsize=8)
    return fig
