r"""PyTorch's options of cross_entropy: ``weight=``, ``ignore_index=`` and ``label_smoothing=``.

Each option rewrites the loss as :math:`L_n = -\sum_c u_{nc} \log y_{nc}` with an effective target u
(:func:`_effective_targets`), so the gradient keeps the form ``y sum(u) - u``; the 'mean' divides by
PyTorch's denominator (:func:`_denominator`). :func:`softmaxlab.losses.cross_entropy` documents what
each option means.
"""
import numpy as np

from ._checks import _refuse_masked, cast_back, check_reduction, compute_dtype
from .targets import _check_logits_targets
from .i18n import _

def _check_options(weight, ignore_index, label_smoothing):
    """Type and range checks of the PyTorch options that do not need the logits."""
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        raise TypeError(_("ignore_index must be an int (a class index to leave out), got {ignore_index!r}").format(
                          ignore_index=ignore_index))
    if isinstance(label_smoothing, bool) or not isinstance(label_smoothing, (int, float, np.integer, np.floating)):
        raise TypeError(_("label_smoothing must be a float in [0, 1], got {label_smoothing!r}").format(
                          label_smoothing=label_smoothing))
    if not 0 <= label_smoothing <= 1:  # nan fails too
        raise ValueError(_("label_smoothing must be in [0, 1], got {label_smoothing}; it is the share eps of the "
                           "target spread evenly over the C classes: t = (1 - eps) * one_hot + eps / C").format(
                           label_smoothing=label_smoothing))
    if weight is not None:
        _refuse_masked(weight, "weight")
    return int(ignore_index), float(label_smoothing)


def _check_weight(weight, C, dtype):
    """Class weights as a (C,) array of `dtype`, or None: finite, >= 0, one per class."""
    if weight is None:
        return None
    w = np.asarray(weight)
    if w.dtype.kind not in "iuf":  # not bool, complex, timedelta64, strings or objects
        raise TypeError(_("weight must be a real numeric array of C = {C} class weights, got dtype {dtype}").format(
                          C=C, dtype=w.dtype))
    if w.shape != (C,):
        raise ValueError(_("weight must have shape (C,) = ({C},), one weight per class, got shape {shape}").format(
                           C=C, shape=w.shape))
    if not np.all(np.isfinite(w)):
        raise ValueError(_("weight must be finite, got {value} for class {class_index}").format(
                           value=w[~np.isfinite(w)][0], class_index=np.flatnonzero(~np.isfinite(w))[0]))
    if np.any(w < 0):
        raise ValueError(_("weight must be >= 0, got {value} for class {class_index}; PyTorch accepts a negative "
                           "weight, but it turns gradient descent into ascent on that class's samples").format(
                           value=w.min(), class_index=np.argmin(w)))
    return cast_back(w, dtype)


def _effective_targets(targets, is_index, kept, C, weight, label_smoothing, dtype):
    """The (N, C) array u with ``L_n = -sum_c u_nc log y_nc`` for every PyTorch option at once.

    Class indices: ``u_n = (1 - eps) w_{t_n} one_hot(t_n) + (eps / C) w`` on kept rows, 0 on ignored
    ones. Probabilities: ``u_n = w * ((1 - eps) t_n + eps / C)``. w is all ones when not given.
    """
    N = len(targets)
    w = np.ones(C, dtype) if weight is None else weight  # (C,)
    if is_index:
        safe = np.where(kept, targets, 0)  # an ignored row may hold any int
        u = np.zeros((N, C), dtype)
        u[np.arange(N), safe] = (1 - label_smoothing) * w[safe]
        u += (label_smoothing / C) * w  # (N, C)
        u[~kept] = 0
        return u
    smoothed = targets if label_smoothing == 0 else (1 - label_smoothing) * targets + label_smoothing / C
    return smoothed if weight is None else smoothed * w  # (N, C)


def _denominator(targets, is_index, kept, weight):
    """What PyTorch's 'mean' divides by: the summed weight of the kept class-index targets
    (their count without weights), and N for probability targets, weighted or not."""
    if not is_index:
        return len(targets)
    if weight is None:
        return np.count_nonzero(kept)
    return np.sum(weight[targets[kept]])


def _checked_inputs(logits, targets, weight, ignore_index, label_smoothing, reduction):
    """The input checks `cross_entropy` and `cross_entropy_backward` share; logits come back in compute dtype."""
    check_reduction(reduction)
    ignore_index, label_smoothing = _check_options(weight, ignore_index, label_smoothing)
    logits, targets, is_index, was_1d = _check_logits_targets(logits, targets, ignore_index=ignore_index)
    if not is_index and ignore_index >= 0:
        raise ValueError(_("ignore_index = {ignore_index} is for class-index targets; probability targets have no "
                           "index to ignore (PyTorch raises too; it accepts a negative ignore_index, such as the "
                           "default -100, and ignores it)").format(
                           ignore_index=ignore_index))
    dtype, logits = logits.dtype, compute_dtype(logits)
    weight = _check_weight(weight, logits.shape[1], logits.dtype)
    return logits, targets, is_index, was_1d, dtype, weight, ignore_index, label_smoothing
