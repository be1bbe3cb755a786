"""Checkers for notebook 07: picking the true-class probability, BCE from logits, Keras' CCE."""
import numpy as np

from ..activations import softmax
from ..losses import binary_cross_entropy
from ._core import NotYet, call, checker, expect_close, solved


@checker
def check_true_class_probs(fn):
    """`fn(probs, labels)` -> (N,) probability of each row's true class."""
    rng = np.random.default_rng(7)
    probs = softmax(rng.normal(size=(5, 4)))  # (5, 4): N != C, so a wrong axis shows up as a wrong shape
    labels = np.array([3, 0, 0, 2, 1])
    expected = probs[np.arange(5), labels]
    got = call(fn, probs.copy(), labels.copy())
    if got is not None and np.shape(got) == (5, 5):
        raise NotYet("you returned a (5, 5) array: `probs[:, labels]` takes every listed column for every row.",
                     "pair each row with its own label: probs[np.arange(N), labels].")
    if got is not None and np.shape(got) == (5, 4):
        raise NotYet("you returned a (5, 4) array: `probs[labels]` picks whole rows, not one entry per row.",
                     "index with two arrays, rows and columns: probs[np.arange(N), labels].")
    expect_close(got, expected, what="the true-class probabilities",
                 hint="entry n is probs[n, labels[n]]; np.arange(N) gives the row numbers.")
    one = call(fn, probs[:1].copy(), labels[:1].copy())
    expect_close(one, expected[:1], what="the result for a batch of one row")
    return solved("one probability per row, the one of its true class.")


@checker
def check_bce_with_logits(fn):
    """`fn(z, targets)` -> mean binary cross-entropy from logits, stable for any |z|."""
    z = np.array([2.0, -1.0, 0.0, 3.5, -0.5])
    t = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    got = call(fn, z.copy(), t.copy())
    if got is not None and np.shape(got) == z.shape:
        raise NotYet("you returned one loss per element; the exercise asks for their mean (one number).",
                     "finish with .mean().")
    expect_close(got, binary_cross_entropy(z, t, from_logits=True), what="the loss for moderate logits",
                 hint="per element: max(z, 0) - z * t + log(1 + exp(-|z|)).")
    big = np.array([800.0, -800.0, 800.0, -800.0])
    tb = np.array([1.0, 0.0, 0.0, 1.0])
    got = call(fn, big.copy(), tb.copy())
    expected = binary_cross_entropy(big, tb, from_logits=True)  # (0 + 0 + 800 + 800) / 4 = 400
    if got is not None and not np.all(np.isfinite(np.asarray(got, dtype=float))):
        raise NotYet(f"for logits of size 800 you returned {got}; the right loss is {float(expected):g}.",
                     "exp(800) overflows to inf, and sigmoid(-800) rounds to 0 so log gives -inf. "
                     "Use max(z, 0) - z * t + np.log1p(np.exp(-np.abs(z))): the exponent is never positive.")
    expect_close(got, expected, what="the loss for logits of size 800",
                 hint="clipping the probability caps the loss at about 16; the exact loss grows with |z|.")
    return solved("stable for any logit: the exponent you take is never positive.")


@checker
def check_keras_cce(fn):
    """`fn(targets, probs, eps)` -> (N,) Keras categorical_crossentropy with from_logits=False."""
    eps = 1e-7
    targets = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    probs = np.array([[0.2, 0.7, 0.1], [0.5, 0.5, 0.0], [2.0, 1.0, 1.0]])  # row 3 does not sum to 1
    expected = -np.sum(targets * np.log(np.clip(probs / probs.sum(-1, keepdims=True), eps, 1 - eps)), axis=-1)
    got = call(fn, targets.copy(), probs.copy(), eps)
    if got is not None and np.ndim(got) == 0:
        raise NotYet("you returned one number; Keras' function returns one loss per sample, shape (N,).",
                     "sum over the class axis only: np.sum(..., axis=-1).")
    if got is not None and np.shape(got) == (3,):
        got_arr = np.asarray(got, dtype=float)
        if np.isinf(got_arr[1]):
            raise NotYet("sample 2 gives an infinite loss: its true class has probability 0 and log(0) = -inf.",
                         "clip the probabilities to [eps, 1 - eps] before the log.")
        if np.isclose(got_arr[0], expected[0]) and not np.isclose(got_arr[2], expected[2]):
            raise NotYet(f"sample 3 gives {got_arr[2]:.4f}: its 'probabilities' [2, 1, 1] were not normalised.",
                         "Keras first divides each row by its sum, then clips, then takes the log.")
    expect_close(got, expected, what="the per-sample losses", rtol=1e-6,
                 hint="normalise each row, clip to [eps, 1 - eps], then -sum(targets * log(probs), axis=-1).")
    return solved("you reproduced Keras' categorical_crossentropy(from_logits=False) to the last digit.")
