"""Decision regions of notebook 08: the colours region_image gives, no clipping messages, and the explorer's kept
pictures. Nothing is timed here (speed belongs to `make bench`)."""
import logging

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb

from softmaxlab import softmax
from softmaxlab.plots.iris import CLASS_COLORS, SHADES, region_grid, region_image, regions_figure
from softmaxlab.widgets.iris import DecisionRegionExplorer


class LinearModel:
    """logits = X W + b, with weights that give all three classes a region and wide unsure margins."""

    W = np.array([[1.5, -0.4, -1.1], [0.3, 1.2, -1.5]])  # (2, 3)
    b = np.array([0.2, -0.1, 0.4])  # (3,)

    def logits(self, X):
        return X @ self.W + self.b  # (N, 3)


@pytest.fixture(scope="module")
def points():
    rng = np.random.default_rng(8)
    X2 = rng.normal(size=(60, 2))  # (60, 2)
    labels = LinearModel().logits(X2).argmax(axis=1)
    return X2, labels, np.arange(60) % 4 == 0


def reference_colors(model, xx, yy, temperature):
    """The unrounded colours, 0-255, computed the long way: softmax, then white mixed with the class colour."""
    probs = softmax(model.logits(np.stack([xx.ravel(), yy.ravel()], axis=1)) / temperature)  # (G, 3)
    confidence = (probs.max(axis=1) - 1 / 3) / (2 / 3)
    colors = np.array([to_rgb(c) for c in CLASS_COLORS])  # (3, 3)
    return 255 * (colors[probs.argmax(axis=1)] * confidence[:, None] + 1 - confidence[:, None])  # (G, 3)


@pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0, 3.0, 10.0])
def test_region_image_is_the_class_colour_faded_by_confidence(points, temperature):
    xx, yy = region_grid(points[0], n=50)
    image = region_image(LinearModel(), xx, yy, temperature)
    assert image.dtype == np.uint8 and image.shape == (50, 50, 3)
    exact = reference_colors(LinearModel(), xx, yy, temperature)
    error = np.abs(image.reshape(-1, 3) - exact)
    # Half a step of 1/SHADES in confidence (at most 255 / SHADES / 2 in a channel) and half a unit of rounding.
    assert error.max() <= 255 / SHADES / 2 + 0.5
    assert len(np.unique(image.reshape(-1, 3), axis=0)) <= 3 * (SHADES + 1)


def test_region_image_shows_the_predicted_class():
    xx, yy = np.meshgrid(np.linspace(-4, 4, 9), np.linspace(-4, 4, 9))
    model = LinearModel()
    predicted = model.logits(np.stack([xx.ravel(), yy.ravel()], axis=1)).argmax(axis=1)
    image = region_image(model, xx, yy, 0.05).reshape(-1, 3)  # cold: nearly every point is certain
    sure = [np.rint(255 * np.array(to_rgb(c))) for c in CLASS_COLORS]
    nearest = np.argmin([np.abs(image - color).sum(axis=1) for color in sure], axis=0)
    assert np.array_equal(nearest, predicted)


def test_regions_move_without_clipping_messages(points, caplog):
    X2, labels, held_out = points
    with caplog.at_level(logging.WARNING, logger="matplotlib.image"):
        widget = DecisionRegionExplorer(LinearModel(), X2, labels, held_out)
        for temperature in (0.2, 1.0, 5.0):
            widget.temperature.value = temperature
        FigureCanvasAgg(regions_figure(LinearModel(), X2, labels, temperature=0.5, held_out=held_out)).draw()
    assert not caplog.records


def test_explorer_shows_a_model_changed_after_it_was_built(points):
    """Pictures are kept per set of region colours, not per temperature: a model trained further shows at once."""
    X2, labels, held_out = points
    model = LinearModel()
    widget = DecisionRegionExplorer(model, X2, labels, held_out)
    for temperature in (2.0, 0.5, 2.0):
        widget.temperature.value = temperature
    before = widget.live.image.value
    model.W = 2 * LinearModel.W  # as if trained further: the same regions, more confident
    widget.temperature.value = 0.5
    widget.temperature.value = 2.0
    fresh = DecisionRegionExplorer(model, X2, labels, held_out, temperature=2.0)
    assert widget.live.image.value == fresh.live.image.value != before
