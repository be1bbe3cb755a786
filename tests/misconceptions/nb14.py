"""14-online-softmax: online_update, online_logsumexp, fused_cross_entropy."""
import numpy as np
import scipy.special

from attempts import crashes, returns_none, stub
from misconceptions import Right, Wrong
from softmaxlab import one_hot, softmax
from softmaxlab.exercises import online as ex
from softmaxlab.online import OnlineSoftmaxState, merge
from softmaxlab.online import online_update as package_update


# ---------- online_update(m, s, chunk) -> (m_new, s_new)
def online_update(m, s, chunk):
    m_new = max(m, np.max(chunk))
    if m_new == -np.inf:  # only -inf seen so far: nothing to add
        return m_new, s
    return m_new, s * np.exp(m - m_new) + np.sum(np.exp(chunk - m_new))


def naive(m, s, chunk):
    m_new = max(m, np.max(chunk))
    return m_new, s * np.exp(m - m_new) + np.sum(np.exp(chunk - m_new))


def flipped(m, s, chunk):
    m_new = max(m, np.max(chunk))
    factor = 0.0 if m == -np.inf else np.exp(m_new - m)
    return m_new, s * factor + np.sum(np.exp(chunk - m_new))


def flipped_naive(m, s, chunk):
    m_new = max(m, np.max(chunk))
    return m_new, s * np.exp(m_new - m) + np.sum(np.exp(chunk - m_new))


def no_rescale(m, s, chunk):
    m_new = max(m, np.max(chunk))
    if m_new == -np.inf:
        return m_new, s
    return m_new, s + np.sum(np.exp(chunk - m_new))


def rescale_new_tile(m, s, chunk):
    m_new = max(m, np.max(chunk))
    if m == -np.inf:
        return m_new, (0.0 if m_new == -np.inf else np.sum(np.exp(chunk - m_new)))
    return m_new, s + np.exp(m - m_new) * np.sum(np.exp(chunk - m_new))


def unshifted_tile(m, s, chunk):
    m_new = max(m, np.max(chunk))
    factor = 0.0 if m == -np.inf else np.exp(m - m_new)
    return m_new, s * factor + np.sum(np.exp(chunk))


def s_one_when_masked(m, s, chunk):
    m_new = max(m, np.max(chunk))
    if m_new == -np.inf:  # only -inf seen so far, but s set to 1 (m + log s is -inf either way)
        return m_new, 1.0
    return online_update(m, s, chunk)


def by_merge(m, s, chunk):
    new = merge(OnlineSoftmaxState(m, s), package_update(OnlineSoftmaxState(), chunk))
    return float(new.m), float(new.s)


def as_list(m, s, chunk):
    return list(map(float, package_update(OnlineSoftmaxState(m, s), np.asarray(chunk))))


def in_place(m, s, chunk):
    m_new = max(m, np.max(chunk))
    if m_new == -np.inf:
        return m_new, s
    chunk -= m_new
    return m_new, s * np.exp(m - m_new) + np.sum(np.exp(chunk))


