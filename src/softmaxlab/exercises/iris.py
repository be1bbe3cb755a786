"""Checkers for notebook 08: standardising with training statistics, the model's gradients, accuracy.

Every checker runs fixed adversarial inputs (N != D != C, a set whose own statistics differ from the
training set's, a logit row of spread `WIDE`) and a fresh random input drawn on every call. A mistake is
named only when the answer equals what that mistake computes; no message shows the expected value.
"""
import numpy as np

from ..i18n import N_, _
from ..losses import cross_entropy_backward
from ._core import (WIDE, NotYet, agrees, as_real_array, as_real_number, call, checker, expect_close,
                    expect_unchanged, fresh_rng, solved)
from ._mistakes import is_right


def _pair(result, names, hint):
    """The two arrays of a returned pair (a tuple or a list of two), each read with as_real_array."""
    if result is None:
        raise NotYet(N_("your function returned None: did it forget to `return`?"), hint)
    if isinstance(result, np.ndarray) or not isinstance(result, (tuple, list)) or len(result) != 2:
        kind = (_("an array of shape {shape}").format(shape=result.shape) if isinstance(result, np.ndarray)
                else type(result).__name__)
        raise NotYet(_("return a pair ({first}, {second}); you returned {kind}.").format(
            first=names[0], second=names[1], kind=kind), hint)
    return tuple(as_real_array(part, what=_("your {name}").format(name=name)) for part, name in zip(result, names))


# --- Exercise 1 ---------------------------------------------------------------------------------------------

def _standardize_cases():
    rng = np.random.default_rng(11)
    X_train = rng.normal(size=(20, 3)) * [1.0, 5.0, 0.2] + [5.0, -2.0, 1.0]  # (20, 3)
    X_other = rng.normal(size=(6, 3)) * [2.0, 1.0, 1.0] + [7.0, 0.0, 1.5]  # (6, 3): other statistics
    fresh = fresh_rng()
    N, M, D = int(fresh.integers(15, 30)), int(fresh.integers(4, 9)), int(fresh.integers(2, 6))
    scale, shift = fresh.uniform(0.2, 5, size=D), fresh.uniform(-5, 5, size=D)
    Xr = fresh.normal(size=(N, D)) * scale + shift
    Or = fresh.normal(size=(M, D)) * scale * 1.7 + shift + 1.0
    square = rng.normal(size=(4, 4)) * [1.0, 3.0, 0.5, 2.0] + [1.0, 2.0, 3.0, 4.0]  # N == D: axis slips keep shapes
    return [(_("the fixed sets"), X_train, X_other), (_("random sets"), Xr, Or),
            (_("a square training set and a single new row"), square, X_other[:1, :1].repeat(4, axis=1) + 2.0)]


@checker
def check_standardize(fn):
    """`fn(X_train, X_other)` -> both standardised with the TRAINING mean and std of each feature."""
    hint = _("end with `return X_train_std, X_other_std`.")
    for what, X_train, X_other in _standardize_cases():
        passed_train, passed_other = X_train.copy(), X_other.copy()
        result = call(fn, passed_train, passed_other)
        expect_unchanged(X_train, passed_train, _("your function"))
        expect_unchanged(X_other, passed_other, _("your function"))
        got_train, got_other = _pair(result, (_("standardised training set"), _("standardised second set")), hint)
        mu = X_train.mean(axis=0)
        right = False
        for ddof in (0, 1):  # numpy's default std (ddof=0, also scikit-learn's) or the sample std (ddof=1)
            sd = X_train.std(axis=0, ddof=ddof)
            if is_right(got_train, (X_train - mu) / sd) and is_right(got_other, (X_other - mu) / sd):
                right = True
        if right:
            continue
        sd = X_train.std(axis=0)
        right_train = (X_train - mu) / sd
        if agrees(got_train, (X_train - X_train.mean()) / X_train.std(), right_train):
            raise NotYet(_("for {what} your training set was standardised with ONE mean and std for the whole "
                           "array, not one per feature.").format(what=what),
                         N_("reduce over the samples only: axis=0."))
        if agrees(got_train, (X_train - X_train.mean(axis=1, keepdims=True)) / X_train.std(axis=1, keepdims=True),
                  right_train):
            raise NotYet(_("for {what} each ROW (sample) of your training set was standardised with its own "
                           "statistics (axis=1); features are the columns.").format(what=what),
                         N_("reduce over the samples: axis=0."))
        if agrees(got_train, right_train, right_train) and len(X_other) > 1 and agrees(
                got_other, (X_other - X_other.mean(axis=0)) / X_other.std(axis=0), (X_other - mu) / sd):
            raise NotYet(_("for {what} your second set was standardised with its own statistics: its mean is "
                           "exactly 0 per feature.").format(what=what),
                         N_("use the TRAINING mean and std for both sets; new data must not influence the model."))
        if agrees(got_train, X_train - mu, right_train):
            raise NotYet(_("for {what} your training set was centred but not scaled.").format(what=what),
                         N_("divide by the standard deviation of each feature too."))
        expect_close(got_train, right_train, what=_("your standardised training set ({what})").format(what=what),
                     hint=_("standardise each feature (column) with statistics of the training set."))
        expect_close(got_other, (X_other - mu) / sd, what=_("your standardised second set ({what})").format(what=what),
                     hint=_("use the training statistics for the second set too."))
    return solved(N_("both sets use the training mean and standard deviation, feature by feature."))


