"""Checkers for notebook 01: softmax of a vector, the best logit change, the temperature limits."""
import numpy as np

from ..activations import softmax
from ..i18n import N_, _
from ._core import NotYet, as_real_array, as_real_number, call, checker, expect_close, fresh_rng, solved
from ._mistakes import Mistake, judge, same

# ---- Exercise 1: softmax of a vector --------------------------------------------------------------

SOFTMAX_CASES = [np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 1.0, 0.1]), np.array([-1.0, 0.0, 1.0, -2.0, 3.0]),
                 np.array([0.0, 0.0, 0.0]), np.array([5.0]), np.array([-3.0, -7.5, -0.5]),
                 np.array([-30.0, -31.0, -32.0])]   # exps near 1e-13: a guard or `+ eps` on the sum shows here
SOFTMAX_HINT = N_("each probability is a share of a total: what makes every share positive, and what is the total?")

SOFTMAX_MISTAKES = [
    Mistake(lambda a: a / a.sum(), N_("equals logits / sum(logits): that divides the logits themselves by their sum."),
            N_("exponentiate first, so that every share is positive.")),
    Mistake(lambda a: np.exp(a), N_("equals exp(logits): the values are not divided by their sum, so they do not add "
                                    "up to 1."), N_("divide by the sum of the exponentials.")),
    Mistake(lambda a: np.exp(a - a.max()), N_("equals exp(logits) divided by its largest entry (the same as "
                                              "exp(logits - max)): not divided by their sum, so they do not add up to 1."),
            N_("divide by the sum of the exponentials.")),
    Mistake(lambda a: np.exp(a) / a.sum(), N_("equals exp(logits) / sum(logits): the denominator must be the sum of "
                                              "the exponentials, not of the logits."), SOFTMAX_HINT),
    Mistake(lambda a: 1.0 / (1.0 + np.exp(-a)), N_("equals the sigmoid of each logit on its own: softmax couples the "
                                                   "logits through one shared denominator."), SOFTMAX_HINT),
]


def _describe_vector(fixed):
    def describe(logits):
        if any(logits is case for case in fixed):
            return _("your softmax({logits})").format(logits=logits.tolist())
        return _("your softmax of a random vector of {count} logits").format(count=len(logits))
    return describe


@checker
def check_softmax(fn):
    """`fn(logits)` should return softmax of a 1-D array of logits and leave the array unchanged.

    Seven fixed vectors (all negative, all equal, a single logit, one whose exps sum to about 1.4e-13, which
    an epsilon added to the sum or a floor under it changes) and one drawn afresh on every call. No
    wide row here: this exercise comes before the overflow trick of notebook 02.
    """
    rng = fresh_rng()
    cases = SOFTMAX_CASES + [rng.normal(0.0, 4.0, size=int(rng.integers(3, 8)))]
    describe = _describe_vector(SOFTMAX_CASES)
    judge(fn, cases, softmax, SOFTMAX_MISTAKES, describe, SOFTMAX_HINT)
    return solved(_("your softmax matches on all {count} test vectors (one drawn at random for this check), "
                    "and leaves its input alone.").format(count=len(cases)))


# ---- Exercise 2: the best one-logit change -------------------------------------------------------

CHANGE_CASES = [(np.array([2.0, 1.0, 0.1]), 1), (np.array([0.5, 3.0, 2.5, -1.0]), 0),
                (np.array([1.0, 1.0, 1.0, 1.0, 4.0]), 2), (np.array([-2.0, 0.0, 6.0, 5.5]), 2)]
CHANGE_HINT = N_("there are only 2C moves: could you simply try each one and compare?")


def prob_after(logits, k, j, delta):
    """softmax(logits)[k] after adding `delta` to logit j."""
    moved = np.array(logits, dtype=float)
    moved[j] += delta
    return softmax(moved)[k]


