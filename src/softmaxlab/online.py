r"""Online softmax: the running (max, sum) pair, its merge rule, and what it builds.

A softmax needs :math:`m = \max_j x_j` and :math:`s = \sum_j e^{x_j - m}` before it can
write any probability. Both can be accumulated chunk by chunk: when a new chunk raises the
max from :math:`m_{old}` to :math:`m_{new}`, the sum so far is rescaled by
:math:`e^{m_{old} - m_{new}} \le 1`. This is the idea behind FlashAttention (Dao et al., 2022)
and fused cross-entropy kernels; Milakov & Gimelshein (2018) first wrote it down for softmax.

float16 is computed in float32 and returned as float16, rounded as IEEE says (a loss above 65504
becomes inf, a gradient entry below 6e-8 becomes 0). No function here raises a floating-point
warning or error for underflow, for that cast or for the documented -inf cases, even under
``np.seterr(all="raise")``.
"""
from typing import NamedTuple

import numpy as np

from ._checks import as_float_array, cast_back, check_reduction, compute_dtype, reduce
from .attention import _prepare
from .losses import _check_logits_targets
from .i18n import _


class OnlineSoftmaxState(NamedTuple):
    r"""The running pair of an online softmax: ``m``, the max so far, and ``s``, :math:`\sum e^{x_j - m}`.

    ``OnlineSoftmaxState()`` is the empty state, m = -inf and s = 0 (no score seen yet). Both
    fields are floats or arrays of one shape (one pair per row of a batch). Then
    :math:`\log \sum_j e^{x_j} = m + \log s` and :math:`\mathrm{softmax}(x)_i = e^{x_i - m} / s`.

    Examples
    --------
    >>> state = online_update(OnlineSoftmaxState(), [1.0, 2.0])
    >>> state = online_update(state, [3.0])
    >>> float(state.m), round(float(state.s), 6)   # e^-2 + e^-1 + e^0
    (3.0, 1.503215)
    """
    m: object = -np.inf
    s: object = 0.0


def _rescale(m_old, m_new):
    """``exp(m_old - m_new)``, with 0 where m_old is -inf (nothing seen: -inf - -inf would be nan)."""
    with np.errstate(invalid="ignore", under="ignore"):  # m_old - m_new <= 0: underflow to 0 is harmless
        return np.where(m_old == -np.inf, 0.0, np.exp(m_old - m_new))


def _check_scores(x, name):
    x = compute_dtype(as_float_array(x, name))
    if x.ndim == 0:
        raise ValueError(_("{name} must have at least 1 dimension (a chunk of scores along the last axis), got a "
                           "scalar").format(
                           name=name))
    bad = np.isnan(x) | (x == np.inf)
    if bad.any():
        raise ValueError(_("{name} holds {value}: an online softmax needs scores below +inf (a running max of +inf "
                           "would rescale by inf - inf = nan); -inf is fine").format(
                           name=name, value=x[bad].flat[0]))
    return x


def _check_state(state, name="state"):
    if not isinstance(state, tuple) or len(state) != 2:
        raise TypeError(_("{name} must be an OnlineSoftmaxState (m, s), got {state!r}").format(name=name, state=state))
    m, s = (as_float_array(a, f"{name}.{f}") for a, f in zip(state, "ms"))
    if np.isnan(m).any() or (m == np.inf).any():
        raise ValueError(_("{name}.m must be finite or -inf, got {m}").format(name=name, m=m))
    if np.isnan(s).any() or (s < 0).any():
        raise ValueError(_("{name}.s must be >= 0, got {s}").format(name=name, s=s))
    return m, s


