"""Widgets for notebook 01 (and the preview in 00): logits and temperature -> probabilities."""
import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..plots import bar_probs, describe, new_figure
from ..i18n import _
from ._live import LiveFigure, LiveWidget, logit_sliders

YLIM = (0, 1.12)  # room above a bar of height 1 for its label


def number(value, spec):
    """`value` formatted with `spec`; nan and inf in words, and a value that rounds to zero without a minus sign.

    >>> number(-0.0, ".4f"), number(-1e-9, "+.3f"), number(float("nan"), ".3f"), number(0.25, ".3f")
    ('0.0000', '+0.000', 'nan', '0.250')
    """
    value = float(value)
    if not np.isfinite(value):
        return "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    text = format(value, spec)
    if float(text) == 0:  # -0.000 says nothing a reader can use: 0.000 (with + when the spec asks for a sign)
        text = format(0.0, spec)
    return text


def finite_values(values, what):
    """`values` as a 1-D float array; ValueError naming the first entry that is not a finite number."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1:
        raise ValueError(_("{what} must be a list of numbers, got shape {shape}").format(what=what, shape=values.shape))
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise ValueError(_("{what} must be finite numbers; entry {index} is {value}").format(
            what=what, index=bad[0], value=values[bad[0]]))
    return values


def clamp_note(given, slider, name):
    """A sentence saying that `slider` clamped the value it was `given` (None when it did not clamp it)."""
    if slider.min <= given <= slider.max:
        return None
    return _("{name} = {given:g} is outside the slider's range [{low:g}, {high:g}]: set to {value:g}").format(
        name=name, given=given, low=slider.min, high=slider.max, value=slider.value)


def notes_html(notes):
    """Clamp notes as readout HTML (empty when there are none)."""
    notes = [n for n in notes if n]
    return "" if not notes else _("<br>Note: {notes}.").format(notes="; ".join(notes))


def argmax_words(values, prefix="a"):
    """'a2', or 'a1 and a3 (a tie)' when several entries share the largest value.

    >>> argmax_words(np.array([0.2, 0.4, 0.4]))
    'a2 and a3 (a tie)'
    """
    top = np.flatnonzero(values == values.max())
    names = [f"{prefix}{i + 1}" for i in top]
    if len(names) == 1:
        return names[0]
    # TRANSLATORS: {names}: "a1" or "a1, a2"; {last}: "a3" (the tied largest entries)
    return _("{names} and {last} (a tie)").format(names=", ".join(names[:-1]), last=names[-1])


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
        logits = finite_values(logits, "logits")
        if not 3 <= len(logits) <= 10:
            raise ValueError(_("SoftmaxExplorer takes 3 to 10 logits, got {n}").format(n=len(logits)))
        if not (np.isfinite(temperature) and temperature > 0):
            raise ValueError(_("the temperature must be a positive number, got {temperature}").format(temperature=temperature))
        super().__init__()
        self.sliders = logit_sliders(logits)
        self.temperature = widgets.FloatLogSlider(value=temperature, base=10, min=-2, max=2, step=0.05,
                                                  description="T", tooltip=_("temperature T"), readout_format=".2f")
        # the sliders clamp what is out of their range: say so (until the learner moves that slider)
        self.clamped = {s: clamp_note(v, s, s.description) for s, v in zip(self.sliders, logits)}
        self.clamped[self.temperature] = (None if 0.01 <= temperature <= 100 else
                                          _("T = {given:g} is outside the slider's range [0.01, 100]: "
                                            "set to {value:g}").format(given=temperature,
                                                                       value=self.temperature.value))
        self.readout = widgets.HTML()
        self.fig, self.ax = new_figure(5, 2.6)
        self.bars = bar_probs(self.ax, self.probs, title="softmax(a / T)", ylim=YLIM)  # i18n: no (T: on its slider and below)
        self.labels = self.ax.texts[-len(self.sliders):]
        self.live = LiveFigure(self.fig, animated=[*self.bars, *self.labels],
                               alt=_("Bar chart of softmax(a / T), one bar per class, for the logits and temperature "
                                     "set by the sliders; the probabilities are also written below it."))
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
        self.readout.value = (_("T = {temperature:.2f} &nbsp; y = [{probs}] &nbsp; sum = {total:.6f} &nbsp; argmax = {argmax}")
                              .format(temperature=self.temperature.value, probs=", ".join(number(p, ".3f") for p in probs),
                                      total=probs.sum(), argmax=argmax_words(self.logits))
                              + notes_html(self.clamped.values()))

    def refresh(self, change=None):
        if change is not None and change.get("owner") in self.clamped:  # moved by the learner: the note is stale
            self.clamped[change["owner"]] = None
        super().refresh(change)


def softmax_figure(logits, temperature=1.0):
    """The static figure of what SoftmaxExplorer shows at these settings."""
    fig, ax = new_figure(5, 2.6)
    probs = softmax(np.asarray(logits, dtype=float) / temperature)
    bar_probs(ax, probs, title=f"softmax(a / T), T = {temperature:.2f}", ylim=YLIM)  # i18n: no
    return describe(fig, _("Bar chart of softmax(a / T) at T = {temperature:.2f} for logits ({logits}): ({probs}).").format(
        temperature=temperature, logits=", ".join(f"{v:g}" for v in logits), probs=", ".join(f"{p:.3f}" for p in probs)))
