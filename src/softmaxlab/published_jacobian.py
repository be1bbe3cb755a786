"""A published hand-written softmax Jacobian, reproduced with its wrong entries (notebooks 04, 06, 09).

A published tutorial trains ``y = softmax(W x + B)`` on one sample (4 features, 3 classes,
true class index 2, i.e. the third class) for 100 steps of gradient descent, with a
hand-written 3x3 softmax Jacobian. Two of its nine entries are wrong, both on the diagonal:
in NumPy's 0-based indexing, ``J[1, 1]`` and ``J[2, 2]`` hold ``y2 (1 - y1)`` instead of
``y2 (1 - y2)`` and ``y3 (1 - y3)`` (maths indices 1-based). This module rebuilds that
experiment so the course can reproduce the published printed numbers exactly and put the
correct run beside them.

It draws W then B with the legacy ``np.random.randn`` stream of seed 220106 (through a
private ``RandomState``, so the global NumPy seed is left alone).
"""
import numpy as np

from .activations import softmax_jacobian
from .i18n import _

SEED = 220106
X = np.array([[1.2, 2.4, 3.6, 1.8]], dtype=np.float32)  # (1, 4): one sample, as in the published code
LABEL = 2  # the published target row [[0, 0, 1]]: the third class, index 2
TARGETS = np.array([[0, 0, 1]], dtype=np.int32)  # (1, 3)
LR = 0.001
STEPS = 100

# What the published code printed (NumPy's default 8 decimals, trailing zeros dropped), before training and
# after 100 steps.
PUBLISHED_BEFORE = {
    "pred": np.array([[0.42185561, 0.4060726, 0.17207179]]),
    "loss": np.array([[1.7598435]]),
    "W": np.array([[0.77008731, -1.62624216, 0.65101361, -1.09693664],
                   [-0.23589309, -0.66088299, -0.06840472, -0.26426033],
                   [0.84554461, -0.78046195, -0.56530934, -1.00184115]]),
    "B": np.array([[1.03851627], [0.98178811], [2.22893421]]),
}
PUBLISHED_AFTER = {
    "pred": np.array([[0.19477982, 0.19114482, 0.61407536]]),
    "loss": np.array([[0.48763762]]),
    "W": np.array([[0.73505999, -1.6962968, 0.54593166, -1.14947762],
                   [-0.26997158, -0.72903998, -0.17064019, -0.31537807],
                   [0.91109103, -0.64936912, -0.3686701, -0.90352153]]),
    "B": np.array([[1.00932684], [0.95338937], [2.28355623]]),
}


def initial_params(seed=SEED):
    """W (3, 4) then B (3, 1) from ``randn``, as ``np.random.seed(seed)`` followed by two randn calls.

    >>> W, B = initial_params()
    >>> W.shape, B.shape
    ((3, 4), (3, 1))
    >>> np.random.seed(SEED); bool(np.array_equal(np.random.randn(3, 4), W))
    True
    """
    rng = np.random.RandomState(seed)
    W = rng.randn(3, 4)
    B = rng.randn(3, 1)
    return W, B


