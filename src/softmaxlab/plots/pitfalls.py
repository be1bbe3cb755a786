"""Figures for notebook 09: gradient-check errors of broken implementations, and a falling loss that lies."""
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import NullLocator

from .. import i18n
from ..gradcheck import GRADCHECK_THRESHOLD
from ..pitfalls import gradient_errors, passes
from . import palette
from ._korean import _
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
    texts = ["nan / inf" if np.isnan(v) else f"{v:.1e}" for v in values]  # i18n: no
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
        ax.set_xlabel(_("gradient_check score (dotted: GRADCHECK_THRESHOLD = {threshold:g})").format(
            threshold=GRADCHECK_THRESHOLD))
        artists = {"bars": bars, "labels": labels}
    for bar, s, c in zip(artists["bars"], shown, colors):
        bar.set_width(s - FLOOR)
        bar.set_facecolor(c)
        bar.set_hatch("xx" if c == palette.VERMILLION else "")
    for text, s, t in zip(artists["labels"], shown, texts):
        text.set_x(s * 1.5)
        text.set_text(t)
    if title:
        ax.set_title(_("logits = {scale:.3g} x base logits").format(scale=scale), fontsize=10)
    return artists


def gradient_errors_figure(scale=1.0):
    """The static figure of what PitfallDetector shows at this scale."""
    fig, ax = new_errors_figure()
    errors = gradient_errors(scale)
    draw_gradient_errors(ax, errors, scale)
    fig.legend(handles=[Patch(facecolor=palette.GREEN, label=_("passes (score < {threshold:g})").format(
                            threshold=GRADCHECK_THRESHOLD)),
                        Patch(facecolor=palette.VERMILLION, hatch="xx", edgecolor="black", linewidth=0, label=_("fails"))],
               loc="outside lower center", ncols=2, fontsize=8)  # i18n: no
    verdicts = {True: i18n._("passes"), False: i18n._("fails")}
    not_finite = i18n._("nan or inf")
    text = "; ".join(f"{name}: {not_finite if np.isnan(err) else format(err, '.1e')}, {verdicts[passes(err)]}"
                     for name, err in errors.items())
    return describe(fig, i18n._("Horizontal bar chart, log scale: the gradient-check error of each implementation at "
                                "logits = {scale:.3g} times the base logits. {errors}.").format(scale=scale, errors=text))


def loss_curves_figure(curves, title=None):
    """Loss per step for several gradient implementations (`curves`: dict name -> list of losses).

    `title` defaults to "the loss falls either way" (in the learner's language).
    """
    fig, ax = new_figure(6, 3.0)
    for name, losses in curves.items():
        ax.plot(np.arange(len(losses)), losses, label=name)
    shown = _("the loss falls either way") if title is None else title
    ax.set(xlabel=_("gradient-descent step"), ylabel=_("loss"), title=shown, ylim=(0, None))
    ax.legend(fontsize=8)
    ends = "; ".join(i18n._("{name}: {first:.3g} to {last:.3g}").format(name=name, first=losses[0], last=losses[-1])
                     for name, losses in curves.items())
    return describe(fig, i18n._("Line chart of the loss per gradient-descent step, one line per implementation "
                                "({title}). First and last loss: {ends}.").format(
        title=i18n._("the loss falls either way") if title is None else title, ends=ends))
