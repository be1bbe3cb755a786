"""Small data sets shipped inside the package (no download): Fisher's Iris.

The CSV lives in ``softmaxlab/data/`` (see the README there for source and licence) and is
read with :mod:`importlib.resources`, so it works from an editable install and from a wheel.
"""
import csv
import io
from importlib import resources

import numpy as np
from .i18n import _

IRIS_FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
IRIS_CLASSES = ("setosa", "versicolor", "virginica")


def load_iris():
    """Fisher's Iris data: 150 flowers, 4 measurements (cm), 3 species.

    Returns
    -------
    X : ndarray, shape (150, 4), float64
        sepal length, sepal width, petal length, petal width.
    labels : ndarray, shape (150,), int64
        0 = setosa, 1 = versicolor, 2 = virginica.
    feature_names : tuple of str
    class_names : tuple of str

    Examples
    --------
    >>> X, labels, feature_names, class_names = load_iris()
    >>> X.shape, labels.shape, X.dtype
    ((150, 4), (150,), dtype('float64'))
    >>> np.bincount(labels).tolist()
    [50, 50, 50]
    >>> feature_names[2], class_names[labels[0]], X[0].tolist()
    ('petal_length', 'setosa', [5.1, 3.5, 1.4, 0.2])
    """
    text = resources.files("softmaxlab").joinpath("data", "iris.csv").read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if tuple(header) != IRIS_FEATURES + ("species",):
        raise ValueError(_("unexpected header in iris.csv: {header}").format(header=header))
    rows = list(reader)
    X = np.array([[float(v) for v in row[:4]] for row in rows])  # (150, 4)
    labels = np.array([IRIS_CLASSES.index(row[4]) for row in rows], dtype=np.int64)  # (150,)
    return X, labels, IRIS_FEATURES, IRIS_CLASSES
