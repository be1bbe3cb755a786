"""The live widgets in an ipywidgets-7 front end, as on Colab: classic Notebook 6.5.7 + widgetsnbextension 3.6.10.

Colab ships ipywidgets 7.7.1 and shows ipywidgets-7 models with a front end of its own (../shared/colab/README.md);
the nearest one we can run is the classic Notebook with widgetsnbextension 3.6.10, the versions Colab pins. The
server and kernel run in a Python 3.13 venv built from Colab's pins (build/colab-venv, made here when missing),
with this checkout's src/ first on the kernel's path. For each notebook in NOTEBOOKS, a copy of its student
edition cut after its first live widget (no exercise comes before it) is opened and Cell > Run All is run; the
test fails on any error output, on a widget shown only as its text or an error, and then moves the widget's
first slider with the keyboard: its handle must be named (ARIA_JS, from the control's ``tooltip=``) and the
widget's picture (a ``data:`` URL, PNGImage's format "url") must change. Timings are not asserted.

Against another source tree (an older commit's src/, say): SOFTMAXLAB_COLAB_SRC=/path/to/src.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for _pythons
from _pythons import find_python  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PINS = ROOT.parent / "shared" / "colab" / "pins.txt"  # Colab's own pip freeze, for the packages that matter
VENV = ROOT / "build" / "colab-venv"
SRC = Path(os.environ.get("SOFTMAXLAB_COLAB_SRC", ROOT / "src"))
NOTEBOOKS = ["01-softmax.ipynb", "15-sampling.ipynb"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RUN_TIMEOUT = 240     # s: the cut notebook, Run All, on a loaded 2-core machine; fail, never hang
STEP_TIMEOUT = 60     # s: any one step in the page (a view appears, a key press gives a new picture...)
# What a learner sees instead of a widget: its text repr, or the widget manager's message.
TEXT_FALLBACK = re.compile(r"^\s*[A-Za-z_][\w.]*\((children|value|description|layout|options|index)=")
WIDGET_TROUBLE = re.compile(r"Error displaying widget|Failed to display Jupyter Widget|Loading widget|"
                            r"Javascript error adding output|widget could not be displayed", re.I)
CHECK_VENV = ("import sys, ipywidgets, notebook, widgetsnbextension; "
              "print(sys.version_info[:2] == (3, 13) and ipywidgets.__version__ == '7.7.1' "
              "and notebook.__version__ == '6.5.7' and widgetsnbextension.__version__ == '3.6.10')")

# In the page: every code cell's prompt number and outputs, and whether the kernel is busy.
JS_STATE = """() => ({
  busy: !Jupyter.notebook.kernel || !Jupyter.notebook.kernel.is_connected() ||
        document.querySelector('#kernel_indicator_icon')?.classList.contains('kernel_busy_icon'),
  prompts: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').map(c => c.input_prompt_number ?? null),
  errors: [...document.querySelectorAll('.output_error, .output_stderr')].map(e => e.textContent.slice(0, 500)),
  texts: [...document.querySelectorAll('.output_subarea')].map(e => e.textContent.slice(0, 300)),
  views: document.querySelectorAll('.output_subarea .jupyter-widgets').length,
})"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(log, lines=40):
    try:
        return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def venv_ok(python):
    result = subprocess.run([str(python), "-c", CHECK_VENV], capture_output=True, text=True, timeout=120)
    return result.returncode == 0 and result.stdout.strip().endswith("True")


@pytest.fixture(scope="session")
def colab_venv_python():
    """build/colab-venv's python (Colab's pins, Python 3.13): reused when it has them, else built."""
    python = VENV / "bin" / "python"
    if python.exists() and venv_ok(python):
        return python
    if not PINS.is_file():
        pytest.skip(f"the ipywidgets-7 browser test needs Colab's package list at {PINS} (the workplace's shared/)")
    base = find_python("3.13")
    if base is None:
        pytest.skip("the ipywidgets-7 browser test needs Python 3.13, Colab's version (pyenv install 3.13)")
    if VENV.exists():
        pytest.fail(f"{VENV} exists but lacks Colab's pins (Python 3.13, ipywidgets 7.7.1, notebook 6.5.7, "
                    f"widgetsnbextension 3.6.10): remove it and run again")
    try:
        subprocess.run([base, "-m", "venv", str(VENV)], check=True, capture_output=True, text=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r",
                        str(PINS)], check=True, capture_output=True, text=True, timeout=1800)
    except subprocess.CalledProcessError as error:
        shutil.rmtree(VENV, ignore_errors=True)  # no half-built venv for the next run to trip on
        pytest.fail(f"building {VENV} from {PINS} failed (pip needs PyPI):\n{(error.stderr or '')[-2000:]}")
    assert venv_ok(python), f"{VENV} was built from {PINS} but does not have Colab's versions"
    return python


