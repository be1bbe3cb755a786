"""Figures for notebook 04: the softmax Jacobian as a heatmap, a published hand-written Jacobian with two wrong entries, and the cost of building J."""
import matplotlib
import numpy as np

from .. import i18n
from ..activations import softmax, softmax_jacobian
from . import palette
from ._korean import _
from ._common import bar_probs, describe, new_figure

J_TITLE = "J[i, j] = ∂y_i / ∂a_j"  # i18n: no
PROB_LABELS = [f"y{i}" for i in range(1, 11)]
JMAX = 0.25  # |J_ij| <= 1/4: y(1 - y) and y_i y_j never exceed 1/4
CMAP = matplotlib.colormaps["RdBu_r"]  # one copy: each lookup in the registry makes (and initialises) a new one


def text_color(value, vmax=JMAX):
    """Black or white, whichever contrasts more with the heatmap cell of `value` (RdBu_r from -vmax to vmax)."""
    return palette.text_color_on(CMAP((value + vmax) / (2 * vmax)))


def draw_jacobian(ax, J, *, title=None, vmax=JMAX, fmt="{:+.3f}"):
    """Heatmap of a (C, C) matrix with each entry written in its cell; returns the image and the texts."""
    J = np.asarray(J, dtype=float)
    C = len(J)
    im = ax.imshow(J, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    names = [str(i + 1) for i in range(C)]
    ax.set_xticks(range(C), [f"a{n}" for n in names])  # plain text: mathtext is slow to lay out live
    ax.set_yticks(range(C), [f"y{n}" for n in names])
    ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False)
    size = 9 if C <= 4 else 7
    label = lambda v: fmt.format(v) if abs(v) > 1e-12 else "0"  # rounding noise shows as 0, not +0.000
    texts = [[ax.text(j, i, label(J[i, j]), ha="center", va="center", color=text_color(J[i, j], vmax), fontsize=size)
              for j in range(C)] for i in range(C)]
    if title:
        ax.set_title(title, fontsize=10)
    return im, texts


def jacobian_figure(logits):
    """Bars of y = softmax(logits) beside the heatmap of J = dy/da: what JacobianExplorer shows."""
    probs = softmax(np.asarray(logits, dtype=float))
    fig, (ax_y, ax_j) = new_figure(8, 3.2, ncols=2)
    bar_probs(ax_y, probs, labels=PROB_LABELS[:len(probs)], title="y = softmax(a)")  # i18n: no
    J = softmax_jacobian(probs)
    draw_jacobian(ax_j, J, title=J_TITLE)
    return describe(fig, i18n._(
        "Left, bars of y = softmax(a) = ({probs}). Right, a heatmap of the {C} by {C} Jacobian with each entry written "
        "in its cell, red positive, blue negative: diagonal ({diagonal}), every row summing to 0.").format(
        probs=", ".join(f"{p:.3f}" for p in probs), C=len(probs), diagonal=", ".join(f"{d:+.3f}" for d in np.diag(J))))


def wrong_jacobian_figure(probs, wrong_J):
    """The correct J, a published hand-written J, and their difference, side by side."""
    J = softmax_jacobian(np.asarray(probs, dtype=float))
    fig, axes = new_figure(10, 3.4, ncols=3)
    draw_jacobian(axes[0], J, title=_("correct: diag(y) - y yᵀ"))
    draw_jacobian(axes[1], wrong_J, title=_("published hand-written J"))
    diff = np.asarray(wrong_J) - J
    draw_jacobian(axes[2], diff, title=_("hand-written - correct"), vmax=max(np.abs(diff).max(), 1e-12))
    i, j = np.unravel_index(np.argmax(np.abs(diff)), diff.shape)
    return describe(fig, i18n._(
        "Three heatmaps with each entry written in its cell: the correct Jacobian diag(y) - y yT, a hand-written one, "
        "and their difference, {n} entries of which are not zero; the largest is {largest:+.3f}, at J[{i}, {j}] "
        "(row {i}, column {j}, counting from 0 as NumPy does).").format(
        n=int(np.sum(np.abs(diff) > 1e-12)), largest=diff[i, j], i=i, j=j))


def cost_figure(sizes, seconds_build, seconds_vjp, bytes_build, bytes_vjp):
    """Time and peak memory of building J vs the vector-Jacobian product, against C (log-log)."""
    fig, (ax_t, ax_m) = new_figure(9, 3.4, ncols=2)
    sizes = np.asarray(sizes)
    for ax, build, vjp, unit, scale in ((ax_t, seconds_build, seconds_vjp, _("time per call (µs)"), 1e6),
                                        (ax_m, bytes_build, bytes_vjp, _("peak memory (KiB)"), 1 / 1024)):
        ax.loglog(sizes, np.asarray(build) * scale, "o-", color=palette.VERMILLION, label=_("build J, then J.T @ dout"))
        ax.loglog(sizes, np.asarray(vjp) * scale, "s-", color=palette.BLUE, label="y * (dout - <dout, y>)")  # i18n: no
        ax.set_xlabel(_("number of classes C"))
        ax.set_ylabel(unit)
        ax.grid(True, which="major", alpha=0.3)
    ax_m.loglog(sizes, 8 * sizes ** 2 / 1024, ":", color="gray", label=_("8 C² bytes (one float64 C×C)"))
    ax_t.set_title(_("time"))
    ax_m.set_title(_("memory (tracemalloc peak)"))
    ax_m.legend(fontsize=8)
    return describe(fig, i18n._(
        "Two log-log line charts against the number of classes C, {c_min} to {c_max}: time per call and peak memory of "
        "building J then J.T @ dout (circles) and of y * (dout - <dout, y>) (squares). At C = {C}: {build_us:.3g} µs "
        "against {vjp_us:.3g} µs, {build_kib:.3g} KiB against {vjp_kib:.3g} KiB.").format(
        c_min=sizes.min(), c_max=sizes.max(), C=sizes[-1], build_us=seconds_build[-1] * 1e6,
        vjp_us=seconds_vjp[-1] * 1e6, build_kib=bytes_build[-1] / 1024, vjp_kib=bytes_vjp[-1] / 1024))
