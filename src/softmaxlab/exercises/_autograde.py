"""Summative grading that the student's kernel cannot fake: every checker re-run outside it, on pristine code.

nbgrader runs a submitted notebook in one kernel and gives a test cell its points when the cell raises
nothing, so a line such as ``Feedback.__bool__ = lambda self: True`` in an answer cell, or a cell that
redefines the checkers, would earn the points. This module adds one step to ``nbgrader autograde``
(:class:`RegradeOutsideKernel`, an nbconvert preprocessor that ``tools/make_student.py --nbgrader`` puts in
the course's ``nbgrader_config.py``), after nbgrader has executed the notebook and before it records the grades:

1. The checkers run in the nbgrader process itself, imported when nbgrader read its configuration, that is
   before any student code ran. No student code ever runs in this process.
2. The student's code runs in a fresh worker process (``python -m softmaxlab.exercises._autograde``): every
   code cell except the check cells, in order; at each check cell the worker keeps the function the check
   names, as it stood there. The checker calls that function through a pipe: arguments go in; only plain
   data (numbers, strings, NumPy arrays of numbers, lists, tuples, sets, dicts) comes back, decoded without
   unpickling anything the worker could choose. Whatever the student's code patches (checkers, Feedback,
   NumPy) it patches in the worker, where nothing is judged.
3. A check cell whose verdict is not ``Feedback`` with ``passed is True`` gets an error output, so nbgrader
   gives it 0. An honest solution keeps its points (the in-kernel hidden test must pass too).
4. If the course package's files change on disk while a submission is graded, that submission gets 0
   everywhere and the files are written back (they were read when this module was imported).

What this does not resist: the student's code runs on the grading machine with the grader's rights (in
nbgrader's kernel and in the worker), so it could rewrite the gradebook, nbgrader's code or this module for
the next run. Grade in a throw-away container or as a user who cannot write the course files.
"""
import importlib
import inspect
import os
import pickle
import pkgutil
import re
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np

from . import _core
from ._core import Feedback

SETUP_TIMEOUT = 900.0  # seconds the worker may take to run the submitted notebook's cells
CELL_TIMEOUT = 60.0  # seconds for one of those cells (nbgrader's own limit is 30 s per cell)
MAX_MESSAGE = 200 * 2**20  # bytes: a bigger answer is refused
CHECK_LINE = re.compile(r"^\s*(?:[\w.]+\.)?(check_\w+)\(\s*(\w+)\s*\)\s*$", re.M)
PACKAGE = Path(__file__).resolve().parents[1]


def _all_checkers():
    """{name: checker} over every exercises module, imported now (before any student code can run)."""
    found = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("check_") and obj.__module__ == module.__name__:
                if name in found:
                    raise RuntimeError(f"two checkers are called {name}: the grader could not tell them apart")
                found[name] = obj
    return found


def _source_files():
    return {p: p.read_bytes() for p in sorted(PACKAGE.rglob("*.py"))}


CHECKERS = _all_checkers() if __name__ != "__main__" else {}
PRISTINE = _source_files() if __name__ != "__main__" else {}


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
            raise Unsendable(f"an array of {arr.dtype}")
        tag = "nd" if isinstance(obj, np.ndarray) else "np"
        return (tag, arr.dtype.str, arr.shape, np.ascontiguousarray(arr).tobytes())
    if kind in (list, tuple, set, frozenset) and depth < 8:
        return (kind.__name__, [encode(x, depth + 1) for x in obj])
    if kind is dict and depth < 8:
        return ("dict", [(encode(k, depth + 1), encode(v, depth + 1)) for k, v in obj.items()])
    raise Unsendable(kind.__name__)


def decode(msg):
    """The object :func:`encode` described.

    >>> answer = {"probs": np.array([0.25, 0.75], dtype=np.float32), "labels": {"A", "B"}, "pair": (1, 2.5)}
    >>> back = decode(encode(answer))
    >>> back["probs"].dtype, back["labels"] == {"A", "B"}, back["pair"]
    (dtype('float32'), True, (1, 2.5))
    >>> encode(x for x in [1])
    Traceback (most recent call last):
    ...
    softmaxlab.exercises._autograde.Unsendable: generator
    """
    tag, *rest = msg
    if tag == "v":
        return rest[0]
    if tag in ("nd", "np"):
        dtype, shape, data = np.dtype(rest[0]), tuple(int(n) for n in rest[1]), rest[2]
        if dtype.kind not in "biufcUS" or dtype.fields or dtype.subdtype:
            raise ValueError(f"not plain data: dtype {dtype}")
        arr = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
        return arr if tag == "nd" else arr[()]
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [decode(x) for x in rest[0]]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        return {decode(k): decode(v) for k, v in rest[0]}
    raise ValueError(f"unknown tag {tag!r}")


class _BuiltinsOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("builtins", "complex"):
            return complex
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def send(stream, obj):
    data = pickle.dumps(obj, protocol=4)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def receive(stream, trusted=False):
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("the worker stopped")
    size = struct.unpack("<Q", head)[0]
    if size > MAX_MESSAGE:
        raise ValueError(f"an answer of {size} bytes is too big")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the worker stopped mid-answer")
    return pickle.loads(data) if trusted else _BuiltinsOnly(__import__("io").BytesIO(data)).load()


# ---------------------------------------------------------------- the grader's side

