"""binder/ (what repo2docker reads) installs what the notebooks need at run time, and no more.

The pins are those of the root requirements.txt (the learner's set, which binder repeats); the set
of packages is derived from what the notebooks and the package import, so a new import in a notebook, or a test tool slipped into
binder/requirements.txt, fails here.
"""
import ast
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
# Import names that differ from their distribution names on PyPI.
DISTRIBUTION = {"IPython": "ipython", "sklearn": "scikit-learn"}
# Distributions JupyterLab already brings (its own dependencies): no pin of their own on Binder.
WITH_JUPYTERLAB = {"ipython", "ipykernel", "nbformat", "nbclient", "nbconvert", "traitlets"}
TEST_ONLY = {"pytest", "nbval", "hypothesis", "playwright", "coverage"}


def pins(path):
    lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    return {line for line in lines if line}


def name(pin):
    return re.split(r"[=<>!~\[ ;]", pin, maxsplit=1)[0].lower()


def third_party(source):
    """Top-level modules imported by `source`, less the standard library and softmaxlab."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    found = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "softmaxlab"}


def notebook_imports():
    found = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                found |= third_party(cell.source)
    return found


def runtime_needs():
    """Distributions a learner's kernel needs: notebook imports, the package's dependencies (with the Korean
    edition's extra, `softmaxlab[ko]`: its figure font), JupyterLab."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needs = {DISTRIBUTION.get(m, m).lower() for m in notebook_imports()}
    needs |= {name(dep) for dep in project["dependencies"]}
    needs |= {name(dep) for deps in project.get("optional-dependencies", {}).values() for dep in deps}
    return (needs | {"jupyterlab"}) - WITH_JUPYTERLAB


def test_binder_pins_are_the_root_pins():
    root, binder = pins(ROOT / "requirements.txt"), pins(ROOT / "binder" / "requirements.txt")
    assert binder <= root, f"binder pins not in requirements.txt: {sorted(binder - root)}"
    assert "-e ." in binder, "binder/requirements.txt must install the course package (-e .)"
    assert all("==" in p for p in binder - {"-e ."}), "every binder requirement must be pinned with =="


def test_binder_installs_exactly_the_runtime_needs():
    binder = {name(p) for p in pins(ROOT / "binder" / "requirements.txt") if p != "-e ."}
    needs = runtime_needs()
    assert needs - binder == set(), f"binder/requirements.txt lacks what the notebooks need: {sorted(needs - binder)}"
    assert binder - needs == set(), f"binder/requirements.txt installs what no notebook needs: {sorted(binder - needs)}"
    assert binder & TEST_ONLY == set()


def test_runtime_needs_are_found_from_the_notebooks():
    # The derivation above is only as good as the import scan: it must see what the notebooks use.
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab"} <= runtime_needs()
    assert third_party("import numpy as np\nfrom scipy.special import softmax\n%matplotlib inline\nimport math") \
        == {"numpy", "scipy"}


def test_binder_python_version():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_a_learner_installs_only_what_the_notebooks_need():
    # `make lab` and the README's path without make install requirements.txt: Binder's set, no test tool.
    learner = {name(p) for p in pins(ROOT / "requirements.txt") if p != "-e ."}
    binder = {name(p) for p in pins(ROOT / "binder" / "requirements.txt") if p != "-e ."}
    assert learner == binder == runtime_needs(), sorted(learner ^ runtime_needs())
    assert pins(ROOT / "requirements.txt") == pins(ROOT / "binder" / "requirements.txt")


def test_the_test_tools_come_on_top_of_the_learners_set():
    tests = pins(ROOT / "requirements-test.txt")
    assert "-r requirements.txt" in tests
    assert {"pytest", "nbval", "hypothesis", "playwright"} <= {name(p) for p in tests}
    assert all("==" in p for p in tests - {"-r requirements.txt"}), "every test tool must be pinned with =="
