"""Issue 17 (package part): cross_entropy's weight / ignore_index / label_smoothing, kl_div, entropy, calibration.

PyTorch is the reference for every option (float64, seeded random cases, 1e-12); the tests that need it
take the `torch` fixture, which skips only where torch is absent (CI installs it, and a skip fails CI).
"""
import itertools
import warnings

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from softmaxlab import (
    cross_entropy,
    cross_entropy_backward,
    entropy,
    expected_calibration_error,
    fit_temperature,
    kl_div,
    log_softmax,
    one_hot,
    reliability_bins,
    softmax,
)
from softmaxlab.losses import _y_minus_t

TOL = 1e-12
N, C = 7, 5


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def close(got, want, tol=TOL):
    """|got - want| <= tol * max(1, |want|) everywhere, nan where (and only where) want is nan."""
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert_array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    assert np.all(np.abs(got[ok] - want[ok]) <= tol * np.maximum(1, np.abs(want[ok]))), np.max(np.abs(got - want))


def case(seed, *, soft=False, ignore=None, n=N, scale=3.0):
    """Logits (n, C), targets (class indices, some set to `ignore`, or Dirichlet probabilities), weights (C,)."""
    rng = np.random.default_rng(seed)
    logits = scale * rng.normal(size=(n, C))
    if soft:
        targets = rng.dirichlet(np.ones(C), size=n)
    else:
        targets = rng.integers(0, C, size=n)
        if ignore is not None:
            targets[rng.random(n) < 0.4] = ignore
            targets[0] = ignore  # at least one ignored row
            targets[1] = (ignore + 1) % C if 0 <= ignore < C else 1  # and at least one kept
    weight = rng.uniform(0.1, 3.0, size=C)
    return logits, targets, weight


def torch_ce(torch, logits, targets, reduction, **kw):
    """PyTorch's loss and its autograd gradient (of the sum of the losses for 'none')."""
    a = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(targets)
    if "weight" in kw and kw["weight"] is not None:
        kw = dict(kw, weight=torch.tensor(kw["weight"], dtype=torch.float64))
    loss = torch.nn.functional.cross_entropy(a, t, reduction=reduction, **kw)
    (loss.sum() if reduction == "none" else loss).backward()
    return loss.detach().numpy(), a.grad.numpy()


# ---------------------------------------------------------------- against PyTorch

OPTIONS = list(itertools.product(
    ["mean", "sum", "none"],
    [False, True],  # weight
    [0.0, 0.1, 0.7, 1.0],  # label_smoothing
    [None, -100, 2],  # nothing ignored / ignore_index -100 / ignore_index 2, a valid class id
))


@pytest.mark.parametrize("reduction, weighted, smoothing, ignore", OPTIONS)
def test_class_index_targets_match_torch(torch, reduction, weighted, smoothing, ignore):
    for seed in range(5):
        logits, targets, weight = case(seed, ignore=ignore)
        kw = {"label_smoothing": smoothing}
        if weighted:
            kw["weight"] = weight
        if ignore is not None:
            kw["ignore_index"] = ignore
        want_loss, want_grad = torch_ce(torch, logits, targets, reduction, **kw)
        close(cross_entropy(logits, targets, reduction=reduction, **kw), want_loss)
        close(cross_entropy_backward(logits, targets, reduction=reduction, **kw), want_grad)


