"""Issue 13: numerics at the edges, against mpmath or an exact value, and the API's hostile edges.

mpmath (a pinned test requirement) evaluates every reference with 400 significant digits.
"""
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from softmaxlab import (
    GRADCHECK_THRESHOLD,
    Softmax,
    SoftmaxWithLoss,
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_backward,
    gradient_check,
    log_softmax,
    logsumexp,
    numerical_gradient,
    one_hot,
    softmax,
    softmax_backward,
    softmax_jacobian,
    softmax_naive,
)

mp = pytest.importorskip("mpmath")


@pytest.fixture(autouse=True)
def _mpmath_digits():
    """400 significant digits, enough for m + 1e-305 with m ~ 1e6 to keep every digit. mpmath's precision
    is global: set it for each test here, and give back what other test modules set."""
    with mp.workdps(400):
        yield


inf, nan = np.inf, np.nan


def exact_logsumexp(row):
    return mp.log(mp.fsum(mp.exp(mp.mpf(float(v))) for v in row))


def ulps(got, exact, dtype=np.float64):
    """|got - exact| in units of the spacing of `dtype` at the exact value."""
    exact_f = dtype(float(exact))
    return float(abs(mp.mpf(float(got)) - exact) / mp.mpf(float(np.spacing(abs(exact_f)))))


# ---------------------------------------------------------------- item 1: the issue's cases, exactly


def test_the_issues_cases_are_exact():
    lse = float(exact_logsumexp([0.0, -40.0]))
    assert lse == 4.2483542552915889e-18  # the issue's exact value, correctly rounded
    assert float(logsumexp([0.0, -40.0])) == lse
    assert float(-log_softmax([0.0, -40.0])[0]) == lse
    assert float(cross_entropy([[0.0, -40.0]], [0])) == lse
    layer = SoftmaxWithLoss()
    assert float(layer.forward(np.array([[0.0, -40.0]]), [0])) == lse
    assert float(logsumexp(np.float32([0.0, -20.0]))) == np.float32(float(exact_logsumexp([0.0, -20.0])))
    assert logsumexp(np.float32([0.0, -20.0])).dtype == np.float32


def test_cross_entropy_18_0_minus_1_has_all_its_digits():
    exact = exact_logsumexp([18.0, 0.0, -1.0]) - 18
    assert ulps(cross_entropy([[18.0, 0.0, -1.0]], [0]), exact) <= 2  # the old log(1 + s) kept 9 digits


def _hard_rows():
    """Rows where one entry dominates by 5 to 700, ties, huge offsets, many classes, float64."""
    rng = np.random.default_rng(13)
    rows = []
    for margin in (5.0, 20.0, 36.0, 37.5, 50.0, 100.0, 300.0, 700.0):
        for C in (2, 3, 10):
            row = -margin - rng.exponential(3.0, size=C)
            row[rng.integers(C)] = 0.0
            # offsets keep x - m exact (Sterbenz): the rounding of x - m itself is the input's, not ours
            rows.append(row + rng.choice([0.0, 1e3, -1e6, 1e10]))
    rows += [np.array([1e10, 1e10 - 40.0, 1e10 - 41.0]), np.array([-1e300, -1e300, -1e300]),
             np.array([5.0, 5.0, -30.0]), rng.normal(size=1000) * 10, np.array([0.0, -745.0]),
             np.array([3.0, 3.0 - 1e-12])]
    return rows


@pytest.mark.parametrize("row", _hard_rows(), ids=lambda r: f"C{len(r)}")
def test_within_a_few_ulp_of_mpmath_on_hard_rows(row):
    exact = exact_logsumexp(row)
    m = mp.mpf(float(np.max(row)))
    # logsumexp = m + log1p(rest): its rounding is relative to |m| + log1p(rest), not to a small sum of them
    scale = abs(m) + (exact - m)
    assert float(abs(mp.mpf(float(logsumexp(row))) - exact) / mp.mpf(float(np.spacing(float(scale))))) <= 2
    logp = log_softmax(row)
    for j in range(len(row)):
        assert ulps(logp[j], mp.mpf(float(row[j])) - exact) <= 4, j
    label = int(np.argmax(row))
    assert ulps(cross_entropy(row, label), exact - m) <= 4  # the small loss of the confident class
    other = (label + 1) % len(row)
    assert ulps(cross_entropy(row, other), exact - mp.mpf(float(row[other]))) <= 4


