"""Checkers of notebooks 04-06, beyond the misconception catalogues (tests/misconceptions/nb04-06.py)."""
import tracemalloc

import numpy as np

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


def test_checkers_draw_fresh_inputs_at_every_check():
    """Two checks of the same attempt see different random cases (issue 14: no lookup table of fixed cases)."""
    seen = []

    def recording(probs, dout):
        seen.append(probs.tobytes())
        return softmax_vjp(probs, dout)

    jacobian.check_softmax_vjp(recording)
    first = list(seen)
    seen.clear()
    jacobian.check_softmax_vjp(recording)
    assert first[:3] == seen[:3]  # the fixed, adversarial cases
    assert first[3] != seen[3] and first[4] != seen[4]  # the random batch, and the large one for memory


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
    assert text.startswith("Correct!") and "4 x 3, 3 x 4 with a wide row, 5 x 2" in text and "square" not in text
