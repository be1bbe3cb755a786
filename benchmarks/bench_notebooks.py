"""(a) Strict nbval time of every notebook, and of the whole course.

Runs ONE pytest process over notebooks/*.ipynb with the Makefile's NBVAL flags (as
`make test` does), times it from outside (the total), and reads the time of each cell
from a JUnit XML report (per notebook: the sum over its cells; the first cell's time
includes starting the kernel). It also reports the CPU time that pytest and its kernels
used: on a busy machine the wall clock grows with the load, the CPU time much less.

    python benchmarks/bench_notebooks.py [--nbval-flags "--nbval --nbval-current-env ..."]
"""
import argparse
import re
import resource
import shlex
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def makefile_nbval_flags():
    """The NBVAL flags as the Makefile defines them, so both always time the same thing."""
    match = re.search(r"^NBVAL\s*:?=\s*(.+)$", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)
    return shlex.split(match.group(1))


def run(nbval_flags=None, junit=ROOT / "build" / "benchmarks" / "nbval.xml"):
    flags = makefile_nbval_flags() if nbval_flags is None else shlex.split(nbval_flags)
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    junit.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pytest", *[str(p.relative_to(ROOT)) for p in notebooks], *flags,
           "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
    print("$", " ".join(cmd[2:]), flush=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # pytest and the kernels it started and waited for
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    per_notebook = defaultdict(lambda: {"cells": 0, "seconds": 0.0, "failed": 0, "skipped": 0})
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = case.get("classname", "").removeprefix("notebooks.") or case.get("file", "?")
        entry = per_notebook[name]
        entry["cells"] += 1
        entry["seconds"] += float(case.get("time", 0))
        entry["failed"] += sum(1 for child in case if child.tag in ("failure", "error"))
        entry["skipped"] += sum(1 for child in case if child.tag == "skipped")
    rows = [{"notebook": name, **entry} for name, entry in sorted(per_notebook.items())]
    for row in rows:
        status = "passed" if not row["failed"] else f"{row['failed']} cell(s) FAILED"
        print(f"{row['notebook']:<45} {row['seconds']:6.1f} s  {row['cells']:3d} cells  {status}", flush=True)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr.strip()[-300:]
    print(f"{'total (one pytest process, wall clock)':<45} {total:6.1f} s  ({summary})", flush=True)
    print(f"{'CPU time of pytest and its kernels':<45} {cpu:6.1f} s", flush=True)
    return {"command": " ".join(["python", *cmd[1:-1]]), "total_s": total, "cpu_s": cpu, "returncode": proc.returncode,
            "summary": summary, "rows": rows}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nbval-flags", help="default: the NBVAL variable of the Makefile")
    run(parser.parse_args().nbval_flags)
