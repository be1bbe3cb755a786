"""Wrong softmaxes that several notebooks' catalogues try (06, 08, 09): not a catalogue itself (no CATALOGUE)."""
import numpy as np


def softmax_longdouble(logits):
    """No shift: exp in np.longdouble (80-bit on x86, whose exp reaches e^11356; plain float64 on ARM)."""
    e = np.exp(np.asarray(logits, dtype=np.longdouble))
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float64)


def softmax_shift_if_overflow(logits):
    """The max shift only when an exp or a sum overflows: subnormal exps alone stay unshifted."""
    with np.errstate(all="ignore"):
        e = np.exp(logits)
        s = e.sum(axis=-1, keepdims=True)
        if not (np.all(np.isfinite(e)) and np.all(np.isfinite(s))):
            e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
            s = e.sum(axis=-1, keepdims=True)
    return e / s
