"""The classroom kit: student notebooks (make student), slides (make slides), static HTML (make html).

Each tool is run once per test session on every notebook in notebooks/, into a temporary folder.
The student versions are executed (once each): nothing may raise, and every checker must answer
"not solved yet" instead of a traceback.
"""
import doctest
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_student, make_slides, make_html = (load_tool(n) for n in ("make_student", "make_slides", "make_html"))
ids = [p.name for p in NOTEBOOKS]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A copy of the notebooks taken once, so that the tools' output and the tests see the same files."""
    folder = tmp_path_factory.mktemp("notebooks")
    for path in NOTEBOOKS:
        (folder / path.name).write_bytes(path.read_bytes())
    return [folder / path.name for path in NOTEBOOKS]


def tags(cell):
    return cell.metadata.get("tags", [])


def code_lines(nb):
    return [line.strip() for c in nb.cells if c.cell_type == "code" for line in c.source.split("\n")]


def solution_and_other_lines(nb):
    """Stripped lines of the code cells: (inside solution regions, everywhere else)."""
    inside, outside = set(), set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        region = False
        for line in cell.source.split("\n"):
            if make_student.BEGIN in line or make_student.END in line:
                region = make_student.BEGIN in line
            elif line.strip():
                (inside if region else outside).add(line.strip())
    return inside, outside


def text_of(cell):
    parts = []
    for out in cell.outputs:
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


# ------------------------------------------------------------------ make student

def test_clear_solutions_works_like_nbgrader():
    assert doctest.testmod(make_student, verbose=False).failed == 0
    source = "x = 1\nif x:\n    ### BEGIN SOLUTION\n    y = 2\n    ### END SOLUTION\nz = 3"
    assert make_student.clear_solutions(source) == (
        "x = 1\nif x:\n    # YOUR CODE HERE\n    raise NotImplementedError()\nz = 3", 1)
    for broken in ("### BEGIN SOLUTION\na", "a\n### END SOLUTION", "### BEGIN SOLUTION\n### BEGIN SOLUTION"):
        with pytest.raises(ValueError, match="SOLUTION"):
            make_student.clear_solutions(broken)


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory, snapshot):
    out = tmp_path_factory.mktemp("student")
    make_student.write_students(snapshot, out)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_student_version_hides_every_solution(path, student_dir, snapshot):
    original = nbformat.read(snapshot[NOTEBOOKS.index(path)], as_version=4)
    student = nbformat.read(student_dir / path.name, as_version=4)
    nbformat.validate(student)
    solution, elsewhere = solution_and_other_lines(original)
    leaked = (solution - elsewhere) & set(code_lines(student))
    assert not leaked, f"solution lines left in the student version: {sorted(leaked)}"
    assert not any(re.search(r"(BEGIN|END) SOLUTION", c.source) for c in student.cells if c.cell_type == "code")
    exercises = [c for c in original.cells if "exercise" in tags(c)]
    stubs = [c for c in student.cells if "exercise" in tags(c)]
    assert len(stubs) == len(exercises)
    for cell in stubs:
        assert "# YOUR CODE HERE\n" in cell.source and "raise NotImplementedError()" in cell.source, cell.source
    assert all(not c.outputs and c.execution_count is None for c in student.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_student_version_runs_and_every_checker_says_not_solved_yet(path, student_dir):
    nb = nbformat.read(student_dir / path.name, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [f"{o.ename}: {o.evalue}" for c in nb.cells if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert not errors, f"the student version raised: {errors}"
    checks = [c for c in nb.cells if "check" in tags(c)]
    assert checks, "no check cells"
    for cell in checks:
        assert "not solved yet" in text_of(cell), f"{cell.source!r} printed:\n{text_of(cell)}"


def test_nbgrader_source_carries_the_metadata_nbgrader_needs(tmp_path, snapshot):
    make_student.write_nbgrader(snapshot, tmp_path)
    assert "course_id" in (tmp_path / "nbgrader_config.py").read_text()
    for path in snapshot:
        nb = nbformat.read(tmp_path / "source" / path.stem / path.name, as_version=4)
        grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
        assert len(grade_ids) == len(set(grade_ids)) and all(re.fullmatch(r"[\w-]+", g) for g in grade_ids)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader")
            if "exercise" in tags(cell):
                assert meta["solution"] and not meta["grade"]
            elif "check" in tags(cell):
                assert meta["grade"] and meta["points"] == 1 and meta["locked"]
                assert "### BEGIN HIDDEN TESTS" in cell.source and "_verdict.passed is True" in cell.source
            else:
                assert meta is None
            if cell.cell_type == "markdown":  # nbgrader would read these as unclosed solution regions
                assert "BEGIN SOLUTION" not in cell.source and "END SOLUTION" not in cell.source
    config = (tmp_path / "nbgrader_config.py").read_text()
    assert "RegradeOutsideKernel" in config and "autograde_preprocessors" in config
    assert "SandboxedKernelManager" in config and "SandboxedExecute" in config


def test_cheating_submissions_get_no_points_and_an_honest_one_full_marks(tmp_path):
    """Issue 14: each submission of tests/hostile/cheats.py is executed in its own kernel, then graded by
    the autograde step outside that kernel (its worker sandboxed), and scored as nbgrader scores a test cell.
    The kernel here is not sandboxed (tests/test_grading_sandbox.py runs the real nbgrader with it sandboxed),
    so the package is a throw-away copy: one cheat rewrites the checker module on disk, which the grader,
    having imported its checkers before, ignores."""
    shutil.copytree(ROOT / "src" / "softmaxlab", tmp_path / "pkg" / "softmaxlab")
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "pkg"))
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "hostile" / "grade.py"), "direct", str(tmp_path / "out")],
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    scores = json.loads(done.stdout.strip().splitlines()[-1])
    assert scores["honest"] == {"my_softmax": 1.0, "predicted_class": 1.0}
    for cheat, got in scores.items():
        if cheat != "honest":
            assert got["my_softmax"] == 0.0, f"{cheat} earned the cheated exercise: {got}"
        assert got["predicted_class"] == 1.0, f"{cheat}: the honest exercise lost its point: {got}"
    assert len(scores) >= 10


