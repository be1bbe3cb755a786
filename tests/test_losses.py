"""Unit tests for one_hot, cross_entropy, cross_entropy_backward and binary_cross_entropy."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from softmaxlab import (
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_backward,
    log_softmax,
    numerical_gradient,
    one_hot,
    softmax,
)

inf, nan = np.inf, np.nan
LOGITS = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0], [-1.0, 0.0, 3.0], [0.0, 0.0, 0.0]])  # (N, C) = (4, 3)
LABELS = np.array([0, 1, 1, 2])


def _hand_losses(logits, labels):
    """-log softmax of the true class, with an independent float64 softmax."""
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs = e / e.sum(axis=-1, keepdims=True)
    return -np.log(probs[np.arange(len(labels)), labels])


def _keras_categorical_crossentropy(target, output, eps=1e-7):
    """Keras' categorical_crossentropy(from_logits=False), written out from its definition."""
    output = output / np.sum(output, axis=-1, keepdims=True)
    output = np.clip(output, eps, 1.0 - eps)
    return -np.sum(target * np.log(output), axis=-1)


# ---------------------------------------------------------------- one_hot


def test_one_hot_values_shape_dtype():
    t = one_hot([2, 0, 1])
    assert_array_equal(t, np.eye(3)[[2, 0, 1]])
    assert t.dtype == np.float64
    assert one_hot([0, 1], num_classes=5).shape == (2, 5)
    assert one_hot(np.array([[0, 1], [2, 0]])).shape == (2, 2, 3)
    assert one_hot(np.array([], dtype=int), num_classes=4).shape == (0, 4)
    assert_array_equal(one_hot(np.array(1), num_classes=3), [0.0, 1.0, 0.0])
    assert_array_equal(one_hot(np.array([1], dtype=np.uint8), num_classes=np.int64(2)), [[0.0, 1.0]])


def test_one_hot_does_not_mutate():
    labels = np.array([1, 0])
    one_hot(labels)
    assert_array_equal(labels, [1, 0])


@pytest.mark.parametrize(
    "labels, num_classes, error, message",
    [
        ([0, -1, 2], None, ValueError, r"labels must be >= 0, got -1"),
        ([0, 3], 3, ValueError, r"label 3 is out of range for num_classes=3"),
        ([0.0, 1.0], None, TypeError, r"labels must be integers, got dtype float64"),
        ([True, False], None, TypeError, r"labels must be integers, got dtype bool"),
        (["a"], None, TypeError, r"labels must be integers, got dtype <U1"),
        (np.array([], dtype=int), None, ValueError, r"labels is empty: pass num_classes"),
        ([0, 1], 2.5, TypeError, r"num_classes must be an int, got 2.5"),
        ([0, 1], 0, ValueError, r"num_classes must be >= 1, got 0"),
        ([0, 1], -3, ValueError, r"num_classes must be >= 1, got -3"),
    ],
)
def test_one_hot_errors(labels, num_classes, error, message):
    with pytest.raises(error, match=message):
        one_hot(labels, num_classes)


# ---------------------------------------------------------------- cross_entropy from logits


def test_cross_entropy_equals_minus_log_p_of_true_class():
    assert_allclose(cross_entropy(LOGITS, LABELS, reduction="none"), _hand_losses(LOGITS, LABELS), rtol=1e-14)
    assert_allclose(cross_entropy(LOGITS, LABELS), _hand_losses(LOGITS, LABELS).mean(), rtol=1e-14)
    assert cross_entropy(np.zeros((1, 4)), [3]) == pytest.approx(np.log(4), rel=1e-15)  # uniform: log C


def test_index_and_one_hot_targets_agree():
    for reduction in ("mean", "sum", "none"):
        by_index = cross_entropy(LOGITS, LABELS, reduction=reduction)
        by_one_hot = cross_entropy(LOGITS, one_hot(LABELS, 3), reduction=reduction)
        assert_allclose(by_index, by_one_hot, rtol=1e-15)
        assert_allclose(
            cross_entropy_backward(LOGITS, LABELS, reduction=reduction),
            cross_entropy_backward(LOGITS, one_hot(LABELS, 3), reduction=reduction),
            rtol=1e-15,
        )


