"""03-batching-axes: batched_softmax, row_log_softmax, predicted_shapes."""
import numpy as np
import scipy.special

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab.exercises import batching as ex


def batched_softmax(logits):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def rows_shifted_by(shift):
    def attempt(logits):
        e = np.exp(logits - shift(logits))
        return e / e.sum(axis=-1, keepdims=True)
    return attempt


def transposed(logits):
    t = logits.T
    e = np.exp(t - t.max(axis=0))
    return (e / e.sum(axis=0)).T


def rows_shifted_only_on_nan(logits):
    """Issue 25: the naive formula per row, shifted only where it comes out nan; [709, 709, 709] gives zeros."""
    e = np.exp(logits)
    probs = e / e.sum(axis=-1, keepdims=True)
    bad = np.isnan(probs).any(axis=-1, keepdims=True)
    return np.where(bad, batched_softmax(logits), probs)


def rows_shifted_only_above_709(logits):
    """Issue 25: each row shifted only when its max is above 709 or below -700."""
    m = logits.max(axis=-1, keepdims=True)
    shift = np.where((m > 709) | (m < -700), m, 0.0)
    e = np.exp(logits - shift)
    return e / e.sum(axis=-1, keepdims=True)


def batch_shifted_only_if_not_finite(logits):
    """Issue 25 (mutation testing): the naive formula for the whole batch, shifted only if some entry is not finite.
    In HARD_ROWS the [710, 711, 0] row turns nan, so the whole batch was shifted and [709, 709, 709] came out right."""
    e = np.exp(logits)
    naive = e / e.sum(axis=-1, keepdims=True)
    return naive if np.all(np.isfinite(naive)) else batched_softmax(logits)


def log_m_zero_unless_above_709(logits):
    """Issue 25 (mutation testing): m = 0 unless the batch's max is above 709: -inf for [709, 709, 709]."""
    m = logits.max(axis=1, keepdims=True) if logits.max() > 709 else np.zeros((len(logits), 1))
    shifted = logits - m
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def log_m_zero_unless_not_finite(logits):
    """Issue 25 (mutation testing): m = 0 unless that gives something not finite: digits lost for subnormal exps."""
    naive = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    if np.all(np.isfinite(naive)):
        return naive
    return row_log_softmax_with(lambda x: x.max(axis=1, keepdims=True))(logits)


def no_keepdims(logits):
    e = np.exp(logits - logits.max(axis=-1))
    return e / e.sum(axis=-1)


def axis_1(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def whole_batch_sum(logits):
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum()


def columns(logits):
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def row_log_softmax_with(m_of):
    def attempt(logits):
        m = m_of(logits)
        shifted = logits - m
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return attempt


def global_max_longdouble(logits):
    """Issue 26: one max for the whole batch, computed in np.longdouble (exp is 0 only below ~-11400 on x86-64
    Linux): right for rows 1500 apart, wrong for rows 2e4 apart."""
    e = np.exp(logits.astype(np.longdouble) - logits.max())
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float64)


def log_global_max_longdouble(logits):
    """Issue 26: Exercise 2's global max, computed in np.longdouble."""
    shifted = logits.astype(np.longdouble) - logits.max()
    return (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))).astype(np.float64)


ANSWER = {"a": (3,), "b": (4, 1), "c": (4, 3), "d": (4,), "e": (), "f": "error", "g": (3, 4)}


def shapes(**changes):
    return lambda: {**ANSWER, **changes}


