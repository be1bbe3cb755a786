"""masked_softmax, causal_mask, scaled_dot_product_attention and softmax_with_sink:
against direct computations, PyTorch 2.13 and mpmath."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from softmaxlab import softmax
from softmaxlab.attention import causal_mask, masked_softmax, scaled_dot_product_attention, softmax_with_sink

inf, nan = np.inf, np.nan


# ---------------------------------------------------------------- masked_softmax


def test_masked_softmax_is_softmax_of_the_kept_entries():
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(5, 7))
    mask = rng.random((5, 7)) < 0.6
    mask[:, 0] = True  # every row keeps one entry
    y = masked_softmax(scores, mask)
    for row in range(5):
        kept = mask[row]
        assert_allclose(y[row, kept], softmax(scores[row, kept]), rtol=1e-15, atol=0)
        assert_array_equal(y[row, ~kept], 0)


def test_masked_entries_are_ignored_whatever_they_hold():
    mask = np.array([True, True, False, False])
    a = masked_softmax([1.0, 2.0, nan, inf], mask)
    b = masked_softmax([1.0, 2.0, -5.0, 3.0], mask)
    assert_array_equal(a, b)
    assert_array_equal(a[2:], 0)


@pytest.mark.parametrize("empty, expected", [("zeros", 0.0), ("nan", nan), ("uniform", 0.25)])
def test_fully_masked_row_follows_the_chosen_policy(empty, expected):
    scores = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]])
    mask = np.array([[False] * 4, [True, True, False, True]])
    y = masked_softmax(scores, mask, empty=empty)
    assert_array_equal(y[0], np.full(4, expected))
    assert_allclose(y[1], masked_softmax(scores[1], mask[1]), rtol=0, atol=0)


def test_nan_policy_is_what_minus_inf_filling_gives_and_uniform_is_finfo_min_filling():
    scores = np.array([3.0, -1.0, 2.0])
    none = np.zeros(3, bool)
    with np.errstate(invalid="ignore"):  # the nan of a -inf row is the point here
        assert_array_equal(softmax(np.where(none, scores, -inf)), masked_softmax(scores, none, empty="nan"))
    assert_array_equal(softmax(np.where(none, scores, np.finfo(np.float64).min)),
                       masked_softmax(scores, none, empty="uniform"))


def test_masked_softmax_kept_inf_or_nan_gives_nan_like_softmax():
    y = masked_softmax([[1.0, inf, 0.0], [nan, 1.0, 0.0]], [[True, True, False]] * 2)
    assert np.isnan(y[:, :2]).all()


def test_masked_softmax_broadcasts_a_padding_mask_and_other_axes():
    rng = np.random.default_rng(2)
    scores = rng.normal(size=(2, 3, 4, 5))  # (B, H, L, S)
    pad = np.array([[True] * 5, [True, True, True, False, False]])[:, None, None, :]  # (B, 1, 1, S)
    y = masked_softmax(scores, pad)
    assert_array_equal(y[1, ..., 3:], 0)
    assert_allclose(y.sum(-1), 1, rtol=1e-15)
    y0 = masked_softmax(scores, np.ones((3, 1, 1), bool), axis=1)
    assert_allclose(y0, softmax(scores, axis=1), rtol=1e-15)


def test_masked_softmax_dtypes():
    s = np.array([1.0, 2.0, 3.0])
    m = np.array([True, False, True])
    for dtype in (np.float16, np.float32, np.float64):
        assert masked_softmax(s.astype(dtype), m).dtype == dtype
    assert masked_softmax([1, 2, 3], m).dtype == np.float64
    assert_allclose(masked_softmax(s.astype(np.float16), m), masked_softmax(s, m), rtol=1e-3)


def test_masked_softmax_raises_no_warning_on_hard_rows():
    with np.errstate(all="raise"):
        masked_softmax([[-inf, -inf], [inf, 0.0], [1000.0, -1000.0]], [[True, True], [True, True], [True, True]],
                       empty="nan")
        masked_softmax([[1.0, 2.0]], [[False, False]])


def test_masked_softmax_bad_input():
    with pytest.raises(TypeError, match="boolean"):
        masked_softmax([1.0, 2.0], [1, 0])
    with pytest.raises(TypeError, match="boolean"):
        masked_softmax([1.0, 2.0], [0.0, -inf])
    with pytest.raises(ValueError, match=r"does not broadcast"):
        masked_softmax([1.0, 2.0], [True, True, False])
    with pytest.raises(ValueError, match=r"enlarge"):
        masked_softmax([1.0, 2.0], [[True, True], [True, False]])
    with pytest.raises(ValueError, match="empty must be"):
        masked_softmax([1.0, 2.0], [True, True], empty="ones")
    with pytest.raises(TypeError, match="scores"):
        masked_softmax(["a", "b"], [True, True])
    with pytest.raises(ValueError, match="out of range"):
        masked_softmax([1.0, 2.0], [True, True], axis=1)


# ---------------------------------------------------------------- causal_mask


def test_causal_mask_is_lower_triangular_top_left():
    assert_array_equal(causal_mask(4), np.tril(np.ones((4, 4), bool)))
    assert_array_equal(causal_mask(2, 4), np.tril(np.ones((2, 4), bool)))
    assert_array_equal(causal_mask(4, 2), np.tril(np.ones((4, 2), bool)))
    with pytest.raises(TypeError, match="L must be an int"):
        causal_mask(2.0)
    with pytest.raises(ValueError, match="S must be >= 0"):
        causal_mask(2, -1)


# ---------------------------------------------------------------- scaled_dot_product_attention


def _direct_attention(q, k, v, keep, scale):
    """Loops over queries: the kept scores only, a plain softmax, a weighted sum of values."""
    L, dv = q.shape[0], v.shape[1]
    out = np.zeros((L, dv))
    for i in range(L):
        kept = np.flatnonzero(keep[i])
        if kept.size:
            w = softmax(np.array([scale * q[i] @ k[j] for j in kept]))
            out[i] = w @ v[kept]
    return out


def test_attention_against_a_direct_loop():
    rng = np.random.default_rng(3)
    q, k, v = rng.normal(size=(4, 8)), rng.normal(size=(6, 8)), rng.normal(size=(6, 3))
    keep = rng.random((4, 6)) < 0.5
    keep[2] = False  # one query sees nothing
    got = scaled_dot_product_attention(q, k, v, mask=keep)
    assert_allclose(got, _direct_attention(q, k, v, keep, 1 / np.sqrt(8)), rtol=1e-13, atol=1e-15)
    assert_array_equal(got[2], 0)
    got = scaled_dot_product_attention(q, k, v, causal=True, scale=0.5)
    assert_allclose(got, _direct_attention(q, k, v, causal_mask(4, 6), 0.5), rtol=1e-13, atol=1e-15)


def test_attention_matches_pytorch_in_float64():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(4)
    worst = 0.0
    for case in range(30):
        B, H, L, S, d, dv = rng.integers(1, 4), rng.integers(1, 3), rng.integers(1, 9), rng.integers(1, 9), \
            rng.integers(1, 17), rng.integers(1, 6)
        q = rng.normal(size=(B, H, L, d)) * 3
        k = rng.normal(size=(B, H, S, d)) * 3
        v = rng.normal(size=(B, H, S, dv))
        mask = rng.random((B, 1, L, S)) < 0.6
        if case % 3 == 0:
            mask[0, 0, 0] = False  # a fully masked query row
        kind = case % 3
        if kind == 0:
            ours = scaled_dot_product_attention(q, k, v, mask=mask)
            theirs = F.scaled_dot_product_attention(*map(torch.from_numpy, (q, k, v)),
                                                    attn_mask=torch.from_numpy(mask))
        elif kind == 1:
            ours = scaled_dot_product_attention(q, k, v, causal=True)
            theirs = F.scaled_dot_product_attention(*map(torch.from_numpy, (q, k, v)), is_causal=True)
        else:
            scale = float(rng.uniform(0.05, 1.0))
            ours = scaled_dot_product_attention(q, k, v, mask=mask, causal=True, scale=scale)
            both = torch.from_numpy(mask & causal_mask(L, S))
            theirs = F.scaled_dot_product_attention(*map(torch.from_numpy, (q, k, v)), attn_mask=both, scale=scale)
        theirs = theirs.numpy()
        assert not np.isnan(theirs).any()
        assert_allclose(ours, theirs, rtol=0, atol=1e-12)
        worst = max(worst, float(np.max(np.abs(ours - theirs))))
    print(f"largest |ours - torch| over 30 float64 cases: {worst:.2e}")


def test_pytorch_fully_masked_row_policies():
    """What PyTorch 2.13 does with a query that sees no key: softmax nan, SDPA zeros."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    scores = torch.tensor([[-inf, -inf, -inf], [1.0, 2.0, -inf]], dtype=torch.float64)
    assert torch.isnan(torch.softmax(scores, -1)[0]).all()
    assert_allclose(masked_softmax(scores.numpy(), np.isfinite(scores.numpy()), empty="nan"),
                    torch.softmax(scores, -1).numpy(), rtol=1e-15, atol=0)  # nan positions must match too
    q = torch.ones(1, 2, 4, dtype=torch.float64)
    k = torch.ones(1, 3, 4, dtype=torch.float64)
    v = torch.arange(6, dtype=torch.float64).reshape(1, 3, 2)
    keep = torch.tensor([[False, False, False], [True, True, False]])
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)[0].numpy()
    assert_array_equal(out[0], 0)
    assert_allclose(scaled_dot_product_attention(q.numpy(), k.numpy(), v.numpy(), mask=keep.numpy())[0], out,
                    rtol=0, atol=1e-15)


