"""Figures for notebook 12: reliability diagrams before and after temperature scaling, and ECE against the bin count."""
import numpy as np
from matplotlib.patches import Patch

from ..calibration import expected_calibration_error, reliability_bins
from . import palette
from ._common import describe, new_figure


def draw_reliability(ax):
    """Empty artists of a reliability diagram on `ax`; fill them with :func:`set_reliability`.

    Returns a dict: ``"accuracy"`` (one step patch of bars, blue), ``"gap"`` (one hatched step patch from each bar's
    accuracy up or down to the bin's mean confidence, vermillion) and ``"confidence"`` (black diamonds at each bin's
    mean confidence). One artist per kind, whatever the number of bins, so a live redraw stays cheap.
    The diagonal "perfect calibration" is drawn once, dotted grey.
    """
    ax.plot([0, 1], [0, 1], ":", color=palette.TEXT_GREY, lw=1.2, label="perfect calibration")
    edges, zeros = np.array([0.0, 1.0]), np.zeros(1)
    accuracy = ax.stairs(zeros, edges, fill=True, color=palette.BLUE, label="accuracy in the bin")
    gap = ax.stairs(zeros, edges, baseline=zeros, fill=True, facecolor="none", edgecolor=palette.VERMILLION,
                    hatch="//", lw=0.8, label="gap to the mean confidence")
    (confidence,) = ax.plot([], [], "D", color=palette.BLACK, ms=4, ls="none", label="mean confidence")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence (predicted class's probability)", ylabel="accuracy")
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
    handles += [Patch(facecolor=palette.BLUE, label="accuracy in the bin"),
                Patch(facecolor="none", edgecolor=palette.VERMILLION, hatch="//", label="gap to the mean confidence")]
    return ax.legend(handles=handles, **kwargs)


def _check_panels(panels, labels):
    if not isinstance(panels, dict) or not panels:
        raise ValueError("panels must be a non-empty dict {title: probs (N, C)}")
    for title, probs in panels.items():
        if np.shape(probs)[:1] != np.shape(labels):
            raise ValueError(f"panel {title!r}: probs has shape {np.shape(probs)}, labels {np.shape(labels)}; "
                             "one row of probs per label")


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
        ax.set_title(f"{title}\nECE = {ece:.3f} ({n_bins} bins)", fontsize=9)
        probs = np.asarray(probs, dtype=float)
        conf, acc = probs.max(axis=1).mean(), np.mean(probs.argmax(axis=1) == np.asarray(labels))
        sentences.append(f"{title}: mean confidence {conf:.3f}, accuracy {acc:.3f}, ECE {ece:.3f}")
    reliability_legend(axes[0], fontsize=7, loc="upper left")
    return describe(fig, f"Reliability diagrams of {len(labels)} samples in {n_bins} equal-width confidence bins "
                         f"(bars: accuracy in each bin; hatched: the gap up or down to the bin's mean confidence, "
                         f"diamonds; dotted: the diagonal of perfect calibration). " + "; ".join(sentences) + ".")


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
        raise ValueError(f"eces must map each name to {len(bin_counts)} values, one per bin count")
    fig, ax = new_figure(5.5, 3.0)
    sentences = []
    for (name, values), marker in zip(eces.items(), palette.MARKERS):
        values = np.asarray(values, dtype=float)
        ax.plot(bin_counts, values, marker=marker, ms=5, label=name)
        sentences.append(f"{name} from {values[0]:.3f} to {values[-1]:.3f}")
    ax.set(xscale="log", xlabel="number of bins", ylabel="ECE", ylim=(0, None),
           title="The same predictions, binned more finely")
    ax.set_xticks(bin_counts, [str(b) for b in bin_counts])
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return describe(fig, f"ECE of the same test predictions against the number of bins "
                         f"({', '.join(str(b) for b in bin_counts)}): " + "; ".join(sentences) + ".")
