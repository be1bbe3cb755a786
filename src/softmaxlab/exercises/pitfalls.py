"""Checkers for notebook 09, the pitfalls clinic: one per bug, each confirming the fix."""
import numpy as np

from ..activations import softmax, softmax_jacobian
from ..losses import binary_cross_entropy, cross_entropy, cross_entropy_backward, one_hot
from ._core import NotYet, call, checker, expect_close, solved


@checker
def check_jacobian(fn):
    """`fn(y)` -> the (C, C) softmax Jacobian diag(y) - y y^T, for any C."""
    for y in (softmax(np.array([0.5, -1.0, 2.0])), softmax(np.array([1.0, 0.2, -0.3, 0.8])), np.array([0.5, 0.5])):
        got = call(fn, y.copy())
        expected = softmax_jacobian(y)
        if got is not None and np.shape(got) == expected.shape:
            got_arr = np.asarray(got, dtype=float)
            off = ~np.eye(len(y), dtype=bool)
            if np.allclose(got_arr[off], expected[off]) and not np.allclose(np.diag(got_arr), np.diag(expected)):
                i = int(np.argmax(np.abs(np.diag(got_arr) - np.diag(expected))))
                raise NotYet(f"the off-diagonal entries are right, but diagonal entry ({i}, {i}) is "
                             f"{got_arr[i, i]:.6g} instead of {expected[i, i]:.6g}.",
                             "on the diagonal, J_ii = y_i (1 - y_i): the same index twice.")
        expect_close(got, expected, what=f"the Jacobian for C = {len(y)}",
                     hint="J = np.diag(y) - np.outer(y, y) works for any number of classes.")
    return solved("the Jacobian is right for 2, 3 and 4 classes.")


@checker
def check_softmax_rows(fn):
    """`fn(x)` -> softmax of each row of a (N, C) batch, stable whatever the rows' offsets."""
    x = np.array([[1.0, 2.0, 3.0], [1000.0, 1001.0, 999.0], [-800.0, -801.0, -799.0]])  # (3, 3)
    got = call(fn, x.copy())
    if got is not None and np.shape(got) == x.shape and np.isnan(np.asarray(got, dtype=float)).any():
        raise NotYet("some rows came out as nan: their every exp underflowed to 0, and 0 / 0 is nan.",
                     "subtract each row's own max: np.max(x, axis=1, keepdims=True), not the max of the batch.")
    if got is not None and np.shape(got) == x.shape and np.allclose(np.sum(got, axis=0), 1):
        raise NotYet("your columns sum to 1, not your rows.", "normalise along axis=1 (or axis=-1).")
    expect_close(got, softmax(x), what="the softmax of the batch",
                 hint="per row: e = np.exp(x - x.max(axis=1, keepdims=True)); e / e.sum(axis=1, keepdims=True).")
    return solved("every row is normalised on its own, and no row underflows.")


@checker
def check_bce(fn):
    """`fn(p, t, eps)` -> mean BCE with p clipped once to [eps, 1 - eps], used in both terms."""
    eps = 1e-7
    p = np.array([0.0, 0.3, 0.9, 1.0, 0.6])  # includes both edges, not symmetric as a set
    t = np.array([1.0, 1.0, 0.0, 1.0, 0.0])
    got = call(fn, p.copy(), t.copy(), eps)
    if got is not None and np.ndim(got) == 0:
        sym = call(fn, 1 - p, 1 - t, eps)
        if sym is not None and np.isfinite(float(got)) and not np.isclose(float(got), float(sym), rtol=1e-9):
            raise NotYet(f"swapping the classes (p -> 1 - p, t -> 1 - t) changes your loss from {float(got):.6f} "
                         f"to {float(sym):.6f}; it must not change.",
                         "clip p once, then use the clipped value in BOTH log terms, with no extra + eps.")
    expect_close(got, binary_cross_entropy(p, t, eps=eps), what="the loss", rtol=1e-6,
                 hint="p = np.clip(p, eps, 1 - eps); then -mean(t * log(p) + (1 - t) * log(1 - p)).")
    return solved("one clip, used by both terms: the loss is symmetric in the two classes.")


@checker
def check_loss_from_probs(fn):
    """`fn(probs, labels)` -> mean cross-entropy of a model whose last layer is already softmax."""
    rng = np.random.default_rng(4)
    probs = softmax(3 * rng.normal(size=(6, 4)))  # (6, 4)
    labels = np.array([0, 3, 1, 1, 2, 0])
    expected = -np.mean(np.log(probs[np.arange(6), labels]))
    got = call(fn, probs.copy(), labels.copy())
    if got is not None and np.ndim(got) == 0 and np.isclose(float(got), cross_entropy(probs, labels)):
        raise NotYet("you passed probabilities to a loss that expects logits: softmax is applied twice.",
                     "the probabilities are already there: take -log of the true class's probability, "
                     "or use cross_entropy(probs, labels, from_logits=False).")
    if got is not None and np.ndim(got) == 1:
        raise NotYet(f"you returned {np.shape(got)[0]} numbers; the loss is their mean.", "finish with .mean().")
    expect_close(got, expected, what="the loss", rtol=1e-6, hint="-np.mean(np.log(probs[np.arange(N), labels])).")
    perfect = one_hot(labels, 4) * (1 - 1e-12) + 1e-12 / 4
    got = call(fn, perfect, labels.copy())
    expect_close(got, -np.log(1 - 1e-12 + 1e-12 / 4), what="the loss of a perfect prediction", atol=1e-9,
                 hint="a perfect prediction must cost (almost) nothing.")
    return solved("the loss uses the probabilities once, and a perfect prediction costs nothing.")


