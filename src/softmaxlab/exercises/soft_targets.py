"""Checkers for notebook 10: the label-smoothed loss, the distillation gradient (hard and soft terms), and
PyTorch's KL 'batchmean'.

Every checker runs fixed cases chosen so that each misconception it names gives a different answer (N != C,
several eps and T, none of them 1, a row `WIDE` apart where a softmax is involved, targets with zeros and
without), plus a fresh random case at every check. A mistake is named only when the answers equal that
mistake's outputs on every case (``_mistakes.diagnose``); otherwise the verdict describes the first wrong answer.
"""
import numpy as np

from ..activations import log_softmax, softmax
from ..losses import cross_entropy, kl_div, one_hot
from ..i18n import N_, _
from ._core import WIDE, as_real_number, checker, fresh_rng, solved
from ._mistakes import Mistake, answers, diagnose, expect_all_close


def _unshifted_log_softmax(logits):
    with np.errstate(all="ignore"):
        e = np.exp(logits)
        return np.log(e / e.sum(axis=-1, keepdims=True))


# --- Exercise 1: the label-smoothed loss, PyTorch's convention ----------------------------------------------

def _smoothing_cases():
    rng = fresh_rng()
    N, C = int(rng.integers(5, 9)), int(rng.integers(3, 7))
    wide = np.array([[0.0, WIDE, -3.0, 1.0, 0.5], [0.2, -0.4, 1.0, 0.3, 2.0], [-1.0, 0.0, 2.0, 0.5, 0.1]])
    return [(np.array([[2.0, 1.0, 0.1], [0.5, -1.0, 3.0], [0.0, 0.0, 0.0], [1.5, 2.5, -0.5]]), np.array([0, 2, 1, 2]),
             0.1),
            (wide, np.array([1, 3, 0]), 0.25),  # no label of the last class: one_hot(labels) alone is (3, 4)
            (np.array([[1.0, -1.0], [0.3, 0.8], [2.0, 0.0], [-0.5, 0.5], [0.1, 0.2]]), np.array([0, 1, 1, 0, 1]), 0.3),
            (rng.normal(scale=2.0, size=(N, C)), rng.integers(0, C, size=N), float(rng.uniform(0.05, 0.4)))]


def _smoothed_loss(logits, labels, eps):
    return cross_entropy(logits, labels, label_smoothing=eps, reduction="none")


def _soft_ce(logp, t):
    return -(t * logp).sum(axis=-1)


SMOOTHING_MISTAKES = [
    Mistake(lambda c: _soft_ce(log_softmax(c[0]), (1 - c[2] - c[2] / (c[0].shape[1] - 1)) * one_hot(c[1], c[0].shape[1])
                               + c[2] / (c[0].shape[1] - 1)),
            N_("match targets with 1 - eps on the true class and eps / (C - 1) on the others: that is another "
               "convention (fairseq's), not PyTorch's."),
            N_("PyTorch mixes the one-hot row with the uniform row, 1/C for every class (section 2).")),
    Mistake(lambda c: _soft_ce(log_softmax(c[0]), (1 - c[2]) * one_hot(c[1], c[0].shape[1])
                               + (c[2] / c[0].shape[1]) * (1 - one_hot(c[1], c[0].shape[1]))),
            N_("match targets with 1 - eps on the true class and eps / C on the others only: the true class lost "
               "its eps / C, so the targets no longer sum to 1."),
            N_("add eps / C to every class, the true one included; check that each target row sums to 1.")),
    Mistake(lambda c: cross_entropy((1 - c[2]) * c[0] + c[2] / c[0].shape[1], c[1], reduction="none"),
            N_("match the plain loss of smoothed LOGITS, (1 - eps) * logits + eps / C: label smoothing changes the "
               "targets, not the logits."),
            N_("build the smoothed target rows t (section 2); a row's loss is its cross-entropy against t.")),
    Mistake(lambda c: -np.log(((1 - c[2]) * softmax(c[0]) + c[2] / c[0].shape[1])[np.arange(len(c[1])), c[1]]),
            N_("match the loss of smoothed PROBABILITIES, -log((1 - eps) y + eps / C) at the label (the same number "
               "as -log(sum(t * y)), the log taken after the sum): label smoothing changes the targets, and "
               "cross-entropy sums t * log y (notebook 07)."),
            N_("build the smoothed target rows t (section 2); a row's loss is its cross-entropy against t.")),
    Mistake(lambda c: cross_entropy(c[0], c[1], reduction="none"),
            N_("match the loss without smoothing: eps is not used."),
            N_("the targets are the smoothed rows of section 2, not the one-hot rows.")),
    Mistake(lambda c: _soft_ce(log_softmax(c[0]), c[2] * one_hot(c[1], c[0].shape[1]) + (1 - c[2]) / c[0].shape[1]),
            N_("match eps and 1 - eps swapped: most of the target went to the uniform part."),
            N_("with eps = 0.1, the one-hot part keeps 0.9 of the weight.")),
    Mistake(lambda c: _soft_ce(_unshifted_log_softmax(c[0]), (1 - c[2]) * one_hot(c[1], c[0].shape[1])
                               + c[2] / c[0].shape[1]),
            N_("are nan or inf on the wide row (logits 1500 apart): exp overflows without the max shift of "
               "notebook 02."),  # 1500 = WIDE
            N_("use a log-softmax that subtracts the row's max (softmaxlab's `log_softmax` does).")),
    Mistake(lambda c: np.mean(_smoothed_loss(*c)),
            N_("are one number, the mean over the batch; the exercise asks for one loss per sample, shape (N,)."),
            N_("return the (N,) array before averaging (reduction='none').")),
]


