"""Misconception catalogue for notebook 15 (top-p, top-k, Gumbel-max sampling)."""
import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import softmax
from softmaxlab.exercises import sampling as ex
from softmaxlab.sampling import apply_temperature, min_p_filter, top_k_filter, top_p_filter


# --- Exercise 1: top_p(probs, p) ---
def tp_right(probs, p):
    order = np.argsort(-probs)  # largest first
    cum = np.cumsum(probs[order])
    crossing = min(np.searchsorted(cum, p), len(probs) - 1)  # where the running sum reaches p (the last token if
    keep = probs >= probs[order[crossing]]  # it never does, as for p = 1); it, everything above it, and its ties
    kept = np.where(keep, probs, 0.0)
    return kept / kept.sum()


def tp_no_crossing_guard(probs, p):
    """The textbook rule with `np.argmax(cum >= p)`: where the rounded running sum never reaches p (p = 1 and a sum
    of 0.9999999999999999), argmax of an all-False array is 0 and only the most probable token is kept."""
    order = np.argsort(-probs)
    cum = np.cumsum(probs[order])
    crossing = np.argmax(cum >= p)
    keep = probs >= probs[order[crossing]]
    kept = np.where(keep, probs, 0.0)
    return kept / kept.sum()


def tp_package(probs, p):
    """Through the package's filter on logits: log(probs) are logits with the same softmax."""
    with np.errstate(divide="ignore"):
        return softmax(top_p_filter(np.log(probs), p))


def tp_mass_before(probs, p):
    """Another valid rule: keep a token when the mass of the STRICTLY more probable tokens is below p."""
    before = np.array([probs[probs > q].sum() for q in probs])
    kept = np.where(before < p, probs, 0.0)
    return (kept / kept.sum()).tolist()


def tp_float32(probs, p):
    return tp_right(probs, p).astype(np.float32)


def tp_cumsum_le(probs, p):
    order = np.argsort(-probs)
    keep = np.zeros(len(probs), bool)
    keep[order] = np.cumsum(probs[order]) <= p
    kept = np.where(keep, probs, 0.0)
    return kept / kept.sum()


def tp_cumsum_lt(probs, p):
    order = np.argsort(-probs)
    keep = np.zeros(len(probs), bool)
    keep[order] = np.cumsum(probs[order]) < p
    kept = np.where(keep, probs, 0.0)
    return kept / kept.sum()


def tp_mass_before_le(probs, p):
    order = np.argsort(-probs)
    cum = np.cumsum(probs[order])
    keep = np.zeros(len(probs), bool)
    keep[order] = cum - probs[order] <= p
    kept = np.where(keep, probs, 0.0)
    return kept / kept.sum()


def tp_cumsum_gt(probs, p):
    """Stops where the running sum EXCEEDS p (ties with that token kept): one too many when it reaches p exactly."""
    order = np.argsort(-probs)
    crossing = np.argmax(np.cumsum(probs[order]) > p)
    kept = np.where(probs >= probs[order[crossing]], probs, 0.0)
    return kept / kept.sum()


def tp_not_renormalised(probs, p):
    order = np.argsort(-probs)
    crossing = np.argmax(np.cumsum(probs[order]) >= p)
    return np.where(probs >= probs[order[crossing]], probs, 0.0)


def tp_ties_by_sort(probs, p):
    order = np.argsort(-probs, kind="stable")
    count = np.argmax(np.cumsum(probs[order]) >= p) + 1
    out = np.zeros_like(probs)
    out[order[:count]] = probs[order[:count]]
    return out / out.sum()


def tp_ties_reversed(probs, p):
    order = np.argsort(probs, kind="stable")[::-1]
    count = np.argmax(np.cumsum(probs[order]) >= p) + 1
    out = np.zeros_like(probs)
    out[order[:count]] = probs[order[:count]]
    return out / out.sum()


def tp_bottom_up(probs, p):
    """Hugging Face's / vLLM's rule: remove from the bottom while the mass is <= 1 - p. Right without ties;
    at a tie at the threshold the (stable) sort keeps one of the two."""
    order = np.argsort(probs, kind="stable")  # increasing
    remove = np.cumsum(probs[order]) <= 1 - p
    remove[-1] = False
    out = probs.copy()
    out[order[remove]] = 0.0
    return out / out.sum()


