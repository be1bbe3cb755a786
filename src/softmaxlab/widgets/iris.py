"""Widgets for notebook 08: a live training monitor and a temperature slider on decision regions."""
import hashlib

import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..losses import cross_entropy
from ..plots._common import new_figure
from ..plots.iris import draw_history, draw_regions, region_grid, region_image
from ..i18n import _
from ..plots._korean import _ as figure_text  # figure words: in Korean only where a Korean font can draw them
from ._live import Accessible, LiveFigure, LiveWidget
from ._readout import check_slider_values


class TrainingMonitor(Accessible, widgets.VBox):
    """A progress bar and a live loss/accuracy plot; pass the monitor as ``train(..., callback=monitor)``.

    Epochs run along x and accuracy from 0.3 to 1; the loss axis is autoscaled: it starts at 0 to
    `max_loss` and, at each redraw, fits 0 to 1.1 times the largest loss seen (so a run starting at
    loss 3, or one ending near 0.05, is readable). A redraw happens every `every` epochs and after
    the last one; only the curves are redrawn unless the loss axis changed.

    >>> monitor = TrainingMonitor(epochs=4, every=2)
    >>> monitor(1, {"loss": [1.0], "acc": [0.5]})
    >>> monitor.progress.value, monitor.redraws
    (1, 0)
    >>> monitor(2, {"loss": [1.0, 0.5], "acc": [0.5, 0.9]})
    >>> monitor.progress.value, monitor.redraws
    (2, 1)
    >>> monitor(4, {"loss": [3.0, 2.0, 1.0, 0.5], "acc": [0.5, 0.6, 0.8, 0.9]})
    >>> [round(float(v), 6) for v in monitor.loss_axis.get_ylim()]   # autoscaled to the largest loss seen
    [0.0, 3.3]
    """

    def __init__(self, epochs, every=10, max_loss=1.2):
        super().__init__()
        self.epochs, self.every, self.redraws = epochs, every, 0
        self.progress = widgets.IntProgress(value=0, min=0, max=epochs, description=_("epoch {epoch}").format(epoch=0))
        self.status = widgets.HTML(_("waiting for the first epoch"))
        self.fig, (ax1, ax2) = new_figure(9, 3.0, ncols=2)
        draw_history(ax1, ax2, {"loss": [], "acc": [], "val_loss": [], "val_acc": []})
        ax1.set(xlim=(0, epochs), ylim=(0, max_loss))
        self.loss_axis = ax1
        ax2.set_xlim(0, epochs)
        self.lines = [*ax1.get_lines(), *ax2.get_lines()]  # training loss, validation loss, training acc, validation acc
        self.live = LiveFigure(self.fig, self.lines, alt=_("Two line charts growing as training runs: loss and "
                                                           "accuracy per epoch, training solid, validation dashed."))
        self.children = [widgets.HBox([self.progress, self.status]), widgets.HBox([self.live.image])]

    def __call__(self, epoch, history):
        self.progress.value = epoch
        self.progress.description = _("epoch {epoch}").format(epoch=epoch)
        if "val_acc" in history:
            text = _("loss {loss:.4f}, accuracy {accuracy:.3f}; validation accuracy {val_accuracy:.3f}").format(
                loss=history["loss"][-1], accuracy=history["acc"][-1], val_accuracy=history["val_acc"][-1])
        else:
            text = _("loss {loss:.4f}, accuracy {accuracy:.3f}").format(loss=history["loss"][-1],
                                                                         accuracy=history["acc"][-1])
        self.status.value = text
        if epoch % self.every == 0 or epoch == self.epochs:
            x = np.arange(1, epoch + 1)
            for line, key in zip(self.lines, ["loss", "val_loss", "acc", "val_acc"]):
                line.set_data(x, history.get(key, [np.nan] * epoch))
            losses = np.concatenate([np.asarray(history[k], float) for k in ("loss", "val_loss") if k in history])
            finite = losses[np.isfinite(losses)]
            top = 1.1 * finite.max() if finite.size and finite.max() > 0 else self.loss_axis.get_ylim()[1]
            rescaled = top != self.loss_axis.get_ylim()[1]
            if rescaled:
                self.loss_axis.set_ylim(0, top)
            self.live.redraw(full=rescaled)
            self.redraws += 1


class DecisionRegionExplorer(LiveWidget):
    """A temperature slider on a trained 2-feature model: the regions' colours and the validation loss respond.

    `model` has ``logits(X)``; `X2` (N, 2) and `labels` (N,) are plotted, `held_out` (N,) bool marks the
    points the readout scores. A picture made before for the same region colours is sent again without drawing.
    """

    def __init__(self, model, X2, labels, held_out, feature_names=("x1", "x2"), temperature=1.0):
        check_slider_values([temperature], 0.1, 10.0, "temperature")
        super().__init__()
        self.model, self.X2, self.labels, self.held_out = model, X2, labels, held_out
        self.temperature = widgets.FloatLogSlider(value=temperature, base=10, min=-1, max=1, step=0.02,
                                                  description="T", tooltip=_("temperature T"), readout_format=".2f")
        self.readout = widgets.HTML()
        self.xx, self.yy = region_grid(X2)
        self.opaque = np.full(self.xx.shape, 255, np.uint8)  # the alpha channel of the regions
        self.fig, self.ax = new_figure(5.2, 4.0)
        self.im, scatters = draw_regions(self.ax, model, X2, labels, self.xx, self.yy, temperature, feature_names,
                                         held_out, title=False)
        self.ax.set_title(figure_text("decision regions (black edge: validation)"), fontsize=10)
        self.live = LiveFigure(self.fig, [self.im, *scatters],
                               alt=_("Decision regions at the current temperature: the plane coloured by predicted "
                                     "class, paler where the model is less sure, with the points as markers per "
                                     "class."))
        self.children = [self.temperature, widgets.HBox([self.live.image]), self.readout]  # HBox: shown at its own size
        self.watch(self.temperature)
        self.refresh()

    def scores(self):
        """Held-out (loss, accuracy, mean max probability) at the current temperature."""
        logits = self.model.logits(self.X2[self.held_out]) / self.temperature.value  # (M, 3)
        labels = self.labels[self.held_out]
        probs = softmax(logits)
        # The prediction is the largest logit (T > 0 keeps the order; probabilities that round to a tie do not)
        accuracy = float(np.mean(logits.argmax(1) == labels))
        return float(cross_entropy(logits, labels)), accuracy, float(probs.max(1).mean())

    def update(self):
        T = self.temperature.value
        colors = region_image(self.model, self.xx, self.yy, T)  # (ny, nx, 3) uint8
        self.im.set_data(np.dstack([colors, self.opaque]))  # RGBA is drawn as it is; RGB is converted first (5 ms)
        # The picture depends on these colours alone (the rest is fixed): one seen before is sent as it was made.
        self.live.redraw(state=hashlib.sha1(colors).digest())
        loss, acc, conf = self.scores()
        self.readout.value = _("T = {T:.2f} &nbsp; validation: loss {loss:.4f} &nbsp; accuracy {accuracy:.3f} &nbsp; "
                               "mean confidence {confidence:.3f}").format(T=T, loss=loss, accuracy=acc, confidence=conf)