def test_attention_shapes_dtypes_and_broadcasting():
    rng = np.random.default_rng(5)
    q = rng.normal(size=(2, 3, 4, 5)).astype(np.float32)
    k = rng.normal(size=(1, 3, 6, 5)).astype(np.float32)  # broadcast over the batch
    v = rng.normal(size=(6, 7)).astype(np.float32)
    out = scaled_dot_product_attention(q, k, v)
    assert out.shape == (2, 3, 4, 7) and out.dtype == np.float32
    out64 = scaled_dot_product_attention(q.astype(np.float64), k, v)
    assert out64.dtype == np.float64
    assert_allclose(out, out64, rtol=1e-5, atol=1e-6)
    assert scaled_dot_product_attention(q.astype(np.float16), k.astype(np.float16), v.astype(np.float16)).dtype \
        == np.float16


def test_attention_bad_input():
    q, k, v = np.ones((2, 4)), np.ones((3, 4)), np.ones((3, 5))
    with pytest.raises(ValueError, match="same last dimension d"):
        scaled_dot_product_attention(q, np.ones((3, 5)), v)
    with pytest.raises(ValueError, match="number of keys S"):
        scaled_dot_product_attention(q, k, np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"q must have shape \(\.\.\., L, d\)"):
        scaled_dot_product_attention(np.ones(4), k, v)
    with pytest.raises(ValueError, match="do not broadcast"):
        scaled_dot_product_attention(np.ones((2, 2, 4)), np.ones((3, 3, 4)), np.ones((3, 3, 5)))
    with pytest.raises(ValueError, match="does not broadcast"):
        scaled_dot_product_attention(q, k, v, mask=np.ones((3, 2), bool))
    with pytest.raises(TypeError, match="boolean"):
        scaled_dot_product_attention(q, k, v, mask=np.zeros((2, 3)))
    with pytest.raises(TypeError, match="causal must be"):
        scaled_dot_product_attention(q, k, v, causal=1)
    with pytest.raises(TypeError, match="scale must be a number"):
        scaled_dot_product_attention(q, k, v, scale="0.5")
    with pytest.raises(ValueError, match="scale must be finite"):
        scaled_dot_product_attention(q, k, v, scale=inf)