def test_float32_within_a_few_ulp_of_mpmath():
    for row in ([0.0, -20.0], [0.0, -10.0, -12.0], [30.0, 0.0, -1.0], [5.0, 5.0, -3.0]):
        x = np.float32(row)
        exact = exact_logsumexp(x)
        m = mp.mpf(float(x.max()))
        assert ulps(cross_entropy(x, int(np.argmax(x))), exact - m, np.float32) <= 2
        assert ulps(-log_softmax(x)[int(np.argmax(x))], exact - m, np.float32) <= 2


def test_gradient_of_a_confident_sample_is_correctly_rounded():
    for d in (10.0, 20.0, 30.0, 40.0):
        x = np.array([[d, 0.0, -1.0]])
        e = [mp.exp(mp.mpf(v) - d) for v in x[0]]
        exact = [e[0] / sum(e) - 1, e[1] / sum(e), e[2] / sum(e)]
        for g in (cross_entropy_backward(x, [0]), cross_entropy_backward(x, one_hot([0], 3)),
                  cross_entropy_backward(x, [0], reduction="sum")):
            assert max(ulps(g[0, j], exact[j]) for j in range(3)) <= 2
        layer = SoftmaxWithLoss("sum")
        layer.forward(x, [0])
        assert max(ulps(layer.backward()[0, j], exact[j]) for j in range(3)) <= 2


# ---------------------------------------------------------------- item 3: float16


def test_float16_is_computed_in_float32_and_returned_as_float16():
    x = np.zeros(70000, np.float16)
    assert logsumexp(x).dtype == np.float16
    assert logsumexp(x) == np.float16(np.log(70000.0))  # 11.156, where float16's own sum would be inf
    big = np.float16([[10.0, 0.0, -10.0], [60000.0, 0.0, 1.0]])
    for out in (softmax(big), log_softmax(big), cross_entropy_backward(big, [0, 1]),
                cross_entropy(big, [0, 1], reduction="none"), logsumexp(big)):
        assert out.dtype == np.float16 and np.all(np.isfinite(out))
    assert_array_equal(softmax(big), softmax(big.astype(np.float32)).astype(np.float16))
    assert float(cross_entropy(big, [0, 1], reduction="sum")) == pytest.approx(60000.0, rel=1e-3)


def test_binary_cross_entropy_float16_probability_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = binary_cross_entropy(np.float16([1.0]), [0.0])  # 1 - eps rounds to 1 in float16
    assert loss.dtype == np.float16 and np.isfinite(loss)
    assert float(loss) == pytest.approx(-np.log(np.float32(1) - np.float32(1 - np.float32(1e-7))), rel=1e-3)


# ---------------------------------------------------------------- no floating-point error, whatever seterr says


def _every_function_on_hostile_input():
    rows = np.array([[-1600.0, 0.0], [inf, 1.0], [-inf, -inf], [nan, 0.0], [1e308, -1e308]])
    probs = softmax(np.array([[-1600.0, 0.0, 1.0]]))
    yield "softmax", lambda: softmax(rows)
    yield "log_softmax", lambda: log_softmax(rows)
    yield "logsumexp", lambda: logsumexp(rows)
    yield "softmax_naive underflow", lambda: softmax_naive([-1600.0, 0.0])
    yield "softmax_jacobian", lambda: softmax_jacobian(probs)
    yield "softmax_backward", lambda: softmax_backward(probs, np.ones_like(probs))
    yield "cross_entropy", lambda: cross_entropy(rows, [0, 1, 0, 1, 1])
    yield "cross_entropy one-hot", lambda: cross_entropy(rows, one_hot([0, 1, 0, 1, 1], 2))
    yield "cross_entropy_backward", lambda: cross_entropy_backward(rows, [0, 1, 0, 1, 1])
    yield "cross_entropy from probs, a row summing to 0", lambda: cross_entropy(
        [[1.0, -1.0, 0.0], [0.0, 0.0, 0.0], [0.2, 0.3, 0.5]], [0, 1, 2], from_logits=False)
    yield "binary_cross_entropy logits", lambda: binary_cross_entropy([-1e4, inf, -inf, 0.0], [1, 1, 1, 0],
                                                                     from_logits=True)
    yield "binary_cross_entropy probs", lambda: binary_cross_entropy([0.0, 1.0, 1e-300], [1, 0, 1])

    def layers():
        layer = SoftmaxWithLoss()
        layer.forward(rows, [0, 1, 0, 1, 1])
        layer.backward()
        soft = Softmax()
        soft.forward(rows)
        soft.backward(np.ones_like(rows))
    yield "layers", layers
    yield "gradient_check", lambda: gradient_check(lambda v: cross_entropy(v, [0]), np.array([[-1600.0, 0.0]]),
                                                   cross_entropy_backward(np.array([[-1600.0, 0.0]]), [0]))


