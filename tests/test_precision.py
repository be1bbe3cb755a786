"""precision.py: bfloat16 rounding against PyTorch, and sums that round after every add."""
import numpy as np
import pytest
from numpy.testing import assert_array_equal

from softmaxlab import softmax
from softmaxlab.precision import pairwise_sum, round_to_bfloat16, running_sum

EDGES = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan,
                  1 + 2**-8, 1 + 3 * 2**-8, 1 + 2**-8 + 2**-20,  # a tie to even (down), a tie up, just above a tie
                  np.finfo(np.float32).max, -np.finfo(np.float32).max, 3.3895e38, 3.3896e38,
                  np.finfo(np.float32).tiny, np.finfo(np.float32).smallest_subnormal, 1e-40, -1e-41,
                  65504.0, 3.14159265], dtype=np.float32)


def _random_float32(n, seed):
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2**32, size=n, dtype=np.uint32)  # every bit pattern, nan among them
    scaled = (rng.normal(size=n) * 10.0 ** rng.integers(-40, 39, n)).astype(np.float32)  # subnormals to near max
    return np.concatenate([bits.view(np.float32), scaled])


def test_bfloat16_values_by_hand():
    got = round_to_bfloat16([1.0, 1 + 2**-8, 1 + 3 * 2**-8, 1 + 2**-8 + 2**-20, 3.0e38 * 1.2])
    assert_array_equal(got, np.array([1.0, 1.0, 1 + 2**-6, 1 + 2**-7, np.inf], np.float32))
    assert got.dtype == np.float32
    out = round_to_bfloat16(np.array([[np.nan, -np.inf]]))
    assert out.shape == (1, 2) and np.isnan(out[0, 0]) and out[0, 1] == -np.inf


def test_bfloat16_keeps_8_significant_bits():
    x = round_to_bfloat16(np.random.default_rng(0).normal(size=1000).astype(np.float32))
    assert_array_equal(x.view(np.uint32) & np.uint32(0xFFFF), 0)  # the lower 16 bits are clear
    assert not np.array_equal(x, np.random.default_rng(0).normal(size=1000).astype(np.float32))


def test_bfloat16_bad_input():
    with pytest.raises(TypeError, match="x must be a real numeric"):
        round_to_bfloat16(["a"])
    with pytest.raises(TypeError, match="x must be a real numeric"):
        round_to_bfloat16([1 + 2j])


def test_bfloat16_matches_torch():
    torch = pytest.importorskip("torch")
    for x in (EDGES, _random_float32(20000, 1)):
        want = torch.tensor(x, dtype=torch.float32).to(torch.bfloat16).to(torch.float32).numpy()
        got = round_to_bfloat16(x)
        assert_array_equal(np.isnan(got), np.isnan(want))
        keep = ~np.isnan(want)
        assert_array_equal(got[keep].view(np.uint32), want[keep].view(np.uint32))  # bit for bit, signed zeros too


def test_running_sum_formats():
    terms = np.full(1000, 0.01)
    assert running_sum(terms, "float64") == pytest.approx(10.0, rel=1e-13)
    assert running_sum(terms, np.float32) == pytest.approx(10.0, rel=1e-4)
    assert running_sum(terms, "bfloat16") == 4.0  # 0.01 < half a bfloat16 step (2**-5 / 2) once the total is 4
    assert 9.9 < running_sum(terms, "float16") < 9.99  # float16 rounds each add of 0.01 (off by about 0.5%)
    assert running_sum(np.full(3, 40000.0), "float16") == np.inf  # beyond 65504
    assert running_sum([], "float32") == 0.0


def test_running_sum_is_sequential_not_pairwise():
    """The total is rounded after every add: 1 + 2**-9 + 2**-9 stays 1 in bfloat16, though 2**-8 would not be lost."""
    assert running_sum([1.0, 2**-9, 2**-9, 2**-9, 2**-9], "bfloat16") == 1.0
    assert running_sum([2**-9, 2**-9, 2**-9, 2**-9, 1.0], "bfloat16") == 1.0 + 2**-7


def test_running_sum_matches_torch_step_by_step():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    terms = np.exp(rng.normal(size=3000) * 2)
    for name, tdtype in (("bfloat16", torch.bfloat16), ("float16", torch.float16)):
        total = torch.zeros((), dtype=tdtype)
        for v in torch.tensor(terms, dtype=torch.float32).to(tdtype):
            total = total + v
        assert running_sum(terms, name) == float(total)


def test_running_sum_bad_input():
    with pytest.raises(TypeError, match="dtype must be one of"):
        running_sum([1.0], "int8")
    with pytest.raises(TypeError, match="dtype must be one of"):
        running_sum([1.0], np.int32)
    with pytest.raises(ValueError, match="one-dimensional"):
        running_sum([[1.0]], "float32")
    with pytest.raises(TypeError, match="values must be a real numeric"):
        running_sum(["x"], "float32")


def test_torch_softmax_on_bfloat16_computes_in_float32_inside():
    """The course's explanation: PyTorch's softmax of a bfloat16 tensor accumulates in float32, then rounds once."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    x = round_to_bfloat16(rng.normal(size=(4, 32000)) * 3)  # bfloat16 logits, a 32,000-token row
    got = torch.softmax(torch.tensor(x).to(torch.bfloat16), dim=-1).to(torch.float32).numpy()
    float32_inside = round_to_bfloat16(softmax(x.astype(np.float32), axis=-1))
    close = np.isclose(got, float32_inside, rtol=2**-7, atol=0)  # within one bfloat16 step
    assert close.all(), close.mean()  # every entry within one bfloat16 step (the notebook says so)
    # A bfloat16 accumulator would have stalled: its sum of the exponentials is far too small.
    e = np.exp(x[0] - x[0].max())
    low = running_sum(e, "bfloat16")
    assert abs(low / e.sum() - 1) > 0.2
    assert abs(float(got[0].astype(np.float64).sum()) - 1) < 0.01  # torch's row still sums to 1


def test_running_sum_cumulative():
    terms = np.array([1.0, 2**-9, 2**-9, 2.0])
    assert_array_equal(running_sum(terms, "bfloat16", cumulative=True), [1.0, 1.0, 1.0, 3.0])
    assert_array_equal(running_sum(terms, "float64", cumulative=True), np.cumsum(terms))
    assert running_sum([], "float16", cumulative=True).shape == (0,)


def test_pairwise_sum_keeps_what_a_running_sum_loses():
    logits = np.random.default_rng(4).normal(size=32_000)
    terms = np.exp(logits - logits.max())
    exact = terms.sum()
    for name, step in (("bfloat16", 2**-8), ("float16", 2**-11)):
        assert abs(running_sum(terms, name) / exact - 1) > 0.5
        assert abs(pairwise_sum(terms, name) / exact - 1) < 2 * step
    assert pairwise_sum(np.arange(1.0, 101.0), "float64") == 5050.0
    assert pairwise_sum([], "float32") == 0.0 and pairwise_sum([3.0], "float16") == 3.0
    assert pairwise_sum([1.0, 2.0, 4.0], np.float32) == 7.0
    assert np.isinf(pairwise_sum([60000.0, 60000.0], "float16"))


def test_pairwise_sum_bad_input():
    with pytest.raises(TypeError, match="dtype"):
        pairwise_sum([1.0], "int8")
    with pytest.raises(ValueError, match="one-dimensional"):
        pairwise_sum(np.ones((2, 2)), "float32")
    with pytest.raises(TypeError):
        pairwise_sum(["a"], "float32")
