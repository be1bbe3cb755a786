"""axe-core, a real accessibility engine, over the course as a learner meets it (issue 16).

- The static pages `make html` writes (built here into a temporary folder, from the committed
  notebooks), loaded from disk in headless Chromium with every non-local request aborted.
- JupyterLab with each notebook run (Run All), in the light theme and again in the dark one.

axe-core comes from the npm registry at the exact version of tests/ui/package.json (lock file
beside it); `make axe` installs it into build/axe/. Chromium and its flags are the browser test's
(conftest.py). Only serious and critical violations count. Each offending element is attributed:
to the course when it lies in what the notebooks produce (markdown, outputs, widgets, the pages'
navigation), otherwise to JupyterLab / nbconvert (editor, toolbars, code highlighting, page
template). The test fails on any course-caused violation; the others are written to
build/axe-report.json and build/axe-report.md and raised as warnings, never hidden.
Screenshots of notebooks 03 and 07 in the dark theme: build/screenshots/NN-topic-dark.png.
"""
import json
import sys
import time
import warnings
from pathlib import Path

import pytest

import test_browser as ui  # the browser test's helpers: run_all, wait_for_kernel, wait_until

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
REPORT = ROOT / "build" / "axe-report"
ASSETS = ROOT / "build" / "assets" / "node_modules"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DARK_SHOTS = ("03-batching-axes", "07-cross-entropy-flavours")
COUNTED = ("serious", "critical")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# What the course itself puts on the page. Everything else is JupyterLab's or nbconvert's.
COURSE_LAB = ".jp-RenderedMarkdown, .jp-OutputArea-output"
COURSE_HTML = ".jp-RenderedMarkdown, .jp-OutputArea-output, .softmaxlab-nav, .softmaxlab-widget-note, .softmaxlab-index"

JS_AXE = """async ([course, tags]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const find = target => { try { return document.querySelector(target); } catch (e) { return null; } };
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      const el = find(String(n.target[0]));
      const output = el && el.closest('.jp-OutputArea-output');
      return {target: String(n.target[0]), html: n.html.slice(0, 240), summary: (n.failureSummary || '').slice(0, 300),
              course: course === '*' || !!(el && el.closest(course)),
              pngOutput: !!(el && el.matches('.jp-RenderedImage[data-mime-type="image/png"] > img')),
              context: output ? output.textContent.slice(0, 160) : ''};
    }),
  }));
}"""

# What a screen reader gets from the widgets: each slider handle's name, each live figure's alt,
# each toggle button's pressed state.
JS_NAMES = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
  return {
    handles: [...panel.querySelectorAll('.widget-slider .noUi-handle')].map(h => h.getAttribute('aria-label') || ''),
    images: [...panel.querySelectorAll('img.widget-image')].map(i => i.getAttribute('alt') || ''),
    pressed: [...panel.querySelectorAll('.widget-toggle-button')].map(b => b.getAttribute('aria-pressed')),
  };
}"""

RESULTS = {}  # page -> {"course": [...], "other": [...]}
SELF_CHECKED = []


@pytest.fixture(scope="module")
def axe_source():
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not installed at {AXE_JS.relative_to(ROOT)}: run `make axe` (npm)")
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, axe_source, course):
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(JS_AXE, [course, TAGS])


# JupyterLab renders an image/png output as an <img> without reading the "alt" the output's metadata
# carries (jupyter/enhancement-proposals#120, open); nbconvert's pages get it (tools/alt_text.py).
LAB_DROPS_ALT = "JupyterLab ignores the alt text in the output's metadata"


def lab_side(violation, node, alts_present):
    """Whose element is it: True for the course's. A figure whose output carries an alt text that
    JupyterLab did not use counts as JupyterLab's (checked: `alts_present`)."""
    if violation["id"] == "image-alt" and node.get("pngOutput") and alts_present:
        node["note"] = LAB_DROPS_ALT
        return False
    return node["course"]


def record(where, violations, alts_present=False):
    """Split the violations by who causes them; keep both for the report; return the course's."""
    course, other = [], []
    for v in violations:
        mine = [lab_side(v, n, alts_present) for n in v["nodes"]]
        for side, nodes in ((course, [n for n, m in zip(v["nodes"], mine) if m]),
                            (other, [n for n, m in zip(v["nodes"], mine) if not m])):
            if nodes:
                side.append({"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": nodes})
    RESULTS[where] = {"course": course, "other": other}
    write_report()
    for v in other:
        warnings.warn(f"axe, {where}: {v['impact']} {v['id']} ({v['help']}) on {len(v['nodes'])} element(s) "
                      f"outside the course's content (JupyterLab / nbconvert), e.g. {v['nodes'][0]['target']}"
                      + (f" ({v['nodes'][0]['note']})" if v["nodes"][0].get("note") else ""),
                      stacklevel=2)
    return course


def write_report():
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.with_suffix(".json").write_text(json.dumps(RESULTS, indent=1) + "\n")
    lines = ["# axe-core: serious and critical violations", "",
             "| page | caused by | rule | impact | elements | example |", "|---|---|---|---|---|---|"]
    for where, sides in sorted(RESULTS.items()):
        for side, label in (("course", "course"), ("other", "JupyterLab / nbconvert")):
            for v in sides[side]:
                example = v["nodes"][0]["target"].replace("|", "\\|")[-80:]
                note = f" ({v['nodes'][0]['note']})" if v["nodes"][0].get("note") else ""
                lines.append(f"| {where} | {label}{note} | {v['id']} | {v['impact']} | {len(v['nodes'])} | `{example}` |")
        if not sides["course"] and not sides["other"]:
            lines.append(f"| {where} | - | none | - | 0 | |")
    REPORT.with_suffix(".md").write_text("\n".join(lines) + "\n")


