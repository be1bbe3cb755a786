"""Checkers for notebook 14: the online (max, sum) update, a one-pass logsumexp, a fused loss and gradient.

Every checker runs fixed cases chosen so that each misconception it names gives a different answer (a
first tile of only -inf scores, a tile that raises the max, a tile `WIDE` above the others, batches with
N != C) and a case drawn from `fresh_rng()` (the same for the same attempt). A mistake is named only when
the answers equal what that mistake computes on every case; otherwise the message describes the first wrong
answer without giving the right value.
"""
import numpy as np

from ..activations import logsumexp, softmax
from ..i18n import N_, _
from ..losses import cross_entropy, one_hot
from ._core import WIDE, NotYet, as_real_array, as_real_number, call, checker, expect_close, fresh_rng, solved
from ._mistakes import Mistake, same

INF = np.inf


def _pair_words(names, got):
    """ "expected a pair (m_new, s_new), got list of length 3." in the language chosen now."""
    if isinstance(got, (tuple, list)):
        return _("expected a pair {names}, got {kind} of length {n}.").format(names=names, kind=type(got).__name__,
                                                                                n=len(got))
    return _("expected a pair {names}, got {kind}.").format(names=names, kind=type(got).__name__)


# --- Exercise 1: the online update ----------------------------------------------------------------------------

def _update(m, s, x, *, factor="right", chunk_shift=True, guard="both", rescale_new=False):
    """One update of (m, s) by chunk x, right or with one of the catalogued slips.

    `guard` says where the -inf start is handled: "both" (right), "factor" (the rescale factor only, so a tile of
    only -inf scores still computes exp(-inf - -inf)), "none"."""
    m_new = max(m, float(np.max(x)))
    old_minus_new = m - m_new
    if guard != "none" and m == -INF:
        r = 0.0  # nothing seen yet: nothing to rescale
    elif factor == "right":
        r = np.exp(old_minus_new)
    elif factor == "flipped":
        r = np.exp(-old_minus_new)
    else:  # "none"
        r = 1.0
    shift = (0.0 if (guard == "both" and m_new == -INF) else m_new) if chunk_shift else 0.0
    chunk = float(np.sum(np.exp(x - shift)))
    if rescale_new:
        return m_new, s + r * chunk if not (guard != "none" and m == -INF) else chunk
    return m_new, s * r + chunk


def _fold(chunks, **slip):
    """The (m, s) after each chunk, shape (n_chunks, 2), from the empty state (-inf, 0)."""
    m, s, out = -INF, 0.0, []
    with np.errstate(all="ignore"):
        for x in chunks:
            m, s = _update(m, s, x, **slip)
            out.append((m, s))
    return np.array(out, dtype=float)


def _slips(message, hint, **slip):
    """A slip as three Mistakes: the -inf start handled, handled in the factor only, and not at all."""
    return [Mistake(lambda case, slip=slip, guard=guard: _fold(case, guard=guard, **slip), message, hint)
            for guard in ("both", "factor", "none")]


UPDATE_MISTAKES = [
    *_slips(N_("the rescale factor is upside down: exp(m_new - m_old) is >= 1 and blows the old sum up."),
            N_("the old sum was measured from m_old; to measure it from the larger m_new it must shrink."),
            factor="flipped"),
    *_slips(N_("the old sum is not rescaled: after the max rises, s still counts its terms from the old max."),
            N_("s holds terms exp(x_j - m_old); each must become exp(x_j - m_new)."), factor="none"),
    *_slips(N_("the rescale factor multiplies the new tile's sum instead of the old s."),
            N_("which part of s was measured from the old max?"), rescale_new=True),
    *_slips(N_("the tile's exponentials are not shifted by the running max: exp overflows on the tile {wide} "
            "above the others."), N_("exp(x_j - m_new), with m_new the new running max."), chunk_shift=False),
    *[Mistake(lambda case, guard=guard: _fold(case, guard=guard),
              N_("the start state m = -inf gives nan: on a first tile of only -inf scores, m_old - m_new (or "
                 "x_j - m_new) is -inf - (-inf) = nan."),
              N_("where m_old is -inf there is nothing to rescale (use a factor of 0), and a tile of only -inf "
                 "adds 0."))
      for guard in ("factor", "none")],
]


