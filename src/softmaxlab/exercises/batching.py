"""Checkers for notebook 03: batched softmax, the global-max bug, predicting shapes."""
import numpy as np

from ..activations import log_softmax, softmax
from ..plots.overflow import exp_limits
from ..i18n import N_, _
from ._core import WIDE, NotYet, call, checker, fresh_rng, solved
from ._mistakes import Mistake, judge

OVER = exp_limits(np.float64)["overflow"]   # 709.78: exp is inf above it
ZERO = exp_limits(np.float64)["zero"]       # -745.13: exp is exactly 0 below it


def random_batch(rng):
    """A non-square (N, C) batch drawn afresh: rows hundreds apart and spread over hundreds."""
    N = int(rng.integers(2, 6))
    C = N + int(rng.integers(1, 4))
    offsets = rng.uniform(-1500.0, 1500.0, size=(N, 1))   # (N, 1): rows far apart
    return offsets + rng.normal(0.0, 400.0, size=(N, C))   # (N, C)


def describe(fixed):
    def what(logits):
        if any(logits is case for case in fixed) and logits.size <= 6:
            return _("your answer for the logits of shape {shape} {values}").format(shape=logits.shape,
                                                                                   values=logits.tolist())
        if any(logits is case for case in fixed):
            return _("your answer for the logits of shape {shape}").format(shape=logits.shape)
        return _("your answer for the logits of a random batch of shape {shape}, rows far apart").format(
            shape=logits.shape)
    return what


CALL_HINT = N_("if NumPy says the shapes could not be broadcast, think about keepdims; if it says axis 1 is out of "
               "bounds, use an axis that also exists in 1-D input.")

# ---- Exercise 1: batched softmax -----------------------------------------------------------------

HARD_ROWS = np.array([[709.0, 709.0, 709.0],      # every exp is finite, their sum overflows: naive gives 0, 0, 0
                      [-740.0, -741.0, -742.5],   # every exp is subnormal: naive is finite but off by 0.0017
                      [710.0, 711.0, 0.0]])       # two scores above 709: both exps overflow

# Rows 2e4 apart: beyond the exp limit of np.longdouble (80-bit or 128-bit, ~11356.5), so a global max or no
# shift at all computed in np.longdouble fails here as it does in float64.
FAR_ROWS = np.array([[0.0, 1.0, 2.0], [2e4, 2e4 + 1.0, 2e4 + 2.0]])
# The first two rows of HARD_ROWS again, each in a batch where the naive formula gives no nan or inf at all: a
# shift made only when the batch's naive answer is not finite (or only above 709) is caught here, not by the
# [710, 711, 0] row next to them in HARD_ROWS.
SUM_OVER = np.array([[709.0, 709.0, 709.0], [0.0, 1.0, 2.0]])
SUBNORMAL = np.array([[-740.0, -741.0, -742.5], [0.0, 1.0, 2.0]])
BATCH_CASES = [np.array([1.0, 2.0, 3.0, 4.0]),
               np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 13.0]]),   # (3, 4)
               np.array([[0.0, 1.0, 2.0], [3.0, 0.0, -1.0], [2.0, 2.0, 5.0]]),                    # square
               np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]]),                            # rows 1000 apart
               np.array([[-3.0, 4.0]]),
               np.array([[0.0, WIDE, -3.0], [790.0, 800.0, 0.0]]),                               # wide rows
               np.array([[-1000.0, -1001.0, -999.5], [0.0, 800.0, 790.0]]),
               np.array([[0.0, 0.0, 1000.0], [3.0, -1.0, 0.5]]),   # the row mean survives it, the row median not
               np.array([[0.0, 0.0, 0.0, 1000.0], [1000.0, 0.0, 0.0, 0.0]]),  # (max + min) / 2 survives, the mean not
               HARD_ROWS, FAR_ROWS, SUM_OVER, SUBNORMAL]
BATCH_HINT = N_("each row is its own softmax: which shift and which sum belong to one row?")


def _rows(shift):
    def compute(x):
        e = np.exp(x - shift(x))
        return e / e.sum(axis=-1, keepdims=True)
    return compute


