"""Turn the results of run_all.py into docs/benchmarks.md and docs/benchmarks.png."""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # a script, not the package: pyplot with a file-only backend is fine here
import matplotlib.pyplot as plt  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CONTENDERS = ("softmaxlab", "softmaxlab (functions)", "scipy.special", "PyTorch")  # column and bar order
TARGETS = {
    "nbval_total_s": 60.0,
    "widget_median_ms": 100.0,
    "browser_median_ms": 50.0,  # slider-to-redraw in the browser, keyboard and mouse (issue 19)
    "browser_p95_ms": 100.0,
    "softmax_x_scipy": 1.0,
    "ce_x_torch": 1.5,
}


def _times(ratio):
    return f"{ratio:.1f}x" if ratio < 10 else f"{ratio:.0f}x"


def _mark(ok):
    return {True: "met", False: "**missed**", None: "not measured"}[ok]


def target_rows(res):
    """(target, measured, status) rows for the table at the top of the report."""
    rows = []
    if "nbval" in res:
        a = res["nbval"]
        ok = a["total_s"] <= TARGETS["nbval_total_s"] and a["returncode"] == 0
        note = "" if a["returncode"] == 0 else " (some cells failed, see (a))"
        cpu = f" wall clock (CPU time {a['cpu_s']:.1f} s)" if "cpu_s" in a else ""
        rows.append(("whole course under strict nbval <= 60 s", f"{a['total_s']:.1f} s{cpu}{note}", _mark(ok)))
    if "widgets" in res:
        timed = [r for r in res["widgets"]["rows"] if "median_ms" in r]
        worst = max(timed, key=lambda r: r["median_ms"], default=None)
        untimed = len(res["widgets"]["rows"]) - len(timed)
        cpu = f", CPU {worst['cpu_median_ms']:.1f} ms" if "cpu_median_ms" in (worst or {}) else ""
        measured = (f"worst median {worst['median_ms']:.1f} ms{cpu} ({worst['widget']}) over {len(timed)} widgets"
                    if worst else "no widget timed") + (f"; {untimed} not timed" if untimed else "")
        ok = None if worst is None else worst["median_ms"] <= TARGETS["widget_median_ms"]
        rows.append(("every widget update median <= 100 ms", measured, _mark(ok)))
    if "browser" in res:
        rows += browser_targets(res["browser"])
    if "numerics" in res:
        c = res["numerics"]["rows"]
        for row in (r for r in c if r["op"] == "softmax"):
            rows.append((f"softmaxlab.softmax <= 1.0x scipy.special.softmax ({row['dtype']})",
                         f"{row['x_scipy']:.2f}x", _mark(row["x_scipy"] <= TARGETS["softmax_x_scipy"])))
        for row in (r for r in c if r["op"].startswith("cross-entropy")):
            if row["x_torch"] is None:
                rows.append((f"cross-entropy fwd+bwd <= 1.5x PyTorch, 1 thread ({row['dtype']})",
                             "PyTorch not installed", _mark(None)))
            else:
                rows.append((f"cross-entropy fwd+bwd <= 1.5x PyTorch, 1 thread ({row['dtype']})",
                             f"{row['x_torch']:.2f}x (SoftmaxWithLoss); {row['functions_x_torch']:.2f}x "
                             "(cross_entropy + cross_entropy_backward)",
                             _mark(row["x_torch"] <= TARGETS["ce_x_torch"])))
    return rows


def png_cell(r):
    return f"{r['png_kb']:.1f} ({r['sent']} of {r['moves']})" if r.get("png_kb") else "-"


def _ms(stats):
    return f"{stats['median']:.0f} / {stats['p95']:.0f}" if stats else "-"


