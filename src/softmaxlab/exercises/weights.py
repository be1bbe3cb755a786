"""Checkers for notebook 11: who is in the denominator (class weights, ignored targets, gradient accumulation).

Every checker calls the learner's function on a few fixed batches chosen so that each listed mistake gives a
different answer (N != C, weights far from 1 and from each other, predictions that differ from the labels, an
ignore_index that is a valid class id, micro-batches of very different token counts), and on a fresh random batch
drawn on every call. A mistake is named only when the answers equal that mistake's answers on every case;
otherwise the message describes the first wrong answer without giving the right value.
"""
import copy

import numpy as np

from ..activations import log_softmax
from ..losses import cross_entropy
from ..i18n import N_, _
from ._core import WIDE, NotYet, as_real_array, as_real_number, call, checker, fresh_rng, solved
from ._mistakes import Mistake, diagnose, expect_all_close


def _nll(logits, labels):
    """-log y of each row's label (N,); a label outside [0, C) is wrapped the NumPy way (a negative one counts
    from the end), which is what a learner's plain fancy indexing does with an ignored target."""
    return -log_softmax(logits)[np.arange(len(labels)), labels]


NOT_A_COLUMN = N_("-100 is not a column to index with when there are fewer than 100 classes (NumPy raises; with 100 "
                  "classes or more it would silently pick another column): leave the ignored rows out before you index "
                  "with the labels.")


def _run(fn, cases, what, hint):
    """Call `fn` on a deep copy of each case's arguments; each answer must be one real number and leave the
    inputs alone. Returns the raw answers (their dtype is kept for expect_close). A case may carry its own
    ``"call_hint"``, given when the call raises on that case (and only then)."""
    raw = []
    for case, got in _answers(fn, cases, hint):
        if got is None and "none_message" in case:  # a None chosen on purpose for one case, not a missing return
            raise NotYet(_("{what} {mistake}").format(what=what(case), mistake=case["none_message"]), hint)
        as_real_number(got, what=what(case))
        raw.append(got)
    return raw


def _answers(fn, cases, hint):
    """Yield (case, fn's answer) for each case, called on a deep copy of its arguments, which must stay unchanged."""
    for case in cases:
        args = copy.deepcopy(case["args"])
        got = call(fn, *args, hint=case.get("call_hint", hint))
        for before, after in zip(_arrays(case["args"]), _arrays(args)):
            if not np.array_equal(before, after, equal_nan=True):
                raise NotYet(_("your function changed its input in place for {case}.").format(case=case["what"]),
                             _("compute into new arrays; leave the logits and labels you are given as they are."))
        yield case, got


def _arrays(args):
    for arg in args:
        if isinstance(arg, np.ndarray):
            yield arg
        elif isinstance(arg, (list, tuple)):
            yield from _arrays(arg)


def _verdict(fn, cases, reference, mistakes, what, hint):
    raw = _run(fn, cases, what, hint)
    expected = [reference(*case["args"]) for case in cases]
    diagnose(raw, cases, expected, mistakes, what)
    expect_all_close(raw, cases, expected, what, hint=hint)


def _describe(case):
    return _("your loss for {case}").format(case=case["what"])


# --- Exercise 1: the weighted mean, with label smoothing ----------------------------------------------------
# PyTorch's CrossEntropyLoss(weight=w, label_smoothing=eps) with class indices: row n's loss is
# -sum_c w_c t_nc log y_nc with t_n = (1 - eps) onehot(k_n) + eps / C, and 'mean' divides by D = sum_n w[k_n].

def weighted_mean_reference(logits, labels, weight, eps):
    """PyTorch's weighted, label-smoothed 'mean': sum_n sum_c w_c t_nc (-log y_nc) / sum_n w[k_n]."""
    return float(cross_entropy(logits, labels, weight=weight, label_smoothing=eps))


