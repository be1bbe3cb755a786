"""Tests for the Softmax and SoftmaxWithLoss layers, numerical_gradient and gradient_check."""
import tracemalloc

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import softmaxlab
import softmaxlab.activations
import softmaxlab.layers
import softmaxlab.losses
from softmaxlab import (
    Softmax,
    GRADCHECK_THRESHOLD,
    SoftmaxWithLoss,
    cross_entropy,
    cross_entropy_backward,
    gradient_check,
    numerical_gradient,
    one_hot,
    softmax,
    softmax_backward,
)

RNG = np.random.default_rng(0)
LOGITS = RNG.normal(size=(5, 4))  # (N, C)
LABELS = np.array([0, 3, 1, 1, 2])
TARGETS = one_hot(LABELS, 4)


# ---------------------------------------------------------------- Softmax layer


def test_softmax_layer_forward_backward():
    layer = Softmax()
    probs = layer.forward(LOGITS)
    assert_allclose(probs, softmax(LOGITS), rtol=1e-15)
    dout = RNG.normal(size=LOGITS.shape)
    assert_allclose(layer.backward(dout), softmax_backward(softmax(LOGITS), dout), rtol=1e-14, atol=1e-16)


def test_softmax_layer_backward_uses_dout():
    layer = Softmax()
    layer.forward(LOGITS)
    dout = RNG.normal(size=LOGITS.shape)
    g1 = layer.backward(dout)
    assert_allclose(layer.backward(3.0 * dout), 3.0 * g1, rtol=1e-14)  # linear in dout
    assert not np.allclose(layer.backward(dout[::-1]), g1)  # a different dout, a different gradient
    assert_allclose(layer.backward(np.ones_like(dout)), 0.0, atol=1e-16)  # constant upstream: zero


def test_softmax_layer_backward_matches_numerical_gradient():
    w = RNG.normal(size=LOGITS.shape)  # L = sum(w * softmax(x)), so dL/dprobs = w
    layer = Softmax()
    layer.forward(LOGITS)
    assert gradient_check(lambda x: np.sum(w * softmax(x)), LOGITS, layer.backward(w)) < 1e-7


def test_softmax_layer_does_not_mutate():
    logits, dout = LOGITS.copy(), RNG.normal(size=LOGITS.shape)
    d0 = dout.copy()
    layer = Softmax()
    probs = layer.forward(logits)
    p0 = probs.copy()
    layer.backward(dout)
    layer.backward(dout)
    assert_array_equal(logits, LOGITS)
    assert_array_equal(dout, d0)
    assert_array_equal(layer.probs, p0)


def test_softmax_layer_one_sample_and_dtype():
    layer = Softmax()
    y = layer.forward(np.array([1.0, 2.0, 3.0], dtype=np.float32))
    assert y.shape == (3,) and y.dtype == np.float32
    assert layer.backward(np.array([1.0, 0.0, 0.0], dtype=np.float32)).shape == (3,)


def test_softmax_layer_bad_dout():
    layer = Softmax()
    layer.forward(LOGITS)
    with pytest.raises(ValueError, match=r"dout has shape \(4,\) but forward\(\) returned probabilities of shape "
                                         r"\(5, 4\)"):
        layer.backward(np.ones(4))


# ---------------------------------------------------------------- SoftmaxWithLoss layer


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("targets", [LABELS, TARGETS], ids=["index", "one-hot"])
def test_softmax_with_loss_matches_functions(reduction, targets):
    layer = SoftmaxWithLoss(reduction)
    assert_allclose(layer.forward(LOGITS, targets), cross_entropy(LOGITS, targets, reduction=reduction), rtol=1e-15)
    dout = np.ones(len(LOGITS)) if reduction == "none" else 1.0
    assert_allclose(layer.backward(dout), cross_entropy_backward(LOGITS, targets, reduction=reduction), rtol=1e-15)


def test_softmax_with_loss_default_is_mean_and_dout_one():
    layer = SoftmaxWithLoss()
    loss = layer.forward(LOGITS, LABELS)
    assert loss == pytest.approx(cross_entropy(LOGITS, LABELS), rel=1e-15)
    assert_allclose(layer.backward(), (softmax(LOGITS) - TARGETS) / len(LOGITS), rtol=1e-14, atol=1e-17)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_softmax_with_loss_backward_uses_scalar_dout(reduction):
    layer = SoftmaxWithLoss(reduction)
    layer.forward(LOGITS, LABELS)
    g1 = layer.backward(1.0)
    assert_allclose(layer.backward(2.5), 2.5 * g1, rtol=1e-15)  # not ignored
    # a float32 dout must not round a float64 gradient: scale in the gradient's dtype, not in dout's
    assert_allclose(layer.backward(np.float32(-1.0)), -g1, rtol=1e-15)
    assert_allclose(layer.backward(np.float32(0.1)), np.float64(np.float32(0.1)) * g1, rtol=1e-15)
    assert_allclose(layer.backward(np.array(0.0)), 0.0)
    # dL_total/dlogits when the loss is scaled by 2.5 downstream, checked numerically
    f = lambda a: 2.5 * cross_entropy(a, LABELS, reduction=reduction)  # noqa: E731
    assert gradient_check(f, LOGITS, layer.backward(2.5)) < 1e-7


