"""Checkers for notebook 12: the expected calibration error, the NLL's derivative in T, and the split T is fitted on.

Every checker runs fixed cases chosen so that each misconception it names gives a different answer
(bins of unequal counts, empty bins, a confidence of exactly 1, the predicted class not class 1,
N != C, T != 1), plus a fresh random case at every check. A diagnosis is given only when the
attempt's answers equal that misconception's on every case; otherwise the message stays neutral.
"""
import numpy as np

from ..activations import softmax
from ..calibration import expected_calibration_error, fit_temperature
from ..losses import cross_entropy, one_hot
from ..i18n import N_, _
from ._core import WIDE, NotYet, as_real_number, call, checker, expect_close, expect_unchanged, fresh_rng, solved
from ._mistakes import Mistake, answers, diagnose, expect_all_close, same

# ------------------------------------------------------------------------------------------------ ECE


def _bin_gaps(conf, hits, n_bins):
    """Per-bin counts and |mean hit - mean conf| (nan where empty), right-closed bins (lo, hi] as the package."""
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, n_bins - 1)
    counts = np.bincount(which, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        gaps = np.abs(np.bincount(which, weights=hits, minlength=n_bins) / counts
                      - np.bincount(which, weights=conf, minlength=n_bins) / counts)
    return counts, gaps


def _predicted(case):
    probs, labels, n_bins = case
    return probs.max(axis=1), (probs.argmax(axis=1) == labels).astype(float), n_bins


def _unweighted_mean(case):
    counts, gaps = _bin_gaps(*_predicted(case))
    return np.mean(gaps[counts > 0])


def _unweighted_sum(case):
    counts, gaps = _bin_gaps(*_predicted(case))
    return np.sum(gaps[counts > 0])


def _empty_as_zero(case):
    counts, gaps = _bin_gaps(*_predicted(case))
    return np.sum(gaps[counts > 0]) / len(counts)


def _empty_nan(case):
    counts, gaps = _bin_gaps(*_predicted(case))
    return np.sum(counts * gaps) / counts.sum()  # 0 * nan = nan: the empty bins poison the sum


def _class1_binary(case):
    probs, labels, n_bins = case
    counts, gaps = _bin_gaps(probs[:, 1], (labels == 1).astype(float), n_bins)
    return np.sum(counts[counts > 0] * gaps[counts > 0]) / len(labels)


def _class1_confidence(case):
    probs, labels, n_bins = case
    counts, gaps = _bin_gaps(probs[:, 1], (probs.argmax(axis=1) == labels).astype(float), n_bins)
    return np.sum(counts[counts > 0] * gaps[counts > 0]) / len(labels)


def _true_class_confidence(case):
    probs, labels, n_bins = case
    conf = probs[np.arange(len(labels)), labels]
    counts, gaps = _bin_gaps(conf, (probs.argmax(axis=1) == labels).astype(float), n_bins)
    return np.sum(counts[counts > 0] * gaps[counts > 0]) / len(labels)


def _global_gap(case):
    conf, hits = _predicted(case)[:2]
    return abs(hits.mean() - conf.mean())


ECE_MISTAKES = [
    (_empty_nan, N_("is nan: an empty bin has no samples, and its mean confidence and accuracy are 0 / 0."),
     N_("skip the empty bins: their weight n_b / N is 0 anyway.")),
    (_unweighted_mean, N_("is the plain mean of |acc - conf| over the non-empty bins: a bin of 2 samples counts as "
                          "much as a bin of 200."),
     N_("weigh each bin's gap by its share of the samples, n_b / N.")),
    (_empty_as_zero, N_("is the sum of |acc - conf| over the bins divided by the number of bins: the empty bins are "
                        "counted as bins, and no bin is weighted by its count."),
     N_("weigh each bin's gap by n_b / N; an empty bin then drops out by itself.")),
    (_unweighted_sum, N_("is the sum of |acc - conf| over the non-empty bins, without weights: it grows with the "
                         "number of bins."),
     N_("multiply each bin's gap by the share of the samples in it, n_b / N.")),
    (_class1_binary, N_("bins the probability of class 1 (column 1) and compares it with how often the label is 1: "
                        "that is a one-class (binary) calibration, not the confidence of the prediction."),
     N_("the confidence of a row is the probability of its predicted class, its largest probability.")),
    (_class1_confidence, N_("uses the probability of class 1 (column 1) as every row's confidence; the confidence "
                            "is the predicted class's probability."),
     N_("the confidence of a row is its largest probability.")),
    (_true_class_confidence, N_("uses the probability of the true class as the confidence; the accuracy in a bin is "
                                "about the predicted class, so the confidence must be the predicted class's "
                                "probability too."),
     N_("the confidence of a row is its largest probability, whatever the label.")),
    (_global_gap, N_("equals |accuracy - mean confidence| over the whole set, which is what you get without bins, "
                     "and also with bins when |.| is taken once, around the weighted sum of acc_b - conf_b (the two "
                     "are the same number): over- and under-confident bins then cancel."),
     N_("take |acc_b - conf_b| inside the sum, bin by bin, and weight each by n_b / N.")),
]


def _ece_cases():
    rng = fresh_rng()
    # 1. Handmade: 3 classes, 5 bins of 3, 0, 1, 2 and 4 samples... predicted class often not class 1, one
    #    confidence of exactly 1, bins with different gaps.
    probs = np.array([[0.36, 0.34, 0.30], [0.35, 0.25, 0.40], [0.32, 0.33, 0.35],        # bin (0.2, 0.4]
                      [0.75, 0.15, 0.10],                                                # bin (0.6, 0.8]
                      [0.10, 0.85, 0.05], [0.05, 0.12, 0.83],                            # bin (0.8, 1]
                      [0.0, 1.0, 0.0], [0.93, 0.02, 0.05], [0.03, 0.02, 0.95], [0.90, 0.05, 0.05],
                      [0.45, 0.50, 0.05], [0.52, 0.47, 0.01]])                           # bin (0.4, 0.6]
    labels = np.array([0, 1, 2, 0, 1, 0, 1, 0, 2, 1, 0, 0])
    cases = [(probs, labels, 5)]
    # 2. Two classes, 4 bins; the predicted class is 0 in about half the rows.
    p0 = np.array([0.97, 0.9, 0.62, 0.3, 0.1, 0.58, 0.8, 0.95, 0.45, 0.2, 0.66, 0.85, 0.05, 0.7])
    cases.append((np.stack([p0, 1 - p0], axis=1), np.array([0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1]), 4))
    # 3. An over-confident model on 4 classes (fixed seed), 10 bins, some of them empty.
    fixed = np.random.default_rng(12)
    true = 1.5 * fixed.normal(size=(60, 4))
    labels3 = (fixed.random((60, 1)) > np.cumsum(softmax(true), axis=1)).sum(axis=1)
    cases.append((softmax(3.0 * true), labels3, 10))
    # 4. Fresh at every check: N, C and the bins drawn; a wide row, whose probabilities are exactly one-hot.
    N, C, n_bins = int(rng.integers(40, 80)), int(rng.integers(3, 7)), int(rng.integers(6, 13))
    logits = float(rng.uniform(1.0, 3.0)) * rng.normal(size=(N, C))
    logits[0] = 0.0
    logits[0, 1] = WIDE
    cases.append((softmax(logits), rng.integers(0, C, size=N), n_bins))
    return cases


def _describe_ece(case):
    probs, labels, n_bins = case
    return _("your ECE for {N} samples of {C} classes in {n_bins} bins").format(N=len(labels), C=probs.shape[1],
                                                                                n_bins=n_bins)


@checker
def check_ece(fn):
    """`fn(probs, labels, n_bins)` should return the expected calibration error, weighted by the bins' counts."""
    cases = _ece_cases()
    hint = _("section 3: a row's confidence is its largest probability; bins are (lo, hi]; each bin counts by its "
             "share of the samples.")
    got = answers(fn, cases, _describe_ece, hint, number=True)  # each keeps its dtype: the precision policy
    expected = [expected_calibration_error(*case) for case in cases]
    diagnose(got, cases, expected, [Mistake(*m) for m in ECE_MISTAKES], _describe_ece)
    expect_all_close(got, cases, expected, _describe_ece, hint=hint)
    return solved(_("ECE weighted by the bins' counts: right on four sets (empty bins, a confidence of exactly 1, "
                    "two classes, and one drawn at random)."))


# ------------------------------------------------------------------------------------------------ dL/dT


def _nll_dT(logits, labels, T):
    z = logits / T  # (N, C)
    return float(-np.sum((softmax(z) - one_hot(labels, logits.shape[1])) * z) / (len(labels) * T))


def _unshifted(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


DT_MISTAKES = [
    (lambda a, k, T: float(-np.sum((_unshifted(a / T) - one_hot(k, a.shape[1])) * a / T) / (len(k) * T)),
     N_("is nan: exp overflows in the row whose logits are 1500 apart, so softmax gives inf / inf."),  # 1500 = WIDE
     N_("use a softmax that subtracts each row's max (softmaxlab's `softmax` does).")),
    (lambda a, k, T: -_nll_dT(a, k, T), N_("has the wrong sign."),
     N_("z = a / T gets smaller as T grows: dz/dT = -z / T.")),
    (lambda a, k, T: len(k) * _nll_dT(a, k, T),
     N_("is N times too large: that is the derivative of the SUM of the N losses."),
     N_("the loss is the mean over the batch.")),
    (lambda a, k, T: T * _nll_dT(a, k, T),
     N_("is T times too large: that is dL/d(log T), or a factor 1/T of dz/dT = -a / T^2 is missing."),
     N_("z = a / T, so dz/dT = -a / T^2 = -z / T.")),
    (lambda a, k, T: -T ** 2 * _nll_dT(a, k, T),
     N_("is dL/d(1/T), the derivative with respect to the inverse temperature."),
     N_("by the chain rule dL/dT = dL/d(1/T) * d(1/T)/dT = -dL/d(1/T) / T^2.")),
    (lambda a, k, T: float(-np.sum((softmax(a) - one_hot(k, a.shape[1])) * a / T) / (len(k) * T)),
     N_("uses y = softmax(a), the probabilities at T = 1; the loss is that of softmax(a / T)."),
     N_("compute y from the scaled logits z = a / T.")),
]


def _dt_cases():
    rng = fresh_rng()
    fixed = np.random.default_rng(3)
    wide = np.array([[0.0, WIDE, -2.0], [1.0, 0.5, -0.5], [0.2, 2.0, 1.0], [-1.0, 0.0, 3.0]])
    N, C = int(rng.integers(5, 12)), int(rng.integers(3, 7))
    return [(fixed.normal(scale=2.0, size=(4, 3)), np.array([0, 2, 1, 2]), 2.0),
            (fixed.normal(scale=3.0, size=(3, 5)), np.array([3, 0, 2]), 0.5),  # no label 4: one_hot needs C
            (wide, np.array([1, 0, 2, 2]), 1.5),
            (rng.normal(scale=2.5, size=(N, C)), rng.integers(0, C, size=N), float(rng.uniform(0.3, 3.0)))]


def _describe_dt(case):
    logits, T = case[0], case[2]
    return _("your dL/dT for logits of shape {shape} at T = {T:.3g}").format(shape=logits.shape, T=T)


@checker
def check_nll_dT(fn):
    """`fn(logits, labels, T)` should return dL/dT for L = mean over rows of -log softmax(logits / T)[label]."""
    cases = _dt_cases()
    hint = _("section 4: dL/dz = (y - t) / N for the mean loss, and z = a / T; then the chain rule.")
    got = answers(fn, cases, _describe_dt, hint, number=True)  # each keeps its dtype: the precision policy
    expected = [_nll_dT(*case) for case in cases]
    mistakes = [Mistake(lambda case, f=f: f(*case), message, nudge) for f, message, nudge in DT_MISTAKES]
    diagnose(got, cases, expected, mistakes, _describe_dt)
    expect_all_close(got, cases, expected, _describe_dt, hint=hint)
    return solved(_("dL/dT = -(1 / (N T)) sum_n (y_n - t_n) . z_n: right on four batches (a wide row, T above and "
                    "below 1, and one drawn at random)."))


# ------------------------------------------------------------------------------------------------ which split


def _draw_split(rng, N, C, factor, scale=1.5):
    true = scale * rng.normal(size=(N, C))  # (N, C): a calibrated model's logits
    labels = (rng.random((N, 1)) > np.cumsum(softmax(true), axis=1)).sum(axis=1)
    return factor * true, labels


def _splits(rng, C, factor):
    """Training logits more over-confident than the others' (the model has seen those samples)."""
    return {"training": _draw_split(rng, 400, C, 1.6 * factor), "validation": _draw_split(rng, 300, C, factor),
            "test": _draw_split(rng, 300, C, factor)}


POOLED = {"pooled": ("validation", "test"), "training+validation": ("training", "validation"),
          "all": ("training", "validation", "test")}
T_RTOL = 0.015  # T is checked to 1.5% (the exercise says so): a grid of step 0.01 is fine, 08's coarse grid is not


def _fits(splits):
    """The best T of each split, and of the splits pooled in the ways learners pool them."""
    fits = {name: fit_temperature(*data) for name, data in splits.items()}
    for name, parts in POOLED.items():
        fits[name] = fit_temperature(np.concatenate([splits[p][0] for p in parts]),
                                     np.concatenate([splits[p][1] for p in parts]))
    return fits


def _apart(fits, rel=0.035):
    """Every two fits more than 2 * T_RTOL apart (with a margin), so a T within T_RTOL of one names one split."""
    values = sorted(fits.values())
    return all(b > a * (1 + rel) for a, b in zip(values, values[1:]))


def _split_cases():
    cases = [_splits(np.random.default_rng(seed), C, factor) for seed, C, factor in ((1, 4, 2.5), (5, 3, 0.6))]
    rng = fresh_rng()
    for _draw in range(50):  # a fresh draw whose six fits are at least 3.5% apart (about half the draws are)
        splits = _splits(rng, int(rng.integers(3, 7)), float(rng.uniform(0.8, 3.0)))
        if _apart(_fits(splits)):
            break
    cases.append(splits)
    return cases


def _nll(data, T):
    return float(cross_entropy(data[0] / T, data[1]))


def _near(T, target, rtol=T_RTOL):
    return bool(np.isfinite(T) and abs(T - target) <= rtol * abs(target))


# Each mistake: (the T it fits, from the fits; the NLL it reports, at the learner's own T; words; hint).
SPLIT_MISTAKES = [
    (lambda f: f["test"], lambda s, T: _nll(s["test"], T),
     N_("your T was fitted on the test split. Then the test NLL is the smallest value over T of the very numbers you "
        "report: it is optimistic, and nothing unseen is left to measure it on."),
     N_("fit T on data held out from training that the final report does not use.")),
    (lambda f: f["training"], lambda s, T: _nll(s["test"], T),
     N_("your T was fitted on the training split. The model is more confident on samples it was trained on, so that "
        "T is wrong for new samples."), N_("fit T on data the model has not been trained on, and that is not the "
                                           "test set.")),
    (lambda f: f["pooled"], lambda s, T: _nll(s["test"], T),
     N_("your T was fitted on the validation and test splits together: the test samples still helped choose T."),
     N_("leave the test split out of the fit entirely.")),
    (lambda f: f["training+validation"], lambda s, T: _nll(s["test"], T),
     N_("your T was fitted on the training and validation splits together: the training samples, on which the model "
        "is more confident than on new ones, pull T away from what new samples need."),
     N_("leave the training split out of the fit.")),
    (lambda f: f["all"], lambda s, T: _nll(s["test"], T),
     N_("your T was fitted on all three splits together: the training samples pull T off, and the test samples "
        "helped choose it."), N_("fit T on one split only: which one is neither trained on nor reported?")),
    (lambda f: f["validation"], lambda s, T: _nll(s["validation"], T),
     N_("your T is the right one, but the NLL you report is measured on the validation split, the one T was fitted "
        "on."), N_("report the NLL on the split that played no part in any choice.")),
    (lambda f: 1.0, lambda s, T: _nll(s["test"], T),
     N_("you returned T = 1: no temperature was fitted."),
     N_("`fit_temperature(logits, labels)` fits one, or use your dL/dT of exercise 2.")),
    (lambda f: 1 / f["validation"], lambda s, T: _nll(s["test"], 1 / T),
     N_("your test NLL is right but the T you returned is its inverse, 1 / T."),
     N_("return the T that the logits are divided by.")),
]

T_HINT = N_("T should minimise the mean NLL of the one split that is held out from training AND unused by the final "
            "report, found to 1.5%: run the fit to convergence (fit_temperature, Newton steps, or a grid of step "
            "0.01; a coarse grid or a couple of Newton steps stops short), and minimise the NLL, not another "
            "measure such as the ECE.")


def _describe_split(splits):
    return _("with a {C}-class model, your (T, test NLL)").format(C=splits["validation"][0].shape[1])


def _pair(got, what):
    if isinstance(got, np.ndarray) and got.shape == (2,):
        got = tuple(got)  # np.array([T, nll]) is a pair too
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        if isinstance(got, (tuple, list)):
            kind = _("a {type} of length {length}").format(type=type(got).__name__, length=len(got))
        elif isinstance(got, np.ndarray):
            kind = _("a {type} of shape {shape}").format(type=type(got).__name__, shape=got.shape)
        else:
            kind = _("a {type}").format(type=type(got).__name__)
        raise NotYet(_("{what}: expected a pair (T, test NLL), got {kind}.").format(what=what, kind=kind),
                     _("return the two numbers, e.g. `return T, nll`."))
    return (as_real_number(got[0], what=_("{what}: T").format(what=what)),
            as_real_number(got[1], what=_("{what}: the NLL").format(what=what)))


@checker
def check_fit_split(fn):
    """`fn(splits)` should fit T on the validation split and return (T, the mean NLL of the test split at that T)."""
    cases = _split_cases()
    hint = _("which split is held out from training AND unused by the final report?")
    got = []
    for splits in cases:
        given = {name: (logits.copy(), labels.copy()) for name, (logits, labels) in splits.items()}
        answer = call(fn, given, hint=hint)
        for name, (logits, labels) in splits.items():
            expect_unchanged(logits, given[name][0], what=_("your function (the logits of the splits)"))
        got.append(_pair(answer, _describe_split(splits)))
    fits = [_fits(splits) for splits in cases]

    def matches(T_of, nll_of):
        return all(_near(float(T), T_of(f)) and same(nll, nll_of(s, float(T)), rtol=1e-6)
                   for (T, nll), s, f in zip(got, cases, fits))

    if not matches(lambda f: f["validation"], lambda s, T: _nll(s["test"], T)):
        for T_of, nll_of, message, nudge in SPLIT_MISTAKES:
            if matches(T_of, nll_of):
                raise NotYet(message, nudge)
        for (T, nll), splits, f in zip(got, cases, fits):
            what = _describe_split(splits)
            expect_close(np.float64(T), f["validation"], what=_("{what}: T").format(what=what), rtol=T_RTOL,
                         hint=_(T_HINT))
            expect_close(nll, _nll(splits["test"], float(T)), what=_("{what}: the test NLL").format(what=what),
                         hint=_("the mean NLL of softmax(test logits / T) against the test labels, at your T."))
    return solved(_("T fitted on the validation split and judged on the test split, which played no part in choosing "
                    "it: right on three sets of splits (one drawn at random)."))