@pytest.mark.parametrize("reduction, weighted, smoothing", [o[:3] for o in OPTIONS if o[3] is None])
def test_probability_targets_match_torch(torch, reduction, weighted, smoothing):
    for seed in range(5):
        logits, targets, weight = case(seed, soft=True)
        kw = {"label_smoothing": smoothing, **({"weight": weight} if weighted else {})}
        want_loss, want_grad = torch_ce(torch, logits, targets, reduction, **kw)
        close(cross_entropy(logits, targets, reduction=reduction, **kw), want_loss)
        close(cross_entropy_backward(logits, targets, reduction=reduction, **kw), want_grad)
        if not weighted:  # a negative ignore_index is accepted with probability targets and changes nothing
            close(cross_entropy(logits, targets, reduction=reduction, ignore_index=-1, **kw), want_loss)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_one_sample_and_large_logits_match_torch(torch, reduction):
    logits, targets, weight = case(11, scale=40.0)  # margins of tens of nats: y - t needs its careful form
    for kw in ({"weight": weight}, {"label_smoothing": 0.2, "weight": weight}, {"ignore_index": int(targets[0])}):
        want_loss, want_grad = torch_ce(torch, logits, targets, reduction, **kw)
        close(cross_entropy(logits, targets, reduction=reduction, **kw), want_loss)
        close(cross_entropy_backward(logits, targets, reduction=reduction, **kw), want_grad)
        want_loss, want_grad = torch_ce(torch, logits[3], targets[3], reduction, **kw)  # one (C,) sample
        close(cross_entropy(logits[3], targets[3], reduction=reduction, **kw), want_loss)
        close(cross_entropy_backward(logits[3], targets[3], reduction=reduction, **kw), want_grad)


@pytest.mark.parametrize("kw", [{}, {"label_smoothing": 0.3}, {"weight": np.arange(1.0, C + 1)},
                                {"weight": np.arange(1.0, C + 1), "label_smoothing": 0.3}])
def test_every_target_ignored_is_nan_with_zero_gradient_as_torch(torch, kw):
    logits, _, _ = case(3)
    targets = np.full(N, -100)
    for reduction in ("mean", "sum", "none"):
        want_loss, want_grad = torch_ce(torch, logits, targets, reduction, **kw)
        got = cross_entropy(logits, targets, reduction=reduction, **kw)
        close(got, want_loss)
        close(cross_entropy_backward(logits, targets, reduction=reduction, **kw), want_grad)
    assert np.isnan(cross_entropy(logits, targets, **kw))  # the course's decision, the same as PyTorch's
    assert_array_equal(cross_entropy_backward(logits, targets, **kw), np.zeros((N, C)))
    assert cross_entropy(logits, targets, reduction="sum", **kw) == 0


def test_kept_weights_summing_to_zero_give_nan_as_torch(torch):
    logits, targets, _ = case(4)
    weight = np.where(np.arange(C) == targets[0], 1.0, 0.0)
    targets[0] = -100  # the only class with a weight is now ignored: the denominator is 0
    for smoothing in (0.0, 0.2):
        want_loss, want_grad = torch_ce(torch, logits, targets, "mean", weight=weight, label_smoothing=smoothing)
        close(cross_entropy(logits, targets, weight=weight, label_smoothing=smoothing), want_loss)
        close(cross_entropy_backward(logits, targets, weight=weight, label_smoothing=smoothing), want_grad)


@pytest.mark.parametrize("smoothing", [0.0, 0.1, 0.5, 1.0])
@pytest.mark.parametrize("ignore_one", [False, True])
def test_kept_targets_of_zero_weight_with_smoothing_give_nan_not_inf_as_torch(torch, smoothing, ignore_one):
    """Issue 26: with label_smoothing > 0 the smoothing share is > 0 while the denominator (the kept
    targets' weights) is 0: x / 0 gave inf and an inf gradient; PyTorch 2.13 gives nan, nan rows."""
    logits, _, _ = case(5)
    targets = np.array([0, 2, 0, 2, 0, 2, 0])  # (N,): only classes 0 and 2, whose weights are 0
    if ignore_one:
        targets[3] = -100
    weight = np.array([0.0, 1.0, 0.0, 2.0, 0.5])  # (C,)
    assert _denominator_is_zero(targets, weight)
    for reduction in ("mean", "sum", "none"):
        want_loss, want_grad = torch_ce(torch, logits, targets, reduction, weight=weight, label_smoothing=smoothing)
        got_loss = cross_entropy(logits, targets, weight=weight, label_smoothing=smoothing, reduction=reduction)
        got_grad = cross_entropy_backward(logits, targets, weight=weight, label_smoothing=smoothing,
                                          reduction=reduction)
        close(got_loss, want_loss)
        close(got_grad, want_grad)
        if reduction == "mean":
            assert np.isnan(got_loss)
            kept = targets != -100
            assert np.isnan(got_grad[kept]).all() and (got_grad[~kept] == 0).all()
        else:  # 'sum' and 'none' divide by nothing: finite, the smoothing share alone when it is > 0
            assert np.isfinite(got_loss).all() and np.isfinite(got_grad).all()


