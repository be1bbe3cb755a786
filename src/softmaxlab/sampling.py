"""Sampling the next token from logits: temperature, top-k, top-p, min-p, and two samplers.

The filters take logits (..., C) and return logits of the same shape and dtype, with
``-inf`` where a token is removed, as the logits processors of Hugging Face transformers do;
they chain, and :func:`softmaxlab.softmax` then gives the probabilities to :func:`sample`.
The class axis is always the last. Draws use a ``numpy.random.Generator``
(``np.random.default_rng(seed)``): seeded, they are reproducible. To test a sampler's counts against the
probabilities it should follow, use ``scipy.stats.chisquare(counts, n * probs)`` (as notebook 15 does).
"""
import numpy as np

from ._checks import as_float_array
from .activations import softmax
from .i18n import _


def _check_logits(logits, name="logits"):
    x = as_float_array(logits, name)
    if x.ndim == 0:
        raise ValueError(_("{name} must have shape (C,) or (..., C), got a scalar").format(name=name))
    if x.shape[-1] == 0:
        raise ValueError(_("{name} has shape {shape}: there are no tokens").format(name=name, shape=x.shape))
    bad = np.isnan(x) | (x == np.inf)
    if bad.any():
        raise ValueError(_("{name} holds {value}: give finite logits (-inf marks a token already removed)").format(
                           name=name, value=x[bad].flat[0]))
    if (x == -np.inf).all(axis=-1).any():
        raise ValueError(_("a row of {name} is all -inf: every token is removed, there is nothing to sample").format(
                           name=name))
    return x


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(_("rng must be a numpy.random.Generator, such as np.random.default_rng(0), got {rng!r}").format(
                          rng=rng))


def _check_size(size):
    if size is None:
        return ()
    if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
        size = (size,)
    if not isinstance(size, tuple) or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool)
                                              for n in size):
        raise TypeError(_("size must be None, an int or a tuple of ints, got {size!r}").format(size=size))
    if any(n < 0 for n in size):
        raise ValueError(_("size must not be negative, got {size}").format(size=size))
    return tuple(int(n) for n in size)


def _remove(logits, keep):
    return np.where(keep, logits, -np.inf).astype(logits.dtype, copy=False)


def apply_temperature(logits, temperature):
    r"""Divide the logits by the temperature T: ``softmax(logits / T)`` is sharper for T < 1.

    .. math:: y_i = \frac{e^{a_i / T}}{\sum_j e^{a_j / T}}

    T -> 0 tends to the arg max (greedy decoding), T = 1 changes nothing, T -> inf tends to
    uniform over the tokens not removed. As ``TemperatureLogitsWarper`` in Hugging Face
    transformers. ``-inf`` stays ``-inf``.

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Finite logits, or -inf for a removed token.
    temperature : float
        T > 0 and finite. T = 0 is refused: take ``argmax(logits, axis=-1)`` for greedy decoding.

    Returns
    -------
    numpy.ndarray
        ``logits / T``, same shape, float dtype of `logits` (float64 for integers).

    Raises
    ------
    TypeError
        Non-numeric logits or temperature.
    ValueError
        T <= 0, inf or nan, or so small that ``logits / T`` overflows; nan or +inf logits; a scalar
        or empty last axis; a row of only -inf.

    Examples
    --------
    >>> apply_temperature([2.0, 1.0, -np.inf], 0.5)
    array([  4.,   2., -inf])
    """
    x = _check_logits(logits)
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.integer, np.floating)):
        raise TypeError(_("temperature must be a number, got {temperature!r}").format(temperature=temperature))
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(_("temperature must be > 0 and finite, got {temperature}; for T = 0 (greedy) take the arg "
                           "max").format(
                           temperature=temperature))
    with np.errstate(over="ignore", under="ignore"):
        out = (x.astype(np.float64) / float(temperature)).astype(x.dtype)  # divided in float64, then cast back
    if (out == np.inf).any() or (np.isinf(out) & np.isfinite(x)).any():
        raise ValueError(_("temperature {temperature} is too small for these logits: logits / T overflows {dtype}; "
                           "for T -> 0 (greedy) take the arg max").format(
                           temperature=temperature, dtype=x.dtype))
    return out


