"""Every notebook, run in JupyterLab in a real (headless) Chromium, as a learner would.

For each notebooks/*.ipynb: open it, Run > Run All Cells, wait for the kernel; fail on any
error output, on a widget that rendered only as its text fallback, or on no rendered widget at
all; then move the first slider with the keyboard and with the mouse and check that the
widget's figure (Image PNG) or readout (HTML) changes, timing slider-to-redraw over MOVES key
presses and MOVES mouse steps (recorded, never a reason to fail: timings belong to `make bench`); save
build/screenshots/<notebook>.png (whole notebook) and <notebook>-widget.png (that widget).
nbval checks the kernel side of the same notebooks; this checks what the learner sees.

Run alone with `make test-ui`; fixtures and the timing summary are in conftest.py.
"""
import os
import re
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RUN_TIMEOUT = 300      # s: Run All on a loaded 2-core machine; fail, never hang
REDRAW_TIMEOUT = 30    # s: slider move -> figure or readout changes
QUIET = 0.75           # s without further redraws = the widget has settled (after a whole drag)
STEP_QUIET = 0.15      # s without further redraws after one timed step (keyboard press or mouse step)
MOVES = 20             # timed slider moves per notebook, by keyboard and again by mouse
# make bench sets this: before timing a notebook, wait (at most CALM_WAIT s) until the 1-minute load average
# is below it, so that the timings are taken on a quiet machine (running the notebook itself raises the load).
CALM_LOAD = float(os.environ.get("SOFTMAXLAB_UI_CALM_LOAD", "0"))
CALM_WAIT = 150
MAX_SHOT_HEIGHT = 16_000  # px: Chromium's limit for one screenshot

# ipywidgets' text/plain repr ("FloatSlider(value=1.0, ...)", "SoftmaxExplorer(children=(...")
# is what a learner sees when the widget front end failed to render the view.
TEXT_FALLBACK = re.compile(r"^\s*[A-Za-z_][\w.]*\((children|value|description|layout|options|index)=")

# In the page: prompts of the code cells and the kernel state of the toolbar indicator.
JS_STATE = """() => ({
  prompts: [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
             .map(e => e.textContent.trim()),
  kernel: document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator')?.dataset.status ?? null,
})"""

