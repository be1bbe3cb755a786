"""What every checker shares: calling the learner's code safely, reading its answer, wording feedback.

A checker is a function decorated with :func:`checker`. Inside it, :func:`call` runs the
learner's function, :func:`as_real_array` / :func:`as_real_number` read what it returned, and
:func:`expect_close` compares; each stops the checker with a :class:`Feedback` when something is
wrong, so a checker reads top to bottom and ends with ``return solved("...")``.

Each call of the learner's function has a time limit (`CALL_TIMEOUT` seconds, and `CHECK_BUDGET` for a
whole check; Unix main thread only, see ``_sandbox.py``); what it prints is shown after the check,
cut to `PRINT_LINES` lines; NumPy's error state and the warnings filters are the same known ones for
every learner, and whatever the learner's function changes in them is put back.

Two policies hold for every checker, written here once:

- **Precision** (:func:`tolerance`). An answer in float64 or float32 (numbers and arrays alike) is
  compared with the exact answer entry by entry: ``|got - exact| <= r * |exact| + a``, with
  ``r = max(rtol, ULPS * eps)`` and ``a = max(atol, ULPS * eps * scale)``, where ``eps`` is the machine
  epsilon of the learner's dtype (float64 2.2e-16, float32 1.2e-7), ``ULPS = 256`` and ``scale`` is the
  largest magnitude in the exact answer. So a float32 answer may be off by 256 float32 units in the last
  place of the entry, and an entry near zero by 256 units of the answer's largest entry (the floor near
  zero: float32 cannot place a probability of 1e-30 next to one of 0.5 more finely); float64 is judged by
  the checker's own ``rtol``/``atol`` (1e-6 and 1e-9 unless it says otherwise), so a 1e-3 slip is
  refused in both. A checker that promises exact zeros passes ``atol=0``: the floor is then 256 of the
  dtype's smallest subnormals (an entry that underflowed to 0 passes, a leak of 1e-10 does not).
  float16 (about 3 significant digits, coarser than any slip a checker must see) is refused everywhere,
  numbers and arrays, with the same words (:data:`FLOAT16_WORDS`). An answer is matched with a named
  mistake's output by the same rule (:func:`agrees`, as ``_mistakes.diagnose`` does), so a float32 attempt
  that makes that mistake hears its name too.
- **Verdicts that never flip** (:func:`fresh_rng`). Random cases are drawn from a seed fixed by the
  exercise and by the attempt: its code (bytecode, constants, names), its default arguments, closure
  and the data it reads from globals. The same attempt sees the same cases in every run and every
  kernel, so it always gets the same verdict and message; an attempt that reads a table of answers to
  the printed cases is different code or data, so it sees other cases.
"""
import collections.abc
import functools
import hashlib
import time
import types
import weakref

import numpy as np

from ..i18n import _, N_
from ._sandbox import Printed, TimeUp, known_state, time_limit

CALL_TIMEOUT = 5.0  # seconds for one call of the learner's function
CHECK_BUDGET = 15.0  # seconds for a whole check
PRINT_LINES = 20  # lines of the learner's printing shown after a check
WIDE = 1500.0  # spread of the "wide row" every softmax-like checker includes: only the max shift survives it

ULPS = 256  # units in the last place of the learner's dtype an answer may be off by (see tolerance())
FLOAT16_WORDS = (N_("is a float16, which keeps only about 3 significant digits: too few to judge it."),
                 N_("compute and return float64, NumPy's default (no `.astype(np.float16)`)."))

_checks = []  # the Printed buffer and time limit of the check running now (innermost last)
_seeds = []  # [seed bytes of the exercise and attempt, number of generators drawn] per running check
_source_dtype = {}  # id(array returned by as_real_array) -> dtype the learner's answer had


