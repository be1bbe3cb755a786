"""Checkers of notebooks 01-03: a right answer passes; every kind of wrong answer gets words, not a traceback."""
import numpy as np
import pytest

from softmaxlab import log_softmax, logsumexp, softmax
from softmaxlab.exercises import WIDE, batching, overflow
from softmaxlab.exercises import softmax as ex01
from attempts import crashes, returns_none, stub


# ---- reference solutions and typical wrong attempts -------------------------------------------

def good_softmax(logits):
    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def naive_softmax(logits):
    e = np.exp(logits)
    return e / e.sum()


def best_change(logits, k):
    moves = [(j, d) for j in range(len(logits)) for d in (1.0, -1.0)]
    return max(moves, key=lambda move: ex01.prob_after(np.asarray(logits, dtype=float), k, *move))


def temperature_limits(logits):
    top = (logits == logits.max()).astype(float)
    return top / top.sum(), np.full(len(logits), 1 / len(logits))


def good_lse(logits):
    m = np.max(logits)
    return m + np.log(np.sum(np.exp(logits - m)))


def row_log_softmax(logits):
    m = logits.max(axis=1, keepdims=True)
    shifted = logits - m
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


SHAPES = {"a": (3,), "b": (4, 1), "c": (4, 3), "d": (4,), "e": (), "f": "error", "g": (3, 4)}


# (checker, right answer, wrong values, wrong shape)
CASES = {
    "softmax": (ex01.check_softmax, good_softmax, lambda a: good_softmax(a) + 0.01, lambda a: good_softmax(a)[None]),
    "best_change": (ex01.check_best_change, best_change, lambda a, k: ((k + 1) % len(a), 1.0), lambda a, k: (k,)),
    "temperature": (ex01.check_temperature_limits, temperature_limits,
                    lambda a: (temperature_limits(a)[0], temperature_limits(a)[1] * 2),
                    lambda a: tuple(p[None] for p in temperature_limits(a))),
    "stable_softmax": (overflow.check_stable_softmax, good_softmax, lambda a: good_softmax(a)[::-1],
                       lambda a: good_softmax(a)[:-1]),
    "logsumexp": (overflow.check_logsumexp, good_lse, lambda a: good_lse(a) + 0.5, lambda a: np.full(3, good_lse(a))),
    "float32": (overflow.check_breaks_in_float32, lambda: {"C", "E", "G"}, lambda: {"C", "E"}, lambda: 42),
    "batched": (batching.check_batched_softmax, good_softmax, lambda a: good_softmax(a) ** 2,
                lambda a: good_softmax(a).reshape(-1)),
    "row_log_softmax": (batching.check_row_log_softmax, row_log_softmax, lambda a: row_log_softmax(a) - 1,
                        lambda a: row_log_softmax(a)[:, :1]),
    "shapes": (batching.check_predicted_shapes, lambda: SHAPES, lambda: {**SHAPES, "a": (4,)}, lambda: [(3,)]),
}


@pytest.fixture(params=sorted(CASES))
def case(request):
    return CASES[request.param]


def test_right_answer_passes(case):
    check, good, _, _ = case
    feedback = check(good)
    assert feedback, repr(feedback)
    assert repr(feedback).startswith("Correct!")


def test_wrong_values_are_reported(case):
    check, _, wrong, _ = case
    feedback = check(wrong)
    assert not feedback and repr(feedback).startswith("Not yet:"), repr(feedback)


def test_wrong_shape_is_reported(case):
    check, _, _, wrong_shape = case
    text = repr(check(wrong_shape))
    assert text.startswith("Not yet:")
    assert any(word in text for word in ("shape", "pair", "expected", "dict", "labels")), text


def test_not_written_yet(case):
    text = repr(case[0](stub))
    assert "not solved yet" in text and "NotImplementedError" in text


def test_raising_function(case):
    text = repr(case[0](crashes))
    assert text.startswith("Not yet:") and "ZeroDivisionError" in text


def test_returns_none(case):
    text = repr(case[0](returns_none))
    assert text.startswith("Not yet:") and ("None" in text or "return" in text), text


def test_not_a_function(case):
    text = repr(case[0](42))
    assert text.startswith("Not yet:") and "function" in text


# ---- what the misconception catalogue (tests/misconceptions/nb01-03.py) does not cover ------------

