"""The softmax-regression trainer of notebook 08: right gradients, seeded, and the accuracy it reports."""
import numpy as np
import pytest

from softmaxlab import cross_entropy, gradient_check
from softmaxlab.datasets import load_iris
from softmaxlab.train import SoftmaxRegression, stratified_split, train


@pytest.fixture(scope="module")
def iris_split():
    X, labels, _, _ = load_iris()
    dev_idx, _ = stratified_split(labels, test_per_class=10, seed=0)  # the test set stays out, as in 08
    tr, va = stratified_split(labels[dev_idx], test_per_class=10, seed=0)
    train_idx, val_idx = dev_idx[tr], dev_idx[va]
    mu, sigma = X[train_idx].mean(0), X[train_idx].std(0)
    Z = (X - mu) / sigma
    return Z[train_idx], labels[train_idx], Z[val_idx], labels[val_idx]


def test_stratified_split():
    labels = np.repeat([0, 1, 2], 50)
    train_idx, test_idx = stratified_split(labels, 10, seed=3)
    assert len(train_idx) == 120 and len(test_idx) == 30
    assert np.bincount(labels[test_idx]).tolist() == [10, 10, 10]
    assert np.intersect1d(train_idx, test_idx).size == 0
    assert np.array_equal(np.sort(np.concatenate([train_idx, test_idx])), np.arange(150))
    again = stratified_split(labels, 10, seed=3)
    assert np.array_equal(again[0], train_idx) and np.array_equal(again[1], test_idx)


def test_gradients_pass_a_gradient_check(iris_split):
    Z_train, labels_train, _, _ = iris_split
    model = SoftmaxRegression(4, 3)
    rng = np.random.default_rng(2)
    model.W, model.b = rng.normal(size=(4, 3)), rng.normal(size=3)
    dW, db = model.gradients(Z_train, labels_train)
    assert gradient_check(lambda W: cross_entropy(Z_train @ W + model.b, labels_train), model.W, dW) < 1e-7
    assert gradient_check(lambda b: cross_entropy(Z_train @ model.W + b, labels_train), model.b, db) < 1e-7


def test_training_is_deterministic_and_reaches_the_reported_accuracy(iris_split):
    Z_train, labels_train, Z_test, labels_test = iris_split
    histories = []
    for _ in range(2):
        model = SoftmaxRegression(4, 3)
        histories.append(train(model, Z_train, labels_train, lr=0.5, epochs=100, batch_size=16, seed=0,
                               X_val=Z_test, labels_val=labels_test))
    assert histories[0] == histories[1]
    h = histories[0]
    assert h["loss"][0] < np.log(3) and h["loss"][-1] < 0.05
    assert round(h["acc"][-1] * 90) == 90 and round(h["val_acc"][-1] * 30) == 29   # as notebook 08 says


def test_train_calls_back_and_checks_batch_size():
    X = np.array([[0.0], [1.0], [3.0], [4.0]])
    seen = []
    train(SoftmaxRegression(1, 2), X, np.array([0, 0, 1, 1]), epochs=3, batch_size=3,
          callback=lambda epoch, history: seen.append((epoch, len(history["loss"]))))
    assert seen == [(1, 1), (2, 2), (3, 3)]
    with pytest.raises(ValueError, match="batch_size"):
        train(SoftmaxRegression(1, 2), X, np.array([0, 0, 1, 1]), batch_size=0)


def test_weight_decay_follows_the_gradient_of_the_penalty_and_stops_the_growth(iris_split):
    Z_train, labels_train, _, _ = iris_split
    # one full-batch step with decay equals one step on loss + lam/2 ||W||^2, checked numerically
    lam, lr = 0.1, 0.5
    model = SoftmaxRegression(4, 3)
    rng = np.random.default_rng(4)
    model.W, model.b = rng.normal(size=(4, 3)), rng.normal(size=3)
    W0 = model.W.copy()
    penalised = lambda W: cross_entropy(Z_train @ W + model.b, labels_train) + lam / 2 * np.sum(W ** 2)
    from softmaxlab import numerical_gradient
    expected = W0 - lr * numerical_gradient(penalised, W0)
    train(model, Z_train, labels_train, lr=lr, epochs=1, batch_size=len(Z_train), weight_decay=lam)
    assert np.allclose(model.W, expected, atol=1e-8)
    # without decay ||W|| keeps growing; with decay it levels off
    plain = train(SoftmaxRegression(4, 3), Z_train, labels_train, lr=0.5, epochs=400, seed=0)["weight_norm"]
    decayed = train(SoftmaxRegression(4, 3), Z_train, labels_train, lr=0.5, epochs=400, seed=0,
                    weight_decay=1e-2)["weight_norm"]
    assert plain[-1] > 1.2 * plain[99] and abs(decayed[-1] - decayed[199]) < 0.02 * decayed[-1]
    with pytest.raises(ValueError, match="weight_decay"):
        train(SoftmaxRegression(4, 3), Z_train, labels_train, weight_decay=-1.0)


