"""06-y-minus-t: dlogits_one, dlogits_batch, gd_step."""
import numpy as np
import scipy.special

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from reference_solutions import in_dtype
from misconceptions._softmax_strategies import softmax_longdouble as _softmax_longdouble
from misconceptions._softmax_strategies import softmax_shift_if_overflow as _softmax_shift_if_overflow
from softmaxlab import one_hot, softmax
from softmaxlab.exercises import y_minus_t as ex


def unshifted(logits, axis=-1):
    e = np.exp(logits)
    return e / e.sum(axis=axis, keepdims=True)


# ---------- dlogits_one(logits, label)
def dlogits_one(logits, label):
    grad = softmax(logits)
    grad[label] -= 1.0
    return grad


def in_place(logits, label):
    logits -= logits.max()
    np.exp(logits, out=logits)
    logits /= logits.sum()
    logits[label] -= 1
    return logits


def one_shift_if_overflow(logits, label):
    """Shifts only when some exp overflows (issue 25's strategy)."""
    with np.errstate(all="ignore"):
        e = np.exp(logits)
        if not np.isfinite(e).all():
            e = np.exp(logits - logits.max())
    return e / e.sum() - one_hot(label, len(logits))


# --- review-05-09 (issue 25): two strategies that passed every case of 06 Ex1-3, 08 Ex2, 09 Ex2 and Ex7 ---

def one_longdouble_r4(logits, label):
    return _softmax_longdouble(logits) - one_hot(label, len(logits))


def batch_longdouble_r4(logits, labels):
    return (_softmax_longdouble(logits) - one_hot(labels, logits.shape[1])) / len(logits)


def batch_shift_if_overflow_r4(logits, labels):
    return (_softmax_shift_if_overflow(logits) - one_hot(labels, logits.shape[1])) / len(logits)


def gd_longdouble_r4(W, B, x, label, lr):
    d = _softmax_longdouble(W @ x + B) - one_hot(label, len(B))
    return W - lr * np.outer(d, x), B - lr * d


def gd_shift_if_overflow_r4(W, B, x, label, lr):
    d = _softmax_shift_if_overflow(W @ x + B) - one_hot(label, len(B))
    return W - lr * np.outer(d, x), B - lr * d

ONE = [
    Wrong(one_longdouble_r4, "no shift, exp in np.longdouble (review-05-09: accepted before)"),
    Right(dlogits_one, "softmax, then subtract 1 at the label"),
    Right(lambda a, k: softmax(a) - np.eye(len(a))[k], "minus a row of the identity"),
    Right(lambda a, k: list(scipy.special.softmax(a) - one_hot(k, len(a))), "scipy's softmax, as a list"),
    Right(lambda a, k: (softmax(a) - one_hot(k, len(a))).astype(np.float32), "float32"),
    Wrong(lambda a, k: softmax(a), "y without t", diagnosis="target t is missing"),
    Wrong(lambda a, k: one_hot(k, len(a)) - softmax(a), "t - y", diagnosis="t - y"),
    Wrong(lambda a, k: a - one_hot(k, len(a)), "logits - t", diagnosis="from the logits"),
    Wrong(lambda a, k: softmax(a) - np.eye(len(a))[k - 1], "label counted from 1 (np.eye(C)[label - 1])", diagnosis="one class too early"),
    Wrong(lambda a, k: unshifted(a) - one_hot(k, len(a)), "softmax without the max shift", diagnosis="overflows"),
    Wrong(lambda a, k: -np.log(softmax(a)) * one_hot(k, len(a)), "the loss", diagnosis="the loss"),
    Wrong(in_place, "works on the caller's logits in place", diagnosis="changed the logits"),
    Wrong(lambda a, k: (softmax(a) - one_hot(k, len(a))) / len(a), "divided by C",
          not_said=("missing", "flipped", "overflows")),
    Wrong(lambda a, k: (softmax(a) - one_hot(k, len(a)))[None], "shape (1, C)", diagnosis="has shape"),
    Wrong(lambda a, k: iter(softmax(a) - one_hot(k, len(a))), "an iterator", diagnosis="real numbers"),
    Wrong(one_shift_if_overflow, "a shift only when an exp overflows (issue 25: accepted)", not_said=("overflows",)),
    Wrong(lambda a, k: np.exp(np.clip(a, -700, 700)) / np.exp(np.clip(a, -700, 700)).sum() - one_hot(k, len(a)),
          "logits clipped to 700 instead of shifted (issue 25: accepted)", not_said=("overflows",)),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]