@checker
def check_smoothed_losses(fn):
    """`fn(logits, labels, eps)` -> (N,) losses with PyTorch's label smoothing: t = (1 - eps) one_hot + eps / C."""
    cases = _smoothing_cases()
    # TRANSLATORS: the start of a sentence whose verb follows (e.g. "match the loss without smoothing").
    describe = lambda c: _("your losses for logits of shape {shape}, eps = {eps:.3g},").format(shape=c[0].shape,
                                                                                               eps=c[2])
    hint = _("build the smoothed target rows first (section 2) and check that each sums to 1; then a row's loss is "
             "section 1's cross-entropy against them, with a stable log-softmax.")
    raw = answers(fn, cases, describe, hint=
            _("print the shapes: logits (N, C), labels (N,), and the targets (N, C); a batch's labels need not use "
              "every class."))
    expected = [_smoothed_loss(*c) for c in cases]
    diagnose(raw, cases, expected, SMOOTHING_MISTAKES, describe)
    # The wide batch is judged first: an epsilon inside the log (log(y + 1e-7)) is a wrong entry there, while on
    # the other batches it shifts every loss by ~1e-6 relative, which the neutral verdict would call "a factor".
    first = [1, 0, 2, 3]
    expect_all_close([raw[i] for i in first], [cases[i] for i in first], [expected[i] for i in first],
                     lambda c: describe(c).rstrip(","), hint=hint)
    return solved(_("the smoothed losses match PyTorch's CrossEntropyLoss(label_smoothing=eps, reduction='none') on "
                    "four batches, a wide row and a random batch among them."))


# --- Exercise 2: the gradient of the distillation loss, hard and soft terms together ---------------------------
# L = alpha * CE(softmax(z), labels) + (1 - alpha) * T^2 * KL(p_T || q_T), both averaged over the N samples
# (Hinton et al. 2015); its gradient in the student logits z is (alpha (y - t) + (1 - alpha) T (q_T - p_T)) / N.

def _distill_cases():
    rng = fresh_rng()
    N, C = int(rng.integers(5, 9)), int(rng.integers(3, 7))
    fixed = np.random.default_rng(10)
    wide_student = np.array([[WIDE, 0.0, -2.0], [0.5, 1.0, -0.5]])
    return [(fixed.normal(scale=2.0, size=(3, 5)), fixed.normal(scale=3.0, size=(3, 5)), np.array([4, 0, 2]), 4.0, 0.3),
            (fixed.normal(scale=2.0, size=(6, 4)), fixed.normal(scale=3.0, size=(6, 4)), np.array([1, 2, 0, 0, 2, 1]),
             2.5, 0.7),  # no label of the last class: one_hot(labels) without C has 3 columns, not 4
            (wide_student, np.array([[3.0, 1.0, 0.0], [-1.0, 2.0, 0.5]]), np.array([2, 1]), 1.5, 0.2),
            (rng.normal(scale=2.0, size=(N, C)), rng.normal(scale=3.0, size=(N, C)), rng.integers(0, C, size=N),
             float(rng.uniform(2.0, 8.0)), float(rng.uniform(0.1, 0.4)))]


