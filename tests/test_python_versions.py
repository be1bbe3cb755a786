"""What the README says about Python versions is what CI tests, what the Makefile accepts and what
pyproject.toml declares: 3.11, 3.12 and 3.13."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUPPORTED = {"3.11", "3.12", "3.13"}


def test_readme_states_the_tested_versions():
    section = (ROOT / "README.md").read_text().split("## Python versions", 1)[1].split("\n## ", 1)[0]
    assert "Supported and tested: Python 3.11, 3.12 and 3.13" in section


def test_ci_runs_every_supported_version():
    ci = (ROOT / ".ci" / "run").read_text()
    others = set(re.findall(r"^stage .*\bother_python (3\.\d+)(?:\s+\"[^\"]*\")?\s*$", ci, flags=re.M))
    assert others == SUPPORTED - {"3.11"}, f".ci/run tests {sorted(others)} besides 3.11"
    assert re.search(r"^stage .*\bmake test\s*$", ci, flags=re.M), ".ci/run must run make test (on 3.11)"


def test_makefile_accepts_exactly_the_supported_versions():
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^SUPPORTED := .*\((\d+), (\d+)\) <= sys\.version_info\[:2\] <= \((\d+), (\d+)\)", makefile,
                      flags=re.M)
    assert match, "the Makefile's SUPPORTED check is missing"
    low, high = f"{match[1]}.{match[2]}", f"{match[3]}.{match[4]}"
    assert (low, high) == ("3.11", "3.13")


def test_pyproject_declares_the_supported_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    declared = {c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if c.startswith("Programming Language :: Python :: 3.")}
    assert declared == SUPPORTED, f"pyproject.toml classifiers name {sorted(declared)}"


def test_ci_runs_strict_nbval_once_more_as_on_an_older_cpu():
    # The stored outputs were made on one machine; a second run with NumPy's AVX-512 kernels switched off
    # catches an output that depends on the CPU (a last digit, a cache size) before a learner meets it.
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r'^stage .*\bother_python 3\.\d+ "X86_V4 AVX512_ICL AVX512_SPR"\s*$', ci, flags=re.M)
    assert 'export NPY_DISABLE_CPU_FEATURES="$2"' in ci
