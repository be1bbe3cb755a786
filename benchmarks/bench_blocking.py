"""Cache-blocked NumPy softmax against the plain one and against PyTorch, (4096, 1000) float32, 1 thread.

    python benchmarks/bench_blocking.py            # prints plain, blocked, torch times and their ratios
    python benchmarks/bench_blocking.py --quick

The plain softmax makes three full temporaries and streams each through main memory; the blocked one
(softmaxlab.online.blocked_softmax) works a block of rows sized to half the L2 cache in place; "in place"
is the same function with one block of all rows, to separate what blocking gains from what working in
place gains. `run()`
returns the figures for benchmarks/run_all.py.
"""
import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported

import numpy as np
from _timing import interleaved, load_average, median, paired_ratio

from softmaxlab.online import blocked_softmax, l2_cache_bytes

SHAPE = (4096, 1000)


def plain_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))  # (N, C)
    return e / e.sum(axis=1, keepdims=True)


def run(repeats=40):
    """{'shape', 'l2_bytes', 'block_rows', 'seconds': {name: median}, 'ratios': {...}} (torch omitted if absent)."""
    x = np.random.default_rng(0).normal(size=SHAPE).astype(np.float32)
    block_rows = max(1, l2_cache_bytes() // 2 // (SHAPE[1] * x.itemsize))
    functions = {"plain": lambda: plain_softmax(x), "blocked": lambda: blocked_softmax(x, block_rows=block_rows),
                 "in place": lambda: blocked_softmax(x, block_rows=SHAPE[0])}  # one block: in place, no blocking
    assert np.allclose(functions["blocked"](), functions["plain"](), rtol=1e-5, atol=1e-12)
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        torch.set_num_threads(1)
        t = torch.from_numpy(x)
        functions["torch"] = lambda: torch.softmax(t, dim=1)
        assert np.allclose(functions["torch"]().numpy(), functions["plain"](), rtol=1e-5, atol=1e-12)
    times = interleaved(functions, repeats, warmup=2)
    res = {"shape": list(SHAPE), "l2_bytes": l2_cache_bytes(), "block_rows": block_rows, "load": load_average(),
           "seconds": {name: median(t) for name, t in times.items()},
           "ratios": {"plain / blocked": paired_ratio(times["plain"], times["blocked"]),
                      "plain / in place": paired_ratio(times["plain"], times["in place"])}}
    if torch is not None:
        res["ratios"]["plain / torch"] = paired_ratio(times["plain"], times["torch"])
        res["ratios"]["blocked / torch"] = paired_ratio(times["blocked"], times["torch"])
    return res


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats: to try the script, not to quote")
    args = parser.parse_args()
    res = run(repeats=5 if args.quick else 40)
    print(f"softmax of {SHAPE[0]} x {SHAPE[1]} float32, 1 thread; L2 {res['l2_bytes'] // 1024} KiB, "
          f"blocks of {res['block_rows']} rows; load average {res['load']}")
    for name, seconds in res["seconds"].items():
        print(f"  {name:8s} {1e3 * seconds:8.2f} ms (median)")
    for name, ratio in res["ratios"].items():
        print(f"  {name:16s} {ratio:5.2f}x (median of paired rounds)")


if __name__ == "__main__":
    main()
