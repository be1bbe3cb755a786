"""cross_entropy on PyTorch's (N, C, d1, ..., dK) form (issue 26): a class at every position, as in
segmentation (d1, d2 = height, width) or a sequence (d1 = tokens). Class axis 1, targets (N, d1, ...).

PyTorch 2.13 is the reference (float64, 1e-12), for every option and reduction; the torch-free tests check
the same thing against the (M, C) batch of positions the course already tests.
"""
import itertools

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from softmaxlab import GRADCHECK_THRESHOLD, SoftmaxWithLoss, cross_entropy, cross_entropy_backward, gradient_check

SHAPES = [(2, 3, 4), (2, 3, 4, 5), (1, 4, 1, 2, 3)]  # (N, C, d1, ...): a sequence, an image, 3 spatial axes
OPTIONS = [{}, {"weight": True}, {"label_smoothing": 0.2}, {"weight": True, "label_smoothing": 0.2},
           {"ignore_index": 1}, {"weight": True, "ignore_index": 1, "label_smoothing": 0.1}]


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def case(shape, seed=0, soft=False):
    rng = np.random.default_rng(seed)
    N, C, *dims = shape
    logits = 3 * rng.normal(size=shape)  # (N, C, d1, ...)
    if soft:
        targets = np.moveaxis(rng.dirichlet(np.ones(C), size=(N, *dims)), -1, 1)  # (N, C, d1, ...)
    else:
        targets = rng.integers(0, C, size=(N, *dims))  # (N, d1, ...)
        targets.flat[0] = -100  # one ignored position
    return logits, targets, rng.uniform(0.1, 3.0, size=C)


def options(kw, weight, targets):
    """kw with the weights filled in; with an ignore_index, the case's ignored position (-100) gets it."""
    if "ignore_index" in kw and targets.dtype.kind == "i":
        targets[targets == -100] = kw["ignore_index"]
    return {k: (weight if k == "weight" else v) for k, v in kw.items()}


def close(got, want, tol=1e-12):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert_array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    assert np.all(np.abs(got[ok] - want[ok]) <= tol * np.maximum(1, np.abs(want[ok])))


CASES = [(shape, kw, reduction, soft)
         for shape, kw, reduction, soft in itertools.product(SHAPES, OPTIONS, ["mean", "sum", "none"], [False, True])
         if not (soft and "ignore_index" in kw)]  # probability targets have no index to ignore


@pytest.mark.parametrize("shape, kw, reduction, soft", CASES)
def test_matches_torch(torch, shape, kw, reduction, soft):
    logits, targets, weight = case(shape, soft=soft)
    kw = options(kw, weight, targets)
    a = torch.tensor(logits, requires_grad=True)
    tkw = {k: (torch.tensor(v) if k == "weight" else v) for k, v in kw.items()}
    want = torch.nn.functional.cross_entropy(a, torch.tensor(targets), reduction=reduction, **tkw)
    want.sum().backward()
    close(cross_entropy(logits, targets, reduction=reduction, **kw), want.detach().numpy())
    close(cross_entropy_backward(logits, targets, reduction=reduction, **kw), a.grad.numpy())


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kw", OPTIONS)
def test_is_the_batch_of_positions(shape, kw):
    """Without torch: the same numbers as the (M, C) batch with one row per position."""
    logits, targets, weight = case(shape, seed=1)
    kw = options(kw, weight, targets)
    N, C, *dims = shape
    rows, labels = np.moveaxis(logits, 1, -1).reshape(-1, C), targets.reshape(-1)  # (M, C), (M,)
    for reduction in ("mean", "sum"):
        assert cross_entropy(logits, targets, reduction=reduction, **kw) == cross_entropy(
            rows, labels, reduction=reduction, **kw)
    losses = cross_entropy(logits, targets, reduction="none", **kw)
    assert losses.shape == (N, *dims)
    assert_array_equal(losses.reshape(-1), cross_entropy(rows, labels, reduction="none", **kw))
    dlogits = cross_entropy_backward(logits, targets, **kw)
    assert dlogits.shape == logits.shape and dlogits.flags.c_contiguous
    assert_array_equal(np.moveaxis(dlogits, 1, -1).reshape(-1, C), cross_entropy_backward(rows, labels, **kw))
    assert losses.reshape(-1)[0] == 0 and (np.moveaxis(dlogits, 1, -1).reshape(-1, C)[0] == 0).all()  # ignored


