"""Figure helpers shared by several notebooks."""
import numpy as np
from matplotlib.figure import Figure


def new_figure(width=6.0, height=3.0, ncols=1, nrows=1):
    """A pyplot-free figure and its axes (a single Axes when there is one)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True)
    return fig, axes


def bar_probs(ax, probs, *, labels=None, title=None, color="C0", highlight=None, ylim=(0, 1)):
    """Draw a probability bar chart on `ax`, each bar labelled with its value."""
    probs = np.asarray(probs, dtype=float)
    labels = labels if labels is not None else [f"$y_{i + 1}$" for i in range(len(probs))]
    colors = [("C3" if i == highlight else color) for i in range(len(probs))]
    bars = ax.bar(range(len(probs)), probs, color=colors, tick_label=labels)
    ax.bar_label(bars, labels=[f"{p:.3f}" for p in probs], fontsize=8)
    ax.set_ylim(*ylim)
    if title:
        ax.set_title(title)
    return bars
