"""Checkers of notebooks 04-06: the reference passes; every kind of wrong answer gets words, not a traceback."""
import numpy as np
import pytest

from softmaxlab import one_hot, softmax
from softmaxlab.exercises import graph, jacobian, y_minus_t
from attempts import crashes as boom, returns_none as none, stub


def text(feedback):
    assert not feedback, f"expected a failing verdict, got: {feedback!r}"
    return repr(feedback)


# ---------- reference solutions (as in the notebooks)
def jacobian_entry(probs, i, j):
    return probs[i] * (1 - probs[i]) if i == j else -probs[i] * probs[j]


def jacobian_matrix(probs):
    return np.diag(probs) - np.outer(probs, probs)


def softmax_vjp(probs, dout):
    dx = probs * dout
    dx -= probs * np.sum(dx, axis=-1, keepdims=True)
    return dx


def mul_backward(x, y, dout):
    return dout * y, dout * x


def inv_backward(x, dout):
    return dout * (-1.0 / x ** 2)


def log_backward(x, dout):
    return dout / x


def predicted_grad_a1():
    return softmax(np.array([1.0, 2.0, 0.5]))[0] - 1.0


def dlogits_one(logits, label):
    g = softmax(logits)
    g[label] -= 1.0
    return g


def dlogits_batch(logits, labels):
    N, C = logits.shape
    return (softmax(logits) - one_hot(labels, C)) / N


def gd_step(W, B, x, label, lr):
    d = softmax(W @ x + B) - one_hot(label, len(B))
    return W - lr * np.outer(d, x), B - lr * d


CASES = [
    (jacobian.check_jacobian_entry, jacobian_entry),
    (jacobian.check_jacobian_matrix, jacobian_matrix),
    (jacobian.check_softmax_vjp, softmax_vjp),
    (graph.check_mul_backward, mul_backward),
    (graph.check_inv_backward, inv_backward),
    (graph.check_log_backward, log_backward),
    (graph.check_predicted_grad_a1, predicted_grad_a1),
    (y_minus_t.check_dlogits_one, dlogits_one),
    (y_minus_t.check_dlogits_batch, dlogits_batch),
    (y_minus_t.check_gd_step, gd_step),
]
IDS = [c.__name__ for c, _ in CASES]


@pytest.mark.parametrize("check, solution", CASES, ids=IDS)
def test_reference_passes(check, solution):
    feedback = check(solution)
    assert feedback, repr(feedback)
    assert repr(feedback).startswith("Correct!")


@pytest.mark.parametrize("check, solution", CASES, ids=IDS)
def test_stub_none_raising_and_not_callable(check, solution):
    assert "not solved yet" in text(check(stub))
    assert "None" in text(check(none)) or "return" in text(check(none))
    assert "ZeroDivisionError" in text(check(boom))
    assert "expected a function" in text(check(42))


def test_jacobian_entry_misconceptions():
    assert "y_i (1 - y_i)" in text(jacobian.check_jacobian_entry(lambda p, i, j: p[i] if i == j else -p[i] * p[j]))
    post = lambda p, i, j: (p[1] * (1 - p[0]) if i > 0 else p[0] * (1 - p[0])) if i == j else -p[i] * p[j]
    assert "source post" in text(jacobian.check_jacobian_entry(post))
    assert "sign is flipped" in text(jacobian.check_jacobian_entry(lambda p, i, j: p[i] * (1 - p[i]) if i == j else p[i] * p[j]))
    assert "not 0" in text(jacobian.check_jacobian_entry(lambda p, i, j: p[i] * (1 - p[i]) if i == j else 0.0))
    assert "single number" in text(jacobian.check_jacobian_entry(lambda p, i, j: p))


def test_jacobian_matrix_misconceptions():
    assert "-y yᵀ part is missing" in text(jacobian.check_jacobian_matrix(np.diag))
    assert "scalar" in text(jacobian.check_jacobian_matrix(lambda p: np.diag(p) - p @ p))
    assert "wrong sign" in text(jacobian.check_jacobian_matrix(lambda p: np.outer(p, p) - np.diag(p)))
    assert "shape" in text(jacobian.check_jacobian_matrix(lambda p: p))


def test_softmax_vjp_misconceptions():
    assert "second term" in text(jacobian.check_softmax_vjp(lambda p, d: p * d))
    whole = lambda p, d: p * d - p * np.sum(p * d)
    assert "mix different samples" in text(jacobian.check_softmax_vjp(whole))

    def mutating(p, d):
        d *= p
        d -= p * np.sum(d, axis=-1, keepdims=True)
        return d
    assert "changed its inputs" in text(jacobian.check_softmax_vjp(mutating))
    assert "shape" in text(jacobian.check_softmax_vjp(lambda p, d: (p * d).sum(axis=-1)))


def test_graph_misconceptions():
    assert "swapped" in text(graph.check_mul_backward(lambda x, y, d: (d * x, d * y)))
    assert "local gradients only" in text(graph.check_mul_backward(lambda x, y, d: (y, x)))
    assert "two gradients" in text(graph.check_mul_backward(lambda x, y, d: d * y))
    assert "minus sign" in text(graph.check_inv_backward(lambda x, d: d / x ** 2))
    assert "squared" in text(graph.check_inv_backward(lambda x, d: -d / x))
    assert "multiplied by x" in text(graph.check_log_backward(lambda x, d: d * x))
    assert "forward value" in text(graph.check_log_backward(lambda x, d: d * np.log(x)))
    y1 = softmax(np.array([1.0, 2.0, 0.5]))[0]
    assert "direct branch is missing" in text(graph.check_predicted_grad_a1(lambda: y1))
    assert "only the direct branch" in text(graph.check_predicted_grad_a1(lambda: -1.0))
    assert "wrong sign" in text(graph.check_predicted_grad_a1(lambda: 1 - y1))
    assert "wrong" in text(graph.check_predicted_grad_a1(lambda: 0.5))


def test_y_minus_t_misconceptions():
    assert "target t is missing" in text(y_minus_t.check_dlogits_one(lambda a, k: softmax(a)))
    assert "t - y" in text(y_minus_t.check_dlogits_one(lambda a, k: one_hot(k, len(a)) - softmax(a)))
    assert "logits" in text(y_minus_t.check_dlogits_one(lambda a, k: a - one_hot(k, len(a))))
    assert "shape" in text(y_minus_t.check_dlogits_one(lambda a, k: softmax(a)[None]))
    no_mean = lambda a, k: softmax(a) - one_hot(k, a.shape[1])
    assert "N = 4 times too large" in text(y_minus_t.check_dlogits_batch(no_mean))
    axis0 = lambda a, k: (softmax(a, axis=0) - one_hot(k, a.shape[1])) / len(a)
    assert "axis=0" in text(y_minus_t.check_dlogits_batch(axis0))


def test_gd_step_misconceptions():
    def uphill(W, B, x, label, lr):
        d = softmax(W @ x + B) - one_hot(label, len(B))
        return W + lr * np.outer(d, x), B + lr * d

    def in_place(W, B, x, label, lr):
        d = softmax(W @ x + B) - one_hot(label, len(B))
        W -= lr * np.outer(d, x)
        B -= lr * d
        return W, B

    def transposed(W, B, x, label, lr):
        d = softmax(W @ x + B) - one_hot(label, len(B))
        return W - lr * np.outer(x, d), B - lr * d

    assert "uphill" in text(y_minus_t.check_gd_step(uphill))
    assert "in place" in text(y_minus_t.check_gd_step(in_place))
    assert "shape" in text(y_minus_t.check_gd_step(transposed))
