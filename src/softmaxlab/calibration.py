"""Calibration of a classifier's softmax probabilities: reliability bins, ECE, temperature scaling.

Conventions of Guo et al., "On Calibration of Modern Neural Networks" (ICML 2017): the confidence
of a sample is the probability of its *predicted* class, bins are equal-width on [0, 1] and
closed on the right, (lo, hi], and the ECE weighs each bin by its share of the samples.
"""
from typing import NamedTuple

import numpy as np

from ._checks import _refuse_masked, as_float_array
from .activations import softmax
from .losses import _check_logits_targets, cross_entropy, cross_entropy_backward
from .i18n import _


class ReliabilityBins(NamedTuple):
    """Per-bin summary of :func:`reliability_bins`; each field has one entry per bin, except `edges`."""

    edges: np.ndarray  # (n_bins + 1,): bin b is (edges[b], edges[b + 1]], the first one also holds 0
    counts: np.ndarray  # (n_bins,) int: samples whose confidence falls in the bin
    confidence: np.ndarray  # (n_bins,): mean confidence of those samples, nan for an empty bin
    accuracy: np.ndarray  # (n_bins,): share of them predicted right, nan for an empty bin


def _check_probs_labels(probs, labels):
    probs = as_float_array(probs, "probs")
    if probs.ndim != 2:
        raise ValueError(_("probs must have shape (N, C), got {shape}").format(shape=probs.shape))
    N, C = probs.shape
    if N == 0 or C == 0:
        raise ValueError(_("probs has shape {shape}: there are no samples or no classes").format(shape=probs.shape))
    if not np.all(np.isfinite(probs)) or np.any(probs < 0) or np.any(probs > 1):
        raise ValueError(_("probs must hold probabilities in [0, 1] (softmax of the logits), got values outside "
                           "[{low}, {high}] or nan").format(
                           low=np.nanmin(probs), high=np.nanmax(probs)))
    _refuse_masked(labels, "labels")
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(_("labels must be integer class indices, got dtype {dtype}").format(dtype=labels.dtype))
    if labels.shape != (N,):
        raise ValueError(_("labels must have shape (N,) = ({N},), got {shape}").format(N=N, shape=labels.shape))
    if labels.min() < 0 or labels.max() >= C:
        raise ValueError(_("labels must be in [0, {C}) for {C} classes, got {labels_min}..{labels_max}").format(
                           C=C, labels_min=labels.min(), labels_max=labels.max()))
    return probs, labels


def _check_n_bins(n_bins):
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)):
        raise TypeError(_("n_bins must be an int, got {n_bins!r}").format(n_bins=n_bins))
    if n_bins < 1:
        raise ValueError(_("n_bins must be >= 1, got {n_bins}").format(n_bins=n_bins))
    return int(n_bins)


def reliability_bins(probs, labels, n_bins=15):
    """Bin the samples by confidence: count, mean confidence and accuracy in each bin.

    The confidence of a sample is ``max(probs[n])``, the probability of the predicted class
    ``argmax(probs[n])`` (not the probability of class 1, nor of the true class). Bins are
    ``n_bins`` equal-width intervals (lo, hi] of [0, 1], as in Guo et al. (2017); a reliability
    diagram draws `accuracy` against `confidence` (or the bin centres): a calibrated model lies
    on the diagonal.

    Parameters
    ----------
    probs : array_like, shape (N, C)
        Predicted probabilities (``softmax(logits)``), each in [0, 1].
    labels : array_like of int, shape (N,)
        True class indices.
    n_bins : int
        Number of bins (default 15, Guo et al.'s choice).

    Returns
    -------
    ReliabilityBins
        ``(edges (n_bins + 1,), counts (n_bins,), confidence (n_bins,), accuracy (n_bins,))``;
        `confidence` and `accuracy` are nan in an empty bin.

    Raises
    ------
    TypeError
        Non-numeric probs, non-integer labels, `n_bins` not an int.
    ValueError
        probs not (N, C) or outside [0, 1], labels of the wrong shape or out of range, n_bins < 1.

    Examples
    --------
    >>> probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.45, 0.55]])
    >>> bins = reliability_bins(probs, [0, 1, 1, 0], n_bins=2)
    >>> bins.counts, bins.confidence.round(3), bins.accuracy
    (array([0, 4]), array([  nan, 0.738]), array([nan, 0.5]))
    """
    probs, labels = _check_probs_labels(probs, labels)
    n_bins = _check_n_bins(n_bins)
    confidence = np.max(probs, axis=-1)  # (N,)
    correct = np.argmax(probs, axis=-1) == labels  # (N,)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, n_bins - 1)  # (lo, hi]; 0 joins bin 0
    counts = np.bincount(which, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):  # empty bins: 0 / 0 = nan, documented
        mean_conf = np.bincount(which, weights=confidence, minlength=n_bins) / counts
        accuracy = np.bincount(which, weights=correct, minlength=n_bins) / counts
    return ReliabilityBins(edges, counts, mean_conf, accuracy)


