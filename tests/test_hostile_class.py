"""A hostile class against every catalogued checker (issue 14): hangs, floods, interrupts, global state, types, constants.

Each hostile attempt is derived from the first `Right` attempt of the checker's misconception catalogue
(tests/misconceptions/nbNN.py). A checker without a catalogue is not tested here (tests/test_misconceptions.py
demands one for every checker); each test loops over all catalogued checkers and lists every one that fails.
The time limits are lowered (CALL_TIMEOUT) so the whole file runs in seconds.
"""
import copy
import os
import re
import signal
import sys
import time
import warnings

import numpy as np
import pytest

from misconceptions import Right, load_catalogues
from softmaxlab.exercises import _core
from softmaxlab.exercises._core import Feedback, call, checker, expect_close, solved


def _catalogued():
    """(checker, first right attempt) for every catalogued checker."""
    found = []
    for check, (_, attempts) in load_catalogues().items():
        right = next((a.attempt for a in attempts if isinstance(a, Right)), None)
        assert right is not None, f"{check.__name__}: its catalogue has no Right attempt"
        found.append((check, right))
    return found


CHECKERS = _catalogued()
NUMPY_WORDS = ("Traceback", "UFuncTypeError", "ufunc", "dtype('<U", "numpy.core", "numpy._core")


def _verdict(check, attempt, capsys=None):
    feedback = check(attempt)
    assert type(feedback) is Feedback, f"{check.__name__} returned {type(feedback).__name__}"
    text = repr(feedback)
    assert not any(w in text for w in NUMPY_WORDS), f"{check.__name__}: not in words: {text}"
    return feedback.passed, text


def _survey(judge):
    """Run `judge(check, right)` for every catalogued checker; fail listing every checker it complains about."""
    assert CHECKERS, "no misconception catalogue found in tests/misconceptions/"
    complaints = []
    for check, right in CHECKERS:
        problem = judge(check, right)
        if problem:
            complaints.append(f"{check.__module__}.{check.__name__}: {problem}")
    assert not complaints, "\n".join(complaints)


def _leaves(result, change):
    """Apply `change` to every number or array inside `result` (which may be a tuple, list or dict of them)."""
    if isinstance(result, dict):
        return {key: _leaves(value, change) for key, value in result.items()}
    if isinstance(result, str):  # a word that is part of the answer (such as "error" for a shape that fails)
        return result
    if isinstance(result, (tuple, list)) and any(isinstance(r, (tuple, list, np.ndarray)) for r in result):
        return type(result)(_leaves(r, change) for r in result)
    if isinstance(result, tuple) and len(result) > 1:  # a pair of numbers such as (j, delta)
        return tuple(_leaves(r, change) for r in result)
    return change(result)


def _derived(right, change):
    def attempt(*args):
        return _leaves(right(*args), change)
    return attempt


def _rejected(check, attempt, *must_say):
    passed, text = _verdict(check, attempt)
    if passed:
        return f"accepted: {text}"
    if not text.startswith("Not yet"):
        return f"not a 'Not yet': {text}"
    missing = [w for w in must_say if w not in text]
    return f"the message lacks {missing}: {text}" if missing else None


@pytest.fixture
def quick(monkeypatch):
    """Time limits low enough that a hung attempt costs a fraction of a second."""
    monkeypatch.setattr(_core, "CALL_TIMEOUT", 0.25)
    monkeypatch.setattr(_core, "CHECK_BUDGET", 3.0)


def test_an_endless_loop_is_stopped_with_words(quick):
    def attempt_for(right):
        def loops(*args):
            stop = time.monotonic() + 20  # "endless" for the check: if the limit failed, the right answer comes back
            while time.monotonic() < stop:
                pass
            return right(*args)
        return loops
    _survey(lambda check, right: _rejected(check, attempt_for(right), "did not finish within"))


def test_a_slow_attempt_is_stopped_with_words(quick):
    def attempt_for(right):
        def sleeps(*args):
            time.sleep(3)
            return right(*args)
        return sleeps
    _survey(lambda check, right: _rejected(check, attempt_for(right), "did not finish within"))


