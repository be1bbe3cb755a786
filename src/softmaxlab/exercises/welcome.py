"""Checker for the warm-up exercise in 00-welcome."""
import numpy as np

from ._core import NotYet, call, checker, solved

CASES = [np.array([2.0, 1.0, 0.1]), np.array([-3.0, -1.0, -2.0]), np.array([0.5, 4.0, 4.5, 1.0])]


@checker
def check_predicted_class(fn):
    """`fn(logits)` should return the index of the largest logit (the class softmax ranks first)."""
    for logits in CASES:
        got = call(fn, logits.copy(), hint="np.argmax gives the index of the largest entry.")
        if not isinstance(got, (int, np.integer)):
            raise NotYet(f"for logits {logits.tolist()} you returned {got!r}; expected an integer index.",
                         "return the position of the largest logit, e.g. int(np.argmax(logits)).")
        if got != np.argmax(logits):
            raise NotYet(f"for logits {logits.tolist()} you returned {got}, but the largest logit is at "
                         f"index {np.argmax(logits)}.", "indices start at 0 in NumPy.")
    return solved(f"your function picks the right class on all {len(CASES)} test vectors.")
