"""Checkers for notebook 15: top-p (nucleus) and top-k filtering, Gumbel-max sampling, temperature before top-p.

Every checker runs fixed cases chosen so that each misconception it names gives a different answer (a case where
p is below the largest probability, one where the running sum reaches p exactly, a tie at the threshold,
p = 1 where the rounded running sum never reaches 1, k = 1 and
k = C, a row `WIDE` apart for the sampler), plus a fresh random case at every check. A mistake is named only when
the answers equal that mistake's outputs on every case (``_mistakes.diagnose``); otherwise the verdict describes the
first wrong answer.
"""
import numpy as np

from ..activations import softmax
from ..i18n import N_, _
from ..sampling import top_p_filter
from ._core import WIDE, NotYet, as_real_array, checker, fresh_rng, solved
from ._mistakes import Mistake, answers, diagnose, expect_all_close, is_right


def _renormalised(probs, keep):
    with np.errstate(all="ignore"):
        kept = np.where(keep, probs, 0.0)
        return kept / kept.sum()


def _sorted_output(probs, keep, order):
    """The kept, renormalised probabilities left in the sorted order `order` (the slip of forgetting to un-sort)."""
    return _renormalised(probs, keep)[order]


def _desc(probs):
    return np.argsort(-probs, kind="stable")  # largest first, equal values in index order


def _asc_reversed(probs):
    return np.argsort(probs, kind="stable")[::-1]  # largest first, equal values in reverse index order


def _prefix_keep(probs, order, count):
    keep = np.zeros(len(probs), bool)
    keep[order[:count]] = True
    return keep


# --- Exercise 1: top-p (nucleus) ------------------------------------------------------------------------------

def _nucleus_keep(probs, p):
    """The course's rule: the first token (largest first) at which the running sum reaches p is kept, and every
    token as probable as it."""
    desc = np.sort(probs)[::-1]
    cum = np.cumsum(desc)
    crossing = int(np.argmax(cum >= p)) if (cum >= p).any() else len(probs) - 1
    return probs >= desc[crossing]


def _nucleus_keep_strict(probs, p):
    """The slip `cumsum > p`: the set is closed only once the running sum EXCEEDS p (ties kept)."""
    desc = np.sort(probs)[::-1]
    cum = np.cumsum(desc)
    crossing = int(np.argmax(cum > p)) if (cum > p).any() else len(probs) - 1
    return probs >= desc[crossing]


def top_p_probs(probs, p):
    """The right answer: renormalised probabilities over the nucleus, zeros elsewhere, in the original order."""
    return _renormalised(probs, _nucleus_keep(probs, p))


def _cumsum_keep(probs, p, order, rule):
    cum = np.cumsum(probs[order])
    keep = np.zeros(len(probs), bool)
    keep[order] = rule(cum, probs[order])
    return keep


def _crossing_by_order(probs, p, order):
    """Keep the prefix of `order` up to and including the first token where the running sum reaches p (no ties)."""
    cum = np.cumsum(probs[order])
    count = int(np.argmax(cum >= p)) + 1 if (cum >= p).any() else len(probs)
    return _prefix_keep(probs, order, count)


def _top_p_cases():
    rng = fresh_rng()
    C = int(rng.integers(6, 11))
    random_probs = softmax(rng.normal(scale=1.5, size=C))
    return [(np.array([0.1, 0.35, 0.05, 0.2, 0.3]), 0.8),  # no tie, the sum crosses p in passing
            (np.array([0.15, 0.7, 0.1, 0.05]), 0.5),  # p below the largest probability
            (np.array([0.1875, 0.0625, 0.5, 0.25]), 0.75),  # the running sum reaches p exactly (dyadic numbers)
            (np.array([0.1, 0.2, 0.4, 0.1, 0.2]), 0.5),  # a tie at the crossing token (0.2 and 0.2)
            (random_probs, float(rng.uniform(0.3, 0.95)))]


# p = 1 where the float running sum of the sorted probabilities ends at 0.9999999999999999, never >= p: every token
# must stay. Checked after the diagnosis, so a slip named on the cases above is still named.
P_ONE = (np.array([0.1, 0.4, 0.2, 0.3]), 1.0)


