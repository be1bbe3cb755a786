"""Cross-entropy losses and their gradient, with PyTorch's target forms and reductions."""
import numpy as np

from ._checks import as_float_array, check_reduction, reduce
from .activations import log_softmax, softmax


def one_hot(labels, num_classes=None):
    """One-hot encode integer class labels: shape ``labels.shape + (num_classes,)``, float64.

    `num_classes` defaults to ``max(labels) + 1``.

    Examples
    --------
    >>> one_hot([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    labels = np.asarray(labels)
    if not np.issubdtype(labels.dtype, np.integer) or labels.dtype == bool:
        raise TypeError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.size == 0 and num_classes is None:
        raise ValueError("labels is empty: pass num_classes to say how many classes there are")
    if labels.size and labels.min() < 0:
        raise ValueError(f"labels must be >= 0, got {labels.min()}")
    if num_classes is not None and (not isinstance(num_classes, (int, np.integer)) or isinstance(num_classes, bool)):
        raise TypeError(f"num_classes must be an int, got {num_classes!r}")
    if num_classes is not None and num_classes < 1:
        raise ValueError(f"num_classes must be >= 1, got {num_classes}")
    C = int(labels.max()) + 1 if num_classes is None else int(num_classes)
    if labels.size and labels.max() >= C:
        raise ValueError(f"label {labels.max()} is out of range for num_classes={C} (labels must be in [0, {C}))")
    return (labels[..., None] == np.arange(C)).astype(np.float64)


def _check_logits_targets(logits, targets, name="logits"):
    """Validate a (N, C) or (C,) input and its targets.

    Returns ``(logits (N, C), targets, is_index, was_1d)`` where targets is either integer
    class indices (N,) or float probabilities (N, C) in the logits' dtype.
    """
    logits = as_float_array(logits, name)
    if logits.ndim not in (1, 2):
        raise ValueError(f"{name} must have shape (N, C) or (C,), got {logits.shape}")
    was_1d = logits.ndim == 1
    targets = np.asarray(targets)
    if was_1d:  # one sample: treat it as a batch of one
        logits, targets = logits[None, :], targets[None]
    N, C = logits.shape
    if N == 0:
        raise ValueError(f"empty batch: {name} has shape {logits.shape}")
    if C == 0:
        raise ValueError(f"{name} has shape {logits.shape}: there are no classes")
    if np.issubdtype(targets.dtype, np.integer) and targets.dtype != bool:
        if targets.shape == logits.shape and not was_1d:
            raise TypeError(f"integer targets of shape {targets.shape} look like one-hot rows; integer targets are "
                            f"class indices of shape ({N},); give one-hot or probability targets as floats")
        if targets.ndim == 1 and len(targets) != N:
            raise ValueError(f"batch size mismatch: {name} has N = {N} samples, shape {logits.shape}, "
                             f"but there are {len(targets)} class-index targets")
        if targets.shape != (N,):
            raise ValueError(f"class-index targets must have shape (N,) = ({N},), got {targets.shape}")
        if targets.min() < 0 or targets.max() >= C:
            bad = targets.min() if targets.min() < 0 else targets.max()
            raise ValueError(f"target label {bad} is out of range: labels must be in [0, {C}) for {C} classes")
        return logits, targets, True, was_1d
    if not np.issubdtype(targets.dtype, np.floating):
        raise TypeError(f"targets must be integer class indices or float probabilities, got dtype {targets.dtype}")
    if targets.shape == (N,):
        raise TypeError(f"targets of shape ({N},) are class indices and must be integers, got {targets.dtype}; "
                        f"use targets.astype(int), or give probabilities of shape {logits.shape}")
    if targets.ndim == 2 and targets.shape[1] == C and len(targets) != N:
        raise ValueError(f"batch size mismatch: {name} has N = {N} samples, shape {logits.shape}, "
                         f"but the probability targets have {len(targets)} rows, shape {targets.shape}")
    if targets.shape != logits.shape:
        raise ValueError(f"probability targets must have the same shape as {name} {logits.shape}, got {targets.shape}")
    return logits, targets.astype(logits.dtype), False, was_1d


def _soft_target_losses(targets, logp):
    """Per-sample ``-sum_c t log y`` (N,), with ``0 * log 0`` taken as 0 as in the entropy.

    A class masked with a ``-inf`` logit has ``log y = -inf``; where its target is 0 it
    adds nothing, so one-hot targets give the same loss as class indices.
    """
    with np.errstate(invalid="ignore"):
        terms = np.where(targets == 0, 0, targets * logp)  # (N, C)
    return -np.sum(terms, axis=-1)


def cross_entropy(logits, targets, *, reduction="mean", from_logits=True, eps=1e-7):
    r"""Categorical cross-entropy :math:`L_n = -\sum_c t_{nc} \log y_{nc}`.

    Parameters
    ----------
    logits : array_like, shape (N, C) or (C,)
        Raw scores (``from_logits=True``) or probabilities (``from_logits=False``).
    targets : array_like
        Either integer class indices of shape (N,) (a scalar for one (C,) sample), or
        float class probabilities / one-hot rows of the same shape as `logits`.
        These are the two forms of ``torch.nn.functional.cross_entropy``.
    reduction : {'mean', 'sum', 'none'}
        As in PyTorch: the mean over the N samples, their sum, or the (N,) losses.
    from_logits : bool
        True (default): ``log y = log_softmax(logits)``, computed stably; this is
        PyTorch's ``CrossEntropyLoss`` and Keras' ``categorical_crossentropy(from_logits=True)``.
        False: the input holds probabilities, handled like Keras'
        ``categorical_crossentropy(from_logits=False)``: each row is divided by its sum,
        clipped to ``[eps, 1 - eps]``, then ``log`` is taken.
    eps : float
        Clipping bound, used only when ``from_logits=False``.

    Notes
    -----
    Non-finite logits (``from_logits=True``) follow :func:`log_softmax`, without warnings.
    A class with logit ``-inf`` has probability 0: it adds nothing where its target is 0
    (``0 log 0`` is taken as 0, so index and one-hot targets agree) and makes the loss
    ``+inf`` where it is the true class. In a row holding ``+inf``, a true class at a
    ``+inf`` entry gives nan and one at a finite entry gives ``+inf``. A row of only
    ``-inf``, or holding nan, gives nan.

    Examples
    --------
    >>> logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    >>> round(float(cross_entropy(logits, [0, 1])), 6)
    0.306882
    >>> cross_entropy(logits, one_hot([0, 1], 3), reduction="none").round(6)
    array([0.41703 , 0.196734])
    >>> round(float(cross_entropy(softmax(logits), [0, 1], from_logits=False)), 6)
    0.306882
    """
    check_reduction(reduction)
    logits, targets, is_index, was_1d = _check_logits_targets(logits, targets)
    if from_logits:
        logp = log_softmax(logits)
    else:
        probs = logits / np.sum(logits, axis=-1, keepdims=True)
        logp = np.log(np.clip(probs, eps, 1 - eps))
    if is_index:
        losses = -logp[np.arange(len(targets)), targets]  # (N,): -log y of the true class
    else:
        losses = _soft_target_losses(targets, logp)  # (N,)
    return reduce(losses[0] if was_1d else losses, reduction)


def cross_entropy_backward(logits, targets, *, reduction="mean"):
    r"""Gradient of :func:`cross_entropy` (from logits) with respect to the logits.

    .. math:: \frac{\partial L_n}{\partial a_n} = y_n \textstyle\sum_c t_{nc} - t_n = y_n - t_n
       \quad \text{(when each target row sums to 1)}

    with :math:`y = \mathrm{softmax}(a)`. For ``reduction='mean'`` it is divided by N;
    for ``'sum'`` and ``'none'`` row n is the gradient of the n-th sample's own loss.

    Non-finite logits follow :func:`softmax`, without warnings: a ``-inf`` logit has
    y = 0, so its entry is ``-t`` (the row stays finite even when it is the true class);
    a row holding ``+inf`` or nan, or of only ``-inf``, is all nan.

    Examples
    --------
    >>> cross_entropy_backward(np.array([[0.0, 0.0]]), [1])
    array([[ 0.5, -0.5]])
    """
    check_reduction(reduction)
    logits, targets, is_index, was_1d = _check_logits_targets(logits, targets)
    dlogits = softmax(logits)  # (N, C), a fresh array we may change
    N = len(dlogits)
    if is_index:
        dlogits[np.arange(N), targets] -= 1.0  # y - t without building the one-hot t
    else:
        dlogits = dlogits * np.sum(targets, axis=-1, keepdims=True) - targets
    if reduction == "mean":
        dlogits /= N
    return dlogits[0] if was_1d else dlogits


def binary_cross_entropy(x, targets, *, from_logits=False, reduction="mean", eps=1e-7):
    r"""Binary cross-entropy :math:`-[t \log p + (1 - t) \log(1 - p)]`, elementwise.

    ``from_logits=False``: `x` holds probabilities, clipped to ``[eps, 1 - eps]`` as Keras'
    ``BinaryCrossentropy`` does. ``from_logits=True``: `x` holds logits and the stable form
    :math:`\max(x, 0) - x t + \log(1 + e^{-|x|})` is used, as PyTorch's ``BCEWithLogitsLoss``.
    `x` and `targets` have the same shape; 'mean' averages over every element.

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
        raise ValueError(f"targets shape {targets.shape} must be the same as input shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"empty input: x has shape {x.shape}")
    targets = targets.astype(x.dtype)
    if from_logits:
        with np.errstate(invalid="ignore"):  # only +-inf logits: inf - inf, inf * 0
            losses = np.maximum(x, 0) - x * targets + np.log1p(np.exp(-np.abs(x)))
        infinite = np.isinf(x)
        if infinite.any():  # replace those nan by the limit: 0 if the logit agrees with the target, else inf
            agrees = np.where(x > 0, targets == 1, targets == 0)
            losses = np.where(infinite, np.where(agrees, 0.0, np.inf), losses).astype(x.dtype)
    else:
        p = np.clip(x, eps, 1 - eps)
        losses = -(targets * np.log(p) + (1 - targets) * np.log1p(-p))
    return reduce(losses, reduction)