@pytest.mark.parametrize("targets", [LABELS, TARGETS], ids=["index", "one-hot"])
def test_softmax_with_loss_none_takes_per_sample_dout(targets):
    layer = SoftmaxWithLoss("none")
    losses = layer.forward(LOGITS, targets)
    assert losses.shape == (5,)
    dout = np.array([1.0, -2.0, 0.0, 0.5, 3.0])  # (N,)
    grad = layer.backward(dout)
    assert_allclose(grad, dout[:, None] * (softmax(LOGITS) - TARGETS), rtol=1e-14, atol=1e-16)
    f = lambda a: np.sum(dout * cross_entropy(a, targets, reduction="none"))  # noqa: E731
    assert gradient_check(f, LOGITS, grad) < 1e-7


def test_softmax_with_loss_does_not_mutate():
    logits, labels, targets, dout = LOGITS.copy(), LABELS.copy(), TARGETS.copy(), np.arange(5.0)
    for t in (labels, targets):
        layer = SoftmaxWithLoss("none")
        layer.forward(logits, t)
        probs = layer.probs.copy()
        first = layer.backward(dout)
        second = layer.backward(dout)  # backward is pure: calling it twice gives the same
        assert_array_equal(first, second)
        assert_array_equal(layer.probs, probs)
    assert_array_equal(logits, LOGITS)
    assert_array_equal(labels, LABELS)
    assert_array_equal(targets, TARGETS)
    assert_array_equal(dout, np.arange(5.0))


def test_softmax_with_loss_one_sample():
    layer = SoftmaxWithLoss("none")
    loss = layer.forward(LOGITS[0], 0)
    assert np.ndim(loss) == 0
    assert_allclose(layer.backward(2.0), 2.0 * (softmax(LOGITS[0]) - TARGETS[0]), rtol=1e-14)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_softmax_with_loss_masked_logits(reduction):
    # a class masked with -inf: probability 0, no nan in loss or gradient, for both target forms
    logits = LOGITS.copy()
    logits[:, 2] = -np.inf
    labels = np.array([0, 3, 1, 1, 0])
    dout = np.ones(5) if reduction == "none" else 1.0
    for targets in (labels, one_hot(labels, 4)):
        layer = SoftmaxWithLoss(reduction)
        loss = layer.forward(logits, targets)  # and no RuntimeWarning
        assert np.isfinite(loss).all()
        assert_allclose(loss, cross_entropy(logits, targets, reduction=reduction), rtol=1e-15)
        grad = layer.backward(dout)
        assert np.isfinite(grad).all() and (grad[:, 2] == 0).all()
        assert_allclose(grad, cross_entropy_backward(logits, targets, reduction=reduction), rtol=1e-15)


def test_softmax_with_loss_bad_input():
    with pytest.raises(ValueError, match="reduction must be 'mean', 'sum' or 'none', got 'avg'"):
        SoftmaxWithLoss("avg")
    layer = SoftmaxWithLoss("none")
    layer.forward(LOGITS, LABELS)
    with pytest.raises(ValueError, match=r"reduction='none', dout must have shape \(N,\) = \(5,\), got \(\)"):
        layer.backward(1.0)
    with pytest.raises(ValueError, match=r"dout must have shape \(N,\) = \(5,\), got \(5, 1\)"):
        layer.backward(np.ones((5, 1)))
    layer = SoftmaxWithLoss("mean")
    layer.forward(LOGITS, LABELS)
    with pytest.raises(ValueError, match=r"dout must be a scalar for reduction='mean', got shape \(5,\)"):
        layer.backward(np.ones(5))
    with pytest.raises(TypeError, match="dout must be a real numeric array"):
        layer.backward("one")
    with pytest.raises(ValueError, match=r"target label 4 is out of range"):
        layer.forward(LOGITS, [0, 1, 2, 3, 4])


# ---------------------------------------------------------------- no (N, C, C) in any default backward


