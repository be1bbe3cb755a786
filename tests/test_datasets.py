"""The Iris CSV shipped in the package: shape, balance, known values, and its documentation."""
from importlib import resources

import numpy as np

from softmaxlab.datasets import load_iris


def test_iris_shape_and_classes():
    X, labels, feature_names, class_names = load_iris()
    assert X.shape == (150, 4) and X.dtype == np.float64
    assert labels.shape == (150,) and np.issubdtype(labels.dtype, np.integer)
    assert np.bincount(labels).tolist() == [50, 50, 50]
    assert labels.tolist() == [0] * 50 + [1] * 50 + [2] * 50  # original order
    assert feature_names == ("sepal_length", "sepal_width", "petal_length", "petal_width")
    assert class_names == ("setosa", "versicolor", "virginica")


def test_iris_values_match_fisher():
    X, labels, _, _ = load_iris()
    assert np.isfinite(X).all() and (X > 0).all()
    # The well-known column means and ranges (Fisher 1936, also scikit-learn's description).
    np.testing.assert_allclose(X.mean(axis=0), [5.843333, 3.057333, 3.758, 1.199333], atol=1e-6)
    np.testing.assert_allclose(X.min(axis=0), [4.3, 2.0, 1.0, 0.1])
    np.testing.assert_allclose(X.max(axis=0), [7.9, 4.4, 6.9, 2.5])
    # Fisher's values where the UCI file has two wrong entries (rows 35 and 38, 1-based).
    np.testing.assert_allclose(X[34], [4.9, 3.1, 1.5, 0.2])
    np.testing.assert_allclose(X[37], [4.9, 3.6, 1.4, 0.1])


def test_iris_loader_returns_fresh_arrays():
    X1, y1, _, _ = load_iris()
    X1[:] = 0
    y1[:] = 2
    X2, y2, _, _ = load_iris()
    assert X2[0, 0] == 5.1 and y2[0] == 0


def test_iris_file_is_documented():
    data = resources.files("softmaxlab").joinpath("data")
    text = data.joinpath("README.md").read_text(encoding="utf-8")
    for needle in ("Fisher", "10.24432/C56C76", "CC BY 4.0", "scikit-learn"):
        assert needle in text
    lines = data.joinpath("iris.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "sepal_length,sepal_width,petal_length,petal_width,species"
    assert len(lines) == 151
