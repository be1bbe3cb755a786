"""LiveFigure: repainting only what changed gives the same pixels as repainting every animated artist,
for every live widget of the package and every control it has; and its PNG encoder is a valid PNG.
Nothing is timed here (speed belongs to `make bench`)."""
import base64
import html
import importlib
import inspect
import io
import pkgutil
import re

import ipywidgets as widgets
import numpy as np
import pytest
import traitlets
from matplotlib.colors import to_hex
from PIL import Image

import softmaxlab.widgets
from softmaxlab.plots import new_figure
from softmaxlab.widgets._live import LiveFigure, LiveWidget, PNGImage, png_bytes

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)
CHOICES = (widgets.ToggleButtons, widgets.Dropdown, widgets.RadioButtons, widgets.SelectionSlider)


def _iris_regions():
    """DecisionRegionExplorer's arguments, as notebook 08 builds them (a short training run)."""
    from softmaxlab.datasets import load_iris
    from softmaxlab.train import SoftmaxRegression, stratified_split, train

    X, labels, _, _ = load_iris()
    train_idx, test_idx = stratified_split(labels, test_per_class=10, seed=0)
    Z2 = X[:, [2, 3]]
    Z2 = (Z2 - Z2[train_idx].mean(axis=0)) / Z2[train_idx].std(axis=0)  # (150, 2)
    model = SoftmaxRegression(n_features=2, n_classes=3)
    train(model, Z2[train_idx], labels[train_idx], lr=0.5, epochs=20, batch_size=16, seed=0)
    return (model, Z2, labels, np.isin(np.arange(len(labels)), test_idx)), {}


