"""Widgets of notebooks 04-06: they respond to their controls and show the right numbers."""

import numpy as np
import pytest

from softmaxlab import softmax, softmax_jacobian
from softmaxlab.widgets.graph import GraphExplorer
from softmaxlab.widgets.jacobian import JacobianExplorer
from softmaxlab.widgets.y_minus_t import YMinusTExplorer


def pictures_and_readouts(widget, slider, values=(0.5, -1.0, 2.5, 3.0, -2.0, 1.5)):
    """(PNG, readout) after each move of `slider`. Nothing is timed: update speed belongs to `make bench`."""
    shown = []
    for v in values:
        slider.value = v
        shown.append((widget.live.image.value, widget.readout.value))
    return shown


@pytest.mark.parametrize("make", [lambda: JacobianExplorer([2.0, 1.0, 0.1]),
                                  lambda: GraphExplorer([2.0, 1.0, 0.1], label=0),
                                  lambda: YMinusTExplorer([2.0, 1.0, 0.1], label=0)],
                         ids=["jacobian", "graph", "y_minus_t"])
def test_slider_changes_image_and_readout(make):
    w = make()
    image, readout = w.live.image.value, w.readout.value
    assert image[:4] == b"\x89PNG"
    w.sliders[0].value = -3.0
    assert w.live.image.value != image and w.readout.value != readout
    first = pictures_and_readouts(w, w.sliders[1])
    for before, after in zip(first, first[1:]):  # every move shows a new picture and new numbers
        assert after[0] != before[0] and after[1] != before[1]
    assert pictures_and_readouts(w, w.sliders[1]) == first  # the same values show the same thing again


def test_jacobian_explorer_shows_the_jacobian():
    w = JacobianExplorer([0.0, 0.0, 0.0])
    J = softmax_jacobian(softmax(np.zeros(3)))
    assert np.allclose(w.jacobian, J)
    assert [t.get_text() for t in w.texts[0]] == ["+0.222", "-0.111", "-0.111"]
    assert "0.222" in w.readout.value and "row sums = [0, 0, 0]" in w.readout.value
    w.sliders[0].value = 6.0  # saturated: J fades
    assert np.abs(w.jacobian).max() < 0.01
    assert w.bars[0].get_height() == pytest.approx(softmax(np.array([6.0, 0, 0]))[0])


def test_jacobian_explorer_rejects_bad_sizes():
    with pytest.raises(ValueError, match="2 to 6 logits"):
        JacobianExplorer([1.0] * 7)


def test_graph_explorer_numbers_follow_the_controls():
    w = GraphExplorer([2.0, 1.0, 0.1], label=0)
    assert w.drawing.value_text["y1"].get_text() == "0.659"
    assert w.drawing.grad_text["a1"].get_text() == "-0.341"
    w.true_class.value = 2
    assert w.drawing.grad_text["a3"].get_text() == "-0.901"
    assert w.drawing.grad_text["a1"].get_text() == "0.659"
    assert "-0.9014" in w.readout.value
    with pytest.raises(ValueError, match="3 classes"):
        GraphExplorer([1.0, 2.0])


def test_y_minus_t_explorer_bars():
    w = YMinusTExplorer([0.0, 0.0, 0.0], label=1)
    heights = {k: [b.get_height() for b in bars] for k, bars in w.bars.items()}
    assert heights["t"] == [0, 1, 0]
    assert np.allclose(heights["y - t"], [1 / 3, -2 / 3, 1 / 3])
    w.true_class.value = 2
    assert np.allclose([b.get_height() for b in w.bars["y - t"]], [1 / 3, 1 / 3, -2 / 3])
    assert "true class 3" in w.title.get_text() and "-0.667" in w.title.get_text()
