"""Grade every cheating submission of cheats.py; print one JSON line {cheat: {exercise: points}}.

    python tests/hostile/grade.py direct OUT_DIR            # RegradeOutsideKernel alone, as nbgrader runs it
    python tests/hostile/grade.py nbgrader OUT_DIR         # the real `nbgrader autograde`, tools/grade_class.py

Run it with PYTHONPATH pointing at a throw-away copy of the package (one cheat edits the package's files
on disk; tests/test_classroom.py does this). `direct` needs no nbgrader: it applies the autograde step to each
submission (its cells run once in the step's sandboxed worker, the checkers outside; ``--no-regrade``: executed
in a plain, unsandboxed kernel instead, the course before that step) and scores each check cell the way
nbgrader's ``determine_grade`` does. `nbgrader` needs nbgrader installed and bubblewrap (docs/teaching.md): it grades
every submission in its own sandbox, two at a time, with tools/grade_class.py (students are the cheats'
names with "-" for "_"); ``--make-student`` builds the course with another version of tools/make_student.py.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from cheats import ATTACKS, CHEATS, HANG, assignment, submission  # noqa: E402

NAME = "hostile"


def load_make_student(path):
    spec = importlib.util.spec_from_file_location("make_student_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def points(cell):
    """nbgrader's determine_grade for an autograder-tests cell: first error/stderr -> 0, a number -> that."""
    for output in cell.outputs:
        if output.output_type == "error" or (output.output_type == "stream" and output.name == "stderr"):
            return 0.0
        if output.output_type == "execute_result":
            try:
                return max(0.0, min(1.0, float(output.data.get("text/plain", ""))))
            except ValueError:
                return 1.0
    return 1.0


def exercise(grade_id):
    return grade_id.split("-check-")[-1]


def grade_direct(out, make_student, regrade=True):
    """Each cheat graded by the autograde step alone, as the course's nbgrader_config.py runs it (nbgrader's own
    execution switched off: the step runs the cells once in its sandboxed worker and judges them outside);
    with ``regrade=False``, the old unprotected way instead: executed in a plain kernel, scored from its outputs."""
    source = make_student.nbgrader_source(assignment(), NAME)
    scores = {}
    for name in CHEATS:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        nb = submission(source, name)
        if regrade:
            from softmaxlab.exercises._autograde import RegradeOutsideKernel
            nb, _ = RegradeOutsideKernel().preprocess(nb, {"metadata": {"path": str(folder)}})
        else:
            from nbclient import NotebookClient
            NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                           resources={"metadata": {"path": str(folder)}}).execute()
        nbformat.write(nb, folder / f"{NAME}.ipynb")
        scores[name] = {exercise(c.metadata["nbgrader"]["grade_id"]): points(c) for c in nb.cells
                        if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"}
    return scores


def grade_nbgrader(out, make_student, names=None, jobs=2, wall=120.0):
    """The real ``nbgrader autograde`` through tools/grade_class.py (every submission sandboxed, `jobs` at once).

    `names` are the submissions (of CHEATS, ATTACKS, HANG; default: CHEATS), each a student named like it with
    "-" for "_". Returns ({student: {exercise: points}}, grade_class's report, the course directory).
    """
    course = out / "course"
    bin_dir = str(Path(sys.executable).parent)  # nbgrader's Gradebook runs `alembic` from PATH: the venv's
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join(filter(None, [bin_dir, os.environ.get("PATH")]))
    (course / "source" / NAME).mkdir(parents=True, exist_ok=True)
    make_student.write_nbgrader([], course)  # nbgrader_config.py
    nbformat.write(make_student.nbgrader_source(assignment(), NAME), course / "source" / NAME / f"{NAME}.ipynb")
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:  # what `nbgrader db ... add` does
        gradebook.update_or_create_assignment(NAME)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", NAME, "--force", "--log-level=WARN"],
                   cwd=course, check=True)
    release = nbformat.read(course / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    notebooks = {name.replace("_", "-"): submission(release, name, course) for name in (names or CHEATS)}
    for student, nb in notebooks.items():
        folder = course / "submitted" / student / NAME
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{NAME}.ipynb")
    grade_class = load_make_student(ROOT / "tools" / "grade_class.py")
    report = grade_class.grade_class(course, NAME, jobs=jobs, wall=wall, log=lambda *a: None)
    scores = {student: {exercise(g): p for g, p in got["scores"].items() if "-check-" in g}
              for student, got in report.items()}
    return scores, report, course


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["direct", "nbgrader"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--make-student", type=Path, default=ROOT / "tools" / "make_student.py")
    parser.add_argument("--no-regrade", action="store_true", help="direct mode without the autograde step")
    parser.add_argument("--only", nargs="*", help="grade only these cheats")
    parser.add_argument("--attacks", action="store_true", help="nbgrader mode: the issue-27 attacks too")
    args = parser.parse_args(argv)
    make_student = load_make_student(args.make_student)
    for name in set(CHEATS) - set(args.only or CHEATS):
        del CHEATS[name]
    if args.mode == "direct":
        scores = grade_direct(args.out, make_student, regrade=not args.no_regrade)
    else:
        names = list(CHEATS) + (list(ATTACKS) + list(HANG) if args.attacks else [])
        scores = grade_nbgrader(args.out, make_student, [n for n in names if n in (args.only or names)])[0]
    print(json.dumps(scores))


if __name__ == "__main__":
    main()
