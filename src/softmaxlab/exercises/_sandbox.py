"""The guard rails around a learner's function (a time limit, captured printing, a known global state), and the
sandbox that graded code runs in.

The guard rails are used by :mod:`softmaxlab.exercises._core`; nothing here is needed to write a checker.
They live in the learner's own process, so they serve practice, not marks. For marks,
:class:`Sandbox` (bubblewrap) and :class:`Limits` wrap the processes that run a submission's code
(:mod:`softmaxlab.exercises._autograde`, ``tools/grade_class.py``; docs/teaching.md, section 6).

- :class:`time_limit` raises :class:`TimeUp` in the main thread after `seconds`, through SIGALRM
  (``signal.setitimer``). Jupyter runs cells in the main thread on Linux and macOS, so the limit works
  there; on Windows, or in another thread, there is no SIGALRM and no limit. Code stuck inside one
  long C call (a huge NumPy operation) is stopped only when that call returns.
- :class:`Printed` keeps the first lines a learner's function prints and counts the rest.
- :func:`known_state` sets NumPy's error state and the warnings filters to known values, and puts back
  whatever the learner had (or changed meanwhile) on the way out.
"""
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import numpy as np

from ..i18n import _, ngettext


class TimeUp(BaseException):
    """Raised by the alarm of a :class:`time_limit` (a BaseException, so `except Exception` cannot swallow it)."""


def alarm_available():
    """True where SIGALRM can stop a runaway function: Unix, main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class time_limit:
    """Context manager: raise :class:`TimeUp` if the block runs longer than `seconds`.

    It nests: an inner limit puts back the outer one's handler and remaining time when it ends.
    After the first alarm it repeats every 50 ms, so a learner's bare ``except:`` cannot swallow it for long.

    >>> import time
    >>> try:
    ...     with time_limit(0.05):
    ...         time.sleep(2)
    ... except TimeUp:
    ...     print("stopped")
    stopped
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.armed = self.rang = False  # `rang` stays true even if the learner's code swallowed the TimeUp

    def _ring(self, signum, frame):
        if self.armed:
            self.rang = True
            raise TimeUp(self)

    def __enter__(self):
        self.active = alarm_available() and self.seconds is not None
        if self.active:
            self.started = time.monotonic()
            self.old_handler = signal.signal(signal.SIGALRM, self._ring)
            self.old_delay, self.old_interval = signal.setitimer(signal.ITIMER_REAL, max(self.seconds, 1e-3), 0.05)
            self.armed = True
        return self

    def __exit__(self, *exc):
        if not self.active:
            return False
        try:
            self.armed = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old_handler)
            if self.old_delay:  # an outer limit (or the learner's own timer) was running: give it its remaining time
                left = self.old_delay - (time.monotonic() - self.started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), self.old_interval)
        return False


class Printed:
    """A stand-in for stdout/stderr that keeps the first `keep` lines (each cut to `width` characters)."""

    def __init__(self, keep, width=200):
        self.keep, self.width = keep, width
        self.lines, self.partial, self.extra = [], "", 0

    def write(self, text):
        text, pos = str(text), 0
        while len(self.lines) < self.keep:  # slice out the few lines kept; copy nothing else
            end = text.find("\n", pos)
            if end < 0:
                self.partial = (self.partial + text[pos:pos + self.width + 1])[: self.width + 1]
                return len(text)
            line = self.partial + text[pos:min(end, pos + self.width + 1)]
            self.lines.append(line[: self.width] + (" ..." if len(line) > self.width else ""))
            self.partial, pos = "", end + 1
        self.extra += text.count("\n", pos)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def report(self):
        """The text shown after the check, or "" when nothing was printed."""
        lines = self.lines + ([self.partial] if self.partial and len(self.lines) < self.keep else [])
        extra = self.extra + (1 if self.partial and len(self.lines) >= self.keep else 0)
        if not lines:
            return ""
        text = _("Your function printed:") + "\n" + "\n".join(lines)
        return text + ("\n" + ngettext("... {count} more line", "... {count} more lines", extra).format(count=extra)
                       if extra else "")

    @contextlib.contextmanager
    def capture(self):
        with contextlib.redirect_stdout(self), contextlib.redirect_stderr(self):
            yield


@contextlib.contextmanager
def known_state():
    """Run the block with NumPy floating-point errors and Python warnings ignored; restore the caller's state after.

    Whatever the block does to ``np.seterr`` or ``warnings.simplefilter`` is undone, and a learner's
    ``np.seterr(all="raise")`` made before does not reach the block.

    >>> old = np.seterr(all="raise")
    >>> with known_state():
    ...     _ = np.exp(np.array([1000.0]))   # no FloatingPointError here
    ...     _ = np.seterr(all="warn")        # changed inside ...
    >>> np.geterr()["over"]                  # ... and put back
    'raise'
    >>> _ = np.seterr(**old)
    """
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# ---------------------------------------------------------------- the grading sandbox (issue 27)
#
# The guard rails above live in the learner's own process. For marks, the learner's code (nbgrader's kernel
# and the worker of `_autograde`) runs in a bubblewrap sandbox instead: its own PID, network, IPC and mount
# namespaces, a read-only view of the system, the Python installation and this package only, a small tmpfs
# home and /tmp, resource limits set before it starts, and a wall-clock limit kept by the grading process.

