"""Checkers for notebook 04: one Jacobian entry, the whole Jacobian, and the backward pass without J.

Each checker runs the learner's function on fixed cases chosen so that every misconception it names
gives a different answer, plus one fresh random case per check. A diagnosis is given only when the
attempt's answers equal that misconception's answers on every case; otherwise the words say where the
answer is wrong, never what the right value is.
"""
import mmap
import tracemalloc

import numpy as np

from ..activations import softmax, softmax_backward, softmax_jacobian
from ..i18n import N_, _
from ._core import (WIDE, NotYet, agrees, answer_dtype, as_real_array, as_real_number, call, checker, expect_close,
                    fresh_rng, solved, tolerance)
from ._mistakes import is_right


def _probability_vectors():
    """Softmax outputs for C = 3, 4, 2, a wide row (saturated: y is one-hot), and a fresh random C = 5."""
    rng = fresh_rng()
    return [softmax(np.array([2.0, 1.0, 0.1])), softmax(np.array([0.3, -1.2, 2.5, 0.0])),
            softmax(np.array([0.4, -0.9])), softmax(np.array([0.0, WIDE, -3.0, 1.0])),
            softmax(rng.normal(scale=1.5, size=5))]


def _matches(answers, wrong):
    """True if every answer equals what the misconception `wrong(probs)` gives for that case (within the
    precision policy for the answer's dtype, :func:`._core.agrees`)."""
    return all(agrees(got, wrong(probs), softmax_jacobian(probs)) for probs, got in answers)


def _shifted_by_one(probs):
    """Every index one too low, as `probs[i - 1]` gives when i counts from 1 (index -1 wraps to the last class)."""
    J = softmax_jacobian(probs)
    return np.roll(J, (1, 1), axis=(0, 1))


def _diagonal_from_other_classes(probs, got):
    """True if every wrong entry is on the diagonal and has the form y_k (1 - y_m) with (k, m) != (i, i)."""
    J = softmax_jacobian(probs)
    bad = ~np.isclose(got, J, *tolerance(answer_dtype(got), J, rtol=1e-6, atol=1e-12))
    if not bad.any() or (bad & ~np.eye(len(probs), dtype=bool)).any():
        return False
    C = len(probs)
    rtol, atol = tolerance(answer_dtype(got), J, rtol=1e-9, atol=1e-15)
    return all(any(np.isclose(got[i, i], probs[k] * (1 - probs[m]), rtol=rtol, atol=atol)
                   for k in range(C) for m in range(C) if (k, m) != (i, i)) for i in np.flatnonzero(bad.diagonal()))


ENTRY_WRONG = [  # (misconception: probs -> the (C, C) answers it gives, what is wrong, a nudge)
    (_shifted_by_one, N_("your indices are shifted by one: you used class i - 1 where the exercise means class i."),
     N_("i and j count from 0, as NumPy does: probs[i] is the probability of the class with index i "
        "(y_{i+1} in the maths, which counts from 1).")),
    (lambda p: softmax_jacobian(p) + np.diag(p ** 2),
     N_("on the diagonal you returned y_i alone."),
     N_("the denominator S also depends on a_i: the quotient rule has a second term on the diagonal.")),
    (lambda p: np.diag(np.diag(softmax_jacobian(p))) + np.outer(p, p) - np.diag(p ** 2),
     N_("off the diagonal the sign is flipped."),
     N_("raising a_j (j != i) makes y_i smaller: the off-diagonal entries are negative.")),
    (lambda p: np.diag(np.diag(softmax_jacobian(p))),
     N_("off the diagonal you returned 0."),
     N_("y_i depends on every a_j through the sum S in its denominator.")),
    (lambda p: -np.outer(p, p),
     N_("on the diagonal the first term of the quotient rule is missing: you used -y_i y_j for i == j too."),
     N_("for i == j the numerator e^{a_i} depends on a_i as well: treat that case on its own.")),
    (lambda p: p[:, None] * (1 - p[None, :]),
     N_("off the diagonal you used the diagonal's formula."),
     N_("for i != j the numerator e^{a_i} does not depend on a_j, so only the denominator contributes.")),
]