class Feedback:
    """The verdict of a checker. Shows as text; true when the exercise is solved.

    >>> Feedback(False, "the rows do not sum to 1.", hint="divide by the sum along axis=-1.")
    Not yet: the rows do not sum to 1.
    Hint: divide by the sum along axis=-1.
    """

    def __init__(self, passed, message, hint=None):
        # A message or hint kept in a constant (marked N_) is translated here; one already made by _() is left as it is.
        self.passed, self.message, self.hint = passed, _(message), _(hint) if hint else hint

    def __bool__(self):
        return self.passed

    def __repr__(self):
        text = (_("Correct! {message}") if self.passed else _("Not yet: {message}")).format(message=self.message)
        return text + ("\n" + _("Hint: {hint}").format(hint=self.hint) if self.hint and not self.passed else "")


class NotYet(Exception):
    """Raised inside a checker to stop it with a "Not yet" message."""

    def __init__(self, message, hint=None):
        super().__init__(message)
        self.feedback = Feedback(False, message, hint)


def solved(message):
    return Feedback(True, message)


def _too_slow(seconds, whole_check=False):
    message = (_("your function did not finish within {seconds:g} s (the time allowed for all the calls of one "
                 "check), so the check stopped it.") if whole_check else
               _("your function did not finish within {seconds:g} s, so the check stopped it."))
    return NotYet(message.format(seconds=seconds),
                  N_("look for a loop that never ends (a `while` whose condition stays true), or for work "
                     "repeated far more often than needed."))


def _interrupted():
    return NotYet(N_("the check was interrupted (Kernel > Interrupt, or a KeyboardInterrupt) before it finished."),
                  N_("if your function takes long, look for a loop that never ends; then run the check again."))


def checker(check):
    """Decorate a checker: a NotYet, a time-out, an interrupt, or any slip in the checker itself becomes words.

    The checker runs with NumPy errors and warnings ignored (the learner's settings are put back after),
    and what the learner's function printed is shown once, after the check.
    """

    @functools.wraps(check)
    def wrapper(*args, **kwargs):
        printed, limit = Printed(PRINT_LINES), time_limit(CHECK_BUDGET)
        _checks.append((printed, limit))
        _seeds.append([attempt_seed(f"{check.__module__}.{check.__qualname__}", args, kwargs), 0])
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
            feedback = Feedback(False, _("the checker could not use your answer ({error_type}: {error}).").format(
                error_type=type(exc).__name__, error=exc),
                N_("check that you pass what the exercise asks for, and that your cell ran."))
        finally:
            _checks.remove((printed, limit))
            _seeds.pop()
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
        raise NotYet(_("expected a function, got {type_name}.").format(type_name=type(fn).__name__),
                     N_("run the exercise cell that defines the function, then pass the function itself."))
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
        raise NotYet(N_("this exercise is not solved yet (the function still raises NotImplementedError)."),
                     N_("replace `raise NotImplementedError()` with your code, run that cell, "
                        "then run this one again.")) from None
    except TimeUp:
        raise _too_slow(CHECK_BUDGET if whole else CALL_TIMEOUT, whole) from None
    except KeyboardInterrupt:
        raise _interrupted() from None
    except SystemExit:
        raise NotYet(N_("your function called exit() (it raised SystemExit), which would stop the whole program."),
                     N_("return the result instead of exiting.")) from None
    except Exception as exc:  # the learner's bug becomes words, not a traceback
        raise NotYet(_("calling your function raised {error_type}: {error}").format(
            error_type=type(exc).__name__, error=exc), hint) from None
    finally:
        if not _checks and printed.report():  # call() used outside a checker: show the printing now
            print(printed.report())


TYPE_HINT = N_("return numbers: a NumPy array of floats (or a list of them), as the exercise asks.")
NUMBER_HINT = N_("return a single number (a Python float or a NumPy scalar), as the exercise asks.")