def tp_ascending(probs, p):
    order = np.argsort(probs)
    count = np.argmax(np.cumsum(probs[order]) >= p) + 1
    out = np.zeros_like(probs)
    out[order[:count]] = probs[order[:count]]
    return out / out.sum()


def tp_sorted_output(probs, p):
    desc = np.sort(probs)[::-1]
    crossing = np.argmax(np.cumsum(desc) >= p)
    kept = np.where(desc >= desc[crossing], desc, 0.0)
    return kept / kept.sum()


def tp_own_probability(probs, p):
    kept = np.where(probs >= p, probs, 0.0)
    return kept / kept.sum()


# --- Exercise 2: top_k(probs, k) ---
def tk_right(probs, k):
    kth = np.sort(probs)[::-1][min(k, len(probs)) - 1]  # the k-th largest probability
    kept = np.where(probs >= kth, probs, 0.0)  # ties with it are kept too
    return kept / kept.sum()


def tk_package(probs, k):
    with np.errstate(divide="ignore"):
        return softmax(top_k_filter(np.log(probs), k))


def tk_partition(probs, k):
    C = len(probs)
    kth = np.partition(probs, C - min(k, C))[C - min(k, C)]
    kept = [q if q >= kth else 0.0 for q in probs]
    return [q / sum(kept) for q in kept]


def tk_k_minus_1(probs, k):
    order = np.argsort(-probs)[: k - 1]
    out = np.zeros_like(probs)
    out[order] = probs[order]
    return out / out.sum()


def tk_k_plus_1(probs, k):
    order = np.argsort(-probs)[: k + 1]
    out = np.zeros_like(probs)
    out[order] = probs[order]
    return out / out.sum()


def tk_strict(probs, k):
    kth = np.sort(probs)[::-1][k - 1]
    kept = np.where(probs > kth, probs, 0.0)
    return kept / kept.sum()


def tk_exactly_k(probs, k):
    order = np.argsort(-probs, kind="stable")[:k]
    out = np.zeros_like(probs)
    out[order] = probs[order]
    return out / out.sum()


def tk_exactly_k_tail(probs, k):
    order = np.argsort(probs, kind="stable")[-k:]
    out = np.zeros_like(probs)
    out[order] = probs[order]
    return out / out.sum()


def tk_not_renormalised(probs, k):
    kth = np.sort(probs)[::-1][k - 1]
    return np.where(probs >= kth, probs, 0.0)


def tk_smallest(probs, k):
    order = np.argsort(probs)[:k]
    out = np.zeros_like(probs)
    out[order] = probs[order]
    return out / out.sum()


def tk_sorted_output(probs, k):
    desc = np.sort(probs)[::-1]
    kept = np.where(desc >= desc[k - 1], desc, 0.0)
    return kept / kept.sum()


def tk_min_p(probs, k):
    """A different filter altogether: min-p with 1/k as the ratio."""
    with np.errstate(divide="ignore"):
        return softmax(min_p_filter(np.log(probs), 1 / k))


# --- Exercise 3: gumbel_sample(logits, T, u) ---
def gm_right(logits, T, u):
    G = -np.log(-np.log(u))  # (n, C): Gumbel noise
    return np.argmax(logits / T + G, axis=-1)


def gm_loop(logits, T, u):
    out = []
    for row in u:
        scores = [a / T - np.log(-np.log(x)) for a, x in zip(logits, row)]
        out.append(int(np.argmax(scores)))
    return out


def gm_log1p(logits, T, u):
    """-log(-log u) written with log1p: the same noise."""
    return np.argmax(logits / T - np.log(-np.log1p(u - 1.0)), axis=-1).astype(np.float32)


def gm_one_minus_u(logits, T, u):
    """Noise from 1 - u: right in distribution, not the indices asked for (issue 25: told "too large")."""
    return np.argmax(logits / T - np.log(-np.log(1.0 - u)), axis=-1)


def gm_log_u(logits, T, u):
    return np.argmax(logits / T + np.log(u), axis=-1)


def gm_minus_log_u(logits, T, u):
    return np.argmax(logits / T - np.log(u), axis=-1)


def gm_sign(logits, T, u):
    return np.argmax(logits / T + np.log(-np.log(u)), axis=-1)


