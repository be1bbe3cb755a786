"""Checkers for notebook 06: the gradient y - t for one sample and a batch, and one step of gradient descent.

Every checker runs fixed cases chosen so that each misconception it names gives a different answer
(a wide row, non-square batches, N != C, lr != 1), plus fresh random cases at every check. A
diagnosis is given only when the attempt's answers equal that misconception's on every case.
"""
import numpy as np

from ..activations import softmax
from ..i18n import N_, _
from ..losses import cross_entropy, one_hot
from ._core import WIDE, NotYet, agrees, as_real_array, call, checker, expect_close, fresh_rng, solved


# Two more cases for every softmax-based checker (review-05-09): rows whose exps are all subnormal while nothing in
# the batch overflows (a shift applied only when something overflows leaves them unshifted, a few % off), and a row
# 2e4 apart (an unshifted exp in np.longdouble, 80-bit on x86, survives WIDE = 1500 but not this).
SUBNORMAL_ROWS = np.array([[-740.0, -742.0, -800.0], [-741.0, -739.5, -744.0]])  # (2, 3)
FAR_ROW = np.array([2e4, 2e4 + 1.0, 0.0])  # (3,)


def _unshifted_softmax(logits, axis=-1):
    e = np.exp(logits)
    return e / e.sum(axis=axis, keepdims=True)


def _same(got, other, right):
    """`got` equals `other` within the precision policy for got's dtype and the right answer `right`."""
    return agrees(got, other, right, rtol=1e-6, atol=1e-12)


def _first_match(answers, candidates, reference):
    """The (message, nudge) of the first misconception whose outputs every answer equals; `reference(*case)` is
    the right answer."""
    for wrong, message, nudge in candidates:
        with np.errstate(all="ignore"):
            if all(_same(got, wrong(*case), reference(*case)) for case, got in answers):
                return _(message).format(wide=f"{WIDE:.0f}"), nudge  # the one placeholder of these tables
    return None


def _one_sample(logits, label):
    return softmax(logits) - one_hot(label, len(logits))  # (C,)


def _batch(logits, labels):
    return (softmax(logits) - one_hot(labels, logits.shape[1])) / len(logits)  # (N, C)


ONE_WRONG = [
    (lambda a, k: softmax(a), N_("you returned y: the target t is missing."),
     N_("the true class's entry must come out negative (its logit should go up).")),
    (lambda a, k: one_hot(k, len(a)) - softmax(a), N_("the sign is flipped: that is t - y."),
     N_("the true class's entry must come out negative, the others positive.")),
    (lambda a, k: a - one_hot(k, len(a)), N_("you subtracted t from the logits; the gradient uses the probabilities."),
     N_("the entries of the gradient lie between -1 and 1.")),
    (lambda a, k: softmax(a) - one_hot((k - 1) % len(a), len(a)),
     N_("the 1 of t sits one class too early: labels count from 0, as NumPy does."),
     N_("label is the index of the true class: t[label] = 1.")),
    (lambda a, k: _unshifted_softmax(a) - one_hot(k, len(a)),
     N_("exp overflows on the wide row (logits {wide} apart) and gives nan: the softmax needs the max shift "
     "of notebook 02."),
     N_("use a softmax that subtracts the row's max first (softmaxlab's `softmax` does).")),
    (lambda a, k: -np.log(softmax(a)) * one_hot(k, len(a)), N_("you returned the loss -t log y, not its gradient."),
     N_("the gradient has an entry for every class, and they sum to 0.")),
]


def _one_cases():
    rng = fresh_rng()
    C = int(rng.integers(5, 8))
    return [(np.array([2.0, 1.0, 0.1]), 0), (np.array([-1.0, 0.5, 3.0, 0.0]), 3),
            (np.array([0.0, WIDE, -3.0]), 2), (np.array([709.0, 709.0, 709.0]), 1),  # finite exps, sum past 1.8e308
            (np.array([-740.0, -742.0, -800.0]), 0), (np.array([750.0, 749.0, 0.0]), 1),  # subnormal exps; two > 709
            (FAR_ROW, 2), (rng.normal(scale=2.0, size=C), int(rng.integers(C)))]


