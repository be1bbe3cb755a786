"""Misconception catalogue for notebook 11 (class weights, ignored targets, gradient accumulation)."""
import numpy as np

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import cross_entropy, log_softmax
from softmaxlab.exercises import weights as ex


def _nll(logits, labels):
    return -log_softmax(logits)[np.arange(len(labels)), labels]


# --- Exercise 1: weighted_mean(logits, labels, weight, eps): weight= and label_smoothing= together ---
# (issue 25 item 7: the old exercise, weight= alone, was one call of the package as shown a few cells above)
def _t(labels, C, eps):
    return (1 - eps) * np.eye(C)[labels] + eps / C


def wm_right(logits, labels, weight, eps):
    t = _t(labels, logits.shape[1], eps)  # (N, C): the smoothed rows
    return -np.sum(weight * t * log_softmax(logits)) / np.sum(weight[labels])


def wm_package(logits, labels, weight, eps):
    return float(cross_entropy(logits, labels, weight=weight, label_smoothing=eps))


def wm_two_parts(logits, labels, weight, eps):
    """(1 - eps) * the weighted NLL + eps / C * the weighted sum over every class, over the same D."""
    logp = log_softmax(logits)
    nll = -logp[np.arange(len(labels)), labels]
    spread = -(logp * weight).sum(axis=1) / logits.shape[1]
    return np.sum((1 - eps) * weight[labels] * nll + eps * spread) / np.sum(weight[labels])


def wm_float32(logits, labels, weight, eps):
    return np.float32(wm_right(logits, labels, weight, eps))


def wm_by_n(logits, labels, weight, eps):
    return -np.sum(weight * _t(labels, logits.shape[1], eps) * log_softmax(logits)) / len(labels)


def wm_by_all_weights(logits, labels, weight, eps):
    return -np.sum(weight * _t(labels, logits.shape[1], eps) * log_softmax(logits)) / np.sum(weight)


def wm_by_smoothed_weight(logits, labels, weight, eps):
    u = weight * _t(labels, logits.shape[1], eps)
    return -np.sum(u * log_softmax(logits)) / u.sum()


def wm_row_weight(logits, labels, weight, eps):
    row = -np.sum(_t(labels, logits.shape[1], eps) * log_softmax(logits), axis=1)
    return np.sum(weight[labels] * row) / np.sum(weight[labels])


def wm_unweighted_spread(logits, labels, weight, eps):
    logp = log_softmax(logits)
    nll = -logp[np.arange(len(labels)), labels]
    return np.sum((1 - eps) * weight[labels] * nll - eps * logp.mean(axis=1)) / np.sum(weight[labels])


def wm_no_smoothing(logits, labels, weight, eps):
    w = weight[labels]
    return np.sum(w * _nll(logits, labels)) / np.sum(w)


def wm_no_weights(logits, labels, weight, eps):
    return float(cross_entropy(logits, labels, label_smoothing=eps))


def wm_by_prediction(logits, labels, weight, eps):
    return -np.sum(weight * _t(labels, logits.shape[1], eps) * log_softmax(logits)) / np.sum(
        weight[np.argmax(logits, axis=1)])


def wm_sum(logits, labels, weight, eps):
    return -np.sum(weight * _t(labels, logits.shape[1], eps) * log_softmax(logits))


def wm_naive_exp(logits, labels, weight, eps):
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return -np.sum(weight * _t(labels, logits.shape[1], eps) * np.log(probs)) / np.sum(weight[labels])


def wm_per_row(logits, labels, weight, eps):
    return -np.sum(weight * _t(labels, logits.shape[1], eps) * log_softmax(logits), axis=1) / np.sum(weight[labels])


def wm_fairseq(logits, labels, weight, eps):
    C = logits.shape[1]
    hot = np.eye(C)[labels]
    t = (1 - eps) * hot + eps / (C - 1) * (1 - hot)
    return -np.sum(weight * t * log_softmax(logits)) / np.sum(weight[labels])


