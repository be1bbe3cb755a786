"""Run every benchmark, print the figures, write docs/benchmarks.md and docs/benchmarks.png.

    python benchmarks/run_all.py                    # what `make bench` runs
    python benchmarks/run_all.py --parts c,d --quick
    python benchmarks/run_all.py --browser-json build/ui-timings.json  # reuse a browser test run (< 12 h old)
    python benchmarks/run_all.py --from-json build/benchmarks/results.json   # only rewrite the report

(a) strict nbval per notebook, (b) widget update latency in the kernel, (w) slider-to-redraw in
JupyterLab + headless Chromium (the browser test), (c) softmax / log_softmax / cross-entropy
against scipy.special, PyTorch and a memcpy, (d) Jacobian vs VJP backward, (e) cache-blocked softmax.
"""
import argparse
import datetime
import json
import os
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported anywhere

import bench_blocking
import bench_browser
import bench_jacobian
import bench_notebooks
import bench_numerics
import bench_widgets
import report
from _timing import load_average, machine

ROOT = Path(__file__).resolve().parents[1]


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="a,b,w,c,d,e", help="which benchmarks to run, e.g. c,d (default: all)")
    parser.add_argument("--browser-json", help="for (w), read this browser test run instead of running the test")
    parser.add_argument("--quick", action="store_true", help="few repeats: to try the scripts, not to quote")
    parser.add_argument("--nbval-flags", help="pytest flags for (a); default: the NBVAL variable of the Makefile")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--from-json", help="skip measuring; rewrite the report from a saved results.json")
    args = parser.parse_args()
    out = Path(args.out)
    saved = ROOT / "build" / "benchmarks" / "results.json"

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
