"""Cross-checks against independent implementations: scipy.special always, PyTorch where installed.

PyTorch is optional (`make torch` installs it; it is not in requirements.txt). The PyTorch tests
skip only when the torch module is absent; a torch that is installed but broken fails them.
"""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import special

from softmaxlab import (
    Softmax,
    SoftmaxWithLoss,
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_backward,
    log_softmax,
    logsumexp,
    one_hot,
    softmax,
)

inf, nan = np.inf, np.nan
SHAPES_AXES = [((7,), 0), ((7,), -1), ((4, 10), 0), ((4, 10), 1), ((4, 10), -1),
               ((3, 5, 6), 0), ((3, 5, 6), 1), ((3, 5, 6), -1), ((3, 5, 6), -2)]


def _data(shape, scale, dtype=np.float64, seed=0):
    return (np.random.default_rng(seed).normal(scale=scale, size=shape)).astype(dtype)


# ---------------------------------------------------------------- scipy.special


@pytest.mark.parametrize("shape, axis", SHAPES_AXES)
@pytest.mark.parametrize("scale", [1.0, 30.0, 1e3])
def test_matches_scipy_float64(shape, axis, scale):
    x = _data(shape, scale)
    assert_allclose(softmax(x, axis=axis), special.softmax(x, axis=axis), rtol=1e-13, atol=1e-300)
    assert_allclose(log_softmax(x, axis=axis), special.log_softmax(x, axis=axis), rtol=1e-14, atol=1e-13)
    assert_allclose(logsumexp(x, axis=axis), special.logsumexp(x, axis=axis), rtol=1e-15, atol=1e-13)
    assert_allclose(logsumexp(x, axis=axis, keepdims=True), special.logsumexp(x, axis=axis, keepdims=True),
                    rtol=1e-15, atol=1e-13)


@pytest.mark.parametrize("shape, axis", SHAPES_AXES)
def test_matches_scipy_float32(shape, axis):
    x = _data(shape, 10.0, np.float32)
    for ours, theirs in [(softmax, special.softmax), (log_softmax, special.log_softmax)]:
        got = ours(x, axis=axis)
        assert got.dtype == np.float32
        assert_allclose(got, theirs(x, axis=axis), rtol=1e-5, atol=1e-6)
    assert_allclose(logsumexp(x, axis=axis), special.logsumexp(x, axis=axis), rtol=1e-6, atol=1e-5)


def test_matches_scipy_integers():
    x = np.array([[1, 5, -3], [0, 0, 700]])
    assert_allclose(softmax(x), special.softmax(x, axis=-1), rtol=1e-15)
    # scipy's log_softmax takes log(1 + s) after rounding 1 + s: 0 where the exact value is -2e-304 (atol),
    # and -0.018479302594657417 for row 0's middle entry, 19 ulp from the exact -0.01847930259465748228 (ours)
    assert_allclose(log_softmax(x), special.log_softmax(x, axis=-1), rtol=1e-14, atol=1e-300)
    assert_allclose(logsumexp(x), special.logsumexp(x, axis=-1), rtol=1e-15)


@pytest.mark.parametrize("big", [1e4, 1e300])
def test_matches_scipy_for_huge_logits(big):
    x = np.array([[big, -big, 0.0], [big, big, big / 2], [-big, -big, -big]])
    assert_array_equal(softmax(x), special.softmax(x, axis=-1))
    # scipy's log_softmax takes log(1 + s) after rounding 1 + s: 0 where the exact value is -2e-304 (atol),
    # and -0.018479302594657417 for row 0's middle entry, 19 ulp from the exact -0.01847930259465748228 (ours)
    assert_allclose(log_softmax(x), special.log_softmax(x, axis=-1), rtol=1e-14, atol=1e-300)
    assert_allclose(logsumexp(x), special.logsumexp(x, axis=-1), rtol=1e-15)


def test_cross_entropy_matches_scipy_xlogy_form():
    logits = _data((6, 5), 3.0, seed=1)
    targets = special.softmax(_data((6, 5), 1.0, seed=2), axis=-1)
    targets[0] = [0.0, 0.0, 1.0, 0.0, 0.0]
    expected = -np.sum(special.xlogy(targets, special.softmax(logits, axis=-1)), axis=-1)
    assert_allclose(cross_entropy(logits, targets, reduction="none"), expected, rtol=1e-13)


# ---------------------------------------------------------------- PyTorch


@pytest.fixture(scope="module")
def torch():
    """torch if installed; the test is skipped only when the module does not exist."""
    return pytest.importorskip("torch", exc_type=ModuleNotFoundError)


def _t(torch, a, **kwargs):
    return torch.tensor(np.asarray(a), **kwargs)


