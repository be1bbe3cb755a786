"""The student edition's words are true of the student edition (issue 26: 00 said its exercises "are solved").

Each student notebook is built in memory (tools/student_edition.py, as `make student-edition` does); no
markdown cell of it may say that the exercises here are solved, and 00 must say which edition is which.
"""
import importlib.util
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("student_edition", ROOT / "tools" / "student_edition.py")
student_edition = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student_edition)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# Claims that the exercises of THIS notebook are solved (true of notebooks/, false of student/).
CLAIMS = re.compile(r"(as published here|in this notebook|here),? the exercises are solved|exercises here are solved",
                    re.I)


def _student(path):
    return student_edition.student_edition(nbformat.read(path, as_version=4), path.name)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_student_notebook_says_its_exercises_are_solved(path):
    claims = [cell.source for cell in _student(path).cells
              if cell.cell_type == "markdown" and CLAIMS.search(cell.source)]
    assert not claims, claims


def test_the_claim_detector_sees_the_old_sentence():
    assert CLAIMS.search("In the notebooks as published here, the exercises are solved, so you can see")


def test_welcome_names_both_editions():
    (welcome,) = [p for p in NOTEBOOKS if p.name.startswith("00-")]
    text = "\n".join(c.source for c in _student(welcome).cells if c.cell_type == "markdown")
    assert "`notebooks/`) every exercise is\nsolved" in text and "student edition (the folder `student/`" in text
