"""Find another Python the tests need (Colab's 3.13): pythonX.Y on the PATH, else pyenv's, as .ci/run finds it."""
import shutil
import subprocess
from pathlib import Path


def find_python(version):
    """Path of a working Python `version` ("3.13"), or None.

    A pyenv shim on the PATH may name a version pyenv does not select here ("pyenv: python3.13: command not
    found"), so every candidate is run before it is trusted.
    """
    candidates = [shutil.which(f"python{version}")]
    if shutil.which("pyenv"):
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True)
        if root.returncode == 0 and root.stdout.strip():
            candidates += sorted(Path(root.stdout.strip()).glob(f"versions/{version}.*/bin/python{version}"))
    wanted = tuple(int(part) for part in version.split("."))
    for candidate in filter(None, candidates):
        check = subprocess.run([str(candidate), "-c", f"import sys; assert sys.version_info[:2] == {wanted}"],
                               capture_output=True)
        if check.returncode == 0:
            return str(candidate)
    return None
