"""Run every benchmark, print the figures, write docs/benchmarks.md and docs/benchmarks.png.

    python benchmarks/run_all.py                    # what `make bench` runs
    python benchmarks/run_all.py --parts c,d --quick
    python benchmarks/run_all.py --browser-json build/ui-timings.json  # reuse a browser test run (< 12 h old)
    python benchmarks/run_all.py --from-json build/benchmarks/results.json   # only rewrite the report
    python benchmarks/run_all.py --parts m,v,g --splice   # only these sections, placed in the existing report
    python benchmarks/run_all.py --splice --from-json build/benchmarks/results-mvg.json   # that section, unmeasured

(a) strict nbval per notebook, (b) widget update latency in the kernel, (w) slider-to-redraw in
JupyterLab + headless Chromium (the browser test), (c) softmax / log_softmax / cross-entropy
against scipy.special, PyTorch and a memcpy, (d) Jacobian vs VJP backward, (e) cache-blocked softmax,
(m) each notebook's kernel memory after Run All, (v) the size of a fresh learner's venv (and a test venv),
(g) sandboxed grading throughput (nbgrader autograde in bubblewrap).

With --splice, only the parts m, v, g may run: their section of docs/benchmarks.md (between the markers
report.SECTION_START and report.SECTION_END, added before the notes if absent) is rewritten and the rest of
the file is kept as it is, so they can be measured without re-running the others. Each of these parts keeps
its own date, load average and machine; results of earlier --splice runs (build/benchmarks/results-mvg.json)
are kept for the parts not run this time.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported anywhere

import bench_blocking
import bench_browser
import bench_memory
import bench_venv
import bench_jacobian
import bench_notebooks
import bench_numerics
import bench_widgets
import report
from _timing import load_average, machine

ROOT = Path(__file__).resolve().parents[1]


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


SPLICE_PARTS = {"m": "memory", "v": "venv", "g": "grading"}


def _stamp():
    """Date, load average and machine of a part, kept with its figures (a --splice run measures parts alone)."""
    return {"date": now(), "load_start": load_average(), "machine": machine()}


def run_memory():
    stamp = _stamp()  # before measuring
    rows = bench_memory.main([])
    return {**stamp, "budget_mib": bench_memory.BUDGET_MIB, "rows": rows, "load_end": load_average()}


def run_venv():
    stamp = _stamp()
    return {**stamp, **bench_venv.run(), "load_end": load_average()}


def run_grading(class_size, single, python=None):
    """Run benchmarks/bench_grading.py in its own process (it prints its figures) and read them from its output.

    `python`: the interpreter of the venv that has nbgrader (docs/teaching.md, section 6: nbgrader is kept out of
    .venv); its folder goes first on PATH, as the guide says, so nbgrader's kernel runs from that venv too.
    """
    guide_venv = ROOT / "build" / "nbgrader-venv" / "bin" / "python"  # where docs/teaching.md installs nbgrader
    python = python or (str(guide_venv) if guide_venv.exists() else sys.executable)
    command = [python, "benchmarks/bench_grading.py", "--class-size", str(class_size), "--single", str(single),
               "--jobs", "2"]
    res = {**_stamp(), "command": " ".join(["python", *command[1:]]), "class_size": class_size, "jobs": 2}
    probe = subprocess.run([python, "-c", "import platform, numpy, nbgrader; print(platform.python_version(), "
                            "numpy.__version__, nbgrader.__version__)"], capture_output=True, text=True)
    if probe.returncode == 0 and len(probe.stdout.split()) == 3:
        py, numpy_version, nbgrader_version = probe.stdout.split()
        res["grader"] = f"{python} (Python {py}, numpy {numpy_version}, nbgrader {nbgrader_version})"
    if subprocess.run([python, "-c", "import nbgrader"], capture_output=True).returncode != 0:
        res["error"] = (f"nbgrader is not installed for {python} (docs/teaching.md, section 6; then "
                        "--grading-python build/nbgrader-venv/bin/python)")
        print(res["error"], flush=True)
        return {**res, "load_end": load_average()}
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(python).parent), os.environ.get("PATH", "")]))
    started = datetime.datetime.now()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    res["wall_s"] = (datetime.datetime.now() - started).total_seconds()
    print(proc.stdout, end="", flush=True)
    res["output"] = proc.stdout.strip().splitlines()
    if proc.returncode != 0:
        res["error"] = f"bench_grading.py exited with {proc.returncode}: {proc.stderr.strip()[-400:]}"
        print(res["error"], flush=True)
    patterns = {
        "median_s": r"median ([\d.]+) s over (\d+)",
        "single_full": r"full marks \((\d+)\) every time: (True|False)",
        "class_s": r"a class of \d+ on \d+ jobs \((\d+) cores\): ([\d.]+) s, (\d+)/\d+ full marks",
        "scaled_min": r"scaled to 200 submissions \(extrapolated, not measured\): ([\d.]+) min",
    }
    text = proc.stdout
    for key, pattern in patterns.items():
        match = re.search(pattern, text)
        if match:
            res[key] = match.groups()
    if "median_s" in res:
        res["median_s"], res["single_n"] = float(res["median_s"][0]), int(res["median_s"][1])
    if "single_full" in res:
        res["points"], res["single_full"] = int(res["single_full"][0]), res["single_full"][1] == "True"
    if "class_s" in res:
        cores, wall, full = res.pop("class_s")
        res["cores"], res["class_wall_s"], res["class_full"] = int(cores), float(wall), int(full)
    if "scaled_min" in res:
        res["scaled_min"] = float(res["scaled_min"][0])
    elif "class_wall_s" in res:
        res["scaled_min"] = res["class_wall_s"] / 60  # the real 200
    if "error" not in res and not {"median_s", "class_wall_s"} <= res.keys():
        res["error"] = "could not read the figures from bench_grading.py's output"
    res["load_end"] = load_average()
    return res


def run_splice_parts(parts, args):
    res = {}
    if "m" in parts:
        print("\n(m) kernel memory per notebook after Run All", flush=True)
        res["memory"] = run_memory()
    if "v" in parts:
        print("\n(v) a fresh learner's venv (requirements.txt) and a test venv (requirements-test.txt)", flush=True)
        res["venv"] = run_venv()
    if "g" in parts:
        print(f"\n(g) sandboxed grading: {args.grading_single} single submissions, a class of {args.class_size}", flush=True)
        res["grading"] = run_grading(args.class_size, args.grading_single, args.grading_python)
    return res


def splice(args, parts):
    """Measure only m, v, g and rewrite their section of the existing report, keeping the rest of the file."""
    unknown = parts - set(SPLICE_PARTS)
    if unknown and not args.from_json:
        raise SystemExit(f"--splice runs only the parts {', '.join(SPLICE_PARTS)}; not {', '.join(sorted(unknown))}")
    out = Path(args.out)
    if not out.exists():
        raise SystemExit(f"--splice needs an existing report to place the section in: {out} is missing")
    saved = ROOT / "build" / "benchmarks" / "results-mvg.json"
    if args.from_json:  # no measuring: the section again from saved figures
        res = json.loads(Path(args.from_json).read_text())
    else:
        measured = run_splice_parts(parts, args)
        res = json.loads(saved.read_text()) if saved.exists() else {}  # read after measuring: another run saved?
        res.update(measured)
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(res, indent=1))
    out.write_text(report.splice(out.read_text(), report.mvg_section(res)))
    print("\nTargets:")
    for target, measured, status in report.mvg_target_rows(res):
        print(f"  {status.strip('*'):<13} {target}: {measured}")
    print(f"\nplaced the section in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}; raw figures in "
          f"{saved.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="a,b,w,c,d,e,m,v,g",
                        help="which benchmarks to run, e.g. c,d (default: all)")
    parser.add_argument("--splice", action="store_true",
                        help="run only parts among m,v,g and rewrite their section of the existing report")
    parser.add_argument("--class-size", type=int, default=20,
                        help="for (g), submissions in the class graded 2 at a time (200: no extrapolation)")
    parser.add_argument("--grading-single", type=int, default=5, help="for (g), submissions graded one at a time")
    parser.add_argument("--grading-python", help="for (g), the Python of a venv with nbgrader (docs/teaching.md, "
                        "section 6); default: build/nbgrader-venv/bin/python if it exists (the guide's), else this one")
    parser.add_argument("--browser-json", help="for (w), read this browser test run instead of running the test")
    parser.add_argument("--quick", action="store_true", help="few repeats: to try the scripts, not to quote")
    parser.add_argument("--nbval-flags", help="pytest flags for (a); default: the NBVAL variable of the Makefile")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--from-json", help="skip measuring; rewrite the report from a saved results.json")
    args = parser.parse_args()
    out = Path(args.out)
    saved = ROOT / "build" / "benchmarks" / "results.json"
    if args.splice:
        return splice(args, set(args.parts.split(",")))

    if args.from_json:
        res = json.loads(Path(args.from_json).read_text())
    else:
        parts = set(args.parts.split(","))
        res = {"date": now(), "machine": machine(), "load_start": load_average()}
        if "a" in parts:
            print("\n(a) strict nbval, per notebook", flush=True)
            res["nbval"] = bench_notebooks.run(args.nbval_flags)
        if "b" in parts:
            print("\n(b) widget update latency", flush=True)
            res["widgets"] = bench_widgets.run(moves=10 if args.quick else 50)
        if "w" in parts:
            print("\n(w) slider-to-redraw in the browser (the browser test)", flush=True)
            res["browser"] = (bench_browser.read(args.browser_json, max_age_h=12) if args.browser_json
                              else bench_browser.run())
            if "error" in res["browser"]:
                print(res["browser"]["error"], flush=True)
            for name, row in res["browser"]["notebooks"].items():
                print(bench_browser.format_row(name, row), flush=True)
        if "c" in parts:
            print("\n(c) softmax, log_softmax, cross-entropy on (4096, 1000)", flush=True)
            res["numerics"] = bench_numerics.run(repeats=5 if args.quick else 40)
        if "d" in parts:
            print("\n(d) Jacobian route vs VJP route", flush=True)
            res["jacobian"] = bench_jacobian.run(repeats=3 if args.quick else 15)
        if "e" in parts:
            print("\n(e) cache-blocked softmax on (4096, 1000) float32", flush=True)
            res["blocking"] = bench_blocking.run(repeats=5 if args.quick else 40)
        res.update(run_splice_parts(parts, args))
        res["date_end"], res["load_end"] = now(), load_average()
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(res, indent=1))
    # Noisy: other processes were busy when the run started. The load at the end says little: the browser
    # test's own JupyterLab, Chromium and kernels raise it (each notebook's own load is in the (w) table).
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    res["noisy"] = res["load_start"] != "unknown" and float(res["load_start"].split()[0]) > 0.5 * cores

    notes_file = ROOT / "benchmarks" / "notes.md"
    notes = notes_file.read_text() if notes_file.exists() else ""
    out.parent.mkdir(parents=True, exist_ok=True)
    png = out.with_suffix(".png")
    report.plot(res, png)
    out.write_text(report.markdown(res, png.name, notes))
    print("\nTargets:")
    for target, measured, status in report.target_rows(res):
        print(f"  {status.strip('*'):<13} {target}: {measured}")
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} and {png.name}; raw figures in "
          f"{saved.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
