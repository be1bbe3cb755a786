"""02-overflow-trick: stable_softmax, my_logsumexp, breaks_in_float32."""
import numpy as np
import scipy.special

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab.exercises import overflow as ex


def stable_softmax(logits):
    shifted = logits - np.max(logits)
    e = np.exp(shifted)
    return e / e.sum()


def shifted_by(shift):
    def attempt(logits):
        e = np.exp(logits - shift(logits))
        return e / e.sum()
    return attempt


def in_place(logits):
    logits -= logits.max()
    e = np.exp(logits)
    return e / e.sum()


def shift_only_on_nan(logits):
    """Issue 25: the naive formula, shifted only when it comes out nan; [709, 709, 709] gives 0, 0, 0."""
    e = np.exp(logits)
    probs = e / e.sum()
    if np.isnan(probs).any():
        e = np.exp(logits - logits.max())
        probs = e / e.sum()
    return probs


def shift_only_above_709(logits):
    """Issue 25: shift only when the max is above 709 (or everything underflows)."""
    if logits.max() > 709 or logits.max() < -700:
        logits = logits - logits.max()
    e = np.exp(logits)
    return e / e.sum()


def argmax_takes_all(logits):
    """When an exp overflows, give the largest logit all the mass (wrong with two scores above 709)."""
    e = np.exp(logits)
    if np.isinf(e).any():
        return (logits == logits.max()).astype(float)
    e = np.exp(logits - logits.max())
    return e / e.sum()


def naive_longdouble(logits):
    """Issue 26: the naive formula in np.longdouble, whose exp fits up to ~11356 (on x86-64 Linux): right on
    every case up to a spread of 1500, wrong beyond (a float64 array of logits can hold 1e308)."""
    e = np.exp(logits.astype(np.longdouble))
    return (e / e.sum()).astype(np.float64)


def lse_longdouble(logits):
    """Issue 26: the naive log-sum-exp in np.longdouble."""
    return float(np.log(np.sum(np.exp(logits.astype(np.longdouble)))))


def my_logsumexp(logits):
    m = np.max(logits)
    return m + np.log(np.sum(np.exp(logits - m)))


def lse_shifted_by(shift):
    return lambda a: shift(a) + np.log(np.sum(np.exp(a - shift(a))))


def lse_log1p(a):
    k = np.argmax(a)
    rest = np.delete(a, k) - a[k]
    return a[k] + np.log1p(np.sum(np.exp(rest)))


