"""Checkers for notebook 13: a masked softmax, scaled dot-product attention, and the softmax with a sink.

Each checker runs fixed cases chosen so that every misconception it names gives a different answer (a fully
masked row, a row whose masked score is `WIDE` above the kept ones, kept scores below -10000, non-square q and
k, d != dv, two scores above 709.78 in one row, scores all below -709.78), plus one case drawn from
`fresh_rng()` (the same for the same attempt, so a verdict never flips). A mistake is named only when the
attempt's answers equal that mistake's outputs on every case; masked keys must be exactly 0.
"""
import numpy as np

from ..activations import softmax
from ..attention import masked_softmax as _masked_softmax
from ..attention import softmax_with_sink as _sink
from ..i18n import N_, _
from ._core import WIDE, NotYet, as_real_array, call, checker, expect_close, expect_unchanged, fresh_rng, solved
from ._mistakes import Mistake, diagnose, expect_all_close, is_right, mistake_outputs, same

# ---- Exercise 1: masked softmax ------------------------------------------------------------------------------

MASK_HINT = N_("a masked key must add exactly 0 to its row's sum, the shift must keep every kept exponent <= 0, "
               "and a row with no kept key must come out as zeros (sections 3 and 4).")


def _fill_softmax(fill, mask_of=lambda m: m):
    """Softmax of the scores with the masked ones replaced by `fill`, each row shifted by its own max."""
    def compute(case):
        scores, mask = case
        x = np.where(mask_of(mask), scores, fill)
        x = x - np.max(x, axis=-1, keepdims=True)  # a row of -inf gives -inf - (-inf) = nan
        e = np.exp(x)
        return e / e.sum(axis=-1, keepdims=True)
    return compute


def _after_softmax(renormalise):
    def compute(case):
        scores, mask = case
        y = softmax(scores) * mask
        return y / y.sum(axis=-1, keepdims=True) if renormalise else y
    return compute


def _unshifted(case):
    scores, mask = case
    e = np.where(mask, np.exp(scores), 0.0)
    total = e.sum(axis=-1, keepdims=True)
    return np.where(total > 0, e / np.where(total > 0, total, 1), 0.0)


MASK_MISTAKES = [
    Mistake(_fill_softmax(-np.inf), N_("has a row of nan where every key is masked: with every score -inf the shift "
                                       "is -inf - (-inf) = nan (or the sum is 0 / 0)."),
            N_("a row with no kept key must come out as zeros (what PyTorch's scaled_dot_product_attention gives); "
               "which rows have no True in the mask?")),
    Mistake(_fill_softmax(-1e9), N_("spreads a fully masked row evenly (1/S each): filling with a large finite "
                                    "negative (-1e9, finfo.min) makes every score of that row equal, and the "
                                    "softmax of equal scores is uniform."),
            N_("this exercise asks for zeros in a row with no kept key; which rows have no True in the mask?")),
    Mistake(_after_softmax(False), N_("has rows that do not sum to 1: the mask was applied after the softmax, so the "
                                      "masked keys' share is missing from every row."),
            N_("mask the SCORES (with -inf) before the softmax, so the kept ones share all the probability.")),
    Mistake(_after_softmax(True), N_("has nan in a row whose masked score is far above the kept ones: masking after "
                                     "the softmax keeps probabilities that already underflowed to 0, and 0 / 0 = nan."),
            N_("mask the scores (with -inf) before the softmax, then shift by the largest KEPT score.")),
    Mistake(_fill_softmax(0.0), N_("gives weight to masked keys: a score of 0 is not 'left out', e^0 = 1 still "
                                   "counts in the sum."),
            N_("replace a masked score with -inf, whose exp is exactly 0.")),
    Mistake(lambda case: _masked_softmax(case[0], case[1].T),
            N_("is the masked softmax with the mask transposed: mask[i, j] says whether query i (row i) may see key "
               "j (column j)."),
            N_("use mask as it is given, row i for query i.")),
    Mistake(_unshifted, N_("has nan or inf in a row of scores 1500 apart: exp overflowed, so the softmax needs "
                           "the max shift of notebook 02 (over the kept scores)."), MASK_HINT),  # 1500 = WIDE
]


