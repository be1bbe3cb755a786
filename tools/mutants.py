"""Mutation testing of every exercise checker (issue 25, item 1): `make mutants`.

For each exercise of notebooks/ (a cell tagged ``exercise`` whose function holds the reference solution
between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, followed by a one-line ``check`` cell), this tool
builds wrong versions of the reference and asks the exercise's checker about each:

- *slips*: one small change of the solution's code (tools/mutant_strategies.py, :func:`slips`);
- *strategies*: wrong approaches learners take for that kind of exercise (tools/mutant_strategies.py).

A mutant whose outputs equal the reference's on every input the checker passes and on variations of them
(scaled, shifted by +-700, rows at 709, subnormal exps, ties, labels missing the last class, ...) is set aside
as *equivalent*. Every other mutant must be rejected by the checker; one it accepts in any run is a
*survivor*. The checkers' random draws (``fresh_rng``) are seeded per run, so a run is reproducible.

Why not mutmut or cosmic-ray: they mutate files on disk and judge a mutant by a test suite's exit code;
here the code under test is a function in a notebook cell, the judge is one checker call, and a mutant
needs an equivalence check on inputs. A mutator on :mod:`ast` of about 150 lines does exactly that.

Usage::

    python tools/mutants.py                 # every exercise; writes build/mutants/ and docs/checkers.md
    python tools/mutants.py --only 13 06-2  # notebook 13, and exercise 2 of notebook 06
    python tools/mutants.py --jobs 2        # two worker processes (one by default)
"""
import argparse
import ast
import concurrent.futures
import contextlib
import copy
import dataclasses
import difflib
import hashlib
import importlib
import io
import json
import pathlib
import re
import subprocess
import sys
import time
import warnings

import nbformat
import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import mutant_strategies as strategies  # noqa: E402  (tools/ is not a package)

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "mutants"
SAMPLE = ROOT / "tests" / "mutants_sample.json"  # the mutants tests/test_mutants.py runs (--write-sample)
FIRST_RUN = "## First run"  # the section of docs/checkers.md that every run keeps
RUNS = 2  # checker runs per mutant, each with its own seeds for the checker's random cases
CALL_SECONDS = 2.0  # time limit of one call of a mutant in the equivalence test


# ---- the exercises ------------------------------------------------------------------------------------

@dataclasses.dataclass
class Exercise:
    notebook: str  # "06-y-minus-t"
    number: int  # 1-based, in the notebook
    source: str  # the exercise cell
    check: str  # the check cell, "ex.check_xxx(fn)"
    setup: str  # imports and definitions of the cells above

    @property
    def key(self):
        return f"{self.notebook[:2]}-{self.number}"

    @property
    def function(self):
        return ast.parse(self.source).body[0]

    @property
    def name(self):
        return self.function.name

    def solution_lines(self):
        """Line numbers (1-based, in `source`) between the solution markers."""
        lines = self.source.splitlines()
        begin = next(i for i, line in enumerate(lines, 1) if "### BEGIN SOLUTION" in line)
        end = next(i for i, line in enumerate(lines, 1) if "### END SOLUTION" in line)
        return range(begin + 1, end)

    def namespace(self):
        namespace = {}
        for block in self.setup.split("\n\n\n"):  # one import or definition at a time: some need the
            try:                                   # notebook's data (a default argument), and are left out
                exec(compile(block, f"<{self.notebook} setup>", "exec"), namespace)
            except Exception:
                pass
        return namespace

    def checker(self, namespace):
        call = ast.parse(self.check.strip(), mode="eval").body
        return eval(compile(ast.Expression(call.func), "<check>", "eval"), namespace)


def _code(source):
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def exercises(notebooks=None):
    """Every exercise of `notebooks` (default: notebooks/*.ipynb), in order."""
    found = []
    for path in notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        cells, setup, number = nbformat.read(path, as_version=4).cells, [], 0
        for i, cell in enumerate(cells):
            if cell.cell_type != "code":
                continue
            if "exercise" in cell.metadata.get("tags", []):
                number += 1
                found.append(Exercise(path.stem, number, cell.source, cells[i + 1].source,
                                      "\n\n\n".join(setup)))
            try:
                tree = ast.parse(_code(cell.source))
            except SyntaxError:
                continue
            kept = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef))]
            setup.extend(ast.unparse(node) for node in kept)
    return found