def _denominator_is_zero(targets, weight):
    return np.sum(weight[targets[targets != -100]]) == 0


def test_torch_refuses_what_the_course_refuses(torch):
    logits, targets, weight = case(5)
    soft = one_hot(targets, C)
    with pytest.raises(RuntimeError, match="ignore_index is not supported"):
        torch_ce(torch, logits, soft, "mean", ignore_index=0)
    with pytest.raises(ValueError, match="ignore_index = 0 is for class-index targets"):
        cross_entropy(logits, soft, ignore_index=0)
    with pytest.raises(RuntimeError, match="label_smoothing must be between 0.0 and 1.0"):
        torch_ce(torch, logits, targets, "mean", label_smoothing=1.5)
    with pytest.raises(RuntimeError, match="weight tensor should be defined either for all 5 classes"):
        torch_ce(torch, logits, targets, "mean", weight=weight[:3])


# ---------------------------------------------------------------- the same facts without PyTorch


def test_defaults_keep_the_plain_loss_and_gradient_bit_for_bit():
    logits, targets, _ = case(6)
    plain = -log_softmax(logits)[np.arange(N), targets]  # (N,)
    assert cross_entropy(logits, targets) == plain.mean()
    assert cross_entropy(logits, targets, reduction="sum") == plain.sum()
    assert_array_equal(cross_entropy(logits, targets, reduction="none"), plain)
    assert_array_equal(cross_entropy_backward(logits, targets), _y_minus_t(softmax(logits), targets, True) / N)
    soft = case(6, soft=True)[1]
    # ignore_index that no target equals, and weight=None, label_smoothing=0 given explicitly: the same path
    for kw in ({"ignore_index": 4 + C}, {"weight": None, "label_smoothing": 0.0, "ignore_index": -100}):
        assert cross_entropy(logits, targets, **kw) == cross_entropy(logits, targets)
        assert_array_equal(cross_entropy_backward(logits, targets, **kw), cross_entropy_backward(logits, targets))
    assert cross_entropy(logits, soft, ignore_index=-7) == cross_entropy(logits, soft)


def test_weighted_mean_divides_by_the_weights_of_the_kept_targets():
    logits, targets, weight = case(7, ignore=-100)
    kept = targets != -100
    plain = np.zeros(N)
    plain[kept] = cross_entropy(logits[kept], targets[kept], reduction="none")
    w_t = np.where(kept, weight[np.where(kept, targets, 0)], 0)
    got = cross_entropy(logits, targets, weight=weight)
    assert got == pytest.approx(np.sum(w_t * plain) / np.sum(w_t), rel=1e-14)
    assert got != pytest.approx(np.sum(w_t * plain) / N, rel=1e-3)  # the 'divided by N' mistake differs
    assert cross_entropy(logits, targets) == pytest.approx(plain[kept].mean(), rel=1e-14)  # ignored rows not counted
    assert_array_equal(cross_entropy(logits, targets, weight=weight, reduction="none")[~kept], 0)
    # the gradient: w_t (y - t) / sum(w) on kept rows, exactly 0 on ignored ones
    want = w_t[:, None] * (softmax(logits) - one_hot(np.where(kept, targets, 0), C)) / np.sum(w_t)
    want[~kept] = 0
    close(cross_entropy_backward(logits, targets, weight=weight), want, 1e-14)


