"""Input checks shared by the public functions: one place, clear messages."""
import numpy as np


def as_float_array(x, name="x"):
    """Return `x` as a floating ndarray: float dtypes are kept, integers become float64."""
    arr = np.asarray(x)
    if np.issubdtype(arr.dtype, np.integer) and arr.dtype != bool:
        return arr.astype(np.float64)
    if not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(f"{name} must be a real numeric array (integer or float), got dtype {arr.dtype}")
    return arr


def check_axis(arr, axis, name="x"):
    """Return `axis` as a non-negative int after checking it against `arr`."""
    if arr.ndim == 0:
        raise ValueError(f"{name} must have at least 1 dimension, got a scalar; wrap it as [{name}]")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"axis must be an int, got {axis!r}")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with shape {arr.shape}")
    axis = int(axis) % arr.ndim
    if arr.shape[axis] == 0:
        raise ValueError(f"{name} has shape {arr.shape}: axis {axis} is empty, there is nothing to normalise")
    return axis


def check_reduction(reduction):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def reduce(losses, reduction):
    """Apply PyTorch's reduction to per-sample losses."""
    check_reduction(reduction)
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses
