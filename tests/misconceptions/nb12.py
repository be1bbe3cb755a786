"""12-calibration: ece, nll_dT, calibrate (which split T is fitted on)."""
import numpy as np
import scipy.special

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import cross_entropy, one_hot, softmax
from softmaxlab.calibration import expected_calibration_error, fit_temperature


# ---------- ece(probs, labels, n_bins)
def ece(probs, labels, n_bins):
    conf = probs.max(axis=1)
    hits = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            total += inside.mean() * abs(hits[inside].mean() - conf[inside].mean())
    return total


def ece_ceil(probs, labels, n_bins):
    """Bin index by ceil(conf * B) - 1: the right-closed bins without a loop, with bincount."""
    conf = probs.max(axis=1)
    hits = (probs.argmax(axis=1) == labels).astype(float)
    which = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)
    gap = np.abs(np.bincount(which, hits, n_bins) - np.bincount(which, conf, n_bins))  # n_b |acc_b - conf_b|
    return float(gap.sum() / len(conf))


def _gaps(conf, hits, n_bins):
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    rows = [(conf > lo) & (conf <= hi) for lo, hi in zip(edges[:-1], edges[1:])]
    n = np.array([r.sum() for r in rows])
    with np.errstate(invalid="ignore"):
        gap = np.array([abs(hits[r].mean() - conf[r].mean()) if r.any() else np.nan for r in rows])
    return n, gap


def unweighted_mean(probs, labels, n_bins):
    n, gap = _gaps(probs.max(axis=1), probs.argmax(axis=1) == labels, n_bins)
    return float(np.mean(gap[n > 0]))


def unweighted_sum(probs, labels, n_bins):
    n, gap = _gaps(probs.max(axis=1), probs.argmax(axis=1) == labels, n_bins)
    return float(np.sum(gap[n > 0]))


def empty_bins_nan(probs, labels, n_bins):
    n, gap = _gaps(probs.max(axis=1), probs.argmax(axis=1) == labels, n_bins)
    return float(np.mean(gap))  # nan: the empty bins' 0 / 0


def empty_bins_zero(probs, labels, n_bins):
    n, gap = _gaps(probs.max(axis=1), probs.argmax(axis=1) == labels, n_bins)
    return float(np.nansum(gap) / n_bins)


def class1_binary(probs, labels, n_bins):
    n, gap = _gaps(probs[:, 1], (labels == 1).astype(float), n_bins)
    return float(np.sum(n[n > 0] * gap[n > 0]) / len(labels))


def class1_confidence(probs, labels, n_bins):
    n, gap = _gaps(probs[:, 1], (probs.argmax(axis=1) == labels).astype(float), n_bins)
    return float(np.sum(n[n > 0] * gap[n > 0]) / len(labels))


def true_class_confidence(probs, labels, n_bins):
    n, gap = _gaps(probs[np.arange(len(labels)), labels], (probs.argmax(axis=1) == labels).astype(float), n_bins)
    return float(np.sum(n[n > 0] * gap[n > 0]) / len(labels))


def left_closed_drops_ones(probs, labels, n_bins):
    """Bins [lo, hi) by floor(conf * B): a confidence of exactly 1 falls outside every bin and is lost."""
    conf = probs.max(axis=1)
    hits = probs.argmax(axis=1) == labels
    which = np.floor(conf * n_bins).astype(int)
    total = 0.0
    for b in range(n_bins):
        inside = which == b
        if inside.any():
            total += inside.mean() * abs(hits[inside].mean() - conf[inside].mean())
    return total


def abs_outside_the_sum(probs, labels, n_bins):
    """Bins (lo, hi] and weights n_b / N, but |.| taken once, around the weighted sum: the learner did bin (issue 25:
    this was told "with no bins"), though the number equals |accuracy - mean confidence|."""
    conf = probs.max(axis=1)
    hits = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            total += inside.mean() * (hits[inside].mean() - conf[inside].mean())
    return abs(total)