def _as_move(got, where, C):
    """(j, delta) from the learner's answer, or stop with words. j: a whole number in 0..C-1; delta: +1 or -1."""
    if got is None:
        raise NotYet(_("{where} your function returned None: did it forget to `return`?").format(where=where))
    if isinstance(got, (str, bytes)) or not hasattr(got, "__len__") or len(got) != 2:
        raise NotYet(_("{where} you returned {value!r}; expected a pair (j, delta).").format(where=where, value=got),
                     N_("return a tuple such as (2, -1): add -1 to logit 2."))
    j_raw, delta_raw = got[0], got[1]
    if isinstance(j_raw, (bool, np.bool_)):
        raise NotYet(_("{where} your j is {j!r}, a bool; expected an integer index.").format(where=where, j=j_raw))
    j = as_real_number(j_raw, what=_("{where} your j").format(where=where))
    if not float(j).is_integer():
        raise NotYet(_("{where} your j is {j!r}, not a whole number: an index must be an integer.").format(
            where=where, j=j))
    delta = as_real_number(delta_raw, what=_("{where} your delta").format(where=where))
    if isinstance(delta_raw, (bool, np.bool_)) or delta not in (1.0, -1.0):
        raise NotYet(_("{where} your delta is {delta!r}; it must be +1 or -1.").format(where=where, delta=delta_raw))
    j = int(j)
    if not 0 <= j < C:
        raise NotYet(_("{where} your j is {j}: it must be in 0..{last}.").format(where=where, j=j, last=C - 1))
    return j, delta


@checker
def check_best_change(fn):
    """`fn(logits, k)` should return (j, delta), delta = +1 or -1: the one-logit move raising softmax(logits)[k] most.

    Four fixed cases and one drawn afresh on every call.
    """
    rng = fresh_rng()
    C = int(rng.integers(3, 7))
    cases = CHANGE_CASES + [(rng.normal(0.0, 2.0, size=C), int(rng.integers(0, C)))]
    for number, (logits, k) in enumerate(cases):
        C = len(logits)
        where = (_("for logits {logits} and k = {k},").format(logits=logits.tolist(), k=k)
                 if number < len(CHANGE_CASES) else
                 _("for a random vector of {count} logits and k = {k},").format(count=C, k=k))
        j, delta = _as_move(call(fn, logits.copy(), k, hint=CHANGE_HINT), where, C)
        best = max(prob_after(logits, k, i, d) for i in range(C) for d in (1.0, -1.0))
        p = prob_after(logits, k, j, delta)
        if p >= best * (1 - 1e-12):
            continue
        rival = max((i for i in range(C) if i != k), key=lambda i: logits[i])
        if (j, delta) == (rival, -1.0):
            raise NotYet(_("{where} you lower the strongest competitor: that helps, but another move helps more.")
                         .format(where=where),
                         N_("compare it with raising logit k itself: by shift invariance that equals lowering EVERY "
                            "other logit by 1 at once."))
        if (j, delta) == (k, -1.0):
            raise NotYet(_("{where} you lower logit k itself, which lowers its probability.").format(where=where),
                         CHANGE_HINT)
        if j == k + 1 and delta == 1.0:
            raise NotYet(_("{where} you raise logit k + 1: k counts from 0, like j.").format(where=where), CHANGE_HINT)
        raise NotYet(_("{where} your move ({j}, {delta:+g}) is not the one that raises softmax(logits)[k] most.")
                     .format(where=where, j=j, delta=delta), CHANGE_HINT)
    return solved(_("your moves are the best on all {count} test cases (one drawn at random for this check). "
                    "Raising a_k itself always wins: it equals lowering all the other logits together.").format(
                        count=len(cases)))


# ---- Exercise 3: the temperature limits ----------------------------------------------------------

