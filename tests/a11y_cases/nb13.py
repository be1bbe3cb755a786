"""Accessibility cases of notebook 13 (softmax in attention)."""
import numpy as np

from softmaxlab.plots import palette

COLOR_SETS = {
    "13 scaling lines (no scaling, with 1/sqrt(d), uniform 1/S)": (palette.VERMILLION, palette.BLUE, palette.TEXT_GREY),
    "13 mask heatmap (kept weight fill, masked cell, hatch)": (palette.SKY_BLUE, palette.LIGHT_GREY, palette.GREY),
}


def figures():
    from softmaxlab.attention import causal_mask
    from softmaxlab.plots.attention import mask_figure, scaling_figure

    keep = causal_mask(4).copy()
    keep[1] = False
    scores = np.arange(16.0).reshape(4, 4) % 5 - 2
    return {"13 scaling": scaling_figure(dims=(1, 16, 256), L=32), "13 mask": mask_figure(scores, keep)}


def widgets():
    from softmaxlab.widgets.attention import MaskGrid, ScaleExplorer

    return {"ScaleExplorer": ScaleExplorer(), "MaskGrid": MaskGrid()}
