"""A small softmax-regression model and a minibatch gradient-descent loop (notebook 08).

Model: ``logits = X @ W + b`` with ``W`` (D, C) and ``b`` (C,); loss: mean cross-entropy.
Everything is seeded, so the same call gives the same numbers on every machine.
"""
import numpy as np

from .losses import cross_entropy, cross_entropy_backward


def stratified_split(labels, test_per_class, seed=0):
    """Indices ``(train, test)``: `test_per_class` random samples of every class are held out.

    Examples
    --------
    >>> train, test = stratified_split(np.array([0, 0, 0, 1, 1, 1]), test_per_class=1, seed=0)
    >>> len(train), len(test), sorted(np.array([0, 0, 0, 1, 1, 1])[test].tolist())
    (4, 2, [0, 1])
    """
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    test = np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:test_per_class]
                           for c in np.unique(labels)])
    train = np.setdiff1d(np.arange(len(labels)), test)
    return rng.permutation(train), np.sort(test)


class SoftmaxRegression:
    r"""Linear logits and softmax probabilities: :math:`y = \mathrm{softmax}(XW + b)`.

    Starts at ``W = 0, b = 0`` (every class equally likely), which is fine for this convex loss.

    Examples
    --------
    >>> model = SoftmaxRegression(n_features=2, n_classes=3)
    >>> X = np.array([[1.0, 2.0], [0.0, -1.0]])
    >>> round(float(model.loss(X, np.array([0, 2]))), 6)   # log 3: uniform prediction
    1.098612
    >>> dW, db = model.gradients(X, np.array([0, 2]))
    >>> dW.shape, db.shape
    ((2, 3), (3,))
    """

    def __init__(self, n_features, n_classes):
        self.W = np.zeros((n_features, n_classes))  # (D, C)
        self.b = np.zeros(n_classes)  # (C,)

    def logits(self, X):
        return X @ self.W + self.b  # (N, C)

    def loss(self, X, labels):
        return cross_entropy(self.logits(X), labels)

    def gradients(self, X, labels):
        r"""``(dW, db)`` of the mean loss: :math:`dW = X^\top (y - t) / N`, :math:`db = \sum_n (y_n - t_n) / N`."""
        dlogits = cross_entropy_backward(self.logits(X), labels)  # (N, C), already divided by N
        return X.T @ dlogits, dlogits.sum(axis=0)  # (D, C), (C,)

    def accuracy(self, X, labels):
        return float(np.mean(self.logits(X).argmax(axis=1) == labels))


def train(model, X, labels, *, lr=0.5, epochs=100, batch_size=16, seed=0, X_val=None, labels_val=None,
          callback=None):
    """Minibatch gradient descent, one shuffled pass over the data per epoch.

    Returns a history dict of per-epoch lists: ``loss`` and ``acc`` on the training set,
    and ``val_loss`` and ``val_acc`` when validation data are given. `callback(epoch, history)`
    is called after every epoch (for a progress bar or a live plot).

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [3.0], [4.0]])
    >>> model = SoftmaxRegression(1, 2)
    >>> history = train(model, X, np.array([0, 0, 1, 1]), lr=1.0, epochs=50, batch_size=2)
    >>> history["acc"][-1], history["loss"][-1] < history["loss"][0]
    (1.0, True)
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    rng = np.random.default_rng(seed)
    history = {"loss": [], "acc": []}
    if X_val is not None:
        history.update(val_loss=[], val_acc=[])
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            dW, db = model.gradients(X[batch], labels[batch])
            model.W -= lr * dW
            model.b -= lr * db
        history["loss"].append(float(model.loss(X, labels)))
        history["acc"].append(model.accuracy(X, labels))
        if X_val is not None:
            history["val_loss"].append(float(model.loss(X_val, labels_val)))
            history["val_acc"].append(model.accuracy(X_val, labels_val))
        if callback is not None:
            callback(epoch, history)
    return history
