r"""Entropy and the Kullback-Leibler divergence: the floor of a cross-entropy, and the distance above it.

:math:`\mathrm{CE}(t, y) = H(t) + \mathrm{KL}(t \,\|\, y)`: :func:`entropy` is H, :func:`kl_div` is KL with
PyTorch's ``kl_div`` conventions.
"""
import numpy as np

from ._checks import as_float_array, cast_back, check_axis, compute_dtype
from .i18n import _

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
    >>> from softmaxlab import one_hot
    >>> t = (1 - 0.1) * one_hot([0], 1000) + 0.1 / 1000  # label smoothing 0.1 over C = 1000 classes
    >>> round(float(entropy(t)[0]), 4)  # the floor of the smoothed loss, in nats
    1.0148
    """
    probs = as_float_array(probs, "probs")
    axis = check_axis(probs, axis, "probs", empty=_("there are no classes"))
    if np.any(np.isnan(probs)) or np.any(probs < 0):
        bad = probs.flat[np.flatnonzero(np.isnan(probs) | (probs < 0))[0]]
        raise ValueError(_("probs must be >= 0, got {bad}").format(bad=bad))
    dtype, probs = probs.dtype, compute_dtype(probs)
    with np.errstate(all="ignore"):  # log 0 = -inf, multiplied by 0: replaced by 0
        terms = np.where(probs == 0, 0, probs * np.log(probs))
    return cast_back(-np.sum(terms, axis=axis), dtype)


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
        is C times too small. PyTorch 2.13 warns about 'mean': it divides by the batch size and
        the support size, and "will be changed to behave the same as 'batchmean' in the next
        major release". This function keeps today's 'mean', without a warning.
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
    (:math:`0 \log 0 = 0`, as in :func:`entropy` and :func:`~softmaxlab.losses.cross_entropy`);
    PyTorch gives nan there, and for ``log_target=True`` it gives nan wherever the target is ``-inf``.

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
        raise ValueError(_("reduction must be 'mean', 'batchmean', 'sum' or 'none', got {reduction!r}").format(
                           reduction=reduction))
    input = as_float_array(input, "input")
    target = as_float_array(target, "target")
    if target.shape != input.shape:
        raise ValueError(_("target shape {target_shape} must be the same as input shape {input_shape}").format(
                           target_shape=target.shape, input_shape=input.shape))
    if input.ndim == 0:
        raise ValueError(_("input is a scalar: give log-probabilities with at least one dimension, (N, C) or (C,)"))
    if input.size == 0:
        raise ValueError(_("empty input: input has shape {shape}").format(shape=input.shape))
    if not log_target and np.any(target < 0):
        raise ValueError(_("target must hold probabilities (>= 0), got {value}; for log-probabilities pass "
                           "log_target=True").format(
                           value=target[target < 0].flat[0]))
    dtype = np.result_type(input.dtype, target.dtype)
    x, t = compute_dtype(input.astype(dtype)), compute_dtype(target.astype(dtype))
    with np.errstate(all="ignore"):  # 0 * (-inf): a zero target meets log 0 or an input of -inf, taken as 0
        if log_target:
            terms = np.where(t == -np.inf, 0, np.exp(t) * (t - x))
        else:
            terms = np.where(t == 0, 0, t * (np.log(t) - x))
    with np.errstate(all="ignore"):  # a float32 sum or mean may round to a subnormal, 0 or inf: IEEE, silently
        if reduction == "none":
            result = terms
        elif reduction == "sum":
            result = np.sum(terms)
        elif reduction == "mean":
            result = np.mean(terms)
        else:
            result = np.sum(terms) / input.shape[0]
    return cast_back(result, dtype)
