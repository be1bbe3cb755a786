"""Figure text in Korean, with a Korean font that works everywhere (issue 30, items 2 and 5).

In Korean every figure of ``softmaxlab.plots`` draws its words in Korean, and every Hangul glyph comes from
NanumGothic (the font ``koreanize-matplotlib`` ships, registered by ``softmaxlab.plots._korean``): no "Glyph ...
missing" warning under warnings-as-errors, no mathtext "does not have a glyph" log, and the font file itself has
each character drawn. In English the figures hold no Hangul and no text is given the Korean font. Without the font,
Korean mode draws English figures (never tofu) and says once, in Korean, how to get the font.
"""
import importlib
import inspect
import io
import logging
import pkgutil
import re
import sys
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager, rcParams
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

import softmaxlab
import softmaxlab.plots
from softmaxlab.plots import _korean
from test_accessibility import _history, _LinearModel  # the same small inputs as the accessibility tests

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
WORD = re.compile(r"[A-Za-z]{2,}")
LANGUAGE_NEUTRAL = {"jacobian.jacobian_figure",  # only maths and code in it: "y = softmax(a)", "J[i, j] = ∂y_i / ∂a_j"
                    "iris.iris_scatter_figure"}  # only the data's words: feature and species names from load_iris
NOT_FIGURES = {"new_figure", "new_variants_figure", "new_errors_figure", "new_shares_figure"}  # empty figures for others to draw on


def cases():
    """{"module.function": a call of every figure function of softmaxlab.plots on small inputs}."""
    from softmaxlab.activations import softmax as softmax_fn
    from softmaxlab.attention import causal_mask
    from softmaxlab.datasets import load_iris
    from softmaxlab.plots import (attention, batching, calibration, flavours, graph, iris, jacobian, online, overflow,
                                  pitfalls, sampling, soft_targets, softmax, weights, y_minus_t)
    from softmaxlab.sampling import gumbel_max_sample

    X, labels, features, classes = load_iris()
    traj = {"loss": np.array([1.0, 0.8, 0.7]), "probs": np.array([[0.3, 0.4, 0.3], [0.4, 0.3, 0.3], [0.5, 0.3, 0.2]])}
    keep = causal_mask(4).copy()
    keep[1] = False
    true = np.random.default_rng(0).normal(size=(60, 3)) * 2
    calib_labels = true.argmax(axis=1)
    temperatures = np.arange(1.0, 6.0)
    return {
        "softmax.temperature_figure": lambda: softmax.temperature_figure([2.0, 1.0, 0.1]),
        "softmax.sum_vs_softmax_figure": lambda: softmax.sum_vs_softmax_figure([1.0, -1.0]),  # the words, no bars
        "overflow.exp_range_figure": overflow.exp_range_figure,
        "overflow.naive_vs_stable_figure": lambda: overflow.naive_vs_stable_figure([1000.0, 1001.0, 1002.0]),
        "batching.reduction_figure": lambda: batching.reduction_figure(np.arange(12).reshape(4, 3), axis=0),
        "jacobian.jacobian_figure": lambda: jacobian.jacobian_figure([2.0, 1.0, 0.1]),
        "jacobian.wrong_jacobian_figure": lambda: jacobian.wrong_jacobian_figure([0.5, 0.3, 0.2], np.eye(3) * 0.1),
        "jacobian.cost_figure": lambda: jacobian.cost_figure([2, 8, 32], [1e-6, 2e-6, 9e-6], [1e-6, 1e-6, 2e-6],
                                                             [100, 600, 8500], [80, 200, 800]),
        "graph.graph_figure": lambda: graph.graph_figure([2.0, 1.0, 0.1], 0),
        "y_minus_t.y_minus_t_figure": lambda: y_minus_t.y_minus_t_figure([2.0, 1.0, 0.1], 1),
        "y_minus_t.trajectory_figure": lambda: y_minus_t.trajectory_figure(
            traj, traj, 0, post_after={"loss": np.array(0.7), "pred": traj["probs"][-1:]}),
        "flavours.loss_variants_figure": lambda: flavours.loss_variants_figure([2.0, 1.0, 0.1], 0),
        "flavours.double_softmax_figure": flavours.double_softmax_figure,
        "flavours.clipping_figure": flavours.clipping_figure,
        "iris.iris_scatter_figure": lambda: iris.iris_scatter_figure(X, labels, features, classes),
        "iris.history_figure": lambda: iris.history_figure(_history()),
        "iris.regions_figure": lambda: iris.regions_figure(_LinearModel(), X[:, 2:], labels,
                                                           held_out=np.arange(len(X)) % 5 == 0),
        "iris.lr_figure": lambda: iris.lr_figure({0.01: _history(), 0.1: _history(scale=0.5)}),
        "iris.temperature_figure": lambda: iris.temperature_figure(
            np.array([0.25, 0.5, 1.0, 2.0]), np.array([0.5, 0.3, 0.2, 0.4]), np.array([0.99, 0.95, 0.9, 0.7]),
            np.array([0.9, 0.9, 0.9, 0.9])),
        "iris.confusion_figure": lambda: iris.confusion_figure(np.array([[10, 0, 0], [0, 9, 1], [0, 2, 8]]), classes),
        "iris.weight_norm_figure": lambda: iris.weight_norm_figure({0.0: _history(), 0.01: _history(scale=0.5)}),
        "pitfalls.gradient_errors_figure": lambda: pitfalls.gradient_errors_figure(500.0),
        "pitfalls.loss_curves_figure": lambda: pitfalls.loss_curves_figure({"right": [1.0, 0.6, 0.4],
                                                                            "forgot 1/N": [1.0, 0.5, 0.3]}),
        "soft_targets.smoothing_floor_figure": lambda: soft_targets.smoothing_floor_figure(10, 0.1),
        "soft_targets.soft_target_bars_figure": lambda: soft_targets.soft_target_bars_figure([3.0, 1.0, 0.2, -1.0], 0),
        "soft_targets.distillation_norm_figure": lambda: soft_targets.distillation_norm_figure(
            temperatures, 0.5 + 0.01 * temperatures, 0.5 / temperatures ** 2),
        "weights.row_shares_figure": lambda: weights.row_shares_figure(
            np.array([[2.0, 0.5, -1.0], [0.0, 1.0, 2.0], [1.0, 0.0, 0.5]]), [0, -100, 2], weight=[1.0, 4.0, 0.5]),
        "weights.accumulation_figure": lambda: weights.accumulation_figure([0.42, 2.66, 1.27], [30, 3, 21]),
        "calibration.reliability_figure": lambda: calibration.reliability_figure(
            {"model": softmax_fn(2.5 * true), "true": softmax_fn(true)}, calib_labels, n_bins=5),
        "calibration.ece_bins_figure": lambda: calibration.ece_bins_figure([5, 10], {"a": [0.2, 0.21], "b": [0.01, 0.04]}),
        "attention.scaling_figure": lambda: attention.scaling_figure(dims=(1, 16), L=8),
        "attention.mask_figure": lambda: attention.mask_figure(np.arange(16.0).reshape(4, 4) % 5 - 2, keep),
        "online.online_softmax_figure": lambda: online.online_softmax_figure([1.0, -0.5, 2.0, 0.3, 3.5], 2),
        "online.accumulation_figure": lambda: online.accumulation_figure(np.full(50, 0.1)),
        "sampling.filters_figure": sampling.filters_figure,
        "sampling.temperature_order_figure": lambda: sampling.temperature_order_figure(temperatures=[0.5, 1.0, 2.0]),
        "sampling.gumbel_figure": lambda: sampling.gumbel_figure(
            softmax_fn(np.array(sampling.LOGITS)),
            gumbel_max_sample(np.array(sampling.LOGITS), np.random.default_rng(0), size=200)),
        "sampling.smooth_max_figure": sampling.smooth_max_figure,
    }


