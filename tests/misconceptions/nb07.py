"""Misconception catalogue for notebook 07 (cross-entropy flavours)."""
import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import binary_cross_entropy, cross_entropy, one_hot
from softmaxlab.exercises import flavours as ex


# --- Exercise 1: true_class_probs(probs, labels) ---
def tcp_right(probs, labels):
    return probs[np.arange(len(labels)), labels]


def tcp_take_along(probs, labels):
    return np.take_along_axis(probs, labels[:, None], axis=1)[:, 0]


def tcp_mask_sum(probs, labels):
    return np.sum(probs * one_hot(labels, probs.shape[1]), axis=1)


def tcp_list(probs, labels):
    return [float(probs[n, k]) for n, k in enumerate(labels)]


def tcp_float32(probs, labels):
    return probs.astype(np.float32)[np.arange(len(labels)), labels]


def tcp_all_columns(probs, labels):
    return probs[:, labels]


def tcp_rows(probs, labels):
    return probs[labels]


def tcp_max(probs, labels):
    return probs.max(axis=1)


def tcp_one_based(probs, labels):
    return probs[np.arange(len(labels)), labels - 1]


def tcp_wrong_axis(probs, labels):
    return np.sum(probs * one_hot(labels, probs.shape[1]), axis=0)


def tcp_keepdims(probs, labels):
    return np.take_along_axis(probs, labels[:, None], axis=1)


def tcp_log(probs, labels):
    return np.log(probs[np.arange(len(labels)), labels])


# --- Exercise 2: keras_cce(targets, probs, eps) ---
def kc_right(targets, probs, eps=1e-7):
    probs = probs / np.sum(probs, axis=-1, keepdims=True)
    probs = np.clip(probs, eps, 1 - eps)
    return -np.sum(targets * np.log(probs), axis=-1)


def kc_einsum_list(targets, probs, eps=1e-7):
    p = np.clip(probs / probs.sum(axis=1)[:, None], eps, 1 - eps)
    return list(-np.einsum("nc,nc->n", targets, np.log(p)))


def kc_float32(targets, probs, eps=1e-7):
    p = (probs / probs.sum(-1, keepdims=True)).astype(np.float32)
    return -np.sum(targets * np.log(np.clip(p, np.float32(eps), np.float32(1 - eps))), axis=-1)


def kc_no_normalise(targets, probs, eps=1e-7):
    return -np.sum(targets * np.log(np.clip(probs, eps, 1 - eps)), axis=-1)


def kc_no_clip(targets, probs, eps=1e-7):
    return -np.sum(targets * np.log(probs / probs.sum(-1, keepdims=True)), axis=-1)


def kc_plus_eps(targets, probs, eps=1e-7):
    return -np.sum(targets * np.log(probs / probs.sum(-1, keepdims=True) + eps), axis=-1)


def kc_mean(targets, probs, eps=1e-7):
    return kc_right(targets, probs, eps).mean()


def kc_lower_clip_only(targets, probs, eps=1e-7):
    return -np.sum(targets * np.log(np.maximum(probs / probs.sum(-1, keepdims=True), eps)), axis=-1)


def kc_clip_then_normalise(targets, probs, eps=1e-7):
    p = np.clip(probs, eps, 1 - eps)
    return -np.sum(targets * np.log(p / p.sum(-1, keepdims=True)), axis=-1)


def kc_hard_eps(targets, probs, eps=1e-7):
    return kc_right(targets, probs, 1e-7)


def kc_argmax_target(targets, probs, eps=1e-7):
    p = np.clip(probs / probs.sum(-1, keepdims=True), eps, 1 - eps)
    return -np.log(p[np.arange(len(p)), targets.argmax(axis=1)])


# --- Exercise 3: bce_with_logits(z, targets) ---
def bce_right(z, targets):
    losses = np.maximum(z, 0) - z * targets + np.log1p(np.exp(-np.abs(z)))
    return losses.mean()


def bce_logaddexp(z, targets):
    return float(np.mean(np.logaddexp(0, z) - z * targets))


def bce_no_log1p(z, targets):
    return np.mean(np.maximum(z, 0) - z * targets + np.log(1 + np.exp(-np.abs(z))))


def bce_two_classes(z, targets):
    return cross_entropy(np.stack([np.zeros_like(z), z], axis=1), targets.astype(int))


def bce_per_element(z, targets):
    return np.maximum(z, 0) - z * targets + np.log1p(np.exp(-np.abs(z)))


