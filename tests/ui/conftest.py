"""Fixtures for the browser test: one JupyterLab server and one headless Chromium per session.

The server serves a temporary copy of notebooks/ (outputs cleared, so every output on screen
was produced in this run, and autosave never touches the repository) on 127.0.0.1 with a
random token. Chromium is Debian's (/usr/bin/chromium), driven by Python Playwright; we never
download a browser. Per-notebook timings go to build/ui-timings.json and the terminal summary.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
SCREENSHOTS = BUILD / "screenshots"
TIMINGS = BUILD / "ui-timings.json"
SERVER_LOG = BUILD / "ui-jupyterlab.log"  # copy of the last session's server log

CHROMIUM = os.environ.get("SOFTMAXLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
INSTALL_HINT = ("the browser test needs Debian's Chromium at {path}: install it with "
                "`sudo apt-get install chromium` (Debian/Ubuntu; .ci/run does this in CI), "
                "or point SOFTMAXLAB_CHROMIUM at another Chromium binary (the test does not use the "
                "browsers `playwright install` downloads).")

# JupyterLab settings for a quiet, predictable page: no news or update pop-ups. Windowing is JupyterLab's
# default, "contentVisibility", as a learner has it: every cell stays in the DOM (so the whole notebook can be
# screenshotted in a tall viewport), and the browser skips laying out and painting the cells off screen.
# ("none", used before, lays out and paints every cell on every frame: each slider move cost the page about
# 2 ms more per frame, so the timings were slower than a learner's.)
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "contentVisibility"},
}

RESULTS = {}  # notebook name -> timings and notes, filled by the test


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_copy(dest):
    """Copy notebooks/ to dest/notebooks with outputs and execution counts cleared."""
    shutil.copytree(ROOT / "notebooks", dest / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    for path in (dest / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, path)


class Lab:
    """A running JupyterLab server: base URL, token, the served directory."""

    def __init__(self, url, token, root, proc):
        self.url, self.token, self.root, self.proc = url, token, root, proc

    def api(self, path, method="GET", timeout=10):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def notebook_url(self, name):
        """A workspace of its own per notebook, reset: no tabs restored from an earlier page."""
        workspace = "ui-" + Path(name).stem
        return f"{self.url}/lab/workspaces/{workspace}/tree/notebooks/{name}?token={self.token}&reset"

    def kernel_state(self, name):
        """execution_state of the kernel of notebooks/<name> ('starting', 'idle', 'busy'), or None."""
        for session in self.api("/api/sessions"):
            if session["path"] == f"notebooks/{name}" and session.get("kernel"):
                return session["kernel"].get("execution_state")
        return None

    def shutdown_kernels(self):
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


def log_tail(log, lines=40):
    try:
        return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if path is None:
        pytest.skip(INSTALL_HINT.format(path=CHROMIUM))
    return path


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a random token, serving a fresh copy of notebooks/."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "root"
    root.mkdir()
    fresh_copy(root)
    settings = base / "user-settings"
    for name, value in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    token = secrets.token_hex(24)
    port = free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(base / "runtime"), JUPYTER_CONFIG_DIR=str(base / "config"),
               JUPYTER_PLATFORM_DIRS="1", PYTHONUNBUFFERED="1")
    # The server runs on this interpreter (the venv), so the python3 kernel is the venv too:
    # jupyter_client replaces the kernelspec's bare "python" with sys.executable.
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", "--ServerApp.open_browser=False",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={base / 'workspaces'}"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    log_path = base / "jupyterlab.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    server = Lab(f"http://127.0.0.1:{port}", token, root, proc)

    def stop():
        try:
            server.api("/api/shutdown", method="POST")
        except (OSError, urllib.error.URLError):
            proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # our own process group: the server and its kernels
            proc.wait(timeout=10)
        log.close()
        BUILD.mkdir(exist_ok=True)
        shutil.copyfile(log_path, SERVER_LOG)

    deadline = time.monotonic() + 180
    while True:
        if proc.poll() is not None:
            log.close()
            pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n{log_tail(log_path)}")
        try:
            server.api("/api/status", timeout=5)
            break
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                stop()
                pytest.fail(f"JupyterLab did not answer on {server.url} within 180 s:\n{log_tail(log_path)}")
            time.sleep(0.5)
    try:
        spec = server.api("/api/kernelspecs")["kernelspecs"]["python3"]["spec"]
        assert spec["argv"][0] in ("python", "python3", sys.executable), \
            f"the python3 kernel would not run in this venv: {spec['argv']}"
        yield server
    finally:
        stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (requirements.txt)")
    with sync_api.sync_playwright() as pw:
        # launch() gives the browser a fresh temporary profile (--user-data-dir) and removes it after.
        chromium = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS,
                                      timeout=120_000)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def ui_results():
    """Per-notebook timings and notes; written to build/ui-timings.json at the end of the session."""
    return RESULTS


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def p95(values):
    """The 95th percentile, nearest rank (of 20 values: the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def stats(values):
    """median, p95 and n of a list of milliseconds (None when empty)."""
    return {"median": statistics.median(values), "p95": p95(values), "n": len(values)} if values else None


def widget_name(cell):
    """The widget class a cell builds ("w = SoftmaxExplorer()" -> "SoftmaxExplorer"), or the cell's start."""
    match = re.search(r"\b([A-Z][A-Za-z0-9]+)\(", cell or "")
    return match.group(1) if match else (cell or "").strip()[:40]


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    BUILD.mkdir(exist_ok=True)
    rows = dict(sorted(RESULTS.items()))
    for r in rows.values():
        r["widget"] = widget_name(r.get("widget_cell"))
        r["keyboard"], r["mouse"] = stats(r.get("keyboard_ms", [])), stats(r.get("mouse_ms", []))
        r["decode"], r["page"] = stats(r.get("decode_ms", [])), stats(r.get("page_ms", []))
    key_ms = [ms for r in rows.values() for ms in r.get("keyboard_ms", [])]
    mouse_ms = [ms for r in rows.values() for ms in r.get("mouse_ms", [])]
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_end": os.getloadavg(),
        "total_s": round(sum(r.get("total_s", 0) for r in rows.values()), 1),
        "notebooks": rows,
        "median_keyboard_ms": statistics.median(key_ms) if key_ms else None,
        "median_mouse_ms": statistics.median(mouse_ms) if mouse_ms else None,
    }
    TIMINGS.write_text(json.dumps(summary, indent=1) + "\n")

    def fmt(values):
        return f"{statistics.median(values):.0f}" if values else "-"

    def fmt95(values):
        return f"{p95(values):.0f}" if values else "-"

    write = terminalreporter.write_line
    terminalreporter.section("browser test: per-notebook timings")
    write("open: page load + kernel start; run: Run All Cells; key/mouse: median and p95 slider-to-redraw (ms) over")
    write("n timed moves; settle: key release to the last redraw (ms); scale: shown width / PNG width; load: 1-min")
    write(f"{'notebook':38} {'total s':>7} {'open s':>6} {'run s':>6} {'key':>5} {'p95':>4} {'mouse':>5} {'p95':>4}"
          f" {'n':>5} {'settle':>6} {'scale':>5} {'back':>4} {'load':>4}  result")
    for name, r in rows.items():
        scale = max(r.get("image_scale") or [0]) or None
        back = {True: "same", False: "diff"}.get(r.get("reversible"), "-")
        key, mouse = r.get("keyboard_ms", []), r.get("mouse_ms", [])
        load = r.get("load_before")
        write(f"{name:38} {r.get('total_s', 0):7.1f} {r.get('open_s', 0):6.1f} {r.get('run_all_s', 0):6.1f}"
              f" {fmt(key):>5} {fmt95(key):>4} {fmt(mouse):>5} {fmt95(mouse):>4} {f'{len(key)}/{len(mouse)}':>5}"
              f" {fmt(r.get('keyboard_settle_ms', [])):>6}"
              f" {f'{scale:.2f}' if scale else '-':>5} {back:>4} {f'{load:.1f}' if load is not None else '-':>4}"
              f"  {r.get('result', '?')}")
    total = sum(r.get("total_s", 0) for r in rows.values())
    write(f"{len(rows)} notebook(s) in {total:.0f} s; slider-to-redraw median over all notebooks: "
          f"keyboard {fmt(key_ms)} ms, mouse {fmt(mouse_ms)} ms")
    write(f"details: {TIMINGS.relative_to(ROOT)}; screenshots: {SCREENSHOTS.relative_to(ROOT)}/")
