"""The guard rails around a learner's function: a time limit, captured printing, and a known global state.

Used by :mod:`softmaxlab.exercises._core`; nothing here is needed to write a checker.

- :class:`time_limit` raises :class:`TimeUp` in the main thread after `seconds`, through SIGALRM
  (``signal.setitimer``). Jupyter runs cells in the main thread on Linux and macOS, so the limit works
  there; on Windows, or in another thread, there is no SIGALRM and no limit. Code stuck inside one
  long C call (a huge NumPy operation) is stopped only when that call returns.
- :class:`Printed` keeps the first lines a learner's function prints and counts the rest.
- :func:`known_state` sets NumPy's error state and the warnings filters to known values, and puts back
  whatever the learner had (or changed meanwhile) on the way out.
"""
import contextlib
import signal
import threading
import time
import warnings

import numpy as np


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
        text = "Your function printed:\n" + "\n".join(lines)
        return text + (f"\n... {extra} more line{'s' * (extra != 1)}" if extra else "")

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
