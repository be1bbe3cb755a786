"""Issue 16: figures and widgets a learner with a colour-vision deficiency, a screen reader or a dark
theme can use.

- Colours used together stay apart under simulated deuteranopia and protanopia (CIEDE2000), and
  every legend entry also differs in line style, marker or hatch.
- Text colours reach WCAG 2 AA contrast (4.5:1) on what they are drawn on; readouts set no text colour
  (they follow the JupyterLab theme).
- Every static figure has an alt text that reaches the notebook's PNG output metadata.
- Every slider, toggle and picker of every widget has a name saying what it moves.

The simulation is colour-science's (https://www.colour-science.org, maintained, BSD): Machado,
Oliveira and Fernandes (2009), the model most recent CVD simulators use, at full severity. The
contrast formula below is WCAG 2's, written out here so that the test does not trust the package's.
"""
import itertools
import json
import re
import warnings
from pathlib import Path
from unittest import mock

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.colors import to_rgb
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

import a11y_cases
from softmaxlab.plots import Figure, describe, new_figure, palette
from softmaxlab.plots import batching, flavours, graph, iris, jacobian, overflow, pitfalls, softmax, y_minus_t

with np.printoptions():  # colour-science sets NumPy's legacy print mode at import; keep it out of other tests
    colour = pytest.importorskip("colour", reason="pip install colour-science (requirements.txt)")

ROOT = Path(__file__).resolve().parents[1]
MIN_DELTA_E = 10.0  # CIEDE2000: pairs closer than this read as "about the same colour" at a glance
DEFICIENCIES = ("Deuteranomaly", "Protanomaly")  # at severity 1: deuteranopia and protanopia


# --- colour science, independent of the package -------------------------------------------------

def relative_luminance(color):
    """WCAG 2 relative luminance of an sRGB colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def simulate(color, deficiency):
    """sRGB colour as seen with `deficiency` (Machado 2009, severity 1), or unchanged for None."""
    rgb = np.array(to_rgb(color))
    if deficiency is None:
        return rgb
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # colour-science's notice about its optional dependencies
        linear = colour.cctf_decoding(rgb, function="sRGB")
        seen = np.clip(colour.matrix_cvd_Machado2009(deficiency, 1.0) @ linear, 0, 1)
        return colour.cctf_encoding(seen, function="sRGB")


def delta_e(a, b, deficiency=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lab = [colour.XYZ_to_Lab(colour.sRGB_to_XYZ(simulate(c, deficiency))) for c in (a, b)]
        return float(colour.delta_E(*lab, method="CIE 2000"))


def test_the_simulation_reproduces_the_issue():
    """The check can fail: matplotlib's default green and red, the pair issue 16 found in 07, are too close."""
    assert delta_e("#2ca02c", "#d62728") > 30  # clearly apart with normal vision
    assert delta_e("#2ca02c", "#d62728", "Deuteranomaly") < MIN_DELTA_E
    assert delta_e("#ff7f0e", "#2ca02c", "Protanomaly") < MIN_DELTA_E


def test_wcag_contrast_formula():
    assert contrast("black", "white") == pytest.approx(21.0)
    assert contrast("#17becf", "white") == pytest.approx(2.26, abs=0.01)  # the 07 legend text of issue 16
    assert contrast("#777777", "white") == pytest.approx(4.48, abs=0.01)


# --- the colours the course uses together -------------------------------------------------------

SETS = {
    "07 loss kinds": tuple(flavours.KIND_COLORS.values()),
    "08 classes": iris.CLASS_COLORS,
    "06 y, t, y - t": tuple(y_minus_t.COLORS.values()),
    "09 passes / fails": (palette.GREEN, palette.VERMILLION),
    "03 spanned / chosen / other cells": (batching.SPANNED, batching.CHOSEN, batching.PLAIN),
    "lines: first four of the cycle": palette.CYCLE_COLORS[:4],
    **a11y_cases.merged("COLOR_SETS"),
}


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("deficiency", (None, *DEFICIENCIES))
def test_colours_used_together_stay_apart(name, deficiency):
    for a, b in itertools.combinations(SETS[name], 2):
        distance = delta_e(a, b, deficiency)
        assert distance >= MIN_DELTA_E, f"{name}: {a} and {b} are {distance:.1f} apart ({deficiency or 'normal'})"


