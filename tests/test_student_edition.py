"""The committed student edition (student/) is what tools/student_edition.py makes from notebooks/ now.

Binder's badge, the Colab links and `make lab-student` open student/; after any change to a
notebook, `make student-edition` regenerates it, and this test fails until then.
"""
import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STUDENT = ROOT / "student"

spec = importlib.util.spec_from_file_location("student_edition", ROOT / "tools" / "student_edition.py")
student_edition = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student_edition)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    student_edition.write(NOTEBOOKS, out)
    return out


def test_every_notebook_has_a_student_version():
    assert sorted(p.name for p in STUDENT.glob("*.ipynb")) == [p.name for p in NOTEBOOKS], \
        "student/ does not match notebooks/: run make student-edition"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_version_is_not_stale(path, fresh):
    committed = STUDENT / path.name
    assert committed.is_file(), f"student/{path.name} is missing: run make student-edition"
    assert committed.read_bytes() == (fresh / path.name).read_bytes(), \
        f"student/{path.name} is stale: run make student-edition"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_version_hides_the_solutions_and_links_the_complete_one(path, fresh):
    nb = nbformat.read(fresh / path.name, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "BEGIN SOLUTION" not in code and "END SOLUTION" not in code
    exercises = [c for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    assert all("raise NotImplementedError()" in c.source for c in exercises)
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")
    link = [c for c in nb.cells if student_edition.COMPLETE_TAG in c.metadata.get("tags", [])]
    assert len(link) == 1 and f"](../notebooks/{path.name})" in link[0].source
    assert (STUDENT / ".." / "notebooks" / path.name).resolve() == path.resolve()


def test_solutions_of_the_complete_notebooks_are_not_in_the_student_edition(fresh):
    # A solution line (a line that is only inside a solution region) must not survive.
    make_student = student_edition.make_student
    for path in NOTEBOOKS:
        complete = nbformat.read(path, as_version=4)
        student = "\n".join(c.source for c in nbformat.read(fresh / path.name, as_version=4).cells
                            if c.cell_type == "code")
        for cell in complete.cells:
            if cell.cell_type != "code" or make_student.BEGIN not in cell.source:
                continue
            stripped, regions = make_student.clear_solutions(cell.source)
            assert regions >= 1 and stripped in student, f"{path.name}: an exercise cell is not the stub version"