@checker
def check_dlogits_one(fn):
    """`fn(logits, label)` for one sample (C,) should return y - t, shape (C,), leaving logits unchanged."""
    answers = []
    for logits, label in _one_cases():
        given = logits.copy()
        got = as_real_array(call(fn, given, label), what=_("your gradient for {n} logits, label {label}").format(
            n=len(logits), label=label))
        if not np.array_equal(given, logits):
            raise NotYet(N_("your function changed the logits it was given."),
                         N_("compute into a new array: the caller's logits must stay as they were."))
        answers.append(((logits, label), got))
    found = _first_match(answers, ONE_WRONG, _one_sample)
    if found:
        raise NotYet(*found)
    for (logits, label), got in answers:
        expect_close(got, _one_sample(logits, label),
                     what=_("your gradient for {n} logits, label {label}").format(n=len(logits), label=label),
                     hint=_("section 1: the derivative of -log y_label with respect to every logit."))
    return solved(N_("dL/da = y - t for one sample: eight cases, among them a wide row, logits 2e4 apart, exps that "
                     "sum past the float64 range, subnormal exps, and a random one."))


BATCH_WRONG = [
    (lambda a, k: softmax(a) - one_hot(k, a.shape[1]),
     N_("your gradient is N times too large: that is the gradient of the SUM of the losses."),
     N_("the loss is the mean over the batch.")),
    (lambda a, k: (softmax(a) - one_hot(k, a.shape[1])) / a.shape[1],
     N_("you divided by the number of classes C; the mean is over the N samples."),
     N_("how many losses are averaged?")),
    (lambda a, k: (softmax(a, axis=0) - one_hot(k, a.shape[1])) / len(a),
     N_("softmax was taken down the columns (axis=0), across samples."), N_("each row is one sample.")),
    (lambda a, k: (softmax(a) - one_hot(k, a.shape[1])) / a.size,
     N_("you divided by N * C, the number of entries; the mean is over the N samples."),
     N_("how many losses are averaged?")),
    (lambda a, k: (_unshifted_softmax(a) - one_hot(k, a.shape[1])) / len(a),
     N_("exp overflows on the wide row (logits {wide} apart) and gives nan: the softmax needs the max shift "
     "of notebook 02."),
     N_("subtract each row's max before exp (softmaxlab's `softmax` does).")),
    (lambda a, k: (np.exp(a - a.max()) / np.exp(a - a.max()).sum(axis=-1, keepdims=True)
                   - one_hot(k, a.shape[1])) / len(a),
     N_("you subtracted the max of the whole batch: rows far below it underflow to 0/0 = nan."),
     N_("subtract each row's own max (keepdims=True).")),
    (lambda a, k: (one_hot(k, a.shape[1]) - softmax(a)) / len(a), N_("the sign is flipped: that is (t - y) / N."),
     N_("the true class's entries must come out negative.")),
]


MISSING_LAST = N_("this batch's labels never use the last class")


def _batch_cases():
    """Fixed batches (a wide row and one 2e4 apart; rows whose exps are all finite but sum past the float64 range,
    or are all subnormal, also in a batch where nothing overflows; rows with two scores above 709; labels that never
    use the last class), then a random one."""
    rng = fresh_rng()
    N, C = int(rng.integers(5, 9)), int(rng.integers(2, 5))
    return [(np.array([[2.0, 1.0, 0.1], [0.5, -1.0, 3.0], [0.0, 0.0, 0.0], [1.5, 2.5, -0.5]]), np.array([0, 2, 1, 2])),
            (np.array([[0.0, WIDE, -3.0, 1.0], [0.2, -0.4, 1.0, 0.3], [*FAR_ROW, 0.5]]), np.array([1, 3, 0])),
            (np.array([[1.0, -1.0], [0.3, 0.8], [2.0, 0.0], SUBNORMAL_ROWS[0, :2], [0.1, 0.2]]),  # nothing overflows
             np.array([0, 1, 1, 0, 1])),
            (np.array([[709.0, 709.0, 709.0], [-740.0, -742.0, -800.0], [0.5, 1.0, -0.5]]), np.array([0, 1, 2])),
            (np.array([[750.0, 749.0, 0.0], [710.0, -5.0, 712.0]]), np.array([1, 2])),
            (np.array([[0.3, -1.2, 2.0, 0.5], [1.0, 0.0, -1.0, 2.0], [-0.5, 0.5, 1.5, 0.0]]), np.array([0, 2, 1])),
            (rng.normal(scale=2.0, size=(N, C)), rng.integers(0, C, size=N))]