# ---- running one candidate ------------------------------------------------------------------------------

@contextlib.contextmanager
def seeded(run):
    """Make every checker's ``fresh_rng()`` reproducible: the k-th draw of run `run` is seeded (run, k)."""
    import softmaxlab.exercises as package
    modules = [importlib.import_module(f"softmaxlab.exercises.{p.stem}")
               for p in pathlib.Path(package.__file__).parent.glob("*.py") if not p.stem.startswith("__")]
    modules = [m for m in modules + [package] if hasattr(m, "fresh_rng")]
    saved, draws = [m.fresh_rng for m in modules], iter(range(10 ** 6))

    def fresh_rng():
        return np.random.default_rng([run, next(draws)])
    for module in modules:
        module.fresh_rng = fresh_rng
    try:
        yield
    finally:
        for module, original in zip(modules, saved):
            module.fresh_rng = original


def judge(check, fn, runs=RUNS):
    """[(passed, text)] of the checker on `fn`, one per run; the checker's printing is swallowed."""
    verdicts = []
    for run in range(runs):
        with seeded(run), contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            feedback = check(fn)
        verdicts.append((bool(getattr(feedback, "passed", False)), repr(feedback)))
    return verdicts


def recorded_calls(check, reference, runs=RUNS, limit=40):
    """The argument tuples the checker passes to the reference (copies, taken before each call)."""
    calls = []

    def recorder(*args):
        if len(calls) < limit:
            calls.append(copy.deepcopy(args))
        return reference(*args)
    recorder.__name__, recorder.__doc__ = reference.__name__, reference.__doc__
    verdicts = judge(check, recorder, runs)
    return calls, verdicts


def outcome(fn, args):
    """What `fn(*args)` gives: ("value", result) or ("raised", type name); "timeout" after CALL_SECONDS."""
    from softmaxlab.exercises._sandbox import TimeUp, time_limit
    given = copy.deepcopy(args)
    try:
        with time_limit(CALL_SECONDS), np.errstate(all="ignore"), warnings.catch_warnings(), \
                contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            result = fn(*given)
        return ("value", result) if _unchanged(args, given) else ("raised", "changed its input in place")
    except TimeUp:
        return "raised", "timeout"
    except Exception as exc:  # a mutant's crash is an outcome like any other
        return "raised", type(exc).__name__


def _unchanged(before, after):
    if isinstance(before, (tuple, list)) and isinstance(after, (tuple, list)):
        return len(before) == len(after) and all(_unchanged(b, a) for b, a in zip(before, after))
    if isinstance(before, dict) and isinstance(after, dict):
        return before.keys() == after.keys() and all(_unchanged(before[k], after[k]) for k in before)
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and before.shape == after.shape and np.array_equal(before, after, equal_nan=True)
    return True


def finite(value):
    """True if every number inside `value` is finite (strings, None and the like count as finite)."""
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(finite(v) for v in value)
    try:
        arr = np.asarray(value)
    except Exception:
        return True
    return arr.dtype.kind not in "fc" or bool(np.all(np.isfinite(arr)))


def same(a, b):
    """`a` equals the reference's output `b`: containers item by item; numbers within rtol 1e-6 and atol 1e-9 times
    the largest |entry| of `b` (1 if all are 0), and the entries of an array exactly 0 in both or in neither."""
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (set, frozenset, str)) or isinstance(b, (set, frozenset, str)) or a is None or b is None:
        return type(a) is type(b) and a == b
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and not _numeric_rows(a, b):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    try:
        x, y = np.asarray(a), np.asarray(b)
        if x.dtype.kind not in "biuf" or y.dtype.kind not in "biuf" or x.shape != y.shape:
            return False
        if (x.dtype.kind == "b") != (y.dtype.kind == "b"):
            return False
        x, y = x.astype(float), y.astype(float)
    except Exception:
        return False
    if x.ndim and not np.array_equal(x == 0, y == 0):  # an entry exactly 0 in one only: a leak, or an underflow
        return False
    scale = np.max(np.abs(y[np.isfinite(y)]), initial=0.0) or 1.0
    return bool(np.allclose(x, y, rtol=1e-6, atol=1e-9 * scale, equal_nan=True))


