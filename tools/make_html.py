"""Write a static, browsable HTML version of the whole course.

    python tools/make_html.py                   # notebooks/*.ipynb -> build/html/
    python tools/make_html.py --out DIR NB.ipynb ...

Each notebook becomes ``DIR/NN-topic.html`` (nbconvert's lab template, figures embedded as PNG
data), with a navigation bar at the top and bottom (index,
previous, next), and ``DIR/index.html`` lists the notebooks in order. Links between notebooks
point to their pages. A live widget needs a kernel, so its output (a bare text fallback in a
static page) is replaced by a short note; the static figure before every widget shows the view.
With ``--assets NODE_MODULES`` (what `make html` passes) MathJax 3 and require.js are copied to
``DIR/vendor/`` and the pages load them from there, so they work with no network
(tools/offline_assets.py); without it they load MathJax 2 from its CDN.
"""
import argparse
import html
import re
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import alt_text  # noqa: E402 (tools/ is not a package)
import offline_assets  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WIDGET = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ('<p class="softmaxlab-widget-note"><em>Live widget: it runs only with a kernel. '
               'Open the notebook in JupyterLab or on Binder to move its sliders; the figure before '
               'it shows the same view.</em></p>')
NOTEBOOK_LINK = re.compile(r"(\]\(|href=\")(\d\d-[a-z0-9-]+)\.ipynb")
CSS = """<style>
.softmaxlab-nav { display: flex; gap: 1.5em; justify-content: space-between; max-width: 1100px;
  margin: 0.5em auto; padding: 0.6em 1em; font: 15px system-ui, sans-serif;
  background: #f3f5f8; border: 1px solid #d8dde6; border-radius: 6px; }
.softmaxlab-nav a { text-decoration: none; }
.softmaxlab-nav .spacer { visibility: hidden; }
.softmaxlab-widget-note { color: #555; }
.jp-RenderedMarkdown a, .jp-RenderedMarkdown a:link, .jp-RenderedMarkdown a:visited { text-decoration: underline; }
</style>
"""
INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>softmaxlab: the course</title>
<style>
body {{ font: 17px/1.5 system-ui, sans-serif; max-width: 760px; margin: 2em auto; padding: 0 1em; color: #222; }}
ol {{ list-style: none; padding-left: 0; }} li {{ margin: 0.4em 0; }} .num {{ font-variant-numeric: tabular-nums; color: #666; margin-right: 0.4em; }}
</style>
</head>
<body>
<h1>softmaxlab</h1>
<p><strong>Softmax and cross-entropy from scratch, with NumPy.</strong> The notebooks of the course,
executed, with every figure. Read them in order. The sliders work only in a running notebook
(JupyterLab or Binder); here each one is shown as a static figure.</p>
<ol class="softmaxlab-index" start="0">
{items}
</ol>
</body>
</html>
"""


def title_of(nb, path):
    """The notebook's first heading, without markdown, or its file name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#{1,2}\s+(.+)$", cell.source, flags=re.M)
            if match:
                title = re.sub(r"[*_`$]", "", match.group(1)).strip()
                return re.sub(r"^\d\d\s*[-\u2013:.]\s*", "", title)  # "01 - Softmax" -> "Softmax"
    return path.stem


def static_copy(nb):
    """A copy of `nb` whose links point to HTML pages and whose live widgets are a note."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(r"\1\2.html", cell.source)
        for out in cell.get("outputs", []):
            if WIDGET in out.get("data", {}):
                out["data"] = {"text/html": WIDGET_NOTE}
    return nb


def nav(pages, index):
    """The navigation bar of page `index` in `pages`, a list of (stem, title)."""
    def link(i, rel, arrow_left, arrow_right):
        if not 0 <= i < len(pages):
            return f'<span class="spacer">{rel}</span>'
        stem, title = pages[i]
        return (f'<a rel="{rel}" href="{stem}.html">{arrow_left}{html.escape(stem[:2])} '
                f'{html.escape(title)}{arrow_right}</a>')
    return (f'<nav class="softmaxlab-nav">{link(index - 1, "prev", "&larr; ", "")}'
            f'<a rel="index" href="index.html">Course index</a>{link(index + 1, "next", "", " &rarr;")}</nav>')


def build(paths, out, assets=None):
    out.mkdir(parents=True, exist_ok=True)
    if assets:
        offline_assets.copy_assets(assets, out)
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    pages = [(path.stem, title_of(nb, path)) for path, nb in zip(paths, notebooks)]
    options = offline_assets.exporter_options() if assets else {}
    exporter = HTMLExporter(template_name="lab", embed_images=True, **options)
    written = []
    for index, (path, nb) in enumerate(zip(paths, notebooks)):
        resources = {"metadata": {"name": f"{path.stem[:2]} {pages[index][1]}", "path": str(path.parent)}}
        body, _ = exporter.from_notebook_node(static_copy(nb), resources=resources)
        body, _ = alt_text.add_alt_texts(body, nb)  # the lab template drops the figures' alt texts
        bar = nav(pages, index)
        body = body.replace("</head>", CSS + "</head>", 1)
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + bar, body, count=1)
        body = body.replace("</body>", bar + "\n</body>", 1)
        if assets:
            body = offline_assets.localize(body)
        target = out / f"{path.stem}.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    items = "\n".join(f'<li><span class="num">{html.escape(stem[:2])}</span>'
                      f'<a href="{stem}.html">{html.escape(title)}</a></li>' for stem, title in pages)
    (out / "index.html").write_text(INDEX.format(items=items), encoding="utf-8")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "html")
    parser.add_argument("--assets", type=Path, metavar="NODE_MODULES",
                        help="copy MathJax and require.js from this npm folder into OUT/vendor and load them "
                             "from there (offline pages; `make html` passes build/assets/node_modules)")
    args = parser.parse_args(argv)
    paths = sorted(args.notebooks or (ROOT / "notebooks").glob("*.ipynb"), key=lambda p: p.name)
    written = build(paths, args.out, args.assets)
    print(f"{len(written)} pages and index.html in {args.out}/")


if __name__ == "__main__":
    sys.exit(main())