# ---------------------------------------------------------------- softmax_with_sink


def _sink_exact(row, mp):
    e = [mp.exp(mp.mpf(float(x))) for x in row]
    total = 1 + mp.fsum(e)
    return np.array([float(t / total) for t in e])


HARD_ROWS = [
    [0.0, 0.0],
    [1000.0, 999.0, -5.0],          # large positive: the sink's e^-m underflows, harmlessly
    [-720.0, -730.0],                # exact weights are subnormal; e^{-max x} = e^720 would overflow
    [-700.0, -1.0e-3],
    [-745.0, -40.0, -36.0],          # the sink dominates: y ~ e^x
    [40.0, -40.0],                   # y_1 ~ e^-80, 1 - y_0 ~ e^-40
    [1e-20, -1e-20],
    [709.0, 709.5, 0.0],
]


def test_softmax_with_sink_against_mpmath(monkeypatch):
    mp = pytest.importorskip("mpmath")
    monkeypatch.setattr(mp.mp, "dps", 60)  # mpmath's precision is global: put it back after
    worst = 0.0
    for row in HARD_ROWS:
        got = softmax_with_sink(np.array(row))
        exact = _sink_exact(row, mp)
        ulps = np.abs(got - exact) / np.spacing(np.abs(exact))  # spacing copes with subnormals and 0
        worst = max(worst, float(ulps.max()))
        assert ulps.max() <= 4, (row, got, exact)
    print(f"softmax_with_sink: worst error on the hard rows {worst:.1f} ulp")


