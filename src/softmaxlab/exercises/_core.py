"""What every checker shares: calling the learner's code safely, reading its answer, wording feedback.

A checker is a function decorated with :func:`checker`. Inside it, :func:`call` runs the
learner's function, :func:`as_real_array` / :func:`as_real_number` read what it returned, and
:func:`expect_close` compares; each stops the checker with a :class:`Feedback` when something is
wrong, so a checker reads top to bottom and ends with ``return solved("...")``.

Each call of the learner's function has a time limit (`CALL_TIMEOUT` seconds, and `CHECK_BUDGET` for a
whole check; Unix main thread only, see ``_sandbox.py``); what it prints is shown after the check,
cut to `PRINT_LINES` lines; NumPy's error state and the warnings filters are the same known ones for
every learner, and whatever the learner's function changes in them is put back.
"""
import collections.abc
import functools
import secrets
import time
import weakref

import numpy as np

from ._sandbox import Printed, TimeUp, known_state, time_limit

CALL_TIMEOUT = 5.0  # seconds for one call of the learner's function
CHECK_BUDGET = 15.0  # seconds for a whole check
PRINT_LINES = 20  # lines of the learner's printing shown after a check
WIDE = 1500.0  # spread of the "wide row" every softmax-like checker includes: only the max shift survives it

_checks = []  # the Printed buffer and time limit of the check running now (innermost last)
_source_dtype = {}  # id(array returned by as_real_array) -> dtype the learner's answer had


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


def _too_slow(seconds, whole_check=False):
    span = f"{seconds:g} s" + (" (the time allowed for all the calls of one check)" if whole_check else "")
    return NotYet(f"your function did not finish within {span}, so the check stopped it.",
                  "look for a loop that never ends (a `while` whose condition stays true), or for work "
                  "repeated far more often than needed.")


def _interrupted():
    return NotYet("the check was interrupted (Kernel > Interrupt, or a KeyboardInterrupt) before it finished.",
                  "if your function takes long, look for a loop that never ends; then run the check again.")


def checker(check):
    """Decorate a checker: a NotYet, a time-out, an interrupt, or any slip in the checker itself becomes words.

    The checker runs with NumPy errors and warnings ignored (the learner's settings are put back after),
    and what the learner's function printed is shown once, after the check.
    """

    @functools.wraps(check)
    def wrapper(*args, **kwargs):
        printed, limit = Printed(PRINT_LINES), time_limit(CHECK_BUDGET)
        _checks.append((printed, limit))
        try:
            with known_state(), limit:
                feedback = check(*args, **kwargs)
        except NotYet as stop:
            feedback = stop.feedback
        except TimeUp:
            feedback = _too_slow(CHECK_BUDGET, whole_check=True).feedback
        except KeyboardInterrupt:
            feedback = _interrupted().feedback
        except Exception as exc:
            feedback = Feedback(False, f"the checker could not use your answer ({type(exc).__name__}: {exc}).",
                                "check that you pass what the exercise asks for, and that your cell ran.")
        finally:
            _checks.remove((printed, limit))
        if printed.report():
            print(printed.report())
        return feedback

    return wrapper