def _numeric_rows(a, b):
    """True when both sequences are flat lists of numbers (compared as arrays)."""
    return all(isinstance(v, (int, float, np.number)) for v in (*a, *b))


def witness(fn, reference, calls):
    """None if `fn` gives the reference's outcome on every recorded call and every variation of them;
    otherwise the first input where it does not, with both outcomes (a short text)."""
    for args in calls:
        for variant in [args, *strategies.variations(args)]:
            kind, want = outcome(reference, variant)
            if variant is not args and (kind == "raised" or (finite(outcome(reference, args)[1]) and not finite(want))):
                continue  # outside the exercise's domain: the reference itself fails there
            got_kind, got = outcome(fn, variant)
            if got_kind != kind or not (same(got, want) if kind == "value" else got == want):
                return (f"{'a variation of a checker input' if variant is not args else 'a checker input'}: "
                        f"{_short(variant)} -> reference {_short(want)}, mutant {_short(got)}")
    return None


def equivalent(fn, reference, calls):
    return witness(fn, reference, calls) is None


def _short(value, limit=240):
    with np.printoptions(precision=6, threshold=12, edgeitems=3, linewidth=10 ** 6):
        text = repr(value)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[:limit] + "..."


# ---- mutants -----------------------------------------------------------------------------------------

@dataclasses.dataclass
class Mutant:
    kind: str  # "slip" or "strategy"
    label: str  # what was changed, e.g. "`np.max` -> `np.min`" or "shift only when something overflows"
    source: str  # the mutant's function source (a strategy may also override names of the namespace)
    overrides: dict = dataclasses.field(default_factory=dict)

    def function(self, namespace, name):
        space = {**namespace, **self.overrides}
        exec(compile(self.source, f"<mutant {self.label}>", "exec"), space)
        return space[name]


def mutants(exercise):
    """Slips of the reference solution, then the strategies of its kind, without duplicate sources."""
    found, seen = [], {ast.unparse(exercise.function)}
    arity = len(exercise.function.args.args)
    for kind, label, tree, overrides in [("slip", *s, {}) for s in strategies.slips(exercise.function,
                                                                                    exercise.solution_lines())] \
            + [("strategy", *s) for s in strategies.strategies(exercise)]:
        source = tree if isinstance(tree, str) else ast.unparse(tree)
        if (source, tuple(overrides)) in seen or len(ast.parse(source).body[0].args.args) != arity:
            continue  # a duplicate, or a strategy written for an older signature of the exercise
        seen.add((source, tuple(overrides)))
        found.append(Mutant(kind, label, source, overrides))
    labels = {}
    for mutant in found:  # two slips of the same kind on one line: "..." and "... (2nd)"
        labels[mutant.label] = labels.get(mutant.label, 0) + 1
        mutant.label += f" ({labels[mutant.label]}{'nd' if labels[mutant.label] == 2 else 'th'})" \
            if labels[mutant.label] > 1 else ""
    return found


def _without_docstring(function):
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        function.body = body[1:] or [ast.Pass()]
    return ast.unparse(function).splitlines()


def diff(exercise, mutant):
    before = _without_docstring(exercise.function)
    after = _without_docstring(ast.parse(mutant.source).body[0])
    lines = list(difflib.unified_diff(before, after, "reference", "mutant", n=1, lineterm=""))[2:]
    if mutant.overrides:
        lines.append(f"# with {', '.join(mutant.overrides)} replaced: {mutant.label}")
    return "\n".join(lines)


