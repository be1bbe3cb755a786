"""(d) The softmax backward pass two ways, for C = 10 ... 2000 classes.

Jacobian route: build J = diag(y) - y y^T with softmax_jacobian, then J^T dout
(a batched vector-matrix product). VJP route: softmax_backward, y * (dout - <dout, y>),
which never builds J. Time (median) and peak memory (tracemalloc) of each.

    python benchmarks/bench_jacobian.py [--repeats 15]
"""
import argparse
import os
import timeit

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np

from softmaxlab import softmax
from softmaxlab.cost import jacobian_route, peak_bytes, vjp_route  # the routes notebook 04 measures
from _timing import median

CLASSES = (10, 20, 50, 100, 200, 500, 1000, 2000)
N = 4  # samples in the batch: J is (N, C, C), 128 MB of float64 at C = 2000
ROUTES = {"Jacobian (build J, then J^T dout)": jacobian_route, "VJP (softmax_backward)": vjp_route}


def seconds_per_call(fn, repeats):
    """Median over `repeats` of the mean time of a batch of calls long enough to time (>= 0.05 s)."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, number // 4)  # autorange aims at 0.2 s per batch; 0.05 s is enough here
    return median(timer.repeat(repeat=repeats, number=number)) / number


def run(repeats=15, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for C in CLASSES:
        probs = softmax(rng.standard_normal((N, C)))  # (N, C)
        dout = rng.standard_normal((N, C))  # (N, C)
        np.testing.assert_allclose(jacobian_route(probs, dout), vjp_route(probs, dout), rtol=1e-10, atol=1e-14)
        row = {"C": C, "ms": {}, "peak_mb": {}}
        for name, route in ROUTES.items():
            row["ms"][name] = 1000 * seconds_per_call(lambda: route(probs, dout), repeats)
            row["peak_mb"][name] = peak_bytes(lambda: route(probs, dout)) / 2**20
        rows.append(row)
        jac, vjp = ROUTES
        print(f"C = {C:>4}: Jacobian {row['ms'][jac]:9.3f} ms {row['peak_mb'][jac]:9.3f} MB | "
              f"VJP {row['ms'][vjp]:7.3f} ms {row['peak_mb'][vjp]:7.3f} MB | "
              f"{row['ms'][jac] / row['ms'][vjp]:7.1f}x time, {row['peak_mb'][jac] / row['peak_mb'][vjp]:7.1f}x memory",
              flush=True)
    return {"N": N, "dtype": "float64", "repeats": repeats, "rows": rows}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    run(parser.parse_args().repeats)
