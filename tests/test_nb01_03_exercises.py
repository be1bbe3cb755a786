"""Checkers of notebooks 01-03: a right answer passes; every kind of wrong answer gets words, not a traceback."""
import numpy as np
import pytest

from softmaxlab import log_softmax, logsumexp, softmax
from softmaxlab.exercises import batching, overflow
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


# ---- targeted hints ---------------------------------------------------------------------------

def test_softmax_misconceptions():
    assert "not softmax" in repr(ex01.check_softmax(lambda a: a / a.sum()))
    assert "without dividing" in repr(ex01.check_softmax(np.exp))


def test_input_mutation_is_flagged():
    def in_place(a):
        a -= a.max()
        e = np.exp(a)
        return e / e.sum()
    for check in (ex01.check_softmax, overflow.check_stable_softmax):
        assert "changed its input" in repr(check(in_place))


def test_best_change_lowering_the_rival():
    def lower_rival(logits, k):
        others = [i for i in range(len(logits)) if i != k]
        return max(others, key=lambda i: logits[i]), -1
    text = repr(ex01.check_best_change(lower_rival))
    assert "strongest competitor" in text and "EVERY other" in text


def test_temperature_swapped_near_and_ties():
    assert "swapped" in repr(ex01.check_temperature_limits(lambda a: temperature_limits(a)[::-1]))
    near = repr(ex01.check_temperature_limits(lambda a: (softmax(a / 1e-3), softmax(a / 1e3))))
    assert "not exact" in near
    no_ties = repr(ex01.check_temperature_limits(lambda a: (np.eye(len(a))[np.argmax(a)], np.full(len(a), 1 / len(a)))))
    assert "tie" in no_ties


def test_stable_softmax_naive_and_wrong_constant():
    assert "naive formula" in repr(overflow.check_stable_softmax(naive_softmax))
    for shift in (np.min, np.mean):
        text = repr(overflow.check_stable_softmax(lambda a, s=shift: naive_softmax(a - s(a))))
        assert "not by their max" in text


def test_logsumexp_hints():
    assert "off by exactly max" in repr(overflow.check_logsumexp(lambda a: good_lse(a) - np.max(a)))
    assert "inf" in repr(overflow.check_logsumexp(lambda a: np.log(np.sum(np.exp(a)))))


def test_float32_cases_are_what_the_notebook_says():
    assert {k for k, v in overflow.FLOAT32_CASES.items() if overflow.float32_breaks(v)} == {"C", "E", "G"}
    assert "C, E, G" in repr(overflow.check_breaks_in_float32(lambda: "C, E, G"))
    assert "it works for F" in repr(overflow.check_breaks_in_float32(lambda: ["C", "E", "G", "F"]))


def test_batched_softmax_misconceptions():
    def global_max(a):
        e = np.exp(a - a.max())
        return e / e.sum(axis=-1, keepdims=True)

    def whole_batch(a):
        e = np.exp(a - a.max(axis=-1, keepdims=True))
        return e / e.sum()

    def columns(a):
        return softmax(a, axis=0)

    def no_keepdims(a):
        if a.ndim == 1:
            return good_softmax(a)
        e = np.exp(a - a.max(axis=1))
        return e / e.sum(axis=1)

    def only_2d(a):
        e = np.exp(a - a.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def transposed(a):
        if a.ndim == 1:
            return good_softmax(a)
        t = a.T
        e = np.exp(t - t.max(axis=0))
        return (e / e.sum(axis=0)).T

    assert "WHOLE batch" in repr(batching.check_batched_softmax(global_max))
    assert "normalised over the whole batch" in repr(batching.check_batched_softmax(whole_batch))
    assert "each column sums to 1" in repr(batching.check_batched_softmax(columns))
    assert "keepdims" in repr(batching.check_batched_softmax(no_keepdims))
    assert "axis=-1" in repr(batching.check_batched_softmax(only_2d))
    assert batching.check_batched_softmax(transposed)


def test_row_log_softmax_global_max():
    def global_max(a):
        shifted = a - a.max()
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    text = repr(batching.check_row_log_softmax(global_max))
    assert "inf" in text and "per row" in text


def test_shapes_are_computed_and_hints():
    assert {k: batching.true_shape(v) for k, v in batching.SHAPE_EXPRESSIONS.items()} == SHAPES
    text = repr(batching.check_predicted_shapes(lambda: {**SHAPES, "a": 3, "e": 0}))
    assert "2 of 7 wrong: a, e" in text


def test_checkers_use_the_package_numerics():
    # the references the checkers compare against are the package functions
    a = np.array([[0.0, 1.0], [1000.0, -1000.0]])
    assert np.allclose(row_log_softmax(a), log_softmax(a))
    assert np.isclose(good_lse(np.array([1000.0, 1000.0])), logsumexp(np.array([1000.0, 1000.0])))
