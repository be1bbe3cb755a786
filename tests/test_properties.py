"""Hypothesis property tests: the identities the course teaches, checked on many generated inputs.

The hypothesis profile (conftest.py) is derandomized, so every run sees the same examples.
Inputs stay small (N <= 5, C <= 6) so that the whole file runs in seconds.
"""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose, assert_array_equal

from softmaxlab import (
    Softmax,
    SoftmaxWithLoss,
    binary_cross_entropy,
    cross_entropy,
    GRADCHECK_THRESHOLD,
    cross_entropy_backward,
    gradient_check,
    log_softmax,
    logsumexp,
    numerical_gradient,
    one_hot,
    softmax,
    softmax_backward,
    softmax_jacobian,
)


def floats(low, high, width=64):
    return st.floats(low, high, allow_nan=False, allow_infinity=False, width=width)


@st.composite
def batches(draw, low=-30.0, high=30.0, dtype=np.float64, max_n=5, min_c=1, max_c=6):
    """A (N, C) batch of logits and its integer labels (N,)."""
    N = draw(st.integers(1, max_n))
    C = draw(st.integers(min_c, max_c))
    width = 32 if dtype == np.float32 else 64
    logits = draw(arrays(dtype, (N, C), elements=floats(low, high, width)))
    labels = draw(arrays(np.int64, (N,), elements=st.integers(0, C - 1)))
    return logits, labels


@st.composite
def arrays_with_axis(draw, low=-50.0, high=50.0):
    """A 1-D to 3-D float64 array and an axis of it, positive or negative."""
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple))
    x = draw(arrays(np.float64, shape, elements=floats(low, high)))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    return x, axis


# ---------------------------------------------------------------- softmax is a distribution


@given(arrays_with_axis())
def test_rows_sum_to_one_any_axis(x_axis):
    x, axis = x_axis
    y = softmax(x, axis=axis)
    assert y.shape == x.shape
    assert ((y >= 0) & (y <= 1)).all()
    assert_allclose(y.sum(axis=axis), 1.0, rtol=0, atol=1e-14)


@given(batches(low=-1e300, high=1e300))
def test_rows_sum_to_one_float64_huge(batch):
    logits, labels = batch
    y = softmax(logits)
    assert np.isfinite(y).all()
    assert_allclose(y.sum(axis=-1), 1.0, rtol=0, atol=1e-14)
    logy = log_softmax(logits)  # differences are at most 2e300: finite
    assert np.isfinite(logy).all() and (logy <= 0).all()
    losses = cross_entropy(logits, labels, reduction="none")
    assert np.isfinite(losses).all() and (losses >= 0).all()


@given(batches(low=-1e4, high=1e4, dtype=np.float32))
def test_rows_sum_to_one_float32_1e4(batch):
    logits, labels = batch
    y = softmax(logits)
    assert y.dtype == np.float32
    assert np.isfinite(y).all()
    assert_allclose(y.sum(axis=-1, dtype=np.float64), 1.0, rtol=0, atol=1e-6)
    losses = cross_entropy(logits, labels, reduction="none")
    assert losses.dtype == np.float32
    assert np.isfinite(losses).all() and (losses >= 0).all()


# ---------------------------------------------------------------- shift invariance


@given(arrays_with_axis(), floats(-100.0, 100.0))
def test_shift_invariance(x_axis, c):
    x, axis = x_axis
    assert_allclose(softmax(x + c, axis=axis), softmax(x, axis=axis), rtol=0, atol=1e-12)
    assert_allclose(log_softmax(x + c, axis=axis), log_softmax(x, axis=axis), rtol=0, atol=1e-12)
    assert_allclose(logsumexp(x + c, axis=axis), logsumexp(x, axis=axis) + c, rtol=0, atol=1e-12)


