"""Softmax inside attention: masked softmax, scaled dot-product attention, softmax with a sink.

As in activations.py: float16 is computed in float32 and returned as float16 (rounded as IEEE
says: a weight below 6e-8 becomes 0), and no floating-point warning or error is raised, even
under ``np.seterr(all="raise")``: not for underflow, the float16 cast or the documented non-finite cases.
"""
import numpy as np

from ._checks import as_float_array, cast_back, check_axis, compute_dtype
from .i18n import _

EMPTY_POLICIES = ("zeros", "nan", "uniform")


def _check_mask(mask, shape, name="mask"):
    """A boolean keep-mask (True = keep) that broadcasts to `shape`."""
    if isinstance(mask, np.ma.MaskedArray):
        raise TypeError(_("{name} is a masked array; give a plain boolean array (True = keep)").format(name=name))
    mask = np.asarray(mask)
    if mask.dtype != bool:
        raise TypeError(_("{name} must be boolean (True = keep, as PyTorch's scaled_dot_product_attention), got "
                          "dtype {dtype}; an additive mask of 0 and -inf is not accepted: use mask = (additive == "
                          "0)").format(
                          name=name, dtype=mask.dtype))
    try:
        np.broadcast_shapes(mask.shape, shape)
    except ValueError:
        raise ValueError(_("{name} of shape {mask_shape} does not broadcast to the scores' shape {shape}").format(
                           name=name, mask_shape=mask.shape, shape=shape)) from None
    if np.broadcast_shapes(mask.shape, shape) != shape:
        raise ValueError(_("{name} of shape {mask_shape} would enlarge the scores' shape {shape}").format(
                           name=name, mask_shape=mask.shape, shape=shape))
    return mask


def masked_softmax(scores, mask, *, axis=-1, empty="zeros"):
    r"""Softmax of `scores` along `axis` over the entries where `mask` is True.

    .. math:: y_i = \frac{[\mathrm{mask}_i]\, e^{x_i - m}}{\sum_j [\mathrm{mask}_j]\, e^{x_j - m}},
       \qquad m = \max_{j:\,\mathrm{mask}_j} x_j

    A masked-out entry gets exactly 0, whatever its score (nan or +inf there is ignored:
    padding may hold anything). A row with at least one kept entry is the ordinary
    :func:`softmax` of its kept scores.

    Parameters
    ----------
    scores : array_like, shape (..., S)
        Real attention scores (logits); integers become float64, float16 is computed in float32.
    mask : array_like of bool
        True = keep, False = leave out (the meaning of a boolean ``attn_mask`` in
        ``torch.nn.functional.scaled_dot_product_attention``). It must broadcast to
        ``scores.shape`` without enlarging it: ``(L, S)`` for scores ``(B, H, L, S)``,
        or ``(B, 1, 1, S)`` for a padding mask.
    axis : int
        The axis to normalise over (default -1, the keys).
    empty : {'zeros', 'nan', 'uniform'}
        What a fully masked row (no kept entry) gives; there is no right answer, so it is
        chosen here explicitly:

        - ``'zeros'`` (default): all 0, so the attention output for that query is 0 and no
          nan reaches the loss. This is what ``scaled_dot_product_attention`` gives on
          CPU in PyTorch 2.13 (checked in the tests).
        - ``'nan'``: all nan, what ``torch.softmax`` (and :func:`softmax`) give for a row of
          ``-inf``: the scores filled with ``-inf`` where masked, then 0 / 0.
        - ``'uniform'``: 1 / S for every entry, what filling with a large finite negative
          (``-1e9``, ``np.finfo(dtype).min``) gives: the whole row is shifted to 0.

    Returns
    -------
    numpy.ndarray
        Probabilities, shape and dtype of `scores` (float64 for integers).

    Raises
    ------
    TypeError
        `scores` not real numbers, `mask` not boolean, `axis` not an int.
    ValueError
        `mask` does not broadcast to `scores`, `axis` is out of range or empty, unknown `empty`.

    Examples
    --------
    >>> masked_softmax([1.0, 2.0, 3.0], [True, True, False]).round(4)
    array([0.2689, 0.7311, 0.    ])
    >>> masked_softmax([[0.0, 0.0], [5.0, 1.0]], [[False, False], [True, True]]).round(4)
    array([[0.   , 0.   ],
           [0.982, 0.018]])
    >>> masked_softmax([[0.0, 0.0]], [[False, False]], empty="nan")
    array([[nan, nan]])
    """
    scores = as_float_array(scores, "scores")
    axis = check_axis(scores, axis, "scores")
    mask = _check_mask(mask, scores.shape)
    if empty not in EMPTY_POLICIES:
        raise ValueError(_("empty must be 'zeros', 'nan' or 'uniform' (what a fully masked row gives), got "
                           "{empty!r}").format(
                           empty=empty))
    dtype, x = scores.dtype, compute_dtype(scores)
    mask = np.broadcast_to(mask, x.shape)
    with np.errstate(all="ignore"):  # +inf or nan among kept scores give nan rows, as softmax; handled below
        x = np.where(mask, x, -np.inf)
        m = np.max(x, axis=axis, keepdims=True)
        none_kept = ~np.any(mask, axis=axis, keepdims=True)  # (..., 1, ...)
        m = np.where(none_kept, 0, m)  # a fully masked row: shift by 0, not by -inf (which gives nan)
        e = np.exp(x - m)  # masked entries: exp(-inf) = 0
        total = np.sum(e, axis=axis, keepdims=True)
        y = e / np.where(none_kept, 1, total)
    if none_kept.any():
        fill = {"zeros": 0.0, "nan": np.nan, "uniform": 1.0 / x.shape[axis]}[empty]
        y = np.where(none_kept, fill, y)
    return cast_back(y, dtype)