def _q_p(student, teacher, T, ts=None, tt=None):
    return softmax(student / (T if ts is None else ts)), softmax(teacher / (T if tt is None else tt))


def _hard(student, labels):
    """(y - t) / N of the hard term, the mean cross-entropy against the labels at T = 1."""
    return (softmax(student) - one_hot(labels, student.shape[1])) / len(student)


def _soft(student, teacher, T):
    """T (q_T - p_T) / N: the gradient of T^2 KL(p_T || q_T), 'batchmean'."""
    q, p = _q_p(student, teacher, T)
    return T * (q - p) / len(student)


def _combine(c, hard, soft):
    alpha = c[4]
    return alpha * hard + (1 - alpha) * soft


def _distill_grad(student, teacher, labels, T, alpha):
    return alpha * _hard(student, labels) + (1 - alpha) * _soft(student, teacher, T)


def _swapped_soft(student, teacher, T):
    """Gradient of T^2 KL(q_T || p_T) / N with respect to the student logits."""
    q, p = _q_p(student, teacher, T)
    with np.errstate(all="ignore"):
        g = log_softmax(student / T) - log_softmax(teacher / T)  # (N, C)
    return T * q * (g - (q * g).sum(axis=-1, keepdims=True)) / len(student)


def _unshifted(x):
    with np.errstate(all="ignore"):
        e = np.exp(x)
        return e / e.sum(axis=-1, keepdims=True)


