"""Throughput of sandboxed grading (issue 27): seconds per honest submission, and a class of 200 on 2 cores.

Builds an nbgrader course of one real notebook (default notebooks/01-softmax.ipynb) with
``tools/make_student.py --nbgrader``, submits the solved notebook under many student names, and grades them
with ``tools/grade_class.py`` (the real ``nbgrader autograde``: each submission's code run once, in its own
bubblewrap sandbox, the checkers outside it). Prints:

- the median seconds to grade one honest submission (``--single`` submissions graded one at a time), and
  whether every one scored full marks;
- the load average (1, 5, 15 min) before each measurement and at the end: the machine may be shared;
- the wall time for the class (``--class-size`` submissions, ``--jobs`` at a time); with a class smaller
  than 200 it also prints that time scaled to 200 (an extrapolation, said so in the output).

It exits 1 if any submission was not graded with full marks (and says which on stderr), else 0.
Needs nbgrader and bubblewrap (docs/teaching.md, section 6). Not part of ``make test``; run it alone:

    .venv/bin/python benchmarks/bench_grading.py                      # 5 single, a class of 20 on 2 jobs
    .venv/bin/python benchmarks/bench_grading.py --class-size 200     # the real 200
"""
import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solved_submission(source, release):
    """The release notebook with every answer cell holding the source's solution (markers removed)."""
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", "", answers[grade_id], flags=re.M)
    return nb


def build_course(folder, notebook):
    make_student, name = _tool("make_student"), notebook.stem
    make_student.write_nbgrader([notebook], folder)
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_assignment(name)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force", "--log-level=ERROR"],
                   cwd=folder, check=True)
    source = nbformat.read(folder / "source" / name / notebook.name, as_version=4)
    release = nbformat.read(folder / "release" / name / notebook.name, as_version=4)
    return name, solved_submission(source, release)


def submit(folder, name, nb, students):
    for student in students:
        target = folder / "submitted" / student / name
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target / f"{name}.ipynb")


def _load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv=None):
    """Run the benchmark; 0 if every submission was graded with full marks, 1 if not (the figures say which)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebook", type=Path, default=ROOT / "notebooks" / "01-softmax.ipynb")
    parser.add_argument("--single", type=int, default=5, help="submissions graded one at a time (the median)")
    parser.add_argument("--class-size", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--wall", type=float, default=300.0)
    args = parser.parse_args(argv)
    if args.single < 1 or args.class_size < 1 or args.jobs < 1:
        parser.error("--single, --class-size and --jobs must be at least 1")
    bin_dir = str(Path(sys.executable).parent)  # nbgrader's Gradebook runs `alembic` from PATH: this venv's
    os.environ["PATH"] = os.pathsep.join(filter(None, [bin_dir, os.environ.get("PATH")]))
    grade_class = _tool("grade_class")
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        course = Path(tmp) / "course"
        name, honest = build_course(course, args.notebook.resolve())
        points = sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in honest.cells)
        singles = [f"single-{i:03d}" for i in range(args.single)]
        submit(course, name, honest, singles)
        print(f"load average (1, 5, 15 min) before the single submissions: {_load()}", flush=True)
        seconds, full = [], True
        for student in singles:
            report = grade_class.grade_class(course, name, jobs=1, wall=args.wall, students=[student],
                                             log=lambda *a: None)[student]
            seconds.append(report["seconds"])
            if not (report["status"] == "graded" and report["total"] == points):
                full = False
                print(f"{student}: {report['status']}, {report['total']:g} of {points} points "
                      f"{report['scores']}\n{report['log'][-1500:]}", file=sys.stderr)
        print(f"one honest submission of {name}: median {statistics.median(seconds):.1f} s "
              f"over {len(seconds)} (each {', '.join(f'{s:.1f}' for s in seconds)}); "
              f"full marks ({points}) every time: {full}; load average after: {_load()}", flush=True)
        students = [f"student-{i:03d}" for i in range(args.class_size)]
        submit(course, name, honest, students)
        print(f"load average (1, 5, 15 min) before the class: {_load()}", flush=True)
        started = time.monotonic()
        report = grade_class.grade_class(course, name, jobs=args.jobs, wall=args.wall, students=students,
                                         log=lambda *a: None)
        wall = time.monotonic() - started
        graded = sum(r["status"] == "graded" and r["total"] == points for r in report.values())
        for student, got in report.items():
            if not (got["status"] == "graded" and got["total"] == points):
                print(f"{student}: {got['status']}, {got['total']:g} of {points} points {got['scores']}\n"
                      f"{got['log'][-1500:]}", file=sys.stderr)
        print(f"a class of {args.class_size} on {args.jobs} jobs ({os.cpu_count()} cores): {wall:.0f} s, "
              f"{graded}/{args.class_size} full marks")
        if args.class_size != 200:
            scaled = wall * 200 / args.class_size / 60
            print(f"scaled to 200 submissions (extrapolated, not measured): {scaled:.1f} min")
        load = os.getloadavg()[0]
        print(f"1-min load average at the end: {load:.1f} ({_load()})")
    ok = full and graded == args.class_size
    if not ok:
        print("bench_grading: a submission was not graded with full marks (see above)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