def _weighted_cases():
    logits = np.array([[2.0, 0.5, -1.0],
                       [0.3, 1.5, 0.2],
                       [-0.5, 0.0, 2.5],
                       [1.0, 1.2, 0.8],
                       [0.0, -2.0, 1.0]])  # (5, 3): N != C
    labels = np.array([1, 1, 0, 2, 2])  # predictions are [0, 1, 2, 1, 2]: three rows predicted wrong
    weight = np.array([4.0, 0.5, 2.0])  # sum(w[labels]) = 9, sum(w) = 6.5, N = 5
    labels_b = np.array([0, 2, 1, 1, 0, 2, 2])  # (7,)
    logits_b = np.array([[0.5, 1.0, 0.0, -1.0], [2.0, 0.0, 1.0, 0.5], [0.0, 3.0, -1.0, 0.2], [1.0, 0.5, 0.5, 2.0],
                         [WIDE, 0.0, -WIDE, 1.0], [0.2, 0.1, 0.0, -0.1], [-1.0, -0.5, 1.5, 0.0]])  # (7, 4)
    weight_b = np.array([0.25, 3.0, 1.5, 7.0])  # class 3 is never a label, and the wide row predicts class 0
    fresh = fresh_rng()
    N, C = int(fresh.integers(6, 11)), int(fresh.integers(3, 6))
    logits_r = fresh.normal(size=(N, C)) * 2
    labels_r = fresh.integers(0, C, size=N)
    labels_r[0] = (np.argmax(logits_r[0]) + 1) % C  # at least one row predicted wrong
    weight_r = fresh.uniform(0.2, 5.0, size=C)
    return [{"what": _("a batch of 5 rows and 3 classes, eps = 0.1"), "args": (logits, labels, weight, 0.1)},
            {"what": _("a batch of 7 rows and 4 classes, eps = 0.3"), "args": (logits_b, labels_b, weight_b, 0.3)},
            {"what": _("a random batch"), "args": (logits_r, labels_r, weight_r, float(fresh.uniform(0.05, 0.4)))}]


def _smoothed(labels, C, eps):
    return (1 - eps) * np.eye(C)[labels] + eps / C  # (N, C)


def _row_losses(logits, labels, weight, eps):
    """-sum_c w_c t_nc log y_nc per row (N,): the numerator's terms."""
    C = logits.shape[1]
    return -np.sum(weight * _smoothed(labels, C, eps) * log_softmax(logits), axis=1)


def _args(c):
    return c["args"]


WEIGHTED_MISTAKES = [
    Mistake(lambda c: float(np.sum(_row_losses(*_args(c))) / len(_args(c)[1])),
            N_("is the weighted sum divided by N, the number of rows; PyTorch's 'mean' divides by the sum of the "
               "weights of the targets."),
            N_("the denominator is the total weight the rows carry: add up w[labels[n]] over the rows.")),
    Mistake(lambda c: float(np.sum(_row_losses(*_args(c))) / np.sum(_args(c)[2])),
            N_("is the weighted sum divided by the sum of all C class weights; the denominator adds one weight per "
               "row, the weight of that row's target, so a class that is the target of three rows counts three times."),
            N_("add up w[labels[n]] over the rows, not w over the classes.")),
    Mistake(lambda c: float(np.sum(_row_losses(*_args(c)))
                            / np.sum(_args(c)[2] * _smoothed(_args(c)[1], _args(c)[0].shape[1], _args(c)[3]))),
            N_("divides by the weight the smoothed rows carry, sum_n sum_c w_c t_nc; PyTorch divides by the weights of "
               "the true classes only, sum_n w[labels[n]], with smoothing or without."),
            N_("the denominator is the same as without smoothing.")),
    Mistake(lambda c: float(np.sum(_args(c)[2][_args(c)[1]] * -np.sum(
                _smoothed(_args(c)[1], _args(c)[0].shape[1], _args(c)[3]) * log_softmax(_args(c)[0]), axis=1))
                            / np.sum(_args(c)[2][_args(c)[1]])),
            N_("weighs each row's whole smoothed loss by the weight of its true class; PyTorch weighs each class's "
               "term by that class's own weight, the smoothed-out share included."),
            N_("multiply the terms of a row class by class: w_c for class c.")),
    Mistake(lambda c: float(np.sum((1 - _args(c)[3]) * _args(c)[2][_args(c)[1]] * _nll(*_args(c)[:2])
                                   + _args(c)[3] * -np.mean(log_softmax(_args(c)[0]), axis=1))
                            / np.sum(_args(c)[2][_args(c)[1]])),
            N_("leaves the smoothed-out share unweighted: the eps / C terms of the other classes need their own class "
               "weights too."), N_("every term of the smoothed row is multiplied by its class's weight.")),
    Mistake(lambda c: float(cross_entropy(*_args(c)[:2], weight=_args(c)[2])),
            N_("is the weighted mean without label smoothing: eps is not used."),
            N_("the targets are the smoothed rows of notebook 10, not the one-hot rows.")),
    Mistake(lambda c: float(cross_entropy(*_args(c)[:2], label_smoothing=_args(c)[3])),
            N_("is the smoothed mean without the weights: the weights are not used."),
            N_("multiply each class's term by that class's weight, then divide by the total weight of the targets.")),
    Mistake(lambda c: float(np.sum(_row_losses(*_args(c))) / np.sum(_args(c)[2][np.argmax(_args(c)[0], axis=1)])),
            N_("divides by the weights of the classes the model predicts (the argmax of its logits); the denominator "
               "adds the weight of each row's target class."),
            N_("index the weights with the labels: w[labels].")),
    Mistake(lambda c: float(np.sum(_row_losses(*_args(c)))),
            N_("is the weighted sum of the losses; the exercise asks for the weighted mean."),
            N_("divide by the total weight of the rows' targets.")),
]


