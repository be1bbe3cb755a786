"""LiveFigure: repainting only what changed gives the same pixels as repainting every animated artist,
for every live widget of the package and every control it has; and its PNG encoder is a valid PNG.
Nothing is timed here (speed belongs to `make bench`)."""
import importlib
import inspect
import io
import pkgutil

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

import softmaxlab.widgets
from softmaxlab.widgets._live import LiveFigure, LiveWidget, png_bytes

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