CATALOGUE = {
    ex.check_stable_softmax: [
        Right(stable_softmax, "the textbook answer"),
        Right(lambda a: stable_softmax(a).tolist(), "a list"),
        Right(lambda a: stable_softmax(a).astype(np.float32), "float32"),
        Right(lambda a: np.exp(a - scipy.special.logsumexp(a)), "exp of log-softmax (scipy's logsumexp)"),
        Right(lambda a: shifted_by(np.max)(a) * 1.0, "max shift, written as np.max"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(crashes, "raises", diagnosis="raised ZeroDivisionError"),
        Wrong(shifted_by(lambda a: 0.0), "naive, no shift", diagnosis="no shift"),
        Wrong(shifted_by(np.min), "shift by the min", diagnosis="shift by the min"),
        Wrong(shifted_by(np.mean), "shift by the mean", diagnosis="shift by the mean"),
        Wrong(shifted_by(lambda a: a[0]), "shift by the first logit", diagnosis="shift by the first logit"),
        Wrong(shifted_by(np.median), "shift by the median: never told it is the mean",
              not_said=("by the mean", "no shift", "by the min")),
        Wrong(lambda a: np.exp(a - a.max()), "shifted exp, not normalised", diagnosis="not divided by the sum"),
        Wrong(lambda a: (a - a.max()) / (a - a.max()).sum(), "no exp", diagnosis="exp is missing"),
        Wrong(shifted_by(lambda a: 1000.0), "shift by a fixed 1000", not_said=("no shift", "by the min", "by the mean")),
        Wrong(in_place, "changes its input in place", diagnosis="changed its input array in place"),
        Wrong(lambda a: np.nan_to_num(shifted_by(lambda v: 0.0)(a)), "naive, nan replaced by 0",
              not_said=("no shift",)),
        Wrong(lambda a: stable_softmax(a) + 5j, "complex", diagnosis="complex"),
        Wrong(shift_only_on_nan, "issue 25: shift only when the naive result has nan (0, 0, 0 on [709, 709, 709])",
              diagnosis="[709.0, 709.0, 709.0]", not_said=("no shift", "by the mean")),
        Wrong(shift_only_above_709, "issue 25: shift only when the max is above 709",
              diagnosis="[709.0, 709.0, 709.0]", not_said=("no shift",)),
        Wrong(argmax_takes_all, "one-hot of the argmax when an exp overflows (wrong with two scores above 709)",
              not_said=("no shift", "by the mean")),
        Right(shifted_by(lambda a: a.max() - 5.0), "max - 5: exps up to e^5, still safe"),
        Right(shifted_by(lambda a: a.max() + 5.0), "max + 5: every exponent <= -5, still safe"),
        Wrong(naive_longdouble, "issue 26: the naive formula in np.longdouble (passed before FAR was added)"),
    ],
    ex.check_logsumexp: [
        Right(my_logsumexp, "the textbook answer"),
        Right(lambda a: scipy.special.logsumexp(a), "scipy"),
        Right(lambda a: np.logaddexp.reduce(a), "np.logaddexp.reduce"),
        Right(lse_log1p, "the log1p form"),
        Right(lambda a: np.float32(my_logsumexp(a)), "a float32 scalar"),
        Right(lambda a: np.array(my_logsumexp(a)), "a 0-d array"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(lse_shifted_by(lambda a: 0.0), "naive", diagnosis="naive formula"),
        Wrong(lse_shifted_by(np.min), "m = min", diagnosis="factor out the min"),
        Wrong(lse_shifted_by(np.mean), "m = mean", diagnosis="factor out the mean"),
        Wrong(lse_shifted_by(lambda a: a[0]), "m = a[0]", diagnosis="factor out the first logit"),
        Wrong(lse_shifted_by(np.median), "m = median: never told it is the mean",
              not_said=("the mean", "naive", "the min")),
        Wrong(lambda a: np.log(np.sum(np.exp(a - a.max()))), "forgot to add m back", diagnosis="off by exactly max(a)"),
        Wrong(lambda a: np.max(a), "max alone", diagnosis="max(a) alone"),
        Wrong(lambda a: np.array([my_logsumexp(a)]), "a 1-element array", diagnosis="expected one number"),
        Wrong(lambda a: a - my_logsumexp(a), "returns log_softmax", diagnosis="expected one number"),
        Wrong(lambda a: str(my_logsumexp(a)), "a numeric string", diagnosis="string"),
        Wrong(lambda a: my_logsumexp(a) + 5j, "complex", diagnosis="complex"),
        Wrong(lambda a: np.max(a) + np.log(len(a)), "max + log C (the bound, not the value)",
              not_said=("max(a) alone", "naive")),
        Wrong(lse_shifted_by(lambda a: a[-1]), "issue 25: m = the last logit, once called the mean (71/100 runs)",
              not_said=("the mean", "naive", "the min", "first logit")),
        Wrong(lse_shifted_by(lambda a: np.sort(a)[-2] if len(a) > 1 else a[0]), "m = the second largest",
              not_said=("the mean", "naive", "the min", "first logit")),
        Wrong(lse_shifted_by(lambda a: (a.max() + a.min()) / 2), "m = (max + min) / 2",
              not_said=("the mean", "naive", "the min", "first logit")),
        Wrong(lse_longdouble, "issue 26: the naive formula in np.longdouble (passed before FAR was added)"),
    ],
    ex.check_breaks_in_float32: [
        Right(lambda: {"C", "E", "G"}, "the textbook answer"),
        Right(lambda: ["c", "e", "g"], "a list, lower case"),
        Right(lambda: "C, E and G", "a sentence"),
        Right(lambda: ("G", "E", "C", "C"), "a tuple in another order, with a repeat"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(lambda: {"C"}, "overflow only", diagnosis="2 case(s) that break are missing from your set (where each exp fits but their sum overflows / every exp underflows to 0)"),
        Wrong(lambda: {"C", "E"}, "misses the sly sum overflow", diagnosis="missing from your set (where each exp fits but their sum overflows)"),
        Wrong(lambda: {"C", "G"}, "forgets that underflow breaks too", diagnosis="missing from your set (where every exp underflows to 0)"),
        Wrong(lambda: {"C", "E", "F", "G"}, "thinks 88 overflows", diagnosis="1 case(s) in your set work fine"),
        Wrong(lambda: {"C", "D", "E", "G"}, "thinks -70 underflows"),
        Wrong(lambda: "C, E and F", "a sentence, wrong"),
        Wrong(lambda: "{'C', 'E', 'G'}", "the repr of a set, as a string", diagnosis="could not read"),
        Wrong(lambda: {"C", "E", "G", "H"}, "an unknown label", diagnosis="unknown labels"),
        Wrong(lambda: {3, 5, 7}, "numbers", diagnosis="labels are strings"),
        Wrong(lambda: 3, "a number", diagnosis="expected a set of labels"),
    ],
}
