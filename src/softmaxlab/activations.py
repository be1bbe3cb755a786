"""Softmax and friends: softmax, log_softmax, logsumexp, and the softmax backward pass.

Every function here computes float16 input in float32 and returns float16 (as PyTorch does on
CPU), and raises no floating-point warning or error, even under ``np.seterr(all="raise")``:
the documented results for +-inf and nan are produced on purpose.
"""
import numpy as np

from ._checks import as_float_array, cast_back, check_axis, compute_dtype
from .i18n import _


def _max_and_rest(x, axis):
    r"""The pieces of the log1p form of log-sum-exp, along `axis` (kept as a size-1 axis).

    Returns ``shifted = x - m``; ``e``, :math:`e^{x_j - m}` with the entry at ``k``, one
    max, set to 0; ``k``; ``rest``, the sum of e (every term but the max's own); and ``m``, so that

    .. math:: \log \sum_j e^{x_j} = m + \mathrm{log1p}(\mathit{rest})

    The max's own term, :math:`e^0 = 1`, is left out of the sum: when the max dominates, rest
    is tiny and ``log1p`` keeps its digits, where ``log(1 + rest)`` would round 1 + rest to 1
    (``logsumexp([0, -40])`` would be 0 instead of 4.25e-18). scipy.special.logsumexp does the same.
    A row whose max is +-inf or nan is shifted by 0, so that inf and nan flow through.
    """
    k = np.argmax(x, axis=axis, keepdims=True)  # where one max sits (the first nan, if any)
    m = np.take_along_axis(x, k, axis=axis)
    m[~np.isfinite(m)] = 0  # m is a fresh array
    shifted = x - m
    e = np.exp(shifted)
    # remove the max's own term: it is exp(0) = 1 exactly, so this writes an exact 0
    # (in a row of only -inf it writes -1, and log1p(-1) = -inf is the right answer)
    np.put_along_axis(e, k, np.take_along_axis(e, k, axis=axis) - 1, axis=axis)
    return shifted, e, k, np.sum(e, axis=axis, keepdims=True), m


def softmax_naive(x, axis=-1):
    r"""Textbook softmax with no shift: :math:`e^{x_i} / \sum_j e^{x_j}`.

    Kept on purpose so that the notebooks can show it overflow: ``exp`` is inf above
    about 709.78 in float64 and 88.72 in float32, and inf / inf is nan. Unlike the other
    functions it lets NumPy warn about that overflow (underflow to 0 stays silent).
    Use :func:`softmax` for real work.

    Examples
    --------
    >>> import numpy as np
    >>> softmax_naive([1.0, 2.0, 3.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> with np.errstate(over="ignore", invalid="ignore"):
    ...     softmax_naive([1000.0, 1001.0])
    array([nan, nan])
    """
    x = as_float_array(x)
    axis = check_axis(x, axis)
    with np.errstate(under="ignore"):  # exp(-1600) = 0 is harmless; overflow is what this shows
        e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax(x, axis=-1):
    r"""Softmax along `axis`, computed stably.

    .. math:: \mathrm{softmax}(x)_i = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}}, \qquad m = \max_j x_j

    Subtracting the max changes nothing mathematically and keeps every exponent <= 0.
    float32 stays float32, float64 stays float64, integers become float64; float16 is
    computed in float32 and returned as float16 (PyTorch's CPU behaviour).

    Non-finite input gives exactly what ``scipy.special.softmax`` gives: a ``-inf``
    entry gets probability exactly 0; a row that holds ``+inf`` is all nan (the shift
    is inf - inf); a row of only ``-inf``, or holding nan, is all nan. No warning is
    raised for these.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax([1000.0, 1001.0]).round(4)   # the naive formula gives nan here
    array([0.2689, 0.7311])
    >>> softmax([[1, 1], [0, 100]]).round(4)  # one distribution per row
    array([[0.5, 0.5],
           [0. , 1. ]])
    """
    x = as_float_array(x)
    axis = check_axis(x, axis)
    dtype, x = x.dtype, compute_dtype(x)
    with np.errstate(all="ignore"):  # underflow to 0 is harmless; the rest comes only from +-inf or nan
        e = x - np.max(x, axis=axis, keepdims=True)  # a +inf or nan max makes the row nan, as in scipy
        np.exp(e, out=e)
        e /= np.sum(e, axis=axis, keepdims=True)
    return cast_back(e, dtype)


