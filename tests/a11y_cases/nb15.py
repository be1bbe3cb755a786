"""Accessibility cases of notebook 15 (sampling)."""
import numpy as np

from softmaxlab.plots import palette

COLOR_SETS = {
    "15 filters (kept, removed, running sum, threshold)": (palette.BLUE, palette.LIGHT_GREY, palette.VERMILLION,
                                                           palette.BLACK),
    "15 kept counts (top-k, top-p, min-p)": (palette.BLUE, palette.VERMILLION, palette.GREEN),
    "15 Gumbel-max (probability, frequency)": (palette.BLUE, palette.ORANGE),
    "15 smooth max (max, T = 1, 0.5, 0.25)": (palette.BLACK, palette.BLUE, palette.VERMILLION, palette.GREEN),
}


def figures():
    from softmaxlab.activations import softmax
    from softmaxlab.plots.sampling import (LOGITS, filters_figure, gumbel_figure, smooth_max_figure,
                                           temperature_order_figure)
    from softmaxlab.sampling import gumbel_max_sample

    draws = gumbel_max_sample(np.array(LOGITS), np.random.default_rng(0), size=2000)
    return {"15 filters": filters_figure(), "15 temperature order": temperature_order_figure(),
            "15 Gumbel-max": gumbel_figure(softmax(np.array(LOGITS)), draws), "15 smooth max": smooth_max_figure()}


def widgets():
    from softmaxlab.widgets.sampling import SamplingExplorer

    return {"SamplingExplorer": SamplingExplorer(p=0.9)}
