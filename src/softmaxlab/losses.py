"""Cross-entropy losses and their gradient, with PyTorch's target forms and reductions.

As in activations.py: float16 is computed in float32 and returned as float16, and no
floating-point warning or error is raised, even under ``np.seterr(all="raise")``.
"""
import numpy as np

from ._checks import _refuse_masked, as_float_array, check_eps, check_reduction, compute_dtype, reduce
from .activations import log_softmax, softmax

ONE_HOT_MAX_BYTES = 2 ** 30  # one_hot refuses to build more than 1 GiB (labels [10**10] would need 74 GiB)


def one_hot(labels, num_classes=None):
    """One-hot encode integer class labels: shape ``labels.shape + (num_classes,)``, float64.

    Parameters
    ----------
    labels : array_like of int
        Class indices, each in ``[0, num_classes)``; any shape, possibly empty.
    num_classes : int, optional
        Number of classes C; defaults to ``max(labels) + 1`` (required when `labels` is empty).
        As ``torch.nn.functional.one_hot``.

    Raises
    ------
    TypeError
        `labels` are not integers (an empty list counts as integers), or `num_classes` is not an int.
    ValueError
        A label is negative or >= `num_classes`, `num_classes` < 1, or the result would take
        more than 1 GiB (a label such as 10**10 is almost surely a mistake).

    Examples
    --------
    >>> one_hot([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    >>> one_hot([], num_classes=3).shape
    (0, 3)
    """
    _refuse_masked(labels, "labels")
    labels = np.asarray(labels)
    if labels.size == 0 and labels.dtype.kind == "f":  # [] is float64 to NumPy, but holds no non-integer
        labels = labels.astype(np.int64)
    if labels.dtype.kind not in "iu":  # timedelta64 is an integer type to NumPy, not a label
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
    if labels.size * C * 8 > ONE_HOT_MAX_BYTES:
        raise ValueError(f"one_hot would build {labels.size} x {C} floats ({labels.size * C * 8 / 2**30:.3g} GiB), "
                         f"more than the 1 GiB limit; is the largest label, {labels.max()}, right?")
    return (labels[..., None] == np.arange(C)).astype(np.float64)


def _check_logits_targets(logits, targets, name="logits"):
    """Validate a (N, C) or (C,) input and its targets.

    Returns ``(logits (N, C), targets, is_index, was_1d)`` where targets is either integer
    class indices (N,) or float probabilities (N, C) in the logits' dtype.
    One (C,) sample takes a scalar class index or one of shape (1,), as PyTorch does.
    """
    logits = as_float_array(logits, name)
    if logits.ndim not in (1, 2):
        raise ValueError(f"{name} must have shape (N, C) or (C,), got {logits.shape}")
    _refuse_masked(targets, "targets")
    targets = np.asarray(targets)
    is_index = targets.dtype.kind in "iu"  # not bool, not timedelta64
    was_1d = logits.ndim == 1
    if was_1d:  # one sample: treat it as a batch of one
        if is_index and targets.shape not in ((), (1,)):
            raise ValueError(f"{name} of shape {logits.shape} is one sample: its class-index target must be a "
                             f"scalar or have shape (1,), got shape {targets.shape}")
        logits, targets = logits[None, :], (targets.reshape(1) if is_index else targets[None])
    N, C = logits.shape
    if N == 0:
        raise ValueError(f"empty batch: {name} has shape {logits.shape}")
    if C == 0:
        raise ValueError(f"{name} has shape {logits.shape}: there are no classes")
    if is_index:
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
    if targets.dtype.kind != "f":
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
    with np.errstate(all="ignore"):  # inf * 0 where a -inf logit meets a zero target: replaced by 0
        terms = np.where(targets == 0, 0, targets * logp)  # (N, C)
        return -np.sum(terms, axis=-1)