DISTILL_MISTAKES = [
    Mistake(lambda c: _combine(c, _hard(c[0], c[2]), _soft(*c[:2], c[3]) / c[3] ** 2),
            N_("matches a soft term without the factor T^2: its gradient shrinks like 1/T^2 as T grows, so the hard "
               "term takes over whenever T is raised."),
            N_("Hinton et al. multiply the soft term by T^2 to keep the two terms in proportion (section 6).")),
    Mistake(lambda c: (1 - c[4]) * _hard(c[0], c[2]) + c[4] * _soft(*c[:2], c[3]),
            N_("matches alpha and 1 - alpha swapped: alpha weighs the hard labels, 1 - alpha the teacher."),
            N_("reread the loss of section 6: which term does alpha multiply?")),
    Mistake(lambda c: _combine(c, _hard(c[0], c[2]), _swapped_soft(*c[:2], c[3])),
            N_("matches a soft term of KL(q_T || p_T): the two distributions are swapped. The teacher's p_T is the "
               "target, the first argument of KL."),
            N_("KL(p || q) = sum p log(p / q); with p fixed, its gradient in the student's logits is short.")),
    Mistake(lambda c: _combine(c, _hard(c[0], c[2]), _soft(*c[:2], c[3]) / c[0].shape[1]),
            N_("matches a soft term averaged over the N * C entries (KLDivLoss's 'mean'), not over the N samples."),
            N_("'batchmean' divides the sum by N only.")),
    Mistake(lambda c: _combine(c, _hard(c[0], c[2]), c[3] * (softmax(c[0] / c[3]) - softmax(c[1])) / len(c[0])),
            N_("matches a teacher without temperature in the soft term: p = softmax(teacher) while the student is "
               "divided by T."), N_("teacher and student are softened by the same T.")),
    Mistake(lambda c: _combine(c, _hard(c[0], c[2]), c[3] ** 2 * (softmax(c[0]) - softmax(c[1] / c[3])) / len(c[0])),
            N_("matches a student without temperature in the soft term: q = softmax(student) while the teacher is "
               "divided by T."), N_("teacher and student are softened by the same T.")),
    Mistake(lambda c: _combine(c, _hard(c[0] / c[3], c[2]) / c[3], _soft(*c[:2], c[3])),
            N_("matches a hard term computed at temperature T: the cross-entropy with the labels uses the student's "
               "ordinary probabilities, softmax(z), at T = 1."),
            N_("only the soft term is softened; the hard term is the cross-entropy of notebook 06.")),
    Mistake(lambda c: _combine(c, c[3] ** 2 * _hard(c[0], c[2]), _soft(*c[:2], c[3]) / c[3] ** 2),
            N_("matches a T^2 put on the hard term instead of the soft one."),
            N_("the T^2 compensates the 1/T^2 of the softened term only.")),
    Mistake(lambda c: -_distill_grad(*c),
            N_("has the wrong sign: each term's gradient is prediction minus target."),
            N_("as in notebook 06: the student's probabilities minus the targets.")),
    Mistake(lambda c: _combine(c, _hard(c[0], c[2]), c[3] * _soft(*c[:2], c[3])),
            N_("matches a soft term T times too large: the chain rule through z / T brings a factor 1/T, which cancels "
               "one T of T^2."), N_("d q_T / d z = (1 / T) times the softmax Jacobian at z / T.")),
    Mistake(lambda c: _combine(c, _hard(c[0], c[2]), np.zeros_like(c[0])),
            N_("matches the hard term alone: the teacher's term is missing."),
            N_("the loss has two terms; the teacher enters through the second.")),
    Mistake(lambda c: _combine(c, np.zeros_like(c[0]), _soft(*c[:2], c[3])),
            N_("matches the soft term alone: the labels' term is missing."),
            N_("the loss has two terms; the labels enter through the first.")),
    Mistake(lambda c: _distill_grad(*c) * len(c[0]),
            N_("is N times too large: that is the gradient of the SUM over the batch, not of the mean."),
            N_("both terms are averaged over the N samples.")),
    Mistake(lambda c: _combine(c, _hard(c[0], c[2]), c[3] * (_unshifted(c[0] / c[3]) - softmax(c[1] / c[3]))
                               / len(c[0])),
            N_("gives nan on the wide row (student logits 1500 apart): exp(z / T) overflows without the max "
               "shift of notebook 02."),  # 1500 = WIDE
            N_("use a softmax that subtracts the row's max (softmaxlab's `softmax` does).")),
]


@checker
def check_distillation_grad(fn):
    """`fn(student_logits, teacher_logits, labels, T, alpha)` -> (N, C) gradient in the student logits of
    alpha * CE(labels) + (1 - alpha) * T^2 * KL(p_T || q_T), both averaged over the N samples."""
    cases = _distill_cases()
    describe = lambda c: _("your gradient for a batch of shape {shape}, T = {T:.3g}, alpha = {alpha:.2g},").format(
        shape=c[0].shape, T=c[3], alpha=c[4])
    hint = _("take the two terms one at a time: the first is the y - t of notebook 06 at T = 1; for the second, "
             "start from y - t with the teacher as the target and follow the chain rule through z / T and the "
             "factor T^2; then weigh them by alpha and 1 - alpha and average over the N samples.")
    raw = answers(fn, cases, describe, hint=
            _("print the shapes: both logits are (N, C), labels (N,), T and alpha numbers; a batch's labels need "
              "not use every class."))
    expected = [_distill_grad(*c) for c in cases]
    diagnose(raw, cases, expected, DISTILL_MISTAKES, describe)
    expect_all_close(raw, cases, expected, lambda c: describe(c).rstrip(","), hint=hint)
    return solved(_("(alpha (y - t) + (1 - alpha) T (q_T - p_T)) / N on four batches (T = 4, 2.5, 1.5 with a wide "
                    "row, and a random T): with T^2 the teacher's term keeps its weight against the labels' as T "
                    "changes."))


# --- Exercise 3: KL with PyTorch's 'batchmean' --------------------------------------------------------------