def logsumexp(x, axis=-1, keepdims=False):
    r"""``log(sum(exp(x)))`` along `axis`, without overflow and accurate when the max dominates.

    .. math:: \log \sum_j e^{x_j} = m + \mathrm{log1p}\Big(\sum_{j \ne k} e^{x_j - m}\Big),
       \qquad m = x_k = \max_j x_j

    Subtracting the max keeps every exponent <= 0, so ``exp`` cannot overflow. Leaving the
    max's own term (exactly 1) out of the sum and adding it back through ``log1p`` keeps the
    digits of the small terms, as ``scipy.special.logsumexp`` does: ``log(1 + 4.2e-18)``
    would round to 0. The result is within a few ulp of the exact value (tested against
    mpmath).

    Parameters
    ----------
    x : array_like, shape (..., C, ...)
        Real numbers; integers become float64, float16 is computed in float32.
    axis : int
        The axis to sum over (default: the last). It must not be empty.
    keepdims : bool
        Keep `axis` as a size-1 axis, so the result broadcasts against `x`.

    Returns
    -------
    numpy.ndarray
        Shape of `x` without `axis` (or with it of size 1), dtype of `x`.

    Raises
    ------
    TypeError
        `x` is not real numbers, or `axis` is not an int.
    ValueError
        `x` is a scalar, `axis` is out of range, or `axis` is empty.

    Notes
    -----
    A row of only ``-inf`` gives ``-inf``; a row holding ``+inf`` gives ``+inf``; nan gives
    nan. No floating-point warning is raised.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))   # 1000 + log 2
    1000.6931471805599
    >>> float(logsumexp([0.0, -40.0]))       # log(1 + e^-40): log(1 + ...) would give 0.0
    4.248354255291589e-18
    >>> logsumexp([[0.0, 0.0], [1.0, -np.inf]])
    array([0.69314718, 1.        ])
    """
    x = as_float_array(x)
    axis = check_axis(x, axis, empty=_("logsumexp has no terms to add up"))
    dtype, x = x.dtype, compute_dtype(x)
    with np.errstate(all="ignore"):  # only +-inf or nan rows warn, and they give the documented results
        *_first, rest, m = _max_and_rest(x, axis)
        out = m + np.log1p(rest)  # (..., 1, ...)
    out = out if keepdims else np.squeeze(out, axis=axis)
    return cast_back(out, dtype)


def log_softmax(x, axis=-1):
    r"""Logarithm of softmax along `axis`, computed without ever taking log(0).

    .. math:: \log \mathrm{softmax}(x)_i = (x_i - m) - \mathrm{log1p}\Big(\sum_{j \ne k} e^{x_j - m}\Big),
       \qquad m = x_k = \max_j x_j

    the log-sum-exp of :func:`logsumexp` in its log1p form, so that the max entry of a
    confident row keeps its digits (``-log_softmax([0, -40])[0]`` is 4.25e-18, not 0).
    Within a few ulp of the exact value (tested against mpmath). float16 is computed in
    float32 and returned as float16.

    Non-finite input gives exactly what ``scipy.special.log_softmax`` gives: a ``-inf``
    entry gives ``-inf``; a row that holds ``+inf`` gives nan for the ``+inf`` entries and
    ``-inf`` elsewhere; a row of only ``-inf``, or holding nan, is all nan. No warning.

    Examples
    --------
    >>> log_softmax([0.0, -1000.0])   # log(softmax(...)) would give -inf for the second entry
    array([    0., -1000.])
    >>> float(-log_softmax([0.0, -40.0])[0])   # log(1 + e^-40), not 0
    4.248354255291589e-18
    """
    x = as_float_array(x)
    axis = check_axis(x, axis)
    dtype, x = x.dtype, compute_dtype(x)
    with np.errstate(all="ignore"):  # only +-inf or nan rows warn, and they give the documented results
        shifted, _e, _k, rest, _m = _max_and_rest(x, axis)
        shifted -= np.log1p(rest)  # in place: one array less
    return cast_back(shifted, dtype)