# ---------- dlogits_batch(logits, labels)
def dlogits_batch(logits, labels):
    N, C = logits.shape
    return (softmax(logits, axis=-1) - one_hot(labels, C)) / N


def batch_max(logits, labels):
    e = np.exp(logits - logits.max())
    return (e / e.sum(axis=-1, keepdims=True) - one_hot(labels, logits.shape[1])) / len(logits)


def no_num_classes(logits, labels):
    return (softmax(logits) - one_hot(labels)) / len(logits)


def shift_if_overflow(logits, labels):
    """Shifts only when some exp overflows: [709, 709, 709] has finite exps and an infinite sum."""
    with np.errstate(all="ignore"):
        e = np.exp(logits)
        if not np.isfinite(e).all():
            e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True) - one_hot(labels, logits.shape[1])) / len(logits)


def clipped_logits(logits, labels):
    """Clips the logits to [-700, 700] instead of shifting: wrong once two scores of a row pass 700."""
    e = np.exp(np.clip(logits, -700, 700))
    return (e / e.sum(axis=-1, keepdims=True) - one_hot(labels, logits.shape[1])) / len(logits)


def with_loop(logits, labels):
    grad = softmax(logits)
    for n, k in enumerate(labels):
        grad[n, k] -= 1
    return grad / len(labels)


BATCH = [
    Wrong(batch_longdouble_r4, "no shift, exp in np.longdouble (review-05-09: accepted before)"),
    Wrong(batch_shift_if_overflow_r4, "the shift only when something overflows (review-05-09: accepted before)"),
    Right(dlogits_batch, "(softmax - one_hot) / N"),
    Right(with_loop, "a loop over the rows"),
    Right(lambda a, k: ((softmax(a) - np.eye(a.shape[1])[k]) / len(a)).tolist(), "a list of lists"),
    Right(lambda a, k: ((softmax(a) - one_hot(k, a.shape[1])) / len(a)).astype(np.float32), "float32"),
    Wrong(lambda a, k: softmax(a) - one_hot(k, a.shape[1]), "the sum's gradient", diagnosis="N times too large"),
    Wrong(in_dtype(lambda a, k: softmax(a) - one_hot(k, a.shape[1]), np.float32), "the sum's gradient in float32 (inputs cast; issue 26: told neutrally before, the checker compared at float64's tolerance)",
          diagnosis="N times too large"),
    Right(in_dtype(dlogits_batch, np.float32), "(softmax - one_hot) / N computed in float32"),
    Wrong(lambda a, k: (softmax(a) - one_hot(k, a.shape[1])) / a.shape[1], "divided by C", diagnosis="classes C"),
    Wrong(lambda a, k: (softmax(a, axis=0) - one_hot(k, a.shape[1])) / len(a), "softmax over axis=0",
          diagnosis="axis=0"),
    Wrong(lambda a, k: (softmax(a) - one_hot(k, a.shape[1])) / a.size, "divided by N * C", diagnosis="N * C"),
    Wrong(lambda a, k: (unshifted(a) - one_hot(k, a.shape[1])) / len(a), "no max shift", diagnosis="overflows"),
    Wrong(batch_max, "max of the whole batch", diagnosis="whole batch"),
    Wrong(lambda a, k: (one_hot(k, a.shape[1]) - softmax(a)) / len(a), "(t - y) / N", diagnosis="sign is flipped"),
    Wrong(lambda a, k: (softmax(a) - one_hot(k, a.shape[1])) / (len(a) - 1), "divided by N - 1",
          not_said=("N times", "classes C", "N * C")),
    Wrong(lambda a, k: (softmax(a) - one_hot(k, a.shape[1])).mean(axis=0), "averaged the rows", diagnosis="has shape"),
    Wrong(lambda a, k: (softmax(a) - one_hot((k + 1) % a.shape[1], a.shape[1])) / len(a), "labels shifted by one",
          not_said=("N times", "classes C", "axis=0", "sign")),
    Wrong(no_num_classes, "one_hot(labels) without num_classes (issue 25: accepted in 70-95% of runs)",
          diagnosis="never use the last class"),
    Wrong(shift_if_overflow, "a shift only when an exp overflows (issue 25: accepted)",
          not_said=("overflows", "whole batch")),
    Wrong(clipped_logits, "logits clipped to 700 instead of shifted (issue 25: accepted)",
          not_said=("overflows", "whole batch")),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
]