@pytest.mark.parametrize("shape, axis", SHAPES_AXES)
def test_softmax_log_softmax_match_torch(torch, shape, axis):
    x = _data(shape, 20.0)
    assert_allclose(softmax(x, axis=axis), torch.softmax(_t(torch, x), dim=axis).numpy(), rtol=1e-13, atol=1e-300)
    assert_allclose(log_softmax(x, axis=axis), torch.log_softmax(_t(torch, x), dim=axis).numpy(),
                    rtol=1e-14, atol=1e-13)
    assert_allclose(logsumexp(x, axis=axis), torch.logsumexp(_t(torch, x), dim=axis).numpy(), rtol=1e-15)


def test_nonfinite_softmax_and_logsumexp_match_torch(torch):
    # log_softmax follows scipy instead: on a row with +inf, torch gives all nan, scipy -inf beside the nan
    rows = np.array([[1.0, -inf, 2.0], [-inf, -inf, -inf], [1.0, inf, 2.0], [inf, -inf, 0.0],
                     [nan, 1.0, 2.0], [1.0, 2.0, 3.0]])
    expected = torch.softmax(_t(torch, rows), dim=-1).numpy()
    got = softmax(rows)
    assert_array_equal(np.isnan(got), np.isnan(expected))
    assert_allclose(got, expected, rtol=1e-15)  # nan positions equal, the rest equal
    assert_allclose(logsumexp(rows), torch.logsumexp(_t(torch, rows), dim=-1).numpy(), rtol=1e-15)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("form", ["index", "probs", "one-hot"])