@checker
def check_jacobian_entry(fn):
    """`fn(probs, i, j)` should return dy_i/da_j = y_i (delta_ij - y_j) as a number (indices from 0)."""
    answers = []
    for probs in _probability_vectors():
        C = len(probs)
        entries = [as_real_number(call(fn, probs.copy(), i, j), what=_("your entry for i={i}, j={j}").format(i=i, j=j))
                   for i in range(C) for j in range(C)]
        dtype = np.result_type(*{entry.dtype for entry in entries})  # float32 only if every entry is float32
        answers.append((probs, np.array(entries, dtype=dtype).reshape(C, C)))  # (C, C), exactly the entries
    hint = _("there are two cases, i == j and i != j: differentiate y_i = e^{a_i} / S by a_j with the quotient "
             "rule.")
    for wrong, message, nudge in ENTRY_WRONG:
        if _matches(answers, wrong):
            raise NotYet(message, nudge)
    right = [is_right(got, softmax_jacobian(p)) for p, got in answers]
    if not all(right) and all(ok or _diagonal_from_other_classes(p, got) for ok, (p, got) in zip(right, answers)):
        raise NotYet(_("some diagonal entries mix two classes, y_k (1 - y_m), or use another class than i."),
                     _("on the diagonal both factors belong to class i (the published Jacobian of section 9 "
                       "made this slip)."))
    for probs, got in answers:
        expect_close(got, softmax_jacobian(probs), what=
                _("the matrix of your entries for {C} classes").format(C=len(probs)),
                     hint=hint)
    return solved(_("both cases of the quotient rule are right, for 2, 3, 4 and 5 classes (one case drawn at random) "
                    "and a saturated softmax."))


MATRIX_WRONG = [
    (lambda p: np.diag(p), N_("you returned diag(y): the -y yᵀ part is missing."),
     N_("subtract the (C, C) matrix whose entry [i, j] is y_i y_j.")),
    (lambda p: np.diag(p) - p @ p, N_("every entry is shifted by the same number: y @ y is one number, not the "
                                      "matrix y yᵀ."),
     N_("you need a (C, C) matrix of products y_i y_j, an outer product.")),
    (lambda p: -softmax_jacobian(p), N_("the matrix has the wrong sign: you computed y yᵀ - diag(y)."),
     N_("the diagonal entries y_i (1 - y_i) are positive.")),
    (lambda p: -np.outer(p, p), N_("the diag(y) part is missing: you returned -y yᵀ only."),
     N_("the diagonal has an extra y_i from the quotient rule's first term.")),
    (lambda p: np.diag(p) - p * p, N_("you subtracted y * y, the elementwise square broadcast over the rows, not y "
                                      "yᵀ."),
     N_("entry [i, j] needs the product of two DIFFERENT entries, y_i and y_j.")),
]


@checker
def check_jacobian_matrix(fn):
    """`fn(probs)` should return the (C, C) matrix diag(y) - y y^T."""
    answers = []
    for probs in _probability_vectors():
        got = as_real_array(call(fn, probs.copy()), what=_("your J for {C} classes").format(C=len(probs)))
        answers.append((probs, got))
    for wrong, message, nudge in MATRIX_WRONG:
        if _matches(answers, wrong):
            raise NotYet(message, nudge)
    for probs, got in answers:
        expect_close(got, softmax_jacobian(probs), what=_("your J for {C} classes").format(C=len(probs)),
                     hint=_("split the formula of exercise 1 into a diagonal part and a part made of all the "
                            "products y_i y_j."))
    return solved(_("J = diag(y) - y yᵀ, right for 2, 3, 4 and 5 classes (one drawn at random) and a saturated "
                    "softmax."))


BIG_N, BIG_C = 2, 3000  # the batch on which memory is measured: one J of it is 8 C² = 72 MB (69 MiB)
MEMORY_LIMIT = 16 * 2 ** 20  # 16 MiB: far above the three lines (about 150 KB), far below one J (69 MiB)
MARK = 4 * 2 ** 20  # bytes allocated and freed before the call: a peak below it afterwards was reset


