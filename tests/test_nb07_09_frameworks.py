"""The framework numbers of notebook 07, checked against real PyTorch (skipped without it: `make torch`).

Keras is not installed here; its semantics are reproduced from keras/src/backend/numpy/nn.py (Keras 3)
and checked in the notebook itself.
"""
import numpy as np
import pytest

from softmaxlab import (binary_cross_entropy, cross_entropy, cross_entropy_backward, log_softmax, one_hot,
                        softmax, softmax_backward)
from softmaxlab.widgets.flavours import loss_variants

torch = pytest.importorskip("torch")

LOGITS = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0], [1.2, -0.8, 3.0], [-1.0, 0.3, 0.2]])  # notebook 07's batch
LABELS = np.array([0, 1, 2, 0])


def t(x):
    return torch.tensor(np.asarray(x), dtype=torch.float64)


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def test_cross_entropy_loss_with_indices_and_probabilities():
    ce = torch.nn.CrossEntropyLoss()
    assert cross_entropy(LOGITS, LABELS) == pytest.approx(ce(t(LOGITS), torch.tensor(LABELS)).item(), rel=1e-12)
    targets = one_hot(LABELS, 3)
    assert cross_entropy(LOGITS, targets) == pytest.approx(ce(t(LOGITS), t(targets)).item(), rel=1e-12)
    nll = torch.nn.NLLLoss()(t(log_softmax(LOGITS)), torch.tensor(LABELS)).item()
    assert -log_softmax(LOGITS)[np.arange(4), LABELS].mean() == pytest.approx(nll, rel=1e-12)


def test_softmax_twice_matches_torch():
    probs = softmax(LOGITS)
    torch_value = torch.nn.CrossEntropyLoss()(t(probs), torch.tensor(LABELS)).item()
    assert cross_entropy(probs, LABELS) == pytest.approx(torch_value, rel=1e-12)


def test_bce_losses_match_torch():
    targets = one_hot(LABELS, 3)
    with_logits = torch.nn.BCEWithLogitsLoss()(t(LOGITS), t(targets)).item()
    assert binary_cross_entropy(LOGITS, targets, from_logits=True) == pytest.approx(with_logits, rel=1e-12)
    on_probs = torch.nn.BCELoss()(t(sigmoid(LOGITS)), t(targets)).item()
    assert binary_cross_entropy(sigmoid(LOGITS), targets) == pytest.approx(on_probs, rel=1e-9)
    sigmoid_twice = torch.nn.BCEWithLogitsLoss()(t(sigmoid(LOGITS)), t(targets)).item()
    assert binary_cross_entropy(sigmoid(LOGITS), targets, from_logits=True) == pytest.approx(sigmoid_twice, rel=1e-12)


def test_gradients_match_autograd():
    x = t(LOGITS).requires_grad_()
    torch.nn.CrossEntropyLoss()(x, torch.tensor(LABELS)).backward()
    np.testing.assert_allclose(cross_entropy_backward(LOGITS, LABELS), x.grad.numpy(), rtol=1e-12, atol=1e-15)
    # softmax twice: J_y^T (softmax(y) - t) / N, as derived in notebook 07
    x = t(LOGITS).requires_grad_()
    torch.nn.CrossEntropyLoss()(torch.softmax(x, dim=1), torch.tensor(LABELS)).backward()
    y = softmax(LOGITS)
    ours = softmax_backward(y, (softmax(y) - one_hot(LABELS, 3)) / 4)
    np.testing.assert_allclose(ours, x.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_widget_torch_rows_match_torch():
    logits, label = np.array([1.5, -2.0, 0.7]), 2
    values = {name: value for name, value, _ in loss_variants(logits, label)}
    x, target = t(logits[None]), torch.tensor([label])
    assert values["torch CE(logits)"] == pytest.approx(torch.nn.CrossEntropyLoss()(x, target).item(), rel=1e-12)
    assert values["torch CE(probs)"] == pytest.approx(
        torch.nn.CrossEntropyLoss()(torch.softmax(x, 1), target).item(), rel=1e-12)
    onehot = t(one_hot(np.array([label]), 3))
    assert values["torch BCEWithLogits(logits)"] == pytest.approx(
        torch.nn.BCEWithLogitsLoss()(x, onehot).item(), rel=1e-12)
    assert values["torch BCEWithLogits(sigmoid)"] == pytest.approx(
        torch.nn.BCEWithLogitsLoss()(torch.sigmoid(x), onehot).item(), rel=1e-12)