def hand_written_jacobian(probs):
    """The published hand-written 3x3 softmax Jacobian, reproduced with its two wrong entries.

    ``J[1, 1]`` and ``J[2, 2]`` (0-based, as NumPy indexes) hold ``y2 (1 - y1)``; the correct
    values are ``y2 (1 - y2)`` and ``y3 (1 - y3)`` (maths indices 1-based). The other seven
    entries are right. Compare with :func:`softmaxlab.softmax_jacobian`.

    Parameters
    ----------
    probs : array_like, shape (3,)
        Softmax probabilities ``(y1, y2, y3)``.

    Returns
    -------
    numpy.ndarray, shape (3, 3), float64

    Raises
    ------
    ValueError
        If `probs` does not hold exactly 3 numbers.

    >>> y = np.array([0.5, 0.3, 0.2])
    >>> (hand_written_jacobian(y) - softmax_jacobian(y)).round(4) + 0.0   # wrong at J[1, 1] and J[2, 2]
    array([[ 0.  ,  0.  ,  0.  ],
           [ 0.  , -0.06,  0.  ],
           [ 0.  ,  0.  , -0.01]])
    """
    probs = np.asarray(probs, dtype=float)
    if probs.shape != (3,):
        raise ValueError(_("the published Jacobian is the 3 x 3 one of a 3-class problem: probs must have shape "
                           "(3,), got shape {shape}; softmaxlab.softmax_jacobian takes any number of classes").format(
                           shape=probs.shape))
    y1, y2, y3 = probs
    return np.array([[y1 * (1 - y1), -y1 * y2, -y1 * y3],
                     [-y1 * y2, y2 * (1 - y1), -y2 * y3],
                     [-y1 * y3, -y2 * y3, y2 * (1 - y1)]])


def _check_label(label):
    if not isinstance(label, (int, np.integer)) or isinstance(label, bool):
        raise TypeError(_("label must be an integer class index, got {label!r}").format(label=label))
    if not 0 <= label < 3:
        raise ValueError(_("label {label} is out of range: the published problem has 3 classes, labels 0, 1, 2").format(
                           label=label))
    return int(label)


def forward(W, B, label=LABEL):
    """Logits (3, 1), probabilities (3,) and loss ``-log y[label]`` for the published sample.

    ``label`` defaults to the published true class, index 2; the other two let the course ask
    what the same hand-written Jacobian does when another class is the true one.
    """
    label = _check_label(label)
    logits = W @ X.T + B  # (3, 1)
    e = np.exp(logits[:, 0])
    probs = e / e.sum()  # (3,)
    return logits, probs, float(-np.log(probs[label]))


def gradients(W, B, jacobian=softmax_jacobian, label=LABEL):
    """dL/dW (3, 4) and dL/dB (3, 1) by the published chain rule, with the given Jacobian function.

    ``dL/dlogits = J(y) @ t * (-1 / y_label)``: the Jacobian times the one-hot target picks its
    column ``label``, scaled by ``dL/dy_label = -1 / y_label``. With the correct (symmetric) J this
    is exactly ``y - t``; with :func:`hand_written_jacobian` it is exactly ``y - t`` for label 0
    (column 0 holds no wrong entry) and wrong in the true class's component for labels 1 and 2.
    """
    label = _check_label(label)
    _logits, probs, _loss = forward(W, B, label)
    targets = TARGETS if label == LABEL else np.eye(3, dtype=TARGETS.dtype)[[label]]  # (1, 3)
    dlogits = -1 / probs[label] * (jacobian(probs) @ targets.T)  # (3, 1)
    return dlogits @ X, dlogits  # (3, 4), (3, 1)


def train(jacobian=softmax_jacobian, steps=STEPS, lr=LR, label=LABEL):
    """Gradient descent from :func:`initial_params`; returns the final W, B and the history.

    ``history`` holds ``loss`` (steps + 1,) and ``probs`` (steps + 1, 3), step 0 first.

    >>> W, B, history = train(hand_written_jacobian)
    >>> round(float(history["loss"][-1]), 8)    # the published run printed 0.48763762
    0.48763762
    >>> bool(np.array_equal(train(hand_written_jacobian, label=0)[2]["loss"], train(label=0)[2]["loss"]))
    True
    """
    label = _check_label(label)
    W, B = initial_params()
    losses, probs_seen = [], []
    for step in range(steps + 1):
        _logits, probs, loss = forward(W, B, label)
        losses.append(loss)
        probs_seen.append(probs)
        if step < steps:
            dW, dB = gradients(W, B, jacobian, label)
            W, B = W - lr * dW, B - lr * dB
    return W, B, {"loss": np.array(losses), "probs": np.array(probs_seen)}
