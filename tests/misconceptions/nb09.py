"""Misconception catalogue for notebook 09 (pitfalls clinic)."""
import functools

import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from misconceptions._softmax_strategies import softmax_longdouble as _softmax_longdouble
from misconceptions._softmax_strategies import softmax_shift_if_overflow as _softmax_shift_if_overflow
from softmaxlab import binary_cross_entropy, cross_entropy, cross_entropy_backward, logsumexp, one_hot, softmax
from softmaxlab.exercises import pitfalls as ex
from softmaxlab.published_jacobian import hand_written_jacobian


# --- Exercise 1: jacobian(y) ---
def jac_right(y):
    return np.diag(y) - np.outer(y, y)


def jac_einsum_list(y):
    return (y[:, None] * (np.eye(len(y)) - y[None, :])).tolist()


def jac_float32(y):
    y = y.astype(np.float32)
    return np.diag(y) - np.outer(y, y)


def jac_loop(y):
    C = len(y)
    return np.array([[y[i] * ((i == j) - y[j]) for j in range(C)] for i in range(C)])


def jac_sign(y):
    return np.outer(y, y) - np.diag(y)


def jac_diag_only(y):
    return np.diag(y * (1 - y))


def jac_dot(y):
    return np.diag(y) - np.dot(y, y)


def jac_broadcast(y):
    return np.diag(y) - y * y


def jac_log_softmax(y):
    return np.eye(len(y)) - y[None, :]


def jac_diag_typo(y):
    J = np.diag(y) - np.outer(y, y)
    J[-1, -1] = y[0] * (1 - y[0])
    return J