def run_exercise(exercise, runs=RUNS):
    """Judge every mutant of `exercise`; a dict ready for JSON."""
    started = time.monotonic()
    namespace = exercise.namespace()
    exec(compile(exercise.source, f"<{exercise.key}>", "exec"), namespace)
    check, reference = exercise.checker(namespace), namespace[exercise.name]
    calls, verdicts = recorded_calls(check, reference, runs)
    result = {"key": exercise.key, "notebook": exercise.notebook, "name": exercise.name,
              "check": exercise.check.strip(), "reference_passes": all(p for p, _ in verdicts),
              "reference_text": verdicts[0][1], "calls": len(calls), "mutants": []}
    if not result["reference_passes"] or not calls:
        result["error"] = ("the checker refuses the reference solution" if calls else
                           "the checker never called the reference")
        return result
    for mutant in mutants(exercise):
        try:
            fn = mutant.function(namespace, exercise.name)
        except Exception:  # a mutant that does not compile is not a mutant
            continue
        seen = witness(fn, reference, calls)
        equal = seen is None
        verdicts = judge(check, fn, runs)
        accepted = [text for passed, text in verdicts if passed]
        status = ("equivalent" if equal else "survived") if accepted else ("equivalent-rejected" if equal else "rejected")
        result["mutants"].append({"kind": mutant.kind, "label": mutant.label, "status": status,
                                  "message": (accepted or [verdicts[0][1]])[0],
                                  "flips": len({p for p, _ in verdicts}) > 1, "witness": seen,
                                  "diff": diff(exercise, mutant)})
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


# ---- the whole run and its reports --------------------------------------------------------------------

def _worker(key):
    (exercise,) = [e for e in exercises() if e.key == key]
    return run_exercise(exercise)


def _isolated(key, timeout):
    """Run one exercise in a fresh interpreter (a crash or a hang cannot stop the run)."""
    try:
        done = subprocess.run([sys.executable, __file__, "--worker", key], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)
        return json.loads(done.stdout.splitlines()[-1])
    except Exception as exc:
        return {"key": key, "error": f"{type(exc).__name__}: {str(exc)[:300]}", "mutants": []}


def explanation(result, mutant):
    """The words of the exercise's notebook that explain a survivor (tools/mutant_strategies.py EXPLAINED), or None.

    The quote must be found in the notebook (whitespace aside): an explanation the text does not give is none.
    """
    quote = strategies.EXPLAINED.get((result.get("name"), mutant["label"]))
    if not quote or not result.get("notebook"):
        return None
    cells = nbformat.read(ROOT / "notebooks" / f"{result['notebook']}.ipynb", as_version=4).cells
    text = " ".join(" ".join(cell.source.split()) for cell in cells)
    return f'"{quote}"' if " ".join(quote.split()) in text else None


def counts(result):
    statuses = [m["status"] for m in result["mutants"]]
    return {s: statuses.count(s) for s in ("equivalent", "equivalent-rejected", "rejected", "survived")}


def table(results):
    rows = ["| exercise | function | mutants | equivalent | rejected | survivors | explained |",
            "|---|---|---:|---:|---:|---:|---:|"]
    total = dict.fromkeys(("mutants", "equivalent", "rejected", "survived", "explained"), 0)
    for r in results:
        c = counts(r)
        explained = sum(1 for m in r["mutants"] if m["status"] == "survived" and explanation(r, m))
        row = {"mutants": len(r["mutants"]), "equivalent": c["equivalent"] + c["equivalent-rejected"],
               "rejected": c["rejected"], "survived": c["survived"] - explained, "explained": explained}
        for k in total:
            total[k] += row[k]
        note = f" ({r['error']})" if r.get("error") else ("" if r.get("reference_passes", True) else
                                                          " (the reference itself is refused)")
        rows.append(f"| {r['key']} {r.get('notebook', '')} | `{r.get('name', '?')}`{note} | {row['mutants']} | "
                    f"{row['equivalent']} | {row['rejected']} | {row['survived']} | {row['explained']} |")
    killable = total["rejected"] + total["survived"] + total["explained"]
    rows.append(f"| **all** | | {total['mutants']} | {total['equivalent']} | {total['rejected']} | "
                f"{total['survived']} | {total['explained']} |")
    rate = f"{100 * total['rejected'] / killable:.1f}%" if killable else "n/a"
    return "\n".join(rows), rate, total