@checker
def check_weighted_mean(fn):
    """`fn(logits, labels, weight, eps)` -> PyTorch's weighted, label-smoothed mean cross-entropy, one number."""
    _verdict(fn, _weighted_cases(), weighted_mean_reference, WEIGHTED_MISTAKES, _describe,
             hint=_("each class's term counts with that class's weight, in the smoothed rows too: what, then, is the "
                    "denominator? Take log y from a stable log-softmax."))
    return solved(_("every class's term weighted by its class, divided by the total weight of the targets, as "
                    "PyTorch's 'mean' does with weight= and label_smoothing= together."))


# --- Exercise 2: ignore_index -------------------------------------------------------------------------------

def ignored_mean_reference(logits, labels, ignore_index):
    """PyTorch's 'mean' with ignore_index: sum over kept rows / number of kept rows; nan when none is kept."""
    return float(cross_entropy(logits, labels, ignore_index=ignore_index))


def _ignore_cases():
    logits = np.array([[1.0, 2.0, 0.0, -1.0, 0.5],
                       [0.5, 0.0, 3.0, 1.0, 0.0],
                       [2.0, 1.0, 0.0, 0.0, -2.0],
                       [0.0, 0.5, 0.5, 2.0, 1.0],
                       [1.5, 0.0, -1.0, 0.0, 0.2],
                       [-1.0, 0.3, 0.0, 1.0, 2.0],
                       [0.2, 0.4, 0.6, 0.8, 1.0]])  # (7, 5)
    labels = np.array([1, 0, 4, 3, 0, 2, 0])  # pad id 0 is a valid class: three ignored rows of 7
    logits_b = np.array([[0.0, 1.0, -1.0, 2.0], [WIDE, 0.0, 0.0, -WIDE], [0.5, 0.5, 0.0, 0.0],
                         [1.0, -1.0, 2.0, 0.0], [0.0, 0.0, 1.0, 3.0], [2.0, 0.0, 1.0, 1.0]])  # (6, 4)
    labels_b = np.array([3, 1, -1, 2, -1, 1])  # the wide row is kept, its label WIDE below the row's max (log of
    # softmax gives inf there, log-softmax a finite loss); -1 also indexes the last column in NumPy
    fresh = fresh_rng()
    N, C = int(fresh.integers(6, 10)), int(fresh.integers(3, 8))  # C < 100: -100 is no column (issue 25)
    logits_r = fresh.normal(size=(N, C)) * 2
    labels_r = fresh.integers(0, C, size=N)
    labels_r[fresh.permutation(N)[:int(fresh.integers(1, N - 2))]] = -100
    all_ignored = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, -1.0], [0.5, 0.5, 3.0]])  # (3, 3): every label is pad 0
    return [{"what": _("a batch of 7 rows with padding id 0 (ignore_index=0)"), "args": (logits, labels, 0)},
            {"what": _("a batch of 6 rows with ignore_index=-1"), "args": (logits_b, labels_b, -1)},
            {"what": _("a random batch of {n_classes} classes with ignore_index=-100").format(n_classes=C),
             "args": (logits_r, labels_r, -100), "call_hint": NOT_A_COLUMN},
            {"what": _("a batch whose every target is ignored"), "args": (all_ignored, np.array([0, 0, 0]), 0),
             "call_hint": _("when every row is ignored the count is 0, and Python's `/` raises on a division by a "
                            "Python 0; reread what the exercise asks for a batch with no kept row."),
             "none_message": _("is None; the exercise asks for nan when every target is ignored (a float, as "
                               "PyTorch gives), not for no value.")}]


