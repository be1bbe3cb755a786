"""Summative grading that the student's code cannot fake or escape: checkers outside, student code run once, in a sandbox.

nbgrader runs a submitted notebook in one kernel and gives a test cell its points when the cell raises
nothing, so a line such as ``Feedback.__bool__ = lambda self: True`` in an answer cell, or a cell that
redefines the checkers, would earn the points; and that kernel runs with the grader's rights, so it could
rewrite the gradebook, the grader's code or a classmate's marks (issue 27). This module replaces nbgrader's
execution step in ``nbgrader autograde`` (``tools/make_student.py --nbgrader`` writes it into the course's
``nbgrader_config.py``, with nbgrader's own ``Execute`` switched off):

- :class:`RegradeOutsideKernel` runs the submission's code once, in a fresh worker
  (``python -m softmaxlab.exercises._autograde``) inside a bubblewrap sandbox
  (:class:`~softmaxlab.exercises._sandbox.Sandbox`: its own PID and network namespaces, a read-only view of
  the Python installation and this package only, a copy of the submission's folder as its working
  directory, rlimits): every code cell except the check cells, in order; at each check cell the worker keeps
  the function the check names, as it stood there. The checkers run in the nbgrader process itself, where no
  student code ever runs, and call that function through a pipe: arguments go in; only plain data (numbers,
  strings, NumPy arrays of numbers, lists, tuples, sets, dicts) comes back, decoded without unpickling
  anything the worker could choose. The step then writes the notebook's outputs: each check cell gets the
  checker's verdict and nothing else (an error output unless the verdict is ``Feedback`` with
  ``passed is True``, so nbgrader gives it 0), each other cell the text it printed in the worker (figures and
  widgets are not rendered: grading does not need them).
- :class:`SandboxedKernelManager`: should an instructor switch nbgrader's own execution back on
  (``c.SandboxedExecute.enabled = True``, for rendered figures in the feedback, at the price of a second run),
  its kernel starts in a sandbox too; the check cells still get only the verdict computed outside.

Limits (:class:`~softmaxlab.exercises._sandbox.Limits`, from ``SOFTMAXLAB_LIMITS``): the worker's whole run
has the wall-clock limit, counted by this process (it kills the sandbox), and ``tools/grade_class.py`` kills a
submission's whole grading after the same limit. Nothing the student's code does can write outside its sandbox,
so no tamper check of the package is needed: whatever a submission writes is gone with its sandbox (an
allow-list: its working copy, home, /tmp).
"""
import importlib
import inspect
import os
import pickle
import pkgutil
import re
import select
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from ..i18n import _
from . import _core
from ._core import Feedback
from ._sandbox import Limits, Sandbox

CELL_TIMEOUT = 60.0  # seconds for one cell in the worker (a courtesy: the wall-clock limit is kept outside)
MAX_MESSAGE = 200 * 2**20  # bytes: a bigger answer is refused
CHECK_LINE = re.compile(r"^\s*(?:[\w.]+\.)?(check_\w+)\(\s*(\w+)\s*\)\s*$", re.M)


class Checkers:
    """The course's checkers by name; a module is imported when one of its checkers is first asked for.

    Which module holds which ``check_*`` is read from the modules' source (every checker is a top-level
    ``def check_...``), so grading a notebook imports only its own checker modules (not, say, the plotting
    modules another notebook's checkers need: about 1 s per submission). No student code ever runs in the
    process that holds them, and the sandbox cannot write the package, so importing later is as safe as before.

    >>> checkers = Checkers()
    >>> checkers.get("check_softmax").__module__, checkers.get("check_nothing")
    ('softmaxlab.exercises.softmax', None)
    """

    DEF = re.compile(r"^def (check_\w+)\(", re.M)  # i18n: no

    def __init__(self):
        self.where, self.found = {}, {}
        for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
            if info.name.startswith("_"):
                continue
            text = (Path(__file__).parent / f"{info.name}.py").read_text(encoding="utf-8")
            for name in self.DEF.findall(text):
                if name in self.where:
                    raise RuntimeError(f"two checkers are called {name}: the grader could not tell them apart")  # i18n: no
                self.where[name] = f"{__package__}.{info.name}"

    def get(self, name):
        """The checker called `name` (a function defined in its exercises module), or None."""
        if name not in self.found and name in self.where:
            module = importlib.import_module(self.where[name])
            obj = getattr(module, name, None)
            ok = inspect.isfunction(obj) and obj.__module__ == module.__name__
            self.found[name] = obj if ok else None
        return self.found.get(name)