# Outputs: which rendered a widget view, which are plain text (a widget's fallback looks like that).
JS_OUTPUTS = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output')].map(e => ({
  mime: e.dataset.mimeType ?? null,
  widget: e.querySelector('.jupyter-widgets') !== null,
  text: e.textContent.slice(0, 300),
}))"""

# Watch the widget that holds the first slider: when the slider moves (its handle's aria-valuenow)
# and when the widget's figure (an <img> gets a new src, then decodes) or readout (HTML) changes.
JS_WATCH = """(handle) => {
  if (window.__ui) window.__ui.observer.disconnect();
  const root = handle.closest('.jp-OutputArea-output');
  const readout = handle.closest('.widget-slider').querySelector('.widget-readout');
  const st = window.__ui = {moved: [], redraws: [], input: []};
  const outside = n => !n.closest('.widget-slider, .widget-readout');
  st.observer = new MutationObserver(records => {
    const t = performance.now();
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (!el) continue;
      if ((el === handle && r.attributeName === 'aria-valuenow') || (readout && readout.contains(el))) {
        st.moved.push(t);
      } else if (el.tagName === 'IMG' && r.attributeName === 'src' && outside(el)) {
        const done = () => st.redraws.push({kind: 'image', t, painted: performance.now()});
        el.decode().then(done, done);
      } else if (outside(el) && el.closest('.widget-html-content, .widget-htmlmath-content')) {
        st.redraws.push({kind: 'html', t, painted: t});
      }
    }
  });
  st.observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ['src', 'aria-valuenow']});
  for (const type of ['keydown', 'pointerdown', 'pointerup'])
    document.addEventListener(type, () => st.input.push({type, t: performance.now()}), true);
  return true;
}"""

# Each text layer of a live figure (an HTML widget over an <img> in one GridBox): how far its box is from the
# picture's, |d left|, |d top|, |d width|, |d height| in px.
JS_LAYERS = """() => [...document.querySelectorAll('.jp-NotebookPanel .widget-gridbox')].flatMap(grid => {
  const img = grid.querySelector(':scope > img'), layer = grid.querySelector(':scope > .widget-html .widget-html-content > div');
  if (!img || !layer) return [];
  const a = img.getBoundingClientRect(), b = layer.getBoundingClientRect();
  return [[a.left - b.left, a.top - b.top, a.width - b.width, a.height - b.height].map(Math.abs)];
})"""

# Before JupyterLab's own scripts: note when each message of a WebSocket (the kernel's) reaches the page.
JS_WEBSOCKET_TIMES = """window.__wsTimes = [];
window.WebSocket = class extends window.WebSocket {
  constructor(...args) { super(...args); this.addEventListener('message', () => window.__wsTimes.push(performance.now())); }
};"""

JS_WATCHED = """() => ({moved: window.__ui.moved, redraws: window.__ui.redraws, input: window.__ui.input,
                        ws: window.__wsTimes.slice(-200),
                        now: performance.now()})"""

# What the widget shows: a hash of each image's PNG bytes and the text of each readout.
JS_SIGNATURE = """async (handle) => {
  const root = handle.closest('.jp-OutputArea-output');
  const outside = n => !n.closest('.widget-slider, .widget-readout');
  const hash = bytes => { let h = 2166136261; for (const b of bytes) { h ^= b; h = Math.imul(h, 16777619); }
                          return (h >>> 0).toString(16) + ':' + bytes.length; };
  const images = [];
  for (const img of root.querySelectorAll('img')) {
    if (!outside(img) || !img.src) continue;
    try { images.push(hash(new Uint8Array(await (await fetch(img.src)).arrayBuffer()))); }
    catch (e) { images.push('unreadable:' + img.src); }
  }
  const texts = [...root.querySelectorAll('.widget-html-content, .widget-htmlmath-content')]
                  .filter(outside).map(e => e.textContent);
  const readout = handle.closest('.widget-slider').querySelector('.widget-readout');
  const scale = [...root.querySelectorAll('img')].filter(outside).filter(i => i.naturalWidth)
                  .map(i => i.getBoundingClientRect().width / i.naturalWidth);
  return {images, texts, scale, value: (readout ? readout.textContent : '') + ' @' + handle.getAttribute('aria-valuenow')};
}"""


def wait_until(predicate, timeout, what, poll=0.25):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(poll)


def is_count(prompt):
    return re.fullmatch(r"\[\d+\]:", prompt) is not None


def wait_for_kernel(page, lab, name):
    """Until the notebook's kernel is idle on the server and in the page."""
    accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")

    def ready():
        # JupyterLab may ask which kernel to start if the kernel list arrived late; the
        # preselected choice is the notebook's own python3.
        if accept.count():
            accept.first.click()
            return None
        state = page.evaluate(JS_STATE)
        return lab.kernel_state(name) == "idle" and state["kernel"] in ("idle", None)

    wait_until(ready, 180, f"the kernel of {name} to start", 0.5)