@pytest.mark.parametrize("scale", [1.0, 50.0])
def test_cross_entropy_and_gradient_match_torch(torch, reduction, form, scale):
    N, C = 8, 5
    logits = _data((N, C), scale, seed=3)
    labels = np.random.default_rng(4).integers(0, C, size=N)
    if form == "index":
        targets, t_torch = labels, _t(torch, labels, dtype=torch.long)
    else:
        targets = one_hot(labels, C) if form == "one-hot" else special.softmax(_data((N, C), 2.0, seed=5), axis=-1)
        t_torch = _t(torch, targets)
    a = _t(torch, logits, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(a, t_torch, reduction=reduction)
    # atol: where the loss is 2e-77, PyTorch rounds 1 + 2e-77 to 1 and gives -0.0 (test_edges checks it against mpmath)
    assert_allclose(cross_entropy(logits, targets, reduction=reduction), loss.detach().numpy(), rtol=1e-13, atol=1e-60)

    dout = np.linspace(-1.0, 2.0, N) if reduction == "none" else 1.0
    loss.backward(_t(torch, dout) if reduction == "none" else None)
    torch_grad = a.grad.numpy()
    layer = SoftmaxWithLoss(reduction)
    layer.forward(logits, targets)
    assert_allclose(layer.backward(dout), torch_grad, rtol=1e-12, atol=1e-15)
    if reduction == "none":  # row n is the gradient of the n-th loss, scaled by dout[n]
        assert_allclose(cross_entropy_backward(logits, targets, reduction="none") * dout[:, None], torch_grad,
                        rtol=1e-12, atol=1e-15)
    else:
        assert_allclose(cross_entropy_backward(logits, targets, reduction=reduction), torch_grad,
                        rtol=1e-12, atol=1e-15)


def test_cross_entropy_one_sample_matches_torch(torch):
    logits = _data((5,), 3.0, seed=6)
    a = _t(torch, logits, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(a, torch.tensor(2))
    loss.backward()
    assert cross_entropy(logits, 2) == pytest.approx(loss.item(), rel=1e-14)
    assert_allclose(cross_entropy_backward(logits, 2), a.grad.numpy(), rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("big", [1e4, 1e300])
def test_cross_entropy_huge_logits_match_torch(torch, big):
    logits = np.array([[big, -big, 0.0], [-big, big, big], [0.0, 0.0, -big]])
    labels = np.array([1, 0, 2])
    a = _t(torch, logits, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(a, _t(torch, labels), reduction="sum")
    loss.backward()
    assert cross_entropy(logits, labels, reduction="sum") == pytest.approx(loss.item(), rel=1e-15)
    assert_allclose(cross_entropy_backward(logits, labels, reduction="sum"), a.grad.numpy(), rtol=1e-15, atol=1e-300)


def test_softmax_layer_backward_matches_torch_autograd(torch):
    logits = _data((6, 4), 3.0, seed=7)
    dout = _data((6, 4), 1.0, seed=8)
    a = _t(torch, logits, requires_grad=True)
    torch.softmax(a, dim=-1).backward(_t(torch, dout))
    layer = Softmax()
    layer.forward(logits)
    assert_allclose(layer.backward(dout), a.grad.numpy(), rtol=1e-12, atol=1e-16)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_from_probs_matches_torch(torch, reduction):
    rng = np.random.default_rng(9)
    p = rng.uniform(0.01, 0.99, size=(4, 5))  # away from 0 and 1: Keras clips at eps, torch clamps log at -100
    t = rng.uniform(0.0, 1.0, size=(4, 5))
    expected = torch.nn.functional.binary_cross_entropy(_t(torch, p), _t(torch, t), reduction=reduction)
    assert_allclose(binary_cross_entropy(p, t, reduction=reduction), expected.numpy(), rtol=1e-13)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("scale", [3.0, 1e4])
def test_bce_from_logits_matches_torch(torch, reduction, scale):
    rng = np.random.default_rng(10)
    z = rng.normal(scale=scale, size=(4, 5))
    t = rng.integers(0, 2, size=(4, 5)).astype(np.float64)
    t[0] = rng.uniform(0.0, 1.0, size=5)  # soft targets too
    expected = torch.nn.functional.binary_cross_entropy_with_logits(_t(torch, z), _t(torch, t), reduction=reduction)
    assert_allclose(binary_cross_entropy(z, t, from_logits=True, reduction=reduction), expected.numpy(),
                    rtol=1e-13, atol=1e-15)


def test_bce_from_logits_float32_matches_torch(torch):
    z = np.array([1e4, -1e4, 3.0, -0.5, 0.0], dtype=np.float32)
    t = np.array([0.0, 1.0, 1.0, 0.0, 1.0], dtype=np.float32)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(_t(torch, z), _t(torch, t), reduction="none")
    got = binary_cross_entropy(z, t, from_logits=True, reduction="none")
    assert got.dtype == np.float32
    assert_allclose(got, expected.numpy(), rtol=1e-6)


def test_bce_from_probs_agrees_with_torch_only_inside_eps(torch):
    """Issue 26: the docstring says which convention it follows. Inside [eps, 1 - eps] it is torch's
    BCELoss to 1 ulp; outside, torch clamps log at -100 where this clips p (Keras 3): the numbers quoted."""
    rng = np.random.default_rng(11)
    eps = 1e-7
    p = np.concatenate([rng.uniform(eps, 1 - eps, 500), [eps, 1 - eps]])
    t = np.concatenate([rng.uniform(0.0, 1.0, 250), rng.integers(0, 2, 252).astype(float)])
    expected = torch.nn.functional.binary_cross_entropy(_t(torch, p), _t(torch, t), reduction="none").numpy()
    assert_allclose(binary_cross_entropy(p, t, reduction="none", eps=eps), expected, rtol=4.5e-16, atol=0)
    edge = np.array([0.0, 1e-8, 1.0])
    ones = np.ones(3)
    ours = binary_cross_entropy(edge, ones, reduction="none")
    theirs = torch.nn.functional.binary_cross_entropy(_t(torch, edge), _t(torch, ones), reduction="none").numpy()
    assert ours[0] == pytest.approx(-np.log(1e-7), rel=1e-15) and round(float(ours[0]), 3) == 16.118
    assert theirs[0] == 100.0
    assert round(float(theirs[1]), 3) == 18.421 and round(float(ours[1]), 3) == 16.118
    assert theirs[2] == 0.0 and ours[2] == pytest.approx(1e-7, rel=1e-6)  # -log(1 - eps)
    doc = binary_cross_entropy.__doc__
    assert "16.118" in doc and "18.421" in doc and "-100" in doc and "Keras 3" in doc


def test_bce_from_logits_agrees_with_torch_to_1e_14_and_keeps_tiny_losses(torch):
    rng = np.random.default_rng(12)
    z = np.concatenate([rng.uniform(-40, 40, 2000), 3 * rng.normal(size=2000)])
    t = rng.uniform(0.0, 1.0, z.size)
    t[::3] = np.round(t[::3])
    expected = torch.nn.functional.binary_cross_entropy_with_logits(_t(torch, z), _t(torch, t), reduction="none")
    got = binary_cross_entropy(z, t, from_logits=True, reduction="none")
    assert np.max(np.abs(got - expected.numpy())) < 1e-14
    tiny = binary_cross_entropy(np.array([-50.0]), np.array([0.0]), from_logits=True)
    assert float(tiny) == pytest.approx(np.log1p(np.exp(-50.0)), rel=1e-15) and round(float(tiny), 24) == 1.93e-22
    assert torch.nn.functional.binary_cross_entropy_with_logits(_t(torch, [-50.0]), _t(torch, [0.0])).item() == 0.0
    at_inf = torch.nn.functional.binary_cross_entropy_with_logits(_t(torch, [np.inf, -np.inf]), _t(torch, [1.0, 0.0]))
    assert np.isnan(at_inf.item())  # where this function gives the limit, 0
    assert binary_cross_entropy([np.inf, -np.inf], [1.0, 0.0], from_logits=True) == 0.0
