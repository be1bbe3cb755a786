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
pressed one with a ring and a check mark (JupyterLab's dark theme shades it only slightly), gives
each live figure's ``<img>`` its description (``LiveFigure.alt``) as ``alt``, and makes each readout
(the widget's ``readout`` or ``status`` HTML, marked ``softmaxlab-readout`` when shown) a polite live
region (``role="status"``, ``aria-live="polite"``, ``aria-atomic="true"``): a screen reader reads the
new sentence when a move changes it, as it reads a slider's new value.
"""
import base64
import html
import json
import math
import struct
import time
import uuid
import zlib

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
import traitlets
from IPython.display import Javascript, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgba
from matplotlib.font_manager import findfont, get_font, weight_dict
from matplotlib.patches import BoxStyle
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from ..i18n import _
from ._compat import accept_tooltip

accept_tooltip()  # ipywidgets 7 (Colab): the controls' tooltip= becomes description_tooltip, the label's title

GENERIC = ("serif", "sans-serif", "cursive", "fantasy", "monospace")  # CSS's generic font families (also matplotlib's)
PAD = 4  # px kept around an artist's extent: antialiasing and line widths reach past it
PICTURES = 256  # PNGs kept per LiveFigure by state (see redraw), 10-70 kB each
SOME = 0.7  # a redraw repaints only what changed when at most this share of the animated artists changed


DATA_URL = b"data:image/png;base64,"
try:  # ipywidgets 8: Image.value is a memoryview of bytes
    from ipywidgets.widgets.trait_types import CByteMemoryView as PNGBytes
except ImportError:  # ipywidgets 7 (Colab ships 7.7.1): Image.value is a Bytes trait
    PNGBytes = traitlets.Bytes


class PNGImage(widgets.Image):
    """An ipywidgets Image of PNG bytes that reaches the page as a ``data:`` URL.

    ``value`` holds the PNG file's bytes, as for any Image; the page gets ``data:image/png;base64,...``
    with ``format="url"``, which ipywidgets' view puts in the ``<img>`` as it is. For PNG bytes it would
    make a blob URL, which the browser fetches through its own process before decoding: in headless
    Chromium here, a 19 kB picture was decoded 5.0 ms (median) after its ``src`` was set from a blob URL
    and 1.1 ms after from a data URL, and on screen a frame sooner (``benchmarks/bench_image_src.py``). The
    message is a third larger (base64); for a picture sent on each slider move, that cost was not measurable here.

    Raises traitlets.TraitError for a ``format`` other than "url"; ``from_url`` raises TypeError.
    """

    value = PNGBytes().tag(
        sync=True, to_json=lambda png, _widget: memoryview(DATA_URL + base64.b64encode(png)),
        from_json=lambda url, _widget: memoryview(base64.b64decode(bytes(url)[len(DATA_URL):])))

    def __init__(self, **kwargs):
        # Set, not made the default: a saved or embedded widget state leaves out values equal to a default,
        # and the page's Image defaults to "png" (it would read the URL's text as PNG bytes).
        super().__init__(**{"format": "url", **kwargs})

    @traitlets.validate("format")
    def _only_url(self, proposal):
        if proposal["value"] != "url":
            raise traitlets.TraitError(f"a PNGImage sends its PNG bytes as a data: URL (format 'url'), got format "
                                       f"{proposal['value']!r}: show other pictures with ipywidgets.Image")  # i18n: no
        return proposal["value"]

    @classmethod
    def from_url(cls, url, **kwargs):
        raise TypeError("a PNGImage holds PNG bytes; for a picture at a URL use ipywidgets.Image.from_url")  # i18n: no


class LiveFigure:
    """Show `fig` as ``self.image`` (a :class:`PNGImage`); ``redraw()`` refreshes it.

    `animated` lists the artists an update changes (bars, lines, texts, an image...).
    They are left out of a cached background and drawn over it, together with the axes
    frames so these stay on top. When only some of the animated artists changed since the
    last ``redraw()`` (matplotlib marks them ``stale``), it repaints those and the ones they
    overlap; it sends no new picture when nothing changed. So change an artist through its
    ``set_*`` methods (``set_height``, ``set_text``, ``set_data``...), which mark it stale, never by
    writing into an array it holds. With no `animated` artists a redraw renders the whole figure
    (when anything in it changed), unless it has `texts`: then the picture is painted once and
    only the texts change (call ``redraw(full=True)`` after changing the picture). The layout is computed once,
    then frozen. After changing something outside `animated` (axis limits, say) call
    ``redraw(full=True)``; or pass a `key` (e.g. the limits) and a background is cached
    per key, so going back to earlier limits stays fast.

    `texts` lists texts (numbers, mostly) that the page writes, as HTML laid over the picture, where
    matplotlib would draw them, in their size, colour, weight and box: a few bytes per move instead of
    rasterised glyphs, which cost about 1 ms of kernel time each. They are never drawn into the picture.
    Show ``self.view``, which stacks the picture and those texts (it is ``self.image`` when there are none).

    `state`, passed to ``redraw``, names everything the picture depends on (the controls' values, say):
    the PNG made for a state is kept, and showing that state again sends it without drawing.
    """

    partial = True  # False: every redraw paints every animated artist, and no PNG is kept per state (the tests compare)

    def __init__(self, fig, animated=(), dpi=100, alt=None, texts=()):
        fig.set_dpi(dpi)
        self.fig, self.canvas = fig, FigureCanvasAgg(fig)
        self.canvas.draw()  # the layout engine places everything once...
        fig.set_layout_engine("none")  # ...and the layout is kept from then on
        frames = [spine for ax in fig.axes if ax.axison for spine in ax.spines.values()] if animated else []
        self.animated, self.texts = [*animated, *frames], list(texts)
        for artist in [*self.animated, *self.texts]:
            artist.set_animated(True)  # not part of the background
        self.backgrounds = {}  # key -> (H, W, 4) pixels of the figure without the animated artists
        self.shown_key, self.boxes = None, None  # the background on the canvas; where each animated artist is
        self.sparing = True  # whether repainting only what changed has been worth it
        self.pictures, self.on_canvas = {}, True  # state -> PNG bytes; whether the PNG shown is the canvas's
        # What the picture shows, for a screen reader. ipywidgets' Image has no alt, and a tooltip
        # breaks its view (8.1.9: updateTooltip reads a description it lacks), so the image gets a
        # class of its own and ARIA_JS sets the alt of the <img> with that class.
        self.alt = alt or getattr(fig, "alt", "") or _("live figure")
        self.image = PNGImage()
        self.image.add_class(f"softmaxlab-figure-{uuid.uuid4().hex[:12]}")
        self.image.layout.width = f"{self.canvas.get_width_height()[0]}px"  # own size: stretched PNGs blur
        self.layer, self.view, self.middles = None, self.image, {}
        if self.texts:  # the texts in the one cell of a grid with the picture, on top of it
            # Both fill the cell from its corner (an Image has a 2 px margin of its own), and the one column is at
            # most the picture's width: in a wider output area the layer would stretch and the picture would not.
            self.image.layout.grid_area, self.image.layout.margin = "figure", "0"
            self.layer = widgets.HTML(layout={"grid_area": "figure", "width": "auto", "margin": "0"})
            self.view = widgets.GridBox([self.image, self.layer], layout={
                "grid_template_areas": '"figure"', "grid_template_columns": f"minmax(0, {self.image.layout.width})"})
        self.redraw(full=True)

    def pixels(self):
        """The canvas as an (H, W, 4) uint8 array (a view: writing to it changes the canvas)."""
        return np.asarray(self.canvas.buffer_rgba())

    def redraw(self, full=False, key=None, state=None):
        if state in self.pictures and self.partial and not full:
            self.image.value, self.on_canvas = self.pictures[state], False  # made before: nothing to draw
        elif self._paint(full, key) or not self.on_canvas:
            png = png_bytes(self.pixels())
            if state is not None and self.partial:
                if len(self.pictures) >= PICTURES:
                    del self.pictures[next(iter(self.pictures))]  # the oldest
                self.pictures[state] = png
            self.image.value, self.on_canvas = png, True
        if self.layer is not None:  # after the picture, so the page gets the new picture first
            self.layer.value = text_layer(self.texts, self.canvas, self.middles)  # sent only when it changed

    def _paint(self, full, key):
        """Bring the canvas up to date; False when nothing on it changed."""
        if not self.animated and not self.texts:
            if not (full or self.fig.stale or not self.partial):
                return False  # nothing in the figure changed: the picture shown is still right
            self.canvas.draw()
        elif full or key not in self.backgrounds:
            self.canvas.draw()
            self.backgrounds[key] = self.pixels().copy()
            self._draw_all(key)
        elif key != self.shown_key or not self.partial:
            self._draw_all(key)
        else:
            changed = [i for i, artist in enumerate(self.animated) if artist.stale]
            if not changed:
                return False  # nothing animated changed: the picture shown is still right
            if not self.sparing or len(changed) > SOME * len(self.animated):
                self._draw_all(key)  # most of it changes: finding what to spare would cost more than it saves
            elif self.boxes is None:
                self._draw_all(key, measure=True)  # and note where everything is, for the next small change
            else:
                self._draw_changed(changed)
        return True

    def _draw_all(self, key, measure=False):
        """The background of `key`, and every animated artist over it; `measure`: note their boxes."""
        self.pixels()[:] = self.backgrounds[key]
        self.shown_key = key
        # Measured first: an annotation's extent marks it stale, and it is about to be drawn as it is now.
        self.boxes = np.array([self._box(artist) for artist in self.animated]) if measure else None
        for artist in self.animated:
            self.fig.draw_artist(artist)
            artist.stale = False  # drawn as it is now (an invisible or empty text leaves this to us)

    def _draw_changed(self, changed):
        """Repaint the `changed` artists (indices) where they were and where they are now, and every animated
        artist that overlaps those places (each one whole, in the original order, so the pixels are the same
        as repainting everything)."""
        boxes = self.boxes.copy()  # (n, 4): col0, row0, col1, row1
        for i in changed:
            boxes[i] = self._box(self.animated[i])
        regions = np.concatenate([self.boxes[changed], boxes[changed]])
        repaint = np.zeros(len(boxes), bool)
        repaint[changed] = True
        while True:  # grow the set until nothing outside it overlaps a region to repaint
            overlaps = ((boxes[:, None, 0] < regions[None, :, 2]) & (regions[None, :, 0] < boxes[:, None, 2])
                        & (boxes[:, None, 1] < regions[None, :, 3]) & (regions[None, :, 1] < boxes[:, None, 3]))
            more = overlaps.any(axis=1) & ~repaint
            if not more.any():
                break
            repaint |= more
            regions = np.concatenate([regions, boxes[more]])
        pixels, background = self.pixels(), self.backgrounds[self.shown_key]
        for c0, r0, c1, r1 in regions:
            pixels[r0:r1, c0:c1] = background[r0:r1, c0:c1]
        for i in np.flatnonzero(repaint):
            self.fig.draw_artist(self.animated[i])
            self.animated[i].stale = False
        self.boxes = boxes
        # In a bar chart every bar touches the axis frame, so repainting one repaints all: stop trying.
        self.sparing = repaint.sum() <= SOME * len(repaint)

    def _box(self, artist):
        """The pixels `artist` may paint: (col0, row0, col1, row1), rows counted from the top, padded."""
        if not artist.get_visible():
            return 0, 0, 0, 0  # paints nothing
        renderer = self.canvas.get_renderer()
        x0, y0, x1, y1 = artist.get_window_extent(renderer).extents
        patch = artist.get_bbox_patch() if isinstance(artist, Text) else None
        if patch is not None:  # a text's box is not in its extent
            style = patch.get_boxstyle()
            if isinstance(style, (BoxStyle.Round, BoxStyle.Square)) and artist.get_rotation() == 0:
                grow = style.pad * renderer.points_to_pixels(artist.get_fontsize())  # the box's margin
                x0, y0, x1, y1 = x0 - grow, y0 - grow, x1 + grow, y1 + grow
            else:
                artist.update_bbox_position_size(renderer)
                x0, y0, x1, y1 = Bbox.union([Bbox([[x0, y0], [x1, y1]]), patch.get_window_extent(renderer)]).extents
        width, height = self.canvas.get_width_height()
        if not all(map(math.isfinite, (x0, y0, x1, y1))):
            return 0, 0, width, height  # extent unknown: assume it covers the whole figure
        return (max(int(x0) - PAD, 0), max(height - math.ceil(y1) - PAD, 0),
                min(math.ceil(x1) + PAD, width), min(height - int(y0) + PAD, height))


def text_layer(texts, canvas, middles=None):
    """HTML showing `texts` (matplotlib Texts of the canvas's figure) where matplotlib would draw them.

    Each text matplotlib would draw becomes a ``<span>`` centred on the middle of the box matplotlib gives the
    text, aligned on its left, centre or right like the text, in its font (then matplotlib's fallbacks for it:
    a browser without DejaVu Sans), colour, weight and box (fill, edge, padding). Positions
    are percentages and sizes ``cqw`` (hundredths of the layer's width), so the texts stay in place when
    the page shrinks the picture. The layer is hidden from screen readers: the picture's alt and the
    widget's readout say what it shows. `middles` (a dict kept between calls) caches, per text, font and
    vertical alignment, how far the text's middle is above its anchor (its digits do not change that) and
    its CSS font-family. Not copied: rotation (a rotated text raises ValueError), and matplotlib's hiding of
    an annotation whose point leaves the axes (such a text is still written; no widget here has one).
    """
    renderer = canvas.get_renderer()
    width, height = canvas.get_width_height()
    px = canvas.figure.dpi / 72  # pixels per point
    middles = {} if middles is None else middles
    spans = []
    families = None  # the font-family of the layer: the first text's
    for text in texts:
        if not text.get_visible() or not text.get_text():
            continue
        if text.get_rotation() % 360:
            raise ValueError(f"text_layer cannot rotate texts; {text.get_text()!r} is rotated {text.get_rotation()}")  # i18n: no
        if isinstance(text, Annotation):
            text.update_positions(renderer)  # an annotation's text is placed relative to the point it annotates
        x, y = text.get_transform().transform(text.get_unitless_position())  # its anchor, in pixels from bottom left
        if not (math.isfinite(x) and math.isfinite(y)):
            continue  # matplotlib draws nothing there either
        ha, font = text.get_ha(), text.get_fontproperties()
        key = (id(text), hash(font), text.get_va())
        if key not in middles:
            _x0, y0, _x1, y1 = text.get_window_extent(renderer).extents
            middles[key] = (y0 + y1) / 2 - y, css_font_family(font)
        middle, family = middles[key]
        shift = {"left": 0, "center": -50, "right": -100}[ha]
        style = (f"position:absolute;left:{100 * x / width:.2f}%;top:{100 * (1 - (y + middle) / height):.2f}%;"  # i18n: no
                 f"transform:translate({shift}%,-50%);font-size:{100 * text.get_fontsize() * px / width:.3f}cqw;"
                 f"color:{css_color(text.get_color())};"
                 f"font-weight:{weight_dict.get(font.get_weight(), font.get_weight())};font-style:{font.get_style()}")  # i18n: no
        families = families or family
        if family != families:
            style += f";font-family:{family}"
        if text.get_alpha() is not None:
            style += f";opacity:{text.get_alpha()}"
        box = text.get_bbox_patch()
        if box is not None:
            r, g, b, a = box.get_facecolor()
            pad = getattr(box.get_boxstyle(), "pad", 0.0)
            radius = pad if isinstance(box.get_boxstyle(), BoxStyle.Round) else 0
            style += f";background:rgba({r * 255:.0f},{g * 255:.0f},{b * 255:.0f},{a:.2f});padding:{pad}em;border-radius:{radius}em"  # i18n: no
            edge, line = box.get_edgecolor(), box.get_linewidth()
            if edge[3] > 0 and line > 0:  # matplotlib's default box has a black edge
                style += f";box-shadow:0 0 0 {line * px / width * 100:.3f}cqw {css_color(edge)}"  # i18n: no
        spans.append(f'<span style="{style}">{html.escape(text.get_text())}</span>')
    return (f'<div aria-hidden="true" style="position:relative;width:100%;aspect-ratio:{width}/{height};'
            f'container-type:inline-size;pointer-events:none;line-height:1;white-space:pre;'
            f'font-family:{families or "sans-serif"}">{"".join(spans)}</div>')


def css_color(color):
    """#rrggbb, or #rrggbbaa for a colour that is not opaque (matplotlib draws a text in its colour's alpha)."""
    rgba = to_rgba(color)
    return to_hex(rgba, keep_alpha=rgba[3] < 1)


def css_font_family(font):
    """A CSS font-family for matplotlib FontProperties `font`: the font matplotlib draws with, then the fonts its
    rcParams list for the family (``font.sans-serif``: DejaVu Sans, ..., Verdana, ..., Arial), then the generic family."""
    names = [get_font(findfont(font)).family_name]
    for family in font.get_family():
        names += [*mpl.rcParams[f"font.{family}"], family] if family in GENERIC else [family]
    quoted = (name if name in GENERIC else "'" + name.replace("'", "").replace('"', "") + "'" for name in names)
    return ",".join(dict.fromkeys(quoted))  # (quotes taken out of a name: it goes in a style attribute)


def png_bytes(rgba):
    """PNG file bytes of an (H, W, 4) uint8 RGBA array: RGB when it is opaque, rows unfiltered, zlib level 1.

    On a chart (flat colours, thin lines, text) row filters shrink the file little and cost most of
    the encoding time: PIL at ``compress_level=1`` takes about twice as long for a larger file.
    """
    opaque = bool((rgba[..., 3] == 255).all())
    pixels = rgba[..., :3] if opaque else rgba
    height, width, channels = pixels.shape
    rows = np.zeros((height, 1 + width * channels), np.uint8)  # each row starts with its filter type, 0 = none
    rows[:, 1:].reshape(height, width, channels)[:] = pixels  # (a view of rows: the pixels are copied once)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)  # 8 bits, RGB or RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")


# Runs in the page (JupyterLab, Notebook 7; Notebook 6 and Colab with ipywidgets 7), once: names the controls of
# every widget on it.
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
      const name = nameOf(box), readout = box.querySelector('.widget-readout');
      box.querySelectorAll('.noUi-handle').forEach(handle => set(handle, 'aria-label', name));
      // ipywidgets 7 (Colab, Notebook 6): a jQuery UI handle, with no role or value of its own.
      box.querySelectorAll('.ui-slider-handle').forEach(handle => {
        set(handle, 'role', 'slider'); set(handle, 'aria-label', name);
        const text = readout ? (readout.value ?? readout.textContent).trim() : '';
        set(handle, 'aria-valuetext', text);
        if (text !== '' && Number.isFinite(Number(text))) set(handle, 'aria-valuenow', String(Number(text)));
      });
      set(readout, 'aria-label', name && name + ', value');
    }
    for (const box of document.querySelectorAll('.widget-toggle-buttons')) {
      const buttons = box.querySelectorAll('button');
      if (buttons.length) { set(buttons[0].parentElement, 'role', 'group'); set(buttons[0].parentElement, 'aria-label', nameOf(box)); }
      buttons.forEach(b => set(b, 'aria-pressed', String(b.classList.contains('mod-active'))));
    }
    for (const [cls, alt] of Object.entries(window.softmaxlabAlts || {}))
      document.querySelectorAll('img.' + cls).forEach(img => set(img, 'alt', alt));
    // Readouts: announced when their text changes (the region itself stays, only its content is replaced).
    for (const readout of document.querySelectorAll('.softmaxlab-readout')) {
      set(readout, 'role', 'status'); set(readout, 'aria-live', 'polite'); set(readout, 'aria-atomic', 'true');
    }
  };
  let pending = false;
  new MutationObserver(() => { if (!pending) { pending = true; requestAnimationFrame(fix); } })
    .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'title']});
  fix();
})();
"""  # i18n: no


READOUT_CLASS = "softmaxlab-readout"  # ARIA_JS makes an element of this class a polite live region
READOUT_NAMES = ("readout", "status")  # the attributes that hold a widget's readout HTML


class Accessible:
    """Mixin for a widget of this package: showing it also runs :data:`ARIA_JS` in the page, and
    its readouts (:meth:`live_regions`) are announced when they change."""

    def _ipython_display_(self):
        for readout in self.live_regions():
            readout.add_class(READOUT_CLASS)  # add_class leaves a class already there alone
        display(Javascript(self.aria_script()), metadata={"softmaxlab": "aria"})
        if hasattr(super(), "_repr_mimebundle_"):  # ipywidgets 8
            display(self._repr_mimebundle_(), raw=True)
        else:  # ipywidgets 7 (Colab): a widget shows itself through _ipython_display_
            super()._ipython_display_()

    def live_regions(self):
        """The widget's readouts: its ``readout`` and ``status`` attributes that are ``widgets.HTML``."""
        return [w for name in READOUT_NAMES if isinstance(w := getattr(self, name, None), widgets.HTML)]

    def aria_script(self):
        """ARIA_JS, preceded by the alt text of each live figure of this widget, keyed by its image's class."""
        alts = {cls: live.alt for live in vars(self).values() if isinstance(live, LiveFigure)
                for cls in live.image._dom_classes if cls.startswith("softmaxlab-figure-")}
        return f"window.softmaxlabAlts = Object.assign(window.softmaxlabAlts || {{}}, {json.dumps(alts)});\n{ARIA_JS}"  # i18n: no


