"""Checkers for notebook 09, the pitfalls clinic: one per fix.

Every checker runs fixed adversarial inputs (non-square batches, rows `WIDE` apart, probabilities of exactly
0 and 1, a large eps, float32 and float64 arrays) and a fresh random input drawn on every call. A mistake is
named only when the answer equals what that mistake computes; no message shows the expected value.
"""
import numpy as np

from ..activations import softmax, softmax_jacobian
from ..i18n import N_, _
from ..losses import binary_cross_entropy, cross_entropy_backward, one_hot
from ._core import WIDE, NotYet, agrees, answer_dtype, as_real_array, call, checker, expect_close, fresh_rng, solved
from ._mistakes import is_right, same


# --- Exercise 1: the Jacobian -------------------------------------------------------------------------------

@checker
def check_jacobian(fn):
    """`fn(y)` -> the (C, C) softmax Jacobian diag(y) - y y^T, for any C."""
    fresh = fresh_rng()
    ys = [softmax(np.array([0.5, -1.0, 2.0])), softmax(np.array([1.0, 0.2, -0.3, 0.8])), np.array([0.3, 0.7]),
          softmax(fresh.normal(size=int(fresh.integers(5, 9))) * 2)]
    for y in ys:
        C = len(y)
        what = _("your Jacobian for C = {C}").format(C=C)
        got = as_real_array(call(fn, y.copy()), what=what)
        expected = softmax_jacobian(y)
        if is_right(got, expected, what=what):
            continue
        if got.shape == (C, C):
            off, dtype = ~np.eye(C, dtype=bool), answer_dtype(got)
            if agrees(got[off], expected[off], expected[off], rtol=1e-5, atol=1e-8, dtype=dtype) and not agrees(
                    np.diag(got), np.diag(expected), np.diag(expected), rtol=1e-5, atol=1e-8, dtype=dtype):
                wrong = [f"J[{i}, {i}]" for i in range(C)
                         if not agrees(got[i, i], expected[i, i], np.diag(expected), rtol=1e-5, atol=1e-8, dtype=dtype)]
                message = (_("for C = {C} the off-diagonal entries are right, but diagonal entry {entry} (0-based) "
                             "is wrong.") if len(wrong) == 1 else
                           _("for C = {C} the off-diagonal entries are right, but diagonal entries {entries} and "
                             "{last} (0-based) are wrong."))
                raise NotYet(message.format(C=C, entry=wrong[0], entries=", ".join(wrong[:-1]), last=wrong[-1]),
                             N_("on the diagonal, J[i, i] = y_i (1 - y_i): the same index twice."))
            if agrees(np.diag(got), np.diag(expected), np.diag(expected), rtol=1e-5, atol=1e-8, dtype=dtype) and \
                    agrees(got[off], np.zeros(C * C - C), expected[off], rtol=1e-5, atol=1e-8, dtype=dtype):
                raise NotYet(_("for C = {C} your diagonal is right, but every off-diagonal entry is 0.").format(C=C),
                             N_("J[i, j] = -y_i y_j off the diagonal: a change in a_j lowers every other output."))
        expect_close(got, expected, what=what,
                     hint=N_("a diagonal part and a part made of all the products y_i y_j; NumPy has a function for "
                             "each."))
    return solved(N_("the Jacobian is right for 2, 3 and 4 classes, and for a random number of classes from 5 to 8."))


# --- Exercise 2: softmax of each row ------------------------------------------------------------------------

# Also in Exercise 7 (review-05-09): exps all subnormal while nothing overflows (a shift applied only when something
# overflows leaves them unshifted, a few % off), and a row 2e4 apart (np.longdouble's exp overflows there too).
SUBNORMAL_ROWS = np.array([[-740.0, -742.0, -800.0], [-741.0, -739.5, -744.0]])  # (2, 3)
FAR_ROWS = np.array([[2e4, 2e4 + 1.0, 0.0], [1.0, 2.0, 3.0]])  # (2, 3)

def _row_softmax_variants(x):
    with np.errstate(all="ignore"):
        e_batch = np.exp(x - x.max())
        e_none = np.exp(x)
        e_min = np.exp(x - x.min(axis=1, keepdims=True))
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return {
            "batch": e_batch / e_batch.sum(axis=1, keepdims=True),
            "none": e_none / e_none.sum(axis=1, keepdims=True),
            "min": e_min / e_min.sum(axis=1, keepdims=True),
            "mean": (lambda m: m / m.sum(axis=1, keepdims=True))(np.exp(x - x.mean(axis=1, keepdims=True))),
            "first": (lambda f: f / f.sum(axis=1, keepdims=True))(np.exp(x - x[:, :1])),
            "columns": softmax(x, axis=0) if x.shape[0] > 1 else None,
            "keepdims": e / e.sum(axis=1) if x.shape[0] == x.shape[1] else None,
        }