TOP_P_MISTAKES = [
    Mistake(lambda c: _renormalised(c[0], _cumsum_keep(*c, _desc(c[0]), lambda cum, s: cum <= c[1])),
            N_("match keeping the tokens with `cumsum <= p`: that drops the token that makes the sum reach p, and "
               "keeps nothing at all when p is below the largest probability (then 0 / 0 = nan)."),
            N_("the nucleus is the smallest set whose mass reaches p: the token at which the running sum first "
            "becomes >= p belongs to it.")),
    Mistake(lambda c: _renormalised(c[0], _cumsum_keep(*c, _desc(c[0]), lambda cum, s: cum < c[1])),
            N_("match keeping the tokens with `cumsum < p`: the token that makes the sum reach p is dropped."),
            N_("is the token that makes the running sum reach p inside the nucleus or outside it?")),
    Mistake(lambda c: _renormalised(c[0], _cumsum_keep(*c, _desc(c[0]), lambda cum, s: cum - s <= c[1])),
            N_("match keeping a token while the mass before it is <= p: when the running sum reaches p exactly, one "
            "token too many is kept (the set is no longer the smallest)."),
            N_("once the running sum has reached p (>= p), the set is complete.")),
    Mistake(lambda c: _renormalised(c[0], _nucleus_keep_strict(*c)),
            N_("match stopping at the first token where the running sum EXCEEDS p (`cumsum > p`): when the sum reaches "
            "p exactly, that token already completes the set, and the next one is kept as well."),
            N_("the nucleus is complete as soon as its mass reaches p: a running sum equal to p is enough.")),
    Mistake(lambda c: np.where(_nucleus_keep(*c), c[0], 0.0),
            N_("keep the right tokens but are not renormalised: they sum to less than 1."),
            N_("divide the kept probabilities by their sum.")),
    Mistake(lambda c: _renormalised(c[0], _crossing_by_order(*c, _desc(c[0]))),
            N_("break the tie at the threshold: two tokens have the probability of the crossing token, and only one "
            "of them was kept (the sort's order of equal values decided which)."),
            N_("keep every token whose probability equals that of the crossing token (>= its probability), so the "
            "answer does not depend on how the sort orders equal values.")),
    Mistake(lambda c: _renormalised(c[0], _crossing_by_order(*c, _asc_reversed(c[0]))),
            N_("break the tie at the threshold: two tokens have the probability of the crossing token, and only one "
            "of them was kept (the sort's order of equal values decided which)."),
            N_("keep every token whose probability equals that of the crossing token (>= its probability), so the "
            "answer does not depend on how the sort orders equal values.")),
    Mistake(lambda c: _renormalised(c[0], _crossing_by_order(*c, np.argsort(c[0], kind="stable"))),
            N_("come from a running sum in ascending order: it started from the LEAST probable tokens."),
            N_("sort in decreasing order (largest first), e.g. `np.argsort(-probs)` or `np.sort(probs)[::-1]`.")),
    Mistake(lambda c: _sorted_output(*c[:1], _nucleus_keep(*c), _desc(c[0])),
            N_("are in sorted order (largest first), not in the order of the tokens: the result was never put back."),
            N_("write the kept probabilities back at their original indices (e.g. `out[order] = ...`).")),
    Mistake(lambda c: _renormalised(c[0], c[0] >= c[1]),
            N_("match keeping the tokens whose own probability is >= p: p is a bound on the running SUM."),
            N_("sort, add up the probabilities largest first, and stop at the first token where the sum reaches p.")),
]


