"""Temperature, top-k, top-p, min-p and the two samplers: definitions on hand-made cases,
behaviour under temperature, and chi-square tests of seeded draws."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from softmaxlab import softmax
from softmaxlab.sampling import (
    apply_temperature,
    gumbel_max_sample,
    min_p_filter,
    sample,
    top_k_filter,
    top_p_filter,
)

inf, nan = np.inf, np.nan


def kept(filtered):
    """Indices of the tokens a filter kept."""
    return set(np.flatnonzero(np.isfinite(filtered)).tolist())


def cumsum_le_p(logits, p):
    """The common slip: keep the sorted tokens while the running sum is <= p."""
    probs = softmax(np.asarray(logits, float))
    order = np.argsort(-probs, kind="stable")
    return set(order[np.cumsum(probs[order]) <= p].tolist())


# ---------------------------------------------------------------- temperature


def test_temperature_divides_and_keeps_minus_inf():
    assert_array_equal(apply_temperature([2.0, -1.0, -inf], 2.0), [1.0, -0.5, -inf])
    x = np.array([1.0, 2.0, 4.0])
    assert_allclose(softmax(apply_temperature(x, 1e-3)), [0, 0, 1], atol=1e-300)
    assert_allclose(softmax(apply_temperature(x, 1e6)), np.full(3, 1 / 3), rtol=1e-5)
    assert apply_temperature(x.astype(np.float32), 0.7).dtype == np.float32


def test_temperature_bad_input():
    for bad in (0, -1.0, inf, nan):
        with pytest.raises(ValueError, match="temperature must be > 0"):
            apply_temperature([1.0, 2.0], bad)
    with pytest.raises(TypeError, match="temperature must be a number"):
        apply_temperature([1.0, 2.0], "1")
    with pytest.raises(ValueError, match="holds nan"):
        apply_temperature([1.0, nan], 1.0)
    with pytest.raises(ValueError, match="all -inf"):
        apply_temperature([[1.0, 2.0], [-inf, -inf]], 1.0)


# ---------------------------------------------------------------- top-k


def test_top_k_keeps_the_k_largest_and_ties_at_the_kth_value():
    logits = np.array([0.5, 3.0, -1.0, 2.0, 1.0])
    assert kept(top_k_filter(logits, 1)) == {1}
    assert kept(top_k_filter(logits, 3)) == {1, 3, 4}
    assert kept(top_k_filter(logits, 5)) == kept(top_k_filter(logits, 99)) == set(range(5))
    assert kept(top_k_filter([1.0, 2.0, 2.0, 0.0], 1)) == {1, 2}
    out = top_k_filter(logits, 2)
    assert_array_equal(out[[1, 3]], logits[[1, 3]])  # kept logits are unchanged


def test_top_k_on_a_batch_row_by_row():
    logits = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
    out = top_k_filter(logits, 2)
    assert kept(out[0]) == {1, 2} and kept(out[1]) == {0, 1}


def test_top_k_is_invariant_under_temperature():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(6, 20)) * 3
    for k in (1, 4, 10):
        reference = np.isfinite(top_k_filter(logits, k))
        for T in (0.1, 0.5, 2.0, 10.0):
            assert_array_equal(np.isfinite(top_k_filter(apply_temperature(logits, T), k)), reference)


def test_top_k_bad_input():
    with pytest.raises(ValueError, match="k must be >= 1"):
        top_k_filter([1.0, 2.0], 0)
    with pytest.raises(TypeError, match="k must be an int"):
        top_k_filter([1.0, 2.0], 1.5)
    with pytest.raises(ValueError, match="no tokens"):
        top_k_filter(np.zeros((2, 0)), 1)


# ---------------------------------------------------------------- top-p


def test_top_p_keeps_the_crossing_token():
    logits = np.log([0.5, 0.3, 0.2])
    assert kept(top_p_filter(logits, 0.7)) == {0, 1}  # 0.5 < 0.7 <= 0.8
    assert kept(top_p_filter(logits, 0.85)) == {0, 1, 2}
    assert kept(top_p_filter(logits, 0.4)) == {0}
    assert kept(top_p_filter(logits, 1.0)) == {0, 1, 2}


def test_cumsum_le_p_keeps_too_little_or_nothing():
    logits = np.log([0.5, 0.3, 0.2])
    assert cumsum_le_p(logits, 0.7) == {0} != kept(top_p_filter(logits, 0.7))
    assert cumsum_le_p(logits, 0.4) == set()
    assert kept(top_p_filter(logits, 0.4)) == {0}


def test_top_p_kept_mass_reaches_p_and_is_smallest():
    rng = np.random.default_rng(1)
    for _ in range(50):
        logits = rng.normal(size=12) * 2
        p = rng.uniform(0.05, 0.99)
        probs = softmax(logits)
        keep = sorted(kept(top_p_filter(logits, p)))
        assert probs[keep].sum() >= p
        weakest = min(keep, key=lambda i: probs[i])
        assert probs[keep].sum() - probs[weakest] < p  # without its weakest token the mass is below p
        assert all(probs[i] <= probs[weakest] for i in set(range(12)) - set(keep))  # the most probable ones


def test_top_p_reaching_exactly_p_stops_there():
    """>= p, not > p: when the running sum equals p at a token, nothing after it is kept."""
    logits = np.array([2.0, 1.0, 0.0, -1.0])
    cum = np.cumsum(np.sort(softmax(logits))[::-1])
    assert kept(top_p_filter(logits, float(cum[1]))) == {0, 1}
    assert kept(top_p_filter(logits, float(np.nextafter(cum[1], 1)))) == {0, 1, 2}


def test_top_p_ties_at_the_threshold_are_all_kept():
    logits = np.log([0.4, 0.2, 0.2, 0.2])
    logits[2:] = logits[1]  # exactly tied probabilities
    assert kept(top_p_filter(logits, 0.55)) == {0, 1, 2, 3}  # crossing at the first 0.2: all three 0.2 kept
    assert kept(top_p_filter(logits[[0, 3, 2, 1]], 0.55)) == {0, 1, 2, 3}  # the order does not matter
    assert kept(top_p_filter(logits, 0.3)) == {0}


def test_top_p_changes_with_temperature():
    logits = np.log([0.5, 0.3, 0.2])
    sets = {T: kept(top_p_filter(apply_temperature(logits, T), 0.7)) for T in (0.3, 1.0, 10.0)}
    assert sets[0.3] == {0} and sets[1.0] == {0, 1} and sets[10.0] == {0, 1, 2}


def test_top_p_bad_input_and_dtypes():
    for bad in (0, -0.1, 1.5, nan):
        with pytest.raises(ValueError, match=r"p must be in \(0, 1\]"):
            top_p_filter([1.0, 2.0], bad)
    with pytest.raises(TypeError, match="p must be a number"):
        top_p_filter([1.0, 2.0], None)
    with pytest.raises(ValueError, match="holds inf"):
        top_p_filter([1.0, inf], 0.5)
    assert top_p_filter(np.zeros(4, np.float16), 0.5).dtype == np.float16
    out = top_p_filter(np.log([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]]), 0.7)
    assert kept(out[0]) == {0, 1} and kept(out[1]) == {1, 2}


# ---------------------------------------------------------------- min-p


def test_min_p_definition():
    logits = np.log([0.6, 0.3, 0.08, 0.02])
    assert kept(min_p_filter(logits, 0.1)) == {0, 1, 2}  # threshold 0.06
    assert kept(min_p_filter(logits, 0.49)) == {0, 1}  # threshold 0.294
    assert kept(min_p_filter(logits, 0.51)) == {0}
    assert kept(min_p_filter(logits, 0.0)) == {0, 1, 2, 3}
    assert kept(min_p_filter([1.0, 1.0, 0.0], 1.0)) == {0, 1}


def test_min_p_changes_with_temperature():
    logits = np.log([0.6, 0.3, 0.08, 0.02])
    sets = {T: kept(min_p_filter(apply_temperature(logits, T), 0.1)) for T in (0.5, 1.0, 3.0)}
    assert sets[0.5] == {0, 1} and sets[1.0] == {0, 1, 2} and sets[3.0] == {0, 1, 2, 3}


def test_min_p_bad_input():
    with pytest.raises(ValueError, match=r"min_p must be in \[0, 1\]"):
        min_p_filter([1.0, 2.0], 1.1)
    with pytest.raises(TypeError, match="min_p must be a number"):
        min_p_filter([1.0, 2.0], True)


# ---------------------------------------------------------------- samplers


def chi_square(draws, probs):
    from scipy import stats  # a pinned dependency (requirements.txt, binder/requirements.txt): no skip

    counts = np.bincount(draws, minlength=len(probs))
    return stats.chisquare(counts, len(draws) * probs)


def test_gumbel_max_follows_softmax_chi_square():
    logits = np.array([1.0, 0.0, -0.5, 2.0, -inf, 0.7])
    probs = softmax(logits)
    draws = gumbel_max_sample(logits, np.random.default_rng(2026), size=100_000)
    assert (draws != 4).all()
    finite = np.isfinite(logits)
    result = chi_square(draws[draws != 4] - (draws[draws != 4] > 4), probs[finite])
    print(f"Gumbel-max, 100,000 seeded draws over 5 tokens: chi-square = {result.statistic:.2f} "
          f"(4 degrees of freedom), p-value = {result.pvalue:.3f}")
    assert result.pvalue > 1e-3


def test_chi_square_has_the_power_to_see_a_wrong_noise():
    """Normal noise in place of Gumbel noise gives a different distribution, and the same test sees it."""
    logits = np.array([1.0, 0.0, -0.5, 2.0, 0.7])
    rng = np.random.default_rng(2026)
    draws = np.argmax(logits + rng.normal(size=(100_000, 5)), axis=-1)
    assert chi_square(draws, softmax(logits)).pvalue < 1e-6


def test_sample_follows_probs_chi_square():
    probs = softmax(np.array([0.3, -1.0, 1.2, 0.0]))
    draws = sample(probs, np.random.default_rng(7), size=100_000)
    result = chi_square(draws, probs)
    print(f"sample, 100,000 seeded draws over 4 tokens: chi-square = {result.statistic:.2f}, "
          f"p-value = {result.pvalue:.3f}")
    assert result.pvalue > 1e-3


def test_samplers_batches_shapes_and_zero_probabilities():
    rng = np.random.default_rng(3)
    probs = np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]])
    draws = sample(probs, rng, size=(200, 2))
    assert draws.shape == (200, 2, 2) and draws.dtype == np.int64
    assert (draws[..., 0] == 1).all() and (draws[..., 1] != 1).all()
    assert sample(probs, rng).shape == (2,)
    assert sample([0.0, 0.0, 3.0], rng) == 2  # weights need not sum to 1
    g = gumbel_max_sample(np.where(probs > 0, 0.0, -inf), rng, size=300)
    assert g.shape == (300, 2) and (g[:, 0] == 1).all() and (g[:, 1] != 1).all()
    assert gumbel_max_sample([0.0, 1.0], rng).shape == ()


def test_samplers_are_reproducible_with_a_seed():
    logits = np.array([0.1, 0.2, 0.3])
    a = gumbel_max_sample(logits, np.random.default_rng(5), size=50)
    b = gumbel_max_sample(logits, np.random.default_rng(5), size=50)
    assert_array_equal(a, b)
    assert_array_equal(sample(softmax(logits), np.random.default_rng(5), size=50),
                       sample(softmax(logits), np.random.default_rng(5), size=50))


def test_samplers_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        sample([0.5, 0.5], 0)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        gumbel_max_sample([0.5, 0.5], np.random.RandomState(0))
    with pytest.raises(ValueError, match="did you pass logits"):
        sample([1.0, -2.0], rng)
    with pytest.raises(ValueError, match="sums to 0"):
        sample([[0.0, 0.0]], rng)
    with pytest.raises(ValueError, match="finite"):
        sample([nan, 1.0], rng)
    with pytest.raises(TypeError, match="size must be"):
        sample([0.5, 0.5], rng, size=2.0)
    with pytest.raises(ValueError, match="all -inf"):
        gumbel_max_sample([-inf, -inf], rng)
    with pytest.raises(ValueError, match="scalar"):
        gumbel_max_sample(1.0, rng)


def test_no_floating_point_warning_even_under_seterr_raise():
    x = np.array([[0.0, -800.0, -inf, 5.0]])
    rng = np.random.default_rng(9)
    with np.errstate(all="raise"):
        for f in (lambda: apply_temperature(x, 1e-3), lambda: apply_temperature(x.astype(np.float32), 1e39),
                  lambda: top_k_filter(x, 2), lambda: top_p_filter(x, 0.5), lambda: min_p_filter(x, 0.5),
                  lambda: gumbel_max_sample(x, rng, size=10), lambda: sample(softmax(x), rng, size=10)):
            f()


def test_temperature_so_small_that_logits_overflow_is_refused():
    with pytest.raises(ValueError, match="too small for these logits"):
        apply_temperature([0.0, 5.0], 1e-310)
    with pytest.raises(ValueError, match="overflows float16"):
        apply_temperature(np.array([0.0, 100.0], np.float16), 1e-3)
    assert_array_equal(apply_temperature(np.array([-inf, 1.0], np.float32), 1e39), [-inf, np.float32(1e-39)])


def test_inputs_are_not_changed_and_empty_batches():
    logits = np.array([[0.3, -1.0, 2.0, -inf]])
    before = logits.copy()
    rng = np.random.default_rng(10)
    for f in (lambda x: apply_temperature(x, 0.5), lambda x: top_k_filter(x, 9), lambda x: top_k_filter(x, 2),
              lambda x: top_p_filter(x, 1.0), lambda x: top_p_filter(x, 0.5), lambda x: min_p_filter(x, 0.2),
              lambda x: gumbel_max_sample(x, rng, size=3)):
        out = f(logits)
        assert_array_equal(logits, before)
        if out.dtype.kind == "f":
            out[...] = 7.0  # a returned array must not be a view of the input
            assert_array_equal(logits, before)
    assert sample(np.zeros((0, 3)), rng, size=4).shape == (4, 0)


def _hf_top_p_keep(logits, p, min_tokens_to_keep):
    """Hugging Face's TopPLogitsWarper as its documentation and source describe it: sort increasing, remove the
    tokens whose cumulative probability from the bottom is <= 1 - p, never the last `min_tokens_to_keep`."""
    order = np.argsort(logits, kind="stable")
    remove = np.cumsum(softmax(logits[order])) <= 1 - p
    remove[max(0, len(logits) - min_tokens_to_keep):] = False  # as [..., -min_tokens_to_keep:]
    keep = np.ones(len(logits), bool)
    keep[order] = ~remove
    return keep


def _hf_min_p_keep(logits, min_p, min_tokens_to_keep):
    """Hugging Face's MinPLogitsWarper: remove probabilities below min_p times the top one, but never the
    `min_tokens_to_keep` most probable tokens."""
    probs = softmax(logits)
    remove = probs < min_p * probs.max()
    remove[np.argsort(-logits, kind="stable")[:min_tokens_to_keep]] = False
    return ~remove


@pytest.mark.parametrize("n_keep", [1, 2, 3, 50])
def test_min_tokens_to_keep_as_hugging_face(n_keep):
    rng = np.random.default_rng(n_keep)
    for _ in range(300):  # rows without ties: Hugging Face's sort and the package's tie rule agree there
        logits = rng.normal(scale=2.0, size=int(rng.integers(2, 30)))
        p, min_p = float(rng.uniform(0.02, 0.99)), float(rng.uniform(0.0, 1.0))
        assert_array_equal(np.isfinite(top_p_filter(logits, p, min_tokens_to_keep=n_keep)),
                           _hf_top_p_keep(logits, p, n_keep))
        assert_array_equal(np.isfinite(min_p_filter(logits, min_p, min_tokens_to_keep=n_keep)),
                           _hf_min_p_keep(logits, min_p, n_keep))


def test_min_tokens_to_keep_edges():
    logits = np.log([0.7, 0.2, 0.1])
    assert np.isfinite(top_p_filter(logits, 0.1, min_tokens_to_keep=2)).sum() == 2
    assert np.isfinite(min_p_filter(logits, 1.0, min_tokens_to_keep=5)).all()  # more than C: every token
    batch = np.log([[0.7, 0.2, 0.1], [0.4, 0.35, 0.25]])
    assert_array_equal(np.isfinite(top_p_filter(batch, 0.05, min_tokens_to_keep=2)).sum(axis=-1), [2, 2])
    tie = np.log([0.5, 0.25, 0.25])
    assert np.isfinite(top_p_filter(tie, 0.1, min_tokens_to_keep=2)).all()  # a tie with the 2nd: both kept
    masked = np.array([1.0, -np.inf, 0.0])
    assert np.isneginf(min_p_filter(masked, 0.9, min_tokens_to_keep=3)[1])  # -inf stays -inf
    for bad, error in ((0, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError)):
        with pytest.raises(error, match="min_tokens_to_keep"):
            top_p_filter(logits, 0.5, min_tokens_to_keep=bad)
        with pytest.raises(error, match="min_tokens_to_keep"):
            min_p_filter(logits, 0.5, min_tokens_to_keep=bad)