def expected_calibration_error(probs, labels, n_bins=15):
    r"""Expected calibration error :math:`\mathrm{ECE} = \sum_b \frac{n_b}{N} |\mathrm{acc}_b - \mathrm{conf}_b|`.

    Over the bins of :func:`reliability_bins` (equal width, predicted class's probability),
    each bin weighted by its share of the N samples (Guo et al. 2017; Naeini et al. 2015 defined
    it for the probability of a binary classifier's positive class).
    It is 0 for a calibrated model and at most 1.

    Versions in circulation that give a different number, and why they are wrong here:

    - the unweighted mean of :math:`|\mathrm{acc}_b - \mathrm{conf}_b|` over the (non-empty)
      bins: a bin of 2 samples then counts as much as one of 2000;
    - the probability of class 1 (or of the true class) instead of the predicted class's:
      that is another quantity (a binary or "true-class" calibration), not the confidence
      the accuracy of each bin is compared with;
    - bins that drop a confidence of exactly 1.0 or count an edge in two bins (right-closed
      bins with the last edge at 1 avoid both);
    - computed on the split the temperature was fitted on, which flatters it.

    The number also depends on `n_bins` (and equal-mass bins give yet another estimate):
    compare ECEs only at the same binning.

    Parameters
    ----------
    probs : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
    n_bins : int

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        As :func:`reliability_bins`.

    Examples
    --------
    >>> probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.45, 0.55]])
    >>> round(expected_calibration_error(probs, [0, 1, 1, 0], n_bins=2), 4)  # one bin: |0.5 - 0.7375|
    0.2375
    """
    bins = reliability_bins(probs, labels, n_bins)
    full = bins.counts > 0
    gaps = np.abs(bins.accuracy[full] - bins.confidence[full])  # (non-empty bins,)
    return float(np.sum(bins.counts[full] * gaps) / np.sum(bins.counts))


