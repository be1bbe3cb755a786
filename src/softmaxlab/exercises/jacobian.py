"""Checkers for notebook 04: one Jacobian entry, the whole Jacobian, and the backward pass without J."""
import numpy as np

from ..activations import softmax, softmax_backward, softmax_jacobian
from ._core import NotYet, call, checker, expect_close, solved

PROBS = [softmax(np.array([2.0, 1.0, 0.1])), softmax(np.array([0.3, -1.2, 2.5, 0.0]))]


def _post_style_slip(probs, i, got):
    """True if `got` is y_k (1 - y_m) for some other pair (k, m): a diagonal built from the wrong classes."""
    C = len(probs)
    return any(np.isclose(got, probs[k] * (1 - probs[m])) for k in range(C) for m in range(C) if (k, m) != (i, i))


@checker
def check_jacobian_entry(fn):
    """`fn(probs, i, j)` should return dy_i/da_j = y_i (delta_ij - y_j) as a number."""
    for probs in PROBS:
        J = softmax_jacobian(probs)
        for i in range(len(probs)):
            for j in range(len(probs)):
                got = call(fn, probs.copy(), i, j, hint="the two cases are i == j and i != j.")
                if got is None:
                    raise NotYet("your function returned None: did it forget to `return`?")
                try:
                    got = float(got)
                except (TypeError, ValueError):
                    raise NotYet(f"for i={i}, j={j} you returned {got!r}; expected a single number.",
                                 "return one entry, e.g. probs[i] * (1 - probs[i]) when i == j.") from None
                if np.isclose(got, J[i, j]):
                    continue
                where = f"for y = {np.round(probs, 3).tolist()}, i={i}, j={j}: expected {J[i, j]:.6f}, got {got:.6f}"
                if i == j and np.isclose(got, probs[i]):
                    raise NotYet(where + ".", "on the diagonal the quotient rule gives y_i - y_i^2 = y_i (1 - y_i), "
                                 "not y_i alone: the denominator S depends on a_i too.")
                if i == j and _post_style_slip(probs, i, got):
                    raise NotYet(where + ": that is y_k (1 - y_m) with the wrong classes, the slip of the "
                                 "hand-written Jacobian in the source post.", "both factors use the same index: y_i (1 - y_i).")
                if i != j and np.isclose(got, -J[i, j]):
                    raise NotYet(where + ": the sign is flipped.", "off the diagonal, raising a_j makes y_i smaller: "
                                 "dy_i/da_j = -y_i y_j < 0.")
                if i != j and got == 0:
                    raise NotYet(where + ".", "y_i depends on every a_j through the sum S in the denominator, "
                                 "so the off-diagonal entries are not 0.")
                raise NotYet(where + ".", "i == j: y_i (1 - y_i); i != j: -y_i y_j.")
    return solved("both cases of the quotient rule are right, on a 3-class and a 4-class example.")


@checker
def check_jacobian_matrix(fn):
    """`fn(probs)` should return the (C, C) matrix diag(y) - y y^T."""
    for probs in PROBS:
        C = len(probs)
        got = call(fn, probs.copy(), hint="np.diag(probs) and np.outer(probs, probs) build the two parts.")
        if got is not None and np.shape(got) == (C, C):
            got = np.asarray(got, dtype=float)
            if np.allclose(got, np.diag(probs)):
                raise NotYet("you returned diag(y): the -y yᵀ part is missing.",
                             "subtract np.outer(probs, probs), the (C, C) matrix of y_i y_j.")
            if np.allclose(got, np.diag(probs) - probs @ probs):
                raise NotYet("every entry is shifted by the same number: y @ y is a scalar, not the matrix y yᵀ.",
                             "use np.outer(probs, probs) (or probs[:, None] * probs[None, :]).")
            if np.allclose(got, -softmax_jacobian(probs)):
                raise NotYet("the matrix has the wrong sign: you computed y yᵀ - diag(y).",
                             "the diagonal entries y_i (1 - y_i) are positive.")
        expect_close(got, softmax_jacobian(probs), what=f"J for y = {np.round(probs, 3).tolist()}",
                     hint="J = diag(y) - y yᵀ; for one vector y of shape (C,) the result is (C, C).")
    return solved("J = diag(y) - y yᵀ, right for 3 and 4 classes.")


@checker
def check_softmax_vjp(fn):
    """`fn(probs, dout)` on a batch (N, C) should return J(y_n)ᵀ dout_n for each row, without changing its inputs."""
    rng = np.random.default_rng(4)
    for shape in ((4, 3), (3, 3), (2, 5)):
        probs = softmax(rng.normal(size=shape))
        dout = rng.normal(size=shape)
        p_in, d_in = probs.copy(), dout.copy()
        got = call(fn, p_in, d_in, hint="three lines: dx = probs * dout; the row sums of dx; subtract probs times them.")
        if not (np.array_equal(p_in, probs) and np.array_equal(d_in, dout)):
            raise NotYet("your function changed its inputs in place (probs or dout).",
                         "a backward pass must not modify what it is given: start with dx = probs * dout, "
                         "a new array, and change only dx.")
        expected = softmax_backward(probs, dout)
        if got is not None and np.shape(got) == shape:
            got_arr = np.asarray(got, dtype=float)
            if np.allclose(got_arr, probs * dout):
                raise NotYet("you returned y * dout: the second term, -y times the sum of y * dout, is missing.",
                             "each a_j feeds every y_i, so all the other outputs send gradient back too.")
            wrong_axis = probs * dout - probs * np.sum(probs * dout, axis=0, keepdims=True)
            whole = probs * dout - probs * np.sum(probs * dout)
            if np.allclose(got_arr, wrong_axis) or np.allclose(got_arr, whole):
                raise NotYet(f"with a batch of shape {shape} your sums mix different samples.",
                             "sum along the class axis only: np.sum(..., axis=-1, keepdims=True).")
        expect_close(got, expected, what=f"the gradient for a batch of shape {shape}",
                     hint="dx = probs * dout; dx -= probs * np.sum(dx, axis=-1, keepdims=True).")
    return solved("your backward pass equals Jᵀ dout row by row, on three batches, without building J.")