def _y_minus_t(probs, targets, is_index):
    """``y * sum(t) - t`` row by row (``y - t`` for class indices): in place in `probs` for class
    indices, in a new (N, C) array for probability targets.

    Where a probability y_k is above 1/2, ``y_k - 1`` would cancel: y_k is 1 - 1.3e-13 at a
    margin of 30, and float64 keeps only 3 digits of that difference. There ``1 - y_k`` is
    taken as the sum of the other probabilities instead, which loses nothing.
    """
    N = len(probs)
    rows = np.arange(N)
    if is_index:
        dlogits = probs  # (N, C), changed in place
        y_t = dlogits[rows, targets]  # (N,)
        dlogits[rows, targets] = 0
        sure = np.flatnonzero(y_t > 0.5)  # usually few rows: the cost stays small
        others = np.sum(dlogits[sure], axis=-1)  # 1 - y_t, without cancellation
        dlogits[rows, targets] = y_t - 1
        dlogits[sure, targets[sure]] = -others
        return dlogits
    dlogits = probs * np.sum(targets, axis=-1, keepdims=True) - targets  # (N, C)
    k = np.argmax(probs, axis=-1)  # (N,)
    sure = np.flatnonzero(probs[rows, k] > 0.5)
    if sure.size:  # y_k S - t_k = (S - t_k) - S (1 - y_k), both sums taken without entry k
        p, t, ks = probs[sure], targets[sure], k[sure]
        t_k = t[np.arange(len(sure)), ks]
        p[np.arange(len(sure)), ks] = 0  # p and t are copies (fancy indexing): zero entry k, then sum
        t[np.arange(len(sure)), ks] = 0
        others_y, others_t = np.sum(p, axis=-1), np.sum(t, axis=-1)
        dlogits[sure, ks] = others_t - (others_t + t_k) * others_y
    return dlogits


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
        clipped to ``[eps, 1 - eps]``, then ``log`` is taken. Any real input gets Keras'
        answer, without warnings (notebook 07 shows what Keras returns when logits are
        passed by mistake): negative entries end up clipped to `eps`; a row summing to 0 is
        divided by 0, its entries becoming +-inf (then clipped) or nan (0 / 0).
    eps : float
        Clipping bound in (0, 0.5), used only when ``from_logits=False``.

    Returns
    -------
    numpy.ndarray
        Shape () for 'mean' and 'sum', (N,) for 'none' (() for one (C,) sample), in the
        dtype of `logits` (float64 for integers; float16 is computed in float32).

    Raises
    ------
    TypeError
        Non-numeric, complex, bool or masked input; float targets of shape (N,); integer
        targets shaped like `logits`.
    ValueError
        Wrong shapes, a label out of range, an empty batch or no classes, a bad `reduction`,
        or (``from_logits=False``) `eps` outside (0, 0.5).

    Notes
    -----
    From logits the loss of a class-index target is :math:`\mathrm{log1p}(\sum_{j \ne k}
    e^{a_j - m}) - (a_t - m)` (see :func:`log_softmax`): a confidently right sample keeps
    its digits, ``cross_entropy([[0, -40]], [0])`` is 4.25e-18, not 0.

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
    dtype, logits = logits.dtype, compute_dtype(logits)
    if from_logits:
        logp = log_softmax(logits)  # (N, C)
    else:
        check_eps(eps)
        with np.errstate(all="ignore"):  # rows summing to 0, or holding nan or inf: Keras' answer, silently
            probs = logits / np.sum(logits, axis=-1, keepdims=True)  # (N, C)
            logp = np.log(np.clip(probs, eps, 1 - eps))
    if is_index:
        losses = -logp[np.arange(len(targets)), targets]  # (N,): -log y of the true class
    else:
        losses = _soft_target_losses(targets.astype(logp.dtype), logp)  # (N,)
    return reduce(losses[0] if was_1d else losses, reduction).astype(dtype, copy=False)


def cross_entropy_backward(logits, targets, *, reduction="mean"):
    r"""Gradient of :func:`cross_entropy` (from logits) with respect to the logits.

    .. math:: \frac{\partial L_n}{\partial a_n} = y_n \textstyle\sum_c t_{nc} - t_n = y_n - t_n
       \quad \text{(when each target row sums to 1)}

    with :math:`y = \mathrm{softmax}(a)`. For ``reduction='mean'`` it is divided by N;
    for ``'sum'`` and ``'none'`` row n is the gradient of the n-th sample's own loss.

    Where a probability is above 1/2, ``1 - y`` is computed as the sum of the other
    probabilities: the gradient of a confident sample keeps its digits (at logits
    ``[30, 0, -1]``, class 0, the first entry is -1.2800100077308513e-13, correctly rounded,
    where ``softmax - one_hot`` gives -1.2789769243681803e-13, 3 digits).

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
    dtype, logits = logits.dtype, compute_dtype(logits)
    probs = softmax(logits)  # (N, C)
    N = len(probs)
    with np.errstate(all="ignore"):  # only rows holding +-inf or nan, already nan
        dlogits = _y_minus_t(probs, targets if is_index else targets.astype(probs.dtype), is_index)  # (N, C)
        if reduction == "mean":
            dlogits /= N
    dlogits = dlogits.astype(dtype, copy=False)
    return dlogits[0] if was_1d else dlogits


def binary_cross_entropy(x, targets, *, from_logits=False, reduction="mean", eps=1e-7):
    r"""Binary cross-entropy :math:`-[t \log p + (1 - t) \log(1 - p)]`, elementwise.

    ``from_logits=False``: `x` holds probabilities in [0, 1] (a ValueError names the first
    one outside), clipped to ``[eps, 1 - eps]`` with ``0 < eps < 0.5`` as Keras'
    ``BinaryCrossentropy`` does. ``from_logits=True``: `x` holds logits and the stable form
    :math:`\max(x, 0) - x t + \log(1 + e^{-|x|})` is used, as PyTorch's ``BCEWithLogitsLoss``.
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
        raise ValueError(f"targets shape {targets.shape} must be the same as input shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"empty input: x has shape {x.shape}")
    dtype, x = x.dtype, compute_dtype(x)
    targets = targets.astype(x.dtype)
    if not from_logits:
        check_eps(eps)
        outside = np.flatnonzero((x < 0) | (x > 1))
        if outside.size:
            raise ValueError(f"with from_logits=False, x holds probabilities, which must be in [0, 1]; got "
                             f"{x.flat[outside[0]]} at flat index {outside[0]}; pass from_logits=True for logits")
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
        return reduce(losses, reduction).astype(dtype, copy=False)