def test_reductions():
    losses = cross_entropy(LOGITS, LABELS, reduction="none")
    assert losses.shape == (4,)
    assert cross_entropy(LOGITS, LABELS, reduction="sum") == pytest.approx(losses.sum(), rel=1e-15)
    assert cross_entropy(LOGITS, LABELS, reduction="mean") == pytest.approx(losses.mean(), rel=1e-15)
    assert np.ndim(cross_entropy(LOGITS, LABELS)) == 0


def test_soft_targets():
    rng = np.random.default_rng(0)
    targets = softmax(rng.normal(size=LOGITS.shape))  # (N, C) rows of class probabilities
    expected = -np.sum(targets * log_softmax(LOGITS), axis=-1)
    assert_allclose(cross_entropy(LOGITS, targets, reduction="none"), expected, rtol=1e-15)
    # label smoothing is a soft target: 0.9 on the label, 0.1 spread over all classes
    smooth = 0.9 * one_hot(LABELS, 3) + 0.1 / 3
    assert_allclose(cross_entropy(LOGITS, smooth, reduction="none"),
                    0.9 * _hand_losses(LOGITS, LABELS) - 0.1 / 3 * log_softmax(LOGITS).sum(axis=-1), rtol=1e-14)


def test_one_sample_1d():
    logits = LOGITS[1]
    assert cross_entropy(logits, 1) == pytest.approx(_hand_losses(LOGITS[[1]], [1])[0], rel=1e-15)
    assert cross_entropy(logits, np.int64(1), reduction="none").shape == ()
    assert cross_entropy(logits, one_hot(1, 3)) == pytest.approx(cross_entropy(logits, 1), rel=1e-15)
    grad = cross_entropy_backward(logits, 1)
    assert grad.shape == (3,)
    assert_allclose(grad, softmax(logits) - one_hot(1, 3), rtol=1e-15)


def test_cross_entropy_dtypes():
    assert cross_entropy(LOGITS.astype(np.float32), LABELS).dtype == np.float32
    assert cross_entropy(LOGITS.astype(np.float32), one_hot(LABELS, 3)).dtype == np.float32  # targets follow logits
    assert cross_entropy(LOGITS.astype(np.float16), LABELS).dtype == np.float16
    assert cross_entropy(np.array([[1, 2], [3, 0]]), [1, 0]).dtype == np.float64
    assert cross_entropy_backward(LOGITS.astype(np.float32), LABELS).dtype == np.float32
    for labels in (LABELS.astype(np.int32), LABELS.astype(np.uint8), LABELS.tolist()):
        assert cross_entropy(LOGITS, labels) == cross_entropy(LOGITS, LABELS)


def test_cross_entropy_does_not_mutate():
    logits, labels, targets = LOGITS.copy(), LABELS.copy(), one_hot(LABELS, 3)
    t0 = targets.copy()
    for reduction in ("mean", "sum", "none"):
        cross_entropy(logits, labels, reduction=reduction)
        cross_entropy(logits, targets, reduction=reduction)
        cross_entropy(softmax(logits), targets, from_logits=False, reduction=reduction)
        cross_entropy_backward(logits, labels, reduction=reduction)
        cross_entropy_backward(logits, targets, reduction=reduction)
    assert_array_equal(logits, LOGITS)
    assert_array_equal(labels, LABELS)
    assert_array_equal(targets, t0)


@pytest.mark.parametrize(
    "logits",
    [
        np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]], dtype=np.float32),
        np.array([[1e300, -1e300, 0.0], [-1e300, 1e300, 1e300]], dtype=np.float64),
    ],
)
def test_cross_entropy_stable_for_huge_logits(logits):
    # a RuntimeWarning fails the test (filterwarnings = error::RuntimeWarning)
    labels = np.array([1, 0])
    losses = cross_entropy(logits, labels, reduction="none")
    assert losses.dtype == logits.dtype
    assert np.isfinite(losses).all()
    big = float(logits[0, 0])
    assert_allclose(losses, [2 * big, 2 * big + np.log(2)], rtol=1e-7)
    assert cross_entropy(logits, [0, 1], reduction="sum") == pytest.approx(np.log(2), rel=1e-6)
    assert_allclose(cross_entropy(logits, one_hot(labels, 3), reduction="none"), losses, rtol=1e-6)
    grad = cross_entropy_backward(logits, labels)
    assert np.isfinite(grad).all()
    assert_allclose(grad, [[0.5, -0.5, 0.0], [-0.5, 0.25, 0.25]], atol=1e-7)