# --- Exercise 2 ---------------------------------------------------------------------------------------------

def _gradient_cases():
    """The fixed Iris-like batch, a random one, a wide one, one whose labels miss the last class, and two whose
    logits (X itself, W = identity) hold exps that are finite but sum past float64's range, all subnormal, or
    two scores above 709 in a row."""
    rng = np.random.default_rng(3)
    N, D, C = 12, 4, 3
    X = rng.normal(size=(N, D)) * [1.0, 3.0, 0.5, 2.0] + [0.5, 0.0, -1.0, 1.0]
    labels = rng.integers(0, C, size=N)
    W, b = rng.normal(size=(D, C)), rng.normal(size=C)
    fresh = fresh_rng()
    n, d, c = int(fresh.integers(5, 10)), int(fresh.integers(2, 5)), int(fresh.integers(3, 6))
    eye, zero = np.eye(3), np.zeros(3)
    finite_exps = np.array([[709.0, 709.0, 709.0], [-740.0, -742.0, -800.0], [0.5, 1.0, -0.5]])  # (3, 3)
    two_large = np.array([[750.0, 749.0, 0.0], [710.0, -5.0, 712.0], [1.0, 0.0, 2.0]])  # (3, 3)
    subnormal = np.array([[-740.0, -742.0, -800.0], [-741.0, -739.5, -744.0]])  # (2, 3): nothing overflows
    far = np.array([[2e4, 2e4 + 1.0, 0.0], [0.5, 1.0, -0.5]])  # (2, 3): np.longdouble's exp overflows too
    cases = [(_("the fixed batch"), X, labels, W, b),
             (_("a random batch"), fresh.normal(size=(n, d)), fresh.integers(0, c, size=n), fresh.normal(size=(d, c)),
              fresh.normal(size=c)),
             (_("a batch whose logits spread over 1500"), X[:5], labels[:5], W * 0.1, np.array([0.0, WIDE, -3.0])),
             (_("a batch with labels that never use the last class"), X[:6], np.array([0, 1, 1, 0, 1, 0]), W, b),
             (_("a batch whose logits are [709, 709, 709] (finite exps, an infinite sum), [-740, -742, -800] "
                "(subnormal exps) and a moderate row"), finite_exps, np.array([0, 1, 2]), eye, zero),
             (_("a batch whose rows hold two logits above 709"), two_large, np.array([1, 2, 0]), eye, zero),
             (_("a batch whose exps are all subnormal and none overflows"), subnormal, np.array([0, 2]), eye, zero),
             (_("a batch with a row 2e4 apart"), far, np.array([2, 0]), eye, zero)]
    return cases


def _softmax_shifted_by(logits, shift):
    e = np.exp(logits - shift)
    return e / e.sum(axis=1, keepdims=True)


def _model_gradient(X, labels, W, probs):
    dlogits = (probs - np.eye(W.shape[1])[labels]) / len(X)  # (N, C)
    return X.T @ dlogits, dlogits.sum(axis=0)