@given(batches(low=-20.0, high=20.0), floats(-1e3, 1e3))
def test_shift_invariance_of_loss_and_gradient(batch, c):
    logits, labels = batch
    assert_allclose(cross_entropy(logits + c, labels, reduction="none"),
                    cross_entropy(logits, labels, reduction="none"), rtol=0, atol=1e-11)
    assert_allclose(cross_entropy_backward(logits + c, labels), cross_entropy_backward(logits, labels),
                    rtol=0, atol=1e-12)


# ---------------------------------------------------------------- log_softmax and logsumexp


@given(arrays_with_axis())
def test_log_softmax_logsumexp_identities(x_axis):
    x, axis = x_axis
    logy = log_softmax(x, axis=axis)
    assert (logy <= 0).all()
    assert_allclose(np.exp(logy), softmax(x, axis=axis), rtol=1e-13, atol=1e-300)
    lse = logsumexp(x, axis=axis, keepdims=True)
    assert_allclose(logy, x - lse, rtol=0, atol=1e-12)
    top = x.max(axis=axis, keepdims=True)
    assert (lse >= top).all()
    assert (lse <= top + np.log(x.shape[axis]) + 1e-12).all()


# ---------------------------------------------------------------- cross-entropy


@given(batches())
def test_cross_entropy_is_minus_log_p_of_true_class(batch):
    logits, labels = batch
    losses = cross_entropy(logits, labels, reduction="none")
    assert (losses >= 0).all()
    N = len(labels)
    assert_allclose(losses, -log_softmax(logits)[np.arange(N), labels], rtol=1e-15, atol=0)
    p_true = softmax(logits)[np.arange(N), labels]
    big = p_true > 1e-300  # where log(p) is representable, it is the same number
    assert_allclose(losses[big], -np.log(p_true[big]), rtol=1e-12, atol=1e-14)


@given(batches())
def test_index_and_one_hot_targets_agree(batch):
    logits, labels = batch
    targets = one_hot(labels, logits.shape[1])
    for reduction in ("mean", "sum", "none"):
        assert_allclose(cross_entropy(logits, targets, reduction=reduction),
                        cross_entropy(logits, labels, reduction=reduction), rtol=1e-15, atol=0)
    assert_allclose(cross_entropy_backward(logits, targets), cross_entropy_backward(logits, labels),
                    rtol=1e-15, atol=0)


@given(batches(low=-5.0, high=5.0, min_c=2))
def test_from_probabilities_equals_from_logits_when_not_clipped(batch):
    logits, labels = batch
    assert_allclose(cross_entropy(softmax(logits), labels, from_logits=False, reduction="none"),
                    cross_entropy(logits, labels, reduction="none"), rtol=1e-10, atol=1e-14)


@given(batches())
def test_reductions_are_sum_and_mean_of_none(batch):
    logits, labels = batch
    losses = cross_entropy(logits, labels, reduction="none")
    assert cross_entropy(logits, labels, reduction="sum") == np.sum(losses)
    assert cross_entropy(logits, labels, reduction="mean") == np.mean(losses)


# ---------------------------------------------------------------- gradients: analytic == numerical


@given(batches(low=-10.0, high=10.0, max_n=4, max_c=5), st.sampled_from(["mean", "sum"]))
def test_cross_entropy_backward_equals_numerical_gradient(batch, reduction):
    logits, labels = batch
    analytic = cross_entropy_backward(logits, labels, reduction=reduction)
    numeric = numerical_gradient(lambda a: cross_entropy(a, labels, reduction=reduction), logits)
    assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


# The whole range of the other tests, [-30, 30]: margins up to 60, losses down to 1e-26. The
# log1p form keeps the loss's digits and gradient_check's floor counts the rounding of a central
# difference, so a right gradient passes everywhere (before issue 13 it scored up to 1.0 here).
@given(batches(max_n=4, max_c=5), st.sampled_from(["mean", "sum"]))
def test_gradient_check_passes_cross_entropy_backward(batch, reduction):
    logits, labels = batch
    analytic = cross_entropy_backward(logits, labels, reduction=reduction)
    f = lambda a: cross_entropy(a, labels, reduction=reduction)  # noqa: E731
    assert gradient_check(f, logits, analytic) < GRADCHECK_THRESHOLD