def causal_mask(L, S=None):
    """The boolean causal keep-mask, shape (L, S): query i sees keys j <= i.

    Aligned at the top left, as ``is_causal=True`` in PyTorch's
    ``scaled_dot_product_attention`` (``torch.ones(L, S, dtype=bool).tril()``): when S > L the
    last S - L keys are seen by no query, when L > S the last queries see every key.

    Parameters
    ----------
    L : int
        Number of queries, >= 0.
    S : int, optional
        Number of keys, >= 0 (default: L).

    Returns
    -------
    numpy.ndarray of bool, shape (L, S)
        True where query i may attend to key j, that is j <= i.

    Raises
    ------
    TypeError
        L or S not an int.
    ValueError
        L or S negative.

    Examples
    --------
    >>> causal_mask(3).astype(int)
    array([[1, 0, 0],
           [1, 1, 0],
           [1, 1, 1]])
    """
    S = L if S is None else S
    for name, n in (("L", L), ("S", S)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(_("{name} must be an int, got {n!r}").format(name=name, n=n))
        if n < 0:
            raise ValueError(_("{name} must be >= 0, got {n}").format(name=name, n=n))
    return np.arange(S)[None, :] <= np.arange(L)[:, None]  # (L, S)


def _prepare(q, k, v, mask, causal, scale):
    """Checked q, k, v (in their common float dtype, float16 as float32), the keep-mask broadcast
    to (..., L, S) (a read-only view), the scale as a float, and the dtype to return."""
    q, k, v = (as_float_array(a, name) for a, name in ((q, "q"), (k, "k"), (v, "v")))
    for a, name, dims in ((q, "q", "(..., L, d)"), (k, "k", "(..., S, d)"), (v, "v", "(..., S, dv)")):
        if a.ndim < 2:
            raise ValueError(_("{name} must have shape {dims}, got {shape}").format(
                               name=name, dims=dims, shape=a.shape))
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(_("q and k must have the same last dimension d, got q {q_shape} and k {k_shape}").format(
                           q_shape=q.shape, k_shape=k.shape))
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(_("k and v must have the same number of keys S, got k {k_shape} and v {v_shape}").format(
                           k_shape=k.shape, v_shape=v.shape))
    try:
        batch = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except ValueError:
        raise ValueError(_("the leading axes of q {q_shape}, k {k_shape} and v {v_shape} do not broadcast").format(
                           q_shape=q.shape, k_shape=k.shape, v_shape=v.shape)) from None
    if not isinstance(causal, (bool, np.bool_)):
        raise TypeError(_("causal must be True or False, got {causal!r}").format(causal=causal))
    L, d, S = q.shape[-2], q.shape[-1], k.shape[-2]
    if scale is None:
        scale = 1.0 / np.sqrt(d) if d > 0 else 1.0
    elif isinstance(scale, bool) or not isinstance(scale, (int, float, np.integer, np.floating)):
        raise TypeError(_("scale must be a number, got {scale!r}").format(scale=scale))
    elif not np.isfinite(scale):
        raise ValueError(_("scale must be finite, got {scale}").format(scale=scale))
    dtype = np.result_type(q, k, v)
    q, k, v = (compute_dtype(a.astype(dtype, copy=False)) for a in (q, k, v))
    shape = batch + (L, S)
    keep = np.ones((L, S), bool) if mask is None else _check_mask(mask, shape)
    if causal:
        keep = keep & causal_mask(L, S)
    return q, k, v, np.broadcast_to(keep, shape), float(scale), dtype


def scaled_dot_product_attention(q, k, v, *, mask=None, causal=False, scale=None):
    r"""Attention :math:`\mathrm{softmax}(q k^\top / \sqrt{d} \text{ masked})\, v` in NumPy.

    The semantics of ``torch.nn.functional.scaled_dot_product_attention`` (PyTorch 2.13, no
    dropout), and its result to 1e-12 in float64 (tested):

    .. math:: \mathrm{out} = \mathrm{masked\_softmax}\big(s\, q k^\top, \mathrm{keep}\big)\, v,
       \qquad s = 1/\sqrt{d} \text{ by default}

    Parameters
    ----------
    q : array_like, shape (..., L, d)
        Queries. Leading (batch, head) axes broadcast between q, k and v.
    k : array_like, shape (..., S, d)
        Keys.
    v : array_like, shape (..., S, dv)
        Values.
    mask : array_like of bool, optional
        True = this query may attend to this key; broadcasts to (..., L, S).
    causal : bool
        Keep only keys j <= i (top-left aligned, see :func:`causal_mask`). PyTorch refuses
        ``attn_mask`` together with ``is_causal=True``; here both may be given and a key is kept
        where both keep it (pass PyTorch ``mask & causal_mask(L, S)`` for the same result).
    scale : float, optional
        Multiplies the scores; default ``1 / sqrt(d)``, PyTorch's.

    Returns
    -------
    numpy.ndarray
        Shape (..., L, dv), in the common float dtype of q, k, v. A query with no kept key gets
        the output 0 (``masked_softmax(..., empty='zeros')``), as PyTorch 2.13 on CPU.

    Raises
    ------
    TypeError
        Non-numeric q, k, v; a non-boolean mask; `causal` not a bool; `scale` not a number.
    ValueError
        q, k, v of fewer than 2 dimensions or of mismatched d, S or batch axes; a mask that does
        not broadcast to (..., L, S); a `scale` that is not finite.

    Examples
    --------
    >>> q = np.array([[1.0, 0.0]]); k = np.array([[1.0, 0.0], [0.0, 1.0]]); v = np.array([[1.0], [0.0]])
    >>> scaled_dot_product_attention(q, k, v).round(4)   # weights softmax([1, 0] / sqrt(2))
    array([[0.6698]])
    >>> scaled_dot_product_attention(q, k, v, mask=[[False, True]])
    array([[0.]])
    >>> scaled_dot_product_attention(q, k, v, mask=[[False, False]])   # no key kept: 0, not nan
    array([[0.]])
    """
    q, k, v, keep, scale, dtype = _prepare(q, k, v, mask, causal, scale)
    batch, L, S = keep.shape[:-2], q.shape[-2], k.shape[-2]
    shape = keep.shape
    if S == 0:  # no key at all: every query is fully masked
        return np.zeros(batch + (L, v.shape[-1]), dtype)
    with np.errstate(under="ignore"):  # products of small numbers: underflow to 0 is harmless
        scores = np.broadcast_to((q @ np.swapaxes(k, -1, -2)) * scale, shape)  # (..., L, S)
        weights = masked_softmax(scores, keep, empty="zeros")  # (..., L, S)
        return cast_back(weights @ v, dtype)  # (..., L, dv)


def softmax_with_sink(scores, axis=-1):
    r"""Softmax with an extra 1 in the denominator (an "attention sink", a logit 0 that takes mass).

    .. math:: y_i = \frac{e^{x_i}}{1 + \sum_j e^{x_j}} = \frac{e^{x_i - m}}{e^{-m} + \sum_j e^{x_j - m}},
       \qquad m = \max\big(0, \max_j x_j\big)

    It is the softmax of ``[0, x_1, ..., x_n]`` with the sink's own entry dropped, so the
    weights sum to less than 1 and a query may attend to (almost) nothing. Computed stably:
    after the shift by m the 1 becomes :math:`e^{-m}`, not 1 (keeping 1 is the common slip),
    and m is clipped at 0 from below, since the sink's logit 0 takes part in the max: with
    :math:`m = \max_j x_j` alone, :math:`e^{-m}` overflows for scores below -709.78 (float64).
    Every exponent is then <= 0: nothing overflows, and the result is within a few ulp of the
    exact value (tested against mpmath). Also called "softmax_1" or "off-by-one softmax"
    (E. Miller, 2023); OpenAI's gpt-oss learns one sink logit per head in place of the 0.

    Parameters
    ----------
    scores : array_like, shape (..., S, ...)
        Real numbers; integers become float64, float16 is computed in float32.
    axis : int
        The axis to normalise over (default -1).

    Returns
    -------
    numpy.ndarray
        Weights in [0, 1) summing to less than 1, shape and dtype of `scores`.

    Raises
    ------
    TypeError
        `scores` not real numbers, `axis` not an int.
    ValueError
        A scalar, or an out-of-range or empty axis.

    Notes
    -----
    ``-inf`` scores get weight 0 (a row of only ``-inf`` is all 0: the sink takes everything);
    a row holding ``+inf`` or nan is all nan. No warning.

    Examples
    --------
    >>> softmax_with_sink([0.0, 0.0]).round(4)   # the sink takes a third
    array([0.3333, 0.3333])
    >>> softmax_with_sink([-1000.0, -1000.0])   # no overflow of exp(1000): exact values underflow to 0
    array([0., 0.])
    >>> float(softmax_with_sink([-700.0])[0])   # e^-700 / (1 + e^-700)
    9.85967654375977e-305
    """
    x = as_float_array(scores, "scores")
    axis = check_axis(x, axis, "scores")
    dtype, x = x.dtype, compute_dtype(x)
    with np.errstate(all="ignore"):  # only +inf or nan rows (inf - inf), documented as nan
        m = np.maximum(np.max(x, axis=axis, keepdims=True), 0)  # the sink's logit 0 takes part in the max
        e = np.exp(x - m)
        y = e / (np.exp(-m) + np.sum(e, axis=axis, keepdims=True))
    return cast_back(y, dtype)