# ---------- gd_step(W, B, x, label, lr)
def gd_step(W, B, x, label, lr):
    dlogits = softmax(W @ x + B) - one_hot(label, len(B))  # (C,)
    return W - lr * np.outer(dlogits, x), B - lr * dlogits


def uphill(W, B, x, label, lr):
    d = softmax(W @ x + B) - one_hot(label, len(B))
    return W + lr * np.outer(d, x), B + lr * d


def in_place_step(W, B, x, label, lr):
    d = softmax(W @ x + B) - one_hot(label, len(B))
    W -= lr * np.outer(d, x)
    B -= lr * d
    return W, B


def transposed_dW(W, B, x, label, lr):
    d = softmax(W @ x + B) - one_hot(label, len(B))
    return W - lr * np.outer(x, d), B - lr * d


def first_case_memorised(W, B, x, label, lr, _cache={}):
    """Right on the fixed first problem, then returns that answer whatever it is given."""
    if not _cache:
        _cache["answer"] = gd_step(W, B, x, label, lr)
    return _cache["answer"]


def gd_unshifted(W, B, x, label, lr):
    """softmax without the max shift (a mutant that survived: no problem had large logits)."""
    with np.errstate(all="ignore"):
        d = unshifted(W @ x + B) - one_hot(label, len(B))
    return W - lr * np.outer(d, x), B - lr * d


GD = [
    Wrong(gd_longdouble_r4, "no shift, exp in np.longdouble (review-05-09: accepted before)"),
    Wrong(gd_shift_if_overflow_r4, "the shift only when something overflows (review-05-09: accepted before)"),
    Right(gd_step, "the textbook step"),
    Right(lambda W, B, x, k, lr: list(gd_step(W, B, x, k, lr)), "a list [W, B]"),
    Right(lambda W, B, x, k, lr: tuple(a.astype(np.float32) for a in gd_step(W, B, x, k, lr)), "float32"),
    Right(lambda W, B, x, k, lr: (W - lr * (softmax(W @ x + B) - np.eye(len(B))[k])[:, None] * x[None, :],
                                  B - lr * (softmax(W @ x + B) - np.eye(len(B))[k])), "broadcast outer product"),
    Wrong(uphill, "+ lr * gradient", diagnosis="uphill"),
    Wrong(lambda W, B, x, k, lr: gd_step(W, B, x, k, 1.0), "no learning rate", diagnosis="learning rate is missing"),
    Wrong(lambda W, B, x, k, lr: (gd_step(W, B, x, k, lr)[0], B), "B not updated", diagnosis="B did not"),
    Wrong(in_dtype(lambda W, B, x, k, lr: (gd_step(W, B, x, k, lr)[0], B), np.float32), "B not updated in float32 (inputs cast; issue 26: told neutrally before, the checker compared at float64's tolerance)",
          diagnosis="B did not"),
    Right(in_dtype(gd_step, np.float32), "the textbook step computed in float32"),
    Wrong(lambda W, B, x, k, lr: (W - lr * np.outer(softmax(W @ x + B), x), B - lr * softmax(W @ x + B)),
          "gradient y without t", diagnosis="target t is missing"),
    Wrong(lambda W, B, x, k, lr: (W - lr * (softmax(W @ x + B) - one_hot(k, len(B)))[:, None] * np.ones_like(W),
                                  B - lr * (softmax(W @ x + B) - one_hot(k, len(B)))), "dW without x",
          diagnosis="does not use x"),
    Wrong(in_place_step, "updates W and B in place", diagnosis="changed W, B or x"),
    Wrong(transposed_dW, "dW = outer(x, d): shape (D, C)", diagnosis="shape of W"),
    Wrong(first_case_memorised, "a memorised answer (issue 14: one fixed input let a constant pass)"),
    Wrong(gd_unshifted, "softmax without the max shift (issue 25, make mutants: survived)"),
    Wrong(lambda W, B, x, k, lr: np.concatenate([gd_step(W, B, x, k, lr)[0].ravel(), gd_step(W, B, x, k, lr)[1]]),
          "one flat array", diagnosis="pair"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="pair"),
]

CATALOGUE = {ex.check_dlogits_one: ONE, ex.check_dlogits_batch: BATCH, ex.check_gd_step: GD}
