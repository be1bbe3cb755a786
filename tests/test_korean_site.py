"""The Korean edition's pages, slides and links (issue 30, item 3).

`make html` writes the English pages to build/html/ and the Korean ones to build/html/ko/ (tools/make_html.py),
`make slides` the same for build/slides/ (tools/make_slides.py): every page links to the same page in the other
language when it exists, Korean pages say ``lang="ko"`` and navigate in Korean. tools/colab_cell.py, which points
the links at the published repository, keeps working on ko/, on README.ko.md and on the Korean catalogues, and
the READMEs' Colab tables have the Korean columns. Everything is built into temporary folders, from the Korean
notebooks `tools/i18n.py apply` makes from the current catalogues.
"""
import html.parser
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
WIDGET = "application/vnd.jupyter.widget-view+json"


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


i18n, colab_cell, make_html, make_slides = (load_tool(n) for n in ("i18n", "colab_cell", "make_html", "make_slides"))
ENGLISH = [ROOT / "notebooks" / n for n in ("00-welcome.ipynb", "01-softmax.ipynb", "02-overflow-trick.ipynb")]
# English: 00-02 only, to keep the test short; Korean: every listed notebook (03-15 have no English page here).


@pytest.fixture(scope="module")
def korean(tmp_path_factory):
    """ko/ as `tools/i18n.py apply` writes it now, in a temporary folder."""
    out = tmp_path_factory.mktemp("ko")
    written, problems = i18n.apply(out)
    assert not problems, problems
    return out


class Links(html.parser.HTMLParser):
    """The href/src of every a, link, script and img of a page, and the <html> lang."""

    def __init__(self):
        super().__init__()
        self.links, self.lang = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        for key in ("href", "src"):
            if tag in ("a", "link", "script", "img") and attrs.get(key):
                self.links.append((tag, attrs, attrs[key]))


def parse(path):
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def local(target):
    return not re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", target)


@pytest.fixture(scope="module")
def site(tmp_path_factory, korean):
    out = tmp_path_factory.mktemp("html")
    make_html.build(ENGLISH, out, korean=[korean / "notebooks" / n for n in i18n.listed()])
    return out


