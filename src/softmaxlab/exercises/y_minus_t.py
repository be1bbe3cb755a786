"""Checkers for notebook 06: the gradient y - t for one sample and a batch, and one step of gradient descent."""
import numpy as np

from ..activations import softmax
from ..losses import cross_entropy, cross_entropy_backward, one_hot
from ._core import NotYet, call, checker, expect_close, solved


@checker
def check_dlogits_one(fn):
    """`fn(logits, label)` for one sample (C,) should return y - t, shape (C,)."""
    for logits, label in ((np.array([2.0, 1.0, 0.1]), 0), (np.array([-1.0, 0.5, 3.0, 0.0]), 3)):
        y, t = softmax(logits), one_hot(label, len(logits))
        got = call(fn, logits.copy(), label, hint="softmax(logits) minus the one-hot target.")
        if got is not None and np.shape(got) == y.shape:
            got_arr = np.asarray(got, dtype=float)
            if np.allclose(got_arr, y):
                raise NotYet("you returned y: the target t is missing.", "subtract 1 at the true class.")
            if np.allclose(got_arr, t - y):
                raise NotYet("the sign is flipped: that is t - y.", "dL/da = y - t (the true class gets y - 1 < 0).")
            if np.allclose(got_arr, logits - t):
                raise NotYet("you subtracted t from the logits; the gradient uses the probabilities.",
                             "y = softmax(logits) first.")
        expect_close(got, y - t, what=f"dL/da for logits {logits.tolist()}, label {label}",
                     hint="y = softmax(logits); y[label] -= 1 on a copy.")
    return solved("dL/da = y - t for one sample.")


@checker
def check_dlogits_batch(fn):
    """`fn(logits, labels)` for a batch (N, C) should return the gradient of the MEAN loss: (y - t) / N."""
    rng = np.random.default_rng(6)
    for N, C in ((4, 3), (3, 3), (5, 2)):
        logits, labels = rng.normal(size=(N, C)), rng.integers(0, C, size=N)
        expected = cross_entropy_backward(logits, labels)
        got = call(fn, logits.copy(), labels.copy(), hint="softmax along axis=-1, subtract the one-hot t, divide by N.")
        if got is not None and np.shape(got) == (N, C):
            got_arr = np.asarray(got, dtype=float)
            if np.allclose(got_arr, expected * N):
                raise NotYet(f"your gradient is N = {N} times too large: that is the gradient of the SUM of the losses.",
                             "the loss is the mean over the batch, so every row is divided by N.")
            if C != N and np.allclose(got_arr, expected * N / C):
                raise NotYet("you divided by the number of classes C; the mean is over the N samples.", "divide by N.")
            if np.allclose(got_arr, (softmax(logits, axis=0) - one_hot(labels, C)) / N):
                raise NotYet("softmax was taken down the columns (axis=0), across samples.",
                             "each row is one sample: softmax(logits, axis=-1).")
        expect_close(got, expected, what=f"dL/dlogits for a batch of shape ({N}, {C})",
                     hint="(softmax(logits) - one_hot(labels, C)) / N")
    return solved("(y - t) / N: right for three batches, including a square one.")


@checker
def check_gd_step(fn):
    """`fn(W, B, x, label, lr)` should return (W - lr dW, B - lr dB) for logits = W @ x + B and the loss -log y_label."""
    rng = np.random.default_rng(7)
    W, B, x, label, lr = rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=4), 1, 0.1
    W_in, B_in = W.copy(), B.copy()
    got = call(fn, W_in, B_in, x.copy(), label, lr, hint="dlogits = y - t; dW = np.outer(dlogits, x); dB = dlogits.")
    if not (np.array_equal(W_in, W) and np.array_equal(B_in, B)):
        raise NotYet("your function changed W or B in place.",
                     "return new arrays, e.g. W - lr * dW, so the caller's parameters stay as they were.")
    if got is None or not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(f"expected a pair (W_new, B_new), got {got!r}.", "return W - lr * dW, B - lr * dB")
    W_new, B_new = got
    dlogits = softmax(W @ x + B) - one_hot(label, 3)
    if np.shape(W_new) == (3, 4) and np.shape(B_new) == (3,):
        if np.allclose(W_new, W + lr * np.outer(dlogits, x)) and np.allclose(B_new, B + lr * dlogits):
            raise NotYet("you stepped uphill: W + lr * dW makes the loss larger.", "gradient DEScent: subtract lr * dW.")
    expect_close(W_new, W - lr * np.outer(dlogits, x), what="W after one step",
                 hint="dW has the shape of W, (C, D): np.outer(y - t, x).")
    expect_close(B_new, B - lr * dlogits, what="B after one step", hint="dB = y - t")
    before = cross_entropy(W @ x + B, label)
    after = cross_entropy(W_new @ x + B_new, label)
    return solved(f"one step lowered the loss from {before:.4f} to {after:.4f}.")
