"""Issue 26 leftovers: float16 casts in attention.py and online.py, stratified_split's empty test set.

Each test failed before its fix (noted in its docstring) and passes after.
"""
import warnings

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from softmaxlab.attention import masked_softmax, scaled_dot_product_attention, softmax_with_sink
from softmaxlab.online import OnlineSoftmaxState, fused_cross_entropy, merge, tiled_attention
from softmaxlab.train import stratified_split

F16 = np.float16


def strictly(f, *args, **kwargs):
    """Call f with every floating-point error raised and every warning an error."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        return f(*args, **kwargs)


def as_float16(x):
    """The documented float16 result: the float32 value rounded to float16 (above 65504: inf; tiny: 0)."""
    with np.errstate(all="ignore"):
        return np.asarray(x, np.float32).astype(F16)


# ---------------------------------------------------------------- item 1: float16 cast back, no warning

def test_masked_softmax_float16_underflow_is_silent():
    """Was FloatingPointError 'underflow encountered in cast': e^-20 = 2e-9 is below float16's smallest 6e-8."""
    scores = np.array([[0.0, -20.0, 3.0], [1.0, 1.0, -30.0]], F16)
    mask = np.array([[True, True, False], [True, True, True]])
    out = strictly(masked_softmax, scores, mask)
    assert out.dtype == F16
    assert_array_equal(out, as_float16(masked_softmax(scores.astype(np.float32), mask)))
    assert out[0, 1] == 0 and out[0, 2] == 0 and out[1, 2] == 0  # rounded to 0 in float16, masked entry exactly 0


@pytest.mark.parametrize("empty", ["zeros", "nan", "uniform"])
def test_masked_softmax_float16_empty_rows(empty):
    scores = np.array([[0.0, -20.0], [5.0, 5.0]], F16)
    mask = np.array([[False, False], [True, True]])
    out = strictly(masked_softmax, scores, mask, empty=empty)
    assert out.dtype == F16
    assert_array_equal(out, as_float16(masked_softmax(scores.astype(np.float32), mask, empty=empty)))


def test_softmax_with_sink_float16_underflow_is_silent():
    """Was FloatingPointError 'underflow encountered in cast'."""
    scores = np.array([0.0, -20.0, -40.0], F16)
    out = strictly(softmax_with_sink, scores)
    assert out.dtype == F16
    assert_array_equal(out, as_float16(softmax_with_sink(scores.astype(np.float32))))
    assert out[1] == 0 and out[2] == 0


def test_tiled_attention_float16_underflow_is_silent():
    """Was FloatingPointError 'underflow encountered in cast': an output of 3e-8 rounds to float16's 6e-8 or 0."""
    q, k = np.array([[1.0, 0.0]], F16), np.array([[1.0, 0.0], [0.0, 0.0]], F16)
    v = np.array([[1e-7], [0.0]], F16)  # v[0] is float16's subnormal 1.19e-7
    for tile in (1, 2):
        out = strictly(tiled_attention, q, k, v, tile=tile)
        assert out.dtype == F16
        assert_array_equal(out, as_float16(tiled_attention(*(a.astype(np.float32) for a in (q, k, v)), tile=tile)))
    out = strictly(scaled_dot_product_attention, q, k, v)
    assert out.dtype == F16
    assert_array_equal(out, as_float16(scaled_dot_product_attention(*(a.astype(np.float32) for a in (q, k, v)))))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_fused_cross_entropy_float16_overflow_gives_inf_silently(reduction):
    """Was FloatingPointError 'overflow encountered in cast': the loss 120000 is above float16's 65504,
    so it is inf, as cast_back documents and as softmaxlab.cross_entropy gives."""
    from softmaxlab import cross_entropy
    logits, labels = np.array([[60000.0, -60000.0], [1.0, 0.0]], F16), np.array([1, 0])
    loss, dlogits = strictly(fused_cross_entropy, logits, labels, reduction=reduction)
    assert loss.dtype == F16 and dlogits.dtype == F16
    loss32, dlogits32 = fused_cross_entropy(logits.astype(np.float32), labels, reduction=reduction)
    assert_array_equal(loss, as_float16(loss32))
    assert_array_equal(dlogits, as_float16(dlogits32))
    assert np.isinf(loss).any() == (reduction != "mean")  # the mean, 60000.2, fits in float16
    assert_array_equal(loss, strictly(cross_entropy, logits, labels, reduction=reduction))


def test_fused_cross_entropy_float16_underflow_is_silent():
    """Was FloatingPointError 'underflow encountered in cast': the gradient e^-20 = 2e-9 rounds to 0."""
    logits, labels = np.array([[0.0, -20.0]], F16), np.array([0])
    loss, dlogits = strictly(fused_cross_entropy, logits, labels)
    assert loss.dtype == F16 and dlogits.dtype == F16
    assert loss == 0 and dlogits[0, 1] == 0