# ---------------------------------------------------------------- inf and nan (documented in cross_entropy)


def test_cross_entropy_nonfinite_as_documented():
    logits = np.array([[0.0, -inf, 1.0], [0.0, -inf, 1.0], [1.0, inf, 0.0], [1.0, inf, 0.0],
                       [-inf, -inf, -inf], [nan, 0.0, 1.0]])
    labels = np.array([0, 1, 0, 1, 0, 2])
    losses = cross_entropy(logits, labels, reduction="none")  # and no warning
    assert losses[0] == pytest.approx(-log_softmax([0.0, 1.0])[0], rel=1e-15)  # a -inf class is just absent
    assert losses[1] == inf  # the true class was given probability 0
    assert losses[2] == inf  # true class finite beside a +inf
    assert np.isnan(losses[3])  # true class is the +inf entry
    assert np.isnan(losses[4]) and np.isnan(losses[5])
    # one-hot targets give the same, including for the masked -inf class (0 log 0 = 0, not nan)
    assert_array_equal(cross_entropy(logits, one_hot(labels, 3), reduction="none"), losses)


def test_cross_entropy_backward_nonfinite_as_documented():
    logits = np.array([[0.0, -inf, 1.0], [0.0, -inf, 1.0], [1.0, inf, 0.0], [-inf, -inf, -inf], [nan, 0.0, 1.0]])
    labels = np.array([0, 1, 0, 0, 2])
    for targets in (labels, one_hot(labels, 3)):
        grad = cross_entropy_backward(logits, targets, reduction="none")  # and no warning
        y = softmax([0.0, 1.0])
        assert_allclose(grad[0], [y[0] - 1, 0.0, y[1]], rtol=1e-15)  # the masked class: y = 0, t = 0
        assert_allclose(grad[1], [y[0], -1.0, y[1]], rtol=1e-15)  # true class masked: -t, still finite
        assert np.isnan(grad[2:]).all()


def test_masked_logits_with_one_hot_targets_are_not_nan():
    logits = np.array([[2.0, -inf, 0.5], [-inf, 1.0, 1.0]], dtype=np.float32)
    targets = np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]])
    losses = cross_entropy(logits, targets, reduction="none")
    assert np.isfinite(losses).all()
    assert_allclose(losses, [cross_entropy(np.array([2.0, 0.5]), 0), np.log(2)], rtol=1e-6)
    grad = cross_entropy_backward(logits, targets)
    assert_allclose(grad[:, :], (softmax(logits) - targets) / 2, atol=1e-7)


# ---------------------------------------------------------------- from_logits=False (Keras semantics)


def test_from_probs_equals_from_logits_for_softmax_output():
    for reduction in ("mean", "sum", "none"):
        assert_allclose(cross_entropy(softmax(LOGITS), LABELS, from_logits=False, reduction=reduction),
                        cross_entropy(LOGITS, LABELS, reduction=reduction), rtol=1e-13)


@pytest.mark.parametrize("eps", [1e-7, 1e-3])
def test_from_probs_matches_the_keras_formula(eps):
    rng = np.random.default_rng(1)
    unnormalised = rng.uniform(0.0, 2.0, size=(6, 4))  # rows do not sum to 1: Keras divides by the sum
    unnormalised[0] = [1.0, 0.0, 0.0, 0.0]  # exact zeros and ones: the clip matters
    unnormalised[1] = [0.0, 0.0, 3.0, 0.0]
    targets = one_hot([1, 2, 0, 3, 3, 1], 4)
    targets[5] = [0.25, 0.25, 0.25, 0.25]
    expected = _keras_categorical_crossentropy(targets, unnormalised, eps)
    got = cross_entropy(unnormalised, targets, from_logits=False, eps=eps, reduction="none")
    assert_allclose(got, expected, rtol=1e-15)
    assert got[0] == pytest.approx(-np.log(eps))  # p = 0 for the true class is clipped to eps, not inf
    by_index = cross_entropy(unnormalised, [1, 2, 0, 3, 3, 1], from_logits=False, eps=eps, reduction="none")
    assert_allclose(by_index[:5], expected[:5], rtol=1e-15)  # row 5 has a soft target
    assert cross_entropy(unnormalised, targets, from_logits=False, eps=eps) == pytest.approx(expected.mean())


