"""Checkers for notebook 05: local gradients of single nodes, and the gradient that reaches a_1.

The node checkers run fixed cases (a negative input, dout != 1, x != y) and one fresh random case per
check; a misconception is named only when the attempt's answers equal its answers on every case.
"""
import numpy as np

from ..activations import softmax
from ..i18n import N_, _
from ._core import NotYet, agrees, as_real_array, as_real_number, call, checker, expect_close, fresh_rng, solved


def _cases():
    """(x, y, dout): x != y, |x| != 1, dout != 1 and of both signs; the last one drawn afresh at every check."""
    rng = fresh_rng()
    x, y = rng.uniform(0.3, 3.0, size=2) * rng.choice([-1, 1], size=2)
    return [(2.0, -3.0, 1.5), (0.25, 4.0, -1.5), (-1.2, 0.7, 2.0), (float(x), float(y), float(rng.uniform(-3, -0.5)))]


def _first_match(answers, candidates, reference):
    """The (message, nudge) of the first misconception whose answers equal the attempt's on every case, or None.

    Equal within the precision policy for the answer's dtype (:func:`._core.agrees`); `reference(*case)` is the
    right answer."""
    for wrong, message, nudge in candidates:
        if all(agrees(got, wrong(*case), reference(*case), rtol=1e-6, atol=1e-12) for case, got in answers):
            return message, nudge
    return None


MUL_WRONG = [
    (lambda x, y, d: (d * x, d * y), N_("the two gradients are swapped back: dL/dx came out as dout * x."),
     N_("a multiply node swaps its inputs: how much z = x y changes with x depends on y.")),
    (lambda x, y, d: (y, x), N_("you returned the local gradients only; dout is not used."),
     N_("the chain rule multiplies each local gradient by the gradient that arrived.")),
    (lambda x, y, d: (d, d), N_("you returned dout to both inputs, as an ADD node does."),
     N_("for z = x y, dz/dx is not 1: it is the other input.")),
    (lambda x, y, d: (d * x * y, d * x * y), N_("you sent back dout times the node's output x y."),
     N_("the local gradient dz/dx of z = x y is the other input alone.")),
    (lambda x, y, d: (-d * y, -d * x), N_("both gradients have the wrong sign."),
     N_("multiplying by a positive number keeps the sign: no minus sign belongs here.")),
]


@checker
def check_mul_backward(fn):
    """`fn(x, y, dout)` for the node z = x * y should return (dL/dx, dL/dy) = (dout * y, dout * x)."""
    answers = []
    for x, y, dout in _cases():
        got = as_real_array(call(fn, x, y, dout), what=_("your (dL/dx, dL/dy) for x={x:.3g}, y={y:.3g}, "
                                                          "dout={dout:.3g}").format(x=x, y=y, dout=dout),
                            hint=_("return the pair of gradients, e.g. as a tuple (dx, dy)."))
        if got.shape != (2,):
            raise NotYet(_("expected two numbers (dL/dx, dL/dy), got an array of shape {shape}.").format(
                shape=got.shape),
                         N_("return the pair of gradients, e.g. as a tuple (dx, dy)."))
        answers.append(((x, y, dout), got))
    found = _first_match(answers, MUL_WRONG, lambda x, y, d: (d * y, d * x))
    if found:
        raise NotYet(*found)
    for (x, y, dout), got in answers:
        expect_close(got, (dout * y, dout * x),
                     what=_("your (dL/dx, dL/dy) for x={x:.3g}, y={y:.3g}, dout={dout:.3g}").format(
                         x=x, y=y, dout=dout),
                     hint=_("the local gradient of z = x y with respect to each input, times dout."))
    return solved(N_("a multiply node sends back dout times the OTHER input (four cases, one drawn at random)."))


INV_WRONG = [
    (lambda x, d: d / x ** 2, N_("the minus sign is missing."), N_("1/x = x**-1: the power rule brings down the -1.")),
    (lambda x, d: -1 / x ** 2, N_("you returned the local gradient only; dout is not used."),
     N_("the chain rule multiplies the local gradient by the gradient that arrived.")),
    (lambda x, d: -d / x, N_("the local gradient of 1/x has x squared in its denominator."),
     N_("1/x = x**-1: the power rule lowers the exponent by one.")),
    (lambda x, d: d / x, N_("you sent back dout times the node's output 1/x, not its derivative."),
     N_("differentiate 1/x = x**-1 with the power rule.")),
    (lambda x, d: -d * x ** 2, N_("you multiplied by -x², the reciprocal of the local gradient."),
     N_("the derivative of x**-1 is -x**-2, which divides by x².")),
    (lambda x, d: 1 / x ** 2, N_("dout is not used, and the sign is wrong too."),
     N_("the local gradient of 1/x is negative, and the chain rule multiplies it by dout.")),
]