def menu(page, title, command):
    """Click a JupyterLab menu entry, as a learner would: menu bar title, then the item."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(f"^{title}$")).first.click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def run_all(page):
    menu(page, "Run", "runmenu:run-all")
    settled = []
    clicked = time.monotonic()

    def finished():
        state = page.evaluate(JS_STATE)
        prompts = state["prompts"]
        done = (prompts and is_count(prompts[0]) and "[*]:" not in prompts
                and state["kernel"] in ("idle", None))
        settled.append(done)
        if time.monotonic() - clicked > 60 and not any(p == "[*]:" or is_count(p) for p in prompts):
            pytest.fail(f"Run > Run All Cells did not start any cell within 60 s: prompts {prompts}")
        return state if settled[-2:] == [True, True] else None   # idle twice in a row

    return wait_until(finished, RUN_TIMEOUT, "Run All Cells to finish (prompts still [*] or kernel busy)", 0.5)


def save_and_read(page, path):
    """Save from the browser and read back what JupyterLab's model holds."""
    before = path.stat().st_mtime_ns
    menu(page, "File", "docmanager:save")
    wait_until(lambda: path.stat().st_mtime_ns != before, 60, f"JupyterLab to save {path.name}")
    time.sleep(0.5)  # let the write finish
    return nbformat.read(path, as_version=4)


# Waits inside the page (a few timers, no round trip to the test) until the slider has moved past `moved`
# entries and, unless `moveOnly`, the widget has redrawn past `redraws` entries and then stayed `quietMs`
# without a repaint; gives up after `timeoutMs`. Polling from the test instead (a DevTools round trip every
# 20 ms) loaded the page's main thread and the 2 cores, and lengthened the very redraws it timed.
JS_WAIT = """async ([moved, redraws, quietMs, timeoutMs, moveOnly]) => {
  const st = window.__ui, start = performance.now();
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  const late = () => performance.now() - start > timeoutMs;
  while (!(st.moved.length > moved && (moveOnly || st.redraws.length > redraws))) {
    if (late()) return {moved: st.moved.length > moved, redrawn: false, settled: false};
    await sleep(5);
  }
  if (moveOnly) return {moved: true};
  for (;;) {
    const last = Math.max(st.moved[st.moved.length - 1], ...st.redraws.slice(redraws).map(r => r.painted));
    if (performance.now() - last > quietMs) return {moved: true, redrawn: true, settled: true};
    if (late()) return {moved: true, redrawn: true, settled: false};
    await sleep(Math.min(50, quietMs / 3));
  }
}"""


def move_and_time(page, handle, action, what, quiet=QUIET, may_not_move=False):
    """Do `action`, wait for the widget to redraw and settle (`quiet` s without a repaint); timings in ms.

    redraw_ms: from the slider's first move to the first repaint of the figure (or, for a widget
    whose figure did not change, of its readout); settle_ms: from the key or mouse release to the
    last repaint. With `may_not_move`, None if the slider did not move within 0.4 s."""
    before = page.evaluate(JS_WATCHED)
    n_moved, n_redraws, n_input = len(before["moved"]), len(before["redraws"]), len(before["input"])
    action()
    if may_not_move and not page.evaluate(JS_WAIT, [n_moved, n_redraws, 0, 400, True])["moved"]:
        return None
    waited = page.evaluate(JS_WAIT, [n_moved, n_redraws, 1000 * quiet, 1000 * REDRAW_TIMEOUT, False])
    if not waited["redrawn"]:
        pytest.fail(f"after the {what}, " + (
            f"the slider moved but the widget's figure (Image) and readout (HTML) did not change within "
            f"{REDRAW_TIMEOUT} s" if waited["moved"] else "the slider did not move"))
    if not waited["settled"]:
        pytest.fail(f"timed out after {REDRAW_TIMEOUT} s waiting for the widget to settle after the {what}")
    now = page.evaluate(JS_WATCHED)
    moved = now["moved"][n_moved]
    redraws = now["redraws"][n_redraws:]
    images = sorted((r["painted"], r["t"]) for r in redraws if r["kind"] == "image")
    first = images[0][0] if images else min(r["painted"] for r in redraws)
    last = max(r["painted"] for r in redraws)
    released = [i["t"] for i in now["input"][n_input:] if i["type"] in ("keydown", "pointerup")]
    # The last kernel message to arrive before the new PNG reached the <img>: the one that carried it.
    carried = [t for t in now["ws"] if moved <= t <= images[0][1]] if images else []
    return {"redraw_ms": first - moved, "settle_ms": last - released[-1] if released else None,
            "decode_ms": images[0][0] - images[0][1] if images else None,
            "page_ms": first - carried[-1] if carried else None}


