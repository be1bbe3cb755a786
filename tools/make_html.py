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

The Korean edition (``ko/notebooks/``, written by tools/i18n.py) becomes ``DIR/ko/``, the same pages
in Korean: ``lang="ko"``, the navigation in Korean (목차, 이전, 다음) and the widget note in Korean,
loading the same ``DIR/vendor/``. Every page, and both indexes, link to the same page in the other
language when it exists. `make html` builds both; with notebooks named on the command line, the
Korean pages are built only with ``--korean DIR``.
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
WIDGET_NOTE_KO = ('<p class="softmaxlab-widget-note"><em>라이브 위젯: 커널이 있어야 동작합니다. 슬라이더를 움직이려면 '
                  '노트북을 JupyterLab이나 Binder에서 여세요. 바로 앞의 그림이 같은 화면을 보여 줍니다.</em></p>')
NOTEBOOK_LINK = re.compile(r"(\]\(|href=\")(\d\d-[a-z0-9-]+)\.ipynb")
# In a Korean page: a link to an English notebook (tools/i18n.py's relink, for a notebook with no Korean edition)
ENGLISH_LINK = re.compile(r"(\]\(|href=\")\.\./\.\./notebooks/(\d\d-[a-z0-9-]+)\.ipynb")
KOREAN = "ko"  # the Korean site's folder inside the English one
# The words of each language's pages: navigation, the language switch (in the other language's words), notes.
WORDS = {
    "en": {"index": "Course index", "prev": "", "next": "", "switch": "English", "widget": WIDGET_NOTE,
           "nav": "Course navigation"},
    "ko": {"index": "목차", "prev": "이전: ", "next": "다음: ", "switch": "한국어", "widget": WIDGET_NOTE_KO,
           "nav": "강의 이동"},
}
CSS = """<style>
.softmaxlab-nav { display: flex; gap: 1.5em; justify-content: space-between; max-width: 1100px;
  margin: 0.5em auto; padding: 0.6em 1em; font: 15px system-ui, sans-serif;
  background: #f3f5f8; border: 1px solid #d8dde6; border-radius: 6px; }
.softmaxlab-nav a { text-decoration: none; }
.softmaxlab-nav .spacer { visibility: hidden; }
.softmaxlab-lang { font-weight: 600; }
html[lang="ko"] .jp-RenderedMarkdown { word-break: keep-all; }
.softmaxlab-widget-note { color: #555; }
.jp-RenderedMarkdown a, .jp-RenderedMarkdown a:link, .jp-RenderedMarkdown a:visited { text-decoration: underline; }
</style>
"""
INDEX = """<!DOCTYPE html>
<html lang="en">
<head>{alternate}
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
{switch}
</body>
</html>
"""
INDEX_KO = """<!DOCTYPE html>
<html lang="ko">
<head>{alternate}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>softmaxlab: 강의 목차</title>
<style>
body {{ font: 17px/1.6 system-ui, sans-serif; max-width: 760px; margin: 2em auto; padding: 0 1em; color: #222;
  word-break: keep-all; }}
ol {{ list-style: none; padding-left: 0; }} li {{ margin: 0.4em 0; }} .num {{ font-variant-numeric: tabular-nums; color: #666; margin-right: 0.4em; }}
</style>
</head>
<body>
<h1>softmaxlab 한국어판</h1>
<p><strong>NumPy로 밑바닥부터 구현하는 소프트맥스와 교차 엔트로피.</strong> 강의의 노트북을 실행한 결과와 그림까지
모두 담았습니다. 순서대로 읽으세요. 슬라이더는 실행 중인 노트북(JupyterLab이나 Binder)에서만 움직입니다. 여기서는
슬라이더마다 정지된 그림으로 보여 줍니다.</p>
<ol class="softmaxlab-index" start="0">
{items}
</ol>
{switch}
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


def static_copy(nb, language="en"):
    """A copy of `nb` whose links point to HTML pages and whose live widgets are a note."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if language != "en":
                cell.source = ENGLISH_LINK.sub(r"\1../\2.html", cell.source)
            cell.source = NOTEBOOK_LINK.sub(r"\1\2.html", cell.source)
        for out in cell.get("outputs", []):
            if WIDGET in out.get("data", {}):
                out["data"] = {"text/html": WORDS[language]["widget"]}
    return nb


def switch_link(href, language):
    """The link to the same page in `language` (the other one), named in that language."""
    return (f'<a class="softmaxlab-lang" rel="alternate" hreflang="{language}" lang="{language}" '
            f'href="{html.escape(href)}">{WORDS[language]["switch"]}</a>')