SANDBOX_HOME = "/home/student"
SANDBOX_WORK = SANDBOX_HOME + "/work"
_ETC = ("passwd", "group", "hosts", "nsswitch.conf", "ld.so.cache", "localtime", "fonts", "alternatives",
        "mime.types")


class Limits:
    """What one graded submission may use. The wall clock is kept by the grader; the rest are rlimits.

    Parameters
    ----------
    wall : float
        Seconds for the whole submission (its kernel run and its re-grading), after which the grader kills
        the sandbox.
    cpu : int
        Seconds of CPU time per process (``RLIMIT_CPU``).
    memory : int
        Bytes of address space per process (``RLIMIT_AS``).
    processes : int
        Processes and threads the sandbox's user may have at once (``RLIMIT_NPROC``).
    file_size : int
        Bytes of the largest file it may write (``RLIMIT_FSIZE``).
    tmpfs : int
        Bytes of its home and of its /tmp, each.

    Examples
    --------
    >>> print(Limits(wall=60).describe())
    60 s wall-clock per submission, 120 s CPU per process, 4 GiB of memory per process, 128 processes, files up to 64 MiB
    """

    def __init__(self, wall=300.0, cpu=120, memory=4 * 2**30, processes=128, file_size=64 * 2**20,
                 tmpfs=256 * 2**20):
        for name, value in dict(wall=wall, cpu=cpu, memory=memory, processes=processes, file_size=file_size,
                                tmpfs=tmpfs).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"Limits: {name} must be a positive number, got {value!r}")  # i18n: no
        self.wall, self.cpu, self.memory, self.processes = float(wall), int(cpu), int(memory), int(processes)
        self.file_size, self.tmpfs = int(file_size), int(tmpfs)

    def describe(self):
        """The limits in words, as the instructor's guide and the student's message give them."""
        return _("{wall:g} s wall-clock per submission, {cpu} s CPU per process, {memory} of memory per process, "
                 "{processes} processes, files up to {file_size}").format(
                     wall=self.wall, cpu=self.cpu, memory=_size(self.memory), processes=self.processes,
                     file_size=_size(self.file_size))

    def __repr__(self):
        return f"Limits({self.describe()})"


def _size(n):
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale and n % scale == 0:
            return f"{n // scale} {unit}"
    return _("{count} bytes").format(count=n)


def sandbox_available():
    """None if submissions can be sandboxed here, else the reason in words (what is missing)."""
    missing = [tool for tool in ("bwrap", "prlimit") + (("setpriv",) if os.geteuid() == 0 else ())
               if shutil.which(tool) is None]
    if missing:
        return (f"{', '.join(missing)} not found: install bubblewrap and util-linux "  # i18n: no
                "(Debian: apt-get install -y bubblewrap util-linux)")  # i18n: no
    return None


def _contains(outer, inner):
    outer, inner = Path(outer).resolve(), Path(inner).resolve()
    return inner == outer or outer in inner.parents


def _check_size(folder, most):
    total, count = 0, 0
    for where, _skip, files in os.walk(folder):
        for name in files:
            count += 1
            try:
                total += os.lstat(os.path.join(where, name)).st_size
            except OSError:
                pass
            if total > most or count > 10_000:
                raise ValueError(f"{folder} holds more than {_size(most)} or 10000 files: not a submission folder")  # i18n: no


def python_binds():
    """Directories the sandboxed Python needs, read-only: its installation, its venv and this package's parent."""
    import softmaxlab
    package_parent = Path(softmaxlab.__file__).resolve().parents[1]
    found = []
    for path in (sys.base_prefix, sys.prefix, sys.exec_prefix, package_parent):
        path = Path(path).resolve()
        if path.is_dir() and not any(_contains(p, path) for p in found):
            found = [p for p in found if not _contains(path, p)] + [path]
    return found, package_parent