def test_from_probs_float32_keeps_dtype():
    probs = softmax(LOGITS.astype(np.float32))
    out = cross_entropy(probs, LABELS, from_logits=False)
    assert out.dtype == np.float32
    assert out == pytest.approx(cross_entropy(LOGITS, LABELS), rel=1e-6)


# ---------------------------------------------------------------- cross_entropy_backward


def test_cross_entropy_backward_is_y_minus_t():
    y, t = softmax(LOGITS), one_hot(LABELS, 3)
    N = len(LOGITS)
    assert_allclose(cross_entropy_backward(LOGITS, LABELS, reduction="sum"), y - t, rtol=1e-15, atol=1e-16)
    assert_allclose(cross_entropy_backward(LOGITS, LABELS, reduction="none"), y - t, rtol=1e-15, atol=1e-16)
    assert_allclose(cross_entropy_backward(LOGITS, LABELS), (y - t) / N, rtol=1e-15, atol=1e-17)
    assert_allclose(cross_entropy_backward(LOGITS, LABELS).sum(axis=-1), 0.0, atol=1e-16)  # rows sum to 0


def test_cross_entropy_backward_soft_targets_not_summing_to_one():
    # the general form is y * sum(t) - t; it is y - t only when each target row sums to 1
    targets = np.array([[2.0, 0.0, 1.0], [0.0, 0.5, 0.0], [0.3, 0.3, 0.3], [0.0, 0.0, 1.0]])
    analytic = cross_entropy_backward(LOGITS, targets, reduction="sum")
    assert_allclose(analytic, softmax(LOGITS) * targets.sum(axis=-1, keepdims=True) - targets, rtol=1e-15)
    numeric = numerical_gradient(lambda a: cross_entropy(a, targets, reduction="sum"), LOGITS)
    assert_allclose(analytic, numeric, atol=1e-9)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("targets", [LABELS, one_hot(LABELS, 3)], ids=["index", "one-hot"])
def test_cross_entropy_backward_matches_numerical_gradient(reduction, targets):
    analytic = cross_entropy_backward(LOGITS, targets, reduction=reduction)
    numeric = numerical_gradient(lambda a: cross_entropy(a, targets, reduction=reduction), LOGITS)
    assert_allclose(analytic, numeric, atol=1e-9)


# ---------------------------------------------------------------- bad input (cross_entropy and backward)

