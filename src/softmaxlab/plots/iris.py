"""Figures for notebook 08: the Iris data, training curves, decision regions, lr, weight decay, temperature."""
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import NullFormatter

from . import palette
from ._common import describe, new_figure

CLASS_COLORS = (palette.BLUE, palette.ORANGE, palette.GREEN)
MARKERS = ("o", "s", "^")
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
    counts = ", ".join(f"{np.sum(labels == c)} {name} ({['circles', 'squares', 'triangles'][c]})"
                       for c, name in enumerate(class_names))
    return describe(fig, f"Two scatter plots of the Iris flowers, {feature_names[0]} against {feature_names[1]} and "
                         f"{feature_names[2]} against {feature_names[3]}, one marker per species: {counts}.")


def history_figure(history, title=None):
    """Loss and accuracy per epoch, on the training set and (if recorded) the validation set."""
    fig, (ax1, ax2) = new_figure(9, 3.2, ncols=2)
    draw_history(ax1, ax2, history)
    if title:
        fig.suptitle(title)
    text = f"training loss {history['loss'][-1]:.3f}, accuracy {history['acc'][-1]:.3f}"
    if "val_loss" in history:
        text += f"; validation loss {history['val_loss'][-1]:.3f}, accuracy {history['val_acc'][-1]:.3f}"
    return describe(fig, f"Two line charts over {len(history['loss'])} epochs: loss and accuracy per epoch. "
                         f"At the last epoch: {text}.")


def draw_history(ax1, ax2, history):
    epochs = np.arange(1, len(history["loss"]) + 1)
    ax1.plot(epochs, history["loss"], label="training")
    ax2.plot(epochs, history["acc"], label="training")
    if "val_loss" in history:
        ax1.plot(epochs, history["val_loss"], label="validation")
        ax2.plot(epochs, history["val_acc"], label="validation")
    ax1.set(xlabel="epoch", ylabel="mean cross-entropy", title="loss", ylim=(0, None))
    ax2.set(xlabel="epoch", ylabel="accuracy", title="accuracy", ylim=(0.3, 1.02))
    ax1.legend(fontsize=8)
    ax2.legend(fontsize=8, loc="lower right")


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
        ax.set_title(f"decision regions, T = {temperature:.2f} (black edge: validation)", fontsize=10)
    return im, scatters


def regions_figure(model, X2, labels, temperature=1.0, feature_names=("x1", "x2"), held_out=None):
    """Static decision regions of a 2-feature model (colour = predicted class, paler = less sure)."""
    fig, ax = new_figure(5.2, 4.0)
    xx, yy = region_grid(X2)
    draw_regions(ax, model, X2, labels, xx, yy, temperature, feature_names, held_out)
    shown = int(np.sum(held_out)) if held_out is not None else 0
    return describe(fig, f"Decision regions of a model on {feature_names[0]} and {feature_names[1]} at T = {temperature:.2f}: "
                         f"the plane is coloured by predicted class, paler where the model is less sure, with the "
                         f"{len(X2)} points as circles, squares and triangles by true class ({shown} validation points, black edge).")


def lr_figure(histories):
    """Training loss per epoch for several learning rates (`histories`: dict lr -> history)."""
    fig, ax = new_figure(6, 3.4)
    for lr, history in histories.items():
        ax.plot(np.arange(1, len(history["loss"]) + 1), history["loss"], label=f"lr = {lr:g}")
    ax.set(xlabel="epoch", ylabel="training loss", yscale="log", title="the learning rate")
    ax.legend(fontsize=8)
    ends = "; ".join(f"lr = {lr:g}: {history['loss'][-1]:.3g}" for lr, history in histories.items())
    return describe(fig, f"Line chart of the training loss per epoch (log scale), one line per learning rate. "
                         f"Loss at the last epoch: {ends}.")


def temperature_figure(temperatures, val_losses, confidences, accuracies):
    """Validation loss, mean confidence and accuracy of a trained model whose logits are divided by T."""
    fig, (ax1, ax2) = new_figure(9, 3.2, ncols=2)
    ax1.plot(temperatures, val_losses, marker=".")
    best = int(np.argmin(val_losses))
    ax1.plot(temperatures[best], val_losses[best], "o", color=palette.VERMILLION, label=f"lowest at T = {temperatures[best]:.2f}")
    ax1.set(xscale="log", xlabel="temperature T", ylabel="validation loss", title="validation cross-entropy")
    ax1.legend(fontsize=8)
    ax2.plot(temperatures, confidences, marker=".", label="mean max probability")
    ax2.plot(temperatures, accuracies, marker=".", label="accuracy")
    ax2.set(xscale="log", xlabel="temperature T", ylim=(0.3, 1.02), title="confidence vs accuracy")
    ax2.legend(fontsize=8)
    ticks = [t for t in (0.125, 0.25, 0.5, 1, 2, 4, 8, 16) if temperatures.min() <= t <= temperatures.max()]
    for ax in (ax1, ax2):
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.xaxis.set_minor_formatter(NullFormatter())
    return describe(fig, f"Two line charts against the temperature T from {temperatures.min():g} to {temperatures.max():g} "
                         f"(log scale). Validation loss is lowest, {val_losses[best]:.3f}, at T = {temperatures[best]:.2f}. "
                         f"Mean max probability goes from {confidences[0]:.3f} to {confidences[-1]:.3f} while accuracy "
                         f"goes from {accuracies[0]:.3f} to {accuracies[-1]:.3f}.")


def confusion_figure(counts, class_names, title="confusion matrix"):
    """A (C, C) confusion matrix (rows: true class, columns: predicted) drawn with matplotlib's imshow.

    Every cell carries its count; the diagonal holds the right predictions.
    """
    counts = np.asarray(counts)
    fig, ax = new_figure(4.2, 3.6)
    im = ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(int(counts.max()), 1))
    for (i, j), n in np.ndenumerate(counts):
        ax.text(j, i, str(n), ha="center", va="center", color=palette.text_color_on(im.cmap(im.norm(n))))
    ticks = np.arange(len(class_names))
    ax.set_xticks(ticks, class_names)
    ax.set_yticks(ticks, class_names)
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    rows = "; ".join(f"true {name}: " + ", ".join(str(n) for n in row) for name, row in zip(class_names, counts))
    return describe(fig, f"Confusion matrix, rows the true class and columns the predicted class "
                         f"({', '.join(class_names)}): {rows}. {int(np.trace(counts))} of {int(counts.sum())} on the diagonal.")


def weight_norm_figure(histories):
    """Frobenius norm of W per epoch, one line per weight decay (`histories`: dict weight_decay -> history)."""
    fig, ax = new_figure(6, 3.4)
    for decay, history in histories.items():
        ax.plot(np.arange(1, len(history["weight_norm"]) + 1), history["weight_norm"],
                label="no weight decay" if decay == 0 else f"weight decay {decay:g}")
    ax.set(xlabel="epoch", ylabel="||W||", xscale="log", title="how large the weights grow", ylim=(0, None))
    ax.legend(fontsize=8)
    ends = "; ".join(f"{'no weight decay' if decay == 0 else f'weight decay {decay:g}'}: {history['weight_norm'][-1]:.3g}"
                     for decay, history in histories.items())
    return describe(fig, f"Line chart of the norm of W per epoch (log-scale epochs), one line per weight decay. "
                         f"At the last epoch: {ends}.")