UPDATE = [
    Right(online_update, "max, rescale the old sum by exp(m - m_new), add the tile's exponentials"),
    Right(by_merge, "the tile's own pair merged into the state (package merge)"),
    Right(as_list, "the package's update, returned as a list of floats"),
    Right(lambda m, s, c: (np.float32(online_update(m, s, c)[0]), online_update(m, s, c)[1]), "m as float32"),
    Wrong(flipped, "rescale factor exp(m_new - m_old)", diagnosis="upside down"),
    Wrong(flipped_naive, "flipped, and nan from -inf", diagnosis="upside down"),
    Wrong(no_rescale, "old sum not rescaled", diagnosis="not rescaled"),
    Wrong(rescale_new_tile, "rescales the new tile instead of the old sum", diagnosis="new tile's sum"),
    Wrong(unshifted_tile, "tile exponentials without the shift", diagnosis="not shifted"),
    Wrong(s_one_when_masked, "s = 1 after a tile of only -inf scores", diagnosis="not 0"),
    Wrong(naive, "initial m = -inf: -inf - -inf = nan on a masked first tile", diagnosis="gives nan"),
    Wrong(lambda m, s, c: (max(m, np.max(c)), s + np.sum(np.exp(c))), "no max at all in the sum",
          not_said=("upside down", "not rescaled", "new tile")),
    Wrong(lambda m, s, c: (np.max(c), online_update(m, s, c)[1]), "m is the tile's max, not the running max",
          not_said=("upside down", "not rescaled", "nan")),
    Wrong(in_place, "shifts the caller's chunk in place", diagnosis="changed the chunk"),
    Wrong(lambda m, s, c: online_update(m, s, c)[1], "returns only s", diagnosis="pair"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(returns_none, "forgot return", diagnosis="pair"),
]


# ---------- online_logsumexp(chunks) -> float
def online_logsumexp(chunks):
    m, s = -np.inf, 0.0
    for chunk in chunks:
        m, s = online_update(m, s, chunk)
    return m + np.log(s)


def lse_unshifted(chunks):
    return np.log(sum(np.sum(np.exp(c)) for c in chunks))


def lse_no_log(chunks):
    m, s = -np.inf, 0.0
    for chunk in chunks:
        m, s = online_update(m, s, chunk)
    return m + s


def lse_log_s(chunks):
    m, s = -np.inf, 0.0
    for chunk in chunks:
        m, s = online_update(m, s, chunk)
    return np.log(s)


def lse_last_max(chunks):
    m, s = -np.inf, 0.0
    for chunk in chunks:
        m, s = online_update(m, s, chunk)
    return np.max(chunks[-1]) + np.log(s)


def lse_naive(chunks):
    m, s = -np.inf, 0.0
    for chunk in chunks:
        m, s = naive(m, s, chunk)
    return m + np.log(s)


def lse_flipped(chunks):
    m, s = -np.inf, 0.0
    for chunk in chunks:
        m, s = flipped(m, s, chunk)
    return m + np.log(s)


def lse_merge_tree(chunks):
    states = [package_update(OnlineSoftmaxState(), c) for c in chunks]
    while len(states) > 1:
        states = [merge(*states[i:i + 2]) if i + 1 < len(states) else states[i] for i in range(0, len(states), 2)]
    return float(states[0].m + np.log(states[0].s))


LSE = [
    Right(online_logsumexp, "fold the tiles into (m, s), return m + log s"),
    Right(lambda chunks: float(scipy.special.logsumexp(np.concatenate(chunks))), "scipy on the joined tiles"),
    Right(lse_merge_tree, "tiles merged in a tree"),
    Right(lambda chunks: np.float32(online_logsumexp(chunks)), "float32 (scores in the hundreds: within float32's eps)"),
    Wrong(lse_unshifted, "no shift: overflows", diagnosis="overflows"),
    Wrong(lse_no_log, "m + s", diagnosis="m + s"),
    Wrong(lse_log_s, "log s alone", diagnosis="left out the running max"),
    Wrong(lse_last_max, "last tile's max", diagnosis="last tile's max"),
    Wrong(lambda chunks: max(float(scipy.special.logsumexp(c)) for c in chunks), "largest per-tile logsumexp",
          diagnosis="largest per-tile"),
    Wrong(lse_naive, "nan from -inf - -inf", diagnosis="gives nan"),
    Wrong(lse_flipped, "flipped rescale factor", diagnosis="upside down"),
    Wrong(lambda chunks: online_logsumexp(chunks) + 1e-3, "off by 1e-3", not_said=("overflows", "m + s", "nan")),
    Wrong(lambda chunks: np.array([online_logsumexp(chunks)]), "an array of one number", diagnosis="one number"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
    Wrong(crashes, "raises", diagnosis="ZeroDivisionError"),
]


# ---------- fused_cross_entropy(logits, labels) -> (loss, dlogits)
def fused_cross_entropy(logits, labels):
    N = len(logits)
    m = logits.max(axis=1, keepdims=True)  # (N, 1)
    log_s = np.log(np.exp(logits - m).sum(axis=1, keepdims=True))  # (N, 1)
    loss = np.mean((m + log_s)[:, 0] - logits[np.arange(N), labels])
    dlogits = np.exp(logits - m - log_s)  # y, (N, C)
    dlogits[np.arange(N), labels] -= 1
    return loss, dlogits / N


def fused_unshifted_loss(logits, labels):
    N = len(logits)
    loss = np.mean(np.log(np.exp(logits).sum(axis=1)) - logits[np.arange(N), labels])
    return loss, (softmax(logits) - one_hot(labels, logits.shape[1])) / N


def fused_unshifted_both(logits, labels):
    N = len(logits)
    e = np.exp(logits)
    y = e / e.sum(axis=1, keepdims=True)
    loss = np.mean(-np.log(y[np.arange(N), labels]))
    return loss, (y - one_hot(labels, logits.shape[1])) / N


def fused_in_place(logits, labels):
    N = len(logits)
    logits -= logits.max(axis=1, keepdims=True)
    log_s = np.log(np.exp(logits).sum(axis=1))
    loss = np.mean(log_s - logits[np.arange(N), labels])
    return loss, (softmax(logits) - one_hot(labels, logits.shape[1])) / N


def fused_float32(logits, labels):
    """The textbook answer computed in float32 throughout (issue 25: refused at random, 5 runs in 12)."""
    return fused_cross_entropy(logits.astype(np.float32), labels)


FUSED = [
    Right(fused_cross_entropy, "(m, log s) once: loss and (y - t) / N from them"),
    Right(lambda a, k: (float(np.mean(-scipy.special.log_softmax(a, axis=1)[np.arange(len(a)), k])),
                        ((scipy.special.softmax(a, axis=1) - np.eye(a.shape[1])[k]) / len(a)).tolist()),
          "scipy's log_softmax, the gradient as a list"),
    Right(lambda a, k: (np.float32(fused_cross_entropy(a, k)[0]), fused_cross_entropy(a, k)[1].astype(np.float32)),
          "float32 results"),
    Right(fused_float32, "computed in float32 throughout: y - t near 0 judged at float32's precision"),
    Wrong(lambda a, k: (fused_cross_entropy(a, k)[0], fused_cross_entropy(a, k)[1] * len(a)), "gradient without 1/N",
          diagnosis="no 1/N"),
    Wrong(fused_unshifted_loss, "loss without the max shift", diagnosis="no max shift"),
    Wrong(fused_unshifted_both, "no max shift anywhere", diagnosis="neither the loss nor the gradient"),
    Wrong(lambda a, k: (fused_cross_entropy(a, k)[0], fused_cross_entropy(a, k)[1] * len(a) / a.shape[1]),
          "gradient divided by C", diagnosis="number of classes C"),
    Wrong(lambda a, k: (fused_cross_entropy(a, k)[0], -fused_cross_entropy(a, k)[1]), "t - y", diagnosis="flipped"),
    Wrong(lambda a, k: (fused_cross_entropy(a, k)[0] * len(a), fused_cross_entropy(a, k)[1]), "summed loss",
          diagnosis="sum over the batch"),
    Wrong(lambda a, k: (fused_cross_entropy(a, k)[0], softmax(a) / len(a)), "gradient y / N, no t",
          not_said=("1/N", "flipped", "max shift")),
    Wrong(lambda a, k: (float(np.mean(-np.log(softmax(a)[np.arange(len(a)), k]))), fused_cross_entropy(a, k)[1]),
          "-log of a (stable) softmax: inf when the label's probability underflows", diagnosis="-log of the softmax"),
    Wrong(fused_in_place, "shifts the caller's logits in place", diagnosis="changed the logits"),
    Wrong(lambda a, k: fused_cross_entropy(a, k)[0], "returns only the loss", diagnosis="pair"),
    Wrong(stub, "unsolved", diagnosis="not solved yet"),
]


CATALOGUE = {
    ex.check_online_update: UPDATE,
    ex.check_online_logsumexp: LSE,
    ex.check_fused_cross_entropy: FUSED,
}