def test_float32_cases_are_what_the_notebook_says():
    truth = {k for k, v in overflow.FLOAT32_CASES.items() if overflow.float32_breaks(v)}
    assert truth == {"C", "E", "G"}
    assert [overflow.mechanism(overflow.FLOAT32_CASES[k]) for k in "CEG"] == ["overflow", "underflow", "sum"]
    assert all(overflow.mechanism(overflow.FLOAT32_CASES[k]) is None for k in "ABDF")


def test_shapes_are_computed():
    assert {k: batching.true_shape(v) for k, v in batching.SHAPE_EXPRESSIONS.items()} == SHAPES


def lookup_table(cases, right, fallback):
    """An attempt that knows the answers of the fixed cases by heart, and guesses on anything else."""
    def attempt(x):
        for case in cases:
            if np.shape(x) == np.shape(case) and np.array_equal(x, case):
                return right(x)
        return fallback(x)
    return attempt


@pytest.mark.parametrize("check, cases, right", [
    (ex01.check_softmax, ex01.SOFTMAX_CASES, softmax),
    (overflow.check_stable_softmax, overflow.STABLE_CASES, softmax),
    (overflow.check_logsumexp, overflow.LSE_CASES, logsumexp),
    (batching.check_batched_softmax, batching.BATCH_CASES, softmax),
    (batching.check_row_log_softmax, batching.LOG_CASES, log_softmax),
    (ex01.check_temperature_limits, ex01.LIMIT_CASES, ex01.true_limits),
])
def test_a_table_of_the_fixed_cases_does_not_pass(check, cases, right):
    fallback = lambda x: right(np.zeros_like(x))  # right shape, wrong values
    assert check(lookup_table(cases, right, right))  # the same table with the real function behind it passes
    text = repr(check(lookup_table(cases, right, fallback)))
    assert text.startswith("Not yet") and "random" in text, text


def test_best_change_draws_a_fresh_case():
    known = {tuple(a): k for a, k in ex01.CHANGE_CASES}
    def table(logits, k):
        return (k, 1.0) if tuple(logits) in known else ((k + 1) % len(logits), -1.0)
    text = repr(ex01.check_best_change(table))
    assert text.startswith("Not yet") and "random" in text, text


@pytest.mark.parametrize("cases", [overflow.STABLE_CASES, overflow.LSE_CASES])
def test_a_wide_row_defeats_every_unstable_shift_1d(cases):
    wide = [a for a in cases if np.ptp(a) >= WIDE]
    assert wide
    for shift in (np.min, np.mean, lambda a: a[0], lambda a: 0.0):
        with np.errstate(all="ignore"):
            assert any(not np.isfinite(np.exp(a - shift(a))).all() for a in wide)


@pytest.mark.parametrize("cases", [batching.BATCH_CASES, batching.LOG_CASES])
def test_a_wide_row_defeats_every_unstable_shift_2d(cases):
    wide = [x for x in cases if x.ndim == 2 and np.ptp(x, axis=-1).max() >= WIDE]
    assert wide
    shifts = (lambda x: x.min(axis=-1, keepdims=True), lambda x: x.mean(axis=-1, keepdims=True),
              lambda x: x[:, :1], lambda x: 0.0)
    for shift in shifts:
        with np.errstate(all="ignore"):
            assert any(not np.isfinite(np.exp(x - shift(x))).all() for x in wide)


def test_checkers_use_the_package_numerics():
    # the references the checkers compare against are the package functions
    a = np.array([[0.0, 1.0], [1000.0, -1000.0]])
    assert np.allclose(row_log_softmax(a), log_softmax(a))
    assert np.isclose(good_lse(np.array([1000.0, 1000.0])), logsumexp(np.array([1000.0, 1000.0])))


def test_01_ex1_uses_moderate_logits_only_as_its_text_says():
    # 01's exercise text promises logits "far below the size where exp overflows"; the wide rows are 02's
    limit = np.log(np.finfo(np.float64).max)
    assert max(np.abs(a).max() for a in ex01.SOFTMAX_CASES) < limit / 10


@pytest.mark.parametrize("cases", [overflow.STABLE_CASES, overflow.LSE_CASES])
def test_a_case_tells_a_median_shift_from_a_mean_shift(cases):
    # otherwise a median shift would be told "you shift by the mean"
    with np.errstate(all="ignore"):
        assert any(np.isfinite(np.exp(a - np.mean(a))).all() != np.isfinite(np.exp(a - np.median(a))).all()
                   for a in cases)