def browser_targets(w):
    """Rows of the targets table for the browser budget: one per notebook, then notebooks not in the run."""
    budget = (f"median <= {TARGETS['browser_median_ms']:.0f} ms and p95 <= {TARGETS['browser_p95_ms']:.0f} ms, "
              "keyboard and mouse")
    if "error" in w:
        return [(f"every widget: slider-to-redraw in the browser {budget}", w["error"], _mark(None))]
    rows = []
    for name, r in w["notebooks"].items():
        target = f"{name[:2]} {r.get('widget', '')}: slider-to-redraw in the browser {budget}"
        if r.get("result") != "passed":
            rows.append((target, "the browser test failed for this notebook", _mark(None)))
            continue
        load = f"; load average {r['load_before']:.2f}" if r.get("load_before") is not None else ""
        rows.append((target, f"keyboard {_ms(r.get('keyboard'))} ms, mouse {_ms(r.get('mouse'))} ms (median / p95){load}",
                     _mark(r.get("meets"))))
    absent = [path.name[:2] for path in sorted(NOTEBOOKS.glob("*.ipynb")) if path.name not in w["notebooks"]]
    if absent:
        rows.append((f"{', '.join(absent)}: slider-to-redraw in the browser {budget}", "not in this run", _mark(None)))
    return rows


