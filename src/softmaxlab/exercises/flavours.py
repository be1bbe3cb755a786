"""Checkers for notebook 07: picking the true-class probability, BCE from logits, Keras' CCE.

Each checker runs the learner's function on fixed adversarial inputs (N != C, a row whose true class is not
its largest entry, logits of size 800 and `WIDE`, a probability of exactly 0 and of exactly 1) and on a fresh
random input drawn on every call. A mistake is named only when the answer equals what that mistake computes.
"""
import numpy as np

from ..activations import softmax
from ..losses import binary_cross_entropy
from ..i18n import _
from ._core import WIDE, NotYet, as_real_array, call, checker, expect_close, fresh_rng, solved
from ._mistakes import is_right, same


# --- Exercise 1 ---------------------------------------------------------------------------------------------

def _true_class_cases():
    rng = np.random.default_rng(7)
    probs = softmax(rng.normal(size=(5, 4)) * 2)  # (5, 4): N != C
    labels = probs.argmin(axis=1)  # the true class is never the most likely one
    labels[1] = probs[1].argsort()[1]
    fresh = fresh_rng()
    N, C = int(fresh.integers(6, 10)), int(fresh.integers(3, 6))  # (N, C), N > C
    probs_r = softmax(fresh.normal(size=(N, C)) * 3)
    labels_r = fresh.integers(0, C, size=N)
    labels_r[0] = probs_r[0].argmin()  # at least one row whose true class is not its largest probability
    missing = np.array([0, 2, 1, 2, 0])  # never the last class, 3: one_hot(labels) alone would have 3 columns
    return [(_("a batch of 5 rows and 4 classes"), probs, labels),
            (_("a random batch"), probs_r, labels_r),
            (_("a batch of one row"), probs[3:4], labels[3:4]),
            (_("a batch of 5 rows whose labels never use the last class"), probs, missing)]


@checker
def check_true_class_probs(fn):
    """`fn(probs, labels)` -> (N,) probability of each row's true class."""
    for what, probs, labels in _true_class_cases():
        N = len(labels)
        C = probs.shape[1]
        hint = (_("this batch's labels never use the last class ({C} columns, labels {labels}): does every array "
                  "you build have {C} columns?").format(C=C, labels=labels.tolist()) if labels.max() < C - 1 else
                _("index with two arrays: rows and columns."))
        raw = call(fn, probs.copy(), labels.copy(), hint=hint)
        got = as_real_array(raw, what=_("your result for {case}").format(case=what))
        expected = probs[np.arange(N), labels]
        if is_right(got, expected):
            continue
        if got.shape == (N, N) and N > 1:
            raise NotYet(_("for {case} ({N} rows) you returned an ({N}, {N}) array: `probs[:, labels]` takes every "
                           "listed column for every row.").format(case=what, N=N),
                         _("pair each row with its own label, one entry per row."))
        if got.shape == probs.shape and same(got, probs[labels]):
            raise NotYet(_("for {case} you returned whole rows, shape {shape}: `probs[labels]` picks rows, not "
                           "one entry per row.").format(case=what, shape=got.shape),
                         _("index with two arrays, one for the rows and one for the columns."))
        if same(got, probs.max(axis=1)):
            raise NotYet(_("for {case} you returned each row's largest probability, the predicted class's, "
                           "not the true class's.").format(case=what),
                         _("the true class of row n is labels[n], whatever the model predicts."))
        expect_close(got, expected, what=_("your result for {case}").format(case=what),
                     hint=_("pair each row number with that row's label; np.arange may help."))
    return solved(_("one probability per row, the one of its true class."))


# --- Exercise 3 (notebook order: it comes after Keras') -----------------------------------------------------

def _bce(z, t):
    return binary_cross_entropy(z, t, from_logits=True)


