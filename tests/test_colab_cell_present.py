"""Every notebook in notebooks/ and student/ opens with the Colab link and set-up cell, up to date.

tools/colab_cell.py puts them there; this test fails until it has been run over notebooks/ (and
`make student-edition` over student/), and whenever a notebook loses them or they go stale.
"""
import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "student").glob("*.ipynb"))

spec = importlib.util.spec_from_file_location("colab_cell", ROOT / "tools" / "colab_cell.py")
colab_cell = importlib.util.module_from_spec(spec)
spec.loader.exec_module(colab_cell)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_has_the_colab_cells(path):
    nb = nbformat.read(path, as_version=4)
    target = colab_cell.target_of(nb)
    assert target, f"{path.name} has no Colab link: run python tools/colab_cell.py, then make execute"
    top = {"student-banner", "complete-version"}  # what tools/student_edition.py puts above them
    cells = [c for c in nb.cells if not top & set(c.metadata.get("tags", []))]
    assert colab_cell.LINK_TAG in cells[0].metadata.get("tags", []), "the Colab link must come first"
    assert colab_cell.SETUP_TAG in cells[1].metadata.get("tags", []), "the set-up cell must come second"
    assert cells[0].source == colab_cell.link_text(path.name, *target)
    assert cells[1].source == colab_cell.SETUP.format(repo=target[0], ref=target[1])
    assert target[1] == colab_cell.default_ref(), "the pinned tag must be v + the version in pyproject.toml"
    if path.parent.name == "notebooks":
        assert cells[1].outputs == [], "the set-up cell must print nothing where the package is installed"