def browser_section(w, kernel_rows):
    """(w): per notebook, the browser timings next to the in-kernel figures of the same widget."""
    if "error" in w:
        return ["## (w) Slider-to-redraw in the browser", "", f"Not measured: {w['error']}.", ""]
    kernel = {r["widget"]: r for r in kernel_rows}
    how = f"`{w['command']}`: {w['summary']}, {w['wall_s']:.0f} s" if "command" in w else \
        f"a run of `tests/ui/test_browser.py` from {w['date']}, read from its JSON"
    out = ["## (w) Slider-to-redraw in the browser", "",
           f"The browser test ({how}; {w['total_s']:.0f} s in its {len(w['notebooks'])} notebook tests) runs each notebook in JupyterLab in headless "
           "Chromium on this machine and moves the first slider of its first widget: 20 key presses and 20 steps "
           "of a held mouse, each timed from the slider's handle moving to the widget's figure repainted (the new "
           "PNG decoded; for a move that changes only the readout, the readout). Budget (issue 19): median <= "
           f"{TARGETS['browser_median_ms']:.0f} ms and p95 <= {TARGETS['browser_p95_ms']:.0f} ms, keyboard and "
           "mouse. Of which in the page: from the kernel message carrying the new PNG reaching the page to the "
           "PNG decoded (the rest is the trip to the kernel and back, and the update there). "
           "In-kernel: the same widget's update median and CPU median from (b) (its first slider there "
           "may differ; widgets that keep a picture per state show the cost of a state seen before, the p95 and "
           "max of (b) that of a new one), and the PNG it sends per move. Load: the 1-minute load average when "
           f"the notebook's timing started ({w.get('cores', '?')} cores); `make bench` waits (at most 150 s) "
           "for it to fall below 1 before timing each notebook, because running the notebook raises it. "
           "JupyterLab runs with its default windowing (content visibility), as a learner's does, and the test "
           "waits for each redraw inside the page.", "",
           "| notebook | widget | keyboard median / p95 ms | mouse median / p95 ms | moves (key, mouse) "
           "| of which in the page, median ms | in-kernel update median ms (CPU) | PNG kB | load | budget |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name, r in w["notebooks"].items():
        k = kernel.get(r.get("widget"), {})
        update = f"{k['median_ms']:.1f} ({k['cpu_median_ms']:.1f})" if "median_ms" in k else "-"
        png = ("none sent" if k.get("sent") == 0 else f"{k['png_kb']:.1f}") if k.get("png_kb") else "-"
        n = f"{(r.get('keyboard') or {}).get('n', 0)}, {(r.get('mouse') or {}).get('n', 0)}"
        load = f"{r['load_before']:.2f}" if r.get("load_before") is not None else "-"
        verdict = "test failed" if r.get("result") != "passed" else _mark(r.get("meets"))
        page = f"{r['page']['median']:.0f}" if r.get("page") else "-"
        out.append(f"| {name} | {r.get('widget', '')} | {_ms(r.get('keyboard'))} | {_ms(r.get('mouse'))} | {n} "
                   f"| {page} | {update} | {png} | {load} | {verdict} |")
    out.append("")
    return out


def markdown(res, png_name, notes):
    m = res["machine"]
    out = ["# Benchmarks", "",
           f"Measured by `make bench` ([benchmarks/](../benchmarks/)) on **{res['date']}** "
           f"(finished {res['date_end']}). This file is generated: do not edit it by hand; "
           "the hand-written notes at the end come from `benchmarks/notes.md`.", "",
           "Benchmarks are not tests: nothing here runs in `make test`.", "",
           "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in m.items()]
    out += [f"| load average (1, 5, 15 min) | {res['load_start']} at the start, {res['load_end']} at the end (raised "
            "by the run's own browser test) |", ""]
    if res.get("noisy"):
        out += ["> **Noisy run.** Other processes were busy when this run started (see the load average), so absolute "
                "times vary from run to run, by 2x for the numerics in the worst rounds. The ratios in (c) are "
                "taken round by round between calls interleaved in the same run, so they are the figures to "
                "trust; still read them with about +-10 %.", ""]
    out += ["## Targets", "", "| target | measured | status |", "|---|---|---|"]
    out += [f"| {t} | {v} | {s} |" for t, v, s in target_rows(res)]
    out += ["", f"![benchmark plots]({png_name})", ""]

    if "nbval" in res:
        a = res["nbval"]
        out += ["## (a) Strict nbval, per notebook", "",
                f"One pytest process over every notebook, with the Makefile's `NBVAL` flags: `{a['command']}`. "
                "Per notebook: the sum of its cell times from pytest's JUnit report (the first cell includes "
                "starting the kernel). Total: wall clock of the whole process, including pytest's start-up. The kernels "
                "inherit `make bench`'s 1-thread settings (the notebooks' arrays are small, so this changes little).", "",
                "| notebook | cells | seconds | result |", "|---|---:|---:|---|"]
        for r in a["rows"]:
            status = "passed" if not r["failed"] else f"{r['failed']} cell(s) failed"
            out.append(f"| {r['notebook']} | {r['cells']} | {r['seconds']:.1f} | {status} |")
        out += [f"| **total (wall clock)** | {sum(r['cells'] for r in a['rows'])} | **{a['total_s']:.1f}** "
                f"| {a['summary']} |"]
        if "cpu_s" in a:
            out.append(f"| CPU time of pytest and its kernels | | {a['cpu_s']:.1f} | less sensitive to the load |")
        out.append("")

    if "widgets" in res:
        b = res["widgets"]
        out += ["## (b) Widget update latency, in the kernel", "",
                f"Every `LiveWidget` subclass in `softmaxlab.widgets.*`, built with its defaults (a widget that needs "
                "data gets the arguments its notebook gives it, or is built as its docstring example builds it); "
                "its first slider "
                f"is moved {b['moves']} times (after {b['warmup']} warm-up moves, not counted). `update` is "
                "`last_update_ms` (the time of `update()`: compute, redraw, PNG); `assignment` is the whole "
                "`slider.value = v`, every observer included, in wall-clock time and in CPU time of the kernel's "
                "thread (which other processes' load hardly changes). Not included: sending the PNG to the browser "
                "and drawing it there (see (w)). PNG kB: the median size of the picture a move sends.", "",
                "| widget | slider moved | update median ms | update p95 ms | update max ms | assignment median ms "
                "| assignment CPU median ms | PNG kB (moves that sent one) | built in ms |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in b["rows"]:
            name = f"`{r['module'].removeprefix('softmaxlab.widgets.')}.{r['widget']}`"
            if "median_ms" in r:
                slider = r["slider"] + (f" ({r['note']})" if r.get("note") else "")
                out.append(f"| {name} | {slider} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                           f"{r['max_ms']:.1f} | {r['assign_median_ms']:.1f} | {r.get('cpu_median_ms', float('nan')):.1f} "
                           f"| {png_cell(r)} | {r['build_ms']:.0f} |")
            else:
                out.append(f"| {name} | not timed: {r['error']} | | | | | | | |")
        out.append("")

    if "browser" in res:
        out += browser_section(res["browser"], res.get("widgets", {}).get("rows", []))

    if "numerics" in res:
        c = res["numerics"]
        names = [n for n in ("memcpy (arr.copy())", *CONTENDERS) if n == "PyTorch" or any(n in r["ms"] for r in c["rows"])]
        out += ["## (c) softmax, log_softmax, cross-entropy on (4096, 1000)", "",
                f"Median of {c['repeats']} rounds; in each round every contender runs once, interleaved, so all "
                "see the same load. Each cell: milliseconds, and in brackets the time as a multiple of a plain "
                "copy of the same array (`arr.copy()`, the memory-bandwidth floor), the median of the "
                "round-by-round ratios. NumPy and PyTorch on 1 thread. Cross-entropy: class-index targets, "
                "mean reduction, forward and backward (softmaxlab: `SoftmaxWithLoss`, and separately "
                "`cross_entropy` + `cross_entropy_backward`; scipy.special has no cross-entropy, so its column "
                "is `log_softmax` for the loss and `softmax` minus one-hot for the gradient; PyTorch: "
                "`F.cross_entropy` then `backward()` through autograd).", ""]
        out += ["| op | dtype | " + " | ".join(names) + " | softmaxlab / scipy | softmaxlab / PyTorch |",
                "|---|---|" + "---:|" * (len(names) + 2)]
        for r in c["rows"]:
            cells = [f"{r['ms'][n]:.2f} ({r['x_memcpy'][n]:.1f}x)" if n in r["ms"] else
                     ("not installed" if n == "PyTorch" else "-") for n in names]
            torch_ratio = "not installed" if r["x_torch"] is None else f"{r['x_torch']:.2f}x"
            out.append(f"| {r['op']} | {r['dtype']} | " + " | ".join(cells) + f" | {r['x_scipy']:.2f}x | {torch_ratio} |")
        worst = max(d for r in c["rows"] for d in r["max_abs_diff"].values())
        agree = "return the same numbers as softmaxlab, bit for bit" if worst == 0 else \
            f"agree with softmaxlab to within {worst:.1e} (largest absolute difference)"
        out += ["", f"Checked before timing: all contenders {agree} (probabilities, log-probabilities, gradients).", ""]

    if "jacobian" in res:
        d = res["jacobian"]
        jac, vjp = list(d["rows"][0]["ms"])
        out += ["## (d) Backward pass: Jacobian route vs VJP route", "",
                f"A batch of N = {d['N']} samples, {d['dtype']}. Jacobian route: `softmax_jacobian(probs)` "
                "(N, C, C), then `dout @ J` per sample. VJP route: `softmax_backward(probs, dout)`. Time: median "
                f"of {d['repeats']} batches of calls; peak memory: `tracemalloc` peak above the memory "
                "allocated before the call.", "",
                "| C | Jacobian ms | VJP ms | time ratio | Jacobian peak MB | VJP peak MB | memory ratio |",
                "|---:|---:|---:|---:|---:|---:|---:|"]
        for r in d["rows"]:
            out.append(f"| {r['C']} | {r['ms'][jac]:.3f} | {r['ms'][vjp]:.4f} | {_times(r['ms'][jac] / r['ms'][vjp])} | "
                       f"{r['peak_mb'][jac]:.3f} | {r['peak_mb'][vjp]:.4f} | {_times(r['peak_mb'][jac] / r['peak_mb'][vjp])} |")
        out.append("")
    if "blocking" in res:
        e = res["blocking"]
        out += ["## (e) Cache-blocked softmax", "",
                f"`softmaxlab.online.blocked_softmax` on ({e['shape'][0]}, {e['shape'][1]}) float32, 1 thread, in "
                f"blocks of {e['block_rows']} rows (half the {e['l2_bytes'] // 1024} KiB L2 cache), against the plain "
                "three-temporaries softmax, the same function with one block (in place, no blocking) and PyTorch "
                "(`benchmarks/bench_blocking.py`). Median of interleaved rounds; ratios: median of the "
                "round-by-round ratios.", "", "| contender | median ms |", "|---|---:|"]
        out += [f"| {name} | {1e3 * sec:.2f} |" for name, sec in e["seconds"].items()]
        out += ["", "| ratio | value |", "|---|---:|"]
        out += [f"| {name} | {ratio:.2f}x |" for name, ratio in e["ratios"].items()]
        out.append("")
    if notes:
        out += ["## Notes", "", notes.strip(), ""]
    return "\n".join(out)


def plot(res, path):
    fig = plt.figure(figsize=(15, 9), layout="constrained")
    grid = fig.add_gridspec(2, 3)
    if "nbval" in res:
        ax = fig.add_subplot(grid[0, 0])
        rows = res["nbval"]["rows"]
        ax.barh([r["notebook"].removesuffix(".ipynb") for r in rows], [r["seconds"] for r in rows],
                color=["C3" if r["failed"] else "C0" for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel("seconds (sum of cell times)")
        ax.set_title(f"(a) strict nbval: total {res['nbval']['total_s']:.1f} s (target 60 s)")
    if "widgets" in res:
        ax = fig.add_subplot(grid[0, 1])
        rows = [r for r in res["widgets"]["rows"] if "median_ms" in r]
        labels = [r["widget"] for r in rows]
        ax.barh(labels, [r["p95_ms"] for r in rows], color="C1", alpha=0.4, label="p95")
        ax.barh(labels, [r["median_ms"] for r in rows], color="C1", label="median")
        ax.axvline(100, color="k", ls="--", lw=1, label="target 100 ms")
        ax.invert_yaxis()
        ax.set_xlabel("update time in the kernel (ms)")
        ax.set_title(f"(b) widget update, {res['widgets']['moves']} slider moves")
        ax.legend(loc="lower right", fontsize=8)
    if "numerics" in res:
        ax = fig.add_subplot(grid[1, :2])
        rows = res["numerics"]["rows"]
        names = [n for n in CONTENDERS if any(n in r["ms"] for r in rows)]
        width = 0.8 / len(names)
        for i, name in enumerate(names):
            xs = [j + (i - (len(names) - 1) / 2) * width for j in range(len(rows))]
            ax.bar(xs, [r["x_memcpy"].get(name, float("nan")) for r in rows], width, label=name,
                   color=f"C{CONTENDERS.index(name)}")
        ax.set_xticks(range(len(rows)), [f"{r['op'].replace(' fwd', chr(10) + 'fwd')}\n{r['dtype']}" for r in rows])
        ax.set_ylabel("time / time of arr.copy()")
        torch_note = "" if res["numerics"]["torch"] else " (PyTorch not installed)"
        ax.set_title(f"(c) (4096, 1000) batch, 1 thread: time as a multiple of a memcpy of the same array{torch_note}")
        ax.legend(fontsize=8, ncols=2)
        ax.grid(axis="y", alpha=0.3)
    if "jacobian" in res:
        d = res["jacobian"]
        Cs = [r["C"] for r in d["rows"]]
        for row_i, (key, label) in enumerate((("ms", "time (ms)"), ("peak_mb", "peak memory (MB)"))):
            ax = fig.add_subplot(grid[row_i, 2])
            for i, name in enumerate(d["rows"][0][key]):
                ax.loglog(Cs, [r[key][name] for r in d["rows"]], "o-", color=f"C{i + 3}", label=name)
            ax.set_xlabel("number of classes C")
            ax.set_ylabel(label)
            ax.set_title(f"(d) backward pass, N = {d['N']}: {label.split(' (')[0]}")
            ax.grid(True, which="major", alpha=0.3)
            ax.legend(fontsize=8)
    fig.suptitle(f"softmaxlab benchmarks, {res['date']}")
    fig.savefig(path, dpi=80)
    plt.close(fig)