BAD_CROSS_ENTROPY = [
    # (logits, targets, kwargs, error, message)
    (LOGITS, [0, 1, 3, 0], {}, ValueError, r"target label 3 is out of range: labels must be in \[0, 3\)"),
    (LOGITS, [0, -1, 2, 0], {}, ValueError, r"target label -1 is out of range: labels must be in \[0, 3\)"),
    (LOGITS, [0.0, 1.0, 2.0, 0.0], {}, TypeError, r"class indices and must be integers, got float64"),
    (LOGITS, [0, 1, 2], {}, ValueError,
     r"batch size mismatch: logits has N = 4 samples, shape \(4, 3\), but there are 3 class-index targets"),
    (LOGITS, one_hot([0, 1, 2], 3), {}, ValueError,
     r"batch size mismatch: logits has N = 4 samples, .* the probability targets have 3 rows, shape \(3, 3\)"),
    (LOGITS[0], [0, 1], {}, ValueError,
     r"logits of shape \(3,\) is one sample: its class-index target must be a scalar or have shape \(1,\), "
     r"got shape \(2,\)"),
    (LOGITS, one_hot(LABELS, 4), {}, ValueError,
     r"probability targets must have the same shape as logits \(4, 3\), got \(4, 4\)"),
    (LOGITS, one_hot(LABELS, 3).astype(int), {}, TypeError, r"integer targets of shape \(4, 3\) look like one-hot"),
    (LOGITS, LABELS[:, None], {}, ValueError, r"class-index targets must have shape \(N,\) = \(4,\), got \(4, 1\)"),
    (LOGITS, LABELS, {"reduction": "avg"}, ValueError, r"reduction must be 'mean', 'sum' or 'none', got 'avg'"),
    (LOGITS, LABELS, {"reduction": None}, ValueError, r"reduction must be 'mean', 'sum' or 'none', got None"),
    (np.zeros((2, 3, 4)), [0, 1], {}, ValueError,  # (N, C, d1) is PyTorch's form: targets are (N, d1)
     r"targets for logits of shape \(N, C, d1, \.\.\.\) = \(2, 3, 4\) must have shape \(N, d1, \.\.\.\) = \(2, 4\)"),
    (np.float64(1.0), 0, {}, ValueError, r"logits must have shape \(N, C\) or \(C,\), got \(\)"),
    ([["a", "b"]], [0], {}, TypeError, r"logits must be a real numeric array .*got dtype <U1"),
    (LOGITS, ["a", "b", "c", "d"], {}, TypeError, r"targets must be integer class indices or float probabilities"),
    (LOGITS, [True, False, True, True], {}, TypeError, r"targets must be integer class indices .*got dtype bool"),
    (np.zeros((0, 3)), np.zeros(0, dtype=int), {}, ValueError, r"empty batch: logits has shape \(0, 3\)"),
    (np.zeros((0, 3)), np.zeros((0, 3)), {}, ValueError, r"empty batch"),
    (np.zeros((2, 0)), [0, 0], {}, ValueError, r"logits has shape \(2, 0\): there are no classes"),
]


@pytest.mark.parametrize("fn", [cross_entropy, cross_entropy_backward])
@pytest.mark.parametrize("logits, targets, kwargs, error, message", BAD_CROSS_ENTROPY)
def test_cross_entropy_bad_input(fn, logits, targets, kwargs, error, message):
    with pytest.raises(error, match=message):
        fn(logits, targets, **kwargs)


def test_cross_entropy_from_probs_bad_input():
    with pytest.raises(ValueError, match=r"target label 5 is out of range"):
        cross_entropy(softmax(LOGITS), [0, 1, 5, 0], from_logits=False)
    with pytest.raises(ValueError, match="reduction must be"):
        cross_entropy(softmax(LOGITS), LABELS, from_logits=False, reduction="batchmean")


# ---------------------------------------------------------------- binary_cross_entropy


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_bce_from_probs_formula():
    p = np.array([0.9, 0.2, 0.5, 0.7])
    t = np.array([1.0, 0.0, 1.0, 0.3])  # soft targets are allowed
    expected = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    assert_allclose(binary_cross_entropy(p, t, reduction="none"), expected, rtol=1e-15)
    assert binary_cross_entropy(p, t) == pytest.approx(expected.mean(), rel=1e-15)
    assert binary_cross_entropy(p, t, reduction="sum") == pytest.approx(expected.sum(), rel=1e-15)


def test_bce_from_probs_is_clipped_like_keras():
    p = np.array([0.0, 1.0, 0.0, 1.0])
    t = np.array([1.0, 0.0, 0.0, 1.0])
    losses = binary_cross_entropy(p, t, reduction="none", eps=1e-7)
    assert_allclose(losses[:2], -np.log(1e-7), rtol=1e-6)  # confidently wrong: clipped, not inf
    assert_allclose(losses[2:], -np.log1p(-1e-7), rtol=1e-6)