def _all_default_backwards(logits, labels, targets):
    """Every backward path the package offers by default, run once."""
    dout = np.ones_like(logits)
    layer = Softmax()
    layer.forward(logits)
    layer.backward(dout)
    softmax_backward(softmax(logits), dout)
    for t in (labels, targets):
        for reduction in ("mean", "sum", "none"):
            cross_entropy_backward(logits, t, reduction=reduction)
            loss_layer = SoftmaxWithLoss(reduction)
            loss_layer.forward(logits, t)
            loss_layer.backward(np.ones(len(logits)) if reduction == "none" else 1.0)


def test_no_default_backward_calls_softmax_jacobian(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("a default backward pass built the (N, C, C) Jacobian")

    for module in (softmaxlab, softmaxlab.activations, softmaxlab.layers, softmaxlab.losses):
        if hasattr(module, "softmax_jacobian"):
            monkeypatch.setattr(module, "softmax_jacobian", forbidden)
    _all_default_backwards(LOGITS, LABELS, TARGETS)


def test_no_default_backward_allocates_n_c_c():
    N, C = 256, 512  # (N, C) float64 is 1 MiB; (N, C, C) would be 512 MiB
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(N, C))
    labels = rng.integers(0, C, size=N)
    targets = one_hot(labels, C)
    tracemalloc.start()
    try:
        # tracemalloc must see NumPy buffers, or the test below proves nothing
        tracemalloc.reset_peak()
        probe = np.ones((8, N, C))
        _, probe_peak = tracemalloc.get_traced_memory()
        del probe
        assert probe_peak >= 8 * N * C * 8
        tracemalloc.reset_peak()
        _all_default_backwards(logits, labels, targets)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * N * C * 8, f"peak {peak / 2**20:.0f} MiB: something of size (N, C, C) / {C // 16} was built"


# ---------------------------------------------------------------- numerical_gradient


def test_numerical_gradient_values():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert_allclose(numerical_gradient(lambda v: np.sum(v**2), x), 2 * x, atol=1e-9)
    assert_allclose(numerical_gradient(lambda v: np.sum(np.sin(v)), x), np.cos(x), atol=1e-9)
    assert numerical_gradient(lambda v: v**3, np.array(2.0)) == pytest.approx(12.0, rel=1e-9)  # 0-d input


@pytest.mark.parametrize(
    "x",
    [np.array([1.0, 2.0]), np.array([1.0, 2.0], dtype=np.float32), np.array([1, 2]), [1, 2], np.array([[3, -1]])],
    ids=["float64", "float32", "int", "list", "int-2d"],
)
def test_numerical_gradient_never_mutates_and_is_float64(x):
    before = np.array(x, copy=True)
    grad = numerical_gradient(lambda v: np.sum(v**2), x)
    assert grad.dtype == np.float64
    assert grad.shape == np.shape(x)
    assert_allclose(grad, 2 * np.asarray(x, dtype=np.float64), atol=1e-8)
    assert_array_equal(x, before)
    assert np.asarray(x).dtype == before.dtype


def test_numerical_gradient_int_input_is_not_truncated():
    # with an int working copy, x + h would be truncated back to x and the gradient would be 0
    assert_allclose(numerical_gradient(lambda v: np.sum(3 * v), np.array([1, 2, 3])), [3.0, 3.0, 3.0], atol=1e-8)


def test_numerical_gradient_survives_a_function_that_mutates_its_argument():
    def rude(v):
        out = np.sum(v**2)
        v[...] = 1e6  # scribbles on the array it was given
        return out

    x = np.array([1.0, -1.0, 2.0])
    assert_allclose(numerical_gradient(rude, x), 2 * np.array([1.0, -1.0, 2.0]), atol=1e-8)
    assert_array_equal(x, [1.0, -1.0, 2.0])


def test_numerical_gradient_leaves_x_alone_even_during_the_call():
    x = np.array([1.0, -1.0, 2.0])
    seen = []

    def f(v):
        seen.append(x.copy())  # what the caller's x holds while the differences are taken
        return np.sum(v**2)

    numerical_gradient(f, x)
    assert len(seen) == 2 * x.size
    for snapshot in seen:
        assert_array_equal(snapshot, [1.0, -1.0, 2.0])


def test_numerical_gradient_read_only_input():
    x = np.array([0.5, 1.5])
    x.flags.writeable = False
    assert_allclose(numerical_gradient(lambda v: np.sum(v**2), x), [1.0, 3.0], atol=1e-9)


def test_numerical_gradient_accepts_one_element_results():
    assert_allclose(numerical_gradient(lambda v: np.array([np.sum(v)]), np.ones(2)), [1.0, 1.0], atol=1e-9)


