"""Re-execute notebooks in place, top to bottom, then clean them for committing.

    python tools/execute_notebooks.py notebooks/*.ipynb

Outputs and execution counts are kept (strict nbval compares them); widget state,
per-cell timing metadata and machine-specific notebook metadata are removed.
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
CELL_KEYS = {"tags", "slideshow"}  # cell metadata worth keeping


def clean(nb):
    """Strip what changes from run to run or machine to machine; keep outputs and counts."""
    nb.metadata = nbformat.NotebookNode(kernelspec=KERNELSPEC, language_info={"name": "python"})
    for cell in nb.cells:
        cell.metadata = nbformat.NotebookNode({k: v for k, v in cell.metadata.items() if k in CELL_KEYS})
        if cell.cell_type == "code":
            for out in cell.outputs:
                out.get("metadata", {}).pop("execution", None)
    return nb


def execute(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    nbformat.validate(nb)
    nbformat.write(clean(nb), path)
    return time.perf_counter() - start


if __name__ == "__main__":
    # The kernels inherit this: the package's messages are English whatever this machine's locale (a Korean
    # notebook says softmaxlab.set_language("ko") itself), so the stored outputs do not depend on the machine.
    os.environ["LANGUAGE"] = "en"
    for name in sys.argv[1:]:
        print(f"{name}: executed in {execute(name):.1f} s", flush=True)
