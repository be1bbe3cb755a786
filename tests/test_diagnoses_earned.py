"""Diagnoses are earned (issue 25): a mistake is named only when the attempt's answers are that mistake's on every case.

For every checker that names mistakes through ``_mistakes.diagnose`` (found by running it on the notebook's
solution while spying on ``diagnose``, which captures its cases, right answers and named mistakes):

- its cases tell apart every pair of named mistakes, and each mistake from the right answer;
- an attempt computing a mistake on every case hears that mistake's words;
- an attempt computing it on every case but one (right there) never hears them.

And for the softmax-like checkers, plausible mistakes no checker names (a shift by the median, by the last
entry, by the second-largest) get a neutral "Not yet", never a named diagnosis.

Checkers that name mistakes with their own ``if`` statements (not through ``diagnose``) are listed in
``HAND_WRITTEN``, which a test keeps in step with the code.
"""
import contextlib
import importlib
import pkgutil

import numpy as np
import pytest

import softmaxlab.exercises as exercises
from misconceptions import Wrong, load_catalogues
from reference_solutions import reference_solutions
from softmaxlab.exercises import _mistakes

SOLUTIONS = reference_solutions()
CATALOGUES = load_catalogues()
MODULES = [importlib.import_module(f"{exercises.__name__}.{m.name}") for m in pkgutil.iter_modules(exercises.__path__)]


@contextlib.contextmanager
def spying():
    """Capture (cases, expected, mistakes) of every ``diagnose`` call, wherever a checker module imported it."""
    captured, real = [], _mistakes.diagnose

    def spy(raw, cases, expected, mistakes, describe):
        captured.append((list(cases), [np.asarray(e, dtype=float) for e in expected], list(mistakes)))
        return real(raw, cases, expected, mistakes, describe)

    patched = [m for m in MODULES if getattr(m, "diagnose", None) is real]
    for module in patched:
        module.diagnose = spy
    try:
        yield captured
    finally:
        for module in patched:
            module.diagnose = real


def _captures():
    found = {}
    for key, (check, solution) in SOLUTIONS.items():
        with spying() as captured:
            assert check(solution), f"{key}: the notebook's solution is refused"
        if captured:
            found[key] = captured
    return found


CAPTURES = _captures()
DIAGNOSED = sorted(CAPTURES)
IDS = [f"{nb}-{name}" for nb, name in DIAGNOSED]

NEUTRAL = ("where a finite number belongs", "is wrong", "too large", "too small", "entries wrong", "same factor",
           "same amount", "wrong sign", "has shape",  # expect_close's neutral words, then _core's words about types
           "not solved yet", "forget to `return`", "raised", "None", "in place", "expected a", "expected one",
           "operands could not", "Error", "complex", "string", "bool", "float", "real number", "could not read",
           "out of bounds", "changed", "return a pair", "one number")


def catalogued_diagnoses(key):
    """The diagnoses the catalogue demands of this checker (not the neutral words of _core)."""
    check = SOLUTIONS[key][0]
    return {a.diagnosis for a in CATALOGUES.get(check, (None, []))[1] if isinstance(a, Wrong) and a.diagnosis
            and not any(n in a.diagnosis or a.diagnosis in n for n in NEUTRAL)}


def hand_written(key):
    """The catalogued diagnoses of this checker that diagnose() does not give: the checker's own ifs give them."""
    given = {m.message for cases, expected, mistakes in CAPTURES.get(key, []) for m in mistakes}
    return sorted(d for d in catalogued_diagnoses(key) if not any(d in message for message in given))


# Checkers that name mistakes with their own ifs (all or some of their diagnoses): earned only by their
# catalogues, not by the tests below. Moving them to diagnose() brings them under these tests.
HAND_WRITTEN = {
    "nb00": {"check_predicted_class"},
    "nb01": {"check_best_change", "check_temperature_limits"},
    "nb02": {"check_breaks_in_float32", "check_stable_softmax"},
    "nb03": {"check_predicted_shapes"},
    "nb04": {"check_jacobian_entry", "check_jacobian_matrix", "check_softmax_vjp"},
    "nb05": {"check_mul_backward", "check_inv_backward", "check_log_backward", "check_predicted_grad_a1"},
    "nb06": {"check_dlogits_one", "check_dlogits_batch", "check_gd_step"},
    "nb07": {"check_true_class_probs", "check_keras_cce", "check_bce_with_logits"},
    "nb08": {"check_standardize", "check_model_gradients", "check_accuracy"},
    "nb09": {"check_jacobian", "check_softmax_rows", "check_bce", "check_loss_from_probs", "check_cross_entropy_error",
             "check_rows_sum_to_one", "check_batch_gradient", "check_backward_pure"},
    "nb10": {"check_smoothed_losses", "check_distillation_grad"},
    "nb11": {"check_ignored_mean", "check_accumulated_loss"},
    "nb12": {"check_ece", "check_nll_dT", "check_fit_split"},
    "nb13": {"check_masked_softmax", "check_softmax_with_sink"},
    "nb14": {"check_online_update", "check_online_logsumexp", "check_fused_cross_entropy"},
    "nb15": {"check_gumbel_max"},
}


def test_the_spy_sees_the_checkers_that_use_diagnose():
    assert len(DIAGNOSED) >= 15, DIAGNOSED