def online_update(state, x):
    r"""Fold one chunk of scores into the running (max, sum) pair.

    .. math:: m' = \max(m, \max_j x_j), \qquad
       s' = s\, e^{m - m'} + \sum_j e^{x_j - m'}

    The rescale factor :math:`e^{m - m'}` is at most 1: the old sum is scaled *down*.
    Where m is -inf (nothing seen yet) the factor is taken as 0 rather than computed as
    :math:`e^{-\infty + \infty}` = nan.

    Parameters
    ----------
    state : OnlineSoftmaxState
        The pair so far; m and s are floats, or arrays of shape (...).
    x : array_like, shape (..., n)
        The next chunk, along the last axis (n may be 0). Scores below +inf; -inf is fine.

    Returns
    -------
    OnlineSoftmaxState
        The pair after the chunk, arrays of shape (...). Their dtype is NumPy's promotion of the state's
        and the chunk's (a float16 chunk counts as float32): float64 from the empty state
        ``OnlineSoftmaxState()``, whose -inf and 0 are float64, even for a float32 chunk; float32 once
        the state and the chunk are both float32 (or float16).

    Raises
    ------
    TypeError
        `state` is not a pair, `x` is not real numbers.
    ValueError
        `x` holds nan or +inf; ``state.m`` is nan or +inf, ``state.s`` negative or nan;
        the shapes of the state and of ``x[..., 0]`` do not broadcast.

    Examples
    --------
    >>> state = OnlineSoftmaxState()
    >>> for chunk in ([1.0, 2.0], [3.0], [-np.inf]):
    ...     state = online_update(state, chunk)
    >>> round(float(state.m + np.log(state.s)), 12), round(float(np.log(np.exp([1.0, 2.0, 3.0]).sum())), 12)
    (3.407605964444, 3.407605964444)
    >>> x32 = np.array([1.0, 2.0], dtype=np.float32)
    >>> state32 = OnlineSoftmaxState(np.float32(0.0), np.float32(1.0))
    >>> online_update(OnlineSoftmaxState(), x32).s.dtype, online_update(state32, x32).s.dtype
    (dtype('float64'), dtype('float32'))
    """
    m, s = _check_state(state)
    x = _check_scores(x, "x")
    try:
        np.broadcast_shapes(m.shape, s.shape, x.shape[:-1])
    except ValueError:
        raise ValueError(_("state of shape {shape} does not broadcast to the chunk's rows {rows}").format(
                           shape=m.shape, rows=x.shape[:-1])) from None
    if x.shape[-1] == 0:
        return OnlineSoftmaxState(*np.broadcast_arrays(m, s))
    m_new = np.maximum(m, np.max(x, axis=-1))  # (...)
    shift = np.where(m_new == -np.inf, 0.0, m_new)  # only -inf seen: exp(-inf - 0) = 0
    with np.errstate(under="ignore"):  # exponents <= 0: underflow to 0 is harmless
        s_new = s * _rescale(m, m_new) + np.sum(np.exp(x - shift[..., None]), axis=-1)
    return OnlineSoftmaxState(m_new, s_new)


def merge(state_a, state_b):
    r"""Combine the pairs of two disjoint sets of scores into the pair of their union.

    .. math:: m = \max(m_a, m_b), \qquad s = s_a e^{m_a - m} + s_b e^{m_b - m}

    Both factors are at most 1, and one of them is exactly 1. The merge is associative and
    commutative, so chunks may be reduced in any order or in a tree (as split-K attention
    kernels do). The empty state, ``OnlineSoftmaxState()``, is its identity.

    Parameters
    ----------
    state_a, state_b : OnlineSoftmaxState
        Pairs whose m and s broadcast together.

    Returns
    -------
    OnlineSoftmaxState

    Raises
    ------
    TypeError, ValueError
        As :func:`online_update` for a bad state; shapes that do not broadcast.

    Examples
    --------
    >>> a = online_update(OnlineSoftmaxState(), [1.0, 5.0])
    >>> b = online_update(OnlineSoftmaxState(), [2.0])
    >>> ab = merge(a, b)
    >>> float(ab.m), bool(np.isclose(ab.s, np.exp([1.0, 5.0, 2.0]).sum() / np.exp(5.0)))
    (5.0, True)
    >>> tuple(map(float, merge(OnlineSoftmaxState(), OnlineSoftmaxState())))   # no nan from -inf - -inf
    (-inf, 0.0)
    """
    ma, sa = _check_state(state_a, "state_a")
    mb, sb = _check_state(state_b, "state_b")
    try:
        np.broadcast_shapes(ma.shape, sa.shape, mb.shape, sb.shape)
    except ValueError:
        raise ValueError(_("state_a of shape {shape_a} and state_b of shape {shape_b} do not broadcast").format(
                           shape_a=ma.shape, shape_b=mb.shape)) from None
    m = np.maximum(ma, mb)
    with np.errstate(under="ignore"):  # a small sum times a factor <= 1: underflow to 0 is harmless
        return OnlineSoftmaxState(m, sa * _rescale(ma, m) + sb * _rescale(mb, m))