def _kl_cases():
    rng = fresh_rng()
    N, C = int(rng.integers(5, 9)), int(rng.integers(3, 7))
    targets_r = softmax(rng.normal(scale=2.0, size=(N, C)))
    targets_r[0] = one_hot(int(rng.integers(C)), C)  # a one-hot row: zeros where 0 log 0 = 0 is needed
    targets_a = np.array([[0.7, 0.2, 0.1], [0.0, 1.0, 0.0], [0.25, 0.25, 0.5], [0.1, 0.0, 0.9]])
    targets_b = np.array([[0.1, 0.2, 0.3, 0.15, 0.25], [0.6, 0.1, 0.1, 0.1, 0.1]])  # no zero
    return [(log_softmax(np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0], [0.0, 0.0, 0.0], [-1.0, 0.3, 1.2]])), targets_a),
            (log_softmax(np.array([[2.0, 1.0, 0.0, -1.0, 0.5], [0.0, 0.2, -0.3, 1.0, 0.4]])), targets_b),
            (log_softmax(rng.normal(scale=2.0, size=(N, C))), targets_r)]


def _kl_rows(x, t):
    return kl_div(x, t, reduction="none").sum(axis=-1)  # (N,)


def _naive_terms(x, t):
    with np.errstate(all="ignore"):
        return t * (np.log(t) - x)


KL_MISTAKES = [
    Mistake(lambda c: kl_div(*c, reduction="mean"),
            N_("is C times too small: that is reduction='mean', which divides by every entry, N * C."),
            N_("'batchmean' divides the sum by the number of samples N, the first dimension.")),
    Mistake(lambda c: kl_div(*c, reduction="sum"),
            N_("is N times too large: that is the sum over the batch; 'batchmean' averages over the samples."),
            N_("divide the sum by N, the number of rows.")),
    Mistake(lambda c: np.sum(np.exp(c[0]) * (c[0] - np.log(c[1]))) / len(c[0]),
            N_("matches KL(y || t), the arguments swapped: PyTorch's kl_div(input, target) is KL(target || model)."),
            N_("the target's probabilities weight the terms.")),
    Mistake(lambda c: -np.sum(c[1] * c[0]) / len(c[0]),
            N_("matches the cross-entropy -sum(t * input) / N: the entropy of the targets, sum t log t, is missing."),
            N_("KL = CE - H(t): which term does the entropy add?")),
    Mistake(lambda c: np.sum(_naive_terms(*c)) / len(c[0]),
            N_("is nan: a target of exactly 0 gives 0 * log 0 = 0 * (-inf) = nan in floating point."),
            N_("a zero target contributes 0 (its limit): leave those entries out without ever taking log 0.")),
    Mistake(lambda c: -kl_div(*c, reduction="batchmean"),
            N_("has the wrong sign: KL is never negative."),
            N_("reread section 5's KL term: which log is given to you, which do you take yourself?")),
    Mistake(lambda c: _kl_rows(*c),
            N_("is one KL per sample, shape (N,); the exercise asks for their mean, one number."),
            N_("average the per-row sums over the N rows.")),
    Mistake(lambda c: np.sum(np.where(c[1] > 0, c[1] * (np.log(c[1]) - np.log(c[0])), 0.0)) / len(c[0]),
            N_("is nan: the log of the input was taken, but the input already holds log-probabilities (negative "
               "numbers)."),
            N_("input is log y: use it as it is.")),
]


@checker
def check_kl_batchmean(fn):
    """`fn(log_probs, targets)` -> one number: PyTorch's kl_div(log_probs, targets, reduction='batchmean')."""
    cases = _kl_cases()
    describe = lambda c: _("your KL for a batch of shape {shape}").format(shape=c[0].shape)
    hint = _("reread section 7: which log are you given, what does a zero target add, and what does 'batchmean' "
             "divide by?")
    raw = answers(fn, cases, describe, hint=_("log_probs and targets are both (N, C)."))
    expected = [kl_div(*c, reduction="batchmean") for c in cases]
    diagnose(raw, cases, expected, KL_MISTAKES, lambda c: describe(c))
    for got, case in zip(raw, cases):
        as_real_number(got, what=describe(case))
    expect_all_close(raw, cases, expected, describe, hint=hint)
    return solved(_("KLDivLoss(reduction='batchmean') on three batches, one-hot rows with zeros among them: the "
                    "mean KL per sample."))
