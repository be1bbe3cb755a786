"""Checkers for notebook 03: batched softmax, the global-max bug, predicting shapes."""
import numpy as np

from ..activations import log_softmax, softmax
from ._core import NotYet, call, checker, expect_close, expect_unchanged, solved

BATCH_CASES = [np.array([1.0, 2.0, 3.0, 4.0]),
               np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 13.0]]),
               np.array([[0.0, 1.0, 2.0], [3.0, 0.0, -1.0], [2.0, 2.0, 5.0]]),
               np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]]),
               np.array([[-3.0, 4.0]])]


def _matches(got, expected):
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == expected.shape and np.allclose(got, expected, rtol=1e-6, atol=1e-9, equal_nan=True)


def _batch_diagnosis(logits, got, what):
    """Raise NotYet with a targeted hint if `got` is one of the classic batching mistakes."""
    if logits.ndim != 2 or got is None or _matches(got, softmax(logits)):
        return
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return
    if arr.shape != logits.shape:
        return
    with np.errstate(all="ignore"):
        e = np.exp(logits - logits.max())
        global_max = e / e.sum(axis=1, keepdims=True)
    if np.isnan(arr).any() and np.isnan(global_max).any():
        raise NotYet(f"{what} has nan in some rows: every exp in those rows underflowed to 0, and 0 / 0 = nan.",
                     "you subtracted the max of the WHOLE batch; subtract each row's own max: "
                     "logits.max(axis=-1, keepdims=True).")
    if np.isclose(arr.sum(), 1.0):
        raise NotYet(f"{what}: the whole batch sums to 1, not each row.",
                     "you normalised over the whole batch; sum along axis=-1 with keepdims=True.")
    if np.allclose(arr.sum(axis=0), 1.0):
        raise NotYet(f"{what}: each column sums to 1, but each ROW is one sample and must sum to 1.",
                     "reduce along axis=-1 (the classes), not axis=0 (the samples).")
    if logits.shape[0] == logits.shape[1]:
        raise NotYet(f"{what} is wrong, with no error, for this square batch. If you reduced without keepdims, the "
                     "(N,) row maxima or sums broadcast along the columns.",
                     "add keepdims=True so the shape is (N, 1) and lines up with the rows.")


CALL_HINT = ("if NumPy says the shapes could not be broadcast, use keepdims=True; if it says axis 1 is out of bounds, "
             "use axis=-1 so that 1-D input works too.")


@checker
def check_batched_softmax(fn):
    """`fn(logits)` should return softmax along the last axis for (C,) and (N, C) input."""
    for logits in BATCH_CASES:
        arg = logits.copy()
        got = call(fn, arg, hint=CALL_HINT)
        expect_unchanged(logits, arg)
        what = f"your batched_softmax of shape {logits.shape}" + (f" {logits.tolist()}" if logits.size <= 6 else "")
        _batch_diagnosis(logits, got, what)
        expect_close(got, softmax(logits), what=what,
                     hint="per row: subtract the row max, exp, divide by the row sum (axis=-1, keepdims=True).")
    return solved(f"right on all {len(BATCH_CASES)} inputs: 1-D, 2-D, square, and rows 1000 apart.")


LOG_CASES = [np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),
             np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]]),
             np.array([[-500.0, -499.0], [500.0, 502.0], [0.0, 3.0]])]


@checker
def check_row_log_softmax(fn):
    """`fn(logits)` should return log_softmax of each row of an (N, C) batch."""
    for logits in LOG_CASES:
        arg = logits.copy()
        got = call(fn, arg, hint=CALL_HINT)
        expect_unchanged(logits, arg)
        what = f"your row_log_softmax({logits.tolist()})"
        if got is not None and np.shape(got) == logits.shape:
            arr = np.asarray(got, dtype=float)
            if not np.isfinite(arr).all():
                raise NotYet(f"{what} has {arr[~np.isfinite(arr)][0]} in it: a row far below the batch max "
                             "underflowed, and log(0) = -inf.",
                             "the shift must be per row: logits.max(axis=1, keepdims=True), shape (N, 1).")
        expect_close(got, log_softmax(logits), what=what, hint="m must have shape (N, 1): one max per row.")
    return solved("every row is finite and right, even rows 1000 apart.")


SHAPE_EXPRESSIONS = {"a": "x.sum(axis=0)", "b": "x.sum(axis=1, keepdims=True)", "c": "x - x.max(axis=1, keepdims=True)",
                     "d": "x.T.max(axis=0)", "e": "x.sum()", "f": "x - x.max(axis=1)",
                     "g": "x.T - x.max(axis=1)"}


def true_shape(expression, N=4, C=3):
    """The shape `expression` gives for x of shape (N, C), or the string 'error'."""
    x = np.zeros((N, C))  # (N, C)
    try:
        return tuple(eval(expression, {"np": np}, {"x": x}).shape)  # our own fixed strings only
    except ValueError:
        return "error"


@checker
def check_predicted_shapes(fn):
    """`fn()` should return a dict {label: shape tuple or 'error'} for SHAPE_EXPRESSIONS with x of shape (4, 3)."""
    got = call(fn)
    if not isinstance(got, dict):
        raise NotYet(f"you returned {type(got).__name__}; expected a dict such as {{'a': (3,), ...}}.")
    missing = sorted(set(SHAPE_EXPRESSIONS) - set(got))
    if missing:
        raise NotYet(f"your dict has no entry for {missing}.", "give a shape tuple or 'error' for every label.")
    wrong = []
    for label, expression in SHAPE_EXPRESSIONS.items():
        truth, answer = true_shape(expression), got[label]
        answer = tuple(answer) if isinstance(answer, (list, tuple)) else answer
        if answer != truth:
            wrong.append(label)
    if wrong:
        label = wrong[0]
        expression = SHAPE_EXPRESSIONS[label]
        hint = ("a reduction removes the axis it runs along, unless keepdims=True keeps it with size 1; "
                "broadcasting lines shapes up from the RIGHT, and sizes must be equal or 1.")
        raise NotYet(f"{len(wrong)} of {len(SHAPE_EXPRESSIONS)} wrong: {', '.join(wrong)} (e.g. {label}: `{expression}`; "
                     f"you said {got[label]!r}). A 1-tuple is written (3,), a scalar's shape is ().", hint)
    return solved("all shapes right. Note g: x.T - x.max(axis=1) is (3, 4) - (4,): the transpose variant "
                  "works without keepdims because the sample axis is now last.")