@checker
def check_softmax_rows(fn):
    """`fn(x)` -> softmax of each row of a (N, C) batch, stable whatever the rows' offsets and spreads."""
    fresh = fresh_rng()
    N, C = int(fresh.integers(5, 9)), int(fresh.integers(2, 5))
    random_rows = fresh.normal(size=(N, C)) * 3 + fresh.uniform(-900, 900, size=(N, 1))  # rows far apart
    random_rows[fresh.integers(N)] = fresh.permutation([0.0, WIDE] + [-3.0] * (C - 2))  # one wide row
    cases = [(_("a square batch of 3 rows"), np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0], [2.0, 4.0, -2.0]])),
             # wide rows, chosen so that every unstable shift leaves nan in a different set of rows
             (_("a batch with wide rows"), np.array([[0.0, WIDE, -3.0], [0.0, -WIDE, 1.0], [700.0, 710.0, 720.0],
                                                  [-WIDE, 0.0, 1.0], [1.0, 2.0, 3.0]])),
             (_("a batch whose rows are far apart"), np.array([[1.0, 2.0, 3.0, 0.5], [1000.0, 1001.0, 999.0, 1000.5]])),
             # no exp overflows here: [709, 709, 709] has finite exps whose sum does, the second row's are subnormal
             (_("a batch with rows [709, 709, 709] and [-740, -742, -800]"),
              np.array([[709.0, 709.0, 709.0], [-740.0, -742.0, -800.0], [1.0, 2.0, 3.0]])),
             (_("a batch whose rows hold two scores above 709"), np.array([[750.0, 749.0, 0.0], [710.0, -5.0, 712.0]])),
             # one score far below two large ones: the mean shift overflows here, the median's does not
             (_("a batch with a row [-2000, 700, 720]"), np.array([[-2000.0, 700.0, 720.0], [1.0, 2.0, 3.0]])),
             (_("a batch whose exps are all subnormal and none overflows"), SUBNORMAL_ROWS),
             (_("a batch with a row 2e4 apart"), FAR_ROWS),
             (_("a random batch"), random_rows)]
    answered, crash = [], None
    for what, x in cases:
        given = x.copy()
        try:
            answered.append((what, x, as_real_array(call(fn, given), what=_("your softmax of {batch}").format(batch=what))))
        except NotYet as stop:  # a mistake is still named if it matches every answer given before the crash
            crash = stop
            break
        if not np.array_equal(given, x):  # as 06 Ex1 and this notebook's Ex8: the caller's array stays as it was
            raise NotYet(_("for {batch} your function changed the batch it was given (an in-place -= or /= on x).")
                         .format(batch=what), N_("compute into a new array: `shifted = x - ...` instead of `x -= ...`."))
    wrong = [(what, x, got) for what, x, got in answered if not is_right(got, softmax(x, axis=-1))]
    if not wrong and crash is None:
        return solved(N_("every row is normalised on its own, and no row overflows or underflows (rows whose exps "
                         "sum past float64's range, are subnormal, hold two scores above 709, or lie 2e4 apart "
                         "included)."))
    if wrong:
        for name, message, nudge in ROW_SOFTMAX_MISTAKES:
            if all(_row_softmax_variants(x)[name] is not None and same(got, _row_softmax_variants(x)[name])
                   for _skip, x, got in answered):
                # TRANSLATORS: {batch} names the test batch ("a batch with wide rows"), {mistake} what went wrong.
                raise NotYet(_("for {batch} {mistake}").format(batch=wrong[0][0], mistake=_(message)), nudge)
        what, x, got = wrong[0]
        expect_close(got, softmax(x, axis=-1), what=_("your softmax of {batch}").format(batch=what),
                     hint=N_("each row is its own softmax: whose max and whose sum does a row use?"))
    if crash is None:  # not reached: is_right and expect_close judge alike
        raise NotYet(_("your softmax of {batch} is not right.").format(batch=wrong[0][0]),
                     N_("compare it with softmaxlab's softmax."))
    raise crash