@given(batches(max_n=4, min_c=2, max_c=5), st.sampled_from(["mean", "sum"]))
def test_gradient_check_flags_a_sign_flip_everywhere(batch, reduction):
    logits, labels = batch
    analytic = cross_entropy_backward(logits, labels, reduction=reduction)
    f = lambda a: cross_entropy(a, labels, reduction=reduction)  # noqa: E731
    assert gradient_check(f, logits, -analytic) > 100 * GRADCHECK_THRESHOLD


def test_gradient_check_near_a_zero_loss_is_no_longer_limited_by_rounding():
    """The example hypothesis found against the old check (it scored 1.6e-4), and margins up to 30."""
    for logits in (np.array([[8.5, -9.0]]), *(np.array([[d, 0.0, -1.0]]) for d in (10.0, 18.0, 25.0, 30.0))):
        labels = np.array([0])
        f = lambda a: cross_entropy(a, labels)  # noqa: E731
        analytic = cross_entropy_backward(logits, labels)
        assert gradient_check(f, logits, analytic) < GRADCHECK_THRESHOLD
        assert_allclose(analytic, numerical_gradient(f, logits), rtol=1e-6, atol=0)  # every digit that counts


@given(batches(low=-10.0, high=10.0, max_n=4, max_c=5), st.data())
def test_soft_target_gradient_equals_numerical_gradient(batch, data):
    logits, _ = batch
    targets = softmax(data.draw(arrays(np.float64, logits.shape, elements=floats(-3.0, 3.0))))
    analytic = cross_entropy_backward(logits, targets)
    numeric = numerical_gradient(lambda a: cross_entropy(a, targets), logits)
    assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


@given(batches(low=-10.0, high=10.0, max_n=4, max_c=5), st.data())
def test_softmax_layer_backward_equals_numerical_gradient(batch, data):
    logits, _ = batch
    w = data.draw(arrays(np.float64, logits.shape, elements=floats(-2.0, 2.0)))  # L = sum(w * y)
    layer = Softmax()
    layer.forward(logits)
    analytic = layer.backward(w)
    numeric = numerical_gradient(lambda a: np.sum(w * softmax(a)), logits)
    assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


@given(batches(low=-10.0, high=10.0, max_n=4, max_c=5), st.data())
def test_softmax_with_loss_none_backward_equals_numerical_gradient(batch, data):
    logits, labels = batch
    dout = data.draw(arrays(np.float64, labels.shape, elements=floats(-2.0, 2.0)))  # (N,)
    layer = SoftmaxWithLoss("none")
    layer.forward(logits, labels)
    analytic = layer.backward(dout)
    numeric = numerical_gradient(lambda a: np.sum(dout * cross_entropy(a, labels, reduction="none")), logits)
    assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


# ---------------------------------------------------------------- Jacobian route == VJP route == y - t


@given(batches(low=-10.0, high=10.0), st.booleans(), st.data())
def test_jacobian_route_equals_vjp_route_equals_y_minus_t(batch, soft, data):
    logits, labels = batch
    if soft:
        targets = softmax(data.draw(arrays(np.float64, logits.shape, elements=floats(-3.0, 3.0))))
    else:
        targets = one_hot(labels, logits.shape[1])
    y = softmax(logits)
    dL_dy = -targets / y  # (N, C): the derivative of -sum t log y with respect to y
    jacobian_route = np.einsum("nij,ni->nj", softmax_jacobian(y), dL_dy)  # J^T dL/dy, row by row
    vjp_route = softmax_backward(y, dL_dy)
    fused = cross_entropy_backward(logits, targets, reduction="sum")
    assert_allclose(jacobian_route, y - targets, rtol=0, atol=1e-12)
    assert_allclose(vjp_route, y - targets, rtol=0, atol=1e-12)
    assert_allclose(fused, y - targets, rtol=0, atol=1e-15)
    assert_allclose(cross_entropy_backward(logits, targets), (y - targets) / len(y), rtol=0, atol=1e-15)


