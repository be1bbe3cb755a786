"""Widgets of notebooks 04-06: they respond to their controls and show the right numbers."""

import numpy as np
import pytest

from softmaxlab import softmax, softmax_jacobian
from softmaxlab.widgets.graph import GraphExplorer
from softmaxlab.widgets.jacobian import JacobianExplorer
from softmaxlab.widgets.y_minus_t import YMinusTExplorer


def figure(widget):
    """What the figure shows: its PNG and, when the page writes its numbers over it, that HTML layer."""
    live = widget.live
    return live.image.value, live.layer.value if live.layer is not None else None


def pictures_and_readouts(widget, slider, values=(0.5, -1.0, 2.5, 3.0, -2.0, 1.5)):
    """(figure, readout) after each move of `slider`. Nothing is timed: update speed belongs to `make bench`."""
    shown = []
    for v in values:
        slider.value = v
        shown.append((figure(widget), widget.readout.value))
    return shown


@pytest.mark.parametrize("make", [lambda: JacobianExplorer([2.0, 1.0, 0.1]),
                                  lambda: GraphExplorer([2.0, 1.0, 0.1], label=0),
                                  lambda: YMinusTExplorer([2.0, 1.0, 0.1], label=0)],
                         ids=["jacobian", "graph", "y_minus_t"])
def test_slider_changes_image_and_readout(make):
    w = make()
    shown, readout = figure(w), w.readout.value
    assert shown[0][:4] == b"\x89PNG"
    w.sliders[0].value = -3.0
    assert figure(w) != shown and w.readout.value != readout
    first = pictures_and_readouts(w, w.sliders[1])
    for before, after in zip(first, first[1:]):  # every move shows a new picture and new numbers
        assert after[0] != before[0] and after[1] != before[1]
    assert pictures_and_readouts(w, w.sliders[1]) == first  # the same values show the same thing again


def test_jacobian_explorer_shows_the_jacobian():
    w = JacobianExplorer([0.0, 0.0, 0.0])
    J = softmax_jacobian(softmax(np.zeros(3)))
    assert np.allclose(w.jacobian, J)
    assert [t.get_text() for t in w.texts[0]] == ["+0.222", "-0.111", "-0.111"]
    assert "0.222" in w.readout.value and "row sums = [0 (|x| < 1e-15), 0 (|x| < 1e-15), 0 (|x| < 1e-15)]" in w.readout.value
    w.sliders[0].value = 6.0  # saturated: J fades
    assert np.abs(w.jacobian).max() < 0.01
    assert w.bars[0].get_height() == pytest.approx(softmax(np.array([6.0, 0, 0]))[0])


def test_jacobian_explorer_rejects_bad_sizes():
    with pytest.raises(ValueError, match="2 to 6 logits"):
        JacobianExplorer([1.0] * 7)


def test_graph_explorer_numbers_follow_the_controls():
    w = GraphExplorer([2.0, 1.0, 0.1], label=0)
    assert w.drawing.label(w.drawing.value_text["y1"]) == "y1 = 0.659"
    assert w.drawing.label(w.drawing.grad_text["a1"]) == "∂L/∂a1 = -0.341"
    w.true_class.value = 2
    assert w.drawing.label(w.drawing.grad_text["a3"]) == "∂L/∂a3 = -0.901"
    assert w.drawing.label(w.drawing.grad_text["a1"]) == "∂L/∂a1 = 0.659"
    assert "-0.9014" in w.readout.value
    with pytest.raises(ValueError, match="3 classes"):
        GraphExplorer([1.0, 2.0])


def _label_collisions(drawing):
    """Labels drawn over an edge (other than the one they label), over a node, or over another label."""
    fig, ax = drawing.fig, drawing.ax
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    nodes = [p.get_window_extent(renderer) for p in ax.patches]
    labels = {t: t.get_window_extent(renderer).padded(-0.5) for t in ax.texts if t.get_text().strip()}
    labels = {t: b for t, b in labels.items()  # the name or symbol written inside a node is not a label
              if not any(n.contains(*b.p0) and n.contains(*b.p1) for n in nodes)}
    own_edge = {text: f"{src}->{dst}" for (src, dst), text in drawing.edge_text.items()}
    found = []
    for text, box in labels.items():
        grid = [(x, y) for x in np.linspace(box.x0, box.x1, 12) for y in np.linspace(box.y0, box.y1, 5)]
        for line in ax.lines:
            if line.get_gid() == own_edge.get(text):
                continue
            ends = ax.transData.transform(np.c_[line.get_xdata(), line.get_ydata()])
            along = ends[0] + np.linspace(0, 1, 200)[:, None] * (ends[1] - ends[0])
            if np.any((along[:, 0] > box.x0) & (along[:, 0] < box.x1) & (along[:, 1] > box.y0) & (along[:, 1] < box.y1)):
                found.append((text.get_text(), "edge " + line.get_gid()))
        found += [(text.get_text(), "a node") for p in ax.patches if any(p.contains_point(xy) for xy in grid)]
    items = list(labels.items())
    found += [(t.get_text(), u.get_text()) for i, (t, b) in enumerate(items) for u, c in items[i + 1:] if b.overlaps(c)]
    return found


