"""Every cross-entropy flavour of notebook 07 for one sample, right calls and mistakes, computed in NumPy.

The plots and the widget of notebook 07 draw what :func:`loss_variants` computes; it lives here, below
both, so that neither imports the other.
"""
import numpy as np

from .activations import softmax
from .losses import binary_cross_entropy, cross_entropy, one_hot

EPS = 1e-7  # Keras' default epsilon, also used for the hand-clipped log


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))  # 1 / (1 + e^-z) without overflow


def loss_variants(logits, label):
    """Every loss variant of notebook 07 for one sample: a list of ``(name, value, kind)``.

    `kind` is ``"right"`` (the loss the call is meant for), ``"approx"`` (right up to
    clipping), ``"other"`` (a different but legitimate model) or ``"mistake"``.
    Frameworks are reproduced in NumPy (the notebook explains each line).

    Examples
    --------
    >>> rows = loss_variants([2.0, 1.0, 0.1], 0)
    >>> [(name, round(value, 4)) for name, value, kind in rows][:2]
    [('torch CE(logits)', 0.417), ('keras CCE(logits, from_logits)', 0.417)]
    """
    logits = np.asarray(logits, dtype=np.float64)  # (C,)
    C = logits.shape[-1]
    target = one_hot(np.array([label]), C)[0]  # (C,)
    probs = softmax(logits)
    with np.errstate(all="ignore"):  # the mistakes may divide by 0 or take log(0) on purpose
        rows = [
            ("torch CE(logits)", cross_entropy(logits, label), "right"),  # i18n: no
            ("keras CCE(logits, from_logits)", cross_entropy(logits, target), "right"),  # i18n: no
            ("keras CCE(probs)", cross_entropy(probs, target, from_logits=False), "approx"),  # i18n: no
            ("-log(clip(p, 1e-7))", -np.log(np.clip(probs[label], EPS, 1 - EPS)), "approx"),  # i18n: no
            ("-log(p)", -np.log(probs[label]), "approx"),
            ("torch CE(probs)", cross_entropy(probs, label), "mistake"),  # i18n: no
            ("keras CCE(logits)", cross_entropy(logits, target, from_logits=False), "mistake"),  # i18n: no
            ("torch BCEWithLogits(logits)",  # i18n: no
             binary_cross_entropy(logits, target, from_logits=True), "other"),
            ("torch BCEWithLogits(sigmoid)",  # i18n: no
             binary_cross_entropy(_sigmoid(logits), target, from_logits=True), "mistake"),
        ]
    return [(name, float(value), kind) for name, value, kind in rows]
