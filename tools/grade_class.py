"""Grade a whole class with nbgrader, in parallel, each submission in its own sandbox (issue 27).

    python tools/grade_class.py COURSE_DIR ASSIGNMENT              # every student in submitted/
    python tools/grade_class.py COURSE_DIR ASSIGNMENT --jobs 2 --wall 300 --json

COURSE_DIR is the nbgrader course written by ``tools/make_student.py --nbgrader`` (its ``nbgrader_config.py``
runs each submission's code once, in a bubblewrap sandbox, and its checkers outside it: docs/teaching.md, section 6).
For every ``submitted/<student>/<ASSIGNMENT>/`` this runs ``nbgrader autograde ASSIGNMENT --student <student>``,
``--jobs`` at a time, each in its own process group; one that is still running after ``--wall`` seconds is
killed (its sandboxes with it) and reported as not graded. A submission folder holding a symlink or a
special file is not graded (nbgrader, outside the sandbox, would follow it). A run that fails for another reason, or
(with ``--jobs`` above 1) runs out of time, is tried once more, alone, at the end: a classmate graded alongside it
may have starved it of the CPU. It prints one line per student (total points, or why there are none) and,
with ``--json``, a last line ``{student: {"status": ..., "scores": {grade_id: points}, "total": ...}}``.
"""
import argparse
import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def students_of(course, assignment):
    """Names of the students with a submission of `assignment`, sorted."""
    return sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())


def links_in(folder):
    """Paths under `folder` that are not plain files or folders (symlinks, devices, sockets, fifos)."""
    found = []
    for where, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(where) / name
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                found.append(path)
    return found


def _register(course, assignment, students):
    """Create the assignment and the students in the gradebook now, one process, so parallel runs only grade."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_assignment(assignment)
        for student in students:
            gradebook.update_or_create_student(student)


# `python -m nbgrader`, without the one import that costs most (measured: about 1.6 s of the 2-4 s nbgrader takes
# to start): jsonschema's optional IRI checker, `rfc3987_syntax`, builds a grammar when imported; nbformat never
# uses it (notebook schemas have no "iri" formats) and jsonschema skips that checker when it is missing.
NBGRADER = ("import sys; sys.modules['rfc3987_syntax'] = None; sys.argv[0] = 'nbgrader'; "
            "from nbgrader.apps.nbgraderapp import main; sys.exit(main())")


def _compile_package():
    """Write the package's bytecode caches once, if they are missing (as pip does when it installs a package).

    Every submission starts Python twice (nbgrader, and the worker in its sandbox, which cannot write them), and
    each would otherwise compile the package's modules again (measured: about 0.3 s for all of them, idle).
    """
    import compileall

    import softmaxlab
    try:
        compileall.compile_dir(str(Path(softmaxlab.__file__).parent), quiet=2)
    except OSError:  # a read-only installation: each process compiles what it imports, as before
        pass


def autograde_one(course, assignment, student, wall, limits):
    """Run nbgrader autograde for one student; ("graded" | "timed out" | "failed", seconds, log tail)."""
    env = dict(os.environ, SOFTMAXLAB_LIMITS=limits)
    cmd = [sys.executable, "-c", NBGRADER, "autograde", assignment, "--student", student, "--force",
           "--log-level=WARN"]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=course, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=wall)
        failed = proc.returncode != 0 or b"There was an error processing" in out  # nbgrader may exit 0 then
        status = "failed" if failed else "graded"
    except subprocess.TimeoutExpired:  # the wall-clock limit, kept here: the whole process group goes
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, _ = proc.communicate()
        status = "timed out"
    return status, time.monotonic() - started, out.decode(errors="replace")[-2000:]


def scores_of(course, assignment, students):
    """{student: {grade_id: points}} from the gradebook (autograded points of every graded cell)."""
    from nbgrader.api import Gradebook, MissingEntry
    found = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                found[student] = {}
                continue
            found[student] = {grade.name: grade.score for nb in submission.notebooks for grade in nb.grades}
    return found


def grade_class(course, assignment, jobs=2, wall=300.0, limits="", students=None, log=print):
    """Grade every submission of `assignment`; {student: {"status", "seconds", "scores", "total", "log"}}."""
    from softmaxlab.exercises._sandbox import sandbox_available
    reason = sandbox_available()
    if reason:
        raise RuntimeError(f"submissions cannot be sandboxed on this machine: {reason}")
    course = Path(course).resolve()
    if not (course / "nbgrader_config.py").is_file():
        raise ValueError(f"{course} has no nbgrader_config.py: write the course with tools/make_student.py --nbgrader")
    config = (course / "nbgrader_config.py").read_text()
    if "RegradeOutsideKernel" not in config or "SandboxedKernelManager" not in config:
        raise ValueError(f"{course}/nbgrader_config.py does not sandbox the submissions: write it again with "
                         "tools/make_student.py --nbgrader")
    bin_dir = str(Path(sys.executable).parent)  # nbgrader runs `alembic` (gradebook set-up) from PATH
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join(filter(None, [bin_dir, os.environ.get("PATH")]))
    students = students or students_of(course, assignment)
    if not students:
        raise ValueError(f"no submission of {assignment} in {course}/submitted/*/{assignment}")
    limits = ",".join(filter(None, [limits, f"wall={wall:g}" if "wall=" not in limits else ""]))
    results = {}
    for student in students:  # nbgrader copies a submission as the grader, following its links: refuse them
        odd = links_in(course / "submitted" / student / assignment)
        if odd:
            results[student] = ("refused", 0.0, f"not a plain file: {', '.join(str(p) for p in odd[:5])}")
    _register(course, assignment, students)
    _compile_package()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        runs = {pool.submit(autograde_one, course, assignment, s, wall, limits): s for s in students
                if s not in results}
        for done in concurrent.futures.as_completed(runs):
            results[runs[done]] = done.result()
    # once more, alone: a failed run (a locked gradebook?), and, when graded in parallel, one that ran out of time,
    # which a classmate graded alongside it may have starved of the CPU (a submission that forks busy processes)
    for student in [s for s in students if results[s][0] == "failed" or jobs > 1 and results[s][0] == "timed out"]:
        results[student] = autograde_one(course, assignment, student, wall, limits)
    scores = scores_of(course, assignment, students)
    report = {}
    for student in students:
        status, seconds, tail = results[student]
        got = scores.get(student, {}) if status == "graded" else {}
        total = sum(v for v in got.values() if v is not None)
        report[student] = {"status": status, "seconds": round(seconds, 2), "scores": got, "total": total,
                           "log": tail if status != "graded" else ""}
        why = {"graded": f"{total:g} points", "timed out": f"NOT GRADED: still running after {wall:g} s (killed)",
               "failed": "NOT GRADED: nbgrader failed (see its log with --json)",
               "refused": f"NOT GRADED: the submission holds links or special files ({tail})"}[status]
        log(f"{student:<24} {why}  ({seconds:.1f} s)")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("course", type=Path, help="the nbgrader course directory")
    parser.add_argument("assignment")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions graded at once")
    parser.add_argument("--wall", type=float, default=300.0, help="seconds per submission before it is killed")
    parser.add_argument("--limits", default="", help='other limits, e.g. "cpu=120,memory=4294967296,processes=128"')
    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON line at the end")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.wall <= 0:
        parser.error("--jobs must be at least 1 and --wall positive")
    try:
        report = grade_class(args.course, args.assignment, args.jobs, args.wall, args.limits, args.student)
    except (RuntimeError, ValueError) as exc:
        print(f"grade_class: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