def online_logsumexp(chunks):
    r"""``log(sum(exp(x)))`` over the last axis of a sequence of chunks, reading each chunk once.

    .. math:: \log \sum_j e^{x_j} = m + \log s

    for the (m, s) pair after the last chunk (:func:`online_update`). The result is within
    a few ulp of ``max(|m|, 1)`` of the exact value: fine for a loss, but when the max
    dominates, ``log s`` loses the digits that :func:`softmaxlab.logsumexp` keeps with its
    log1p form (``[0, -40]`` gives 0.0 here, 4.25e-18 there).

    Parameters
    ----------
    chunks : iterable of array_like, each of shape (..., n_i)
        The scores, split along the last axis; the leading axes broadcast together.

    Returns
    -------
    numpy.ndarray
        Shape (...); -inf where every score is -inf (and for no chunk at all: -inf).

    Raises
    ------
    TypeError, ValueError
        As :func:`online_update` (nan or +inf scores are refused).

    Examples
    --------
    >>> x = np.array([1000.0, 1001.0, 999.0, 1002.0])
    >>> float(online_logsumexp([x[:2], x[2:]]))   # 1002 + log(1 + e^-1 + e^-2 + e^-3)
    1002.4401896985612
    >>> float(online_logsumexp([[-np.inf], [-np.inf]]))
    -inf
    """
    state = OnlineSoftmaxState()
    for chunk in chunks:
        state = online_update(state, chunk)
    m, s = (np.asarray(a) for a in state)
    with np.errstate(divide="ignore"):  # s = 0 (only -inf seen): log 0 = -inf, the right answer
        return m + np.log(s)


def _check_tile(tile, name="tile"):
    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)):
        raise TypeError(_("{name} must be an int, got {value!r}").format(name=name, value=tile))
    if tile < 1:
        raise ValueError(_("{name} must be >= 1, got {value}").format(name=name, value=tile))
    return int(tile)


def tiled_attention(q, k, v, *, tile=64, mask=None, causal=False, scale=None):
    r"""Attention computed one tile of keys at a time, never forming a full row of scores.

    The recurrence of FlashAttention-2's forward pass (Dao, 2023, "FlashAttention-2: Faster Attention
    with Better Parallelism and Work Partitioning", Algorithm 1), in NumPy: for each tile of at most
    `tile` keys, the scores of every query against that tile only, shape (..., L, tile), update

    .. math:: m' = \max(m, \max_j s_j), \quad r = e^{m - m'}, \quad
       \ell' = r\,\ell + \sum_j e^{s_j - m'}, \quad o' = r\,o + \sum_j e^{s_j - m'} v_j

    and divide once, at the end: the output is :math:`o / \ell`. The running output stays
    unnormalised, as in Rabe & Staats (2021, "Self-attention Does Not Need O(n^2) Memory");
    FlashAttention-1 (Dao et al., 2022) instead kept it normalised, dividing by :math:`\ell'` after
    every tile. Same arguments and result as
    :func:`softmaxlab.attention.scaled_dot_product_attention` (to ~1e-16 in float64, tested),
    including a query with no kept key, which gets 0.

    Parameters
    ----------
    q, k, v : array_like, shapes (..., L, d), (..., S, d), (..., S, dv)
        As in :func:`~softmaxlab.attention.scaled_dot_product_attention`.
    tile : int
        Keys per tile, >= 1 (the last tile may be shorter).
    mask, causal, scale
        As in :func:`~softmaxlab.attention.scaled_dot_product_attention`.

    Returns
    -------
    numpy.ndarray
        Shape (..., L, dv).

    Raises
    ------
    TypeError, ValueError
        As :func:`~softmaxlab.attention.scaled_dot_product_attention`; `tile` not an int >= 1.

    Examples
    --------
    >>> from softmaxlab.attention import scaled_dot_product_attention
    >>> rng = np.random.default_rng(0)
    >>> q, k, v = rng.normal(size=(4, 8)), rng.normal(size=(10, 8)), rng.normal(size=(10, 3))
    >>> bool(np.allclose(tiled_attention(q, k, v, tile=3), scaled_dot_product_attention(q, k, v), rtol=0, atol=1e-15))
    True
    """
    tile = _check_tile(tile)
    q, k, v, keep, scale, dtype = _prepare(q, k, v, mask, causal, scale)
    batch, L, S, dv = keep.shape[:-2], q.shape[-2], k.shape[-2], v.shape[-1]
    m = np.full(batch + (L,), -np.inf, q.dtype)  # running max, (..., L)
    ell = np.zeros(batch + (L,), q.dtype)  # running sum, (..., L)
    o = np.zeros(batch + (L, dv), q.dtype)  # running weighted sum of values, (..., L, dv)
    with np.errstate(under="ignore"):  # exponents <= 0 and products of small weights: underflow to 0 is harmless
        for start in range(0, S, tile):
            stop = min(start + tile, S)
            scores = (q @ np.swapaxes(k[..., start:stop, :], -1, -2)) * scale  # (..., L, t): one tile only
            scores = np.where(keep[..., start:stop], scores, -np.inf)
            m_new = np.maximum(m, np.max(scores, axis=-1))  # (..., L)
            r = _rescale(m, m_new)  # (..., L), <= 1
            shift = np.where(m_new == -np.inf, 0.0, m_new)  # a query with nothing kept yet: exp(-inf) = 0
            p = np.exp(scores - shift[..., None])  # (..., L, t)
            ell = r * ell + np.sum(p, axis=-1)
            o = r[..., None] * o + p @ v[..., start:stop, :]  # (..., L, dv)
            m = m_new
    with np.errstate(invalid="ignore", divide="ignore", under="ignore"):  # 0 / 0 (no kept key) is set to 0
        out = np.where(ell[..., None] > 0, o / ell[..., None], 0.0)
    return cast_back(out, dtype)