class Sandbox:
    """A throw-away directory and the command that runs a program in a bubblewrap sandbox over it.

    The program sees: the system's /usr (read-only), a few files of /etc, the Python installation, venv and
    this package read-only, a copy of `work_from` (if given) as its writable working directory
    ``/home/student/work``, a tmpfs home and /tmp, and `shared` (a directory made here, writable, at the same
    path inside and out: nbgrader's kernel puts its sockets there). Nothing else of the grading machine: not
    the course directory, the gradebook, other submissions, or the network; it has its own PID namespace, so
    it cannot see or signal the grader. Run as root, it also runs as its own user (``uid``), so that the
    process limit counts only its processes.

    Parameters
    ----------
    limits : Limits
    forbid : sequence of path-like
        Directories that must not be visible (the course directory): a read-only bind that would contain
        one of them is refused with ValueError.
    work_from : path-like, optional
        A directory whose files are copied into the sandbox's working directory.
    uid : int, optional
        The user the sandbox runs as when the grader is root (default: 100000 + this process's id).
    """

    def __init__(self, limits=None, forbid=(), work_from=None, uid=None):
        reason = sandbox_available()
        if reason:
            raise RuntimeError(f"cannot grade in a sandbox: {reason}")  # i18n: no
        self.limits = limits or Limits()
        self.root = os.geteuid() == 0
        self.uid = (100000 + os.getpid()) if uid is None else int(uid)
        self.binds, self.package_parent = python_binds()
        for path in self.binds:
            for secret in forbid:
                if _contains(path, secret):
                    raise ValueError(f"the sandbox would see {secret} through {path}: install the package and "  # i18n: no
                                     "its Python outside the course directory")  # i18n: no
        if self.root:  # the sandbox's own user reads them: each must be open to others (bwrap keeps its mode)
            closed = [str(p) for p in self.binds if p.stat().st_mode & 0o005 != 0o005]
            if closed:
                raise ValueError(f"the sandbox's user cannot read {', '.join(closed)}: chmod o+rx them")  # i18n: no
        self.dir = Path(tempfile.mkdtemp(prefix="slab-"))
        self.work, self.shared = self.dir / "work", self.dir / "shared"
        if work_from is not None:
            _check_size(work_from, self.limits.tmpfs)
            shutil.copytree(work_from, self.work, symlinks=True)
        else:
            self.work.mkdir()
        self.shared.mkdir()
        if self.root:
            os.chmod(self.dir, 0o711)
            for folder, _skip, files in os.walk(self.dir):
                for name in [folder, *(os.path.join(folder, f) for f in files)]:
                    os.lchown(name, self.uid, self.uid)
            os.chown(self.dir, 0, 0)

    def env(self):
        """The environment of the sandboxed program: nothing of the grader's."""
        return {"HOME": SANDBOX_HOME, "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
                "PYTHONPATH": str(self.package_parent), "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
                "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "LANG": "C.UTF-8",
                "TMPDIR": "/tmp", "USER": "student"}

    def _nproc(self):
        if self.root:
            return self.limits.processes
        mine = 0  # the limit counts every process of this user: leave room for those already running
        for task in Path("/proc").glob("[0-9]*/task/*"):
            try:
                mine += task.stat().st_uid == os.geteuid()
            except OSError:
                pass
        return mine + self.limits.processes

    def command(self, argv):
        """`argv` wrapped: rlimits (prlimit), then bubblewrap, then (as root) the switch to the sandbox's user."""
        lim = self.limits
        cmd = ["prlimit", f"--cpu={lim.cpu}", f"--as={lim.memory}", f"--nproc={self._nproc()}",
               f"--fsize={lim.file_size}", "--core=0", "--", "bwrap"]
        if self.root:  # no user namespace, so that the switch below gives a real user the limits count
            cmd += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                    "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        else:
            cmd += ["--unshare-all"]
        cmd += ["--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]
        for name in ("bin", "lib", "lib32", "lib64", "sbin"):
            top = Path("/") / name
            if top.is_symlink():
                cmd += ["--symlink", os.readlink(top), str(top)]
            elif top.is_dir():
                cmd += ["--ro-bind", str(top), str(top)]
        for name in _ETC:
            cmd += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        cmd += ["--proc", "/proc", "--dev", "/dev"]
        for where in ("/tmp", SANDBOX_HOME):
            cmd += ["--perms", "1777", "--size", str(lim.tmpfs), "--tmpfs", where]
        made = {Path("/"), Path("/tmp"), Path(SANDBOX_HOME)}
        for path in [*self.binds, self.shared]:  # parents readable by the sandbox's user (bwrap makes them 0700)
            for parent in reversed(path.parents):
                if parent not in made and not any(_contains(p, parent) for p in (Path("/usr"), *self.binds)):
                    cmd += ["--perms", "0755", "--dir", str(parent)]
                    made.add(parent)
        for path in self.binds:
            cmd += ["--ro-bind", str(path), str(path)]
        cmd += ["--bind", str(self.work), SANDBOX_WORK, "--bind", str(self.shared), str(self.shared),
                "--chdir", SANDBOX_WORK]
        if self.root:
            cmd += ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
        return cmd + list(argv)

    def popen(self, argv, **kwargs):
        """Start `argv` in the sandbox, in a new session (so :meth:`kill` reaches every process of it)."""
        return subprocess.Popen(self.command(argv), env=self.env(), start_new_session=True, **kwargs)

    @staticmethod
    def kill(proc):
        """Kill `proc` (started by :meth:`popen`) and its whole sandbox, and reap it."""
        for kill in (lambda: os.killpg(proc.pid, signal.SIGKILL), proc.kill):
            try:
                kill()
            except (ProcessLookupError, PermissionError):
                pass
        proc.wait()

    def remove(self):
        """Delete the sandbox's directory (its working copy and shared files)."""
        shutil.rmtree(self.dir, ignore_errors=True)
