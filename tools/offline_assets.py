"""Local copies of the JavaScript that slides and HTML pages load, so they work with no network.

`make slides` and `make html` install the npm packages pinned in ``tools/assets/package.json``
(reveal.js, MathJax 3, require.js, jQuery) into ``build/assets/node_modules`` and pass that folder
to ``tools/make_slides.py --assets`` / ``tools/make_html.py --assets``. Those copy what the pages
load into ``OUT/vendor/`` and point the pages there with relative URLs, so the output folder can
be copied to a classroom machine (or a USB stick) and opened with no network.

nbconvert's templates load MathJax 2 from its CDN; the pages here load MathJax 3 instead (the
configuration below keeps nbconvert's ``$...$`` / ``$$...$$`` delimiters and AMS numbering).
"""
import re
import shutil
from pathlib import Path

VENDOR = "vendor"
# (source inside node_modules, destination inside OUT/vendor)
FILES = {
    "requirejs/require.js": "require.js",
    "jquery/dist/jquery.min.js": "jquery.min.js",
    "mathjax/es5/tex-chtml-full.js": "mathjax/tex-chtml-full.js",
    "mathjax/es5/output/chtml/fonts": "mathjax/output/chtml/fonts",
    "mathjax/es5/input/tex/extensions": "mathjax/input/tex/extensions",
    "mathjax/es5/ui": "mathjax/ui",
    "mathjax/es5/a11y": "mathjax/a11y",
    "mathjax/es5/sre": "mathjax/sre",
    "mathjax/LICENSE": "mathjax/LICENSE",
}
REVEAL = {  # reveal.js: what nbconvert's reveal template loads, under OUT/vendor/reveal.js
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin/notes": "reveal.js/plugin/notes",
    "reveal.js/LICENSE": "reveal.js/LICENSE",
}
MATHJAX_2 = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MATHJAX_3 = """<!-- MathJax 3, local copy (tools/offline_assets.py) -->
<script>
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
        processEscapes: true, processEnvironments: true, tags: 'ams'},
  options: {ignoreHtmlClass: 'tex2jax_ignore', processHtmlClass: 'tex2jax_process'}
};
</script>
<script src="{prefix}/mathjax/tex-chtml-full.js" id="MathJax-script"></script>"""
# The reveal template re-renders MathJax 2 on every slide change; MathJax 3 typesets the whole
# page once and has no MathJax.Hub, so the handler must not call it.
# The reveal template imports Mermaid (diagrams, which no notebook of the course has) on every page;
# with no local copy of it, that import is removed.
MERMAID_IMPORT = re.compile(r"<script type=\"module\">\s*import mermaid from '';.*?</script>", re.S)
HUB_CALL = "if(MathJax.Hub.getAllJax(Reveal.getCurrentSlide())){"
HUB_GUARD = "if(window.MathJax && MathJax.Hub && MathJax.Hub.getAllJax(Reveal.getCurrentSlide())){"
REMOTE_IMPORT = re.compile(r"@import\s+url\(\s*['\"]?(?:https?:)?//[^)]*\)\s*;?")
REMOTE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def check_assets(node_modules):
    """Raise FileNotFoundError naming the first missing file, with the command that installs them."""
    node_modules = Path(node_modules)
    for source in list(FILES) + list(REVEAL):
        if not (node_modules / source).exists():
            raise FileNotFoundError(f"{node_modules / source} is missing: run `make assets` (npm ci in "
                                    f"build/assets from tools/assets/package.json) first")


def copy_assets(node_modules, out, slides=False):
    """Copy the assets the pages load from `node_modules` into ``out/vendor``; return that folder."""
    check_assets(node_modules)
    vendor = Path(out) / VENDOR
    for source, dest in list(FILES.items()) + (list(REVEAL.items()) if slides else []):
        src, dst = Path(node_modules) / source, vendor / dest
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copyfile(src, dst)
    for css in vendor.glob("reveal.js/dist/theme/*.css"):
        # Some themes @import web fonts from a font CDN; without it they fall back to local fonts.
        css.write_text(REMOTE_IMPORT.sub("", css.read_text(encoding="utf-8")), encoding="utf-8")
    return vendor


def exporter_options(prefix=VENDOR, slides=False):
    """nbconvert exporter traits that point the page at the local copies under `prefix`."""
    options = {"require_js_url": f"{prefix}/require.js", "jquery_url": f"{prefix}/jquery.min.js",
               "mermaid_js_url": "", "mermaid_layout_elk_js_url": ""}
    if slides:
        options["reveal_url_prefix"] = f"{prefix}/reveal.js"
    return options


def localize(html, prefix=VENDOR):
    """Replace nbconvert's MathJax 2 (CDN) block with the local MathJax 3, and check nothing remote is left.

    Raises ValueError if the page has no MathJax block to replace (a changed nbconvert template)
    or still loads a script, style sheet or image from another host.
    """
    html, count = MATHJAX_2.subn(lambda _: MATHJAX_3.replace("{prefix}", prefix), html, count=1)
    if count != 1:
        raise ValueError("nbconvert's MathJax block was not found: the template changed, update tools/offline_assets.py")
    html = html.replace(HUB_CALL, HUB_GUARD)
    html = MERMAID_IMPORT.sub("", html)
    remote = REMOTE.search(html)
    if remote:
        raise ValueError(f"the page still loads from the network: {remote.group(0)!r}")
    return html