def limits_from_env(environ=None):
    """The grading limits: :class:`Limits` defaults, changed by ``SOFTMAXLAB_LIMITS="wall=60,cpu=30"``.

    >>> limits_from_env({"SOFTMAXLAB_LIMITS": "wall=60, processes=64"}).describe()[:30]
    '60 s wall-clock per submission'
    >>> limits_from_env({"SOFTMAXLAB_LIMITS": "walls=6"})
    Traceback (most recent call last):
    ...
    ValueError: SOFTMAXLAB_LIMITS: unknown limit 'walls' (known: wall, cpu, memory, processes, file_size, tmpfs)
    """
    text = (os.environ if environ is None else environ).get("SOFTMAXLAB_LIMITS", "")
    known = ("wall", "cpu", "memory", "processes", "file_size", "tmpfs")
    given = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _skip, value = item.partition("=")
        if name.strip() not in known:
            raise ValueError(f"SOFTMAXLAB_LIMITS: unknown limit {name.strip()!r} (known: {', '.join(known)})")  # i18n: no
        try:
            given[name.strip()] = float(value) if name.strip() == "wall" else int(value)
        except ValueError:
            raise ValueError(f"SOFTMAXLAB_LIMITS: {item!r} is not name=number") from None  # i18n: no
    return Limits(**given)


CHECKERS = Checkers() if __name__ != "__main__" else {}


# ---------------------------------------------------------------- plain data across the pipe

class Unsendable(Exception):
    pass


def encode(obj, depth=0):
    """`obj` as nested tuples of builtins only (arrays as dtype, shape and bytes); Unsendable otherwise."""
    kind = type(obj)
    if obj is None or kind in (bool, int, float, complex, str, bytes):
        return ("v", obj)
    if isinstance(obj, (np.ndarray, np.generic)):
        arr = np.asarray(obj)
        if arr.dtype.kind not in "biufcUS":
            raise Unsendable(f"an array of {arr.dtype}")  # i18n: no (a tag: Remote reads it)
        tag = "nd" if isinstance(obj, np.ndarray) else "np"
        return (tag, arr.dtype.str, arr.shape, np.ascontiguousarray(arr).tobytes())
    if kind in (list, tuple, set, frozenset) and depth < 8:
        return (kind.__name__, [encode(x, depth + 1) for x in obj])
    if kind is dict and depth < 8:
        return ("dict", [(encode(k, depth + 1), encode(v, depth + 1)) for k, v in obj.items()])
    raise Unsendable(kind.__name__)


MAX_NODES = 2_000_000  # containers and values one answer may decode to (a pickle can share one list many times)


def decode(msg, budget=None):
    """The object :func:`encode` described; ValueError past ``MAX_NODES`` items or ``MAX_MESSAGE`` bytes of arrays.

    The budget counts what is built, not what was sent: pickle's back-references let a small message name the
    same list a million times, and each would become a copy here.

    >>> answer = {"probs": np.array([0.25, 0.75], dtype=np.float32), "labels": {"A", "B"}, "pair": (1, 2.5)}
    >>> back = decode(encode(answer))
    >>> back["probs"].dtype, back["labels"] == {"A", "B"}, back["pair"]
    (dtype('float32'), True, (1, 2.5))
    >>> encode(x for x in [1])
    Traceback (most recent call last):
    ...
    softmaxlab.exercises._autograde.Unsendable: generator
    >>> shared = ("list", [("v", 1)] * 1000)
    >>> decode(("list", [shared] * 3000))
    Traceback (most recent call last):
    ...
    ValueError: an answer of more than 2000000 items is too big
    """
    budget = [MAX_NODES, MAX_MESSAGE] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError(_("an answer of more than {count} items is too big").format(count=MAX_NODES))
    tag, *rest = msg
    if tag == "v":
        return rest[0]
    if tag in ("nd", "np"):
        dtype, shape, data = np.dtype(rest[0]), tuple(int(n) for n in rest[1]), rest[2]
        if dtype.kind not in "biufcUS" or dtype.fields or dtype.subdtype:
            raise ValueError(f"not plain data: dtype {dtype}")  # i18n: no
        budget[1] -= len(data)
        if budget[1] < 0:
            raise ValueError(_("an answer of more than {count} bytes is too big").format(count=MAX_MESSAGE))
        arr = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
        return arr if tag == "nd" else arr[()]
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [decode(x, budget) for x in rest[0]]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        return {decode(k, budget): decode(v, budget) for k, v in rest[0]}
    raise ValueError(f"unknown tag {tag!r}")  # i18n: no