@checker
def check_dlogits_batch(fn):
    """`fn(logits, labels)` for a batch (N, C) should return the gradient of the MEAN loss: (y - t) / N."""
    answers = []
    for logits, labels in _batch_cases():
        given, given_labels = logits.copy(), labels.copy()
        C = logits.shape[1]
        hint = (_("this batch's labels never use the last class ({C} columns, labels {labels}): does every array you "
                  "build have {C} columns?").format(C=C, labels=labels.tolist()) if labels.max() < C - 1 else None)
        got = as_real_array(call(fn, given, given_labels, hint=hint),
                            what=_("your gradient for a batch of shape {shape}").format(shape=logits.shape))
        if not (np.array_equal(given, logits) and np.array_equal(given_labels, labels)):
            raise NotYet(N_("your function changed the logits or labels it was given."),
                         N_("compute into a new array: the caller's arrays must stay as they were."))
        answers.append(((logits, labels), got))
    found = _first_match(answers, BATCH_WRONG, _batch)
    if found:
        raise NotYet(*found)
    for (logits, labels), got in answers:
        C = logits.shape[1]
        expect_close(got, _batch(logits, labels),
                     what=(_("your gradient for a batch of shape {shape} ({note})").format(
                         shape=logits.shape, note=_(MISSING_LAST)) if labels.max() < C - 1 else
                         _("your gradient for a batch of shape {shape}").format(shape=logits.shape)),
                     hint=_("section 3: each row is one sample's gradient, scaled for the mean over the batch."))
    return solved(N_("(y - t) / N: right for seven batches, among them a wide row and one 2e4 apart, rows whose exps "
                     "sum past the float64 range or are all subnormal, labels that miss the last class, and one drawn "
                     "at random."))


def _gd_cases():
    rng = fresh_rng()
    C, D = int(rng.integers(3, 6)), int(rng.integers(2, 7))
    fixed = np.random.default_rng(7)
    return [(fixed.normal(size=(3, 4)), fixed.normal(size=3), fixed.normal(size=4), 1, 0.1),
            (fixed.normal(size=(4, 2)), fixed.normal(size=4), np.array([1.5, -2.0]), 3, 0.5),
            (fixed.normal(size=(3, 2)), np.array([0.0, 800.0, -3.0]), np.array([0.5, -1.0]), 0, 0.2),  # logits 800 apart
            (SMALL_W, SUBNORMAL_ROWS[0], np.array([0.5, -1.0]), 1, 0.3),  # logits near -740: subnormal exps
            (SMALL_W, FAR_ROW, np.array([0.5, -1.0]), 0, 0.3),  # logits 2e4 apart
            (rng.normal(size=(C, D)), rng.normal(size=C), rng.normal(size=D), int(rng.integers(C)),
             float(rng.uniform(0.05, 0.8)))]


SMALL_W = np.array([[0.01, -0.02], [0.03, 0.0], [-0.01, 0.02]])  # (3, 2): the logits stay near B


def _dlogits(W, B, x, label):
    return softmax(W @ x + B) - one_hot(label, len(B))


def _gd_step(W, B, x, label, lr):
    d = _dlogits(W, B, x, label)  # (C,)
    return W - lr * np.outer(d, x), B - lr * d  # (C, D), (C,)


