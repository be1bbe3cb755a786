"""13-softmax-in-attention: masked_softmax, attention, softmax_with_sink."""
import numpy as np
import scipy.special

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab.exercises import attention as ex


# ---- masked softmax ----------------------------------------------------------------------------------------

def masked_softmax(scores, mask):
    x = np.where(mask, scores, -np.inf)
    m = x.max(axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # a fully masked row: shift by 0, not -inf
    e = np.exp(x - m)
    total = e.sum(axis=-1, keepdims=True)
    return e / np.where(total > 0, total, 1.0)


def masked_softmax_loop(scores, mask):
    out = [[0.0] * len(row) for row in scores]
    for i, (row, keep) in enumerate(zip(scores, mask)):
        kept = [s for s, k in zip(row, keep) if k]
        if not kept:
            continue
        m = max(kept)
        total = sum(np.exp(s - m) for s in kept)
        out[i] = [float(np.exp(s - m) / total) if k else 0.0 for s, k in zip(row, keep)]
    return out


def masked_softmax_logsumexp(scores, mask):
    x = np.where(mask, scores, -np.inf)
    with np.errstate(invalid="ignore"):
        y = np.exp(x - scipy.special.logsumexp(x, axis=-1, keepdims=True))
    return np.nan_to_num(y, nan=0.0)


def fill_then_softmax(fill):
    def attempt(scores, mask):
        x = np.where(mask, scores, fill)
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return attempt


def fill_then_zero_empty(fill):
    """A finite fill, with the rows that keep no key set to zeros afterwards (issue 25: accepted before)."""
    def attempt(scores, mask):
        y = fill_then_softmax(fill)(scores, mask)
        return np.where(mask.any(axis=-1, keepdims=True), y, 0.0)
    return attempt


def leak(amount):
    """The right answer with `amount` at every masked key: "exactly 0" is promised (issue 25: accepted before)."""
    def attempt(scores, mask):
        return np.where(mask, masked_softmax(scores, mask), amount)
    return attempt


def mask_after(renormalise):
    def attempt(scores, mask):
        e = np.exp(scores - scores.max(axis=-1, keepdims=True))
        y = e / e.sum(axis=-1, keepdims=True) * mask
        return y / y.sum(axis=-1, keepdims=True) if renormalise else y
    return attempt


def mask_transposed(scores, mask):
    return masked_softmax(scores, mask.T)


def no_shift(scores, mask):
    e = np.where(mask, np.exp(scores), 0.0)
    total = e.sum(axis=-1, keepdims=True)
    return np.where(total > 0, e / np.where(total > 0, total, 1.0), 0.0)


def mask_columns(scores, mask):
    return masked_softmax(scores.T, mask.T).T


# ---- attention ---------------------------------------------------------------------------------------------

def softmax_rows(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def attention(q, k, v):
    d = q.shape[-1]
    weights = softmax_rows(q @ k.T / np.sqrt(d))  # (L, S)
    return weights @ v  # (L, dv)


def attention_scaled(scale_of):
    def attempt(q, k, v):
        return softmax_rows((q @ k.T) * scale_of(q, v)) @ v
    return attempt


def attention_clipped(q, k, v):
    """exp kept finite by clipping the scores at 700 instead of shifting by the max (issue 25: accepted before)."""
    e = np.exp(np.clip(q @ k.T / np.sqrt(q.shape[-1]), None, 700))
    return (e / e.sum(axis=-1, keepdims=True)) @ v


def attention_float32(q, k, v):
    q, k, v = (a.astype(np.float32) for a in (q, k, v))
    return softmax_rows(q @ k.T / np.float32(np.sqrt(q.shape[-1]))) @ v


def attention_axis0(q, k, v):
    x = q @ k.T / np.sqrt(q.shape[-1])
    e = np.exp(x - x.max(axis=0, keepdims=True))
    return (e / e.sum(axis=0, keepdims=True)) @ v


def attention_whole(q, k, v):
    x = q @ k.T / np.sqrt(q.shape[-1])
    e = np.exp(x - x.max())
    return (e / e.sum()) @ v


def attention_unshifted(q, k, v):
    e = np.exp(q @ k.T / np.sqrt(q.shape[-1]))
    return (e / e.sum(axis=-1, keepdims=True)) @ v


def attention_weights_only(q, k, v):
    return softmax_rows(q @ k.T / np.sqrt(q.shape[-1]))


# ---- softmax with a sink -----------------------------------------------------------------------------------

def softmax_with_sink(scores):
    m = np.maximum(scores.max(axis=-1, keepdims=True), 0.0)
    e = np.exp(scores - m)
    return e / (np.exp(-m) + e.sum(axis=-1, keepdims=True))


def sink_by_padding(scores):
    """The softmax of [0, x], the sink's own entry dropped."""
    padded = np.concatenate([np.zeros(scores.shape[:-1] + (1,)), scores], axis=-1)
    return scipy.special.softmax(padded, axis=-1)[..., 1:]


def sink_logaddexp(scores):
    return np.exp(scores - np.logaddexp(0.0, scipy.special.logsumexp(scores, axis=-1, keepdims=True)))


def sink_shift(m_of, keep_one):
    def attempt(scores):
        m = m_of(scores)
        e = np.exp(scores - m)
        return e / ((1.0 if keep_one else np.exp(-m)) + e.sum(axis=-1, keepdims=True))
    return attempt


def sink_over_softmax(scores):
    """softmax(x) / (1 + e^-lse): right on paper, 0 where lse < -709.78 (issue 25: told about "m = max x alone")."""
    return scipy.special.softmax(scores, axis=-1) / (1.0 + np.exp(-scipy.special.logsumexp(scores, axis=-1,
                                                                                          keepdims=True)))


def sink_unshifted(scores):
    e = np.exp(scores)
    return e / (1.0 + e.sum(axis=-1, keepdims=True))


def row_max(x):
    return x.max(axis=-1, keepdims=True)


def clipped_max(x):
    return np.maximum(x.max(axis=-1, keepdims=True), 0.0)


CATALOGUE = {
    ex.check_masked_softmax: [
        Right(masked_softmax, "the textbook answer: -inf fill, shift by the kept max, zeros for an empty row"),
        Right(masked_softmax_loop, "loops and nested lists"),
        Right(masked_softmax_logsumexp, "exp(x - logsumexp), nan of an empty row turned into 0"),
        Right(lambda s, m: masked_softmax(s, m).astype(np.float32), "float32"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(crashes, "raises", diagnosis="raised ZeroDivisionError"),
        Wrong(fill_then_softmax(-np.inf), "a nan row for a fully masked input", diagnosis="row of nan"),
        Wrong(fill_then_softmax(-1e9), "-1e9 fill: a fully masked row comes out uniform", diagnosis="evenly (1/S"),
        Wrong(fill_then_softmax(np.finfo(float).min), "finfo.min fill: uniform too", diagnosis="evenly (1/S"),
        Wrong(mask_after(False), "masking after the softmax without renormalising", diagnosis="do not sum to 1"),
        Wrong(mask_after(True), "masking after the softmax, renormalised", diagnosis="already underflowed"),
        Wrong(fill_then_softmax(0.0), "masking with 0 instead of -inf", diagnosis="a score of 0 is not"),
        Wrong(mask_transposed, "masking the wrong axis (the mask transposed)", diagnosis="mask transposed"),
        Wrong(no_shift, "no max shift", diagnosis="exp overflowed"),
        Wrong(mask_columns, "softmax down the columns: no diagnosis promised", diagnosis=None),
        Wrong(fill_then_zero_empty(-30.0), "fill of -30, empty rows zeroed: e^-30 leaks", diagnosis="exactly 0"),
        Wrong(fill_then_zero_empty(-100.0), "fill of -100, empty rows zeroed: e^-100 leaks", diagnosis="exactly 0"),
        Wrong(leak(1e-10), "1e-10 at every masked key", diagnosis="exactly 0"),
        Wrong(fill_then_zero_empty(-1e4), "fill of -1e4, empty rows zeroed: leaks below -9255; the leak is in fixed "
              "case 4, which the message must not call random (it said 'a random 3 x 3 case' before)",
              diagnosis="exactly 0", not_said=("random",)),
        Right(fill_then_zero_empty(np.finfo(float).min), "finfo.min fill with empty rows zeroed: exactly 0 wherever "
              "the kept scores are finite numbers above -1.7e308"),
    ],
    ex.check_attention: [
        Right(attention, "the textbook answer"),
        Right(lambda q, k, v: (scipy.special.softmax(q @ k.T / np.sqrt(q.shape[1]), axis=1) @ v).tolist(),
              "scipy's softmax, returned as a list"),
        Right(lambda q, k, v: softmax_rows((q / q.shape[-1] ** 0.25) @ (k / k.shape[-1] ** 0.25).T) @ v,
              "q and k each scaled by d^(-1/4)"),
        Right(lambda q, k, v: np.einsum("ls,sv->lv", softmax_rows(np.einsum("ld,sd->ls", q, k) / np.sqrt(q.shape[1])),
                                        v), "einsum"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(attention_scaled(lambda q, v: 1 / q.shape[-1]), "dividing by d instead of sqrt(d)",
              diagnosis="divides the scores by d;"),
        Wrong(attention_scaled(lambda q, v: 1.0), "no scaling", diagnosis="does not scale"),
        Wrong(attention_scaled(lambda q, v: np.sqrt(q.shape[-1])), "multiplying by sqrt(d)",
              diagnosis="multiplies the scores by sqrt(d)"),
        Wrong(attention_scaled(lambda q, v: 1 / np.sqrt(v.shape[-1])), "sqrt of dv, not d",
              diagnosis="values' width"),
        Right(attention_float32, "computed in float32 throughout (judged at float32's precision)"),
        Wrong(attention_clipped, "scores clipped at 700 instead of the max shift: two scores above 709 tie",
              diagnosis=None, not_said=("exp overflowed",)),
        Wrong(attention_axis0, "softmax over the wrong axis (the queries)", diagnosis="down the columns"),
        Wrong(attention_whole, "softmax over the whole matrix", diagnosis="whole score matrix"),
        Wrong(attention_unshifted, "exp without the max shift", diagnosis="exp overflowed"),
        Wrong(attention_weights_only, "returns the weights, not weights @ v", diagnosis="has shape"),
        Wrong(lambda q, k, v: softmax_rows(q @ k.T / (np.sqrt(q.shape[-1]) + 1e-7)) @ v,
              "issue 25 (mutation testing): sqrt(d) + 1e-7 (passed before the cancelling case)",
              not_said=("does not scale", "divides the scores by d;", "values' width")),
        Wrong(lambda q, k, v: softmax_rows(q @ k.T / np.sqrt(q.shape[-1] + 1e-7)) @ v,
              "issue 25 (mutation testing): sqrt(d + 1e-7) (passed before the cancelling case)",
              not_said=("does not scale", "divides the scores by d;", "values' width")),
    ],
    ex.check_softmax_with_sink: [
        Right(softmax_with_sink, "the textbook answer: m = max(0, max x), the 1 becomes exp(-m)"),
        Right(sink_by_padding, "softmax of [0, x] with the sink's entry dropped"),
        Right(sink_logaddexp, "exp(x - log(1 + sum e^x)) with logaddexp and logsumexp"),
        Right(lambda x: softmax_with_sink(x).tolist(), "nested lists"),
        Wrong(stub, "not written yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
        Wrong(sink_shift(row_max, keep_one=True), "keeping the 1 after the shift by max x",
              diagnosis="keeps the 1 after the shift:"),
        Wrong(sink_shift(clipped_max, keep_one=True), "keeping the 1 after the shift by max(0, max x)",
              diagnosis="keeps the 1 after the shift by m = max(0, max x)"),
        Wrong(sink_shift(row_max, keep_one=False), "m = max x without the 0", diagnosis="m = max x alone"),
        Wrong(sink_unshifted, "no shift: overflow", diagnosis="exp overflowed"),
        Wrong(sink_over_softmax, "softmax(x) / (1 + exp(-lse)): 0 below -709.78, but not the m = max x slip",
              diagnosis=None, not_said=("m = max x alone", "keeps the 1")),
        Wrong(sink_shift(lambda x: max(x.max(), 0.0), keep_one=False), "one m = max(0, max x) for the whole batch",
              diagnosis="one m for the whole batch"),
        Wrong(lambda x: scipy.special.softmax(x, axis=-1), "the plain softmax, no sink", diagnosis="ordinary softmax"),
        Wrong(lambda x: sink_by_padding(x) * 2, "twice the right weights: no diagnosis", diagnosis="2 times too large"),
    ],
}
