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
    Wrong(lambda a, k, e: -np.sum(((1 - e) * one_hot(k, a.shape[1]) + e / a.shape[1]) * np.log(softmax(a) + 1e-7),
                                  axis=1),
          "log(y + 1e-7): an epsilon in the log (review-10-12 F3: was told 'off by the same factor')",
          not_said=("same factor", "same amount")),
    Wrong(lambda a, k, e: -np.sum(((1 - e) * one_hot(k) + e / a.shape[1]) * log_softmax(a), axis=1),
          "one_hot(labels) without C: raises when a batch has no label of the last class (review-10-12 F4)",
          diagnosis="need not use every class"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]


# ---------- distillation_grad(student_logits, teacher_logits, labels, T, alpha)
# The gradient of alpha * CE(labels) + (1 - alpha) * T^2 * KL(p_T || q_T), both averaged over N (issue 25 item 7:
# the soft term alone was the notebook's own line, T * (q_T - p_T) / N, a few cells above).
def distillation_grad(student_logits, teacher_logits, labels, T, alpha):
    N, C = student_logits.shape
    hard = softmax(student_logits) - one_hot(labels, C)
    soft = T * (softmax(student_logits / T) - softmax(teacher_logits / T))
    return (alpha * hard + (1 - alpha) * soft) / N


def hard(z, k):
    return (softmax(z) - one_hot(k, z.shape[1])) / len(z)


def soft(z, v, T):
    return T * (softmax(z / T) - softmax(v / T)) / len(z)


def via_log_softmax(z, v, k, T, a):
    """exp of log_softmax for every softmax, T^2 * (1/T) written out, np.eye for the one-hot rows."""
    q, p, y = np.exp(log_softmax(z / T)), np.exp(log_softmax(v / T)), np.exp(log_softmax(z))
    return (a * (y - np.eye(z.shape[1])[k]) + (1 - a) * T**2 * (1 / T) * (q - p)) / z.shape[0]


def with_a_loop(z, v, k, T, a):
    out = np.empty_like(z)
    for n in range(len(z)):
        y = scipy.special.softmax(z[n])
        y[k[n]] -= 1
        out[n] = a * y + (1 - a) * T * (scipy.special.softmax(z[n] / T) - scipy.special.softmax(v[n] / T))
    return out / len(z)


def in_float32(z, v, k, T, a):
    """Everything in float32 (issue 25: refused in 13 of 20 runs before one precision policy per dtype)."""
    z, v, T, a = z.astype(np.float32), v.astype(np.float32), np.float32(T), np.float32(a)
    y = softmax(z) - one_hot(k, z.shape[1]).astype(np.float32)
    return (a * y + (1 - a) * T * (softmax(z / T) - softmax(v / T))) / np.float32(len(z))


def kl_swapped(z, v, T):
    q, logq, logp = softmax(z / T), log_softmax(z / T), log_softmax(v / T)
    g = logq - logp
    return T * q * (g - (q * g).sum(axis=1, keepdims=True)) / len(z)


def unshifted_softmax(x):
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


DISTILL = [
    Right(distillation_grad, "(alpha (y - t) + (1 - alpha) T (q_T - p_T)) / N"),
    Right(via_log_softmax, "exp of log_softmax, T^2 / T written out"),
    Right(with_a_loop, "a loop over the rows with scipy's softmax"),
    Right(lambda z, v, k, T, a: distillation_grad(z, v, k, T, a).tolist(), "a list of lists"),
    Right(lambda z, v, k, T, a: distillation_grad(z, v, k, T, a).astype(np.float32), "float32 result"),
    Right(in_float32, "computed in float32 throughout"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k) + (1 - a) * soft(z, v, T) / T**2, "missing T^2",
          diagnosis="without the factor T^2"),
    Wrong(lambda z, v, k, T, a: (1 - a) * hard(z, k) + a * soft(z, v, T), "alpha on the teacher",
          diagnosis="alpha and 1 - alpha swapped"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k) + (1 - a) * kl_swapped(z, v, T), "KL(q_T || p_T)",
          diagnosis="swapped"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k) + (1 - a) * soft(z, v, T) / z.shape[1], "soft term over N * C",
          diagnosis="N * C"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k) + (1 - a) * T * (softmax(z / T) - softmax(v)) / len(z),
          "teacher not softened", diagnosis="teacher without temperature"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k) + (1 - a) * T**2 * (softmax(z) - softmax(v / T)) / len(z),
          "student not softened", diagnosis="student without temperature"),
    Wrong(lambda z, v, k, T, a: a * hard(z / T, k) / T + (1 - a) * soft(z, v, T), "hard term at temperature T",
          diagnosis="hard term computed at temperature T"),
    Wrong(lambda z, v, k, T, a: a * T**2 * hard(z, k) + (1 - a) * soft(z, v, T) / T**2, "T^2 on the wrong term",
          diagnosis="T^2 put on the hard term"),
    Wrong(lambda z, v, k, T, a: -distillation_grad(z, v, k, T, a), "target minus prediction", diagnosis="wrong sign"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k) + (1 - a) * T * soft(z, v, T), "chain rule's 1/T forgotten",
          diagnosis="T times too large"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k), "the labels' term only", diagnosis="hard term alone"),
    Wrong(lambda z, v, k, T, a: (1 - a) * soft(z, v, T), "the teacher's term only", diagnosis="soft term alone"),
    Wrong(lambda z, v, k, T, a: distillation_grad(z, v, k, T, a) * len(z), "sum over the batch",
          diagnosis="N times too large"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k) + (1 - a) * T * (unshifted_softmax(z / T) - softmax(v / T)) / len(z),
          "no max shift", diagnosis="wide row"),
    Wrong(lambda z, v, k, T, a: a * hard(z, k) + (1 - a) * (softmax(z / T) - softmax(v / T)) / len(z),
          "neither T^2 nor 1/T on the soft term", not_said=("without the factor T^2", "T times too large")),
    Wrong(lambda z, v, k, T, a: soft(z, v, T), "the notebook's soft-term line alone, no alpha",
          not_said=("soft term alone",)),
    Wrong(lambda z, v, k, T, a: (a * (softmax(z) - one_hot(k)) + (1 - a) * T * (softmax(z / T) - softmax(v / T)))
          / len(z), "one_hot(labels) without C: raises when a batch has no label of the last class "
          "(review-10-12 F4: accepted while every batch had one)", diagnosis="need not use every class"),
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
