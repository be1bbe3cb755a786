"""Turn every notebook into reveal.js slides that fit a projector, without touching the notebooks.

    python tools/make_slides.py                 # notebooks/*.ipynb -> build/slides/
    python tools/make_slides.py --out DIR NB.ipynb ...

For each notebook, a copy gets its slide layout (cell metadata ``slideshow.slide_type``):

- a ``#`` or ``##`` heading starts a new slide (left/right arrows), ``###`` a sub-slide (down arrow);
- a markdown cell too long for one slide is split into several cells at paragraph breaks;
- cells are added to the current slide while it fits; the cell that would overflow it starts a
  sub-slide. A slide holds about ``BUDGET`` lines: text and code count their lines (long lines
  count twice), a figure counts its height in lines (figures are capped at ``MAX_FIGURE_PX`` high).

The copy is written to ``DIR/notebooks/`` (open it in JupyterLab with jupyterlab-rise to present
live) and converted with nbconvert to ``DIR/NN-topic.slides.html``. With ``--assets NODE_MODULES`` (what
`make slides` passes) reveal.js, MathJax 3, require.js and jQuery are copied to ``DIR/vendor/`` and
the slides load them from there, so they work with no network (tools/offline_assets.py); without
it they load reveal.js and MathJax from their CDNs.
Live widgets cannot run in a static page: their output is replaced by a short note (the static
figure just before every widget shows the same view). Links to other notebooks point to their slides.
In the HTML slides (not in the copies), a code cell too tall for one slide shows its output on the
next sub-slide.
The script prints, per notebook, how many slides it made and any slide still taller than the budget.

The Korean edition (``ko/notebooks/``, written by tools/i18n.py) becomes ``DIR/ko/`` (``lang="ko"``,
the widget note in Korean, the same ``DIR/vendor/``); each deck has a link to the same deck in the
other language when it exists. `make slides` builds both; with notebooks named on the command line,
the Korean decks are built only with ``--korean DIR``.
"""
import argparse
import base64
import copy
import math
import re
import struct
import sys
import unicodedata
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alt_text  # noqa: E402 (tools/ is not a package)
import offline_assets  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WIDGET = "application/vnd.jupyter.widget-view+json"
BUDGET = 16          # lines of text/code a 960x700 slide shows at nbconvert's 20 px slide font
LINE_PX = 32         # one line of slide text, in pixels (font and spacing)
CHARS = 78           # characters per line before a line wraps on the slide
OUTPUT_LINE = 0.7    # printed output is set smaller (16 px, CSS below): one line is 0.7 of a slide line
MAX_FIGURE_PX = 420  # figures are shown at most this high (CSS below), about 13 lines
WIDGET_NOTE = ('<p class="softmaxlab-widget-note"><em>Live widget: it runs only with a kernel. '
               'Open the notebook in JupyterLab or on Binder to move its sliders; the figure before '
               'it shows the same view.</em></p>')
WIDGET_NOTE_KO = ('<p class="softmaxlab-widget-note"><em>라이브 위젯: 커널이 있어야 동작합니다. 슬라이더를 움직이려면 '
                  '노트북을 JupyterLab이나 Binder에서 여세요. 바로 앞의 그림이 같은 화면을 보여 줍니다.</em></p>')
NOTES = {"en": WIDGET_NOTE, "ko": WIDGET_NOTE_KO}
SWITCH_WORDS = {"en": "English", "ko": "한국어"}  # the language switch names the other language in its own words
KOREAN = "ko"  # the Korean decks' folder inside DIR
CSS = f"""<style>
.softmaxlab-lang {{ position: fixed; top: 0.6em; right: 0.9em; z-index: 40; padding: 0.2em 0.6em;
  font: 600 15px system-ui, sans-serif; background: #fff; color: #0b57a4; border: 1px solid #c7cedb; border-radius: 4px; }}
.reveal .jp-RenderedImage img {{ max-height: {MAX_FIGURE_PX}px; width: auto; }}
.reveal .jp-RenderedText pre {{ font-size: 16px; line-height: 1.3; white-space: pre; overflow: auto; max-height: 480px; }}
.softmaxlab-widget-note {{ color: #555; font-size: 0.8em; }}
</style>
"""
OUTPUT_TAG = "slides-output"  # a cell that shows only the output of the cell before it
NOTEBOOK_LINK = re.compile(r"(\]\(|href=\")(\d\d-[a-z0-9-]+)\.ipynb")
# In a Korean deck: a link to an English notebook (tools/i18n.py's relink, for a notebook with no Korean edition)
ENGLISH_LINK = re.compile(r"(\]\(|href=\")\.\./\.\./notebooks/(\d\d-[a-z0-9-]+)\.ipynb")


