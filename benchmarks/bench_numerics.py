"""(c) softmax, log_softmax and cross-entropy forward+backward on a (4096, 1000) batch.

softmaxlab against scipy.special, PyTorch on 1 thread (when installed) and a plain
copy of the same array (the memory-bandwidth floor: every method reads the input and
writes an output at least once). All of them are timed interleaved, round by round.

    python benchmarks/bench_numerics.py [--repeats 30]
"""
import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # 1 thread for everyone, set before numpy is imported

import numpy as np
import scipy.special

import softmaxlab as sl
from _timing import interleaved, median, paired_ratio

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

SHAPE = (4096, 1000)
OPS = ("softmax", "log_softmax", "cross-entropy fwd+bwd")
BASELINE = "memcpy (arr.copy())"


def _softmaxlab_layer(logits, labels):
    layer = sl.SoftmaxWithLoss()
    loss = layer.forward(logits, labels)
    return loss, layer.backward()


def _softmaxlab_functions(logits, labels):
    return sl.cross_entropy(logits, labels), sl.cross_entropy_backward(logits, labels)


def _scipy_composed(logits, labels):
    """scipy.special has no cross-entropy: log_softmax for the loss, softmax - one-hot for the gradient."""
    rows = np.arange(len(labels))
    loss = -scipy.special.log_softmax(logits, axis=-1)[rows, labels].mean()
    dlogits = scipy.special.softmax(logits, axis=-1)
    dlogits[rows, labels] -= 1.0
    dlogits /= len(labels)
    return loss, dlogits


def contenders(op, logits, labels):
    """name -> callable for one operation; PyTorch only when it is installed."""
    fns = {BASELINE: logits.copy}
    if op == "softmax":
        fns["softmaxlab"] = lambda: sl.softmax(logits)
        fns["scipy.special"] = lambda: scipy.special.softmax(logits, axis=-1)
    elif op == "log_softmax":
        fns["softmaxlab"] = lambda: sl.log_softmax(logits)
        fns["scipy.special"] = lambda: scipy.special.log_softmax(logits, axis=-1)
    else:
        fns["softmaxlab"] = lambda: _softmaxlab_layer(logits, labels)
        fns["softmaxlab (functions)"] = lambda: _softmaxlab_functions(logits, labels)
        fns["scipy.special"] = lambda: _scipy_composed(logits, labels)
    if torch is not None:
        fns["PyTorch"] = _torch_contender(op, logits, labels)
    return fns


def _torch_contender(op, logits, labels):
    x = torch.from_numpy(logits)  # shares memory: no conversion inside the timing
    if op == "softmax":
        return lambda: torch.softmax(x, dim=-1)
    if op == "log_softmax":
        return lambda: torch.log_softmax(x, dim=-1)
    x = x.clone().requires_grad_(True)
    target = torch.from_numpy(labels)

    def forward_backward():
        x.grad = None
        loss = F.cross_entropy(x, target)
        loss.backward()
        return loss, x.grad
    return forward_backward


def check_agreement(fns):
    """Largest absolute difference of each contender's output from softmaxlab's (sanity, not timing)."""
    def first(out):  # the array a contender returns (for cross-entropy: the gradient)
        out = out[1] if isinstance(out, tuple) else out
        return out.detach().numpy() if torch is not None and isinstance(out, torch.Tensor) else np.asarray(out)
    ref = first(fns["softmaxlab"]())
    return {name: float(np.max(np.abs(first(fn()) - ref))) for name, fn in fns.items() if name != BASELINE}


def run(repeats=30, seed=0):
    if torch is not None:
        torch.set_num_threads(1)
    rng = np.random.default_rng(seed)
    results = {"shape": SHAPE, "repeats": repeats, "torch": torch.__version__ if torch else None, "rows": []}
    for dtype in (np.float32, np.float64):
        logits = (3 * rng.standard_normal(SHAPE)).astype(dtype)  # (N, C)
        labels = rng.integers(0, SHAPE[1], size=SHAPE[0])  # (N,)
        for op in OPS:
            fns = contenders(op, logits, labels)
            diffs = check_agreement(fns)
            times = interleaved(fns, repeats)
            row = {"op": op, "dtype": np.dtype(dtype).name, "ms": {}, "x_memcpy": {}, "max_abs_diff": diffs}
            for name, t in times.items():
                row["ms"][name] = 1000 * median(t)
                row["x_memcpy"][name] = paired_ratio(t, times[BASELINE])
            row["x_scipy"] = paired_ratio(times["softmaxlab"], times["scipy.special"])
            row["x_torch"] = paired_ratio(times["softmaxlab"], times["PyTorch"]) if torch else None
            if "softmaxlab (functions)" in times:
                row["functions_x_torch"] = paired_ratio(times["softmaxlab (functions)"], times["PyTorch"]) if torch else None
            results["rows"].append(row)
            print(format_row(row), flush=True)
    return results


def format_row(row):
    parts = [f"{name} {ms:.2f} ms ({row['x_memcpy'][name]:.1f}x copy)" for name, ms in row["ms"].items()]
    torch_part = f"{row['x_torch']:.2f}x" if row["x_torch"] is not None else "PyTorch not installed"
    return (f"{row['op']:<22} {row['dtype']}: " + "; ".join(parts)
            + f" | softmaxlab/scipy {row['x_scipy']:.2f}x, softmaxlab/PyTorch {torch_part}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    run(parser.parse_args().repeats)
