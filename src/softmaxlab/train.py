"""A small softmax-regression model and a minibatch gradient-descent loop (notebook 08).

Model: ``logits = X @ W + b`` with ``W`` (D, C) and ``b`` (C,); loss: mean cross-entropy, plus an
optional L2 penalty ``weight_decay / 2 * ||W||^2`` on the weights (not the bias). Everything is seeded, so the same call gives the same numbers on every machine.
"""
import numpy as np

from ._checks import as_float_array
from .losses import cross_entropy, cross_entropy_backward
from .i18n import _


def stratified_split(labels, test_per_class, seed=0):
    """Indices ``(train, test)``: `test_per_class` random samples of every class are held out.

    Every class keeps at least one sample for training and gives at least one to the test set, so
    `test_per_class` must be an int from 1 to the size of the smallest class minus 1 (0 would give an
    empty test set, on which no loss or accuracy can be measured).

    Raises
    ------
    TypeError
        `labels` are not integers, or `test_per_class` is not an int.
    ValueError
        `labels` are empty or not 1-D, or a class has a single sample; `test_per_class` is below 1 or
        would leave a class without a training sample.

    Examples
    --------
    >>> train, test = stratified_split(np.array([0, 0, 0, 1, 1, 1]), test_per_class=1, seed=0)
    >>> len(train), len(test), sorted(np.array([0, 0, 0, 1, 1, 1])[test].tolist())
    (4, 2, [0, 1])
    >>> stratified_split(np.array([0, 0, 0, 1, 1, 1]), test_per_class=3)
    Traceback (most recent call last):
    ...
    ValueError: test_per_class=3 would leave class 0 (3 samples) with no training sample: it must be at most 2
    """
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(_("labels must be integers, got dtype {dtype}").format(dtype=labels.dtype))
    if labels.ndim != 1:
        raise ValueError(_("labels must be 1-D, one per sample, got shape {shape}").format(shape=labels.shape))
    if labels.size == 0:
        raise ValueError(_("labels is empty: there are no samples to split"))
    if not isinstance(test_per_class, (int, np.integer)) or isinstance(test_per_class, bool):
        raise TypeError(_("test_per_class must be an int, got {test_per_class!r}").format(
                          test_per_class=test_per_class))
    classes, counts = np.unique(labels, return_counts=True)
    smallest = int(np.argmin(counts))
    if counts[smallest] < 2:
        raise ValueError(_("class {label} has a single sample: every class needs at least 2, one for "
                           "training and one for the test set").format(
                           label=classes[smallest]))
    if test_per_class < 1:
        raise ValueError(_("test_per_class must be from 1 to {most} (test samples per class; 0 would give an "
                           "empty test set), got {test_per_class}").format(
                           most=counts.min() - 1, test_per_class=test_per_class))
    if test_per_class >= counts.min():
        raise ValueError(_("test_per_class={test_per_class} would leave class {label} ({count} "
                           "samples) with no training sample: it must be at most {most}").format(
                           test_per_class=test_per_class, label=classes[smallest], count=counts[smallest],
                           most=counts[smallest] - 1))
    rng = np.random.default_rng(seed)
    test = np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:test_per_class]
                           for c in np.unique(labels)])
    train = np.setdiff1d(np.arange(len(labels)), test)
    return rng.permutation(train), np.sort(test)


