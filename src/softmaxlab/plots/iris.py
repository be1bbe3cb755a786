"""Figures for notebook 08: the Iris data, training curves, decision regions, lr, weight decay, temperature."""
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import NullFormatter

from .. import i18n
from ..i18n import N_
from . import palette
from ._common import describe, new_figure
from ._korean import _

CLASS_COLORS = (palette.BLUE, palette.ORANGE, palette.GREEN)
MARKERS = ("o", "s", "^")
MARKER_NAMES = (N_("circles"), N_("squares"), N_("triangles"))
SHADES = 64  # steps of confidence a region shows (see region_image)


def iris_scatter_figure(X, labels, feature_names, class_names):
    """Two scatter plots: sepal length vs width, petal length vs width."""
    fig, axes = new_figure(9, 3.4, ncols=2)
    for ax, (i, j) in zip(axes, [(0, 1), (2, 3)]):
        for c, name in enumerate(class_names):
            ax.scatter(X[labels == c, i], X[labels == c, j], s=14, color=CLASS_COLORS[c], marker=MARKERS[c],
                       label=name, alpha=0.8)
        ax.set(xlabel=feature_names[i] + " (cm)", ylabel=feature_names[j] + " (cm)")
    axes[0].legend(fontsize=8)
    counts = ", ".join(i18n._("{n} {name} ({markers})").format(n=np.sum(labels == c), name=name,
                                                               markers=i18n._(MARKER_NAMES[c]))
                       for c, name in enumerate(class_names))
    return describe(fig, i18n._("Two scatter plots of the Iris flowers, {x1} against {y1} and {x2} against {y2}, one marker "
                                "per species: {counts}.").format(x1=feature_names[0], y1=feature_names[1],
                                                                 x2=feature_names[2], y2=feature_names[3], counts=counts))


def history_figure(history, title=None):
    """Loss and accuracy per epoch, on the training set and (if recorded) the validation set."""
    fig, (ax1, ax2) = new_figure(9, 3.2, ncols=2)
    draw_history(ax1, ax2, history)
    if title:
        fig.suptitle(title)
    text = i18n._("training loss {loss:.3f}, accuracy {accuracy:.3f}").format(loss=history["loss"][-1],
                                                                               accuracy=history["acc"][-1])
    if "val_loss" in history:
        text += i18n._("; validation loss {loss:.3f}, accuracy {accuracy:.3f}").format(loss=history["val_loss"][-1],
                                                                                      accuracy=history["val_acc"][-1])
    return describe(fig, i18n._("Two line charts over {epochs} epochs: loss and accuracy per epoch. At the last epoch: "
                                "{last}.").format(epochs=len(history["loss"]), last=text))


def draw_history(ax1, ax2, history):
    epochs = np.arange(1, len(history["loss"]) + 1)
    ax1.plot(epochs, history["loss"], label=_("training"))
    ax2.plot(epochs, history["acc"], label=_("training"))
    if "val_loss" in history:
        ax1.plot(epochs, history["val_loss"], label=_("validation"))
        ax2.plot(epochs, history["val_acc"], label=_("validation"))
    ax1.set(xlabel=_("epoch"), ylabel=_("mean cross-entropy"), title=_("loss"), ylim=(0, None))
    ax2.set(xlabel=_("epoch"), ylabel=_("accuracy"), title=_("accuracy"), ylim=(0.3, 1.02))
    ax1.legend(fontsize=8)
    ax2.legend(fontsize=8, loc="lower right")  # i18n: no


