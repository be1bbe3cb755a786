"""The notebooks' reference solutions, as callables, for tests that run every checker on a right answer.

Each check cell (tagged ``check``) reads ``module.check_xxx(fn)``; its exercise cell (the nearest cell tagged
``exercise`` above it) defines ``fn`` with the solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION``.
The exercise cell runs in a namespace holding the notebook's import cells (cells made only of imports) and
every earlier cell that defines names the exercise cell uses (a function or a constant), found by name.
"""
import ast
import functools
import importlib
import pathlib
import re

import nbformat
import numpy as np

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
CHECK = re.compile(r"^\s*(?:(\w+)\.)?(check_\w+)\((\w+)\)\s*$")


def _code(source):
    """A cell's source without IPython magics (``%matplotlib inline``)."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def _is_import_cell(source):
    source = _code(source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return bool(tree.body) and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in tree.body)


def _definitions(source):
    """Names a cell defines at top level with def/class or a plain assignment (no call on the right)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


@functools.lru_cache(maxsize=None)
def reference_solutions():
    """{(notebook 'nbNN', checker name): (checker, reference function)} for every check cell of 00-15."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        notebook = f"nb{path.name[:2]}"
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        namespace = {}
        for cell in cells:
            if _is_import_cell(cell.source):
                exec(compile(_code(cell.source), f"<{notebook} imports>", "exec"), namespace)
        helpers = [cell for cell in cells if _definitions(cell.source)
                   and "exercise" not in cell.metadata.get("tags", [])
                   and "### BEGIN SOLUTION" not in cell.source]
        for i, cell in enumerate(cells):
            match = CHECK.match(cell.source) if "check" in cell.metadata.get("tags", []) else None
            if not match:
                continue
            module_alias, check_name, fn_name = match.groups()
            exercise = next(c for c in reversed(cells[:i]) if "exercise" in c.metadata.get("tags", []))
            local = dict(namespace)
            used = {n.id for n in ast.walk(ast.parse(exercise.source)) if isinstance(n, ast.Name)}
            for helper in helpers:
                if cells.index(helper) < i and _definitions(helper.source) & used:
                    exec(compile(helper.source, f"<{notebook} helper>", "exec"), local)
            exec(compile(exercise.source, f"<{notebook} {fn_name}>", "exec"), local)
            module = local[module_alias] if module_alias else None
            check = getattr(module, check_name) if module is not None else local[check_name]
            found[(notebook, check_name)] = (check, local[fn_name])
    return found


def _cast(value, dtype, seen):
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        seen.append(True)
        return value.astype(dtype)
    if isinstance(value, (float, np.floating)):
        seen.append(True)
        return dtype(value)
    if isinstance(value, tuple):
        return tuple(_cast(v, dtype, seen) for v in value)
    if isinstance(value, list) and any(isinstance(v, (np.ndarray, float, np.floating, tuple, list)) for v in value):
        return [_cast(v, dtype, seen) for v in value]
    if isinstance(value, dict):
        return {k: _cast(v, dtype, seen) for k, v in value.items()}
    return value  # ints, bools, strings, sets of labels: no precision to lose


def in_dtype(fn, dtype):
    """`fn` computing in `dtype`: its float inputs cast to `dtype`, and its float outputs too.

    The attempt's ``floats`` list records whether it ever returned a float (an answer with a precision).
    """
    floats = []

    def attempt(*args):
        with np.errstate(all="ignore"):
            return _cast(fn(*(_cast(a, dtype, []) for a in args)), dtype, floats)

    attempt.floats = floats
    attempt.__name__ = f"{fn.__name__}_{np.dtype(dtype).name}"
    return attempt


def scaled(fn, factor):
    """`fn` whose float outputs are multiplied by `factor` (a relative slip), computed in float64."""
    floats = []

    def change(value):
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            floats.append(True)
            return value * factor
        if isinstance(value, (float, np.floating)):
            floats.append(True)
            return float(value) * factor
        if isinstance(value, (tuple, list)) and any(isinstance(v, (np.ndarray, float, np.floating, tuple, list))
                                                    for v in value):
            return type(value)(change(v) for v in value)
        if isinstance(value, dict):
            return {k: change(v) for k, v in value.items()}
        return value

    def attempt(*args):
        return change(fn(*args))

    attempt.floats = floats
    return attempt