def _mask_cases():
    rng = fresh_rng()
    L = int(rng.integers(5, 8))
    scores_r = rng.normal(scale=3.0, size=(L, L))
    mask_r = rng.random((L, L)) < 0.6
    mask_r[np.arange(L), rng.permutation(L)] = True  # two kept keys in every row...
    mask_r[np.arange(L), rng.permutation(L)] = True
    mask_r[0, 0], mask_r[0, 1:] = False, True  # a first row that is not its column transposed...
    mask_r[int(rng.integers(1, L))] = False  # ...and one fully masked row
    return [
        (np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [3.0, 0.0, 1.0]]),
         np.array([[False, False, False], [True, True, False], [True, False, True]])),
        (np.array([[0.0, WIDE, -3.0, 1.0], [WIDE, 0.0, 1.0, 2.0], [2.0, -1.0, 0.5, 0.0], [1.0, 1.0, -2.0, 3.0]]),
         np.array([[True, True, True, True], [False, True, True, True], [True, True, False, False],
                   [False, False, False, False]])),
        (np.array([[2.0, 0.5, -1.0, 1.0], [0.0, 1.5, 0.5, -0.5], [1.0, -2.0, 3.0, 0.0], [-1.0, 0.5, 1.0, 2.5]]),
         np.tril(np.ones((4, 4), bool))),
        (np.array([[-10001.0, 0.5, -10003.0], [3.0, 1.0, -1.0], [0.0, 2.0, 1.0]]),  # kept scores below a -1e4 fill
         np.array([[True, False, True], [True, True, False], [False, True, True]])),
        (scores_r, mask_r),
    ]


def _describe_mask(fixed):
    def what(case):
        for n, f in enumerate(fixed):  # by its arrays: a case may arrive as a new tuple of the same arrays
            if case[0] is f[0] and case[1] is f[1]:
                return _("your answer for the {L} x {S} scores of case {number}").format(
                    L=case[0].shape[0], S=case[0].shape[1], number=n + 1)
        return _("your answer for a random {L} x {S} case").format(L=case[0].shape[0], S=case[0].shape[1])
    return what


@checker
def check_masked_softmax(fn):
    """`fn(scores, mask)` for scores (L, S) and a boolean mask (True = keep): the softmax of each row over its kept
    keys, 0 at masked keys, and a row of zeros where no key is kept. The inputs must be left unchanged."""
    cases = _mask_cases()
    what = _describe_mask(cases[:-1])
    raw = []
    for scores, mask in cases:
        s, m = scores.copy(), mask.copy()
        got = call(fn, s, m, hint=_("mask is boolean, True = keep; np.where may help."))
        expect_unchanged(scores, s, _("your function (the scores)"))
        expect_unchanged(mask, m, _("your function (the mask)"))
        as_real_array(got, what=what((scores, mask)))
        raw.append(got)
    expected = [_masked_softmax(s, m) for s, m in cases]
    diagnose(raw, cases, expected, MASK_MISTAKES, what)
    for got, (scores, mask) in zip(raw, cases):
        got = as_real_array(got)
        if got.shape == mask.shape and np.any(got[~mask] != 0):
            i, j = (int(n) for n in np.argwhere((got != 0) & ~mask)[0])
            raise NotYet(_("{what} gives the masked key in row {i}, column {j} the weight {weight:.3g}: a masked "
                           "key must get exactly 0.").format(what=what((scores, mask)), i=i, j=j, weight=got[i, j]),
                         _("a masked key must add nothing at all to its row's sum: which score has an exp of "
                           "exactly 0?"))
    expect_all_close(raw, cases, expected, what, hint=MASK_HINT)
    return solved(_("right on all {n} cases (one drawn at random for this check): fully masked rows give zeros, "
                    "masked keys get exactly 0 (also where the kept scores are below -10000), and a masked score far "
                    "above the kept ones does no harm.").format(n=len(cases)))


