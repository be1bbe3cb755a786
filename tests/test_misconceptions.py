"""Every exercise checker against its misconception catalogue (tests/misconceptions/nbNN.py).

A right attempt must be told "Correct!"; a wrong one "Not yet", with the promised diagnosis and never a
diagnosis it did not earn. Every checker of the package must have a catalogue of at least 8 attempts.
"""
import importlib
import inspect

import pytest

import softmaxlab.exercises as exercises_pkg
from misconceptions import Right, Wrong, load_catalogues

MIN_ATTEMPTS, MIN_WRONG, MIN_RIGHT = 8, 5, 1


CATALOGUES = load_catalogues()
CASES = [pytest.param(check, attempt, id=f"{nb}-{check.__name__}-{i}-{type(attempt).__name__}")
         for check, (nb, attempts) in CATALOGUES.items() for i, attempt in enumerate(attempts)]


def _all_checkers():
    checkers = []
    for info in sorted(p.name for p in __import__("pkgutil").iter_modules(exercises_pkg.__path__)):
        if info.startswith("_"):
            continue
        module = importlib.import_module(f"softmaxlab.exercises.{info}")
        checkers += [obj for name, obj in inspect.getmembers(module, inspect.isfunction)
                     if name.startswith("check_") and obj.__module__ == module.__name__]
    return checkers


@pytest.mark.parametrize("check, attempt", CASES)
def test_attempt_gets_the_right_verdict(check, attempt):
    feedback = check(attempt.attempt)
    text = repr(feedback)
    assert "Traceback" not in text, text
    if isinstance(attempt, Right):
        assert feedback and text.startswith("Correct!"), f"{attempt.why}: {text}"
        return
    assert not feedback and text.startswith("Not yet"), f"{attempt.why} was accepted: {text}"
    if attempt.diagnosis is not None:
        assert attempt.diagnosis in text, f"{attempt.why}: expected the diagnosis {attempt.diagnosis!r} in {text!r}"
    for wrong_words in attempt.not_said:
        assert wrong_words not in text, f"{attempt.why}: misdiagnosed as {wrong_words!r}: {text!r}"


@pytest.mark.parametrize("check", _all_checkers(), ids=lambda c: f"{c.__module__.rsplit('.', 1)[-1]}.{c.__name__}")
def test_every_checker_has_a_catalogue(check):
    assert check in CATALOGUES, f"{check.__module__}.{check.__name__} has no misconception catalogue"
    _, attempts = CATALOGUES[check]
    wrong = [a for a in attempts if isinstance(a, Wrong)]
    right = [a for a in attempts if isinstance(a, Right)]
    assert len(attempts) >= MIN_ATTEMPTS and len(wrong) >= MIN_WRONG and len(right) >= MIN_RIGHT, (
        f"{check.__name__}: {len(right)} right and {len(wrong)} wrong attempts; want >= {MIN_ATTEMPTS} in all, "
        f">= {MIN_WRONG} wrong, >= {MIN_RIGHT} right")


def test_diagnoses_are_distinct_within_an_exercise():
    """Two misconceptions promised different words must not be told the same thing (their outputs differ)."""
    for check, (_, attempts) in CATALOGUES.items():
        diagnoses = [a.diagnosis for a in attempts if isinstance(a, Wrong) and a.diagnosis]
        for wrong in (a for a in attempts if isinstance(a, Wrong) and a.diagnosis):
            text = check(wrong.attempt).message  # the diagnosis; a hint may name a remedy another mistake shares
            others = [d for d in diagnoses if d != wrong.diagnosis and d not in wrong.diagnosis and d in text]
            assert not others, f"{check.__name__}: {wrong.why} also told {others}: {text!r}"