# ---- issue 25: the fixed cases tell every named mistake apart, and unnamed ones get no name -------------

def _second_largest(a):
    return np.sort(a, axis=-1)[..., -2:-1] if a.shape[-1] > 1 else a[..., :1]


def _shift_1d(shift, lse=False):
    def compute(a):
        m = shift(a)
        e = np.exp(a - m)
        return m + np.log(e.sum()) if lse else e / e.sum()
    return compute


def _shift_rows(shift, log=False):
    def compute(x):
        s = x - shift(x)
        if log:
            return s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
        e = np.exp(s)
        return e / e.sum(axis=-1, keepdims=True)
    return compute


UNNAMED_1D = {"median": np.median, "last entry": lambda a: a[-1], "second largest": lambda a: _second_largest(a)[0],
              "(max + min) / 2": lambda a: (a.max() + a.min()) / 2}
UNNAMED_ROWS = {"median": lambda x: np.median(x, axis=-1, keepdims=True), "last entry": lambda x: x[..., -1:],
                "second largest": _second_largest,
                "(max + min) / 2": lambda x: (x.max(axis=-1, keepdims=True) + x.min(axis=-1, keepdims=True)) / 2}
EXERCISES = {  # checker cases, its named mistakes, the right answer, the unnamed mistakes it must not name
    "02 Ex1": (overflow.STABLE_CASES, overflow.STABLE_MISTAKES, softmax,
               {k: _shift_1d(s) for k, s in UNNAMED_1D.items()}),
    "02 Ex2": (overflow.LSE_CASES, overflow.LSE_MISTAKES, logsumexp,
               {**{k: _shift_1d(s, lse=True) for k, s in UNNAMED_1D.items()},
                "max + log C": lambda a: a.max() + np.log(a.size)}),
    "03 Ex1": (batching.BATCH_CASES, batching.BATCH_MISTAKES, softmax,
               {k: _shift_rows(s) for k, s in UNNAMED_ROWS.items()}),
    "03 Ex2": (batching.LOG_CASES, batching.LOG_MISTAKES, log_softmax,
               {k: _shift_rows(s, log=True) for k, s in UNNAMED_ROWS.items()}),
}


def _outputs(compute, cases):
    with np.errstate(all="ignore"):
        out = []
        for case in cases:
            try:
                out.append(np.asarray(compute(case), dtype=float))
            except (ValueError, IndexError):
                out.append(None)
        return out


def _same_everywhere(these, those):
    from softmaxlab.exercises._mistakes import same
    return all(a is not None and b is not None and same(a, b) for a, b in zip(these, those))


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_fixed_cases_tell_every_named_mistake_and_the_answer_apart(name):
    cases, mistakes, right, _ = EXERCISES[name]
    outputs = [_outputs(m.compute, cases) for m in mistakes] + [_outputs(right, cases)]
    for i in range(len(outputs)):
        for j in range(i + 1, len(outputs)):
            assert not _same_everywhere(outputs[i], outputs[j]), f"{name}: cases {i} and {j} are not told apart"


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_unnamed_mistakes_match_no_named_one(name):
    cases, mistakes, _, unnamed = EXERCISES[name]
    for label, compute in unnamed.items():
        got = _outputs(compute, cases)
        for mistake in mistakes:
            assert not _same_everywhere(got, _outputs(mistake.compute, cases)), (
                f"{name}: the {label} shift would be told {mistake.message!r}")


@pytest.mark.parametrize("cases, two_above", [(overflow.STABLE_CASES, True), (overflow.LSE_CASES, False),
                                              (batching.BATCH_CASES, True), (batching.LOG_CASES, True)])
def test_every_softmax_like_checker_has_the_hard_cases(cases, two_above):
    rows = [r for c in cases for r in np.atleast_2d(c)]
    has = lambda want: any(r.shape == want.shape and np.array_equal(r, want) for r in rows)
    assert has(np.array([709.0, 709.0, 709.0]))                       # every exp finite, the sum overflows
    assert any((r.max() < -708.4) and (r.max() > -745.1) for r in rows)  # the largest exp is subnormal
    if two_above:
        assert any((r > 709.79).sum() >= 2 for r in rows)             # two scores above 709