ROW_SOFTMAX_MISTAKES = [  # (variant of _row_softmax_variants, message, hint): named only if it matches every answer
    ("keepdims", N_("entry [i, j] was divided by the sum of row j, not of row i: the row sums lost their axis."),
     N_("keep the summed axis, so each row is divided by its own sum: see keepdims.")),
    ("columns", N_("your columns sum to 1, not your rows."), N_("normalise along axis=1 (or -1).")),
    ("batch", N_("some rows came out as nan: you subtracted the max of the whole batch, so every exp of a row far "
                 "below it underflowed to 0, and 0 / 0 is nan."),
     N_("subtract each row's own max, kept as a column (see keepdims).")),
    ("none", N_("a row came out as nan: exp of a large logit overflowed to inf, and inf / inf is nan (nothing was "
                "subtracted first)."), N_("subtract each row's max before exp.")),
    ("min", N_("a row came out as nan: after subtracting the row's MIN, exp of its largest entry overflowed."),
     N_("subtract the row's max: then every exponent is <= 0.")),
    ("mean", N_("a row came out as nan: after subtracting the row's MEAN, exp of its largest entry overflowed."),
     N_("subtract the row's max: then every exponent is <= 0.")),
    ("first", N_("a row came out as nan: after subtracting the row's FIRST entry, exp of its largest entry "
                 "overflowed."), N_("subtract the row's max: then every exponent is <= 0.")),
]


# --- Exercise 3: BCE clipped once ---------------------------------------------------------------------------

def _bce_variants(p, t, eps):
    with np.errstate(all="ignore"):
        pc = np.clip(p, eps, 1 - eps)
        return {
            "blog": -np.mean(t * np.log(p + eps) + (1 - t) * np.log(1 - pc + eps)),
            "plus_eps": -np.mean(t * np.log(p + eps) + (1 - t) * np.log(1 - p + eps)),
            "fixed_eps": binary_cross_entropy(p, t, eps=1e-7),
            "sum": -np.sum(t * np.log(pc) + (1 - t) * np.log(1 - pc)),
        }


def _bce_float32(p, t, eps):
    """The notebook's BCE computed in float32: the clip bound 1 - eps rounds to a float32."""
    with np.errstate(all="ignore"):
        pc = np.clip(p.astype(np.float32), np.float32(eps), np.float32(1 - eps))
        return float(-np.mean(t * np.log(pc) + (1 - t) * np.log(1 - pc)))


@checker
def check_bce(fn):
    """`fn(p, t, eps)` -> mean BCE with p clipped once to [eps, 1 - eps], the clipped value used in both terms."""
    fresh = fresh_rng()
    n = int(fresh.integers(6, 12))
    p_r = fresh.uniform(0, 1, size=n)
    p_r[:2] = [0.0, 1.0]
    t_r = fresh.integers(0, 2, size=n).astype(float)
    cases = [(_("the fixed case"), np.array([0.0, 0.3, 0.9, 1.0, 0.6, 1.0]), np.array([1.0, 1.0, 0.0, 1.0, 0.0, 0.0]),
              1e-7),
             ("eps = 0.05", np.array([0.0, 0.02, 0.5, 0.97, 1.0, 0.3]), np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0]), 0.05),
             (_("a random case"), p_r, t_r, float(fresh.choice([1e-7, 1e-3, 0.02])))]
    for what, p, t, eps in cases:
        your_loss = _("your loss for {case}").format(case=what)
        got = as_real_array(call(fn, p.copy(), t.copy(), eps), what=your_loss)
        expected = binary_cross_entropy(p, t, eps=eps)
        if is_right(got, expected):
            continue
        if got.shape == p.shape:
            raise NotYet(_("for {case} you returned one loss per element; the exercise asks for their mean.").format(
                case=what), N_("average the per-element losses."))
        if got.shape == () and not np.isfinite(got):
            raise NotYet(_("for {case} your loss is {loss}: a log received 0 (p = 0 or p = 1 not clipped, "
                           "or clipped on one side only).").format(case=what, loss=float(got)),
                         N_("clip p to [eps, 1 - eps] before either log."))
        v = _bce_variants(p, t, eps)
        if same(got, v["blog"]):
            raise NotYet(_("for {case} your loss is the blog post's: one term uses log(p + eps) on the unclipped p, "
                           "the other clips and adds eps as well.").format(case=what),
                         N_("clip once, then use that clipped p in both terms, with no extra + eps."))
        if same(got, v["plus_eps"]):
            raise NotYet(_("for {case} you added eps inside both logs instead of clipping: log(p + eps) is not "
                           "log(clip(p, eps, 1 - eps)) (with eps = 0.05 the difference is plain to see).").format(
                               case=what), N_("clip p to [eps, 1 - eps], then take the logs without adding anything."))
        if eps != 1e-7 and same(got, v["fixed_eps"]):
            raise NotYet(_("for {case} your loss ignores the eps it was given: it clips with 1e-7 whatever eps is.")
                         .format(case=what), N_("use the argument eps, not a constant."))
        if same(got, v["sum"]):
            raise NotYet(_("for {case} you returned the sum of the losses; the exercise asks for their mean.").format(
                case=what), N_("divide by the number of elements (or use np.mean)."))
        if same(got, -expected):
            raise NotYet(_("your loss for {case} has the wrong sign: a log of a probability is negative, the loss "
                           "is not.").format(case=what),
                         N_("binary cross-entropy is minus the mean of the two log terms."))
        if same(got, _bce_float32(p, t, eps), rtol=1e-5):
            raise NotYet(_("your loss for {case} was computed in float32, which cannot hold 1 - eps for a small eps "
                           "(1 - 1e-7 rounds to 1 - 1.19e-7), so a clipped p = 1 costs the wrong amount.").format(
                               case=what), N_("keep p in float64, the dtype it was given in."))
        expect_close(got, expected, what=your_loss,
                     hint=N_("does the p in each of the two log terms go through the same clipping?"))
    return solved(N_("one clip, used by both terms, with the eps you were given."))


