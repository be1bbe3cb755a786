r"""Low-precision accumulation: bfloat16 rounding in NumPy, and a sum that rounds after every add.

NumPy has float16 (IEEE half: 11 significant bits, largest finite 65504) but no bfloat16
(Google Brain's format: float32's 8 exponent bits, 8 significant bits, the range of float32).
:func:`round_to_bfloat16` rounds float32 values to the nearest bfloat16, ties to even, by bit
manipulation, the rounding PyTorch's ``tensor.to(torch.bfloat16)`` uses (checked against
PyTorch 2.13 in ``tests/test_precision.py``); the result is stored as float32 holding a
bfloat16 value exactly.

:func:`running_sum` adds values one at a time, rounding the running total to the chosen format
after every add, as a loop accumulating in that format would. With 8 (bfloat16) or 11 (float16)
significant bits, once the total is large each small term is below half a unit in the last
place of the total and is lost; this is why frameworks compute a low-precision softmax with a
float32 accumulator (PyTorch's CPU and CUDA softmax kernels use ``acc_type``, float32 for
float16 and bfloat16 inputs).
"""
import numpy as np

from ._checks import as_float_array
from .i18n import _

FORMATS = ("float16", "bfloat16", "float32", "float64")


def round_to_bfloat16(x):
    """Round to the nearest bfloat16 value (ties to even), returned as float32.

    The float32 bit pattern is rounded to its upper 16 bits: add ``0x7FFF`` plus the lowest kept
    bit (so a tie goes to the even neighbour), then clear the lower 16 bits. nan stays nan
    (made quiet), +-inf stay +-inf, a finite value beyond bfloat16's largest (about 3.39e38)
    becomes inf, as in PyTorch.

    Parameters
    ----------
    x : array_like of real numbers, any shape
        Converted to float32 first (float64 input is rounded twice: to float32, then to bfloat16).

    Returns
    -------
    numpy.ndarray of float32
        Same shape as `x`; every value is exactly representable in bfloat16.

    Raises
    ------
    TypeError
        `x` is not real numbers (strings, complex, booleans).

    Examples
    --------
    >>> round_to_bfloat16([1.0, 1 + 2**-8, 1 + 3 * 2**-8, 3.14159, np.inf])   # 8 significant bits
    array([1.      , 1.      , 1.015625, 3.140625,      inf], dtype=float32)
    """
    with np.errstate(over="ignore"):  # a float64 beyond float32's range becomes inf, as it will in bfloat16
        x = np.asarray(as_float_array(x, "x"), dtype=np.float32)
    bits = np.ascontiguousarray(x).view(np.uint32)  # (...,)
    lowest_kept = (bits >> 16) & np.uint32(1)
    rounded = (bits + np.uint32(0x7FFF) + lowest_kept) & np.uint32(0xFFFF0000)  # (...,); -inf's 0xFF800000 stays
    quiet_nan = (bits | np.uint32(0x00400000)) & np.uint32(0xFFFF0000)  # a nan's sign and top bits, made quiet
    return np.where(np.isnan(x), quiet_nan, rounded).astype(np.uint32).view(np.float32).reshape(x.shape)


def _bfloat16_scalar(value):
    return round_to_bfloat16(np.float32(value))[()]


