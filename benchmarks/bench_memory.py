"""Peak and kept memory of each notebook's kernel after Run All (issue 28: a 512 MiB hub pod must not kill it).

Runs each notebook top to bottom with nbclient (in memory: nothing is written back), then reads the kernel
process's ``VmHWM`` (the peak resident set since it started) and ``VmRSS`` (what it keeps once every cell has
run) from ``/proc/<pid>/status``. Linux only. The budget is a peak under 250 MiB per notebook. A cell that
raises does not stop the run; its notebook is flagged, since the later cells may then have done less.

    python benchmarks/bench_memory.py [notebooks/13-softmax-in-attention.ipynb ...]   # default: all notebooks
"""
import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MIB = 250


def _status_mib(pid, key):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024  # the kernel reports kB
    raise KeyError(f"{key} not in /proc/{pid}/status")


def measure(path, timeout=600):
    """{'notebook', 'peak_mib', 'kept_mib'} for one notebook run top to bottom in a fresh kernel."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        pid = client.km.provisioner.process.pid
        peak, kept = _status_mib(pid, "VmHWM"), _status_mib(pid, "VmRSS")
    errors = sum(out.get("output_type") == "error" for cell in nb.cells for out in cell.get("outputs", []))
    return {"notebook": Path(path).name, "peak_mib": peak, "kept_mib": kept, "errors": errors}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: notebooks/*.ipynb")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    rows = []
    for path in paths:
        row = measure(path)
        rows.append(row)
        verdict = "within" if row["peak_mib"] < BUDGET_MIB else "OVER"
        errors = f"; {row['errors']} cell(s) raised an error: later cells may have run on missing state" if row["errors"] else ""
        print(f"{row['notebook']:<40} peak {row['peak_mib']:6.1f} MiB  kept {row['kept_mib']:6.1f} MiB  "
              f"({verdict} the {BUDGET_MIB} MiB budget{errors})", flush=True)
    return rows


if __name__ == "__main__":
    sys.exit(0 if all(r["peak_mib"] < BUDGET_MIB for r in main()) else 1)