def region_image(model, xx, yy, temperature=1.0):
    r"""The decision regions as an (ny, nx, 3) uint8 RGB image: class colour, faded to white where the model is unsure.

    Each grid point gets the colour of its predicted class (the largest logit; temperature does not change
    it), mixed with white by the confidence ``(max(p) - 1/3) / (2/3)``: 0 for a uniform ``p``, 1 for a certain
    one. With :math:`p = \operatorname{softmax}(z / T)`, :math:`\max(p) = 1 / \sum_j e^{(z_j - \max z) / T}`,
    so only one exponential per logit is needed. The confidence is rounded to a multiple of 1 / ``SHADES``:
    with 64 steps, neighbouring shades of these colours differ by at most 4 of 255 in a channel (1.7 CIE76
    units, below the 2.3 usually taken as just noticeable), each pixel is within 2.5 of 255 of the unrounded
    mix, and the PNG of the figure is about a third smaller (fewer distinct colours). Bytes, not floats: a
    picture has 8 bits per channel anyway, and matplotlib shows uint8 RGB as it is (a float image is
    first checked and clipped to [0, 1]).

    Parameters
    ----------
    model : object with ``logits(X)``, X (G, 2) -> logits (G, 3)
    xx, yy : ndarray (ny, nx)
        The grid (:func:`region_grid`).
    temperature : float > 0

    Examples
    --------
    >>> class Model:
    ...     def logits(self, X):
    ...         return np.stack([X[:, 0], -X[:, 0], 0 * X[:, 0]], axis=1)  # (G, 3): class 0 right, 1 left
    >>> xx, yy = np.meshgrid([-9.0, 0.0, 9.0], [0.0])
    >>> image = region_image(Model(), xx, yy)
    >>> image.dtype, image.shape
    (dtype('uint8'), (1, 3, 3))
    >>> image[0, 1].tolist()   # all logits equal: uniform probabilities, white
    [255, 255, 255]
    >>> image[0, 0].tolist() == [round(255 * v) for v in to_rgb(CLASS_COLORS[1])]   # sure of class 1: its colour
    True
    """
    grid = np.stack([xx.ravel(), yy.ravel()], axis=1)  # (G, 2)
    logits = np.asarray(model.logits(grid), float)  # (G, 3)
    predicted = logits.argmax(axis=1)  # (G,)
    top = np.take_along_axis(logits, predicted[:, None], axis=1)  # (G, 1)
    max_prob = 1 / np.exp((logits - top) / temperature).sum(axis=1)  # (G,)
    confidence = (max_prob - 1 / 3) / (2 / 3)  # 0 = uniform, 1 = certain
    level = np.rint(confidence * SHADES).astype(np.intp)  # (G,) in 0..SHADES
    colors = 255 * np.array([to_rgb(c) for c in CLASS_COLORS])  # (3, 3)
    shades = np.linspace(0, 1, SHADES + 1)[:, None]  # (SHADES + 1, 1)
    table = np.rint(255 + (colors[:, None, :] - 255) * shades).astype(np.uint8)  # (3, SHADES + 1, 3): white mixed with each colour
    return table[predicted, level].reshape(*xx.shape, 3)


def region_grid(X2, n=160, pad=0.6):
    lo, hi = X2.min(axis=0) - pad, X2.max(axis=0) + pad
    return np.meshgrid(np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n))


def draw_regions(ax, model, X2, labels, xx, yy, temperature=1.0, feature_names=("x1", "x2"), held_out=None,
                 title=True):
    """Regions as an image, training points as dots, held-out points (a boolean mask) as black-edged marks.

    Returns ``(image, scatters)``, the artists a live widget redraws.
    """
    im = ax.imshow(region_image(model, xx, yy, temperature), origin="lower", aspect="auto",
                   extent=(xx.min(), xx.max(), yy.min(), yy.max()), interpolation="nearest")
    held_out = np.zeros(len(X2), bool) if held_out is None else held_out
    scatters = []
    for c in range(3):
        for mask, edge in ((~held_out & (labels == c), "white"), (held_out & (labels == c), "k")):
            scatters.append(ax.scatter(X2[mask, 0], X2[mask, 1], s=24, color=CLASS_COLORS[c], marker=MARKERS[c],
                                       edgecolors=edge, linewidths=0.8 if edge == "white" else 1.0))
    ax.set(xlabel=feature_names[0], ylabel=feature_names[1])
    if title:
        ax.set_title(_("decision regions, T = {T:.2f} (black edge: validation)").format(T=temperature), fontsize=10)
    return im, scatters


def regions_figure(model, X2, labels, temperature=1.0, feature_names=("x1", "x2"), held_out=None):
    """Static decision regions of a 2-feature model (colour = predicted class, paler = less sure)."""
    fig, ax = new_figure(5.2, 4.0)
    xx, yy = region_grid(X2)
    draw_regions(ax, model, X2, labels, xx, yy, temperature, feature_names, held_out)
    shown = int(np.sum(held_out)) if held_out is not None else 0
    return describe(fig, i18n._(
        "Decision regions of a model on {x} and {y} at T = {T:.2f}: the plane is coloured by predicted class, paler where "
        "the model is less sure, with the {n} points as circles, squares and triangles by true class ({held_out} "
        "validation points, black edge).").format(x=feature_names[0], y=feature_names[1], T=temperature, n=len(X2),
                                                  held_out=shown))


def lr_figure(histories):
    """Training loss per epoch for several learning rates (`histories`: dict lr -> history)."""
    fig, ax = new_figure(6, 3.4)
    for lr, history in histories.items():
        ax.plot(np.arange(1, len(history["loss"]) + 1), history["loss"], label=f"lr = {lr:g}")  # i18n: no
    ax.set(xlabel=_("epoch"), ylabel=_("training loss"), yscale="log", title=_("the learning rate"))
    ax.legend(fontsize=8)
    ends = "; ".join(f"lr = {lr:g}: {history['loss'][-1]:.3g}" for lr, history in histories.items())
    return describe(fig, i18n._("Line chart of the training loss per epoch (log scale), one line per learning rate. "
                                "Loss at the last epoch: {ends}.").format(ends=ends))