def _what_it_is(got):
    """Why `got` is not an array of real numbers (a phrase), or None when it is one; and the array."""
    if isinstance(got, (str, bytes)):
        return _("a string ({text!r})").format(text=got[:30]), None
    if isinstance(got, (bool, np.bool_)):
        return _("a boolean (True/False)"), None
    if isinstance(got, (complex, np.complexfloating)):
        return _("a complex number"), None
    if isinstance(got, (collections.abc.Mapping, collections.abc.Set)):
        return _("a {type_name}").format(type_name=type(got).__name__), None
    if isinstance(got, collections.abc.Iterator):
        return _("a generator or iterator (build the list or array itself, e.g. `np.array([...])`)"), None
    try:
        arr = np.asarray(got)
    except ValueError:
        return _("a ragged list (rows of different lengths)"), None
    except Exception:
        return _("a {type_name}").format(type_name=type(got).__name__), None
    kinds = {"b": N_("booleans (True/False)"), "c": N_("complex numbers"), "U": N_("strings"), "S": N_("strings"),
             "O": N_("Python objects, not numbers"), "M": N_("dates"), "m": N_("time spans")}
    if arr.dtype.kind not in "fiu":
        kind = kinds.get(arr.dtype.kind)
        return (_(kind) if kind else _("an array of dtype {dtype}").format(dtype=arr.dtype)), None
    return None, arr


def as_real_array(got, *, what=N_("the result"), hint=None):
    """Return `got` as a float64 array, or stop the checker with words if it is not an array of real numbers.

    The one input-type rule of every checker. Accepted: lists, tuples, NumPy arrays and scalars of
    integers or floats (float32 too: :func:`expect_close` judges it with the tolerance of its dtype,
    see :func:`tolerance`), Python ints and floats. Refused: None, strings, booleans, complex numbers,
    generators, dicts, sets, ragged lists, arrays of objects, and float16 (:data:`FLOAT16_WORDS`).

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
    >>> check_it(np.array([0.27, 0.73], dtype=np.float16))
    Not yet: your softmax([0, 1]) is a float16, which keeps only about 3 significant digits: too few to judge it.
    Hint: compute and return float64, NumPy's default (no `.astype(np.float16)`).
    """
    what = _(what)  # the default, marked N_
    if got is None:
        raise NotYet(_("{what} is None: did the function forget to `return`?").format(what=what), hint)
    problem, arr = _what_it_is(got)
    if problem:
        raise NotYet(_("{what}: expected an array of real numbers, got {problem}.").format(what=what, problem=problem),
                     hint or TYPE_HINT)
    source = _source_dtype.get(id(got), arr.dtype) if isinstance(got, np.ndarray) else _dtype_of(got, arr)
    if source == np.float16:
        raise NotYet(_("{what} {float16_words}").format(what=what, float16_words=_(FLOAT16_WORDS[0])), FLOAT16_WORDS[1])
    out = arr.astype(np.float64)  # a copy: later changes to the learner's array do not reach the checker
    _source_dtype[id(out)] = source
    weakref.finalize(out, _source_dtype.pop, id(out), None)
    return out


class Real(float):
    """A float that remembers the dtype the learner's number had (``dtype``), for :func:`expect_close`."""

    dtype = np.dtype(np.float64)

    def __repr__(self):
        return float.__repr__(self)


def _dtype_of(got, arr):
    """The dtype a learner's answer had: a :class:`Real` keeps it; a list of numbers has its array's dtype."""
    if isinstance(got, Real):
        return got.dtype
    if isinstance(got, (list, tuple)) and got and all(isinstance(g, Real) for g in got):
        return max((g.dtype for g in got), key=lambda d: d.itemsize)
    return arr.dtype


