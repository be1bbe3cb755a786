"""Figures for notebook 10: the loss floor of label smoothing, soft targets as bars, and the T^2 of distillation."""
import numpy as np

from ..activations import log_softmax, softmax
from ..losses import entropy, one_hot
from . import palette
from ._common import describe, new_figure
from .y_minus_t import draw_y_t_bars


def smoothed_targets(labels, num_classes, eps):
    """PyTorch's label smoothing: ``(1 - eps) * one_hot + eps / C``, shape (N, C) (or (C,) for one label).

    The convention of ``torch.nn.CrossEntropyLoss(label_smoothing=eps)`` and of Keras'
    ``label_smoothing``; `eps` in [0, 1].

    >>> smoothed_targets(1, 4, 0.2)
    array([0.05, 0.85, 0.05, 0.05])
    """
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.integer, np.floating)):
        raise TypeError(f"eps must be a number in [0, 1], got {type(eps).__name__} {eps!r}")
    if not 0 <= eps <= 1:  # nan fails too
        raise ValueError(f"eps must be a number in [0, 1], got {eps!r}")
    return (1 - eps) * one_hot(labels, num_classes) + eps / num_classes


def optimal_gap(num_classes, eps):
    r"""The logit gap a_true - a_other at which the label-smoothed loss is smallest.

    .. math:: g^* = \log \frac{1 - \varepsilon + \varepsilon / C}{\varepsilon / C}

    Parameters
    ----------
    num_classes : int
        C, at least 2 (with one class there is no other logit to be above).
    eps : float
        The label smoothing, in [0, 1] as PyTorch's ``label_smoothing``.

    Returns
    -------
    float
        The gap; ``inf`` for eps = 0 (one-hot targets: the loss keeps falling as the gap grows) and 0 for
        eps = 1 (uniform targets).

    Raises
    ------
    ValueError
        num_classes not an int >= 2, or eps outside [0, 1].

    Examples
    --------
    >>> round(optimal_gap(1000, 0.1), 4)
    9.1051
    >>> optimal_gap(10, 0.0)
    inf
    """
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or num_classes < 2:
        raise ValueError(f"num_classes must be an int >= 2 (a gap needs another class), got {num_classes!r}")
    if not (isinstance(eps, (int, float, np.integer, np.floating)) and 0 <= eps <= 1):
        raise ValueError(f"eps must be a number in [0, 1] (PyTorch's label_smoothing range), got {eps!r}")
    if eps == 0:
        return float("inf")
    return float(np.log((1 - eps + eps / num_classes) / (eps / num_classes)))


def _gap_losses(gaps, num_classes, eps):
    logits = np.zeros((len(gaps), num_classes))  # (G, C): the true class 0 is `gap` above the others
    logits[:, 0] = gaps
    t = smoothed_targets(0, num_classes, eps)  # (C,)
    return -(log_softmax(logits) * t).sum(axis=1)  # (G,)