def _update_cases():
    rng = fresh_rng()
    sizes = rng.integers(1, 5, size=int(rng.integers(3, 6)))
    return [[np.array([1.0, 3.0, 0.5]), np.array([5.0, 2.0]), np.array([-1.0, 4.0, 0.0])],  # the max rises in tile 2
            [np.array([-INF, -INF]), np.array([2.0, -1.0]), np.array([0.5, -INF, 1.0])],  # a masked first tile
            [np.array([0.0, -2.0]), np.array([WIDE, 1.0]), np.array([3.0])],  # a tile far above the first
            [rng.normal(size=int(n)) * 3 for n in sizes]]


def _lse_so_far(states):
    """(m, m + log s) per row of an (n, 2) array of (m, s): the max and the logsumexp of the scores read so far.

    Compared instead of s itself, so an s measured from a float32-rounded m is judged by what it means."""
    with np.errstate(all="ignore"):
        return np.stack([states[:, 0], states[:, 0] + np.log(states[:, 1])], axis=1)


def _describe_update(case):
    return _("your (m, s) over the {n} tiles ({sizes} scores)").format(n=len(case), sizes=_sizes(case))


def _sizes(case):
    """The tiles' lengths, e.g. "3, 2, 3"."""
    return ", ".join(str(len(c)) for c in case)


def _message(mistake):
    """A mistake's message in the language chosen now, the spread of the wide tile filled in."""
    return _(mistake.message).format(wide=f"{WIDE:.0f}")


@checker
def check_online_update(fn):
    """`fn(m, s, chunk)` -> (m_new, s_new): the running max and sum after one more tile of scores."""
    cases, raw = _update_cases(), []
    for case in cases:
        m, s, states = -INF, 0.0, []
        for k, chunk in enumerate(case):
            given = chunk.copy()
            got = call(fn, m, s, given,
                       hint=_("m and s are numbers, chunk a 1-D array; return the pair (m_new, s_new)."))
            if not np.array_equal(given, chunk):
                raise NotYet(N_("your function changed the chunk of scores it was given."),
                             N_("compute into new arrays: the caller's scores must stay as they were."))
            if not isinstance(got, (tuple, list)) or len(got) != 2:
                names = "(m_new, s_new)"  # i18n: no
                raise NotYet(_pair_words(names, got), N_("return the two numbers as a pair, m_new first."))
            # TRANSLATORS: {name} is m or s, the running max or the running sum
            what = _("your {name} after tile {k} of {n}")
            m = as_real_number(got[0], what=what.format(name="m", k=k + 1, n=len(case)))
            s = as_real_number(got[1], what=what.format(name="s", k=k + 1, n=len(case)))
            states.append((m, s))
        raw.append(np.array(states))
    pairs, folds = raw, [_fold(case) for case in cases]
    expected = [_lse_so_far(fold) for fold in folds]
    raw = [_lse_so_far(states) for states in raw]
    wrong = [i for i, (g, e) in enumerate(zip(raw, expected)) if not same(g, e)]
    if wrong:
        for mistake in UPDATE_MISTAKES:
            with np.errstate(all="ignore"):
                outputs = [_lse_so_far(mistake.compute(case)) for case in cases]
            if all(same(g, o) for g, o in zip(raw, outputs)):
                raise NotYet(_("{what}: {message}").format(what=_describe_update(cases[wrong[0]]),
                                                           message=_message(mistake)), mistake.hint)
    for case, got, right in zip(cases, raw, expected):
        expect_close(got[:, 0], right[:, 0], what=_("your running max m over the {n} tiles").format(n=len(case)),
                     hint=_("the new max is the larger of which two numbers?"))
        expect_close(got[:, 1], right[:, 1], what=_("your m + log s (the log of the sum of exp(x) over the scores read "
                                                    "so far) over the {n} tiles").format(n=len(case)),
                     hint=_("when the max rises, what happens to the terms already counted in s?"))
    for case, got, right in zip(cases, pairs, folds):  # m = -inf hides s in m + log s: judge s itself there
        for k in np.flatnonzero(right[:, 0] == -INF):
            if got[k, 1] != 0:
                raise NotYet(_("after tile {k} of {n} every score read so far is -inf, but your s is {s:g}, not "
                               "0.").format(k=k + 1, n=len(case), s=got[k, 1]),
                             N_("s is the sum of exp(x - m) over the scores read so far: what does exp(-inf) add?"))
    return solved(N_("the (m, s) pair is right after every tile of four sequences: a masked first tile, a tile far "
                     "above the rest, and a random one among them."))


