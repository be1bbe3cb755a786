"""Checkers for notebook 05: local gradients of single nodes, and the gradient that reaches a_1."""
import numpy as np

from ..activations import softmax
from ._core import NotYet, call, checker, expect_close, solved

CASES = [(2.0, -3.0, 1.5), (0.25, 4.0, -1.5), (-1.2, 0.7, 2.0)]  # (x, y, dout)


def _pair(got, what):
    if got is None:
        raise NotYet(f"{what} returned None: did it forget to `return`?")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(f"{what} should return two gradients (dx, dy), got {got!r}.", "return dout * y, dout * x")
    return got


@checker
def check_mul_backward(fn):
    """`fn(x, y, dout)` for the node z = x * y should return (dL/dx, dL/dy) = (dout * y, dout * x)."""
    for x, y, dout in CASES:
        dx, dy = _pair(call(fn, x, y, dout), "your function")
        if np.isclose(dx, dout * x) and np.isclose(dy, dout * y) and not np.isclose(x, y):
            raise NotYet(f"for x={x}, y={y}, dout={dout} the two gradients are swapped back.",
                         "a multiply node swaps its inputs: dz/dx = y, so dL/dx = dout * y.")
        if np.isclose(dx, y) and np.isclose(dy, x) and dout != 1:
            raise NotYet(f"for dout={dout} you returned the local gradients only.",
                         "multiply the local gradient by the upstream gradient dout (the chain rule).")
        expect_close(dx, dout * y, what=f"dL/dx for x={x}, y={y}, dout={dout}", hint="dL/dx = dout * y")
        expect_close(dy, dout * x, what=f"dL/dy for x={x}, y={y}, dout={dout}", hint="dL/dy = dout * x")
    return solved("a multiply node sends back dout times the OTHER input.")


@checker
def check_inv_backward(fn):
    """`fn(x, dout)` for the node z = 1/x should return dout * (-1 / x**2)."""
    for x, _, dout in CASES:
        got = call(fn, x, dout)
        if got is not None and np.ndim(got) == 0:
            if np.isclose(got, dout / x ** 2):
                raise NotYet(f"for x={x}, dout={dout}: the minus sign is missing.",
                             "1/x = x**-1, whose derivative is -1 * x**-2.")
            if np.isclose(got, -1 / x ** 2) and dout != 1:
                raise NotYet(f"for dout={dout} you returned the local gradient only.", "multiply it by dout.")
            if np.isclose(got, -dout / x):
                raise NotYet(f"for x={x}: the derivative of 1/x has x squared in the denominator.", "-1 / x**2")
        expect_close(got, -dout / x ** 2, what=f"dL/dx for x={x}, dout={dout}", hint="d(1/x)/dx = -1/x**2")
    return solved("d(1/x) = -1/x² dx, times the gradient that arrived.")


@checker
def check_log_backward(fn):
    """`fn(x, dout)` for the node z = log(x), x > 0, should return dout / x."""
    for x, _, dout in [(abs(x) + 0.1, 0, d) for x, _, d in CASES]:
        got = call(fn, x, dout)
        if got is not None and np.ndim(got) == 0:
            if np.isclose(got, dout * x) and not np.isclose(x, 1):
                raise NotYet(f"for x={x}: you multiplied by x; the derivative of log x is 1/x.", "return dout / x")
            if np.isclose(got, dout * np.log(x)):
                raise NotYet(f"for x={x}: you multiplied by log x, the forward value, not its derivative.",
                             "d log x / dx = 1/x")
        expect_close(got, dout / x, what=f"dL/dx for x={x}, dout={dout}", hint="d log x / dx = 1/x")
    return solved("d log x = dx / x: the log node divides the arriving gradient by its input.")


PREDICT_LOGITS, PREDICT_LABEL = np.array([1.0, 2.0, 0.5]), 0


@checker
def check_predicted_grad_a1(fn):
    """`fn()` should return the gradient arriving at a_1 for a = (1, 2, 0.5), true class 1: y_1 - 1."""
    y = softmax(PREDICT_LOGITS)
    got = call(fn)
    if got is not None and np.ndim(got) == 0:
        got = float(got)
        if np.isclose(got, y[0]):
            raise NotYet(f"{got:.4f} is y_1, the part that comes back through S; the direct branch is missing.",
                         "through e_1 -> y_1 -> log -> x t_1 the gradient is -t_1 = -1; add both branches.")
        if np.isclose(got, -1.0):
            raise NotYet("-1 is only the direct branch (through y_1); a_1 also feeds S, which sends back y_1.",
                         "a fan-out node adds the gradients of all its branches.")
        if np.isclose(got, 1 - y[0]):
            raise NotYet(f"{got:.4f} has the wrong sign.", "the true class's logit should go UP, so its gradient is negative.")
    expect_close(got, y[0] - 1, what="the gradient at a_1", rtol=1e-3, atol=1e-4,
                 hint="add the branch through y_1 (-t_1) and the branch through S (+y_1).")
    return solved(f"y_1 - t_1 = {y[0]:.4f} - 1 = {y[0] - 1:.4f}: the two branches, -t_1 and +y_1, add up.")