# --- Exercise 4: a loss from probabilities ------------------------------------------------------------------

EPS_ACCEPTED = 1e-7  # the text allows an eps up to this inside the log: log(p + eps) or a clip to [eps, 1 - eps]


def _accepted_band(p_true):
    """The lowest and highest loss an eps of at most EPS_ACCEPTED inside the log can give, the exact one between."""
    exact = -np.mean(np.log(p_true))
    plus = -np.mean(np.log(p_true + EPS_ACCEPTED))  # below the exact loss
    clipped = -np.mean(np.log(np.clip(p_true, EPS_ACCEPTED, 1 - EPS_ACCEPTED)))  # above it where p = 1
    return min(exact, plus, clipped), max(exact, plus, clipped), exact


@checker
def check_loss_from_probs(fn):
    """`fn(probs, labels)` -> mean cross-entropy of a model whose last layer is already softmax.

    Accepted: the exact -mean(log p_true), and the same with an eps of at most 1e-7 inside the log, as the
    notebook says: `log(p + eps)` (notebook 09's own idiom) or Keras-style clipping to [eps, 1 - eps] (a perfect
    prediction then costs 1e-7, "almost nothing"). Any answer between the lowest and highest loss these give
    passes, with an absolute tolerance of 2e-7 on top.
    """
    fresh = fresh_rng()
    N, C = int(fresh.integers(5, 10)), int(fresh.integers(3, 7))
    rng = np.random.default_rng(4)
    labels = np.array([0, 3, 1, 1, 2, 0])
    cases = [(_("the fixed batch"), softmax(3 * rng.normal(size=(6, 4))), labels),
             (_("a perfect prediction (probability 1 on every true class)"), one_hot(labels, 4), labels),
             (_("a batch whose labels never use the last class"), softmax(rng.normal(size=(4, 5))),
              np.array([0, 3, 1, 2])),
             (_("a random batch"), softmax(2 * fresh.normal(size=(N, C))), fresh.integers(0, C, size=N))]
    for what, probs, labels in cases:
        N = len(labels)
        C = probs.shape[1]
        hint = _last_class_hint(labels, C)
        your_loss = _("your loss for {case}").format(case=what)
        got = as_real_array(call(fn, probs.copy(), labels.copy(), hint=hint), what=your_loss)
        low, high, expected = _accepted_band(probs[np.arange(N), labels])
        if got.shape == () and is_right(got, np.clip(got, low, high), atol=2e-7):
            continue
        if got.shape == (N,):
            raise NotYet(_("for {case} you returned {N} numbers, one per sample; the loss is their mean.").format(
                case=what, N=N), N_("average the per-sample losses."))
        twice = np.mean(np.log(np.exp(probs).sum(axis=1)) - probs[np.arange(N), labels])
        if same(got, twice):
            raise NotYet(_("for {case} you passed probabilities to a loss that expects logits: softmax is applied "
                           "twice (a perfect prediction then costs more than 0.5).").format(case=what),
                         N_("the probabilities are already there: take -log of the true class's probability, or "
                            "tell the loss it gets probabilities (from_logits=False)."))
        if same(got, N * expected):
            raise NotYet(_("for {case} you returned the sum of the per-sample losses; the loss is their mean.").format(
                case=what), N_("divide by N."))
        if same(got, -np.mean(np.log(probs.max(axis=1)))):
            raise NotYet(_("for {case} you took the largest probability of each row, the predicted class's, not "
                           "the true class's.").format(case=what), N_("the true class of row n is labels[n]."))
        if same(got, expected / C):
            raise NotYet(_("for {case} you averaged t * log p over all N x C entries ({N} x {C}); the loss sums over "
                           "the classes first, then averages over the N samples.").format(case=what, N=N, C=C),
                         N_("how many losses are averaged?"))
        p_true = probs[np.arange(N), labels]
        if got.shape == () and -np.mean(np.log(p_true + 1e-2)) <= got < low:  # what an eps up to 0.01 gives
            raise NotYet(_("for {case} your loss is too small, by more than an eps of {eps:g} inside the "
                           "log could make it.").format(case=what, eps=EPS_ACCEPTED),
                         _("an eps inside the log (or a clip) may be at most {eps:g}: a larger one changes the loss.")
                         .format(eps=EPS_ACCEPTED))
        expect_close(got, expected, what=your_loss, atol=2e-7,
                     hint=N_("which probability of each row does the loss look at, and how are the rows combined?"))
    return solved(N_("the loss uses the probabilities once, and a perfect prediction costs (almost) nothing."))


