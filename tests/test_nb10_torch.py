"""Notebook 10's framework claims checked against real PyTorch (skipped without it: `make torch`)."""
import warnings

import numpy as np
import pytest

from softmaxlab import cross_entropy, log_softmax, softmax
from softmaxlab.exercises.soft_targets import _distill_grad
from softmaxlab.losses import kl_div

torch = pytest.importorskip("torch")


def _t(x):
    return torch.tensor(np.asarray(x), dtype=torch.float64)


def test_kldivloss_mean_warns_that_it_will_become_batchmean():
    """Section 7: PyTorch 2.13 warns that 'mean' will behave like 'batchmean' in its next major release."""
    rng = np.random.default_rng(0)
    log_y, t = log_softmax(rng.normal(size=(4, 10))), softmax(rng.normal(size=(4, 10)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mean = torch.nn.KLDivLoss()(_t(log_y), _t(t)).item()  # the default reduction is 'mean'
    words = " ".join(str(w.message) for w in caught)
    assert "'mean' will be changed to behave the same as 'batchmean' in the next major release" in words
    assert mean == pytest.approx(kl_div(log_y, t, reduction="mean"), rel=1e-12)
    batchmean = torch.nn.KLDivLoss(reduction="batchmean")(_t(log_y), _t(t)).item()
    assert batchmean == pytest.approx(kl_div(log_y, t, reduction="batchmean"), rel=1e-12)


@pytest.mark.parametrize("T, alpha", [(1.0, 0.5), (4.0, 0.3), (20.0, 0.9)])
def test_distillation_gradient_of_the_mixed_loss_matches_autograd(T, alpha):
    """Section 6 and Exercise 2: the gradient of alpha CE + (1 - alpha) T^2 KL(p_T || q_T), torch's autograd."""
    rng = np.random.default_rng(6)
    student, teacher, labels = rng.normal(size=(5, 7)) * 2, rng.normal(size=(5, 7)) * 3, rng.integers(0, 7, size=5)
    z = _t(student).requires_grad_()
    F = torch.nn.functional
    loss = alpha * F.cross_entropy(z, torch.tensor(labels)) + (1 - alpha) * T**2 * F.kl_div(
        F.log_softmax(z / T, dim=1), F.softmax(_t(teacher) / T, dim=1), reduction="batchmean")
    loss.backward()
    np.testing.assert_allclose(_distill_grad(student, teacher, labels, T, alpha), z.grad.numpy(), rtol=1e-10,
                               atol=1e-14)
    assert cross_entropy(student, labels) == pytest.approx(F.cross_entropy(_t(student), torch.tensor(labels)).item())


def test_adam_steps_do_not_follow_a_scaled_loss_but_sgds_do():
    """Section 7: a loss multiplied by a constant scales SGD's steps, not Adam's (up to its eps)."""
    rng = np.random.default_rng(2)
    target = _t(softmax(rng.normal(size=(4, 10)) * 2))
    start = rng.normal(size=(4, 10))

    def steps(optimizer, scale, n=3):
        w = _t(start).requires_grad_()
        opt = optimizer([w], lr=0.01)
        for _ in range(n):
            opt.zero_grad()
            loss = scale * torch.nn.functional.kl_div(torch.log_softmax(w, dim=1), target, reduction="batchmean")
            loss.backward()
            opt.step()
        return w.detach().numpy() - start

    sgd_1, sgd_10 = steps(torch.optim.SGD, 1.0, n=1), steps(torch.optim.SGD, 0.1, n=1)
    np.testing.assert_allclose(sgd_10, sgd_1 * 0.1, rtol=1e-9)  # one step: the learning rate times the gradient
    adam_1, adam_10 = steps(torch.optim.Adam, 1.0), steps(torch.optim.Adam, 0.1)
    assert np.abs(adam_10 - adam_1).max() < 1e-3 * np.abs(adam_1).max()
