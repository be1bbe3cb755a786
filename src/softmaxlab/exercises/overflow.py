"""Checkers for notebook 02: stable softmax, logsumexp, and where float32 breaks."""
import re

import numpy as np

from ..activations import logsumexp, softmax
from ._core import NotYet, call, checker, expect_close, expect_unchanged, solved

STABLE_CASES = [np.array([1.0, 2.0, 3.0]), np.array([-1600.0, 0.0]), np.array([1000.0, 1001.0, 1002.0]),
                np.array([-1000.0, -1001.0, -1002.0]), np.array([0.0, 1000.0]), np.array([-5.0, 800.0, 3.0, -800.0])]


@checker
def check_stable_softmax(fn):
    """`fn(logits)` should return softmax of a 1-D array, without overflow for any finite logits."""
    for logits in STABLE_CASES:
        arg = logits.copy()
        got = call(fn, arg)
        expect_unchanged(logits, arg)
        what = f"your stable_softmax({logits.tolist()})"
        if got is not None:
            arr = np.asarray(got, dtype=float)
            if arr.shape == logits.shape and np.isnan(arr).any():
                with np.errstate(all="ignore"):
                    naive = np.exp(logits) / np.exp(logits).sum()
                hint = ("this is what the naive formula gives: subtract logits.max() before np.exp, so that every "
                        "exponent is <= 0 and one of them is exactly 0."
                        if np.isnan(naive).any() else
                        "you shift the logits, but not by their max: with any other constant (the min, the mean) "
                        "some exponent can still be above 709.78 or all of them below -745.")
                raise NotYet(f"{what} contains nan: exp overflowed (inf / inf) or all exps underflowed (0 / 0).", hint)
        expect_close(got, softmax(logits), what=what, hint="subtract the max, then exp, then divide by the sum.")
    return solved(f"your softmax is right and finite on all {len(STABLE_CASES)} test vectors, "
                  "including logits of +-1000.")


LSE_CASES = [np.array([1.0, 2.0, 3.0]), np.array([1000.0, 1000.0]), np.array([-1000.0, -1000.0]),
             np.array([5.0]), np.array([0.0, -800.0, 2.0])]


@checker
def check_logsumexp(fn):
    """`fn(logits)` should return log(sum(exp(logits))) for a 1-D array, as a number, without overflow."""
    for logits in LSE_CASES:
        arg = logits.copy()
        got = call(fn, arg)
        expect_unchanged(logits, arg)
        what = f"your logsumexp({logits.tolist()})"
        expected = float(logsumexp(logits))
        if got is not None and np.size(got) == 1:
            value = float(np.asarray(got, dtype=float).reshape(()))
            if np.isinf(value):
                raise NotYet(f"{what} is {value}: np.exp overflowed to inf, or every exp underflowed to 0 and log(0) = "
                             "-inf.", "use log sum exp(a) = m + log sum exp(a - m) with m = max(a).")
            if np.isclose(value + logits.max(), expected):
                raise NotYet(f"{what} is {value:.6g}, which is off by exactly max(a) = {logits.max():g}.",
                             "you shifted the logits by m; add m back: m + log(sum(exp(a - m))).")
        if got is not None and np.ndim(got) != 0:
            raise NotYet(f"{what} has shape {np.shape(got)}; expected a single number.",
                         "sum over all entries, so the result is a scalar.")
        expect_close(got, expected, what=what, hint="m + log(sum(exp(a - m))) with m = max(a).")
    return solved(f"your logsumexp is right on all {len(LSE_CASES)} test vectors, including +-1000.")


FLOAT32_CASES = {"A": [1.0, 2.0, 3.0], "B": [50.0, 60.0, 70.0], "C": [88.0, 89.0], "D": [-50.0, -60.0, -70.0],
                 "E": [-110.0, -120.0], "F": [87.0, 88.0], "G": [88.5, 88.5]}


def naive_float32(logits):
    """The naive softmax in float32, warnings silenced."""
    a = np.asarray(logits, dtype=np.float32)
    with np.errstate(all="ignore"):
        e = np.exp(a)
        return e / e.sum()


def float32_breaks(logits):
    """True when naive float32 softmax gives nan or is off by more than 1e-3 from the stable float64 result."""
    got = naive_float32(logits)
    return bool(np.isnan(got).any() or not np.allclose(got, softmax(np.asarray(logits, dtype=float)), atol=1e-3))


def why_float32(logits):
    """A short explanation of what happens in naive float32 softmax for `logits`."""
    a = np.asarray(logits, dtype=np.float32)
    with np.errstate(all="ignore"):
        e = np.exp(a)
        total = e.sum()
    if np.isinf(e).any():
        return "exp(89) is inf in float32 (the limit is 88.72), and inf / inf = nan"
    if (e == 0).all():
        return "every exp underflows to 0 (below about -103.3 in float32), and 0 / 0 = nan"
    if np.isinf(total):
        return "each exp is finite, but their sum overflows to inf, so every probability becomes 0"
    return "every exp and their sum fit in float32"


@checker
def check_breaks_in_float32(fn):
    """`fn()` should return the labels of FLOAT32_CASES where naive float32 softmax breaks."""
    got = call(fn)
    if got is None:
        raise NotYet("your function returned None: did it forget to `return`?")
    if isinstance(got, str):  # "CEG" or "C, E, G"
        got = re.findall(r"[A-Za-z]", got)
    try:
        chosen = {str(g).strip().upper() for g in got}
    except TypeError:
        raise NotYet(f"you returned {got!r}; expected a set of labels such as {{'A', 'B'}}.") from None
    unknown = chosen - set(FLOAT32_CASES)
    if unknown:
        raise NotYet(f"unknown labels {sorted(unknown)}; the cases are {sorted(FLOAT32_CASES)}.")
    truth = {k for k, v in FLOAT32_CASES.items() if float32_breaks(v)}
    missed, extra = sorted(truth - chosen), sorted(chosen - truth)
    if missed or extra:
        parts = []
        if missed:
            parts.append("it does break for " + ", ".join(missed))
        if extra:
            parts.append("it works for " + ", ".join(extra))
        first = (missed + extra)[0]
        raise NotYet("; ".join(parts) + ".",
                     f"for example case {first} {FLOAT32_CASES[first]}: think about whether each exp, and then their sum, "
                     "fits between 0 and 3.4e38 (e^88.72).")
    return solved("exactly " + ", ".join(sorted(truth)) + ". " + "; ".join(
        f"{k}: {why_float32(FLOAT32_CASES[k])}" for k in sorted(truth)) + ".")