def call(fn, *args, hint=None):
    """Return ``fn(*args)``; stop the checker with words if `fn` is missing, unfinished, raises, or takes too long.

    The call runs with NumPy errors and warnings ignored (the checker says what went wrong), its
    printing captured, and at most `CALL_TIMEOUT` seconds.

    >>> @checker
    ... def check_double(fn):
    ...     call(fn, 1)
    ...     return solved("fine")
    >>> def stub(x):
    ...     raise NotImplementedError()
    >>> check_double(stub)
    Not yet: this exercise is not solved yet (the function still raises NotImplementedError).
    Hint: replace `raise NotImplementedError()` with your code, run that cell, then run this one again.
    >>> def chatty(x):
    ...     for i in range(1000):
    ...         print("step", i)
    >>> check_double(chatty)  # doctest: +ELLIPSIS
    Your function printed:
    step 0
    ...
    step 19
    ... 980 more lines
    Correct! fine
    """
    if not callable(fn):
        raise NotYet(f"expected a function, got {type(fn).__name__}.",
                     "run the exercise cell that defines the function, then pass the function itself.")
    printed, outer = _checks[-1] if _checks else (Printed(PRINT_LINES), None)
    seconds, whole = CALL_TIMEOUT, False
    if outer is not None and outer.active:
        left = outer.seconds - (time.monotonic() - outer.started)
        seconds, whole = min(CALL_TIMEOUT, left), left < CALL_TIMEOUT
    limit = time_limit(seconds)
    try:
        with limit, known_state(), printed.capture():
            got = fn(*args)
        if limit.rang:  # the learner's code caught the TimeUp (a bare `except:`) and went on
            raise TimeUp(limit)
        return got
    except NotImplementedError:
        raise NotYet("this exercise is not solved yet (the function still raises NotImplementedError).",
                     "replace `raise NotImplementedError()` with your code, run that cell, "
                     "then run this one again.") from None
    except TimeUp:
        raise _too_slow(CHECK_BUDGET if whole else CALL_TIMEOUT, whole) from None
    except KeyboardInterrupt:
        raise _interrupted() from None
    except SystemExit:
        raise NotYet("your function called exit() (it raised SystemExit), which would stop the whole program.",
                     "return the result instead of exiting.") from None
    except Exception as exc:  # the learner's bug becomes words, not a traceback
        raise NotYet(f"calling your function raised {type(exc).__name__}: {exc}", hint) from None
    finally:
        if not _checks and printed.report():  # call() used outside a checker: show the printing now
            print(printed.report())


TYPE_HINT = "return numbers: a NumPy array of floats (or a list of them), as the exercise asks."
NUMBER_HINT = "return a single number (a Python float or a NumPy scalar), as the exercise asks."


def _what_it_is(got):
    """Why `got` is not an array of real numbers (a phrase), or None when it is one; and the array."""
    if isinstance(got, (str, bytes)):
        return f"a string ({got[:30]!r})", None
    if isinstance(got, (bool, np.bool_)):
        return "a boolean (True/False)", None
    if isinstance(got, (complex, np.complexfloating)):
        return "a complex number", None
    if isinstance(got, (collections.abc.Mapping, collections.abc.Set)):
        return f"a {type(got).__name__}", None
    if isinstance(got, collections.abc.Iterator):
        return "a generator or iterator (build the list or array itself, e.g. `np.array([...])`)", None
    try:
        arr = np.asarray(got)
    except ValueError:
        return "a ragged list (rows of different lengths)", None
    except Exception:
        return f"a {type(got).__name__}", None
    kinds = {"b": "booleans (True/False)", "c": "complex numbers", "U": "strings", "S": "strings",
             "O": "Python objects, not numbers", "M": "dates", "m": "time spans"}
    if arr.dtype.kind not in "fiu":
        return kinds.get(arr.dtype.kind, f"an array of dtype {arr.dtype}"), None
    return None, arr


def as_real_array(got, *, what="the result", hint=None):
    """Return `got` as a float64 array, or stop the checker with words if it is not an array of real numbers.

    The one input-type rule of every checker. Accepted: lists, tuples, NumPy arrays and scalars of
    integers or floats (float16 and float32 too: :func:`expect_close` judges them with a tolerance for
    their dtype), Python ints and floats. Refused: None, strings, booleans, complex numbers, generators,
    dicts, sets, ragged lists, arrays of objects.

    >>> as_real_array([1, 2.5])
    array([1. , 2.5])
    >>> @checker
    ... def check_it(got):
    ...     as_real_array(got, what="your softmax([0, 1])")
    ...     return solved("fine")
    >>> check_it(np.array([0.27, 0.73]) + 0j)
    Not yet: your softmax([0, 1]): expected an array of real numbers, got complex numbers.
    Hint: return numbers: a NumPy array of floats (or a list of them), as the exercise asks.
    >>> check_it("0.625")  # doctest: +ELLIPSIS
    Not yet: your softmax([0, 1]): expected an array of real numbers, got a string ('0.625').
    Hint: ...
    >>> check_it(None)
    Not yet: your softmax([0, 1]) is None: did the function forget to `return`?
    """
    if got is None:
        raise NotYet(f"{what} is None: did the function forget to `return`?", hint)
    problem, arr = _what_it_is(got)
    if problem:
        raise NotYet(f"{what}: expected an array of real numbers, got {problem}.", hint or TYPE_HINT)
    source = _source_dtype.get(id(got), arr.dtype) if isinstance(got, np.ndarray) else arr.dtype
    out = arr.astype(np.float64)  # a copy: later changes to the learner's array do not reach the checker
    _source_dtype[id(out)] = source
    weakref.finalize(out, _source_dtype.pop, id(out), None)
    return out