class Worker:
    """A fresh Python process that runs the student's cells and then answers calls to their functions."""

    def __init__(self, steps, cwd):
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
        self.proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        self.broken = False
        try:
            send(self.proc.stdin, steps)
            with _core.time_limit(SETUP_TIMEOUT):
                self.captured = set(decode(receive(self.proc.stdout)))
        except BaseException:  # too slow, or it died: no worker left behind
            self.close()
            raise

    def call(self, key, args):
        if self.broken:
            raise RuntimeError("the worker is gone")
        try:
            send(self.proc.stdin, ("call", key, args))
            return decode(receive(self.proc.stdout))
        except BaseException:  # a time-out or an interrupt mid-call: the worker's state is unknown
            self.close()
            raise

    def close(self):
        self.broken = True
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def _raised(name, message):
    known = {"NotImplementedError": NotImplementedError, "KeyboardInterrupt": KeyboardInterrupt,
             "SystemExit": SystemExit}
    return known.get(name) or type(name, (Exception,), {}), message


class Remote:
    """Stands for the student's function in the grader: calling it runs the function in the worker."""

    def __init__(self, worker, key, name):
        self.worker, self.key, self.__name__ = worker, key, name

    def __call__(self, *args):
        status, *rest = self.worker.call(self.key, args)
        if status == "ok":
            result, after = rest
            for arg, new in zip(args, after):  # mirror an in-place change of an input array
                if isinstance(arg, np.ndarray) and isinstance(new, np.ndarray) and new.shape == arg.shape:
                    np.copyto(arg, new, casting="unsafe")
            return result
        if status == "raised":
            kind, message = _raised(*rest)
            raise kind(message)
        name, iterator = rest  # "unsendable": a stand-in with the same kind of problem
        if iterator:
            return iter(())
        if name.startswith("an array of"):
            return np.array([None], dtype=object)
        return type(name, (), {})()


def plan(nb):
    """The worker's steps for notebook `nb`: ("run", source) per ordinary code cell, ("keep", key, name) per check."""
    steps, checks = [], []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        match = CHECK_LINE.findall(visible)
        if meta.get("grade") and match:
            checker, function = match[-1]
            steps.append(("keep", index, function))
            checks.append((index, checker, function))
        elif not meta.get("grade"):
            steps.append(("run", cell.source))
    return steps, checks


def regrade(nb, cwd):
    """{cell index: Feedback} for every check cell of the executed notebook `nb`, judged outside its kernel."""
    steps, checks = plan(nb)
    verdicts, worker = {}, None
    try:
        for index, checker_name, function in checks:
            check = CHECKERS.get(checker_name)
            if check is None:
                verdicts[index] = Feedback(False, f"{checker_name} is not one of the course's checkers.")
                continue
            if worker is None or worker.broken:
                worker = Worker(steps, cwd)
            if index not in worker.captured:
                verdicts[index] = Feedback(False, f"`{function}` was not defined when its check cell ran.")
                continue
            verdicts[index] = check(Remote(worker, index, function))
    except BaseException as exc:  # the worker could not even start or run the cells: no points, with a reason
        for index, *_ in checks:
            verdicts.setdefault(index, Feedback(False, f"the submission could not be graded ({type(exc).__name__}: "
                                                       f"{exc})."))
    finally:
        if worker is not None:
            worker.close()
    return verdicts


def _restore_tampered():
    changed = [p for p, data in PRISTINE.items() if not p.exists() or p.read_bytes() != data]
    for path in changed:
        path.write_bytes(PRISTINE[path])
    return changed


try:
    import nbformat
    from nbconvert.preprocessors import Preprocessor
    from traitlets import Bool
except ImportError:  # only nbgrader needs the preprocessor
    Preprocessor, Bool = object, None


class RegradeOutsideKernel(Preprocessor):
    """nbgrader autograde step: a check cell keeps its points only if the checker, re-run outside the kernel, passes."""

    if Bool is not None:
        enabled = Bool(True)

    def preprocess(self, nb, resources):
        cwd = resources.get("metadata", {}).get("path") or "."
        verdicts = regrade(nb, cwd)
        tampered = _restore_tampered()
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("grade"):
                continue
            feedback = verdicts.get(index)
            if tampered:
                feedback = Feedback(False, "the course package's files changed on disk while this notebook ran "
                                           f"({', '.join(p.name for p in tampered)}); they were put back.")
            if feedback is None or (type(feedback) is Feedback and feedback.passed is True):
                continue
            text = repr(feedback) if type(feedback) is Feedback else f"not a verdict: {type(feedback).__name__}"
            # first: nbgrader reads a cell's outputs in order and stops at an error or at a displayed number
            cell.outputs.insert(0, nbformat.v4.new_output("error", ename="NotSolved", evalue=text,
                                                          traceback=[f"Graded outside the notebook's kernel: {text}"]))
        return nb, resources


# ---------------------------------------------------------------- the worker's side (untrusted)

def _work(inbox, outbox):
    from IPython.core.interactiveshell import InteractiveShell

    class Shell(InteractiveShell):  # runs cells as a kernel would (magics too), with no GUI event loop
        def enable_gui(self, gui=None):
            pass

    steps = receive(inbox, trusted=True)
    shell = Shell.instance()
    kept = {}
    for step in steps:
        if step[0] == "run":
            try:
                with _core.time_limit(CELL_TIMEOUT):  # a cell that never ends costs one cell, not the grade
                    shell.run_cell(step[1], store_history=False)
            except BaseException:
                pass
        elif step[1] not in kept and callable(shell.user_ns.get(step[2])):
            kept[step[1]] = shell.user_ns[step[2]]
    send(outbox, encode(list(kept)))
    while True:
        _, key, args = receive(inbox, trusted=True)
        try:
            result = kept[key](*args)
            reply = ("ok", result, [a if isinstance(a, np.ndarray) else None for a in args])
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