def temperature_figure(temperatures, val_losses, confidences, accuracies):
    """Validation loss, mean confidence and accuracy of a trained model whose logits are divided by T."""
    fig, (ax1, ax2) = new_figure(9, 3.2, ncols=2)
    ax1.plot(temperatures, val_losses, marker=".")
    best = int(np.argmin(val_losses))
    ax1.plot(temperatures[best], val_losses[best], "o", color=palette.VERMILLION,
             label=_("lowest at T = {T:.2f}").format(T=temperatures[best]))
    ax1.set(xscale="log", xlabel=_("temperature T"), ylabel=_("validation loss"), title=_("validation cross-entropy"))
    ax1.legend(fontsize=8)
    ax2.plot(temperatures, confidences, marker=".", label=_("mean max probability"))
    ax2.plot(temperatures, accuracies, marker=".", label=_("accuracy"))
    ax2.set(xscale="log", xlabel=_("temperature T"), ylim=(0.3, 1.02), title=_("confidence vs accuracy"))
    ax2.legend(fontsize=8)
    ticks = [t for t in (0.125, 0.25, 0.5, 1, 2, 4, 8, 16) if temperatures.min() <= t <= temperatures.max()]
    for ax in (ax1, ax2):
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.xaxis.set_minor_formatter(NullFormatter())
    return describe(fig, i18n._(
        "Two line charts against the temperature T from {t_min:g} to {t_max:g} (log scale). Validation loss is lowest, "
        "{best_loss:.3f}, at T = {best_T:.2f}. Mean max probability goes from {conf_first:.3f} to {conf_last:.3f} while "
        "accuracy goes from {acc_first:.3f} to {acc_last:.3f}.").format(
        t_min=temperatures.min(), t_max=temperatures.max(), best_loss=val_losses[best], best_T=temperatures[best],
        conf_first=confidences[0], conf_last=confidences[-1], acc_first=accuracies[0], acc_last=accuracies[-1]))


def confusion_figure(counts, class_names, title=None):
    """A (C, C) confusion matrix (rows: true class, columns: predicted) drawn with matplotlib's imshow.

    Every cell carries its count; the diagonal holds the right predictions. `title` defaults to
    "confusion matrix" (in the learner's language).
    """
    counts = np.asarray(counts)
    fig, ax = new_figure(4.2, 3.6)
    im = ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(int(counts.max()), 1))
    for (i, j), n in np.ndenumerate(counts):
        ax.text(j, i, str(n), ha="center", va="center", color=palette.text_color_on(im.cmap(im.norm(n))))
    ticks = np.arange(len(class_names))
    ax.set_xticks(ticks, class_names)
    ax.set_yticks(ticks, class_names)
    ax.set(xlabel=_("predicted class"), ylabel=_("true class"), title=_("confusion matrix") if title is None else title)
    rows = "; ".join(i18n._("true {name}: {counts}").format(name=name, counts=", ".join(str(n) for n in row))
                     for name, row in zip(class_names, counts))
    return describe(fig, i18n._("Confusion matrix, rows the true class and columns the predicted class ({classes}): "
                                "{rows}. {right} of {total} on the diagonal.").format(
        classes=", ".join(class_names), rows=rows, right=int(np.trace(counts)), total=int(counts.sum())))


def weight_norm_figure(histories):
    """Frobenius norm of W per epoch, one line per weight decay (`histories`: dict weight_decay -> history)."""
    fig, ax = new_figure(6, 3.4)
    for decay, history in histories.items():
        ax.plot(np.arange(1, len(history["weight_norm"]) + 1), history["weight_norm"],
                label=_("no weight decay") if decay == 0 else _("weight decay {decay:g}").format(decay=decay))
    ax.set(xlabel=_("epoch"), ylabel="||W||", xscale="log", title=_("how large the weights grow"), ylim=(0, None))
    ax.legend(fontsize=8)
    name = lambda decay: i18n._("no weight decay") if decay == 0 else i18n._("weight decay {decay:g}").format(decay=decay)
    ends = "; ".join(f"{name(decay)}: {history['weight_norm'][-1]:.3g}" for decay, history in histories.items())
    return describe(fig, i18n._("Line chart of the norm of W per epoch (log-scale epochs), one line per weight decay. "
                                "At the last epoch: {ends}.").format(ends=ends))
