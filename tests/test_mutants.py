"""A fixed sample of mutants of the exercises' reference solutions, which their checkers must reject (issue 25).

`make mutants` (tools/mutants.py) runs every slip and strategy of every exercise and writes docs/checkers.md;
that takes minutes. Here a few mutants per exercise, listed in tests/mutants_sample.json by the exercise's
function name and the mutant's label (chosen among the rejected ones by ``tools/mutants.py --write-sample``),
are rebuilt and judged by the checker, so a checker that stops rejecting them fails ``make test``. The
checker's random cases are seeded as in the tool's first run. A sample entry whose exercise or mutant no
longer exists fails too (the notebook changed): run ``make mutants`` and ``tools/mutants.py --write-sample``.
"""
import ast
import json
import pathlib
import sys

import numpy as np
import pytest

TOOLS = pathlib.Path(__file__).resolve().parent.parent / "tools"
sys.path.insert(0, str(TOOLS))
import mutant_strategies  # noqa: E402
import mutants  # noqa: E402

SAMPLE = json.loads(mutants.SAMPLE.read_text())
EXERCISES = {e.name: e for e in mutants.exercises()}


def test_the_sample_covers_every_exercise():
    assert sorted(SAMPLE) == sorted(EXERCISES), "run tools/mutants.py --write-sample after make mutants"
    assert all(len(labels) >= 1 for labels in SAMPLE.values())


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_sampled_mutants_are_rejected(name):
    exercise = EXERCISES.get(name)
    assert exercise is not None, f"no exercise defines {name}() any more: regenerate tests/mutants_sample.json"
    namespace = exercise.namespace()
    exec(compile(exercise.source, exercise.key, "exec"), namespace)
    check = exercise.checker(namespace)
    assert all(passed for passed, _ in mutants.judge(check, namespace[name], runs=1)), "the reference is refused"
    made = {m.label: m for m in mutants.mutants(exercise)}
    accepted = []
    for label in SAMPLE[name]:
        assert label in made, f"{name}: no mutant {label!r} any more: regenerate tests/mutants_sample.json"
        [(passed, text)] = mutants.judge(check, made[label].function(namespace, name), runs=1)
        if passed:
            accepted.append(f"{label}: {text}")
    assert not accepted, f"{exercise.key} {name}: the checker accepts\n" + "\n".join(accepted)


# ---- the tool itself ---------------------------------------------------------------------------------------

def _function(source):
    return ast.parse(source).body[0]


def test_slips_change_only_solution_lines():
    source = "def f(x):\n    y = np.max(x, axis=-1)\n    return y + 1\n"
    labels = [label for label, _ in mutant_strategies.slips(_function(source), range(2, 3))]
    assert "L1: `np.max` -> `np.min`" in labels and "L1: `axis=0`" in labels
    assert not any(label.startswith("L2") for label in labels)  # line 3 is not a solution line


def test_a_slip_is_one_change():
    source = "def f(a, b):\n    return a - b\n"
    made = {label: ast.unparse(tree) for label, tree in mutant_strategies.slips(_function(source), range(2, 3))}
    assert made["L1: operands swapped"].endswith("return b - a")
    assert made["L1: `Sub` -> `Add`"].endswith("return a + b")


def test_equivalence_sees_a_difference_only_the_variations_show():
    def reference(x):
        e = np.exp(x - np.max(x))
        return e / e.sum()

    def naive(x):
        e = np.exp(x)
        return e / e.sum()

    def stable_too(x):
        e = np.exp(x - np.max(x))
        return e / np.sum(e)

    calls = [(np.array([1.0, 2.0, 3.0]),)]
    assert mutants.equivalent(stable_too, reference, calls)
    assert not mutants.equivalent(naive, reference, calls)  # equal on [1, 2, 3], not on [701, 702, 703]


def test_same_compares_containers_and_numbers():
    assert mutants.same((1, np.array([0.5, 0.5])), (1, [0.5, 0.5 + 1e-12]))
    assert not mutants.same({"a": (3,)}, {"a": (4,)})
    assert not mutants.same(np.array([1.0, 1e-10]), np.array([1.0, 0.0]))  # a leak at an "exactly 0" entry
    assert not mutants.same(np.array([0.5, 1e-309]), np.array([0.5, 0.0]))  # an underflow to 0
    assert mutants.same(-5.6e-15, -0.0)  # rounding of a sum that is 0 in exact arithmetic (the reference second)
    assert not mutants.same(True, 1.0)
