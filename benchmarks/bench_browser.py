"""(b, browser) Slider-to-redraw of every notebook's first widget in JupyterLab + headless Chromium.

Runs the browser test (tests/ui/test_browser.py: each notebook run in JupyterLab, its first slider
moved 20 times by keyboard and 20 times by mouse, each move timed from the handle moving to the
widget's figure repainted in the page) and reads what it writes, build/ui-timings.json. Or, with
``--json``, reads a run already made (it must be from the last `max_age_h` hours).

    python benchmarks/bench_browser.py [-k 05] [--json build/ui-timings.json]
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from _timing import load_average

ROOT = Path(__file__).resolve().parents[1]
TIMINGS = ROOT / "build" / "ui-timings.json"
BUDGET = {"median_ms": 50.0, "p95_ms": 100.0}  # issue 19, keyboard and mouse alike
CALM_LOAD = 1.0  # the test times a notebook once the 1-minute load average is below this (or after 150 s)


def meets(stats):
    """True / False against BUDGET for {'median', 'p95', 'n'} (None: not measured)."""
    if not stats:
        return None
    return stats["median"] <= BUDGET["median_ms"] and stats["p95"] <= BUDGET["p95_ms"]


def read(path=TIMINGS, max_age_h=None):
    """The browser test's results, with each notebook's verdict against BUDGET."""
    path = Path(path)
    data = json.loads(path.read_text())
    if "date" not in data or not any("keyboard" in r for r in data["notebooks"].values()):
        raise SystemExit(f"{path} was written by an older browser test (no per-notebook statistics): run it again")
    if max_age_h is not None:
        written = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.timezone.utc)
        age_h = (datetime.datetime.now(datetime.timezone.utc) - written).total_seconds() / 3600
        if age_h > max_age_h:
            raise SystemExit(f"{path} is {age_h:.1f} h old: run the browser test again (or drop --json)")
    for r in data["notebooks"].values():
        r["meets"] = None if r.get("result") != "passed" else (
            meets(r.get("keyboard")) and meets(r.get("mouse")))
    data["budget"] = BUDGET
    return data


def run(select=None):
    """Run the browser test (all notebooks, or those matching `select`) and return read()."""
    cmd = [sys.executable, "-m", "pytest", str(ROOT / "tests" / "ui" / "test_browser.py"), "-q",
           "-p", "no:cacheprovider"] + (["-k", select] if select else [])
    TIMINGS.unlink(missing_ok=True)
    start, load = time.perf_counter(), load_average()
    lines = []
    env = dict(os.environ, SOFTMAXLAB_UI_CALM_LOAD=str(CALM_LOAD))
    with subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        for line in proc.stdout:  # pytest's progress and its timing summary, as they come
            print(line, end="", flush=True)
            lines.append(line.rstrip("\n"))
    summary = [line for line in lines if " passed" in line or " failed" in line or " error" in line]
    if not TIMINGS.exists():  # e.g. no Chromium: the test skipped; the other benchmarks still get reported
        return {"error": f"the browser test timed nothing (exit {proc.returncode}): "
                         f"{summary[-1] if summary else lines[-1] if lines else 'no output'}", "notebooks": {}}
    data = read()
    data.update(command=" ".join(["python", "-m", *cmd[2:]]).replace(str(ROOT) + "/", ""),
                returncode=proc.returncode, summary=summary[-1] if summary else "", wall_s=time.perf_counter() - start,
                load_start=load)
    return data


def format_row(name, r):
    def cell(stats):
        return f"{stats['median']:.0f}/{stats['p95']:.0f} ms (n={stats['n']})" if stats else "-"
    verdict = {True: "meets", False: "MISSES", None: "not measured"}[r.get("meets")]
    return (f"{name} {r.get('widget', '')}: keyboard {cell(r.get('keyboard'))}, mouse {cell(r.get('mouse'))} "
            f"(median/p95); load {r.get('load_before', float('nan')):.2f}; {verdict} the budget")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="select", help="only the notebooks matching this pytest -k expression")
    parser.add_argument("--json", help="read this results file instead of running the test")
    args = parser.parse_args()
    res = read(args.json) if args.json else run(args.select)
    if "error" in res:
        print(res["error"])
    for name, r in res["notebooks"].items():
        print(format_row(name, r))
