"""tools/colab_cell.py: the Colab link and set-up cell, and a simulated Colab session.

The tool is tried on temporary copies of the notebooks (the lead applies it to notebooks/).
The simulated Colab session is a fresh Python 3.13 venv with Colab's own package set (../shared/colab/pins.txt,
from Colab's published pip freeze: ipywidgets 7.7.1, IPython 7.34, numpy 2.1.3...) and without softmaxlab, as
on Colab; the set-up cell, pointed at a copy of this checkout by SOFTMAXLAB_SPEC, installs it (keeping Colab's
packages), and the student edition of every notebook (what the Colab links open) then runs without error and
shows its live widgets as ipywidgets-7 views.
"""
import importlib.metadata
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

from _pythons import find_python

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


colab_cell, make_student = load_tool("colab_cell"), load_tool("make_student")


def tagged(nb, tag):
    return [c for c in nb.cells if tag in c.metadata.get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_apply_puts_the_two_cells_first_and_is_idempotent(path):
    nb = nbformat.read(path, as_version=4)
    once = colab_cell.apply(nb, path.name)
    twice = colab_cell.apply(once, path.name)
    assert once == twice, "a second run must change nothing"
    assert [c.cell_type for c in once.cells[:2]] == ["markdown", "code"]
    assert colab_cell.LINK_TAG in once.cells[0].metadata["tags"]
    assert colab_cell.SETUP_TAG in once.cells[1].metadata["tags"]
    assert all(c.metadata["slideshow"] == {"slide_type": "skip"} for c in once.cells[:2])
    original = [c for c in nb.cells if not {colab_cell.LINK_TAG, colab_cell.SETUP_TAG} & set(c.metadata.get("tags", []))]
    assert [c.source for c in once.cells[2:] if c.cell_type == "code"] == \
        [c.source for c in original if c.cell_type == "code"], "code cells must be kept, in order"
    nbformat.validate(once)


def test_link_opens_the_student_edition_pinned_to_the_release_tag():
    ref = colab_cell.default_ref()
    assert re.fullmatch(r"v\d+\.\d+\.\d+", ref)
    nb = colab_cell.apply(nbformat.read(NOTEBOOKS[1], as_version=4), NOTEBOOKS[1].name)
    link, setup = nb.cells[0].source, nb.cells[1].source
    assert f"github/OWNER/softmaxlab/blob/{ref}/student/{NOTEBOOKS[1].name}" in link
    assert "works once the course is published" in link, "a placeholder link must say that it does not work yet"
    assert f"git+https://github.com/OWNER/softmaxlab@{ref}" in setup
    published = colab_cell.apply(nb, NOTEBOOKS[1].name, repo="someone/softmaxlab", ref="v9.9.9")
    assert "github/someone/softmaxlab/blob/v9.9.9/student/" in published.cells[0].source
    assert "OWNER" not in published.cells[0].source + published.cells[1].source
    assert "published" not in published.cells[0].source
    assert colab_cell.target_of(published) == ("someone/softmaxlab", "v9.9.9")
    assert len(tagged(published, colab_cell.SETUP_TAG)) == 1


def test_welcome_names_what_to_replace_and_then_the_real_links():
    path = ROOT / "notebooks" / "00-welcome.ipynb"
    nb = nbformat.read(path, as_version=4)
    if not any(colab_cell.WELCOME_LINE.search(c.source) for c in nb.cells if c.cell_type == "markdown"):
        pytest.fail("00-welcome has no '- **On Binder' line for tools/colab_cell.py to keep exact")
    before = colab_cell.apply(nb, path.name)
    text = "\n".join(c.source for c in before.cells if c.cell_type == "markdown")
    assert "once the course is published" in text and "Publishing" in text
    assert "the badge in the README opens the course" not in text
    after = colab_cell.apply(before, path.name, repo="someone/softmaxlab", ref="v1.0.0")
    text = "\n".join(c.source for c in after.cells if c.cell_type == "markdown")
    assert "https://mybinder.org/v2/gh/someone/softmaxlab/v1.0.0?urlpath=lab/tree/student/00-welcome.ipynb" in text
    assert "once the course is published" not in text
    assert colab_cell.apply(after, path.name, repo="someone/softmaxlab", ref="v1.0.0") == after


def test_readme_block_has_a_link_per_notebook(tmp_path):
    readme = tmp_path / "README.md"
    shutil.copyfile(ROOT / "README.md", readme)
    colab_cell.update_readme(readme, NOTEBOOKS, "someone/softmaxlab", "v1.0.0")
    text = readme.read_text()
    for path in NOTEBOOKS:
        assert f"colab.research.google.com/github/someone/softmaxlab/blob/v1.0.0/student/{path.name}" in text
    assert "https://mybinder.org/v2/gh/someone/softmaxlab/v1.0.0?urlpath=lab/tree/student/00-welcome.ipynb" in text
    assert re.search(r"https://\S*OWNER", text) is None, "a link still has the placeholder"
    assert colab_cell.update_readme(readme, NOTEBOOKS, "someone/softmaxlab", "v1.0.0") is False


def test_committed_readme_block_is_current():
    readme = (ROOT / "README.md").read_text()
    block = colab_cell.README_BLOCK.search(readme)
    assert block, "README.md lacks the <!-- colab-links --> block"
    match = re.search(r"github/([\w.-]+/[\w.-]+)/blob/([\w.-]+)/student/", block.group(0))
    assert block.group(0).endswith(colab_cell.readme_block(NOTEBOOKS, *match.groups()) + "<!-- /colab-links -->"), \
        "README's Colab table is stale: run python tools/colab_cell.py"


def test_setup_cell_is_silent_and_installs_nothing_where_the_package_is(tmp_path):
    source = colab_cell.SETUP.format(repo="OWNER/softmaxlab", ref="v0.0.0")
    env = dict(os.environ, SOFTMAXLAB_SPEC=str(tmp_path / "no-such-package"))
    result = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_setup_cell_installs_what_softmaxlab_spec_names_where_it_is_missing(tmp_path):
    # A python without softmaxlab (isolated: -I, no site-packages): the cell must try to install the
    # spec, here a path that does not exist, so pip fails and the cell raises CalledProcessError.
    source = colab_cell.SETUP.format(repo="OWNER/softmaxlab", ref="v0.0.0")
    env = dict(os.environ, SOFTMAXLAB_SPEC=str(tmp_path / "no-such-package"))
    result = subprocess.run([sys.executable, "-I", "-S", "-c", source], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode != 0
    assert "CalledProcessError" in result.stderr and "no-such-package" in result.stderr


COLAB_PINS = ROOT.parent / "shared" / "colab" / "pins.txt"  # Colab's own pip freeze, for the packages that matter


def colab_python():
    """Python 3.13, Colab's version (tests/_pythons.py)."""
    found = find_python("3.13")
    if found is None:
        pytest.skip("the simulated Colab session needs Python 3.13, Colab's version (pyenv install 3.13)")
    return found


def fresh_venv(folder):
    """A venv with Colab's package set (ipywidgets 7.7.1, IPython 7.34, numpy 2.1.3...) and no softmaxlab."""
    if not COLAB_PINS.is_file():
        pytest.skip(f"the simulated Colab session needs Colab's package list at {COLAB_PINS} (the workplace's shared/)")
    subprocess.run([colab_python(), "-m", "venv", str(folder)], check=True, capture_output=True, text=True)
    python = folder / "bin" / "python"
    ours = {line.split("==")[0]: line for line in (ROOT / "requirements-test.txt").read_text().splitlines()
            if "==" in line}
    colab = {line.split("==")[0].lower() for line in COLAB_PINS.read_text().splitlines() if "==" in line}
    runner = [ours[name] for name in ("nbclient", "nbformat") if name not in colab]  # to run the notebooks
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(COLAB_PINS), *runner], check=True, capture_output=True, text=True)
    return python


