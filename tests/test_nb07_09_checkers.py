"""Checkers of notebooks 07-09: the reference passes; wrong shapes, None, a crash and an unfinished stub
each get words; a replayed (memorised) answer fails; no message gives the answer away.
The targeted misconceptions live in tests/misconceptions/nb07.py, nb08.py and nb09.py."""
import numpy as np
import pytest

from softmaxlab import cross_entropy, one_hot, softmax
from softmaxlab.exercises import flavours, iris, pitfalls
from attempts import crashes as crash, returns_none, stub


# ---- reference solutions -------------------------------------------------------------------

def true_class_probs(probs, labels):
    return probs[np.arange(len(labels)), labels]


def keras_cce(targets, probs, eps=1e-7):
    probs = np.clip(probs / probs.sum(-1, keepdims=True), eps, 1 - eps)
    return -np.sum(targets * np.log(probs), axis=-1)


def bce_with_logits(z, t):
    return (np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))).mean()


def standardize(a, b):
    m, s = a.mean(0), a.std(0)
    return (a - m) / s, (b - m) / s


def model_gradients(X, labels, W, b):
    d = (softmax(X @ W + b) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d.sum(0)


def accuracy(logits, labels):
    return float(np.mean(logits.argmax(1) == labels))


def jacobian(y):
    return np.diag(y) - np.outer(y, y)


def softmax_rows(x):
    e = np.exp(x - x.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def bce_fixed(p, t, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def loss_from_probs(probs, labels):
    return -np.mean(np.log(probs[np.arange(len(labels)), labels]))


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t, y = t.reshape(1, -1), y.reshape(1, -1)
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def rows_sum_to_one(probs):
    return bool(np.allclose(probs.sum(-1), 1, rtol=0, atol=probs.shape[-1] * np.finfo(probs.dtype).eps))


def batch_gradient(logits, labels):
    return (softmax(logits) - one_hot(labels, logits.shape[1])) / len(logits)


def backward_pure(probs, labels):
    d = probs.copy()
    d[np.arange(len(labels)), labels] -= 1
    return d / len(labels)


# ---- misconceptions, each with the words the checker must say ------------------------------

def backward_in_place(probs, labels):
    probs[np.arange(len(labels)), labels] -= 1
    return probs / len(labels)


def bce_one_term_clipped(p, t, eps=1e-7):
    pc = np.clip(p, eps, 1 - eps)
    return -np.mean(t * np.log(p + eps) + (1 - t) * np.log(1 - pc + eps))


def jacobian_wrong_diagonal(y):
    J = np.diag(y) - np.outer(y, y)
    J[1, 1] = y[1] * (1 - y[0])
    return J


def cross_entropy_error_typo(y, t):
    if y.ndim == 1:
        t = t.reshpae(1, t.size)
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


CASES = [  # checker, reference, [(wrong attempt, words the feedback must contain)]
    (flavours.check_true_class_probs, true_class_probs,
     [(lambda p, l: p[:, l], "(5, 5)"), (lambda p, l: p[l], "whole rows")]),
    (flavours.check_keras_cce, keras_cce,
     [(lambda t, p, eps: -np.sum(t * np.log(np.clip(p, eps, 1 - eps)), -1), "not normalised"),
      (lambda t, p, eps: -np.sum(t * np.log(p / p.sum(-1, keepdims=True)), -1), "log(0)"),
      (lambda t, p, eps: keras_cce(t, p, eps).mean(), "one loss per sample")]),
    (flavours.check_bce_with_logits, bce_with_logits,
     [(lambda z, t: -np.mean(t * np.log(1 / (1 + np.exp(-z))) + (1 - t) * np.log(1 - 1 / (1 + np.exp(-z)))),
       "overflows"),
      (lambda z, t: np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z))), "mean")]),
    (iris.check_standardize, standardize,
     [(lambda a, b: ((a - a.mean()) / a.std(), (b - a.mean()) / a.std()), "whole array"),
      (lambda a, b: ((a - a.mean(0)) / a.std(0), (b - b.mean(0)) / b.std(0)), "its own statistics")]),
    (iris.check_model_gradients, model_gradients,
     [(lambda X, l, W, b: (X.T @ (softmax(X @ W + b) - one_hot(l, 3)), (softmax(X @ W + b) - one_hot(l, 3)).sum(0)),
       "SUM"),
      (lambda X, l, W, b: tuple(g.T if g.ndim == 2 else g for g in model_gradients(X, l, W, b)), "transpose"),
      (lambda X, l, W, b: (model_gradients(X, l, W, b)[0], (softmax(X @ W + b) - one_hot(l, 3)) / len(X)),
       "one row per sample")]),
    (iris.check_accuracy, accuracy,
     [(lambda L, l: np.sum(L.argmax(1) == l), "fraction"), (lambda L, l: L.argmax(1) == l, "one number")]),
    (pitfalls.check_jacobian, jacobian, [(jacobian_wrong_diagonal, "diagonal entry (1, 1)")]),
    (pitfalls.check_softmax_rows, softmax_rows,
     [(lambda x: np.exp(x - x.max()) / np.exp(x - x.max()).sum(1, keepdims=True), "underflowed"),
      (lambda x: softmax(x, axis=0), "columns")]),
    (pitfalls.check_bce, bce_fixed, [(bce_one_term_clipped, "swapping the classes")]),
    (pitfalls.check_loss_from_probs, loss_from_probs,
     [(lambda p, l: cross_entropy(p, l), "softmax is applied twice"),
      (lambda p, l: -np.log(p[np.arange(len(l)), l]), "their mean")]),
    (pitfalls.check_cross_entropy_error, cross_entropy_error, [(cross_entropy_error_typo, "reshpae")]),
    (pitfalls.check_rows_sum_to_one, rows_sum_to_one,
     [(lambda p: bool(np.all(p.sum(-1) == 1)), "float32 rounding"),
      (lambda p: bool(np.isclose(p.sum(), p.shape[0])), "rows sum to 1.2, 0.8"),
      (lambda p: bool(np.isclose(p.sum(), 1)), "float32")]),
    (pitfalls.check_batch_gradient, batch_gradient,
     [(lambda a, l: softmax(a) - one_hot(l, 3), "5 times too large"),
      (lambda a, l: (softmax(a) - one_hot(l, 3)) / 3, "number of classes")]),
    (pitfalls.check_backward_pure, backward_pure, [(backward_in_place, "changed the probs array")]),
]
IDS = [case[0].__name__ for case in CASES]


