"""Softmax and friends: softmax, log_softmax, logsumexp, and the softmax backward pass."""
import numpy as np

from ._checks import as_float_array, check_axis


def _row_max(x, axis):
    """Max along `axis` (kept as a size-1 axis), replaced by 0 where it is not finite.

    Subtracting the max makes every exponent <= 0, so exp cannot overflow. A row whose
    max is +-inf or nan is shifted by 0 instead, so that inf and nan flow through as in
    scipy.special rather than turning into inf - inf.
    """
    m = np.max(x, axis=axis, keepdims=True)
    return np.where(np.isfinite(m), m, 0)


def softmax_naive(x, axis=-1):
    r"""Textbook softmax with no shift: :math:`e^{x_i} / \sum_j e^{x_j}`.

    Kept on purpose so that the notebooks can show it overflow: ``exp`` is inf above
    about 709.78 in float64 and 88.72 in float32, and inf / inf is nan.
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
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax(x, axis=-1):
    r"""Softmax along `axis`, computed stably.

    .. math:: \mathrm{softmax}(x)_i = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}}, \qquad m = \max_j x_j

    Subtracting the max changes nothing mathematically and keeps every exponent <= 0.
    float32 stays float32, float64 stays float64, integers become float64.

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
    with np.errstate(over="ignore", invalid="ignore"):  # reached only by +-inf, nan or |x| near the float max
        e = x - np.max(x, axis=axis, keepdims=True)  # a +inf or nan max makes the row nan, as in scipy
        np.exp(e, out=e)
        e /= np.sum(e, axis=axis, keepdims=True)
    return e


def logsumexp(x, axis=-1, keepdims=False):
    r"""``log(sum(exp(x)))`` along `axis`, without overflow.

    .. math:: \log \sum_j e^{x_j} = m + \log \sum_j e^{x_j - m}, \qquad m = \max_j x_j

    A row of only ``-inf`` gives ``-inf``; a row holding ``+inf`` gives ``+inf``; nan gives nan.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))   # 1000 + log 2
    1000.6931471805599
    >>> logsumexp([[0.0, 0.0], [1.0, -np.inf]])
    array([0.69314718, 1.        ])
    """
    x = as_float_array(x)
    axis = check_axis(x, axis)
    m = _row_max(x, axis)
    with np.errstate(divide="ignore", over="ignore"):
        out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(x, axis=-1):
    r"""Logarithm of softmax along `axis`, computed without ever taking log(0).

    .. math:: \log \mathrm{softmax}(x)_i = (x_i - m) - \log \sum_j e^{x_j - m}

    Non-finite input gives exactly what ``scipy.special.log_softmax`` gives: a ``-inf``
    entry gives ``-inf``; a row that holds ``+inf`` gives nan for the ``+inf`` entries and
    ``-inf`` elsewhere; a row of only ``-inf``, or holding nan, is all nan. No warning.

    Examples
    --------
    >>> log_softmax([0.0, -1000.0])   # log(softmax(...)) would give -inf for the second entry
    array([    0., -1000.])
    """
    x = as_float_array(x)
    axis = check_axis(x, axis)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        shifted = x - _row_max(x, axis)
        shifted -= np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))  # in place: one array less
    return shifted


def _check_probs(probs):
    probs = as_float_array(probs, "probs")
    if probs.ndim not in (1, 2):
        raise ValueError(f"probs must have shape (C,) or (N, C), got {probs.shape}")
    if probs.shape[-1] == 0:
        raise ValueError(f"probs has shape {probs.shape}: there are no classes")
    return probs


def softmax_jacobian(probs):
    r"""Jacobian of softmax from its output: :math:`J = \mathrm{diag}(y) - y y^\top`.

    .. math:: J_{ij} = \frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j)

    `probs` is a softmax output of shape (C,) -> J is (C, C), or (N, C) -> (N, C, C).
    This builds C*C numbers per sample; :func:`softmax_backward` gets ``J.T @ dout``
    without building J.

    Examples
    --------
    >>> softmax_jacobian(np.array([0.5, 0.5]))
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    probs = _check_probs(probs)
    C = probs.shape[-1]
    J = -probs[..., :, None] * probs[..., None, :]  # (..., C, C): -y_i y_j
    idx = np.arange(C)
    J[..., idx, idx] += probs  # diagonal: y_i - y_i^2
    return J


def softmax_backward(probs, dout):
    r"""Vector-Jacobian product of softmax along the last axis, without building J.

    Given ``probs = softmax(x)`` and the upstream gradient ``dout = dL/dprobs``,

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
        raise ValueError(f"dout has shape {dout.shape} but probs has shape {probs.shape}; they must match")
    return probs * (dout - np.sum(dout * probs, axis=-1, keepdims=True))
