"""Grade every cheating submission of cheats.py; print one JSON line {cheat: {exercise: points}}.

    python tests/hostile/grade.py direct OUT_DIR            # nbclient + RegradeOutsideKernel, as nbgrader would
    python tests/hostile/grade.py nbgrader OUT_DIR [--make-student OLD.py]   # the real `nbgrader autograde`

Run it with PYTHONPATH pointing at a throw-away copy of the package (one cheat edits the package's files
on disk; tests/test_classroom.py does this). `direct` needs no nbgrader: it executes each submission in a
fresh kernel with errors allowed, applies the autograde step, and scores each check cell the way nbgrader's
``determine_grade`` does. `nbgrader` needs nbgrader installed (a separate venv: docs/teaching.md); with
``--make-student`` it builds the course with another version of tools/make_student.py (e.g. the one before
issue 14) to measure the "before" scores.
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
from cheats import CHEATS, assignment, submission  # noqa: E402

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
    from nbclient import NotebookClient
    source = make_student.nbgrader_source(assignment(), NAME)
    scores = {}
    for name in CHEATS:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        nb = submission(source, name)
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
        if regrade:
            from softmaxlab.exercises._autograde import RegradeOutsideKernel
            nb, _ = RegradeOutsideKernel().preprocess(nb, {"metadata": {"path": str(folder)}})
        nbformat.write(nb, folder / f"{NAME}.ipynb")
        scores[name] = {exercise(c.metadata["nbgrader"]["grade_id"]): points(c) for c in nb.cells
                        if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"}
    return scores


def grade_nbgrader(out, make_student):
    course = out / "course"
    (course / "source" / NAME).mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent  # nbgrader calls `alembic` and starts kernels from PATH
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    run = lambda *args: subprocess.run([str(bin_dir / "nbgrader"), *args, "--log-level=WARN"],  # noqa: E731
                                       cwd=course, check=True, env=env)
    make_student.write_nbgrader([], course)  # nbgrader_config.py
    nbformat.write(make_student.nbgrader_source(assignment(), NAME), course / "source" / NAME / f"{NAME}.ipynb")
    os.environ["PATH"] = env["PATH"]
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:  # what `nbgrader db ... add` does
        gradebook.update_or_create_assignment(NAME)
        for name in CHEATS:
            gradebook.update_or_create_student(name.replace("_", "-"))
    run("generate_assignment", NAME, "--force")
    release = nbformat.read(course / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    for name in CHEATS:
        student = name.replace("_", "-")
        folder = course / "submitted" / student / NAME
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(release, name), folder / f"{NAME}.ipynb")
    run("autograde", NAME, "--force")
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for name in CHEATS:
            nb = gradebook.find_submission_notebook(NAME, NAME, name.replace("_", "-"))
            scores[name] = {exercise(g.name): g.score for g in nb.grades if "-check-" in g.name}
    return scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["direct", "nbgrader"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--make-student", type=Path, default=ROOT / "tools" / "make_student.py")
    parser.add_argument("--no-regrade", action="store_true", help="direct mode without the autograde step")
    parser.add_argument("--only", nargs="*", help="grade only these cheats")
    args = parser.parse_args(argv)
    make_student = load_make_student(args.make_student)
    for name in set(CHEATS) - set(args.only or CHEATS):
        del CHEATS[name]
    if args.mode == "direct":
        scores = grade_direct(args.out, make_student, regrade=not args.no_regrade)
    else:
        scores = grade_nbgrader(args.out, make_student)
    print(json.dumps(scores))


if __name__ == "__main__":
    main()