@checker
def check_cross_entropy_error(fn):
    """`fn(y, t)` -> batch-mean -sum(t log y) for y of shape (N, C) AND for a single sample (C,)."""
    y1 = np.array([0.1, 0.7, 0.2])
    t1 = np.array([0.0, 1.0, 0.0])
    got = call(fn, y1.copy(), t1.copy(), hint="this is the branch for one sample, y.ndim == 1: run it!")
    expect_close(got, -np.log(0.7), what="the loss of one sample, shape (C,)", rtol=1e-5,
                 hint="reshape both y and t to (1, C), then use the batch formula.")
    y = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    t = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    got = call(fn, y.copy(), t.copy())
    expect_close(got, -(np.log(0.7) + np.log(0.1)) / 2, what="the loss of a batch, shape (N, C)", rtol=1e-5,
                 hint="divide the sum by the batch size N = y.shape[0].")
    return solved("both branches run and agree with the formula.")


@checker
def check_rows_sum_to_one(fn):
    """`fn(probs)` -> True iff every row sums to 1 up to the rounding error of its dtype."""
    cases = []
    for seed in range(3):
        x = np.random.default_rng(seed).normal(size=(50, 10))
        cases += [(softmax(x.astype(np.float32)), True, "float32 softmax output"),
                  (softmax(x), True, "float64 softmax output")]
    bad = softmax(np.random.default_rng(9).normal(size=(4, 5)))
    bad[2] *= 0.999
    cases.append((bad, False, "a batch whose row 3 sums to 0.999"))
    whole = np.full((4, 5), 1 / 20)
    cases.append((whole, False, "a (4, 5) array that sums to 1 as a whole, each row to 0.25"))
    uneven = softmax(np.random.default_rng(10).normal(size=(4, 5)))
    uneven[0] *= 1.2
    uneven[1] *= 0.8
    cases.append((uneven, False, "a batch whose rows sum to 1.2, 0.8, 1, 1 (4 in total)"))
    cols = softmax(np.random.default_rng(3).normal(size=(5, 4)), axis=0)
    cases.append((cols, False, "a (5, 4) array whose COLUMNS sum to 1"))
    for probs, expected, what in cases:
        got = call(fn, probs.copy())
        if not isinstance(got, (bool, np.bool_)):
            raise NotYet(f"for {what} you returned {got!r}; return True or False.",
                         "np.allclose(...) returns one bool.")
        if bool(got) != expected:
            if expected and probs.dtype == np.float32:
                raise NotYet(f"you rejected a {what}: its rows sum to 1 only up to float32 rounding "
                             f"(about 1e-7), which is fine.",
                             "compare with a tolerance that fits the dtype, e.g. a few times np.finfo(probs.dtype).eps.")
            raise NotYet(f"for {what} you returned {bool(got)}, expected {expected}.",
                         "sum along axis=-1 (one sum per row) and compare every sum with 1, with a tolerance.")
    return solved("float32 rounding is accepted, rows that really do not sum to 1 are caught.")


@checker
def check_batch_gradient(fn):
    """`fn(logits, labels)` -> d(mean cross-entropy)/d(logits) = (softmax(logits) - one_hot) / N."""
    rng = np.random.default_rng(8)
    logits = rng.normal(size=(5, 3))  # (5, 3): N != C
    labels = np.array([2, 0, 1, 1, 0])
    expected = cross_entropy_backward(logits, labels)
    got = call(fn, logits.copy(), labels.copy())
    if got is not None and np.shape(got) == expected.shape:
        got_arr = np.asarray(got, dtype=float)
        if np.allclose(got_arr, 5 * expected):
            raise NotYet("your gradient is N = 5 times too large: the loss is a MEAN over the batch.",
                         "divide y - t by N = len(logits).")
        if np.allclose(got_arr, 5 * expected / 3):
            raise NotYet("you divided by the number of classes C, not the batch size N.", "N = logits.shape[0].")
    expect_close(got, expected, what="dL/dlogits", hint="(softmax(logits) - one_hot(labels, C)) / N.")
    return solved("the gradient of the mean loss: (y - t) / N.")


@checker
def check_backward_pure(fn):
    """`fn(probs, labels)` -> (probs - one_hot) / N, without modifying `probs`; twice gives the same."""
    probs = softmax(np.random.default_rng(6).normal(size=(4, 3)))  # (4, 3)
    labels = np.array([1, 0, 2, 2])
    expected = (probs - one_hot(labels, 3)) / 4
    mine = probs.copy()
    first = call(fn, mine, labels.copy())
    if not np.array_equal(mine, probs):
        raise NotYet("your function changed the probs array it was given (an in-place -= or /=).",
                     "start from a copy: dlogits = probs.copy(), or write dlogits = probs - ... (a new array).")
    expect_close(first, expected, what="the gradient", hint="(probs - one_hot(labels, C)) / N.")
    second = call(fn, mine, labels.copy())
    expect_close(second, expected, what="the gradient on a second call")
    return solved("the input is untouched and a second call gives the same gradient.")
