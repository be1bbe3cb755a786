"""Committed notebooks are clean, executed top to bottom, error-free and follow the course pattern."""
import copy
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"

spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return nbformat.read(request.param, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_name(path):
    assert re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb", path.name), path.name


def test_clean(nb):
    assert nb == execute_notebooks.clean(copy.deepcopy(nb)), "notebook metadata is not clean: run `make execute`"


def test_executed_top_to_bottom(nb):
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}: run `make execute`"


def test_no_errors(nb):
    errors = [o for c in code_cells(nb) for o in c.outputs if o.output_type == "error"]
    assert not errors, f"error outputs: {[e.ename + ': ' + e.evalue for e in errors]}"


def test_ignore_output_only_on_live_widgets_and_timings(nb):
    for cell in code_cells(nb):
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            live = any(WIDGET in o.get("data", {}) for o in cell.outputs)
            timing = "perf_counter" in cell.source or "timeit" in cell.source
            assert live or timing, f"nbval-ignore-output on a cell that is neither a widget nor a timing:\n{cell.source}"


def test_exercises_have_solution_markers_and_a_check(nb):
    cells = nb.cells
    for i, cell in enumerate(cells):
        if "exercise" in cell.metadata.get("tags", []):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, cell.source
            assert i + 1 < len(cells) and "check" in cells[i + 1].metadata.get("tags", []), \
                f"exercise cell not followed by a `check` cell:\n{cell.source}"
