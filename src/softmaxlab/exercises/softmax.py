"""Checkers for notebook 01: softmax of a vector, the best logit change, the temperature limits."""
import numpy as np

from ..activations import softmax
from ._core import NotYet, call, checker, expect_close, expect_unchanged, solved

SOFTMAX_CASES = [np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 1.0, 0.1]), np.array([-1.0, 0.0, 1.0, -2.0, 3.0]),
                 np.array([0.0, 0.0, 0.0]), np.array([5.0])]


def _same(got, expected):
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == np.shape(expected) and np.allclose(got, expected, rtol=1e-6, atol=1e-9)


def _near(got, expected):
    """Right shape and within 0.01 everywhere (but maybe not exact)."""
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == np.shape(expected) and np.allclose(got, expected, atol=1e-2)


@checker
def check_softmax(fn):
    """`fn(logits)` should return softmax of a 1-D array of logits."""
    for logits in SOFTMAX_CASES:
        arg = logits.copy()
        got = call(fn, arg)
        expect_unchanged(logits, arg)
        expected = softmax(logits)
        what = f"your softmax({logits.tolist()})"
        with np.errstate(all="ignore"):
            if not _same(got, expected) and _same(got, logits / logits.sum()):
                raise NotYet(f"{what} equals logits / sum(logits): that is not softmax.",
                             "exponentiate first: y_i = exp(a_i) / sum_j exp(a_j).")
            if not _same(got, expected) and _same(got, np.exp(logits)):
                raise NotYet(f"{what} returned exp(logits) without dividing by their sum.",
                             "divide by np.sum(np.exp(logits)) so that the result adds up to 1.")
        expect_close(got, expected, what=what, hint="y_i = exp(a_i) / sum_j exp(a_j): one exp per entry, "
                     "one sum over all entries.")
    return solved(f"your softmax matches on all {len(SOFTMAX_CASES)} test vectors, and leaves its input alone.")


CHANGE_CASES = [(np.array([2.0, 1.0, 0.1]), 1), (np.array([0.5, 3.0, 2.5, -1.0]), 0),
                (np.array([1.0, 1.0, 1.0, 1.0, 4.0]), 2)]


def prob_after(logits, k, j, delta):
    """p_k after adding `delta` to logit j."""
    moved = logits.copy()
    moved[j] += delta
    return softmax(moved)[k]


@checker
def check_best_change(fn):
    """`fn(logits, k)` should return (j, delta), delta = +1 or -1, the one-logit move that raises p_k most."""
    for logits, k in CHANGE_CASES:
        C = len(logits)
        moves = [(j, d) for j in range(C) for d in (1.0, -1.0)]
        best = max(prob_after(logits, k, j, d) for j, d in moves)
        got = call(fn, logits.copy(), k)
        if got is None:
            raise NotYet("your function returned None: did it forget to `return`?")
        try:
            j, delta = got
            j, delta = int(j), float(delta)
        except (TypeError, ValueError):
            raise NotYet(f"for logits {logits.tolist()}, k={k} you returned {got!r}; expected a pair (j, delta).",
                         "return a tuple such as (2, -1): add -1 to logit 2.") from None
        if not 0 <= j < C or delta not in (1.0, -1.0):
            raise NotYet(f"for logits {logits.tolist()}, k={k} you returned {got!r}: j must be in 0..{C - 1} "
                         "and delta must be +1 or -1.")
        p = prob_after(logits, k, j, delta)
        if p < best - 1e-12:
            others = [i for i in range(C) if i != k]
            rival = max(others, key=lambda i: logits[i])
            hint = ("lowering the strongest competitor helps, but less than raising a_k: adding 1 to a_k is the "
                    "same as subtracting 1 from EVERY other logit at once (shift invariance)."
                    if (j, delta) == (rival, -1.0) else
                    "try all 2C moves with softmax and keep the one that gives the largest p_k.")
            raise NotYet(f"for logits {logits.tolist()} and k={k}, your move ({j}, {delta:+g}) gives p_k = {p:.4f}, "
                         f"but a better move reaches {best:.4f}.", hint)
    return solved("your moves are the best on every test case. Raising a_k itself always wins: "
                  "it equals lowering all the other logits together.")


LIMIT_CASES = [np.array([2.0, 1.0, 0.1]), np.array([-1.0, 3.0, 0.5, 2.0]), np.array([1.0, 4.0, 4.0])]


@checker
def check_temperature_limits(fn):
    """`fn(logits)` should return (cold, hot): the exact limits of softmax(logits / T) for T -> 0 and T -> inf."""
    for logits in LIMIT_CASES:
        got = call(fn, logits.copy())
        try:
            cold, hot = got
        except (TypeError, ValueError):
            raise NotYet(f"for logits {logits.tolist()} you returned {got!r}; expected a pair (cold, hot) of arrays.",
                         "return two arrays: `return cold, hot`.") from None
        C = len(logits)
        top = logits == logits.max()
        cold_true = top / top.sum()
        hot_true = np.full(C, 1.0 / C)
        if _same(cold, hot_true) and _same(hot, cold_true):
            raise NotYet(f"for logits {logits.tolist()} your two limits are swapped.",
                         "a small T divides the logits by a small number: the gaps between them become huge, "
                         "so the largest logit takes everything.")
        if top.sum() > 1 and not _same(cold, cold_true):
            raise NotYet(f"for logits {logits.tolist()} (a tie for the largest) your T -> 0 limit is {cold!r}; "
                         f"expected {cold_true.tolist()}.",
                         "tied logits stay tied at every T, so in the limit they share the mass equally.")
        near = "very close but not exact: that looks like softmax at a finite T. The limits are exact."
        for name, part, true in (("T -> 0", cold, cold_true), ("T -> inf", hot, hot_true)):
            if _near(part, true) and not _same(part, true):
                raise NotYet(f"for logits {logits.tolist()} your {name} limit is {near}",
                             "T -> 0: a one-hot vector at the largest logit; T -> inf: 1/C everywhere.")
            expect_close(part, true, what=f"your {name} limit for logits {logits.tolist()}", rtol=1e-9, atol=1e-12,
                         hint="T -> 0: all the mass on the largest logit; T -> inf: 1/C everywhere.")
    return solved("both limits are right, ties included: T -> 0 gives the argmax (one-hot), T -> inf the uniform "
                  "distribution.")
