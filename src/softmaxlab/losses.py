"""Cross-entropy from logits and its gradient, with PyTorch's target forms, options and reductions.

This module holds :func:`cross_entropy` and :func:`cross_entropy_backward`; the pieces they are built from
live in short modules of their own, and every name stays importable from here:

- ``targets.py``: :func:`one_hot`, the two target forms, the per-sample loss and ``y - t``;
- ``loss_options.py``: PyTorch's ``weight=``, ``ignore_index=`` and ``label_smoothing=``;
- ``binary.py``: :func:`binary_cross_entropy`;
- ``divergence.py``: :func:`entropy` and :func:`kl_div`.

As in activations.py: float16 is computed in float32 and returned as float16, and no
floating-point warning or error is raised, even under ``np.seterr(all="raise")``.
"""
import numpy as np

from ._checks import cast_back, check_eps, reduce
from .activations import log_softmax, softmax
from .binary import binary_cross_entropy
from .divergence import entropy, kl_div
from .loss_options import (_check_options, _check_weight, _checked_inputs, _denominator,  # noqa: F401
                           _effective_targets)
from .targets import (ONE_HOT_MAX_BYTES, _check_logits_targets, _positions_as_rows, _soft_target_losses,  # noqa: F401
                      _y_minus_t, one_hot)

__all__ = ["one_hot", "cross_entropy", "cross_entropy_backward", "binary_cross_entropy", "entropy", "kl_div"]


def cross_entropy(logits, targets, *, weight=None, ignore_index=-100, label_smoothing=0.0, reduction="mean",
                  from_logits=True, eps=1e-7):
    r"""Categorical cross-entropy :math:`L_n = -\sum_c t_{nc} \log y_{nc}`.

    Parameters
    ----------
    logits : array_like, shape (N, C), (C,) or (N, C, d1, ..., dK)
        Raw scores (``from_logits=True``) or probabilities (``from_logits=False``).
        (N, C, d1, ..., dK) is PyTorch's form for a class at every position (a pixel in
        segmentation, a token of a sequence): the class axis is axis 1, and each of the
        N * d1 * ... * dK positions counts as one sample, for every option and reduction.
    targets : array_like
        Either integer class indices of shape (N,) (a scalar for one (C,) sample; (N, d1, ...,
        dK) for (N, C, d1, ..., dK) logits), or float class probabilities / one-hot rows of the
        same shape as `logits`. These are the two forms of ``torch.nn.functional.cross_entropy``.
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
        ((N, d1, ..., dK) for (N, C, d1, ..., dK) logits; 0 for an ignored target).
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
        Shape () for 'mean' and 'sum', (N,) for 'none' (() for one (C,) sample, (N, d1, ...,
        dK) for (N, C, d1, ..., dK) logits), in the dtype of `logits` (float64 for integers;
        float16 is computed in float32).

    Raises
    ------
    TypeError
        Non-numeric, complex, bool or masked input or weight; float targets of shape (N,);
        integer targets shaped like `logits`; `ignore_index` not an int; `label_smoothing`
        not a number.
    ValueError
        Wrong shapes (for (N, C, d1, ...) logits: targets neither (N, d1, ...) nor the logits'
        shape, or an empty axis), a label out of range (other than `ignore_index`), an empty batch or no
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
    on such a batch changes nothing. Kept targets whose weights sum to 0 also give nan, with or
    without label smoothing (and nan gradient rows, as PyTorch). To average over many micro-batches, take
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

    A class at each of 2 positions of one sample, (N, C, d1) = (1, 3, 2): column j is position j.

    >>> sequence = logits.T[None]  # (1, 3, 2): the two rows of `logits` as the two positions
    >>> cross_entropy(sequence, [[0, 1]], reduction="none").round(6)  # (N, d1) = (1, 2)
    array([[0.41703 , 0.196734]])
    """
    logits, targets, positions = _positions_as_rows(logits, targets)  # (N, C, d1, ...) -> (M, C)
    result = _cross_entropy_rows(logits, targets, weight, ignore_index, label_smoothing, reduction, from_logits, eps)
    return result.reshape(positions) if positions is not None and reduction == "none" else result


def _cross_entropy_rows(logits, targets, weight, ignore_index, label_smoothing, reduction, from_logits, eps):
    """:func:`cross_entropy` of a (N, C) or (C,) input."""
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
        return cast_back(reduce(losses[0] if was_1d else losses, reduction), dtype)
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
            den = _denominator(targets, is_index, kept, weight)  # 0: nothing kept, or kept weights all 0
            result = np.sum(losses) / den if den != 0 else losses.dtype.type(np.nan)  # nan as PyTorch, not x / 0
        else:
            result = reduce(losses[0] if was_1d else losses, reduction)
    return cast_back(result, dtype)


def cross_entropy_backward(logits, targets, *, weight=None, ignore_index=-100, label_smoothing=0.0,
                           reduction="mean"):
    r"""Gradient of :func:`cross_entropy` (from logits) with respect to the logits.

    .. math:: \frac{\partial L_n}{\partial a_n} = y_n \textstyle\sum_c t_{nc} - t_n = y_n - t_n
       \quad \text{(when each target row sums to 1)}

    with :math:`y = \mathrm{softmax}(a)`. For ``reduction='mean'`` it is divided by N;
    for ``'sum'`` and ``'none'`` row n is the gradient of the n-th sample's own loss.
    It has the shape of `logits`: (N, C, d1, ..., dK) logits get their gradient in that shape,
    each position's C entries along axis 1 (and 'mean' divides by N * d1 * ... * dK).

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
    logits, targets, positions = _positions_as_rows(logits, targets)  # (N, C, d1, ...) -> (M, C)
    dlogits = _cross_entropy_backward_rows(logits, targets, weight, ignore_index, label_smoothing, reduction)
    if positions is None:
        return dlogits
    return np.ascontiguousarray(np.moveaxis(dlogits.reshape(*positions, -1), -1, 1))  # (N, C, d1, ...)


def _cross_entropy_backward_rows(logits, targets, weight, ignore_index, label_smoothing, reduction):
    """:func:`cross_entropy_backward` of a (N, C) or (C,) input."""
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
                den = _denominator(targets, is_index, kept, weight)
                dlogits[:] = dlogits / den if den != 0 else np.nan  # kept rows nan, as PyTorch (ignored ones: 0)
            dlogits[~kept] = 0
    dlogits = cast_back(dlogits, dtype)
    return dlogits[0] if was_1d else dlogits
