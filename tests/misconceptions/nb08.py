"""Misconception catalogue for notebook 08 (training on Iris)."""
import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from reference_solutions import in_dtype
from misconceptions._softmax_strategies import softmax_longdouble as _softmax_longdouble
from misconceptions._softmax_strategies import softmax_shift_if_overflow as _softmax_shift_if_overflow
from softmaxlab import softmax
from softmaxlab.exercises import iris as ex
from softmaxlab.losses import cross_entropy_backward, one_hot


# --- Exercise 1: standardize(X_train, X_other) ---
def st_right(X_train, X_other):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mu) / sigma, (X_other - mu) / sigma


def st_list(X_train, X_other):
    return list(st_right(X_train, X_other))


def st_ddof1_float32(X_train, X_other):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    return ((X_train - mu) / sigma).astype(np.float32), ((X_other - mu) / sigma).astype(np.float32)


def st_manual(X_train, X_other):
    mu = X_train.sum(axis=0) / len(X_train)
    sigma = np.sqrt(((X_train - mu) ** 2).mean(axis=0))
    return (X_train - mu) * (1 / sigma), (X_other - mu) * (1 / sigma)


def st_whole_array(X_train, X_other):
    mu, sigma = X_train.mean(), X_train.std()
    return (X_train - mu) / sigma, (X_other - mu) / sigma


def st_axis1(X_train, X_other):
    mu, sigma = X_train.mean(axis=1, keepdims=True), X_train.std(axis=1, keepdims=True)
    mu2, sigma2 = X_other.mean(axis=1, keepdims=True), X_other.std(axis=1, keepdims=True)
    return (X_train - mu) / sigma, (X_other - mu2) / sigma2


def st_own_stats(X_train, X_other):
    return ((X_train - X_train.mean(0)) / X_train.std(0), (X_other - X_other.mean(0)) / X_other.std(0))


def st_no_scale(X_train, X_other):
    mu = X_train.mean(axis=0)
    return X_train - mu, X_other - mu


def st_variance(X_train, X_other):
    mu, var = X_train.mean(axis=0), X_train.var(axis=0)
    return (X_train - mu) / var, (X_other - mu) / var


def st_only_train(X_train, X_other):
    return st_right(X_train, X_other)[0]


def st_in_place(X_train, X_other):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    X_train -= mu
    X_train /= sigma
    return X_train, (X_other - mu) / sigma


def st_swapped(X_train, X_other):
    a, b = st_right(X_train, X_other)
    return b, a


def st_stacked(X_train, X_other):
    a, b = st_right(X_train, X_other)
    return np.concatenate([a, b])


# --- Exercise 2: model_gradients(X, labels, W, b) ---
def mg_right(X, labels, W, b):
    N = len(X)
    dlogits = softmax(X @ W + b)
    dlogits[np.arange(N), labels] -= 1.0
    dlogits /= N
    return X.T @ dlogits, dlogits.sum(axis=0)


def mg_list_one_hot(X, labels, W, b):
    d = (softmax(X @ W + b) - one_hot(labels, W.shape[1])) / len(X)
    return [np.einsum("nd,nc->dc", X, d), d.sum(0)]


def mg_float32(X, labels, W, b):
    d = cross_entropy_backward(X @ W + b, labels).astype(np.float32)
    return X.astype(np.float32).T @ d, d.sum(axis=0)


def mg_transposed(X, labels, W, b):
    dW, db = mg_right(X, labels, W, b)
    return dW.T, db


