"""Figures for notebook 10: the loss floor of label smoothing, soft targets as bars, and the T^2 of distillation."""
import numpy as np

from ..activations import log_softmax, softmax
from .. import i18n
from ..losses import entropy, one_hot
from . import palette
from ._korean import _
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
        raise TypeError(i18n._("eps must be a number in [0, 1], got {type} {eps!r}").format(type=type(eps).__name__,
                                                                                            eps=eps))
    if not 0 <= eps <= 1:  # nan fails too
        raise ValueError(i18n._("eps must be a number in [0, 1], got {eps!r}").format(eps=eps))
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
        raise ValueError(i18n._("num_classes must be an int >= 2 (a gap needs another class), got {num_classes!r}")
                         .format(num_classes=num_classes))
    if not (isinstance(eps, (int, float, np.integer, np.floating)) and 0 <= eps <= 1):
        raise ValueError(i18n._("eps must be a number in [0, 1] (PyTorch's label_smoothing range), got {eps!r}")
                         .format(eps=eps))
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
        raise ValueError(i18n._("num_classes must be an int >= 2, got {num_classes!r}").format(num_classes=num_classes))
    if not 0 < eps < 1:
        raise ValueError(i18n._("eps must be in (0, 1) for a finite optimal gap, got {eps!r}").format(eps=eps))
    gaps = np.linspace(0, max_gap, 321)
    plain, smooth = _gap_losses(gaps, num_classes, 0.0), _gap_losses(gaps, num_classes, eps)
    floor = float(entropy(smoothed_targets(0, num_classes, eps)))
    best = optimal_gap(num_classes, eps)
    fig, ax = new_figure(6, 3.2)
    ax.plot(gaps, plain, "-", color=palette.BLUE, label=_("one-hot t (eps = 0)"))
    ax.plot(gaps, smooth, "--", color=palette.VERMILLION, label=_("smoothed t (eps = {eps:g})").format(eps=eps))
    ax.axhline(floor, color=palette.TEXT_GREY, ls=":", lw=1.2, label=_("floor H(t) = {floor:.3f}").format(floor=floor))
    ax.plot([best], [float(_gap_losses(np.array([best]), num_classes, eps)[0])], "D", color=palette.BLACK,
            label=_("optimal gap {gap:.2f}").format(gap=best))
    ax.set(xlabel=_("logit gap  a_true - a_other"), ylabel=_("loss (nats)"), ylim=(0, None),
           title=_("Cross-entropy, C = {C} classes").format(C=num_classes))
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return describe(fig, i18n._(
        "Two curves of the loss against the logit gap (true class minus each other class) for C = {C}: the one-hot loss "
        "(solid) falls from {plain_first:.3f} towards 0 and reaches {plain_last:.2g} at a gap of {max_gap:g}; the "
        "smoothed loss (dashed, eps = {eps:g}) touches the floor H(t) = {floor:.4f} (dotted) only at the optimal gap "
        "{best:.2f} (diamond; the lowest plotted value is {smooth_min:.4f}) and rises again to {smooth_last:.3f} at a "
        "gap of {max_gap:g}.").format(
        C=num_classes, plain_first=plain[0], plain_last=plain[-1], max_gap=max_gap, eps=eps, floor=floor, best=best,
        smooth_min=smooth.min(), smooth_last=smooth[-1]))


def soft_target_bars_figure(logits, label, eps=0.1, T=1.0):
    """The static figure of what SmoothingExplorer shows: bars of the smoothed t, y = softmax(a / T) and y - t."""
    logits = np.asarray(logits, dtype=float)
    C = len(logits)
    t = smoothed_targets(label, C, eps)
    y = softmax(logits / T)
    fig, ax = new_figure(5, 2.6)
    draw_y_t_bars(ax, y, t)
    loss, floor = float(-(t * log_softmax(logits / T)).sum()), float(entropy(t))
    ax.set_title(_("eps = {eps:g}, T = {T:g}: loss {loss:.3f}, floor H(t) {floor:.3f}").format(
        eps=eps, T=T, loss=loss, floor=floor), fontsize=9)
    fmt = lambda values: ", ".join(f"{v:+.3f}" for v in values)
    return describe(fig, i18n._(
        "Grouped bar chart per class, true class {k}, eps = {eps:g}, T = {T:g}: y = ({y}), the smoothed t = ({t}) and "
        "y - t = ({grad}), the gradient with respect to a / T; the loss is {loss:.4f}, {above:.4f} above its floor "
        "H(t) = {floor:.4f}.").format(k=label + 1, eps=eps, T=T, y=fmt(y), t=fmt(t), grad=fmt(y - t), loss=loss,
                                     above=loss - floor, floor=floor))


def distillation_norm_figure(temperatures, with_t2, without_t2):
    """Gradient norm against T, with and without the T^2 factor, on log-log axes."""
    temperatures, with_t2, without_t2 = (np.asarray(v, dtype=float) for v in (temperatures, with_t2, without_t2))
    if not (temperatures.shape == with_t2.shape == without_t2.shape and temperatures.ndim == 1 and temperatures.size):
        raise ValueError(i18n._("temperatures, with_t2 and without_t2 must be 1-D of one length, got shapes "
                                "{temperatures_shape}, {with_shape}, {without_shape}").format(
            temperatures_shape=temperatures.shape, with_shape=with_t2.shape, without_shape=without_t2.shape))
    fig, ax = new_figure(6, 3.2)
    ax.loglog(temperatures, with_t2, "-o", color=palette.BLUE, ms=3, label=_("T^2 KL: norm of T (q_T - p_T)"))
    ax.loglog(temperatures, without_t2, "--s", color=palette.VERMILLION, ms=3,
              label=_("KL alone: norm of (q_T - p_T) / T"))
    ax.set(xlabel=_("temperature T"), ylabel=_("gradient norm (wrt student logits)"),
           title=_("Distillation gradient: T^2 keeps its size"))
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return describe(fig, i18n._(
        "Two curves on log-log axes over T = {t_min:g} to {t_max:g}: with the T^2 factor (solid) the gradient norm goes "
        "from {with_first:.3g} to {with_last:.3g}; without it (dashed) from {without_first:.3g} to {without_last:.3g}, "
        "{ratio:.3g} times smaller.").format(
        t_min=temperatures[0], t_max=temperatures[-1], with_first=with_t2[0], with_last=with_t2[-1],
        without_first=without_t2[0], without_last=without_t2[-1], ratio=without_t2[0] / without_t2[-1]))