class _BuiltinsOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("builtins", "complex"):
            return complex
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")  # i18n: no


def send(stream, obj):
    data = pickle.dumps(obj, protocol=4)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


class OutOfTime(Exception):
    pass


def _read(stream, size, deadline):
    """`size` bytes of `stream`; with a `deadline` (time.monotonic()), OutOfTime once it has passed."""
    if deadline is None:
        return stream.read(size)
    chunks, left = [], size
    while left:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([stream], [], [], wait)[0]:
            raise OutOfTime()
        chunk = os.read(stream.fileno(), min(left, 2**20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(stream, trusted=False, deadline=None):
    head = _read(stream, 8, deadline)
    if len(head) < 8:
        raise EOFError("the worker stopped")  # i18n: no
    size = struct.unpack("<Q", head)[0]
    if size > MAX_MESSAGE:
        raise ValueError(_("an answer of {count} bytes is too big").format(count=size))
    data = _read(stream, size, deadline)
    if len(data) < size:
        raise EOFError("the worker stopped mid-answer")  # i18n: no
    return pickle.loads(data) if trusted else _BuiltinsOnly(__import__("io").BytesIO(data)).load()


# ---------------------------------------------------------------- the grader's side
class Worker:
    """A fresh Python process, in its own sandbox, that runs the student's cells once and then answers calls.

    It runs until `deadline` (time.monotonic(); default: ``limits.wall`` seconds from now), counted here; after
    that (or on any failure) the sandbox is killed and the worker is `broken`. `captured` holds the check cells
    whose function it kept, `outputs` what each ordinary cell printed ({step number: [output]}).
    """

    def __init__(self, steps, cwd, limits=None, forbid=(), deadline=None):
        self.limits = limits or Limits()
        self.deadline = time.monotonic() + self.limits.wall if deadline is None else deadline
        self.broken, self.proc = False, None
        self.box = Sandbox(self.limits, forbid=forbid, work_from=cwd)
        try:
            self.proc = self.box.popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
            send(self.proc.stdin, steps)
            kept, printed = decode(receive(self.proc.stdout, deadline=self.deadline))
            self.captured = set(kept) if isinstance(kept, list) else set()
            self.outputs = _outputs(printed, sum(step[0] == "run" for step in steps))
        except BaseException:  # too slow, or it died: no worker left behind
            self.close()
            raise

    def call(self, key, args):
        if self.broken:
            raise RuntimeError("the worker is gone")  # i18n: no
        try:
            send(self.proc.stdin, ("call", key, args))
            return decode(receive(self.proc.stdout, deadline=self.deadline))
        except BaseException:  # a time-out or an interrupt mid-call: the worker's state is unknown
            self.close()
            raise

    def close(self):
        self.broken = True
        if self.proc is not None:
            Sandbox.kill(self.proc)
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        self.box.remove()


MAX_TEXT = 20_000  # characters of a cell's printed text kept for the autograded notebook


def _outputs(printed, runs):
    """The worker's report of what its cells printed, checked: {step: [("stream", text) | ("error", name, text)]}.

    It comes from the student's process, so anything that is not that shape is dropped (it only feeds the
    outputs of ordinary cells, which carry no points).
    """
    found = {}
    if not isinstance(printed, list):
        return found
    for step, items in enumerate(printed[:runs]):
        if not isinstance(items, list):
            continue
        good = []
        for item in items[:2]:
            if isinstance(item, tuple) and len(item) == 2 and item[0] == "stream" and isinstance(item[1], str):
                good.append(("stream", item[1][:MAX_TEXT]))
            elif (isinstance(item, tuple) and len(item) == 3 and item[0] == "error"
                  and all(isinstance(x, str) for x in item[1:])):
                good.append(("error", item[1][:200], item[2][:MAX_TEXT]))
        found[step] = good
    return found


def _raised(name, message):
    known = {"NotImplementedError": NotImplementedError, "KeyboardInterrupt": KeyboardInterrupt,
             "SystemExit": SystemExit}
    return known.get(name) or type(name, (Exception,), {}), message


class Remote:
    """Stands for the student's function in the grader: calling it runs the function in the worker.

    `code` is the submission's code (its ordinary cells): the cases a check draws are seeded by it
    (:func:`._core.attempt_seed` reads this object's attributes), so other code is asked other cases, as in
    the learner's kernel, where the function's own code seeds them.
    """

    def __init__(self, worker, key, name, code=""):
        self.worker, self.key, self.__name__, self.code = worker, key, name, code

    def __call__(self, *args):
        status, *rest = self.worker.call(self.key, args)
        if status == "ok":
            result, after = rest
            for arg, new in zip(args, after):  # mirror an in-place change of an input, nested ones too
                _mirror(arg, new)
            return result
        if status == "raised":
            kind, message = _raised(*rest)
            raise kind(message)
        name, iterator = rest  # "unsendable": a stand-in with the same kind of problem
        if iterator:
            return iter(())
        if name.startswith("an array of"):  # i18n: no
            return np.array([None], dtype=object)
        return type(name, (), {})()


def _mirror(arg, new):
    """Make the grader's input `arg` what the worker's copy became (`new`): arrays in place, containers item by item."""
    if isinstance(arg, np.ndarray):
        if isinstance(new, np.ndarray) and new.shape == arg.shape:
            np.copyto(arg, new, casting="unsafe")
    elif isinstance(arg, list) and isinstance(new, list):
        if len(arg) != len(new):
            arg[:] = new
            return
        for i, (old, changed) in enumerate(zip(arg, new)):
            if isinstance(old, (np.ndarray, list, tuple, dict)):
                _mirror(old, changed)
            elif type(old) is not type(changed) or old != changed:
                arg[i] = changed
    elif isinstance(arg, tuple) and isinstance(new, tuple) and len(arg) == len(new):
        for old, changed in zip(arg, new):
            _mirror(old, changed)
    elif isinstance(arg, dict) and isinstance(new, dict):
        for key in [k for k in arg if k not in new]:
            del arg[key]
        for key, changed in new.items():
            if key in arg and isinstance(arg[key], (np.ndarray, list, tuple, dict)):
                _mirror(arg[key], changed)
            else:
                arg[key] = changed


def plan(nb):
    """The worker's steps for notebook `nb`: ("run", source) per ordinary code cell, ("keep", key, name) per check."""
    steps, checks = [], []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]  # i18n: no
        match = CHECK_LINE.findall(visible)
        if meta.get("grade") and match:
            checker, function = match[-1]
            steps.append(("keep", index, function))
            checks.append((index, checker, function))
        elif not meta.get("grade"):
            steps.append(("run", cell.source))
    return steps, checks


def grade(nb, cwd, limits=None, forbid=()):
    """Run the submission `nb` once in a sandboxed worker and judge its check cells outside it.

    Returns ``({cell index: Feedback} for every check cell, {cell index: [output]} for the ordinary code cells)``.
    The worker works on a copy of `cwd`; `forbid` lists directories it must not see (the course directory). The
    whole grading has ``limits.wall`` seconds. If the student's function ends the worker during a check (an
    ``os._exit``), that check gets 0 and a new worker (the cells run again) serves the checks after it, within
    the same wall-clock limit.
    """
    limits = limits or Limits()
    deadline = time.monotonic() + limits.wall
    steps, checks = plan(nb)
    runs = [index for index, cell in enumerate(nb.cells) if cell.cell_type == "code"
            and not cell.metadata.get("nbgrader", {}).get("grade")]
    verdicts, outputs, worker = {}, {}, None
    code = "\n".join(step[1] for step in steps if step[0] == "run")  # seeds the cases the checks draw
    try:
        for index, checker_name, function in checks:
            check = CHECKERS.get(checker_name)
            if check is None:
                verdicts[index] = Feedback(False, _("{checker} is not one of the course's checkers.").format(
                    checker=checker_name))
                continue
            if worker is not None and worker.broken:  # the last check ended it: a new one, within the same limit
                worker = None
            if worker is None:
                if time.monotonic() >= deadline:
                    raise OutOfTime()
                worker = Worker(steps, cwd, limits, forbid, deadline)
                if not outputs:
                    outputs = {runs[step]: got for step, got in worker.outputs.items() if step < len(runs)}
            if index not in worker.captured:
                verdicts[index] = Feedback(False, _("`{function}` was not defined when its check cell ran.").format(
                    function=function))
                continue
            try:
                verdict = check(Remote(worker, index, function, code))
            except OutOfTime:
                raise
            except BaseException as exc:  # a checker lets nothing through; this is the worker failing under it
                verdict = Feedback(False, _("the submission could not be graded ({error_type}: {error}).").format(
                    error_type=type(exc).__name__, error=exc))
            if worker.broken:  # it ended during the check (os._exit, a signal, a limit): no point for that check
                if time.monotonic() >= deadline:
                    raise OutOfTime()
                verdict = Feedback(False, _("the process running `{function}` stopped during its check (the function "
                                            "ended it, or it went over a limit: {limits}).").format(
                                                function=function, limits=limits.describe()))
            verdicts[index] = verdict
    except OutOfTime:
        for index, *_rest in checks:
            verdicts.setdefault(index, Feedback(False, _("the submission could not be graded within the limits "
                                                         "({limits}).").format(limits=limits.describe())))
    except BaseException as exc:  # the worker could not even start or run the cells: no points, with a reason
        for index, *_rest in checks:
            verdicts.setdefault(index, Feedback(False, _("the submission could not be graded ({error_type}: "
                                                         "{error}).").format(error_type=type(exc).__name__, error=exc)))
    finally:
        if worker is not None:
            worker.close()
    if not outputs and not checks and runs:  # nothing to judge: the cells still run once, for their outputs
        try:
            worker = Worker(steps, cwd, limits, forbid, deadline)
            outputs = {runs[step]: got for step, got in worker.outputs.items() if step < len(runs)}
        except BaseException:
            pass
        finally:
            if worker is not None:
                worker.close()
    return verdicts, outputs


def regrade(nb, cwd, limits=None, forbid=()):
    """{cell index: Feedback} for every check cell of the notebook `nb`, judged outside the process that ran it.

    The student's code runs in a sandboxed worker over a copy of `cwd`; `forbid` lists directories it must not
    see (the course directory); the whole grading has ``limits.wall`` seconds (:func:`grade`).
    """
    return grade(nb, cwd, limits, forbid)[0]


try:
    if __name__ == "__main__":  # the worker needs none of these (about 2 s of imports)
        raise ImportError
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbconvert.preprocessors import Preprocessor
    from traitlets import Bool
except ImportError:  # only nbgrader needs the preprocessor and the kernel manager
    Preprocessor, AsyncKernelManager, Bool = object, object, None


def _output(item):
    if item[0] == "stream":
        return nbformat.v4.new_output("stream", name="stdout", text=item[1])
    return nbformat.v4.new_output("error", ename=item[1], evalue="", traceback=[item[2]])


class RegradeOutsideKernel(Preprocessor):
    """nbgrader autograde step, in place of nbgrader's execution: run the submission once in a sandbox, judge outside.

    Every check cell (an autograder-tests cell) gets the verdict computed outside the student's process as its
    only output: the feedback text if the verdict is the course's ``Feedback`` with ``passed is True``, else an
    error output, so that nbgrader gives it 0. Each ordinary code cell with no outputs yet gets what it printed in
    the worker (its text; an error output if it raised).
    """

    if Bool is not None:
        enabled = Bool(True)

    def preprocess(self, nb, resources):
        cwd = resources.get("metadata", {}).get("path") or "."
        verdicts, outputs = grade(nb, cwd, limits_from_env(), forbid=[Path.cwd()])  # nbgrader runs in the course
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):  # a test cell: the verdict, nothing else
                feedback = verdicts.get(index)
                if type(feedback) is Feedback and feedback.passed is True:
                    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=repr(feedback) + "\n")]
                else:
                    text = (repr(feedback) if type(feedback) is Feedback else
                            _("no check line of the course in this cell") if feedback is None else
                            _("not a verdict: {type_name}").format(type_name=type(feedback).__name__))
                    cell.outputs = [nbformat.v4.new_output("error", ename="NotSolved", evalue=text,
                                                           traceback=[_("Graded outside the notebook's code: {text}").format(
                                                               text=text)])]
            elif not cell.outputs and index in outputs:
                cell.outputs = [_output(item) for item in outputs[index]]
            if cell.execution_count is None:
                cell.execution_count = count
        return nb, resources