def test_numerical_gradient_bad_input():
    with pytest.raises(TypeError, match="f must be a function of x, got ndarray"):
        numerical_gradient(np.ones(2), np.ones(2))
    with pytest.raises(TypeError, match=r"f must return a scalar, got an array of shape \(2,\)"):
        numerical_gradient(lambda v: v * 2, np.ones(2))
    for h in (0.0, -1e-5):
        with pytest.raises(ValueError, match="step h must be positive"):
            numerical_gradient(lambda v: np.sum(v), np.ones(2), h=h)


# ---------------------------------------------------------------- gradient_check


def test_gradient_check_returns_a_small_float_for_the_right_gradient():
    f = lambda a: cross_entropy(a, LABELS)  # noqa: E731
    err = gradient_check(f, LOGITS, cross_entropy_backward(LOGITS, LABELS))
    assert type(err) is float
    assert err < 1e-7


@pytest.mark.parametrize(
    "wrong",
    [
        lambda: softmax(LOGITS) - TARGETS,  # forgot the 1/N of the mean
        lambda: (LOGITS - TARGETS) / len(LOGITS),  # logits instead of probabilities
        lambda: (TARGETS - softmax(LOGITS)) / len(LOGITS),  # sign flipped
        lambda: softmax(LOGITS) / len(LOGITS),  # forgot the - t
        lambda: (softmax(LOGITS, axis=0) - TARGETS) / len(LOGITS),  # softmax over the wrong axis
    ],
    ids=["no-1/N", "logits", "sign", "no-t", "axis-0"],
)
def test_gradient_check_is_large_for_wrong_gradients(wrong):
    err = gradient_check(lambda a: cross_entropy(a, LABELS), LOGITS, wrong())
    assert type(err) is float
    assert err > 1e-2


def test_gradient_check_int_input_and_zero_gradient():
    assert gradient_check(lambda v: np.sum(v**2), np.array([1, 2]), [2, 4]) < 1e-9
    assert gradient_check(lambda v: 7.0, np.array([1.0, 2.0]), np.zeros(2)) == 0.0


def test_gradient_check_shape_mismatch():
    with pytest.raises(ValueError, match=r"analytic_grad has shape \(3,\) but x has shape \(2,\)"):
        gradient_check(lambda v: np.sum(v), np.ones(2), np.ones(3))


def test_gradient_check_does_not_mutate():
    x, g = LOGITS.copy(), cross_entropy_backward(LOGITS, LABELS)
    g0 = g.copy()
    gradient_check(lambda a: cross_entropy(a, LABELS), x, g)
    assert_array_equal(x, LOGITS)
    assert_array_equal(g, g0)


@pytest.mark.parametrize("x", [2.0, np.float64(2.0), np.array(2.0), 2])
def test_gradient_check_on_a_scalar_x(x):
    """Issue 26: a 0-d x crashed ('numpy.float64' object does not support item assignment)."""
    def cube(v):
        assert np.shape(v) == ()  # f gets x's own shape
        return float(v) ** 3

    numeric = numerical_gradient(cube, x)
    assert isinstance(numeric, np.ndarray) and numeric.shape == () and numeric.dtype == np.float64
    assert abs(float(numeric) - 12.0) < 1e-8
    assert gradient_check(cube, x, 12.0) < GRADCHECK_THRESHOLD
    assert gradient_check(cube, x, np.array(11.0)) > 0.01  # a wrong derivative is still caught
    assert np.isnan(gradient_check(cube, x, np.nan))
    with pytest.raises(ValueError, match=r"analytic_grad has shape \(1,\) but x has shape \(\)"):
        gradient_check(cube, x, [12.0])


def test_softmax_with_loss_docstring_says_what_its_targets_take():
    """Issue 26: 'targets as in cross_entropy' promised options the layer does not have. Each claim of
    the corrected docstring: both target forms give cross_entropy's loss; -100 is out of range, not
    ignored; there is no weight / ignore_index / label_smoothing / from_logits; no (N, C, d1) form."""
    doc = SoftmaxWithLoss.__doc__
    for word in ("weight", "ignore_index", "label_smoothing", "from_logits", "-100", "(N, C, d1, ...)"):
        assert word in doc
    layer = SoftmaxWithLoss()
    assert layer.forward(LOGITS, LABELS) == cross_entropy(LOGITS, LABELS)
    assert layer.forward(LOGITS, TARGETS) == cross_entropy(LOGITS, TARGETS)
    with pytest.raises(ValueError, match="target label -100 is out of range"):
        layer.forward(LOGITS, np.array([0, -100, 1, 1, 2]))
    for option in ("weight", "ignore_index", "label_smoothing", "from_logits"):
        with pytest.raises(TypeError, match=option):
            layer.forward(LOGITS, LABELS, **{option: None})
    with pytest.raises(ValueError, match=r"shape \(N, C\) or \(C,\)"):
        layer.forward(np.zeros((2, 3, 4)), np.zeros((2, 4), int))