GD_WRONG = [
    (lambda W, B, x, k, lr: (W + lr * np.outer(_dlogits(W, B, x, k), x), B + lr * _dlogits(W, B, x, k)),
     N_("you stepped uphill: adding lr * gradient makes the loss larger."),
     N_("gradient DEScent goes against the gradient.")),
    (lambda W, B, x, k, lr: (W - np.outer(_dlogits(W, B, x, k), x), B - _dlogits(W, B, x, k)),
     N_("the learning rate is missing: you took a step of the whole gradient."), N_("scale the step by lr.")),
    (lambda W, B, x, k, lr: (W - lr * np.outer(_dlogits(W, B, x, k), x), B),
     N_("W moved but B did not: B has a gradient too."),
     N_("how does B enter the logits? Follow the chain rule to it.")),
    (lambda W, B, x, k, lr: (W - lr * np.outer(softmax(W @ x + B), x), B - lr * softmax(W @ x + B)),
     N_("your gradient is y: the target t is missing."), N_("dL/dlogits of notebook 06 is y - t.")),
    (lambda W, B, x, k, lr: (W - lr * _dlogits(W, B, x, k)[:, None] * np.ones_like(W), B - lr * _dlogits(W, B, x, k)),
     N_("dW does not use x: every column of W got the same step y - t."),
     N_("logits = W x + B: which entry of x does W[i, j] multiply?")),
]


@checker
def check_gd_step(fn):
    """`fn(W, B, x, label, lr)` should return (W - lr dW, B - lr dB) for logits = W @ x + B and the loss -log y_label."""
    answers = []
    for W, B, x, label, lr in _gd_cases():
        W_in, B_in, x_in = W.copy(), B.copy(), x.copy()
        got = call(fn, W_in, B_in, x_in, label, lr,
                   hint=_("print the shapes: W is (C, D), x is (D,), B is (C,), and dW must have the shape of W."))
        if not (np.array_equal(W_in, W) and np.array_equal(B_in, B) and np.array_equal(x_in, x)):
            raise NotYet(N_("your function changed W, B or x in place."),
                         N_("return new arrays, so the caller's parameters stay as they were."))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            names = "(W_new, B_new)"  # i18n: no
            raise NotYet((_("expected a pair {names}, got {kind} of length {n}.").format(
                names=names, kind=type(got).__name__, n=len(got)) if isinstance(got, (tuple, list)) else
                _("expected a pair {names}, got {kind}.").format(names=names, kind=type(got).__name__)),
                N_("return the two new arrays, e.g. `return W_new, B_new`."))
        W_new = as_real_array(got[0], what=_("your new W for W of shape {shape}").format(shape=W.shape))
        B_new = as_real_array(got[1], what=_("your new B for B of shape {shape}").format(shape=B.shape))
        if W_new.shape != W.shape:
            raise NotYet(_("your new W has shape {got}; W has shape {shape}.").format(got=W_new.shape, shape=W.shape),
                         N_("dW must have the shape of W: (C, D), one row per class."))
        answers.append(((W, B, x, label, lr), (W_new, B_new)))
    for wrong, message, nudge in GD_WRONG:
        with np.errstate(all="ignore"):
            if all(_same(Wn, wW, rW) and _same(Bn, wB, rB)
                   for (Wn, Bn), (wW, wB), (rW, rB) in ((got, wrong(*case), _gd_step(*case)) for case, got in answers)):
                raise NotYet(_(message).format(wide=f"{WIDE:.0f}"), nudge)
    for case, (W_new, B_new) in answers:
        W, B, x, label, lr = case
        right_W, right_B = _gd_step(*case)
        expect_close(W_new, right_W, what=_("your new W (shape {shape}, lr={lr:.3g})").format(shape=W.shape, lr=lr),
                     hint=_("the gradient for the logits first; then which entry of x does W[i, j] multiply?"))
        expect_close(B_new, right_B, what=_("your new B (shape {shape}, lr={lr:.3g})").format(shape=B.shape, lr=lr),
                     hint=_("how does B enter the logits, and what does the chain rule then give for dL/dB?"))
    W, B, x, label, lr = answers[0][0]
    before, after = cross_entropy(W @ x + B, label), cross_entropy(answers[0][1][0] @ x + answers[0][1][1], label)
    return solved(_("W - lr dW and B - lr dB are right on six problems (logits 800 and 2e4 apart, subnormal exps, "
                    "one drawn at random); on the first, the step lowered the loss from {before:.4f} to "
                    "{after:.4f}.").format(before=before, after=after))
