"""Notebook 15's figures, widget and checker inputs: what they show is what the filters compute."""
import re

import numpy as np
import pytest

from softmaxlab import softmax
from softmaxlab.exercises import sampling as ex
from softmaxlab.exercises._mistakes import mistake_outputs, same
from softmaxlab.plots.sampling import (LOGITS, TOKENS, filters_figure, gumbel_figure, kept_counts, smooth_max_figure,
                                       temperature_order_figure, truncate)
from softmaxlab.sampling import gumbel_max_sample, min_p_filter, top_k_filter, top_p_filter
from softmaxlab.widgets.sampling import SamplingExplorer

logits = np.array(LOGITS)


# --- truncate: the pipeline the widget and the notebook share ------------------------------------------------

def test_truncate_temperature_first_matches_a_hand_computation():
    T, k = 1.7, 4
    scaled = logits / T
    kth = np.sort(scaled)[::-1][k - 1]
    expected = np.where(scaled >= kth, np.exp(scaled - scaled.max()), 0.0)
    assert np.allclose(truncate(logits, T=T, k=k), expected / expected.sum())


def test_truncate_order_matters_for_top_p_and_min_p_not_for_top_k():
    assert np.allclose(truncate(logits, 2.5, k=3), truncate(logits, 2.5, k=3, temperature_first=False))
    for kwargs in ({"p": 0.9}, {"min_p": 0.15}):
        first = truncate(logits, 2.5, **kwargs)
        last = truncate(logits, 2.5, temperature_first=False, **kwargs)
        assert (first > 0).sum() > (last > 0).sum(), kwargs
        assert np.isclose(first.sum(), 1) and np.isclose(last.sum(), 1)


def test_truncate_applies_every_filter():
    probs = truncate(logits, 1.0, k=6, p=0.95, min_p=0.1)
    keep = (np.isfinite(top_k_filter(logits, 6)) & np.isfinite(top_p_filter(top_k_filter(logits, 6), 0.95)))
    keep &= np.isfinite(min_p_filter(np.where(keep, logits, -np.inf), 0.1))
    assert np.array_equal(probs > 0, keep)


def test_kept_counts_top_k_flat_top_p_and_min_p_never_fall_with_T():
    temperatures = np.geomspace(0.1, 10, 50)
    rng = np.random.default_rng(0)
    for _ in range(50):
        row = rng.normal(scale=2.5, size=int(rng.integers(3, 20)))
        counts = kept_counts(row, temperatures, k=2, p=0.8, min_p=0.1)
        assert np.all(counts["top-k"] == counts["top-k"][0])
        assert np.all(np.diff(counts["top-p"]) >= 0) and np.all(np.diff(counts["min-p"]) >= 0)


# --- figures: the alt text carries numbers computed independently ---------------------------------------------

def test_filters_figure_alt_gives_each_filters_kept_tokens_and_mass():
    fig = filters_figure(LOGITS, TOKENS, T=1.0, k=3, p=0.9, min_p=0.15)
    probs = softmax(logits)
    order = np.argsort(-probs)
    for name, count in (("top-k", 3), ("top-p", int(np.argmax(np.cumsum(probs[order]) >= 0.9)) + 1),
                        ("min-p", int((probs >= 0.15 * probs.max()).sum()))):
        mass = probs[order[:count]].sum()
        assert f"{name} keeps {count} of 8 tokens" in fig.alt and f"mass {mass:.3f}" in fig.alt, name


def test_temperature_order_figure_alt_says_top_k_is_flat():
    fig = temperature_order_figure(LOGITS, np.geomspace(0.25, 4, 9), k=3, p=0.9, min_p=0.15)
    assert "top-k stays at 3 for every T" in fig.alt
    low, high = softmax(logits / 0.25), softmax(logits / 4)
    n_low = int(np.argmax(np.cumsum(np.sort(low)[::-1]) >= 0.9)) + 1
    n_high = int(np.argmax(np.cumsum(np.sort(high)[::-1]) >= 0.9)) + 1
    assert f"top-p goes from {n_low} to {n_high} (never falling)" in fig.alt


def test_gumbel_figure_alt_names_the_largest_gap():
    draws = gumbel_max_sample(logits, np.random.default_rng(1), size=5000)
    probs = softmax(logits)
    freq = np.bincount(draws, minlength=8) / 5000
    worst = int(np.argmax(np.abs(freq - probs)))
    fig = gumbel_figure(probs, draws)
    assert f"{TOKENS[worst]}: {probs[worst]:.4f} against {freq[worst]:.4f}" in fig.alt


def test_smooth_max_figure_alt_gives_T_log_2():
    alt = smooth_max_figure((1.0, 0.5)).alt
    assert f"{np.log(2):.4f} at T = 1" in alt and f"{0.5 * np.log(2):.4f} at T = 0.5" in alt


