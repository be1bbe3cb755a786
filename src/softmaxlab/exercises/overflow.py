"""Checkers for notebook 02: stable softmax, logsumexp, and where float32 breaks."""
import re

import numpy as np

from ..activations import logsumexp, softmax
from ..i18n import N_, _
from ..plots.overflow import exp_limits
from ._core import WIDE, NotYet, as_real_number, call, checker, expect_unchanged, fresh_rng, solved
from ._mistakes import Mistake, diagnose, expect_all_close, judge

# ---- Exercise 1: stable softmax --------------------------------------------------------------------

HARD_CASES = [np.array([709.0, 709.0, 709.0]),     # every exp is finite, their sum overflows: naive gives 0, 0, 0
              np.array([-740.0, -741.0, -742.5]),  # every exp is subnormal: naive is finite but off by 0.0017
              np.array([710.0, 711.0, 0.0])]       # two scores above 709: both exps overflow
# Logits 2e4 apart: beyond the exp limit of every wider float NumPy offers (np.longdouble, 80-bit or 128-bit,
# overflows above ~11356.5), so the naive formula computed in np.longdouble fails here as it does in float64.
FAR = np.array([2e4, 2e4 + 1.0, 0.0])

STABLE_CASES = [np.array([1.0, 2.0, 3.0]), np.array([-1600.0, 0.0]), np.array([1000.0, 1001.0, 1002.0]),
                np.array([-1000.0, -1001.0, -1002.0]), np.array([0.0, 1000.0]), np.array([-5.0, 800.0, 3.0, -800.0]),
                np.array([0.0, WIDE, -3.0]),      # the wide row: only the max shift survives it
                np.array([-800.0, 0.0, 2.0]), np.array([0.0, 800.0, 790.0]),
                np.array([0.0, 0.0, 1000.0]),     # the mean shift survives it, the median shift does not
                np.array([0.0, 0.0, 0.0, 1000.0]),  # (max + min) / 2 survives it, the mean shift does not
                *HARD_CASES, FAR]
STABLE_HINT = N_("which constant, subtracted from every logit, makes every exponent <= 0 and one of them exactly 0?")


def _shifted(shift):
    def compute(a):
        e = np.exp(a - shift(a))
        return e / e.sum()
    return compute


OVERFLOW_AT = f"{exp_limits(np.float64)['overflow']:.2f}"  # i18n: no  (709.78: exp overflows above it in float64)
# The first four messages hold {overflow}, filled in by _worded() when a check runs (in the language chosen then).
STABLE_MISTAKES = [
    Mistake(_shifted(lambda a: 0.0), N_("contains nan: that is the naive formula, with no shift; exp overflows to inf "
                                        "above {overflow}, and inf / inf = nan."), STABLE_HINT),
    Mistake(_shifted(np.min), N_("contains nan: you shift by the min, so every exponent is >= 0; exp overflows to inf "
                                 "above {overflow}, and inf / inf = nan."), STABLE_HINT),
    Mistake(_shifted(np.mean), N_("contains nan: you shift by the mean, which leaves max - mean as an exponent; "
                                  "exp overflows to inf above {overflow}, and inf / inf = nan."), STABLE_HINT),
    Mistake(_shifted(lambda a: a[0]), N_("contains nan: you shift by the first logit, which leaves exponents above 0; "
                                         "exp overflows to inf above {overflow}, and inf / inf = nan."), STABLE_HINT),
    Mistake(lambda a: np.exp(a - a.max()), N_("is not divided by the sum of the exponentials, so it does not add up "
            "to 1."), N_("divide by the sum after the exp.")),
    Mistake(lambda a: (a - a.max()) / (a - a.max()).sum(), N_("divides the shifted logits by their sum: the exp is "
            "missing."), N_("exponentiate the shifted logits.")),
]


def _worded(mistakes):
    """The mistakes with their messages in the language chosen now, {overflow} filled in."""
    return [m._replace(message=_(m.message).format(overflow=OVERFLOW_AT)) for m in mistakes]


def _describe(fixed, name):
    def describe(logits):
        if any(logits is case for case in fixed):
            return _("your {name}({logits})").format(name=name, logits=logits.tolist())
        return _("your {name} of a random vector of {n} logits spread over hundreds").format(name=name, n=len(logits))
    return describe


@checker
def check_stable_softmax(fn):
    """`fn(logits)` should return softmax of a 1-D array, without overflow for any finite logits.

    Fifteen fixed vectors, among them the wide row [0, 1500, -3] on which shifting by the min, the mean or the
    first entry overflows, [0, 0, 1000], on which the mean shift works and the median shift does not (so
    a median is never told it is the mean), [0, 0, 0, 1000], on which (max + min) / 2 works and the mean does
    not, the hard cases of every softmax-like checker (`HARD_CASES`: a sum
    that overflows while every exp is finite, exps in the subnormal range, two scores above 709: a shift made
    only when something overflows or comes out nan fails them), `FAR` (logits 2e4 apart, on which the naive
    formula fails even in np.longdouble), and one drawn afresh on every call.
    """
    rng = fresh_rng()
    cases = STABLE_CASES + [rng.normal(0.0, 600.0, size=int(rng.integers(3, 8)))]
    describe = _describe(STABLE_CASES, "stable_softmax")
    judge(fn, cases, softmax, _worded(STABLE_MISTAKES), describe, STABLE_HINT)
    return solved(_("your softmax is right and finite on all {n} test vectors (one drawn at random for this "
                    "check), including logits of +-1000, rows spread over 1500 and over 20000, [709, 709, 709] (whose "
                    "exps fit but whose sum does not) and logits whose exps are subnormal.").format(n=len(cases)))


