"""The one trick every widget shares: a matplotlib figure shown as a PNG image widget.

Re-rendering a small Agg figure to PNG takes tens of milliseconds and needs no
Output widget and no interactive matplotlib backend, so it works the same in
JupyterLab, on Binder and under nbval.
"""
import io
import time

import ipywidgets as widgets


class LiveFigure:
    """Wrap a ``matplotlib.figure.Figure``; ``redraw()`` puts its current PNG in ``self.image``."""

    def __init__(self, fig, dpi=80):
        self.fig, self.dpi = fig, dpi
        self.image = widgets.Image(format="png")
        self.redraw()

    def redraw(self):
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=self.dpi)
        self.image.value = buf.getvalue()


class LiveWidget(widgets.VBox):
    """Base class: a subclass builds its controls, calls ``watch(*controls)`` and
    implements ``update()``, which redraws from the controls' current values.
    ``last_update_ms`` records how long the last update took (tests and benchmarks read it).
    """

    last_update_ms = None

    def watch(self, *controls):
        for control in controls:
            control.observe(self.refresh, names="value")

    def refresh(self, change=None):
        start = time.perf_counter()
        self.update()
        self.last_update_ms = 1000 * (time.perf_counter() - start)

    def update(self):
        raise NotImplementedError


def logit_sliders(values, *, low=-6.0, high=6.0, step=0.1, prefix="a"):
    """One FloatSlider per logit, labelled a1, a2, ... (1-based, like the maths)."""
    return [
        widgets.FloatSlider(value=float(v), min=low, max=high, step=step, description=f"{prefix}{i + 1}",
                            continuous_update=True, readout_format=".2f")
        for i, v in enumerate(values)
    ]
