"""Write the course as students of a marked class may see it: no solutions, no "Stuck?" links to them.

    python classroom/marked_edition.py build/marked            # then: clone/copy build/marked to the hub

For a class whose exercises count for marks, the hub's copy of the course (``/opt/softmaxlab/course``, which
every student can read) must not be the repository: ``notebooks/`` holds every solution, ``student/`` links
to them ("Stuck? The complete notebook ... is notebooks/NN-topic.ipynb") and ``tests/`` holds the reference
solutions. This writes, into an empty folder:

- ``notebooks/NN-topic.ipynb``: tools/make_student.py's student versions (solutions replaced as nbgrader
  does, outputs cleared), with any cell tagged ``complete-version`` removed; it refuses to finish if a
  solution region, or a link to a complete notebook, is left;
- what the hub needs to install and run the course, taken from git's tracked files: ``src/``,
  ``pyproject.toml``, ``requirements.txt``, ``binder/``, ``classroom/``, ``LICENSE``, and a short README.

Not in it: the solved ``notebooks/``, ``student/``, ``tests/``, ``tools/``, ``docs/``, ``benchmarks/``. The
package itself stays (the checkers import it, and compute the reference answers with it), so a student who
reads ``src/softmaxlab`` can still find how an answer is computed: the marks come from nbgrader, which
grades behaviour (docs/teaching.md, section 6).
"""
import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
KEEP = ("src/", "pyproject.toml", "requirements.txt", "binder/", "classroom/", "LICENSE")
COMPLETE_TAG = "complete-version"  # tools/student_edition.py's "Stuck?" cell
# a link (markdown or HTML) whose target is a complete notebook: notebooks/NN-..., ../notebooks/NN-...
COMPLETE_LINK = re.compile(r"(\]\(|href=[\"'])(\.\./|\./)?notebooks/\d\d-")
README = """# softmaxlab: the class edition

The course's notebooks with the exercises unsolved, and what the class hub needs to run them
(`classroom/README.md`). Written by `classroom/marked_edition.py` from the course repository; do not
edit it here, write it again when the course changes.
"""


def _make_student():
    spec = importlib.util.spec_from_file_location("make_student", ROOT / "tools" / "make_student.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def leaks(nb):
    """Where `nb` still shows a solution: a list of "cell N: why" (empty when clean)."""
    found = []
    for index, cell in enumerate(nb.cells):
        if COMPLETE_TAG in cell.metadata.get("tags", []):
            found.append(f"cell {index}: tagged {COMPLETE_TAG}")
        if cell.cell_type == "code" and ("BEGIN SOLUTION" in cell.source or "END SOLUTION" in cell.source):
            found.append(f"cell {index}: a solution region")
        if COMPLETE_LINK.search(cell.source):
            found.append(f"cell {index}: a link to a complete notebook")
    return found


def write_marked(out, notebooks=None):
    """Write the marked-class edition into `out` (missing or empty); return the notebooks written."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} is not empty: write the marked edition into a new folder")
    notebooks = sorted(notebooks or (ROOT / "notebooks").glob("*.ipynb"))
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in tracked.splitlines():
        if name.startswith(KEEP) and (ROOT / name).is_file():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, out / name)
    (out / "README.md").write_text(README)
    written = _make_student().write_students(notebooks, out / "notebooks")
    for path in written:
        nb = nbformat.read(path, as_version=4)
        nb.cells = [cell for cell in nb.cells if COMPLETE_TAG not in cell.metadata.get("tags", [])]
        problems = leaks(nb)
        if problems:
            raise ValueError(f"{path.name} would show a solution: {'; '.join(problems)}")
        nbformat.write(nb, path)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="a new folder")
    args = parser.parse_args(argv)
    try:
        written = write_marked(args.out)
    except ValueError as error:
        parser.exit(2, f"marked_edition.py: {error}\n")
    print(f"{len(written)} student notebooks and the package in {args.out}/ (no solutions, no 'Stuck?' links)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