class SoftmaxRegression:
    r"""Linear logits and softmax probabilities: :math:`y = \mathrm{softmax}(XW + b)`.

    Starts at ``W = 0, b = 0`` (every class equally likely). The loss is convex in ``(W, b)``, so there are
    no bad local minima to escape by a random start.

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
          callback=None, weight_decay=0.0):
    r"""Minibatch gradient descent, one shuffled pass over the data per epoch.

    With ``weight_decay = lambda > 0`` every step also follows the gradient of the L2 penalty
    :math:`\tfrac{\lambda}{2}\lVert W\rVert^2`, i.e. ``W -= lr * (dW + lambda * W)``; the bias is not
    decayed. (PyTorch's ``SGD(weight_decay=...)`` adds the same ``lambda * W`` to the gradient, to every
    parameter it is given; leaving the bias out is the usual choice.)

    Returns a history dict of per-epoch lists: ``loss`` and ``acc`` on the training set (``loss``
    is the mean cross-entropy, without the penalty), ``weight_norm`` (the Frobenius norm of W), and
    ``val_loss`` and ``val_acc`` when validation data are given. `callback(epoch, history)` is called
    after every epoch (for a progress bar or a live plot).

    Raises
    ------
    TypeError
        if `X` (or `X_val`) is not an array of real numbers, or `labels` (or `labels_val`) not integers;
        if `epochs` or `batch_size` is not an int, or `lr` or `weight_decay` not a number.
    ValueError
        if `epochs` or `batch_size` < 1, `lr` <= 0 or `weight_decay` < 0 (or either is not finite); if `X`
        has no samples or is not (N, D) with D the model's number of features, `labels` not (N,) with values
        in ``0 .. C - 1``; if only one of `X_val` and `labels_val` is given, or they do not fit the model the
        same way.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [3.0], [4.0]])
    >>> model = SoftmaxRegression(1, 2)
    >>> history = train(model, X, np.array([0, 0, 1, 1]), lr=1.0, epochs=50, batch_size=2)
    >>> history["acc"][-1], history["loss"][-1] < history["loss"][0]
    (1.0, True)
    >>> train(model, X, np.array([0, 0, 1]))
    Traceback (most recent call last):
    ...
    ValueError: X has 4 samples but labels has 3: one label per row of X
    """
    X, labels = _check_data(model, X, labels, "X", "labels")
    if (X_val is None) != (labels_val is None):
        given, missing = ("X_val", "labels_val") if labels_val is None else ("labels_val", "X_val")
        raise ValueError(_("{given} was given without {missing}: pass both for a validation set, or neither").format(
                           given=given, missing=missing))
    if X_val is not None:
        X_val, labels_val = _check_data(model, X_val, labels_val, "X_val", "labels_val")
        if len(X_val) == 0:
            raise ValueError(_("X_val has no samples (shape {shape}): give a validation set, or leave out X_val "
                               "and labels_val").format(
                               shape=X_val.shape))
    if len(X) == 0:
        raise ValueError(_("X has no samples (shape {shape}): there is nothing to train on").format(shape=X.shape))
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(_("{name} must be an int, got {value!r}").format(name=name, value=value))
        if value < 1:
            raise ValueError(_("{name} must be >= 1, got {value}").format(name=name, value=value))
    for name, value in (("lr", lr), ("weight_decay", weight_decay)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(_("{name} must be a number, got {value!r}").format(name=name, value=value))
    if not (lr > 0 and np.isfinite(lr)):
        raise ValueError(_("lr must be positive and finite, got {lr}").format(lr=lr))
    if not (weight_decay >= 0 and np.isfinite(weight_decay)):
        raise ValueError(_("weight_decay must be >= 0 and finite, got {weight_decay}").format(
                           weight_decay=weight_decay))
    rng = np.random.default_rng(seed)
    history = {"loss": [], "acc": [], "weight_norm": []}
    if X_val is not None:
        history.update(val_loss=[], val_acc=[])
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            dW, db = model.gradients(X[batch], labels[batch])
            model.W -= lr * (dW + weight_decay * model.W)
            model.b -= lr * db
        history["loss"].append(float(model.loss(X, labels)))
        history["acc"].append(model.accuracy(X, labels))
        history["weight_norm"].append(float(np.linalg.norm(model.W)))
        if X_val is not None:
            history["val_loss"].append(float(model.loss(X_val, labels_val)))
            history["val_acc"].append(model.accuracy(X_val, labels_val))
        if callback is not None:
            callback(epoch, history)
    return history


def _check_data(model, X, labels, x_name, labels_name):
    """`X` as a float (N, D) array and `labels` as an int (N,) array that fit `model`, or a worded error."""
    X = as_float_array(X, x_name)
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(_("{labels_name} must be integer class indices, got dtype {dtype}").format(
                          labels_name=labels_name, dtype=labels.dtype))
    D, C = model.W.shape
    if X.ndim != 2:
        raise ValueError(_("{x_name} must have shape (N, D), one row per sample, got {shape}").format(
                           x_name=x_name, shape=X.shape))
    if X.shape[1] != D:
        raise ValueError(_("{x_name} has {features} features (columns) but the model was made for {D} "
                           "(SoftmaxRegression(n_features={D}, ...))").format(
                           x_name=x_name, features=X.shape[1], D=D))
    if labels.ndim != 1 or len(labels) != len(X):
        what = f"{len(labels)}" if labels.ndim == 1 else f"shape {labels.shape}"  # i18n: no
        raise ValueError(_("{x_name} has {N} samples but {labels_name} has {what}: one label per row of {x_name}").format(
                           x_name=x_name, N=len(X), labels_name=labels_name, what=what))
    if labels.size and (labels.min() < 0 or labels.max() >= C):
        raise ValueError(_("{labels_name} must be in 0 .. {last} for a model of {C} classes, got values from "
                           "{labels_min} to {labels_max}").format(
                           labels_name=labels_name, last=C - 1, C=C, labels_min=labels.min(), labels_max=labels.max()))
    return X, labels


def confusion_matrix(labels, predicted, n_classes):
    """Counts ``M[i, j]`` of samples of true class ``i`` predicted as class ``j``, shape (C, C), int64.

    Rows are the true classes and columns the predictions, as in scikit-learn's ``confusion_matrix``;
    the diagonal holds the right predictions.

    Raises
    ------
    ValueError
        if `labels` and `predicted` differ in shape, or hold a class outside ``0 .. n_classes - 1``.

    Examples
    --------
    >>> confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]), 3)
    array([[1, 1, 0],
           [0, 1, 0],
           [0, 0, 1]])
    """
    labels, predicted = np.asarray(labels), np.asarray(predicted)
    if labels.shape != predicted.shape or labels.ndim != 1:
        raise ValueError(_("labels {labels_shape} and predicted {predicted_shape} must be 1-D of the same length").format(
                           labels_shape=labels.shape, predicted_shape=predicted.shape))
    for name, v in (("labels", labels), ("predicted", predicted)):
        if v.size and (not np.issubdtype(v.dtype, np.integer) or v.min() < 0 or v.max() >= n_classes):
            raise ValueError(_("{name} must be integers in 0 .. {last}, got {values}").format(
                               name=name, last=n_classes - 1, values=np.unique(v).tolist()))
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)  # (C, C)
    np.add.at(counts, (labels, predicted), 1)
    return counts