def cut_copy(name, dest):
    """The student edition of `name` up to its first live widget, outputs cleared, written to dest/name."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)  # the complete edition says which cell shows one
    first = next(c.id for c in nb.cells if c.cell_type == "code"
                 and any(WIDGET_MIME in o.get("data", {}) for o in c.get("outputs", [])))
    student = nbformat.read(ROOT / "student" / name, as_version=4)
    ids = [c.id for c in student.cells]
    assert first in ids, f"student/{name} lacks the widget cell {first} of notebooks/{name}"
    student.cells = student.cells[:ids.index(first) + 1]
    for cell in student.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(student, dest / name)


@pytest.fixture(scope="session")
def classic(colab_venv_python, tmp_path_factory):
    """The classic Notebook server of the Colab venv on 127.0.0.1 (random token), serving the cut copies."""
    base = tmp_path_factory.mktemp("classic")
    root = base / "root"
    root.mkdir()
    for name in NOTEBOOKS:
        cut_copy(name, root)
    token, port = secrets.token_hex(24), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
               JUPYTER_DATA_DIR=str(base / "data"), IPYTHONDIR=str(base / "ipython"), PYTHONPATH=str(SRC),
               PYTHONUNBUFFERED="1", MPLBACKEND="agg")
    cmd = [str(colab_venv_python), "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--NotebookApp.port_retries=0", f"--NotebookApp.token={token}", f"--NotebookApp.notebook_dir={root}"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    log_path = base / "notebook.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def answers():
        req = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                return resp.status == 200
        except (OSError, urllib.error.URLError):
            return False

    deadline = time.monotonic() + 120
    try:
        while not answers():
            if proc.poll() is not None:
                pytest.fail(f"the Notebook server exited with code {proc.returncode}:\n{log_tail(log_path)}")
            if time.monotonic() > deadline:
                pytest.fail(f"the Notebook server did not answer on {url} within 120 s:\n{log_tail(log_path)}")
            time.sleep(0.5)
        yield {"url": url, "token": token, "log": log_path}
    finally:
        proc.terminate()  # Notebook 6 stops its kernels on SIGTERM
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # our own process group: the server and its kernels
            proc.wait(timeout=10)
        log.close()


def wait_for(page, predicate, timeout, what, log):
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(JS_STATE)
        if predicate(state):
            return state
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout} s; page state: {json.dumps(state)[:2000]}\n"
                        f"server log:\n{log_tail(log)}")
        time.sleep(0.25)


def wait_js(page, script, arg, what):
    """Wait until `script` (a function of `arg`) is true in the page; fail saying `what` did not happen."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(script, arg=arg, timeout=STEP_TIMEOUT * 1000)
    except PlaywrightTimeout:
        pytest.fail(f"{what} within {STEP_TIMEOUT} s; page state: {json.dumps(page.evaluate(JS_STATE))[:2000]}; "
                    f"console: {getattr(page, 'softmaxlab_log', [])}")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_widget_redraws_in_ipywidgets7_front_end(name, browser, classic):  # browser first: no Chromium, no server
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page_errors, page.softmaxlab_log = [], []  # uncaught errors fail the test; the console is only reported
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("console", lambda msg: msg.type in ("error", "warning") and page.softmaxlab_log.append(f"console {msg.type}: {msg.text}"))
    try:
        page.goto(f"{classic['url']}/notebooks/{name}?token={classic['token']}", timeout=60_000)
        # widgetsnbextension gives the kernel its widget manager once both are loaded: cells run before that
        # would show their widgets as text.
        wait_js(page, "() => window.Jupyter?.notebook?.kernel?.is_connected?.() && Jupyter.notebook.kernel.widget_manager",
                None, f"{name}: no kernel with a widget manager")
        wait_for(page, lambda s: not s["busy"], 120, "the kernel was not idle", classic["log"])
        # The new manager first asks the kernel for its widgets (a "jupyter.widget.control" comm, which a kernel
        # without ipywidgets imported closes, then a comm_info request) and then re-renders every widget output.
        # Cells run before that answer is back lose their views now and then (in 4 of 10 runs here), which
        # Notebook 6 shows only to a learner who runs a cell within a second of opening the notebook. So let two
        # comm_info round trips, queued behind the manager's own requests, finish first.
        page.evaluate("""async () => { for (let i = 0; i < 2; i++)
            await new Promise(done => Jupyter.notebook.kernel.comm_info('jupyter.widget', done)); }""")
        time.sleep(1)
        page.evaluate("() => Jupyter.notebook.execute_all_cells()")
        state = wait_for(page, lambda s: not s["busy"] and all(isinstance(p, int) for p in s["prompts"]) or s["errors"],
                         RUN_TIMEOUT, "Run All did not finish", classic["log"])
        assert not state["errors"], f"{name}: error output after Run All:\n" + "\n---\n".join(state["errors"])
        # The widget manager renders a view after the kernel is idle: wait for the slider.
        wait_js(page, "() => document.querySelector('.output_subarea .widget-slider .ui-slider-handle')", None,
                f"{name}: no ipywidgets-7 slider (jQuery UI handle) was shown")
        state = page.evaluate(JS_STATE)
        trouble = [t for t in state["texts"] if TEXT_FALLBACK.match(t) or WIDGET_TROUBLE.search(t)]
        assert not trouble, f"{name}: a widget shows its text or an error instead of its view: {trouble}"

        # The first slider is a jQuery UI slider (ipywidgets 7's front end), named from its control's tooltip.
        handle = page.locator(".output_subarea .widget-slider .ui-slider-handle").first
        box = handle.locator("xpath=ancestor::*[contains(concat(' ', @class, ' '), ' widget-slider ')][1]")
        label = box.locator(":scope > .widget-label")
        title, shown = label.get_attribute("title"), label.text_content().strip()
        assert title and title != shown, (
            f"{name}: the first slider's label has title {title!r} beside its text {shown!r}: its control's "
            f"tooltip= did not reach ipywidgets 7 (description_tooltip)")
        wait_js(page, "h => h.getAttribute('aria-label')", handle.element_handle(),
                f"{name}: ARIA_JS gave the slider handle no aria-label")
        assert handle.get_attribute("aria-label") == title, f"{name}: the slider handle is not named {title!r}"
        assert handle.get_attribute("role") == "slider"
        readout = box.locator(".widget-readout").text_content().strip()
        assert handle.get_attribute("aria-valuetext") == readout
        assert float(handle.get_attribute("aria-valuenow")) == float(readout)

        # The widget's picture: the <img> of the same widget output as the slider.
        output = handle.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' output_subarea ')][1]")
        image = output.locator("img.widget-image").first
        before = image.get_attribute("src")
        assert before.startswith("data:image/png;base64,"), f"{name}: the picture is not a data: URL: {before[:60]!r}"
        value = handle.get_attribute("aria-valuetext")
        handle.focus()
        page.keyboard.press("ArrowRight" if handle.evaluate("h => parseFloat(h.style.left) < 99") else "ArrowLeft")
        wait_js(page, "([img, src]) => img.getAttribute('src') !== src", [image.element_handle(), before],
                f"{name}: the picture did not change after a key press on the slider")
        after = image.get_attribute("src")
        assert after.startswith("data:image/png;base64,") and after != before
        size = image.evaluate("img => img.decode().then(() => [img.naturalWidth, img.naturalHeight])")
        assert min(size) > 0, f"{name}: the new picture does not decode: {size}"
        wait_js(page, "([h, v]) => h.getAttribute('aria-valuetext') !== v", [handle.element_handle(), value],
                f"{name}: the handle's aria-valuetext did not follow the readout")
        state = page.evaluate(JS_STATE)
        assert not state["errors"], f"{name}: error output after the slider moved:\n" + "\n---\n".join(state["errors"])
        trouble = [t for t in state["texts"] if TEXT_FALLBACK.match(t) or WIDGET_TROUBLE.search(t)]
        assert not trouble, f"{name}: a widget shows its text or an error after the move: {trouble}"
        assert not page_errors, f"{name}: uncaught errors in the page: {page_errors}"
    finally:
        try:
            page.evaluate("() => Jupyter.notebook.kernel.kill()")
        except Exception:
            pass  # the page or kernel is already gone
        context.close()
