"""10-soft-targets-and-kl: smoothed_losses, distillation_grad, kl_batchmean."""
import numpy as np
import scipy.special

from attempts import returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import cross_entropy, log_softmax, one_hot, softmax
from softmaxlab.exercises import soft_targets as ex


def unshifted_log_softmax(logits):
    e = np.exp(logits)
    return np.log(e / e.sum(axis=-1, keepdims=True))


# ---------- smoothed_losses(logits, labels, eps)
def smoothed_losses(logits, labels, eps):
    N, C = logits.shape
    t = (1 - eps) * one_hot(labels, C) + eps / C
    return -np.sum(t * log_softmax(logits), axis=1)


def mixture_of_losses(logits, labels, eps):
    """(1 - eps) * NLL + eps * (mean of -log y over the classes): the same number, written as two losses."""
    logp = log_softmax(logits)
    return (1 - eps) * -logp[np.arange(len(labels)), labels] + eps * -logp.mean(axis=1)


def fairseq(logits, labels, eps):
    C = logits.shape[1]
    hot = one_hot(labels, C)
    return -np.sum(((1 - eps) * hot + eps / (C - 1) * (1 - hot)) * log_softmax(logits), axis=1)


def forgot_own_share(logits, labels, eps):
    C = logits.shape[1]
    hot = one_hot(labels, C)
    return -np.sum(((1 - eps) * hot + eps / C * (1 - hot)) * log_softmax(logits), axis=1)


def in_place(logits, labels, eps):
    logits -= logits.max(axis=1, keepdims=True)
    return smoothed_losses(logits, labels, eps)


SMOOTHED = [
    Right(smoothed_losses, "one_hot mixed with the uniform row, then -sum(t log_softmax)"),
    Right(mixture_of_losses, "(1 - eps) NLL + eps * mean(-log y): the same loss split in two"),
    Right(lambda a, k, e: list(cross_entropy(a, k, label_smoothing=e, reduction="none")), "the package, as a list"),
    Right(lambda a, k, e: smoothed_losses(a, k, e).astype(np.float32), "float32"),
    Right(lambda a, k, e: -np.sum(((1 - e) * np.eye(a.shape[1])[k] + e / a.shape[1])
                                  * (a - scipy.special.logsumexp(a, axis=1, keepdims=True)), axis=1),
          "scipy's logsumexp and np.eye"),
    Wrong(fairseq, "eps / (C - 1) off the true class, 1 - eps on it", diagnosis="eps / (C - 1)"),
    Wrong(forgot_own_share, "1 - eps on the true class without its eps / C", diagnosis="lost its eps / C"),
    Wrong(lambda a, k, e: cross_entropy((1 - e) * a + e / a.shape[1], k, reduction="none"), "smoothing the logits",
          diagnosis="smoothed LOGITS"),
    Wrong(lambda a, k, e: -np.log(((1 - e) * softmax(a) + e / a.shape[1])[np.arange(len(k)), k]),
          "smoothing the probabilities", diagnosis="smoothed PROBABILITIES"),
    Wrong(lambda a, k, e: cross_entropy(a, k, reduction="none"), "eps ignored", diagnosis="without smoothing"),
    Wrong(lambda a, k, e: -np.sum((e * one_hot(k, a.shape[1]) + (1 - e) / a.shape[1]) * log_softmax(a), axis=1),
          "eps and 1 - eps swapped", diagnosis="swapped"),
    Wrong(lambda a, k, e: -np.sum(((1 - e) * one_hot(k, a.shape[1]) + e / a.shape[1]) * unshifted_log_softmax(a),
                                  axis=1), "no max shift", diagnosis="wide row"),
    Wrong(lambda a, k, e: -np.log(np.sum(((1 - e) * one_hot(k, a.shape[1]) + e / a.shape[1]) * softmax(a), axis=1)),
          "log after the sum: the same number as smoothed probabilities",
          diagnosis="smoothed PROBABILITIES"),
    Wrong(lambda a, k, e: float(np.mean(smoothed_losses(a, k, e))), "the mean, not per sample", diagnosis="the mean"),
    Wrong(in_place, "shifts the caller's logits in place", diagnosis="in place"),
    Wrong(lambda a, k, e: smoothed_losses(a, k, e) * 1.01, "1% off", not_said=("eps / (C - 1)", "smoothed LOGITS")),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]


# ---------- distillation_grad(student_logits, teacher_logits, T)
def distillation_grad(student_logits, teacher_logits, T):
    q = softmax(student_logits / T)
    p = softmax(teacher_logits / T)
    return T * (q - p) / len(student_logits)


def via_log_softmax(z, v, T):
    """exp(log_softmax) for both, and T^2 * (1/T) written out."""
    q, p = np.exp(log_softmax(z / T)), np.exp(log_softmax(v / T))
    return T**2 * (1 / T) * (q - p) / z.shape[0]


def with_a_loop(z, v, T):
    out = np.empty_like(z)
    for n in range(len(z)):
        out[n] = T * (scipy.special.softmax(z[n] / T) - scipy.special.softmax(v[n] / T))
    return out / len(z)