def as_real_number(got, *, what=N_("the result"), hint=None):
    """Return `got` as a float, or stop the checker with words unless it is one real number (a 0-d array is one).

    Same rule as :func:`as_real_array`, float16 refused with the same words. The float returned is a
    :class:`Real`, which keeps the learner's dtype so that :func:`expect_close` judges a float32 number
    with the tolerance of float32, as it judges a float32 array.

    >>> as_real_number(np.float32(0.5))
    0.5
    >>> as_real_number(np.float32(0.5)).dtype
    dtype('float32')
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
    what = _(what)  # the default, marked N_
    if got is None:
        raise NotYet(_("{what} is None: did the function forget to `return`?").format(what=what), hint)
    problem, arr = _what_it_is(got)
    if problem:
        raise NotYet(_("{what}: expected one real number, got {problem}.").format(what=what, problem=problem),
                     hint or NUMBER_HINT)
    if arr.ndim:
        message = (_("{what}: expected one number, got an array of shape {shape}.") if isinstance(got, np.ndarray)
                   else _("{what}: expected one number, got a {type_name} of shape {shape}."))
        raise NotYet(message.format(what=what, type_name=type(got).__name__, shape=arr.shape), hint or NUMBER_HINT)
    source = _dtype_of(got, arr)
    if source == np.float16:  # about 3 significant digits: coarser than the slips a checker must see
        raise NotYet(_("{what} {float16_words}").format(what=what, float16_words=_(FLOAT16_WORDS[0])), FLOAT16_WORDS[1])
    number = Real(arr)
    number.dtype = source if source.kind == "f" else np.dtype(np.float64)
    return number


def _where(idx, shape):
    if len(shape) == 0:
        return ""
    if len(shape) == 1:
        return _(" at index {index}").format(index=idx[0])
    if len(shape) == 2:
        return _(" in row {row}, column {column}").format(row=idx[0], column=idx[1])
    return _(" at index {index}").format(index=idx)


def _kind_of_error(got, expected, rtol, atol):
    """A phrase naming a recognisable error over the whole answer (wrong sign, a factor, an offset), or None."""
    ok = np.isfinite(got) & np.isfinite(expected)
    if not ok.all() or not np.any(np.abs(expected) > atol):
        return None
    if np.allclose(got, -expected, rtol=rtol, atol=atol):
        return _("has the wrong sign everywhere (it is minus the right answer)") if got.size > 1 else _("has the wrong sign")
    nonzero = np.abs(expected) > max(atol, 1e-12)
    if got.size >= 2 and nonzero.sum() >= 2:  # a factor or an offset is recognisable only across several entries
        factor = np.median(got[nonzero] / expected[nonzero])
        if factor > 0 and np.allclose(got, factor * expected, rtol=max(rtol, 1e-6), atol=atol):
            if abs(np.log(factor)) < np.log(1.05):  # "about 1 times" says nothing: give the percentage
                phrase = (_("is about {percent:.2g}% too large everywhere (every entry is off by the same factor)")
                          if factor > 1 else
                          _("is about {percent:.2g}% too small everywhere (every entry is off by the same factor)"))
                return phrase.format(percent=100 * abs(factor - 1))
            if factor > 1:
                return _("is about {factor:.2g} times too large everywhere (every entry is off by the same factor)"
                         ).format(factor=factor)
            return _("is about {factor:.2g} times too small everywhere (every entry is off by the same factor)"
                     ).format(factor=1 / factor)
        offset = np.median(got - expected)
        if np.allclose(got, expected + offset, rtol=max(rtol, 1e-6), atol=atol):  # the amount would give the answer away
            return (_("is too large by the same amount everywhere (a constant added or left out somewhere)") if offset > 0
                    else _("is too small by the same amount everywhere (a constant added or left out somewhere)"))
    return None


def tolerance(source, expected, rtol=1e-6, atol=1e-9):
    """The course's one precision policy: the (rtol, atol) an answer of dtype `source` is judged with.

    ``rtol = max(rtol, ULPS * eps)`` and ``atol = max(atol, ULPS * eps * max|expected|)``, with ``eps``
    the machine epsilon of `source` (an integer answer is exact: float64's). The floor near zero is
    ``ULPS * eps`` times the answer's largest magnitude (not 0): a float32 computation places a tiny
    entry next to a large one only that finely. ``atol=0`` means exact zeros are promised: the floor is
    then ``ULPS`` times the dtype's smallest subnormal (an answer that underflowed to 0 passes, a leak does not).

    >>> tolerance(np.dtype(np.float64), [0.5, 1e-30])  # the checker's own tolerance
    (1e-06, 1e-09)
    >>> r, a = tolerance(np.dtype(np.float32), [0.5, 1e-30])
    >>> print(f"{r:.3g} {a:.3g}")
    3.05e-05 1.53e-05
    >>> tolerance(np.dtype(np.float32), [0.5, 0.0], atol=0.0)[1] < 1e-42
    True
    """
    source = np.dtype(source)
    expected = np.asarray(expected, dtype=np.float64)
    finite = np.abs(expected[np.isfinite(expected)])
    scale = float(finite.max()) if finite.size else 0.0
    info = np.finfo(source if source.kind == "f" else np.float64)
    floor = ULPS * float(info.eps) * scale if atol > 0 else ULPS * float(info.smallest_subnormal)
    return max(rtol, ULPS * float(info.eps)), max(atol, floor)


def answer_dtype(got):
    """The dtype the learner's answer had: a :class:`Real` keeps it, an array read by :func:`as_real_array`
    is remembered, any other array or list has its own (NumPy's promotion)."""
    if isinstance(got, Real):
        return got.dtype
    if isinstance(got, np.ndarray):
        return _source_dtype.get(id(got), got.dtype)
    return _dtype_of(got, np.asarray(got))


def agrees(got, other, right, *, rtol=1e-6, atol=1e-9, dtype=None):
    """True when the learner's answer `got` equals `other` (a mistake's output, say) within the tolerance
    :func:`tolerance` gives `got`'s dtype for the right answer `right`; nan matches nan, inf the same inf.
    Pass `dtype` (:func:`answer_dtype` of the whole answer) when `got` is a part of it: indexing makes a
    new array, which is not known as the learner's.

    The rule ``_mistakes.diagnose`` applies, for one answer: a float64 answer is compared with `rtol` and
    `atol` (the floor of 256 ulps of `right`'s largest entry aside), a float32 one at float32's precision.

    >>> right, slip = np.array([0.5, 0.25]), np.array([0.5, 0.25]) * (1 + 1e-5)
    >>> agrees(slip, slip * (1 + 1e-5), right), agrees(slip.astype(np.float32), slip * (1 + 1e-5), right)
    (False, True)
    """
    rtol, atol = tolerance(answer_dtype(got) if dtype is None else dtype, right, rtol, atol)
    got, other = np.asarray(got, dtype=np.float64), np.asarray(other, dtype=np.float64)
    return got.shape == other.shape and bool(np.allclose(got, other, rtol=rtol, atol=atol, equal_nan=True))


def expect_close(got, expected, *, what=N_("the result"), rtol=1e-6, atol=1e-9, hint=None):
    """Stop the checker unless `got` has the shape and values of `expected`; describe the error without giving the answer.

    `got` is read with :func:`as_real_array` (a number from :func:`as_real_number` keeps its dtype) and
    judged with :func:`tolerance` for its dtype: float64 with `rtol`/`atol`, float32 with at least 256
    float32 units in the last place. A float32 answer off by more is told that, without blaming float32
    alone. The message says where the answer is wrong, the learner's own value there, and the kind of
    error when recognisable (wrong sign, off by a factor or an offset, nan/inf); never the expected value.

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
    >>> check_one(np.array([1.0, 2.5], dtype=np.float32))
    Correct! fine
    >>> check_one(np.array([1.0, 2.5005], dtype=np.float32))  # doctest: +ELLIPSIS
    Not yet: your f([0, 1]) is float32, and it is further from the exact answer than float32 rounding explains...
    >>> check_one(np.array([1.001, 2.5025], dtype=np.float32))
    Not yet: your f([0, 1]) is about 0.1% too large everywhere (every entry is off by the same factor).
    """
    source = got.dtype if isinstance(got, Real) else None
    what = _(what)  # the default, marked N_
    got = as_real_array(got, what=what)
    source = source or _source_dtype.get(id(got), np.dtype(np.float64))
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        raise NotYet(_("{what} has shape {shape}, expected {expected_shape}.").format(
            what=what, shape=got.shape, expected_shape=expected.shape),
            hint or N_("check the axis you reduce over and keepdims."))
    rtol, atol = tolerance(source, expected, rtol, atol)
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return
    low = source.kind == "f" and source.itemsize < 8
    if low and np.allclose(got, expected, rtol=8 * rtol, atol=8 * atol, equal_nan=True):
        raise NotYet(_("{what} is {dtype}, and it is further from the exact answer than {dtype} rounding explains "
                       "(up to {ulps} units in its last place, about {relative:.0e} relative): a slip, or a way of "
                       "computing in {dtype} that loses digits.").format(
                           what=what, dtype=source.name, ulps=ULPS, relative=ULPS * float(np.finfo(source).eps)),
                     _("compute and return float64, NumPy's default (no `.astype(np.{dtype})`): "
                       "then the check can tell which.").format(dtype=source.name))
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    mine, right, where = got[idx], expected[idx], _where(idx, got.shape)
    if not np.isfinite(mine) and np.isfinite(right):
        raise NotYet(_("{what} has {value}{where}, where a finite number belongs.").format(
            what=what, value=mine, where=where), hint)
    kind = _kind_of_error(got, expected, rtol, atol)
    if kind:
        raise NotYet(_("{what} {error}.").format(what=what, error=kind), hint)
    finite = np.isfinite(mine) and np.isfinite(right)
    side = "large" if finite and mine > right else "small" if finite else "wrong"  # i18n: no
    count = _(" ({wrong} of {total} entries wrong)").format(wrong=int(bad.sum()), total=bad.size) if bad.size > 1 else ""
    if where:
        message = {"large": _("{what} is wrong{where}: your value there ({value:.6g}) is too large{count}."),
                   "small": _("{what} is wrong{where}: your value there ({value:.6g}) is too small{count}."),
                   "wrong": _("{what} is wrong{where}: your value there ({value:.6g}) is not right{count}.")}[side]
    else:
        message = {"large": _("{what} is wrong: your value ({value:.6g}) is too large{count}."),
                   "small": _("{what} is wrong: your value ({value:.6g}) is too small{count}."),
                   "wrong": _("{what} is wrong: your value ({value:.6g}) is not right{count}.")}[side]
    raise NotYet(message.format(what=what, where=where, value=mine, count=count), hint)


def expect_unchanged(original, passed, what=N_("your function")):
    """Stop the checker if the learner's function changed the array it was given (`passed`, a copy of `original`)."""
    if not np.array_equal(original, passed, equal_nan=True):
        raise NotYet(_("{what} changed its input array in place (it was {before}, afterwards {after}).").format(
            what=_(what), before=original.tolist(), after=np.asarray(passed).tolist()),
            N_("compute into a new array, e.g. `shifted = logits - c` instead of `logits -= c`."))


def _digest(obj, out, depth=0, seen=None):
    """Feed `out` (a hashlib object) a description of `obj` that is the same in every process.

    Code is read without its file name or line numbers; functions with their defaults, closure and
    the globals their code names; data by value (arrays by dtype, shape and bytes); anything else by
    its type's name (never a repr, which may hold a memory address).
    """
    seen = set() if seen is None else seen
    put = out.update
    if depth > 4 or id(obj) in seen:
        put(b"<deep>")
        return
    if obj is None or isinstance(obj, (bool, int, float, complex, str, bytes, np.generic)):
        put(f"{type(obj).__name__}:{obj!r};".encode())
        return
    seen.add(id(obj))
    if isinstance(obj, types.CodeType):
        put(b"code:" + obj.co_code)
        put(repr((obj.co_names, obj.co_varnames, obj.co_freevars, obj.co_cellvars, obj.co_argcount)).encode())
        for const in obj.co_consts:
            _digest(const, out, depth, seen)  # a constant is part of the code: no depth used
    elif isinstance(obj, types.FunctionType):
        put(b"function:")
        _digest(obj.__code__, out, depth, seen)
        _digest(obj.__defaults__, out, depth + 1, seen)
        _digest(obj.__kwdefaults__, out, depth + 1, seen)
        for cell in obj.__closure__ or ():
            try:
                _digest(cell.cell_contents, out, depth + 1, seen)
            except ValueError:  # an empty cell
                put(b"<empty>")
        for name in sorted(_global_names(obj.__code__)):
            if name in obj.__globals__:
                put(f"global {name}=".encode())
                _digest(obj.__globals__[name], out, depth + 1, seen)
    elif isinstance(obj, types.MethodType):
        _digest(obj.__func__, out, depth, seen)
        _digest(obj.__self__, out, depth + 1, seen)
    elif isinstance(obj, functools.partial):
        for part in (obj.func, obj.args, obj.keywords):
            _digest(part, out, depth + 1, seen)
    elif isinstance(obj, np.ndarray):
        put(f"array:{obj.dtype.str}{obj.shape};".encode())
        put(obj.tobytes() if obj.dtype.kind != "O" else b"<objects>")
    elif isinstance(obj, (list, tuple)):
        put(f"{type(obj).__name__}[{len(obj)}]:".encode())
        for item in obj[:1000]:
            _digest(item, out, depth + 1, seen)
    elif isinstance(obj, dict):
        put(f"dict[{len(obj)}]:".encode())
        for key, value in sorted(obj.items(), key=lambda kv: repr(kv[0]))[:1000]:
            _digest(key, out, depth + 1, seen)
            _digest(value, out, depth + 1, seen)
    elif isinstance(obj, (set, frozenset)):
        put(f"set[{len(obj)}]:".encode() + repr(sorted(repr(o) for o in list(obj)[:1000])).encode())
    elif isinstance(obj, types.ModuleType):
        put(f"module:{obj.__name__};".encode())
    elif isinstance(obj, type):
        put(f"class:{obj.__module__}.{obj.__qualname__};".encode())
        for name, value in sorted(vars(obj).items()):
            if isinstance(value, (types.FunctionType, staticmethod, classmethod)) or not name.startswith("__"):
                put(name.encode())
                _digest(getattr(value, "__func__", value), out, depth + 1, seen)
    elif isinstance(obj, (types.BuiltinFunctionType, np.ufunc)) or callable(obj) and not hasattr(obj, "__dict__"):
        put(f"builtin:{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', type(obj).__name__)};".encode())
    else:  # an instance: its class (its methods' code) and its attributes' values
        _digest(type(obj), out, depth + 1, seen)
        attributes = getattr(obj, "__dict__", None)
        if isinstance(attributes, dict):
            _digest(attributes, out, depth + 1, seen)


def _global_names(code):
    """The names `code` and the code nested in it (comprehensions, inner functions) may read from globals."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def attempt_seed(exercise, args=(), kwargs=None):
    """The seed of the cases a check draws: from the exercise's name and the attempt (code and the data it reads).

    The same attempt gives the same seed in every run and every kernel (nothing from the file name,
    line numbers or memory addresses enters); other code or other data gives another seed.

    >>> def f(x):
    ...     return x + 1
    >>> def g(x):
    ...     return x + 2
    >>> attempt_seed("demo", (f,)) == attempt_seed("demo", (f,)) != attempt_seed("demo", (g,))
    True
    """
    out = hashlib.sha256(exercise.encode() + b"\0")
    try:
        _digest((tuple(args), dict(kwargs or {})), out)
    except Exception as exc:  # an object that refuses to be read: its type still counts
        out.update(f"<unreadable {type(exc).__name__}>".encode())
    return out.digest()


def fresh_rng():
    """The random generator of the check running now: seeded by the exercise and the attempt (:func:`attempt_seed`).

    Checkers draw at least one input from it on every check. The same attempt draws the same inputs
    (its verdict never flips); a constant answer, or a table of answers to the printed cases, is other
    code or data, so it is asked other cases. Each call within one check gives the next generator of
    the same sequence; outside a check the seed is fixed.

    >>> fresh_rng().normal(size=3).shape
    (3,)
    """
    if not _seeds:
        return np.random.Generator(np.random.PCG64(0))
    seed, drawn = _seeds[-1]
    _seeds[-1][1] += 1
    return np.random.Generator(np.random.PCG64(int.from_bytes(hashlib.sha256(seed + bytes([drawn % 256]))
                                                              .digest()[:16], "little")))