def fused_cross_entropy(logits, labels, *, tile=1024, reduction="mean"):
    r"""Cross-entropy and its gradient together, from an online pass over the classes.

    For each row, one pass over class tiles accumulates the (max, sum) pair
    (:func:`online_update`), so the log-sum-exp is known without storing a row of
    probabilities; then

    .. math:: L_n = \mathrm{lse}_n - a_{n t_n}, \qquad
       \frac{\partial L_n}{\partial a_n} = e^{a_n - \mathrm{lse}_n} - \mathrm{one\_hot}(t_n) = y_n - t_n

    with :math:`\mathrm{lse}_n = m_n + \log s_n` kept in its two parts (``(a - m) - log s``: the
    difference ``a - m`` loses nothing near the max, where ``a - lse`` would lose the digits of a
    large lse). The gradient needs the final (m, s), so it is written in a second sweep, tile by tile (a fused
    kernel does both sweeps in one launch, and the (N, C) probabilities never go to memory).
    Same conventions as :func:`softmaxlab.cross_entropy` and
    :func:`softmaxlab.cross_entropy_backward` with class-index targets (PyTorch's), without
    their `weight`, `ignore_index` and `label_smoothing` options.

    Parameters
    ----------
    logits : array_like, shape (N, C)
        Raw scores below +inf (-inf allowed: a class left out).
    labels : array_like of int, shape (N,)
        Class indices in [0, C).
    tile : int
        Classes per tile, >= 1.
    reduction : {'mean', 'sum', 'none'}
        As PyTorch; 'mean' also divides the gradient by N.

    Returns
    -------
    loss : numpy.ndarray
        Shape () for 'mean' and 'sum', (N,) for 'none'.
    dlogits : numpy.ndarray
        Shape (N, C): the gradient of `loss` with respect to `logits`.

        Both in the dtype of `logits` (float64 for integers); float16 is computed in float32 and
        cast back, so a loss above 65504 is inf there, as in :func:`softmaxlab.cross_entropy`.

    Raises
    ------
    TypeError
        Non-numeric logits, non-integer labels, `tile` not an int.
    ValueError
        Shapes other than (N, C) and (N,), a label out of range, a nan or +inf logit, a bad
        `reduction` or `tile`.

    Notes
    -----
    The loss is computed as :math:`(m - a_{t}) + \log s`: accurate to a few ulp of the
    logits' scale, but a confident sample's tiny loss loses the digits that
    :func:`softmaxlab.cross_entropy` keeps (at ``[40, 0]``, class 0, it gives 0 instead of
    4.2e-18). Likewise its gradient entry ``y_t - 1`` is computed by subtraction.

    Examples
    --------
    >>> loss, dlogits = fused_cross_entropy([[2.0, 0.0, -1.0]], [0], tile=2)
    >>> round(float(loss), 6)
    0.169846
    >>> dlogits.round(4)
    array([[-0.1562,  0.1142,  0.042 ]])
    """
    check_reduction(reduction)
    tile = _check_tile(tile)
    x, labels, is_index, _was_1d = _check_logits_targets(logits, labels, name="logits")
    if not is_index:
        raise TypeError(_("labels must be integer class indices of shape (N,), got dtype {dtype}").format(
                          dtype=labels.dtype))
    if np.ndim(logits) != 2:
        raise ValueError(_("logits must have shape (N, C), got {shape}").format(shape=np.shape(logits)))
    dtype, x = x.dtype, compute_dtype(x)
    x = _check_scores(x, "logits")
    N, C = x.shape
    state = OnlineSoftmaxState()
    for start in range(0, C, tile):  # the one pass over the classes
        state = online_update(state, x[:, start:min(start + tile, C)])
    m, s = state
    with np.errstate(all="ignore"):  # a row of only -inf: lse = -inf, loss and gradient nan, as cross_entropy
        log_s = np.log(s)  # (N,); lse = m + log s, kept in two parts: x - m is exact near the max
        losses = (m - x[np.arange(N), labels]) + log_s  # (N,)
        dlogits = np.empty_like(x)  # (N, C)
        for start in range(0, C, tile):  # the gradient, written tile by tile from the final (m, s)
            stop = min(start + tile, C)
            dlogits[:, start:stop] = np.exp((x[:, start:stop] - m[:, None]) - log_s[:, None])
        dlogits[np.arange(N), labels] -= 1
        if reduction == "mean":
            dlogits /= N  # a subnormal probability divided by N may underflow to 0: harmless
    loss = reduce(losses, reduction)
    return cast_back(np.asarray(loss), dtype), cast_back(dlogits, dtype)


