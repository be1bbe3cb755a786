"""Softmax and SoftmaxWithLoss as layers with forward / backward, as in a from-scratch network."""
import numpy as np

from ._checks import as_float_array, check_reduction, reduce
from .activations import _row_max, softmax, softmax_backward
from .losses import _check_logits_targets, _soft_target_losses


class Softmax:
    """Softmax over the last axis; backward is the vector-Jacobian product.

    Examples
    --------
    >>> layer = Softmax()
    >>> layer.forward(np.array([0.0, 0.0]))
    array([0.5, 0.5])
    >>> layer.backward(np.array([1.0, 0.0]))
    array([ 0.25, -0.25])
    """

    def forward(self, logits):
        self.probs = softmax(logits)
        return self.probs

    def backward(self, dout):
        return softmax_backward(self.probs, dout)


class SoftmaxWithLoss:
    """Softmax followed by cross-entropy from logits, fused so the backward pass is ``y - t``.

    ``forward(logits, targets)`` returns the loss (targets as in :func:`cross_entropy`).
    ``backward(dout=1.0)`` returns ``dout * dL/dlogits``: a scalar `dout` for 'mean' and
    'sum', or one value per sample, shape (N,), for 'none'. Nothing is modified in place.

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
        logits, targets, self.is_index, self.was_1d = _check_logits_targets(logits, targets)
        # softmax and log-softmax share one exp: y = e / s and log y = (a - m) - log s
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):  # only +-inf or nan logits
            shifted = logits - _row_max(logits, -1)  # (N, C): a - m
            probs = np.exp(shifted)  # (N, C), the only exp of the layer
            total = np.sum(probs, axis=-1, keepdims=True)  # (N, 1): s
            probs /= total
            log_total = np.log(total)  # (N, 1)
            if self.is_index:  # -log y of the true class is log s - (a_t - m): no need for all of log y
                losses = log_total[:, 0] - shifted[np.arange(len(targets)), targets]  # (N,)
            else:
                losses = _soft_target_losses(targets, shifted - log_total)  # (N,)
        self.probs, self.targets = probs, targets
        return reduce(losses[0] if self.was_1d else losses, self.reduction)

    def backward(self, dout=1.0):
        N = len(self.probs)
        dout = as_float_array(dout, "dout")
        if self.reduction == "none" and not self.was_1d:
            if dout.shape != (N,):
                raise ValueError(f"with reduction='none', dout must have shape (N,) = ({N},), got {dout.shape}")
            dout = dout[:, None]  # (N, 1): one factor per sample
        elif dout.ndim != 0:
            raise ValueError(f"dout must be a scalar for reduction={self.reduction!r}, got shape {dout.shape}")
        if self.is_index:
            dlogits = self.probs.copy()
            dlogits[np.arange(N), self.targets] -= 1.0  # y - t
        else:
            dlogits = self.probs * np.sum(self.targets, axis=-1, keepdims=True) - self.targets
        scale = dout.astype(dlogits.dtype) / (N if self.reduction == "mean" else 1)  # () or (N, 1)
        dlogits *= scale  # one pass, in place; float32 stays float32
        return dlogits[0] if self.was_1d else dlogits