@checker
def check_bce_with_logits(fn):
    """`fn(z, targets)` -> mean binary cross-entropy from logits, exact for any |z|."""
    fresh = fresh_rng()
    n = int(fresh.integers(6, 12))
    cases = [(_("moderate logits"), np.array([2.0, -1.0, 0.0, 3.5, -0.5]), np.array([1.0, 0.0, 1.0, 0.0, 1.0])),
             (_("logits of size {size:g}").format(size=800), np.array([800.0, -800.0, 800.0, -800.0, 30.0]),
              np.array([1.0, 0.0, 0.0, 1.0, 1.0])),
             (_("logits of size {size:g}").format(size=WIDE), np.array([WIDE, -WIDE, 0.5]), np.array([0.0, 0.0, 1.0])),
             (_("random logits"), fresh.normal(size=n) * 6, fresh.integers(0, 2, size=n).astype(float))]
    for what, z, t in cases:
        raw = call(fn, z.copy(), t.copy())
        got = as_real_array(raw, what=_("your loss for {case}").format(case=what))
        if is_right(got, _bce(z, t)):
            continue
        if got.shape == z.shape:
            raise NotYet(_("for {case} you returned one loss per element; the exercise asks for their mean "
                           "(one number).").format(case=what), _("average the per-element losses."))
        if got.shape != ():
            raise NotYet(_("your loss for {case} has shape {shape}; the mean is one number.").format(case=what,
                                                                                                    shape=got.shape),
                         _("average the per-element losses into one number."))
        if same(got, len(z) * _bce(z, t)):
            raise NotYet(_("for {case} you returned the sum of the per-element losses; the exercise asks for their "
                           "mean.").format(case=what), _("divide by the number of elements (or use np.mean)."))
        if not np.isfinite(got):
            raise NotYet(_("for {case} your loss is {loss}: an exp overflowed to inf, or a probability rounded to 0 "
                           "or 1 before its log.").format(case=what, loss=float(got)),
                         _("for z > 0, can you take z out of log(1 + exp(z))? Aim for a loss in which exp only ever "
                           "sees -|z|."))
        sig = 1 / (1 + np.exp(-np.clip(z, -700, 700)))
        clipped = -np.mean(t * np.log(np.clip(sig, 1e-7, 1 - 1e-7)) + (1 - t) * np.log(np.clip(1 - sig, 1e-7, 1)))
        if abs(z).max() > 20 and same(got, clipped, rtol=1e-4):
            raise NotYet(_("for {case} your loss equals the loss of a clipped probability, which caps each "
                           "term near 16; the exact loss grows with |z|.").format(case=what),
                         _("work with the logits themselves; never form sigmoid(z) and clip it."))
        expect_close(got, _bce(z, t), what=_("your loss for {case}").format(case=what),
                     hint=_("write each term with log(1 + exp(...)) of the logits, never of a probability; "
                            "np.log1p may help."))
    return solved(_("exact for any logit: the exponent you take is never positive."))


# --- Exercise 2 ---------------------------------------------------------------------------------------------

def _keras(targets, probs, eps):
    probs = probs / probs.sum(axis=-1, keepdims=True)
    return -np.sum(targets * np.log(np.clip(probs, eps, 1 - eps)), axis=-1)


@checker
def check_keras_cce(fn):
    """`fn(targets, probs, eps)` -> (N,) Keras categorical_crossentropy with from_logits=False."""
    eps = 1e-7
    targets = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0],
                        [1.0, 0.0, 0.0]])  # one-hot rows only: the exercise promises one-hot targets
    probs = np.array([[0.2, 0.7, 0.1],
                      [0.5, 0.5, 0.0],  # true class has probability 0: log(0) without the clip
                      [2.0, 1.0, 1.0],  # not normalised
                      [0.0, 3.0, 0.0],  # true class has probability exactly 1 after normalising: 1 - eps
                      [0.6, 0.4, 3e-8],  # true class below eps but not 0
                      [0.5, 0.3, 0.2]])
    fresh = fresh_rng()
    N, C = int(fresh.integers(4, 8)), int(fresh.integers(3, 6))
    probs_r = fresh.uniform(0.0, 2.0, size=(N, C))  # (N, C), rows not normalised
    labels_r = fresh.integers(0, C, size=N)
    probs_r[0, labels_r[0]] = 0.0
    cases = [(_("the fixed batch"), targets, probs, eps),
             (_("a random batch"), np.eye(C)[labels_r], probs_r, eps),
             (_("the fixed batch with eps = 0.01"), targets, probs, 0.01)]
    for what, t, p, e in cases:
        raw = call(fn, t.copy(), p.copy(), e)
        got = as_real_array(raw, what=_("your losses for {case}").format(case=what))
        if is_right(got, _keras(t, p, e), atol=5e-8):
            continue
        if got.shape == ():
            raise NotYet(_("you returned one number; Keras' function returns one loss per sample, shape (N,)."),
                         _("sum over the class axis only."))
        if got.shape == (len(t),):
            if np.isinf(got).any():
                raise NotYet(_("for {case} a sample gets an infinite loss: a true class has probability 0, and "
                               "log(0) = -inf.").format(case=what), _("Keras clips the probabilities before the log."))
            unnormalised = -np.sum(t * np.log(np.clip(p, e, 1 - e)), axis=-1)
            if same(got, unnormalised):
                raise NotYet(_("for {case} the rows whose 'probabilities' do not sum to 1 get the wrong loss: "
                               "they were not normalised.").format(case=what),
                             _("Keras first divides each row by its sum."))
            p_norm = p / p.sum(axis=-1, keepdims=True)
            plus_eps = -np.sum(t * np.log(p_norm + e), axis=-1)
            if same(got, plus_eps):
                raise NotYet(_("for {case} you computed log(p + eps), which is not Keras' clipping: a probability "
                               "of 1 then costs -eps (a negative loss), and one below eps is not raised to "
                               "eps.").format(case=what),
                             _("clip to the interval [eps, 1 - eps] instead of adding eps."))
        expect_close(got, _keras(t, p, e), what=_("your losses for {case}").format(case=what), atol=5e-8,
                     hint=_("reread what Keras does to the probabilities before the log, and in which order."))
    return solved(_("you reproduced Keras' categorical_crossentropy(from_logits=False): normalise each row, clip to "
                    "[eps, 1 - eps], then -sum(t log p) per sample."))