def running_sum(values, dtype, *, cumulative=False):
    """Add `values` one at a time, rounding the total to `dtype` after every add.

    Each value is first rounded to `dtype` (it was stored in that format), then
    ``total = round(total + value)``: the sum of two values is computed in float32 (float64 for
    float64) and rounded once. For float16 and bfloat16 that float32 sum is exact or too far from a
    tie for the second rounding to change anything, so each step is the correctly rounded add.

    Parameters
    ----------
    values : array_like of real numbers, shape (n,)
        The terms, in the order they are added.
    dtype : {'float16', 'bfloat16', 'float32', 'float64'} or the NumPy dtype of one of them
        The accumulator's format ("bfloat16" by :func:`round_to_bfloat16`).
    cumulative : bool
        Return every running total instead of the last one.

    Returns
    -------
    float, or numpy.ndarray of float64 with shape (n,) if `cumulative`
        The final total (a Python float holding a value of `dtype`; inf if it overflowed), or the
        total after each add.

    Raises
    ------
    TypeError
        `values` not real numbers, `dtype` not one of the four formats.
    ValueError
        `values` not one-dimensional.

    Examples
    --------
    >>> running_sum(np.full(1000, 0.01), "float32")   # doctest: +ELLIPSIS
    10.0001...
    >>> running_sum(np.full(1000, 0.01), "bfloat16")   # stalls: 0.01 is below half a step of the total
    4.0
    """
    name, terms, _round = _terms(values, dtype)
    kind = terms.dtype.type  # float32 for bfloat16, whose values float32 holds exactly
    rounded = _bfloat16_scalar if name == "bfloat16" else kind
    total, totals = kind(0.0), np.empty(len(terms))  # (n,)
    with np.errstate(over="ignore", invalid="ignore"):  # inf once it overflows (inf - inf never happens: terms add)
        for i, v in enumerate(terms):
            total = rounded(total + v)
            totals[i] = total
    return totals if cumulative else float(total)


def pairwise_sum(values, dtype):
    """Add `values` in pairs, then the pairs' sums in pairs, and so on, rounding every sum to `dtype`.

    The same correctly rounded adds as :func:`running_sum`, in a tree instead of a line: each total
    is the sum of two partial sums of similar size, so no term is ever added to a total thousands of
    times larger than itself. The error then grows with the tree's depth, log2(n), not with n. NumPy's
    ``sum`` of float32 and float64 arrays works this way ("partial pairwise summation", in blocks); a
    float16 array it sums in float32 and rounds once.

    Parameters
    ----------
    values : array_like of real numbers, shape (n,)
        The terms.
    dtype : {'float16', 'bfloat16', 'float32', 'float64'} or the NumPy dtype of one of them
        The format every partial sum is rounded to.

    Returns
    -------
    float
        The total (a Python float holding a value of `dtype`; 0.0 for no terms, inf if it overflowed).

    Raises
    ------
    TypeError
        `values` not real numbers, `dtype` not one of the four formats.
    ValueError
        `values` not one-dimensional.

    Examples
    --------
    >>> pairwise_sum(np.full(1000, 0.01), "bfloat16")   # running_sum stalls at 4.0
    10.0
    """
    name, terms, rounded = _terms(values, dtype)
    if terms.size == 0:
        return 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        while terms.size > 1:
            if terms.size % 2:
                terms = np.append(terms, terms.dtype.type(0.0))  # (n + 1,): an even count
            terms = rounded(terms[0::2] + terms[1::2])  # (n / 2,)
    return float(terms[0])


def _terms(values, dtype):
    """(format name, the values rounded to it, a function rounding an array to it) for the sums above."""
    name = dtype if isinstance(dtype, str) else getattr(np.dtype(dtype) if _is_dtype(dtype) else None, "name", None)
    if name not in FORMATS:
        raise TypeError(_("dtype must be one of {choices} (or the NumPy dtype of one), got {dtype!r}").format(
                          choices=', '.join(FORMATS), dtype=dtype))
    values = as_float_array(values, "values")
    if values.ndim != 1:
        raise ValueError(_("values must be one-dimensional (the terms in order), got shape {shape}").format(
                           shape=values.shape))
    if name == "bfloat16":
        return name, round_to_bfloat16(values), round_to_bfloat16
    kind = np.dtype(name).type
    with np.errstate(over="ignore"):
        return name, values.astype(kind), lambda a: a.astype(kind)


def _is_dtype(dtype):
    try:
        np.dtype(dtype)
    except TypeError:
        return False
    return True
