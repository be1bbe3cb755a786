"""Softmax and SoftmaxWithLoss as layers with forward / backward, as in a from-scratch network."""
import numpy as np

from ._checks import as_float_array, cast_back, check_reduction, compute_dtype, reduce
from .activations import _max_and_rest, _softmax_vjp, softmax
from .targets import _check_logits_targets, _soft_target_losses, _y_minus_t
from .i18n import _


def _forward_first(layer):
    if not hasattr(layer, "probs"):
        raise RuntimeError(_("{layer}.backward() was called before forward(): call forward() first, backward() "
                             "uses what it saved").format(
                             layer=type(layer).__name__))


class Softmax:
    """Softmax over the last axis; backward is the vector-Jacobian product.

    ``forward(logits)`` takes any shape (..., C), e.g. (N, C) or (B, T, C), and returns the
    probabilities; ``backward(dout)`` takes ``dL/dprobs`` of that same shape and returns
    ``dL/dlogits``, without building the Jacobian. Nothing is modified in place.

    Raises
    ------
    RuntimeError
        ``backward()`` before any ``forward()``.
    ValueError, TypeError
        Bad `logits` (see :func:`softmax`) or a `dout` of another shape than the probabilities.

    Examples
    --------
    >>> layer = Softmax()
    >>> layer.forward(np.array([0.0, 0.0]))
    array([0.5, 0.5])
    >>> layer.backward(np.array([1.0, 0.0]))
    array([ 0.25, -0.25])
    """

    def forward(self, logits):
        logits = as_float_array(logits, "logits")
        if logits.ndim == 0:
            raise ValueError(_("logits must have at least 1 dimension (..., C), got a scalar"))
        self.probs = softmax(logits)  # (..., C)
        return self.probs

    def backward(self, dout):
        _forward_first(self)
        dout = as_float_array(dout, "dout")
        if dout.shape != self.probs.shape:
            raise ValueError(_("dout has shape {dout_shape} but forward() returned probabilities of shape {shape}; "
                               "dout = dL/dprobs must have that shape").format(
                               dout_shape=dout.shape, shape=self.probs.shape))
        return _softmax_vjp(self.probs, dout)


class SoftmaxWithLoss:
    """Softmax followed by cross-entropy from logits, fused so the backward pass is ``y - t``.

    ``forward(logits, targets)`` takes (N, C) or (C,) logits and returns the loss, the same as
    :func:`cross_entropy` with default options to the last digits (it uses the same log1p
    form). Its targets take :func:`cross_entropy`'s two forms, class indices (N,) (a scalar
    for one (C,) sample) or probability / one-hot rows shaped like the logits, and its only
    option is `reduction`: it has no ``weight``, ``ignore_index``, ``label_smoothing`` or
    ``from_logits``, so a label of -100 is out of range here, not ignored, and there is no
    (N, C, d1, ...) form. For those, call :func:`cross_entropy` and
    :func:`cross_entropy_backward`. ``backward(dout=None)``
    returns ``dout * dL/dlogits``: `dout` is a scalar for 'mean' and 'sum' (1 when left
    out), and one value per sample, shape (N,), for 'none' (required: PyTorch also asks for
    it when a loss is not a scalar). Nothing is modified in place.

    Raises
    ------
    RuntimeError
        ``backward()`` before any ``forward()``.
    ValueError, TypeError
        Bad input to forward (as :func:`cross_entropy`), or a `dout` of the wrong shape.

    Examples
    --------
    >>> layer = SoftmaxWithLoss()
    >>> round(float(layer.forward(np.array([[0.0, 0.0]]), [1])), 6)   # log 2
    0.693147
    >>> layer.backward()
    array([[ 0.5, -0.5]])
    >>> layer.backward(dout=2.0)
    array([[ 1., -1.]])
    """

    def __init__(self, reduction="mean"):
        check_reduction(reduction)
        self.reduction = reduction

    def forward(self, logits, targets):
        logits, targets, is_index, was_1d = _check_logits_targets(logits, targets)
        dtype, logits = logits.dtype, compute_dtype(logits)
        # softmax and log-softmax share one exp: y = e / (1 + rest) and log y = (a - m) - log1p(rest)
        with np.errstate(all="ignore"):  # only +-inf or nan logits, which give the documented results
            shifted, probs, k, rest, _m = _max_and_rest(logits, -1)  # (N, C), (N, C), (N, 1), (N, 1)
            log_total = np.log1p(rest)  # (N, 1)
            if is_index:  # -log y of the true class is log1p(rest) - (a_t - m): no need for all of log y
                losses = log_total[:, 0] - shifted[np.arange(len(targets)), targets]  # (N,)
            else:
                losses = _soft_target_losses(targets.astype(logits.dtype), shifted - log_total)  # (N,)
            np.put_along_axis(probs, k, np.take_along_axis(probs, k, -1) + 1, -1)  # the max's own term, 1, back
            probs /= 1 + rest  # (N, C)
            # as softmax: a row whose max is +inf (rest = inf), nan (rest = nan) or -inf (rest = -1) is all nan
            probs[~(rest[:, 0] >= 0) | np.isinf(rest[:, 0])] = np.nan
        self.probs = cast_back(probs, dtype)
        self.targets, self.is_index, self.was_1d = targets, is_index, was_1d
        return cast_back(reduce(losses[0] if was_1d else losses, self.reduction), dtype)

    def backward(self, dout=None):
        _forward_first(self)
        N = len(self.probs)
        if dout is None:
            if self.reduction == "none" and not self.was_1d:
                raise ValueError(_("with reduction='none', forward() returned N = {N} losses, so backward() needs "
                                   "their upstream gradients: call backward(dout) with dout of shape ({N},)").format(
                                   N=N))
            dout = 1.0
        dout = as_float_array(dout, "dout")
        if self.reduction == "none" and not self.was_1d:
            if dout.shape != (N,):
                raise ValueError(_("with reduction='none', dout must have shape (N,) = ({N},), got {shape}").format(
                                   N=N, shape=dout.shape))
            dout = dout[:, None]  # (N, 1): one factor per sample
        elif dout.ndim != 0:
            raise ValueError(_("dout must be a scalar for reduction={reduction!r}, got shape {shape}").format(
                               reduction=self.reduction, shape=dout.shape))
        with np.errstate(all="ignore"):  # only rows that are already nan
            probs = compute_dtype(self.probs)  # float16 is computed in float32
            targets = self.targets if self.is_index else self.targets.astype(probs.dtype)
            dlogits = _y_minus_t(probs.copy() if self.is_index else probs, targets, self.is_index)  # y - t, digits kept
            scale = dout.astype(dlogits.dtype) / (N if self.reduction == "mean" else 1)  # () or (N, 1)
            dlogits *= scale  # one pass, in place; float32 stays float32
        dlogits = cast_back(dlogits, self.probs.dtype)
        return dlogits[0] if self.was_1d else dlogits
