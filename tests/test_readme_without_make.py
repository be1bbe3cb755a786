"""The README's path without make (for Windows, or a machine with no make) works as written, on Linux.

The lines of the README block marked ``<!-- without-make -->`` are run, unchanged, in a copy of the
repository: a venv, the learner's requirements, then JupyterLab, which must answer on its port and
serve the first notebook. Only Jupyter's own configuration is added, through JUPYTER_CONFIG_DIR: a port,
a token, no browser, and (when the test runs as root, as CI does) --allow-root.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEEP = ["README.md", "requirements.txt", "pyproject.toml", "LICENSE", "src", "notebooks"]


def readme_lines():
    text = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- without-make -->\s*```bash\n(.*?)```", text, re.S)
    assert block, "README.md has no block marked <!-- without-make -->"
    return [line for line in block.group(1).splitlines() if line.strip()]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_block_is_three_commands_a_learner_can_type():
    lines = readme_lines()
    assert len(lines) == 3 and lines[0].startswith("python3 -m venv") and "jupyterlab" in lines[-1]
    assert "requirements.txt" in lines[1] and "requirements-test" not in lines[1]


def test_readme_without_make_runs_as_written(tmp_path):
    copy = tmp_path / "softmaxlab"
    copy.mkdir()
    for name in KEEP:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(
            ROOT / name, copy / name, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                         if (ROOT / name).is_dir() else {}))
    *install, start = readme_lines()
    for line in install:
        result = subprocess.run(["bash", "-c", line], cwd=copy, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, f"`{line}` failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"

    port, token = free_port(), "readme-test-token"
    config = tmp_path / "jupyter-config"
    config.mkdir()
    server = {"open_browser": False, "port": port, "port_retries": 0, "ip": "127.0.0.1"}
    if os.getuid() == 0:
        server["allow_root"] = True
    (config / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": server,
                                                                    "IdentityProvider": {"token": token}}))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config))
    proc = subprocess.Popen(["bash", "-c", start], cwd=copy, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        # Given a notebook, JupyterLab serves its folder (notebooks/) and opens the notebook in it.
        url = f"http://127.0.0.1:{port}/api/contents/00-welcome.ipynb?token={token}&content=0"
        deadline, answered = time.monotonic() + 120, None
        while answered is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as page:
                    answered = page.status
            except OSError:
                time.sleep(0.5)
        assert answered == 200, f"JupyterLab did not serve the notebook (exit code {proc.poll()})"
    finally:
        size = sum(f.stat().st_size for f in (copy / ".venv").rglob("*") if f.is_file() and not f.is_symlink())
        print(f"the learner's .venv: {size / 2**20:.0f} MiB")
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