ECE = [
    Right(ece, "a loop over the bins (lo, hi], weighted by the share of the samples"),
    Right(ece_ceil, "ceil(conf * B) - 1 as the bin index, sums by np.bincount"),
    Right(lambda p, k, b: np.float32(expected_calibration_error(p, k, b)), "the package's ECE, as float32"),
    Right(lambda p, k, b: [expected_calibration_error(p, k, b)][0], "the package's function itself"),
    Wrong(unweighted_mean, "unweighted mean over the non-empty bins", diagnosis="plain mean of |acc - conf|"),
    Wrong(class1_binary, "probability of class 1 against label == 1 (binary habit)", diagnosis="how often the label is 1"),
    Wrong(class1_confidence, "probability of class 1 as the confidence", diagnosis="as every row's confidence"),
    Wrong(unweighted_sum, "|acc - conf| summed over the bins without weights", diagnosis="without weights"),
    Wrong(empty_bins_nan, "mean over all bins, the empty ones 0 / 0", diagnosis="is nan"),
    Wrong(empty_bins_zero, "empty bins counted as 0 in an unweighted mean over all bins",
          diagnosis="the empty bins are counted as bins"),
    Wrong(true_class_confidence, "probability of the true class as the confidence", diagnosis="of the true class"),
    Wrong(lambda p, k, b: abs(np.mean(p.max(axis=1)) - np.mean(p.argmax(axis=1) == k)), "no bins at all",
          diagnosis="|accuracy - mean confidence| over the whole set"),
    # the same numbers as no bins, so the same words (test_diagnoses_are_distinct failed on "without bins")
    Wrong(abs_outside_the_sum, "binned and weighted, |.| outside the sum",
          diagnosis="|accuracy - mean confidence| over the whole set",
          not_said=("with no bins",)),
    Wrong(left_closed_drops_ones, "floor(conf * B): a confidence of exactly 1 is dropped", diagnosis=None,
          not_said=("is nan", "plain mean", "without weights")),
    Wrong(stub, "the unsolved exercise", diagnosis="not solved yet"),
    Wrong(crashes, "a function that raises", diagnosis="ZeroDivisionError"),
    Wrong(returns_none, "forgot to return", diagnosis="is None"),
]


# ---------- nll_dT(logits, labels, T)
def nll_dT(logits, labels, T):
    z = logits / T
    y = softmax(z)
    t = np.eye(logits.shape[1])[labels]
    return -np.sum((y - t) * z) / (len(labels) * T)