@checker
def check_top_p(fn):
    """`fn(probs, p)` -> (C,) probabilities renormalised over the nucleus (ties at the threshold kept), 0 elsewhere."""
    cases = _top_p_cases()
    # TRANSLATORS: the subject of a sentence that a mistake's message completes ("... match keeping the tokens ...")
    describe = lambda c: _("your top-p probabilities for {n} tokens, p = {p:.3g},").format(n=len(c[0]), p=c[1])
    hint = _("on the first case, write the running sum of the sorted probabilities by hand: at which token does it "
             "first reach p, is that token in the set, and is a token exactly as probable as it? Do the kept ones sum "
             "to 1?")
    answer = lambda c: _("your answer for {n} tokens, p = {p:.3g}").format(n=len(c[0]), p=c[1])
    call_hint = _("probs is a 1-D array of probabilities and p a number in (0, 1].")
    raw = answers(fn, cases, answer, hint=call_hint)
    expected = [top_p_probs(*c) for c in cases]
    diagnose(raw, cases, expected, TOP_P_MISTAKES, describe)
    expect_all_close(raw, cases, expected, answer, hint=hint)
    (got,) = answers(fn, [P_ONE], answer, hint=call_hint)
    got = as_real_array(got, what=answer(P_ONE))
    if not is_right(got, top_p_probs(*P_ONE), rtol=1e-6, atol=1e-12):
        kept = int(np.sum(got > 0)) if got.shape == P_ONE[0].shape else None
        end = float(np.cumsum(np.sort(P_ONE[0])[::-1])[-1])
        if kept is None:
            message = _("{what} is wrong: at p = 1 the nucleus is every token, yet the running sum of these sorted "
                        "probabilities, rounded, ends at {end!r}, just below 1.").format(what=answer(P_ONE), end=end)
        else:
            message = _("{what} is wrong (it keeps {kept} of the 4 tokens): at p = 1 the nucleus is every token, yet "
                        "the running sum of these sorted probabilities, rounded, ends at {end!r}, just below "
                        "1.").format(what=answer(P_ONE), kept=kept, end=end)
        raise NotYet(message, N_("what does your code do when the running sum never reaches p?"))
    return solved(N_("your nucleus is right on six cases: a sum that crosses p in passing, p below the largest "
                     "probability, a sum that reaches p exactly, a tie at the threshold, p = 1 (whose running sum "
                     "rounds to just below 1), and a random one."))


# --- Exercise 2: top-k ----------------------------------------------------------------------------------------

def _top_k_keep(probs, k):
    if k >= len(probs):
        return np.ones(len(probs), bool)
    kth = np.sort(probs)[::-1][k - 1]
    return probs >= kth


def top_k_probs(probs, k):
    """The right answer: renormalised probabilities over the k largest (ties at the k-th kept), zeros elsewhere."""
    return _renormalised(probs, _top_k_keep(probs, k))


def _top_k_cases():
    rng = fresh_rng()
    C = int(rng.integers(6, 11))
    random_probs = softmax(rng.normal(scale=1.5, size=C))
    return [(np.array([0.05, 0.3, 0.15, 0.4, 0.1]), 2),  # no tie
            (np.array([0.1, 0.25, 0.05, 0.25, 0.35]), 2),  # a tie at the k-th value (0.25 and 0.25)
            (np.array([0.2, 0.3, 0.1, 0.3, 0.1]), 2),  # the (k-1)-th and k-th tie: a strict > keeps nothing
            (np.array([0.2, 0.5, 0.3]), 1),  # k = 1: greedy
            (np.array([0.4, 0.1, 0.2, 0.3]), 4),  # k = C: everything kept
            (random_probs, int(rng.integers(2, C - 2)))]


TOP_K_MISTAKES = [
    Mistake(lambda c: _renormalised(c[0], _prefix_keep(c[0], _desc(c[0]), c[1] - 1)),
            N_("keep k - 1 tokens, one too few (an off-by-one in the slice)."),
            N_("`np.argsort(-probs)[:k]` is the k largest; check with k = 1 that one token is kept.")),
    Mistake(lambda c: _renormalised(c[0], _prefix_keep(c[0], _asc_reversed(c[0]), c[1] - 1)),
            N_("keep k - 1 tokens, one too few (an off-by-one in the slice)."),
            N_("`np.argsort(-probs)[:k]` is the k largest; check with k = 1 that one token is kept.")),
    Mistake(lambda c: _renormalised(c[0], _prefix_keep(c[0], _desc(c[0]), c[1] + 1)),
            N_("keep k + 1 tokens, one too many (an off-by-one in the slice)."),
            N_("`np.argsort(-probs)[:k]` is the k largest; check with k = 1 that one token is kept.")),
    Mistake(lambda c: _renormalised(c[0], c[0] > np.sort(c[0])[::-1][min(c[1], len(c[0])) - 1]),
            N_("drop the tokens EQUAL to the k-th largest probability (a strict `>`): the k-th token itself is gone."),
            N_("keep every token whose probability is >= the k-th largest.")),
    Mistake(lambda c: _renormalised(c[0], _prefix_keep(c[0], _desc(c[0]), c[1])),
            N_("keep exactly k tokens when two of them tie at the k-th value: the tie was broken by the sort's order."),
            N_("keep every token whose probability is >= the k-th largest, so equal values are treated alike.")),
    Mistake(lambda c: _renormalised(c[0], _prefix_keep(c[0], _asc_reversed(c[0]), c[1])),
            N_("keep exactly k tokens when two of them tie at the k-th value: the tie was broken by the sort's order."),
            N_("keep every token whose probability is >= the k-th largest, so equal values are treated alike.")),
    Mistake(lambda c: np.where(_top_k_keep(*c), c[0], 0.0),
            N_("keep the right tokens but are not renormalised: they sum to less than 1."),
            N_("divide the kept probabilities by their sum.")),
    Mistake(lambda c: _renormalised(c[0], _prefix_keep(c[0], np.argsort(c[0], kind="stable"), c[1])),
            N_("keep the k SMALLEST probabilities: `np.argsort` sorts in increasing order."),
            N_("take the last k of `np.argsort(probs)`, or the first k of `np.argsort(-probs)`.")),
    Mistake(lambda c: _sorted_output(c[0], _top_k_keep(*c), _desc(c[0])),
            N_("are in sorted order (largest first), not in the order of the tokens: the result was never put back."),
            N_("leave the tokens where they are: zero the removed ones instead of returning a sorted array.")),
]