def _kept_sum(logits, labels, ignore_index):
    kept = labels != ignore_index
    return float(np.sum(_nll(logits[kept], labels[kept])))


def _all_ignored(case):
    labels, ignore_index = case["args"][1], case["args"][2]
    return not np.any(labels != ignore_index)


def _kept_mean(logits, labels, ignore_index):
    """Mean -log y over the rows whose label is not `ignore_index`, NumPy's wrapping for negative labels."""
    kept = labels != ignore_index
    with np.errstate(all="ignore"):
        return float(np.sum(_nll(logits[kept], labels[kept])) / np.float64(kept.sum()))


IGNORE_MISTAKES = [
    Mistake(lambda c: _kept_sum(*c["args"]) / len(c["args"][1]),
            N_("divides by N, all the rows; an ignored row adds 0 to the sum and must not be counted in the "
               "denominator either."),
            N_("divide by the number of rows whose label is not ignore_index.")),
    Mistake(lambda c: 0.0 if _all_ignored(c) else ignored_mean_reference(*c["args"]),
            N_("is 0 (and right on the other batches). A loss of 0 claims a perfect batch; the notebook asked for "
               "nan when every target is ignored, as PyTorch gives: the mean of no losses is undefined."),
            N_("reread what the exercise asks for a batch with no kept row: the mean of no losses is not 0.")),
    Mistake(lambda c: _kept_mean(c["args"][0], c["args"][1], -100),
            N_("ignores the argument ignore_index and always leaves out the label -100 (PyTorch's default)."),
            N_("compare the labels with the ignore_index you are given.")),
    Mistake(lambda c: _kept_sum(*c["args"]) if not _all_ignored(c) else 0.0,
            N_("is the sum of the kept rows' losses; the exercise asks for their mean."),
            N_("divide by the number of kept rows.")),
]


@checker
def check_ignored_mean(fn):
    """`fn(logits, labels, ignore_index)` -> mean cross-entropy over the rows whose label is not ignore_index
    (nan when every row is ignored, as PyTorch)."""
    _verdict(fn, _ignore_cases(), ignored_mean_reference, IGNORE_MISTAKES, _describe,
             hint=_("which rows count, in the sum and in the denominator? Take log y from a stable log-softmax."))
    return solved(_("ignored rows add nothing to the sum and nothing to the count, and a batch with nothing left "
                    "gives nan, as in PyTorch."))


# --- Exercise 3: gradient accumulation, one number per micro-batch -------------------------------------------------

def _micro(rng, B, L, C, lengths, pad, low=1):
    """A micro-batch (B, L, C) logits and (B, L) labels; row b has lengths[b] real tokens, the rest is `pad`.
    Real tokens are drawn from [low, C): low=1 keeps them off the pad id 0, low=0 (with pad -100) lets 0 be real."""
    logits = rng.normal(size=(B, L, C)) * 2
    labels = rng.integers(low, C, size=(B, L))
    for b, n in enumerate(lengths):
        labels[b, n:] = pad
    return logits, labels


