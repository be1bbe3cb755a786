"""Issue 27: a hostile class graded by the real `nbgrader autograde`, every submission's code run once, in its own sandbox.

One temporary course (tests/hostile/cheats.py: a two-exercise assignment; every cheat targets the first
exercise and solves the second honestly) is graded by tools/grade_class.py, two submissions at a time: an
honest and an unsolved submission and every attack of ATTACKS (issue 27's, and the tricks that held before);
the ten tricks of CHEATS are graded by tests/test_classroom.py (and `grade.py nbgrader` runs them all). The
attacks on the grading machine (ATTACKS) aim only at that temporary course, and the .pth one writes a
payload that acts only where HOSTILE_TOKEN is set; the tests check that nothing reached the grader's tree.
Needs nbgrader 0.9.6 and bubblewrap (with CI set, a skip fails the run).
"""
import hashlib
import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
import cheats  # noqa: E402
from softmaxlab.exercises._sandbox import Limits, Sandbox, sandbox_available  # noqa: E402

pytest.importorskip("nbgrader", reason="nbgrader (requirements.txt) runs the grading tests")
if sandbox_available():
    pytest.skip(f"no sandbox: {sandbox_available()}", allow_module_level=True)


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


grade = _load(ROOT / "tests" / "hostile" / "grade.py", "hostile_grade")
make_student = grade.load_make_student(ROOT / "tools" / "make_student.py")
PACKAGE = Path(__import__("softmaxlab").__file__).resolve().parent


def _tree_digest(package):
    """Hash of every file of the package the grader imports (a throw-away copy: the working tree may change)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        digest.update(str(path.relative_to(package)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _planted(package):
    folders = set(site.getsitepackages() + sys.path + [str(package), str(package.parent)])
    return [os.path.join(d, cheats.PTH_NAME) for d in folders
            if d and os.path.exists(os.path.join(d, cheats.PTH_NAME))]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The hostile class (honest, unsolved and ATTACKS), graded once, by nbgrader importing a copy of the
    package: (scores, report, course, digest of that copy before, after, payloads found in the grader's Python)."""
    copy = tmp_path_factory.mktemp("pkg") / "softmaxlab"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    copy.parent.chmod(0o755)  # readable by the sandbox's user, as an installed package is
    before = _tree_digest(copy)
    saved = dict(os.environ)
    os.environ[cheats.HOSTILE_TOKEN] = "1"  # the planted .pth would act in any process started from here on
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(copy.parent), saved.get("PYTHONPATH")]))
    try:
        names = ["honest", "unsolved", *cheats.ATTACKS]  # CHEATS' other ten: tests/test_classroom.py, cheaper
        scores, report, course = grade.grade_nbgrader(tmp_path_factory.mktemp("class"), make_student, names,
                                                      jobs=2, wall=240.0)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        planted = _planted(copy)
        for path in planted:  # a failed sandbox must not leave the payload behind
            os.remove(path)
    return scores, report, course, before, _tree_digest(copy), planted


def _student(name):
    return name.replace("_", "-")


def _errors(course, student):
    """The error outputs of a student's autograded notebook (what a failed grade says)."""
    path = course / "autograded" / student / grade.NAME / f"{grade.NAME}.ipynb"
    if not path.exists():
        return "no autograded notebook"
    nb = json.loads(path.read_text())
    return [o.get("evalue", "")[:300] for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]


def test_an_honest_submission_gets_full_marks_and_an_unsolved_one_nothing_for_the_exercise(graded):
    scores, report, course, *_ = graded
    assert scores["honest"] == {"my_softmax": 1.0, "predicted_class": 1.0}, \
        (report["honest"], _errors(course, "honest"))
    assert scores["unsolved"] == {"my_softmax": 0.0, "predicted_class": 1.0}, report["unsolved"]


@pytest.mark.parametrize("name", list(cheats.ATTACKS))
def test_no_cheat_or_attack_earns_the_point(graded, name):
    scores, report, *_ = graded
    got = scores[_student(name)]
    assert got.get("my_softmax", 0.0) == 0.0, f"{name}: {got} ({report[_student(name)]['status']})"


def test_every_student_is_graded_and_keeps_the_honest_exercise(graded):
    """Nothing one submission does stops or changes the grading of another: every student is graded, and the
    honestly solved second exercise keeps its point (a deleted check cell, or an answer that ends the process
    running it with os._exit(), only costs its own exercise: a new worker serves the checks after it)."""
    scores, report, *_ = graded
    not_graded = {s: r["status"] for s, r in report.items() if r["status"] != "graded"}
    assert not not_graded, {s: report[s]["log"][-600:] for s in not_graded}
    lost = {s: got for s, got in scores.items() if got.get("predicted_class") != 1.0}
    assert not lost, lost


def test_the_autograded_notebook_shows_the_verdicts_and_what_the_cells_printed(graded):
    """The check cells carry only the verdict computed outside (the honest one's feedback text, the unsolved
    one's error); the other cells, what they printed in the worker (a flood cut short)."""
    scores, report, course, *_ = graded

    def cells(student):
        path = course / "autograded" / student / grade.NAME / f"{grade.NAME}.ipynb"
        return json.loads(path.read_text())["cells"]

    def checks(student):
        return {c["metadata"]["nbgrader"]["grade_id"].split("-check-")[-1]: c["outputs"] for c in cells(student)
                if c["metadata"].get("nbgrader", {}).get("grade")}
    honest, unsolved = checks("honest"), checks("unsolved")
    assert [o["output_type"] for o in honest["my_softmax"]] == ["stream"], honest
    assert "".join(honest["my_softmax"][0]["text"]).startswith("Correct!"), honest
    assert [o["output_type"] for o in unsolved["my_softmax"]] == ["error"], unsolved
    assert "not solved yet" in unsolved["my_softmax"][0]["evalue"], unsolved
    flood = [o for c in cells("output-flood") for o in c.get("outputs", []) if o["output_type"] == "stream"]
    assert flood and sum(len("".join(o["text"])) for o in flood) < 100_000, [len("".join(o["text"])) for o in flood]