@given(batches(low=-20.0, high=20.0))
def test_jacobian_is_symmetric_with_zero_row_sums(batch):
    logits, _ = batch
    y = softmax(logits)
    J = softmax_jacobian(y)
    assert J.shape == y.shape + y.shape[-1:]
    assert_array_equal(J, np.swapaxes(J, -1, -2))
    assert_allclose(J.sum(axis=-1), 0.0, rtol=0, atol=1e-15)


@given(batches(low=-20.0, high=20.0), st.data())
def test_vjp_is_jacobian_transpose_times_dout(batch, data):
    logits, _ = batch
    dout = data.draw(arrays(np.float64, logits.shape, elements=floats(-5.0, 5.0)))
    y = softmax(logits)
    assert_allclose(softmax_backward(y, dout), np.einsum("nij,ni->nj", softmax_jacobian(y), dout),
                    rtol=0, atol=1e-14)


# ---------------------------------------------------------------- one_hot and binary cross-entropy


@given(arrays(np.int64, st.integers(1, 8), elements=st.integers(0, 6)), st.integers(7, 9))
def test_one_hot_round_trip(labels, num_classes):
    t = one_hot(labels, num_classes)
    assert t.shape == (len(labels), num_classes)
    assert_array_equal(t.argmax(axis=-1), labels)
    assert_array_equal(t.sum(axis=-1), 1.0)


@given(st.data())
def test_bce_probs_and_logits_agree(data):
    z = data.draw(arrays(np.float64, st.integers(1, 8), elements=floats(-15.0, 15.0)))
    t = data.draw(arrays(np.float64, z.shape, elements=floats(0.0, 1.0)))
    p = 1.0 / (1.0 + np.exp(-z))  # within [1e-7, 1 - 1e-7]: no clipping
    from_logits = binary_cross_entropy(z, t, from_logits=True, reduction="none")
    from_probs = binary_cross_entropy(p, t, reduction="none")
    assert (from_logits >= 0).all()
    assert_allclose(from_logits, from_probs, rtol=1e-8, atol=1e-12)


@given(st.data())
def test_bce_from_logits_is_finite_for_huge_logits(data):
    z = data.draw(arrays(np.float32, st.integers(1, 8), elements=floats(-1e4, 1e4, width=32)))
    t = data.draw(arrays(np.float32, z.shape, elements=st.sampled_from([0.0, 1.0])))
    losses = binary_cross_entropy(z, t, from_logits=True, reduction="none")
    assert losses.dtype == np.float32
    assert np.isfinite(losses).all() and (losses >= 0).all()


# ---------------------------------------------------------------- no floating-point warning or error, any dtype

import warnings  # noqa: E402

from softmaxlab import entropy, kl_div, logsumexp as _lse  # noqa: E402,F811

_DTYPES = [np.float16, np.float32, np.float64, np.int64]


def _hostile_values(dtype):
    """Values at the edges of `dtype`: its largest, its smallest normal and subnormal, +-inf, nan, and
    the ones issue 26 reported (float16 65504 and 60000, a gap of 20)."""
    if dtype == np.int64:
        return [0, 1, -1, 20, -20, 10 ** 18, -10 ** 18, np.iinfo(np.int64).max, np.iinfo(np.int64).min]
    info = np.finfo(dtype)
    edges = [0.0, 1.0, -1.0, 20.0, -20.0, 60000.0, -60000.0, float(info.max), -float(info.max), float(info.tiny),
             float(info.smallest_subnormal), np.inf, -np.inf, np.nan]
    return [dtype(v) for v in edges if abs(v) <= info.max or not np.isfinite(v)]