# ------------------------------------------------------------------ make slides

def markdown_lines(nb):
    """Non-blank markdown lines, links made neutral, table headers repeated by a split counted once."""
    lines, seen = [], set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.split("\n"):
                line = re.sub(r"\.(slides\.html|ipynb)\b", "", line.strip())
                if line and not (line.startswith("|") and line in seen):
                    lines.append(line)
                    seen.add(line)
    return lines


@pytest.fixture(scope="module")
def slides_dir(tmp_path_factory, snapshot):
    out = tmp_path_factory.mktemp("slides")
    for path in snapshot:
        make_slides.convert(path, out)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_slides(path, slides_dir, snapshot):
    original = nbformat.read(snapshot[NOTEBOOKS.index(path)], as_version=4)
    laid_out = nbformat.read(slides_dir / "notebooks" / path.name, as_version=4)
    html = (slides_dir / f"{path.stem}.slides.html").read_text(encoding="utf-8")
    assert 'class="reveal"' in html and "Reveal.initialize" in html
    # nothing lost: same code cells in the same order, markdown only split at paragraph breaks
    assert [c.source for c in laid_out.cells if c.cell_type == "code"] == \
           [c.source for c in original.cells if c.cell_type == "code"]
    assert markdown_lines(laid_out) == markdown_lines(original)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in laid_out.cells]
    assert set(kinds) <= {"slide", "subslide", "fragment", "-", "skip", "notes"}
    assert [k for k in kinds if k not in ("skip", "notes")][0] == "slide"
    for cell, kind in zip(laid_out.cells, kinds):
        if make_slides.heading_level(cell) in (1, 2):
            assert kind == "slide", cell.source[:60]
    assert html.count("<section") >= kinds.count("slide") + kinds.count("subslide")
    assert len(make_slides.slide_heights(laid_out)) == kinds.count("slide") + kinds.count("subslide")
    # every slide that is not one single cell fits the budget
    starts = [i for i, k in enumerate(kinds) if k in ("slide", "subslide")] + [len(kinds)]
    for start, end in zip(starts, starts[1:]):
        cells = [c for c in laid_out.cells[start:end] if c.metadata["slideshow"]["slide_type"] not in ("skip", "notes")]
        height = sum(make_slides.cell_lines(c) for c in cells)
        if len(cells) > 1 and not any("check" in tags(c) for c in cells):
            assert height <= make_slides.BUDGET, [c.source[:40] for c in cells]
    assert not re.search(r'href="\d\d-[a-z0-9-]+\.ipynb', html), "a link still points to a notebook"


# ------------------------------------------------------------------ make html

@pytest.fixture(scope="module")
def html_dir(tmp_path_factory, snapshot):
    out = tmp_path_factory.mktemp("html")
    make_html.build(snapshot, out)
    return out


@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=ids)
def test_html_page(index, html_dir, snapshot):
    path = snapshot[index]
    nb = nbformat.read(path, as_version=4)
    page = (html_dir / f"{path.stem}.html").read_text(encoding="utf-8")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    figures = sum("image/png" in o.get("data", {}) for o in outputs)
    assert page.count('src="data:image/png;base64,') >= figures
    widgets = sum(WIDGET in o.get("data", {}) for o in outputs)
    assert page.count('class="softmaxlab-widget-note"') == widgets
    assert page.count('rel="index" href="index.html"') == 2  # top and bottom
    if index > 0:
        assert f'rel="prev" href="{NOTEBOOKS[index - 1].stem}.html"' in page
    if index < len(NOTEBOOKS) - 1:
        assert f'rel="next" href="{NOTEBOOKS[index + 1].stem}.html"' in page
    assert not re.search(r'href="\d\d-[a-z0-9-]+\.ipynb', page), "a link still points to a notebook"


def test_html_index_lists_every_notebook_in_order(html_dir):
    index = (html_dir / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(\d\d-[a-z0-9-]+)\.html">', index)
    assert links == [p.stem for p in NOTEBOOKS]


def test_make_targets_call_the_tools():
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "student", "slides", "html"],
                         capture_output=True, text=True, check=True).stdout
    for tool in ("make_student.py", "make_slides.py", "make_html.py"):
        assert f"tools/{tool}" in dry
