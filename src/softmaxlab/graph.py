"""The computational graph of softmax + cross-entropy, node by node (notebook 05).

Each node is one elementary operation, so its local derivative is a rule you can say
in a sentence: exp gives itself back, an add node copies, a multiply node swaps its
inputs, ``d log x = 1/x``, ``d(1/x) = -1/x^2``. Backward multiplies the gradient
arriving at a node by these local derivatives, one edge at a time; a node that feeds
several others (a fan-out) sums what comes back along its edges.
"""
import numpy as np

from ._checks import as_float_array
from .i18n import _

# op: (symbol drawn in the node, local derivatives d out / d input_k given the input values and the output)
OPS = {
    "input": ("", None),
    "const": ("", None),
    "exp": ("exp", lambda xs, out: [out]),
    "add": ("+", lambda xs, out: [1.0] * len(xs)),
    "inv": ("1/x", lambda xs, out: [-1.0 / xs[0] ** 2]),
    "mul": ("×", lambda xs, out: [xs[1], xs[0]]),
    "log": ("log", lambda xs, out: [1.0 / xs[0]]),
}


def _out_of_range(logits):
    """Why these logits leave the graph's float64 range, and what to do (a sentence), from the unshifted exps."""
    with np.errstate(all="ignore"):
        shifted = np.exp(logits - logits.max())  # (C,)
        smallest = (shifted / shifted.sum()).min()
        e = np.exp(logits.astype(np.float64))  # (C,)
        total = e.sum()
        too_small = not np.isfinite(1.0 / smallest)
    if too_small:
        return _("the smallest probability is {smallest:.3g}, and the log node's derivative 1/y needs y above about "
                 "1e-308, so the graph cannot show logits more than about 709 apart (a max shift does not help)").format(
            smallest=smallest)
    fix = _("The graph computes exp(a) as written (no max shift, so that every node shows its textbook value); "
            "subtract max(logits) from the logits first: y and dL/da do not change")
    if not np.all(np.isfinite(e)):
        return _("exp(a) overflows to inf. {fix}").format(fix=fix)
    # TRANSLATORS: {fix}: the sentence "The graph computes exp(a) as written ..."
    return _("S = sum of exp(a) is {total:.3g}, and the 1/x node's derivative -1/S^2 needs S^2 (and 1/S^2) inside "
             "float64's range, so S must lie between about 1e-154 and 1e154. {fix}").format(total=total, fix=fix)