def top_k_filter(logits, k):
    """Keep the k largest logits of each row; the others become -inf.

    A logit equal to the k-th largest is kept too, so ties at the boundary may keep more than
    k tokens (the rule of ``TopKLogitsWarper`` in Hugging Face transformers: remove what is below
    the k-th value). The kept set depends only on the order of the logits, so it is the same at
    every temperature (up to the rounding of ``logits / T``, which can make two logits one ulp
    apart equal, a new tie that is then kept).

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Finite logits, or -inf for a removed token.
    k : int
        k >= 1; k >= C keeps every token.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as `logits` (float64 for integers), -inf where removed.

    Raises
    ------
    TypeError
        Non-numeric logits; `k` not an int.
    ValueError
        k < 1; nan or +inf logits; a scalar or empty last axis; a row of only -inf.

    Examples
    --------
    >>> top_k_filter([1.0, 3.0, 2.0, 0.0], 2)
    array([-inf,   3.,   2., -inf])
    >>> top_k_filter([1.0, 2.0, 2.0, 0.0], 1)   # a tie at the k-th value: both kept
    array([-inf,   2.,   2., -inf])
    """
    x = _check_logits(logits)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(_("k must be an int, got {k!r}").format(k=k))
    if k < 1:
        raise ValueError(_("k must be >= 1, got {k}").format(k=k))
    C = x.shape[-1]
    if k >= C:
        return x.copy()
    kth = np.partition(x, C - k, axis=-1)[..., C - k : C - k + 1]  # (..., 1): the k-th largest
    return _remove(x, x >= kth)


def _check_min_tokens(min_tokens_to_keep):
    if isinstance(min_tokens_to_keep, bool) or not isinstance(min_tokens_to_keep, (int, np.integer)):
        raise TypeError(_("min_tokens_to_keep must be an int >= 1, got {min_tokens_to_keep!r}").format(
                          min_tokens_to_keep=min_tokens_to_keep))
    if min_tokens_to_keep < 1:
        raise ValueError(_("min_tokens_to_keep must be >= 1, got {min_tokens_to_keep}").format(
                           min_tokens_to_keep=min_tokens_to_keep))
    return int(min_tokens_to_keep)


def _keep_at_least(keep, probs, n):
    """`keep`, plus every token at least as probable as the n-th most probable one (n capped at C)."""
    if n == 1:
        return keep  # the filters always keep the most probable token
    position = np.full(probs.shape[:-1] + (1,), min(n, probs.shape[-1]) - 1)  # (..., 1)
    nth = np.take_along_axis(-np.sort(-probs, axis=-1), position, axis=-1)  # (..., 1)
    return keep | (probs >= nth)


def top_p_filter(logits, p, *, min_tokens_to_keep=1):
    r"""Nucleus filtering: keep the smallest set of most probable tokens whose mass reaches p.

    Sort the probabilities ``softmax(logits)`` in decreasing order and add them up; the token
    at which the running sum first reaches p (``>= p``) is **kept**: it is the one that makes
    the mass reach p (Holtzman et al., 2020, "The Curious Case of Neural Text Degeneration").
    Keeping only the tokens with ``cumsum <= p`` is the common slip: it drops that token (unless
    the running sum lands exactly on p), and keeps nothing at all when p is below the largest probability.

    Ties: every token whose probability equals that of the crossing token is kept too, so the
    kept set does not depend on how equal probabilities happen to be ordered (it may then be
    larger than the smallest set). Equivalently: keep every token with probability
    ``>= y_c``, where y_c is the probability of the crossing token.

    The probabilities and their running sum are computed in float64, whatever the logits'
    dtype. ``p = 1`` keeps every token (a float64 running sum may round to 1 before the
    last tiny probabilities); if rounding keeps the sum below p, every token is kept.

    `min_tokens_to_keep` is Hugging Face's argument of the same name (``TopPLogitsWarper``): however
    small p, the `min_tokens_to_keep` most probable tokens stay (with ties, every token as probable
    as the last of them). Hugging Face passes 1, and 2 under beam search with sampling, so that
    every beam has a second candidate.

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Finite logits, or -inf for a removed token.
    p : float
        The mass to reach, 0 < p <= 1.
    min_tokens_to_keep : int
        At least this many tokens are kept, >= 1 (all of them when it is C or more).

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as `logits` (float64 for integers), -inf where removed.

    Raises
    ------
    TypeError
        Non-numeric logits; `p` not a number; `min_tokens_to_keep` not an int.
    ValueError
        p outside (0, 1]; nan or +inf logits; a scalar or empty last axis; a row of only -inf;
        `min_tokens_to_keep` < 1.

    Examples
    --------
    >>> logits = np.log([0.5, 0.3, 0.2])
    >>> top_p_filter(logits, 0.7).round(3)    # 0.5 < 0.7, then 0.8 >= 0.7: the 0.3 token is kept
    array([-0.693, -1.204,   -inf])
    >>> top_p_filter(logits, 0.4).round(3)    # p below the top probability: the top token alone
    array([-0.693,   -inf,   -inf])
    >>> top_p_filter(logits, 0.4, min_tokens_to_keep=2).round(3)
    array([-0.693, -1.204,   -inf])
    """
    x = _check_logits(logits)
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise TypeError(_("p must be a number in (0, 1], got {p!r}").format(p=p))
    if not 0 < p <= 1:
        raise ValueError(_("p must be in (0, 1], got {p}").format(p=p))
    n_keep = _check_min_tokens(min_tokens_to_keep)
    if p == 1:
        return x.copy()
    probs = softmax(x.astype(np.float64))  # (..., C)
    desc = -np.sort(-probs, axis=-1)  # (..., C), largest first
    cum = np.cumsum(desc, axis=-1)
    reached = cum >= p
    crossing = np.where(reached.any(axis=-1), np.argmax(reached, axis=-1), probs.shape[-1] - 1)  # (...)
    y_c = np.take_along_axis(desc, crossing[..., None], axis=-1)  # (..., 1)
    return _remove(x, _keep_at_least(probs >= y_c, probs, n_keep))