# --- Exercise 2: softmax_rows(x) ---
def sr_right(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def sr_logsumexp(x):
    return np.exp(x - logsumexp(x, axis=-1, keepdims=True))


def sr_list_float32(x):
    return softmax(x).astype(np.float32).tolist()


def sr_float32(x):
    return softmax(x).astype(np.float32)


def sr_loop(x):
    rows = []
    for row in x:
        e = np.exp(row - row.max())
        rows.append(e / e.sum())
    return np.array(rows)


def sr_batch_max(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=1, keepdims=True)


def sr_no_shift(x):
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def sr_min_shift(x):
    e = np.exp(x - x.min(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sr_mean_shift(x):
    e = np.exp(x - x.mean(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sr_columns(x):
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def sr_no_keepdims(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1)


def sr_shift_if_overflow(x):
    """Shifts only when some exp overflows: [709, 709, 709] has finite exps and an infinite sum."""
    with np.errstate(all="ignore"):
        e = np.exp(x)
        if not np.isfinite(e).all():
            e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sr_clipped(x):
    """Clips the scores to [-700, 700] instead of shifting: wrong once two scores of a row pass 700."""
    e = np.exp(np.clip(x, -700, 700))
    return e / e.sum(axis=1, keepdims=True)


def sr_median_shift(x):
    """The row's median subtracted: overflows where the mean does on 3 classes, not everywhere (issue 25)."""
    with np.errstate(all="ignore"):
        e = np.exp(x - np.median(x, axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sr_second_largest(x):
    with np.errstate(all="ignore"):
        e = np.exp(x - np.sort(x, axis=1)[:, -2:-1])
    return e / e.sum(axis=1, keepdims=True)


def sr_first_entry(x):
    e = np.exp(x - x[:, :1])
    return e / e.sum(axis=1, keepdims=True)


# --- Exercise 3: bce_fixed(p, t, eps) ---
def bce_right(p, t, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def bce_package(p, t, eps=1e-7):
    return binary_cross_entropy(p, t, eps=eps)


def bce_where(p, t, eps=1e-7):
    q = np.where(t == 1, p, 1 - p)
    return float(-np.mean(np.log(np.clip(q, eps, 1 - eps))))


def bce_blog(p, t, eps=1e-7):
    p_clipped = np.clip(p, eps, 1 - eps)
    return -np.mean(t * np.log(p + eps) + (1 - t) * np.log(1 - p_clipped + eps))


def bce_plus_eps(p, t, eps=1e-7):
    return -np.mean(t * np.log(p + eps) + (1 - t) * np.log(1 - p + eps))


def bce_no_clip(p, t, eps=1e-7):
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def bce_lower_only(p, t, eps=1e-7):
    p = np.maximum(p, eps)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def bce_eps_ignored(p, t, eps=1e-7):
    return bce_right(p, t, 1e-7)


def bce_sum(p, t, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p))


def bce_per_element(p, t, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def bce_sign(p, t, eps=1e-7):
    return -bce_right(p, t, eps)


# --- Exercise 4: loss_from_probs(probs, labels) ---
def lp_right(probs, labels):
    return -np.mean(np.log(probs[np.arange(len(labels)), labels]))


def lp_package(probs, labels):
    return cross_entropy(probs, labels, from_logits=False)


def lp_keras_clip(probs, labels):
    return -np.mean(np.log(np.clip(probs, 1e-7, 1 - 1e-7)[np.arange(len(labels)), labels]))


def lp_one_hot_float32(probs, labels):
    t = one_hot(labels, probs.shape[1])
    return np.float32(-np.sum(t * np.log(np.clip(probs, 1e-30, 1))) / len(labels))


def lp_plus_eps(probs, labels):
    """The notebook's own idiom (section 5's cross_entropy_error): log(p + 1e-7)."""
    return -np.mean(np.log(probs[np.arange(len(labels)), labels] + 1e-7))


def lp_plus_big_eps(probs, labels):
    """An eps far larger than 1e-7 changes the loss: log(p + 1e-3)."""
    return -np.mean(np.log(probs[np.arange(len(labels)), labels] + 1e-3))


def lp_twice(probs, labels):
    return cross_entropy(probs, labels)


def lp_per_sample(probs, labels):
    return -np.log(probs[np.arange(len(labels)), labels])


def lp_sum(probs, labels):
    return -np.sum(np.log(probs[np.arange(len(labels)), labels]))


def lp_max(probs, labels):
    return -np.mean(np.log(probs.max(axis=1)))


def lp_all_entries(probs, labels):
    return -np.mean(np.log(probs))


def lp_log10(probs, labels):
    return -np.mean(np.log10(probs[np.arange(len(labels)), labels]))


def lp_no_minus(probs, labels):
    return np.mean(np.log(probs[np.arange(len(labels)), labels]))


# --- Exercise 5: cross_entropy_error_fixed(y, t) ---
def ce_right(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def ce_atleast_2d(y, t):
    y, t = np.atleast_2d(y), np.atleast_2d(t)
    return -np.sum(t * np.log(y)) / len(y)


def ce_only_y_reshaped(y, t):
    if y.ndim == 1:
        y = y.reshape(1, -1)
    return np.float32(-np.sum(t * np.log(y)) / y.shape[0])


def ce_typo(y, t):
    if y.ndim == 1:
        t = t.reshpae(1, t.size)
        y = y.reshape(1, y.size)
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def ce_no_branch(y, t):
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def ce_mean_all(y, t):
    return -np.mean(t * np.log(y + 1e-7))


def ce_no_division(y, t):
    return -np.sum(t * np.log(y + 1e-7))


def ce_per_sample(y, t):
    y, t = np.atleast_2d(y), np.atleast_2d(t)
    return -np.sum(t * np.log(y), axis=1)


def ce_divide_by_size(y, t):
    return -np.sum(t * np.log(y)) / y.size


def ce_batch_over_C(y, t):
    """Right for one sample; divides a batch by C (issue 25: its fallback hint was about one sample)."""
    if y.ndim == 1:
        return -np.sum(t * np.log(y))
    return -np.sum(t * np.log(y)) / y.shape[1]


def ce_argmax_labels(y, t):
    """Labels from t.argmax: right for one-hot t only (a strategy that survived make mutants)."""
    y, t = np.atleast_2d(y), np.atleast_2d(t)
    return -np.mean(np.log(y[np.arange(len(y)), t.argmax(axis=1)] + 1e-7))


# --- review-05-09 (issue 25): attempts that were refused with a hint for another slip, or accepted ---
def sr_in_place(x):
    x -= x.max(axis=1, keepdims=True)          # the caller's array is shifted
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


def bce_float32(p, t, eps=1e-7):
    p = np.clip(p.astype(np.float32), eps, 1 - eps)   # 1 - 1e-7 rounds to 1 - 1.19e-7 in float32
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def lp_mean_over_entries(probs, labels):
    return -np.mean(one_hot(labels, probs.shape[1]) * np.log(probs))   # divided by N * C


def lp_one_hot_no_classes(probs, labels):
    return -np.mean(np.sum(one_hot(labels) * np.log(probs), axis=1))   # one_hot's width is labels.max() + 1


def ce_big_eps(y, t):
    y, t = np.atleast_2d(y), np.atleast_2d(t)
    return -np.sum(t * np.log(y + 1e-5)) / y.shape[0]


def ce_log_softmax(y, t):
    y, t = np.atleast_2d(y), np.atleast_2d(t)
    return -np.sum(t * (y - logsumexp(y, axis=-1, keepdims=True))) / y.shape[0]   # softmax applied to probs again


# --- Exercise 6: rows_sum_to_one(probs) ---
def rs_right(probs):
    C = probs.shape[-1]
    tolerance = C * np.finfo(probs.dtype).eps
    return bool(np.allclose(probs.sum(axis=-1), 1.0, rtol=0, atol=tolerance))


def rs_few_eps(probs):
    return bool(np.all(np.abs(probs.sum(axis=1) - 1) <= 4 * np.finfo(probs.dtype).eps))


def rs_hundred_eps_np_bool(probs):
    return np.all(np.abs(probs.sum(axis=-1, dtype=np.float64) - 1) < 100 * np.finfo(probs.dtype).eps)


def rs_one_eps(probs):
    return bool(np.all(np.abs(probs.sum(axis=-1) - 1) <= np.finfo(probs.dtype).eps))


def rs_allclose_default(probs):
    return bool(np.allclose(probs.sum(axis=-1), 1))


def rs_loose(probs):
    return bool(np.all(np.abs(probs.sum(axis=-1) - 1) < 1e-3))


def rs_float32_eps(probs):
    return bool(np.all(np.abs(probs.sum(axis=-1) - 1) <= 10 * np.finfo(np.float32).eps))


def rs_exact(probs):
    return bool(np.all(probs.sum(axis=-1) == 1))


def rs_whole(probs):
    return bool(np.isclose(probs.sum(), probs.shape[0]))


def rs_axis0(probs):
    return bool(np.allclose(probs.sum(axis=0), 1, rtol=0, atol=10 * np.finfo(probs.dtype).eps))


def rs_per_row(probs):
    return np.abs(probs.sum(axis=-1) - 1) <= 10 * np.finfo(probs.dtype).eps


def rs_axis0_eps(probs):
    return bool(np.allclose(probs.sum(axis=0), 1, rtol=0, atol=np.finfo(probs.dtype).eps))


def rs_any(probs):
    """any() instead of all(): one good row is enough."""
    return bool(np.any(np.abs(probs.sum(axis=-1) - 1) <= 10 * np.finfo(probs.dtype).eps))


def rs_float64_eps(probs):
    return bool(np.all(np.abs(probs.sum(axis=-1) - 1) <= 10 * np.finfo(np.float64).eps))


# --- Exercise 7: batch_gradient(logits, labels) ---
def bg_right(logits, labels):
    N, C = logits.shape
    return (softmax(logits) - one_hot(labels, C)) / N


def bg_package_list(logits, labels):
    return cross_entropy_backward(logits, labels).tolist()


def bg_float32_in_place(logits, labels):
    g = softmax(logits).astype(np.float32)
    g[np.arange(len(labels)), labels] -= 1
    return g / len(labels)


def bg_sum(logits, labels):
    return softmax(logits) - one_hot(labels, logits.shape[1])


def bg_over_C(logits, labels):
    return (softmax(logits) - one_hot(labels, logits.shape[1])) / logits.shape[1]


def bg_naive_softmax(logits, labels):
    e = np.exp(logits)
    return (e / e.sum(1, keepdims=True) - one_hot(labels, logits.shape[1])) / len(logits)


def bg_sign(logits, labels):
    return (one_hot(labels, logits.shape[1]) - softmax(logits)) / len(logits)


def bg_no_one_hot(logits, labels):
    return softmax(logits) / len(logits)


def bg_axis0(logits, labels):
    return (softmax(logits, axis=0) - one_hot(labels, logits.shape[1])) / len(logits)


def bg_over_N_C(logits, labels):
    return (softmax(logits) - one_hot(labels, logits.shape[1])) / logits.size


def bg_no_num_classes(logits, labels):
    return (softmax(logits) - one_hot(labels)) / len(logits)


def bg_batch_max(logits, labels):
    e = np.exp(logits - logits.max())
    return (e / e.sum(axis=1, keepdims=True) - one_hot(labels, logits.shape[1])) / len(logits)


def bg_shift_if_overflow(logits, labels):
    return (sr_shift_if_overflow(logits) - one_hot(labels, logits.shape[1])) / len(logits)


def bg_clipped(logits, labels):
    return (sr_clipped(logits) - one_hot(labels, logits.shape[1])) / len(logits)


# --- Exercise 8: backward_pure(probs, labels) ---
def bp_right(probs, labels):
    N = len(labels)
    dlogits = probs.copy()
    dlogits[np.arange(N), labels] -= 1
    return dlogits / N


def bp_new_array(probs, labels):
    return ((probs - one_hot(labels, probs.shape[1])) / len(labels)).tolist()


def bp_float32(probs, labels):
    return ((probs - one_hot(labels, probs.shape[1])) / len(labels)).astype(np.float32)


def bp_in_place(probs, labels):
    N = len(labels)
    dlogits = probs
    dlogits[np.arange(N), labels] -= 1
    return dlogits / N


def bp_in_place_divide(probs, labels):
    probs -= one_hot(labels, probs.shape[1])
    probs /= len(labels)
    return probs.copy()


_memo = {}


def bp_memoised(probs, labels):
    if "g" not in _memo:
        _memo["g"] = bp_right(probs, labels)
    return _memo["g"]


def bp_no_mean(probs, labels):
    return probs - one_hot(labels, probs.shape[1])


def bp_over_C(probs, labels):
    return (probs - one_hot(labels, probs.shape[1])) / probs.shape[1]


def bp_softmax_again(probs, labels):
    return (softmax(probs) - one_hot(labels, probs.shape[1])) / len(labels)


def bp_no_num_classes(probs, labels):
    return (probs - one_hot(labels)) / len(labels)


def _fresh_memo(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)
    _memo.clear()
    return wrapper


# --- review-05-09 (issue 25): two strategies that passed every case of 06 Ex1-3, 08 Ex2, 09 Ex2 and Ex7 ---

def bg_longdouble_r4(logits, labels):
    return (_softmax_longdouble(logits) - one_hot(labels, logits.shape[1])) / len(logits)


def bg_shift_if_overflow_r4(logits, labels):
    return (_softmax_shift_if_overflow(logits) - one_hot(labels, logits.shape[1])) / len(logits)

CATALOGUE = {
    ex.check_jacobian: [
        Right(jac_right, "diag(y) - outer(y, y): the notebook's solution"),
        Right(jac_einsum_list, "y_i (delta_ij - y_j) by broadcasting, as nested lists"),
        Right(jac_float32, "float32"),
        Right(jac_loop, "a double loop"),
        Wrong(hand_written_jacobian, "the published hand-written Jacobian (notebook 04)", diagnosis="J[1, 1]"),
        Wrong(jac_diag_typo, "a typo in the last diagonal entry", diagnosis="diagonal entry J["),
        Wrong(jac_sign, "outer - diag: the wrong sign"),
        Wrong(jac_diag_only, "only the diagonal", diagnosis="every off-diagonal entry is 0"),
        Wrong(jac_dot, "np.dot(y, y), a number, instead of the outer product"),
        Wrong(jac_broadcast, "y * y broadcast along rows instead of the outer product"),
        Wrong(jac_log_softmax, "the Jacobian of log-softmax"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
    ex.check_softmax_rows: [
        Wrong(_softmax_longdouble, "no shift, exp in np.longdouble (review-05-09: accepted before)"),
        Wrong(_softmax_shift_if_overflow, "the shift only when something overflows (review-05-09: accepted before)"),
        Right(sr_right, "each row's own max, keepdims: the notebook's solution"),
        Right(sr_logsumexp, "exp(x - logsumexp(x))"),
        Right(sr_list_float32, "rounded to float32, returned as a list"),
        Right(sr_float32, "a float32 array"),
        Right(sr_loop, "a loop over rows"),
        Wrong(sr_batch_max, "the max of the whole batch", diagnosis="max of the whole batch",
              not_said=("overflow",)),
        Wrong(sr_no_shift, "no shift: overflow (issue 12: told 'underflowed')", diagnosis="overflowed to inf",
              not_said=("underflow", "whole batch")),
        Wrong(sr_min_shift, "the row's min subtracted", diagnosis="row's MIN"),
        Wrong(sr_mean_shift, "the row's mean subtracted", diagnosis="row's MEAN"),
        Wrong(sr_first_entry, "the row's first entry subtracted", diagnosis="row's FIRST entry"),
        Wrong(sr_median_shift, "the row's median subtracted (issue 25: called the mean)", not_said=("MEAN", "MIN", "FIRST")),
        Wrong(sr_second_largest, "the row's second-largest entry subtracted (issue 25: called the mean)",
              not_said=("MEAN", "MIN", "FIRST")),
        Wrong(sr_shift_if_overflow, "a shift only when an exp overflows (issue 25: accepted)",
              not_said=("overflowed to inf", "whole batch")),
        Wrong(sr_clipped, "scores clipped to 700 instead of shifted (rejected before too, by the row [700, 710, 720])",
              not_said=("overflowed to inf", "whole batch")),
        Wrong(sr_columns, "normalised along columns", diagnosis="columns sum to 1"),
        Wrong(sr_in_place, "x -= max in place: the caller's batch changed (review-05-09: accepted before)",
              diagnosis="changed the batch it was given"),
        Wrong(sr_no_keepdims, "the missing keepdims (issue 12: accepted before)", diagnosis="keepdims"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
    ex.check_bce: [
        Right(bce_right, "clip once, both terms: the notebook's solution"),
        Right(bce_package, "softmaxlab's binary_cross_entropy"),
        Right(bce_where, "the probability of the true class, clipped"),
        Wrong(bce_blog, "the blog's function: one term clipped, the other + eps", diagnosis="blog post"),
        Wrong(bce_plus_eps, "+ eps in both logs, no clip (issue 12: accepted before)", diagnosis="added eps inside",
              not_said=("swapping",)),
        Wrong(bce_no_clip, "no clip at all", diagnosis="a log received 0"),
        Wrong(bce_lower_only, "clipped below only", diagnosis="a log received 0"),
        Wrong(bce_eps_ignored, "eps hard-coded (issue 12: told about swapping classes)", diagnosis="ignores the eps",
              not_said=("swapping",)),
        Wrong(bce_sum, "the sum, not the mean", diagnosis="sum of the losses"),
        Wrong(bce_per_element, "one loss per element", diagnosis="one loss per element"),
        Wrong(bce_sign, "the wrong sign (review-05-09: its hint was about the clipping)", diagnosis="wrong sign",
              not_said=("same clipping",)),
        Wrong(bce_float32, "float32: 1 - 1e-7 is not a float32 (review-05-09: told about the clipping)",
              diagnosis="float32", not_said=("same clipping",)),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
    ],
    ex.check_loss_from_probs: [
        Right(lp_right, "-mean(log p_true): the notebook's solution"),
        Right(lp_package, "cross_entropy(probs, labels, from_logits=False), as the hint says (issue 12)"),
        Right(lp_keras_clip, "Keras-style clipping: a perfect prediction costs 1e-7 (issue 12)"),
        Right(lp_one_hot_float32, "mask and sum with one-hot rows, float32"),
        Right(lp_plus_eps, "-mean(log(p + 1e-7)), the notebook's own idiom (issue 25: refused with a wrong hint)"),
        Wrong(lp_plus_big_eps, "log(p + 1e-3): an eps that changes the loss",
              not_said=("which probability", "how are the rows combined")),
        Wrong(lp_twice, "probabilities into a loss that expects logits", diagnosis="softmax is applied twice"),
        Wrong(lp_per_sample, "one loss per sample", diagnosis="one per sample"),
        Wrong(lp_sum, "the sum, not the mean", diagnosis="sum of the per-sample losses"),
        Wrong(lp_max, "the predicted class's probability", diagnosis="largest probability"),
        Wrong(lp_all_entries, "the log of every entry"),
        Wrong(lp_one_hot_no_classes, "one_hot without num_classes (review-05-09: a bare ValueError, no hint)",
              diagnosis="never use the last class"),
        Wrong(lp_mean_over_entries, "t * log p averaged over N x C entries (review-05-09: told about an eps)",
              diagnosis="all N x C entries", not_said=("eps",)),
        Wrong(lp_log10, "log10 instead of the natural log"),
        Wrong(lp_no_minus, "the minus sign forgotten"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
    ex.check_cross_entropy_error: [
        Right(ce_right, "the typo fixed: the notebook's solution"),
        Right(ce_atleast_2d, "np.atleast_2d, no eps"),
        Right(ce_only_y_reshaped, "only y reshaped (t broadcasts), float32"),
        Wrong(ce_typo, "the typo left in", diagnosis="AttributeError"),
        Wrong(ce_no_branch, "the branch deleted: divides a sample by C", diagnosis="number of classes"),
        Wrong(ce_mean_all, "the mean over every entry"),
        Wrong(ce_no_division, "no division by the batch size", diagnosis="sum over the batch"),
        Wrong(ce_per_sample, "one loss per sample"),
        Wrong(ce_divide_by_size, "divided by y.size"),
        Wrong(ce_argmax_labels, "labels taken by t.argmax: wrong for a soft target (issue 25, make mutants: survived)"),
        Wrong(ce_big_eps, "log(y + 1e-5) (review-05-09: its hint was about y.shape[0])", not_said=("y.shape[0]",)),
        Wrong(ce_log_softmax, "log-softmax of probabilities (review-05-09: its hint was about y.shape[0])",
              not_said=("y.shape[0]",)),
        Wrong(ce_batch_over_C, "a batch divided by C (issue 25: its hint was about one sample)",
              not_said=("one sample of shape",)),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
    ex.check_rows_sum_to_one: [
        Right(rs_right, "C eps of the dtype: the notebook's solution"),
        Right(rs_few_eps, "4 eps of the dtype"),
        Right(rs_hundred_eps_np_bool, "100 eps, summed in float64, returned as np.bool_"),
        Wrong(rs_allclose_default, "np.allclose's default tolerance (issue 12: accepted before)",
              diagnosis="tolerance is too wide"),
        Wrong(rs_loose, "a 1e-3 tolerance (issue 12: accepted before)", diagnosis="tolerance is too wide"),
        Wrong(rs_float32_eps, "float32's eps on float64 input (issue 12: accepted before)",
              diagnosis="tolerance is too wide"),
        Wrong(rs_exact, "== 1 exactly", diagnosis="only up to rounding"),
        Wrong(rs_one_eps, "exactly 1 eps: rejects real softmax rows 2 eps off (was accepted)",
              diagnosis="only up to rounding"),
        Wrong(rs_whole, "the whole array sums to N"),
        Wrong(rs_per_row, "one bool per row", diagnosis="return one bool"),
        Wrong(rs_float64_eps, "float64's eps on float32 input", diagnosis="only up to rounding"),
        Wrong(rs_any, "any() instead of all() (issue 25: called a tolerance problem)",
              not_said=("tolerance is too wide", "too loose")),
        Wrong(rs_axis0, "sums down the columns", not_said=("fits the dtype", "tolerance is too wide")),
        Wrong(rs_axis0_eps, "sums down the columns, 1 eps of the dtype (issue 25: called a dtype problem)",
              not_said=("fits the dtype", "tolerance is too wide")),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
    ex.check_batch_gradient: [
        Wrong(bg_longdouble_r4, "no shift, exp in np.longdouble (review-05-09: accepted before)"),
        Wrong(bg_shift_if_overflow_r4, "the shift only when something overflows (review-05-09: accepted before)"),
        Right(bg_right, "(softmax - one_hot) / N: the notebook's solution"),
        Right(bg_package_list, "cross_entropy_backward, as a list"),
        Right(bg_float32_in_place, "float32, on its own copy"),
        Wrong(bg_sum, "the gradient of the sum", diagnosis="times too large"),
        Wrong(bg_over_C, "divided by C", diagnosis="number of classes C"),
        Wrong(bg_naive_softmax, "an overflowing softmax", diagnosis="overflowed"),
        Wrong(bg_sign, "t - y"),
        Wrong(bg_no_one_hot, "no one-hot subtracted"),
        Wrong(bg_axis0, "softmax over the batch axis"),
        Wrong(bg_over_N_C, "divided by N * C"),
        Wrong(bg_no_num_classes, "one_hot(labels) without num_classes (issue 25: accepted in 70-95% of runs)",
              diagnosis="never use the last class"),
        Wrong(bg_batch_max, "the max of the whole batch: underflow, 0/0 (issue 25: called overflow)",
              diagnosis="whole batch", not_said=("overflow",)),
        Wrong(bg_shift_if_overflow, "a shift only when an exp overflows (issue 25: accepted)",
              not_said=("overflow", "whole batch")),
        Wrong(bg_clipped, "logits clipped to 700 instead of shifted (issue 25: accepted)",
              not_said=("overflow", "whole batch")),
        Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
    ],
    ex.check_backward_pure: [
        Right(bp_right, "a copy, then in place: the notebook's solution"),
        Right(bp_new_array, "a new array, returned as a list"),
        Right(bp_float32, "float32"),
        Wrong(bp_in_place, "the broken layer's backward: mutates probs", diagnosis="changed the probs array"),
        Wrong(bp_in_place_divide, "-= and /= on the input, returns a copy", diagnosis="changed the probs array"),
        Wrong(_fresh_memo(bp_memoised), "remembers its first answer (issue 14: passed one fixed input)"),
        Wrong(bp_no_mean, "no 1/N (issue 25: its hint was about calling twice)", not_said=("twice",)),
        Wrong(bp_over_C, "divided by C (issue 25: its hint was about calling twice)", not_said=("twice",)),
        Wrong(bp_no_num_classes, "one_hot(labels) without num_classes (issue 25: accepted in 70-95% of runs)",
              diagnosis="never use the last class"),
        Wrong(bp_softmax_again, "softmax of the probabilities"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
}
