"""The two target forms of a cross-entropy, as PyTorch takes them: class indices and probability rows.

``one_hot`` turns labels into rows; the private helpers check a (N, C) batch against its targets and
compute the two pieces every cross-entropy here shares: the per-sample loss ``-sum_c t log y`` and the
gradient ``y sum(t) - t`` (``y - t`` when each target row sums to 1), with the digits of a confident
sample kept. :mod:`softmaxlab.losses` builds ``cross_entropy`` from them.
"""
import numpy as np

from ._checks import _refuse_masked, as_float_array, cast_back
from .i18n import _

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
        raise TypeError(_("labels must be integers, got dtype {dtype}").format(dtype=labels.dtype))
    if labels.size == 0 and num_classes is None:
        raise ValueError(_("labels is empty: pass num_classes to say how many classes there are"))
    if labels.size and labels.min() < 0:
        raise ValueError(_("labels must be >= 0, got {labels_min}").format(labels_min=labels.min()))
    if num_classes is not None and (not isinstance(num_classes, (int, np.integer)) or isinstance(num_classes, bool)):
        raise TypeError(_("num_classes must be an int, got {num_classes!r}").format(num_classes=num_classes))
    if num_classes is not None and num_classes < 1:
        raise ValueError(_("num_classes must be >= 1, got {num_classes}").format(num_classes=num_classes))
    C = int(labels.max()) + 1 if num_classes is None else int(num_classes)
    if labels.size and labels.max() >= C:
        raise ValueError(_("label {labels_max} is out of range for num_classes={C} (labels must be in [0, {C}))").format(
                           labels_max=labels.max(), C=C))
    if labels.size * C * 8 > ONE_HOT_MAX_BYTES:
        raise ValueError(_("one_hot would build {size} x {C} floats ({gib:.3g} GiB), more than the 1 GiB limit; "
                           "is the largest label, {labels_max}, right?").format(
                           size=labels.size, C=C, gib=labels.size * C * 8 / 2**30, labels_max=labels.max()))
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
        raise ValueError(_("{name} must have shape (N, C) or (C,), got {shape}").format(name=name, shape=logits.shape))
    _refuse_masked(targets, "targets")
    targets = np.asarray(targets)
    is_index = targets.dtype.kind in "iu"  # not bool, not timedelta64
    was_1d = logits.ndim == 1
    if was_1d:  # one sample: treat it as a batch of one
        if is_index and targets.shape not in ((), (1,)):
            raise ValueError(_("{name} of shape {logits_shape} is one sample: its class-index target must be a "
                               "scalar or have shape (1,), got shape {targets_shape}").format(
                               name=name, logits_shape=logits.shape, targets_shape=targets.shape))
        logits, targets = logits[None, :], (targets.reshape(1) if is_index else targets[None])
    N, C = logits.shape
    if N == 0:
        raise ValueError(_("empty batch: {name} has shape {shape}").format(name=name, shape=logits.shape))
    if C == 0:
        raise ValueError(_("{name} has shape {shape}: there are no classes").format(name=name, shape=logits.shape))
    if is_index:
        if targets.shape == logits.shape and not was_1d:
            raise TypeError(_("integer targets of shape {shape} look like one-hot rows; integer targets are class "
                              "indices of shape ({N},); give one-hot or probability targets as floats").format(
                              shape=targets.shape, N=N))
        if targets.ndim == 1 and len(targets) != N:
            raise ValueError(_("batch size mismatch: {name} has N = {N} samples, shape {shape}, but there are "
                               "{n_targets} class-index targets").format(
                               name=name, N=N, shape=logits.shape, n_targets=len(targets)))
        if targets.shape != (N,):
            raise ValueError(_("class-index targets must have shape (N,) = ({N},), got {shape}").format(
                               N=N, shape=targets.shape))
        checked = targets if ignore_index is None else targets[targets != ignore_index]
        if checked.size and (checked.min() < 0 or checked.max() >= C):
            bad = checked.min() if checked.min() < 0 else checked.max()
            also = "" if ignore_index is None else _(", or equal ignore_index = {ignore_index}").format(ignore_index=ignore_index)
            raise ValueError(_("target label {bad} is out of range: labels must be in [0, {C}) for {C} "
                               "classes{also}").format(
                               bad=bad, C=C, also=also))
        return logits, targets, True, was_1d
    if targets.dtype.kind != "f":
        raise TypeError(_("targets must be integer class indices or float probabilities, got dtype {dtype}").format(
                          dtype=targets.dtype))
    if targets.shape == (N,):
        raise TypeError(_("targets of shape ({N},) are class indices and must be integers, got {dtype}; use "
                          "targets.astype(int), or give probabilities of shape {shape}").format(
                          N=N, dtype=targets.dtype, shape=logits.shape))
    if targets.ndim == 2 and targets.shape[1] == C and len(targets) != N:
        raise ValueError(_("batch size mismatch: {name} has N = {N} samples, shape {logits_shape}, but the "
                           "probability targets have {n_targets} rows, shape {targets_shape}").format(
                           name=name, N=N, logits_shape=logits.shape, n_targets=len(targets), targets_shape=targets.shape))
    if targets.shape != logits.shape:
        raise ValueError(_("probability targets must have the same shape as {name} {logits_shape}, got "
                           "{targets_shape}").format(
                           name=name, logits_shape=logits.shape, targets_shape=targets.shape))
    return logits, cast_back(targets, logits.dtype), False, was_1d  # float64 targets, float16 logits: rounded


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