# ---- Exercise 2: logsumexp -----------------------------------------------------------------------

LSE_CASES = [np.array([1.0, 2.0, 3.0]), np.array([1000.0, 1000.0]), np.array([-1000.0, -1000.0]), np.array([5.0]),
             np.array([0.0, -800.0, 2.0]), np.array([0.0, WIDE, -3.0]), np.array([-800.0, 0.0, 2.0]),
             np.array([WIDE, 0.0, -3.0]), np.array([0.0, -40.0]),
             np.array([0.0, 0.0, 1000.0]),        # the mean shift survives it, the median shift does not
             np.array([1000.0, 0.0, 0.0]),        # the mean and the first entry survive it, the last entry does not
             np.array([0.0, 0.0, 0.0, 1000.0]),   # only the max, the last entry and (max + min) / 2 survive it
             *HARD_CASES[:2], FAR]
LSE_HINT = N_("factor e^m out of the sum for a constant m you choose: which m keeps every exponent <= 0 and one of "
              "them exactly 0?")


def _lse_shifted(shift):
    return lambda a: shift(a) + np.log(np.sum(np.exp(a - shift(a))))


LSE_MISTAKES = [
    Mistake(_lse_shifted(lambda a: 0.0), N_("is not finite: that is the naive formula; exp overflows to inf for large "
            "logits, and every exp underflows to 0 (log 0 = -inf) for very negative ones."), LSE_HINT),
    Mistake(_lse_shifted(np.min), N_("is inf: you factor out the min, so every exponent is >= 0 and exp overflows."),
            LSE_HINT),
    Mistake(_lse_shifted(np.mean), N_("is inf: you factor out the mean, which leaves max - mean as an exponent, and "
            "exp overflows."), LSE_HINT),
    Mistake(_lse_shifted(lambda a: a[0]), N_("is inf: you factor out the first logit, which leaves exponents above 0, "
            "and exp overflows."), LSE_HINT),
    Mistake(lambda a: np.log(np.sum(np.exp(a - a.max()))), N_("is off by exactly max(a): the m you factored out of the "
            "sum is missing from the result."), N_("log(e^m * s) = m + log(s).")),
    Mistake(lambda a: a.max(), N_("equals max(a) alone: the log of the sum adds between 0 and log C to it."), LSE_HINT),
]


@checker
def check_logsumexp(fn):
    """`fn(logits)` should return log(sum(exp(logits))) of a 1-D array as one number, finite for finite logits.

    Fifteen fixed vectors (`FAR` among them: logits 2e4 apart, beyond np.longdouble's exp limit) and one drawn
    afresh on every call. log-sum-exp is shift-invariant in exact
    arithmetic, so a wrong m shows only where it overflows (inf) or underflows (-inf): the cases are chosen so
    that every named mistake, every pair of them and the right answer give a different pattern of results,
    and so that plausible unnamed ones (the median, the last entry, the second largest, (max + min) / 2,
    max + log C) match none of them and get a neutral message (tests/test_nb01_03_exercises.py checks both).
    """
    rng = fresh_rng()
    cases = LSE_CASES + [rng.normal(0.0, 600.0, size=int(rng.integers(3, 8)))]
    describe = _describe(LSE_CASES, "my_logsumexp")
    raw = []
    for logits in cases:
        arg = logits.copy()
        got = call(fn, arg, hint=LSE_HINT)
        expect_unchanged(logits, arg)
        raw.append(as_real_number(got, what=describe(logits), hint=LSE_HINT))
    expected = [float(logsumexp(a)) for a in cases]
    diagnose(raw, cases, expected, _worded(LSE_MISTAKES), describe)
    for got, logits, right in zip(raw, cases, expected):
        if not np.isfinite(got):
            raise NotYet(_("{what} is {value}, but the log-sum-exp of finite logits is finite.").format(
                what=describe(logits), value=got), LSE_HINT)
    expect_all_close(raw, cases, expected, describe, hint=LSE_HINT)
    return solved(_("your logsumexp is right on all {n} test vectors (one drawn at random for this check), including "
                    "+-1000, rows spread over 1500 and over 20000, [709, 709, 709] and logits whose exps are "
                    "subnormal.").format(n=len(cases)))


# ---- Exercise 3: where float32 breaks ------------------------------------------------------------

FLOAT32_CASES = {"A": [1.0, 2.0, 3.0], "B": [50.0, 60.0, 70.0], "C": [88.0, 89.0], "D": [-50.0, -60.0, -70.0],
                 "E": [-110.0, -120.0], "F": [87.0, 88.0], "G": [88.5, 88.5]}
