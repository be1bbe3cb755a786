"""Offline classroom: the slides and HTML pages render maths and a reveal.js deck with the network cut.

The pages are built the way `make slides` / `make html` build them (assets from the npm packages
pinned in tools/assets/package.json, installed by `make assets` into build/assets), served from a
temporary folder on 127.0.0.1, and opened in Debian's Chromium with every request to another
host aborted. MathJax must have typeset the formulas (mjx-container elements, no raw ``$$`` left)
and reveal.js must report a ready deck.
"""
import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "build" / "assets" / "node_modules"
NOTEBOOKS = [ROOT / "notebooks" / "02-overflow-trick.ipynb", ROOT / "notebooks" / "06-y-minus-t.ipynb"]
CHROMIUM = os.environ.get("SOFTMAXLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


offline_assets = load_tool("offline_assets")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """build/assets installed by the Makefile, then slides and HTML of two notebooks, served locally."""
    if shutil.which("npm") is None:
        pytest.skip("the offline pages need npm to install their JavaScript (`sudo apt-get install npm`)")
    subprocess.run(["make", "-C", str(ROOT), "assets"], check=True, capture_output=True, text=True)
    folder = tmp_path_factory.mktemp("offline")
    load_tool("make_slides").main(["--out", str(folder / "slides"), "--assets", str(NODE_MODULES),
                                   *map(str, NOTEBOOKS)])
    load_tool("make_html").main(["--out", str(folder / "html"), "--assets", str(NODE_MODULES),
                                 *map(str, NOTEBOOKS)])
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def offline_page():
    """A Chromium page that aborts every request not addressed to 127.0.0.1; returns (page, aborted)."""
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if path is None:
        pytest.skip(f"the offline test needs Debian's Chromium at {CHROMIUM}: `sudo apt-get install chromium` "
                    "(.ci/run does this in CI), or point SOFTMAXLAB_CHROMIUM at another Chromium binary")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (requirements-test.txt)")
    sync_playwright = sync_api.sync_playwright
    aborted = []

    def route(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route("**/*", route)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            yield page, aborted, errors
        finally:
            browser.close()


def test_localize_replaces_the_cdn_mathjax_and_refuses_a_remote_script():
    page = ('<head><!-- Load mathjax --><script src="https://cdn.example/mathjax.js"></script>'
            '<!-- End of mathjax configuration --></head>')
    local = offline_assets.localize(page)
    assert 'src="vendor/mathjax/tex-chtml-full.js"' in local and "cdn.example" not in local
    with pytest.raises(ValueError, match="MathJax block was not found"):
        offline_assets.localize("<head></head>")
    with pytest.raises(ValueError, match="loads from the network"):
        offline_assets.localize(page.replace("</head>", '<script src="https://cdn.example/x.js"></script></head>'))


def test_pages_reference_only_local_assets(site):
    folder, _ = site
    pages = sorted(folder.glob("slides/*.slides.html")) + sorted(folder.glob("html/[0-9]*.html"))
    assert len(pages) == 2 * len(NOTEBOOKS)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert offline_assets.REMOTE.search(text) is None, page.name
        assert 'src="vendor/mathjax/tex-chtml-full.js"' in text, page.name
        assert (page.parent / "vendor" / "mathjax" / "tex-chtml-full.js").is_file()
    for css in folder.glob("slides/vendor/reveal.js/dist/**/*.css"):
        assert offline_assets.REMOTE_IMPORT.search(css.read_text(encoding="utf-8")) is None, css.name


@pytest.mark.parametrize("kind", ["html", "slides"])
def test_page_renders_maths_with_the_network_cut(offline_page, site, kind):
    folder, base = site
    page, aborted, errors = offline_page
    aborted.clear(), errors.clear()
    name = NOTEBOOKS[0].stem + (".slides.html" if kind == "slides" else ".html")
    page.goto(f"{base}/{kind}/{name}", wait_until="load", timeout=60_000)
    page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000)
    page.evaluate("MathJax.startup.promise")
    rendered = page.locator("mjx-container").count()
    assert rendered >= 10, f"only {rendered} formulas typeset by MathJax in {name}"
    assert page.locator("mjx-merror").count() == 0, "a formula did not compile"
    text = page.evaluate("document.body.innerText")
    assert "$$" not in text, "raw TeX left in the page"
    if kind == "slides":
        page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
        sections = page.locator(".reveal .slides section").count()
        assert sections > 5, f"the deck has {sections} sections"
        page.keyboard.press("ArrowRight")
        page.wait_for_function("location.hash.length > 1", timeout=10_000)
    assert aborted == [], f"the page tried the network: {aborted[:5]}"
    assert errors == [], f"JavaScript errors: {errors[:5]}"
