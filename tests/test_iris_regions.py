"""Decision regions of notebook 08: the colours region_image gives, and CellImage's quick redraw, which must
paint exactly the pixels matplotlib's own resampling paints. Nothing is timed here (speed belongs to `make bench`)."""
import logging

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.image import AxesImage

from softmaxlab import softmax
from softmaxlab.plots._common import new_figure
from softmaxlab.plots.iris import CLASS_COLORS, SHADES, CellImage, region_grid, region_image, regions_figure
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


def matplotlib_pixels(image, renderer):
    """What matplotlib's own AxesImage would draw for `image`: (pixels, x, y)."""
    pixels, x, y, _ = AxesImage.make_image(image, renderer, 1.0)
    return pixels, x, y


def assert_draws_like_matplotlib(image, renderer):
    pixels, x, y, _ = image.make_image(renderer, 1.0)
    assert image._cells is not None  # the quick path was taken (else this compares matplotlib with itself)
    expected, x0, y0 = matplotlib_pixels(image, renderer)
    assert (x, y) == (x0, y0) and pixels.shape == expected.shape
    assert np.array_equal(pixels, expected)


def test_cell_image_draws_the_pixels_matplotlib_draws(points):
    X2, labels, held_out = points
    widget = DecisionRegionExplorer(LinearModel(), X2, labels, held_out)
    renderer = widget.fig.canvas.get_renderer()
    for temperature in (0.1, 0.7, 2.0, 9.0):
        widget.temperature.value = temperature
        assert_draws_like_matplotlib(widget.im, renderer)
    cells = widget.im._cells
    widget.ax.set_xlim(widget.ax.get_xlim()[0] - 0.5, widget.ax.get_xlim()[1] + 1.3)  # moved on screen,
    widget.fig.set_size_inches(4.1, 3.3)  # and the canvas resized: the cell numbers are drawn again
    widget.fig.canvas.draw()
    renderer = widget.fig.canvas.get_renderer()
    assert_draws_like_matplotlib(widget.im, renderer)
    assert widget.im._cells.shape != cells.shape


def test_cell_image_upper_origin_and_fallbacks():
    fig, ax = new_figure(3, 2)
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, size=(7, 11, 3), dtype=np.uint8)
    image = CellImage.show(ax, rgb, extent=(0, 1, 0, 1))
    image.origin = "upper"
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    assert_draws_like_matplotlib(image, renderer)
    image.set_data(rgb / 255)  # floats: drawn as matplotlib draws them
    pixels, *_ = image.make_image(renderer, 1.0)
    assert np.array_equal(pixels, matplotlib_pixels(image, renderer)[0])
    image.set_data(rgb)
    image.set_interpolation("bilinear")  # blends cells: no quick path
    pixels, *_ = image.make_image(renderer, 1.0)
    assert np.array_equal(pixels, matplotlib_pixels(image, renderer)[0])


def test_cell_image_show_is_imshow():
    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, size=(20, 30, 3), dtype=np.uint8)
    canvases = []
    for draw in (lambda ax: ax.imshow(rgb, origin="lower", aspect="auto", extent=(-2, 3, -1, 1), interpolation="nearest"),
                 lambda ax: CellImage.show(ax, rgb, extent=(-2, 3, -1, 1))):
        fig, ax = new_figure(4, 3)
        image = draw(ax)
        ax.scatter([0, 1], [0, 0.5])
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        canvases.append((np.asarray(canvas.buffer_rgba()).copy(), ax.get_xlim(), ax.get_ylim(), image.get_extent()))
    (first, *rest), (second, *rest2) = canvases
    assert rest == rest2 and np.array_equal(first, second)


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