@checker
def check_top_k(fn):
    """`fn(probs, k)` -> (C,) probabilities renormalised over the k largest (ties at the k-th kept), 0 elsewhere."""
    cases = _top_k_cases()
    # TRANSLATORS: the subject of a sentence that a mistake's message completes ("... keep k - 1 tokens ...")
    describe = lambda c: _("your top-k probabilities for {n} tokens, k = {k},").format(n=len(c[0]), k=c[1])
    hint = _("on the case with a tie, which value is the k-th largest, and which tokens are at least that large? Do "
             "the kept ones sum to 1?")
    answer = lambda c: _("your answer for {n} tokens, k = {k}").format(n=len(c[0]), k=c[1])
    raw = answers(fn, cases, answer, hint=_("probs is a 1-D array of probabilities and k an int >= 1."))
    expected = [top_k_probs(*c) for c in cases]
    diagnose(raw, cases, expected, TOP_K_MISTAKES, describe)
    expect_all_close(raw, cases, expected, answer, hint=hint)
    return solved(N_("top-k is right on six cases: no tie, two ties at the k-th value, k = 1, k = C and a random one."))


# --- Exercise 3: Gumbel-max sampling with a temperature -------------------------------------------------------

def gumbel_indices(logits, T, u):
    """The right answer: argmax(logits / T + G) per row of `u`, with G = -log(-log u)."""
    return np.argmax(logits / T - np.log(-np.log(u)), axis=-1)


def _gumbel_cases():
    rng = fresh_rng()
    C = int(rng.integers(4, 9))
    fixed = np.random.default_rng(15)
    uniform = lambda r, n, c: r.uniform(0.001, 0.999, size=(n, c))
    return [(np.array([2.0, 1.0, 0.0, -1.0]), 1.0, uniform(fixed, 400, 4)),
            (np.array([1.5, 0.5, 1.0]), 0.5, uniform(fixed, 400, 3)),
            (np.array([0.0, WIDE, WIDE - 2.0, -WIDE, 1.0]), 400.0, uniform(fixed, 400, 5)),  # a wide row, large T
            (rng.normal(scale=2.0, size=C), float(rng.uniform(0.3, 3.0)), uniform(rng, 400, C))]


def _argmax(scores):
    return np.argmax(scores, axis=-1)


