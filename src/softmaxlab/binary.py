"""Binary cross-entropy, from probabilities (Keras' clipped form) or from logits (PyTorch's stable form)."""
import numpy as np

from ._checks import as_float_array, cast_back, check_eps, check_reduction, compute_dtype, reduce
from .i18n import _


def binary_cross_entropy(x, targets, *, from_logits=False, reduction="mean", eps=1e-7):
    r"""Binary cross-entropy :math:`-[t \log p + (1 - t) \log(1 - p)]`, elementwise.

    ``from_logits=False``: `x` holds probabilities in [0, 1] (a ValueError names the first
    one outside), clipped to ``[eps, 1 - eps]`` with ``0 < eps < 0.5``, then both logs are
    taken: Keras 3's convention (``keras.ops.binary_crossentropy``; its NumPy backend,
    keras/src/backend/numpy/nn.py, clips the same way), not PyTorch's. PyTorch's ``BCELoss``
    does not clip p: it clamps each log at -100. The two agree only where every probability
    is in ``[eps, 1 - eps]`` (there, to 1 ulp in float64 with eps = 1e-7, tested against
    torch 2.13); outside they differ: p = 0 with t = 1 gives 100 in PyTorch and
    :math:`-\log 10^{-7}` = 16.118 here, p = 1e-8 gives 18.421 there and 16.118 here, and a
    right answer p = 1, t = 1 gives 0 there and 1e-7 here.

    ``from_logits=True``: `x` holds logits and the stable form
    :math:`\max(x, 0) - x t + \mathrm{log1p}(e^{-|x|})` is used, PyTorch's
    ``BCEWithLogitsLoss`` (``binary_cross_entropy_with_logits``) formula. It agrees with torch
    2.13 to 1e-14 for finite logits, and keeps the digits of a tiny loss where PyTorch rounds
    them away (x = -50, t = 0: 1.93e-22 here, 0 in PyTorch); at ``+-inf`` see below (PyTorch
    gives nan where the logit agrees with the target).
    `x` and `targets` have the same shape; 'mean' averages over every element.
    float16 is computed in float32 (in float16, ``1 - eps`` would round to 1 and the loss
    be inf) and returned as float16.

    Non-finite input, without warnings: a ``+-inf`` logit gives the limit of the loss,
    0 where it agrees with the target (``+inf`` with t = 1, ``-inf`` with t = 0) and
    ``+inf`` otherwise; a nan logit or probability gives nan.

    Examples
    --------
    >>> round(float(binary_cross_entropy([0.9, 0.2], [1, 0])), 6)
    0.164252
    >>> round(float(binary_cross_entropy([2.197225, -1.386294], [1, 0], from_logits=True)), 6)
    0.164252
    """
    check_reduction(reduction)
    x = as_float_array(x, "x")
    targets = as_float_array(targets, "targets")
    if targets.shape != x.shape:
        raise ValueError(_("targets shape {targets_shape} must be the same as input shape {x_shape}").format(
                           targets_shape=targets.shape, x_shape=x.shape))
    if x.size == 0:
        raise ValueError(_("empty input: x has shape {shape}").format(shape=x.shape))
    dtype, x = x.dtype, compute_dtype(x)
    targets = cast_back(targets, x.dtype)  # float64 targets with float32 x: 1e-50 becomes 0
    if not from_logits:
        check_eps(eps)
        outside = np.flatnonzero((x < 0) | (x > 1))
        if outside.size:
            raise ValueError(_("with from_logits=False, x holds probabilities, which must be in [0, 1]; got "
                               "{value} at flat index {index}; pass from_logits=True for logits").format(
                               value=x.flat[outside[0]], index=outside[0]))
    with np.errstate(all="ignore"):  # only +-inf logits (inf - inf, inf * 0) and nan; fixed below
        if from_logits:
            losses = np.maximum(x, 0) - x * targets + np.log1p(np.exp(-np.abs(x)))
            infinite = np.isinf(x)
            if infinite.any():  # replace those nan by the limit: 0 if the logit agrees with the target, else inf
                agrees = np.where(x > 0, targets == 1, targets == 0)
                losses = np.where(infinite, np.where(agrees, 0.0, np.inf), losses).astype(x.dtype)
        else:
            p = np.clip(x, eps, 1 - eps)
            losses = -(targets * np.log(p) + (1 - targets) * np.log1p(-p))
        return cast_back(reduce(losses, reduction), dtype)
