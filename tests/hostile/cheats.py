"""A two-exercise assignment in the course's format, and the submissions of a hostile class (issue 14).

Exercise 1 (`my_softmax`, checked by `ex.check_softmax`) is the one every cheat targets, with the answer
left unsolved (or wrong); exercise 2 (`predicted_class`) is solved honestly in every submission. A cheat
is a replacement for exercise 1's answer cell plus extra cells, placed right after the imports
("top") or right before exercise 1's check cell ("before_check"), as a student may add cells anywhere.
"""
import nbformat

SETUP = ("import numpy as np\n\n"
         "from softmaxlab.exercises import softmax as ex\n"
         "from softmaxlab.exercises.welcome import check_predicted_class")
SOFTMAX = ('def my_softmax(logits):\n    """Softmax of a 1-D array of logits."""\n'
           "    ### BEGIN SOLUTION\n    e = np.exp(logits - np.max(logits))\n    return e / e.sum()\n"
           "    ### END SOLUTION")
CLASS = ('def predicted_class(logits):\n    """Index of the largest logit."""\n'
         "    ### BEGIN SOLUTION\n    return int(np.argmax(logits))\n    ### END SOLUTION")
UNSOLVED = 'def my_softmax(logits):\n    """Softmax of a 1-D array of logits."""\n    raise NotImplementedError()'
UNIFORM = "def my_softmax(logits):\n    return np.ones(len(logits)) / len(logits)"


def assignment():
    """The solved notebook, tagged like the course's notebooks (input of make_student --nbgrader)."""
    cells = [nbformat.v4.new_markdown_cell("# Hostile assignment\n\nTwo exercises."),
             nbformat.v4.new_code_cell(SETUP),
             nbformat.v4.new_code_cell(SOFTMAX, metadata={"tags": ["exercise"]}),
             nbformat.v4.new_code_cell("ex.check_softmax(my_softmax)", metadata={"tags": ["check"]}),
             nbformat.v4.new_code_cell(CLASS, metadata={"tags": ["exercise"]}),
             nbformat.v4.new_code_cell("check_predicted_class(predicted_class)", metadata={"tags": ["check"]})]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


def cheat(answer=UNSOLVED, top=(), before_check=()):
    return {"answer": answer, "top": list(top), "before_check": list(before_check)}


CHEATS = {
    "honest": cheat(answer=SOFTMAX.replace("    ### BEGIN SOLUTION\n", "").replace("\n    ### END SOLUTION", "")),
    "unsolved": cheat(),
    "feedback_bool_patched": cheat(top=["from softmaxlab.exercises._core import Feedback\n"
                                        "Feedback.__bool__ = lambda self: True"]),
    "checker_replaced_by_true": cheat(top=["ex.check_softmax = lambda *a: True"]),
    "checker_redefined_before_check": cheat(before_check=[
        "from softmaxlab.exercises._core import Feedback\n"
        "ex.check_softmax = lambda fn: Feedback(True, 'your softmax matches.')"]),
    "checker_code_swapped": cheat(top=[
        "ex.check_softmax.__wrapped__.__code__ = (lambda fn: solved('fine')).__code__"]),
    "numpy_comparisons_patched": cheat(answer=UNIFORM, top=[  # every comparison the checkers use says "equal"
        "np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast_shapes(np.shape(a), np.shape(b)), bool)\n"
        "np.allclose = np.array_equal = lambda *args, **kwargs: True"]),
    "errors_hidden": cheat(top=["get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)"]),
    "number_shown_first": cheat(top=[  # nbgrader reads a displayed number as partial credit, errors then ignored
        "_ip = get_ipython()\n"
        "_ip.set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"
        "_ip.events.register('pre_run_cell', lambda *args: _ip.displayhook(1.0))"]),
    "source_edited_on_disk": cheat(top=[
        "import importlib\n"
        "with open(ex.__file__, 'a') as f:\n"
        "    f.write('\\n\\ndef check_softmax(fn):\\n    return solved(\"fine\")\\n')\n"
        "ex = importlib.reload(ex)"]),
}


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def submission(release, name, course=""):
    """The student's notebook for cheat `name` (of CHEATS, ATTACKS or HANG), made from the notebook handed out
    (`release`); `course` is the temporary course directory the attacks aim at."""
    spec = {**CHEATS, **ATTACKS, **HANG}[name]
    aim = lambda source: source.replace("{course!r}", repr(str(course)))  # noqa: E731
    nb = nbformat.from_dict(release)
    cells = []
    for cell in nb.cells:
        grade_id = _grade_id(cell).split("-", 1)[-1]  # "<assignment>-my_softmax" -> "my_softmax"
        if grade_id == "my_softmax":
            cell.source = spec["answer"]
        elif grade_id == "predicted_class":
            cell.source = CLASS.replace("    ### BEGIN SOLUTION\n", "").replace("\n    ### END SOLUTION", "")
        if grade_id == "check-my_softmax":
            cells += [nbformat.v4.new_code_cell(aim(s)) for s in spec["before_check"]]
            if "DELETE_CHECK" in spec["answer"]:
                continue
            if "EDIT_CHECK" in spec["answer"]:
                cell.source = "print('Correct! your softmax matches.')"
        cells.append(cell)
        if "import numpy" in cell.source and cell.cell_type == "code":
            cells += [nbformat.v4.new_code_cell(aim(s)) for s in spec["top"]]
    nb.cells = cells
    return nb