# --- Exercise 2: ignored_mean(logits, labels, ignore_index) ---
def im_right(logits, labels, ignore_index):
    keep = labels != ignore_index  # (N,)
    losses = -log_softmax(logits[keep])[np.arange(keep.sum()), labels[keep]]
    with np.errstate(invalid="ignore"):
        return np.sum(losses) / np.float64(keep.sum())  # 0 / 0 = nan when nothing is kept


def im_package(logits, labels, ignore_index):
    return cross_entropy(logits, labels, ignore_index=ignore_index)


def im_explicit_nan(logits, labels, ignore_index):
    keep = [n for n in range(len(labels)) if labels[n] != ignore_index]
    if not keep:
        return float("nan")
    return float(np.mean([-log_softmax(logits[n])[labels[n]] for n in keep]))


def im_masked_weights(logits, labels, ignore_index):
    keep = (labels != ignore_index).astype(float)
    safe = np.where(labels != ignore_index, labels, 0)
    with np.errstate(invalid="ignore"):
        return np.sum(keep * _nll(logits, safe)) / keep.sum()


def im_by_n(logits, labels, ignore_index):
    keep = labels != ignore_index
    return np.sum(_nll(logits[keep], labels[keep])) / len(labels)


def im_included(logits, labels, ignore_index):
    return np.mean(_nll(logits, labels))


def im_zero_when_empty(logits, labels, ignore_index):
    keep = labels != ignore_index
    if not keep.any():
        return 0.0
    return np.mean(_nll(logits[keep], labels[keep]))


def im_hard_coded(logits, labels, ignore_index):
    keep = labels != -100
    with np.errstate(invalid="ignore"):
        return np.sum(_nll(logits[keep], labels[keep])) / np.float64(keep.sum())


def im_sum(logits, labels, ignore_index):
    keep = labels != ignore_index
    return np.sum(_nll(logits[keep], labels[keep]))


def im_python_division(logits, labels, ignore_index):
    keep = labels != ignore_index
    return float(np.sum(_nll(logits[keep], labels[keep]))) / int(keep.sum())  # ZeroDivisionError when none kept


def im_nonnegative_mask(logits, labels, ignore_index):
    keep = labels >= 0  # assumes the ignored label is negative
    with np.errstate(invalid="ignore"):
        return np.sum(_nll(logits[keep], labels[keep])) / np.float64(keep.sum())


def im_naive_exp(logits, labels, ignore_index):
    keep = labels != ignore_index
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)  # overflows on a wide row
    with np.errstate(invalid="ignore"):
        return -np.sum(np.log(probs[keep][np.arange(keep.sum()), labels[keep]])) / np.float64(keep.sum())


def im_index_first(logits, labels, ignore_index):
    """Indexes every row with its label, ignored ones included, and masks afterwards: -100 is no column of 5
    classes, so this raises on the notebook's own batch (issue 25: accepted when every -100 batch had C >= 100)."""
    losses = -log_softmax(logits)[np.arange(len(labels)), labels]  # IndexError for -100 when C < 100
    keep = labels != ignore_index
    with np.errstate(invalid="ignore"):
        return np.sum(losses[keep]) / np.float64(keep.sum())


def im_none_when_empty(logits, labels, ignore_index):
    """None, not nan, for the batch with nothing kept: a return was written, so 'forgot to return' is wrong."""
    keep = labels != ignore_index
    if not keep.any():
        return None
    return np.mean(_nll(logits[keep], labels[keep]))


# --- Exercise 3: micro_batch_losses(micro_batches, ignore_index): one number per micro-batch ---
# (issue 25 item 7: the old exercise, the accumulated loss, was the notebook's own whole-batch lines a cell above)
def _flat(lg, lb):
    return lg.reshape(-1, lg.shape[-1]), lb.reshape(-1)


def mb_right(micro_batches, ignore_index):
    total = sum(np.count_nonzero(labels != ignore_index) for _, labels in micro_batches)
    return [cross_entropy(*_flat(lg, lb), ignore_index=ignore_index, reduction="sum") / total
            for lg, lb in micro_batches]