# --- Exercise 2: a one-pass logsumexp -------------------------------------------------------------------------

def _lse_slip(case, kind):
    with np.errstate(all="ignore"):
        if kind == "unshifted":  # i18n: no
            return np.log(sum(float(np.sum(np.exp(c))) for c in case))
        if kind == "last max":  # i18n: no
            states = _fold(case)
            return case[-1].max() + np.log(states[-1, 1])
        if kind == "no log":  # i18n: no
            m, s = _fold(case)[-1]
            return m + s
        if kind == "log s":  # i18n: no
            return np.log(_fold(case)[-1, 1])
        if kind == "max of sums":  # i18n: no
            return max(float(logsumexp(c)) for c in case)
        m, s = _fold(case, **kind)[-1]
        return m + np.log(s)


LSE_MISTAKES = [
    Mistake(lambda case: _lse_slip(case, "unshifted"),  # i18n: no
            N_("exp without a shift overflows: the result is inf for scores in the hundreds."),
            N_("keep the running (m, s) pair: what does it say about log sum exp?")),
    Mistake(lambda case: _lse_slip(case, "no log"), N_("you returned m + s: s needs its log."),  # i18n: no
            N_("s counts the terms exp(x_j - m): where did the m go?")),
    Mistake(lambda case: _lse_slip(case, "log s"), N_("you returned log s and left out the running max m."),  # i18n: no
            N_("s counts terms exp(x_j - m): put the m back.")),
    Mistake(lambda case: _lse_slip(case, "last max"),  # i18n: no
            N_("you added the last tile's max, not the running max."),
            N_("s is measured from the largest score of all the tiles.")),
    Mistake(lambda case: _lse_slip(case, "max of sums"),  # i18n: no
            N_("you returned the largest per-tile logsumexp, not the logsumexp of all the scores."),
            N_("merge the tiles' (m, s) pairs instead of choosing one.")),
    *[Mistake(lambda case, guard=guard: _lse_slip(case, {"factor": "flipped", "guard": guard}), N_("the rescale factor "
              "is upside down: exp(m_new - m_old) is >= 1."), N_("the old sum must shrink when the max rises."))
      for guard in ("both", "factor", "none")],
    *[Mistake(lambda case, guard=guard: _lse_slip(case, {"factor": "none", "guard": guard}), N_("the old sum is not "
              "rescaled when the max rises."), N_("each time m rises, multiply s by exp(m_old - m_new)."))
      for guard in ("both", "factor", "none")],
    *[Mistake(lambda case, guard=guard: _lse_slip(case, {"guard": guard}), N_("the start state m = -inf gives nan on a "
              "first tile of only -inf scores (-inf - (-inf) = nan)."), N_("where m_old is -inf, use a rescale factor "
              "of 0, and let a tile of only -inf add 0."))
      for guard in ("factor", "none")],
]


def _lse_cases():
    rng = fresh_rng()
    sizes = rng.integers(1, 6, size=int(rng.integers(3, 7)))
    return [[np.array([1.0, 3.0, 0.5]), np.array([5.0, 2.0]), np.array([-1.0, 4.0, 0.0])],
            [np.array([-INF, -INF]), np.array([800.0, 799.0]), np.array([801.5, -INF])],  # masked first, large
            [np.array([0.0, -2.0]), np.array([WIDE, 1.0]), np.array([3.0, 2.5])],
            [rng.normal(size=int(n)) * 4 + rng.uniform(-300, 300) for n in sizes]]