def _accumulation_cases():
    rng = np.random.default_rng(11)
    first = _micro(rng, 2, 6, 5, [6, 5], 0)  # 11 real tokens
    token = np.zeros(5)  # its first token's logits are a wide row, right and sure: a loss near 0, nan without the shift
    token[first[1][0, 0]], token[(first[1][0, 0] + 1) % 5] = WIDE, -WIDE
    first[0][0, 0] = token
    second = _micro(rng, 2, 6, 5, [1, 2], 0)  # 3 real tokens, 9 pads
    third = _micro(rng, 3, 6, 5, [4, 3, 6], 0)  # 13 real tokens
    fresh = fresh_rng()
    C, L = int(fresh.integers(3, 8)), int(fresh.integers(5, 9))  # C < 100: -100 is no column (issue 25)
    random_batches = [_micro(fresh, 2, L, C, fresh.integers(1, L + 1, size=2), -100, low=0)
                      for _skip in range(int(fresh.integers(3, 5)))]
    random_batches[0][1][0, 0] = 0  # a real token of class 0: only ignore_index says what padding is, not `> 0`
    empty = _micro(rng, 2, 4, 5, [0, 0], 0)  # a micro-batch that is all padding
    with_empty = [_micro(rng, 2, 4, 5, [4, 1], 0), empty, _micro(rng, 2, 4, 5, [2, 3], 0)]
    return [{"what": _("3 micro-batches of 11, 3 and 13 tokens (padding id 0)"),
             "args": ([first, second, third], 0)},
            {"what": _("random micro-batches of {n_classes} classes with ignore_index=-100").format(n_classes=C),
             "args": (random_batches, -100), "call_hint": NOT_A_COLUMN},
            {"what": _("3 micro-batches, the second all padding"), "args": (with_empty, 0)}]


def _parts(micro_batches, ignore_index):
    """(summed loss of the kept tokens, kept count, number of positions) of each micro-batch."""
    parts = []
    for logits, labels in micro_batches:
        flat_logits, flat_labels = logits.reshape(-1, logits.shape[-1]), labels.reshape(-1)
        kept = flat_labels != ignore_index
        parts.append((float(np.sum(_nll(flat_logits[kept], flat_labels[kept]))), int(kept.sum()), kept.size))
    return parts


def micro_batch_losses_reference(micro_batches, ignore_index):
    """Each micro-batch's summed kept-token loss over the kept count of ALL micro-batches: (K,). Back-propagating
    each as it comes gives, added up, the gradient of the whole batch; their sum is its loss."""
    total = sum(n for _skip, n, _skip in _parts(micro_batches, ignore_index))
    return np.array([float(cross_entropy(lg.reshape(-1, lg.shape[-1]), lb.reshape(-1), ignore_index=ignore_index,
                                         reduction="sum")) / total for lg, lb in micro_batches])


def _per_micro(c, fn):
    parts = _parts(*c["args"])
    total, positions, K = sum(n for _skip, n, _skip in parts), sum(p for _skip, _skip, p in parts), len(parts)
    with np.errstate(all="ignore"):
        return np.array([fn(np.float64(S), np.float64(n), p, total, positions, K) for S, n, p in parts])


def _kept_other_than_zero(c):
    """The right recipe with the label 0 left out too (a mask `labels > 0`, or the pads 0 and -100 hard-coded)."""
    micro_batches, ignore_index = c["args"]
    keeps = [(labels != ignore_index) & (labels != 0) for _skip, labels in micro_batches]
    total = sum(int(keep.sum()) for keep in keeps)
    with np.errstate(all="ignore"):
        return np.array([np.float64(np.sum(_nll(logits[keep], labels[keep]))) / total
                         for (logits, labels), keep in zip(micro_batches, keeps)])