def mb_numpy_only(micro_batches, ignore_index):
    sums, counts = [], []
    for logits, labels in micro_batches:
        keep = labels != ignore_index  # (B, L)
        logp = log_softmax(logits)  # (B, L, C)
        picked = np.take_along_axis(logp, np.where(keep, labels, 0)[..., None], axis=-1)[..., 0]  # (B, L)
        sums.append(-np.sum(picked[keep]))
        counts.append(keep.sum())
    return np.array(sums) / np.sum(counts)


def mb_weighted_means(micro_batches, ignore_index):
    """Each micro-batch's mean times its share of the kept tokens (0 for an all-padding one)."""
    counts = np.array([np.count_nonzero(lb != ignore_index) for _, lb in micro_batches])
    means = [cross_entropy(*_flat(lg, lb), ignore_index=ignore_index) if n else 0.0
             for (lg, lb), n in zip(micro_batches, counts)]
    return np.array(means) * counts / counts.sum()


def mb_float32(micro_batches, ignore_index):
    return np.array(mb_right(micro_batches, ignore_index), dtype=np.float32)


def _sums(micro_batches, ignore_index):
    return [(float(cross_entropy(*_flat(lg, lb), ignore_index=ignore_index, reduction="sum")),
             int(np.count_nonzero(lb != ignore_index)), lb.size) for lg, lb in micro_batches]


def mb_classic(micro_batches, ignore_index):
    """Each micro-batch's mean divided by K: the recipe of the 2024 bug."""
    K = len(micro_batches)
    with np.errstate(all="ignore"):
        return [np.float64(S) / n / K for S, n, _ in _sums(micro_batches, ignore_index)]


def mb_classic_guarded(micro_batches, ignore_index):
    """The classic recipe with 0 for an all-padding micro-batch: still the bug."""
    K = len(micro_batches)
    return [S / n / K if n else 0.0 for S, n, _ in _sums(micro_batches, ignore_index)]


def mb_means(micro_batches, ignore_index):
    with np.errstate(all="ignore"):
        return [np.float64(S) / n for S, n, _ in _sums(micro_batches, ignore_index)]


def mb_sums(micro_batches, ignore_index):
    return [S for S, _, _ in _sums(micro_batches, ignore_index)]


def mb_padding_counted(micro_batches, ignore_index):
    parts = _sums(micro_batches, ignore_index)
    return [S / sum(p for _, _, p in parts) for S, _, _ in parts]


def mb_divided_twice(micro_batches, ignore_index):
    return [v / len(micro_batches) for v in mb_right(micro_batches, ignore_index)]


def mb_sum_over_k(micro_batches, ignore_index):
    return [S / len(micro_batches) for S, _, _ in _sums(micro_batches, ignore_index)]


def mb_whole_over_k(micro_batches, ignore_index):
    """The whole batch's loss split evenly: the right sum, the wrong shares."""
    whole = sum(mb_right(micro_batches, ignore_index))
    return [whole / len(micro_batches)] * len(micro_batches)


def mb_accumulated_scalar(micro_batches, ignore_index):
    """The old exercise's answer, one number: not one per micro-batch."""
    return sum(mb_right(micro_batches, ignore_index))


def mb_naive_exp(micro_batches, ignore_index):
    total = sum(np.count_nonzero(labels != ignore_index) for _, labels in micro_batches)
    out = []
    for logits, labels in micro_batches:
        keep = labels != ignore_index
        probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)  # overflows on a wide row
        out.append(-np.sum(np.log(probs[keep][np.arange(keep.sum()), labels[keep]])) / total)
    return out


def im_log_of_softmax(logits, labels, ignore_index):
    """log(softmax) with the max shift: no overflow, but a label far below the row's max underflows to log 0."""
    keep = labels != ignore_index
    shifted = logits[keep] - logits[keep].max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)  # (N_kept, C)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sum(-np.log(probs[np.arange(keep.sum()), labels[keep]])) / np.float64(keep.sum())