def smoothing_floor_figure(num_classes=10, eps=0.1, max_gap=16.0):
    """Loss against the logit gap, without and with label smoothing: the floor H(t) and the finite optimal gap."""
    if not (isinstance(num_classes, (int, np.integer)) and num_classes >= 2):
        raise ValueError(f"num_classes must be an int >= 2, got {num_classes!r}")
    if not 0 < eps < 1:
        raise ValueError(f"eps must be in (0, 1) for a finite optimal gap, got {eps!r}")
    gaps = np.linspace(0, max_gap, 321)
    plain, smooth = _gap_losses(gaps, num_classes, 0.0), _gap_losses(gaps, num_classes, eps)
    floor = float(entropy(smoothed_targets(0, num_classes, eps)))
    best = optimal_gap(num_classes, eps)
    fig, ax = new_figure(6, 3.2)
    ax.plot(gaps, plain, "-", color=palette.BLUE, label="one-hot t (eps = 0)")
    ax.plot(gaps, smooth, "--", color=palette.VERMILLION, label=f"smoothed t (eps = {eps:g})")
    ax.axhline(floor, color=palette.TEXT_GREY, ls=":", lw=1.2, label=f"floor H(t) = {floor:.3f}")
    ax.plot([best], [float(_gap_losses(np.array([best]), num_classes, eps)[0])], "D", color=palette.BLACK,
            label=f"optimal gap {best:.2f}")
    ax.set(xlabel="logit gap  a_true - a_other", ylabel="loss (nats)", ylim=(0, None),
           title=f"Cross-entropy, C = {num_classes} classes")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return describe(fig, f"Two curves of the loss against the logit gap (true class minus each other class) for C = "
                         f"{num_classes}: the one-hot loss (solid) falls from {plain[0]:.3f} towards 0 and reaches "
                         f"{plain[-1]:.2g} at a gap of {max_gap:g}; the smoothed loss (dashed, eps = {eps:g}) touches "
                         f"the floor H(t) = {floor:.4f} (dotted) only at the optimal gap {best:.2f} (diamond; the "
                         f"lowest plotted value is {smooth.min():.4f}) and rises again to {smooth[-1]:.3f} at a gap of {max_gap:g}.")


def soft_target_bars_figure(logits, label, eps=0.1, T=1.0):
    """The static figure of what SmoothingExplorer shows: bars of the smoothed t, y = softmax(a / T) and y - t."""
    logits = np.asarray(logits, dtype=float)
    C = len(logits)
    t = smoothed_targets(label, C, eps)
    y = softmax(logits / T)
    fig, ax = new_figure(5, 2.6)
    draw_y_t_bars(ax, y, t)
    loss, floor = float(-(t * log_softmax(logits / T)).sum()), float(entropy(t))
    ax.set_title(f"eps = {eps:g}, T = {T:g}: loss {loss:.3f}, floor H(t) {floor:.3f}", fontsize=9)
    fmt = lambda values: ", ".join(f"{v:+.3f}" for v in values)
    return describe(fig, f"Grouped bar chart per class, true class {label + 1}, eps = {eps:g}, T = {T:g}: y = "
                         f"({fmt(y)}), the smoothed t = ({fmt(t)}) and y - t = ({fmt(y - t)}), the gradient with respect "
                         f"to a / T; the "
                         f"loss is {loss:.4f}, {loss - floor:.4f} above its floor H(t) = {floor:.4f}.")


def distillation_norm_figure(temperatures, with_t2, without_t2):
    """Gradient norm against T, with and without the T^2 factor, on log-log axes."""
    temperatures, with_t2, without_t2 = (np.asarray(v, dtype=float) for v in (temperatures, with_t2, without_t2))
    if not (temperatures.shape == with_t2.shape == without_t2.shape and temperatures.ndim == 1 and temperatures.size):
        raise ValueError(f"temperatures, with_t2 and without_t2 must be 1-D of one length, got shapes "
                         f"{temperatures.shape}, {with_t2.shape}, {without_t2.shape}")
    fig, ax = new_figure(6, 3.2)
    ax.loglog(temperatures, with_t2, "-o", color=palette.BLUE, ms=3, label="T^2 KL: norm of T (q_T - p_T)")
    ax.loglog(temperatures, without_t2, "--s", color=palette.VERMILLION, ms=3, label="KL alone: norm of (q_T - p_T) / T")
    ax.set(xlabel="temperature T", ylabel="gradient norm (wrt student logits)",
           title="Distillation gradient: T^2 keeps its size")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return describe(fig, f"Two curves on log-log axes over T = {temperatures[0]:g} to {temperatures[-1]:g}: with the "
                         f"T^2 factor (solid) the gradient norm goes from {with_t2[0]:.3g} to {with_t2[-1]:.3g}; "
                         f"without it (dashed) from {without_t2[0]:.3g} to {without_t2[-1]:.3g}, "
                         f"{without_t2[0] / without_t2[-1]:.3g} times smaller.")
