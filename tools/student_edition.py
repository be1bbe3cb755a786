"""Write the committed student edition: student/NN-topic.ipynb for every notebooks/NN-topic.ipynb.

    python tools/student_edition.py          # or: make student-edition

The student edition is what Binder, Colab and `make lab-student` open for self-learners: every
exercise unsolved (tools/make_student.py's student version: solutions replaced as nbgrader does,
outputs cleared, a banner on top), plus, under the banner, a link to the complete notebook for
when a learner is stuck. It is committed rather than built by Binder's postBuild because Colab
opens files straight from the repository (it runs no build step), Binder then starts faster, and a
reviewer sees in the diff what learners get; tests/test_student_edition.py fails when it is stale.
"""
import argparse
import importlib.util
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent
COMPLETE_TAG = "complete-version"


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_student, colab_cell = _tool("make_student"), _tool("colab_cell")


def complete_link(nb, name):
    """Markdown linking a student notebook to its complete version (and on Colab, once published)."""
    text = (f"**Stuck?** The complete notebook, every exercise solved and every output shown, is "
            f"[notebooks/{name}](../notebooks/{name}). Try each exercise and its checker's hints first.")
    target = colab_cell.target_of(nb)
    if target and target[0] != colab_cell.PLACEHOLDER:
        text += f" On Colab: [open the complete notebook]({colab_cell.colab_url(*target, 'notebooks/' + name)})."
    return text


def student_edition(nb, name):
    """The student notebook for the complete notebook `nb` (file name `name`)."""
    student = make_student.student_version(nb, name=name)
    link = nbformat.v4.new_markdown_cell(complete_link(nb, name), metadata={"tags": [COMPLETE_TAG]})
    link.id = COMPLETE_TAG  # a fixed id: the same input gives byte-identical output
    student.cells.insert(1, link)  # just under the student banner
    return student


def write(paths, out):
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        target = out / path.name
        nbformat.write(student_edition(nbformat.read(path, as_version=4), path.name), target)
        written.append(target)
    for stale in set(out.glob("*.ipynb")) - set(written):
        stale.unlink()  # a notebook renamed or removed in notebooks/
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "student")
    args = parser.parse_args(argv)
    written = write(sorted((ROOT / "notebooks").glob("*.ipynb")), args.out)
    print(f"{len(written)} student notebooks in {args.out}/")


if __name__ == "__main__":
    sys.exit(main())
