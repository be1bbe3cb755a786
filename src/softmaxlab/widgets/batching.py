"""Widget for notebook 03: which entries of a batch a reduction spans, and the shape it leaves."""
import ipywidgets as widgets
import numpy as np

from ..plots import new_figure
from ..plots.batching import ReductionView, describe_reduction, draw_reduction, reduce
from ..i18n import _, ngettext
from ._live import LiveFigure, LiveWidget
from .softmax import clamp_note, notes_html, number

N_MAX, C_MAX = 5, 6


def example_batch(seed=0):
    """The (N_MAX, C_MAX) table of small integers the explorer slices its batch from."""
    return np.random.default_rng(seed).integers(-9, 10, size=(N_MAX, C_MAX))


def broadcast_note(x_shape, r_shape, axis):
    """What ``x - r`` does for these shapes, in words."""
    try:
        shape = np.broadcast_shapes(x_shape, r_shape)
    except ValueError:
        return _("x - r: error, shapes {x_shape} and {r_shape} do not broadcast").format(x_shape=x_shape, r_shape=r_shape)
    if len(r_shape) == 1 and axis in (1, -1) and x_shape[0] == 1:
        return _("x - r: shape {shape}, right: with one row, the (1,) result is that row's own value, "
                 "subtracted from every entry of the row").format(shape=shape)
    if len(r_shape) == 1 and axis in (1, -1):
        return _("x - r: shape {shape}, no error, but WRONG: the (N,) result lines up with the columns, "
                 "so row i's value is subtracted from column i").format(shape=shape)
    return f"x - r: shape {shape}"  # i18n: no


class AxisExplorer(LiveWidget):
    """A batch x (N, C) of small integers; pick the axis, keepdims and an output entry.

    The left grid highlights the entries that output entry spans; the right grid is the result
    in its own shape; the readout gives the shapes and what ``x - result`` broadcasts to.

    >>> w = AxisExplorer()
    >>> w.axis.value = 0
    >>> w.keepdims.value = False
    >>> w.result.shape
    (3,)
    """

    def __init__(self, N=4, C=3, seed=0):
        for name, value in (("N", N), ("C", C)):
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
                raise TypeError(_("{name} must be an integer, got {value!r}").format(name=name, value=value))
        super().__init__()
        self.table = example_batch(seed)  # (N_MAX, C_MAX)
        self.N = widgets.IntSlider(value=N, min=1, max=N_MAX, description=_("N (rows)"),
                                   tooltip=_("number of rows N of the batch"))
        self.C = widgets.IntSlider(value=C, min=2, max=C_MAX, description=_("C (cols)"),
                                   tooltip=_("number of columns C (classes)"))
        self.op = widgets.ToggleButtons(options=["max", "sum"], value="max", description=_("reduce"),
                                       tooltip=_("reduce with max or sum"),
                                       style={"description_width": "initial"})
        self.axis = widgets.ToggleButtons(options=[("axis=0", 0), ("axis=1", 1), ("axis=None", None)], value=1,
                                          description=_("axis"), tooltip=_("axis to reduce over"),
                                          style={"description_width": "initial"})
        self.keepdims = widgets.Checkbox(value=True, description="keepdims=True")  # i18n: no
        self.index = widgets.IntSlider(value=0, min=0, max=N - 1, description=_("output #"),
                                       tooltip=_("which output entry to highlight"))
        self.clamped = {self.N: clamp_note(N, self.N, "N"), self.C: clamp_note(C, self.C, "C")}
        self.readout = widgets.HTML()
        self.fig, (self.ax_in, self.ax_out) = new_figure(6, 2.6, ncols=2)
        self.view = ReductionView(self.ax_in, self.ax_out, N_MAX, C_MAX)
        self._draw()
        self.live = LiveFigure(self.fig, alt=_("Two grids: the batch x with the entries the highlighted output reduces "
                                               "over outlined, and the result in its own shape; shapes in the readout."))
        controls = widgets.VBox([self.N, self.C, self.op, self.axis, self.keepdims, self.index])
        self.children = [widgets.HBox([controls, self.live.image]), self.readout]
        self._syncing = False
        self.watch(self.N, self.C, self.op, self.axis, self.keepdims, self.index)
        self.refresh()

    @property
    def x(self):
        return self.table[:self.N.value, :self.C.value]  # (N, C)

    @property
    def result(self):
        return reduce(self.x, self.op.value, self.axis.value, self.keepdims.value)

    def refresh(self, change=None):
        if self._syncing:  # the index slider's range is being adjusted: one redraw is enough
            return
        self._syncing = True
        try:
            self.index.max = max(self.result.size - 1, 0)
        finally:
            self._syncing = False
        super().refresh(change)

    def _draw(self):
        return self.view.show(self.x, self.op.value, self.axis.value, self.keepdims.value, self.index.value)

    def update(self):
        result = self._draw()
        # The picture depends on these alone: one made before is sent again without drawing.
        self.live.redraw(state=(self.N.value, self.C.value, self.op.value, self.axis.value, self.keepdims.value,
                                self.index.value))
        x = self.x
        call = f"x.{self.op.value}(axis={self.axis.value}" + (", keepdims=True)" if self.keepdims.value else ")")  # i18n: no
        outputs = ngettext("{n} output", "{n} outputs", result.size).format(n=result.size)
        self.readout.value = (_("x has shape {shape}; r = {call} has shape <b>{result_shape}</b> &nbsp; ({outputs}; "
                                "output #{index} = {value})<br>").format(
                                  shape=x.shape, call=call, result_shape=result.shape, outputs=outputs,
                                  index=self.index.value, value=number(result.flat[self.index.value], "g"))
                              + broadcast_note(x.shape, result.shape, self.axis.value)
                              + notes_html(self.clamped.values()))


def axis_explorer_figure(N=4, C=3, op="max", axis=1, keepdims=True, index=0, seed=0):
    """The static figure of what AxisExplorer shows at these settings."""
    fig, (ax_in, ax_out) = new_figure(6, 2.6, ncols=2)
    x = example_batch(seed)[:N, :C]
    draw_reduction(ax_in, ax_out, x, op, axis, keepdims, index, rows_max=N_MAX, cols_max=C_MAX)
    return describe_reduction(fig, x, op, axis, keepdims, index)
