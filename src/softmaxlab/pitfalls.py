"""Notebook 09's broken backward passes, and their gradient-check scores as the logits grow.

Each entry of :data:`GRADIENTS` claims to compute d(mean cross-entropy)/d(logits) for a batch;
:func:`gradient_errors` scores every claim with :func:`softmaxlab.gradient_check` against the real loss, and
:func:`passes` calls it passing exactly when the package's rule says so: score < ``GRADCHECK_THRESHOLD`` (nan fails).
The broken ones are the bugs of the clinic, written small on purpose. The plots and the widget of
notebook 09 draw what :func:`gradient_errors` computes; it lives here, below both, so that neither
imports the other.
"""
import numpy as np

from .activations import softmax
from .gradcheck import GRADCHECK_THRESHOLD, gradient_check
from .i18n import N_
from .losses import cross_entropy, one_hot
from .published_jacobian import hand_written_jacobian


def _right(logits, labels):
    return (softmax(logits) - one_hot(labels, logits.shape[1])) / len(logits)


def _no_mean(logits, labels):  # forgets the 1/N of the mean
    return softmax(logits) - one_hot(labels, logits.shape[1])


def _batch_max(logits, labels):  # subtracts the max of the whole batch, not of each row
    e = np.exp(logits - np.max(logits))
    probs = e / np.sum(e, axis=1, keepdims=True)
    return (probs - one_hot(labels, logits.shape[1])) / len(logits)


def _wrong_diagonal(logits, labels):  # the published hand-written Jacobian: J[1, 1] and J[2, 2] wrong (3 classes)
    y = softmax(logits)
    dy = -one_hot(labels, 3) / y / len(logits)  # dL/dy for L = mean of -log y_true
    return np.array([hand_written_jacobian(row).T @ g for row, g in zip(y, dy)])


def _softmax_twice(logits, labels):  # the gradient of cross_entropy(softmax(logits)), the wrong loss
    y = softmax(logits)
    g = (softmax(y) - one_hot(labels, 3)) / len(logits)
    return y * (g - np.sum(g * y, axis=1, keepdims=True))


def _clipped(logits, labels):  # the gradient of mean -log(clip(p, 1e-7, 1 - 1e-7))
    y = softmax(logits)
    p = y[np.arange(len(y)), labels]
    active = (p > 1e-7) & (p < 1 - 1e-7)  # where the clip is flat, its slope is 0
    return (y - one_hot(labels, 3)) * active[:, None] / len(logits)


GRADIENTS = {  # names marked for the catalogue (N_), shown translated by the widget
    N_("right: (y - t) / N"): _right,
    N_("forgot 1/N"): _no_mean,
    N_("max over the whole batch"): _batch_max,
    N_("wrong Jacobian diagonal"): _wrong_diagonal,
    N_("softmax twice"): _softmax_twice,
    "log(clip(p, 1e-7))": _clipped,  # i18n: no (code)
}

BASE_LOGITS = np.array([[1.0, -0.5, 0.3],
                        [2.2, 0.4, 1.1],
                        [-2.0, -0.3, -1.5],
                        [4.1, 3.0, 3.9]])  # (4, 3): rows at different offsets
BASE_LABELS = np.array([0, 2, 1, 1])


def passes(score):
    """The package's verdict on a gradient-check score: ``score < GRADCHECK_THRESHOLD`` (nan fails)."""
    return bool(score < GRADCHECK_THRESHOLD)


def gradient_errors(scale, logits=BASE_LOGITS, labels=BASE_LABELS):
    """:func:`softmaxlab.gradient_check` score of every claimed gradient at ``scale * logits``.

    Returns a dict name -> score (nan when the implementation produced nan or inf). The step of the
    central differences grows with the scale (``h = 1e-5 * max(1, scale)``), so that it stays small
    relative to the logits; a score is judged with :func:`passes`.

    Examples
    --------
    >>> errors = gradient_errors(1.0)
    >>> passes(errors["right: (y - t) / N"]), round(errors["forgot 1/N"], 3)
    (True, 0.6)
    """
    x = scale * np.asarray(logits, dtype=np.float64)  # (N, C)
    seen = {}  # every claim is checked at the same points x +- h e_i, x +- 2h e_i: the loss is computed once per point

    def loss(v):
        key = v.tobytes()
        if key not in seen:
            seen[key] = cross_entropy(v, labels)
        return seen[key]

    errors = {}
    for name, grad in GRADIENTS.items():
        with np.errstate(all="ignore"):  # the broken ones overflow and divide by zero on purpose
            analytic = grad(x, labels)
        errors[name] = gradient_check(loss, x, analytic, h=1e-5 * max(1.0, scale))
    return errors