def _vjp_batches():
    """Non-square batches, a square one, a row with probabilities near 0 and 1, and a fresh random batch."""
    rng = fresh_rng()
    batches = []
    for logits in (np.array([[2.0, 1.0, 0.1], [0.5, -1.0, 3.0], [0.0, 0.0, 0.0], [1.5, 2.5, -0.5]]),  # (4, 3)
                   np.array([[0.3, -1.2, 2.5, 0.0, 1.1], [-2.0, 0.4, 0.4, 1.0, -0.3]]),  # (2, 5)
                   np.array([[0.0, WIDE, -3.0], [1.0, -1.0, 0.5], [2.0, 0.3, -0.7]]),  # (3, 3), a saturated row
                   rng.normal(scale=1.5, size=(int(rng.integers(2, 6)), int(rng.integers(6, 9))))):
        dout = np.round(rng.normal(size=logits.shape), 3) + np.arange(logits.shape[1]) * 0.25
        batches.append((softmax(logits), dout))
    return batches


VJP_WRONG = [
    (lambda p, d: p * d, N_("you returned y * dout: the second term, -y times a sum over the outputs, is missing."),
     N_("each a_j feeds every y_i, so every output sends gradient back to a_j (section 5).")),
    (lambda p, d: p * d - p * np.sum(p * d, axis=0, keepdims=True),
     N_("your sums run down the columns (axis=0): they mix different samples."),
     N_("each row is one sample; sum over its classes only, keeping a (N, 1) shape so it broadcasts.")),
    (lambda p, d: p * d - p * np.sum(p * d),
     N_("your sum runs over the whole batch: it mixes different samples."),
     N_("each row is one sample; sum over its classes only, keeping a (N, 1) shape so it broadcasts.")),
    (lambda p, d: p * np.sum(p * d, axis=-1, keepdims=True) - p * d,
     N_("your answer has the wrong sign everywhere."),
     N_("the direct path y_j dout_j comes with a plus sign.")),
    (lambda p, d: p * d - p * np.sum(d, axis=-1, keepdims=True),
     N_("your sum adds up dout alone, not y_i dout_i."),
     N_("the number subtracted is sum_i y_i dout_i, one per row.")),
]


def _resident_kib():
    """(current, peak) resident memory of this process in KiB, read from /proc/self/status (Linux); None elsewhere."""
    try:
        with open("/proc/self/status") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
    except (OSError, KeyError, ValueError):
        return None


