"""Start JupyterLab on one notebook of the course and print the URL that opens it (`make lab`).

    python tools/run_lab.py [--port 8888] notebooks/00-welcome.ipynb

- The token is fresh for every run and is handed to Jupyter in the environment (JUPYTER_TOKEN), so
  it never appears on a command line that other users of the machine can read with `ps`.
- If the port is taken, the script says so and stops: Jupyter is told not to move to another port
  (``port_retries=0``), so the URL printed is always that of this server.
- The URL is printed once the server answers, from the port it really listens on.
- Paths are passed as single arguments (no shell), so a repository path with spaces works.
"""
import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]


def port_is_free(port, host="127.0.0.1"):
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def answers(url, token, timeout=2):
    request = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return True
    except (OSError, urllib.error.URLError):
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebook", type=Path, help="notebook to open, relative to the repository")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--wait", type=float, default=120, help="seconds to wait for the server to answer")
    args = parser.parse_args(argv)

    if not (ROOT / args.notebook).is_file():
        print(f"{args.notebook} does not exist in {ROOT}.", file=sys.stderr)
        return 2
    if not port_is_free(args.port):
        print(f"Port {args.port} is already in use (another JupyterLab, or another program).\n"
              f"Stop it, or choose another port: PORT={args.port + 1} make lab", file=sys.stderr)
        return 2

    token = secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_TOKEN=token)
    path = args.notebook.as_posix()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={args.port}",
           "--ServerApp.port_retries=0", f"--ServerApp.root_dir={ROOT}", f"--ServerApp.default_url=/lab/tree/{path}"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")  # Jupyter refuses root unless told; CI and containers often are root
    server = subprocess.Popen(cmd, env=env, cwd=ROOT)
    # Ctrl-C reaches the server too (same process group) and Jupyter handles it (it asks, then stops);
    # this script only waits for the server to end.
    interrupted = []
    signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    url = f"http://127.0.0.1:{args.port}"
    deadline = time.monotonic() + args.wait
    while not answers(url, token):
        if server.poll() is not None:
            print(f"JupyterLab stopped with code {server.returncode} before answering (see its messages above).",
                  file=sys.stderr)
            return server.returncode or 1
        if time.monotonic() > deadline:
            print(f"JupyterLab did not answer on {url} within {args.wait:g} s; stopping it.", file=sys.stderr)
            server.terminate()
            server.wait(timeout=30)
            return 1
        time.sleep(0.3)
    print(f"\n  Open the course at: {url}/lab/tree/{quote(path)}?token={token}\n", flush=True)
    code = server.wait()
    return 0 if interrupted else code  # stopped with Ctrl-C: a normal end, not an error for make


if __name__ == "__main__":
    sys.exit(main())
