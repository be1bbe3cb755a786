"""Input checks shared by the public functions: one place, clear messages."""
import numpy as np
from .i18n import N_, _


def _refuse_masked(x, name):
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(_("{name} is a masked array; softmaxlab would silently drop its mask. Fill it first "
                          "({name}.filled(value)); to leave a class out of a softmax, give it the logit -inf").format(
                          name=name))


def as_float_array(x, name="x"):
    """Return `x` as a floating ndarray: float dtypes are kept, integers become float64.

    Only real numbers are accepted: bool, complex, datetime64, timedelta64, strings, objects
    (``None`` among them) and masked arrays raise a TypeError naming `name`.
    """
    _refuse_masked(x, name)
    arr = np.asarray(x)
    if arr.dtype.kind in "iu":  # not "m" (timedelta64), which numpy counts as an integer type
        return arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise TypeError(_("{name} must be a real numeric array (integer or float), got dtype {dtype}").format(
                          name=name, dtype=arr.dtype))
    return arr


def compute_dtype(arr):
    """float16 is computed in float32 and the result cast back, as PyTorch does on CPU.

    float16 keeps only 11 bits and overflows above 65504, so its own sums and logs would
    give inf or lose every digit (``logsumexp(np.zeros(70000, np.float16))`` is 11.156).
    """
    return arr.astype(np.float32) if arr.dtype == np.float16 else arr


def cast_back(arr, dtype):
    """`arr` as `dtype`, silently: the cast of a float32 result back to float16 rounds as IEEE says
    (above 65504 to +-inf, below 6e-8 to 0) and raises no warning, even under ``np.seterr(all="raise")``."""
    with np.errstate(all="ignore"):
        return arr.astype(dtype, copy=False)


def check_axis(arr, axis, name="x", empty=N_("there is nothing to normalise")):
    """Return `axis` as a non-negative int after checking it against `arr`."""
    if arr.ndim == 0:
        raise ValueError(_("{name} must have at least 1 dimension, got a scalar; wrap it as [{name}]").format(
                           name=name))
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(_("axis must be an int, got {axis!r}").format(axis=axis))
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(_("axis {axis} is out of range for {name} with shape {shape}").format(
                           axis=axis, name=name, shape=arr.shape))
    axis = int(axis) % arr.ndim
    if arr.shape[axis] == 0:
        raise ValueError(_("{name} has shape {shape}: axis {axis} is empty, {empty}").format(
                           name=name, shape=arr.shape, axis=axis, empty=_(empty)))
    return axis


def check_reduction(reduction):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(_("reduction must be 'mean', 'sum' or 'none', got {reduction!r}").format(reduction=reduction))


def check_eps(eps):
    """The clipping bound of the probability forms: a number in (0, 0.5)."""
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.integer, np.floating)):
        raise TypeError(_("eps must be a float, got {eps!r}").format(eps=eps))
    if not 0 < eps < 0.5:
        raise ValueError(_("eps must be in (0, 0.5), got {eps}; probabilities are clipped to [eps, 1 - eps]").format(
                           eps=eps))


def reduce(losses, reduction):
    """Apply PyTorch's reduction to per-sample losses."""
    check_reduction(reduction)
    with np.errstate(all="ignore"):  # finite losses whose sum is above the dtype's largest: inf, silently
        if reduction == "mean":
            return losses.mean()
        if reduction == "sum":
            return losses.sum()
    return losses