def as_real_number(got, *, what="the result", hint=None):
    """Return `got` as a float, or stop the checker with words unless it is one real number (a 0-d array is one).

    Same rule as :func:`as_real_array`; a float16 number is refused with words about its precision.

    >>> as_real_number(np.float32(0.5))
    0.5
    >>> @checker
    ... def check_it(got):
    ...     as_real_number(got, what="your accuracy")
    ...     return solved("fine")
    >>> check_it(np.array([0.625]))
    Not yet: your accuracy: expected one number, got an array of shape (1,).
    Hint: return a single number (a Python float or a NumPy scalar), as the exercise asks.
    >>> check_it(True)  # doctest: +ELLIPSIS
    Not yet: your accuracy: expected one real number, got a boolean (True/False).
    Hint: ...
    """
    if got is None:
        raise NotYet(f"{what} is None: did the function forget to `return`?", hint)
    problem, arr = _what_it_is(got)
    if problem:
        raise NotYet(f"{what}: expected one real number, got {problem}.", hint or NUMBER_HINT)
    if arr.ndim:
        kind = "an array" if isinstance(got, np.ndarray) else f"a {type(got).__name__}"
        raise NotYet(f"{what}: expected one number, got {kind} of shape {arr.shape}.", hint or NUMBER_HINT)
    if arr.dtype == np.float16:  # about 3 significant digits: no checker's tolerance is that wide
        raise NotYet(f"{what} is a float16, which keeps only about 3 significant digits: too few to judge it.",
                     "compute and return float64, NumPy's default (no `.astype(np.float16)`).")
    return float(arr)


def _where(idx, shape):
    if len(shape) == 0:
        return ""
    if len(shape) == 1:
        return f" at index {idx[0]}"
    if len(shape) == 2:
        return f" in row {idx[0]}, column {idx[1]}"
    return f" at index {idx}"


def _kind_of_error(got, expected, rtol, atol):
    """A phrase naming a recognisable error over the whole answer (wrong sign, a factor, an offset), or None."""
    ok = np.isfinite(got) & np.isfinite(expected)
    if not ok.all() or not np.any(np.abs(expected) > atol):
        return None
    if np.allclose(got, -expected, rtol=rtol, atol=atol):
        return "has the wrong sign" + (" everywhere (it is minus the right answer)" if got.size > 1 else "")
    nonzero = np.abs(expected) > max(atol, 1e-12)
    if got.size >= 2 and nonzero.sum() >= 2:  # a factor or an offset is recognisable only across several entries
        factor = np.median(got[nonzero] / expected[nonzero])
        if factor > 0 and np.allclose(got, factor * expected, rtol=max(rtol, 1e-6), atol=atol):
            if abs(np.log(factor)) < np.log(1.05):  # "about 1 times" says nothing: give the percentage
                size = f"about {100 * abs(factor - 1):.2g}% too {'large' if factor > 1 else 'small'}"
            else:
                size = f"about {factor:.2g} times too large" if factor > 1 else f"about {1 / factor:.2g} times too small"
            return f"is {size} everywhere (every entry is off by the same factor)"
        offset = np.median(got - expected)
        if np.allclose(got, expected + offset, rtol=max(rtol, 1e-6), atol=atol):  # the amount would give the answer away
            side = "too large" if offset > 0 else "too small"
            return f"is {side} by the same amount everywhere (a constant added or left out somewhere)"
    return None