def static_outputs(cell, language="en"):
    """Replace a live widget's output (a text fallback without a kernel) with a short note."""
    for out in cell.get("outputs", []):
        if WIDGET in out.get("data", {}):
            out["data"] = {"text/html": NOTES[language]}


def width(line):
    """Columns `line` takes: a wide character (Hangul, CJK) counts two, as it takes about twice a Latin letter."""
    return len(line) + sum(unicodedata.east_asian_width(ch) in "WF" for ch in line)


def text_lines(text, chars=CHARS):
    return sum(max(1, math.ceil(width(line) / chars)) for line in text.rstrip("\n").split("\n"))


def png_height(data):
    """Height in pixels of a base64 PNG (read from its IHDR header)."""
    raw = base64.b64decode(data[:64])
    return struct.unpack(">I", raw[20:24])[0]


def output_lines(out):
    if out.get("output_type") == "stream":
        return OUTPUT_LINE * text_lines(out.get("text", ""), chars=100)
    if out.get("output_type") == "error":
        return len(out.get("traceback", []))
    data = out.get("data", {})
    if "image/png" in data:
        return min(png_height(data["image/png"]), MAX_FIGURE_PX) / LINE_PX
    if "text/html" in data:
        return text_lines(re.sub(r"<[^>]+>", "", data["text/html"])) + 1
    return OUTPUT_LINE * text_lines(data.get("text/plain", ""), chars=100)


def markdown_lines(text):
    lines, in_math = 0.0, False
    for line in text.split("\n"):
        if line.count("$$") % 2:
            in_math = not in_math
            lines += 1
        elif in_math:
            lines += 0.5   # the lines of a display formula collapse into a few rendered lines
        elif not line.strip():
            lines += 0.4   # paragraph spacing
        elif line.startswith("#"):
            lines += 2.0   # a heading is big, with space around it
        else:
            lines += math.ceil(width(line) / CHARS)
    return lines


def cell_lines(cell):
    if cell.cell_type == "markdown":
        return markdown_lines(cell.source)
    if cell.cell_type == "code":
        return 1 + text_lines(cell.source) + sum(output_lines(o) for o in cell.outputs)
    return 0


def heading_level(cell):
    match = re.match(r"(#{1,6})\s", cell.source) if cell.cell_type == "markdown" else None
    return len(match.group(1)) if match else 0


def markdown_blocks(text):
    """Split markdown at blank lines and before headings, never inside a $$ formula or a code fence."""
    blocks, current, in_math, in_fence = [], [], False, False
    for line in text.split("\n"):
        if not in_math and not in_fence and (not line.strip() or line.startswith("#")):
            if current:
                blocks.append("\n".join(current))
            current = [line] if line.strip() else []
            continue
        current.append(line)
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        elif not in_fence and line.count("$$") % 2:
            in_math = not in_math
    if current:
        blocks.append("\n".join(current))
    return [part for block in blocks for part in split_table(block)]


def split_table(block, rows=8):
    """A markdown table of more than `rows` rows -> several tables, each with the header repeated."""
    lines = block.split("\n")
    if len(lines) <= rows + 2 or not all(line.lstrip().startswith("|") for line in lines) \
            or not re.fullmatch(r"[\s|:-]+", lines[1]):
        return [block]
    head, body = lines[:2], lines[2:]
    return ["\n".join(head + body[i:i + rows]) for i in range(0, len(body), rows)]


