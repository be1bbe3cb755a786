"""binder/ (what repo2docker reads) stays in step with the root requirements."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(path):
    lines = [line.strip() for line in path.read_text().splitlines()]
    return {line for line in lines if line and not line.startswith("#")}


def test_binder_pins_are_the_root_pins():
    root, binder = pins(ROOT / "requirements.txt"), pins(ROOT / "binder" / "requirements.txt")
    assert binder <= root, f"binder pins not in requirements.txt: {binder - root}"
    for needed in ("numpy", "matplotlib", "ipywidgets", "jupyterlab", "nbval", "pytest", "-e ."):
        assert any(p.startswith(needed) for p in binder), f"binder/requirements.txt lacks {needed}"
    assert all("==" in p for p in binder - {"-e ."}), "every binder requirement must be pinned with =="


def test_binder_python_version():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