def test_probability_targets_with_weights_divide_by_n_not_by_the_weights():
    logits, targets, weight = case(8)
    index_mean = cross_entropy(logits, targets, weight=weight)
    onehot_mean = cross_entropy(logits, one_hot(targets, C), weight=weight)
    assert onehot_mean == pytest.approx(index_mean * np.sum(weight[targets]) / N, rel=1e-14)  # PyTorch's asymmetry


def test_label_smoothing_is_the_cross_entropy_against_the_smoothed_target():
    logits, targets, weight = case(9)
    for eps in (0.0, 0.1, 0.5, 1.0):
        smoothed = (1 - eps) * one_hot(targets, C) + eps / C
        close(cross_entropy(logits, targets, label_smoothing=eps, reduction="none"),
              cross_entropy(logits, smoothed, reduction="none"), 1e-14)
        close(cross_entropy_backward(logits, targets, label_smoothing=eps), softmax(logits) / N - smoothed / N, 1e-14)
        # with weights: each part weighted on its own, and the mean divided by sum(w_t), PyTorch's combination
        logp = log_softmax(logits)
        parts = (1 - eps) * weight[targets] * -logp[np.arange(N), targets] - eps / C * np.sum(weight * logp, axis=-1)
        close(cross_entropy(logits, targets, weight=weight, label_smoothing=eps),
              np.sum(parts) / np.sum(weight[targets]), 1e-14)


@pytest.mark.parametrize("kw", [{"weight": np.linspace(0.5, 2, C)}, {"label_smoothing": 0.2}, {"ignore_index": 1},
                                {"weight": np.linspace(0.5, 2, C), "label_smoothing": 0.2, "ignore_index": 1}])
@pytest.mark.parametrize("soft", [False, True])
def test_backward_is_the_derivative_of_the_loss(kw, soft):
    if soft and "ignore_index" in kw:
        kw = {k: v for k, v in kw.items() if k != "ignore_index"}
    logits, targets, _ = case(10, soft=soft)
    grad = cross_entropy_backward(logits, targets, **kw)
    h = 1e-6
    numeric = np.zeros_like(logits)
    for i, j in np.ndindex(*logits.shape):
        up, down = logits.copy(), logits.copy()
        up[i, j] += h
        down[i, j] -= h
        numeric[i, j] = (cross_entropy(up, targets, **kw) - cross_entropy(down, targets, **kw)) / (2 * h)
    assert np.max(np.abs(grad - numeric)) < 1e-8


def test_from_probabilities_gets_the_same_options():
    logits, targets, weight = case(12, ignore=-100, scale=1.0)
    kw = {"weight": weight, "label_smoothing": 0.1}
    close(cross_entropy(softmax(logits), targets, from_logits=False, **kw), cross_entropy(logits, targets, **kw), 1e-9)


def test_float32_stays_float32_with_the_options():
    logits, targets, weight = case(13, ignore=-100)
    kw = {"weight": weight, "label_smoothing": 0.1}
    got = cross_entropy(logits.astype(np.float32), targets, **kw)
    assert got.dtype == np.float32
    assert cross_entropy_backward(logits.astype(np.float32), targets, **kw).dtype == np.float32
    assert got == pytest.approx(cross_entropy(logits, targets, **kw), rel=1e-5)


def test_no_warning_under_seterr_raise():
    logits, _, _ = case(14)
    logits[0, 2] = -np.inf
    with np.errstate(all="raise"):
        assert np.isnan(cross_entropy(logits, np.full(N, -100), label_smoothing=0.1, weight=np.ones(C)))
        assert np.isinf(cross_entropy(logits, np.arange(N) % C, label_smoothing=0.1))  # the -inf class gets a share
        on_minus_inf = np.where(np.arange(N) == 0, 2, np.arange(N) % C)  # row 0's true class has logit -inf
        assert np.isinf(cross_entropy(logits, on_minus_inf))
        assert np.isfinite(cross_entropy(logits, on_minus_inf, weight=np.where(np.arange(C) == 2, 0.0, 1.0)))
        assert np.isfinite(cross_entropy_backward(logits, on_minus_inf, label_smoothing=0.1)).all()
        assert kl_div([[-np.inf, 0.0]], [[0.0, 1.0]]) == 0


