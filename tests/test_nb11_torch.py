"""Notebook 11's claims about weight= with label_smoothing= checked against real PyTorch (skipped without it)."""
import numpy as np
import pytest

from softmaxlab import cross_entropy, log_softmax, one_hot

torch = pytest.importorskip("torch")


def test_weighted_smoothed_mean_divides_by_the_weights_of_the_targets():
    """Exercise 1's formula: -sum_n sum_c w_c t_nc log y_nc / sum_n w[k_n], as torch 2.13 computes it."""
    rng = np.random.default_rng(11)
    logits, labels, weight = rng.normal(size=(9, 5)) * 2, rng.integers(0, 5, size=9), rng.uniform(0.2, 4, size=5)
    for eps in (0.0, 0.1, 0.6):
        t = (1 - eps) * one_hot(labels, 5) + eps / 5
        by_hand = -np.sum(weight * t * log_softmax(logits)) / np.sum(weight[labels])
        theirs = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(labels),
                                                   weight=torch.tensor(weight), label_smoothing=eps).item()
        assert by_hand == pytest.approx(theirs, rel=1e-12)
        assert cross_entropy(logits, labels, weight=weight, label_smoothing=eps) == pytest.approx(theirs, rel=1e-12)


def test_all_zero_weights_give_nan_with_smoothing_too():
    """Cell 28: kept targets whose weights are all 0 give a nan loss and nan gradient, smoothed or not, as torch."""
    logits = torch.tensor([[1.0, 2.0, 0.0], [0.0, 1.0, 2.0]], dtype=torch.float64, requires_grad=True)
    for eps in (0.0, 0.1):
        logits.grad = None
        loss = torch.nn.functional.cross_entropy(logits, torch.tensor([0, 1]), weight=torch.zeros(3, dtype=torch.float64),
                                                 label_smoothing=eps)
        loss.backward()
        assert np.isnan(loss.item()) and torch.isnan(logits.grad).all()
        assert np.isnan(cross_entropy(logits.detach().numpy(), np.array([0, 1]), weight=np.zeros(3),
                                      label_smoothing=eps))
