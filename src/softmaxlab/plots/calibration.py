"""Figures for notebook 12: reliability diagrams before and after temperature scaling, and ECE against the bin count."""
import numpy as np
from matplotlib.patches import Patch

from .. import i18n
from ..calibration import expected_calibration_error, reliability_bins
from . import palette
from ._korean import _
from ._common import describe, new_figure


def draw_reliability(ax):
    """Empty artists of a reliability diagram on `ax`; fill them with :func:`set_reliability`.

    Returns a dict: ``"accuracy"`` (one step patch of bars, blue), ``"gap"`` (one hatched step patch from each bar's
    accuracy up or down to the bin's mean confidence, vermillion) and ``"confidence"`` (black diamonds at each bin's
    mean confidence). One artist per kind, whatever the number of bins, so a live redraw stays cheap.
    The diagonal "perfect calibration" is drawn once, dotted grey.
    """
    ax.plot([0, 1], [0, 1], ":", color=palette.TEXT_GREY, lw=1.2, label=_("perfect calibration"))
    edges, zeros = np.array([0.0, 1.0]), np.zeros(1)
    accuracy = ax.stairs(zeros, edges, fill=True, color=palette.BLUE, label=_("accuracy in the bin"))
    gap = ax.stairs(zeros, edges, baseline=zeros, fill=True, facecolor="none", edgecolor=palette.VERMILLION,
                    hatch="//", lw=0.8, label=_("gap to the mean confidence"))
    (confidence,) = ax.plot([], [], "D", color=palette.BLACK, ms=4, ls="none", label=_("mean confidence"))
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel=_("confidence (predicted class's probability)"), ylabel=_("accuracy"))
    ax.set_aspect("equal", adjustable="box")
    return {"accuracy": accuracy, "gap": gap, "confidence": confidence}


def set_reliability(artists, bins):
    """Move the artists of :func:`draw_reliability` to show `bins` (a :class:`~softmaxlab.calibration.ReliabilityBins`).

    An empty bin gets no bar and no gap (height 0), and no diamond.
    """
    full = bins.counts > 0
    accuracy = np.where(full, bins.accuracy, 0.0)  # (n_bins,)
    confidence = np.where(full, bins.confidence, 0.0)
    artists["accuracy"].set_data(accuracy, bins.edges)
    artists["gap"].set_data(confidence, bins.edges, baseline=accuracy)
    centres = (bins.edges[:-1] + bins.edges[1:]) / 2
    artists["confidence"].set_data(centres[full], bins.confidence[full])


def reliability_legend(ax, **kwargs):
    """The legend of :func:`draw_reliability`, with stand-in patches (a step patch's own key is an outline)."""
    handles = [h for h in ax.get_lines()[:2]]  # the diagonal and the diamonds
    handles += [Patch(facecolor=palette.BLUE, label=_("accuracy in the bin")),
                Patch(facecolor="none", edgecolor=palette.VERMILLION, hatch="//", label=_("gap to the mean confidence"))]
    return ax.legend(handles=handles, **kwargs)


def _check_panels(panels, labels):
    if not isinstance(panels, dict) or not panels:
        raise ValueError(i18n._("panels must be a non-empty dict {title: probs (N, C)}"))
    for title, probs in panels.items():
        if np.shape(probs)[:1] != np.shape(labels):
            raise ValueError(i18n._("panel {title!r}: probs has shape {probs_shape}, labels {labels_shape}; one row of "
                                    "probs per label").format(title=title, probs_shape=np.shape(probs),
                                                              labels_shape=np.shape(labels)))


def reliability_figure(panels, labels, n_bins=10):
    """Reliability diagrams side by side, one per entry of `panels`, with each one's ECE in its title.

    Parameters
    ----------
    panels : dict
        ``{title: probs}``, each probs of shape (N, C) for the same `labels`.
    labels : array_like of int, shape (N,)
    n_bins : int
        Equal-width bins on [0, 1] (see :func:`softmaxlab.calibration.reliability_bins`).

    Raises
    ------
    ValueError
        No panel, or probs and labels of different lengths (and the errors of :func:`reliability_bins`).
    """
    _check_panels(panels, labels)
    fig, axes = new_figure(3.2 * len(panels), 3.4, ncols=len(panels))
    axes = np.atleast_1d(axes)
    sentences = []
    for ax, (title, probs) in zip(axes, panels.items()):
        bins = reliability_bins(probs, labels, n_bins)
        ece = expected_calibration_error(probs, labels, n_bins)
        artists = draw_reliability(ax)
        set_reliability(artists, bins)
        ax.set_title(_("{title}\nECE = {ece:.3f} ({n_bins} bins)").format(title=title, ece=ece, n_bins=n_bins),
                     fontsize=9)
        probs = np.asarray(probs, dtype=float)
        conf, acc = probs.max(axis=1).mean(), np.mean(probs.argmax(axis=1) == np.asarray(labels))
        sentences.append(i18n._("{title}: mean confidence {confidence:.3f}, accuracy {accuracy:.3f}, ECE {ece:.3f}")
                         .format(title=title, confidence=conf, accuracy=acc, ece=ece))
    reliability_legend(axes[0], fontsize=7, loc="upper left")  # i18n: no
    return describe(fig, i18n._(
        "Reliability diagrams of {N} samples in {n_bins} equal-width confidence bins (bars: accuracy in each bin; "
        "hatched: the gap up or down to the bin's mean confidence, diamonds; dotted: the diagonal of perfect "
        "calibration). {panels}.").format(N=len(labels), n_bins=n_bins, panels="; ".join(sentences)))


def ece_bins_figure(bin_counts, eces):
    """ECE against the number of bins, one line per model: the estimate moves with the binning.

    Parameters
    ----------
    bin_counts : sequence of int
    eces : dict
        ``{name: sequence of ECE}``, one ECE per entry of `bin_counts`.
    """
    bin_counts = np.asarray(bin_counts)
    if not eces or any(len(v) != len(bin_counts) for v in eces.values()):
        raise ValueError(i18n._("eces must map each name to {n} values, one per bin count").format(n=len(bin_counts)))
    fig, ax = new_figure(5.5, 3.0)
    sentences = []
    for (name, values), marker in zip(eces.items(), palette.MARKERS):
        values = np.asarray(values, dtype=float)
        ax.plot(bin_counts, values, marker=marker, ms=5, label=name)
        sentences.append(i18n._("{name} from {first:.3f} to {last:.3f}").format(name=name, first=values[0], last=values[-1]))
    ax.set(xscale="log", xlabel=_("number of bins"), ylabel="ECE", ylim=(0, None),  # i18n: no
           title=_("The same predictions, binned more finely"))
    ax.set_xticks(bin_counts, [str(b) for b in bin_counts])
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return describe(fig, i18n._("ECE of the same test predictions against the number of bins ({counts}): {models}.").format(
        counts=", ".join(str(b) for b in bin_counts), models="; ".join(sentences)))