RUN = r"""
import json, sys, importlib.util
import nbformat
from nbclient import NotebookClient
assert importlib.util.find_spec("softmaxlab") is None, "softmaxlab is already installed"
report = {}
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    errors = [o.get("ename") for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    views = [o["data"]["application/vnd.jupyter.widget-view+json"]["version_major"] for c in nb.cells
             if c.cell_type == "code" for o in c.outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    setup = [c for c in nb.cells if "colab-setup" in c.metadata.get("tags", [])][0]
    report[path] = {"errors": errors, "setup_outputs": len(setup.outputs), "widget_views": views}
import ipywidgets, softmaxlab
report["module"] = softmaxlab.__file__
report["ipywidgets"] = ipywidgets.__version__
print(json.dumps(report))
"""


def test_simulated_colab_runs_the_student_editions(tmp_path):
    python = fresh_venv(tmp_path / "colab-venv")
    checkout = tmp_path / "checkout"  # what pip installs from, standing for the tagged release on GitHub
    checkout.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(ROOT / name, checkout / name)
    shutil.copytree(ROOT / "src", checkout / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    paths = []
    for name in (path.name for path in NOTEBOOKS):
        nb = colab_cell.apply(nbformat.read(ROOT / "notebooks" / name, as_version=4), name)
        student = make_student.student_version(nb, name=name)
        paths.append(tmp_path / name)
        nbformat.write(student, paths[-1])
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["SOFTMAXLAB_SPEC"] = str(checkout)
    result = subprocess.run([str(python), "-c", RUN, *map(str, paths)], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert str(tmp_path / "colab-venv") in report.pop("module"), "softmaxlab must come from the fresh venv"
    assert report.pop("ipywidgets") == "7.7.1", "the set-up cell must keep Colab's ipywidgets"
    assert len(report) == 16
    for path, outcome in report.items():
        assert outcome["errors"] == [], f"{path}: {outcome['errors']}"
        assert outcome["setup_outputs"] == 0, f"{path}: the set-up cell printed something"
        assert outcome["widget_views"] and set(outcome["widget_views"]) == {2}, \
            f"{path}: no live widget shown as an ipywidgets-7 view (model version 2): {outcome['widget_views']}"