def legend_entries(fig):
    """For each legend of `fig`, the (label, colour, non-colour signature) of its entries."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    for legend in legends:
        assert isinstance(legend, Legend)
        entries = []
        for handle, text in zip(legend.legend_handles, legend.texts):
            if isinstance(handle, Line2D):
                color, shape = handle.get_color(), ("line", str(handle.get_linestyle()), str(handle.get_marker()))
            elif isinstance(handle, Patch):
                color, shape = handle.get_facecolor(), ("patch", handle.get_hatch() or "")
            else:  # a scatter's PathCollection: its marker is its path
                assert isinstance(handle, Collection), type(handle)
                color = handle.get_facecolor()[0]
                shape = ("marker", handle.get_paths()[0].vertices.round(3).tobytes())
            entries.append((text.get_text(), to_rgb(color), shape))
        yield entries


def _history(epochs=5, scale=1.0):
    steps = np.arange(1, epochs + 1)
    return {"loss": scale / steps, "acc": 1 - 0.5 / steps, "val_loss": 1.2 * scale / steps,
            "val_acc": 1 - 0.6 / steps, "weight_norm": np.sqrt(steps) * scale}


class _LinearModel:
    def logits(self, X):
        return X @ np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0]])


def static_figures():
    """Every static figure function of the package, called on small inputs: name -> Figure."""
    return {**part_one_figures(), **a11y_cases.merged("figures")}


def part_one_figures():
    from softmaxlab.datasets import load_iris
    from softmaxlab.widgets import batching as batching_widget, softmax as softmax_widget

    X, labels, features, classes = load_iris()
    X2 = X[:, 2:]
    held_out = np.arange(len(X)) % 5 == 0
    traj = {"loss": np.array([1.0, 0.8, 0.7]), "probs": np.array([[0.3, 0.4, 0.3], [0.4, 0.3, 0.3], [0.5, 0.3, 0.2]])}
    return {
        "01 temperature": softmax.temperature_figure([2.0, 1.0, 0.1]),
        "01 sum vs softmax": softmax.sum_vs_softmax_figure([2.0, 1.0, -0.5]),
        "01 explorer": softmax_widget.softmax_figure([2.0, 1.0, 0.1]),
        "02 exp ranges": overflow.exp_range_figure(),
        "02 naive vs stable": overflow.naive_vs_stable_figure([1000.0, 1001.0, 1002.0]),
        "03 reduction": batching.reduction_figure(np.arange(12).reshape(4, 3), axis=0),
        "03 explorer": batching_widget.axis_explorer_figure(),
        "04 jacobian": jacobian.jacobian_figure([2.0, 1.0, 0.1]),
        "04 wrong jacobian": jacobian.wrong_jacobian_figure([0.5, 0.3, 0.2], np.eye(3) * 0.1),
        "04 cost": jacobian.cost_figure([2, 8, 32], [1e-6, 2e-6, 9e-6], [1e-6, 1e-6, 2e-6], [100, 600, 8500],
                                        [80, 200, 800]),
        "05 graph": graph.graph_figure([2.0, 1.0, 0.1], 0),
        "06 y - t": y_minus_t.y_minus_t_figure([2.0, 1.0, 0.1], 1),
        "06 trajectory": y_minus_t.trajectory_figure(traj, traj, 0),
        "07 variants": flavours.loss_variants_figure([2.0, 1.0, 0.1], 0),
        "07 softmax twice": flavours.double_softmax_figure(),
        "07 clipping": flavours.clipping_figure(),
        "08 scatter": iris.iris_scatter_figure(X, labels, features, classes),
        "08 history": iris.history_figure(_history()),
        "08 regions": iris.regions_figure(_LinearModel(), X2, labels, held_out=held_out),
        "08 lr": iris.lr_figure({0.01: _history(), 0.1: _history(scale=0.5), 1.0: _history(scale=0.2)}),
        "08 temperature": iris.temperature_figure(np.array([0.25, 0.5, 1.0, 2.0]), np.array([0.5, 0.3, 0.2, 0.4]),
                                                  np.array([0.99, 0.95, 0.9, 0.7]), np.array([0.9, 0.9, 0.9, 0.9])),
        "08 confusion": iris.confusion_figure(np.array([[10, 0, 0], [0, 9, 1], [0, 2, 8]]), classes),
        "08 weight norm": iris.weight_norm_figure({0.0: _history(), 0.01: _history(scale=0.5)}),
        "09 gradient errors": pitfalls.gradient_errors_figure(500.0),
        "09 loss curves": pitfalls.loss_curves_figure({"right": [1.0, 0.6, 0.4], "forgot 1/N": [1.0, 0.5, 0.3],
                                                       "softmax twice": [1.0, 0.9, 0.85]}),
    }


@pytest.fixture(scope="module")
def figures():
    figs = static_figures()
    for fig in figs.values():
        fig.canvas.draw()  # lay out the text, as the PNG does
    return figs


def test_every_legend_entry_is_distinguishable(figures):
    checked = 0
    for name, fig in figures.items():
        pairs = [pair for entries in legend_entries(fig) for pair in itertools.combinations(entries, 2)]
        for (label_a, color_a, shape_a), (label_b, color_b, shape_b) in pairs:
            if label_a == label_b:
                continue
            checked += 1
            assert shape_a != shape_b, f"{name}: '{label_a}' and '{label_b}' differ only by colour"
            if color_a != color_b:
                for deficiency in DEFICIENCIES:
                    distance = delta_e(color_a, color_b, deficiency)
                    assert distance >= MIN_DELTA_E, \
                        f"{name}: '{label_a}' and '{label_b}' are {distance:.1f} apart with {deficiency}"
    assert checked >= 20  # the figures above do have legends with several entries


# --- contrast ------------------------------------------------------------------------------------

def test_palette_text_colours_reach_aa_on_white():
    for name in ("TEXT_RED", "TEXT_GREY", "BLUE", "BLACK"):
        assert contrast(getattr(palette, name), "white") >= 4.5, name


def test_text_color_on_picks_the_better_of_black_and_white():
    for fill in ("#08306b", palette.BLUE, palette.ORANGE, palette.VERMILLION, palette.GREEN, "#f7fbff", "#777777"):
        chosen = palette.text_color_on(fill)
        other = "white" if chosen == "black" else "black"
        assert contrast(chosen, fill) >= contrast(other, fill)
        assert contrast(chosen, fill) >= 4.5


@pytest.mark.parametrize("value", np.linspace(-0.25, 0.25, 51))
def test_heatmap_numbers_readable_on_their_cell(value):
    import matplotlib
    cell = matplotlib.colormaps["RdBu_r"]((value + jacobian.JMAX) / (2 * jacobian.JMAX))
    assert contrast(jacobian.text_color(value), cell) >= 4.5


def _texts(fig):
    for artist in fig.findobj(Text):
        if artist.get_visible() and artist.get_text().strip():
            yield artist


def test_coloured_text_in_figures_reaches_aa_on_white(figures):
    """Every text that is not black is readable on the white figure background (heatmap and
    filled-cell numbers are checked against their own cell in the tests above and below)."""
    on_fills = {"04 jacobian", "04 wrong jacobian", "08 confusion", "02 exp ranges"}
    seen = 0
    for name, fig in figures.items():
        if name in on_fills:
            continue
        for text in _texts(fig):
            seen += 1
            assert contrast(text.get_color(), "white") >= 4.5, f"{name}: {text.get_text()!r} in {text.get_color()}"
    assert seen > 100


def test_exp_range_labels_are_readable_on_their_spans(figures):
    fig = figures["02 exp ranges"]
    ax = fig.axes[0]
    words = [t for t in ax.texts if t.get_text() in ("0", "finite", "inf", "subnormal")]
    assert words
    for text in words:
        x, y = text.get_position()
        fills = [bar.get_facecolor() for bar in ax.patches if bar.contains_point(ax.transData.transform((x, y)))]
        assert fills, text.get_text()
        assert contrast(text.get_color(), fills[-1]) >= 4.5, text.get_text()


def test_confusion_counts_are_readable_on_their_cells(figures):
    ax = figures["08 confusion"].axes[0]
    image = ax.images[0]
    for text in ax.texts:
        j, i = (int(round(v)) for v in text.get_position())
        cell = image.cmap(image.norm(image.get_array()[i, j]))
        assert contrast(text.get_color(), cell) >= 4.5, text.get_text()


# --- alt text ------------------------------------------------------------------------------------

def test_every_static_figure_has_an_alt_text(figures):
    for name, fig in figures.items():
        assert isinstance(fig, Figure), name
        assert len(fig.alt) >= 40 and fig.alt.endswith("."), f"{name}: {fig.alt!r}"
        data, metadata = fig._repr_mimebundle_()
        assert data == {} and metadata == {"image/png": {"alt": fig.alt}}, name


def test_alt_texts_carry_the_figures_numbers(figures):
    assert "0.659, 0.242, 0.099" in figures["01 explorer"].alt
    assert "709.78" in figures["02 exp ranges"].alt and "88.72" in figures["02 exp ranges"].alt
    assert "(nan, nan, nan)" in figures["02 naive vs stable"].alt


def test_describe_rejects_bad_input():
    fig, _ = new_figure()
    with pytest.raises(TypeError, match="non-empty string"):
        describe(fig, "  ")
    import matplotlib.figure
    with pytest.raises(TypeError, match="softmaxlab.plots Figure"):
        describe(matplotlib.figure.Figure(), "A plot.")


def test_figure_without_alt_adds_no_metadata():
    fig, _ = new_figure()
    assert fig._repr_mimebundle_() == ({}, {})
    assert repr(fig).startswith("<Figure size")  # the notebooks' text/plain output is unchanged


def test_every_saved_figure_in_the_notebooks_has_an_alt_text():
    """What the HTML pages and slides are made from: each PNG output carries its alt text."""
    missing = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        for index, cell in enumerate(nb["cells"]):
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                    if not alt.strip():
                        missing.append(f"{path.name} cell {index}")
    assert not missing, "PNG outputs without alt text (make execute, or describe(fig, ...)): " + ", ".join(missing)


# --- widgets: named controls, described live figures, readouts that follow the theme --------------

def all_widgets():
    return {**part_one_widgets(), **a11y_cases.merged("widgets")}


def part_one_widgets():
    from softmaxlab.widgets.batching import AxisExplorer
    from softmaxlab.widgets.flavours import LossFlavours
    from softmaxlab.widgets.graph import GraphExplorer
    from softmaxlab.widgets.iris import DecisionRegionExplorer, TrainingMonitor
    from softmaxlab.widgets.jacobian import JacobianExplorer
    from softmaxlab.widgets.overflow import OverflowExplorer
    from softmaxlab.widgets.pitfalls import PitfallDetector
    from softmaxlab.widgets.softmax import SoftmaxExplorer
    from softmaxlab.widgets.y_minus_t import YMinusTExplorer

    X2 = np.random.default_rng(0).normal(size=(30, 2))
    labels = np.arange(30) % 3
    return {
        "SoftmaxExplorer": SoftmaxExplorer(), "OverflowExplorer": OverflowExplorer(), "AxisExplorer": AxisExplorer(),
        "JacobianExplorer": JacobianExplorer(), "GraphExplorer": GraphExplorer(), "YMinusTExplorer": YMinusTExplorer(),
        "LossFlavours": LossFlavours(), "PitfallDetector": PitfallDetector(),
        "TrainingMonitor": TrainingMonitor(epochs=4),
        "DecisionRegionExplorer": DecisionRegionExplorer(_LinearModel(), X2, labels, np.arange(30) % 5 == 0),
    }


@pytest.fixture(scope="module")
def live_widgets():
    return all_widgets()


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


CONTROLS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider, widgets.ToggleButtons,
            widgets.Dropdown, widgets.Checkbox)


def test_every_control_has_a_name_saying_what_it_moves(live_widgets):
    counted = 0
    for name, widget in live_widgets.items():
        for control in descendants(widget):
            if not isinstance(control, CONTROLS):
                continue
            counted += 1
            label = control.description
            assert label, f"{name}: a {type(control).__name__} without a visible label"
            if isinstance(control, widgets.Checkbox):
                continue  # its label is a <label> around the box: that is its accessible name
            spoken = control.tooltip or ""
            assert len(spoken.split()) >= 2, f"{name}: {label!r} has no name saying what it moves ({spoken!r})"
            key = label.split()[0].strip("#")
            assert key.lower() in spoken.lower(), f"{name}: the name {spoken!r} does not mention {label!r}"
    assert counted >= 20


def test_logit_sliders_are_named_logit_a1_and_temperature_t(live_widgets):
    explorer = live_widgets["SoftmaxExplorer"]
    assert [s.tooltip for s in explorer.sliders] == ["logit a1", "logit a2", "logit a3"]
    assert explorer.temperature.tooltip == "temperature T"


def test_every_live_figure_is_described(live_widgets):
    from softmaxlab.widgets._live import LiveFigure
    for name, widget in live_widgets.items():
        figures = [v for v in vars(widget).values() if isinstance(v, LiveFigure)]
        assert figures, name
        for live in figures:
            assert len(live.alt.split()) >= 8, f"{name}: live figure described as {live.alt!r}"
            assert not live.image.tooltip, f"{name}: a tooltip on an ipywidgets Image breaks its view (8.1.9)"
            (cls,) = [c for c in live.image._dom_classes if c.startswith("softmaxlab-figure-")]
            assert json.dumps({cls: live.alt})[1:-1] in widget.aria_script(), name


def test_readouts_set_no_text_colour(live_widgets):
    """Text in readouts keeps the theme's colour (JupyterLab light or dark); only decorative chips get one.
    A LiveFigure's text layer is part of its picture (drawn over the figure's own light background), so it
    keeps the figure's colours."""
    from softmaxlab.widgets._live import LiveFigure
    for name, widget in live_widgets.items():
        layers = [live.layer for live in vars(widget).values() if isinstance(live, LiveFigure) and live.layer]
        for html in (w for w in descendants(widget) if isinstance(w, widgets.HTML) and w not in layers):
            assert not re.search(r"(?<![-\w])color\s*:", html.value), f"{name}: {html.value[:200]}"
            for chip in re.findall(r"<span[^>]*background[^>]*>", html.value):
                assert 'aria-hidden="true"' in chip, f"{name}: a colour chip that is not marked decorative"