def test_printing_100000_lines_is_cut(capsys):
    def attempt_for(right):
        def floods(*args):
            print("x\n" * 99_999 + "x")  # 100,000 lines in one print: fast, and only 200 kB
            return right(*args)
        return floods

    def judge(check, right):
        capsys.readouterr()
        passed, text = _verdict(check, attempt_for(right))
        shown = capsys.readouterr().out.splitlines()
        if not passed:
            return f"a right answer that prints was refused: {text}"
        if len(shown) > _core.PRINT_LINES + 2 or not shown or "more lines" not in shown[-1]:
            return f"{len(shown)} lines shown, ending {shown[-1:]}"
    _survey(judge)


def test_keyboard_interrupt_and_system_exit_become_words():
    def raising(exc):
        def attempt(*args):
            raise exc
        return attempt
    _survey(lambda check, right: _rejected(check, raising(KeyboardInterrupt()), "interrupted"))
    _survey(lambda check, right: _rejected(check, raising(SystemExit(1)), "exit()"))


def test_a_real_interrupt_signal_during_a_call_becomes_words():
    def interrupted(x):
        os.kill(os.getpid(), signal.SIGINT)  # what Kernel > Interrupt sends
        time.sleep(2)
        return 2 * x
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    text = repr(check_double(interrupted))
    assert text.startswith("Not yet") and "interrupted" in text, text


def test_the_learners_seterr_raise_does_not_fail_a_right_answer():
    old = np.seterr(all="raise")
    try:
        def judge(check, right):
            passed, text = _verdict(check, right)
            if np.geterr() != {"divide": "raise", "over": "raise", "under": "raise", "invalid": "raise"}:
                return f"the learner's error state was not put back: {np.geterr()}"
            return None if passed else f"refused under np.seterr(all='raise'): {text}"
        _survey(judge)
    finally:
        np.seterr(**old)


def test_warnings_made_errors_inside_an_attempt_do_not_leak():
    def attempt_for(right):
        def strict(*args):
            warnings.simplefilter("error")
            result = right(*args)
            np.seterr(all="raise")  # after the work: set inside the learner's own code, it would stop that code
            return result
        return strict

    def judge(check, right):
        filters, state = list(warnings.filters), np.geterr()
        passed, text = _verdict(check, attempt_for(right))
        if warnings.filters != filters or np.geterr() != state:
            return "the attempt's warnings filter or error state leaked out of the check"
        return None if passed else f"refused: {text}"
    _survey(judge)


@pytest.mark.parametrize("name, change", [
    ("complex", lambda r: np.asarray(r) + 5j),
    ("string", lambda r: str(np.asarray(r).tolist())),
    ("generator", lambda r: (x for x in np.ravel(r))),
    ("bools", lambda r: np.asarray(r) > np.median(np.asarray(r, dtype=float))),
])
def test_answers_that_are_not_real_numbers_are_refused_in_words(name, change):
    _survey(lambda check, right: _rejected(check, _derived(right, change)))


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_a_right_answer_in_low_precision_is_accepted_or_told_the_dtype(dtype):
    def low(r):
        if isinstance(r, (float, np.floating)):
            return dtype(r)
        if isinstance(r, (list, np.ndarray)) and np.asarray(r).dtype.kind == "f":
            return np.asarray(r).astype(dtype)
        return r  # ints, bools, strings and shapes have no precision to lose

    def judge(check, right):
        passed, text = _verdict(check, _derived(right, low))
        return None if passed or np.dtype(dtype).name in text else f"refused without naming the dtype: {text}"
    _survey(judge)


def test_a_constant_answer_fails_because_inputs_are_fresh():
    def judge(check, right):
        seen = []

        def constant(*args):
            if not seen:
                seen.append((args, copy.deepcopy(right(*copy.deepcopy(args)))))
            return copy.deepcopy(seen[0][1])
        passed, text = _verdict(check, constant)
        if seen and not seen[0][0]:
            return None  # the exercise's function takes no input: its answer is a constant by design
        return f"a memoised answer to the first input passed: {text}" if passed else None
    _survey(judge)


# The guard rails themselves, on a toy checker (these run whatever catalogues exist).

@checker
def check_double(fn):
    for x in (1.0, 2.0, 3.0):
        expect_close(call(fn, np.array([x])), np.array([2 * x]), what=f"your double([{x}])")
    return solved("doubled.")