def _last_class_hint(labels, C):
    """The hint for a batch whose labels never use the last class (None for the other batches)."""
    if labels.max() >= C - 1:
        return None
    return _("this batch's labels never use the last class ({C} columns, labels {labels}): does every "
             "array you build have {C} columns?").format(C=C, labels=labels.tolist())


# --- Exercise 5: the branch no example ran ------------------------------------------------------------------

@checker
def check_cross_entropy_error(fn):
    """`fn(y, t)` -> batch-mean -sum(t log y) for y of shape (N, C) AND for a single sample (C,)."""
    fresh = fresh_rng()
    N, C = int(fresh.integers(4, 8)), int(fresh.integers(3, 6))
    y_r = softmax(0.5 * fresh.normal(size=(N, C)))  # no tiny probability: a + 1e-7 inside the log stays harmless
    t_r = one_hot(fresh.integers(0, C, size=N), C)
    y_b = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    t_b = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    t_soft = np.array([[0.1, 0.8, 0.1], [0.0, 0.0, 1.0]])  # -sum(t log y) holds for any t: a label-smoothed row
    cases = [(_("one sample, shape (3,)"), np.array([0.1, 0.7, 0.2]), np.array([0.0, 1.0, 0.0])),
             (_("one sample, shape (4,)"), np.array([0.25, 0.05, 0.4, 0.3]), np.array([0.0, 0.0, 0.0, 1.0])),
             (_("a batch of 2 samples"), y_b, t_b),
             (_("a batch of 2 samples whose first target is soft, [0.1, 0.8, 0.1]"), y_b, t_soft),
             (_("a random batch"), y_r, t_r),
             (_("a random single sample"), y_r[0], t_r[0])]
    for what, y, t in cases:
        your_loss = _("your loss for {case}").format(case=what)
        got = as_real_array(call(fn, y.copy(), t.copy(), hint=_("this input runs the branch for y.ndim == "
                                                                  "{ndim}: test it!").format(ndim=y.ndim)),
                            what=your_loss)
        n = 1 if y.ndim == 1 else len(y)
        expected = -np.sum(t * np.log(y)) / n
        if is_right(got, expected, rtol=1e-5):
            continue
        if y.ndim == 1 and same(got, expected / len(y), rtol=1e-5):
            raise NotYet(_("for {case} you divided by {C}, the number of classes: y.shape[0] of a 1-D array "
                           "is C, not the batch size.").format(case=what, C=len(y)),
                         N_("make y and t two-dimensional, (1, C), before counting rows."))
        if y.ndim == 2 and same(got, expected * n, rtol=1e-5):
            raise NotYet(_("for {case} you returned the sum over the batch; the loss is the mean over samples.").format(
                case=what), N_("divide by the number of samples, y.shape[0] of the 2-D array."))
        expect_close(got, expected, what=your_loss, rtol=1e-5,
                     hint=N_("for one sample of shape (C,): -sum(t log y) over its C entries, a batch of one.")
                     if y.ndim == 1 else
                     N_("for a batch of shape (N, C): -sum(t log y) over every entry, then the mean over the N rows."))
    return solved(N_("both branches run and agree with the formula."))


# --- Exercise 6: rows that sum to 1 -------------------------------------------------------------------------