def test_softmax_with_sink_the_common_slips_are_wrong(monkeypatch):
    """Keeping 1 after the shift, or not clipping m at 0, both fail on rows this function gets right."""
    mp = pytest.importorskip("mpmath")
    monkeypatch.setattr(mp.mp, "dps", 60)  # mpmath's precision is global: put it back after
    row = np.array([5.0, 4.0])
    slip_one = np.exp(row - row.max()) / (1 + np.exp(row - row.max()).sum())
    assert not np.allclose(slip_one, _sink_exact(row, mp), rtol=1e-3)
    assert_allclose(softmax_with_sink(row), _sink_exact(row, mp), rtol=1e-15)
    row = np.array([-720.0, -730.0])
    with np.errstate(over="ignore"):
        slip_unclipped = np.exp(row - row.max()) / (np.exp(-row.max()) + np.exp(row - row.max()).sum())
    assert slip_unclipped[0] == 0 and _sink_exact(row, mp)[0] > 0
    assert softmax_with_sink(row)[0] == _sink_exact(row, mp)[0]


def test_softmax_with_sink_is_softmax_with_a_zero_logit_prepended():
    rng = np.random.default_rng(6)
    x = rng.normal(size=(4, 5)) * 10
    with_zero = softmax(np.concatenate([np.zeros((4, 1)), x], axis=1))[:, 1:]
    assert_allclose(softmax_with_sink(x), with_zero, rtol=1e-14)
    assert (softmax_with_sink(x).sum(-1) < 1).all()
    assert_allclose(softmax_with_sink(x.T, axis=0), with_zero.T, rtol=1e-14)


def test_softmax_with_sink_nonfinite_and_warnings():
    with np.errstate(all="raise"):
        y = softmax_with_sink([[-inf, -inf], [1.0, -inf], [inf, 0.0], [nan, 0.0]])
    assert_array_equal(y[0], 0)
    assert_allclose(y[1], [np.e / (1 + np.e), 0], rtol=1e-15)
    assert np.isnan(y[2:]).all()
    assert softmax_with_sink(np.zeros(3, np.float16)).dtype == np.float16
    with pytest.raises(ValueError, match="empty"):
        softmax_with_sink(np.zeros((2, 0)))
    with pytest.raises(TypeError, match="scores"):
        softmax_with_sink([True, False])


def test_attention_raises_no_underflow_warning():
    rng = np.random.default_rng(7)
    q, k, v = rng.normal(size=(3, 2)) * 40, rng.normal(size=(9, 2)) * 40, rng.normal(size=(9, 2)) * 1e-300
    keep = rng.random((3, 9)) < 0.5
    keep[0] = False
    with np.errstate(all="raise"):
        out = scaled_dot_product_attention(q, k, v, mask=keep)
    assert_array_equal(out[0], 0)


def test_fully_masked_table_against_pytorch():
    """Notebook 13's table: what PyTorch's SDPA gives for a fully masked row (run in a child process)."""
    pytest.importorskip("torch")
    from softmaxlab.attention_torch import BACKENDS, DTYPES, fully_masked_table
    table = fully_masked_table()
    rows = {(r["dtype"], r["backend"]): r for r in table["rows"]}
    assert set(rows) == {(d, b) for d in DTYPES for b in BACKENDS}
    for (dtype, _), row in rows.items():
        assert row["bool"] == row["-inf"] == "zeros"
        assert row["finfo.min"] == ("unmasked" if dtype == "float16" else "uniform")  # float16 runs in float32
    assert table["mha_true_masks"] is True


def test_fully_masked_table_without_pytorch(monkeypatch):
    import importlib.util

    from softmaxlab import attention_torch
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else object())
    assert attention_torch.fully_masked_table() is None


def test_toggle_labels_leave_room_for_the_check_mark():
    """The pressed toggle gets "✓ " before its label (ARIA_JS): the width must hold both (issue 26)."""
    from softmaxlab.attention import EMPTY_POLICIES
    from softmaxlab.widgets.attention import MaskGrid
    from softmaxlab.widgets.sampling import ORDERS, SamplingExplorer
    for widget, options in ((MaskGrid(np.zeros((3, 3))).empty, EMPTY_POLICIES), (SamplingExplorer().order, ORDERS)):
        width = widget.style.button_width
        assert width.endswith("ch") and int(width[:-2]) >= max(map(len, options)) + len("✓ ") + 2, width


def test_fully_masked_table_when_the_child_fails(monkeypatch, capsys):
    import subprocess

    from softmaxlab import attention_torch
    failed = subprocess.CompletedProcess([], 1, stdout="", stderr="Traceback ...\nImportError: no sdpa_kernel")
    monkeypatch.setattr(attention_torch.subprocess, "run", lambda *a, **k: failed)
    monkeypatch.setattr(attention_torch.importlib.util, "find_spec", lambda name, *a: object())
    assert attention_torch.fully_masked_table() is None
    assert "no sdpa_kernel" in capsys.readouterr().err