@pytest.mark.parametrize("name, call", list(_every_function_on_hostile_input()), ids=lambda v: str(v)[:40])
def test_no_floating_point_error_under_seterr_raise(name, call):
    old = np.seterr(all="raise")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            call()
    finally:
        np.seterr(**old)


def test_softmax_of_minus_1600_0_under_seterr_raise_is_right():
    with np.errstate(all="raise"):
        assert_array_equal(softmax([-1600.0, 0.0]), [0.0, 1.0])
        assert_array_equal(log_softmax([-1600.0, 0.0]), [-1600.0, 0.0])


def test_softmax_naive_still_shows_its_overflow():
    with np.errstate(all="raise"), pytest.raises(FloatingPointError, match="overflow"):
        softmax_naive([1000.0, 0.0])


# ---------------------------------------------------------------- item 4 and 6: probabilities from the caller


def _keras(probs, target, eps=1e-7):
    with np.errstate(all="ignore"):
        p = np.asarray(probs, float) / np.sum(probs, axis=-1, keepdims=True)
        return -np.sum(np.where(target == 0, 0, target * np.log(np.clip(p, eps, 1 - eps))), axis=-1)


def test_from_probs_gives_keras_answer_for_any_real_row_and_no_warning():
    rows = np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 0.0], [-0.2, 0.7, 0.5], [-1.0, -2.0, -3.0], [0.2, 0.3, 0.5]])
    targets = one_hot([0, 1, 1, 2, 2], 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = cross_entropy(rows, targets, reduction="none", from_logits=False)
    assert_allclose(got, _keras(rows, targets), rtol=1e-15, equal_nan=True)
    assert np.isnan(got[1])  # a row summing to 0: 0 / 0, as in Keras
    assert got[2] == pytest.approx(-np.log(0.7 / 1.0))


@pytest.mark.parametrize("eps", [0.5, 0.7, 0.0, -1e-7])
def test_eps_outside_0_half_is_refused(eps):
    with pytest.raises(ValueError, match=r"eps must be in \(0, 0.5\)"):
        cross_entropy([[0.2, 0.8]], [1], from_logits=False, eps=eps)
    with pytest.raises(ValueError, match=r"eps must be in \(0, 0.5\)"):
        binary_cross_entropy([0.2], [1.0], eps=eps)


@pytest.mark.parametrize("p", [-0.1, 1.5, -np.inf])
def test_bce_probabilities_outside_0_1_are_refused(p):
    with pytest.raises(ValueError, match=r"which must be in \[0, 1\]; got .* at flat index 1"):
        binary_cross_entropy([0.5, p], [1.0, 0.0])


# ---------------------------------------------------------------- item 5: layers and shapes


def test_backward_before_forward_says_so():
    for layer, args in ((Softmax(), (np.ones(3),)), (SoftmaxWithLoss(), ())):
        with pytest.raises(RuntimeError, match=r"backward\(\) was called before forward\(\)"):
            layer.backward(*args)


def test_softmax_layer_on_a_b_t_c_batch_has_a_matching_backward():
    rng = np.random.default_rng(5)
    logits, dout = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))  # (B, T, C)
    layer = Softmax()
    assert_array_equal(layer.forward(logits), softmax(logits))
    grad = layer.backward(dout)
    assert grad.shape == (2, 3, 4)
    assert gradient_check(lambda x: np.sum(dout * softmax(x)), logits, grad) < GRADCHECK_THRESHOLD