CASES = cases()


@pytest.fixture(autouse=True)
def english_after():
    yield
    softmaxlab.set_language("en")


def draw(fig):
    """Render `fig` to PNG as the inline backend does (at a low resolution: the glyphs are looked up all the same),
    with every warning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png", dpi=30)


def texts(fig):
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def glyph_logs(caplog):
    return [r.getMessage() for r in caplog.records if "glyph" in r.getMessage().lower()]


def needs_the_font():
    if _korean.korean_font() is None:
        pytest.skip("pip install koreanize-matplotlib (requirements.txt): the Korean font")
    softmaxlab.set_language("ko")
    if softmaxlab.language() != "ko":
        pytest.skip("no compiled Korean catalogue: python tools/i18n_package.py compile")


def test_every_figure_function_is_a_case():
    found = set()
    for info in pkgutil.iter_modules(softmaxlab.plots.__path__):
        module = importlib.import_module(f"softmaxlab.plots.{info.name}")
        found |= {f"{info.name}.{name}" for name, f in inspect.getmembers(module, inspect.isfunction)
                  if name.endswith("_figure") and name not in NOT_FIGURES and f.__module__ == module.__name__}
    assert found == set(CASES), f"figure functions without a case here: {sorted(found - set(CASES))}"


@pytest.mark.parametrize("name", CASES)
def test_korean_figure_has_a_glyph_for_every_hangul_character(name, caplog):
    needs_the_font()
    fig = CASES[name]()
    with caplog.at_level(logging.WARNING):
        draw(fig)
    assert not glyph_logs(caplog), glyph_logs(caplog)
    korean = [t for t in texts(fig) if HANGUL.search(t.get_text())]
    assert korean or name in LANGUAGE_NEUTRAL, f"{name}: no Korean words in the figure"
    family = _korean.korean_font()
    nanum = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert Path(nanum).name.startswith("NanumGothic")
    font = FT2Font(nanum)
    for text in korean:
        assert family in text.get_fontfamily(), f"{text.get_text()!r} is not drawn with {family} as a fallback"
        assert text.get_fontfamily()[0] != family, "Latin letters and digits keep the course's font"
        missing = {ch for ch in HANGUL.findall(text.get_text()) if font.get_char_index(ord(ch)) == 0}
        assert not missing, f"{family} has no glyph for {missing} in {text.get_text()!r}"
    assert HANGUL.search(fig.alt), f"{name}: the alt text is not in Korean"


def test_a_korean_figure_leaves_matplotlib_settings_alone():
    needs_the_font()
    before = {key: rcParams[key] for key in ("font.family", "font.sans-serif", "axes.unicode_minus")}
    draw(CASES["softmax.temperature_figure"]())
    assert {key: rcParams[key] for key in before} == before
    assert "koreanize_matplotlib" not in sys.modules  # importing it would set rcParams for every figure


def test_a_label_set_after_the_first_draw_is_still_korean_ready(caplog):
    # Live widgets change their texts between draws: the fallback font stays on every text, not only the Hangul ones.
    needs_the_font()
    fig = CASES["softmax.temperature_figure"]()
    draw(fig)
    ax = fig.axes[0]
    ax.set_xlabel(softmaxlab.plots._korean._("temperature T"))
    with caplog.at_level(logging.WARNING):
        draw(fig)
    assert not glyph_logs(caplog) and HANGUL.search(ax.get_xlabel())


@pytest.mark.parametrize("name", CASES)
def test_english_figure_has_no_hangul_and_no_korean_font(name):
    softmaxlab.set_language("en")
    fig = CASES[name]()
    _korean.use_korean_font(fig)  # what Figure.draw does first (drawing the English figures again would add nothing)
    assert not any(HANGUL.search(t.get_text()) for t in texts(fig)) and not HANGUL.search(fig.alt)
    assert all("NanumGothic" not in t.get_fontfamily() for t in fig.findobj(Text))
    english = [t.get_text() for t in texts(fig) if WORD.search(t.get_text())]
    assert english or name in LANGUAGE_NEUTRAL


def test_english_words_are_the_ones_written_in_the_code():
    softmaxlab.set_language("en")
    fig = CASES["iris.history_figure"]()
    assert [fig.axes[0].get_xlabel(), fig.axes[0].get_title(), fig.axes[1].get_ylabel()] == ["epoch", "loss", "accuracy"]
    assert softmaxlab.plots.softmax.temperature_figure([2.0, 1.0]).axes[0].get_xlabel() == "temperature T (log scale)"


@pytest.fixture
def no_korean_font(monkeypatch):
    monkeypatch.setattr(_korean, "font_path", lambda: None)
    monkeypatch.setattr(_korean, "_family", None)
    monkeypatch.setattr(_korean, "_told", False)
    softmaxlab.set_language("ko")
    if softmaxlab.language() != "ko":
        pytest.skip("no compiled Korean catalogue: python tools/i18n_package.py compile")


def test_without_the_font_korean_mode_draws_english_and_says_once_how_to_get_it(no_korean_font, capsys, caplog):
    for name, make in CASES.items():
        fig = make()
        with caplog.at_level(logging.WARNING):
            draw(fig)
        assert not glyph_logs(caplog), (name, glyph_logs(caplog))
        assert not any(HANGUL.search(t.get_text()) for t in texts(fig)), f"{name}: Hangul without a Korean font"
    said = capsys.readouterr().out
    assert said.count("pip install koreanize-matplotlib") == 1, said
    assert HANGUL.search(said), "the note is in Korean"


def test_without_the_font_the_words_are_exactly_the_english(no_korean_font):
    fig = CASES["iris.history_figure"]()
    assert [fig.axes[0].get_xlabel(), fig.axes[0].get_title(), fig.axes[1].get_ylabel()] == ["epoch", "loss", "accuracy"]


def test_the_font_comes_from_the_pinned_package():
    pins = (ROOT / "requirements.txt").read_text().splitlines()
    assert "koreanize-matplotlib==0.1.1" in pins
    assert "koreanize-matplotlib==0.1.1" in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert extras["ko"] == ["koreanize-matplotlib"]