def describe(violations):
    return "\n".join(f"- {v['impact']} {v['id']}: {v['help']}\n    " +
                     "\n    ".join(f"{n['target']}: {n['html'][:120]} in output {n.get('context', '')[:80]!r}: "
                                  f"{n['summary'][:200]}" for n in v["nodes"][:5])
                     for v in violations)


# --- the static pages ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html_pages(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "tools"))
    import make_html

    out = tmp_path_factory.mktemp("html")
    make_html.build(NOTEBOOKS, out, assets=ASSETS if ASSETS.exists() else None)
    return out


@pytest.fixture(scope="module")
def static_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    # Pages load from disk; anything else (a CDN when build/assets is missing) is refused.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("name", ["index", *(p.stem for p in NOTEBOOKS)])
def test_axe_static_page(name, html_pages, static_page, axe_source):
    static_page.goto((html_pages / f"{name}.html").as_uri(), wait_until="load")
    static_page.wait_for_timeout(300)
    course = record(f"html/{name}", run_axe(static_page, axe_source, "*" if name == "index" else COURSE_HTML))
    assert not course, f"{name}.html: accessibility violations in the course's content:\n{describe(course)}"


def test_static_figures_carry_their_alt_text(html_pages):
    """The alt text each figure stores in its output reaches the pages (not nbconvert's default)."""
    for path in NOTEBOOKS:
        page = (html_pages / f"{path.stem}.html").read_text(encoding="utf-8")
        figures = page.count("data:image/png;base64,")
        assert figures, path.stem
        assert "No description has been provided for this image" not in page, \
            f"{path.stem}: a figure without alt text (re-execute the notebook, or describe() the figure)"


# --- JupyterLab, light and dark ------------------------------------------------------------------

def set_theme(page, theme):
    """Settings > Theme > `theme`, as a learner would; waits until the page uses it."""
    page.locator(".lm-MenuBar-item", has_text="Settings").first.click()
    page.locator(".lm-Menu-item[data-type='submenu']", has_text="Theme").first.hover()
    page.locator(".lm-Menu-item[data-command='apputils:change-theme']", has_text=theme).first.click()
    light = "false" if "Dark" in theme else "true"
    ui.wait_until(lambda: page.evaluate("() => document.body.dataset.jpThemeLight") == light, 30,
                  f"the {theme} theme")
    time.sleep(1)  # the theme's CSS settles


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_axe_jupyterlab(path, browser, lab, axe_source, screenshots):
    name = path.name
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        page.goto(lab.notebook_url(name).replace("/workspaces/ui-", "/workspaces/axe-"), timeout=120_000)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120_000)
        ui.wait_for_kernel(page, lab, name)
        ui.run_all(page)
        nb = ui.save_and_read(page, lab.root / "notebooks" / name)
        errors = [f"{out.ename}: {out.evalue}" for cell in nb.cells for out in cell.get("outputs", [])
                  if out.output_type == "error"]
        assert not errors, f"{name}: the notebook raised errors in JupyterLab: {errors}"
        pngs = [out for cell in nb.cells for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
        alts_present = bool(pngs) and all(out.get("metadata", {}).get("image/png", {}).get("alt") for out in pngs)
        ui.wait_until(lambda: page.locator(".jp-NotebookPanel .widget-slider .noUi-handle").count(), 60,
                      f"{name}: a rendered slider")
        time.sleep(1)  # ARIA_JS runs on the next animation frame
        names = page.evaluate(JS_NAMES)
        assert names["handles"] and all(names["handles"]), f"{name}: slider handles without a name: {names}"
        assert all(names["images"]), f"{name}: live figures without alt text: {names}"
        assert all(p in ("true", "false") for p in names["pressed"]), f"{name}: toggle buttons: {names}"
        course = record(f"lab/{path.stem}/light", run_axe(page, axe_source, COURSE_LAB), alts_present)
        if not SELF_CHECKED:  # once, on the first notebook that gets here
            SELF_CHECKED.append(name)
            # The check can fail: without the names ARIA_JS gives them, axe flags the sliders as the course's.
            page.evaluate("() => document.querySelectorAll('.noUi-handle').forEach(h => h.removeAttribute('aria-label'))")
            unnamed = [v for v in run_axe(page, axe_source, COURSE_LAB) if v["id"] == "aria-input-field-name"
                       and any(n["course"] for n in v["nodes"])]
            assert unnamed, "axe did not notice slider handles without a name"
        set_theme(page, "JupyterLab Dark")
        try:
            course = course + record(f"lab/{path.stem}/dark", run_axe(page, axe_source, COURSE_LAB), alts_present)
            if path.stem in DARK_SHOTS:
                widget = page.locator(".jp-NotebookPanel .widget-slider").first.locator(
                    "xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')]").first
                widget.scroll_into_view_if_needed()
                page.screenshot(path=screenshots / f"{path.stem}-dark.png")
                widget.screenshot(path=screenshots / f"{path.stem}-dark-widget.png")
        finally:
            set_theme(page, "JupyterLab Light")  # the user settings are shared with the browser test
        assert not course, f"{name} in JupyterLab: accessibility violations in the course's content:\n" \
                           f"{describe(course)}"
    finally:
        context.close()
        lab.shutdown_kernels()