class SandboxedKernelManager(AsyncKernelManager):
    """A Jupyter kernel manager whose kernel runs in a :class:`Sandbox` (nbgrader's ``Execute.kernel_manager_class``).

    The kernel gets a copy of the notebook's folder as its working directory and reaches the grader only
    through Unix sockets (the ``ipc`` transport) in the sandbox's shared directory; everything else is the
    sandbox's. Killing the kernel kills its whole sandbox.
    """

    box = None

    def _prepare(self, cwd):
        if self.box is None:
            self.box = Sandbox(limits_from_env(), forbid=[Path.cwd()], work_from=cwd)
            self.transport, self.cache_ports = "ipc", False
            self.ip = str(self.box.shared / "k")
            self.connection_file = str(self.box.shared / "kernel.json")

    async def _async_pre_start_kernel(self, **kw):
        self._prepare(kw.get("cwd") or os.getcwd())
        if os.geteuid() == 0:  # the sandbox's user must create its sockets there
            os.chown(self.box.shared, self.box.uid, self.box.uid)
        return await super()._async_pre_start_kernel(**kw)

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        os.chmod(self.connection_file, 0o644)  # the sandbox's user reads it (it is its own kernel's key)

    def format_kernel_cmd(self, extra_arguments=None):
        # no parent polling: the grader's process is not in the sandbox's PID namespace (bwrap's
        # --die-with-parent ends the kernel with the grader instead)
        return self.box.command(super().format_kernel_cmd(extra_arguments) + ["--IPKernelApp.parent_handle=0"])

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw.update(env=self.box.env(), cwd=str(self.box.dir))
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self.box is not None:
            self.box.remove()
            self.box = None