def test_bce_probs_and_logits_agree():
    rng = np.random.default_rng(2)
    z = rng.normal(scale=3.0, size=(5, 4))  # moderate logits: sigmoid is not clipped
    t = rng.integers(0, 2, size=(5, 4))
    for reduction in ("mean", "sum", "none"):
        assert_allclose(binary_cross_entropy(z, t, from_logits=True, reduction=reduction),
                        binary_cross_entropy(_sigmoid(z), t, reduction=reduction), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bce_from_logits_stable_at_1e4(dtype):
    z = np.array([1e4, -1e4, 1e4, -1e4, 0.0], dtype=dtype)
    t = np.array([1, 0, 0, 1, 1])
    losses = binary_cross_entropy(z, t, from_logits=True, reduction="none")  # no overflow warning
    assert losses.dtype == dtype
    assert_allclose(losses, [0.0, 0.0, 1e4, 1e4, np.log(2)], rtol=1e-6, atol=0)


def test_bce_from_logits_float64_huge():
    z = np.array([1e300, -1e300])
    assert_allclose(binary_cross_entropy(z, [0, 1], from_logits=True, reduction="none"), [1e300, 1e300])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bce_nonfinite_as_documented(dtype):
    z = np.array([inf, inf, inf, -inf, -inf, -inf, nan, 2.0], dtype=dtype)
    t = np.array([1.0, 0.0, 0.5, 0.0, 1.0, 0.5, 1.0, 1.0])
    losses = binary_cross_entropy(z, t, from_logits=True, reduction="none")  # and no RuntimeWarning
    assert losses.dtype == dtype
    # the limit of the finite formula: 0 where the infinite logit agrees with the target, +inf otherwise
    assert_array_equal(losses[:6], [0.0, inf, inf, 0.0, inf, inf])
    assert np.isnan(losses[6])
    assert losses[7] == binary_cross_entropy(np.array([2.0], dtype=dtype), [1.0], from_logits=True)
    # the same limits as very large finite logits
    big = np.finfo(dtype).max / 4
    finite = binary_cross_entropy(np.array([big, -big], dtype=dtype), [1.0, 0.0], from_logits=True, reduction="none")
    assert_array_equal(finite, [0.0, 0.0])
    p = np.array([nan, 0.5])
    assert_array_equal(binary_cross_entropy(p, [1.0, 1.0], reduction="none"), [nan, np.log(2)])


def test_bce_dtypes_and_shapes():
    assert binary_cross_entropy(np.array([0.5], dtype=np.float32), [1]).dtype == np.float32
    assert binary_cross_entropy([1, 0], [1, 0], from_logits=True).dtype == np.float64
    assert binary_cross_entropy(np.full((2, 3, 4), 0.5), np.ones((2, 3, 4)), reduction="none").shape == (2, 3, 4)
    assert binary_cross_entropy(0.5, 1) == pytest.approx(np.log(2))  # a single probability is fine


def test_bce_gradient_from_logits_is_sigmoid_minus_t():
    z = np.array([0.3, -2.0, 1.5])
    t = np.array([1.0, 0.0, 0.0])
    numeric = numerical_gradient(lambda v: binary_cross_entropy(v, t, from_logits=True, reduction="sum"), z)
    assert_allclose(numeric, _sigmoid(z) - t, atol=1e-9)


def test_bce_does_not_mutate():
    p, t = np.array([0.0, 1.0, 0.3]), np.array([1.0, 0.0, 1.0])
    binary_cross_entropy(p, t)
    binary_cross_entropy(p, t, from_logits=True)
    assert_array_equal(p, [0.0, 1.0, 0.3])
    assert_array_equal(t, [1.0, 0.0, 1.0])


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize(
    "x, targets, kwargs, error, message",
    [
        ([0.5, 0.5], [1, 0, 1], {}, ValueError, r"targets shape \(3,\) must be the same as input shape \(2,\)"),
        ([[0.5, 0.5]], [1, 0], {}, ValueError, r"targets shape \(2,\) must be the same as input shape \(1, 2\)"),
        ([], [], {}, ValueError, r"empty input: x has shape \(0,\)"),
        ([0.5], [1], {"reduction": "avg"}, ValueError, r"reduction must be 'mean', 'sum' or 'none', got 'avg'"),
        (["a"], [1], {}, TypeError, r"x must be a real numeric array .*got dtype <U1"),
        ([0.5], ["a"], {}, TypeError, r"targets must be a real numeric array .*got dtype <U1"),
    ],
)
def test_bce_bad_input(from_logits, x, targets, kwargs, error, message):
    with pytest.raises(error, match=message):
        binary_cross_entropy(x, targets, from_logits=from_logits, **kwargs)