def test_korean_pages_are_in_korean_with_lang_ko(site):
    for name in i18n.listed():
        page = site / "ko" / name.replace(".ipynb", ".html")
        assert parse(page).lang == "ko", page
        text = page.read_text(encoding="utf-8")
        assert text.count('rel="index" href="index.html">목차</a>') == 2  # top and bottom
        assert "Course index" not in text and "Live widget" not in text
    middle = (site / "ko" / "01-softmax.html").read_text(encoding="utf-8")
    assert '<a rel="prev" href="00-welcome.html">&larr; 이전: 00 ' in middle
    assert '<a rel="next" href="02-overflow-trick.html">다음: 02 ' in middle
    nb = nbformat.read(ROOT / "notebooks" / "01-softmax.ipynb", as_version=4)
    widgets = sum(WIDGET in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert widgets and middle.count('<p class="softmaxlab-widget-note"><em>라이브 위젯') == widgets
    for name in (p.name for p in ENGLISH):
        assert parse(site / name.replace(".ipynb", ".html")).lang == "en"
    assert parse(site / "ko" / "index.html").lang == "ko" and parse(site / "index.html").lang == "en"


def switches(page):
    return [(attrs["hreflang"], target) for tag, attrs, target in parse(page).links
            if tag == "a" and "softmaxlab-lang" in attrs.get("class", "")]


def test_every_page_links_to_the_other_language_when_it_exists(site):
    both = {"00-welcome", "01-softmax", "02-overflow-trick", "index"}
    for folder, language in ((site, "ko"), (site / "ko", "en")):
        for page in sorted(folder.glob("*.html")):
            found = switches(page)
            if page.stem not in both:  # 03-15 have no English page here
                assert found == [], page
                continue
            assert found and {lang for lang, _ in found} == {language}, (page, found)
            for _, target in found:
                assert (page.parent / target).resolve() == (site / ("ko" if language == "ko" else "")
                                                            / f"{page.stem}.html").resolve()
                assert (page.parent / target).is_file()
    english = (site / "01-softmax.html").read_text(encoding="utf-8")
    assert '<a class="softmaxlab-lang" rel="alternate" hreflang="ko" lang="ko" href="ko/01-softmax.html">한국어</a>' \
        in english


def test_links_between_korean_pages_resolve(site):
    """Every relative link of a Korean page that stays in the site reaches a file (notebook links became page
    links); none still points to a notebook."""
    checked = 0
    for page in sorted((site / "ko").glob("*.html")):
        for tag, attrs, target in parse(page).links:
            resolved = (page.parent / target.split("#")[0]).resolve()
            if tag == "a" and local(target) and resolved.is_relative_to(site.resolve()):
                assert resolved.is_file(), f"{page}: {target}"
                checked += 1
        assert not re.search(r'href="(?![a-z]+:)[^"]*\d\d-[a-z0-9-]+\.ipynb', page.read_text(encoding="utf-8")), page
    assert checked > 16 * 3
    index = (site / "ko" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="(\d\d-[a-z0-9-]+)\.html">', index) == [Path(n).stem for n in i18n.listed()]


def test_a_korean_link_to_an_english_notebook_becomes_the_english_page(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 제목\n\n[05](../../notebooks/05-x.ipynb), [01](01-softmax.ipynb)")]
    static = make_html.static_copy(nb, "ko")
    assert static.cells[0].source.endswith("[05](../05-x.html), [01](01-softmax.html)")
    assert make_slides.lay_out(nb, language="ko").cells[0].source.endswith(
        "[05](../05-x.slides.html), [01](01-softmax.slides.html)")


def test_offline_korean_pages_load_the_shared_vendor_folder():
    page = ('<html lang="en"><head><!-- Load mathjax --><script src="https://cdn/x.js"></script>'
            '<!-- End of mathjax configuration --></head><body></body></html>')
    korean = make_html.offline_assets.localize(make_html.set_lang(page, "ko"), prefix="../vendor")
    assert '<html lang="ko">' in korean and '<script src="../vendor/mathjax/tex-chtml-full.js"' in korean
    options = make_html.offline_assets.exporter_options(prefix="../vendor", slides=True)
    assert options["require_js_url"] == "../vendor/require.js" and options["reveal_url_prefix"] == "../vendor/reveal.js"


def test_korean_slides(tmp_path, korean):
    out = tmp_path / "slides"
    make_slides.main(["--out", str(out), str(ENGLISH[1]), "--korean", str(korean / "notebooks")])
    for name in i18n.listed():
        deck = out / "ko" / name.replace(".ipynb", ".slides.html")
        assert parse(deck).lang == "ko", deck
    english, korean_deck = out / "01-softmax.slides.html", out / "ko" / "01-softmax.slides.html"
    assert parse(english).lang == "en"
    assert switches(english) == [("ko", "ko/01-softmax.slides.html")]
    assert switches(korean_deck) == [("en", "../01-softmax.slides.html")]
    assert switches(out / "ko" / "00-welcome.slides.html") == []  # no English deck built here
    text = korean_deck.read_text(encoding="utf-8")
    assert "라이브 위젯" in text and "Live widget" not in text and 'class="reveal"' in text
    assert (out / "ko" / "notebooks" / "01-softmax.ipynb").is_file()
    laid_out = nbformat.read(out / "ko" / "notebooks" / "01-softmax.ipynb", as_version=4)
    language = [c for c in laid_out.cells if c.get("id") == i18n.LANGUAGE_ID]
    assert language and language[0].metadata["slideshow"]["slide_type"] == "skip"


def test_a_korean_line_counts_its_wide_letters_twice():
    assert make_slides.width("abc") == 3 and make_slides.width("소프트맥스") == 10
    assert make_slides.markdown_lines("가" * 60) == 2 and make_slides.markdown_lines("a" * 60) == 1


def test_make_html_and_slides_build_the_korean_edition():
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "slides", "html"], capture_output=True, text=True,
                         check=True).stdout
    assert "tools/make_slides.py --out build/slides" in dry and "tools/make_html.py --out build/html" in dry
    assert dry.count("--korean ko/notebooks") == 2


# ---------------------------------------------------------------- tools/colab_cell.py on ko/, READMEs, catalogues

def test_korean_setup_cell():
    english = colab_cell.SETUP.format(repo="someone/softmaxlab", ref="v9.9.9")
    korean = colab_cell.korean_setup(english)
    assert '"softmaxlab[ko] @ git+https://github.com/someone/softmaxlab@v9.9.9"' in korean
    assert korean.startswith(colab_cell.SETUP_COMMENT_KO + "\n") and "softmaxlab @" not in korean
    assert re.search("[가-힣]", colab_cell.SETUP_COMMENT_KO) and not re.search("[가-힣]", english)
    assert korean.split("import importlib", 1)[1] == english.split("import importlib", 1)[1].replace(
        '"softmaxlab @', '"softmaxlab[ko] @')
    with pytest.raises(ValueError, match="colab_cell"):
        colab_cell.korean_setup("!pip install softmaxlab")


def test_korean_setup_cell_is_silent_where_the_package_is(tmp_path):
    import os
    import sys
    source = colab_cell.korean_setup(colab_cell.SETUP.format(repo="OWNER/softmaxlab", ref="v0.0.0"))
    env = dict(os.environ, SOFTMAXLAB_SPEC=str(tmp_path / "no-such-package"))
    result = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0 and result.stdout == result.stderr == "", result.stderr


def test_publishing_rewrites_ko_and_both_readmes(tmp_path, korean):
    (tmp_path / "notebooks").mkdir()
    for folder in ("notebooks", "student"):
        shutil.copytree(korean / folder, tmp_path / "ko" / folder)
    shutil.copy(ROOT / "notebooks" / "01-softmax.ipynb", tmp_path / "notebooks")
    for readme in ("README.md", "README.ko.md"):
        shutil.copy(ROOT / readme, tmp_path / readme)
    paths = [tmp_path / "notebooks" / "01-softmax.ipynb", tmp_path / "ko" / "notebooks" / "01-softmax.ipynb",
             tmp_path / "ko" / "student" / "01-softmax.ipynb"]
    before = {p: nbformat.read(p, as_version=4) for p in paths}
    args = [*map(str, paths), "--repo", "someone/softmaxlab", "--ref", "v9.9.9",
            "--readme", str(tmp_path / "README.md"), "--readme", str(tmp_path / "README.ko.md")]
    colab_cell.main(args)
    for path in paths[1:]:
        nb = nbformat.read(path, as_version=4)
        assert colab_cell.target_of(nb) == ("someone/softmaxlab", "v9.9.9")
        link = next(c for c in nb.cells if colab_cell.LINK_TAG in c.metadata.get("tags", []))
        assert link.source.startswith(
            "[Colab에서 열기](https://colab.research.google.com/github/someone/softmaxlab/blob/v9.9.9/ko/student/01-softmax.ipynb)")
        assert "OWNER" not in link.source and "공개된 뒤에" not in link.source
        setup = next(c for c in nb.cells if colab_cell.SETUP_TAG in c.metadata.get("tags", []))
        assert setup.source == colab_cell.korean_setup(colab_cell.SETUP.format(repo="someone/softmaxlab", ref="v9.9.9"))
        old = before[path]
        assert [c.source for c in nb.cells if c.cell_type == "markdown" and c is not link][1:] == \
            [c.source for c in old.cells if c.cell_type == "markdown" and "colab-link" not in c.metadata.get("tags", [])][1:]
        assert nb.cells.index(setup) + 1 == [c.get("id") for c in nb.cells].index(i18n.LANGUAGE_ID)
    english = nbformat.read(paths[0], as_version=4)
    assert "[Open in Colab](https://colab.research.google.com/github/someone/softmaxlab/blob/v9.9.9/student/" \
        in english.cells[0].source
    for readme in ("README.md", "README.ko.md"):
        text = (tmp_path / readme).read_text(encoding="utf-8")
        assert re.search(r"https://\S*OWNER", text) is None, readme
        assert "https://mybinder.org/v2/gh/someone/softmaxlab/v9.9.9?urlpath=lab/tree/ko/student/00-welcome.ipynb" in text
        assert ("[열기](https://colab.research.google.com/github/someone/softmaxlab/blob/v9.9.9/ko/student/"
                "01-softmax.ipynb)") in text
    assert "urlpath=lab/tree/student/00-welcome.ipynb" in (tmp_path / "README.md").read_text(encoding="utf-8")
    once = {p: p.read_bytes() for p in paths + [tmp_path / "README.md", tmp_path / "README.ko.md"]}
    colab_cell.main(args)
    assert {p: p.read_bytes() for p in once} == once, "a second run must change nothing"


def test_published_korean_student_edition_links_to_the_korean_complete_notebook_on_colab(korean):
    nb = nbformat.read(korean / "notebooks" / "01-softmax.ipynb", as_version=4)
    assert i18n.colab_complete(nb, "01-softmax.ipynb") == ""  # not published yet
    published = colab_cell.apply_korean(nb, "01-softmax.ipynb", "someone/softmaxlab", "v9.9.9")
    assert i18n.colab_complete(published, "01-softmax.ipynb") == (
        " Colab에서는 [완성된 노트북 열기](https://colab.research.google.com/github/someone/softmaxlab/blob/v9.9.9/"
        "ko/notebooks/01-softmax.ipynb).")


def test_publishing_keeps_the_korean_catalogues_in_step(tmp_path):
    """--catalogues: the Colab-link entries follow the English cell colab_cell writes, so no entry goes stale."""
    po_path = tmp_path / "01-softmax.po"
    shutil.copy(i18n.catalogue_path("01-softmax.ipynb"), po_path)
    assert colab_cell.update_catalogue(po_path, "someone/softmaxlab", "v9.9.9")
    english = colab_cell.apply(nbformat.read(ROOT / "notebooks" / "01-softmax.ipynb", as_version=4),
                               "01-softmax.ipynb", "someone/softmaxlab", "v9.9.9")
    po = polib.pofile(str(po_path), wrapwidth=0)
    entry = po.find("01-softmax.ipynb#colab-link", by="msgctxt")
    assert entry.msgid == english.cells[0].source and "fuzzy" not in entry.flags
    assert "github/someone/softmaxlab/blob/v9.9.9/student/01-softmax.ipynb" in entry.msgstr
    assert "공개된 뒤에" not in entry.msgstr and "OWNER" not in entry.msgstr
    others = {e.msgctxt: e.msgstr for e in polib.pofile(str(i18n.catalogue_path("01-softmax.ipynb"))) if
              e.msgctxt != entry.msgctxt}
    assert {e.msgctxt: e.msgstr for e in po if e.msgctxt != entry.msgctxt} == others
    assert not colab_cell.update_catalogue(po_path, "someone/softmaxlab", "v9.9.9")


@pytest.mark.parametrize("readme", ["README.md", "README.ko.md"])
def test_committed_readme_tables_have_the_korean_columns(readme):
    text = (ROOT / readme).read_text(encoding="utf-8")
    block = colab_cell.README_BLOCK.search(text)
    assert block, f"{readme} lacks the <!-- colab-links --> block"
    match = re.search(r"github/([\w.-]+/[\w.-]+)/blob/([\w.-]+)/(?:ko/)?student/", block.group(0))
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    language = "ko" if readme.endswith(".ko.md") else "en"
    assert block.group(0).endswith(colab_cell.readme_block(notebooks, *match.groups(), language=language)
                                   + "<!-- /colab-links -->"), f"{readme}'s Colab table is stale: run tools/colab_cell.py"
    for name in i18n.listed():
        assert f"/ko/student/{name})" in block.group(0) and f"/ko/notebooks/{name})" in block.group(0)
    assert "?urlpath=lab/tree/ko/student/00-welcome.ipynb" in text, f"{readme}: no Binder link to the Korean edition"