# ---------------------------------------------------------------- issue 27: attacks on the grading machine
#
# Graded only through the real nbgrader with every submission sandboxed (grade.py nbgrader,
# tests/test_grading_sandbox.py), never in `direct` mode, whose kernel runs unsandboxed. Each is guarded so
# that, should the sandbox fail, it touches only the temporary course ({course}, filled in by `submission`)
# or leaves an inert file the test finds and removes: the .pth payload acts only where HOSTILE_TOKEN is set.
HOSTILE_TOKEN = "SOFTMAXLAB_HOSTILE_TEST"
PTH_NAME = "zz_softmaxlab_hostile.pth"
FIND_GRADER = (  # processes of the grading run: those whose working directory is inside the temporary course
    "import os\n"
    "def _grader_pids():\n"
    "    found = []\n"
    "    for pid in os.listdir('/proc'):\n"
    "        try:\n"
    "            if pid.isdigit() and os.path.realpath(f'/proc/{pid}/cwd').startswith({course!r}):\n"
    "                found.append(int(pid))\n"
    "        except OSError:\n"
    "            pass\n"
    "    return found\n")
STEAL = (  # answers copied from the instructor's source/ or a classmate's submission, if they can be read
    "import json, glob\n"
    "for _path in glob.glob({course!r} + '/source/*/*.ipynb') + glob.glob({course!r} + '/submitted/*/*/*.ipynb'):\n"
    "    try:\n"
    "        for _cell in json.load(open(_path))['cells']:\n"
    "            _src = ''.join(_cell['source'])\n"
    "            if _src.startswith('def my_softmax') and 'NotImplementedError' not in _src:\n"
    "                exec(_src.replace('### BEGIN SOLUTION', '').replace('### END SOLUTION', ''))\n"
    "    except OSError:\n"
    "        pass\n")

ATTACKS = {
    # 2. persistence: a .pth in every site-packages it can write, making every later Feedback pass
    "persist_pth_in_venv": cheat(top=[
        "import os, sys, site\n"
        f"_payload = ('import os; exec(\"if os.environ.get(\\'{HOSTILE_TOKEN}\\'):\\\\n"
        " from softmaxlab.exercises._core import Feedback\\\\n Feedback.__bool__ = lambda self: True\")\\n')\n"
        "for _dir in set(sys.path + site.getsitepackages()):\n"
        "    try:\n"
        f"        open(os.path.join(_dir or '.', '{PTH_NAME}'), 'w').write(_payload)\n"
        "    except OSError:\n"
        "        pass\n"
        "for _pid in os.listdir('/proc'):  # the grader's interpreter, found from the kernel's parents\n"
        "    try:\n"
        "        _exe = open(f'/proc/{_pid}/cmdline', 'rb').read().split(b'\\0')[0].decode()\n"
        f"        _sp = os.path.join(os.path.dirname(os.path.dirname(_exe)), 'lib', 'python3.11', 'site-packages')\n"
        f"        open(os.path.join(_sp, '{PTH_NAME}'), 'w').write(_payload)\n"
        "    except (OSError, ValueError, IndexError):\n"
        "        pass"]),
    # 3. the gradebook written from the kernel: own marks up, every classmate's down
    "gradebook_rewritten": cheat(top=[
        "import sqlite3\n"
        "try:\n"
        "    _db = sqlite3.connect('file:' + {course!r} + '/gradebook.db?mode=rw', uri=True)\n"
        "    _db.execute('UPDATE grade SET manual_score = 0')\n"
        "    _db.execute('UPDATE source_cell SET checksum = \\'x\\'')\n"
        "    _db.commit()\n"
        "except sqlite3.Error:\n"
        "    pass"]),
    # 4. the grader killed from the kernel (its parent, and every process of the grading run it can see)
    "grader_killed": cheat(top=[
        FIND_GRADER + "import signal\n"
        "for _pid in [os.getppid()] + _grader_pids():\n"
        "    try:\n"
        "        if _pid != 1:\n"
        "            os.kill(_pid, signal.SIGKILL)\n"
        "    except OSError:\n"
        "        pass"]),
    # 6. answers copied from the instructor's solutions or a classmate's submission
    "answers_copied": cheat(top=[STEAL]),
    # what held before, kept: check cells deleted or edited, exits and exceptions, in-place edits, floods
    "check_cell_deleted": cheat(before_check=["pass"], answer=UNSOLVED + "\nDELETE_CHECK = True"),
    "check_cell_edited": cheat(answer=UNSOLVED + "\nEDIT_CHECK = True"),
    "system_exit": cheat(answer="def my_softmax(logits):\n    raise SystemExit(0)"),
    "base_exception": cheat(answer="def my_softmax(logits):\n    raise BaseException('stop grading')"),
    "os_exit": cheat(answer="import os\ndef my_softmax(logits):\n    os._exit(0)"),
    "input_edited_in_place": cheat(answer="import numpy as np\ndef my_softmax(logits):\n"
                                          "    logits -= logits.max()\n    np.exp(logits, out=logits)\n"
                                          "    logits /= logits.sum()\n    return logits"),
    "output_flood": cheat(top=["print('x' * 10_000_000)\nfor _ in range(20_000):\n    print('flood ' * 50)"]),
}
# 5. limits switched off: graded apart, with a short wall-clock limit (tests/test_grading_sandbox.py)
HANG = {"limits_switched_off": cheat(top=[
    "import signal, time\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "signal.setitimer = lambda *args, **kwargs: (0.0, 0.0)\ntime.sleep(10_000)"])}
