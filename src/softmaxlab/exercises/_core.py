"""What every checker shares: calling the learner's code safely, comparing arrays, wording feedback.

A checker is a function decorated with :func:`checker`. Inside it, :func:`call` runs the
learner's function and :func:`expect_close` compares a result; either one stops the
checker with a :class:`Feedback` when something is wrong, so a checker reads top to
bottom and ends with ``return solved("...")``.
"""
import functools

import numpy as np


class Feedback:
    """The verdict of a checker. Shows as text; true when the exercise is solved.

    >>> Feedback(False, "the rows do not sum to 1.", hint="divide by the sum along axis=-1.")
    Not yet: the rows do not sum to 1.
    Hint: divide by the sum along axis=-1.
    """

    def __init__(self, passed, message, hint=None):
        self.passed, self.message, self.hint = passed, message, hint

    def __bool__(self):
        return self.passed

    def __repr__(self):
        text = ("Correct! " if self.passed else "Not yet: ") + self.message
        return text + (f"\nHint: {self.hint}" if self.hint and not self.passed else "")


class NotYet(Exception):
    """Raised inside a checker to stop it with a "Not yet" message."""

    def __init__(self, message, hint=None):
        super().__init__(message)
        self.feedback = Feedback(False, message, hint)


def solved(message):
    return Feedback(True, message)


def checker(check):
    """Decorate a checker: a NotYet, or any slip in the checker itself, becomes words."""

    @functools.wraps(check)
    def wrapper(*args, **kwargs):
        try:
            return check(*args, **kwargs)
        except NotYet as stop:
            return stop.feedback
        except Exception as exc:
            return Feedback(False, f"the checker could not use your answer ({type(exc).__name__}: {exc}).",
                            "check that you pass what the exercise asks for, and that your cell ran.")

    return wrapper


def call(fn, *args, hint=None):
    """Return ``fn(*args)``; stop the checker with words if `fn` is missing, unfinished or raises.

    NumPy's floating-point warnings are silenced during the call: the checker says what went wrong.

    >>> @checker
    ... def check_double(fn):
    ...     call(fn, 1)
    ...     return solved("fine")
    >>> def stub(x):
    ...     raise NotImplementedError()
    >>> check_double(stub)
    Not yet: this exercise is not solved yet (the function still raises NotImplementedError).
    Hint: replace `raise NotImplementedError()` with your code, run that cell, then run this one again.
    """
    if not callable(fn):
        raise NotYet(f"expected a function, got {type(fn).__name__}.",
                     "run the exercise cell that defines the function, then pass the function itself.")
    try:
        with np.errstate(all="ignore"):  # overflow in the learner's code is reported in words, not warnings
            return fn(*args)
    except NotImplementedError:
        raise NotYet("this exercise is not solved yet (the function still raises NotImplementedError).",
                     "replace `raise NotImplementedError()` with your code, run that cell, "
                     "then run this one again.") from None
    except Exception as exc:  # the learner's bug becomes words, not a traceback
        raise NotYet(f"calling your function raised {type(exc).__name__}: {exc}", hint) from None


def expect_close(got, expected, *, what="the result", rtol=1e-6, atol=1e-9, hint=None):
    """Stop the checker unless `got` has the shape and values of `expected`.

    >>> @checker
    ... def check_one(got):
    ...     expect_close(got, np.array([1.0, 2.5]), what="softmax([0, 1])")
    ...     return solved("fine")
    >>> check_one([1.0, 2.0])
    Not yet: softmax([0, 1]) is wrong at index (1,): expected 2.5, got 2.
    """
    if got is None:
        raise NotYet(f"{what} is None: did the function forget to `return`?", hint)
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise NotYet(f"{what} should be an array of numbers, got {type(got).__name__}.", hint) from None
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        raise NotYet(f"{what} has shape {got.shape}, expected {expected.shape}.",
                     hint or "check the axis you reduce over and keepdims.")
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise NotYet(f"{what} is wrong at index {idx}: expected {expected[idx]:.6g}, got {got[idx]:.6g}.", hint)


def expect_unchanged(original, passed, what="your function"):
    """Stop the checker if the learner's function changed the array it was given (`passed`, a copy of `original`)."""
    if not np.array_equal(original, passed, equal_nan=True):
        raise NotYet(f"{what} changed its input array in place (it was {original.tolist()}, "
                     f"afterwards {np.asarray(passed).tolist()}).",
                     "compute into a new array, e.g. `shifted = logits - c` instead of `logits -= c`.")