def test_fused_cross_entropy_mean_of_subnormal_gradients_is_silent():
    """Was FloatingPointError 'underflow encountered in divide' (float64): e^-740 / N underflows, harmlessly."""
    logits, labels = np.array([[0.0, -744.0]] * 3), np.array([0, 0, 0])
    loss, dlogits = strictly(fused_cross_entropy, logits, labels)
    assert loss == 0 and dlogits.dtype == np.float64
    assert np.all(dlogits[:, 1] >= 0) and np.all(dlogits[:, 1] < 1e-300)


def test_merge_of_a_tiny_sum_is_silent():
    """Was FloatingPointError 'underflow encountered in multiply': 1e-300 * e^-700 underflows to 0."""
    state = strictly(merge, OnlineSoftmaxState(0.0, 1.0), OnlineSoftmaxState(-700.0, 1e-300))
    assert float(state.m) == 0.0 and float(state.s) == 1.0


# ---------------------------------------------------------------- item 2: stratified_split

@pytest.mark.parametrize("test_per_class", [0, -1, np.int64(0)])
def test_stratified_split_refuses_an_empty_test_set(test_per_class):
    """Was: test_per_class=0 returned every sample for training and an empty test set, silently
    (train(..., X_val=X[test]) then failed deep inside cross_entropy with 'empty batch')."""
    labels = np.repeat([0, 1, 2], [50, 50, 7])
    with pytest.raises(ValueError, match=r"test_per_class must be from 1 to 6 .*empty test set.*got -?[01]$"):
        stratified_split(labels, test_per_class)


def test_stratified_split_range_ends():
    labels = np.repeat([0, 1, 2], [50, 50, 7])
    train_idx, test_idx = stratified_split(labels, 1)
    assert np.bincount(labels[test_idx]).tolist() == [1, 1, 1] and len(train_idx) == 104
    train_idx, test_idx = stratified_split(labels, 6)  # the largest allowed: class 2 keeps one training sample
    assert np.bincount(labels[train_idx]).tolist() == [44, 44, 1]
    assert np.intersect1d(train_idx, test_idx).size == 0 and len(train_idx) + len(test_idx) == len(labels)
    with pytest.raises(ValueError, match="class 2 \\(7 samples\\) .* at most 6"):
        stratified_split(labels, 7)


def test_stratified_split_refuses_what_cannot_be_split():
    """Was: empty labels raised numpy's 'need at least one array to concatenate'; a class of one
    sample said 'it must be at most 0'."""
    with pytest.raises(ValueError, match="labels is empty"):
        stratified_split(np.array([], dtype=int), 1)
    with pytest.raises(ValueError, match="class 1 has a single sample"):
        stratified_split(np.array([0, 0, 1]), 1)


# ---------------------------------------------------------------- item 4: train's other arguments

@pytest.mark.parametrize("kwargs, exc, words", [
    (dict(batch_size=2.5), TypeError, "batch_size must be an int, got 2.5"),  # was: 'float' object cannot be ...
    (dict(epochs=2.5), TypeError, "epochs must be an int, got 2.5"),
    (dict(epochs=True), TypeError, "epochs must be an int"),
    (dict(epochs=0), ValueError, "epochs must be >= 1, got 0"),  # was: an empty history, silently
    (dict(batch_size=0), ValueError, "batch_size must be >= 1, got 0"),
    (dict(lr="0.5"), TypeError, "lr must be a number, got '0.5'"),  # was: '>' not supported between ...
    (dict(lr=np.inf), ValueError, "lr must be positive and finite, got inf"),
    (dict(weight_decay=None), TypeError, "weight_decay must be a number, got None"),
    (dict(weight_decay=np.nan), ValueError, "weight_decay must be >= 0 and finite, got nan"),
    (dict(X=np.zeros((0, 2)), labels=np.array([], dtype=int)), ValueError, "X has no samples"),  # was: 'empty batch'
    (dict(X_val=np.zeros((0, 2)), labels_val=np.array([], dtype=int)), ValueError, "X_val has no samples"),
])
def test_train_refuses_bad_arguments_in_words(kwargs, exc, words):
    from softmaxlab.train import SoftmaxRegression, train
    args = dict(X=np.zeros((4, 2)), labels=np.array([0, 1, 2, 0]))
    args.update(kwargs)
    with pytest.raises(exc, match=words.replace("(", r"\(").replace(")", r"\)")):
        train(SoftmaxRegression(2, 3), args.pop("X"), args.pop("labels"), **args)


def test_train_accepts_numpy_numbers():
    from softmaxlab.train import SoftmaxRegression, train
    history = train(SoftmaxRegression(2, 3), np.zeros((4, 2)), np.array([0, 1, 2, 0]), lr=np.float32(0.5),
                    epochs=np.int64(2), batch_size=np.int32(2), weight_decay=0)
    assert len(history["loss"]) == 2