def min_p_filter(logits, min_p, *, min_tokens_to_keep=1):
    r"""Keep the tokens whose probability is at least `min_p` times the largest one.

    .. math:: \text{keep } i \iff y_i \ge p_{\min} \cdot \max_j y_j

    (Nguyen et al., 2024, "Turning Up the Heat: Min-p Sampling"; ``MinPLogitsWarper`` in
    Hugging Face transformers). In logits, :math:`a_i \ge \max_j a_j + \log p_{\min}`: the
    threshold scales with the confidence of the top token. Dividing the logits by T moves the
    threshold, so the kept set changes with temperature (unlike :func:`top_k_filter`).
    Probabilities in float64. `min_tokens_to_keep` keeps at least that many of the most probable
    tokens, as in Hugging Face (see :func:`top_p_filter`).

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Finite logits, or -inf for a removed token.
    min_p : float
        In [0, 1]: 0 keeps every token, 1 keeps the most probable (and any tied with it).
    min_tokens_to_keep : int
        At least this many tokens are kept, >= 1 (all of them when it is C or more).

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as `logits` (float64 for integers), -inf where removed.

    Raises
    ------
    TypeError
        Non-numeric logits; `min_p` not a number; `min_tokens_to_keep` not an int.
    ValueError
        min_p outside [0, 1]; nan or +inf logits; a scalar or empty last axis; a row of only -inf;
        `min_tokens_to_keep` < 1.

    Examples
    --------
    >>> logits = np.log([0.6, 0.3, 0.08, 0.02])
    >>> min_p_filter(logits, 0.1).round(3)   # threshold 0.1 * 0.6 = 0.06
    array([-0.511, -1.204, -2.526,   -inf])
    >>> min_p_filter(logits, 0.9, min_tokens_to_keep=2).round(3)
    array([-0.511, -1.204,   -inf,   -inf])
    """
    x = _check_logits(logits)
    if isinstance(min_p, bool) or not isinstance(min_p, (int, float, np.integer, np.floating)):
        raise TypeError(_("min_p must be a number in [0, 1], got {min_p!r}").format(min_p=min_p))
    if not 0 <= min_p <= 1:
        raise ValueError(_("min_p must be in [0, 1], got {min_p}").format(min_p=min_p))
    n_keep = _check_min_tokens(min_tokens_to_keep)
    probs = softmax(x.astype(np.float64))  # (..., C)
    return _remove(x, _keep_at_least(probs >= min_p * np.max(probs, axis=-1, keepdims=True), probs, n_keep))


