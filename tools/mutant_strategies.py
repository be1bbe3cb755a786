"""What tools/mutants.py mutates, and the inputs it tries: slips, strategies, input variations, explained survivors.

- :func:`slips`: one small change of the reference's code (an operator, a constant, an axis, a reduction, an
  argument, an index, a statement), on the lines between the solution markers only.
- :func:`strategies`: wrong approaches learners take. Three sources: a library function the reference calls
  replaced by a wrong version of it (``NAME_STRATEGIES``: naive softmax, a shift only when something
  overflows, one_hot without num_classes...), a NumPy function replaced (``NUMPY_STRATEGIES``: argmax
  breaking ties toward the last index, a max over the whole batch), and whole wrong functions written for
  one exercise (``WRITTEN``, keyed by the exercise's function name).
- :func:`variations`: the inputs, besides the checker's own, on which a mutant must equal the reference to
  count as equivalent.
- ``EXPLAINED``: survivors allowed because the exercise text says why (the quoted words must be in it).
"""
import ast
import copy
import textwrap

import numpy as np

# ---- slips -----------------------------------------------------------------------------------------

BINOPS = {ast.Add: [ast.Sub, ast.Mult], ast.Sub: [ast.Add], ast.Mult: [ast.Div, ast.Add], ast.Div: [ast.Mult, ast.Sub],
          ast.Pow: [ast.Mult], ast.FloorDiv: [ast.Div], ast.MatMult: [ast.Mult], ast.BitAnd: [ast.BitOr],
          ast.BitOr: [ast.BitAnd]}
COMPARES = {ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt],
            ast.GtE: [ast.Gt, ast.LtE], ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.Is: [ast.IsNot],
            ast.IsNot: [ast.Is]}
# name -> what a slip puts in its place (NumPy function, array method or builtin)
SWAPS = {"max": ["min", "mean", "median", "sum"], "min": ["max"], "amax": ["amin"], "sum": ["mean", "max"],
         "mean": ["sum", "median", "max"], "log": ["log1p", "log2"], "log1p": ["log"], "exp": ["expm1", "exp2"],
         "argmax": ["argmin"], "argmin": ["argmax"], "maximum": ["minimum"], "minimum": ["maximum"],
         "std": ["var"], "cumsum": ["sort"], "sort": ["argsort"], "argsort": ["sort"], "abs": ["negative"],
         "count_nonzero": ["size"], "isneginf": ["isinf"], "outer": ["dot"], "diag": ["diagflat"]}
METHODS = {"max", "min", "sum", "mean", "argmax", "argmin", "std", "var", "cumsum", "prod", "sort", "argsort"}
AXES = ["0", "1", "-1", "None"]
EPS = 1e-7


def _np(name, args, keywords):
    return ast.Call(ast.Attribute(ast.Name("np", ast.Load()), name, ast.Load()), args, keywords)


def _plus_eps(node):
    return ast.BinOp(node, ast.Add(), ast.Constant(EPS))


def _number(value):
    return ast.UnaryOp(ast.USub(), ast.Constant(-value)) if value < 0 else ast.Constant(value)


def _call_slips(node):
    func, name = node.func, getattr(node.func, "attr", getattr(node.func, "id", None))
    is_np = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np"
    is_method = isinstance(func, ast.Attribute) and not is_np and name in METHODS
    is_builtin = isinstance(func, ast.Name) and name in ("max", "min", "abs", "sum")
    for other in SWAPS.get(name, []) if (is_np or is_method or is_builtin) else []:
        if is_np:
            yield f"`np.{name}` -> `np.{other}`", ast.Call(ast.Attribute(func.value, other, ast.Load()), node.args,
                                                           node.keywords)
        elif is_method:
            yield (f"`.{name}()` -> `.{other}()`" if other in METHODS else f"`x.{name}()` -> `np.{other}(x)`",
                   ast.Call(ast.Attribute(func.value, other, ast.Load()), node.args, node.keywords)
                   if other in METHODS else _np(other, [func.value, *node.args], node.keywords))
        elif other in ("max", "min", "abs", "sum"):
            yield f"`{name}` -> `{other}`", ast.Call(ast.Name(other, ast.Load()), node.args, node.keywords)
    for i, kw in enumerate(node.keywords):
        rest = node.keywords[:i] + node.keywords[i + 1:]
        yield f"argument `{kw.arg}=` dropped", ast.Call(func, node.args, rest)
        if kw.arg == "axis":
            for axis in AXES:
                if axis != ast.unparse(kw.value):
                    yield f"`axis={axis}`", ast.Call(func, node.args, rest + [ast.keyword("axis", ast.parse(axis).body[0].value)])
        if kw.arg == "keepdims":
            yield "`keepdims` flipped", ast.Call(func, node.args, rest + [
                ast.keyword("keepdims", ast.UnaryOp(ast.Not(), kw.value))])
    if len(node.args) >= 2 or (node.args and node.keywords):
        for i in range(len(node.args)):
            yield f"argument {i + 1} of `{name}` dropped", ast.Call(func, node.args[:i] + node.args[i + 1:], node.keywords)
    for i in range(len(node.args) - 1):
        args = list(node.args)
        args[i], args[i + 1] = args[i + 1], args[i]
        yield f"arguments {i + 1} and {i + 2} of `{name}` swapped", ast.Call(func, args, node.keywords)
    if name in ("log", "log1p", "sqrt", "log2") and len(node.args) == 1:
        yield f"`+ eps` inside `{name}`", ast.Call(func, [_plus_eps(node.args[0])], node.keywords)
    if name in ("max", "argmax", "sum", "mean", "min") and (is_np or is_method) and not node.keywords and \
            len(node.args) <= (1 if is_np else 0):  # a reduction over the whole array: try one axis
        for axis in ("0", "-1"):
            yield f"`{name}` with `axis={axis}`", ast.Call(func, node.args, [ast.keyword("axis", ast.parse(axis).body[0].value)])