def test_showing_a_widget_names_its_controls_in_the_page(live_widgets):
    from softmaxlab.widgets import _live
    widget = live_widgets["SoftmaxExplorer"]
    with mock.patch.object(_live, "display") as shown:
        widget._ipython_display_()
    script, view = (call.args[0] for call in shown.call_args_list)
    assert script.data == widget.aria_script() and script.data.endswith(_live.ARIA_JS)
    assert widget.live.alt in script.data
    assert "application/vnd.jupyter.widget-view+json" in view
    for needle in ("aria-label", "aria-pressed", ".noUi-handle", "'alt'"):
        assert needle in _live.ARIA_JS


def test_html_pages_get_each_figures_alt_text():
    """tools/alt_text.py: the alt in a PNG output's metadata replaces nbconvert's default on that <img> only."""
    import sys
    import nbformat
    sys.path.insert(0, str(ROOT / "tools"))
    import alt_text

    nb = nbformat.v4.new_notebook()
    described = nbformat.v4.new_output("display_data", data={"image/png": "QUJD\nREVG\n"},
                                       metadata={"image/png": {"alt": 'Bars of y = "softmax" & co.'}})
    plain = nbformat.v4.new_output("display_data", data={"image/png": "WFla"})
    nb.cells = [nbformat.v4.new_code_cell("", outputs=[described, plain])]
    page = (f'<div><img src="data:image/png;base64,QUJD\nREVG\n" class="x" alt="{alt_text.DEFAULT_ALT}"/></div>'
            f'<img alt="{alt_text.DEFAULT_ALT}" src="data:image/png;base64,WFla">')
    fixed, count = alt_text.add_alt_texts(page, nb)
    assert count == 1
    assert 'alt="Bars of y = &quot;softmax&quot; &amp; co."' in fixed
    assert fixed.count(alt_text.DEFAULT_ALT) == 1  # the undescribed image keeps nbconvert's default
    assert fixed.count("alt=") == 2
