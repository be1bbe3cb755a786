"""(b) Update latency of every live widget in softmaxlab.widgets, in the kernel.

Finds every LiveWidget subclass defined in a softmaxlab.widgets.* module (new modules are
picked up with no change here), builds it with its defaults (or, for a widget that needs data,
with the arguments its notebook gives it: see ARGUMENTS; failing that, as the example in its
docstring builds it), moves its first slider 50 times (after 3 warm-up moves) and reads
``last_update_ms`` (the time of ``update()``, set by ``refresh()``) after each move, and the
size of the PNG its live figure sends (``png_kb``; ``sent``: how many moves sent a new one).
It also times the whole assignment ``slider.value = v``, which includes every observer,
in wall-clock and in CPU time of this thread (less sensitive to other processes' load).
Neither includes the trip to the browser: the comm is not connected here.

    python benchmarks/bench_widgets.py [--moves 50]
"""
import argparse
import doctest
import importlib
import inspect
import os
import pkgutil
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as widgets
import numpy as np

import softmaxlab.widgets
from softmaxlab.widgets._live import LiveFigure, LiveWidget
from _timing import median, p95

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider, widgets.SelectionSlider)
WARMUP = 3


def widget_classes():
    """(module name, class name, class or import error) for every public LiveWidget subclass."""
    found = []
    for info in sorted(pkgutil.iter_modules(softmaxlab.widgets.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        name = f"softmaxlab.widgets.{info.name}"
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # a module another author is still writing
            found.append((name, "(import failed)", exc))
            continue
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, LiveWidget) and cls is not LiveWidget and cls.__module__ == name \
                    and not cls_name.startswith("_"):
                found.append((name, cls_name, cls))
    return found


def first_slider(widget):
    """The first slider met walking the widget's children in display order (depth first)."""
    stack = [widget]
    while stack:
        w = stack.pop(0)
        if isinstance(w, SLIDERS):
            return w
        stack[:0] = list(getattr(w, "children", ()))
    return None


def slider_values(slider, moves):
    """`moves` values sweeping the slider's range up and down, each different from the one before."""
    if isinstance(slider, widgets.SelectionSlider):
        n = len(slider.options)
        return [(slider.index + 1 + i) % n for i in range(moves)] if n > 1 else [], "index"
    if isinstance(slider, widgets.FloatLogSlider):
        grid = [float(v) for v in slider.base ** np.linspace(slider.min, slider.max, 13)]
    elif isinstance(slider, widgets.IntSlider):
        grid = [int(v) for v in np.unique(np.linspace(slider.min, slider.max, 13).round())]
    else:
        grid = [float(v) for v in np.linspace(slider.min, slider.max, 13)]
    if len(grid) < 2:
        return [], "value"
    path = grid + grid[-2:0:-1]  # up and down the range, forever
    values, current, i = [], slider.value, 0
    while len(values) < moves:
        if path[i % len(path)] != current:
            current = path[i % len(path)]
            values.append(current)
        i += 1
    return values, "value"


def _iris_regions():
    """DecisionRegionExplorer's arguments, built as notebook 08 builds them (petal features, trained)."""
    from softmaxlab.datasets import load_iris
    from softmaxlab.train import SoftmaxRegression, stratified_split, train

    X, labels, _, _ = load_iris()
    train_idx, test_idx = stratified_split(labels, test_per_class=10, seed=0)
    petal = X[:, [2, 3]]
    Z2 = (petal - petal[train_idx].mean(axis=0)) / petal[train_idx].std(axis=0)  # (150, 2)
    model = SoftmaxRegression(n_features=2, n_classes=3)
    train(model, Z2[train_idx], labels[train_idx], lr=0.5, epochs=100, batch_size=16, seed=0)
    return (model, Z2, labels, np.isin(np.arange(len(labels)), test_idx)), {}


# Widgets whose constructor needs data: how their notebook builds the arguments.
ARGUMENTS = {"DecisionRegionExplorer": _iris_regions}


def from_docstring(cls):
    """Build `cls` as the first example in its docstring does: run the example's lines up to the one
    that calls the class, in the namespace of its module; the value of that call. None if there is none."""
    namespace = dict(vars(importlib.import_module(cls.__module__)))
    examples = doctest.DocTestParser().get_examples(cls.__doc__ or "")
    for example in examples:
        source = example.source.strip()
        if f"{cls.__name__}(" in source and "=" in source.split(f"{cls.__name__}(")[0]:
            target = source.split("=")[0].strip()
            exec(compile(source, f"<{cls.__name__} docstring>", "exec"), namespace)
            return namespace[target]
        exec(compile(source, f"<{cls.__name__} docstring>", "exec"), namespace)
    return None


def build(cls):
    """(widget, note, build_ms) or (None, why not, None)."""
    required = [p.name for p in inspect.signature(cls).parameters.values()
                if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    start = time.perf_counter()
    if not required:
        widget, note = cls(), ""
    elif cls.__name__ in ARGUMENTS:
        args, kwargs = ARGUMENTS[cls.__name__]()
        start = time.perf_counter()
        widget, note = cls(*args, **kwargs), f"arguments as in its notebook ({', '.join(required)})"
    else:
        widget, note = from_docstring(cls), "built as in its docstring example"
        if widget is None:
            return None, f"needs arguments ({', '.join(required)}) and has no docstring example building it", None
    return widget, note, 1000 * (time.perf_counter() - start)


def measure(cls, moves=50):
    """Build `cls` (with its defaults, or ARGUMENTS, or its docstring) and time `moves` moves of its first slider."""
    widget, note, build_ms = build(cls)
    if widget is None:
        return {"error": note}
    figures = [value for value in vars(widget).values() if isinstance(value, LiveFigure)]
    slider = first_slider(widget)
    if slider is None:
        return {"error": "no slider found", "build_ms": build_ms}
    values, attribute = slider_values(slider, moves + WARMUP)
    if not values:
        return {"error": f"its first slider ({slider.description}) has a single value", "build_ms": build_ms}
    update_ms, assign_ms, cpu_ms, silent, png_bytes, sent = [], [], [], 0, [], 0
    for i, v in enumerate(values):
        widget.last_update_ms = None
        shown = [figure.image.value for figure in figures]
        start, start_cpu = time.perf_counter(), time.thread_time()
        setattr(slider, attribute, v)
        elapsed, elapsed_cpu = 1000 * (time.perf_counter() - start), 1000 * (time.thread_time() - start_cpu)
        if i < WARMUP:
            continue
        assign_ms.append(elapsed)
        cpu_ms.append(elapsed_cpu)
        png_bytes.append(sum(len(figure.image.value) for figure in figures))
        sent += any(figure.image.value is not before for figure, before in zip(figures, shown))
        if widget.last_update_ms is None:
            silent += 1  # the move did not trigger refresh()
        else:
            update_ms.append(widget.last_update_ms)
    widget.close()
    result = {"slider": slider.description or type(slider).__name__, "build_ms": build_ms, "note": note,
              "moves": len(assign_ms), "silent_moves": silent,
              "assign_median_ms": median(assign_ms), "assign_p95_ms": p95(assign_ms), "cpu_median_ms": median(cpu_ms),
              "png_kb": median(png_bytes) / 1000 if figures else None, "sent": sent}
    if len(update_ms) >= 2:
        result.update(median_ms=median(update_ms), p95_ms=p95(update_ms), max_ms=max(update_ms))
    else:
        result["error"] = "moving the first slider did not call refresh()"
    return result


def run(moves=50):
    rows = []
    for module, name, cls in widget_classes():
        row = {"module": module, "widget": name}
        if isinstance(cls, Exception):
            row["error"] = f"import failed: {type(cls).__name__}: {cls}"
        else:
            try:
                row.update(measure(cls, moves))
            except Exception as exc:  # report and go on to the next widget
                row["error"] = f"{type(exc).__name__}: {exc}"
        rows.append(row)
        print(format_row(row), flush=True)
    return {"moves": moves, "warmup": WARMUP, "rows": rows}


def format_row(row):
    head = f"{row['module'].rsplit('.', 1)[-1]}.{row['widget']}"
    if "median_ms" not in row:
        return f"{head}: {row.get('error')}"
    return (f"{head} (slider {row['slider']}): update median {row['median_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms, "
            f"max {row['max_ms']:.1f} ms; whole assignment median {row['assign_median_ms']:.1f} ms, "
            f"p95 {row['assign_p95_ms']:.1f} ms, CPU median {row['cpu_median_ms']:.1f} ms; built in {row['build_ms']:.0f} ms; "
            f"PNG {row['png_kb'] or 0:.1f} kB, sent on {row['sent']} of {row['moves']} moves")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=50)
    run(parser.parse_args().moves)