def _node_slips(node):
    """(label, replacement node) for every slip of `node` itself (None as replacement: remove the statement)."""
    if isinstance(node, (ast.BinOp, ast.AugAssign)):
        for op in BINOPS.get(type(node.op), []):
            new = copy.copy(node)
            new.op = op()
            yield f"`{type(node.op).__name__}` -> `{op.__name__}`", new
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, (ast.Sub, ast.Div, ast.Pow, ast.MatMult)):
            yield "operands swapped", ast.BinOp(node.right, node.op, node.left)
        if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            yield f"`{ast.unparse(node)}` -> its left operand", node.left
            if isinstance(node.op, (ast.Add, ast.Mult)):
                yield f"`{ast.unparse(node)}` -> its right operand", node.right
        if isinstance(node.op, ast.Div):
            yield "`+ eps` in a denominator", ast.BinOp(node.left, node.op, _plus_eps(node.right))
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        for op in COMPARES.get(type(node.ops[0]), []):
            yield f"`{type(node.ops[0]).__name__}` -> `{op.__name__}`", ast.Compare(node.left, [op()], node.comparators)
    if isinstance(node, ast.BoolOp):
        yield "`and`/`or` swapped", ast.BoolOp(ast.Or() if isinstance(node.op, ast.And) else ast.And(), node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        yield f"`{ast.unparse(node)}` -> `{ast.unparse(node.operand)}`", node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        v = node.value
        values = [v + 1, v - 1, v * 2] + ([v / 2] if isinstance(v, float) or v % 2 == 0 else [])
        values += [v * 10, v / 10] if isinstance(v, float) and 0 < abs(v) < 1e-3 else []
        for new in dict.fromkeys(type(v)(x) if isinstance(v, int) else x for x in values):
            if new != v:
                yield f"constant {v!r} -> {new!r}", _number(new)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) == 1 and node.value.isalpha():
        yield f"label {node.value!r} -> {chr(ord(node.value) + 1)!r}", ast.Constant(chr(ord(node.value) + 1))
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)) and len(node.elts) >= 2:
        for i, elt in enumerate(node.elts):
            yield f"`{ast.unparse(elt)}` left out", type(node)(node.elts[:i] + node.elts[i + 1:], *(
                [node.ctx] if hasattr(node, "ctx") else []))
    if isinstance(node, ast.Dict) and len(node.values) >= 2:
        for i, key in enumerate(node.keys):
            values = list(node.values)
            values[i] = node.values[(i + 1) % len(values)]
            yield f"the value of {ast.unparse(key)} replaced by the next one's", ast.Dict(node.keys, values)
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield f"`{node.value}` -> `{not node.value}`", ast.Constant(not node.value)
    if isinstance(node, ast.Call):
        yield from _call_slips(node)
    if isinstance(node, ast.Subscript):
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for i, part in enumerate(parts):
            if isinstance(part, (ast.Name, ast.Constant)) and not isinstance(getattr(part, "value", 0), str):
                for sign, op in (("+", ast.Add()), ("-", ast.Sub())):
                    new_parts = list(parts)
                    new_parts[i] = ast.BinOp(part, op, ast.Constant(1))
                    index = ast.Tuple(new_parts, ast.Load()) if isinstance(node.slice, ast.Tuple) else new_parts[0]
                    yield f"index `{ast.unparse(part)}` {sign} 1", ast.Subscript(node.value, index, node.ctx)
    if isinstance(node, ast.Tuple) and isinstance(node.ctx, ast.Load) and len(node.elts) == 2:
        yield "the two results swapped", ast.Tuple(node.elts[::-1], ast.Load())
    if isinstance(node, ast.If):
        for test, label in ((ast.Constant(True), "always"), (ast.Constant(False), "never"),
                            (ast.UnaryOp(ast.Not(), node.test), "negated")):
            yield f"`if {ast.unparse(node.test)}` {label}", ast.If(test, node.body, node.orelse)
    if isinstance(node, ast.stmt) and not isinstance(node, ast.Return):
        yield f"statement `{ast.unparse(node).splitlines()[0]}` removed", ast.Pass()


def slips(function, lines):
    """(label, mutated function) for each slip of a node on `lines` of `function` (an ast.FunctionDef)."""
    nodes = list(ast.walk(function))
    for index, node in enumerate(nodes):
        if getattr(node, "lineno", None) not in lines or node is function:
            continue
        for label, replacement in _node_slips(node):
            tree = copy.deepcopy(function)
            target = list(ast.walk(tree))[index]
            if _replace(tree, target, copy.deepcopy(replacement)):
                yield f"L{node.lineno - min(lines) + 1}: {label}", ast.fix_missing_locations(tree)


def _replace(tree, target, new):
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, new)
                return True
            if isinstance(value, list) and any(v is target for v in value):
                setattr(parent, field, [new if v is target else v for v in value])
                return True
    return False


# ---- strategies ------------------------------------------------------------------------------------

def _naive_softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def _shift_when_overflow(x, axis=-1):
    x = np.asarray(x, dtype=float)
    if np.max(x) > 709:
        x = x - np.max(x, axis=axis, keepdims=True)
    return _naive_softmax(x, axis)


def _clipped(x, axis=-1):
    return _naive_softmax(np.clip(x, -500, 500), axis)


def _batch_max(x, axis=-1):
    return _naive_softmax(np.asarray(x) - np.max(x), axis)


def _mean_shift(x, axis=-1):
    return _naive_softmax(np.asarray(x) - np.mean(x, axis=axis, keepdims=True), axis)


def _whole_array(x, axis=-1):
    e = np.exp(np.asarray(x) - np.max(x))
    return e / e.sum()


