"""Accessibility cases of the Part II notebooks, one module per notebook (``nb10.py`` ... ``nb15.py``).

Each module may define any of:

- ``COLOR_SETS``: {name: tuple of colours drawn together}, checked under simulated colour-vision deficiency;
- ``figures()``: {name: Figure}, every static figure function of that notebook's plots module on small inputs;
- ``widgets()``: {name: widget}, every live widget of that notebook.

``tests/test_accessibility.py`` merges them with the cases of notebooks 00-09 it lists itself.
"""
import importlib

NOTEBOOKS = [f"nb{n:02d}" for n in range(10, 16)]


def _modules():
    for name in NOTEBOOKS:
        try:
            yield importlib.import_module(f"a11y_cases.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"a11y_cases.{name}":
                raise


def merged(attribute):
    """Union of `attribute` (a dict, or a function returning one) over the notebooks' modules."""
    found = {}
    for module in _modules():
        value = getattr(module, attribute, None)
        if value is None:
            continue
        found.update(value() if callable(value) else value)
    return found
