"""04-softmax-jacobian: jacobian_entry, jacobian_matrix, softmax_vjp."""
import importlib
import importlib.util

import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from reference_solutions import in_dtype
from softmaxlab import softmax_jacobian
from softmaxlab.exercises import jacobian as ex

PUBLISHED_SLIP = "mix two classes"


# ---------- jacobian_entry(probs, i, j)
def jacobian_entry(probs, i, j):
    if i == j:
        return probs[i] * (1 - probs[i])
    return -probs[i] * probs[j]


def one_based(probs, i, j):
    """Counts classes from 1, as the maths does: probs[i - 1] (index -1 wraps around)."""
    if i == j:
        return probs[i - 1] * (1 - probs[i - 1])
    return -probs[i - 1] * probs[j - 1]


def published_slip(probs, i, j):
    """The published hand-written Jacobian's slip, for any C: every diagonal entry after the first is y2 (1 - y1)."""
    if i == j:
        return probs[i] * (1 - probs[i]) if i == 0 else probs[1] * (1 - probs[0])
    return -probs[i] * probs[j]


def neighbour_in_diagonal(probs, i, j):
    """Diagonal entry y_i (1 - y_{i+1}): one factor from the next class."""
    if i == j:
        return probs[i] * (1 - probs[(i + 1) % len(probs)])
    return -probs[i] * probs[j]