def sample(probs, rng, size=None):
    r"""Draw token indices from probabilities, by inverting the cumulative sum.

    For each row, draw u uniform in [0, total) and return the first index i with
    ``cumsum(probs)[i] > u``, so index i comes out with probability ``probs[i] / total``
    (a token of probability 0 never does). Rows need not sum exactly to 1 (they are weights,
    as for ``torch.multinomial``), but must be >= 0 with a positive sum.

    Parameters
    ----------
    probs : array_like, shape (..., C)
        Probabilities (``softmax(logits)``), not logits.
    rng : numpy.random.Generator
        The source of randomness, e.g. ``np.random.default_rng(0)``.
    size : int or tuple of ints, optional
        Draws per row: the result has shape ``size + probs.shape[:-1]``.

    Returns
    -------
    numpy.ndarray of int64
        Indices in [0, C), shape ``size + probs.shape[:-1]``.

    Raises
    ------
    TypeError
        Non-numeric probs, `rng` not a Generator, bad `size`.
    ValueError
        A negative, nan or inf entry (negative ones usually mean logits were passed), a row
        summing to 0, a scalar or empty last axis.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> draws = sample([0.2, 0.0, 0.8], rng, size=1000)
    >>> draws.shape, bool((draws != 1).all())
    ((1000,), True)
    """
    _check_rng(rng)
    size = _check_size(size)
    probs = as_float_array(probs, "probs")
    if probs.ndim == 0 or probs.shape[-1] == 0:
        raise ValueError(_("probs must have shape (C,) or (..., C) with C >= 1, got {shape}").format(
                           shape=probs.shape))
    bad = ~np.isfinite(probs) | (probs < 0)
    if bad.any():
        raise ValueError(_("probs must be finite and >= 0, got {value} (did you pass logits? take softmax(logits) "
                           "first)").format(
                           value=probs[bad].flat[0]))
    probs = probs.astype(np.float64)
    cdf = np.cumsum(probs, axis=-1)  # (..., C)
    if (cdf[..., -1] <= 0).any():
        raise ValueError(_("a row of probs sums to 0: there is nothing to sample"))
    batch, C = probs.shape[:-1], probs.shape[-1]
    if probs.size == 0:  # no rows: nothing to draw
        return np.zeros(size + batch, np.int64)
    u = rng.random(size + batch) * cdf[..., -1]  # (*size, ...)
    last = C - 1 - np.argmax(probs[..., ::-1] > 0, axis=-1)  # (...): the last token with probability > 0
    rows_cdf = cdf.reshape(-1, C)  # (n_rows, C)
    rows_u = u.reshape(-1, rows_cdf.shape[0])  # (n_draws, n_rows)
    out = np.empty(rows_u.shape, np.int64)
    for r in range(rows_cdf.shape[0]):
        out[:, r] = np.searchsorted(rows_cdf[r], rows_u[:, r], side="right")
    out = np.minimum(out, last.reshape(-1))  # u * total may round up to the total
    return out.reshape(size + batch)


def gumbel_max_sample(logits, rng, size=None):
    r"""Draw token indices as ``argmax(logits + G)`` with G standard Gumbel noise: no softmax needed.

    .. math:: P\big(\arg\max_j (a_j + G_j) = i\big) = \frac{e^{a_i}}{\sum_j e^{a_j}},
       \qquad G_j = -\log(-\log U_j),\ U_j \sim \mathcal{U}(0, 1)

    The Gumbel-max trick (Gumbel, 1954; used in the Gumbel-softmax of Jang et al., 2017): the
    draws follow ``softmax(logits)`` exactly, without normalising, and a ``-inf`` logit is
    never drawn. Tested with a chi-square test on seeded draws.

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Finite logits, or -inf for a removed token (not every one).
    rng : numpy.random.Generator
        The source of randomness, e.g. ``np.random.default_rng(0)``.
    size : int or tuple of ints, optional
        Draws per row: the result has shape ``size + logits.shape[:-1]``.

    Returns
    -------
    numpy.ndarray of int64
        Indices in [0, C).

    Raises
    ------
    TypeError
        Non-numeric logits, `rng` not a Generator, bad `size`.
    ValueError
        nan or +inf logits, a row of only -inf, a scalar or empty last axis.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> draws = gumbel_max_sample([0.0, -np.inf, np.log(3.0)], rng, size=4000)
    >>> bool((draws != 1).all()), bool(abs((draws == 2).mean() - 0.75) < 0.03)
    (True, True)
    """
    _check_rng(rng)
    size = _check_size(size)
    x = _check_logits(logits)
    g = rng.gumbel(size=size + x.shape)  # (*size, ..., C), float64
    return np.argmax(x + g, axis=-1).astype(np.int64)