def mb_index_first(micro_batches, ignore_index):
    """Picks every position's label column first, padding included, then masks: raises for -100 when C < 100."""
    total = sum(np.count_nonzero(labels != ignore_index) for _, labels in micro_batches)
    out = []
    for logits, labels in micro_batches:
        logp = log_softmax(logits)  # (B, L, C)
        B, L = labels.shape
        picked = logp[np.arange(B)[:, None], np.arange(L)[None, :], labels]  # (B, L): -100 wraps or raises
        out.append(-np.sum(picked[labels != ignore_index]) / total)
    return out


def _kept_sums(micro_batches, kept_of):
    """Each micro-batch's summed loss over the positions `kept_of(labels)` marks, over the count of all of them."""
    total = sum(np.count_nonzero(kept_of(lb)) for _, lb in micro_batches)
    out = []
    for lg, lb in micro_batches:
        flat_logits, flat_labels = lg.reshape(-1, lg.shape[-1]), lb.reshape(-1)
        keep = kept_of(flat_labels)
        out.append(np.sum(_nll(flat_logits[keep], flat_labels[keep])) / total)
    return out


def mb_positive_labels(micro_batches, ignore_index):
    """Never reads ignore_index: takes every label above 0 as a real token (padding is 0 or -100, it assumes)."""
    return _kept_sums(micro_batches, lambda lb: lb > 0)


def mb_two_pads_hard_coded(micro_batches, ignore_index):
    """Never reads ignore_index: leaves out the two usual padding ids, 0 and -100."""
    return _kept_sums(micro_batches, lambda lb: (lb != 0) & (lb != -100))


