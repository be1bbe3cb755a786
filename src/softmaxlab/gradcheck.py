"""Numerical gradients by central differences, and a one-number gradient check with one verdict rule."""
import numpy as np

from ._checks import as_float_array
from .i18n import _

GRADCHECK_THRESHOLD = 1e-6
"""A :func:`gradient_check` score below this means "consistent with a correct gradient"; at or above it
(or nan), at least one entry disagrees with the numerical gradient by more than that comparison can
explain. The one rule the notebooks, checkers and widgets use for a verdict."""  # i18n: no

_NOISE_MARGIN = 100
"""An error only counts once it is this many times the estimated error of the comparison itself."""  # i18n: no


def _check_step(h):
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)):
        raise TypeError(_("step h must be a number, got {h!r}").format(h=h))
    if not (np.isfinite(h) and h > 0):
        raise ValueError(_("step h must be positive and finite, got {h}").format(h=h))
    return float(h)


def _scalar(value):
    """f's result as a Python float, and the rounding unit of the dtype f computed it in."""
    value = np.asarray(value)
    if value.size != 1:
        raise TypeError(_("f must return a scalar, got an array of shape {shape}").format(shape=value.shape))
    if value.dtype.kind not in "iuf":
        raise TypeError(_("f must return a real number, got dtype {dtype}").format(dtype=value.dtype))
    eps = np.finfo(value.dtype).eps if value.dtype.kind == "f" else np.finfo(np.float64).eps
    return float(value.reshape(())), float(eps)


def _central_differences(f, x, h):
    """Central differences of f at x with step h, and the values of f they used.

    Returns ``(grad, f_plus, f_minus, eps)``: three float64 arrays shaped like x, and the
    largest rounding unit of the dtypes f returned.
    """
    if not callable(f):
        raise TypeError(_("f must be a function of x, got {type_name}").format(type_name=type(f).__name__))
    h = _check_step(h)
    x = np.array(as_float_array(x, "x"), dtype=np.float64)  # our own copy
    if x.size == 0:
        raise ValueError(_("x has shape {shape}: it is empty, there is no gradient to compute").format(shape=x.shape))
    grad, f_plus, f_minus = np.zeros_like(x), np.zeros_like(x), np.zeros_like(x)
    eps = 0.0
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus[i], eps_plus = _scalar(f(x.copy()))
        x[i] = old - h
        f_minus[i], eps_minus = _scalar(f(x.copy()))
        x[i] = old
        eps = max(eps, eps_plus, eps_minus)
    with np.errstate(all="ignore"):  # inf or nan values of f give inf or nan entries, as they should
        grad = np.asarray((f_plus - f_minus) / (2 * h))  # an array even for a 0-d x (NumPy gives a scalar)
    return grad, f_plus, f_minus, eps


def numerical_gradient(f, x, h=1e-5):
    r"""Gradient of a scalar function `f` at `x` by central differences, in float64.

    .. math:: \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    Parameters
    ----------
    f : callable
        Takes an array shaped like `x` and returns a real scalar (or a one-element array).
        It is called with a float64 copy of `x` each time; the caller's `x` is never changed.
    x : array_like of real numbers, any shape (a scalar too), not empty
    h : float
        The step, > 0.

    Returns
    -------
    numpy.ndarray, shape of `x`, float64

    Raises
    ------
    TypeError
        `f` is not callable or does not return a real scalar; `x` is not real numbers
        (None, complex, datetime64, bool, strings and masked arrays are refused).
    ValueError
        `x` is empty, or `h` is not positive and finite.

    Examples
    --------
    >>> numerical_gradient(lambda v: np.sum(v ** 2), np.array([1.0, -2.0])).round(6)
    array([ 2., -4.])
    """
    return _central_differences(f, x, h)[0]


