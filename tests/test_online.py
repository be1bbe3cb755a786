"""Online softmax: the (max, sum) pair and merge, online_logsumexp, tiled_attention and
fused_cross_entropy, each against a direct computation."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from softmaxlab import cross_entropy, cross_entropy_backward, logsumexp
from softmaxlab.attention import scaled_dot_product_attention
from softmaxlab.online import (
    OnlineSoftmaxState,
    fused_cross_entropy,
    merge,
    online_logsumexp,
    online_update,
    tiled_attention,
)

inf, nan = np.inf, np.nan


def _pair(x):
    """The (max, sum) pair of a whole row, computed directly."""
    x = np.asarray(x, float)
    m = x.max(axis=-1)
    return m, np.exp(x - m[..., None]).sum(axis=-1)


# ---------------------------------------------------------------- the state and merge


def test_update_chunk_by_chunk_gives_the_direct_pair():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 17)) * 20
    state = OnlineSoftmaxState()
    for start in range(0, 17, 4):
        state = online_update(state, x[:, start:start + 4])
    m, s = _pair(x)
    assert_array_equal(state.m, m)
    assert_allclose(state.s, s, rtol=1e-14)


def test_rescale_factor_is_at_most_one_and_scales_down():
    """The old sum is multiplied by exp(m_old - m_new) <= 1; the flipped sign would blow it up."""
    state = online_update(OnlineSoftmaxState(), [0.0, -1.0])
    new = online_update(state, [10.0])
    assert new.m == 10.0
    assert_allclose(new.s, state.s * np.exp(0.0 - 10.0) + 1.0, rtol=1e-15)
    flipped = state.s * np.exp(10.0 - 0.0) + 1.0
    assert not np.isclose(new.s, flipped)
    forgot = state.s + 1.0  # forgetting to rescale the sum
    assert not np.isclose(new.s, forgot)


def test_initial_minus_inf_gives_no_nan():
    with np.errstate(all="raise"):
        state = online_update(OnlineSoftmaxState(), [-inf, -inf])
        assert state.m == -inf and state.s == 0
        state = online_update(state, [2.0])
        assert state.m == 2.0 and state.s == 1.0
        assert tuple(map(float, merge(OnlineSoftmaxState(), OnlineSoftmaxState()))) == (-inf, 0.0)
        assert tuple(map(float, merge(OnlineSoftmaxState(), state))) == (2.0, 1.0)
    empty = online_update(OnlineSoftmaxState(), np.zeros((2, 0)))
    assert_array_equal(empty.m, [-inf, -inf])
    assert_array_equal(empty.s, [0, 0])


@given(st.lists(st.floats(-700, 700), min_size=1, max_size=30), st.integers(1, 29))
def test_merge_of_two_halves_is_the_pair_of_the_whole(values, cut):
    x = np.array(values)
    cut = min(cut, len(x))
    a = online_update(OnlineSoftmaxState(), x[:cut])
    b = online_update(OnlineSoftmaxState(), x[cut:])
    m, s = _pair(x)
    for ab in (merge(a, b), merge(b, a)):
        assert ab.m == m
        assert_allclose(ab.s, s, rtol=1e-13)


def test_merge_is_associative():
    rng = np.random.default_rng(1)
    parts = [online_update(OnlineSoftmaxState(), rng.normal(size=(2, 5)) * 30) for _ in range(3)]
    left = merge(merge(parts[0], parts[1]), parts[2])
    right = merge(parts[0], merge(parts[1], parts[2]))
    assert_array_equal(left.m, right.m)
    assert_allclose(left.s, right.s, rtol=1e-14)


def test_state_bad_input():
    with pytest.raises(ValueError, match="below \\+inf"):
        online_update(OnlineSoftmaxState(), [1.0, inf])
    with pytest.raises(ValueError, match="holds nan"):
        online_update(OnlineSoftmaxState(), [nan])
    with pytest.raises(TypeError, match="OnlineSoftmaxState"):
        online_update(3.0, [1.0])
    with pytest.raises(ValueError, match="state.s must be >= 0"):
        online_update(OnlineSoftmaxState(0.0, -1.0), [1.0])
    with pytest.raises(ValueError, match="state.m must be finite or -inf"):
        online_update(OnlineSoftmaxState(nan, 1.0), [1.0])
    with pytest.raises(ValueError, match="does not broadcast"):
        online_update(OnlineSoftmaxState(np.zeros(3), np.ones(3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="scalar"):
        online_update(OnlineSoftmaxState(), 1.0)
    with pytest.raises(TypeError, match="x must be a real numeric"):
        online_update(OnlineSoftmaxState(), ["a"])
    with pytest.raises(ValueError, match="do not broadcast"):
        merge(OnlineSoftmaxState(np.zeros(2), np.ones(2)), OnlineSoftmaxState(np.zeros(3), np.ones(3)))


# ---------------------------------------------------------------- online_logsumexp


def test_online_logsumexp_against_logsumexp():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 1000)) * 50 + 500
    chunks = np.array_split(x, 7, axis=-1)
    got = online_logsumexp(chunks)
    want = logsumexp(x)
    assert_allclose(got, want, rtol=1e-15, atol=0)
    assert_array_equal(online_logsumexp([[-inf, -inf], [-inf]]), -inf)
    assert online_logsumexp([]) == -inf


def test_online_logsumexp_loses_the_log1p_digits_it_documents():
    assert online_logsumexp([[0.0], [-40.0]]) == 0.0
    assert logsumexp([0.0, -40.0]) > 0


# ---------------------------------------------------------------- tiled_attention


@pytest.mark.parametrize("tile", [1, 3, 8, 64])
def test_tiled_attention_matches_direct(tile):
    rng = np.random.default_rng(3)
    q = rng.normal(size=(2, 3, 9, 16)) * 2
    k = rng.normal(size=(2, 3, 21, 16)) * 2
    v = rng.normal(size=(2, 3, 21, 5))
    keep = rng.random((2, 1, 9, 21)) < 0.5
    keep[0, 0, 4] = False  # a query with no kept key
    for kwargs in ({}, {"mask": keep}, {"causal": True}, {"mask": keep, "causal": True, "scale": 0.3}):
        direct = scaled_dot_product_attention(q, k, v, **kwargs)
        tiled = tiled_attention(q, k, v, tile=tile, **kwargs)
        assert_allclose(tiled, direct, rtol=0, atol=1e-14)
    assert_array_equal(tiled_attention(q, k, v, tile=tile, mask=keep)[0, :, 4], 0)


def test_tiled_attention_largest_difference():
    rng = np.random.default_rng(4)
    q, k, v = rng.normal(size=(64, 64)), rng.normal(size=(1000, 64)), rng.normal(size=(1000, 64))
    diff = np.max(np.abs(tiled_attention(q, k, v, tile=128, causal=True)
                         - scaled_dot_product_attention(q, k, v, causal=True)))
    print(f"tiled vs direct attention (64 queries, 1000 keys, tile 128, float64): max |diff| = {diff:.2e}")
    assert diff < 1e-15


def test_tiled_attention_never_forms_a_full_row(monkeypatch):
    """Every scores array it builds has at most `tile` keys: record the shapes np.exp sees."""
    import softmaxlab.online as online
    seen = []
    real_exp = np.exp

    class SpyNumpy:
        def __getattr__(self, name):
            return getattr(np, name)

        @staticmethod
        def exp(x, *args, **kwargs):
            seen.append(np.shape(x))
            return real_exp(x, *args, **kwargs)

    monkeypatch.setattr(online, "np", SpyNumpy())
    rng = np.random.default_rng(5)
    q, k, v = rng.normal(size=(4, 8)), rng.normal(size=(50, 8)), rng.normal(size=(50, 2))
    tiled_attention(q, k, v, tile=7)
    assert seen and max(shape[-1] for shape in seen if len(shape) == 2) <= 7


def test_tiled_attention_bad_input():
    q, k, v = np.ones((2, 4)), np.ones((3, 4)), np.ones((3, 5))
    with pytest.raises(TypeError, match="tile must be an int"):
        tiled_attention(q, k, v, tile=2.0)
    with pytest.raises(ValueError, match="tile must be >= 1"):
        tiled_attention(q, k, v, tile=0)
    with pytest.raises(ValueError, match="same last dimension d"):
        tiled_attention(q, np.ones((3, 5)), v)


# ---------------------------------------------------------------- fused_cross_entropy


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("tile", [1, 5, 1024])
def test_fused_cross_entropy_matches_the_two_functions(reduction, tile):
    rng = np.random.default_rng(6)
    logits = rng.normal(size=(8, 37)) * 5
    labels = rng.integers(0, 37, size=8)
    loss, dlogits = fused_cross_entropy(logits, labels, tile=tile, reduction=reduction)
    assert_allclose(loss, cross_entropy(logits, labels, reduction=reduction), rtol=1e-13, atol=1e-15)
    assert_allclose(dlogits, cross_entropy_backward(logits, labels, reduction=reduction), rtol=1e-14, atol=1e-16)


def test_fused_cross_entropy_large_logits_and_minus_inf():
    rng = np.random.default_rng(7)
    logits = rng.normal(size=(16, 500)) * 30 + 1000
    logits[3, :100] = -inf
    labels = rng.integers(100, 500, size=16)
    loss, dlogits = fused_cross_entropy(logits, labels, tile=64)
    dl_ref = cross_entropy_backward(logits, labels)
    assert_allclose(loss, cross_entropy(logits, labels), rtol=1e-12)
    diff = np.max(np.abs(dlogits - dl_ref))
    print(f"fused_cross_entropy vs cross_entropy_backward (16 x 500, logits ~ 1000 +- 30): max |diff| = {diff:.2e}")
    assert diff < 1e-15
    assert_array_equal(dlogits[3, :100], 0)


def test_fused_cross_entropy_dtypes():
    logits = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 0.0]])
    for dtype in (np.float16, np.float32):
        loss, dlogits = fused_cross_entropy(logits.astype(dtype), [0, 2])
        assert loss.dtype == dtype and dlogits.dtype == dtype
        assert_allclose(loss, cross_entropy(logits, [0, 2]), rtol=2e-3)


def test_fused_cross_entropy_bad_input():
    with pytest.raises(TypeError, match="labels must be integer"):
        fused_cross_entropy(np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="out of range"):
        fused_cross_entropy(np.zeros((2, 3)), [0, 3])
    with pytest.raises(ValueError, match=r"shape \(N, C\)"):
        fused_cross_entropy(np.zeros(3), [0])
    with pytest.raises(ValueError, match="below \\+inf"):
        fused_cross_entropy([[0.0, inf]], [0])
    with pytest.raises(ValueError, match="reduction"):
        fused_cross_entropy(np.zeros((2, 3)), [0, 1], reduction="avg")
    with pytest.raises(ValueError, match="tile must be >= 1"):
        fused_cross_entropy(np.zeros((2, 3)), [0, 1], tile=0)
    with pytest.raises(ValueError, match="batch size mismatch"):
        fused_cross_entropy(np.zeros((2, 3)), [0, 1, 2])


def test_fused_cross_entropy_loses_the_tiny_loss_it_documents():
    loss, _ = fused_cross_entropy([[40.0, 0.0]], [0])
    assert loss == 0.0
    assert cross_entropy([[40.0, 0.0]], [0]) > 4e-18


def test_no_floating_point_warning_even_under_seterr_raise():
    x = np.array([[0.0, -800.0, -inf, 5.0]])
    rng = np.random.default_rng(8)
    with np.errstate(all="raise"):  # underflow of exp(-800) to 0 must not raise either
        state = online_update(online_update(OnlineSoftmaxState(), [-800.0]), [0.0])
        assert state.m == 0 and state.s == 1
        merged = merge(OnlineSoftmaxState(-800.0, 1.0), OnlineSoftmaxState(0.0, 1.0))
        assert merged.s == 1
        assert_allclose(online_logsumexp([x[:, :2], x[:, 2:]]), logsumexp(x), rtol=1e-15)
        q, k, v = rng.normal(size=(3, 2)) * 40, rng.normal(size=(9, 2)) * 40, rng.normal(size=(9, 2))
        assert_allclose(tiled_attention(q, k, v, tile=2), scaled_dot_product_attention(q, k, v), atol=1e-14)
        fused_cross_entropy(x, [0], tile=1)


def test_fused_cross_entropy_leaves_its_input_alone():
    logits = np.random.default_rng(9).normal(size=(3, 4))
    before = logits.copy()
    fused_cross_entropy(logits, [0, 1, 3], tile=3)
    tiled_attention(logits, logits, logits, tile=2)
    assert_array_equal(logits, before)


# ---------------------------------------------------------------- blocked_softmax


@pytest.mark.parametrize("block_rows", [None, 1, 3, 7, 100])
def test_blocked_softmax_matches_softmax(block_rows):
    from softmaxlab import softmax
    from softmaxlab.online import blocked_softmax
    rng = np.random.default_rng(6)
    x = rng.normal(size=(7, 13)) * 30
    x[2, 4] = 1500.0  # a wide row
    assert_allclose(blocked_softmax(x, block_rows=block_rows), softmax(x), rtol=1e-14, atol=1e-300)
    x32 = x.astype(np.float32)
    got = blocked_softmax(x32, block_rows=block_rows)
    assert got.dtype == np.float32
    assert_allclose(got, softmax(x32), rtol=1e-6, atol=1e-30)
    assert_array_equal(x, x)  # input untouched
    y = x.copy()
    blocked_softmax(y, block_rows=block_rows)
    assert_array_equal(y, x)


def test_blocked_softmax_bad_input():
    from softmaxlab.online import blocked_softmax, l2_cache_bytes
    assert l2_cache_bytes() > 0
    with pytest.raises(ValueError, match="shape \\(N, C\\)"):
        blocked_softmax(np.zeros(3))
    with pytest.raises(ValueError, match="C = 0"):
        blocked_softmax(np.zeros((3, 0)))
    with pytest.raises(ValueError, match="block_rows must be >= 1"):
        blocked_softmax(np.zeros((3, 2)), block_rows=0)
    with pytest.raises(TypeError, match="block_rows must be an int"):
        blocked_softmax(np.zeros((3, 2)), block_rows=2.0)
    with pytest.raises(TypeError, match="logits must be a real numeric"):
        blocked_softmax([["a"]])


def test_online_update_dtype_as_documented():
    x32 = np.array([1.0, 2.0], dtype=np.float32)
    assert online_update(OnlineSoftmaxState(), x32).s.dtype == np.float64  # the empty state is float64
    state32 = OnlineSoftmaxState(np.float32(0.0), np.float32(1.0))
    assert online_update(state32, x32).s.dtype == np.float32
    assert online_update(state32, x32.astype(np.float16)).m.dtype == np.float32


def test_tile_stepper_readout_has_no_negative_zero():
    from softmaxlab.widgets.online import TileStepper, _fixed
    assert _fixed(-1e-9, 3) == "0.000" and _fixed(-0.5, 1) == "-0.5" and _fixed(float("nan"), 2) == "nan"
    assert "-0.000" not in TileStepper([-1e-4, -2e-4, -3e-4, -5e-5], tile=2).readout.value