ENTRY = [
    Right(jacobian_entry, "the textbook two cases"),
    Right(lambda p, i, j: p[i] * ((i == j) - p[j]), "one line with the Kronecker delta as a bool"),
    Right(lambda p, i, j: np.float32(jacobian_entry(p, i, j)), "a float32 number"),
    Right(lambda p, i, j: np.array(jacobian_entry(p, i, j)), "a 0-d array"),
    Right(lambda p, i, j: (np.diag(p) - np.outer(p, p))[i, j], "builds J and picks the entry"),
    Wrong(one_based, "1-based indices (probs[i - 1])", diagnosis="shifted by one",
          not_said=("published", PUBLISHED_SLIP)),
    Wrong(published_slip, "the published slip: y2 (1 - y1) on the diagonal", diagnosis=PUBLISHED_SLIP),
    Wrong(neighbour_in_diagonal, "a factor from the next class on the diagonal", diagnosis=PUBLISHED_SLIP),
    Wrong(lambda p, i, j: p[i] if i == j else -p[i] * p[j], "the diagonal is y_i alone", diagnosis="y_i alone"),
    Wrong(lambda p, i, j: p[i] * (1 - p[i]) if i == j else p[i] * p[j], "off-diagonal sign flipped",
          diagnosis="sign is flipped"),
    Wrong(lambda p, i, j: p[i] * (1 - p[i]) if i == j else 0.0, "y_i does not depend on a_j (off-diagonal 0)",
          diagnosis="returned 0"),
    Wrong(lambda p, i, j: -p[i] * p[j], "one formula -y_i y_j for both cases", diagnosis="first term"),
    Wrong(lambda p, i, j: p[i] * (1 - p[j]), "one formula y_i (1 - y_j) for both cases",
          diagnosis="diagonal's formula"),
    Wrong(lambda p, i, j: p[j] * (1 - p[j]) if i == j else -p[i] * p[j] * 1.01, "off by 1% off the diagonal",
          not_said=("shifted", PUBLISHED_SLIP)),
    Wrong(lambda p, i, j: p[i - 1] * (1 - p[i - 1]) if i == j else -p[i] * p[j],
          "1-based only on the diagonal (probs[i - 1] there)", diagnosis=PUBLISHED_SLIP, not_said=("shifted",)),
    Wrong(in_dtype(published_slip, np.float32), "the published slip in float32 (inputs cast; issue 26: told neutrally before, the checker compared at float64's tolerance)", diagnosis=PUBLISHED_SLIP),
    Wrong(in_dtype(neighbour_in_diagonal, np.float32), "a factor from the next class on the diagonal, in float32",
          diagnosis=PUBLISHED_SLIP),
    Right(in_dtype(jacobian_entry, np.float32), "the two cases computed in float32"),
    Wrong(lambda p, i, j: [jacobian_entry(p, i, j)], "a one-element list", diagnosis="expected one number"),
    Wrong(lambda p, i, j: str(jacobian_entry(p, i, j)), "a string", diagnosis="expected one real number"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]


# ---------- jacobian_matrix(probs)
def jacobian_matrix(probs):
    return np.diag(probs) - np.outer(probs, probs)


def with_loops(probs):
    C = len(probs)
    J = np.zeros((C, C))
    for i in range(C):
        for j in range(C):
            J[i, j] = probs[i] * ((i == j) - probs[j])
    return J


MATRIX = [
    Right(jacobian_matrix, "diag(y) - outer(y, y)"),
    Right(lambda p: (np.diag(p) - p[:, None] * p[None, :]).tolist(), "broadcast product, returned as a list"),
    Right(lambda p: (np.diag(p) - np.outer(p, p)).astype(np.float32), "float32"),
    Right(lambda p: p[:, None] * (np.eye(len(p)) - p[None, :]), "y_i (delta_ij - y_j) by broadcasting"),
    Right(lambda p: softmax_jacobian(p).T, "the transpose (J is symmetric)"),
    Right(with_loops, "two Python loops (the exercise asks for none, but the checker does not claim to test that)"),
    Wrong(np.diag, "diag(y) only", diagnosis="-y yᵀ part is missing"),
    Wrong(lambda p: np.diag(p) - p @ p, "y @ y, a scalar", diagnosis="one number"),
    Wrong(in_dtype(lambda p: np.diag(p) - p @ p, np.float32), "y @ y in float32 (inputs cast; issue 26: told neutrally before, the checker compared at float64's tolerance)", diagnosis="one number"),
    Wrong(lambda p: np.outer(p, p) - np.diag(p), "sign reversed", diagnosis="wrong sign"),
    Wrong(lambda p: -np.outer(p, p), "-y yᵀ without diag(y)", diagnosis="diag(y) part is missing"),
    Wrong(lambda p: np.diag(p) - p * p, "y * y broadcast instead of the outer product", diagnosis="elementwise square"),
    Wrong(lambda p: np.diag(p) - np.outer(p, p) + 0.01 * np.eye(len(p)), "1e-2 too much on the diagonal",
          not_said=("sign", "missing")),
    Wrong(lambda p: np.diag(p * (1 - p)), "the diagonal only"),
    Wrong(lambda p: p * (1 - p), "a vector, not a matrix", diagnosis="has shape"),
    Wrong(lambda p: jacobian_matrix(p) + 0j, "complex", diagnosis="real numbers"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]


# ---------- softmax_vjp(probs, dout)
def softmax_vjp(probs, dout):
    dx = probs * dout
    dx -= probs * np.sum(dx, axis=-1, keepdims=True)
    return dx


def mutating(probs, dout):
    dout *= probs
    dout -= probs * np.sum(dout, axis=-1, keepdims=True)
    return dout


def builds_j_with_stack(probs, dout):
    return np.stack([(np.diag(p) - np.outer(p, p)).T @ d for p, d in zip(probs, dout)])


def builds_j_with_einsum(probs, dout):
    J = np.einsum("ni,ij->nij", probs, np.eye(probs.shape[1])) - np.einsum("ni,nj->nij", probs, probs)
    return np.einsum("ni,nij->nj", dout, J)


def builds_j_with_library(probs, dout):
    return np.einsum("nij,ni->nj", np.stack([softmax_jacobian(p) for p in probs]), dout)


def builds_j_then_resets_the_peak(probs, dout):
    """Issue 25: built J, then hid it from tracemalloc (accepted before)."""
    import tracemalloc
    out = builds_j_with_stack(probs, dout)
    tracemalloc.reset_peak()
    return out


def builds_j_then_stops_tracing(probs, dout):
    import tracemalloc
    out = builds_j_with_stack(probs, dout)
    tracemalloc.stop()
    return out


# PyTorch is imported here, not inside an attempt: its first import takes seconds, within the check's time limit
torch = importlib.import_module("torch") if importlib.util.find_spec("torch") is not None else None


def builds_j_with_torch(probs, dout):
    """Issue 25: J built by PyTorch, whose memory tracemalloc does not see (accepted before)."""
    rows = []
    for p, d in zip(torch.from_numpy(probs), torch.from_numpy(dout)):
        J = torch.outer(p, p).neg_()  # (C, C): -y_i y_j
        J.diagonal().add_(p)  # diagonal: y_i - y_i^2
        rows.append(J.T @ d)
    return torch.stack(rows).numpy()


def torch_three_lines(probs, dout):
    p, d = torch.from_numpy(probs), torch.from_numpy(dout)
    return (p * (d - (p * d).sum(dim=-1, keepdim=True))).numpy()


VJP = [
    Right(softmax_vjp, "the three lines"),
    Right(lambda p, d: p * (d - np.sum(p * d, axis=1, keepdims=True)), "y * (dout - <y, dout>), axis=1"),
    Right(lambda p, d: (p * d - p * (p * d).sum(-1)[:, None]).astype(np.float32), "float32"),
    Right(lambda p, d: [list(r) for r in softmax_vjp(p, d)], "a list of lists"),
    Wrong(lambda p, d: p * d, "the direct path only", diagnosis="second term"),
    Wrong(lambda p, d: p * d - p * np.sum(p * d, axis=0, keepdims=True), "sum down the columns",
          diagnosis="axis=0"),
    Wrong(in_dtype(lambda p, d: p * d - p * np.sum(p * d, axis=0, keepdims=True), np.float32),
          "sum down the columns in float32 (inputs cast; issue 26: told neutrally before, the checker compared at float64's tolerance)", diagnosis="axis=0"),
    Wrong(lambda p, d: p * d - p * np.sum(p * d), "sum over the whole batch", diagnosis="whole batch"),
    Wrong(lambda p, d: p * np.sum(p * d, axis=-1, keepdims=True) - p * d, "sign reversed", diagnosis="wrong sign"),
    Wrong(lambda p, d: p * d - p * np.sum(d, axis=-1, keepdims=True), "sums dout alone", diagnosis="dout alone"),
    Wrong(in_dtype(lambda p, d: p * d - p * np.sum(d, axis=-1, keepdims=True), np.float32),
          "sums dout alone, in float32", diagnosis="dout alone"),
    Wrong(mutating, "changes dout in place", diagnosis="changed its inputs"),
    Wrong(builds_j_with_stack, "builds J per row (np.stack of diag - outer)", diagnosis="builds J"),
    Wrong(builds_j_with_einsum, "builds J for the batch with einsum", diagnosis="builds J"),
    Wrong(builds_j_with_library, "einsum with softmax_jacobian", diagnosis="builds J"),
    Wrong(lambda p, d: (p * d).sum(axis=-1), "one number per row", diagnosis="has shape"),
    Wrong(lambda p, d: p * d - p * np.sum(p * d, axis=-1), "sum without keepdims (broadcasts wrongly on a square batch)",
          not_said=("Correct",)),
    Wrong(lambda p, d: (p * d - p * np.sum(p * d, axis=-1, keepdims=True)) / len(p), "divided by N (no mean here)",
          not_said=("axis=0", "whole batch", "wrong sign")),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
    Wrong(builds_j_then_resets_the_peak, "issue 25: builds J, then tracemalloc.reset_peak()",
          diagnosis="reset or stopped"),
    Wrong(builds_j_then_stops_tracing, "builds J, then tracemalloc.stop()", diagnosis="reset or stopped"),
]
if torch is not None:  # CI installs PyTorch (make torch), so these run there
    VJP += [Wrong(builds_j_with_torch, "issue 25: builds J with PyTorch (invisible to tracemalloc)",
                  diagnosis="builds J"),
            Right(torch_three_lines, "the three lines in PyTorch")]

CATALOGUE = {ex.check_jacobian_entry: ENTRY, ex.check_jacobian_matrix: MATRIX, ex.check_softmax_vjp: VJP}