GUMBEL_MISTAKES = [
    Mistake(lambda c: _argmax(c[0] / c[1] + np.log(c[2])),
            N_("match G = log(u): that is minus an exponential variable, not Gumbel noise; the draws do not follow "
            "softmax(logits / T)."),
            N_("Gumbel noise is G = -log(-log(u)): two logs and two minus signs.")),
    Mistake(lambda c: _argmax(c[0] / c[1] - np.log(c[2])),
            N_("match G = -log(u): that is exponential noise, not Gumbel; the draws do not follow "
               "softmax(logits / T)."),
            N_("Gumbel noise is G = -log(-log(u)): two logs and two minus signs.")),
    Mistake(lambda c: _argmax(c[0] / c[1] + np.log(-np.log(c[2]))),
            N_("match G = log(-log(u)): the outer minus sign is missing, so the noise is minus a Gumbel variable."),
            N_("Gumbel noise is G = -log(-log(u)): two logs and two minus signs.")),
    Mistake(lambda c: _argmax(c[0] - np.log(-np.log(c[2]))),
            N_("match argmax(logits + G): T has no effect. Either it is not used, or it divides after the noise is "
               "added (argmax((logits + G) / T) is the same index as argmax(logits + G) for every T > 0)."),
            N_("where does T act: on the logits before the noise, or on the sum after it? A positive factor on the "
            "sum changes no arg max.")),
    Mistake(lambda c: _argmax(c[0] * c[1] - np.log(-np.log(c[2]))),
            N_("match argmax(logits * T + G): the logits were multiplied by T instead of divided."),
            N_("a high temperature flattens the distribution: logits / T.")),
    Mistake(lambda c: _argmax(softmax(c[0] / c[1]) - np.log(-np.log(c[2]))),
            N_("match argmax(softmax(logits / T) + G): the noise was added to probabilities. The Gumbel-max trick adds "
            "it to the logits (log-probabilities)."),
            N_("no softmax is needed at all: argmax(logits / T + G).")),
    Mistake(lambda c: np.argmin(c[0] / c[1] - np.log(-np.log(c[2])), axis=-1),
            N_("match argmin instead of argmax."),
            N_("the sampled token is the one with the LARGEST perturbed logit.")),
    Mistake(lambda c: np.broadcast_to(np.argmax(c[0]), c[2].shape[:-1]),
            N_("are the arg max of the logits every time: the noise did not change anything (one noise value shared by "
            "every token?)."),
            N_("each token gets its own noise: G has the same shape as u, one value per row and token.")),
]


@checker
def check_gumbel_max(fn):
    """`fn(logits, T, u)` -> (n,) token indices, argmax(logits / T + G) per row of u (n, C), G = -log(-log u)."""
    cases = _gumbel_cases()
    # TRANSLATORS: the subject of a sentence that a mistake's message completes ("... match G = log(u) ...")
    describe = lambda c: _("your indices for {n} logits, T = {T:.3g}, {rows} rows of u,").format(
        n=len(c[0]), T=c[1], rows=len(c[2]))
    hint = _("check one row by hand: compute its noise from that row of u as the exercise defines it, and ask which "
             "token has the largest tempered logit plus noise.")
    answer = lambda c: _("your answer for {n} logits, T = {T:.3g}, {rows} rows of u").format(
        n=len(c[0]), T=c[1], rows=len(c[2]))
    raw = answers(fn, cases, answer, hint=_("logits is (C,), T a number > 0, u an (n, C) array in (0, 1)."))
    for got, case in zip(raw, cases):
        arr = as_real_array(got, what=answer(case))
        if arr.shape == case[2].shape[:-1] and not np.all(arr == np.round(arr)):
            raise NotYet(_("{what} holds numbers that are not whole: return token INDICES, not scores.").format(
                what=answer(case)), N_("np.argmax(..., axis=-1) gives the index of the largest entry of each row."))
    expected = [gumbel_indices(*c) for c in cases]
    diagnose(raw, cases, expected, GUMBEL_MISTAKES, describe)
    for got, case, right in zip(raw, cases, expected):  # indices are labels: "too large" would mean nothing
        arr = as_real_array(got, what=answer(case))
        if arr.shape != right.shape:
            raise NotYet(_("{what} has shape {shape}, expected {expected}: one index per row of u.").format(
                what=answer(case), shape=arr.shape, expected=right.shape),
                N_("np.argmax(..., axis=-1) gives one index per row."))
        C = len(case[0])
        outside = arr[(arr < 0) | (arr >= C)]
        if outside.size:
            raise NotYet(_("{what} holds the index {index:g}, but the {C} tokens have the indices 0 to {last}.").format(
                what=answer(case), index=outside[0], C=C, last=C - 1), hint)
        differ = np.flatnonzero(arr != right)
        if differ.size:
            raise NotYet(_("{what} picks another token than argmax(logits / T + G) in {n} of {rows} rows (the first "
                           "is row {row}, where yours is token {token:g}).").format(
                             what=answer(case), n=differ.size, rows=len(right), row=differ[0], token=arr[differ[0]]),
                         hint)
    return solved(N_("argmax(logits / T + G) with Gumbel noise G = -log(-log u), on four sets of 400 draws (T = 1, "
                     "0.5, 400 on a wide row, and a random one): no softmax, no normalisation needed."))