FLOAT32 = exp_limits(np.float32)


def naive_float32(logits):
    """The naive softmax in float32, warnings silenced."""
    a = np.asarray(logits, dtype=np.float32)
    with np.errstate(all="ignore"):
        e = np.exp(a)
        return e / e.sum()


def float32_breaks(logits):
    """True when naive float32 softmax gives nan or is off by more than 1e-3 from the stable float64 result."""
    got = naive_float32(logits)
    return bool(np.isnan(got).any() or not np.allclose(got, softmax(np.asarray(logits, dtype=float)), atol=1e-3))


def mechanism(logits):
    """How naive float32 softmax of `logits` fails: 'overflow', 'underflow', 'sum', or None when it works."""
    a = np.asarray(logits, dtype=np.float32)
    with np.errstate(all="ignore"):
        e = np.exp(a)
        total = e.sum()
    if np.isinf(e).any():
        return "overflow"
    if (e == 0).all():
        return "underflow"
    if np.isinf(total):
        return "sum"
    return None


def why_float32(logits):
    """A short explanation of what happens in naive float32 softmax for `logits`."""
    a = np.asarray(logits, dtype=np.float32)
    with np.errstate(all="ignore"):
        e = np.exp(a)
        total = e.sum()
    if np.isinf(e).any():
        return _("exp of {logit:g} is inf in float32 (the limit is {limit:.2f}), and inf / inf = nan").format(
            logit=a.max(), limit=FLOAT32["overflow"])
    if (e == 0).all():
        return _("every exp is exactly 0 (below {limit:.2f} in float32), and 0 / 0 = nan").format(limit=FLOAT32["zero"])
    if np.isinf(total):
        return _("each exp is finite, but their sum overflows to inf, so every probability becomes 0")
    return _("every exp and their sum fit in float32")


LABELS_HINT = N_("return a set of labels such as {'A', 'B'}.")


def _labels(got):
    """The set of labels the learner chose, upper-cased; a string such as "C, E and G" is read too."""
    if isinstance(got, bytes):
        got = got.decode(errors="replace")
    if isinstance(got, str):
        tokens = [t for t in re.split(r"\s*,\s*|\s+and\s+|\s+", got.strip()) if t]
        if not tokens or not all(re.fullmatch(r"[A-Za-z]", t) for t in tokens):
            raise NotYet(_("could not read {answer!r} as labels.").format(answer=got), LABELS_HINT)
        return {t.upper() for t in tokens}
    if isinstance(got, dict) or not hasattr(got, "__iter__"):
        raise NotYet(_("you returned {kind}; expected a set of labels.").format(kind=type(got).__name__), LABELS_HINT)
    chosen = set()
    for label in got:
        if not isinstance(label, str):
            raise NotYet(_("you returned a collection holding {item!r}; the labels are strings such as 'A'.").format(
                item=label), LABELS_HINT)
        chosen.add(label.strip().upper())
    return chosen


@checker
def check_breaks_in_float32(fn):
    """`fn()` should return the labels of FLOAT32_CASES where naive float32 softmax breaks."""
    got = call(fn)
    if got is None:
        raise NotYet(_("your function returned None: did it forget to `return`?"))
    chosen = _labels(got)
    unknown = chosen - set(FLOAT32_CASES)
    if unknown:
        raise NotYet(_("unknown labels {unknown}; the cases are {cases}.").format(
            unknown=sorted(unknown), cases=", ".join(sorted(FLOAT32_CASES))), LABELS_HINT)
    truth = {k for k, v in FLOAT32_CASES.items() if float32_breaks(v)}
    missed, extra = sorted(truth - chosen), sorted(chosen - truth)
    if missed or extra:
        kinds = {"overflow": _("one exp overflows"), "underflow": _("every exp underflows to 0"),
                 "sum": _("each exp fits but their sum overflows")}
        parts = []
        if missed:
            missed_kinds = sorted({kinds[mechanism(FLOAT32_CASES[k])] for k in missed})
            parts.append(_("{n} case(s) that break are missing from your set (where {kinds})").format(
                n=len(missed), kinds=" / ".join(missed_kinds)))
        if extra:
            parts.append(_("{n} case(s) in your set work fine (every exp and their sum fit in float32)").format(
                n=len(extra)))
        hint = _("for each case, ask whether each exp fits in float32 (0 below {zero:.2f}, inf above {overflow:.2f}), "
                 "and then whether their SUM fits.").format(zero=FLOAT32["zero"], overflow=FLOAT32["overflow"])
        raise NotYet("; ".join(parts) + ".", hint)
    # TRANSLATORS: {labels} is e.g. "C, E, G"; {reasons} is "C: why; E: why; ..." (each reason a message of its own)
    return solved(_("exactly {labels}. {reasons}.").format(labels=", ".join(sorted(truth)), reasons="; ".join(
        f"{k}: {why_float32(FLOAT32_CASES[k])}" for k in sorted(truth))))
