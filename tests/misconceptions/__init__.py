"""Misconception catalogues: for every exercise checker, wrong attempts it must reject and right ones it must accept.

One module per notebook (``nb00.py`` ... ``nb15.py``), each defining ``CATALOGUE``: a dict from a checker to a
list of :class:`Right` and :class:`Wrong` attempts. ``tests/test_misconceptions.py`` runs them all.

- ``Right(attempt, why)``: an unusual but correct answer (a list, float32, another valid formula); it must pass.
- ``Wrong(attempt, why, diagnosis=...)``: a misconception; it must be rejected. ``diagnosis`` is a piece of text
  the "Not yet" message must contain (the checker promised to recognise this mistake); ``None`` means any worded
  rejection will do. ``not_said`` lists texts the message must NOT contain (a misdiagnosis seen before).

Each attempt is called exactly as the notebook's check cell calls it: ``checker(attempt)``.
"""
import importlib
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Right:
    attempt: Callable
    why: str


@dataclass(frozen=True)
class Wrong:
    attempt: Callable
    why: str
    diagnosis: str | None = None
    not_said: tuple = field(default=())


NOTEBOOKS = [f"nb{n:02d}" for n in range(16)]


def load_catalogues():
    """{checker: (notebook, attempts)} for every notebook that has a catalogue module."""
    found = {}
    for name in NOTEBOOKS:
        try:
            module = importlib.import_module(f"misconceptions.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"misconceptions.{name}":
                raise
            continue
        for check, attempts in module.CATALOGUE.items():
            assert check not in found, f"{check.__name__} is catalogued twice"
            found[check] = (name, attempts)
    return found
