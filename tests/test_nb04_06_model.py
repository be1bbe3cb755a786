"""The computational-graph model (05) and the published hand-written Jacobian reproduced (04, 06)."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from softmaxlab import cross_entropy, gradient_check, softmax, softmax_jacobian
from softmaxlab import published_jacobian as pj
from softmaxlab.graph import CrossEntropyGraph

logit = st.floats(-8, 8, allow_nan=False)


@given(st.lists(logit, min_size=3, max_size=3), st.integers(0, 2))
def test_graph_gives_y_minus_t(logits, label):
    g = CrossEntropyGraph(logits, label)
    y = softmax(np.array(logits))
    assert np.allclose(g.probs, y)
    assert np.isclose(g.value["L"], cross_entropy(np.array(logits), label))
    assert np.allclose(g.dlogits, y - np.eye(3)[label], atol=1e-12)
    assert np.isclose(g.grad["S"], 1 / g.value["S"]) and np.isclose(g.grad["r"], -g.value["S"])


def test_graph_fan_out_sums_edges():
    g = CrossEntropyGraph([0.3, -1.0, 2.0, 0.5], label=3)  # any C works for the model
    for node in g.order:
        out = [e for e in g.edges if e[0] == node and g.op[node] != "const"]
        if out:
            assert np.isclose(g.grad[node], sum(g.edge_grad[e] for e in out))
    assert gradient_check(lambda z: cross_entropy(z, 3), np.array([0.3, -1.0, 2.0, 0.5]), g.dlogits) < 1e-7


@pytest.mark.parametrize("logits, label, exc", [([1.0, 2.0], 2, ValueError), ([[1.0, 2.0]], 0, ValueError),
                                                ([1.0, 2.0], 0.5, TypeError), (["a", "b"], 0, TypeError)])
def test_graph_rejects_bad_input(logits, label, exc):
    with pytest.raises(exc):
        CrossEntropyGraph(logits, label)


def test_published_before_numbers_match_the_published_run():
    W, B = pj.initial_params()
    _, probs, loss = pj.forward(W, B)
    before = pj.PUBLISHED_BEFORE
    assert np.array_equal(W.round(8), before["W"]) and np.array_equal(B.round(8), before["B"])
    assert np.array_equal(probs.round(8), before["pred"][0]) and round(loss, 7) == before["loss"].item()


def test_published_after_numbers_come_from_the_wrong_jacobian():
    W, B, history = pj.train(pj.hand_written_jacobian)
    _, probs, loss = pj.forward(W, B)
    after = pj.PUBLISHED_AFTER
    assert np.array_equal(W.round(8), after["W"]) and np.array_equal(B.round(8), after["B"])
    assert np.array_equal(probs.round(8), after["pred"][0]) and round(loss, 8) == after["loss"].item()
    assert np.all(np.diff(history["loss"]) < 0)  # the loss falls all the same


def test_published_correct_run_is_y_minus_t_and_differs_from_the_published_run():
    W, B, _ = pj.train(softmax_jacobian)
    W_ref, B_ref = pj.initial_params()
    t = np.eye(3)[pj.LABEL]
    for _ in range(pj.STEPS):
        d = (softmax((W_ref @ pj.X.T + B_ref)[:, 0]) - t)[:, None]
        W_ref, B_ref = W_ref - pj.LR * d @ pj.X, B_ref - pj.LR * d
    assert np.allclose(W, W_ref, atol=1e-12) and np.allclose(B, B_ref, atol=1e-12)
    assert not np.allclose(W.round(8), pj.PUBLISHED_AFTER["W"])


def test_hand_written_jacobian_is_wrong_only_on_two_diagonal_entries():
    y = np.array([0.2, 0.5, 0.3])
    diff = pj.hand_written_jacobian(y) - softmax_jacobian(y)
    assert np.count_nonzero(np.abs(diff) > 1e-15) == 2 and diff[1, 1] != 0 and diff[2, 2] != 0


@given(st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3))
def test_hand_written_jacobian_has_exactly_two_wrong_entries(weights):
    y = np.array(weights) / np.sum(weights)
    wrong = ~np.isclose(pj.hand_written_jacobian(y), softmax_jacobian(y), rtol=0, atol=1e-15)
    assert (wrong <= np.diag([False, True, True])).all()  # never wrong anywhere else
    assert wrong[1, 1] == (not np.isclose(y[0], y[1], rtol=0, atol=1e-15))


def test_which_wrong_entry_acts_depends_on_the_true_class():
    W, B = pj.initial_params()
    _, y, _ = pj.forward(W, B)
    for label in (0, 1, 2):
        wrong = pj.gradients(W, B, pj.hand_written_jacobian, label)[1][:, 0]
        right = pj.gradients(W, B, softmax_jacobian, label)[1][:, 0]
        assert np.allclose(right, y - np.eye(3)[label])
        differs = ~np.isclose(wrong, right)
        assert differs.tolist() == [False, label == 1, label == 2]  # only the true class's component, never for 0
    with pytest.raises(ValueError):
        pj.train(label=3)
    with pytest.raises(TypeError):
        pj.forward(W, B, label=1.0)


@pytest.mark.parametrize("logits, words", [([710.0, 709.0], "exp(a) overflows"), ([400.0, 0.0], "S = sum of exp(a)"),
                                           ([-400.0, -401.0], "S = sum of exp(a)"),
                                           ([0.0, -746.0], "smallest probability"),
                                           ([0.0, -710.0], "smallest probability"),
                                           ([0.0, -720.0], "smallest probability"), ([np.inf, 0.0], "finite")])
def test_graph_refuses_logits_out_of_its_range_with_words(logits, words):
    """Issue 26: a logit above ~709 or below ~-745 gave a ZeroDivisionError (and above ~354 an OverflowError)."""
    with pytest.raises(ValueError, match="out of this graph's range|must be finite") as info:
        CrossEntropyGraph(logits, 0)
    assert words in str(info.value)
    if words == "smallest probability":  # a shift cannot help: the probability itself is below 1e-308
        assert "subtract" not in str(info.value) and "more than about 709 apart" in str(info.value)
    elif np.all(np.isfinite(logits)):
        assert "subtract max(logits)" in str(info.value)
        g = CrossEntropyGraph(np.array(logits) - max(logits), 0)  # the advice works, and gives y - t
        assert np.allclose(g.dlogits, softmax(np.array(logits)) - np.eye(2)[0], atol=1e-12)


@pytest.mark.parametrize("logits", [[354.0, 0.0], [0.0, -709.0], [-300.0, -301.0], [50.0, -50.0, 0.0]])
def test_graph_inside_its_range_is_finite_and_right(logits):
    g = CrossEntropyGraph(logits, 0)
    assert all(np.isfinite(v) for v in (*g.value.values(), *g.grad.values()))
    assert np.allclose(g.dlogits, softmax(np.array(logits)) - np.eye(len(logits))[0], atol=1e-12)