def slider_value(handle):
    return float(handle.get_attribute("aria-valuenow"))


def time_keyboard(page, handle, up, down, moves):
    """`moves` key presses, each timed: `up` half of them, then `down` back (turning at an end of the track)."""
    samples, key = [], up
    for i in range(moves):
        if i == moves // 2:
            key = down
        handle.focus()
        value = slider_value(handle)
        if (key == "ArrowRight" and value >= float(handle.get_attribute("aria-valuemax"))) or \
                (key == "ArrowLeft" and value <= float(handle.get_attribute("aria-valuemin"))):
            key = down if key == up else up  # at the end of the track: turn back
        samples.append(move_and_time(page, handle, lambda key=key: page.keyboard.press(key), f"key {key}",
                                     STEP_QUIET))
    return samples


def time_mouse(page, handle, moves):
    """Hold the handle and move the pointer step by step along the track, timing every step that moves
    the slider, until `moves` steps are timed (turning at the ends of the track); then release."""
    track = handle.evaluate_handle("h => h.closest('.noUi-target')").as_element().bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    low, high = track["x"] + 1, track["x"] + track["width"] - 1
    # One step of the pointer: a 40th of the track, or one position of a coarser slider (noUiSlider's options).
    positions = handle.evaluate("""h => { const o = h.closest('.noUi-target').noUiSlider?.options;
                                         return o ? (o.range.max - o.range.min) / o.step : 0; }""")
    dx = track["width"] / min(40, positions or 40) * (1 if x < (low + high) / 2 else -1)
    samples = []
    page.mouse.move(x, y)
    page.mouse.down()
    for _ in range(3 * moves):
        if len(samples) >= moves:
            break
        if not low <= x + dx <= high:
            dx = -dx
        x += dx
        sample = move_and_time(page, handle, lambda x=x: page.mouse.move(x, y), "mouse step", STEP_QUIET,
                               may_not_move=True)
        if sample is None:  # the step was smaller than the slider's: take longer ones
            dx *= 1.5
        else:
            samples.append(sample)
    page.mouse.up()
    return samples