@checker
def check_online_logsumexp(fn):
    """`fn(chunks)` -> log(sum(exp(x))) over all the chunks (1-D arrays), reading each chunk once."""
    cases, raw = _lse_cases(), []
    for case in cases:
        given = [c.copy() for c in case]
        got = call(fn, given)
        as_real_number(got, what=_("your logsumexp of {n} tiles").format(n=len(case)))
        if not all(np.array_equal(g, c) for g, c in zip(given, case)):
            raise NotYet(N_("your function changed the chunks it was given."),
                         N_("compute into new arrays: the caller's scores must stay as they were."))
        raw.append(got)
    expected = [float(logsumexp(np.concatenate(case))) for case in cases]
    describe = lambda case: _("your logsumexp of {n} tiles ({sizes} scores):").format(n=len(case), sizes=_sizes(case))
    wrong = [i for i, (g, e) in enumerate(zip(raw, expected)) if not same(g, e)]
    if wrong:
        for mistake in LSE_MISTAKES:
            with np.errstate(all="ignore"):
                outputs = [mistake.compute(case) for case in cases]
            if all(same(g, o) for g, o in zip(raw, outputs)):
                # TRANSLATORS: {what} ends with a colon: "your logsumexp of 4 tiles (3, 2, 2, 1 scores):"
                raise NotYet(_("{what} {message}").format(what=describe(cases[wrong[0]]), message=_message(mistake)),
                             mistake.hint)
    for case, got, right in zip(cases, raw, expected):
        expect_close(got, right, what=_("your logsumexp of {n} tiles").format(n=len(case)),
                     hint=_("fold every tile into (m, s), then return m + log s."))
    return solved(N_("m + log s is right for four sequences of tiles, with a masked first tile, scores near 800, a "
                     "tile 1500 above the rest and a random one."))


# --- Exercise 3: the fused loss and gradient ------------------------------------------------------------------

def _fused(logits, labels, *, grad_scale="N", shift=True, sign=1, loss="mean", grad_shift=True, log_of_y=False,
           log_of_softmax=False):
    N, C = logits.shape
    with np.errstate(all="ignore"):
        m = logits.max(axis=1, keepdims=True) if shift else 0.0
        lse = (m + np.log(np.exp(logits - m).sum(axis=1, keepdims=True)))[:, 0]  # (N,)
        losses = lse - logits[np.arange(N), labels]
        if log_of_y:  # -log of an unshifted softmax: inf / inf = nan on a wide row
            e = np.exp(logits)
            losses = -np.log((e / e.sum(axis=1, keepdims=True))[np.arange(N), labels])
        if log_of_softmax:  # -log of a shifted softmax: y underflows to 0 for a label far below the max, -log 0 = inf
            losses = -np.log(softmax(logits)[np.arange(N), labels])
        total = losses.mean() if loss == "mean" else losses.sum()
        y = softmax(logits) if grad_shift else np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        grad = sign * (y - one_hot(labels, C))
        grad = grad / {"N": N, "1": 1, "C": C}[grad_scale]
    return np.concatenate([[total], grad.ravel()])


FUSED_MISTAKES = [
    Mistake(lambda case: _fused(*case, grad_scale="1"),
            N_("your gradient has no 1/N: it is the gradient of the SUM of the losses, while the loss is their mean."),
            N_("the loss is the mean over the N samples, so each row of the gradient is divided by N.")),
    Mistake(lambda case: _fused(*case, grad_scale="C"), N_("your gradient is divided by the number of classes C; the "
            "mean is over the N samples."), N_("how many losses are averaged?")),
    Mistake(lambda case: _fused(*case, shift=False),
            N_("your loss has no max shift: log(sum(exp(logits))) overflows to inf on the row whose logits are "
            "{wide} apart."),
            N_("the loss needs no probability: only the row's max m, log s and the true-class logit.")),
    Mistake(lambda case: _fused(*case, shift=False, grad_shift=False),
            N_("neither the loss nor the gradient has the max shift: exp overflows on the row whose logits are "
            "{wide} apart."), N_("subtract each row's max before exp, in the loss and in y.")),
    Mistake(lambda case: _fused(*case, shift=False, grad_shift=False, log_of_y=True),
            N_("neither the loss nor the gradient has the max shift, and the loss is -log y: exp overflows on a row "
            "whose largest logit is {wide} above the rest (inf / inf = nan), and y underflows to 0 for a label "
            "{wide} below its row's max (-log 0 = inf)."), N_("subtract each row's max before exp, and take the "
            "loss as (m - a_label) + log s rather than the log of a probability.")),
    Mistake(lambda case: _fused(*case, log_of_softmax=True),
            N_("your loss is -log of the softmax: for a label {wide} below its row's max, the label's probability "
            "underflows to 0 and -log 0 = inf."), N_("the loss needs no probability: it is (m - a_label) + log s, "
            "finite for any logits.")),
    Mistake(lambda case: _fused(*case, sign=-1), N_("the gradient's sign is flipped: that is (t - y) / N."),
            N_("the true class's entries must come out negative.")),
    Mistake(lambda case: _fused(*case, loss="sum"), N_("your loss is the sum over the batch; the gradient's 1/N "
            "says the loss is the mean."), N_("divide the summed loss by N too.")),
]