def nav(pages, index, language="en", switch=""):
    """The navigation bar of page `index` in `pages`, a list of (stem, title); `switch`: the language link."""
    words = WORDS[language]

    def link(i, rel, arrow_left, arrow_right):
        if not 0 <= i < len(pages):
            return f'<span class="spacer">{rel}</span>'
        stem, title = pages[i]
        return (f'<a rel="{rel}" href="{stem}.html">{arrow_left}{words[rel]}{html.escape(stem[:2])} '
                f'{html.escape(title)}{arrow_right}</a>')
    label = f' aria-label="{words["nav"]}"' if language != "en" else ""
    return (f'<nav class="softmaxlab-nav"{label}>{link(index - 1, "prev", "&larr; ", "")}'
            f'<a rel="index" href="index.html">{words["index"]}</a>{switch}{link(index + 1, "next", "", " &rarr;")}</nav>')


def set_lang(page, language):
    """`page` with ``<html lang="...">`` set to `language`."""
    page, count = re.subn(r'<html lang="[^"]*"', f'<html lang="{language}"', page, count=1)
    if count != 1:
        raise ValueError("the page has no <html lang=...>: nbconvert's template changed, update tools/make_html.py")
    return page


def build(paths, out, assets=None, korean=None, language="en", other=None, vendor=offline_assets.VENDOR):
    """Write the pages of `paths` and index.html into `out`; return the pages written.

    `korean`: the Korean notebooks (ko/notebooks/*.ipynb), built into ``out/ko`` with language switches both ways.
    `language`, `other` (``(prefix, stems)``: where the other language's pages are and which exist) and `vendor`
    (where the assets are, relative to `out`) are how the Korean site is built.
    """
    out.mkdir(parents=True, exist_ok=True)
    if korean:
        english = {path.stem for path in paths}
        written = build(korean, out / KOREAN, assets, language="ko", other=("../", english),
                        vendor="../" + offline_assets.VENDOR)
        return build(paths, out, assets, other=(KOREAN + "/", {path.stem for path in korean})) + written
    if assets and vendor == offline_assets.VENDOR:
        offline_assets.copy_assets(assets, out)
    target_language = "ko" if language == "en" else "en"
    prefix, there = other or ("", set())
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    pages = [(path.stem, title_of(nb, path)) for path, nb in zip(paths, notebooks)]
    options = offline_assets.exporter_options(prefix=vendor) if assets else {}
    exporter = HTMLExporter(template_name="lab", embed_images=True, **options)
    written = []
    for index, (path, nb) in enumerate(zip(paths, notebooks)):
        resources = {"metadata": {"name": f"{path.stem[:2]} {pages[index][1]}", "path": str(path.parent)}}
        body, _ = exporter.from_notebook_node(static_copy(nb, language), resources=resources)
        body, _ = alt_text.add_alt_texts(body, nb)  # the lab template drops the figures' alt texts
        switch, head = "", CSS
        if path.stem in there:
            href = f"{prefix}{path.stem}.html"
            switch = switch_link(href, target_language)
            head += f'<link rel="alternate" hreflang="{target_language}" href="{html.escape(href)}">\n'
        bar = nav(pages, index, language, switch)
        body = set_lang(body, language)
        body = body.replace("</head>", head + "</head>", 1)
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + bar, body, count=1)
        body = body.replace("</body>", bar + "\n</body>", 1)
        if assets:
            body = offline_assets.localize(body, prefix=vendor)
        target = out / f"{path.stem}.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    items = "\n".join(f'<li><span class="num">{html.escape(stem[:2])}</span>'
                      f'<a href="{stem}.html">{html.escape(title)}</a></li>' for stem, title in pages)
    switch = alternate = ""
    if other:
        switch = f"<p>{switch_link(prefix + 'index.html', target_language)}</p>"
        alternate = f'\n<link rel="alternate" hreflang="{target_language}" href="{prefix}index.html">'
    template = INDEX if language == "en" else INDEX_KO
    (out / "index.html").write_text(template.format(items=items, switch=switch, alternate=alternate), encoding="utf-8")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--korean", type=Path, metavar="DIR",
                        help="the Korean notebooks, built into OUT/ko (default, without notebooks named: ko/notebooks)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "html")
    parser.add_argument("--assets", type=Path, metavar="NODE_MODULES",
                        help="copy MathJax and require.js from this npm folder into OUT/vendor and load them "
                             "from there (offline pages; `make html` passes build/assets/node_modules)")
    args = parser.parse_args(argv)
    paths = sorted(args.notebooks or (ROOT / "notebooks").glob("*.ipynb"), key=lambda p: p.name)
    korean_dir = args.korean or (None if args.notebooks else ROOT / "ko" / "notebooks")
    korean = sorted(korean_dir.glob("*.ipynb"), key=lambda p: p.name) if korean_dir else []
    written = build(paths, args.out, args.assets, korean=korean)
    print(f"{len(written)} pages and index.html in {args.out}/"
          + (f" ({len(korean)} of them in Korean, with their index, in {args.out / KOREAN}/)" if korean else ""))


if __name__ == "__main__":
    sys.exit(main())