def gm_divide_after(logits, T, u):
    return np.argmax((logits - np.log(-np.log(u))) / T, axis=-1)


def gm_no_T(logits, T, u):
    return np.argmax(logits - np.log(-np.log(u)), axis=-1)


def gm_times_T(logits, T, u):
    return np.argmax(logits * T - np.log(-np.log(u)), axis=-1)


def gm_probs(logits, T, u):
    return np.argmax(softmax(logits / T) - np.log(-np.log(u)), axis=-1)


def gm_argmin(logits, T, u):
    return np.argmin(logits / T - np.log(-np.log(u)), axis=-1)


def gm_scores(logits, T, u):
    return np.max(logits / T - np.log(-np.log(u)), axis=-1)


def gm_package(logits, T, u):
    """Fresh noise from the package sampler: right in distribution, but not the draws u asks for."""
    from softmaxlab.sampling import apply_temperature, gumbel_max_sample
    return gumbel_max_sample(apply_temperature(logits, T), np.random.default_rng(0), size=len(u))


# --- Exercise 4: temperature_then_top_p(logits, T, p) ---
def tt_right(logits, T, p):
    return softmax(top_p_filter(logits / T, p))


def tt_from_scratch(logits, T, p):
    """No package filter: the nucleus of exercise 1 on softmax(logits / T), as a list."""
    z = logits / T
    probs = np.exp(z - z.max())
    probs /= probs.sum()
    return tp_right(probs, p).tolist()


def tt_float32(logits, T, p):
    return softmax(top_p_filter(apply_temperature(logits, T), p)).astype(np.float32)


def tt_truncate_first(logits, T, p):
    return softmax(top_p_filter(logits, p) / T)


def tt_no_T(logits, T, p):
    return softmax(top_p_filter(logits, p))


def tt_times_T(logits, T, p):
    return softmax(top_p_filter(logits * T, p))


def tt_twice(logits, T, p):
    return softmax(top_p_filter(logits / T, p) / T)


def tt_unfiltered(logits, T, p):
    return softmax(logits / T)


def tt_not_renormalised(logits, T, p):
    keep = np.isfinite(top_p_filter(logits / T, p))
    return np.where(keep, softmax(logits / T), 0.0)


def tt_naive_exp(logits, T, p):
    e = np.exp(top_p_filter(logits / T, p))
    return e / e.sum()


def tt_logits(logits, T, p):
    return top_p_filter(logits / T, p)


