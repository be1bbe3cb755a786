"""Cross-entropy losses and their gradient, with PyTorch's target forms and reductions.

As in activations.py: float16 is computed in float32 and returned as float16, and no
floating-point warning or error is raised, even under ``np.seterr(all="raise")``.
"""
import numpy as np

from ._checks import _refuse_masked, as_float_array, check_axis, check_eps, check_reduction, compute_dtype, reduce
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


def _check_logits_targets(logits, targets, name="logits", ignore_index=None):
    """Validate a (N, C) or (C,) input and its targets.

    Returns ``(logits (N, C), targets, is_index, was_1d)`` where targets is either integer
    class indices (N,) or float probabilities (N, C) in the logits' dtype.
    One (C,) sample takes a scalar class index or one of shape (1,), as PyTorch does.
    A class index equal to `ignore_index` (an int, or None for none) is exempt from the range check.
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
        checked = targets if ignore_index is None else targets[targets != ignore_index]
        if checked.size and (checked.min() < 0 or checked.max() >= C):
            bad = checked.min() if checked.min() < 0 else checked.max()
            also = "" if ignore_index is None else f", or equal ignore_index = {ignore_index}"
            raise ValueError(f"target label {bad} is out of range: labels must be in [0, {C}) for {C} classes{also}")
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


def _check_options(weight, ignore_index, label_smoothing):
    """Type and range checks of the PyTorch options that do not need the logits."""
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        raise TypeError(f"ignore_index must be an int (a class index to leave out), got {ignore_index!r}")
    if isinstance(label_smoothing, bool) or not isinstance(label_smoothing, (int, float, np.integer, np.floating)):
        raise TypeError(f"label_smoothing must be a float in [0, 1], got {label_smoothing!r}")
    if not 0 <= label_smoothing <= 1:  # nan fails too
        raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing}; it is the share eps of the "
                         f"target spread evenly over the C classes: t = (1 - eps) * one_hot + eps / C")
    if weight is not None:
        _refuse_masked(weight, "weight")
    return int(ignore_index), float(label_smoothing)


def _check_weight(weight, C, dtype):
    """Class weights as a (C,) array of `dtype`, or None: finite, >= 0, one per class."""
    if weight is None:
        return None
    w = np.asarray(weight)
    if w.dtype.kind not in "iuf":  # not bool, complex, timedelta64, strings or objects
        raise TypeError(f"weight must be a real numeric array of C = {C} class weights, got dtype {w.dtype}")
    if w.shape != (C,):
        raise ValueError(f"weight must have shape (C,) = ({C},), one weight per class, got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"weight must be finite, got {w[~np.isfinite(w)][0]} for class "
                         f"{np.flatnonzero(~np.isfinite(w))[0]}")
    if np.any(w < 0):
        raise ValueError(f"weight must be >= 0, got {w.min()} for class {np.argmin(w)}; PyTorch accepts a negative "
                         f"weight, but it turns gradient descent into ascent on that class's samples")
    return w.astype(dtype)


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
        raise ValueError(f"ignore_index = {ignore_index} is for class-index targets; probability targets have no "
                         f"index to ignore (PyTorch raises too; it accepts a negative ignore_index, such as the "
                         f"default -100, and ignores it)")
    dtype, logits = logits.dtype, compute_dtype(logits)
    weight = _check_weight(weight, logits.shape[1], logits.dtype)
    return logits, targets, is_index, was_1d, dtype, weight, ignore_index, label_smoothing


def cross_entropy(logits, targets, *, weight=None, ignore_index=-100, label_smoothing=0.0, reduction="mean",
                  from_logits=True, eps=1e-7):
    r"""Categorical cross-entropy :math:`L_n = -\sum_c t_{nc} \log y_{nc}`.

    Parameters
    ----------
    logits : array_like, shape (N, C) or (C,)
        Raw scores (``from_logits=True``) or probabilities (``from_logits=False``).
    targets : array_like
        Either integer class indices of shape (N,) (a scalar for one (C,) sample), or
        float class probabilities / one-hot rows of the same shape as `logits`.
        These are the two forms of ``torch.nn.functional.cross_entropy``.
    weight : array_like, shape (C,), optional
        Class weights w_c, finite and >= 0 (PyTorch also takes negative ones; here they are a
        ValueError). A class-index sample's loss is multiplied by :math:`w_{t_n}`, and 'mean'
        divides by :math:`\sum_{n\,\mathrm{kept}} w_{t_n}`, not by N. Probability targets use
        :math:`L_n = -\sum_c w_c t_{nc} \log y_{nc}` and 'mean' divides by N. Both as PyTorch.
    ignore_index : int
        A class-index target equal to it (default -100, PyTorch's) adds 0 to the loss and to the
        gradient, and 'mean' divides by the count (or summed weight) of the other targets. It may
        be a valid class id (then that class is never learned). With probability targets
        PyTorch raises for ``ignore_index >= 0`` and ignores a negative value; so does this.
    label_smoothing : float in [0, 1]
        eps in PyTorch's :math:`t = (1 - \epsilon)\,\mathrm{one\_hot} + \epsilon / C` (over all C
        classes, the true one included). With class indices and weights PyTorch weighs the
        two parts separately: :math:`L_n = (1 - \epsilon) w_{t_n} (-\log y_{n t_n}) + \frac{\epsilon}{C}
        \sum_c w_c (-\log y_{nc})`, and 'mean' still divides by :math:`\sum w_{t_n}`.
    reduction : {'mean', 'sum', 'none'}
        As in PyTorch: the (weighted) mean described above, the sum, or the (N,) losses
        (0 for an ignored target).
    from_logits : bool
        True (default): ``log y = log_softmax(logits)``, computed stably; this is
        PyTorch's ``CrossEntropyLoss`` and Keras' ``categorical_crossentropy(from_logits=True)``.
        False: the input holds probabilities, handled like Keras'
        ``categorical_crossentropy(from_logits=False)``: each row is divided by its sum,
        clipped to ``[eps, 1 - eps]``, then ``log`` is taken. Any real input gets Keras'
        answer, without warnings (notebook 07 shows what Keras returns when logits are
        passed by mistake): negative entries end up clipped to `eps`; a row summing to 0 is
        divided by 0, its entries becoming +-inf (then clipped) or nan (0 / 0).
        `weight`, `ignore_index` and `label_smoothing` act on this ``log y`` in the same way.
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
        Non-numeric, complex, bool or masked input or weight; float targets of shape (N,);
        integer targets shaped like `logits`; `ignore_index` not an int; `label_smoothing`
        not a number.
    ValueError
        Wrong shapes, a label out of range (other than `ignore_index`), an empty batch or no
        classes, a bad `reduction`, `weight` not of shape (C,), negative or not finite,
        `label_smoothing` outside [0, 1], ``ignore_index >= 0`` with probability targets, or
        (``from_logits=False``) `eps` outside (0, 0.5).

    Notes
    -----
    From logits the loss of a class-index target is :math:`\mathrm{log1p}(\sum_{j \ne k}
    e^{a_j - m}) - (a_t - m)` (see :func:`log_softmax`): a confidently right sample keeps
    its digits, ``cross_entropy([[0, -40]], [0])`` is 4.25e-18, not 0.

    **Every target ignored**: 'mean' returns nan, as PyTorch does ('sum' gives 0). A mean
    over no targets has no value, and nan says so where 0 would pass for a perfect batch;
    the gradient is then 0 (:func:`cross_entropy_backward`, as PyTorch's), so a training step
    on such a batch changes nothing. Kept targets whose weights sum to 0 also give nan (and
    nan gradient rows, as PyTorch). To average over many micro-batches, take
    ``reduction='sum'`` of each and divide once by the total count (or weight) of kept targets.

    Non-finite logits (``from_logits=True``) follow :func:`log_softmax`, without warnings.
    A class with logit ``-inf`` has probability 0: it adds nothing where its target (or its
    weight) is 0 (``0 log 0`` is taken as 0, so index and one-hot targets agree; PyTorch gives
    nan for a probability target there) and makes the loss ``+inf`` where it is the true class
    or where label smoothing gives it a share. In a row holding ``+inf``, a true class at a
    ``+inf`` entry gives nan and one at a finite entry gives ``+inf``. A row of only ``-inf``,
    or holding nan, gives nan.

    Examples
    --------
    >>> logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    >>> round(float(cross_entropy(logits, [0, 1])), 6)
    0.306882
    >>> cross_entropy(logits, one_hot([0, 1], 3), reduction="none").round(6)
    array([0.41703 , 0.196734])
    >>> round(float(cross_entropy(softmax(logits), [0, 1], from_logits=False)), 6)
    0.306882

    The weighted mean divides by the weights of the targets (here 3 + 1), not by N = 2:

    >>> losses = cross_entropy(logits, [0, 1], reduction="none")
    >>> w = np.array([3.0, 1.0, 1.0])
    >>> bool(np.isclose(cross_entropy(logits, [0, 1], weight=w), (3 * losses[0] + losses[1]) / 4))
    True
    >>> cross_entropy(logits, [0, -100], reduction="none").round(6)  # the second target is ignored
    array([0.41703, 0.     ])
    >>> float(cross_entropy(logits, [-100, -100]))  # nothing left to average: nan, as in PyTorch
    nan
    """
    (logits, targets, is_index, was_1d, dtype, weight, ignore_index,
     label_smoothing) = _checked_inputs(logits, targets, weight, ignore_index, label_smoothing, reduction)
    if from_logits:
        logp = log_softmax(logits)  # (N, C)
    else:
        check_eps(eps)
        with np.errstate(all="ignore"):  # rows summing to 0, or holding nan or inf: Keras' answer, silently
            probs = logits / np.sum(logits, axis=-1, keepdims=True)  # (N, C)
            logp = np.log(np.clip(probs, eps, 1 - eps))
    kept = targets != ignore_index if is_index else np.ones(len(targets), bool)  # (N,)
    if weight is None and label_smoothing == 0 and kept.all():  # the plain loss, computed as it always was
        if is_index:
            losses = -logp[np.arange(len(targets)), targets]  # (N,): -log y of the true class
        else:
            losses = _soft_target_losses(targets.astype(logp.dtype), logp)  # (N,)
        return reduce(losses[0] if was_1d else losses, reduction).astype(dtype, copy=False)
    N, C = logp.shape
    with np.errstate(all="ignore"):  # -inf logits meet zero shares (taken as 0); 0 / 0 when nothing is kept
        if is_index:  # PyTorch's two parts, each kept exact: w_t (-log y_t), and the smoothing share
            safe = np.where(kept, targets, 0)  # (N,): an ignored row may hold any int
            w_t = np.where(kept, 1 if weight is None else weight[safe], 0).astype(logp.dtype)  # (N,)
            losses = np.zeros(N, logp.dtype)
            if label_smoothing < 1:
                nll = -logp[np.arange(N), safe]  # (N,)
                losses += np.where(w_t == 0, 0, (1 - label_smoothing) * w_t * nll)
            if label_smoothing > 0:
                w = np.ones((N, C), logp.dtype) if weight is None else np.broadcast_to(weight, (N, C))
                losses += np.where(kept, (label_smoothing / C) * _soft_target_losses(w, logp), 0)
        else:
            u = _effective_targets(targets.astype(logp.dtype), False, kept, C, weight, label_smoothing, logp.dtype)
            losses = _soft_target_losses(u, logp)  # (N,)
        if reduction == "mean":
            result = np.sum(losses) / _denominator(targets, is_index, kept, weight)
        else:
            result = reduce(losses[0] if was_1d else losses, reduction)
    return result.astype(dtype, copy=False)


def cross_entropy_backward(logits, targets, *, weight=None, ignore_index=-100, label_smoothing=0.0,
                           reduction="mean"):
    r"""Gradient of :func:`cross_entropy` (from logits) with respect to the logits.

    .. math:: \frac{\partial L_n}{\partial a_n} = y_n \textstyle\sum_c t_{nc} - t_n = y_n - t_n
       \quad \text{(when each target row sums to 1)}

    with :math:`y = \mathrm{softmax}(a)`. For ``reduction='mean'`` it is divided by N;
    for ``'sum'`` and ``'none'`` row n is the gradient of the n-th sample's own loss.

    `weight`, `ignore_index` and `label_smoothing` mean what they mean in :func:`cross_entropy`
    (PyTorch's). Every option writes the loss as :math:`L_n = -\sum_c u_{nc} \log y_{nc}`, so
    the gradient keeps the same form, :math:`y_n \sum_c u_{nc} - u_n`: with class weights and
    class indices it is :math:`w_{t_n} (y_n - t_n) / \sum_{m\,\mathrm{kept}} w_{t_m}` for the
    'mean', an ignored row is exactly 0, and with label smoothing t is the smoothed target.
    Every target ignored: all 0, as PyTorch's (the loss is nan); kept targets whose weights sum
    to 0: their rows are nan, as PyTorch's.

    Where a probability is above 1/2, ``1 - y`` is computed as the sum of the other
    probabilities: the gradient of a confident sample keeps its digits (at logits
    ``[30, 0, -1]``, class 0, the first entry is -1.2800100077308513e-13, correctly rounded,
    where ``softmax - one_hot`` gives -1.2789769243681803e-13, 3 digits).

    Non-finite logits follow :func:`softmax`, without warnings: a ``-inf`` logit has
    y = 0, so its entry is ``-t`` (the row stays finite even when it is the true class);
    a row holding ``+inf`` or nan, or of only ``-inf``, is all nan (0 if it is ignored).

    Raises
    ------
    TypeError, ValueError
        As :func:`cross_entropy`.

    Examples
    --------
    >>> cross_entropy_backward(np.array([[0.0, 0.0]]), [1])
    array([[ 0.5, -0.5]])
    >>> cross_entropy_backward(np.array([[0.0, 0.0], [0.0, 0.0]]), [1, 0], weight=[1.0, 3.0])  # / (3 + 1)
    array([[ 0.375, -0.375],
           [-0.125,  0.125]])
    """
    (logits, targets, is_index, was_1d, dtype, weight, ignore_index,
     label_smoothing) = _checked_inputs(logits, targets, weight, ignore_index, label_smoothing, reduction)
    probs = softmax(logits)  # (N, C)
    N, C = probs.shape
    kept = targets != ignore_index if is_index else np.ones(N, bool)  # (N,)
    with np.errstate(all="ignore"):  # only rows holding +-inf or nan, already nan; 0 / 0 when nothing is kept
        if weight is None and label_smoothing == 0 and kept.all():  # the plain gradient, as it always was
            dlogits = _y_minus_t(probs, targets if is_index else targets.astype(probs.dtype), is_index)  # (N, C)
            if reduction == "mean":
                dlogits /= N
        else:
            targets_ = targets if is_index else targets.astype(probs.dtype)
            u = _effective_targets(targets_, is_index, kept, C, weight, label_smoothing, probs.dtype)  # (N, C)
            dlogits = _y_minus_t(probs, u, False)  # y sum(u) - u, (N, C)
            if reduction == "mean":
                dlogits /= _denominator(targets, is_index, kept, weight)
            dlogits[~kept] = 0
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


def entropy(probs, *, axis=-1):
    r"""Shannon entropy :math:`H(t) = -\sum_c t_c \log t_c` in nats, with :math:`0 \log 0 = 0`.

    The floor of the cross-entropy against a target t: :math:`\mathrm{CE}(t, y) = H(t) +
    \mathrm{KL}(t \,\|\, y) \ge H(t)`, reached at y = t (0 only for a one-hot t). As
    ``scipy.stats.entropy`` with the natural log, but along `axis` only (no normalisation:
    give rows that sum to 1).

    Parameters
    ----------
    probs : array_like
        Probabilities, >= 0, any shape with at least one dimension.
    axis : int
        The class axis (default -1: a batch (N, C) gives N entropies).

    Returns
    -------
    numpy.ndarray
        `probs`' shape without `axis`, in its float dtype (float64 for integers).

    Raises
    ------
    TypeError
        Non-numeric, bool, complex or masked input; `axis` not an int.
    ValueError
        A negative or nan probability, a scalar, an empty or out-of-range axis.

    Examples
    --------
    >>> round(float(entropy([0.5, 0.5])), 6)  # log 2
    0.693147
    >>> t = (1 - 0.1) * one_hot([0], 1000) + 0.1 / 1000  # label smoothing 0.1 over C = 1000 classes
    >>> round(float(entropy(t)[0]), 4)  # the floor of the smoothed loss, in nats
    1.0148
    """
    probs = as_float_array(probs, "probs")
    axis = check_axis(probs, axis, "probs", empty="there are no classes")
    if np.any(np.isnan(probs)) or np.any(probs < 0):
        bad = probs.flat[np.flatnonzero(np.isnan(probs) | (probs < 0))[0]]
        raise ValueError(f"probs must be >= 0, got {bad}")
    dtype, probs = probs.dtype, compute_dtype(probs)
    with np.errstate(all="ignore"):  # log 0 = -inf, multiplied by 0: replaced by 0
        terms = np.where(probs == 0, 0, probs * np.log(probs))
    return (-np.sum(terms, axis=axis)).astype(dtype, copy=False)


def kl_div(input, target, *, reduction="mean", log_target=False):
    r"""Kullback-Leibler divergence with PyTorch's ``torch.nn.functional.kl_div`` (``KLDivLoss``) conventions.

    Elementwise :math:`t (\log t - x)`, where `input` x holds **log**-probabilities of the model
    (``log_softmax`` of its logits) and `target` t holds probabilities, or log-probabilities with
    ``log_target=True`` (then :math:`e^{t} (t - x)`). Summed over the classes this is
    :math:`\mathrm{KL}(t \,\|\, y) = \mathrm{CE}(t, y) - H(t)`: note the order, the target first,
    the reverse of the argument order.

    Parameters
    ----------
    input : array_like, shape (N, C) or any shape
        Log-probabilities of the model. Passing probabilities instead gives a wrong number,
        without an error (as in PyTorch).
    target : array_like, the shape of `input`
        Probabilities (>= 0), or log-probabilities if `log_target`.
    reduction : {'mean', 'batchmean', 'sum', 'none'}
        As PyTorch: 'none' the elementwise terms; 'sum' their sum; 'batchmean' the sum divided
        by ``input.shape[0]`` (N for a batch (N, C): the mean KL per sample, the mathematical KL);
        'mean' (the default, kept for PyTorch's sake) divides by every element, N * C, and so
        is C times too small. PyTorch warns about 'mean'; this function does not warn.
        One (C,) row with 'batchmean' is divided by C, as in PyTorch: give it as (1, C).
    log_target : bool
        Whether `target` holds log-probabilities (as PyTorch's argument).

    Returns
    -------
    numpy.ndarray
        Shape () for the reductions, `input`'s shape for 'none'; float64, or the inputs' float
        dtype (float16 computed in float32).

    Raises
    ------
    TypeError
        Non-numeric, bool, complex or masked input or target.
    ValueError
        Different shapes (no broadcasting), a scalar or empty input, a bad `reduction`, or
        (``log_target=False``) a negative target, the usual sign that log-probabilities were
        given without ``log_target=True``.

    Notes
    -----
    Where the target probability is 0 the term is 0, even where `input` is ``-inf``
    (:math:`0 \log 0 = 0`, as in :func:`entropy` and :func:`cross_entropy`); PyTorch gives nan
    there, and for ``log_target=True`` it gives nan wherever the target is ``-inf``.

    Examples
    --------
    >>> t = np.array([[0.5, 0.5]])
    >>> logq = np.log([[0.9, 0.1]])
    >>> round(float(kl_div(logq, t, reduction="batchmean")), 6)  # 0.5 log(0.5/0.9) + 0.5 log(0.5/0.1)
    0.510826
    >>> round(float(kl_div(logq, t)), 6)  # 'mean' also divides by C = 2
    0.255413
    >>> round(float(kl_div(logq, np.log(t), reduction="sum", log_target=True)), 6)
    0.510826
    """
    if reduction not in ("mean", "batchmean", "sum", "none"):
        raise ValueError(f"reduction must be 'mean', 'batchmean', 'sum' or 'none', got {reduction!r}")
    input = as_float_array(input, "input")
    target = as_float_array(target, "target")
    if target.shape != input.shape:
        raise ValueError(f"target shape {target.shape} must be the same as input shape {input.shape}")
    if input.ndim == 0:
        raise ValueError("input is a scalar: give log-probabilities with at least one dimension, (N, C) or (C,)")
    if input.size == 0:
        raise ValueError(f"empty input: input has shape {input.shape}")
    if not log_target and np.any(target < 0):
        raise ValueError(f"target must hold probabilities (>= 0), got {target[target < 0].flat[0]}; for "
                         f"log-probabilities pass log_target=True")
    dtype = np.result_type(input.dtype, target.dtype)
    x, t = compute_dtype(input.astype(dtype)), compute_dtype(target.astype(dtype))
    with np.errstate(all="ignore"):  # 0 * (-inf): a zero target meets log 0 or an input of -inf, taken as 0
        if log_target:
            terms = np.where(t == -np.inf, 0, np.exp(t) * (t - x))
        else:
            terms = np.where(t == 0, 0, t * (np.log(t) - x))
    if reduction == "none":
        result = terms
    elif reduction == "sum":
        result = np.sum(terms)
    elif reduction == "mean":
        result = np.mean(terms)
    else:
        result = np.sum(terms) / input.shape[0]
    return result.astype(dtype, copy=False)