def _axis0(x, axis=-1):
    e = np.exp(np.asarray(x) - np.max(x, axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _float32(x, axis=-1):
    x = np.asarray(x, dtype=np.float32)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(np.float64)


SOFTMAXES = {"softmax without the max shift": _naive_softmax,
             "a shift only when something overflows": _shift_when_overflow,
             "clipping the logits to +-500 instead of shifting": _clipped,
             "the max of the whole batch as the shift": _batch_max,
             "the mean as the shift": _mean_shift,
             "normalised over the whole array": _whole_array,
             "softmax along axis 0": _axis0,
             "softmax computed in float32": _float32}


def _log_softmaxes():
    return {"log of softmax": lambda x, axis=-1: np.log(_naive_softmax(np.asarray(x) - np.max(x, axis, keepdims=True), axis)),
            "log(softmax + 1e-7)": lambda x, axis=-1: np.log(_float64_softmax(x, axis) + 1e-7),
            "x - log(sum(exp(x))) without a shift": lambda x, axis=-1: x - np.log(np.exp(x).sum(axis, keepdims=True)),
            "the max of the whole batch as the shift": lambda x, axis=-1: (
                (x - np.max(x)) - np.log(np.exp(x - np.max(x)).sum(axis, keepdims=True)))}


def _float64_softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    return _naive_softmax(x - x.max(axis=axis, keepdims=True), axis)


def _name_strategies(namespace):
    """{name used by a reference: {label: replacement}}."""
    found = {"softmax": SOFTMAXES, "log_softmax": _log_softmaxes()}
    if "one_hot" in namespace:
        one_hot = namespace["one_hot"]
        found["one_hot"] = {"one_hot without num_classes": lambda labels, num_classes=None: one_hot(labels)}
    if "cross_entropy" in namespace:
        ce = namespace["cross_entropy"]
        found["cross_entropy"] = {"cross_entropy with ignore_index left out":
                                  lambda logits, targets, **kw: ce(logits, np.where(
                                      np.asarray(targets) == kw.pop("ignore_index", -100), 0, targets), **kw)}
    return found


class _NumPy:
    """numpy with a few functions replaced."""

    def __init__(self, **replaced):
        self.__dict__.update(replaced)

    def __getattr__(self, name):
        return getattr(np, name)


def _argmax_last(a, axis=None, **kw):
    a = np.asarray(a)
    if axis is None:
        return a.size - 1 - int(np.argmax(a.ravel()[::-1]))
    return a.shape[axis] - 1 - np.argmax(np.flip(a, axis), axis=axis, **kw)


def _max_of_all(a, axis=None, keepdims=False, **kw):
    return np.max(a, axis=None, keepdims=keepdims, **kw)


NUMPY_STRATEGIES = {"np.argmax": ("argmax breaking ties toward the last index", _NumPy(argmax=_argmax_last)),
                    "np.max(": ("np.max over the whole batch, whatever the axis", _NumPy(max=_max_of_all))}


def strategies(exercise):
    """(label, source, overrides) for each strategy that applies to `exercise`."""
    function, namespace = exercise.function, exercise.namespace()
    source = ast.unparse(function)
    used = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
    for name, options in _name_strategies(namespace).items():
        if name in used:
            for label, replacement in options.items():
                yield f"`{name}` -> {label}", source, {name: replacement}
    for needle, (label, fake) in NUMPY_STRATEGIES.items():
        if needle in source:
            yield label, source, {"np": fake}
    for label, text in WRITTEN.get(function.name, []):
        yield label, textwrap.dedent(text).strip(), {}


# Whole wrong functions, per exercise (the function's name), as learners write them.
SOFTMAX_1D = [
    ("a shift only when something overflows", """
        def {f}(logits):
            logits = np.asarray(logits, dtype=float)
            if np.max(logits) > 709:
                logits = logits - np.max(logits)
            e = np.exp(logits)
            return e / e.sum()"""),
    ("a shift only when the naive answer is not finite", """
        def {f}(logits):
            e = np.exp(logits)
            naive = e / e.sum()
            if np.all(np.isfinite(naive)):
                return naive
            e = np.exp(logits - np.max(logits))
            return e / e.sum()"""),
    ("clipping instead of shifting", """
        def {f}(logits):
            e = np.exp(np.clip(logits, -700, 700))
            return e / e.sum()"""),
    ("the mean as the shift", """
        def {f}(logits):
            e = np.exp(logits - np.mean(logits))
            return e / e.sum()"""),
    ("the median as the shift", """
        def {f}(logits):
            e = np.exp(logits - np.median(logits))
            return e / e.sum()"""),
    ("the first logit as the shift", """
        def {f}(logits):
            e = np.exp(logits - logits[0])
            return e / e.sum()"""),
    ("the last logit as the shift", """
        def {f}(logits):
            e = np.exp(logits - logits[-1])
            return e / e.sum()"""),
    ("divide by the max instead of subtracting it", """
        def {f}(logits):
            e = np.exp(logits / np.max(np.abs(logits)))
            return e / e.sum()"""),
    ("nan_to_num over a naive softmax", """
        def {f}(logits):
            e = np.exp(logits)
            return np.nan_to_num(e / e.sum())"""),
]
BATCHED = [(label, text.replace("np.max(logits)", "np.max(logits, axis=-1, keepdims=True)")
            .replace("np.mean(logits)", "np.mean(logits, axis=-1, keepdims=True)")
            .replace("np.median(logits)", "np.median(logits, axis=-1, keepdims=True)")
            .replace("logits[0]", "logits[..., :1]").replace("logits[-1]", "logits[..., -1:]")
            .replace("e.sum()", "e.sum(axis=-1, keepdims=True)").replace("np.all(np.isfinite(naive))", "np.all(np.isfinite(naive))")) for label, text in SOFTMAX_1D] + [
    ("the max of the whole batch as the shift", """
        def {f}(logits):
            e = np.exp(logits - np.max(logits))
            return e / e.sum(axis=-1, keepdims=True)"""),
    ("a loop over the rows that shifts only the first", """
        def {f}(logits):
            out = np.exp(logits - np.max(logits[0]))
            return out / out.sum(axis=-1, keepdims=True)"""),
]
LSE = [
    ("a shift only when something overflows", """
        def {f}(logits):
            m = np.max(logits)
            if m > 709:
                return m + np.log(np.sum(np.exp(logits - m)))
            return np.log(np.sum(np.exp(logits)))"""),
    ("a shift only when the naive answer is not finite", """
        def {f}(logits):
            naive = np.log(np.sum(np.exp(logits)))
            if np.isfinite(naive):
                return naive
            m = np.max(logits)
            return m + np.log(np.sum(np.exp(logits - m)))"""),
    ("clipping instead of shifting", """
        def {f}(logits):
            return np.log(np.sum(np.exp(np.clip(logits, -700, 700))))"""),
    ("the mean as the shift", """
        def {f}(logits):
            m = np.mean(logits)
            return m + np.log(np.sum(np.exp(logits - m)))"""),
    ("log(sum(exp) + eps)", """
        def {f}(logits):
            m = np.max(logits)
            return m + np.log(np.sum(np.exp(logits - m)) + 1e-7)"""),
]
ROW_LSE = [  # row_log_softmax: the learner writes only m
    ("the mean of each row as m", "def {f}(logits):\n    m = logits.mean(axis=1, keepdims=True)\n    shifted = logits - m\n"
     "    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))"),
    ("the median of each row as m", "def {f}(logits):\n    m = np.median(logits, axis=1, keepdims=True)\n"
     "    shifted = logits - m\n    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))"),
    ("the second-largest of each row as m", "def {f}(logits):\n    m = np.sort(logits, axis=1)[:, -2:-1]\n"
     "    shifted = logits - m\n    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))"),
    ("the last logit of each row as m", "def {f}(logits):\n    m = logits[:, -1:]\n    shifted = logits - m\n"
     "    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))"),
    ("m = 0 when nothing overflows", "def {f}(logits):\n    m = logits.max(axis=1, keepdims=True) if logits.max() > 709 "
     "else np.zeros((len(logits), 1))\n    shifted = logits - m\n"
     "    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))"),
]
MASKED = [
    (f"a finite fill of {fill} for masked keys", """
        def {f}(scores, mask):
            x = np.where(mask, scores, FILL)
            e = np.exp(x - x.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)""".replace("FILL", fill)) for fill in ("-30.0", "-100.0", "-1e9")] + [
    ("a 1e-10 leak at masked keys", """
        def {f}(scores, mask):
            x = np.where(mask, scores, -np.inf)
            m = np.max(np.where(mask, scores, -1e300), axis=-1, keepdims=True)
            e = np.exp(x - m) + 1e-10
            return e / e.sum(axis=-1, keepdims=True)"""),
    ("the mask applied after an unmasked softmax, not renormalised", """
        def {f}(scores, mask):
            e = np.exp(scores - scores.max(axis=-1, keepdims=True))
            return np.where(mask, e / e.sum(axis=-1, keepdims=True), 0.0)"""),
    ("the mask applied after the exp, max over every key", """
        def {f}(scores, mask):
            e = np.exp(scores - scores.max(axis=-1, keepdims=True)) * mask
            s = e.sum(axis=-1, keepdims=True)
            return e / np.where(s > 0, s, 1.0)"""),
    ("nan_to_num over -inf fills (nan rows become 0, but so does underflow)", """
        def {f}(scores, mask):
            x = np.where(mask, scores, -np.inf)
            e = np.exp(x - x.max(axis=-1, keepdims=True))
            return np.nan_to_num(e / e.sum(axis=-1, keepdims=True))"""),
]
WRITTEN = {
    "stable_softmax": SOFTMAX_1D, "my_logsumexp": LSE, "batched_softmax": BATCHED, "softmax_rows": BATCHED,
    "row_log_softmax": ROW_LSE, "my_masked_softmax": MASKED,
    "predicted_class": [("the largest probability instead of its index", """
        def {f}(logits):
            e = np.exp(logits - np.max(logits))
            return float(np.max(e / e.sum()))"""),
        ("the last index among ties", """
        def {f}(logits):
            return int(np.flatnonzero(logits == np.max(logits))[-1])""")],
    "attention": [("clip(scores, None, 700) without a max shift", """
        def {f}(q, k, v):
            scores = np.clip(q @ k.T / np.sqrt(q.shape[-1]), None, 700)
            e = np.exp(scores)
            return e / e.sum(axis=-1, keepdims=True) @ v"""),
        ("scaled by d instead of sqrt(d)", """
        def {f}(q, k, v):
            return softmax(q @ k.T / q.shape[-1], axis=-1) @ v"""),
        ("scaled by sqrt of the number of keys", """
        def {f}(q, k, v):
            return softmax(q @ k.T / np.sqrt(k.shape[0]), axis=-1) @ v""")],
    "my_softmax_with_sink": [("the sink left out of the max (m = max x alone)", """
        def {f}(scores):
            m = scores.max(axis=-1, keepdims=True)
            e = np.exp(scores - m)
            return e / (np.exp(-m) + e.sum(axis=-1, keepdims=True))"""),
        ("shifted, but the sink's 1 not rescaled", """
        def {f}(scores):
            m = scores.max(axis=-1, keepdims=True)
            e = np.exp(scores - m)
            return e / (1.0 + e.sum(axis=-1, keepdims=True))"""),
        ("no shift", """
        def {f}(scores):
            e = np.exp(scores)
            return e / (1.0 + e.sum(axis=-1, keepdims=True))""")],
    "model_gradients": [("one_hot without num_classes", """
        def {f}(X, labels, W, b):
            N = len(X)
            dlogits = (softmax(X @ W + b) - one_hot(labels)) / N
            return X.T @ dlogits, dlogits.sum(axis=0)"""),
        ("the max of the whole batch as the shift", """
        def {f}(X, labels, W, b):
            z = X @ W + b
            e = np.exp(z - z.max())
            dlogits = e / e.sum(axis=1, keepdims=True)
            dlogits[np.arange(len(X)), labels] -= 1.0
            dlogits /= len(X)
            return X.T @ dlogits, dlogits.sum(axis=0)""")],
    "backward_pure": [("one_hot without num_classes", """
        def {f}(probs, labels):
            return (probs - one_hot(labels)) / len(labels)"""),
        ("probs changed in place", """
        def {f}(probs, labels):
            probs[np.arange(len(labels)), labels] -= 1
            return probs / len(labels)""")],
    "accuracy": [("argmax along axis 0", """
        def {f}(logits, labels):
            return float(np.mean(np.argmax(logits, axis=0)[:len(labels)] == labels))""")],
    "ignored_mean": [("indexing with the ignored labels too", """
        def {f}(logits, labels, ignore_index):
            keep = labels != ignore_index
            losses = -log_softmax(logits)[np.arange(len(labels)), labels]
            return np.sum(losses[keep]) / keep.sum()"""),
        ("dividing by every sample", """
        def {f}(logits, labels, ignore_index):
            keep = labels != ignore_index
            losses = -log_softmax(logits[keep])[np.arange(keep.sum()), labels[keep]]
            return np.sum(losses) / len(labels)""")],
    "weighted_mean": [("D as the weight the smoothed rows carry", """
        def {f}(logits, labels, weight, eps):
            N, C = logits.shape
            t = (1 - eps) * one_hot(labels, C) + eps / C
            return -np.sum(weight * t * log_softmax(logits)) / np.sum(weight * t)"""),
        ("each row weighted by its label's weight only", """
        def {f}(logits, labels, weight, eps):
            N, C = logits.shape
            t = (1 - eps) * one_hot(labels, C) + eps / C
            losses = -np.sum(t * log_softmax(logits), axis=1)
            return np.sum(weight[labels] * losses) / np.sum(weight[labels])"""),
        ("the plain mean of the weighted losses", """
        def {f}(logits, labels, weight, eps):
            N, C = logits.shape
            t = (1 - eps) * one_hot(labels, C) + eps / C
            return np.mean(-np.sum(weight * t * log_softmax(logits), axis=1))"""),
        ("eps / (C - 1) off the true class", """
        def {f}(logits, labels, weight, eps):
            N, C = logits.shape
            t = np.full((N, C), eps / (C - 1))
            t[np.arange(N), labels] = 1 - eps
            return -np.sum(weight * t * log_softmax(logits)) / np.sum(weight[labels])""")],
    "micro_batch_losses": [("each micro-batch's own token mean", """
        def {f}(micro_batches, ignore_index):
            return [cross_entropy(l.reshape(-1, l.shape[-1]), y.reshape(-1), ignore_index=ignore_index)
                    for l, y in micro_batches]"""),
        ("each micro-batch's own mean over K (the mean of means)", """
        def {f}(micro_batches, ignore_index):
            K = len(micro_batches)
            return [cross_entropy(l.reshape(-1, l.shape[-1]), y.reshape(-1), ignore_index=ignore_index) / K
                    for l, y in micro_batches]"""),
        ("every token counted, ignored ones too", """
        def {f}(micro_batches, ignore_index):
            total = sum(y.size for _, y in micro_batches)
            return [cross_entropy(l.reshape(-1, l.shape[-1]), y.reshape(-1), ignore_index=ignore_index,
                                  reduction="sum") / total for l, y in micro_batches]"""),
        ("ignore_index not passed on (PyTorch's default -100)", """
        def {f}(micro_batches, ignore_index):
            total = sum(np.count_nonzero(y != ignore_index) for _, y in micro_batches)
            return [cross_entropy(l.reshape(-1, l.shape[-1]), y.reshape(-1), reduction="sum") / total
                    for l, y in micro_batches]""")],
    "calibrate": [("T fitted on the test split", """
        def {f}(splits):
            T = fit_temperature(*splits["test"])
            return T, cross_entropy(splits["test"][0] / T, splits["test"][1])"""),
        ("T fitted on the pooled splits", """
        def {f}(splits):
            logits = np.concatenate([l for l, _ in splits.values()])
            labels = np.concatenate([y for _, y in splits.values()])
            T = fit_temperature(logits, labels)
            return T, cross_entropy(splits["test"][0] / T, splits["test"][1])"""),
        ("T fitted on training + validation", """
        def {f}(splits):
            logits = np.concatenate([splits["training"][0], splits["validation"][0]])
            labels = np.concatenate([splits["training"][1], splits["validation"][1]])
            T = fit_temperature(logits, labels)
            return T, cross_entropy(splits["test"][0] / T, splits["test"][1])"""),
        ("T from a 0.01 grid on the validation NLL", """
        def {f}(splits):
            grid = np.arange(0.05, 10.0, 0.01)
            T = grid[np.argmin([cross_entropy(splits["validation"][0] / t, splits["validation"][1]) for t in grid])]
            return T, cross_entropy(splits["test"][0] / T, splits["test"][1])"""),
        ("T minimising the validation ECE", """
        def {f}(splits):
            from softmaxlab.calibration import expected_calibration_error as ece_of
            grid = np.arange(0.05, 10.0, 0.01)
            logits, labels = splits["validation"]
            T = grid[np.argmin([ece_of(softmax(logits / t), labels) for t in grid])]
            return T, cross_entropy(splits["test"][0] / T, splits["test"][1])""")],
    "ece": [("abs outside the sum over bins", """
        def {f}(probs, labels, n_bins):
            conf, hits = probs.max(axis=1), probs.argmax(axis=1) == labels
            edges = np.linspace(0.0, 1.0, n_bins + 1)
            total = 0.0
            for lo, hi in zip(edges[:-1], edges[1:]):
                inside = (conf > lo) & (conf <= hi)
                if inside.any():
                    total += inside.mean() * (hits[inside].mean() - conf[inside].mean())
            return abs(total)"""),
        ("the unweighted mean over the bins", """
        def {f}(probs, labels, n_bins):
            conf, hits = probs.max(axis=1), probs.argmax(axis=1) == labels
            edges = np.linspace(0.0, 1.0, n_bins + 1)
            gaps = []
            for lo, hi in zip(edges[:-1], edges[1:]):
                inside = (conf > lo) & (conf <= hi)
                if inside.any():
                    gaps.append(abs(hits[inside].mean() - conf[inside].mean()))
            return float(np.mean(gaps))"""),
        ("bins closed on the left, [lo, hi)", """
        def {f}(probs, labels, n_bins):
            conf, hits = probs.max(axis=1), probs.argmax(axis=1) == labels
            edges = np.linspace(0.0, 1.0, n_bins + 1)
            total = 0.0
            for lo, hi in zip(edges[:-1], edges[1:]):
                inside = (conf >= lo) & ((conf < hi) if hi < 1 else (conf <= hi))
                if inside.any():
                    total += inside.mean() * abs(hits[inside].mean() - conf[inside].mean())
            return total""")],
    "top_p": [("keeping the tokens with cumsum <= p", """
        def {f}(probs, p):
            order = np.argsort(-probs)
            cum = np.cumsum(probs[order])
            keep = np.zeros(len(probs), bool)
            keep[order[cum <= p]] = True
            kept = np.where(keep, probs, 0.0)
            return kept / kept.sum()"""),
        ("ties with the crossing token dropped", """
        def {f}(probs, p):
            order = np.argsort(-probs, kind="stable")
            cum = np.cumsum(probs[order])
            n = int(np.argmax(cum >= p)) + 1
            keep = np.zeros(len(probs), bool)
            keep[order[:n]] = True
            kept = np.where(keep, probs, 0.0)
            return kept / kept.sum()""")],
    "top_k": [("exactly k tokens, ties dropped", """
        def {f}(probs, k):
            keep = np.zeros(len(probs), bool)
            keep[np.argsort(-probs, kind="stable")[:k]] = True
            kept = np.where(keep, probs, 0.0)
            return kept / kept.sum()"""),
        ("strictly above the k-th largest", """
        def {f}(probs, k):
            kth = np.sort(probs)[::-1][min(k, len(probs)) - 1]
            kept = np.where(probs > kth, probs, 0.0)
            return kept / kept.sum()""")],
    "gumbel_sample": [("G = -log(u)", """
        def {f}(logits, T, u):
            return np.argmax(logits / T - np.log(u), axis=-1)"""),
        ("logits times T", """
        def {f}(logits, T, u):
            return np.argmax(logits * T - np.log(-np.log(u)), axis=-1)""")],
    "temperature_then_top_p": [("top-p before the temperature", """
        def {f}(logits, T, p):
            return softmax(top_p_filter(logits, p) / T)""")],
    "online_update_row": [("no guard for a first tile of -inf", """
        def {f}(m, s, chunk):
            m_new = max(m, np.max(chunk))
            return m_new, s * np.exp(m - m_new) + np.sum(np.exp(chunk - m_new))"""),
        ("the old sum not rescaled", """
        def {f}(m, s, chunk):
            m_new = max(m, np.max(chunk))
            if m_new == -np.inf:
                return m_new, s
            return m_new, s + np.sum(np.exp(chunk - m_new))""")],
    "lse_one_pass": [("a second pass (max first, then the sum)", """
        def {f}(chunks):
            chunks = list(chunks)
            m = max(np.max(c) for c in chunks)
            return m + np.log(sum(np.sum(np.exp(c - m)) for c in chunks))"""),
        ("each chunk's own logsumexp added up", """
        def {f}(chunks):
            return float(sum(np.max(c) + np.log(np.sum(np.exp(c - np.max(c)))) for c in chunks))""")],
    "kl_batchmean": [("the mean over every entry (reduction 'mean')", """
        def {f}(log_probs, targets):
            safe = np.where(targets > 0, targets, 1.0)
            return float(np.mean(np.where(targets > 0, targets * (np.log(safe) - log_probs), 0.0)))"""),
        ("0 log 0 left as nan", """
        def {f}(log_probs, targets):
            return float(np.sum(targets * (np.log(targets) - log_probs)) / len(log_probs))""")],
    "distillation_grad": [("without the factor T", """
        def {f}(student_logits, teacher_logits, labels, T, alpha):
            N, C = student_logits.shape
            hard = softmax(student_logits) - one_hot(labels, C)
            soft = softmax(student_logits / T) - softmax(teacher_logits / T)
            return (alpha * hard + (1 - alpha) * soft) / N"""),
        ("T squared kept", """
        def {f}(student_logits, teacher_logits, labels, T, alpha):
            N, C = student_logits.shape
            hard = softmax(student_logits) - one_hot(labels, C)
            soft = T ** 2 * (softmax(student_logits / T) - softmax(teacher_logits / T))
            return (alpha * hard + (1 - alpha) * soft) / N"""),
        ("the hard term at temperature T too", """
        def {f}(student_logits, teacher_logits, labels, T, alpha):
            N, C = student_logits.shape
            hard = softmax(student_logits / T) - one_hot(labels, C)
            soft = T * (softmax(student_logits / T) - softmax(teacher_logits / T))
            return (alpha * hard + (1 - alpha) * soft) / N"""),
        ("alpha and 1 - alpha swapped", """
        def {f}(student_logits, teacher_logits, labels, T, alpha):
            N, C = student_logits.shape
            hard = softmax(student_logits) - one_hot(labels, C)
            soft = T * (softmax(student_logits / T) - softmax(teacher_logits / T))
            return ((1 - alpha) * hard + alpha * soft) / N""")],
    "smoothed_losses": [("eps / (C - 1) off the true class", """
        def {f}(logits, labels, eps):
            N, C = logits.shape
            t = np.full((N, C), eps / (C - 1))
            t[np.arange(N), labels] = 1 - eps
            return -np.sum(t * log_softmax(logits), axis=1)""")],
    "keras_cce": [("clipping before normalising", """
        def {f}(targets, probs, eps=1e-7):
            probs = np.clip(probs, eps, 1 - eps)
            probs = probs / np.sum(probs, axis=-1, keepdims=True)
            return -np.sum(targets * np.log(probs), axis=-1)""")],
    "bce_with_logits": [("the naive formula through the sigmoid", """
        def {f}(z, targets):
            p = 1 / (1 + np.exp(-z))
            return np.mean(-(targets * np.log(p) + (1 - targets) * np.log(1 - p)))"""),
        ("log(1 + exp(-|z|)) without log1p", """
        def {f}(z, targets):
            return np.mean(np.maximum(z, 0) - z * targets + np.log(1 + np.exp(-np.abs(z))))""")],
    "softmax_vjp": [("the sum of dout instead of the sum of probs * dout", """
        def {f}(probs, dout):
            return probs * (dout - np.sum(dout, axis=-1, keepdims=True))"""),
        ("one Jacobian for the whole batch (of the first row)", """
        def {f}(probs, dout):
            J = np.diag(probs[0]) - np.outer(probs[0], probs[0])
            return dout @ J""")],
    "my_softmax": [("divided by the largest exp", """
        def {f}(logits):
            e = np.exp(logits)
            return e / e.max()"""),
        ("the exps over the sum of the logits", """
        def {f}(logits):
            return np.exp(logits) / np.sum(logits)"""),
        ("a guard against a zero sum", """
        def {f}(logits):
            e = np.exp(logits)
            return e / max(e.sum(), 1e-12)""")],
    "dlogits_batch": [("np.eye(labels.max() + 1) as the one-hot rows", """
        def {f}(logits, labels):
            return (softmax(logits, axis=-1) - np.eye(labels.max() + 1)[labels]) / len(logits)"""),
        ("the gradient of the summed loss (no / N)", """
        def {f}(logits, labels):
            return softmax(logits, axis=-1) - one_hot(labels, logits.shape[1])""")],
    "best_change": [("always raise the logit k", """
        def {f}(logits, k):
            return (k, 1.0)"""),
        ("lower the largest other logit", """
        def {f}(logits, k):
            others = [j for j in range(len(logits)) if j != k]
            return (max(others, key=lambda j: logits[j]), -1.0)"""),
        ("only +1 moves tried", """
        def {f}(logits, k):
            best, move = -1.0, None
            for j in range(len(logits)):
                moved = np.array(logits, dtype=float)
                moved[j] += 1.0
                if softmax(moved)[k] > best:
                    best, move = softmax(moved)[k], (j, 1.0)
            return move""")],
    "temperature_limits": [("the cold limit as a one-hot of the argmax (ties not shared)", """
        def {f}(logits):
            logits = np.asarray(logits, dtype=float)
            cold = np.zeros(len(logits))
            cold[np.argmax(logits)] = 1.0
            return cold, np.full(len(logits), 1.0 / len(logits))"""),
        ("the limits as softmax at T = 0.01 and T = 100", """
        def {f}(logits):
            logits = np.asarray(logits, dtype=float)
            return softmax(logits / 0.01), softmax(logits / 100)""")],
    "jacobian_entry": [("y_i (1 - y_j) for every entry", """
        def {f}(probs, i, j):
            return probs[i] * (1 - probs[j])"""),
        ("-y_i y_j for every entry", """
        def {f}(probs, i, j):
            return -probs[i] * probs[j]""")],
    "jacobian_matrix": [("the diagonal only", """
        def {f}(probs):
            return np.diag(probs * (1 - probs))"""),
        ("y y^T as a scalar (p @ p)", """
        def {f}(probs):
            return np.diag(probs) - probs @ probs""")],
    "jacobian": [("the diagonal only", """
        def {f}(y):
            return np.diag(y * (1 - y))"""),
        ("y y^T as a scalar (y @ y)", """
        def {f}(y):
            return np.diag(y) - y @ y""")],
    "predicted_grad_a1": [("class 1 read as index 1", """
        def {f}():
            y = softmax(np.array([1.0, 2.0, 0.5]))
            return y[1] - 1.0"""),
        ("y_1 without the -1", """
        def {f}():
            return softmax(np.array([1.0, 2.0, 0.5]))[0]""")],
    "inv_backward": [("-dout / x (the square left out)", """
        def {f}(x, dout):
            return -dout / x""")],
    "log_backward": [("dout * x", """
        def {f}(x, dout):
            return dout * x""")],
    "dlogits_one": [("one_hot without num_classes", """
        def {f}(logits, label):
            return softmax(logits) - one_hot(label)"""),
        ("the logits changed in place", """
        def {f}(logits, label):
            logits[...] = softmax(logits)
            logits[label] -= 1.0
            return logits""")],
    "true_class_probs": [("the largest probability of each row", """
        def {f}(probs, labels):
            return probs.max(axis=1)"""),
        ("the first N entries of the columns labels", """
        def {f}(probs, labels):
            return np.diag(probs[:, labels])""")],
    "standardize": [("each set with its own statistics", """
        def {f}(X_train, X_other):
            return ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0),
                    (X_other - X_other.mean(axis=0)) / X_other.std(axis=0))"""),
        ("statistics of both sets together", """
        def {f}(X_train, X_other):
            both = np.concatenate([X_train, X_other])
            mu, sigma = both.mean(axis=0), both.std(axis=0)
            return (X_train - mu) / sigma, (X_other - mu) / sigma"""),
        ("the sample std (ddof=1)", """
        def {f}(X_train, X_other):
            mu, sigma = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
            return (X_train - mu) / sigma, (X_other - mu) / sigma""")],
    "loss_from_probs": [("the mean log of every probability", """
        def {f}(probs, labels):
            return -np.mean(np.log(probs))"""),
        ("rows picked by the labels", """
        def {f}(probs, labels):
            return -np.mean(np.log(probs[labels, labels]))""")],
    "rows_sum_to_one": [("any row instead of every row", """
        def {f}(probs):
            tolerance = probs.shape[-1] * np.finfo(probs.dtype).eps
            return bool(np.any(np.abs(probs.sum(axis=-1) - 1.0) <= tolerance))"""),
        ("np.allclose's default tolerance", """
        def {f}(probs):
            return bool(np.allclose(probs.sum(axis=-1), 1.0))"""),
        ("the whole array's sum against the number of rows", """
        def {f}(probs):
            rows = probs.reshape(-1, probs.shape[-1])
            return bool(abs(rows.sum() - len(rows)) <= probs.shape[-1] * np.finfo(probs.dtype).eps)"""),
        ("a float64 tolerance whatever the dtype", """
        def {f}(probs):
            return bool(np.allclose(probs.sum(axis=-1), 1.0, rtol=0, atol=probs.shape[-1] * 2.2e-16))""")],
    "cross_entropy_error_fixed": [("divided by the number of entries", """
        def {f}(y, t):
            return -np.sum(t * np.log(y + 1e-7)) / y.size"""),
        ("labels assumed instead of one-hot rows", """
        def {f}(y, t):
            y, t = np.atleast_2d(y), np.atleast_2d(t)
            return -np.mean(np.log(y[np.arange(len(y)), t.argmax(axis=1)] + 1e-7))""")],
    "bce_fixed": [("p clipped only from below", """
        def {f}(p, t, eps=1e-7):
            p = np.maximum(p, eps)
            return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))"""),
        ("eps added inside both logs instead of clipping", """
        def {f}(p, t, eps=1e-7):
            return -np.mean(t * np.log(p + eps) + (1 - t) * np.log(1 - p + eps))""")],
    "batch_gradient": [("the gradient of the summed loss (no / N)", """
        def {f}(logits, labels):
            return softmax(logits) - one_hot(labels, logits.shape[1])""")],
    "fused_loss_and_grad": [("no max shift", """
        def {f}(logits, labels):
            N = len(logits)
            s = np.exp(logits).sum(axis=1, keepdims=True)
            loss = np.mean(np.log(s)[:, 0] - logits[np.arange(N), labels])
            dlogits = np.exp(logits) / s
            dlogits[np.arange(N), labels] -= 1
            return loss, dlogits / N"""),
        ("the max of the whole batch as the shift", """
        def {f}(logits, labels):
            N = len(logits)
            m = logits.max()
            log_s = np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
            loss = np.mean((m + log_s)[:, 0] - logits[np.arange(N), labels])
            dlogits = np.exp(logits - m - log_s)
            dlogits[np.arange(N), labels] -= 1
            return loss, dlogits / N""")],
    "nll_dT": [("the sign flipped (d/d(1/T))", """
        def {f}(logits, labels, T):
            z = logits / T
            t = np.eye(logits.shape[1])[labels]
            return np.sum((softmax(z) - t) * z) / (len(labels) * T)"""),
        ("a forward difference with h = 1e-4", """
        def {f}(logits, labels, T):
            h = 1e-4
            return (cross_entropy(logits / (T + h), labels) - cross_entropy(logits / T, labels)) / h""")],
}
WRITTEN = {name: [(label, text.replace("{f}", name)) for label, text in items] for name, items in WRITTEN.items()}


# ---- inputs for the equivalence test ---------------------------------------------------------------------

def _is_probs(a):
    return a.ndim >= 1 and a.size and np.all((a >= 0) & (a <= 1)) and np.allclose(a.sum(axis=-1), 1.0)


def _float_variants(a):
    """Variations of a float array, kept inside its kind (probability rows stay probability rows)."""
    if _is_probs(a):
        powered = a ** 3
        yield powered / powered.sum(axis=-1, keepdims=True)
        yield np.full_like(a, 1.0 / a.shape[-1])  # ties everywhere
        tiny = np.exp(-800 * (1 - a))  # exps near the subnormal range
        yield tiny / tiny.sum(axis=-1, keepdims=True)
        return
    if np.all((a > 0) & (a < 1)):  # uniform draws, probabilities of a binary task, ...
        yield np.clip(a ** 3, 1e-12, 1 - 1e-12)
        return
    m = np.max(a, axis=-1, keepdims=True) if a.ndim else a
    for moved in (a * 3, a / 3, a + 700, a - 700, a - m - 720, np.zeros_like(a) + 709, a * 50, -a):
        yield moved
    if a.ndim:
        tied = a.copy()
        tied[..., 0] = np.max(a, axis=-1)  # a tie for the largest
        yield tied


def _int_variants(a, C):
    if C and a.size:
        yield np.where(a == C - 1, 0, a)  # labels that miss the last class
    if a.size > 1:
        yield a[::-1].copy()


def _leaf_variants(value, C):
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        fin = np.isfinite(value)
        for v in _float_variants(value):  # keep -inf (a masked score) as it is; make no new inf or nan
            if np.array_equal(np.isfinite(v), fin) and np.array_equal(v[~fin], value[~fin], equal_nan=True):
                yield v
    elif isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        yield from _int_variants(value, C)
    elif isinstance(value, list) and value and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        for v in _leaf_variants(np.asarray(value, dtype=float), C):
            yield list(v) if v.dtype.kind == "f" else v
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            for v in _leaf_variants(item, C):
                yield type(value)([*value[:i], v, *value[i + 1:]])
    elif isinstance(value, dict):
        for key, item in value.items():
            for v in _leaf_variants(item, C):
                yield {**value, key: v}


def variations(args):
    """Argument tuples near `args`: each argument in turn replaced by one of its variants."""
    floats = [a for a in args if isinstance(a, np.ndarray) and a.dtype.kind == "f" and a.ndim == 2]
    C = floats[0].shape[-1] if floats else None
    ignore = [a for a in args if isinstance(a, (int, np.integer)) and not isinstance(a, bool) and a < 0]
    for i, arg in enumerate(args):
        for v in _leaf_variants(arg, C):
            yield (*args[:i], v, *args[i + 1:])
        if ignore and isinstance(arg, np.ndarray) and arg.dtype.kind in "iu" and arg.size > 1:
            padded = arg.copy()
            padded.flat[0] = ignore[0]  # -100 padding
            yield (*args[:i], padded, *args[i + 1:])


# ---- survivors the exercise text explains ------------------------------------------------------------------

# {(function name, mutant label): words of the notebook that say why the mutant is right}; tools/mutants.py checks
# that the words are in the notebook (a survivor counts as explained only then).
RAISE_WINS = "Why raising $a_k$ always wins"  # 01 Ex2: a mutant that only ever raises a_k is right
EXPLAINED = {
    **{("best_change", label): RAISE_WINS for label in (
        "L3: `-1.0` left out", "L3: `-1.0` -> `1.0`", "L7: `Gt` -> `GtE`", "L3: constant 1.0 -> 0.0 (2nd)",
        "L3: constant 1.0 -> 0.5 (2nd)", "L3: constant 1.0 -> 2.0 (2nd)", "always raise the logit k", "only +1 moves tried")},
    ("best_change", "`softmax` -> softmax without the max shift"): "large logits are the subject of notebook 02",
    ("loss_from_probs", "L1: `+ eps` inside `log`"): "An $\\varepsilon$ of at most $10^{-7}$ inside the log is accepted too",
    ("calibrate", "T from a 0.01 grid on the validation NLL"): "or a grid of step 0.01 all do",
    ("standardize", "the sample std (ddof=1)"): "Either standard deviation is accepted",
    **{("standardize", label): "added to the standard deviation" for label in (
        "L2: `+ eps` in a denominator", "L2: `+ eps` in a denominator (2nd)")},
    ("accuracy", "argmax breaking ties toward the last index"): "how a tie is broken is not judged",
    **{("cross_entropy_error_fixed", label): "so the eps is not judged" for label in (
        "L4: `+ eps` inside `log`", "L4: `Add` -> `Sub`", "L4: `y + 1e-07` -> its left operand",
        "L4: constant 1e-07 -> 2e-07", "L4: constant 1e-07 -> 5e-08", "L4: constant 1e-07 -> 1e-06",
        "L4: constant 1e-07 -> 1e-08")},
}


DOCS_INTRO = """# Checkers under mutation testing

Written by `make mutants` (`tools/mutants.py`, issue 25). For every exercise of notebooks 00-15 the tool
takes the reference solution and makes *mutants*: **slips** (one small change on a solution line: an
operator, a comparison, a constant off by one or scaled, an axis or keepdims, max/min/mean/median/sum
swapped, log/log1p, `+ eps`, an argument dropped or two swapped, an index off by one, a statement removed)
and **strategies** (wrong approaches learners take: `tools/mutant_strategies.py`; a library function the
solution calls replaced by a wrong version of it, NumPy's argmax breaking ties the other way, and whole
wrong functions written for each kind of exercise).

A mutant is **equivalent**, and set aside, when it leaves its inputs as they were and its outputs equal the
reference's (relative 1e-6, absolute 1e-9 times the answer's largest entry, and the same entries exactly 0: a
leak of 1e-10 at a masked key, or an underflow to 0, is a difference) on every input the checker gives the
reference *and* on variations of those inputs: scaled by 3, 1/3 and 50, shifted by +-700, rows at 709, exps in
the subnormal range, a tie for the largest, labels that miss the last class, `-100` padding, probability rows
sharpened, uniform or tiny.
Every other mutant must be **rejected** by the checker, in each of two runs (the checker's random cases
seeded per run). A **survivor** is accepted in at least one run; one is allowed only where the exercise
text says why (the "explained" column: the quoted words are looked up in the notebook). The tool's full report,
with each survivor's diff and the first input where it differs from the reference, is `build/mutants/report.md`.

A survivor is fixed in one of two ways: the checker gets a case that tells it apart (and the catalogue
`tests/misconceptions/nbNN.py` an entry for it), or, if the mutant is right by the exercise's own terms, the
exercise text says so and `EXPLAINED` in `tools/mutant_strategies.py` quotes those words. `make test` runs a
fixed sample, three rejected mutants per exercise (`tests/test_mutants.py`, `tests/mutants_sample.json`;
`python tools/mutants.py --write-sample` renews it from the last run). `make mutants MUTANTS_ARGS="--only 13"`
runs one notebook (the saved results of the others are kept).
"""
