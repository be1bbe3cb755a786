"""Timing helpers shared by the benchmarks: interleaved repeats, medians, machine facts."""
import os
import platform
import statistics
import time
from importlib import metadata


def interleaved(functions, repeats, warmup=1):
    """Time each of ``functions`` (name -> callable) once per round, for `repeats` rounds.

    All functions run in the same round before the next round starts (and the start
    rotates), so a burst of load from another process hits them alike and ratios taken
    round by round stay fair on a shared machine. Returns name -> list of seconds.
    """
    names = list(functions)
    for name in names:
        for _ in range(warmup):
            functions[name]()
    times = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names):] + names[:r % len(names)]:
            start = time.perf_counter()
            functions[name]()
            times[name].append(time.perf_counter() - start)
    return times


def median(values):
    return statistics.median(values)


def p95(values):
    """95th percentile (linear interpolation between the two nearest ranks)."""
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def paired_ratio(numerator, denominator):
    """Median of the round-by-round ratios of two interleaved timing lists."""
    return median([a / b for a, b in zip(numerator, denominator)])


def version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gb():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    return int(line.split()[1]) / 2**20
    except OSError:
        return None


def machine():
    """What the numbers were measured on (strings, for the report)."""
    import numpy as np

    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{blas['name']} {blas['version']}"
    except Exception:  # the config layout is not part of numpy's API
        blas = "unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = memory_gb()
    return {
        "cpu": f"{cpu_model()}, {cores} cores usable ({os.cpu_count()} logical)",
        "memory": f"{mem:.0f} GB" if mem else "unknown",
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": ", ".join(f"{p} {version(p)}" for p in ("numpy", "scipy", "matplotlib", "ipywidgets", "torch")),
        "blas": blas,
        "threads": ", ".join(f"{k}={os.environ.get(k, 'unset')}" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")),
    }


def load_average():
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "unknown"