@checker
def check_inv_backward(fn):
    """`fn(x, dout)` for the node z = 1/x should return dout * (-1 / x**2)."""
    answers = []
    for x, _y, dout in _cases():
        what = _("your dL/dx for x={x:.3g}, dout={dout:.3g}").format(x=x, dout=dout)
        got = as_real_number(call(fn, x, dout), what=what)
        answers.append(((x, dout), got))
    found = _first_match(answers, INV_WRONG, lambda x, d: -d / x ** 2)
    if found:
        raise NotYet(*found)
    for (x, dout), got in answers:
        expect_close(got, -dout / x ** 2, what=_("your dL/dx for x={x:.3g}, dout={dout:.3g}").format(x=x, dout=dout),
                     hint=_("the local derivative of 1/x, times dout."))
    return solved(N_("d(1/x) = -dx / x², times the gradient that arrived (four cases, one drawn at random)."))


LOG_WRONG = [
    (lambda x, d: 1 / x, N_("you returned the local gradient 1/x only; dout is not used."),
     N_("the chain rule multiplies the local gradient by the gradient that arrived.")),
    (lambda x, d: d * x, N_("you multiplied dout by x; the local gradient of log x is not x."),
     N_("what is d log x / dx?")),
    (lambda x, d: d * np.log(x), N_("you multiplied dout by log x, the node's forward value, not its derivative."),
     N_("what is d log x / dx?")),
    (lambda x, d: -d / x, N_("the sign is flipped: log x grows with x, so its local gradient is positive."),
     N_("no minus sign belongs here.")),
    (lambda x, d: d / x ** 2, N_("you divided by x², the denominator of the 1/x node's derivative."),
     N_("log x and 1/x have different derivatives; the log node divides by x once.")),
]


@checker
def check_log_backward(fn):
    """`fn(x, dout)` for the node z = log(x), x > 0, should return dout / x."""
    answers = []
    for x, _y, dout in _cases():
        x = abs(x) + 0.1  # log needs x > 0
        what = _("your dL/dx for x={x:.3g}, dout={dout:.3g}").format(x=x, dout=dout)
        got = as_real_number(call(fn, x, dout), what=what)
        answers.append(((x, dout), got))
    found = _first_match(answers, LOG_WRONG, lambda x, d: d / x)
    if found:
        raise NotYet(*found)
    for (x, dout), got in answers:
        expect_close(got, dout / x, what=_("your dL/dx for x={x:.3g}, dout={dout:.3g}").format(x=x, dout=dout),
                     hint=_("the local derivative of log x, times dout."))
    return solved(N_("d log x = dx / x: the log node divides the arriving gradient by its input "
                     "(four cases, one drawn at random)."))


PREDICT_LOGITS = np.array([1.0, 2.0, 0.5])  # true class 1, index 0
PREDICT_TOLERANCE = 0.005  # a hand-worked answer to two decimals is accepted; the notebook says so


def _predict_wrong():
    y = softmax(PREDICT_LOGITS)
    return [
        (y[0], N_("that is y_1, what comes back through S alone; the branch through y_1 and the log is missing."),
         N_("e_1 = exp(a_1) is used twice, by y_1 and by S: the fan-out node e_1 adds what comes back along "
         "both, and only then does the exp node pass the sum on to a_1.")),
        (-1.0, N_("-1 is only the branch through y_1 (the -t_1); e_1 = exp(a_1) also feeds S, and S sends something "
         "back too."),
         N_("the fan-out node e_1 adds the gradients of both its branches before the exp node.")),
        (1 - y[0], N_("that has the wrong sign."),
         N_("raising the true class's logit makes L smaller, so its gradient is negative.")),
        (y[1] - 1, N_("that is the answer for the second logit: true class 1 is index 0 in NumPy."),
         N_("class 1 in the maths is probs[0] in code.")),
        (-np.log(y[0]), N_("that is the loss -log y_1, not its gradient with respect to a_1."),
         N_("follow the two branches that leave e_1 = exp(a_1) backward, then through the exp node.")),
        (y[0] - 1 + y[0], N_("you counted the branch through S twice."),
         N_("each of the two branches that leave e_1 contributes once.")),
    ]


@checker
def check_predicted_grad_a1(fn):
    """`fn()` should return the gradient arriving at a_1 for a = (1, 2, 0.5), true class 1: y_1 - 1, to 0.005."""
    got = as_real_number(call(fn), what=_("your gradient at a_1"))
    y = softmax(PREDICT_LOGITS)
    if abs(got - (y[0] - 1)) <= PREDICT_TOLERANCE:
        return solved(N_("the branch through y_1 brings -t_1 = -1 and the branch through S brings +y_1: "
                         "the gradient at a_1 is y_1 - t_1."))
    for value, message, nudge in _predict_wrong():
        if abs(got - value) <= PREDICT_TOLERANCE:
            raise NotYet(message, nudge)
    raise NotYet(_("your gradient at a_1 ({value:.4g}) is not within {tolerance} of the right value.").format(
                 value=got, tolerance=PREDICT_TOLERANCE),
                 N_("add what comes back along the two branches that leave e_1 = exp(a_1), through y_1 and through S, "
                    "then pass the sum through the exp node."))