def screenshot_notebook(page, path, widget, widget_path):
    """The whole notebook in one PNG: scroll to the top, make the viewport as tall as the cells, shoot;
    then the widget alone (in the tall viewport, so a tall widget is not cut)."""
    size = page.viewport_size
    panel = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first
    content = panel.evaluate("""e => {
      e.scrollTop = 0;
      const cells = e.querySelectorAll('.jp-Cell');
      const bottom = cells.length ? cells[cells.length - 1].getBoundingClientRect().bottom : 0;
      return {needed: bottom - e.getBoundingClientRect().top, client: e.clientHeight};
    }""")
    height = int(min(size["height"] + max(content["needed"] + 30 - content["client"], 0), MAX_SHOT_HEIGHT))
    page.set_viewport_size({"width": size["width"], "height": height})
    time.sleep(1)  # let JupyterLab lay out the taller page
    panel.evaluate("e => { e.scrollTop = 0; }")
    page.screenshot(path=path)
    widget.screenshot(path=widget_path)
    page.set_viewport_size(size)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_browser(path, browser, lab, ui_results, screenshots):
    name = path.name
    record = ui_results[name] = {"result": "failed"}
    for suffix in ("", "-widget", "-FAILED"):   # no stale pictures from an earlier run
        (screenshots / f"{path.stem}{suffix}.png").unlink(missing_ok=True)
    served = lab.root / "notebooks" / name
    start = time.perf_counter()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(JS_WEBSOCKET_TIMES)
    context.set_default_timeout(60_000)
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    try:
        page.goto(lab.notebook_url(name), timeout=120_000)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120_000)
        wait_for_kernel(page, lab, name)
        # Give the notebook the whole window: fold the file browser away.
        current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()

        record["open_s"] = round(time.perf_counter() - start, 2)
        run_start = time.perf_counter()
        state = run_all(page)
        record["run_all_s"] = round(time.perf_counter() - run_start, 2)

        nb = save_and_read(page, served)
        errors = [f"cell {i}: {out.ename}: {out.evalue}" for i, cell in enumerate(nb.cells)
                  if cell.cell_type == "code" for out in cell.outputs if out.output_type == "error"]
        assert not errors, f"{name}: error output in the browser run:\n" + "\n".join(errors)
        not_run = [p for p in state["prompts"] if not is_count(p)]
        assert not not_run, f"{name}: {len(not_run)} code cell(s) did not run: prompts {state['prompts']}"

        expected = sum(WIDGET_MIME in out.get("data", {}) for cell in nb.cells if cell.cell_type == "code"
                       for out in cell.outputs)
        assert expected, f"{name}: no cell displayed a widget (every notebook needs a live widget with a slider)"

        def fallbacks(outputs):
            return [o["text"][:120] for o in outputs if not o["widget"] and
                    ((o["mime"] == "text/plain" and TEXT_FALLBACK.match(o["text"]))
                     or "Error displaying widget" in o["text"])]

        def rendered():
            outputs = page.evaluate(JS_OUTPUTS)
            done = sum(o["widget"] for o in outputs) >= expected or fallbacks(outputs)
            return outputs if done else None

        outputs = wait_until(rendered, 60, f"{expected} widget view(s) to render")
        assert not fallbacks(outputs), f"{name}: widget(s) shown as text instead of rendered: {fallbacks(outputs)}"
        record["widgets"] = expected

        # A live figure whose numbers the page writes over the picture (LiveFigure(texts=...)): the layer must
        # cover the picture exactly, whether the output area is narrower than the picture (it is then shrunk)
        # or wider (the layer must not stretch with the area while the picture keeps its width).
        size = page.viewport_size
        for width in (size["width"], 1800):
            page.set_viewport_size({"width": width, "height": size["height"]})
            time.sleep(0.5)  # let JupyterLab lay the page out again
            for gap in page.evaluate(JS_LAYERS):
                assert max(gap) <= 0.5, f"{name}: at a {width} px wide window, a text layer is off its picture by " \
                                        f"(left, top, width, height) = {gap} px"
        page.set_viewport_size(size)

        handle = page.locator(".jp-NotebookPanel .widget-slider .noUi-handle").first
        assert handle.count(), f"{name}: no rendered slider"
        handle.scroll_into_view_if_needed()
        page.evaluate(JS_WATCH, handle.element_handle())
        start_sig = page.evaluate(JS_SIGNATURE, handle.element_handle())
        record["slider"] = handle.evaluate(
            "h => h.closest('.widget-slider').querySelector('.widget-label')?.textContent ?? ''")
        value, low, high = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax"))
        up, down = ("ArrowRight", "ArrowLeft") if value < high else ("ArrowLeft", "ArrowRight")

        # Keyboard: one step away and back, twice (one step is possible on any slider).
        for key in (up, down, up, down):
            handle.focus()
            move_and_time(page, handle, lambda key=key: page.keyboard.press(key), f"key {key}", STEP_QUIET)
            sig = page.evaluate(JS_SIGNATURE, handle.element_handle())
            if key == up:
                assert sig["value"] != start_sig["value"], f"{name}: {up} did not move the slider"
                assert (sig["images"], sig["texts"]) != (start_sig["images"], start_sig["texts"]), \
                    f"{name}: the slider moved ({start_sig['value']} -> {sig['value']}) but the figure " \
                    f"and readout stayed the same"
            else:
                # Back at the starting value, the widget should show what it showed at the start.
                record["reversible"] = record.get("reversible", True) and (
                    sig["value"] == start_sig["value"]
                    and (sig["images"], sig["texts"]) == (start_sig["images"], start_sig["texts"]))
        record["image_scale"] = [round(x, 2) for x in start_sig["scale"]]

        # Mouse: drag the handle a third of the track away from the nearer end, then back.
        track = handle.evaluate_handle("h => h.closest('.noUi-target')").as_element().bounding_box()
        for direction in (1, -1):
            box = handle.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            sign = direction if value < (low + high) / 2 else -direction
            target = min(max(x + sign * track["width"] / 3, track["x"] + 1), track["x"] + track["width"] - 1)
            before_sig = page.evaluate(JS_SIGNATURE, handle.element_handle())

            def drag(x=x, y=y, target=target):
                page.mouse.move(x, y)
                page.mouse.down()
                page.mouse.move(target, y, steps=8)
                page.mouse.up()

            move_and_time(page, handle, drag, "mouse drag")
            after_sig = page.evaluate(JS_SIGNATURE, handle.element_handle())
            assert after_sig["value"] != before_sig["value"], f"{name}: dragging the handle did not move the slider"
            assert (after_sig["images"], after_sig["texts"]) != (before_sig["images"], before_sig["texts"]), \
                f"{name}: the slider was dragged ({before_sig['value']} -> {after_sig['value']}) but the figure " \
                f"and readout stayed the same"

        # Timed: MOVES key presses, then MOVES steps of a held mouse (conftest.py summarises them).
        record["widget_cell"] = handle.evaluate(
            "h => h.closest('.jp-CodeCell')?.querySelector('.jp-InputArea .jp-Editor')?.textContent ?? ''")[:200]
        calm_from = time.monotonic()
        give_up = calm_from + CALM_WAIT
        while CALM_LOAD and os.getloadavg()[0] >= CALM_LOAD and time.monotonic() < give_up:
            time.sleep(2)
        record["calm_wait_s"] = round(time.monotonic() - calm_from, 1)
        record["load_before"] = os.getloadavg()[0]
        keyboard = time_keyboard(page, handle, up, down, MOVES)
        mouse = time_mouse(page, handle, MOVES)
        record["load_after"] = os.getloadavg()[0]
        record["keyboard_ms"] = [round(k["redraw_ms"], 1) for k in keyboard]
        record["keyboard_settle_ms"] = [round(k["settle_ms"], 1) for k in keyboard if k["settle_ms"] is not None]
        record["mouse_ms"] = [round(m["redraw_ms"], 1) for m in mouse]
        # Of each, the time from the new PNG reaching the <img> to its being decoded.
        record["decode_ms"] = [round(m["decode_ms"], 1) for m in keyboard + mouse if m["decode_ms"] is not None]
        # Of each, the time in the page: from the message carrying the new PNG arriving to the PNG decoded
        # (the rest, from the slider moving to that message, is the trip to the kernel and back and the update).
        record["page_ms"] = [round(m["page_ms"], 1) for m in keyboard + mouse if m["page_ms"] is not None]

        screenshots.mkdir(parents=True, exist_ok=True)
        widget = handle.evaluate_handle("h => h.closest('.jp-OutputArea-output')").as_element()
        screenshot_notebook(page, screenshots / f"{path.stem}.png", widget, screenshots / f"{path.stem}-widget.png")
        assert not page_errors, f"{name}: JavaScript errors in the page: {page_errors}"
        record["result"] = "passed"
    finally:
        record["total_s"] = round(time.perf_counter() - start, 2)
        if record["result"] != "passed":
            screenshots.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=screenshots / f"{path.stem}-FAILED.png")
            except Exception:  # the page may be gone; the failure itself is what matters
                pass
        context.close()
        lab.shutdown_kernels()   # one kernel at a time on a shared machine