class CrossEntropyGraph:
    r"""Forward values and backward gradients of :math:`L = -\sum_i t_i \log(e^{a_i} / S)`.

    Nodes, for classes i = 1..C: ``a{i}`` (logit), ``e{i} = exp(a{i})``, ``S = e1 + ... + eC``,
    ``r = 1/S``, ``y{i} = e{i} * r``, ``l{i} = log y{i}``, ``t{i}`` (target, a constant),
    ``p{i} = t{i} * l{i}``, ``s = p1 + ... + pC``, ``m = -1`` (a constant), ``L = s * m``.

    ``value[node]`` is the forward value; ``grad[node]`` is dL/d(node); ``edge_grad[(src, dst)]``
    is the part of dL/d(src) that comes back along the edge src -> dst, so that
    ``grad[src] == sum(edge_grad[(src, dst)] for each dst)``.

    Examples
    --------
    >>> g = CrossEntropyGraph([2.0, 1.0, 0.1], label=0)
    >>> round(g.value["L"], 6)
    0.41703
    >>> [round(g.grad[f"a{i}"], 6) for i in (1, 2, 3)]   # y - t
    [-0.340999, 0.242433, 0.098566]
    >>> round(g.edge_grad[("e1", "S")] + g.edge_grad[("e1", "y1")], 12) == round(g.grad["e1"], 12)
    True

    The nodes compute ``exp(a)`` as written, without the max shift, so that each shows its textbook value.
    Every node value and local derivative must fit in float64: exp(a) (logits up to about 709), the sum S
    and -1/S^2 (S between about 1e-154 and 1e154, so logits up to about 354), 1/y (probabilities above about
    1e-308, so logits at most about 709 apart). Logits outside that range are refused with words. Where a
    shift helps, the words say so: subtracting the max changes neither ``y`` nor ``dL/da`` and brings S
    between 1 and C.

    >>> CrossEntropyGraph([400.0, 0.0], label=0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: logits [400.0, 0.0] are out of this graph's range: S = sum of exp(a) is 5.22e+173, and ...
    >>> f'{CrossEntropyGraph(np.array([400.0, 0.0]) - 400.0, label=0).grad["a2"]:.3g}'   # y_2 = exp(-400) / S
    '1.92e-174'

    Raises
    ------
    TypeError
        `logits` are not real numbers, or `label` is not an integer.
    ValueError
        `logits` are not of shape (C,) with C >= 2, not finite, or out of the graph's range (above);
        `label` is not in [0, C).
    """

    def __init__(self, logits, label):
        logits = as_float_array(logits, "logits")
        if logits.ndim != 1 or logits.size < 2:
            raise ValueError(_("logits must have shape (C,) with C >= 2, got {shape}").format(shape=logits.shape))
        C = logits.size
        if not np.all(np.isfinite(logits)):
            raise ValueError(_("logits must be finite, got {logits}").format(logits=logits.tolist()))
        if not isinstance(label, (int, np.integer)) or isinstance(label, bool):
            raise TypeError(_("label must be an integer class index, got {label!r}").format(label=label))
        if not 0 <= label < C:
            raise ValueError(_("label {label} is out of range: labels must be in [0, {C}) for {C} classes").format(
                               label=label, C=C))
        self.C, self.label = C, int(label)
        self.logits = logits
        self.targets = np.eye(C)[label]
        cls = range(1, C + 1)
        self.op, self.inputs = {}, {}
        for i in cls:
            self._add(f"a{i}", "input")
            self._add(f"e{i}", "exp", f"a{i}")
        self._add("S", "add", *[f"e{i}" for i in cls])
        self._add("r", "inv", "S")
        for i in cls:
            self._add(f"y{i}", "mul", f"e{i}", "r")
            self._add(f"l{i}", "log", f"y{i}")
            self._add(f"t{i}", "const")
            self._add(f"p{i}", "mul", f"t{i}", f"l{i}")
        self._add("s", "add", *[f"p{i}" for i in cls])
        self._add("m", "const")
        self._add("L", "mul", "s", "m")
        self.order = list(self.op)  # every node comes after its inputs
        self.edges = [(src, dst) for dst in self.order for src in self.inputs[dst]]
        try:
            with np.errstate(all="ignore"):
                self.forward()
                self.backward()
            in_range = all(np.isfinite(v) for v in (*self.value.values(), *self.grad.values()))
        except (ZeroDivisionError, OverflowError):
            in_range = False
        if not in_range:
            raise ValueError(_("logits {logits} are out of this graph's range: {reason}.").format(
                               logits=logits.tolist(), reason=_out_of_range(logits)))

    def _add(self, name, op, *inputs):
        self.op[name], self.inputs[name] = op, inputs

    def forward(self):
        """Compute ``value`` for every node, inputs first."""
        v = self.value = {}
        for name in self.order:
            op = self.op[name]
            if op == "input":
                v[name] = float(self.logits[int(name[1:]) - 1])
            elif op == "const":
                v[name] = -1.0 if name == "m" else float(self.targets[int(name[1:]) - 1])
            else:
                xs = [v[src] for src in self.inputs[name]]
                v[name] = float({"exp": lambda: np.exp(xs[0]), "add": lambda: sum(xs), "inv": lambda: 1.0 / xs[0],
                                 "mul": lambda: xs[0] * xs[1], "log": lambda: np.log(xs[0])}[op]())
        return self.value

    def local_grads(self, name):
        """Local derivatives d(name)/d(input_k), one per input, from the forward values."""
        xs = [self.value[src] for src in self.inputs[name]]
        return [float(d) for d in OPS[self.op[name]][1](xs, self.value[name])]

    def backward(self):
        """Fill ``grad`` and ``edge_grad``, output first: dL/dL = 1, then node by node in reverse."""
        self.grad = {name: 0.0 for name in self.order}
        self.edge_grad = {}
        self.grad["L"] = 1.0
        for name in reversed(self.order):
            if not self.inputs[name]:
                continue
            for src, local in zip(self.inputs[name], self.local_grads(name)):
                self.edge_grad[(src, name)] = self.grad[name] * local  # upstream x local
                self.grad[src] += self.edge_grad[(src, name)]  # fan-out: contributions add up
        return self.grad

    @property
    def dlogits(self):
        """dL/da as an array (C,): what arrives back at the logits."""
        return np.array([self.grad[f"a{i}"] for i in range(1, self.C + 1)])

    @property
    def probs(self):
        """The softmax output y as an array (C,)."""
        return np.array([self.value[f"y{i}"] for i in range(1, self.C + 1)])
