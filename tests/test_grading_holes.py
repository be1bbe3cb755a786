"""Issue 27: holes a hostile-student review found in the one-run grading (2026-12-06), each closed and kept closed.

No nbgrader here: `_autograde.grade` (the step nbgrader runs) on notebooks built in the test, the student's code in
its bubblewrap sandbox. tests/test_grading_sandbox.py runs the whole hostile class through the real nbgrader.
"""
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from softmaxlab.exercises import _autograde
from softmaxlab.exercises._sandbox import sandbox_available

ROOT = Path(__file__).resolve().parents[1]
if sandbox_available():
    pytest.skip(f"no sandbox: {sandbox_available()}", allow_module_level=True)

# A my_softmax that answers every fixed case of check_softmax right and reports the first other input it is given:
# the case the check drew for this submission.
SPY = '''import numpy as np
from softmaxlab.exercises.softmax import SOFTMAX_CASES

def my_softmax(logits):
    x = np.asarray(logits, dtype=float)
    if not any(x.shape == np.shape(c) and np.array_equal(x, c) for c in SOFTMAX_CASES):
        raise ValueError("CASE " + repr(x.tolist()))
    e = np.exp(x - x.max())
    return e / e.sum()
'''


def _notebook(answer, check):
    """An ordinary cell (the answer) and one graded check cell, as nbgrader's autograde sees a submission."""
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(answer),
        nbformat.v4.new_code_cell(check, metadata={"nbgrader": {"grade": True, "grade_id": "check", "points": 1,
                                                               "solution": False, "locked": True}})])


def _drawn_case(tmp_path, comment=""):
    tmp_path.mkdir()
    verdicts, _ = _autograde.grade(_notebook(SPY + comment, "from softmaxlab.exercises.softmax import check_softmax\n"
                                                            "check_softmax(my_softmax)"), tmp_path)
    (verdict,) = verdicts.values()
    assert not verdict.passed and "CASE [" in verdict.message, verdict.message
    return verdict.message


def test_the_case_a_check_draws_under_grading_depends_on_the_submissions_code(tmp_path):
    """Hole: the drawn case was seeded by the check cell's place and the function's name only, the same for every
    student, so a table of the printed cases plus that one case (predictable from the package) got full marks."""
    first = _drawn_case(tmp_path / "a")
    assert _drawn_case(tmp_path / "b") == first                              # one submission: the same case
    assert _drawn_case(tmp_path / "c", "\n# another student's code") != first  # other code: another case


def test_an_input_changed_in_place_inside_a_list_is_seen_under_grading(tmp_path):
    """Hole: only top-level input arrays were copied back from the worker, so changing the chunks of a list in
    place, which the learner's kernel refuses, passed under grading."""
    answer = ("import numpy as np\n"
              "def online_logsumexp(chunks):\n"
              "    m = max(float(np.max(c)) for c in chunks)\n"
              "    value = m + np.log(sum(float(np.sum(np.exp(c - m))) for c in chunks))\n"
              "    for c in chunks:\n"
              "        c *= 2.0\n"
              "    return value\n")
    verdicts, _ = _autograde.grade(_notebook(answer, "from softmaxlab.exercises.online import check_online_logsumexp\n"
                                                     "check_online_logsumexp(online_logsumexp)"), tmp_path)
    (verdict,) = verdicts.values()
    assert not verdict.passed and "changed the chunks" in verdict.message, verdict.message


def test_a_message_that_shares_one_list_many_times_is_refused_not_expanded():
    """Hole: the student's code can write to the worker's pipe; pickle's back-references let a 20 MiB message name
    one array 250 times, and decoding copied each one (about 5 GiB in the grader, outside the sandbox)."""
    array = ("nd", "<f8", (1000,), bytes(8000))
    with pytest.raises(ValueError, match="too big"):
        _autograde.decode(("list", [array] * 30_000))                   # 240 MB of arrays from one 8 kB block
    nested = ("v", 0)
    for _ in range(30):
        nested = ("frozenset", [nested, nested])                        # 2**30 items from 60 entries
    with pytest.raises(ValueError, match="too big"):
        _autograde.decode(nested)


def test_mirroring_copies_nested_changes_back_and_leaves_other_inputs_alone():
    chunks, table, plain = [np.zeros(2), np.ones(2)], {"a": [np.zeros(1)], "b": 1}, 3.0
    _autograde._mirror(chunks, [np.zeros(2), np.full(2, 5.0)])
    _autograde._mirror(table, {"a": [np.full(1, 7.0)], "c": 2})
    _autograde._mirror(plain, 4.0)
    assert chunks[1].tolist() == [5.0, 5.0] and table == {"a": table["a"], "c": 2} and table["a"][0][0] == 7.0
    assert plain == 3.0