@pytest.mark.parametrize("make, words", [
    (lambda: filters_figure(LOGITS, TOKENS[:3]), "one token name per logit"),
    (lambda: temperature_order_figure(LOGITS, [1.0, -2.0]), "temperatures"),
    (lambda: gumbel_figure(softmax(logits), np.array([], int)), "non-empty"),
    (lambda: SamplingExplorer([1.0]), "2 to 10 finite logits"),
    (lambda: SamplingExplorer([1.0, np.nan]), "2 to 10 finite logits"),
    (lambda: SamplingExplorer([1.0, 2.0], tokens=("a",)), "one token name per logit"),
    (lambda: SamplingExplorer(draws=0), "draws"),
])
def test_bad_input_raises_value_error_naming_it(make, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        make()


# --- the widget -----------------------------------------------------------------------------------------------

def _heights(widget):
    return np.array([seg[1, 1] for seg in widget.prob_bars.get_segments()])


def test_widget_bars_diamonds_and_readout_follow_the_sliders():
    w = SamplingExplorer()
    w.k.value, w.T.value = 2, 0.7
    expected = truncate(LOGITS, 0.7, k=2)
    assert np.allclose(w.probs, expected) and np.allclose(_heights(w), expected)
    assert w.counts.sum() == 10_000 and np.all(w.counts[expected == 0] == 0)
    assert np.allclose(w.freq_marks.get_ydata(), w.counts / 10_000)
    se = np.sqrt(expected * (1 - expected) / 10_000)
    assert np.all(np.abs(w.counts / 10_000 - expected) <= 5 * se + 1e-12)
    assert "kept 2 of 8 tokens (temperature first)" in w.readout.value
    assert f"mat {expected[0]:.3f}" in w.readout.value


def test_widget_same_settings_same_draws():
    w = SamplingExplorer(p=0.8)
    before = w.counts.copy()
    w.T.value = 3.0
    assert not np.array_equal(w.counts, before)
    w.T.value = 1.0
    assert np.array_equal(w.counts, before)


def test_widget_order_toggle_changes_the_nucleus_at_high_T():
    w = SamplingExplorer(T=2.0, p=0.9)
    first = int((w.probs > 0).sum())
    w.order.value = "temperature last"
    last = int((w.probs > 0).sum())
    assert first > last
    assert f"kept {last} of 8 tokens (temperature last)" in w.readout.value


# --- the checkers' inputs tell every named mistake apart ------------------------------------------------------

@pytest.mark.parametrize("cases, reference, mistakes", [
    (ex._top_p_cases, lambda c: ex.top_p_probs(*c), ex.TOP_P_MISTAKES),
    (ex._top_k_cases, lambda c: ex.top_k_probs(*c), ex.TOP_K_MISTAKES),
    (ex._gumbel_cases, lambda c: ex.gumbel_indices(*c), ex.GUMBEL_MISTAKES),
    (ex._order_cases, lambda c: ex.temperature_then_top_p(*c), ex.ORDER_MISTAKES),
], ids=["top_p", "top_k", "gumbel", "order"])
def test_every_mistake_differs_from_the_right_answer_and_from_the_others(cases, reference, mistakes):
    for _ in range(5):  # a fresh random case each time
        chosen = cases()
        right = [reference(c) for c in chosen]
        outputs = [mistake_outputs(m, chosen) for m in mistakes]
        for m, out in zip(mistakes, outputs):
            assert not all(o is not None and same(o, r) for o, r in zip(out, right)), m.message
        for i in range(len(mistakes)):
            for j in range(i + 1, len(mistakes)):
                if mistakes[i].message == mistakes[j].message:
                    continue  # two ways of making one mistake (e.g. ties broken either way)
                assert not all(same(a, b) for a, b in zip(outputs[i], outputs[j])), \
                    (mistakes[i].message, mistakes[j].message)


def test_sampling_explorer_says_when_it_clamps_what_it_was_given():
    """Issue 26: widgets say when they clamp a value; SamplingExplorer(T=10, ...) became T = 4 without a word."""
    from softmaxlab.widgets.sampling import SamplingExplorer
    w = SamplingExplorer(T=10.0, p=0.01, min_p=2.0, k=20)
    for words in ("T = 10 is outside the slider's range [0.1, 4]: set to 4", "k = 20 is outside", "p = 0.01 is outside",
                  "min_p = 2 is outside the slider's range [0, 1]: set to 1"):
        assert words in w.readout.value, w.readout.value
    w.T.value = 1.0                                        # moved by the learner: that note goes, the others stay
    assert "T = 10" not in w.readout.value and "k = 20" in w.readout.value
    assert "Note" not in SamplingExplorer().readout.value