@pytest.mark.parametrize("kw, error, message", [
    ({"weight": np.ones(C - 1)}, ValueError, r"weight must have shape \(C,\) = \(5,\), one weight per class, got "
                                             r"shape \(4,\)"),
    ({"weight": np.ones((1, C))}, ValueError, r"weight must have shape \(C,\) = \(5,\)"),
    ({"weight": np.ones(C, bool)}, TypeError, r"weight must be a real numeric array of C = 5 class weights, got "
                                              r"dtype bool"),
    ({"weight": np.ones(C, complex)}, TypeError, r"got dtype complex128"),
    ({"weight": ["a"] * C}, TypeError, r"got dtype <U1"),
    ({"weight": np.ma.masked_array(np.ones(C))}, TypeError, r"weight is a masked array"),
    ({"weight": [1.0, -0.5, 1.0, 1.0, 1.0]}, ValueError, r"weight must be >= 0, got -0.5 for class 1"),
    ({"weight": [1.0, np.nan, 1.0, 1.0, 1.0]}, ValueError, r"weight must be finite, got nan for class 1"),
    ({"label_smoothing": -0.1}, ValueError, r"label_smoothing must be in \[0, 1\], got -0.1"),
    ({"label_smoothing": 1.5}, ValueError, r"label_smoothing must be in \[0, 1\], got 1.5"),
    ({"label_smoothing": np.nan}, ValueError, r"label_smoothing must be in \[0, 1\], got nan"),
    ({"label_smoothing": "0.1"}, TypeError, r"label_smoothing must be a float in \[0, 1\], got '0.1'"),
    ({"label_smoothing": True}, TypeError, r"label_smoothing must be a float"),
    ({"ignore_index": 1.0}, TypeError, r"ignore_index must be an int \(a class index to leave out\), got 1.0"),
    ({"ignore_index": None}, TypeError, r"ignore_index must be an int"),
])
def test_bad_options_are_named(kw, error, message):
    logits, targets, _ = case(15)
    for f in (cross_entropy, cross_entropy_backward):
        with pytest.raises(error, match=message):
            f(logits, targets, **kw)


def test_ignore_index_errors():
    logits, targets, _ = case(16)
    soft = one_hot(targets, C)
    for f in (cross_entropy, cross_entropy_backward):
        with pytest.raises(ValueError, match=r"ignore_index = 3 is for class-index targets; probability targets"):
            f(logits, soft, ignore_index=3)
        with pytest.raises(ValueError, match=r"target label -1 is out of range: labels must be in \[0, 5\) for 5 "
                                             r"classes, or equal ignore_index = -100"):
            f(logits, np.where(np.arange(N) == 2, -1, targets))
        with pytest.raises(ValueError, match=r"target label -100 is out of range.*ignore_index = -1"):
            f(logits, np.where(np.arange(N) == 2, -100, targets), ignore_index=-1)


# ---------------------------------------------------------------- kl_div and entropy