def _rows_cases():
    """(probs, expected verdict, description): true rows are within 2 eps of 1, false ones at least 4000 eps off.

    "Within 2 eps" holds both for the exact (float64) sum of the row and for its sum computed in its own dtype.
    Real softmax rows of 10 classes are 2 eps off often enough (notebook 09 shows them), so a tolerance of
    1 eps, which rejects them, is wrong; the float32 case below always holds such rows.
    """
    rng = np.random.default_rng(0)
    fresh = fresh_rng()
    cases = []
    for r, dtype in ((rng, np.float32), (rng, np.float64), (fresh, np.float32), (fresh, np.float64)):
        x = r.normal(size=(int(r.integers(20, 60)), int(r.integers(3, 11)))) * 3
        probs = softmax(x.astype(dtype))
        cases.append((_within_2_eps(probs), True, _("a {dtype} softmax output").format(dtype=np.dtype(dtype).name)))
    probs = _within_2_eps(softmax((rng.normal(size=(400, 10)) * 3).astype(np.float32)))  # (n, 10)
    two_eps = np.abs(probs.sum(axis=1, dtype=np.float64) - 1) > np.finfo(np.float32).eps  # (n,) rows 2 eps off
    cases.append((probs[np.argsort(~two_eps, kind="stable")[:12]], True,
                  _("a float32 softmax output of 10 classes, some rows 2 eps off")))
    bad64 = softmax(rng.normal(size=(4, 5)))
    bad64[2] *= 1 + 1e-9
    cases.append((bad64, False, _("a float64 batch whose row 2 sums to 1 + 1e-9, millions of float64 eps away")))
    bad32 = softmax(rng.normal(size=(6, 5)).astype(np.float32))
    bad32[4] *= np.float32(1 - 5e-4)
    cases.append((bad32, False, _("a float32 batch whose row 4 sums to 1 - 5e-4, thousands of float32 eps away")))
    cases.append((np.full((4, 5), 1 / 20), False, _("a (4, 5) array that sums to 1 as a whole, each row to 0.25")))
    uneven = softmax(rng.normal(size=(4, 5)))
    uneven[0] *= 1.2
    uneven[1] *= 0.8
    cases.append((uneven, False, _("a batch whose rows sum to 1.2, 0.8, 1, 1 (4 in total)")))
    cases.append((softmax(rng.normal(size=(5, 4)), axis=0), False, _("a (5, 4) array whose COLUMNS sum to 1")))
    one_off = softmax(rng.normal(size=(5, 4)))
    one_off[3] *= 2.0
    cases.append((one_off, False, _("a batch whose row 3 sums to 2, the others to 1")))  # all() and any() differ
    for dtype, off in ((np.float64, 1e-9), (np.float32, 5e-4)):  # fresh bad batches too
        bad = softmax(fresh.normal(size=(int(fresh.integers(3, 9)), int(fresh.integers(3, 9)))).astype(dtype))
        row = int(fresh.integers(len(bad)))
        bad[row] *= dtype(1 + off * fresh.choice([-1, 1]))
        cases.append((bad, False, _("a random {dtype} batch whose row {row} is {off:g} off (row sum 1 {sign} {off:g})")
                      .format(dtype=np.dtype(dtype).name, row=row, off=off, sign="+-"[int(bad[row].sum() < 1)])))
    return [cases[i] for i in fresh.permutation(len(cases))]  # a fresh order: no table of verdicts passes


def _within_2_eps(probs):
    """The rows of `probs` within 2 eps of its dtype of 1, summed exactly (float64) and in its own dtype."""
    eps = np.finfo(probs.dtype).eps
    keep = (np.abs(probs.sum(axis=1, dtype=np.float64) - 1) <= 2 * eps) & (np.abs(probs.sum(axis=1) - 1) <= 2 * eps)
    return probs[keep]