CATALOGUE = {
    ex.check_weighted_mean: [
        Right(wm_right, "the weighted smoothed rows summed, over the weights of the targets"),
        Right(wm_package, "softmaxlab's cross_entropy with weight= and label_smoothing="),
        Right(wm_two_parts, "(1 - eps) weighted NLL + eps / C weighted sum over the classes, one denominator"),
        Right(wm_float32, "a float32 number"),
        Wrong(wm_by_n, "divided by N", diagnosis="divided by N, the number of rows"),
        Wrong(wm_by_all_weights, "divided by the sum of all class weights",
              diagnosis="divided by the sum of all C class weights"),
        Wrong(wm_by_smoothed_weight, "divided by the weight the smoothed rows carry",
              diagnosis="the weight the smoothed rows carry"),
        Wrong(wm_row_weight, "each row's smoothed loss times its target's weight",
              diagnosis="by the weight of its true class"),
        Wrong(wm_unweighted_spread, "the eps / C share left unweighted", diagnosis="smoothed-out share unweighted"),
        Wrong(wm_no_smoothing, "eps not used", diagnosis="without label smoothing"),
        Wrong(wm_no_weights, "weights not used", diagnosis="the weights are not used"),
        Wrong(wm_by_prediction, "denominator from the predicted classes", diagnosis="the classes the model predicts"),
        Wrong(wm_sum, "the weighted sum, not the mean", diagnosis="is the weighted sum of the losses"),
        Wrong(wm_naive_exp, "softmax without the max shift overflows on the wide row", diagnosis=None,
              not_said=("divided by", "predicts", "not used")),
        Wrong(wm_per_row, "each row's share instead of their sum", diagnosis=None),
        Wrong(wm_fairseq, "the (C - 1) convention of notebook 10", diagnosis=None,
              not_said=("divided by", "not used")),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
        Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
    ],
    ex.check_ignored_mean: [
        Right(im_right, "the textbook mean over the kept rows, 0 / 0 = nan when none is kept"),
        Right(im_package, "softmaxlab's cross_entropy with ignore_index="),
        Right(im_explicit_nan, "a Python loop with an explicit nan for the empty batch"),
        Right(im_masked_weights, "a 0/1 mask as weights"),
        Wrong(im_by_n, "ignored rows counted in the denominator", diagnosis="divides by N, all the rows"),
        Wrong(im_included, "ignored rows' loss included: indexes with -100, which raises on 3-7 classes",
              diagnosis="-100 is not a column"),
        Wrong(im_zero_when_empty, "the all-ignored batch gives 0", diagnosis="is 0 (and right on the other batches)",
              not_said=("nan (0 / 0)",)),
        Wrong(im_hard_coded, "ignore_index hard-coded to -100", diagnosis="ignores the argument ignore_index"),
        Wrong(im_sum, "the sum of the kept losses", diagnosis="is the sum of the kept rows' losses"),
        Wrong(im_python_division, "Python's int division raises ZeroDivisionError on the empty batch",
              diagnosis="a batch with no kept row"),
        Wrong(im_naive_exp, "softmax without the max shift overflows on the wide row",
              diagnosis="where a finite number belongs",
              not_said=("divides by N", "includes the loss", "is 0")),
        Wrong(im_nonnegative_mask, "keeps every label >= 0, whatever ignore_index is", diagnosis=None,
              not_said=("divides by N", "includes the loss")),
        Wrong(im_log_of_softmax, "log of a max-shifted softmax: -log 0 = inf for a label far below the max "
              "(review-10-12 F5: accepted while the wide row's label was its max)", diagnosis="where a finite number belongs"),
        Wrong(im_index_first, "indexes with the ignored label -100 before masking (crashes on 5 classes)",
              diagnosis="-100 is not a column"),
        Wrong(im_none_when_empty, "None for the batch with nothing kept", diagnosis="asks for nan",
              not_said=("forget to `return`",)),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
        Wrong(crashes, "raises on the first batch, where rows are kept", diagnosis="ZeroDivisionError: oops",
              not_said=("every row is ignored",)),
        Wrong(returns_none, "forgot to return", diagnosis="forget to `return`"),
    ],
    ex.check_accumulated_loss: [
        Right(mb_right, "each micro-batch's sum over the kept count of all micro-batches"),
        Right(mb_numpy_only, "NumPy only, take_along_axis, an array"),
        Right(mb_weighted_means, "each mean weighted by its micro-batch's share of the tokens"),
        Right(mb_float32, "float32"),
        Wrong(mb_classic, "mean / K, the classic recipe", diagnosis="the classic recipe"),
        Wrong(mb_classic_guarded, "mean / K with 0 for an all-padding micro-batch", diagnosis=None,
              not_said=("gives nan",)),
        Wrong(mb_means, "the micro-batch means", diagnosis="are the micro-batch means:"),
        Wrong(mb_sums, "the sums, undivided", diagnosis="not divided by anything"),
        Wrong(mb_padding_counted, "padding counted", diagnosis="padding included"),
        Wrong(mb_divided_twice, "divided again by K", diagnosis="divided once more by K"),
        Wrong(mb_sum_over_k, "sums over K", diagnosis="sums divided by K"),
        Wrong(mb_whole_over_k, "the whole loss split evenly", diagnosis="one number repeated"),
        Wrong(mb_accumulated_scalar, "one number for all", diagnosis="one number per micro-batch"),
        Wrong(mb_naive_exp, "no max shift: nan on the wide token", diagnosis="has nan at index 0",
              not_said=("classic recipe",)),
        Wrong(mb_index_first, "indexes with the padding label -100 before masking (crashes when C < 100)",
              diagnosis="-100 is not a column"),
        Wrong(mb_positive_labels, "labels > 0 as the mask, ignore_index never read (review-10-12 F1: accepted "
              "while every real token was >= 1)", diagnosis="the label 0"),
        Wrong(mb_two_pads_hard_coded, "0 and -100 hard-coded as padding, ignore_index never read (review-10-12 F1)",
              diagnosis="the label 0"),
        Wrong(stub, "not solved yet", diagnosis="not solved yet"),
        Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
    ],
}