def _reset_resident_peak():
    """Set the process's peak resident memory back to its current value (Linux 4.0+); False where impossible."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return _resident_kib() is not None
    except OSError:
        return False


def _touch(nbytes):
    """Make `nbytes` of fresh pages resident, then give them back: a mark the peak must keep until read."""
    with mmap.mmap(-1, nbytes) as pages:
        pages.write(b"\1" * nbytes)


class Tampered(Exception):
    """The function reset or stopped a measurement the check relies on."""


def _peak_bytes(fn, *args):
    """``call(fn, *args)`` and the most memory it held at once, seen two ways; raise Tampered if a measure was reset.

    1. tracemalloc: every allocation of Python and NumPy, wherever it comes from (a freed block reused included).
    2. The process's peak resident memory (Linux: VmHWM after a reset through /proc/self/clear_refs): memory
       of any library (PyTorch, SciPy's C code), provided it is fresh pages, as glibc gives any block above
       32 MiB.
    Before the call, a mark of `MARK` bytes is allocated and freed under both measures; a function that resets
    a peak (``tracemalloc.reset_peak()``, ``stop()``, writing clear_refs) erases the mark, which the check sees.
    Returns (answer, peak bytes by tracemalloc, peak bytes of resident memory or None where unavailable), both
    counted from just before the mark, so neither is below `MARK` and each is the call's own when above it.
    """
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        resident = _reset_resident_peak()
        rss_before = _resident_kib()[0] if resident else 0
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        mark = bytearray(MARK)  # seen by tracemalloc
        del mark
        if resident:
            _touch(MARK)  # seen in the resident peak
        got = call(fn, *args)
        if not tracemalloc.is_tracing():
            raise Tampered("tracemalloc")
        traced = tracemalloc.get_traced_memory()[1] - before
        if traced < MARK:
            raise Tampered("tracemalloc")
        held = None
        if resident:
            held = (_resident_kib()[1] - rss_before) * 1024
            if held < MARK // 2:  # other threads may free a little meanwhile
                raise Tampered(N_("the peak resident memory"))
        return got, traced, held
    finally:
        if started_here and tracemalloc.is_tracing():
            tracemalloc.stop()


@checker
def check_softmax_vjp(fn):
    """`fn(probs, dout)` on a batch (N, C) should return J(y_n)ᵀ dout_n per row, leave its inputs alone, and not build J.

    The last case has C = 3000 classes; the memory the call holds at once must stay under 16 MiB, while one
    3000 x 3000 Jacobian takes 69 MiB (above glibc's 32 MiB, so it comes as fresh pages, whatever library
    asks). It is measured by tracemalloc (Python and NumPy allocations) and, on Linux, by the process's peak resident memory (any library's), as :func:`_peak_bytes` says; a function that
    resets either measure is told so. This judges what the function does on this call, not its source: code
    written to evade it (memory kept outside both measures) is not caught, so grading should not rely on it.
    """
    answers = []
    for probs, dout in _vjp_batches():
        p_in, d_in = probs.copy(), dout.copy()
        got = as_real_array(call(fn, p_in, d_in),
                            what=_("your gradient for a batch of shape {shape}").format(shape=probs.shape))
        if not (np.array_equal(p_in, probs) and np.array_equal(d_in, dout)):
            raise NotYet(_("your function changed its inputs in place (probs or dout)."),
                         _("a backward pass must leave what it is given as it was: compute into a new array."))
        answers.append(((probs, dout), got))
    for wrong, message, nudge in VJP_WRONG:
        if all(agrees(got, wrong(probs, dout), softmax_backward(probs, dout), atol=1e-12)
               for (probs, dout), got in answers):
            raise NotYet(message, nudge)
    for (probs, dout), got in answers:
        expect_close(got, softmax_backward(probs, dout),
                     what=_("your gradient for a batch of shape {shape}").format(shape=probs.shape),
                     hint=_("section 6: write Jᵀ dout without building J, one row per sample."))
    rng = fresh_rng()
    probs, dout = softmax(rng.normal(size=(BIG_N, BIG_C))), rng.normal(size=(BIG_N, BIG_C))
    try:
        got, traced, held = _peak_bytes(fn, probs.copy(), dout.copy())
    except Tampered as what:
        # TRANSLATORS: {measure} is "tracemalloc" or "the peak resident memory".
        raise NotYet(_("your function reset or stopped {measure} while the check was measuring it, so its memory "
                       "cannot be judged.").format(measure=_(str(what))),
                     _("leave tracemalloc and /proc alone: only the gradient is asked for.")) from None
    expect_close(got, softmax_backward(probs, dout),
                 what=_("your gradient for a batch of shape {shape}").format(shape=probs.shape))
    used = max(traced, held or 0)
    if used > MEMORY_LIMIT:
        raise NotYet(_("the values are right, but for a batch of {N} rows of {C} classes your function held "
                       "more than {limit:.0f} MiB at once; one {C} x {C} Jacobian takes {jacobian:.0f} MiB, the three "
                       "lines of section 6 well under 1 MiB. It builds J (or another C x C array), with NumPy or "
                       "another library.").format(N=BIG_N, C=BIG_C, limit=MEMORY_LIMIT / 2 ** 20,
                                                  jacobian=8 * BIG_C * BIG_C / 2 ** 20),
                     _("work with arrays of the batch's shape (N, C) only: elementwise products and one sum per row."))
    seen = (_("NumPy's allocations and the process's resident memory") if held is not None else
            _("NumPy's allocations (this system does not show the process's resident memory)"))
    # TRANSLATORS: {seen} says how the memory was measured ("NumPy's allocations and the process's resident memory").
    return solved(_("your backward pass equals Jᵀ dout row by row on five batches (two drawn at random), leaves its "
                    "inputs alone, and for {C} classes it held under {limit:.0f} MiB at once ({seen}), where one "
                    "Jacobian takes {jacobian:.0f} MiB: it does not build J.").format(
                        C=BIG_C, limit=MEMORY_LIMIT / 2 ** 20, seen=seen, jacobian=8 * BIG_C * BIG_C / 2 ** 20))
