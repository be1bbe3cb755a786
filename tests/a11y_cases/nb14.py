"""Accessibility cases of notebook 14 (online softmax)."""
import numpy as np

from softmaxlab.plots import palette

COLOR_SETS = {
    "14 tiles (score bars, running max, running sum, tile highlight)": (palette.SKY_BLUE, palette.VERMILLION,
                                                                         palette.BLUE, palette.ORANGE),
    "14 accumulators (bfloat16, float16, float32)": (palette.VERMILLION, palette.ORANGE, palette.BLUE),
}


def figures():
    from softmaxlab.plots.online import accumulation_figure, online_softmax_figure

    scores = np.array([1.0, -0.5, 2.0, 0.3, 3.5, 1.2, -1.0, 0.8, 0.2, 5.0])
    terms = np.exp(np.random.default_rng(0).normal(size=300) - 3)
    return {"14 online pass": online_softmax_figure(scores, 4), "14 accumulation": accumulation_figure(terms)}


def widgets():
    from softmaxlab.widgets.online import TileStepper

    return {"TileStepper": TileStepper([1.0, -0.5, 2.0, 0.3, 3.5, 1.2, -1.0, 0.8], tile=3)}
