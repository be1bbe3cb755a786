"""Size of the learner's venv (issue 28: `make lab` <= 350 MB), and of the test venv for comparison.

Builds a fresh venv in a temporary folder with the interpreter running this script's base Python, installs
``requirements.txt`` as `make lab` does (``pip install -r requirements.txt``, run from the project folder so
``-e .`` is the course package), and measures it just after the install (before any notebook has run, so no
``__pycache__`` of the notebooks' imports beyond what pip compiles): the sum of the sizes of its files (symlinks
counted as links, not followed), ``du``'s apparent size, and the disk usage ``du`` reports. Then, per installed
distribution, the size of the files its ``RECORD`` lists: where the space goes. The same again with
``requirements-test.txt`` (what `make test` adds). Needs pip to reach the packages (an index or wheels on disk).

    python benchmarks/bench_venv.py                          # both files
    python benchmarks/bench_venv.py requirements.txt         # only the learner's
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MB = 350  # decimal megabytes, as issue 28 writes it (350 MB = 333.8 MiB)
MIB, MB = 2**20, 10**6
_PER_DIST = """
import json, os
from importlib import metadata
sizes = {}
for dist in metadata.distributions():
    total = 0
    for f in dist.files or ():
        path = dist.locate_file(f)
        if os.path.isfile(path) and not os.path.islink(path):
            total += os.lstat(path).st_size
    name = dist.metadata["Name"]
    sizes[name] = sizes.get(name, 0) + total
print(json.dumps(sizes))
"""


def _base_python():
    """The interpreter a learner's `python3 -m venv` would use: the base of this venv, if we run in one."""
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    return str(base) if base.exists() else sys.executable


def tree_bytes(folder):
    """(all, bytecode): sums of the sizes of the regular files under `folder`, and of its ``*.pyc`` files.

    Symlinks are not followed and not counted.
    """
    total = pyc = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                size = os.lstat(path).st_size
                total += size
                pyc += size if name.endswith(".pyc") else 0
    return total, pyc


def du_bytes(folder, apparent):
    flags = ["-s", "-B1"] + (["--apparent-size"] if apparent else [])
    out = subprocess.run(["du", *flags, str(folder)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def measure(requirements, top=12):
    """Build a venv from `requirements` (a path relative to the project) and return its sizes."""
    with tempfile.TemporaryDirectory(prefix="bench-venv-") as tmp:
        venv = Path(tmp) / "venv"
        started = time.monotonic()
        subprocess.run([_base_python(), "-m", "venv", str(venv)], check=True)
        python = venv / "bin" / "python"
        install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                  "--no-cache-dir", "-r", str(requirements)], cwd=ROOT, capture_output=True, text=True)
        if install.returncode != 0:
            return {"requirements": str(requirements), "error": f"pip install failed: {install.stderr.strip()[-500:]}"}
        seconds = time.monotonic() - started
        files, pyc = tree_bytes(venv)
        per_dist = json.loads(subprocess.run([str(python), "-c", _PER_DIST], capture_output=True, text=True,
                                             check=True).stdout)
        ranked = sorted(per_dist.items(), key=lambda kv: -kv[1])
        return {"requirements": str(requirements), "python": subprocess.run(
                    [str(python), "-c", "import platform; print(platform.python_version())"],
                    capture_output=True, text=True, check=True).stdout.strip(),
                "files_bytes": files, "pyc_bytes": pyc, "du_apparent_bytes": du_bytes(venv, apparent=True),
                "du_disk_bytes": du_bytes(venv, apparent=False), "distributions": len(per_dist),
                "top": ranked[:top], "rest_bytes": sum(size for _name, size in ranked[top:]),
                "unlisted_bytes": files - sum(per_dist.values()), "install_s": seconds}


def format_row(r):
    if "error" in r:
        return f"{r['requirements']}: {r['error']}"
    verdict = ""
    if Path(r["requirements"]).name == "requirements.txt":
        verdict = (f" ({'within' if r['files_bytes'] <= BUDGET_MB * MB else 'OVER'} the {BUDGET_MB} MB budget)")
    top = ", ".join(f"{name} {size / MIB:.0f}" for name, size in r["top"])
    return (f"{r['requirements']}: {r['files_bytes'] / MIB:.0f} MiB = {r['files_bytes'] / MB:.0f} MB of files, "
            f"du apparent {r['du_apparent_bytes'] / MIB:.0f} MiB, on disk {r['du_disk_bytes'] / MIB:.0f} MiB{verdict}; "
            f"{r['distributions']} distributions, of which bytecode (*.pyc) {r['pyc_bytes'] / MIB:.0f} MiB; "
            f"largest (MiB): {top}")


def run(files=("requirements.txt", "requirements-test.txt")):
    """Measure a fresh venv per requirements file; print one line each; return the rows."""
    rows = []
    for name in files:
        row = measure(Path(name))
        print(format_row(row), flush=True)
        rows.append(row)
    return {"budget_mb": BUDGET_MB, "rows": rows}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", nargs="*", default=["requirements.txt", "requirements-test.txt"])
    args = parser.parse_args(argv)
    result = run(args.requirements)
    learner = [r for r in result["rows"] if Path(r["requirements"]).name == "requirements.txt" and "error" not in r]
    return 0 if all(r["files_bytes"] <= BUDGET_MB * MB for r in learner) else 1


if __name__ == "__main__":
    sys.exit(main())