def _reliability():
    """ReliabilityExplorer's arguments: overconfident logits of a 3-class problem."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, size=300)
    logits = 3.0 * (np.eye(3)[labels] + rng.normal(size=(300, 3)))  # (300, 3)
    return (logits, labels), {}


# Widgets whose constructor needs data: how to build them. A new one must be added here.
ARGUMENTS = {"DecisionRegionExplorer": _iris_regions, "ReliabilityExplorer": _reliability,
             "TileStepper": lambda: (([1.0, 3.0, 0.0, 5.0, 2.0, -1.0, 4.0, 0.5],), {"tile": 2})}


def live_widget_classes():
    found = []
    for info in pkgutil.iter_modules(softmaxlab.widgets.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"softmaxlab.widgets.{info.name}")
        found += [cls for name, cls in vars(module).items() if inspect.isclass(cls) and issubclass(cls, LiveWidget)
                  and cls is not LiveWidget and cls.__module__ == module.__name__ and not name.startswith("_")]
    return sorted(found, key=lambda cls: cls.__name__)


def build(cls):
    args, kwargs = ARGUMENTS[cls.__name__]() if cls.__name__ in ARGUMENTS else ((), {})
    return cls(*args, **kwargs)


def controls(widget):
    """Every slider, choice and checkbox of `widget`, in display order."""
    found, stack = [], [widget]
    while stack:
        w = stack.pop(0)
        if isinstance(w, (*SLIDERS, *CHOICES, widgets.Checkbox, widgets.ToggleButton)):
            found.append(w)
        stack[:0] = list(getattr(w, "children", ()))
    return found


def moves(control):
    """A few values for `control`, ending where it started."""
    start = control.value
    if isinstance(control, CHOICES):
        values = [value for _, value in control._options_full if value != start][:4]
        if isinstance(control, widgets.SelectionSlider):
            values = [control.options[i] if not isinstance(control.options[0], tuple) else control.options[i][1]
                      for i in range(len(control.options)) if i != control.index][:4]
    elif isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        values = [not start]
    elif isinstance(control, widgets.FloatLogSlider):
        values = [float(control.base ** e) for e in np.linspace(control.min, control.max, 4)]
    else:
        values = [control.min + f * (control.max - control.min) for f in (0.0, 0.37, 0.71, 1.0)]
        values = [int(round(v)) if isinstance(control, widgets.IntSlider) else v for v in values]
        values += [start + control.step, start + 2 * control.step]  # small steps, like a key press
        if isinstance(control, widgets.FloatSlider):
            values.append(values[-1] + control.step / 1000)  # so small that most labels keep their text
    return values + [start]


def live_figures(widget):
    return [value for value in vars(widget).values() if isinstance(value, LiveFigure)]


def test_every_widget_class_can_be_built():
    needs = [cls.__name__ for cls in live_widget_classes() if cls.__name__ not in ARGUMENTS and any(
        p.default is p.empty for p in inspect.signature(cls).parameters.values()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))]
    assert not needs, f"add to ARGUMENTS how to build {needs} (their constructor needs arguments)"


@pytest.mark.parametrize("cls", live_widget_classes(), ids=lambda cls: cls.__name__)
def test_partial_repaint_matches_full_repaint(cls):
    partial, full = build(cls), build(cls)
    for live in live_figures(full):
        live.partial = False
    assert live_figures(partial), f"{cls.__name__} has no LiveFigure attribute"
    pairs = list(zip(controls(partial), controls(full)))
    assert pairs, f"{cls.__name__} has no control to move"
    for a, b in pairs:
        for value in moves(a):
            a.value = b.value = value
            for mine, reference in zip(live_figures(partial), live_figures(full)):
                assert mine.image.value == reference.image.value, \
                    f"{cls.__name__}: after {a.description or type(a).__name__} = {value!r} the partial repaint " \
                    f"differs from the full one in {np.sum(pixels(mine) != pixels(reference))} channel values"
    partial.close()
    full.close()


def pixels(live):
    return np.asarray(Image.open(io.BytesIO(live.image.value)))


@pytest.mark.parametrize("alpha", [255, 128])
def test_png_bytes_decodes_to_the_same_pixels(alpha):
    rgba = np.random.default_rng(1).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    rgba[..., 3] = alpha
    image = Image.open(io.BytesIO(png_bytes(rgba)))
    assert image.mode == ("RGB" if alpha == 255 else "RGBA")
    expected = rgba[..., :3] if alpha == 255 else rgba
    assert np.array_equal(np.asarray(image), expected)


def test_training_monitor_partial_repaint_matches_full_repaint():
    """TrainingMonitor (08) draws through a LiveFigure too, though train() drives it, not a control."""
    from softmaxlab.widgets.iris import TrainingMonitor

    partial, full = TrainingMonitor(epochs=30, every=3), TrainingMonitor(epochs=30, every=3)
    full.live.partial = False
    rng = np.random.default_rng(0)
    history = {"loss": [], "acc": [], "val_loss": [], "val_acc": []}
    for epoch in range(1, 31):
        loss = 1.5 / epoch + 0.05 * rng.random()
        for key, value in (("loss", loss), ("val_loss", loss + 0.1), ("acc", 1 - loss / 2), ("val_acc", 1 - loss / 1.8)):
            history[key].append(value)
        if epoch == 10:
            history["loss"][-1] = 2.5  # a spike: the loss axis rescales (a full redraw)
        partial(epoch, history)
        full(epoch, history)
        assert partial.live.image.value == full.live.image.value, f"epoch {epoch}: the pictures differ"
    assert partial.redraws == 10


SPAN = re.compile(r'<span style="([^"]*)">([^<]*)</span>')


def spans(layer_html):
    """(style properties, text) of each span of a text layer."""
    return [(dict(p.split(":", 1) for p in style.split(";")), html.unescape(text))
            for style, text in SPAN.findall(layer_html)]


@pytest.mark.parametrize("cls", [cls for cls in live_widget_classes() if any(live.texts for live in
                                                                              live_figures(build(cls)))],
                         ids=lambda cls: cls.__name__)
def test_text_layer_writes_each_text_where_matplotlib_draws_it(cls):
    """After every move of every control, the layer has one span per shown text, with its string, anchored
    (left, centre or right, like the text) where matplotlib's box of the text is, to 0.01 % of the picture."""
    widget = build(cls)
    for control in controls(widget):
        for value in moves(control):
            control.value = value
            for live in live_figures(widget):
                renderer = live.canvas.get_renderer()
                width, height = live.canvas.get_width_height()
                shown = [t for t in live.texts if t.get_visible() and t.get_text()]
                got = spans(live.layer.value)
                assert [text for _, text in got] == [t.get_text() for t in shown]
                for (style, _), text in zip(got, shown):
                    x0, y0, x1, y1 = text.get_window_extent(renderer).extents
                    x = {"left": x0, "center": (x0 + x1) / 2, "right": x1}[text.get_ha()]
                    where = f"{cls.__name__}, {control.description} = {value!r}, {text.get_text()!r}"
                    assert float(style["left"].rstrip("%")) == pytest.approx(100 * x / width, abs=0.01), where
                    assert float(style["top"].rstrip("%")) == pytest.approx(100 * (1 - (y0 + y1) / 2 / height),
                                                                            abs=0.01), where
    widget.close()


