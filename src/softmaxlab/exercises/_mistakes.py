"""Naming a learner's mistake only when it is that mistake.

A checker runs the learner's function on all its cases first (:func:`answers`), then asks
:func:`diagnose` whether the answers equal, on EVERY case, what one named mistake computes.
Only then does the learner hear that mistake's words; otherwise the checker falls back on a
neutral description of the first wrong answer (:func:`expect_all_close`).
"""
from typing import Callable, NamedTuple

import numpy as np

from ..i18n import _
from ._core import (NotYet, Real, _source_dtype, as_real_array, as_real_number, call, expect_close, expect_unchanged,
                    tolerance)


class Mistake(NamedTuple):
    """A misconception: what it computes from a case, and what to tell a learner whose answers match it."""
    compute: Callable
    message: str
    hint: str


def same(got, other, rtol=1e-6, atol=1e-9):
    """Same shape and values (nan matches nan, inf matches inf of the same sign)."""
    got, other = np.asarray(got, dtype=float), np.asarray(other, dtype=float)
    return got.shape == other.shape and bool(np.allclose(got, other, rtol=rtol, atol=atol, equal_nan=True))


def is_right(got, expected, **tolerance):
    """True when `got` passes :func:`expect_close` against `expected` (a mistake is looked for only otherwise)."""
    try:
        expect_close(got, expected, **tolerance)
    except NotYet:
        return False
    return True


def answers(fn, cases, describe, hint=None, number=False):
    """Call ``fn`` on a copy of each case; each answer must leave its inputs alone and be real numbers.

    A case is one array (``fn(case)``) or a tuple of arguments (``fn(*case)``, arrays copied). With
    `number`, each answer must be one real number and is returned as a float.
    """
    raw = []
    for case in cases:
        originals = case if isinstance(case, tuple) else (case,)
        args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in originals)
        got = call(fn, *args, hint=hint)
        for original, passed in zip(originals, args):
            if isinstance(original, np.ndarray):
                expect_unchanged(original, passed)
        if number:
            got = as_real_number(got, what=describe(case))
        else:
            as_real_array(got, what=describe(case))
        raw.append(got)
    return raw


def mistake_outputs(mistake, cases):
    """What `mistake` gives on each case (None where it raises)."""
    outputs = []
    with np.errstate(all="ignore"):
        for case in cases:
            try:
                outputs.append(mistake.compute(case))
            except (ValueError, IndexError, TypeError):  # e.g. shapes that do not broadcast
                outputs.append(None)
    return outputs


def _dtype(raw):
    """The dtype the learner's answer had (a float32 answer is compared at float32's precision)."""
    if isinstance(raw, Real):
        return raw.dtype
    arr = as_real_array(raw)
    return _source_dtype.get(id(arr), np.dtype(np.float64)) if not isinstance(raw, np.ndarray) else raw.dtype


def diagnose(raw, cases, expected, mistakes, describe):
    """Stop with a mistake's words if the answers equal that mistake's outputs on every case.

    "Equal" and "right" follow the precision policy (:func:`._core.tolerance`) for the dtype of each answer.
    """
    got = [as_real_array(r) for r in raw]
    tolerances = [tolerance(_dtype(r), e) for r, e in zip(raw, expected)]
    wrong = [i for i, (g, e, t) in enumerate(zip(got, expected, tolerances)) if not same(g, e, *t)]
    if not wrong:
        return
    for mistake in mistakes:
        outputs = mistake_outputs(mistake, cases)
        if all(o is not None and same(g, o, *t) for g, o, t in zip(got, outputs, tolerances)):
            # TRANSLATORS: {what} says which case and answer ("your softmax([1.0, 2.0])"), {mistake} what it equals.
            raise NotYet(_("{what} {mistake}").format(what=describe(cases[wrong[0]]), mistake=_(mistake.message)),
                         mistake.hint)


def expect_all_close(raw, cases, expected, describe, hint=None, rtol=1e-6, atol=1e-9):
    """The neutral verdict: the first answer that differs from the right one, described without the right value."""
    for got, case, right in zip(raw, cases, expected):
        expect_close(got, right, what=describe(case), rtol=rtol, atol=atol, hint=hint)


def judge(fn, cases, reference, mistakes, describe, hint, call_hint=None):
    """The whole verdict for one array answer per case: run `fn`, name a mistake only if every answer matches it,
    otherwise describe the first wrong answer neutrally. `reference(case)` computes the right answer."""
    raw = answers(fn, cases, describe, hint=call_hint or hint)
    expected = [reference(case) for case in cases]
    diagnose(raw, cases, expected, mistakes, describe)
    expect_all_close(raw, cases, expected, describe, hint=hint)