def _fused_cases():
    rng = fresh_rng()
    N, C = int(rng.integers(5, 9)), int(rng.integers(2, 5))
    return [(np.array([[2.0, 1.0, 0.1], [0.5, -1.0, 3.0], [0.0, 0.0, 0.0], [1.5, 2.5, -WIDE]]), np.array([0, 2, 1, 2])),
            (np.array([[0.0, WIDE, -3.0, 1.0], [0.2, -0.4, 1.0, 0.3], [-1.0, 0.0, 2.0, 0.5]]), np.array([1, 3, 0])),
            (rng.normal(scale=2.0, size=(N, C)), rng.integers(0, C, size=N))]


@checker
def check_fused_cross_entropy(fn):
    """`fn(logits, labels)` -> (loss, dlogits): the mean cross-entropy and its gradient (y - t) / N, together."""
    cases, raw = _fused_cases(), []
    for logits, labels in cases:
        given, given_labels = logits.copy(), labels.copy()
        got = call(fn, given, given_labels, hint=_("return the pair (loss, dlogits)."))
        if not (np.array_equal(given, logits) and np.array_equal(given_labels, labels)):
            raise NotYet(N_("your function changed the logits or labels it was given."),
                         N_("compute into new arrays: the caller's arrays must stay as they were."))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            names = "(loss, dlogits)"  # i18n: no
            raise NotYet(_pair_words(names, got), N_("return the two results, e.g. `return loss, dlogits`."))
        as_real_number(got[0], what=_("your loss for a batch of shape {shape}").format(shape=logits.shape))
        grad = as_real_array(got[1], what=_("your dlogits for a batch of shape {shape}").format(shape=logits.shape))
        if grad.shape != logits.shape:
            raise NotYet(_("your dlogits for a batch of shape {shape} has shape {got}.").format(
                shape=logits.shape, got=grad.shape), N_("the gradient has the shape of the logits."))
        raw.append(got)
    flat = [np.concatenate([[float(loss)], as_real_array(grad).ravel()]) for loss, grad in raw]
    expected = [_fused(*case) for case in cases]
    wrong = [i for i, (g, e) in enumerate(zip(flat, expected)) if not same(g, e)]
    if wrong:
        for mistake in FUSED_MISTAKES:
            outputs = [mistake.compute(case) for case in cases]
            if all(same(g, o) for g, o in zip(flat, outputs)):
                raise NotYet(_("for a batch of shape {shape}: {message}").format(
                    shape=cases[wrong[0]][0].shape, message=_message(mistake)), mistake.hint)
    for (logits, labels), (loss, grad) in zip(cases, raw):
        expect_close(loss, float(cross_entropy(logits, labels)),
                     what=_("your loss for a batch of shape {shape}").format(shape=logits.shape),
                     hint=_("each row's loss needs only its max m, its log s and its true-class logit; then the mean."))
        expect_close(grad, (softmax(logits) - one_hot(labels, logits.shape[1])) / len(logits),
                     what=_("your dlogits for a batch of shape {shape}").format(shape=logits.shape),
                     hint=_("notebook 06's gradient, for a mean over N rows; reuse m and s."))
    return solved(N_("loss and (y - t) / N together, right for three batches (4 x 3 with a label far below its row's "
                     "max, 3 x 4 with a wide row, and one drawn at random)."))