def test_the_check_budget_stops_a_check_whose_calls_each_fit(monkeypatch):
    monkeypatch.setattr(_core, "CALL_TIMEOUT", 1.0)
    monkeypatch.setattr(_core, "CHECK_BUDGET", 0.5)

    def slowish(x):
        time.sleep(0.3)
        return 2 * x
    text = repr(check_double(slowish))
    assert text.startswith("Not yet") and "for all the calls of one check" in text, text


def test_a_learners_alarm_handler_and_timer_survive_a_check():
    def mine(signum, frame):
        raise AssertionError("the learner's alarm rang during the check")
    old = signal.signal(signal.SIGALRM, mine)
    try:
        signal.setitimer(signal.ITIMER_REAL, 100.0)
        assert repr(check_double(lambda x: 2 * x)).startswith("Correct!")
        assert signal.getsignal(signal.SIGALRM) is mine
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_a_bare_except_in_the_attempt_does_not_swallow_the_time_limit(monkeypatch):
    monkeypatch.setattr(_core, "CALL_TIMEOUT", 0.2)

    def stubborn(x):
        stop = time.monotonic() + 20
        for _ in range(3):  # swallows the first two alarms, then gives up the fight
            try:
                while time.monotonic() < stop:
                    pass
            except BaseException:
                pass
        return 2 * x
    text = repr(check_double(stubborn))
    assert text.startswith("Not yet") and "did not finish within 0.2 s" in text, text
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0.0, "the alarm was left running"


def test_no_alarm_is_left_behind_and_stdout_is_restored():
    stdout, handler = sys.stdout, signal.getsignal(signal.SIGALRM)
    assert repr(check_double(lambda x: print("hi") or 2 * x)).startswith("Correct!")
    assert sys.stdout is stdout and signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0.0


def test_expect_close_never_prints_a_value_within_tolerance():
    rng = np.random.default_rng(0)
    for _ in range(300):
        expected = rng.normal(size=rng.integers(1, 5)) * rng.choice([1e-3, 1.0, 1e3])
        kind = rng.integers(4)
        noise = rng.normal(size=expected.shape) * rng.choice([1e-4, 1e-2, 1.0]) * np.abs(expected)
        got = [expected + noise, -expected, 3.0 * expected, expected + 0.5, ][kind]
        text = repr(_judge_close(got, expected))
        assert text.startswith("Not yet"), text
        for number in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", text):
            assert not np.isclose(float(number), expected, rtol=1e-6, atol=1e-9).any(), \
                f"{number} is within tolerance of an expected value {expected}: {text}"


@checker
def _judge_close(got, expected):
    expect_close(got, expected, what="your answer")
    return solved("close.")


def test_grading_outside_the_kernel_sees_what_the_kernel_would(tmp_path):
    """_autograde's worker: an input changed in place is still seen, a generator is still refused, a cheat in a
    cell changes nothing, a function that was never defined gets 0 (one worker, about two seconds)."""
    import nbformat
    from softmaxlab.exercises import _autograde

    def check(source):
        return nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"grade": True, "points": 1}})
    cells = [nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy as np\n"
                                       "from softmaxlab.exercises import softmax as ex"),
             nbformat.v4.new_code_cell("def inplace(x):\n    x -= x.max()\n    e = np.exp(x)\n    return e / e.sum()"),
             check("ex.check_softmax(inplace)"),
             nbformat.v4.new_code_cell("def gen(x):\n    return (v for v in x)"),
             check("ex.check_softmax(gen)"),
             check("ex.check_softmax(never_defined)"),
             nbformat.v4.new_code_cell("def good(x):\n    e = np.exp(x - x.max())\n    return e / e.sum()\n"
                                       "ex.check_softmax = lambda *a: True"),
             check("ex.check_softmax(good)")]
    verdicts = {i: repr(v) for i, v in _autograde.regrade(nbformat.v4.new_notebook(cells=cells), tmp_path).items()}
    assert verdicts[2].startswith("Not yet") and "in place" in verdicts[2], verdicts[2]
    assert verdicts[4].startswith("Not yet") and "generator" in verdicts[4], verdicts[4]
    assert verdicts[5].startswith("Not yet") and "never_defined" in verdicts[5], verdicts[5]
    assert verdicts[7].startswith("Correct!"), verdicts[7]