# ---------------------------------------------------------------- the worker's side (untrusted)

def _printed(stream):
    text = stream.getvalue()
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "\n" + _("... {count} more characters").format(
        count=len(text) - MAX_TEXT)


def _work(inbox, outbox):
    import contextlib
    import io

    from IPython.core.interactiveshell import InteractiveShell

    class Shell(InteractiveShell):  # runs cells as a kernel would (magics too), with no GUI event loop
        def enable_gui(self, gui=None):
            pass

        def enable_matplotlib(self, gui=None):  # `%matplotlib inline`: figures are not drawn for grading
            return None, None

    steps = receive(inbox, trusted=True)
    shell = Shell.instance()
    for kind, formatter in shell.display_formatter.formatters.items():
        formatter.enabled = kind == "text/plain"  # a displayed figure or widget is not rendered (no PNG, no HTML)
    try:
        shell.colors = "nocolor"
    except Exception:
        pass
    kept, printed = {}, []
    for step in steps:
        if step[0] == "run":
            out = io.StringIO()
            error = None
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                    with _core.time_limit(CELL_TIMEOUT):  # a cell that never ends costs one cell, not the grade
                        result = shell.run_cell(step[1], store_history=False)
                failed = result.error_before_exec or result.error_in_exec
                if failed is not None:
                    error = ("error", type(failed).__name__, str(failed)[:500])
            except BaseException as exc:
                error = ("error", type(exc).__name__, str(exc)[:500])
            try:
                text = _printed(out)
                printed.append(([("stream", text)] if text else []) + ([error] if error else []))
            except BaseException:
                printed.append([])
        elif step[1] not in kept and callable(shell.user_ns.get(step[2])):
            kept[step[1]] = shell.user_ns[step[2]]
    send(outbox, encode((list(kept), printed)))
    while True:
        _skip, key, args = receive(inbox, trusted=True)
        try:
            result = kept[key](*args)
            reply = ("ok", result, list(args))  # the inputs as the call left them (an in-place change shows)
            try:
                send(outbox, encode(reply))
            except Unsendable as why:
                send(outbox, encode(("unsendable", str(why), hasattr(result, "__next__"))))
        except BaseException as exc:
            send(outbox, encode(("raised", type(exc).__name__, str(exc)[:500])))


if __name__ == "__main__":
    # keep the pipes to the grader on private descriptors; the student's printing goes nowhere
    inbox, outbox = os.fdopen(os.dup(0), "rb"), os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    _work(inbox, outbox)
