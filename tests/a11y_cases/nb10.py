"""Accessibility cases of notebook 10 (soft targets and KL): its figures' colours, its figures, its widget."""
import numpy as np

from softmaxlab.plots import palette

COLOR_SETS = {
    "10 loss floor: one-hot / smoothed / floor / optimum": (palette.BLUE, palette.VERMILLION, palette.TEXT_GREY,
                                                            palette.BLACK),
    "10 distillation norm: with / without T^2": (palette.BLUE, palette.VERMILLION),
}


def figures():
    from softmaxlab.plots.soft_targets import distillation_norm_figure, smoothing_floor_figure, soft_target_bars_figure
    temperatures = np.arange(1.0, 6.0)
    return {
        "10 smoothing_floor_figure": smoothing_floor_figure(10, 0.1),
        "10 soft_target_bars_figure": soft_target_bars_figure([3.0, 1.0, 0.2, -1.0], 0, eps=0.1, T=2.0),
        "10 distillation_norm_figure": distillation_norm_figure(temperatures, 0.5 + 0.01 * temperatures,
                                                                0.5 / temperatures**2),
    }


def widgets():
    from softmaxlab.widgets.soft_targets import SmoothingExplorer
    return {"SmoothingExplorer": SmoothingExplorer()}