# The messages quote OVER (709.78, exp is inf above it) and ZERO (-745.13, exp is 0 below it) of float64 as written.
BATCH_MISTAKES = [
    Mistake(_rows(lambda x: 0.0), N_("has nan: exp overflowed to inf (above 709.78) and inf / inf = nan. That is the "
                                     "formula with no shift at all."), BATCH_HINT),
    Mistake(_rows(lambda x: x.max()), N_("has nan in a row far below the batch's largest logit: you subtract ONE "
                                         "max for the whole batch, so every exp of that row is exactly 0 (below "
                                         "-745.13) and 0 / 0 = nan."),
            N_("the shift must be computed for each row separately.")),
    Mistake(_rows(lambda x: x.min(axis=-1, keepdims=True)),
            N_("has nan: exp overflowed to inf (above 709.78) and inf / inf = nan: you shift each row by its min, "
               "so every exponent is >= 0."), BATCH_HINT),
    Mistake(_rows(lambda x: x.mean(axis=-1, keepdims=True)),
            N_("has nan: exp overflowed to inf (above 709.78) and inf / inf = nan: you shift each row by its mean, "
               "which leaves max - mean as an exponent."), BATCH_HINT),
    Mistake(_rows(lambda x: x[..., :1]),
            N_("has nan: exp overflowed to inf (above 709.78) and inf / inf = nan: you shift each row by its first "
               "logit, which leaves exponents above 0."), BATCH_HINT),
    Mistake(lambda x: np.exp(x - x.max(axis=-1, keepdims=True)) / np.exp(x - x.max(axis=-1, keepdims=True)).sum(),
            N_("sums to 1 over the whole batch, not in each row."),
            N_("each row is one example: sum along the class axis.")),
    Mistake(lambda x: np.exp(x - x.max(axis=0, keepdims=True)) / np.exp(x - x.max(axis=0, keepdims=True)).sum(
        axis=0, keepdims=True), N_("has columns that sum to 1, but each ROW is one example and must sum to 1."),
            N_("reduce along the class axis (the last one), not axis=0.")),
]


@checker
def check_batched_softmax(fn):
    """`fn(logits)` should return softmax along the last axis for (C,) and (N, C) input, leaving the input alone.

    Thirteen fixed inputs (1-D, non-square, square, rows 1000 apart, wide rows spread over 1500, a row on which
    the mean shift works and the median shift does not, rows on which (max + min) / 2 works and the mean does
    not, and `HARD_ROWS`: a sum that overflows while every exp
    is finite, exps in the subnormal range, two scores above 709, which a shift made only when something
    overflows or comes out nan fails, `FAR_ROWS`, rows 2e4 apart, which even np.longdouble cannot take
    without a per-row shift, and `SUM_OVER` and `SUBNORMAL`, the first two hard rows in batches of their own,
    which a shift made only when the whole batch's naive answer is not finite fails) and one non-square batch
    drawn afresh on every call.
    """
    cases = BATCH_CASES + [random_batch(fresh_rng())]
    what = describe(BATCH_CASES)
    judge(fn, cases, softmax, BATCH_MISTAKES, what, BATCH_HINT, call_hint=CALL_HINT)
    return solved(_("right on all {n} inputs (one drawn at random for this check): 1-D, 2-D, square, rows 1000 and "
                    "20000 apart, rows spread over 1500, a row [709, 709, 709] (whose exps fit but whose sum does not) "
                    "and a row whose exps are subnormal.").format(n=len(cases)))


# ---- Exercise 2: the global-max bug in log-softmax ------------------------------------------------

LOG_CASES = [np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),
             np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]]),
             np.array([[-500.0, -499.0], [500.0, 502.0], [0.0, 3.0]]),
             np.array([[0.0, WIDE, -3.0], [-1000.0, -1001.0, -999.5]]),
             np.array([[790.0, 800.0, 0.0, 1.0], [0.0, 800.0, 790.0, 2.0], [-800.0, 0.0, 2.0, 1.0]]),
             np.array([[0.0, 0.0, 1000.0], [1000.0, 0.0, 0.0], [3.0, -1.0, 0.5]]),   # the row mean survives both
             np.array([[0.0, 0.0, 0.0, 1000.0], [0.0, 1000.0, 1000.0, 1000.0]]),     # (max + min) / 2 survives both
             HARD_ROWS, FAR_ROWS, SUM_OVER, SUBNORMAL]
LOG_HINT = N_("m must hold one value per row, shape (N, 1), chosen so that every exponent in that row is <= 0.")


def _log_rows(shift):
    def compute(x):
        shifted = x - shift(x)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return compute


LOG_MISTAKES = [
    Mistake(_log_rows(lambda x: 0.0), N_("is not finite in some row: with m = 0 there is no shift, so exp overflows "
                                         "to inf in a row of large logits (log inf = inf), and in a row of very "
                                         "negative ones every exp is 0 (log 0 = -inf)."), LOG_HINT),
    Mistake(_log_rows(lambda x: x.max()),
            N_("is not finite in some row: m is ONE max for the whole batch, so in a row far below it every exp is "
               "exactly 0 (below -745.13), log 0 = -inf, and subtracting it gives inf."), LOG_HINT),
    Mistake(_log_rows(lambda x: x.min(axis=1, keepdims=True)),
            N_("is not finite in some row: m is each row's min, so every exponent is >= 0 and exp overflows to inf."),
            LOG_HINT),
    Mistake(_log_rows(lambda x: x.mean(axis=1, keepdims=True)),
            N_("is not finite in some row: m is each row's mean, which leaves max - mean as an exponent, and exp "
               "overflows to inf."), LOG_HINT),
    Mistake(_log_rows(lambda x: x[:, :1]),
            N_("is not finite in some row: m is each row's first logit, which leaves exponents above 0, and exp "
               "overflows to inf."), LOG_HINT),
    Mistake(_log_rows(lambda x: x.max(axis=0, keepdims=True)),
            N_("is wrong: m has one value per COLUMN (shape (1, C)), so each column is shifted differently and the "
               "rows are no longer shifted by a constant."), LOG_HINT),
]