CATALOGUE = {
    ex.check_top_p: [
        Right(tp_right, "the textbook rule: sort, running sum, keep through the crossing token and its ties"),
        Right(tp_package, "the package's top_p_filter on log(probs), then softmax"),
        Right(tp_mass_before, "keep while the mass strictly above is < p, as a list"),
        Right(tp_float32, "float32 answer"),
        Wrong(tp_no_crossing_guard, "argmax(cum >= p) keeps one token at p = 1 when the running sum rounds below 1 "
              "(accepted before the p = 1 case; the message describes that case, it names no mistake)", diagnosis=None),
        Wrong(tp_cumsum_le, "cumsum <= p", diagnosis="`cumsum <= p`"),
        Wrong(tp_cumsum_lt, "cumsum < p drops the crossing token", diagnosis="`cumsum < p`"),
        Wrong(tp_mass_before_le, "mass before <= p keeps one too many when the sum hits p exactly",
              diagnosis="one token too many"),
        Wrong(tp_cumsum_gt, "cumsum > p keeps one too many when the sum hits p exactly", diagnosis="`cumsum > p`"),
        Wrong(tp_not_renormalised, "not renormalised", diagnosis="not renormalised"),
        Wrong(tp_ties_by_sort, "tie at the threshold broken by a stable sort", diagnosis="break the tie"),
        Wrong(tp_ties_reversed, "tie at the threshold broken the other way", diagnosis="break the tie"),
        Wrong(tp_bottom_up, "the bottom-up rule of Hugging Face / vLLM drops one of two tied tokens",
              diagnosis="break the tie"),
        Wrong(tp_ascending, "sorted ascending", diagnosis="ascending"),
        Wrong(tp_sorted_output, "left in sorted order", diagnosis="never put back"),
        Wrong(tp_own_probability, "p compared with each probability", diagnosis="own probability is >= p"),
        Wrong(stub, "the unsolved stub", diagnosis="not solved yet"),
        Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
        Wrong(returns_none, "forgot return", diagnosis="is None"),
    ],
    ex.check_top_k: [
        Right(tk_right, "the textbook rule: keep >= the k-th largest, renormalise"),
        Right(tk_package, "the package's top_k_filter on log(probs), then softmax"),
        Right(tk_partition, "np.partition and a list"),
        Wrong(tk_k_minus_1, "k - 1 tokens", diagnosis="k - 1 tokens"),
        Wrong(tk_k_plus_1, "k + 1 tokens", diagnosis="k + 1 tokens"),
        Wrong(tk_strict, "strict > drops the ties at the k-th value", diagnosis="a strict `>`"),
        Wrong(tk_exactly_k, "exactly k, ties broken by a stable sort", diagnosis="keep exactly k tokens"),
        Wrong(tk_exactly_k_tail, "exactly k, the tail of an ascending argsort", diagnosis="keep exactly k tokens"),
        Wrong(tk_not_renormalised, "not renormalised", diagnosis="not renormalised"),
        Wrong(tk_smallest, "the k smallest", diagnosis="SMALLEST"),
        Wrong(tk_sorted_output, "left in sorted order", diagnosis="never put back"),
        Wrong(tk_min_p, "min-p with ratio 1/k is another filter", diagnosis=None),
        Wrong(stub, "the unsolved stub", diagnosis="not solved yet"),
    ],
    ex.check_gumbel_max: [
        Right(gm_right, "the textbook Gumbel-max: argmax(logits / T - log(-log u))"),
        Right(gm_loop, "a Python loop returning a list of ints"),
        Right(gm_log1p, "the same noise through log1p, float32 indices"),
        Wrong(gm_log_u, "G = log U", diagnosis="G = log(u)"),
        Wrong(gm_minus_log_u, "G = -log U", diagnosis="G = -log(u)"),
        Wrong(gm_sign, "G = log(-log U)", diagnosis="G = log(-log(u))"),
        Wrong(gm_divide_after, "temperature after the noise", diagnosis="T has no effect"),
        Wrong(gm_no_T, "temperature unused", diagnosis="T has no effect"),
        Wrong(gm_times_T, "logits times T", diagnosis="multiplied by T"),
        Wrong(gm_probs, "noise added to probabilities", diagnosis="added to probabilities"),
        Wrong(gm_argmin, "argmin", diagnosis="argmin"),
        Wrong(gm_scores, "returns the max score, not the index", diagnosis="not whole"),
        Wrong(gm_package, "fresh noise instead of u", diagnosis=None, not_said=("too large", "too small")),
        Wrong(gm_one_minus_u, "noise from 1 - u: other indices", diagnosis=None, not_said=("too large", "too small")),
        Wrong(lambda logits, T, u: gm_right(logits, T, u) + 1, "1-based indices", diagnosis=None,
              not_said=("too large", "times")),
        Wrong(stub, "the unsolved stub", diagnosis="not solved yet"),
    ],
    ex.check_temperature_then_top_p: [
        Right(tt_right, "the textbook order: logits / T, top_p_filter, softmax"),
        Right(tt_from_scratch, "the nucleus written by hand on softmax(logits / T), a list"),
        Right(tt_float32, "apply_temperature, float32 answer"),
        Wrong(tt_truncate_first, "top-p before the temperature", diagnosis="truncation BEFORE the temperature"),
        Wrong(tt_no_T, "no temperature", diagnosis="T is not used"),
        Wrong(tt_times_T, "logits times T", diagnosis="MULTIPLIED by T"),
        Wrong(tt_twice, "T before and after", diagnosis="applied twice"),
        Wrong(tt_unfiltered, "no filter", diagnosis="filter is missing"),
        Wrong(tt_not_renormalised, "not renormalised", diagnosis="not renormalised"),
        Wrong(tt_naive_exp, "exp without the max shift", diagnosis="wide row"),
        Wrong(tt_logits, "returns the filtered logits", diagnosis=None),
        Wrong(stub, "the unsolved stub", diagnosis="not solved yet"),
    ],
}