@pytest.mark.parametrize("reduction", ["mean", "batchmean", "sum", "none"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_matches_torch(torch, reduction, log_target):
    rng = np.random.default_rng(20)
    for shape in ((N, C), (C,), (2, 3, C)):
        logq = log_softmax(3 * rng.normal(size=shape))
        t = rng.dirichlet(np.ones(C), size=shape[:-1]).reshape(shape)
        if not log_target:  # a zero target probability: its term is 0 (log_target: -inf, nan in PyTorch)
            t.flat[0] = 0.0
        target = np.log(t) if log_target else t
        with warnings.catch_warnings():  # PyTorch warns that 'mean' divides by N * C; that is what is tested
            warnings.filterwarnings("ignore", message="reduction: 'mean' divides", category=UserWarning)
            want = torch.nn.functional.kl_div(torch.tensor(logq), torch.tensor(target), reduction=reduction,
                                              log_target=log_target)
        close(kl_div(logq, target, reduction=reduction, log_target=log_target), want.numpy())


def test_kl_div_docstring_quotes_torchs_mean_warning(torch):
    """Issue 26: torch 2.13 warns that 'mean' will behave like 'batchmean' in its next major release."""
    logq, t = log_softmax(np.zeros((2, C))), np.full((2, C), 1 / C)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.nn.functional.kl_div(torch.tensor(logq), torch.tensor(t), reduction="mean")
    text = " ".join(str(w.message) for w in caught)
    assert "'mean' will be changed to behave the same as 'batchmean' in the next major release" in text
    doc = " ".join(kl_div.__doc__.split())
    assert "will be changed to behave the same as 'batchmean' in the next major release" in doc
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kl_div(logq, t)  # no warning here


def test_kl_div_is_cross_entropy_minus_entropy_and_not_symmetric():
    logits, t, _ = case(21, soft=True)
    kl = kl_div(log_softmax(logits), t, reduction="batchmean")
    assert kl == pytest.approx(cross_entropy(logits, t) - entropy(t).mean(), rel=1e-13)
    assert kl_div(log_softmax(logits), t) == pytest.approx(kl / C, rel=1e-14)  # 'mean' divides by N * C
    assert kl_div(log_softmax(logits), t, reduction="sum") == pytest.approx(kl * N, rel=1e-14)
    swapped = kl_div(np.log(t), softmax(logits), reduction="batchmean")  # KL(y || t)
    assert abs(swapped - kl) > 1e-3
    assert kl_div(np.log(t), t, reduction="sum") == pytest.approx(0, abs=1e-14)


def test_kl_div_zero_target_at_minus_inf_input_is_zero():
    """PyTorch gives nan there (0 * -inf); the course takes 0 log 0 = 0, as its docstring says."""
    assert kl_div([[-np.inf, 0.0]], [[0.0, 1.0]], reduction="sum") == 0
    assert kl_div([[-np.inf, 0.0]], [[-np.inf, 0.0]], reduction="sum", log_target=True) == 0
    assert kl_div([[-np.inf, 0.0]], [[0.5, 0.5]], reduction="sum") == np.inf


@pytest.mark.parametrize("args, kw, error, message", [
    (([[0.0, 0.0]], [[0.5, 0.5], [0.5, 0.5]]), {}, ValueError, r"target shape \(2, 2\) must be the same as input "
                                                               r"shape \(1, 2\)"),
    (([[0.0, 0.0]], [[0.5, 0.5]]), {"reduction": "avg"}, ValueError, r"reduction must be 'mean', 'batchmean', "
                                                                     r"'sum' or 'none', got 'avg'"),
    (([[-0.1, -2.0]], [[-0.1, -2.0]]), {}, ValueError, r"target must hold probabilities \(>= 0\), got -0.1; for "
                                                       r"log-probabilities pass log_target=True"),
    ((0.0, 0.5), {}, ValueError, r"input is a scalar"),
    (([[True, False]], [[0.5, 0.5]]), {}, TypeError, r"input must be a real numeric array"),
    ((np.zeros((0, 2)), np.zeros((0, 2))), {}, ValueError, r"empty input"),
])
def test_kl_div_errors(args, kw, error, message):
    with pytest.raises(error, match=message):
        kl_div(*args, **kw)


def test_entropy():
    assert entropy(np.full(7, 1 / 7)) == pytest.approx(np.log(7), rel=1e-15)
    assert_array_equal(entropy(one_hot([2, 0], 4)), [0.0, 0.0])
    for eps, classes in ((0.1, 1000), (0.2, 10)):
        t = (1 - eps) * one_hot([0], classes) + eps / classes
        p_true, p_other = 1 - eps + eps / classes, eps / classes
        direct = -p_true * np.log(p_true) - (classes - 1) * p_other * np.log(p_other)
        assert entropy(t)[0] == pytest.approx(direct, rel=1e-13)
    assert round(float(entropy((1 - 0.1) * one_hot([0], 1000) + 0.1 / 1000)[0]), 4) == 1.0148  # the figure
    assert entropy(np.full((3, 2), 0.5), axis=0).shape == (2,)
    with pytest.raises(ValueError, match=r"probs must be >= 0, got -0.5"):
        entropy([1.5, -0.5])
    with pytest.raises(ValueError, match=r"probs must be >= 0, got nan"):
        entropy([np.nan, 1.0])
    with pytest.raises(TypeError, match=r"probs must be a real numeric array"):
        entropy(["a"])


# ---------------------------------------------------------------- calibration


def loop_ece(probs, labels, n_bins):
    """ECE written as the loop of Guo et al.: equal-width bins (lo, hi], weighted by bin size."""
    conf = probs.max(axis=1)
    right = probs.argmax(axis=1) == labels
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0.0
    for b in range(n_bins):
        inside = (conf > edges[b]) & (conf <= edges[b + 1])
        if inside.any():
            total += inside.mean() * abs(right[inside].mean() - conf[inside].mean())
    return total


def test_ece_matches_a_direct_loop():
    rng = np.random.default_rng(30)
    for n_bins in (1, 2, 5, 10, 15, 37):
        probs = rng.dirichlet(np.full(4, 0.3), size=500)
        labels = rng.integers(0, 4, size=500)
        assert expected_calibration_error(probs, labels, n_bins) == pytest.approx(loop_ece(probs, labels, n_bins),
                                                                                 rel=1e-12, abs=1e-15)
    probs = np.array([[0.5, 0.5], [1.0, 0.0], [0.3, 0.7], [0.2, 0.8]])  # confidences on bin edges, and 1.0
    labels = np.array([0, 1, 1, 0])
    assert expected_calibration_error(probs, labels, 5) == pytest.approx(loop_ece(probs, labels, 5), rel=1e-14)
    bins = reliability_bins(probs, labels, 5)
    edges = np.linspace(0, 1, 6)
    conf = probs.max(axis=1)
    assert_array_equal(bins.counts, [np.sum((conf > lo) & (conf <= hi)) for lo, hi in zip(edges[:-1], edges[1:])])
    assert bins.counts[-1] >= 1 and bins.counts.sum() == 4  # a confidence of exactly 1.0 is in the last bin


def test_reliability_bins_fields():
    rng = np.random.default_rng(31)
    probs = rng.dirichlet(np.ones(3), size=300)
    labels = rng.integers(0, 3, size=300)
    bins = reliability_bins(probs, labels, 10)
    assert bins.counts.sum() == 300
    full = bins.counts > 0
    lo, hi = bins.edges[:-1][full], bins.edges[1:][full]
    assert np.all(bins.confidence[full] > lo) and np.all(bins.confidence[full] <= hi)
    assert np.all(np.isnan(bins.confidence[~full])) and np.all(np.isnan(bins.accuracy[~full]))
    overall = np.sum(bins.counts[full] * bins.accuracy[full]) / 300
    assert overall == pytest.approx(np.mean(probs.argmax(1) == labels), rel=1e-14)


def test_ece_is_weighted_and_uses_the_predicted_class():
    # 9 samples at confidence 0.95, all right; 1 sample at 0.55, wrong
    probs = np.array([[0.95, 0.05]] * 9 + [[0.45, 0.55]])
    labels = np.array([0] * 9 + [0])
    ece = expected_calibration_error(probs, labels, 10)
    assert ece == pytest.approx((9 * 0.05 + 1 * 0.55) / 10, rel=1e-12)
    assert ece != pytest.approx((0.05 + 0.55) / 2, rel=1e-3)  # the unweighted mean over bins differs
    assert reliability_bins(probs, labels, 10).confidence[9] == pytest.approx(0.95)
    # binning the probability of class 1 instead of the predicted class's gives another number
    p1, right = probs[:, 1], probs.argmax(axis=1) == labels
    edges = np.linspace(0, 1, 11)
    class1 = sum(np.mean(m) * abs(right[m].mean() - p1[m].mean())
                 for m in ((p1 > lo) & (p1 <= hi) for lo, hi in zip(edges[:-1], edges[1:])) if m.any())
    assert abs(class1 - ece) > 0.1


@pytest.mark.parametrize("args, error, message", [
    (([[0.5, 0.5]], [0.0]), TypeError, r"labels must be integer class indices, got dtype float64"),
    (([[0.5, 0.5]], [2]), ValueError, r"labels must be in \[0, 2\) for 2 classes"),
    (([[0.5, 0.5]], [0, 1]), ValueError, r"labels must have shape \(N,\) = \(1,\), got \(2,\)"),
    (([[1.5, -0.5]], [0]), ValueError, r"probs must hold probabilities in \[0, 1\]"),
    (([0.5, 0.5], [0]), ValueError, r"probs must have shape \(N, C\), got \(2,\)"),
    (([[0.5, 0.5]], [0], 0), ValueError, r"n_bins must be >= 1, got 0"),
    (([[0.5, 0.5]], [0], 2.0), TypeError, r"n_bins must be an int, got 2.0"),
])
def test_calibration_errors(args, error, message):
    for f in (reliability_bins, expected_calibration_error):
        with pytest.raises(error, match=message):
            f(*args)


def sample_labels(rng, logits):
    return (rng.random((len(logits), 1)) > np.cumsum(softmax(logits), axis=-1)).sum(axis=-1)


@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0, 4.0])
def test_fit_temperature_recovers_a_known_temperature(temperature):
    rng = np.random.default_rng(40)
    true_logits = 2 * rng.normal(size=(20000, 6))
    labels = sample_labels(rng, true_logits)
    fitted = fit_temperature(temperature * true_logits, labels)
    assert fitted == pytest.approx(temperature, rel=0.03)  # sampling error of 20000 labels is about 1%
    model = temperature * true_logits
    nll = lambda T: float(cross_entropy(model / T, labels))  # noqa: E731
    assert nll(fitted) <= min(nll(fitted * 1.001), nll(fitted / 1.001))  # a minimum, not just near the truth
    assert nll(fitted) < nll(1.0) or temperature == 1.0
    before = expected_calibration_error(softmax(model), labels)
    after = expected_calibration_error(softmax(model / fitted), labels)
    assert after < 0.02 and (temperature == 1.0 or after < before)
    assert_array_equal(np.argmax(model / fitted, axis=1), np.argmax(model, axis=1))  # accuracy unchanged


def test_fit_temperature_without_an_optimum():
    rng = np.random.default_rng(41)
    logits = rng.normal(size=(200, 3))
    with pytest.raises(ValueError, match="the NLL keeps falling as T grows"):
        fit_temperature(logits, np.argmin(logits, axis=1))  # always the least likely class
    with pytest.raises(ValueError, match="the NLL keeps falling as T shrinks"):
        fit_temperature(logits, np.argmax(logits, axis=1))  # always right, with a margin
    labels = np.argmax(logits, axis=1)
    labels[0] = np.argmin(logits[0])  # one sample wrong: now a finite T is optimal, however small
    fitted = fit_temperature(logits, labels)
    nll = lambda T: float(cross_entropy(logits / T, labels))  # noqa: E731
    assert nll(fitted) <= min(nll(fitted * 1.001), nll(fitted / 1.001))
    with pytest.raises(TypeError, match="labels must be integer class indices"):
        fit_temperature(logits, np.zeros(200))
    with pytest.raises(ValueError, match="logits must be finite"):
        fit_temperature(np.where(np.eye(200, 3) == 1, np.inf, logits), np.zeros(200, int))
