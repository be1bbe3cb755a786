"""Checkers for notebook 08: standardising with training statistics, the model's gradients, accuracy."""
import numpy as np

from ..losses import cross_entropy_backward
from ._core import NotYet, call, checker, expect_close, solved


def _case(seed=3, N=12, D=4, C=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, D)) * [1.0, 3.0, 0.5, 2.0][:D] + [5.0, 3.0, 4.0, 1.0][:D]  # (N, D)
    labels = rng.integers(0, C, size=N)
    W, b = rng.normal(size=(D, C)), rng.normal(size=C)
    return X, labels, W, b


@checker
def check_standardize(fn):
    """`fn(X_train, X_test)` -> both standardised with the TRAINING mean and std of each feature."""
    rng = np.random.default_rng(11)
    X_train = rng.normal(size=(20, 3)) * [1.0, 5.0, 0.2] + [5.0, -2.0, 1.0]  # (20, 3)
    X_test = rng.normal(size=(6, 3)) * [2.0, 1.0, 1.0] + [7.0, 0.0, 1.5]  # (6, 3): other statistics
    result = call(fn, X_train.copy(), X_test.copy())
    if result is None:
        raise NotYet("your function returned None: did it forget to `return`?",
                     "end with `return X_train_std, X_test_std`.")
    if not isinstance(result, tuple) or len(result) != 2:
        raise NotYet(f"return a pair (X_train_std, X_test_std); you returned {type(result).__name__}.",
                     "end with `return X_train_std, X_test_std`.")
    got_train, got_test = result
    mu = X_train.mean(axis=0)
    for ddof in (0, 1):
        sd = X_train.std(axis=0, ddof=ddof)
        try:
            expect_close(got_train, (X_train - mu) / sd, what="the standardised training set")
            expect_close(got_test, (X_test - mu) / sd, what="the standardised test set")
            return solved("both sets use the training mean and standard deviation, feature by feature.")
        except NotYet:
            continue
    got_train, got_test = np.asarray(got_train, float), np.asarray(got_test, float)
    if got_train.shape == X_train.shape and np.allclose(got_train.mean(), 0) and not np.allclose(got_train.mean(0), 0):
        raise NotYet("your training set has mean 0 overall but not per feature: the mean was taken over the "
                     "whole array.", "use X_train.mean(axis=0) and X_train.std(axis=0): one number per feature.")
    if got_test.shape == X_test.shape and np.allclose(got_test.mean(axis=0), 0, atol=1e-9):
        raise NotYet("your test set has mean exactly 0 per feature: it was standardised with its own statistics.",
                     "use the TRAINING mean and std for both sets; the test set must not influence the model.")
    expect_close(got_train, (X_train - mu) / X_train.std(axis=0), what="the standardised training set",
                 hint="subtract X_train.mean(axis=0), divide by X_train.std(axis=0).")
    expect_close(got_test, (X_test - mu) / X_train.std(axis=0), what="the standardised test set",
                 hint="use the training statistics for the test set too.")
    return solved("both sets use the training statistics.")


@checker
def check_model_gradients(fn):
    """`fn(X, labels, W, b)` -> (dW, db) of the mean cross-entropy of logits X @ W + b."""
    X, labels, W, b = _case()
    dlogits = cross_entropy_backward(X @ W + b, labels)  # (N, C), divided by N
    dW, db = X.T @ dlogits, dlogits.sum(axis=0)
    result = call(fn, X.copy(), labels.copy(), W.copy(), b.copy())
    if result is None:
        raise NotYet("your function returned None: did it forget to `return`?", "end with `return dW, db`.")
    if not isinstance(result, tuple) or len(result) != 2:
        raise NotYet(f"return a pair (dW, db); you returned {type(result).__name__}.", "end with `return dW, db`.")
    got_dW, got_db = result
    if got_dW is not None and np.shape(got_dW) == (W.shape[1], W.shape[0]):
        raise NotYet(f"dW has shape {np.shape(got_dW)}, the transpose of W's {W.shape}.",
                     "dW = X.T @ dlogits: (D, N) @ (N, C) gives (D, C), like W.")
    if got_db is not None and np.shape(got_db) == (len(X), W.shape[1]):
        raise NotYet(f"db has shape {np.shape(got_db)}: one row per sample.",
                     "b is added to every row, so its gradient sums the rows: dlogits.sum(axis=0).")
    if got_dW is not None and np.shape(got_dW) == dW.shape and np.allclose(got_dW, len(X) * dW):
        raise NotYet(f"dW is {len(X)} times too large: that is the gradient of the SUM of the losses.",
                     "the loss is a mean over the batch, so divide by N.")
    expect_close(got_dW, dW, what="dW", hint="dlogits = (softmax(logits) - one_hot) / N, then dW = X.T @ dlogits.")
    expect_close(got_db, db, what="db", hint="db = dlogits.sum(axis=0).")
    return solved("dW and db match the gradient of the mean cross-entropy.")


@checker
def check_accuracy(fn):
    """`fn(logits, labels)` -> the fraction of rows whose largest logit is the true class."""
    rng = np.random.default_rng(5)
    logits = rng.normal(size=(8, 3))  # (8, 3)
    labels = logits.argmax(axis=1)
    labels[[1, 4, 6]] = (labels[[1, 4, 6]] + 1) % 3  # 5 right out of 8
    got = call(fn, logits.copy(), labels.copy(), hint="argmax along axis=1 gives one predicted class per row.")
    if got is not None and np.ndim(got) == 0 and np.isclose(float(got), 5):
        raise NotYet("you returned 5, the number of right predictions; accuracy is a fraction.",
                     "take the mean of the boolean array, not the sum.")
    if got is not None and np.ndim(got) > 0:
        raise NotYet(f"you returned an array of shape {np.shape(got)}; accuracy is one number.",
                     "argmax along axis=1 (the classes), compare with labels, then take the mean.")
    expect_close(got, 5 / 8, what="the accuracy",
                 hint="np.mean(logits.argmax(axis=1) == labels): argmax over the class axis.")
    return solved("5 of 8 rows predicted right: 0.625.")