def survivors_text(results, with_diff=True):
    out = []
    for r in results:
        found = [m for m in r["mutants"] if m["status"] == "survived"]
        for m in found:
            why = explanation(r, m)
            out.append(f"- **{r['key']} `{r['name']}`** ({m['kind']}) {m['label']}"
                       + (f" (explained: {why})" if why else "") + (" [verdict flips between runs]" if m["flips"] else ""))
            if with_diff:
                out.append("  ```diff\n" + "\n".join("  " + line for line in m["diff"].splitlines()) + "\n  ```")
            out.append(f"  checker: `{m['message'].splitlines()[0][:300]}`")
            if with_diff and m.get("witness"):
                out.append(f"  differs on {m['witness']}")
    return out


def refused_equivalents(results):
    return [f"- {r['key']} `{r['name']}`: {m['label']}: `{m['message'].splitlines()[0][:200]}`"
            for r in results for m in r["mutants"] if m["status"] == "equivalent-rejected"]


def write_reports(results, stamp):
    text, rate, total = table(results)
    BUILD.mkdir(parents=True, exist_ok=True)
    header = (f"Run of {stamp}: {total['mutants']} mutants, {total['equivalent']} equivalent, "
              f"{rate} of the others rejected, {total['survived']} unexplained survivors.\n")
    report = ["# Mutation report (tools/mutants.py)", "", header, text, "", "## Survivors", "",
              *survivors_text(results), "", "## Equivalent mutants the checker refuses (right work refused?)", "",
              *refused_equivalents(results)]
    (BUILD / "report.md").write_text("\n".join(report) + "\n")
    (BUILD / "results.json").write_text(json.dumps(results, indent=1))
    docs_path = ROOT / "docs" / "checkers.md"
    first = docs_path.read_text().split(FIRST_RUN, 1) if docs_path.exists() else []
    docs = [strategies.DOCS_INTRO, "", "## Latest run", "", header, text, "", "## Survivors", "",
            *(survivors_text(results, with_diff=False) or ["None."])]
    if len(first) == 2:  # the table of the first run, kept as it was written (the "before" of issue 25)
        docs += ["", FIRST_RUN + first[1].rstrip("\n")]
    docs_path.write_text("\n".join(docs) + "\n")
    return header


def write_sample(results, per_exercise=3):
    """The fixed sample of tests/test_mutants.py: per exercise, a few rejected mutants, strategies first.

    Chosen by a hash of the label (not by position), so the sample does not move when mutants are added.
    """
    def order(m):
        return (m["kind"] != "strategy", hashlib.sha256(m["label"].encode()).hexdigest())
    sample = {}
    for r in results:
        rejected = sorted((m for m in r["mutants"] if m["status"] == "rejected"), key=order)
        if rejected:
            sample[r["name"]] = [m["label"] for m in rejected[:per_exercise]]
    SAMPLE.write_text(json.dumps(sample, indent=1, ensure_ascii=False) + "\n")
    print(f"{SAMPLE.relative_to(ROOT)}: {sum(map(len, sample.values()))} mutants of {len(sample)} exercises")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="notebook numbers (13) or exercises (13-2)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900, help="seconds per exercise")
    parser.add_argument("--write-sample", action="store_true",
                        help=f"only write {SAMPLE.relative_to(ROOT)} from the saved results (no run)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker)))
        return 0
    if args.write_sample:
        write_sample(json.loads((BUILD / "results.json").read_text()))
        return 0
    keys = [e.key for e in exercises()
            if not args.only or any(e.key == o or e.key.split("-")[0] == o.zfill(2) for o in args.only)]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    stamp = f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (commit {commit.strip()}, working tree)"
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = []
        for result in pool.map(lambda k: _isolated(k, args.timeout), keys):
            results.append(result)
            c = counts(result)
            print(f"{result['key']}: {len(result['mutants'])} mutants, {c}, {result.get('seconds')} s"
                  + (f" ERROR {result['error']}" if result.get("error") else ""), flush=True)
    if args.only:  # a partial run updates only its exercises in the saved results
        saved = BUILD / "results.json"
        old = {r["key"]: r for r in json.loads(saved.read_text())} if saved.exists() else {}
        old.update({r["key"]: r for r in results})
        results = [old[k] for k in sorted(old)]
    print(write_reports(results, stamp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
