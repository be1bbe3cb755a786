"""01-softmax: my_softmax, best_change, temperature_limits."""
import math

import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import softmax
from softmaxlab.exercises import softmax as ex


def textbook_softmax(logits):
    e = np.exp(logits)
    return e / e.sum()


def in_place(logits):
    logits -= logits.max()
    e = np.exp(logits)
    return e / e.sum()


def best_by_search(logits, k):
    best, best_move = -1.0, None
    for j in range(len(logits)):
        for delta in (1.0, -1.0):
            moved = np.array(logits, dtype=float)
            moved[j] += delta
            p = softmax(moved)[k]
            if p > best:
                best, best_move = p, (j, delta)
    return best_move


def lower_rival(logits, k):
    others = [i for i in range(len(logits)) if i != k]
    return max(others, key=lambda i: logits[i]), -1.0


def exact_limits(logits):
    logits = np.asarray(logits, dtype=float)
    top = (logits == logits.max()).astype(float)
    return top / top.sum(), np.full(len(logits), 1.0 / len(logits))


def plug_in(cold_T, hot_T):
    return lambda logits: (softmax(np.asarray(logits) / cold_T), softmax(np.asarray(logits) / hot_T))


def ignores_ties(logits):
    cold = np.zeros(len(logits))
    cold[np.argmax(logits)] = 1.0
    return cold, np.full(len(logits), 1.0 / len(logits))


CATALOGUE = {
    ex.check_softmax: [
        Right(textbook_softmax, "the textbook answer"),
        Right(lambda a: [math.exp(v) / sum(math.exp(w) for w in a) for v in a], "plain Python, a list"),
        Right(lambda a: textbook_softmax(a).astype(np.float32), "float32"),
        Right(lambda a: np.exp(a - a.max()) / np.exp(a - a.max()).sum(), "the stable form of notebook 02"),
        Right(lambda a: np.exp(a - np.log(np.sum(np.exp(a)))), "exp of log-softmax"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(crashes, "raises", diagnosis="raised ZeroDivisionError"),
        Wrong(lambda a: a / a.sum(), "divides by the sum without exp", diagnosis="logits / sum(logits)"),
        Wrong(lambda a: np.exp(a), "exp without normalising", diagnosis="equals exp(logits):"),
        Wrong(lambda a: np.exp(a - a.max()), "shifted exp without normalising", diagnosis="divided by its largest entry"),
        Wrong(lambda a: np.exp(a) / a.sum(), "divides exp by the sum of the logits",
              diagnosis="exp(logits) / sum(logits)"),
        Wrong(lambda a: np.exp(a) / np.exp(a).max(), "divides by the largest exp", diagnosis="divided by its largest entry"),
        Wrong(lambda a: 1 / (1 + np.exp(-a)), "sigmoid of each logit", diagnosis="sigmoid"),
        Wrong(in_place, "changes its input in place", diagnosis="changed its input array in place"),
        Wrong(lambda a: 2.0 ** a / np.sum(2.0 ** a), "base 2 instead of e",
              not_said=("sigmoid", "logits / sum(logits)")),
        Wrong(lambda a: textbook_softmax(a) + 5j, "complex", diagnosis="complex"),
        Wrong(lambda a: textbook_softmax(np.array([1.0, 2.0, 3.0, 4.0])), "a constant: the first test's answer"),

        Wrong(lambda a: np.exp(a) / (np.exp(a).sum() + 1e-7), "Issue 25 (mutation testing): `+ 1e-7` on the sum "
              "(passed: no fixed vector had exps small enough)", not_said=("sigmoid", "logits / sum(logits)")),
        Wrong(lambda a: np.exp(a) / max(np.exp(a).sum(), 1e-12), "Issue 25 (mutation testing): a guard against a "
              "zero sum, max(sum, 1e-12) (passed before [-30, -31, -32] was a case)"),
    ],
    ex.check_best_change: [
        Right(best_by_search, "the textbook answer: try every move"),
        Right(lambda logits, k: (k, 1.0), "the insight: raise logit k itself"),
        Right(lambda logits, k: [np.int64(k), 1], "a list with a NumPy integer"),
        Right(lambda logits, k: np.array([k, 1.0]), "an array of two floats (j is a whole number)"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(lower_rival, "lowers the strongest competitor", diagnosis="strongest competitor"),
        Wrong(lambda logits, k: (k, -1.0), "lowers logit k", diagnosis="lower logit k itself"),
        Wrong(lambda logits, k: (k + 1, 1.0), "1-based j", diagnosis="k counts from 0"),
        Wrong(lambda logits, k: (int(np.argmax(logits)), 1.0), "raises the largest logit",
              not_said=("strongest competitor", "k counts from 0")),
        Wrong(lambda logits, k: (k + 0.9, 1.0), "j not a whole number (int() would truncate it)",
              diagnosis="not a whole number"),
        Wrong(lambda logits, k: (str(k), "1"), "numeric strings", diagnosis="string"),
        Wrong(lambda logits, k: (k + 0j, 1.0), "complex j", diagnosis="complex"),
        Wrong(lambda logits, k: (k, 2.0), "delta 2", diagnosis="+1 or -1"),
        Wrong(lambda logits, k: (k, True), "delta True", diagnosis="boolean"),
        Wrong(lambda logits, k: k, "only j", diagnosis="expected a pair"),
    ],
    ex.check_temperature_limits: [
        Right(exact_limits, "the textbook answer"),
        Right(lambda a: tuple(x.tolist() for x in exact_limits(a)), "two lists"),
        Right(lambda a: tuple(x.astype(np.float32) for x in exact_limits(a)), "float32"),
        Right(lambda a: (softmax(np.where(np.asarray(a) == np.max(a), 0.0, -np.inf)), softmax(np.asarray(a) / np.inf)),
              "softmax of the limits: -inf for the losers, a / inf = 0 for T = inf"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="expected a pair"),
        Wrong(lambda a: exact_limits(a)[::-1], "swapped", diagnosis="swapped"),
        Wrong(ignores_ties, "one-hot even with a tie", diagnosis="-way tie"),
        Wrong(plug_in(1e-3, 1e3), "softmax at T = 1e-3 and 1e3", diagnosis="finite T"),
        Wrong(plug_in(1e-300, 1e300), "softmax at T = 1e-300 and 1e300"),
        Wrong(plug_in(5e-324, 1e308), "softmax at the extreme floats"),
        Wrong(lambda a: (exact_limits(a)[0], np.zeros(len(a))), "hot limit all zeros"),
        Wrong(lambda a: (softmax(np.asarray(a)), exact_limits(a)[1]), "cold limit is softmax at T = 1"),
        Wrong(lambda a: exact_limits(a)[0], "only the cold limit", diagnosis="expected a pair"),
        Wrong(lambda a: tuple(x + 5j for x in exact_limits(a)), "complex", diagnosis="complex"),
    ],
}