CATALOGUE = {
    ex.check_batched_softmax: [
        Right(batched_softmax, "the textbook answer"),
        Right(lambda x: scipy.special.softmax(x, axis=-1), "scipy, axis=-1"),
        Right(lambda x: batched_softmax(x).astype(np.float32), "float32"),
        Right(lambda x: batched_softmax(x).tolist(), "nested lists"),
        Right(transposed, "the transpose variant (right for 1-D too)"),
        Right(lambda x: np.exp(x - scipy.special.logsumexp(x, axis=-1, keepdims=True)), "exp of log-softmax"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(crashes, "raises", diagnosis="raised ZeroDivisionError"),
        Wrong(rows_shifted_by(lambda x: 0.0), "no shift (overflows)", diagnosis="no shift at all",
              not_said=("underflow", "whole batch", "ONE max")),
        Wrong(rows_shifted_by(lambda x: x.max()), "global max (rows underflow)", diagnosis="ONE max"),
        Wrong(rows_shifted_by(lambda x: x.min(axis=-1, keepdims=True)), "per-row min", diagnosis="by its min"),
        Wrong(rows_shifted_by(lambda x: x.mean(axis=-1, keepdims=True)), "per-row mean", diagnosis="by its mean"),
        Wrong(rows_shifted_by(lambda x: np.median(x, axis=-1, keepdims=True)), "per-row median: never told it is the mean",
              not_said=("by its mean", "no shift", "by its min")),
        Wrong(rows_shifted_by(lambda x: x[..., :1]), "logits[:, :1]", diagnosis="by its first logit"),
        Wrong(whole_batch_sum, "normalised over the whole batch", diagnosis="sums to 1 over the whole batch"),
        Wrong(columns, "axis=0", diagnosis="columns that sum to 1"),
        Wrong(no_keepdims, "no keepdims", diagnosis="operands could not be broadcast"),
        Wrong(axis_1, "axis=1 (fails on 1-D input)", diagnosis="out of bounds for array"),
        Wrong(lambda x: scipy.special.softmax(x), "scipy's default axis=None",
              not_said=("columns", "no shift")),
        Wrong(lambda x: batched_softmax(x) + 5j, "complex", diagnosis="complex"),
        Wrong(rows_shifted_only_on_nan, "issue 25: shift a row only when it comes out nan (zeros for 709, 709, 709)",
              diagnosis="shape (3, 3) is wrong in row 0", not_said=("no shift", "by its mean")),
        Wrong(rows_shifted_only_above_709, "issue 25: shift a row only when its max is above 709",
              diagnosis="shape (3, 3) is wrong in row 0", not_said=("no shift",)),
        Wrong(global_max_longdouble, "issue 26: the global max in np.longdouble (passed before FAR_ROWS was added)"),
        Wrong(batch_shifted_only_if_not_finite, "issue 25 (mutation testing): shift the whole batch only when its naive "
              "answer is not finite (passed before [709, 709, 709] had a batch of its own)",
              not_said=("no shift", "by its mean", "random batch")),
    ],
    ex.check_row_log_softmax: [
        Right(row_log_softmax_with(lambda x: x.max(axis=1, keepdims=True)), "the textbook answer"),
        Right(row_log_softmax_with(lambda x: np.max(x, axis=-1, keepdims=True)), "axis=-1"),
        Right(row_log_softmax_with(lambda x: x.max(axis=1)[:, None]), "max(axis=1)[:, None]"),
        Right(row_log_softmax_with(lambda x: x.max(axis=1, keepdims=True) + 5.0), "row max + 5: still safe"),
        Right(lambda x: scipy.special.log_softmax(x, axis=1), "scipy"),
        Right(lambda x: row_log_softmax_with(lambda v: v.max(axis=1, keepdims=True))(x).astype(np.float32), "float32"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(row_log_softmax_with(lambda x: 0.0), "m = 0 (overflow)", diagnosis="with m = 0",
              not_said=("ONE max",)),
        Wrong(row_log_softmax_with(lambda x: x.max()), "m = global max", diagnosis="ONE max"),
        Wrong(row_log_softmax_with(lambda x: x.min(axis=1, keepdims=True)), "m = row min", diagnosis="row's min"),
        Wrong(row_log_softmax_with(lambda x: x.mean(axis=1, keepdims=True)), "m = row mean", diagnosis="row's mean"),
        Wrong(row_log_softmax_with(lambda x: x[:, :1]), "m = logits[:, :1]", diagnosis="first logit"),
        Wrong(row_log_softmax_with(lambda x: x.max(axis=0, keepdims=True)), "m = column max", diagnosis="per COLUMN"),
        Wrong(row_log_softmax_with(lambda x: x.max(axis=1)), "m without keepdims", diagnosis="operands could not be broadcast"),
        Wrong(row_log_softmax_with(lambda x: np.median(x, axis=1, keepdims=True)),
              "issue 25: m = row median, once called the mean", not_said=("row's mean", "m = 0", "row's min")),
        Wrong(row_log_softmax_with(lambda x: np.sort(x, axis=1)[:, -2:-1]),
              "issue 25: m = row's second largest, once called the mean", not_said=("row's mean", "m = 0", "row's min")),
        Wrong(row_log_softmax_with(lambda x: x[:, -1:]), "m = row's last entry",
              not_said=("row's mean", "row's first", "m = 0", "row's min")),
        Wrong(row_log_softmax_with(lambda x: (x.max(axis=1, keepdims=True) + x.min(axis=1, keepdims=True)) / 2),
              "m = (row max + row min) / 2", not_said=("row's mean", "m = 0", "row's min")),
        Wrong(lambda x: np.log(scipy.special.softmax(x, axis=1)), "log of softmax: -inf for tiny probabilities",
              diagnosis="where a finite number belongs"),
        Wrong(lambda x: row_log_softmax_with(lambda v: v.max(axis=1, keepdims=True))(x) + 5j, "complex",
              diagnosis="complex"),
        Wrong(log_global_max_longdouble, "issue 26: m = global max in np.longdouble (passed before FAR_ROWS was added)"),
        Wrong(log_m_zero_unless_above_709, "issue 25 (mutation testing): m = 0 unless the max is above 709 (passed "
              "before [709, 709, 709] had a batch of its own, unless the random batch caught it)",
              not_said=("m = 0", "ONE max", "random batch")),  # refused on a fixed batch, not by luck
        Wrong(log_m_zero_unless_not_finite, "issue 25 (mutation testing): m = 0 unless the answer is not finite "
              "(passed before the subnormal row had a batch of its own)",
              not_said=("m = 0", "ONE max", "random batch")),
    ],
    ex.check_predicted_shapes: [
        Right(shapes(), "the textbook answer"),
        Right(shapes(f="Error", a=[3]), "'Error' and a list"),
        Right(shapes(f="ValueError"), "'ValueError'"),
        Right(shapes(d=(np.int64(4),)), "a NumPy integer in a tuple"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="expected a dict"),
        Wrong(shapes(f=(4, 3)), "thinks (4, 3) - (4,) broadcasts", diagnosis="1 of 7 wrong: f"),
        Wrong(shapes(g="error"), "thinks the transpose needs keepdims", diagnosis="1 of 7 wrong: g"),
        Wrong(shapes(a=(4,)), "axis=0 leaves one per row", diagnosis="1 of 7 wrong: a"),
        Wrong(shapes(e=0), "a scalar's shape as 0", diagnosis="a shape is a tuple"),
        Wrong(shapes(e=(1,)), "a scalar's shape as (1,)", diagnosis="1 of 7 wrong: e"),
        Wrong(shapes(b=(4,)), "keepdims ignored", diagnosis="1 of 7 wrong: b"),
        Wrong(shapes(d=(3,)), "transpose forgotten", diagnosis="1 of 7 wrong: d"),
        Wrong(shapes(a="(3,)"), "a shape as a string", diagnosis="expected a shape tuple"),
        Wrong(lambda: {k: v for k, v in ANSWER.items() if k != "g"}, "a label missing", diagnosis="no entry for ['g']"),
    ],
}
