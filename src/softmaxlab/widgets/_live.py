"""The one trick every widget shares: a matplotlib figure shown as a PNG image widget.

Re-rendering a small Agg figure to PNG needs no Output widget and no interactive
matplotlib backend, so it works the same in JupyterLab, on Binder and under nbval.
To stay well under 100 ms per slider move, :class:`LiveFigure` renders the fixed part
of the figure (axes, ticks, labels: text is most of the cost) once, and on each update
pastes it back and draws only the artists that change.

Accessibility: ipywidgets 8.1 gives a slider's handle (role="slider") no accessible name, and
an Image no alt text. Every control here has a ``tooltip`` saying what it moves ("logit a1");
ipywidgets puts it on the control's label as ``title``. When a widget of this package is shown,
:data:`ARIA_JS` (installed once per page) copies that name to the slider handle and readout as
``aria-label``, names each ToggleButtons group, marks its buttons ``aria-pressed`` and shows the
pressed one with a ring and a check mark (JupyterLab's dark theme shades it only slightly), and gives
each live figure's ``<img>`` its description (``LiveFigure.alt``) as ``alt``.
"""
import io
import json
import time
import uuid

import ipywidgets as widgets
import numpy as np
from IPython.display import Javascript, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image


class LiveFigure:
    """Show `fig` as ``self.image`` (an ipywidgets.Image); ``redraw()`` refreshes it.

    `animated` lists the artists an update changes (bars, lines, texts, an image...).
    They are left out of a cached background and drawn over it on every ``redraw()``,
    together with the axes frames so these stay on top. With no `animated` artists
    every redraw renders the whole figure. The layout is computed once, then frozen.
    After changing something outside `animated` (axis limits, say) call
    ``redraw(full=True)``; or pass a `key` (e.g. the limits) and a background is cached
    per key, so going back to earlier limits stays fast.
    """

    def __init__(self, fig, animated=(), dpi=100, alt=None):
        fig.set_dpi(dpi)
        self.fig, self.canvas = fig, FigureCanvasAgg(fig)
        self.canvas.draw()  # the layout engine places everything once...
        fig.set_layout_engine("none")  # ...and the layout is kept from then on
        frames = [spine for ax in fig.axes if ax.axison for spine in ax.spines.values()] if animated else []
        self.animated = [*animated, *frames]
        for artist in self.animated:
            artist.set_animated(True)  # not part of the background
        self.backgrounds = {}
        # What the picture shows, for a screen reader. ipywidgets' Image has no alt, and a tooltip
        # breaks its view (8.1.9: updateTooltip reads a description it lacks), so the image gets a
        # class of its own and ARIA_JS sets the alt of the <img> with that class.
        self.alt = alt or getattr(fig, "alt", "") or "live figure"
        self.image = widgets.Image(format="png")
        self.image.add_class(f"softmaxlab-figure-{uuid.uuid4().hex[:12]}")
        self.image.layout.width = f"{self.canvas.get_width_height()[0]}px"  # own size: stretched PNGs blur
        self.redraw(full=True)

    def redraw(self, full=False, key=None):
        if not self.animated:
            self.canvas.draw()
        else:
            if full or key not in self.backgrounds:
                self.canvas.draw()
                self.backgrounds[key] = self.canvas.copy_from_bbox(self.fig.bbox)
            self.canvas.restore_region(self.backgrounds[key])
            for artist in self.animated:
                self.fig.draw_artist(artist)
        buf = io.BytesIO()
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(
            buf, format="png", compress_level=1)
        self.image.value = buf.getvalue()


# Runs in the page (JupyterLab, Notebook 7), once: names the controls of every widget on it.
ARIA_JS = r"""
(() => {
  if (window.softmaxlabAria) return;
  window.softmaxlabAria = true;
  // The pressed ToggleButton: a ring in the text colour and a check mark (not the shade alone).
  const style = document.createElement('style');
  style.textContent = `.widget-toggle-button.mod-active { font-weight: bold; box-shadow: inset 0 0 0 2px currentColor; }
    .widget-toggle-button.mod-active::before { content: "✓ " / ""; }`;
  document.head.appendChild(style);
  const nameOf = box => {
    const label = box.querySelector(':scope > .widget-label');
    return label ? (label.title || label.textContent).trim() : '';
  };
  const set = (el, attr, value) => { if (el && value && el.getAttribute(attr) !== value) el.setAttribute(attr, value); };
  const fix = () => {
    pending = false;
    for (const box of document.querySelectorAll('.widget-slider')) {
      const name = nameOf(box);
      box.querySelectorAll('.noUi-handle').forEach(handle => set(handle, 'aria-label', name));
      set(box.querySelector('.widget-readout'), 'aria-label', name && name + ', value');
    }
    for (const box of document.querySelectorAll('.widget-toggle-buttons')) {
      const buttons = box.querySelectorAll('button');
      if (buttons.length) { set(buttons[0].parentElement, 'role', 'group'); set(buttons[0].parentElement, 'aria-label', nameOf(box)); }
      buttons.forEach(b => set(b, 'aria-pressed', String(b.classList.contains('mod-active'))));
    }
    for (const [cls, alt] of Object.entries(window.softmaxlabAlts || {}))
      document.querySelectorAll('img.' + cls).forEach(img => set(img, 'alt', alt));
  };
  let pending = false;
  new MutationObserver(() => { if (!pending) { pending = true; requestAnimationFrame(fix); } })
    .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'title']});
  fix();
})();
"""


class Accessible:
    """Mixin for a widget of this package: showing it also runs :data:`ARIA_JS` in the page."""

    def _ipython_display_(self):
        display(Javascript(self.aria_script()), metadata={"softmaxlab": "aria"})
        display(self._repr_mimebundle_(), raw=True)

    def aria_script(self):
        """ARIA_JS, preceded by the alt text of each live figure of this widget, keyed by its image's class."""
        alts = {cls: live.alt for live in vars(self).values() if isinstance(live, LiveFigure)
                for cls in live.image._dom_classes if cls.startswith("softmaxlab-figure-")}
        return f"window.softmaxlabAlts = Object.assign(window.softmaxlabAlts || {{}}, {json.dumps(alts)});\n{ARIA_JS}"


class LiveWidget(Accessible, widgets.VBox):
    """Base class: a subclass builds its controls, calls ``watch(*controls)`` and
    implements ``update()``, which redraws from the controls' current values.
    ``last_update_ms`` records how long the last update took (tests and benchmarks read it).
    """

    last_update_ms = None

    @property
    def logits(self):
        """The logits the sliders in ``self.sliders`` are set to, as an array."""
        return np.array([s.value for s in self.sliders])

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
    """One FloatSlider per logit, labelled a1, a2, ... (1-based, like the maths), named "logit a1", ..."""
    return [
        widgets.FloatSlider(value=float(v), min=low, max=high, step=step, description=f"{prefix}{i + 1}",
                            tooltip=f"logit {prefix}{i + 1}", continuous_update=True, readout_format=".2f")
        for i, v in enumerate(values)
    ]
