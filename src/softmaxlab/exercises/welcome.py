"""Checker for the warm-up exercise in 00-welcome."""
import numpy as np

from ..i18n import N_, _
from ._core import NotYet, as_real_number, call, checker, fresh_rng, solved

CASES = [np.array([2.0, 1.0, 0.1]),         # largest first
         np.array([-3.0, -1.0, -2.0]),      # all negative: the largest is the one nearest 0
         np.array([0.5, 4.0, 1.0, 4.5]),    # largest last
         np.array([0.3, -1.2, 2.0, 1.1, 0.0, -0.5, 2.5, 1.9]),  # largest at index 6: a search that stops early
         np.array([1.0, 3.0, 0.5, 3.0])]    # a tie: the first of the tied classes, as np.argmax
HINT = N_("NumPy has a function that returns the position of the largest entry.")


def as_index(got, what):
    """`got` as a Python int, or stop with words: an index must be a whole number (not a bool, str or float)."""
    if isinstance(got, (bool, np.bool_)):
        raise NotYet(_("{what} is {value!r}, a bool; expected an integer index.").format(what=what, value=got), HINT)
    if isinstance(got, (int, np.integer)):
        return int(got)
    if isinstance(got, np.ndarray) and got.ndim == 0 and np.issubdtype(got.dtype, np.integer):
        return int(got)
    value = as_real_number(got, what=what, hint=HINT)  # the course's one rule for str, None, complex, arrays...
    raise NotYet(_("{what} is the float {value!r}; expected an integer index (a position, such as 0 or 2).").format(
        what=what, value=value), HINT)


@checker
def check_predicted_class(fn):
    """`fn(logits)` should return the index of the largest logit (the class softmax ranks first), the first
    of them when several tie (np.argmax's rule, stated in the exercise).

    Five fixed vectors (one with a tie) and one drawn from the seed of this attempt (the same function sees the same vector).
    """
    rng = fresh_rng()
    cases = CASES + [rng.normal(0.0, 3.0, size=int(rng.integers(4, 9)))]
    wheres = ([_("for logits {logits}").format(logits=logits.tolist()) for logits in CASES]
              + [_("for a random vector of {count} logits").format(count=len(cases[-1]))])
    indices = [as_index(call(fn, logits.copy(), hint=HINT), _("{where}, your index").format(where=where))
               for logits, where in zip(cases, wheres)]
    right = [int(np.argmax(logits)) for logits in cases]
    wrong = [n for n, (index, true) in enumerate(zip(indices, right)) if index != true]
    if not wrong:
        return solved(_("your function picks the right class on all {count} test vectors "
                        "(one of them drawn at random for this check).").format(count=len(cases)))
    n = wrong[0]
    what = _("{where}, your index").format(where=wheres[n])
    if all(index == true + 1 for index, true in zip(indices, right)):  # the same slip on every vector
        raise NotYet(_("{what} is one past the largest logit: it counts from 1, like the maths (a_1), but "
                       "NumPy counts from 0, so the first entry is index 0.").format(what=what),
                     N_("in code the first logit is logits[0] and the last is logits[C - 1]."))
    if all(index == int(np.argmin(logits)) for index, logits in zip(indices, cases)):
        raise NotYet(_("{what} points at the smallest logit, not the largest.").format(what=what), HINT)
    C = len(cases[n])
    if not 0 <= indices[n] < C:
        raise NotYet(_("{what} is {index}, outside 0..{last}.").format(what=what, index=indices[n], last=C - 1), HINT)
    if cases[n][indices[n]] == np.max(cases[n]):  # a largest logit, but not the first of the tied ones
        raise NotYet(_("{what} is {index}: the largest logit appears more than once there, and the exercise "
                       "asks for the first of the tied classes.").format(what=what, index=indices[n]), HINT)
    raise NotYet(_("{what} is {index}, which is not the position of the largest logit.").format(
        what=what, index=indices[n]), HINT)