def kl_swapped(z, v, T):
    q, logq, logp = softmax(z / T), log_softmax(z / T), log_softmax(v / T)
    g = logq - logp
    return T * q * (g - (q * g).sum(axis=1, keepdims=True)) / len(z)


def unshifted_softmax(x):
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


DISTILL = [
    Right(distillation_grad, "T (q_T - p_T) / N"),
    Right(via_log_softmax, "exp of log_softmax, T^2 / T written out"),
    Right(with_a_loop, "a loop over the rows with scipy's softmax"),
    Right(lambda z, v, T: distillation_grad(z, v, T).tolist(), "a list of lists"),
    Right(lambda z, v, T: distillation_grad(z, v, T).astype(np.float32), "float32"),
    Wrong(lambda z, v, T: distillation_grad(z, v, T) / T**2, "missing T^2",
          diagnosis="without the factor T^2: it shrinks like 1/T^2"),
    Wrong(kl_swapped, "KL(q_T || p_T): arguments swapped", diagnosis="swapped"),
    Wrong(lambda z, v, T: distillation_grad(z, v, T) / z.shape[1], "averaged over N * C", diagnosis="N * C"),
    Wrong(lambda z, v, T: T * (softmax(z / T) - softmax(v)) / len(z), "teacher not softened",
          diagnosis="teacher without temperature"),
    Wrong(lambda z, v, T: T**2 * (softmax(z) - softmax(v / T)) / len(z), "student not softened",
          diagnosis="student without temperature"),
    Wrong(lambda z, v, T: T * (softmax(v / T) - softmax(z / T)) / len(z), "p - q", diagnosis="wrong sign"),
    Wrong(lambda z, v, T: T**2 * (softmax(z / T) - softmax(v / T)) / len(z), "chain rule's 1/T forgotten",
          diagnosis="T times too large"),
    Wrong(lambda z, v, T: T * (softmax(z / T) - softmax(v / T)), "sum over the batch", diagnosis="N times too large"),
    Wrong(lambda z, v, T: T * (unshifted_softmax(z / T) - softmax(v / T)) / len(z), "no max shift",
          diagnosis="wide row"),
    Wrong(lambda z, v, T: (softmax(z / T) - softmax(v / T)) / len(z), "neither T^2 nor 1/T: (q_T - p_T) / N",
          not_said=("without the factor T^2", "T times too large")),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]


# ---------- kl_batchmean(log_probs, targets)
def kl_batchmean(log_probs, targets):
    safe = np.where(targets > 0, targets, 1.0)
    terms = np.where(targets > 0, targets * (np.log(safe) - log_probs), 0.0)
    return float(terms.sum() / len(log_probs))


def ce_minus_entropy(log_probs, targets):
    """KL = CE - H(t), with scipy's entr (0 log 0 = 0) for the entropy."""
    ce = -np.sum(targets * log_probs)
    h = np.sum(scipy.special.entr(targets))
    return (ce - h) / log_probs.shape[0]


KL = [
    Right(kl_batchmean, "np.where for the zero targets, sum, / N"),
    Right(ce_minus_entropy, "CE - H(t) with scipy's entr"),
    Right(lambda x, t: np.sum(scipy.special.rel_entr(t, np.exp(x))) / len(x), "scipy's rel_entr"),
    Right(lambda x, t: np.float32(kl_batchmean(x, t)), "a float32 scalar"),
    Right(lambda x, t: np.array(kl_batchmean(x, t)), "a 0-d array"),
    Wrong(lambda x, t: kl_batchmean(x, t) / x.shape[1], "reduction='mean'", diagnosis="N * C"),
    Wrong(lambda x, t: kl_batchmean(x, t) * len(x), "reduction='sum'", diagnosis="N times too large"),
    Wrong(lambda x, t: np.sum(np.exp(x) * (x - np.log(t))) / len(x), "KL(y || t)", diagnosis="arguments swapped"),
    Wrong(lambda x, t: -np.sum(t * x) / len(x), "cross-entropy, no entropy", diagnosis="entropy of the targets"),
    Wrong(lambda x, t: np.sum(t * (np.log(t) - x)) / len(x), "0 log 0 = nan", diagnosis="0 * log 0"),
    Wrong(lambda x, t: -kl_batchmean(x, t), "sign", diagnosis="wrong sign"),
    Wrong(lambda x, t: np.sum(np.where(t > 0, t * (np.log(np.where(t > 0, t, 1)) - x), 0), axis=1),
          "one KL per sample", diagnosis="one KL per sample"),
    Wrong(lambda x, t: np.sum(np.where(t > 0, t * (np.log(np.where(t > 0, t, 1)) - np.log(x)), 0)) / len(x),
          "log of the log-probabilities", diagnosis="already holds log-probabilities"),
    Wrong(lambda x, t: kl_batchmean(x, t) + 0.01, "off by 0.01", not_said=("N * C", "swapped", "entropy")),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]

CATALOGUE = {ex.check_smoothed_losses: SMOOTHED, ex.check_distillation_grad: DISTILL, ex.check_kl_batchmean: KL}