@checker
def check_rows_sum_to_one(fn):
    """`fn(probs)` -> True iff every row sums to 1 up to the rounding error of its dtype.

    Rows within 2 eps of 1 (eps of the array's dtype) must be accepted; rows 1e-9 off in float64 or 5e-4
    off in float32 must be rejected. Any tolerance from 2 eps (inclusive) to 1000 eps of the dtype passes.
    """
    answers = []
    for probs, expected, what in _rows_cases():
        got = call(fn, probs.copy())
        if not isinstance(got, (bool, np.bool_)):
            raise NotYet(_("for {case} you returned {type_name}; return one bool, True or False.").format(
                case=what, type_name=type(got).__name__),
                N_("combine the per-row tests into one bool, e.g. with np.all(...) and bool(...)."))
        answers.append((probs, expected, what, bool(got)))
    wrong = [(probs, expected, what) for probs, expected, what, got in answers if got != expected]
    if not wrong:
        return solved(N_("float32 and float64 rounding are accepted; rows that really do not sum to 1 are caught, in "
                         "either dtype."))
    one_tolerance = _one_tolerance(answers)  # the verdicts are those of a single tolerance on every row's sum
    probs, expected, what = wrong[0]
    eps = np.finfo(probs.dtype).eps
    off = np.abs(probs.sum(axis=-1, dtype=np.float64) - 1).max() / eps
    if expected:
        raise NotYet(_("you rejected {case}: its rows sum to 1 only up to rounding (at most {off:.0f} eps of "
                       "{dtype}), which is fine.").format(case=what, off=off, dtype=probs.dtype.name),
                     N_("compare with a tolerance that fits the dtype: a few times its machine epsilon.") if one_tolerance
                     else N_("print your function's test for each row of this batch: each row sum compared with 1."))
    if one_tolerance and probs.dtype == np.float64 and off > 1e3 and np.allclose(probs.sum(axis=-1), 1, atol=1e-6):
        raise NotYet(_("you accepted {case}: your tolerance is too wide, far wider than float64 rounding (about "
                       "2e-16 per number); np.allclose's default tolerance (1e-5) or float32's eps is too loose "
                       "for float64.").format(case=what), N_("take eps from the array's own dtype; np.finfo may help."))
    if one_tolerance and probs.dtype == np.float32 and off > 1e3 and np.allclose(probs.sum(axis=-1), 1, atol=1e-3):
        raise NotYet(_("you accepted {case}: your tolerance is too wide, thousands of float32 eps (a tolerance "
                       "like 1e-3).").format(case=what), N_("a few times the dtype's machine epsilon is enough."))
    raise NotYet(_("you accepted {case}.").format(case=what),
                 N_("sum along axis=-1 (one sum per row) and compare EVERY sum with 1."))


def _one_tolerance(answers):
    """True when some single tolerance, on every row's distance from 1 (absolute, or in eps of the dtype; the sum
    taken in float64 or in the array's dtype), gives exactly the learner's verdicts on every case."""
    for in_eps in (False, True):
        for dtype in (np.float64, None):
            accepted, rejected = [], []
            for probs, _skip, _skip, got in answers:
                distance = np.abs(probs.sum(axis=-1, dtype=dtype).astype(np.float64) - 1).max()
                if in_eps:
                    distance /= np.finfo(probs.dtype).eps
                (accepted if got else rejected).append(distance)
            if max(accepted, default=-1.0) < min(rejected, default=np.inf):
                return True
    return False


# --- Exercise 7: the batch gradient -------------------------------------------------------------------------

@checker
def check_batch_gradient(fn):
    """`fn(logits, labels)` -> d(mean cross-entropy)/d(logits) = (softmax(logits) - one_hot) / N."""
    rng = np.random.default_rng(8)
    fresh = fresh_rng()
    N, C = int(fresh.integers(4, 9)), int(fresh.integers(3, 6))
    if N == C:
        N += 1
    logits_r = fresh.normal(size=(N, C)) * 2
    logits_r[0] = fresh.permutation([0.0, WIDE] + [-3.0] * (C - 2))
    cases = [(_("a batch of 5 rows, 3 classes"), rng.normal(size=(5, 3)), np.array([2, 0, 1, 1, 0])),
             (_("a random batch with a wide row"), logits_r, fresh.integers(0, C, size=N)),
             (_("a batch of one row"), rng.normal(size=(1, 4)), np.array([3])),
             (_("a batch whose labels never use the last class"), rng.normal(size=(3, 4)), np.array([0, 2, 1])),
             (_("a batch with rows [709, 709, 709] and [-740, -742, -800]"),  # finite exps, infinite sum; subnormal exps
              np.array([[709.0, 709.0, 709.0], [-740.0, -742.0, -800.0], [0.5, 1.0, -0.5]]), np.array([0, 1, 2])),
             (_("a batch whose rows hold two logits above 709"), np.array([[750.0, 749.0, 0.0], [710.0, -5.0, 712.0]]),
              np.array([1, 2])),
             (_("a batch whose exps are all subnormal and none overflows"), SUBNORMAL_ROWS, np.array([0, 2])),
             (_("a batch with a row 2e4 apart"), FAR_ROWS, np.array([2, 0]))]
    answers = []
    for what, logits, labels in cases:
        C = logits.shape[1]
        got = as_real_array(call(fn, logits.copy(), labels.copy(), hint=_last_class_hint(labels, C)),
                            what=_("your gradient for {batch}").format(batch=what))
        answers.append((what, logits, labels, got))
    wrong = [a for a in answers if not is_right(a[3], cross_entropy_backward(a[1], a[2]))]
    if not wrong:
        return solved(N_("the gradient of the mean loss: (y - t) / N, also for rows whose exps overflow, underflow, "
                         "or sum past float64's range, a row 2e4 apart, and labels that miss the last class."))
    for compute, message, nudge in BATCH_GRADIENT_MISTAKES:
        with np.errstate(all="ignore"):
            if all(same(got, compute(logits, labels)) for _skip, logits, labels, got in answers):
                raise NotYet(_("for {batch} {mistake}").format(batch=wrong[0][0], mistake=_(message)), nudge)
    what, logits, labels, got = wrong[0]
    if not np.all(np.isfinite(got)):
        raise NotYet(_("for {batch} your gradient holds nan or inf.").format(batch=what),
                     N_("print the probabilities for this batch: did an exp overflow to inf, or did every exp of a row "
                        "underflow to 0 (then 0/0 = nan)?"))
    expect_close(got, cross_entropy_backward(logits, labels), what=_("your gradient for {batch}").format(batch=what),
                 hint=N_("notebook 06: the gradient of a mean loss over N rows, one row per sample."))
    raise NotYet(_("your gradient for {batch} is not right.").format(batch=what),
                 N_("compare it with a numerical gradient."))