@pytest.mark.parametrize("label", [0, 1, 2])
def test_graph_labels_sit_clear_of_edges_nodes_and_each_other(label):
    w = GraphExplorer([2.0, 1.0, 0.1], label=label)
    assert w.live.fig.get_dpi() == 100  # like the other live figures
    assert _label_collisions(w.drawing) == []
    for logits in ([-6.0, 6.0, 0.123456], [5.5, -5.5, -0.001]):  # long numbers, tiny ones in exponent notation
        for slider, v in zip(w.sliders, logits):
            slider.value = v
        assert _label_collisions(w.drawing) == []


def test_y_minus_t_explorer_bars():
    w = YMinusTExplorer([0.0, 0.0, 0.0], label=1)
    heights = {k: [b.get_height() for b in bars] for k, bars in w.bars.items()}
    assert heights["t"] == [0, 1, 0]
    assert np.allclose(heights["y - t"], [1 / 3, -2 / 3, 1 / 3])
    w.true_class.value = 2
    assert np.allclose([b.get_height() for b in w.bars["y - t"]], [1 / 3, 1 / 3, -2 / 3])
    assert w.title.get_text() == "dL/da = y - t (true class 3)"
    assert "y3 - 1 = -0.667" in w.readout.value


# ---- issue 26: JacobianExplorer's readout at rounding zeros and clamped values; the published Jacobian's input

def test_jacobian_explorer_row_sums_and_det_are_zero_to_rounding_not_a_signed_noise():
    from softmaxlab.widgets.jacobian import JacobianExplorer, near_zero
    w = JacobianExplorer([1.0, 1.0, 5.9])
    assert "row sums = [0 (|x| < 1e-15), 0 (|x| < 1e-15), 0 (|x| < 1e-15)]" in w.readout.value
    assert "det J = 0 (|x| < 1e-15)" in w.readout.value
    assert near_zero(float("nan")) == "nan"  # a nan row is never reported as summing to 0
    assert all(not t.get_text().startswith("-0.000") for row in w.texts for t in row)


def test_jacobian_explorer_says_when_it_clamps_what_it_was_given():
    from softmaxlab.widgets.jacobian import JacobianExplorer
    w = JacobianExplorer([10.0, 0.0, -1.0])
    assert "a1 = 10 is outside the slider's range [-6, 6]: set to 6" in w.readout.value
    with pytest.raises(ValueError, match="finite"):
        JacobianExplorer([0.0, float("nan")])


@pytest.mark.parametrize("probs", [[0.1, 0.2, 0.3, 0.4], [0.5, 0.5], [[0.2, 0.3, 0.5]]])
def test_hand_written_jacobian_takes_three_probabilities(probs):
    from softmaxlab.published_jacobian import hand_written_jacobian
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        hand_written_jacobian(probs)


def test_readouts_never_show_minus_zero_and_the_toggle_fits_its_mark():
    """Issue 26: a gradient that rounds to zero read "-0.0000"; "true class" was cut by the pressed mark."""
    graph = GraphExplorer([6.0, -6.0, -6.0], label=0)  # y_1 - 1 = -1.2e-5: rounds to zero
    assert round(graph.graph.dlogits[0], 4) == 0 and graph.graph.dlogits[0] < 0
    assert "-0.0000" not in graph.readout.value and "+0.0000" not in graph.readout.value
    bars = YMinusTExplorer([6.0, -6.0, -6.0], label=0)
    assert "-0.000" not in bars.readout.value and "+0.000" not in bars.readout.value
    for picker in (graph.true_class, bars.true_class):
        assert picker.style.description_width == "initial"  # "true class" in full
        assert picker.style.button_width == "7ch"  # "✓ 3" fits (ARIA_JS adds the mark to the pressed button)


@pytest.mark.parametrize("make", [lambda: GraphExplorer([20.0, 1.0, 0.1]), lambda: YMinusTExplorer([0.0, -7.0])])
def test_widgets_refuse_starting_logits_their_sliders_would_clamp(make):
    """Issue 26: a logit outside the sliders' range was clamped silently (the widget showed another value)."""
    with pytest.raises(ValueError, match="would be clamped"):
        make()