# --- Exercise 4: temperature first, then top-p ----------------------------------------------------------------

def temperature_then_top_p(logits, T, p):
    """The right answer: softmax(top_p_filter(logits / T, p)), the temperature BEFORE the truncation."""
    return softmax(top_p_filter(np.asarray(logits, dtype=float) / T, p))


def _unshifted_softmax(z):
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / e.sum()


def _order_cases():
    rng = fresh_rng()
    C = int(rng.integers(5, 10))
    return [(np.array([3.0, 2.2, 2.0, 1.4, 0.8, 0.5, -0.5, -1.5]), 2.0, 0.9),
            (np.array([2.0, 1.0, 0.5, 0.0, -1.0]), 0.5, 0.95),
            (np.array([0.0, WIDE, WIDE - 1.0, WIDE - 3.0, -2.0]), 1.5, 0.7),  # a wide row
            (rng.normal(scale=2.0, size=C), float(rng.uniform(1.5, 3.0)), float(rng.uniform(0.75, 0.95)))]


ORDER_MISTAKES = [
    Mistake(lambda c: softmax(top_p_filter(c[0], c[2]) / c[1]),
            N_("match the truncation BEFORE the temperature: the nucleus was chosen from softmax(logits) at T = 1, "
            "and only then divided by T. The exercise asks for the temperature first."),
            N_("divide the logits by T first; the nucleus is then chosen from softmax(logits / T).")),
    Mistake(lambda c: softmax(top_p_filter(c[0], c[2])),
            N_("match top-p without the temperature: T is not used."),
            N_("divide the logits by T before the filter.")),
    Mistake(lambda c: softmax(top_p_filter(c[0] * c[1], c[2])),
            N_("match the logits MULTIPLIED by T: a temperature divides them."),
            N_("a high temperature flattens the distribution: logits / T.")),
    Mistake(lambda c: softmax(top_p_filter(c[0] / c[1], c[2]) / c[1]),
            N_("match the temperature applied twice, before the filter and again after it."),
            N_("divide by T once, before the filter.")),
    Mistake(lambda c: softmax(c[0] / c[1]),
            N_("are softmax(logits / T) with no tokens removed: the top-p filter is missing."),
            N_("pass the tempered logits through top_p_filter before the softmax.")),
    Mistake(lambda c: np.where(np.isfinite(top_p_filter(c[0] / c[1], c[2])), softmax(c[0] / c[1]), 0.0),
            N_("keep the right tokens but are not renormalised: their probabilities are those of the full softmax."),
            N_("take the softmax of the filtered logits (the -inf ones get 0), so the kept ones sum to 1.")),
    Mistake(lambda c: _unshifted_softmax(top_p_filter(c[0] / c[1], c[2])),
            N_("hold nan on the wide row (logits {wide} apart): exp overflows without the max shift of notebook 02."),
            N_("use softmaxlab's `softmax`, which subtracts the row's max.")),
]


@checker
def check_temperature_then_top_p(fn):
    """`fn(logits, T, p)` -> (C,) probabilities: the logits divided by T, then top-p, then softmax."""
    cases = _order_cases()
    # TRANSLATORS: the subject of a sentence that a mistake's message completes ("... match top-p without ...")
    describe = lambda c: _("your probabilities for {n} logits, T = {T:.3g}, p = {p:.3g},").format(
        n=len(c[0]), T=c[1], p=c[2])
    answer = lambda c: _("your answer for {n} logits, T = {T:.3g}, p = {p:.3g}").format(n=len(c[0]), T=c[1], p=c[2])
    hint = _("which operation comes first, is each one applied exactly once, and do the probabilities you return "
             "sum to 1 over the kept tokens only?")
    raw = answers(fn, cases, answer, hint=_("logits is a (C,) array, T a number > 0 and p a number in (0, 1]."))
    expected = [temperature_then_top_p(*c) for c in cases]
    mistakes = [m._replace(message=_(m.message).format(wide=f"{WIDE:.0f}")) for m in ORDER_MISTAKES]
    diagnose(raw, cases, expected, mistakes, describe)
    expect_all_close(raw, cases, expected, answer, hint=hint)
    return solved(N_("temperature first, then the nucleus, then the softmax, on four cases (T = 2, 0.5, 1.5 on a wide "
                     "row, and a random one): at T = 2 this keeps more tokens than truncating first would."))