def test_confusion_matrix_against_a_loop():
    from softmaxlab.train import confusion_matrix
    rng = np.random.default_rng(0)
    labels, predicted = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    counts = confusion_matrix(labels, predicted, 4)
    for i in range(4):
        for j in range(4):
            assert counts[i, j] == np.sum((labels == i) & (predicted == j))
    assert counts.sum() == 200
    with pytest.raises(ValueError, match="0 .. 2"):
        confusion_matrix(np.array([0, 3]), np.array([0, 1]), 3)
    with pytest.raises(ValueError, match="same length"):
        confusion_matrix(np.array([0, 1]), np.array([0]), 3)


@pytest.mark.parametrize("test_per_class, exc, words", [(60, ValueError, "no training sample"),
                                                        (50, ValueError, "at most 49"),
                                                        (-1, ValueError, "from 1 to 49"), (0, ValueError, "empty test set"),
                                                        (2.5, TypeError, "an int"),
                                                        (True, TypeError, "an int")])
def test_stratified_split_refuses_impossible_sizes(test_per_class, exc, words):
    """Issue 26: 60 per class of 50 returned every sample as test, -1 all but one per class, silently."""
    labels = np.repeat([0, 1, 2], 50)
    with pytest.raises(exc, match=words):
        stratified_split(labels, test_per_class)


def test_stratified_split_edges():
    labels = np.repeat([0, 1, 2], 50)
    train_idx, test_idx = stratified_split(labels, 49)  # the largest allowed: one training sample per class
    assert np.bincount(labels[train_idx]).tolist() == [1, 1, 1]
    train_idx, test_idx = stratified_split(labels, 1)  # the smallest allowed: one test sample per class
    assert len(train_idx) == 147 and np.bincount(labels[test_idx]).tolist() == [1, 1, 1]
    with pytest.raises(TypeError, match="integers"):
        stratified_split(np.array([0.0, 1.0, 1.0]), 1)
    with pytest.raises(ValueError, match="1-D"):
        stratified_split(np.zeros((3, 2), dtype=int), 1)


@pytest.mark.parametrize("kwargs, exc, words", [
    (dict(labels=np.array([0, 0, 1])), ValueError, "4 samples but labels has 3"),
    (dict(X=np.zeros((4, 2))), ValueError, "2 features"),
    (dict(X=np.zeros(4)), ValueError, "shape \\(N, D\\)"),
    (dict(labels=np.array([0, 0, 1, 2])), ValueError, "0 .. 1"),
    (dict(labels=np.array([0.0, 0.0, 1.0, 1.0])), TypeError, "integer class indices"),
    (dict(X_val=np.zeros((2, 1))), ValueError, "X_val was given without labels_val"),
    (dict(labels_val=np.array([0, 1])), ValueError, "labels_val was given without X_val"),
    (dict(X_val=np.zeros((2, 1)), labels_val=np.array([0, 1, 1])), ValueError, "X_val has 2 samples"),
    (dict(X_val=np.zeros((2, 3)), labels_val=np.array([0, 1])), ValueError, "X_val has 3 features"),
    (dict(X=np.array([["a"], ["b"], ["c"], ["d"]])), TypeError, "X must be a real numeric array"),
])
def test_train_refuses_data_that_do_not_fit_with_words(kwargs, exc, words):
    """Issue 26: mismatched lengths, a missing labels_val and a wrong n_features gave raw NumPy errors."""
    args = dict(X=np.array([[0.0], [1.0], [3.0], [4.0]]), labels=np.array([0, 0, 1, 1])) | kwargs
    X, labels = args.pop("X"), args.pop("labels")
    with pytest.raises(exc, match=words):
        train(SoftmaxRegression(1, 2), X, labels, epochs=1, **args)