GRADIENT_MISTAKES = [  # (what it computes from a case, message, hint): named only if it matches on every case
    (lambda X, k, W, b: tuple(len(X) * g for g in _model_gradient(X, k, W, _softmax_shifted_by(
        X @ W + b, (X @ W + b).max(axis=1, keepdims=True)))),
     N_("dW and db are N times too large on every batch: that is the gradient of the SUM of the losses."),
     N_("the loss is a mean over the batch, so divide by N.")),
    (lambda X, k, W, b: _model_gradient(X, k, W, _softmax_shifted_by(X @ W + b, 0.0)),
     N_("exp of a large logit overflowed: your softmax takes exp of the logits as they are."),
     N_("compute the probabilities with the stable softmax (subtract each row's max).")),
    (lambda X, k, W, b: _model_gradient(X, k, W, _softmax_shifted_by(X @ W + b, (X @ W + b).max())),
     N_("you subtracted the max of the whole batch: every exp of a row far below it underflows to 0, and "
     "0/0 = nan."),
     N_("subtract each row's own max (keepdims=True).")),
]


@checker
def check_model_gradients(fn):
    """`fn(X, labels, W, b)` -> (dW, db) of the mean cross-entropy of logits X @ W + b."""
    answers = []
    for what, X, labels, W, b in _gradient_cases():
        N, C = len(X), W.shape[1]
        dlogits = cross_entropy_backward(X @ W + b, labels)  # (N, C), divided by N
        dW, db = X.T @ dlogits, dlogits.sum(axis=0)  # (D, C), (C,)
        hint = (_("this batch's labels never use the last class ({C} classes, labels {labels}): does every array you "
                  "build have {C} columns?").format(C=C, labels=labels.tolist()) if labels.max() < C - 1 else None)
        result = call(fn, X.copy(), labels.copy(), W.copy(), b.copy(), hint=hint)
        got_dW, got_db = _pair(result, ("dW", "db"), _("end with `return dW, db`."))  # i18n: no  (names in code)
        if got_dW.shape == (C, W.shape[0]) and C != W.shape[0]:
            raise NotYet(_("dW has shape {got}, the transpose of W's {shape}.").format(got=got_dW.shape, shape=W.shape),
                         N_("dW must have W's shape: (D, N) @ (N, C) gives (D, C)."))
        if got_db.shape == (N, C):
            raise NotYet(_("db has shape {shape}: one row per sample.").format(shape=got_db.shape),
                         N_("b is added to every row, so its gradient sums over the rows."))
        answers.append(((what, X, labels, W, b), (got_dW, got_db), (dW, db)))
    tolerances = [(dict(atol=1e-5 * np.abs(dW).max()), dict(atol=1e-5 * np.abs(db).max()))  # entries near 0 by
                  for _case, _got, (dW, db) in answers]  # cancellation: an absolute floor (float32 answers)
    wrong = [i for i, ((_case, got, right), (tol_W, tol_b)) in enumerate(zip(answers, tolerances))
             if not (is_right(got[0], right[0], **tol_W) and is_right(got[1], right[1], **tol_b))]
    if not wrong:
        return solved(N_("dW and db match the gradient of the mean cross-entropy, on eight batches (one random, and "
                         "rows whose exps overflow, underflow, or sum past float64's range, and a row 2e4 apart)."))
    for compute, message, nudge in GRADIENT_MISTAKES:
        with np.errstate(all="ignore"):
            if all(agrees(got[0], mistake[0], right[0]) and agrees(got[1], mistake[1], right[1])
                   for (case, got, right), mistake in ((a, compute(*a[0][1:])) for a in answers)):
                # TRANSLATORS: {what} is a batch, e.g. "the fixed batch"; {message} says what went wrong
                raise NotYet(_("for {what}: {message}").format(what=answers[wrong[0]][0][0], message=_(message)), nudge)
    (what, *_rest), (got_dW, got_db), (dW, db) = answers[wrong[0]]
    tol_W, tol_b = tolerances[wrong[0]]
    if not (np.all(np.isfinite(got_dW)) and np.all(np.isfinite(got_db))):
        raise NotYet(_("for {what} your gradient holds nan or inf.").format(what=what),
                     N_("print the probabilities for this batch: did an exp overflow to inf, or did every exp of a row "
                        "underflow to 0 (then 0/0 = nan)?"))
    expect_close(got_dW, dW, what=_("your dW for {what}").format(what=what), **tol_W,
                 hint=_("notebook 06's y - t for a mean over N rows, then the chain rule through X @ W + b."))
    expect_close(got_db, db, what=_("your db for {what}").format(what=what), **tol_b,
                 hint=_("db sums dlogits over the samples."))
    raise NotYet(_("your dW and db for {what} are not right.").format(what=what),
                 N_("compare them with a numerical gradient."))