class LiveWidget(Accessible, widgets.VBox):
    """Base class: a subclass builds its controls, calls ``watch(*controls)`` and
    implements ``update()``, which redraws from the controls' current values.
    ``last_update_ms`` records how long the last update took (tests and benchmarks read it). A widget that clamps a
    starting value keeps ``clamped`` ({control: the note saying so}); moving that control drops its note.
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
        clamped = getattr(self, "clamped", None)  # {control: note saying it clamped the value it was given, or None}
        if change is not None and clamped and change.get("owner") in clamped:
            clamped[change["owner"]] = None  # moved by the learner: that note is stale
        start = time.perf_counter()
        self.update()
        self.last_update_ms = 1000 * (time.perf_counter() - start)

    def update(self):
        raise NotImplementedError


def logit_sliders(values, *, low=-6.0, high=6.0, step=0.1, prefix="a"):
    """One FloatSlider per logit, labelled a1, a2, ... (1-based, like the maths), named "logit a1", ..."""
    return [
        widgets.FloatSlider(value=float(v), min=low, max=high, step=step, description=f"{prefix}{i + 1}",
                            tooltip=_("logit {name}").format(name=f"{prefix}{i + 1}"), continuous_update=True, readout_format=".2f")
        for i, v in enumerate(values)
    ]