def _positions_as_rows(logits, targets):
    """PyTorch's (N, C, d1, ..., dK) form as rows: every position of every sample is one row of C logits.

    Returns ``(logits, targets, positions)``. For logits of 1 or 2 dimensions they come back as given
    and `positions` is None. For (N, C, d1, ..., dK) the logits become (N * d1 * ... * dK, C) (class
    axis 1 moved last), class-index targets (N, d1, ..., dK) become (N * d1 * ... * dK,), probability
    targets (N, C, d1, ..., dK) become rows like the logits, and `positions` is (N, d1, ..., dK), the
    shape of the 'none' losses. `_check_logits_targets` then checks the rows as any (N, C) batch.
    """
    if np.ndim(logits) <= 2:
        return logits, targets, None
    logits = as_float_array(logits, "logits")
    _refuse_masked(targets, "targets")
    targets = np.asarray(targets)
    N, C, *dims = logits.shape
    positions = (N, *dims)
    if 0 in logits.shape:
        raise ValueError(_("logits of shape {shape} (N, C, d1, ...) hold no position to score: no axis may be empty").format(
                           shape=logits.shape))
    if targets.dtype.kind in "iu":  # class indices, one per position
        if targets.shape == logits.shape:
            raise TypeError(_("integer targets of shape {shape} look like one-hot rows; integer targets are class "
                              "indices of shape (N, d1, ...) = {positions}; give probability targets as floats").format(
                              shape=targets.shape, positions=positions))
        if targets.shape != positions:
            raise ValueError(_("class-index targets for logits of shape (N, C, d1, ...) = {logits_shape} must have "
                               "shape (N, d1, ...) = {positions}, got {targets_shape}").format(
                               logits_shape=logits.shape, positions=positions, targets_shape=targets.shape))
        flat_targets = targets.reshape(-1)  # (M,)
    elif targets.dtype.kind == "f":  # probabilities, class axis 1 like the logits
        if targets.shape == positions:
            raise TypeError(_("targets of shape {positions} are class indices and must be integers, got {dtype}; "
                              "use targets.astype(int), or give probabilities of shape {shape}").format(
                              positions=positions, dtype=targets.dtype, shape=logits.shape))
        if targets.shape != logits.shape:
            raise ValueError(_("probability targets must have the same shape as logits {logits_shape} (class axis "
                               "1), got {targets_shape}").format(
                               logits_shape=logits.shape, targets_shape=targets.shape))
        flat_targets = np.moveaxis(targets, 1, -1).reshape(-1, C)  # (M, C)
    else:
        raise TypeError(_("targets must be integer class indices or float probabilities, got dtype {dtype}").format(
                          dtype=targets.dtype))
    return np.moveaxis(logits, 1, -1).reshape(-1, C), flat_targets, positions  # (M, C), M = N * d1 * ... * dK