def test_the_students_code_runs_once_per_submission(tmp_path, monkeypatch):
    """The course's nbgrader_config.py switches nbgrader's own execution off, and the autograde step starts one
    sandbox for a submission with several checks (issue 27's throughput: the code used to run twice)."""
    from traitlets.config import Config
    from softmaxlab.exercises import _autograde
    config = Config()
    exec(compile(make_student.NBGRADER_CONFIG, "nbgrader_config.py", "exec"), {"get_config": lambda: config})
    steps = config.Autograde.autograde_preprocessors
    assert config.SandboxedExecute.enabled is False and _autograde.RegradeOutsideKernel in steps
    execute = next(step for step in steps if step.__name__ == "SandboxedExecute")
    assert execute(config=config).enabled is False
    assert _autograde.RegradeOutsideKernel(config=config).enabled is True
    started = []
    popen = Sandbox.popen
    monkeypatch.setattr(Sandbox, "popen", lambda self, argv, **kw: started.append(argv) or popen(self, argv, **kw))
    source = make_student.nbgrader_source(cheats.assignment(), grade.NAME)
    nb, _ = _autograde.RegradeOutsideKernel().preprocess(cheats.submission(source, "honest"),
                                                         {"metadata": {"path": str(tmp_path)}})
    assert len(started) == 1, started
    verdicts = [o for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") for o in c.outputs]
    assert [o.output_type for o in verdicts] == ["stream", "stream"], verdicts


def test_the_gradebook_and_the_graders_tree_are_untouched(graded):
    scores, report, course, before, after, planted = graded
    assert not planted, f"a submission wrote into the grader's Python: {planted}"
    assert before == after, "the package the grader imports changed during grading"
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        nb = gradebook.find_submission_notebook(grade.NAME, grade.NAME, "honest")
        assert all(g.manual_score is None and g.score == 1.0 for g in nb.grades), [(g.name, g.score) for g in nb.grades]
        cells = gradebook.find_notebook(grade.NAME, grade.NAME).source_cells
        assert all(c.checksum != "x" for c in cells), "source cell checksums were rewritten"


def test_a_submission_that_switches_its_limits_off_is_killed_and_the_others_graded(tmp_path):
    """Attack 5: SIGALRM and SIGINT ignored, then a sleep: the wall-clock limit is kept outside the sandbox."""
    names = ["honest", *cheats.HANG]
    started = time.monotonic()
    scores, report, _ = grade.grade_nbgrader(tmp_path, make_student, names, jobs=2, wall=45.0)
    hung = report[_student(next(iter(cheats.HANG)))]
    assert hung["status"] == "timed out" and hung["scores"] == {}, hung
    assert report["honest"]["status"] == "graded" and scores["honest"]["my_softmax"] == 1.0, report["honest"]
    assert time.monotonic() - started < 600  # a bound on a hang, not a timing: it would run 10_000 s


def test_the_sandbox_sees_no_course_no_network_no_grader_and_cannot_write_the_package(tmp_path):
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    (course / "gradebook.db").write_text("secret")
    box = Sandbox(Limits(wall=30), forbid=[course])
    probe = (
        "import json, os, socket, softmaxlab\n"
        "seen = {'course': os.path.exists(%r), 'pids': sorted(int(p) for p in os.listdir('/proc') if p.isdigit())}\n"
        "try:\n    open(softmaxlab.__file__, 'a'); seen['write'] = True\nexcept OSError:\n    seen['write'] = False\n"
        "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=1); seen['net'] = True\n"
        "except OSError:\n    seen['net'] = False\n"
        "try:\n    os.kill(%d, 9); seen['kill'] = True\nexcept OSError:\n    seen['kill'] = False\n"
        "print(json.dumps(seen))\n") % (str(course / "gradebook.db"), os.getpid())
    try:
        proc = box.popen([sys.executable, "-c", probe], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = proc.communicate(timeout=120)
    finally:
        box.remove()
    seen = json.loads(out.decode().strip().splitlines()[-1])
    assert seen == {"course": False, "pids": seen["pids"], "write": False, "net": False, "kill": False}, (seen, err)
    assert max(seen["pids"]) < 10, f"the sandbox sees other processes: {seen['pids']}"
    with pytest.raises(ValueError, match="would see"):
        Sandbox(Limits(), forbid=[PACKAGE / "exercises"])


def test_a_submission_holding_a_symlink_is_refused_not_followed(tmp_path):
    """nbgrader copies a submission as the grader: a link to source/ would bring the solutions into the sandbox."""
    course = tmp_path / "course"
    make_student.write_nbgrader([], course)
    (course / "source" / grade.NAME).mkdir(parents=True)
    (course / "source" / grade.NAME / "solutions.ipynb").write_text("{}")
    folder = course / "submitted" / "linker" / grade.NAME
    folder.mkdir(parents=True)
    os.symlink(course / "source" / grade.NAME / "solutions.ipynb", folder / f"{grade.NAME}.ipynb")
    grade_class = grade.load_make_student(ROOT / "tools" / "grade_class.py")
    report = grade_class.grade_class(course, grade.NAME, jobs=1, wall=30.0, log=lambda *a: None)
    assert report["linker"]["status"] == "refused" and report["linker"]["scores"] == {}, report
    assert not (course / "autograded").exists()
