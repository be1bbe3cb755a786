"""Readouts are announced to screen readers when they change (issue 26): every widget's readout becomes a
polite live region when the widget is shown, as the sliders' values already are."""
from unittest import mock

import ipywidgets as widgets

from softmaxlab.widgets import _live
from test_accessibility import all_widgets


def _show(widget):
    with mock.patch.object(_live, "display") as shown:
        widget._ipython_display_()
    return [call.args[0] for call in shown.call_args_list]


def test_every_widget_readout_is_marked_a_live_region_when_shown():
    counted = 0
    for name, widget in all_widgets().items():
        regions = widget.live_regions()
        assert regions, f"{name}: no readout or status HTML to announce"
        assert not any(_live.READOUT_CLASS in r._dom_classes for r in regions), name  # not before it is shown
        _show(widget)
        for readout in regions:
            assert isinstance(readout, widgets.HTML)
            assert list(readout._dom_classes).count(_live.READOUT_CLASS) == 1, name
            counted += 1
        _show(widget)  # shown twice: still one class
        assert all(list(r._dom_classes).count(_live.READOUT_CLASS) == 1 for r in regions), name
    assert counted >= 16


def test_the_page_script_makes_the_marked_readouts_polite_atomic_status_regions():
    js = _live.ARIA_JS
    assert f"document.querySelectorAll('.{_live.READOUT_CLASS}')" in js
    for needle in ("'role', 'status'", "'aria-live', 'polite'", "'aria-atomic', 'true'"):
        assert needle in js


def test_a_figure_text_layer_is_not_a_live_region():
    """The HTML numbers over a live figure (texts=) are part of the picture, aria-hidden: not announced."""
    for name, widget in all_widgets().items():
        layers = [live.layer for live in vars(widget).values() if isinstance(live, _live.LiveFigure) and live.layer]
        _show(widget)
        for layer in layers:
            assert _live.READOUT_CLASS not in layer._dom_classes, name