def gradient_check(f, x, analytic_grad, h=1e-5):
    r"""How far `analytic_grad` is from the numerical gradient of `f` at `x`, beyond what rounding explains.

    The score is the largest relative error, with a floor that keeps the comparison's own
    error from counting:

    .. math:: \mathrm{score} = \max_i \frac{|a_i - n_i|}{\max\big(|a_i| + |n_i|,\ 100\,\delta_i / T\big)}

    where :math:`a` is `analytic_grad`, :math:`n` the central difference with step h (as
    :func:`numerical_gradient`), :math:`T` = ``GRADCHECK_THRESHOLD`` = 1e-6, and
    :math:`\delta_i` an estimate of how wrong :math:`n_i` and :math:`a_i` can be, correct code
    or not:

    - rounding in f: ``eps_f * (|f(x + h e_i)| + |f(x - h e_i)|) / (2h)``, with eps_f the
      rounding unit of f's result (2.2e-16 in float64). f is only known to about eps_f |f|,
      and dividing a difference of two such values by 2h magnifies that by 1/h;
    - truncation (and any rounding the first term misses), measured: ``|n_i - n_i(2h)|``, the
      change when the step is doubled (the truncation error grows as h**2); 0 where f is
      not finite at x +- 2h;
    - rounding in the analytic gradient: ``eps_a * max_j |a_j|``, eps_a its dtype's rounding unit.

    **What the number means.** Below ``GRADCHECK_THRESHOLD`` (1e-6): every entry agrees with
    the numerical gradient to a relative 1e-6, or to within 100 times the error the comparison
    itself can make; this is what a correct gradient gives (over the 44 correct cases of
    tests/test_gradcheck_bench.py: at most 4e-8, mostly below 1e-8; the margin of 100 leaves
    room for an f whose rounding exceeds eps_f |f|, such as a sum with cancellation). At or
    above it: some entry is off by more than that, which is what
    a wrong gradient gives (a sign flip or a wrong class scores about 1, a missing 1/N about
    (N - 1)/(N + 1), one entry off by 1% about 5e-3). nan if either gradient holds nan or inf.

    **Where its limits are.** An error smaller than 100 times the noise in an entry cannot be
    seen (at step h = 1e-5 and |f| ~ 1, the noise is about 1e-11 per entry); tiny entries of a
    large-loss f are checked only to that absolute level. A float32 analytic gradient is
    checked only to float32 rounding of its largest entry, and one whose entries are all
    differences of numbers near 1 (y - t of a sample classified with margin above about 5)
    has lost its digits: the check reports that honestly; check such samples with a float64
    gradient. f must compute in float64 (a float32 f is refused: its rounding, 1.2e-7
    relative, would swamp a step of 1e-5). f must be smooth within 2h of x: at a kink the
    numerical gradient means nothing. It costs 4 calls of f per entry of x.

    Parameters
    ----------
    f : callable
        Scalar function of an array shaped like `x`, computing in float64.
    x : array_like of real numbers, any shape (a scalar too), not empty
    analytic_grad : array_like of real numbers, shape of `x`
    h : float
        Step of the central difference, > 0.

    Returns
    -------
    float
        The score; compare it with ``GRADCHECK_THRESHOLD``.

    Raises
    ------
    TypeError
        As :func:`numerical_gradient`; `analytic_grad` is not real numbers; f returned float32 or float16.
    ValueError
        As :func:`numerical_gradient`; `analytic_grad` has another shape than `x`.

    Examples
    --------
    >>> f = lambda v: np.sum(v ** 3)
    >>> x = np.array([1.0, 2.0])
    >>> gradient_check(f, x, 3 * x ** 2) < GRADCHECK_THRESHOLD
    True
    >>> gradient_check(f, x, 2 * x ** 2) > 0.1   # a wrong derivative is caught
    True
    """
    analytic = as_float_array(analytic_grad, "analytic_grad")
    x_shape = np.shape(as_float_array(x, "x"))
    if analytic.shape != x_shape:
        raise ValueError(_("analytic_grad has shape {shape} but x has shape {x_shape}").format(
                           shape=analytic.shape, x_shape=x_shape))
    numeric, f_plus, f_minus, eps_f = _central_differences(f, x, h)
    if eps_f > np.finfo(np.float64).eps:
        raise TypeError(_("f returned a float with rounding unit {unit:.2g} (float32 or float16): a central "
                          "difference needs f in float64, its rounding would swamp the step h = {h}").format(
                          unit=eps_f, h=h))
    numeric_2h = _central_differences(f, x, 2 * h)[0]
    eps_a = np.finfo(analytic.dtype).eps
    with np.errstate(all="ignore"):  # inf or nan anywhere gives a nan score, on purpose
        analytic = analytic.astype(np.float64)
        truncation = np.asarray(np.abs(numeric - numeric_2h))  # measured; 0 where f cannot be evaluated at x +- 2h
        truncation[~np.isfinite(numeric_2h)] = 0
        delta = (eps_f * (np.abs(f_plus) + np.abs(f_minus)) / (2 * h)  # rounding in f, magnified by 1/h
                 + truncation
                 + eps_a * np.max(np.abs(analytic)))  # rounding in the analytic gradient
        denom = np.maximum(np.abs(analytic) + np.abs(numeric), _NOISE_MARGIN * delta / GRADCHECK_THRESHOLD)
        error = np.abs(analytic - numeric)
        ratio = np.where(error == 0, 0.0, error / denom)  # both exactly equal (zero included): no error
        if not (np.all(np.isfinite(analytic)) and np.all(np.isfinite(numeric))):
            return float("nan")
        return float(np.max(ratio))
