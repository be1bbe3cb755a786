"""Checkers of notebooks 04-06, beyond the misconception catalogues (tests/misconceptions/nb04-06.py)."""
import tracemalloc

import numpy as np
import pytest

from softmaxlab.exercises import jacobian


def softmax_vjp(probs, dout):
    dx = probs * dout
    dx -= probs * np.sum(dx, axis=-1, keepdims=True)
    return dx


def test_vjp_memory_check_leaves_tracemalloc_as_the_learner_had_it():
    assert not tracemalloc.is_tracing()
    assert jacobian.check_softmax_vjp(softmax_vjp)
    assert not tracemalloc.is_tracing()
    tracemalloc.start()
    try:
        assert jacobian.check_softmax_vjp(softmax_vjp)
        assert tracemalloc.is_tracing()  # the learner's own tracing goes on
    finally:
        tracemalloc.stop()


def test_vjp_memory_limit_sits_between_the_three_lines_and_one_jacobian():
    C = jacobian.BIG_C
    assert 50 * jacobian.BIG_N * C * 8 < jacobian.MEMORY_LIMIT < 8 * C * C
    assert 8 * C * C > 32 * 2 ** 20  # above glibc's largest mmap threshold: J comes as fresh, resident pages
    assert jacobian.MARK < jacobian.MEMORY_LIMIT


def test_vjp_memory_check_sees_a_jacobian_no_tracemalloc_sees():
    """Issue 25: memory tracemalloc does not trace (another library's) still counts, through the resident peak."""
    import mmap

    if jacobian._resident_kib() is None or not jacobian._reset_resident_peak():
        pytest.skip("no /proc/self/status or clear_refs on this system")

    def hidden(probs, dout):
        with mmap.mmap(-1, 8 * probs.shape[1] ** 2) as J:  # a C x C float64 array outside tracemalloc's sight
            J.write(b"\1" * len(J))
        return softmax_vjp(probs, dout)

    text = repr(jacobian.check_softmax_vjp(hidden))
    assert text.startswith("Not yet") and "builds J" in text, text


def test_vjp_memory_check_tells_a_reset_peak():
    def resets(probs, dout):
        tracemalloc.reset_peak()
        return softmax_vjp(probs, dout)

    text = repr(jacobian.check_softmax_vjp(resets))
    assert text.startswith("Not yet") and "reset or stopped tracemalloc" in text, text


def test_checkers_draw_their_random_inputs_from_the_attempt():
    """The same attempt sees the same cases (issue 25: verdicts never flip); other code sees other random cases
    (issue 14: no lookup table of the fixed cases)."""
    def recorder(seen, scale):
        def recording(probs, dout):
            seen.append(probs.tobytes())
            return softmax_vjp(probs, dout) * scale
        return recording

    first, again, other = [], [], []
    jacobian.check_softmax_vjp(recorder(first, 1.0))
    jacobian.check_softmax_vjp(recorder(again, 1.0))
    jacobian.check_softmax_vjp(recorder(other, 1.0 + 0.0))
    assert first == again
    assert first[:3] == other[:3]  # the fixed, adversarial cases


def test_batch_checker_says_which_shapes_it_ran():
    """The words of a "Correct!" describe the cases really run (issue 12 review: it claimed "a square one")."""
    from softmaxlab.exercises import y_minus_t
    from softmaxlab.exercises._core import WIDE

    shapes = [logits.shape for logits, _ in y_minus_t._batch_cases()]
    assert shapes[:3] == [(4, 3), (3, 4), (5, 2)]
    assert np.ptp(y_minus_t._batch_cases()[1][0][0]) >= WIDE  # the 3 x 4 batch holds the wide row
    text = repr(y_minus_t.check_dlogits_batch(lambda a, k: (np.exp(a - a.max(-1, keepdims=True))
                                                            / np.exp(a - a.max(-1, keepdims=True)).sum(-1, keepdims=True)
                                                            - np.eye(a.shape[1])[k]) / len(a)))
    assert text.startswith("Correct!") and "seven batches" in text and "square" not in text
    hard = [logits for logits, _ in y_minus_t._batch_cases()[3:6]]
    with np.errstate(over="ignore"):
        assert [709.0, 709.0, 709.0] in hard[0].tolist() and np.isinf(np.exp(hard[0]).sum(axis=-1)).any()
    assert np.all(np.isfinite(np.exp(hard[0])))  # every exp finite, a sum that overflows (issue 25)
    assert (np.sort(hard[1], axis=-1)[:, -2] > 709).any()  # a row with two scores above 709
    missing = y_minus_t._batch_cases()[5]
    assert missing[1].max() < missing[0].shape[1] - 1  # labels that never use the last class