@checker
def check_row_log_softmax(fn):
    """`fn(logits)` should return log_softmax of each row of an (N, C) batch.

    Eleven fixed batches (rows 1000 apart, a wide row spread over 1500, a very negative row, `HARD_ROWS`,
    `FAR_ROWS`, and `SUM_OVER` and `SUBNORMAL`, where m = 0 gives no overflow at all yet is wrong: -inf for
    [709, 709, 709], digits lost for exps in the subnormal range) and
    one non-square batch drawn afresh on every call. log-softmax is shift-invariant in exact arithmetic, so a
    wrong m shows only where it overflows or underflows: the rows are chosen so that every named mistake, every
    pair of them and the right answer differ somewhere, and so that plausible unnamed ones (each row's median,
    last entry, second largest, (max + min) / 2) match none of them and get a neutral message.
    """
    cases = LOG_CASES + [random_batch(fresh_rng())]
    what = describe(LOG_CASES)
    judge(fn, cases, log_softmax, LOG_MISTAKES, what, LOG_HINT, call_hint=CALL_HINT)
    return solved(_("every row is finite and right on all {n} batches (one drawn at random for this check), even "
                    "rows 1000 and 20000 apart, rows spread over 1500, a row [709, 709, 709] and a row whose exps are "
                    "subnormal.").format(n=len(cases)))


# ---- Exercise 3: predict the shapes --------------------------------------------------------------

SHAPE_EXPRESSIONS = {"a": "x.sum(axis=0)", "b": "x.sum(axis=1, keepdims=True)",  # i18n: no
                     "c": "x - x.max(axis=1, keepdims=True)", "d": "x.T.max(axis=0)", "e": "x.sum()",  # i18n: no
                     "f": "x - x.max(axis=1)", "g": "x.T - x.max(axis=1)"}  # i18n: no
ERROR_WORDS = {"error", "valueerror", "raises", "raise"}


def true_shape(expression, N=4, C=3):
    """The shape `expression` gives for x of shape (N, C), or the string 'error'."""
    x = np.zeros((N, C))  # (N, C)
    try:
        return tuple(eval(expression, {"np": np}, {"x": x}).shape)  # our own fixed strings only
    except ValueError:
        return "error"


def _read_shape(answer):
    """A shape tuple, 'error', or None when `answer` is neither."""
    if isinstance(answer, str):
        return "error" if answer.strip().lower() in ERROR_WORDS else None
    whole = lambda n: isinstance(n, (int, np.integer)) and not isinstance(n, (bool, np.bool_))
    if isinstance(answer, (tuple, list)) and all(whole(n) for n in answer):
        return tuple(int(n) for n in answer)
    return None


@checker
def check_predicted_shapes(fn):
    """`fn()` should return a dict {label: shape tuple or 'error'} for SHAPE_EXPRESSIONS with x of shape (4, 3)."""
    got = call(fn)
    if not isinstance(got, dict):
        raise NotYet(_("you returned {type}; expected a dict such as {{'a': (3,), ...}}.").format(
            type=type(got).__name__))
    missing = sorted(set(SHAPE_EXPRESSIONS) - set(got))
    if missing:
        raise NotYet(_("your dict has no entry for {missing}.").format(missing=missing),
                     _("give a shape tuple or 'error' for every label."))
    for label in SHAPE_EXPRESSIONS:
        answer = got[label]
        if isinstance(answer, (int, np.integer)) and not isinstance(answer, (bool, np.bool_)):
            raise NotYet(_("for {label} you gave the number {answer!r}; a shape is a tuple, e.g. (3,) for a 1-D "
                           "array of 3 entries and () for a scalar.").format(label=label, answer=answer))
        if _read_shape(answer) is None:
            raise NotYet(_("for {label} you gave {answer!r}; expected a shape tuple such as (3,) or (4, 1), or the "
                           "string 'error'.").format(label=label, answer=answer))
    wrong = [label for label, expression in SHAPE_EXPRESSIONS.items()
             if _read_shape(got[label]) != true_shape(expression)]
    if wrong:
        hint = _("a reduction removes the axis it runs along, unless keepdims=True keeps it with size 1; "
                 "broadcasting lines shapes up from the RIGHT, and sizes must be equal or 1.")
        raise NotYet(_("{wrong} of {total} wrong: {labels}. A 1-tuple is written (3,), a scalar's shape is "
                       "().").format(wrong=len(wrong), total=len(SHAPE_EXPRESSIONS), labels=", ".join(wrong)), hint)
    return solved(_("all shapes right. Note g: x.T - x.max(axis=1) is (3, 4) - (4,): the transpose variant "
                    "works without keepdims because the sample axis is now last."))