def split_markdown(cell, budget=BUDGET):
    """One markdown cell -> several, each a heading-led or paragraph-aligned part that fits a slide."""
    if markdown_lines(cell.source) <= budget and not re.search(r"\n#{1,3}\s", cell.source):
        return [cell]
    parts, current = [], []
    for block in markdown_blocks(cell.source):
        joined = "\n\n".join(current + [block])
        if current and (block.startswith("#") or markdown_lines(joined) > budget):
            parts.append("\n\n".join(current))
            current = []
        current.append(block)
    parts.append("\n\n".join(current))
    cells = []
    for index, part in enumerate(parts):
        piece = nbformat.v4.new_markdown_cell(part, metadata=copy.deepcopy(cell.metadata))
        if "id" in cell:
            piece.id = f"{cell.id}-{index}" if index else cell.id
        cells.append(piece)
    return cells


def units(cells, budget=BUDGET):
    """Group cells that belong on one slide, if together they fit: a markdown cell ending with ':'
    and the cell it introduces, an exercise and its check cell."""
    groups = []
    for cell in cells:
        previous = groups[-1][-1] if groups else None
        joins = previous is not None and heading_level(cell) == 0 and (
            (previous.cell_type == "markdown" and previous.source.rstrip().endswith(":")
             and cell.cell_type == "code")
            or "check" in cell.metadata.get("tags", []))
        if joins and sum(cell_lines(c) for c in groups[-1] + [cell]) <= budget:
            groups[-1].append(cell)
        else:
            groups.append([cell])
    return groups


def explicit(cell):
    """The slide type an author set on the cell in the notebook itself, if any ("-" counts as unset)."""
    kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
    return None if kind == "-" else kind


def lay_out(nb, budget=BUDGET, language="en"):
    """Return a copy of `nb` with slide metadata, split cells and static widget notes.

    A slide type the notebook already sets on a cell is kept: "slide" and "subslide" start one there,
    "fragment" reveals the cell step by step, "skip" and "notes" cells stay out of the slides.
    """
    nb = nbformat.from_dict(nb)
    cells = []
    for cell in nb.cells:
        static_outputs(cell, language)
        if cell.cell_type == "markdown":
            if language != "en":
                cell.source = ENGLISH_LINK.sub(r"\1../\2.slides.html", cell.source)
            cell.source = NOTEBOOK_LINK.sub(r"\1\2.slides.html", cell.source)
            pieces = split_markdown(cell, budget)
            for piece in pieces[1:]:
                piece.metadata.pop("slideshow", None)
            cells.extend(pieces)
        else:
            cells.append(cell)
    shown = [c for c in cells if explicit(c) not in ("skip", "notes")]
    used = None  # lines already on the current (sub-)slide; None before the first slide
    for group in units(shown, budget):
        level, height, forced = heading_level(group[0]), sum(cell_lines(c) for c in group), explicit(group[0])
        if used is None or level in (1, 2) or forced == "slide":
            kind, used = "slide", height
        elif level == 3 or used + height > budget or forced == "subslide":
            kind, used = "subslide", height
        else:
            kind, used = forced or "-", used + height
        group[0].metadata["slideshow"] = {"slide_type": kind}
        for cell in group[1:]:
            cell.metadata["slideshow"] = {"slide_type": "fragment" if explicit(cell) == "fragment" else "-"}
    nb.cells = cells
    return nb


def slide_heights(nb):
    """Estimated height in lines of every (sub-)slide of a laid-out notebook."""
    heights = []
    for cell in nb.cells:
        kind = cell.metadata["slideshow"]["slide_type"]
        if kind in ("skip", "notes"):
            continue
        if kind in ("slide", "subslide"):
            heights.append(0.0)
        heights[-1] += cell_lines(cell)
    return heights


def split_outputs(nb, budget=BUDGET):
    """For the static slides: a code cell too tall for one slide shows its output on the next sub-slide.

    The output moves to a new cell tagged ``slides-output`` whose (empty) input is not shown.
    """
    nb = nbformat.from_dict(nb)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type != "code" or not cell.outputs or cell_lines(cell) <= budget:
            continue
        if text_lines(cell.source) < 3 or sum(output_lines(o) for o in cell.outputs) < 3:
            continue
        rest = nbformat.v4.new_code_cell("", metadata={"tags": [OUTPUT_TAG], "slideshow": {"slide_type": "subslide"}})
        rest.outputs, cell.outputs = cell.outputs, []
        rest.execution_count = cell.execution_count
        if "id" in cell:
            rest.id = f"{cell.id}-output"
        cells.append(rest)
    nb.cells = cells
    return nb


