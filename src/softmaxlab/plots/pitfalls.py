"""Figures for notebook 09: gradient-check errors of broken implementations, and a falling loss that lies."""
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import NullLocator

from ..gradcheck import GRADCHECK_THRESHOLD
from ..pitfalls import gradient_errors, passes
from . import palette
from ._common import describe, new_figure

FLOOR, CEIL = 1e-12, 10.0  # the x range of the error bars (log scale)


def new_errors_figure():
    return new_figure(6.4, 2.8)


def draw_gradient_errors(ax, errors, scale, artists=None, values_on_bars=True, title=True):
    """Horizontal log-scale bars, one per implementation; nan is drawn full length and labelled.

    The live widget passes ``values_on_bars=False, title=False`` and shows those as HTML instead.
    """
    names = list(errors)
    values = np.array([errors[n] for n in names])
    shown = np.clip(np.where(np.isnan(values), CEIL, values), FLOOR, CEIL)
    texts = ["nan / inf" if np.isnan(v) else f"{v:.1e}" for v in values]
    colors = [palette.GREEN if passes(v) else palette.VERMILLION for v in values]  # failing bars also hatched
    if artists is None:
        y = np.arange(len(names))[::-1]
        bars = ax.barh(y, shown, left=FLOOR, color=colors, edgecolor="black", linewidth=0)
        labels = [ax.text(0, yi, "", va="center", fontsize=8) for yi in y] if values_on_bars else []
        ax.set_yticks(y, names, fontsize=8)
        ax.set_xscale("log")
        ax.set_xlim(FLOOR, CEIL * 200)
        ticks = [1e-12, 1e-9, 1e-6, 1e-3, 1.0]
        ax.set_xticks(ticks, [f"{t:.0e}" if t < 1 else "1" for t in ticks])  # plain text: mathtext is slow
        ax.xaxis.set_minor_locator(NullLocator())
        ax.axvline(GRADCHECK_THRESHOLD, color="gray", ls=":", lw=1)
        ax.set_xlabel(f"gradient_check score (dotted: GRADCHECK_THRESHOLD = {GRADCHECK_THRESHOLD:g})")
        artists = {"bars": bars, "labels": labels}
    for bar, s, c in zip(artists["bars"], shown, colors):
        bar.set_width(s - FLOOR)
        bar.set_facecolor(c)
        bar.set_hatch("xx" if c == palette.VERMILLION else "")
    for text, s, t in zip(artists["labels"], shown, texts):
        text.set_x(s * 1.5)
        text.set_text(t)
    if title:
        ax.set_title(f"logits = {scale:.3g} x base logits", fontsize=10)
    return artists


def gradient_errors_figure(scale=1.0):
    """The static figure of what PitfallDetector shows at this scale."""
    fig, ax = new_errors_figure()
    errors = gradient_errors(scale)
    draw_gradient_errors(ax, errors, scale)
    fig.legend(handles=[Patch(facecolor=palette.GREEN, label=f"passes (score < {GRADCHECK_THRESHOLD:g})"),
                        Patch(facecolor=palette.VERMILLION, hatch="xx", edgecolor="black", linewidth=0, label="fails")],
               loc="outside lower center", ncols=2, fontsize=8)
    text = "; ".join(f"{name}: {'nan or inf' if np.isnan(err) else format(err, '.1e')}, "
                     f"{'passes' if passes(err) else 'fails'}" for name, err in errors.items())
    return describe(fig, f"Horizontal bar chart, log scale: the gradient-check error of each implementation at "
                         f"logits = {scale:.3g} times the base logits. {text}.")


def loss_curves_figure(curves, title="the loss falls either way"):
    """Loss per step for several gradient implementations (`curves`: dict name -> list of losses)."""
    fig, ax = new_figure(6, 3.0)
    for name, losses in curves.items():
        ax.plot(np.arange(len(losses)), losses, label=name)
    ax.set(xlabel="gradient-descent step", ylabel="loss", title=title, ylim=(0, None))
    ax.legend(fontsize=8)
    ends = "; ".join(f"{name}: {losses[0]:.3g} to {losses[-1]:.3g}" for name, losses in curves.items())
    return describe(fig, f"Line chart of the loss per gradient-descent step, one line per implementation ({title}). "
                         f"First and last loss: {ends}.")