def test_hand_written_diagnoses_are_listed():
    """A checker whose catalogue demands a diagnosis that diagnose() does not give is in HAND_WRITTEN."""
    unlisted = sorted(key for key in SOLUTIONS if hand_written(key) and key[1] not in HAND_WRITTEN.get(key[0], ()))
    assert not unlisted, {key: hand_written(key) for key in unlisted}


@pytest.mark.parametrize("key", DIAGNOSED, ids=IDS)
def test_the_cases_tell_every_named_mistake_apart(key):
    problems = []
    for cases, expected, mistakes in CAPTURES[key]:
        outputs = [_mistakes.mistake_outputs(m, cases) for m in mistakes]
        for m, out in zip(mistakes, outputs):
            if all(o is None for o in out):
                problems.append(f"{m.message[:60]!r} raises on every case: it can never be named")
            elif all(o is not None and _mistakes.same(o, e) for o, e in zip(out, expected)):
                problems.append(f"{m.message[:60]!r} equals the right answer on every case")
        for i, (a, out_a) in enumerate(zip(mistakes, outputs)):
            for b, out_b in list(zip(mistakes, outputs))[i + 1:]:
                if a.message != b.message and all(x is not None and y is not None and _mistakes.same(x, y)
                                                  for x, y in zip(out_a, out_b)):
                    problems.append(f"{a.message[:50]!r} and {b.message[:50]!r} agree on every case")
    assert not problems, problems


def _diagnosis(raw, cases, expected, mistakes):
    """The words diagnose() gives to answers `raw` on the checker's own cases ('' when it names nothing)."""
    try:
        _mistakes.diagnose(raw, cases, expected, mistakes, lambda case: "")
    except _mistakes.NotYet as stop:
        return stop.feedback.message
    return ""


@pytest.mark.parametrize("key", DIAGNOSED, ids=IDS)
def test_a_mistake_on_every_case_is_named_and_on_all_but_one_is_not(key):
    """On the checker's captured cases: answers that are a mistake's on every case hear its words (or those of
    a mistake listed before it that computes the same); right on one case where they differ, never its words."""
    problems = []
    for cases, expected, mistakes in CAPTURES[key]:
        for mistake in mistakes:
            outputs = _mistakes.mistake_outputs(mistake, cases)
            if any(o is None for o in outputs):
                continue  # it raises on a case: an answer cannot match it everywhere
            words = _diagnosis(outputs, cases, expected, mistakes)
            if not words:
                problems.append(f"{mistake.message[:50]!r} on every case is not named")
            for k, (o, e) in enumerate(zip(outputs, expected)):
                if _mistakes.same(o, e):
                    continue
                partly = list(outputs)
                partly[k] = e
                if mistake.message in _diagnosis(partly, cases, expected, mistakes):
                    problems.append(f"{mistake.message[:50]!r} named although case {k} was right")
    assert not problems, problems


# ---- plausible mistakes no checker names -------------------------------------------------------------------

def _shifts():
    def second_largest(x):
        return np.sort(x, axis=-1)[..., -2:-1] if x.shape[-1] > 1 else x
    return {"the median": lambda x: np.median(x, axis=-1, keepdims=True),
            "the last entry": lambda x: x[..., -1:],
            "the second-largest": second_largest}


def _softmax_by(shift):
    def attempt(logits):
        x = np.asarray(logits, dtype=float)
        with np.errstate(all="ignore"):
            e = np.exp(x - shift(x))
            return e / e.sum(axis=-1, keepdims=True)
    return attempt


def _log_softmax_by(shift):
    def attempt(logits):
        x = np.asarray(logits, dtype=float)
        with np.errstate(all="ignore"):
            c = shift(x)
            return x - c - np.log(np.exp(x - c).sum(axis=-1, keepdims=True))
    return attempt


def _logsumexp_by(shift):
    def attempt(logits):
        x = np.asarray(logits, dtype=float)
        with np.errstate(all="ignore"):
            c = shift(x)
            return (c + np.log(np.exp(x - c).sum(axis=-1, keepdims=True)))[..., 0]
    return attempt


SOFTMAX_LIKE = {("nb02", "check_stable_softmax"): _softmax_by, ("nb03", "check_batched_softmax"): _softmax_by,
                ("nb09", "check_softmax_rows"): _softmax_by, ("nb03", "check_row_log_softmax"): _log_softmax_by,
                ("nb02", "check_logsumexp"): _logsumexp_by}


def _diagnoses(key):
    """Every text this checker names a mistake with: diagnose()'s messages and the catalogue's diagnoses."""
    texts = {m.message for cases, expected, mistakes in CAPTURES.get(key, []) for m in mistakes}
    return texts | catalogued_diagnoses(key)


@pytest.mark.parametrize("key, shift", [(k, s) for k in sorted(SOFTMAX_LIKE) for s in sorted(_shifts())],
                         ids=[f"{nb}-{n}-{s}" for nb, n in sorted(SOFTMAX_LIKE) for s in sorted(_shifts())])
def test_an_unnamed_shift_gets_a_neutral_message(key, shift):
    check = SOLUTIONS[key][0]
    feedback = check(SOFTMAX_LIKE[key](_shifts()[shift]))
    assert not feedback, f"a shift by {shift} was accepted: {feedback!r}"
    named = sorted(text for text in _diagnoses(key) if text in repr(feedback))
    assert not named, f"a shift by {shift} was told {named}: {feedback!r}"
    for word in ("MEAN", "mean", "MIN", "FIRST", "first entry"):
        assert word not in feedback.message, f"a shift by {shift} was told about {word!r}: {feedback!r}"