def test_gradient_check_on_a_sequence():
    logits, targets, weight = case((2, 3, 4), seed=2)
    for kw in ({}, {"weight": weight, "label_smoothing": 0.3}):
        score = gradient_check(lambda v: cross_entropy(v, targets, **kw), logits,
                               cross_entropy_backward(logits, targets, **kw))
        assert score < GRADCHECK_THRESHOLD


def test_the_class_axis_is_axis_1_a_loop_over_positions():
    """An independent reference: one log-softmax over axis 1 at each (n, j) position, by a loop."""
    logits, targets, _ = case((2, 3, 4), seed=3)
    targets[targets < 0] = 0
    want = np.empty((2, 4))
    for n, j in np.ndindex(2, 4):
        column = logits[n, :, j]  # (C,): the logits of position j of sample n
        want[n, j] = np.log(np.sum(np.exp(column))) - column[targets[n, j]]
    close(cross_entropy(logits, targets, reduction="none"), want)
    assert np.abs(cross_entropy(logits, targets) - want.mean()) < 1e-14
    assert np.abs(cross_entropy(np.moveaxis(logits, 1, -1).reshape(8, 3), targets.reshape(-1)) - want.mean()) < 1e-14


def test_float32_and_float16_keep_their_dtype():
    logits, targets, _ = case((2, 3, 4), seed=4)
    for dtype in (np.float32, np.float16):
        x = logits.astype(dtype)
        assert cross_entropy(x, targets).dtype == dtype
        assert cross_entropy(x, targets, reduction="none").dtype == dtype
        assert cross_entropy_backward(x, targets).dtype == dtype


@pytest.mark.parametrize("targets, error, message", [
    (np.zeros((2, 3), int), ValueError, r"must have shape \(N, d1, \.\.\.\) = \(2, 4\), got \(2, 3\)"),
    (np.zeros((8,), int), ValueError, r"= \(2, 4\), got \(8,\)"),
    (np.zeros((2, 3, 4), int), TypeError, "look like one-hot rows"),
    (np.zeros((2, 4)), TypeError, "class indices and must be integers"),
    (np.zeros((2, 4, 3)), ValueError, r"same shape as logits \(2, 3, 4\) \(class axis 1\)"),
    (np.zeros((2, 4), bool), TypeError, "integer class indices or float probabilities"),
    (np.full((2, 4), 3), ValueError, "out of range"),
    (np.ma.masked_array(np.zeros((2, 4), int)), TypeError, "masked"),
])
def test_bad_targets_are_named(targets, error, message):
    logits = np.zeros((2, 3, 4))
    for function in (cross_entropy, cross_entropy_backward):
        with pytest.raises(error, match=message):
            function(logits, targets)


def test_empty_axes_and_bad_logits_are_named():
    with pytest.raises(ValueError, match="hold no position"):
        cross_entropy(np.zeros((2, 3, 0)), np.zeros((2, 0), int))
    with pytest.raises(TypeError, match="logits must be a real numeric array"):
        cross_entropy(np.zeros((2, 3, 4), complex), np.zeros((2, 4), int))


def test_softmax_with_loss_still_takes_2_dimensions_only():
    with pytest.raises(ValueError, match=r"shape \(N, C\) or \(C,\)"):
        SoftmaxWithLoss().forward(np.zeros((2, 3, 4)), np.zeros((2, 4), int))