def test_text_layer_texts_stay_out_of_the_picture():
    """A text of the layer is never drawn into the PNG: changing only it sends new HTML and no new picture."""
    fig, ax = new_figure(3, 2)
    bars = ax.bar([0, 1], [0.3, 0.6])
    number = ax.text(0.5, 0.8, "0.25", color="C3", fontweight="bold", bbox={"boxstyle": "round,pad=0.2", "fc": "w"})
    live = LiveFigure(fig, bars, texts=[number])
    picture, layer = live.image.value, live.layer.value
    number.set_text("0.75 & <b>")
    live.redraw()
    assert live.image.value == picture and live.layer.value != layer
    (style, text), = spans(live.layer.value)
    assert text == "0.75 & <b>"  # escaped in the HTML, shown as typed
    assert style["font-weight"] == "700" and style["color"] == to_hex("C3") and "rgba(255,255,255" in style["background"]
    number.set_visible(False)
    live.redraw()
    assert spans(live.layer.value) == []
    number.set_visible(True)
    number.set_rotation(30)
    with pytest.raises(ValueError, match="rotate"):
        live.redraw()


def test_the_page_gets_the_png_as_a_data_url():
    """PNGImage keeps the PNG bytes in ``value``; what it sends (its state, and each change) is that PNG as a
    data: URL with format "url", which ipywidgets' view sets as the <img>'s src."""
    fig, ax = new_figure(3, 2)
    bars = ax.bar([0, 1], [0.3, 0.6])
    live = LiveFigure(fig, bars)
    assert isinstance(live.image, PNGImage) and bytes(live.image.value[:8]) == b"\x89PNG\r\n\x1a\n"
    sent = []
    live.image._send = lambda msg, buffers=None: sent.append((msg, buffers))
    bars[0].set_height(0.9)
    live.redraw()
    (data, buffers), = sent
    assert data["state"] == {} and data["buffer_paths"] == [["value"]]
    url = bytes(buffers[0])
    assert url.startswith(b"data:image/png;base64,")
    assert base64.b64decode(url[len(b"data:image/png;base64,"):]) == bytes(live.image.value)
    assert live.image.get_state()["format"] == "url"
    assert PNGImage(value=b"\x89PNG").get_state()["value"] == memoryview(b"data:image/png;base64,iVBORw==")


def test_a_saved_or_embedded_png_image_keeps_its_url_format():
    """Widget state saved in a notebook or embedded in a page leaves out what equals a default; the page's Image
    defaults to format "png" and would read the data: URL's text as PNG bytes. Any other format is refused."""
    from ipywidgets.embed import embed_data
    fig, ax = new_figure(3, 2)
    live = LiveFigure(fig, ax.bar([0, 1], [0.3, 0.6]))
    state = embed_data(views=[live.image])["manager_state"]["state"][live.image.model_id]["state"]
    assert state["format"] == "url"
    with pytest.raises(traitlets.TraitError, match="format 'url'"):
        live.image.format = "png"
    with pytest.raises(TypeError, match="Image.from_url"):
        PNGImage.from_url("https://example.org/a.png")


def test_state_pictures_are_sent_again_not_drawn():
    """redraw(state=...) keeps the PNG per state; coming back to a state sends that PNG without drawing."""
    fig, ax = new_figure(3, 2)
    bars = ax.bar([0, 1], [0.3, 0.6])
    live = LiveFigure(fig, bars)
    pictures = {}
    for height in (0.1, 0.5, 0.9):
        bars[0].set_height(height)
        live.redraw(state=height)
        pictures[height] = live.image.value
    assert len(set(pictures.values())) == 3
    bars[0].set_height(0.5)
    fig.draw_artist = None  # drawing now would fail
    live.redraw(state=0.5)
    assert live.image.value == pictures[0.5]


def test_text_layer_skips_a_text_at_no_place_and_keeps_box_edges_and_colour_alpha():
    """A text at a non-finite place is drawn by neither (a span at 'left:nan%' would land in the corner); a
    square box keeps square corners and its edge (matplotlib's default box has a black one); a colour's alpha
    is kept; the layer names fallbacks after matplotlib's own font."""
    fig, ax = new_figure(3, 2)
    bars = ax.bar([0, 1], [0.3, 0.6])
    boxed = ax.text(0.5, 0.8, "0.25", color=(0.8, 0.1, 0.1, 0.5), bbox={"boxstyle": "square,pad=0.2", "fc": "w"})
    nowhere = ax.text(np.nan, 0.5, "0.50")
    live = LiveFigure(fig, bars, texts=[boxed, nowhere])
    (style, text), = spans(live.layer.value)
    assert text == "0.25" and style["color"] == "#cc1a1a80"
    assert style["border-radius"] == "0em" and style["box-shadow"].endswith("#000000")
    layer_style = live.layer.value.split("<span")[0]
    assert "'DejaVu Sans'" in layer_style and layer_style.rstrip('">').endswith("sans-serif")
