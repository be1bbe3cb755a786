"""Widget for notebook 09: a gradient check of several broken backward passes as the logits grow.

Each entry of :data:`GRADIENTS` claims to compute d(mean cross-entropy)/d(logits) for a batch;
the widget scores every claim with :func:`softmaxlab.gradient_check` against the real loss, and
calls it passing exactly when the package's rule says so: score < ``GRADCHECK_THRESHOLD`` (nan fails).
The broken ones are the bugs of the clinic, written small on purpose.
"""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..gradcheck import GRADCHECK_THRESHOLD, gradient_check
from ..losses import cross_entropy, one_hot
from ..published_jacobian import hand_written_jacobian
from ..plots.pitfalls import draw_gradient_errors, new_errors_figure
from ._live import LiveFigure, LiveWidget


def _right(logits, labels):
    return (softmax(logits) - one_hot(labels, logits.shape[1])) / len(logits)


def _no_mean(logits, labels):  # forgets the 1/N of the mean
    return softmax(logits) - one_hot(labels, logits.shape[1])


def _batch_max(logits, labels):  # subtracts the max of the whole batch, not of each row
    e = np.exp(logits - np.max(logits))
    probs = e / np.sum(e, axis=1, keepdims=True)
    return (probs - one_hot(labels, logits.shape[1])) / len(logits)


def _wrong_diagonal(logits, labels):  # the published hand-written Jacobian: J[1, 1] and J[2, 2] wrong (3 classes)
    y = softmax(logits)
    dy = -one_hot(labels, 3) / y / len(logits)  # dL/dy for L = mean of -log y_true
    return np.array([hand_written_jacobian(row).T @ g for row, g in zip(y, dy)])


def _softmax_twice(logits, labels):  # the gradient of cross_entropy(softmax(logits)), the wrong loss
    y = softmax(logits)
    g = (softmax(y) - one_hot(labels, 3)) / len(logits)
    return y * (g - np.sum(g * y, axis=1, keepdims=True))


def _clipped(logits, labels):  # the gradient of mean -log(clip(p, 1e-7, 1 - 1e-7))
    y = softmax(logits)
    p = y[np.arange(len(y)), labels]
    active = (p > 1e-7) & (p < 1 - 1e-7)  # where the clip is flat, its slope is 0
    return (y - one_hot(labels, 3)) * active[:, None] / len(logits)


GRADIENTS = {
    "right: (y - t) / N": _right,
    "forgot 1/N": _no_mean,
    "max over the whole batch": _batch_max,
    "wrong Jacobian diagonal": _wrong_diagonal,
    "softmax twice": _softmax_twice,
    "log(clip(p, 1e-7))": _clipped,
}

BASE_LOGITS = np.array([[1.0, -0.5, 0.3],
                        [2.2, 0.4, 1.1],
                        [-2.0, -0.3, -1.5],
                        [4.1, 3.0, 3.9]])  # (4, 3): rows at different offsets
BASE_LABELS = np.array([0, 2, 1, 1])


def passes(score):
    """The package's verdict on a gradient-check score: ``score < GRADCHECK_THRESHOLD`` (nan fails)."""
    return bool(score < GRADCHECK_THRESHOLD)


def gradient_errors(scale, logits=BASE_LOGITS, labels=BASE_LABELS):
    """:func:`softmaxlab.gradient_check` score of every claimed gradient at ``scale * logits``.

    Returns a dict name -> score (nan when the implementation produced nan or inf). The step of the
    central differences grows with the scale (``h = 1e-5 * max(1, scale)``), so that it stays small
    relative to the logits; a score is judged with :func:`passes`.

    Examples
    --------
    >>> errors = gradient_errors(1.0)
    >>> passes(errors["right: (y - t) / N"]), round(errors["forgot 1/N"], 3)
    (True, 0.6)
    """
    x = scale * np.asarray(logits, dtype=np.float64)  # (N, C)
    seen = {}  # every claim is checked at the same points x +- h e_i, x +- 2h e_i: the loss is computed once per point

    def loss(v):
        key = v.tobytes()
        if key not in seen:
            seen[key] = cross_entropy(v, labels)
        return seen[key]

    errors = {}
    for name, grad in GRADIENTS.items():
        with np.errstate(all="ignore"):  # the broken ones overflow and divide by zero on purpose
            analytic = grad(x, labels)
        errors[name] = gradient_check(loss, x, analytic, h=1e-5 * max(1.0, scale))
    return errors


class PitfallDetector(LiveWidget):
    """A logit-scale slider; bars show each implementation's gradient-check error (log scale).

    >>> w = PitfallDetector()
    >>> w.scale.value = 500.0
    >>> bool(np.isnan(w.errors["max over the whole batch"]))   # rows far apart: exp underflows to 0/0
    True
    """

    def __init__(self, scale=1.0):
        super().__init__()
        self.scale = widgets.FloatLogSlider(value=scale, base=10, min=-1, max=3, step=0.05,
                                            description="scale", tooltip="scale multiplying every logit",
                                            readout_format=".3g")
        self.readout = widgets.HTML()
        self.fig, self.ax = new_errors_figure()
        self.errors = gradient_errors(scale)
        self.scores = {}  # (scale, implementations) -> their errors: going back to a scale recomputes nothing
        self.artists = draw_gradient_errors(self.ax, self.errors, scale, values_on_bars=False, title=False)
        self.live = LiveFigure(self.fig, self.artists["bars"],
                               alt="Horizontal bar chart, log scale: the gradient-check error of each implementation "
                                   "at the current scale; failing bars hatched; errors and verdicts in the table below.")
        self.children = [self.scale, widgets.HBox([self.live.image]), self.readout]  # HBox: shown at its own size
        self.watch(self.scale)
        self.refresh()

    def update(self):
        scale = self.scale.value
        key = (scale, tuple(GRADIENTS.items()))  # a learner may add or replace an implementation
        if key not in self.scores:
            self.scores[key] = gradient_errors(scale)
        self.errors = dict(self.scores[key])  # a copy: editing w.errors leaves the kept scores alone
        draw_gradient_errors(self.ax, self.errors, scale, artists=self.artists, title=False)
        self.live.redraw(state=key)  # the picture shows these implementations' errors at this scale
        caught = [name for name, err in self.errors.items() if not passes(err)]
        rows = "".join(f"<tr><td>{name}</td><td style='text-align:right; padding-left:1em'><code>"
                       f"{'nan / inf' if np.isnan(err) else format(err, '.1e')}</code></td>"
                       f"<td>{'FAILS' if name in caught else 'passes'}</td></tr>" for name, err in self.errors.items())
        self.readout.value = (f"logits = {self.scale.value:.3g} &times; base logits: the gradient check fails for "
                              f"{len(caught)} of {len(self.errors)}<table>{rows}</table>")