def mg_db_per_sample(X, labels, W, b):
    d = (softmax(X @ W + b) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d


def mg_sum(X, labels, W, b):
    d = softmax(X @ W + b) - one_hot(labels, W.shape[1])
    return X.T @ d, d.sum(axis=0)


def mg_naive_softmax(X, labels, W, b):
    e = np.exp(X @ W + b)
    d = (e / e.sum(axis=1, keepdims=True) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d.sum(axis=0)


def mg_no_one_hot(X, labels, W, b):
    d = softmax(X @ W + b) / len(X)
    return X.T @ d, d.sum(axis=0)


def mg_sign(X, labels, W, b):
    d = (one_hot(labels, W.shape[1]) - softmax(X @ W + b)) / len(X)
    return X.T @ d, d.sum(axis=0)


def mg_over_C(X, labels, W, b):
    d = (softmax(X @ W + b) - one_hot(labels, W.shape[1])) / W.shape[1]
    return X.T @ d, d.sum(axis=0)


def mg_db_mean(X, labels, W, b):
    d = (softmax(X @ W + b) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d.mean(axis=0)


def mg_no_num_classes(X, labels, W, b):
    d = (softmax(X @ W + b) - one_hot(labels)) / len(X)
    return X.T @ d, d.sum(axis=0)


def mg_batch_max(X, labels, W, b):
    logits = X @ W + b
    e = np.exp(logits - logits.max())
    d = (e / e.sum(axis=1, keepdims=True) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d.sum(axis=0)


def mg_shift_if_overflow(X, labels, W, b):
    logits = X @ W + b
    with np.errstate(all="ignore"):
        e = np.exp(logits)
        if not np.isfinite(e).all():
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
    d = (e / e.sum(axis=1, keepdims=True) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d.sum(axis=0)


def mg_clipped(X, labels, W, b):
    e = np.exp(np.clip(X @ W + b, -700, 700))
    d = (e / e.sum(axis=1, keepdims=True) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d.sum(axis=0)


# --- Exercise 3: accuracy(logits, labels) ---
def acc_right(logits, labels):
    return float(np.mean(np.argmax(logits, axis=1) == labels))


def acc_loop(logits, labels):
    right = 0
    for row, label in zip(logits.tolist(), labels.tolist()):
        right += row.index(max(row)) == label
    return right / len(labels)


def acc_float32(logits, labels):
    return np.float32(np.count_nonzero(logits.argmax(-1) == labels)) / np.float32(len(labels))


def acc_count(logits, labels):
    return int(np.sum(np.argmax(logits, axis=1) == labels))


def acc_axis0(logits, labels):
    return float(np.mean(np.argmax(logits, axis=0) == labels))


def acc_percent(logits, labels):
    return 100 * acc_right(logits, labels)


def acc_error_rate(logits, labels):
    return 1 - acc_right(logits, labels)


def acc_bool_array(logits, labels):
    return np.argmax(logits, axis=1) == labels


def acc_argmin(logits, labels):
    return float(np.mean(np.argmin(logits, axis=1) == labels))


def acc_zero(logits, labels):
    return 0.0


def acc_naive_softmax(logits, labels):
    e = np.exp(logits)
    return float(np.mean((e / e.sum(1, keepdims=True)).argmax(1) == labels))


def acc_string(logits, labels):
    return f"{acc_right(logits, labels):.3f}"


# --- review-05-09 (issue 25): two strategies that passed every case of 06 Ex1-3, 08 Ex2, 09 Ex2 and Ex7 ---

def mg_longdouble_r4(X, labels, W, b):
    d = (_softmax_longdouble(X @ W + b) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d.sum(axis=0)


def mg_shift_if_overflow_r4(X, labels, W, b):
    d = (_softmax_shift_if_overflow(X @ W + b) - one_hot(labels, W.shape[1])) / len(X)
    return X.T @ d, d.sum(axis=0)

CATALOGUE = {
    ex.check_standardize: [
        Right(st_right, "training mean and std (ddof=0): the notebook's solution"),
        Right(st_list, "a list of the two arrays (issue 12: rejected before)"),
        Right(st_ddof1_float32, "the sample std (ddof=1), in float32"),
        Right(st_manual, "mean and std written out, multiplied by 1 / sigma"),
        Wrong(st_whole_array, "one mean and std for the whole array", diagnosis="for the whole array"),
        Wrong(st_axis1, "statistics per sample (axis=1) (issue 12: told 'whole array')", diagnosis="axis=1",
              not_said=("whole array",)),
        Wrong(st_own_stats, "second set with its own statistics: a leak", diagnosis="second set was standardised with its own statistics"),
        Wrong(st_no_scale, "centred, not scaled", diagnosis="not scaled"),
        Wrong(in_dtype(st_whole_array, np.float32), "one mean and std for the whole array in float32 (inputs cast; issue 26: told neutrally before, the checker compared at float64's tolerance)",
              diagnosis="for the whole array"),
        Wrong(in_dtype(st_no_scale, np.float32), "centred, not scaled, in float32", diagnosis="not scaled"),
        Right(in_dtype(st_right, np.float32), "the notebook's solution computed in float32"),
        Wrong(st_variance, "divided by the variance"),
        Wrong(st_only_train, "returns one array", diagnosis="return a pair"),
        Wrong(st_in_place, "standardises X_train in place", diagnosis="in place"),
        Wrong(st_swapped, "the pair in the wrong order"),
        Wrong(st_stacked, "one concatenated array", diagnosis="return a pair"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
    ],
    ex.check_model_gradients: [
        Wrong(mg_longdouble_r4, "no shift, exp in np.longdouble (review-05-09: accepted before)"),
        Wrong(mg_shift_if_overflow_r4, "the shift only when something overflows (review-05-09: accepted before)"),
        Right(mg_right, "the notebook's solution"),
        Right(mg_list_one_hot, "one-hot matrix, einsum, a list of two (issue 12: rejected before)"),
        Right(mg_float32, "float32 gradients"),
        Wrong(mg_transposed, "dW transposed", diagnosis="the transpose"),
        Wrong(mg_db_per_sample, "db per sample", diagnosis="one row per sample"),
        Wrong(mg_sum, "the gradient of the sum", diagnosis="gradient of the SUM"),
        Wrong(in_dtype(mg_sum, np.float32), "the gradient of the sum in float32 (inputs cast; issue 26: told neutrally before, the checker compared at float64's tolerance)", diagnosis="gradient of the SUM"),
        Wrong(in_dtype(mg_batch_max, np.float32), "the max of the whole batch, in float32", diagnosis="whole batch",
              not_said=("overflow",)),
        Wrong(mg_naive_softmax, "softmax without the max shift: overflow", diagnosis="overflowed",
              not_said=("whole batch",)),
        Wrong(mg_no_one_hot, "forgot to subtract the one-hot targets"),
        Wrong(mg_sign, "t - y instead of y - t"),
        Wrong(mg_over_C, "divided by C instead of N"),
        Wrong(mg_db_mean, "db as a mean over samples (divided by N twice)"),
        Wrong(mg_no_num_classes, "one_hot(labels) without num_classes (issue 25: accepted in 70-95% of runs)",
              diagnosis="never use the last class"),
        Wrong(mg_batch_max, "the max of the whole batch: underflow, 0/0 (issue 25: called overflow)",
              diagnosis="whole batch", not_said=("overflow",)),
        Wrong(mg_shift_if_overflow, "a shift only when an exp overflows (issue 25: accepted)",
              not_said=("overflow", "whole batch")),
        Wrong(mg_clipped, "logits clipped to 700 instead of shifted (issue 25: accepted)",
              not_said=("overflow", "whole batch")),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
        Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
    ],
    ex.check_accuracy: [
        Right(acc_right, "mean of argmax == labels: the notebook's solution"),
        Right(acc_loop, "a Python loop over rows"),
        Right(acc_float32, "a float32 fraction"),
        Wrong(acc_count, "the count of right rows", diagnosis="count of right predictions"),
        Wrong(acc_axis0, "argmax over axis 0", diagnosis="axis 0"),
        Wrong(acc_percent, "a percentage", diagnosis="percentage"),
        Wrong(acc_error_rate, "the error rate", diagnosis="WRONG rows"),
        Wrong(acc_bool_array, "the boolean array itself", diagnosis="got booleans"),
        Wrong(acc_argmin, "argmin instead of argmax (was told 'axis 0': same count on the square batch)",
              not_said=("axis 0",)),
        Wrong(acc_zero, "always 0.0 (was told 'axis 0': that gave 0 of 4 on the square batch)", not_said=("axis 0",)),
        Wrong(acc_naive_softmax, "an overflowing softmax before the argmax"),
        Wrong(acc_string, "a formatted string", diagnosis="a string"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
    ],
}