def unshifted(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def dT_from_true_class(logits, labels, T):
    """Another valid form: dL/dT = (1 / (N T^2)) sum_n (a_n[k_n] - y_n . a_n)."""
    y = scipy.special.softmax(logits / T, axis=1)
    true = logits[np.arange(len(labels)), labels]
    return float(np.mean(true - np.sum(y * logits, axis=1)) / T ** 2)


def central_difference(logits, labels, T, h=1e-5):
    return (cross_entropy(logits / (T + h), labels) - cross_entropy(logits / (T - h), labels)) / (2 * h)


DT = [
    Right(nll_dT, "-(1 / (N T)) sum (y - t) . z"),
    Right(dT_from_true_class, "(1 / (N T^2)) sum (true logit - y . a), with scipy's softmax"),
    Right(central_difference, "a central difference of the mean loss, h = 1e-5"),
    Wrong(lambda a, k, T: -np.sum((softmax(a / T) - one_hot(k)) * a / T) / (len(k) * T),
          "one_hot(labels) without C: raises when a batch has no label of the last class (review-10-12 F4: accepted "
          "while every batch had one)", diagnosis="raised ValueError"),
    Right(lambda a, k, T: np.float32(nll_dT(a, k, T)), "float32"),
    Wrong(lambda a, k, T: -nll_dT(a, k, T), "sign flipped (dz/dT taken as +z / T)", diagnosis="wrong sign"),
    Wrong(lambda a, k, T: len(k) * nll_dT(a, k, T), "derivative of the summed loss", diagnosis="N times too large"),
    Wrong(lambda a, k, T: T * nll_dT(a, k, T), "dL/d(log T), or dz/dT = -a / T", diagnosis="T times too large"),
    Wrong(lambda a, k, T: -T ** 2 * nll_dT(a, k, T), "dL/d(1/T)", diagnosis="inverse temperature"),
    Wrong(lambda a, k, T: -np.sum((softmax(a) - one_hot(k, a.shape[1])) * a / T) / (len(k) * T),
          "y taken at T = 1", diagnosis="probabilities at T = 1"),
    Wrong(lambda a, k, T: -np.sum((unshifted(a / T) - one_hot(k, a.shape[1])) * a / T) / (len(k) * T),
          "softmax without the max shift", diagnosis="overflows"),
    Wrong(lambda a, k, T: -np.sum((softmax(a / T) - one_hot(k, a.shape[1])) * a / T ** 2) / len(k) / T,
          "an extra 1/T (dz/dT = -a / T^3)", diagnosis=None, not_said=("T times too large",)),
    Wrong(lambda a, k, T: (softmax(a / T) - one_hot(k, a.shape[1])) / len(k), "dL/dz returned, not dL/dT",
          diagnosis="expected one number"),
    Wrong(stub, "the unsolved exercise", diagnosis="not solved yet"),
]


# ---------- calibrate(splits) -> (T, test NLL)
def calibrate(splits):
    T = fit_temperature(*splits["validation"])
    test_logits, test_labels = splits["test"]
    return T, cross_entropy(test_logits / T, test_labels)


def newton_on_log_T(splits, steps=30):
    logits, labels = splits["validation"]
    s = 0.0
    for _ in range(steps):
        z = logits * np.exp(-s)
        y, t = softmax(z), one_hot(labels, z.shape[1])
        first = -np.sum((y - t) * z) / len(labels)
        second = np.mean(np.sum(y * z ** 2, axis=1) - np.sum(y * z, axis=1) ** 2) - first
        s -= first / second
    test_logits, test_labels = splits["test"]
    return [float(np.exp(s)), float(cross_entropy(test_logits * np.exp(-s), test_labels))]


def fitted_on(name):
    def attempt(splits):
        T = fit_temperature(*splits[name])
        return T, cross_entropy(splits["test"][0] / T, splits["test"][1])
    return attempt


def pooled(splits):
    (a, k), (b, m) = splits["validation"], splits["test"]
    T = fit_temperature(np.concatenate([a, b]), np.concatenate([k, m]))
    return T, cross_entropy(b / T, m)


def grid_search(splits):
    """T on a geometric grid of 2001 values, 0.27% apart: within the checker's 1.5% for T."""
    logits, labels = splits["validation"]
    grid = np.exp(np.linspace(np.log(0.1), np.log(20), 2001))
    T = grid[np.argmin([cross_entropy(logits / T, labels) for T in grid])]
    return T, cross_entropy(splits["test"][0] / T, splits["test"][1])


def coarse_grid(splits):
    """08's grid of 31 temperatures on the right split: T off by a few percent."""
    logits, labels = splits["validation"]
    grid = np.geomspace(0.25, 8, 31)
    T = grid[np.argmin([cross_entropy(logits / T, labels) for T in grid])]
    return T, cross_entropy(splits["test"][0] / T, splits["test"][1])


def two_newton_steps(splits):
    logits, labels = splits["validation"]
    s = 0.0
    for _ in range(2):
        z = logits * np.exp(-s)
        y, t = softmax(z), one_hot(labels, z.shape[1])
        first = -np.sum((y - t) * z) / len(labels)
        s -= first / (np.mean(np.sum(y * z ** 2, axis=1) - np.sum(y * z, axis=1) ** 2) - first)
    return float(np.exp(s)), cross_entropy(splits["test"][0] * np.exp(-s), splits["test"][1])


def step_grid(splits):
    """A linear grid of step 0.01 on the validation split: T within 0.005 of the best (issue 25: refused)."""
    logits, labels = splits["validation"]
    grid = np.arange(0.05, 6.0, 0.01)
    T = grid[np.argmin([cross_entropy(logits / T, labels) for T in grid])]
    return T, cross_entropy(splits["test"][0] / T, splits["test"][1])


def as_array(splits):
    """The pair as a NumPy array of two numbers (issue 25: refused)."""
    T = fit_temperature(*splits["validation"])
    return np.array([T, cross_entropy(splits["test"][0] / T, splits["test"][1])])


def pooled_with(names):
    def attempt(splits):
        logits = np.concatenate([splits[n][0] for n in names])
        labels = np.concatenate([splits[n][1] for n in names])
        T = fit_temperature(logits, labels)
        return T, cross_entropy(splits["test"][0] / T, splits["test"][1])
    return attempt


def by_ece(splits):
    """T chosen on the validation split by the smallest 15-bin ECE, not the NLL: not the fit asked for."""
    logits, labels = splits["validation"]
    grid = np.geomspace(0.2, 8, 400)
    T = grid[np.argmin([expected_calibration_error(softmax(logits / T), labels, 15) for T in grid])]
    return T, cross_entropy(splits["test"][0] / T, splits["test"][1])


SPLIT = [
    Right(step_grid, "a grid of step 0.01 on the validation split (the exercise allows T to 1.5%)"),
    Right(as_array, "np.array([T, nll]): a pair as an array"),
    Wrong(pooled_with(("training", "validation")), "training and validation pooled",
          diagnosis="training split", not_said=("nearer the best T of the validation split",)),
    Wrong(pooled_with(("training", "validation", "test")), "all three splits pooled",
          diagnosis="all three splits", not_said=("nearer the best T of the validation split",)),
    Wrong(by_ece, "T that minimises the validation ECE, not the NLL", diagnosis=None,
          not_said=("nearer the best T of the validation split", "fitted on the")),
    Right(calibrate, "fit_temperature on the validation split, NLL on the test split"),
    Right(newton_on_log_T, "own Newton steps on log T, returned as a list"),
    Right(grid_search, "a geometric grid of 2001 temperatures, fine enough"),
    Wrong(fitted_on("test"), "T fitted on the test split", diagnosis="fitted on the test split"),
    Wrong(fitted_on("training"), "T fitted on the training split", diagnosis="fitted on the training split"),
    Wrong(pooled, "validation and test pooled", diagnosis="validation and test splits together"),
    Wrong(lambda s: (fit_temperature(*s["validation"]),
                     cross_entropy(s["validation"][0] / fit_temperature(*s["validation"]), s["validation"][1])),
          "NLL reported on the validation split", diagnosis="measured on the validation split"),
    Wrong(lambda s: (1.0, cross_entropy(*s["test"])), "no temperature fitted", diagnosis="returned T = 1"),
    Wrong(lambda s: (1 / fit_temperature(*s["validation"]),
                     cross_entropy(s["test"][0] / fit_temperature(*s["validation"]), s["test"][1])),
          "1 / T returned", diagnosis="its inverse"),
    Wrong(lambda s: fit_temperature(*s["validation"]), "T alone, no NLL", diagnosis="expected a pair"),
    Wrong(lambda s: (fit_temperature(*s["validation"]),
                     cross_entropy(s["test"][0] * fit_temperature(*s["validation"]), s["test"][1])),
          "logits multiplied by T", diagnosis=None, not_said=("fitted on the",)),
    Wrong(coarse_grid, "right split, 08's coarse grid of 31 temperatures", diagnosis="run the fit to convergence",
          not_said=("fitted on the",)),
    Wrong(two_newton_steps, "right split, only two Newton steps", diagnosis="convergence",
          not_said=("fitted on the",)),
    Wrong(stub, "the unsolved exercise", diagnosis="not solved yet"),
]

from softmaxlab.exercises import calibration as ex  # noqa: E402

CATALOGUE = {ex.check_ece: ECE, ex.check_nll_dT: DT, ex.check_fit_split: SPLIT}