def bce_naive(z, targets):
    p = 1 / (1 + np.exp(-z))
    return -np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p))


def bce_clipped(z, targets):
    p = np.clip(1 / (1 + np.exp(-z)), 1e-7, 1 - 1e-7)
    return -np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p))


def bce_sum(z, targets):
    return np.sum(bce_per_element(z, targets))


def bce_sign(z, targets):
    return np.mean(np.maximum(z, 0) + z * targets + np.log1p(np.exp(-np.abs(z))))


def bce_no_max(z, targets):
    return np.mean(-z * targets + np.log1p(np.exp(-np.abs(z))))


def bce_keras_probs(z, targets):
    return binary_cross_entropy(1 / (1 + np.exp(-np.clip(z, -700, 700))), targets)


def tcp_mask_no_num_classes(probs, labels):
    return np.sum(probs * one_hot(labels), axis=1)


CATALOGUE = {
    ex.check_true_class_probs: [
        Right(tcp_right, "fancy indexing, the notebook's solution"),
        Right(tcp_take_along, "np.take_along_axis, then drop the column axis"),
        Right(tcp_mask_sum, "mask and sum with one-hot rows"),
        Right(tcp_list, "a Python list of floats"),
        Right(tcp_float32, "float32 probabilities"),
        Wrong(tcp_all_columns, "probs[:, labels]: an (N, N) array", diagnosis="`probs[:, labels]`"),
        Wrong(tcp_rows, "probs[labels]: whole rows", diagnosis="`probs[labels]` picks rows"),
        Wrong(tcp_max, "the largest probability of each row", diagnosis="largest probability"),
        Wrong(tcp_one_based, "labels - 1, as if labels were 1-based"),
        Wrong(tcp_wrong_axis, "mask and sum over axis 0"),
        Wrong(tcp_keepdims, "take_along_axis kept the column axis: (N, 1)"),
        Wrong(tcp_log, "the log of the probabilities"),
        Wrong(tcp_mask_no_num_classes, "mask with one_hot(labels) without num_classes (issue 25: accepted when the "
                                       "random labels used every class)", diagnosis="never use the last class"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
    ],
    ex.check_keras_cce: [
        Right(kc_right, "normalise, clip, log: the notebook's solution"),
        Right(kc_einsum_list, "einsum, returned as a list"),
        Right(kc_float32, "computed in float32, as Keras does by default"),
        Wrong(kc_no_normalise, "rows not normalised", diagnosis="not normalised"),
        Wrong(kc_no_clip, "no clip: log(0)", diagnosis="log(0) = -inf"),
        Wrong(kc_plus_eps, "log(p + eps) instead of the clip (issue 12)", diagnosis="log(p + eps)"),
        Wrong(kc_mean, "one mean instead of one loss per sample", diagnosis="one loss per sample"),
        Wrong(kc_lower_clip_only, "clipped below only: a probability of 1 costs 0, not eps"),
        Wrong(kc_clip_then_normalise, "clipped before normalising"),
        Wrong(kc_hard_eps, "eps hard-coded to 1e-7, the argument ignored"),
        Right(kc_argmax_target, "the true class by argmax: right for the one-hot targets the text asks for "
                                "(issue 25: refused, the fixed batch held a soft row)"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
    ex.check_bce_with_logits: [
        Right(bce_right, "max(z, 0) - z t + log1p(exp(-|z|)): the notebook's solution"),
        Right(bce_logaddexp, "logaddexp(0, z) - z t, returned as a Python float"),
        Right(bce_no_log1p, "log(1 + exp(-|z|)) instead of log1p: still exact enough"),
        Right(bce_two_classes, "categorical cross-entropy on logits (0, z)"),
        Wrong(bce_per_element, "one loss per element, no mean", diagnosis="one loss per element"),
        Wrong(bce_naive, "sigmoid then log: overflow at |z| = 800", diagnosis="overflowed"),
        Wrong(bce_clipped, "the probability clipped to [1e-7, 1 - 1e-7]", diagnosis="clipped probability"),
        Wrong(bce_sum, "sum instead of mean (review-05-09: now named, as 09 Ex3 names it)", diagnosis="sum of the"),
        Wrong(bce_sign, "+ z t instead of - z t"),
        Wrong(bce_no_max, "the max(z, 0) term forgotten"),
        Wrong(bce_keras_probs, "Keras' clipped BCE on sigmoid(z)", diagnosis="clipped probability"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
}
