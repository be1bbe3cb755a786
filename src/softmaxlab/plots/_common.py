"""Figure helpers shared by several notebooks: the figure class with an alt text, axes, probability bars."""
import matplotlib.figure
import numpy as np

from .. import i18n
from . import palette
from ._korean import use_korean_font


class Figure(matplotlib.figure.Figure):
    """A pyplot-free matplotlib figure that carries a short alt text, ``fig.alt``.

    Shown in a notebook (``%matplotlib inline``) it is the usual PNG; the alt text goes
    into that output's metadata as ``{"image/png": {"alt": ...}}``, the key nbconvert's
    templates read for an ``<img alt=...>`` (the HTML pages and slides of ``tools/``).
    Only the metadata comes from here: the PNG itself is still made by the inline backend.
    Set it with :func:`describe`.
    """

    alt = ""

    def draw(self, renderer):
        use_korean_font(self)  # in Korean: NanumGothic as every text's fallback font (Hangul only comes from it)
        super().draw(renderer)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # IPython merges this metadata with the PNG its own formatter renders.
        return {}, ({"image/png": {"alt": self.alt}} if self.alt else {})


def describe(fig, alt):
    """Give `fig` a short alt text saying what it shows; returns `fig`.

    Parameters
    ----------
    fig : Figure
        A figure made by :func:`new_figure` (or any :class:`Figure` of this module).
    alt : str
        One or two plain sentences for a reader who cannot see the picture.

    Raises
    ------
    TypeError
        If `fig` is not a softmaxlab :class:`Figure`, or `alt` is not a non-empty string.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> describe(fig, "An empty plot.").alt
    'An empty plot.'
    """
    if not isinstance(fig, Figure):
        raise TypeError(i18n._("describe() needs a softmaxlab.plots Figure (from new_figure), got {type}").format(
            type=type(fig).__name__))
    if not isinstance(alt, str) or not alt.strip():
        raise TypeError(i18n._("the alt text must be a non-empty string, got {alt!r}").format(alt=alt))
    fig.alt = alt.strip()
    return fig


def new_figure(width=6.0, height=3.0, ncols=1, nrows=1):
    """A pyplot-free figure and its axes (a single Axes when there is one).

    Every Axes cycles through the course palette with a line style per series
    (:func:`softmaxlab.plots.palette.prop_cycle`); nothing global is changed.
    """
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True)
    for ax in np.atleast_1d(axes).ravel():
        ax.set_prop_cycle(palette.prop_cycle())
    return fig, axes


def bar_probs(ax, probs, *, labels=None, title=None, color=palette.BLUE, highlight=None, ylim=(0, 1)):
    """Draw a probability bar chart on `ax`, each bar labelled with its value.

    A `highlight` bar is vermillion and hatched, so it stands out without colour too.
    """
    probs = np.asarray(probs, dtype=float)
    labels = labels if labels is not None else [f"$y_{i + 1}$" for i in range(len(probs))]
    colors = [(palette.VERMILLION if i == highlight else color) for i in range(len(probs))]
    bars = ax.bar(range(len(probs)), probs, color=colors, tick_label=labels)
    if highlight is not None:
        bars[highlight].set_hatch("//")
    ax.bar_label(bars, labels=[f"{p:.3f}" for p in probs], fontsize=8)
    ax.set_ylim(*ylim)
    if title:
        ax.set_title(title)
    return bars