# --- Exercise 3 ---------------------------------------------------------------------------------------------

def _accuracy_cases():
    rng = np.random.default_rng(5)
    square = rng.normal(size=(5, 5))  # (5, 5): argmax over the wrong axis still gives a number
    labels_sq = square.argmax(axis=1)
    labels_sq[:2] = 0  # 3 of 5 right; over axis 0: 1 of 5, argmin: 0 of 5, error rate 2 of 5: all different
    logits = rng.normal(size=(8, 3))  # (8, 3)
    labels = logits.argmax(axis=1)
    labels[[1, 4, 6]] = (labels[[1, 4, 6]] + 1) % 3  # 5 of 8 right
    logits[2] = [WIDE - 1.0, WIDE, -3.0]  # a wide row: fine for argmax; an overflowing softmax gives nan, nan, 0
    labels[2] = 1
    fresh = fresh_rng()
    N, C = int(fresh.integers(9, 25)), int(fresh.integers(4, 7))
    logits_r = fresh.normal(size=(N, C))
    labels_r = fresh.integers(0, C, size=N)
    return [(_("a square batch of 5 rows and 5 classes"), square, labels_sq), (_("a batch of 8 rows"), logits, labels),
            (_("a random batch"), logits_r, labels_r)]


@checker
def check_accuracy(fn):
    """`fn(logits, labels)` -> the fraction of rows whose largest logit is the true class."""
    for what, logits, labels in _accuracy_cases():
        expected = float(np.mean(logits.argmax(axis=1) == labels))
        raw = call(fn, logits.copy(), labels.copy(), hint=_("compare each row's predicted class with its label."))
        got = as_real_number(raw, what=_("your accuracy for {what}").format(what=what),
                             hint=_("the accuracy is one number: the mean of the right/wrong comparisons."))
        if is_right(got, expected, rtol=1e-6, atol=1e-12):  # float32 fractions pass; k/N are 1/N apart
            continue
        right_count = int(np.sum(logits.argmax(axis=1) == labels))
        if got == right_count:
            raise NotYet(_("for {what} you returned a count of right predictions; accuracy is a fraction "
                           "between 0 and 1.").format(what=what),
                         N_("divide by the number of rows (or take the mean)."))
        if agrees(got, 100 * expected, expected, rtol=1e-5, atol=1e-8):
            raise NotYet(_("for {what} you returned a percentage; the exercise asks for a fraction between 0 and "
                           "1.").format(what=what), N_("do not multiply by 100."))
        if logits.shape[0] == logits.shape[1] and agrees(got, np.mean(logits.argmax(axis=0) == labels), expected,
                                                         rtol=1e-5, atol=1e-8):
            raise NotYet(_("for {what} you took the argmax over axis 0 (down each column, across samples).").format(
                what=what), N_("each sample is a row: take the argmax along the class axis, axis=1."))
        if agrees(got, 1 - expected, expected, rtol=1e-5, atol=1e-8):
            raise NotYet(_("for {what} you returned the fraction of WRONG rows (the error rate).").format(what=what),
                         N_("count the rows whose prediction equals the label."))
        raise NotYet((_("your accuracy for {what} is wrong: your value ({value:.6g}) is too large.") if got > expected
                      else _("your accuracy for {what} is wrong: your value ({value:.6g}) is too small.")).format(
                         what=what, value=got),
                     N_("which class does each row predict, and what fraction of the rows is that their label?"))
    return solved(N_("the fraction of rows whose largest logit is the true class."))
