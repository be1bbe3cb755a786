"""Accessibility cases of notebook 11 (class weights and ignored targets)."""
import numpy as np

from softmaxlab.plots import palette
from softmaxlab.plots.weights import SERIES, accumulation_figure, row_shares_figure
from softmaxlab.widgets.weights import WeightsExplorer

COLOR_SETS = {
    "11 weight share / gradient share / ignored": tuple(colour for colour, _ in SERIES.values()),
    "11 micro-batch bars / token mean / mean of means": (palette.SKY_BLUE, palette.BLUE, palette.VERMILLION),
}


def figures():
    logits = np.array([[2.0, 0.5, -1.0], [0.0, 1.0, 2.0], [1.0, 0.0, 0.5], [0.5, 1.5, 0.0]])
    return {"11 row shares": row_shares_figure(logits, [0, -100, 2, 1], weight=[1.0, 4.0, 0.5]),
            "11 accumulation": accumulation_figure([0.42, 2.66, 1.27, 1.66], [30, 3, 21, 8])}


def widgets():
    return {"WeightsExplorer": WeightsExplorer()}