LIMIT_CASES = [np.array([2.0, 1.0, 0.1]), np.array([-1.0, 3.0, 0.5, 2.0]), np.array([1.0, 4.0, 4.0]),
               np.array([1e308, -1e308, 5e307]),     # huge: a / T overflows for every small T
               np.array([0.0, 1e-310, 2e-310]),      # tiny gaps: a / T stays near 0 unless T is below 1e-310
               np.array([-1e308, 1e308, 1e308])]     # huge, with a tie
LIMIT_HINT = N_("what happens to the gaps between logits / T when T is tiny, and when T is huge? Ties stay ties.")
LIMIT_RTOL, LIMIT_ATOL = 1e-9, 1e-12


def true_limits(logits):
    top = logits == logits.max()
    return top / top.sum(), np.full(len(logits), 1.0 / len(logits))


@checker
def check_temperature_limits(fn):
    """`fn(logits)` should return (cold, hot): the exact limits of softmax(logits / T) for T -> 0 and T -> inf.

    Six fixed vectors (ties; logits near the float maximum and below the smallest normal number, where no
    finite T plugged into softmax gives the limits) and one drawn afresh, with ties, on every call.
    """
    rng = fresh_rng()
    C = int(rng.integers(3, 8))
    cases = LIMIT_CASES + [rng.integers(-4, 5, size=C).astype(float)]
    for number, logits in enumerate(cases):
        where = (_("for logits {logits}").format(logits=logits.tolist()) if number < len(LIMIT_CASES) else
                 _("for the random logits {logits}").format(logits=logits.tolist()))
        got = call(fn, logits.copy(), hint=LIMIT_HINT)
        if isinstance(got, (str, bytes, dict)) or not hasattr(got, "__len__") or len(got) != 2:
            raise NotYet(_("{where} you returned {type_name}; expected a pair (cold, hot) of arrays.").format(
                where=where, type_name=type(got).__name__), N_("return the two arrays as a pair, cold first."))
        cold, hot = (as_real_array(part, what=_("{where} your {limit} limit").format(where=where, limit=name))
                     for part, name in zip(got, ("T -> 0", "T -> inf")))
        cold_true, hot_true = true_limits(logits)
        rtol = max([LIMIT_RTOL] + [10 * float(np.finfo(np.asarray(part).dtype).eps) for part in got
                                   if np.issubdtype(np.asarray(part).dtype, np.floating)])
        ok = lambda part, true: same(part, true, rtol=rtol, atol=LIMIT_ATOL)
        if ok(cold, cold_true) and ok(hot, hot_true):
            continue
        if ok(cold, hot_true) and ok(hot, cold_true):
            raise NotYet(_("{where} your two limits are swapped.").format(where=where),
                         N_("a small T divides the logits by a small number: the gaps between them grow without bound."))
        ties = int((logits == logits.max()).sum())
        if ties > 1 and ok(hot, hot_true) and same(cold, np.eye(len(logits))[np.argmax(logits)]):
            raise NotYet(_("{where}, which has a {ties}-way tie for the largest, your T -> 0 limit is one-hot.").format(
                where=where, ties=ties), N_("tied logits stay tied at every T, so in the limit they share the mass."))
        for name, part, true in (("T -> 0", cold, cold_true), ("T -> inf", hot, hot_true)):
            if part.shape == true.shape and np.all(np.isfinite(part)) and not ok(part, true) and \
                    np.allclose(part, true, rtol=0, atol=1e-2):
                raise NotYet(_("{where} your {limit} limit is close to the limit but not equal to it, as softmax at a "
                               "small or large but finite T would be. The limits are exact.").format(
                                   where=where, limit=name), LIMIT_HINT)
            expect_close(got[0] if name == "T -> 0" else got[1], true,
                         what=_("{where} your {limit} limit").format(where=where, limit=name),
                         rtol=LIMIT_RTOL, atol=LIMIT_ATOL, hint=LIMIT_HINT)
    return solved(N_("both limits are right on all test vectors, ties included: T -> 0 gives the argmax (one-hot, "
                     "shared by ties), T -> inf the uniform distribution."))
