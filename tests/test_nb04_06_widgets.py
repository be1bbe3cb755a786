"""Widgets of notebooks 04-06: they respond to their controls, show the right numbers, and update fast."""
import statistics
import time

import numpy as np
import pytest

from softmaxlab import softmax, softmax_jacobian
from softmaxlab.widgets.graph import GraphExplorer
from softmaxlab.widgets.jacobian import JacobianExplorer
from softmaxlab.widgets.y_minus_t import YMinusTExplorer


def update_times(widget, slider, values=(0.5, -1.0, 2.5, 3.0, -2.0, 1.5)):
    """Wall-clock ms of each update (the widget's own `last_update_ms`) and CPU ms spent by this process."""
    wall, cpu = [], []
    for v in values:
        start = time.process_time()
        slider.value = v
        cpu.append(1000 * (time.process_time() - start))
        wall.append(widget.last_update_ms)
    return wall, cpu


@pytest.mark.parametrize("make", [lambda: JacobianExplorer([2.0, 1.0, 0.1]),
                                  lambda: GraphExplorer([2.0, 1.0, 0.1], label=0),
                                  lambda: YMinusTExplorer([2.0, 1.0, 0.1], label=0)],
                         ids=["jacobian", "graph", "y_minus_t"])
def test_slider_changes_image_and_readout_fast(make):
    w = make()
    image, readout = w.live.image.value, w.readout.value
    assert image[:4] == b"\x89PNG"
    w.sliders[0].value = -3.0
    assert w.live.image.value != image and w.readout.value != readout
    update_times(w, w.sliders[1])  # warm-up
    wall, cpu = update_times(w, w.sliders[1])
    # The machine running the tests may be busy: the best wall-clock update and the median CPU
    # time must both be under 100 ms (on an idle machine the median wall time is about half that).
    assert min(wall) < 100 and statistics.median(cpu) < 100, (wall, cpu)


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
