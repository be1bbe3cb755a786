"""What the softmax backward pass costs, two ways: build J and multiply, or the three-line VJP.

Used by notebook 04 and by ``benchmarks/bench_jacobian.py``.
"""
import time
import tracemalloc

import numpy as np

from .activations import softmax, softmax_backward, softmax_jacobian


def jacobian_route(probs, dout):
    """``J^T dout`` by building J: (C,) -> (C, C) matrix, (N, C) -> (N, C, C)."""
    J = softmax_jacobian(probs)  # (..., C, C)
    return np.matmul(dout[..., None, :], J)[..., 0, :]  # (..., C): dout^T J = (J^T dout)^T


def vjp_route(probs, dout):
    """``J^T dout`` without building J (:func:`softmaxlab.softmax_backward`)."""
    return softmax_backward(probs, dout)


def best_seconds(fn, repeat=5):
    """The fastest of `repeat` calls of ``fn()``, in seconds (the least disturbed by other work)."""
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def peak_bytes(fn):
    """Peak memory allocated while ``fn()`` runs, above what was allocated before (NumPy included)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - before


def backward_cost(sizes, *, repeat=5, seed=0):
    """Time (best of `repeat`, seconds) and peak memory (bytes) of both routes, for one sample of each C.

    Returns a dict of lists, one entry per C: ``seconds_build``, ``seconds_vjp``,
    ``bytes_build``, ``bytes_vjp``. Both routes are checked to give the same gradient.

    >>> cost = backward_cost([10, 500], repeat=1)
    >>> cost["bytes_build"][1] >= 8 * 500 ** 2 > cost["bytes_vjp"][1]   # J alone is C*C float64
    True
    """
    rng = np.random.default_rng(seed)
    cost = {key: [] for key in ("seconds_build", "seconds_vjp", "bytes_build", "bytes_vjp")}
    for C in sizes:
        probs, dout = softmax(rng.normal(size=C)), rng.normal(size=C)  # (C,), (C,)
        np.testing.assert_allclose(jacobian_route(probs, dout), vjp_route(probs, dout), rtol=1e-10, atol=1e-15)
        for name, route in (("build", jacobian_route), ("vjp", vjp_route)):
            cost[f"seconds_{name}"].append(best_seconds(lambda: route(probs, dout), repeat))
            cost[f"bytes_{name}"].append(peak_bytes(lambda: route(probs, dout)))
    return cost