@pytest.mark.parametrize("check, reference, wrongs", CASES, ids=IDS)
def test_reference_passes(check, reference, wrongs):
    feedback = check(reference)
    assert feedback.passed, feedback
    assert repr(feedback).startswith("Correct!")


@pytest.mark.parametrize("check, reference, wrongs", CASES, ids=IDS)
def test_stub_none_crash(check, reference, wrongs):
    assert "not solved yet" in repr(check(stub))
    assert "ZeroDivisionError: oops" in repr(check(crash))
    text = repr(check(returns_none))
    assert not check(returns_none).passed and ("None" in text or "return" in text), text


@pytest.mark.parametrize("check, reference, wrongs", CASES, ids=IDS)
def test_wrong_shape(check, reference, wrongs):
    def wrong_shape(*args):
        result = reference(*args)
        if isinstance(result, tuple):
            return tuple(np.append(np.ravel(r), 0.0) for r in result)
        if isinstance(result, (bool, np.bool_)):
            return np.array([result, result])
        return np.append(np.ravel(result), 0.0)
    feedback = check(wrong_shape)
    assert not feedback.passed, check.__name__


def test_checkers_do_not_change_the_learners_view():
    """The checkers pass copies: a function that scribbles on its inputs cannot break later cases."""
    def scribble(probs, labels):
        result = true_class_probs(probs, labels).copy()
        probs[:] = 0
        return result
    assert flavours.check_true_class_probs(scribble).passed


@pytest.mark.parametrize("check, reference, wrongs", CASES, ids=IDS)
def test_a_memorised_answer_fails(check, reference, wrongs):
    """Every checker draws a fresh random input per call: replaying the answers of an earlier check fails."""
    recorded = []

    def record(*args):
        recorded.append(reference(*args))
        return recorded[-1]

    verdicts = []
    for _ in range(3):  # a table of bools (rows_sum_to_one) matches a fresh order with probability < 1/300
        recorded.clear()
        assert check(record).passed
        replay = iter(list(recorded))
        verdicts.append(check(lambda *args: next(replay)).passed)
    assert not all(verdicts), check.__name__


def test_accuracy_messages_do_not_give_the_answer():
    """Issue 14: `check_accuracy(lambda l, y: 0.0)` used to print "expected 0.625"."""
    for constant in (0.0, 1.0, 0.5):
        text = repr(iris.check_accuracy(lambda logits, labels: constant))
        assert text.startswith("Not yet") and "0.75" not in text and "0.625" not in text and "expected" not in text