def expect_close(got, expected, *, what="the result", rtol=1e-6, atol=1e-9, hint=None):
    """Stop the checker unless `got` has the shape and values of `expected`; describe the error without giving the answer.

    `got` is read with :func:`as_real_array`. A float16 or float32 answer is judged with a tolerance for
    its dtype (``rtol >= 10 * eps``), and told when only its precision is the problem. The message says
    where the answer is wrong, the learner's own value there, and the kind of error when recognisable
    (wrong sign, off by a factor or an offset, nan/inf); never the expected value.

    >>> @checker
    ... def check_one(got):
    ...     expect_close(got, np.array([1.0, 2.5]), what="your f([0, 1])")
    ...     return solved("fine")
    >>> check_one([1.0, 2.0])
    Not yet: your f([0, 1]) is wrong at index 1: your value there (2) is too small (1 of 2 entries wrong).
    >>> check_one([4.0, 10.0])
    Not yet: your f([0, 1]) is about 4 times too large everywhere (every entry is off by the same factor).
    >>> check_one([1.01, 2.525])
    Not yet: your f([0, 1]) is about 1% too large everywhere (every entry is off by the same factor).
    >>> check_one([1.001, 2.5025])
    Not yet: your f([0, 1]) is about 0.1% too large everywhere (every entry is off by the same factor).
    >>> check_one([1.5, 3.0])
    Not yet: your f([0, 1]) is too large by the same amount everywhere (a constant added or left out somewhere).
    >>> check_one([1.0, np.inf])
    Not yet: your f([0, 1]) has inf at index 1, where a finite number belongs.
    >>> check_one(np.array([1.0, 2.5], dtype=np.float16))
    Correct! fine
    """
    got = as_real_array(got, what=what)
    source = _source_dtype.get(id(got), np.dtype(np.float64))
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        raise NotYet(f"{what} has shape {got.shape}, expected {expected.shape}.",
                     hint or "check the axis you reduce over and keepdims.")
    low = source.kind == "f" and source.itemsize < 8
    if low:  # judge a float16/float32 answer with the precision it can hold
        info = np.finfo(source)
        rtol, atol = max(rtol, 10 * float(info.eps)), max(atol, 10 * float(info.smallest_subnormal))
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return
    if low and np.allclose(got, expected.astype(source).astype(np.float64), rtol=1e3 * rtol, atol=atol,
                           equal_nan=True):
        raise NotYet(f"{what} is {source.name}, and {source.name} cannot hold the answer precisely enough "
                     f"(it keeps about {np.finfo(source).precision} significant digits and overflows past "
                     f"{float(np.finfo(source).max):.3g}).",
                     f"compute and return float64, NumPy's default (no `.astype(np.{source.name})`).")
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    mine, right, where = got[idx], expected[idx], _where(idx, got.shape)
    if not np.isfinite(mine) and np.isfinite(right):
        raise NotYet(f"{what} has {mine}{where}, where a finite number belongs.", hint)
    kind = _kind_of_error(got, expected, rtol, atol)
    if kind:
        raise NotYet(f"{what} {kind}.", hint)
    side = "" if not (np.isfinite(mine) and np.isfinite(right)) else (" is too large" if mine > right else
                                                                       " is too small")
    count = f" ({int(bad.sum())} of {bad.size} entries wrong)" if bad.size > 1 else ""
    there = " there" if where else ""
    raise NotYet(f"{what} is wrong{where}: your value{there} ({mine:.6g}){side or ' is not right'}{count}.", hint)


def expect_unchanged(original, passed, what="your function"):
    """Stop the checker if the learner's function changed the array it was given (`passed`, a copy of `original`)."""
    if not np.array_equal(original, passed, equal_nan=True):
        raise NotYet(f"{what} changed its input array in place (it was {original.tolist()}, "
                     f"afterwards {np.asarray(passed).tolist()}).",
                     "compute into a new array, e.g. `shifted = logits - c` instead of `logits -= c`.")


def fresh_rng():
    """A random generator seeded afresh from the operating system's entropy on every call.

    Checkers draw at least one input from it on every check, so no constant answer and no table of
    the fixed test cases can pass.

    >>> fresh_rng().normal(size=3).shape
    (3,)
    """
    return np.random.Generator(np.random.PCG64(secrets.randbits(128)))