MICRO_MISTAKES = [
    Mistake(lambda c: _per_micro(c, lambda S, n, p, total, positions, K: S / n / K),
            N_("are the micro-batch means divided by K, the classic recipe: each micro-batch gets the same say "
               "whatever its number of tokens, so a token of a short micro-batch counts more than one of a long "
               "micro-batch (and a micro-batch that is all padding gives nan). This is the bug training libraries "
               "fixed in 2024."),
            N_("every kept token of the whole batch should count the same: by what must each micro-batch's summed "
               "loss be divided?")),
    Mistake(lambda c: _per_micro(c, lambda S, n, p, total, positions, K: S / n),
            N_("are the micro-batch means: each micro-batch's own mean, with its own denominator, and nothing that "
               "makes them add up to the loss of the whole batch."),
            N_("add your numbers up: the sum should be the mean over every kept token of the whole batch.")),
    Mistake(lambda c: _per_micro(c, lambda S, n, p, total, positions, K: S),
            N_("are the micro-batch sums, not divided by anything: back-propagated, they give the gradient of the "
               "summed loss, a count of tokens too large."),
            N_("the whole batch's loss is a mean over its kept tokens: divide by a count of tokens.")),
    Mistake(lambda c: _per_micro(c, lambda S, n, p, total, positions, K: S / positions),
            N_("divide by every (B, L) position of all the micro-batches, padding included."),
            N_("count only the tokens whose label is not ignore_index.")),
    Mistake(lambda c: _per_micro(c, lambda S, n, p, total, positions, K: S / total / K),
            N_("are right divided once more by K, the number of micro-batches: the count of all kept tokens already "
               "makes them add up to the whole batch's mean."),
            N_("do not divide again: their sum should be the whole batch's loss.")),
    Mistake(lambda c: _per_micro(c, lambda S, n, p, total, positions, K: S / K),
            N_("are the micro-batch sums divided by K, the number of micro-batches; a mean over tokens divides by a "
               "number of tokens."), N_("a mean over tokens divides by a number of tokens: which ones?")),
    Mistake(lambda c: _kept_other_than_zero(c),
            N_("leave out the real tokens whose label is 0 as well as the padding: the label 0 is a class like any "
               "other, and only ignore_index says which positions are padding."),
            N_("compare the labels with the ignore_index you are given, and with nothing else.")),
    Mistake(lambda c: _per_micro(c, lambda S, n, p, total, positions, K: sum(
                part[0] for part in _parts(*c["args"])) / total / K),
            N_("are one number repeated, the whole batch's loss divided by K: their sum is right, but each micro-batch "
               "must carry its own tokens' share, or its gradient is scaled wrongly."),
            N_("micro-batch k's number is computed from micro-batch k's tokens only (and one count shared by all).")),
]


def _run_arrays(fn, cases, what, hint):
    """Like _run, for answers that are arrays of K numbers (one per micro-batch)."""
    raw = []
    for case, got in _answers(fn, cases, hint):
        arr = as_real_array(got, what=what(case))
        K = len(case["args"][0])
        if arr.shape != (K,):
            raise NotYet(_("{what} has shape {shape}; the exercise asks for one number per micro-batch, "
                           "shape ({K},).").format(what=what(case), shape=arr.shape, K=K),
                         _("return a list (or 1-d array) with one number for each micro-batch."))
        raw.append(got)
    return raw


@checker
def check_accumulated_loss(fn):
    """`fn(micro_batches, ignore_index)` -> one number per micro-batch, to back-propagate as each micro-batch comes,
    so that the gradients add up to the whole batch's and the numbers to its token-mean loss.

    `micro_batches` is a list of ``(logits (B, L, C), labels (B, L))`` pairs.
    """
    cases = _accumulation_cases()
    what = lambda case: _("your numbers for {case}").format(case=case["what"])
    hint = _("every kept token of the whole batch should count the same, whichever micro-batch it is in: what must "
             "you know before the first micro-batch's number can be computed?")
    raw = _run_arrays(fn, cases, what, hint)
    expected = [micro_batch_losses_reference(*case["args"]) for case in cases]
    diagnose(raw, cases, expected, MICRO_MISTAKES, what)
    expect_all_close(raw, cases, expected, what, hint=hint)
    return solved(_("each micro-batch's summed loss over the kept tokens of the whole batch: back-propagated one by "
                    "one, the gradients add up to the whole batch's, and the numbers to its loss, whatever the "
                    "micro-batches' sizes (an all-padding micro-batch gives 0, not nan)."))