def test_layer_messages_name_only_what_the_caller_passed():
    layer = Softmax()
    with pytest.raises(ValueError, match=r"^logits must have at least 1 dimension"):
        layer.forward(3.0)
    layer.forward(np.ones((5, 4)))
    with pytest.raises(ValueError, match=r"dout has shape \(4,\) but forward\(\) returned probabilities") as info:
        layer.backward(np.ones(4))
    assert "but probs" not in str(info.value)  # the layer's caller never passed probs
    loss = SoftmaxWithLoss("none")
    loss.forward(np.ones((5, 4)), [0, 1, 2, 3, 0])
    with pytest.raises(ValueError, match=r"returned N = 5 losses, so backward\(\) needs their upstream gradients: "
                                         r"call backward\(dout\) with dout of shape \(5,\)"):
        loss.backward()


def test_one_sample_with_a_length_one_target_works_as_in_pytorch():
    exact = float(exact_logsumexp([1.0, 2.0, 3.0]) - 3)  # PyTorch: 0.4076
    for reduction in ("mean", "sum", "none"):
        got = cross_entropy([1.0, 2.0, 3.0], [2], reduction=reduction)
        assert np.shape(got) == () and float(got) == pytest.approx(exact, rel=1e-15)
    assert_array_equal(cross_entropy_backward([1.0, 2.0, 3.0], [2]), cross_entropy_backward([1.0, 2.0, 3.0], 2))
    with pytest.raises(ValueError, match=r"one sample: its class-index target must be a scalar or have shape "
                                         r"\(1,\), got shape \(1, 1\)") as info:
        cross_entropy([1.0, 2.0, 3.0], [[2]])
    assert "(N,)" not in str(info.value)


def test_logsumexp_empty_axis_message_fits_logsumexp():
    with pytest.raises(ValueError, match=r"axis 1 is empty, logsumexp has no terms to add up") as info:
        logsumexp(np.ones((3, 0)))
    assert "normalise" not in str(info.value)


# ---------------------------------------------------------------- item 6: the rest of the API, as a hostile user


def test_one_hot_edges():
    assert one_hot([], num_classes=3).shape == (0, 3)
    assert one_hot(np.zeros((2, 0), dtype=int), num_classes=4).shape == (2, 0, 4)
    with pytest.raises(ValueError, match=r"one_hot would build 1 x 10000000001 floats \(74.5 GiB\), more than the "
                                         r"1 GiB limit; is the largest label, 10000000000, right\?"):
        one_hot([10 ** 10])
    with pytest.raises(ValueError, match="more than the 1 GiB limit"):
        one_hot([0, 1], num_classes=10 ** 9)
    with pytest.raises(TypeError, match="labels must be integers, got dtype timedelta64"):
        one_hot(np.array([1, 2], dtype="timedelta64[s]"))
    with pytest.raises(TypeError, match="labels is a masked array"):
        one_hot(np.ma.masked_array([0, 1], mask=[0, 1]))


def test_layer_and_function_agree_on_a_row_holding_plus_inf():
    logits = np.array([[1.0, inf, 0.0], [1.0, 2.0, 3.0], [-inf, -inf, -inf], [nan, 1.0, 0.0]])
    for targets in ([1, 0, 0, 1], one_hot([1, 0, 0, 1], 3)):
        for reduction in ("mean", "sum", "none"):
            layer = SoftmaxWithLoss(reduction)
            loss = layer.forward(logits, targets)
            assert_array_equal(loss, cross_entropy(logits, targets, reduction=reduction))
            dout = np.ones(4) if reduction == "none" else None
            assert_array_equal(layer.backward(dout), cross_entropy_backward(logits, targets, reduction=reduction))
            assert_array_equal(layer.probs, softmax(logits))
    assert np.isnan(cross_entropy_backward(logits, [1, 0, 0, 1])[[0, 2, 3]]).all()


BAD_ARRAYS = [
    (np.array([1, 2], dtype="timedelta64[s]"), "timedelta64"),
    (np.array(["2026-12-01", "2026-12-02"], dtype="datetime64[D]"), "datetime64"),
    (np.array([1 + 2j, 3.0]), "complex128"),
    (np.array([None, 1.0]), "object"),
    (np.array([True, False]), "bool"),
]


