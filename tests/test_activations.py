"""Unit tests for softmax, softmax_naive, log_softmax, logsumexp, softmax_jacobian, softmax_backward."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from softmaxlab import (
    log_softmax,
    logsumexp,
    softmax,
    softmax_backward,
    softmax_jacobian,
    softmax_naive,
)

NORMALISERS = [softmax, log_softmax, logsumexp, softmax_naive]
inf, nan = np.inf, np.nan


def assert_same_nonfinite(got, expected, rtol):
    """Same nan, +inf and -inf positions exactly; finite entries equal up to rounding."""
    assert got.shape == expected.shape
    assert_array_equal(np.isnan(got), np.isnan(expected))
    assert_array_equal(np.isposinf(got), np.isposinf(expected))
    assert_array_equal(np.isneginf(got), np.isneginf(expected))
    finite = np.isfinite(expected)
    assert_allclose(got[finite], expected[finite], rtol=rtol, atol=0)


def _hand_softmax(x, axis=-1):
    """An independent float64 reference, valid for moderate inputs only."""
    e = np.exp(np.asarray(x, dtype=np.float64))
    return e / e.sum(axis=axis, keepdims=True)


# ---------------------------------------------------------------- values


def test_softmax_known_values():
    assert_allclose(softmax([1.0, 2.0, 3.0]), _hand_softmax([1.0, 2.0, 3.0]), rtol=1e-15)
    assert_array_equal(softmax([0.0, 0.0, 0.0, 0.0]), np.full(4, 0.25))
    assert_array_equal(softmax([5.0]), [1.0])  # one class: certainty


def test_log_softmax_and_logsumexp_known_values():
    x = np.array([1.0, 2.0, 3.0])
    assert_allclose(log_softmax(x), np.log(_hand_softmax(x)), rtol=1e-14)
    assert_allclose(logsumexp(x), np.log(np.exp(x).sum()), rtol=1e-15)
    assert logsumexp([1000.0, 1000.0]) == 1000.0 + np.log(2.0)
    assert_array_equal(log_softmax([0.0, -1000.0]), [0.0, -1000.0])  # log(softmax) would be -inf


def test_softmax_naive_equals_softmax_for_small_input():
    x = np.random.default_rng(0).normal(size=(4, 6))
    assert_allclose(softmax_naive(x), softmax(x), rtol=1e-14)


def test_softmax_naive_overflows_on_purpose():
    with np.errstate(over="raise"), pytest.raises(FloatingPointError, match="overflow"):
        softmax_naive([1000.0, 1001.0])
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(softmax_naive([1000.0, 1001.0])).all()  # inf / inf
        assert np.isnan(softmax_naive(np.array([89.0, 0.0], dtype=np.float32))).any()  # float32 overflows sooner


def test_functions_do_not_mutate_input():
    x = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 5.0]])
    before = x.copy()
    for fn in NORMALISERS:
        fn(x)
    assert_array_equal(x, before)


def test_list_and_tuple_input():
    assert_allclose(softmax([[1, 2], [3, 3]]), softmax(np.array([[1.0, 2.0], [3.0, 3.0]])))
    assert_allclose(log_softmax((1, 2, 3)), log_softmax(np.array([1.0, 2.0, 3.0])))


# ---------------------------------------------------------------- dtypes


@pytest.mark.parametrize("fn", NORMALISERS)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_dtype_is_kept(fn, dtype):
    x = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]], dtype=dtype)
    out = fn(x)
    assert out.dtype == dtype
    assert_allclose(out, fn(x.astype(np.float64)), rtol=5e-3 if dtype == np.float16 else 1e-6, atol=1e-3)


@pytest.mark.parametrize("fn", NORMALISERS)
@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8])
def test_integers_become_float64(fn, dtype):
    x = np.array([[1, 2, 3], [0, 0, 7]], dtype=dtype)
    out = fn(x)
    assert out.dtype == np.float64
    assert_allclose(out, fn(x.astype(np.float64)), rtol=1e-15)


def test_float16_softmax_rows_sum_to_one():
    x = np.array([[10.0, 0.0, -10.0], [3.0, 3.0, 3.0]], dtype=np.float16)
    assert_allclose(softmax(x).astype(np.float64).sum(axis=-1), 1.0, atol=2e-3)


# ---------------------------------------------------------------- axes


@pytest.mark.parametrize("fn", [softmax, log_softmax, softmax_naive])
def test_axis_zero_is_the_transpose(fn):
    x = np.random.default_rng(1).normal(size=(3, 5))
    assert_allclose(fn(x, axis=0), fn(x.T, axis=-1).T, rtol=1e-15)
    assert_allclose(logsumexp(x, axis=0), logsumexp(x.T), rtol=1e-15)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_3d_input_every_axis(axis):
    x = np.random.default_rng(2).normal(size=(2, 3, 4))
    y = softmax(x, axis=axis)
    assert y.shape == x.shape
    assert_allclose(y, _hand_softmax(x, axis=axis), rtol=1e-14)
    assert_allclose(y.sum(axis=axis), 1.0, rtol=1e-15)
    assert_allclose(log_softmax(x, axis=axis), np.log(y), rtol=1e-13)
    assert_allclose(logsumexp(x, axis=axis), np.log(np.exp(x).sum(axis=axis)), rtol=1e-14)


def test_default_axis_is_last_not_whole_array():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert_allclose(softmax(x).sum(axis=-1), [1.0, 1.0])  # one distribution per row
    assert not np.isclose(softmax(x).sum(), 1.0)


def test_numpy_integer_axis_is_accepted():
    x = np.ones((2, 3))
    assert_allclose(softmax(x, axis=np.int64(0)), softmax(x, axis=0))


@pytest.mark.parametrize("fn", NORMALISERS)
@pytest.mark.parametrize("axis", [2, -3, 10])
def test_axis_out_of_range(fn, axis):
    with pytest.raises(ValueError, match=rf"axis {axis} is out of range .*shape \(2, 3\)"):
        fn(np.ones((2, 3)), axis=axis)


@pytest.mark.parametrize("fn", NORMALISERS)
@pytest.mark.parametrize("axis", [None, 1.0, (0, 1), "0", True])
def test_axis_must_be_an_int(fn, axis):
    with pytest.raises(TypeError, match="axis must be an int"):
        fn(np.ones((2, 3)), axis=axis)


# ---------------------------------------------------------------- keepdims


def test_logsumexp_keepdims():
    x = np.random.default_rng(3).normal(size=(2, 3, 4))
    for axis in (0, 1, 2, -1):
        kept = logsumexp(x, axis=axis, keepdims=True)
        expected_shape = list(x.shape)
        expected_shape[axis] = 1
        assert kept.shape == tuple(expected_shape)
        assert_array_equal(np.squeeze(kept, axis=axis), logsumexp(x, axis=axis))
    assert logsumexp(np.ones(3)).shape == ()
    assert logsumexp(np.ones(3), keepdims=True).shape == (1,)


def test_logsumexp_keepdims_broadcasts_back():
    x = np.random.default_rng(4).normal(size=(3, 5))
    assert_allclose(x - logsumexp(x, keepdims=True), log_softmax(x), rtol=1e-14)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("fn", NORMALISERS)
@pytest.mark.parametrize("x", [3.0, np.float64(3.0), np.array(3.0), 7])
def test_scalars_are_rejected(fn, x):
    with pytest.raises(ValueError, match="at least 1 dimension, got a scalar"):
        fn(x)


@pytest.mark.parametrize("fn", NORMALISERS)
@pytest.mark.parametrize(
    "x, dtype_name",
    [(["a", "b"], "<U1"), ([True, False], "bool"), ([1 + 2j, 0j], "complex128"), (np.array([1, None]), "object")],
)
def test_non_numeric_input_is_rejected(fn, x, dtype_name):
    with pytest.raises(TypeError, match=f"real numeric array .*got dtype {dtype_name}"):
        fn(x)


@pytest.mark.parametrize("fn", NORMALISERS)
@pytest.mark.parametrize("shape, axis", [((0,), -1), ((3, 0), -1), ((0, 4), 0)])
def test_empty_axis_is_rejected(fn, shape, axis):
    words = "logsumexp has no terms to add up" if fn is logsumexp else "there is nothing to normalise"
    with pytest.raises(ValueError, match=f"axis {axis % len(shape)} is empty, {words}"):
        fn(np.ones(shape), axis=axis)


def test_empty_batch_along_other_axis_is_fine():
    # normalising each of zero rows is well defined: an empty result, no error
    assert softmax(np.ones((0, 4))).shape == (0, 4)
    assert logsumexp(np.ones((0, 4))).shape == (0,)


# ---------------------------------------------------------------- stability


@pytest.mark.parametrize(
    "x",
    [
        np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, 1e4 - 1]], dtype=np.float32),
        np.array([[1e300, -1e300, 0.0], [-1e300, -1e300, -1e300], [1e300, 1e300, 1e300]], dtype=np.float64),
        np.array([[3e38, -3e38], [-3e38, -3e38]], dtype=np.float32),  # near float32 max: the shift overflows
        np.array([[1.7e308, -1.7e308], [1.7e308, 1.7e308]], dtype=np.float64),
    ],
    ids=["float32-1e4", "float64-1e300", "float32-3e38", "float64-1.7e308"],
)
def test_extreme_finite_input_is_finite_without_warnings(x):
    # a RuntimeWarning fails the test: pyproject.toml sets filterwarnings = error::RuntimeWarning
    y, logy, lse = softmax(x), log_softmax(x), logsumexp(x)
    assert y.dtype == logy.dtype == lse.dtype == x.dtype
    assert np.isfinite(y).all()
    assert_allclose(y.astype(np.float64).sum(axis=-1), 1.0, rtol=1e-6)
    assert not np.isnan(logy).any() and (logy <= 0).all()
    assert np.isfinite(lse).all()


def test_extreme_values_are_right():
    x = np.array([1e4, -1e4, 0.0], dtype=np.float32)
    assert_array_equal(softmax(x), np.array([1.0, 0.0, 0.0], dtype=np.float32))
    assert_array_equal(log_softmax(x), np.array([0.0, -2e4, -1e4], dtype=np.float32))
    assert logsumexp(x) == np.float32(1e4)
    x = np.array([1e300, -1e300])
    assert_array_equal(softmax(x), [1.0, 0.0])
    assert_array_equal(log_softmax(x), [0.0, -2e300])
    assert logsumexp(x) == 1e300
    assert_allclose(softmax(np.array([1e300, 1e300])), [0.5, 0.5])
    assert_allclose(logsumexp(np.array([1e4, 1e4], dtype=np.float32)), 1e4 + np.log(2), rtol=1e-7)


def test_raise_on_any_floating_point_error_for_extreme_input():
    x32 = np.array([[1e4, -1e4], [-1e4, 1e4]], dtype=np.float32)
    x64 = np.array([[1e300, -1e300], [-1e300, 1e300]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is harmless
        for x in (x32, x64):
            softmax(x), log_softmax(x), logsumexp(x)


# ---------------------------------------------------------------- inf and nan

NONFINITE_ROWS = [
    [1.0, -inf, 2.0],  # -inf entry: probability exactly 0
    [-inf, -inf, -inf],  # nothing left: nan
    [1.0, inf, 2.0],  # +inf: inf - inf is undefined
    [inf, inf, 0.0],
    [inf, -inf, 0.0],
    [nan, 1.0, 2.0],
    [nan, -inf, inf],
    [1.0, 2.0, 3.0],  # a finite row next to the others stays right
]


@pytest.mark.parametrize("fn", [softmax, log_softmax, logsumexp])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nonfinite_matches_scipy_exactly(fn, dtype):
    special = pytest.importorskip("scipy.special")
    x = np.array(NONFINITE_ROWS, dtype=dtype)
    with np.errstate(all="ignore"):  # scipy itself warns on some of these rows
        expected = getattr(special, fn.__name__)(x, axis=-1)
    got = fn(x)  # and we must not warn at all
    assert got.dtype == x.dtype
    with np.errstate(all="ignore"):  # and along axis 0 of the transpose
        expected0 = getattr(special, fn.__name__)(x.T, axis=0)
    if fn is not softmax:  # same non-finite entries; the log1p form rounds in another order: finite ones within an ulp
        rtol = 1e-6 if dtype == np.float32 else 1e-15
        assert_same_nonfinite(got, expected, rtol)
        assert_same_nonfinite(fn(x.T, axis=0), expected0, rtol)
    else:  # bit for bit, nan positions included
        assert_array_equal(got, expected, strict=True)
        assert_array_equal(fn(x.T, axis=0), expected0, strict=True)


def test_nonfinite_softmax_as_documented():
    y = softmax(np.array(NONFINITE_ROWS))
    assert_allclose(y[0, [0, 2]], softmax([1.0, 2.0]), rtol=1e-15)
    assert y[0, 1] == 0.0  # -inf gets probability exactly 0
    assert np.isnan(y[1:7]).all()  # all -inf, any +inf, any nan: the whole row is nan
    assert_allclose(y[7], _hand_softmax([1.0, 2.0, 3.0]), rtol=1e-15)


def test_nonfinite_log_softmax_as_documented():
    logy = log_softmax(np.array(NONFINITE_ROWS))
    assert logy[0, 1] == -inf and np.isfinite(logy[0, [0, 2]]).all()
    assert np.isnan(logy[1]).all()  # a row of only -inf
    assert_array_equal(logy[2], [-inf, nan, -inf])  # +inf entries nan, -inf elsewhere
    assert_array_equal(logy[3], [nan, nan, -inf])
    assert_array_equal(logy[4], [nan, -inf, -inf])
    assert np.isnan(logy[5]).all() and np.isnan(logy[6]).all()  # nan anywhere: all nan


def test_nonfinite_logsumexp_as_documented():
    lse = logsumexp(np.array(NONFINITE_ROWS))
    assert lse[0] == logsumexp([1.0, 2.0])
    assert lse[1] == -inf
    assert lse[2] == lse[3] == lse[4] == inf
    assert np.isnan(lse[5]) and np.isnan(lse[6])


# ---------------------------------------------------------------- Jacobian and backward


def test_softmax_jacobian_shapes():
    assert softmax_jacobian(softmax(np.zeros(3))).shape == (3, 3)
    assert softmax_jacobian(softmax(np.zeros((5, 4)))).shape == (5, 4, 4)
    assert softmax_jacobian(np.array([1.0])).shape == (1, 1)


def test_softmax_jacobian_properties():
    probs = softmax(np.random.default_rng(5).normal(size=(6, 5)))
    J = softmax_jacobian(probs)
    assert_allclose(J, np.swapaxes(J, 1, 2), rtol=0, atol=0)  # symmetric, exactly
    assert_allclose(J.sum(axis=-1), 0.0, atol=1e-16)  # rows sum to 0: shifting x changes nothing
    assert_allclose(J.sum(axis=-2), 0.0, atol=1e-16)
    for n in range(len(probs)):
        assert_allclose(J[n], np.diag(probs[n]) - np.outer(probs[n], probs[n]), rtol=1e-15)
        assert (np.diag(J[n]) >= 0).all()
        assert (np.linalg.eigvalsh(J[n]) > -1e-15).all()  # positive semi-definite


def test_softmax_jacobian_matches_finite_differences():
    from softmaxlab import numerical_gradient

    x = np.array([0.3, -1.2, 2.0, 0.5])
    J = softmax_jacobian(softmax(x))
    for i in range(4):
        row = numerical_gradient(lambda v, i=i: softmax(v)[i], x)  # d y_i / d x_j
        assert_allclose(J[i], row, atol=1e-9)


def test_softmax_jacobian_does_not_mutate():
    probs = softmax(np.array([[1.0, 2.0, 0.0]]))
    before = probs.copy()
    softmax_jacobian(probs)
    assert_array_equal(probs, before)


def test_softmax_jacobian_keeps_float32():
    assert softmax_jacobian(softmax(np.zeros(3, dtype=np.float32))).dtype == np.float32


def test_softmax_jacobian_scalar_is_rejected():
    with pytest.raises(ValueError, match=r"probs must have shape \(C,\) or \(..., C\), got a scalar"):
        softmax_jacobian(np.array(0.5))


def test_softmax_jacobian_and_backward_of_a_b_t_c_batch_work_row_by_row():
    rng = np.random.default_rng(8)
    probs = softmax(rng.normal(size=(2, 3, 4)))  # (B, T, C)
    dout = rng.normal(size=(2, 3, 4))
    J = softmax_jacobian(probs)
    assert J.shape == (2, 3, 4, 4)
    for b in range(2):
        for t in range(3):
            assert_array_equal(J[b, t], softmax_jacobian(probs[b, t]))
            assert_allclose(softmax_backward(probs, dout)[b, t], softmax_jacobian(probs[b, t]).T @ dout[b, t],
                            atol=1e-16)


def test_softmax_jacobian_no_classes_and_non_numeric():
    with pytest.raises(ValueError, match="no classes"):
        softmax_jacobian(np.ones((3, 0)))
    with pytest.raises(TypeError, match="probs must be a real numeric array"):
        softmax_jacobian(["a", "b"])


@pytest.mark.parametrize("shape", [(4,), (3, 4), (1, 1)])
def test_softmax_backward_equals_jacobian_transpose_times_dout(shape):
    rng = np.random.default_rng(6)
    probs = softmax(rng.normal(size=shape))
    dout = rng.normal(size=shape)
    J = softmax_jacobian(probs)
    expected = np.einsum("...ij,...i->...j", J, dout)  # J^T dout, row by row
    assert_allclose(softmax_backward(probs, dout), expected, atol=1e-15)


def test_softmax_backward_does_not_mutate_and_keeps_dtype():
    probs = softmax(np.array([[1.0, 2.0, 3.0]], dtype=np.float32))
    dout = np.array([[0.5, -1.0, 2.0]], dtype=np.float32)
    p0, d0 = probs.copy(), dout.copy()
    dx = softmax_backward(probs, dout)
    assert_array_equal(probs, p0)
    assert_array_equal(dout, d0)
    assert dx.dtype == np.float32


def test_softmax_backward_of_a_constant_upstream_is_zero():
    probs = softmax(np.array([[1.0, 2.0, 3.0]]))
    assert_allclose(softmax_backward(probs, np.full((1, 3), 7.0)), 0.0, atol=1e-15)


def test_softmax_backward_bad_input():
    probs = softmax(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"dout has shape \(3, 2\) but probs has shape \(2, 3\)"):
        softmax_backward(probs, np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"dout has shape \(3,\) but probs has shape \(2, 3\)"):
        softmax_backward(probs, np.ones(3))  # no silent broadcasting
    with pytest.raises(TypeError, match="dout must be a real numeric array"):
        softmax_backward(probs, [["a"] * 3] * 2)
    with pytest.raises(ValueError, match="probs must have shape"):
        softmax_backward(np.array(0.5), np.array(1.0))
