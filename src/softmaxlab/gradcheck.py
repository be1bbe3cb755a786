"""Numerical gradients by central differences, and a one-number gradient check."""
import numpy as np


def _scalar(value):
    value = np.asarray(value, dtype=np.float64)
    if value.size != 1:
        raise TypeError(f"f must return a scalar, got an array of shape {value.shape}")
    return float(value.reshape(()))


def numerical_gradient(f, x, h=1e-5):
    r"""Gradient of a scalar function `f` at `x` by central differences, in float64.

    .. math:: \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    `f` is called with a float64 copy of `x` each time; the caller's `x` is never changed.

    Examples
    --------
    >>> numerical_gradient(lambda v: np.sum(v ** 2), np.array([1.0, -2.0])).round(6)
    array([ 2., -4.])
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x, got {type(f).__name__}")
    if not h > 0:
        raise ValueError(f"step h must be positive, got {h}")
    x = np.array(x, dtype=np.float64)  # our own copy
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = _scalar(f(x.copy()))
        x[i] = old - h
        f_minus = _scalar(f(x.copy()))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def gradient_check(f, x, analytic_grad, h=1e-5):
    r"""Largest relative error between `analytic_grad` and the numerical gradient of `f` at `x`.

    .. math:: \max_i \frac{|a_i - n_i|}{\max(|a_i| + |n_i|,\ 10^{-6} \max_j (|a_j| + |n_j|))}

    The floor in the denominator keeps entries that are zero up to rounding from
    dominating. Rule of thumb: below 1e-6 the gradient is right; above 1e-3 it is wrong.
    Exception: where `f` is within about 1e-8 of its minimum (a sample classified with
    logits 18 apart), its gradient is about 1e-8 and rounding in `f` itself leaves the
    numerical gradient only ~4 digits; check such points with an absolute tolerance.

    Examples
    --------
    >>> f = lambda v: np.sum(v ** 3)
    >>> x = np.array([1.0, 2.0])
    >>> gradient_check(f, x, 3 * x ** 2) < 1e-8
    True
    >>> gradient_check(f, x, 2 * x ** 2) > 0.1   # a wrong derivative is caught
    True
    """
    numeric = numerical_gradient(f, x, h)
    analytic = np.asarray(analytic_grad, dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise ValueError(f"analytic_grad has shape {analytic.shape} but x has shape {numeric.shape}")
    denom = np.abs(analytic) + np.abs(numeric)
    if denom.max() == 0:
        return 0.0
    return float(np.max(np.abs(analytic - numeric) / np.maximum(denom, 1e-6 * denom.max())))
