"""05-cross-entropy-backward-graph: mul_backward, inv_backward, log_backward, predicted_grad_a1."""
import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import softmax
from softmaxlab.exercises import graph as ex

# ---------- mul_backward(x, y, dout)
MUL = [
    Right(lambda x, y, d: (d * y, d * x), "the textbook pair"),
    Right(lambda x, y, d: [d * y, d * x], "a list"),
    Right(lambda x, y, d: np.array([d * y, d * x]), "np.array([dx, dy]) (issue 12: was rejected)"),
    Right(lambda x, y, d: np.float32([d * y, d * x]), "float32"),
    Wrong(lambda x, y, d: (d * x, d * y), "swapped", diagnosis="swapped"),
    Wrong(lambda x, y, d: (y, x), "local gradients only", diagnosis="local gradients only"),
    Wrong(lambda x, y, d: (d, d), "as an add node", diagnosis="ADD node"),
    Wrong(lambda x, y, d: (d * x * y, d * x * y), "dout times the output", diagnosis="output x y"),
    Wrong(lambda x, y, d: (-d * y, -d * x), "a minus sign", diagnosis="wrong sign"),
    Wrong(lambda x, y, d: (d * y, d * y), "the same gradient twice", not_said=("swapped", "local gradients only")),
    Wrong(lambda x, y, d: d * y, "one number", diagnosis="two numbers"),
    Wrong(lambda x, y, d: (d * y, d * x, 0.0), "three numbers", diagnosis="two numbers"),
    Wrong(lambda x, y, d: (str(d * y), str(d * x)), "strings", diagnosis="real numbers"),
    Wrong(lambda x, y, d: (d * y + 0j, d * x), "complex", diagnosis="real numbers"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]

# ---------- inv_backward(x, dout)
INV = [
    Right(lambda x, d: d * (-1.0 / x ** 2), "the textbook product"),
    Right(lambda x, d: -d * x ** -2, "a negative power"),
    Right(lambda x, d: np.float32(-d / x ** 2), "float32"),
    Right(lambda x, d: np.array(-d / (x * x)), "a 0-d array"),
    Wrong(lambda x, d: d / x ** 2, "minus sign missing", diagnosis="minus sign is missing"),
    Wrong(lambda x, d: -1 / x ** 2, "forgot dout", diagnosis="dout is not used"),
    Wrong(lambda x, d: -d / x, "x instead of x**2", diagnosis="x squared"),
    Wrong(lambda x, d: d / x, "dout times the output 1/x", diagnosis="output 1/x"),
    Wrong(lambda x, d: -d * x ** 2, "times -x²", diagnosis="-x²"),
    Wrong(lambda x, d: 1 / x ** 2, "forgot dout and the sign", diagnosis="dout is not used, and the sign"),
    Wrong(lambda x, d: -d / x ** 3, "x cubed", not_said=("minus", "dout is not used")),
    Wrong(lambda x, d: [-d / x ** 2], "a one-element list", diagnosis="expected one number"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
]

# ---------- log_backward(x, dout)
LOG = [
    Right(lambda x, d: d / x, "the textbook quotient"),
    Right(lambda x, d: d * x ** -1, "a negative power"),
    Right(lambda x, d: np.float32(d / x), "float32"),
    Right(lambda x, d: d * np.reciprocal(x), "np.reciprocal"),
    Wrong(lambda x, d: 1 / x, "forgot dout (issue 12: was hinted d log x / dx = 1/x)", diagnosis="dout is not used",
          not_said=("1/x.", "d log x / dx = 1/x")),
    Wrong(lambda x, d: d * x, "times x", diagnosis="multiplied dout by x"),
    Wrong(lambda x, d: d * np.log(x), "times log x", diagnosis="forward value"),
    Wrong(lambda x, d: -d / x, "sign", diagnosis="sign is flipped"),
    Wrong(lambda x, d: d / x ** 2, "divided by x²", diagnosis="x²"),
    Wrong(lambda x, d: d / x + 1e-3, "a small offset", not_said=("dout is not used", "sign")),
    Wrong(lambda x, d: str(d / x), "a string", diagnosis="real number"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="None"),
]

# ---------- predicted_grad_a1()
Y = softmax(np.array([1.0, 2.0, 0.5]))

PREDICT = [
    Right(lambda: softmax(np.array([1.0, 2.0, 0.5]))[0] - 1.0, "computed with softmax"),
    Right(lambda: -0.77, "worked by hand to two decimals (issue 12: was rejected)"),
    Right(lambda: -0.769, "worked by hand to three decimals"),
    Right(lambda: np.float32(Y[0] - 1), "float32"),
    Right(lambda: np.exp(1) / (np.exp(1) + np.exp(2) + np.exp(0.5)) - 1, "written out with exp"),
    Wrong(lambda: Y[0], "y_1 alone: the branch through S (issue 25: the hint named a_1 as the fan-out node)",
          diagnosis="through S alone", not_said=("a_1 has two branches", "leave a_1")),
    Wrong(lambda: -1.0, "-1 alone: the branch through y_1", diagnosis="only the branch through y_1",
          not_said=("a_1 also feeds S", "leave a_1")),
    Wrong(lambda: 1 - Y[0], "sign", diagnosis="wrong sign"),
    Wrong(lambda: Y[1] - 1, "index 1 for class 1", diagnosis="second logit"),
    Wrong(lambda: -np.log(Y[0]), "the loss (issue 25: told the branches leave a_1)", diagnosis="the loss",
          not_said=("leave a_1",)),
    Wrong(lambda: 2 * Y[0] - 1, "the branch through S twice (issue 25: told the branches leave a_1)",
          diagnosis="twice", not_said=("leaves a_1",)),
    Wrong(lambda: -0.76, "one digit off", not_said=("alone", "only the branch", "wrong sign", "twice")),
    Wrong(lambda: -0.8, "one decimal only", not_said=("alone", "only the branch", "wrong sign", "twice")),
    Wrong(lambda: -1 / Y[0], "-t_1 / y_1, the gradient at y_1, not at a_1",
          not_said=("alone", "only the branch", "wrong sign", "twice", "second logit")),
    Wrong(lambda: -0.775, "-0.775: more than half a unit of the second decimal away",
          not_said=("alone", "only the branch", "wrong sign", "twice")),
    Wrong(lambda: np.array([Y[0] - 1]), "a one-element array", diagnosis="expected one number"),
    Wrong(lambda: Y - np.eye(3)[0], "the whole gradient vector", diagnosis="expected one number"),
    Wrong(lambda: "-0.7688", "a string", diagnosis="real number"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
]

CATALOGUE = {ex.check_mul_backward: MUL, ex.check_inv_backward: INV, ex.check_log_backward: LOG,
             ex.check_predicted_grad_a1: PREDICT}
