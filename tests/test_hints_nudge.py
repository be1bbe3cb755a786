"""Hints nudge; they never print the solution (project standard for checkers).

For every checker in the misconception catalogues, every Wrong attempt is run and its feedback (message and hint)
must not contain any line of the notebook's reference solution (the code between ``### BEGIN SOLUTION`` and
``### END SOLUTION``) of 15 characters or more, compared without comments and without whitespace, with or
without a leading ``return``.
"""
import pathlib
import re

import nbformat
import pytest

from misconceptions import Wrong, load_catalogues

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
MIN_CHARS = 15


def _squeeze(text):
    return re.sub(r"\s+", "", text)


def solution_lines(notebook):
    """The reference solution's lines of notebook `nbNN`, each without comment and whitespace (>= 15 chars)."""
    (path,) = NOTEBOOKS.glob(f"{notebook[2:]}-*.ipynb")
    lines = set()
    for cell in nbformat.read(path, as_version=4).cells:
        for body in re.findall(r"### BEGIN SOLUTION(.*?)### END SOLUTION", cell.source, flags=re.S):
            for line in body.splitlines():
                code = line.split("#", 1)[0].strip()
                for candidate in (code, code.removeprefix("return ").strip()):
                    if len(candidate) >= MIN_CHARS:
                        lines.add(_squeeze(candidate))
    return lines


def leaked(feedback_text, lines):
    """The solution lines found in the feedback (compared without whitespace)."""
    squeezed = _squeeze(feedback_text)
    return sorted(line for line in lines if line in squeezed)


CATALOGUES = load_catalogues()
CASES = [pytest.param(check, nb, attempt, id=f"{nb}-{check.__name__}-{i}")
         for check, (nb, attempts) in CATALOGUES.items()
         for i, attempt in enumerate(attempts) if isinstance(attempt, Wrong)]


def test_every_catalogued_notebook_has_solution_lines():
    for notebook in sorted({nb for nb, _ in CATALOGUES.values()}):
        assert solution_lines(notebook), f"{notebook}: no solution line of >= {MIN_CHARS} characters found"


def test_the_leak_detector_finds_a_written_out_solution():
    """The hint the audit first saw (notebook 11) leaked its solution's first line; the detector must see it."""
    old_hint = ("keep = labels != ignore_index; sum -log y[n, labels[n]] over the kept rows and divide by their "
                "number. Compute log y with a stable log-softmax.")
    assert leaked(old_hint, solution_lines("nb11")) == ["keep=labels!=ignore_index"]
    assert leaked("which rows belong in the denominator?", solution_lines("nb11")) == []


@pytest.mark.parametrize("check, notebook, attempt", CASES)
def test_feedback_does_not_contain_the_solution(check, notebook, attempt):
    feedback = check(attempt.attempt)
    assert not feedback, f"{attempt.why} was accepted"
    text = f"{feedback.message}\n{feedback.hint or ''}"
    found = leaked(text, solution_lines(notebook))
    assert not found, f"{attempt.why}: the feedback writes out the solution line(s) {found}: {text!r}"