@st.composite
def hostile_batches(draw):
    """A (N, C) batch in float16, float32, float64 or int64, each entry an edge value of its dtype or any finite one."""
    dtype = draw(st.sampled_from(_DTYPES))
    N, C = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    if dtype == np.int64:
        element = st.one_of(st.sampled_from(_hostile_values(dtype)), st.integers(-10 ** 6, 10 ** 6))
    else:
        element = st.one_of(st.sampled_from(_hostile_values(dtype)),
                            st.floats(width=np.finfo(dtype).bits, allow_nan=False, allow_infinity=False))
    logits = draw(arrays(dtype, (N, C), elements=element))
    labels = draw(arrays(np.int64, (N,), elements=st.integers(0, C - 1)))
    return logits, labels


def _call_everything(logits, labels):
    """Every public function of activations.py and the loss modules, and the layers, on one batch."""
    N, C = logits.shape
    targets = one_hot(labels, C)
    softmax(logits), log_softmax(logits), _lse(logits), softmax(logits, axis=0)
    probs = softmax(logits)
    softmax_jacobian(probs)
    softmax_backward(probs, logits.astype(probs.dtype) if logits.dtype.kind == "f" else probs)
    for kwargs in ({}, {"weight": np.arange(C, dtype=float)}, {"label_smoothing": 0.3},
                   {"weight": np.ones(C), "ignore_index": int(labels[0]), "label_smoothing": 0.1}):
        for reduction in ("mean", "sum", "none"):
            cross_entropy(logits, labels, reduction=reduction, **kwargs)
            cross_entropy_backward(logits, labels, reduction=reduction, **kwargs)
    cross_entropy(logits, targets.astype(probs.dtype)), cross_entropy_backward(logits, targets)
    cross_entropy(logits, targets, label_smoothing=0.2, weight=np.ones(C))
    cross_entropy(logits, labels, from_logits=False)
    binary_cross_entropy(logits, targets[:, :1].repeat(C, axis=1), from_logits=True)
    clean = np.where(np.isnan(probs), 0.5, probs).astype(probs.dtype)  # probabilities for the probability forms
    binary_cross_entropy(clean, targets, reduction="none")
    entropy(clean)
    for reduction in ("mean", "batchmean", "sum", "none"):
        kl_div(log_softmax(logits), clean, reduction=reduction)
        kl_div(log_softmax(logits), log_softmax(logits[::-1]), reduction=reduction, log_target=True)
    layer = SoftmaxWithLoss()
    layer.forward(logits, labels), layer.backward(), layer.backward(dout=3.0)
    soft = Softmax()
    soft.forward(logits), soft.backward(np.ones((N, C), dtype=probs.dtype))


@given(hostile_batches())
def test_no_floating_point_warning_or_error_under_seterr_raise(batch):
    """Issue 26: float16 casts back from float32 raised (softmax([0, -20]) underflows, cross_entropy
    [[60000, -60000]] overflows); every function, every dtype, under np.seterr(all='raise')."""
    logits, labels = batch
    old = np.seterr(all="raise")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _call_everything(logits, labels)
    finally:
        np.seterr(**old)


def test_the_float16_cases_of_issue_26_give_ieee_rounding_silently():
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        lsm = log_softmax(np.float16([-65504, 65504]))  # -131008 rounds to -inf in float16
        y = softmax(np.float16([0, -20]))  # e^-20 = 2.1e-9 is below float16's smallest subnormal, 6e-8
        loss = cross_entropy(np.float16([[60000, -60000]]), [1])  # 120000 > 65504
    assert lsm.dtype == y.dtype == loss.dtype == np.float16
    assert_array_equal(lsm, [-np.inf, 0.0])
    assert_array_equal(y, [1.0, 0.0])
    assert loss == np.inf


def test_kl_div_of_a_float32_batch_reduces_silently_under_seterr_raise():
    # Found by the property test above: a float32 mean of tiny terms underflowed in NumPy's cast (FloatingPointError).
    logits = np.array([[0, 86], [86, 86], [86, 86]], dtype=np.float32)
    probs = softmax(logits)
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        for reduction in ("mean", "batchmean", "sum", "none"):
            kl_div(log_softmax(logits), probs, reduction=reduction)