def convert(path, out, budget=BUDGET, reveal_prefix=None, offline=False, language="en", switch=None,
            vendor=offline_assets.VENDOR):
    """Lay out and convert one notebook; `switch`: the URL of the same deck in the other language (or None),
    `vendor`: where the offline assets are, relative to `out`."""
    nb = lay_out(nbformat.read(path, as_version=4), budget, language)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out / "notebooks" / path.name)
    options = offline_assets.exporter_options(prefix=vendor, slides=True) if offline else {}
    if reveal_prefix:
        options["reveal_url_prefix"] = reveal_prefix
    config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_input_tags": [OUTPUT_TAG]}})
    exporter = SlidesExporter(config=config, reveal_scroll=True, exclude_input_prompt=True,
                              exclude_output_prompt=True, **options)
    static = split_outputs(nb, budget)
    html, _ = exporter.from_notebook_node(static, resources={"metadata": {"name": path.stem}})
    html, _ = alt_text.add_alt_texts(html, nbformat.read(path, as_version=4))  # reveal drops the alt texts
    html, count = re.subn(r'<html lang="[^"]*"', f'<html lang="{language}"', html, count=1)
    if count != 1:
        raise ValueError("the deck has no <html lang=...>: nbconvert's template changed, update tools/make_slides.py")
    html = html.replace("</head>", CSS + "</head>", 1)
    if switch:
        other = "ko" if language == "en" else "en"
        link = (f'<a class="softmaxlab-lang" rel="alternate" hreflang="{other}" lang="{other}" '
                f'href="{switch}">{SWITCH_WORDS[other]}</a>')
        html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + link, html, count=1)
    if offline:
        html = offline_assets.localize(html, prefix=vendor)
    target = out / f"{path.stem}.slides.html"
    target.write_text(html, encoding="utf-8")
    return target, slide_heights(static)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--korean", type=Path, metavar="DIR",
                        help="the Korean notebooks, built into OUT/ko (default, without notebooks named: ko/notebooks)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "slides")
    parser.add_argument("--budget", type=float, default=BUDGET, help="lines per slide (default %(default)s)")
    parser.add_argument("--reveal-prefix", metavar="URL",
                        help="where reveal.js 4 is (default: nbconvert's CDN), e.g. a local copy for offline use")
    parser.add_argument("--assets", type=Path, metavar="NODE_MODULES",
                        help="copy reveal.js, MathJax, require.js and jQuery from this npm folder into OUT/vendor "
                             "and load them from there (offline slides; `make slides` passes build/assets/node_modules)")
    args = parser.parse_args(argv)
    if args.assets:
        offline_assets.copy_assets(args.assets, args.out, slides=True)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    korean_dir = args.korean or (None if args.notebooks else ROOT / "ko" / "notebooks")
    korean = sorted(korean_dir.glob("*.ipynb")) if korean_dir else []
    english_stems, korean_stems = {p.stem for p in paths}, {p.stem for p in korean}
    up = "../"  # from OUT/ko back to OUT: the Korean decks share OUT/vendor (and a relative --reveal-prefix)
    korean_prefix = args.reveal_prefix
    if korean_prefix and not re.match(r"^[a-z][a-z0-9+.-]*:|^/", korean_prefix):
        korean_prefix = up + korean_prefix
    decks = [(path, args.out, "en", f"{KOREAN}/{path.stem}.slides.html" if path.stem in korean_stems else None,
              args.reveal_prefix, offline_assets.VENDOR) for path in paths]
    decks += [(path, args.out / KOREAN, "ko", f"{up}{path.stem}.slides.html" if path.stem in english_stems else None,
               korean_prefix, up + offline_assets.VENDOR) for path in korean]
    for path, out, language, switch, reveal_prefix, vendor in decks:
        target, heights = convert(path, out, args.budget, reveal_prefix, offline=bool(args.assets),
                                  language=language, switch=switch, vendor=vendor)
        tall = [f"#{i + 1} ({h:.0f} lines)" for i, h in enumerate(heights) if h > args.budget + 0.5]
        note = f"; taller than {args.budget:g} lines (they scroll): {', '.join(tall)}" if tall else ""
        print(f"{target}: "
              f"{len(heights)} slides{note}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