def _shifted_softmax_gradient(logits, labels, shift):
    e = np.exp(logits - shift)
    return (e / e.sum(axis=1, keepdims=True) - np.eye(logits.shape[1])[labels]) / len(logits)


BATCH_GRADIENT_MISTAKES = [  # (what it computes, message, hint): named only if it matches on every case
    (lambda a, k: len(a) * cross_entropy_backward(a, k),
     N_("your gradient is N times too large: the loss is a MEAN over the batch."),
     N_("divide y - t by the number of rows.")),
    (lambda a, k: len(a) * cross_entropy_backward(a, k) / a.shape[1],
     N_("you divided by the number of classes C, not the batch size N."),
     N_("N is the number of rows, logits.shape[0].")),
    (lambda a, k: _shifted_softmax_gradient(a, k, 0.0),
     N_("exp of a large logit overflowed: your softmax takes exp of the logits as they are."),
     N_("compute the probabilities with a stable softmax (subtract each row's max).")),
    (lambda a, k: _shifted_softmax_gradient(a, k, a.max()),
     N_("you subtracted the max of the whole batch: every exp of a row far below it underflows to 0, and 0/0 = nan."),
     N_("subtract each row's own max (keepdims=True).")),
]


# --- Exercise 8: a pure backward ----------------------------------------------------------------------------

@checker
def check_backward_pure(fn):
    """`fn(probs, labels)` -> (probs - one_hot) / N, without modifying `probs`; calls on several inputs agree."""
    rng = np.random.default_rng(6)
    fresh = fresh_rng()
    N, C = int(fresh.integers(3, 8)), int(fresh.integers(3, 6))
    first = (softmax(rng.normal(size=(4, 3))), np.array([1, 0, 2, 2]))
    cases = [(_("a batch of 4 rows"), *first),
             (_("a random batch"), softmax(fresh.normal(size=(N, C))), fresh.integers(0, C, size=N)),
             (_("the first batch again"), *first),
             (_("a batch whose labels never use the last class"), softmax(rng.normal(size=(3, 5))), np.array([0, 3, 1]))]
    earlier = []
    for what, probs, labels in cases:
        mine, C = probs.copy(), probs.shape[1]
        your_gradient = _("your gradient for {batch}").format(batch=what)
        got = as_real_array(call(fn, mine, labels.copy(), hint=_last_class_hint(labels, C)), what=your_gradient)
        if not np.array_equal(mine, probs):
            raise NotYet(_("for {batch} your function changed the probs array it was given (an in-place -= or /=).")
                         .format(batch=what),
                         N_("compute into a new array: start from a copy, or write probs - ... (a new array)."))
        expected = (probs - one_hot(labels, C)) / len(labels)
        if not is_right(got, expected) and any(same(got, before) for before in earlier):
            raise NotYet(_("for {batch} your function returned exactly what it returned for an earlier, different "
                           "input.").format(batch=what), N_("does your function keep something from one call to the next?"))
        earlier.append(got)
        expect_close(got, expected, what=your_gradient,
                     hint=_("(Y - T) / N: T has a 1 at [n, labels[n]] and 0 elsewhere, and N is the number of rows. "
                            "This batch's labels never use the last class: T still has {C} columns.").format(C=C)
                     if labels.max() < C - 1 else
                     N_("(Y - T) / N: T has a 1 at [n, labels[n]] and 0 elsewhere, and N is the number of rows."))
    return solved(N_("the input is untouched, and every call, repeated or new, gives its own right gradient."))