def l2_cache_bytes(default=1 << 20):
    """The size of this machine's level-2 cache in bytes (Linux sysfs), or `default` when it cannot be read."""
    try:
        with open("/sys/devices/system/cpu/cpu0/cache/index2/size") as f:
            text = f.read().strip().upper()
    except OSError:
        return default
    scale = {"K": 1 << 10, "M": 1 << 20}.get(text[-1:], 1)
    try:
        return int(text.rstrip("KM")) * scale
    except ValueError:
        return default


def blocked_softmax(logits, *, block_rows=None):
    r"""Softmax over the last axis of an (N, C) array, a block of rows at a time, each block worked in place.

    A plain NumPy softmax, ``e = np.exp(x - x.max(...)); e / e.sum(...)``, makes three full (N, C)
    temporaries and streams each of them through main memory: each operation reads and writes the
    whole array before the next one starts. Here each block of rows (``block_rows`` rows, by default
    sized to fill about half the L2 cache) goes through max, subtract, exp, sum and divide while it is
    still in cache, writing into the output in place. Same result as :func:`softmaxlab.softmax` (to a
    few ulp); the course's ``benchmarks/bench_blocking.py`` measures what it gains.

    Parameters
    ----------
    logits : array_like, shape (N, C)
        Real scores; float32 stays float32, other input is computed in float64.
    block_rows : int, optional
        Rows per block, >= 1. Default: ``max(1, l2_cache_bytes() // 2 // (C * itemsize))``.

    Returns
    -------
    numpy.ndarray
        Shape (N, C), rows summing to 1.

    Raises
    ------
    TypeError
        `logits` not real numbers; `block_rows` not an int.
    ValueError
        `logits` not two-dimensional, or with C = 0; `block_rows` < 1.

    Examples
    --------
    >>> from softmaxlab import softmax
    >>> x = np.random.default_rng(0).normal(size=(10, 7))
    >>> bool(np.allclose(blocked_softmax(x, block_rows=3), softmax(x), rtol=1e-15, atol=0))
    True
    """
    x = as_float_array(logits, "logits")
    if x.dtype != np.float32:
        x = x.astype(np.float64)
    if x.ndim != 2:
        raise ValueError(_("logits must have shape (N, C), got {shape}").format(shape=x.shape))
    N, C = x.shape
    if C == 0:
        raise ValueError(_("logits has no classes (C = 0): there is nothing to normalise"))
    if block_rows is None:
        block_rows = max(1, l2_cache_bytes() // 2 // (C * x.itemsize))
    block_rows = _check_tile(block_rows, "block_rows")
    out = np.empty_like(x)  # (N, C)
    with np.errstate(under="ignore"):  # exponents <= 0: underflow to 0 is harmless
        for start in range(0, N, block_rows):
            block = out[start:start + block_rows]  # a view: the block is worked in place
            np.subtract(x[start:start + block_rows], x[start:start + block_rows].max(axis=1, keepdims=True), out=block)
            np.exp(block, out=block)
            block /= block.sum(axis=1, keepdims=True)
    return out