@pytest.mark.parametrize("bad, dtype_name", BAD_ARRAYS, ids=[d for _, d in BAD_ARRAYS])
def test_non_real_input_is_refused_everywhere(bad, dtype_name):
    for call in (lambda: softmax(bad), lambda: log_softmax(bad), lambda: logsumexp(bad),
                 lambda: cross_entropy(bad, 0), lambda: binary_cross_entropy(bad, [0.0, 1.0]),
                 lambda: softmax_jacobian(bad), lambda: Softmax().forward(bad)):
        with pytest.raises(TypeError, match=f"must be a real numeric array .*got dtype {dtype_name}"):
            call()


def test_masked_arrays_are_refused_not_unmasked():
    masked = np.ma.masked_array([[1.0, 2.0, 3.0]], mask=[[0, 0, 1]])
    for call, name in ((lambda: softmax(masked), "x"), (lambda: log_softmax(masked), "x"),
                       (lambda: cross_entropy(masked, [0]), "logits"),
                       (lambda: cross_entropy([[1.0, 2.0]], np.ma.masked_array([0], mask=[1])), "targets"),
                       (lambda: binary_cross_entropy(np.ma.masked_array([0.5], mask=[1]), [1.0]), "x")):
        with pytest.raises(TypeError, match=f"{name} is a masked array; softmaxlab would silently drop its mask"):
            call()


@pytest.mark.parametrize("x, error, message", [
    (None, TypeError, r"x must be a real numeric array .*got dtype object"),
    (np.array(["2026-12-01"], dtype="datetime64[D]"), TypeError, r"x must be a real numeric array .*datetime64"),
    (np.array([1.0 + 1j, 2.0]), TypeError, r"x must be a real numeric array .*complex128"),
    (np.zeros((0, 3)), ValueError, r"x has shape \(0, 3\): it is empty, there is no gradient to compute"),
])
def test_gradient_tools_refuse_what_has_no_gradient(x, error, message):
    with pytest.raises(error, match=message):
        numerical_gradient(lambda v: np.sum(v), x)
    with pytest.raises(error, match=message):
        gradient_check(lambda v: np.sum(v), x, np.zeros(np.shape(x)) if x is not None else 0.0)


def test_gradient_check_refuses_a_float32_f_and_bad_steps():
    x = np.array([1.0, 2.0])
    with pytest.raises(TypeError, match=r"f returned a float with rounding unit 1.2e-07 \(float32 or float16\)"):
        gradient_check(lambda v: np.float32(np.sum(v ** 2)), x, 2 * x)
    with pytest.raises(TypeError, match="f must return a real number, got dtype complex128"):
        gradient_check(lambda v: np.sum(v) + 1j, x, 2 * x)
    with pytest.raises(TypeError, match="analytic_grad must be a real numeric array"):
        gradient_check(lambda v: np.sum(v), x, None)
    for h in (0.0, -1e-5, nan, inf):
        with pytest.raises(ValueError, match="step h must be positive and finite"):
            gradient_check(lambda v: np.sum(v), x, np.ones(2), h=h)
    with pytest.raises(TypeError, match="step h must be a number"):
        numerical_gradient(lambda v: np.sum(v), x, h=None)


def test_gradient_check_is_nan_for_non_finite_gradients_and_never_passes_them():
    x = np.array([1.0, 2.0])
    for bad in ([nan, 4.0], [inf, 4.0]):
        score = gradient_check(lambda v: np.sum(v ** 2), x, bad)
        assert np.isnan(score) and not score < GRADCHECK_THRESHOLD


@pytest.mark.parametrize("probs", [[0.5, 1.5], [-0.1, 1.1], [[0.2, 0.8], [2.0, -1.0]]])
def test_softmax_jacobian_and_backward_refuse_probabilities_outside_0_1(probs):
    with pytest.raises(ValueError, match=r"probs must be softmax outputs, in \[0, 1\]; got .* \(did you pass logits"):
        softmax_jacobian(probs)
    with pytest.raises(ValueError, match=r"probs must be softmax outputs, in \[0, 1\]"):
        softmax_backward(probs, np.ones(np.shape(probs)))