def _check_probs(probs):
    probs = as_float_array(probs, "probs")
    if probs.ndim == 0:
        raise ValueError(_("probs must have shape (C,) or (..., C), got a scalar"))
    if probs.shape[-1] == 0:
        raise ValueError(_("probs has shape {shape}: there are no classes").format(shape=probs.shape))
    outside = np.flatnonzero((probs < 0) | (probs > 1))
    if outside.size:
        raise ValueError(_("probs must be softmax outputs, in [0, 1]; got {value} at flat index {index} (did you "
                           "pass logits?)").format(
                           value=probs.flat[outside[0]], index=outside[0]))
    return probs


def _softmax_vjp(probs, dout):
    """``y * (dout - <dout, y>)`` along the last axis, for checked arrays of one shape.

    In the dtype NumPy gives the pair; float16 is computed in float32 and returned as float16.
    """
    dtype = np.result_type(probs.dtype, dout.dtype)
    y, g = compute_dtype(probs.astype(dtype, copy=False)), compute_dtype(dout.astype(dtype, copy=False))
    with np.errstate(all="ignore"):  # nan rows (a softmax of +-inf or nan), and float16 results out of range
        return cast_back(y * (g - np.sum(g * y, axis=-1, keepdims=True)), dtype)


def softmax_jacobian(probs):
    r"""Jacobian of softmax from its output: :math:`J = \mathrm{diag}(y) - y y^\top`.

    .. math:: J_{ij} = \frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j)

    `probs` is a softmax output (entries in [0, 1], else a ValueError) of shape (C,) -> J is
    (C, C), or (N, C) -> (N, C, C), or any (..., C) -> (..., C, C), e.g. (B, T, C) for a
    sequence model. This builds C*C numbers per sample; :func:`softmax_backward` gets ``J.T @ dout``
    without building J.

    Examples
    --------
    >>> softmax_jacobian(np.array([0.5, 0.5]))
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    probs = _check_probs(probs)
    dtype, probs = probs.dtype, compute_dtype(probs)
    C = probs.shape[-1]
    with np.errstate(all="ignore"):  # only nan rows, and y_i y_j below the smallest float (it rounds to 0)
        J = -probs[..., :, None] * probs[..., None, :]  # (..., C, C): -y_i y_j
        idx = np.arange(C)
        J[..., idx, idx] += probs  # diagonal: y_i - y_i^2
    return cast_back(J, dtype)


def softmax_backward(probs, dout):
    r"""Vector-Jacobian product of softmax along the last axis, without building J.

    Given ``probs = softmax(x)`` (entries in [0, 1], else a ValueError; shape (..., C)) and
    the upstream gradient ``dout = dL/dprobs`` of the same shape,

    .. math:: \frac{\partial L}{\partial x} = J^\top \mathrm{dout} = y \odot (\mathrm{dout} - \langle \mathrm{dout}, y \rangle)

    Neither argument is modified.

    Examples
    --------
    >>> y = softmax([1.0, 2.0, 3.0])
    >>> dout = np.array([0.3, -1.0, 0.5])
    >>> np.allclose(softmax_backward(y, dout), softmax_jacobian(y).T @ dout)
    True
    """
    probs = _check_probs(probs)
    dout = as_float_array(dout, "dout")
    if dout.shape != probs.shape:
        raise ValueError(_("dout has shape {dout_shape} but probs has shape {probs_shape}; they must match").format(
                           dout_shape=dout.shape, probs_shape=probs.shape))
    return _softmax_vjp(probs, dout)
