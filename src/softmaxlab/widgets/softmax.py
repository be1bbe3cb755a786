"""Widgets for notebook 01 (and the preview in 00): logits and temperature -> probabilities."""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..plots import bar_probs, describe, new_figure
from ._live import LiveFigure, LiveWidget, logit_sliders

YLIM = (0, 1.12)  # room above a bar of height 1 for its label


class SoftmaxExplorer(LiveWidget):
    """Sliders for 3 to 10 logits and a temperature T; shows softmax(a / T) as bars.

    >>> w = SoftmaxExplorer([2.0, 1.0, 0.1])
    >>> w.probs.round(3)
    array([0.659, 0.242, 0.099])
    >>> w.temperature.value = 100.0       # hot: nearly uniform
    >>> w.probs.round(3)
    array([0.337, 0.333, 0.33 ])
    """

    def __init__(self, logits=(2.0, 1.0, 0.1), temperature=1.0):
        if not 3 <= len(logits) <= 10:
            raise ValueError(f"SoftmaxExplorer takes 3 to 10 logits, got {len(logits)}")
        super().__init__()
        self.sliders = logit_sliders(logits)
        self.temperature = widgets.FloatLogSlider(value=temperature, base=10, min=-2, max=2, step=0.05,
                                                  description="T", tooltip="temperature T", readout_format=".2f")
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(5, 2.6)
        self.bars = bar_probs(self.ax, self.probs, title="softmax(a / T)", ylim=YLIM)  # T: on its slider and below
        self.labels = self.ax.texts[-len(self.sliders):]
        self.live = LiveFigure(self.fig, animated=[*self.bars, *self.labels],
                               alt="Bar chart of softmax(a / T), one bar per class, for the logits and temperature "
                                   "set by the sliders; the probabilities are also written below it.")
        controls = widgets.VBox([*self.sliders, self.temperature])
        self.children = [widgets.HBox([controls, self.live.image]), self.readout]
        self.watch(*self.sliders, self.temperature)
        self.refresh()

    @property
    def probs(self):
        return softmax(self.logits / self.temperature.value)

    def update(self):
        probs = self.probs
        for bar, label, p in zip(self.bars, self.labels, probs):  # move the artists, do not rebuild them
            bar.set_height(p)
            label.set_text(f"{p:.3f}")
            label.xy = (bar.get_x() + bar.get_width() / 2, p)
            label.stale = True  # xy has no setter to mark it changed (LiveFigure repaints what is stale)
        self.live.redraw()
        self.readout.value = (f"T = {self.temperature.value:.2f} &nbsp; y = [" + ", ".join(f"{p:.3f}" for p in probs)
                              + f"] &nbsp; sum = {probs.sum():.6f} &nbsp; argmax = a{probs.argmax() + 1}")


def softmax_figure(logits, temperature=1.0):
    """The static figure of what SoftmaxExplorer shows at these settings."""
    fig, ax = new_figure(5, 2.6)
    probs = softmax(np.asarray(logits, dtype=float) / temperature)
    bar_probs(ax, probs, title=f"softmax(a / T), T = {temperature:.2f}", ylim=YLIM)
    return describe(fig, f"Bar chart of softmax(a / T) at T = {temperature:.2f} for logits "
                         f"({', '.join(f'{v:g}' for v in logits)}): ({', '.join(f'{p:.3f}' for p in probs)}).")
