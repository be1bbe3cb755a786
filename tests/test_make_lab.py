"""`make lab` as a new user meets it: a path with spaces, a taken port, a broken or wrong-Python
.venv, and other users of a shared machine who can read every command line with `ps`.

Each test copies the Makefile, the launcher and one notebook into a temporary folder whose name has
spaces. Tests that start JupyterLab reuse this repository's .venv (VENV=...; the copied
requirements.txt and pyproject.toml are dated 1970 so that make sees nothing to reinstall).
The .venv tests use fake interpreters, so that nothing is installed.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def repo(tmp_path):
    """A minimal copy of the repository in a folder whose path has spaces."""
    folder = tmp_path / "my course copy" / "soft max lab"
    (folder / "tools").mkdir(parents=True)
    (folder / "notebooks").mkdir()
    (folder / "student").mkdir()
    for name in ("Makefile", "requirements.txt", "requirements-test.txt", "pyproject.toml", "tools/run_lab.py"):
        shutil.copyfile(ROOT / name, folder / name)
    for name in ("requirements.txt", "requirements-test.txt", "pyproject.toml"):
        os.utime(folder / name, (0, 0))
    shutil.copyfile(ROOT / "notebooks" / "00-welcome.ipynb", folder / "notebooks" / "00-welcome.ipynb")
    shutil.copyfile(ROOT / "notebooks" / "00-welcome.ipynb", folder / "student" / "00-welcome.ipynb")
    return folder


def fake_python(path, version):
    """An executable that answers `--version` like a Python of `version` and fails everything else."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Python {version}"; exit 0; fi\n'
                    'exit 1\n')
    path.chmod(0o755)
    return path


def make(repo, *args, timeout=60):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=repo, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def group_cmdlines(pgid):
    """Command lines of every process in process group `pgid` (what `ps` shows to any user)."""
    lines = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) == pgid:
                lines.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, ProcessLookupError):
            continue
    return lines


def test_lab_from_a_path_with_spaces_prints_a_working_url_and_hides_the_token(repo):
    port = free_port()
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"PORT={port}", f"VENV={VENV}"], cwd=repo,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    seen = []
    try:
        deadline = time.monotonic() + 150
        url = None
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            seen.append(line)
            match = re.search(r"Open the course at: (\S+)", line)
            url = match.group(1) if match else None
        assert url, "no URL printed:\n" + "".join(seen[-30:])
        assert url.startswith(f"http://127.0.0.1:{port}/lab/tree/notebooks/00-welcome.ipynb?token=")
        token = url.rsplit("token=", 1)[1]
        with urllib.request.urlopen(url, timeout=30) as page:
            assert page.status == 200
        contents = f"http://127.0.0.1:{port}/api/contents/notebooks/00-welcome.ipynb?token={token}&content=0"
        with urllib.request.urlopen(contents, timeout=30) as answer:
            assert answer.status == 200, "the server does not serve the notebook of the copied repository"
        cmdlines = group_cmdlines(os.getpgid(proc.pid))
        assert any("jupyterlab" in line for line in cmdlines), cmdlines
        assert not [line for line in cmdlines if token in line], "the token is visible on a command line"
    finally:
        os.killpg(os.getpgid(proc.pid), signal.SIGTERM)  # our own session: make, the launcher, the server
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(os.getpgid(proc.pid), signal.SIGKILL)
            proc.wait(timeout=10)


def test_lab_with_the_port_taken_says_so_and_prints_no_url(repo):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = make(repo, "lab", f"PORT={port}", f"VENV={VENV}")
    assert result.returncode != 0
    assert f"Port {port} is already in use" in result.stderr
    assert "PORT=" in result.stderr, "the message must say how to choose another port"
    assert "Open the course at" not in result.stdout


def test_lab_student_opens_the_learners_own_copy_of_the_student_edition():
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "lab-student"], capture_output=True, text=True,
                         check=True).stdout
    assert "tools/learner_copy.py" in dry and "tools/run_lab.py" in dry and "my-work/00-welcome.ipynb" in dry
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "my-work/01-softmax.ipynb"])
    assert ignored.returncode == 0, "my-work/ must be git-ignored: a git pull must never touch a learner's answers"


def test_broken_venv_is_detected_and_removed(repo):
    venv = repo / ".venv"
    fake_python(venv / "bin" / "python", "3.11.7")  # a python that no longer runs anything
    old = fake_python(repo / "old" / "python3", "3.10.13")
    result = make(repo, "venv", f"PYTHON={old}")
    assert result.returncode != 0
    assert ".venv is unusable" in result.stdout
    assert not venv.exists(), "the broken .venv must be removed so that it is built again"
    assert "needs Python 3.11, 3.12 or 3.13" in result.stdout and "Python 3.10.13" in result.stdout
    assert "PYTHON=python3.12" in result.stdout


def test_venv_of_another_python_is_detected(repo, tmp_path):
    pyenv = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() if shutil.which("pyenv") \
        else ""
    python310 = Path(pyenv) / "versions" / "3.10.13" / "bin" / "python3"
    if not python310.exists():
        pytest.fail(f"this test builds a Python 3.10 venv with {python310} (pyenv install 3.10.13)")
    subprocess.run([str(python310), "-m", "venv", "--without-pip", str(repo / ".venv")], check=True)
    (repo / ".venv" / ".installed").touch()  # even a .venv that claims to be complete
    old = fake_python(repo / "old" / "python3", "3.9.18")
    result = make(repo, "venv", f"PYTHON={old}")
    assert result.returncode != 0
    assert ".venv is unusable (Python 3.10.13)" in result.stdout
    assert not (repo / ".venv").exists()


def test_a_good_venv_is_reused_without_reinstalling(repo):
    result = make(repo, "-n", "venv", f"VENV={VENV}")
    assert result.returncode == 0
    assert "pip install" not in result.stdout and "venv-rebuild" not in result.stdout, result.stdout