def fit_temperature(logits, labels, *, max_iter=100, tol=1e-10):
    r"""The temperature T > 0 that minimises the mean NLL of ``softmax(logits / T)`` on the given samples.

    Temperature scaling (Guo et al. 2017) divides every logit by one number T: the predicted
    class, hence the accuracy, does not change, and the probabilities get less (T > 1) or more
    (T < 1) confident. Fit T on a **validation split** held out from training and from the
    test set, then report NLL and ECE on the test set: that split is the caller's duty, this
    function fits on whatever it is given (fitted on the test set, the test numbers flatter it).

    Newton steps on :math:`s = \log T` (so T stays positive), using the course's y - t:
    with :math:`z = a / T`, :math:`\partial z / \partial s = -z` and so

    .. math:: \frac{dL}{ds} = -\frac{1}{N} \sum_n (y_n - t_n) \cdot z_n, \qquad
       \frac{d^2L}{ds^2} = \frac{1}{N} \sum_n \left[\mathrm{Var}_{y_n}(z_n) + (y_n - t_n) \cdot z_n\right].

    Where the second derivative is not positive, or a step does not lower the NLL, the step
    is halved (a step changes T by at most a factor e). The logits are first divided by their
    spread (the largest distance of a logit from its row's mean), so the fit is the same at every
    scale: ``fit_temperature(c * logits, labels) == c * fit_temperature(logits, labels)``.

    Parameters
    ----------
    logits : array_like, shape (N, C)
        The model's logits on the validation samples.
    labels : array_like of int, shape (N,)
        Their true classes.
    max_iter : int
        Newton steps allowed.
    tol : float
        Stop when :math:`|dL/ds|` is below it.

    Returns
    -------
    float
        The fitted T.

    Raises
    ------
    TypeError, ValueError
        As :func:`cross_entropy` for the logits and labels; non-finite logits; a ValueError when
        the NLL does not depend on T (one class, or every row's logits equal); when no finite T
        is optimal: the NLL keeps falling as T grows (the true class's logit is on average not
        above the mean logit) or as T shrinks (every sample's true class has the largest logit,
        so the NLL tends to its floor as T -> 0); and when the finite optimum lies outside
        [1e-6, 1e6] times the logits' spread, the range searched.

    Examples
    --------
    Labels drawn from ``softmax(true_logits)``, and a model whose logits are 3 times too large:

    >>> rng = np.random.default_rng(0)
    >>> true_logits = 2 * rng.normal(size=(20000, 5))
    >>> labels = (rng.random((20000, 1)) > np.cumsum(softmax(true_logits), axis=-1)).sum(axis=-1)
    >>> round(fit_temperature(3 * true_logits, labels), 2)  # 3, up to the sampling of 20000 labels
    2.99
    >>> round(fit_temperature(3e-12 * true_logits, labels) / 1e-12, 2)  # the same fit at any scale
    2.99
    """
    logits = as_float_array(logits, "logits")
    if logits.ndim != 2:
        raise ValueError(_("logits must have shape (N, C), got {shape}").format(shape=logits.shape))
    _refuse_masked(labels, "labels")
    if np.asarray(labels).dtype.kind not in "iu":
        raise TypeError(_("labels must be integer class indices, got dtype {dtype}").format(
                          dtype=np.asarray(labels).dtype))
    logits, labels, _is_index, _was_1d = _check_logits_targets(logits, labels)  # shapes and label range
    if not np.all(np.isfinite(logits)):
        raise ValueError(_("logits must be finite to fit a temperature"))
    logits = logits.astype(np.float64)
    spread = float(np.max(np.abs(logits - logits.mean(axis=-1, keepdims=True)))) if logits.size else 0.0
    if logits.shape[1] < 2 or not spread > 0:
        why = _("there is one class") if logits.shape[1] < 2 else _("every row of logits is constant")
        raise ValueError(_("the NLL does not depend on T: {why}, so softmax(logits / T) is the same for every T; "
                           "no temperature to fit").format(
                           why=why))
    logits = logits / spread  # (N, C), largest |logit - row mean| = 1: T is fitted relative to this scale
    # The NLL is convex in 1/T (a logsumexp of a linear function, minus a linear one): a finite optimum
    # exists exactly when its slope at 1/T = 0 is negative and its slope as 1/T -> inf is positive.
    true = logits[np.arange(len(labels)), labels]  # (N,)
    if np.mean(true - logits.mean(axis=-1)) <= 0:
        raise ValueError(_("the NLL keeps falling as T grows: on average the true class's logit is not above the "
                           "mean logit, so uniform probabilities (T -> inf) are best; no finite temperature to fit"))
    if np.all(true >= logits.max(axis=-1)):
        raise ValueError(_("the NLL keeps falling as T shrinks: every sample's true class has the largest logit, "
                           "so T -> 0 (certainty) is best; no finite temperature to fit (use more, or harder, "
                           "samples)"))

    def nll(s):
        return float(cross_entropy(logits * np.exp(-s), labels))

    s, loss = 0.0, nll(0.0)
    for _step in range(max_iter):
        z = logits * np.exp(-s)  # (N, C)
        dz = cross_entropy_backward(z, labels)  # (y - t) / N, (N, C)
        grad = -np.sum(dz * z)
        if abs(grad) < tol:
            return float(np.exp(s) * spread)
        probs = softmax(z)  # (N, C)
        var = np.sum(probs * z ** 2, axis=-1) - np.sum(probs * z, axis=-1) ** 2  # (N,)
        hess = np.mean(var) - grad
        step = -grad / hess if hess > 0 else -np.sign(grad)
        step = float(np.clip(step, -1.0, 1.0))
        for _halving in range(60):  # halve until the NLL does not rise (by more than its rounding: near the minimum the
            new_loss = nll(s + step)  # NLL is flat to a few ulps, and a strict test would stall the Newton steps)
            if new_loss <= loss + 8 * np.finfo(float).eps * abs(loss):
                break
            step /= 2
        else:  # no step lowers the NLL: s is a minimum to the precision of float64
            return float(np.exp(s) * spread)
        s, loss = s + step, new_loss
        if not -np.log(1e6) <= s <= np.log(1e6):  # the checks above proved a finite optimum exists
            if s > 0:
                message = _("a finite T is optimal, but it lies above the range searched, [1e-6, 1e6] times "
                            "the logits' spread {spread:.3g} (reached T = {T:.3g} with the NLL still "
                            "falling); rescale the logits, or fit on more varied samples")
            else:
                message = _("a finite T is optimal, but it lies below the range searched, [1e-6, 1e6] times "
                            "the logits' spread {spread:.3g} (reached T = {T:.3g} with the NLL still "
                            "falling); rescale the logits, or fit on more varied samples")
            raise ValueError(message.format(spread=spread, T=np.exp(s) * spread))
    raise ValueError(_("fit_temperature did not converge in {max_iter} steps (T = {T:.6g}, dL/dlog T = "
                       "{grad:.3g})").format(
                       max_iter=max_iter, T=np.exp(s) * spread, grad=grad))
