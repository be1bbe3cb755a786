"""The one precision policy of the checkers (exercises/_core.py, `tolerance`), for every checker (issue 25).

- The notebook's reference solution computed in float32 (inputs and outputs cast) gets one verdict over many
  runs, and it is "Correct!" except where casting the inputs to float32 changes the question (listed below,
  each with its reason: a test fails when an entry of the list is no longer needed).
- In float16 every checker refuses a floating answer with the same words, and no checker calls one correct.
- A 1e-3 relative slip of a float64 answer is refused by every checker whose answer holds floats (one
  exception by design, listed), and by the core for numbers and arrays alike.
"""
import numpy as np
import pytest

from reference_solutions import in_dtype, reference_solutions, scaled
from softmaxlab.exercises import _core
from softmaxlab.exercises._core import FLOAT16_WORDS, Real, checker, expect_close, solved, tolerance

RUNS = 12
SOLUTIONS = reference_solutions()
IDS = [f"{nb}-{name}" for nb, name in SOLUTIONS]

# Casting the exercise's float64 inputs to float32 asks another question here (the reference then answers it).
FLOAT32_CHANGES_THE_QUESTION = {
    ("nb01", "check_temperature_limits"): "its logits of 1e308 are inf in float32",
    ("nb09", "check_bce"): "its fixed probabilities within 1e-9 of 0 and 1 round to 0 and 1 in float32",
    ("nb09", "check_rows_sum_to_one"): "the exercise is a float64 tolerance; float32 rows sum to 1 only to 1e-7",
    ("nb12", "check_ece"): "confidences on a bin edge move to the next bin when rounded to float32",
}
# The answer is a number the learner works out by hand, judged to its stated precision (0.005).
ROUNDED_BY_DESIGN = {("nb05", "check_predicted_grad_a1")}


def _messages(check, attempt, runs=RUNS):
    return {repr(check(attempt)) for _ in range(runs)}


@pytest.mark.parametrize("key", SOLUTIONS, ids=IDS)
def test_a_float32_solution_gets_one_verdict_and_it_is_correct(key):
    check, solution = SOLUTIONS[key]
    messages = _messages(check, in_dtype(solution, np.float32))
    assert len(messages) == 1, f"the verdict flips between runs: {messages}"
    (text,) = messages
    if key in FLOAT32_CHANGES_THE_QUESTION:
        assert not text.startswith("Correct!"), f"now accepted: remove {key} from FLOAT32_CHANGES_THE_QUESTION"
    else:
        assert text.startswith("Correct!"), f"a right float32 computation refused: {text}"


@pytest.mark.parametrize("key", SOLUTIONS, ids=IDS)
def test_a_float16_answer_is_refused_everywhere_with_the_same_words(key):
    check, solution = SOLUTIONS[key]
    attempt = in_dtype(solution, np.float16)
    messages = _messages(check, attempt, runs=3)
    assert len(messages) == 1, f"the verdict flips between runs: {messages}"
    (text,) = messages
    if attempt.floats:  # the answer held floats: float16 is judged nowhere
        assert not text.startswith("Correct!"), f"a float16 answer accepted: {text}"
        if key not in FLOAT32_CHANGES_THE_QUESTION and key != ("nb15", "check_gumbel_max"):
            assert FLOAT16_WORDS[0] in text and FLOAT16_WORDS[1] in text, text


@pytest.mark.parametrize("key", SOLUTIONS, ids=IDS)
def test_a_relative_slip_of_1e_3_in_float64_is_refused(key):
    check, solution = SOLUTIONS[key]
    attempt = scaled(solution, 1 + 1e-3)
    text = repr(check(attempt))
    if not attempt.floats:  # an index, labels, shapes, samples: the "slip" leaves the answer as it was
        assert text.startswith("Correct!"), f"an answer with no float, unchanged, refused: {text}"
        return
    if key in ROUNDED_BY_DESIGN:
        assert text.startswith("Correct!"), f"no longer rounded by design: remove {key} from ROUNDED_BY_DESIGN"
    else:
        assert text.startswith("Not yet"), f"a 1e-3 relative slip accepted: {text}"


@checker
def check_values(got):
    expect_close(got, np.array([0.5, 0.25, 1e-30]), what="your answer")
    return solved("fine")


@checker
def check_number(got):
    expect_close(_core.as_real_number(got), 0.3, what="your number")
    return solved("fine")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_core_accepts_rounding_and_refuses_a_slip_for_arrays_and_numbers(dtype):
    right = np.array([0.5, 0.25, 1e-30])
    assert check_values(right.astype(dtype))
    assert check_values(list(right.astype(dtype)))
    assert check_number(dtype(0.3))
    assert check_number(np.array(0.3, dtype=dtype))
    slipped = right * (1 + 1e-3)
    assert not check_values(slipped.astype(dtype))
    assert not check_number(dtype(0.3 * (1 + 1e-3)))
    assert not check_number(dtype(0.3 * (1 - 1e-3)))


def test_the_tolerance_is_derived_from_the_dtype_and_the_magnitude():
    eps32, eps64 = float(np.finfo(np.float32).eps), float(np.finfo(np.float64).eps)
    assert tolerance(np.float64, [1.0]) == (1e-6, 1e-9)  # the checker's own, float64 rounding is far below
    assert tolerance(np.float64, [1.0], rtol=1e-14, atol=1e-15) == (_core.ULPS * eps64, _core.ULPS * eps64)
    r, a = tolerance(np.float32, [2.0, 1e-20])
    assert r == _core.ULPS * eps32 and a == _core.ULPS * eps32 * 2.0  # the floor scales with the largest entry
    assert tolerance(np.int64, [3.0]) == (1e-6, 1e-9)  # integers are exact
    r, a = tolerance(np.float32, [1.0, 0.0], atol=0.0)
    assert 0 < a < 1e-40  # exact zeros promised: a leak of 1e-10 is not within the floor
    assert not check_values(np.array([0.5, 0.25, 1e-30]).astype(np.float32) * np.float32(1 + 1e-4))


def test_float16_is_refused_with_the_same_words_for_a_number_and_an_array():
    number, array = check_number(np.float16(0.3)), check_values(np.array([0.5, 0.25, 0.0], dtype=np.float16))
    for feedback in (number, array):
        assert not feedback and FLOAT16_WORDS[0] in feedback.message and feedback.hint == FLOAT16_WORDS[1]


def test_a_number_keeps_its_dtype():
    assert _core.as_real_number(np.float32(0.1)).dtype == np.float32
    assert _core.as_real_number(0.1).dtype == np.float64
    assert _core.as_real_number(3).dtype == np.float64
    assert isinstance(_core.as_real_number(np.float32(0.1)), Real) and repr(_core.as_real_number(0.5)) == "0.5"