# ---- Exercise 2: scaled dot-product attention -----------------------------------------------------------------

ATTN_HINT = N_("section 1: scores of shape (L, S), one row per query, a softmax along the keys, then the values.")


def _attn(scale_of, axis=-1, soft=None):
    def compute(case):
        q, k, v = case
        scores = (q @ k.T) * scale_of(q, k, v)  # (L, S)
        weights = (soft or softmax)(scores, axis=axis)
        return weights @ v  # (L, dv)
    return compute


def _plain_exp(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def _whole(x, axis=-1):
    e = np.exp(x - x.max())
    return e / e.sum()


ATTN_MISTAKES = [
    Mistake(_attn(lambda q, k, v: 1 / q.shape[-1]),
            N_("divides the scores by d; the scaling is 1/sqrt(d), which brings the variance of q·k (d for unit "
               "entries) back to 1."),
            N_("the standard deviation of q·k is sqrt(d).")),
    Mistake(_attn(lambda q, k, v: 1.0), N_("does not scale the scores: without 1/sqrt(d) the softmax saturates as d "
                                           "grows."),
            N_("the scores are scaled before the softmax (section 2): by what, and which d?")),
    Mistake(_attn(lambda q, k, v: np.sqrt(q.shape[-1])),
            N_("multiplies the scores by sqrt(d) instead of dividing."),
            N_("the scores are scaled before the softmax (section 2): by what?")),
    Mistake(_attn(lambda q, k, v: 1 / np.sqrt(v.shape[-1])),
            N_("divides by the square root of the values' width dv; d is the width of q and k (q.shape[-1])."),
            N_("d = q.shape[-1], the length of each query and key.")),
    Mistake(_attn(lambda q, k, v: 1 / np.sqrt(q.shape[-1]), axis=0),
            N_("takes the softmax down the columns (axis=0, over the queries): each query's weights over the keys "
               "must sum to 1."),
            N_("the scores are (L, S), one row per query: softmax along axis=-1.")),
    Mistake(_attn(lambda q, k, v: 1 / np.sqrt(q.shape[-1]), soft=_whole),
            N_("normalises over the whole score matrix at once: each query's row of weights must sum to 1 on its "
               "own."),
            N_("one softmax per query: along which axis?")),
    Mistake(_attn(lambda q, k, v: 1 / np.sqrt(q.shape[-1]), soft=_plain_exp),
            N_("has nan where scores exceed 709.78: exp overflowed, so the softmax needs the max shift of notebook "
               "02."),
            N_("subtract each row's max score before exp (softmaxlab's softmax does).")),
]


def _attn_cases():
    rng = fresh_rng()
    L, S, d, dv = (int(n) for n in rng.integers((2, 2, 3, 2), (7, 7, 10, 6)))
    fixed = np.random.default_rng(13)
    big = fixed.normal(size=(3, 2))
    big[0] = (40.0, 40.0)  # q·k up to thousands: exp overflows without the max shift
    return [(fixed.normal(size=(3, 2)), fixed.normal(size=(4, 2)), fixed.normal(size=(4, 5))),
            (fixed.normal(size=(5, 8)) * 2, fixed.normal(size=(2, 8)) * 2, fixed.normal(size=(2, 3))),
            (big, np.array([[30.0, 25.0], [-1.0, 0.5], [0.0, 2.0], [1.0, -1.0]]), fixed.normal(size=(4, 3))),
            # two scores above 709 in one row (720 and 715, exact in float32): clipping cannot stand in for the shift
            (np.array([[20.0, 20.0, 0.0, 0.0], [1.0, 0.0, -1.0, 2.0]]),
             np.array([[36.0, 36.0, 0.0, 0.0], [35.5, 36.0, 0.0, 0.0], [0.0, 1.0, 0.0, -1.0]]),
             np.array([[1.0, -1.0], [0.5, 2.0], [-1.5, 0.0]])),
            _cancelling_case(),
            (rng.normal(size=(L, d)), rng.normal(size=(S, d)) * 1.5, rng.normal(size=(S, dv)))]


def _cancelling_case():
    """A case whose output entry (0, 0) is 0 up to rounding: the first column of v is 100 (s - mean_p s), s the first
    query's scaled scores and p its weights. A scale off by a relative 1e-8 (`sqrt(d) + 1e-7`) moves that entry by
    100 * 1e-8 * Var_p(s), about 1e-6, far above the absolute tolerance, while every other entry hides it."""
    q = np.array([[3.0, 0.0], [0.5, 1.0]])                                                  # (L, d) = (2, 2)
    k = np.array([[-1.0, 0.0], [-0.5, 1.0], [0.0, -1.0], [0.5, 0.5], [1.0, 0.0]])          # (S, d) = (5, 2)
    s = q[0] @ k.T / np.sqrt(2.0)                                                          # (S,)
    p = softmax(s)
    v = 100.0 * np.stack([s - p @ s, [1.0, -0.5, 0.25, 0.75, -1.0]], axis=1)               # (S, dv) = (5, 2)
    return q, k, v


def _describe_attn(case):
    q, k, v = case
    return _("your output for q {q_shape}, k {k_shape}, v {v_shape}").format(q_shape=q.shape, k_shape=k.shape,
                                                                             v_shape=v.shape)


@checker
def check_attention(fn):
    """`fn(q, k, v)` for q (L, d), k (S, d), v (S, dv): softmax(q kᵀ / sqrt(d)) v, shape (L, dv)."""
    cases = _attn_cases()
    raw = []
    for case in cases:
        given = tuple(a.copy() for a in case)
        got = call(fn, *given, hint=_("print the shapes: q @ k.T is (L, S), and (L, S) @ v is (L, dv)."))
        for a, g, name in zip(case, given, "qkv"):
            expect_unchanged(a, g, _("your function (its {name})").format(name=name))
        as_real_array(got, what=_describe_attn(case))
        raw.append(got)
    expected = [_attn(lambda q, k, v: 1 / np.sqrt(q.shape[-1]))(case) for case in cases]
    diagnose(raw, cases, expected, ATTN_MISTAKES, _describe_attn)
    expect_all_close(raw, cases, expected, _describe_attn, hint=ATTN_HINT)
    return solved(_("right on all {n} cases (one drawn at random for this check): L != S, d != dv, scores far past "
                    "exp's overflow, a row with two scores above 709, and an output entry that cancels to about "
                    "0.").format(n=len(cases)))


# ---- Exercise 3: softmax with a sink (an extra 1 in the denominator) ------------------------------------------

SINK_HINT = N_("section 5: which m keeps every exponent <= 0, the sink's logit 0 included? And what does the 1 of "
               "the denominator become after the shift?")


def _shifted_sink(m_of, one_of):
    def compute(x):
        m = m_of(x)
        e = np.exp(x - m)
        return e / (one_of(m) + e.sum(axis=-1, keepdims=True))
    return compute


def _row_max(x):
    return x.max(axis=-1, keepdims=True)


def _clipped_max(x):
    return np.maximum(_row_max(x), 0.0)


SINK_MISTAKES = [
    Mistake(_shifted_sink(_row_max, lambda m: 1.0),
            N_("keeps the 1 after the shift: dividing top and bottom by e^m turns the 1 into e^-m."),
            N_("write e^x / (1 + sum e^x), multiply top and bottom by e^-m, and look at the 1.")),
    Mistake(_shifted_sink(_clipped_max, lambda m: 1.0),
            N_("keeps the 1 after the shift by m = max(0, max x): where m > 0 the 1 must become e^-m."),
            N_("divide top and bottom by e^m: what does the 1 become?")),
    Mistake(_shifted_sink(_row_max, lambda m: np.exp(-m)),
            N_("is 0 in a row whose scores are all below -709.78: with m = max x alone, e^-m overflows to inf "
               "there. The sink's logit 0 takes part in the max."),
            N_("which m keeps every exponent <= 0, the sink's included?")),
    Mistake(_shifted_sink(lambda x: 0.0, lambda m: 1.0),
            N_("has nan in a row of large scores: exp overflowed (above 709.78) and inf / inf = nan. Shift first."),
            SINK_HINT),
    Mistake(_shifted_sink(lambda x: max(float(np.max(x)), 0.0), lambda m: np.exp(-m)),
            N_("has nan in a row far below the batch's largest score: one m for the whole batch turns that row's "
               "e^(x - m) and its e^-m all into 0, and 0 / 0 = nan."),
            N_("each row needs its own m, kept as a column so it broadcasts.")),
    Mistake(lambda x: softmax(x), N_("sums to 1 in every row: that is the ordinary softmax, without the sink's 1 in "
                                     "the denominator."),
            N_("the denominator is 1 + sum of e^x, so the weights sum to less than 1.")),
]


def _sink_cases():
    rng = fresh_rng()
    N, S = int(rng.integers(2, 5)), int(rng.integers(3, 7))
    return [np.array([2.0, 1.0, -0.5]),
            np.array([[0.0, WIDE, -3.0], [800.0, 790.0, 0.0], [-3.0, -5.0, -4.0]]),  # rows far apart
            np.array([[-712.0, -715.0, -711.5], [-3.0, -5.0, -4.0], [0.5, -1.0, 0.0]]),
            # every score below -709.78, their logsumexp above it: tells m = max x alone from other ways to lose it
            np.array([[-710.5, -711.0, -710.8, -711.2, -710.6, -710.9, -711.1, -710.7]]),
            rng.normal(scale=3.0, size=(N, S))]


def _describe_sink(fixed):
    def what(x):
        if any(x is f for f in fixed):
            return _("your answer for the scores {scores}").format(scores=x.tolist())
        return _("your answer for a random batch of shape {shape}").format(shape=x.shape)
    return what


def _same_rel(got, other):
    """Same to a relative 1e-6 (no absolute floor): the subnormal weights of a row below -709.78 count."""
    return same(got, other, rtol=1e-6, atol=0.0)


@checker
def check_softmax_with_sink(fn):
    """`fn(scores)` along the last axis: e^x / (1 + sum e^x), computed without overflow; shape of scores."""
    cases = _sink_cases()
    what = _describe_sink(cases[:-1])
    raw = []
    for x in cases:
        given = x.copy()
        got = call(fn, given)
        expect_unchanged(x, given)
        raw.append(as_real_array(got, what=what(x)))
    expected = [_sink(x) for x in cases]
    if not all(is_right(g, e, rtol=1e-6, atol=0.0) for g, e in zip(raw, expected)):  # float32 judged as float32
        for mistake in SINK_MISTAKES:
            outputs = mistake_outputs(mistake, cases)
            if all(o is not None and _same_rel(g, o) for g, o in zip(raw, outputs)):
                first = next(i for i, (g, e) in enumerate(zip(raw, expected)) if not _same_rel(g, e))
                raise NotYet(_("{what} {mistake}").format(what=what(cases[first]), mistake=_(mistake.message)),
                             mistake.hint)
    for got, x, right in zip(raw, cases, expected):
        expect_close(got, right, what=what(x), rtol=1e-6, atol=0.0, hint=SINK_HINT)
    return solved(_("right on all {n} inputs (one drawn at random for this check), from scores of 1500 down to -715, "
                    "where the weights are below 1e-308.").format(n=len(cases)))
