"""Figure for notebook 05: the softmax + cross-entropy graph with forward values and backward gradients."""
from matplotlib.patches import Ellipse, FancyBboxPatch
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import offset_copy

from .. import i18n
from ..graph import OPS, CrossEntropyGraph
from . import palette
from ._korean import _
from ._common import Figure, describe

GRAD_COLOR = palette.TEXT_RED
ROWS = (4.4, 2.6, 0.8)  # the height of class 1, 2, 3
SPACE_EM = 0.318  # the width of a space in DejaVu Sans, in em: between "y1 =" and its number
NUMBER_EM = 3.7  # the width of a typical number (-0.341) in DejaVu Sans, in em


def _positions(C):
    """(x, y) of every node for C = 3 classes; S and 1/S sit below the class rows."""
    pos = {"S": (2.9, -0.9), "r": (4.3, -0.9), "s": (11.0, ROWS[1]), "m": (11.8, ROWS[1] + 1.1), "L": (12.6, ROWS[1])}
    for i, row in zip(range(1, C + 1), ROWS):
        pos.update({f"a{i}": (-0.1, row), f"e{i}": (1.8, row), f"y{i}": (5.6, row), f"l{i}": (7.3, row),
                    f"t{i}": (8.3, row + 0.95), f"p{i}": (8.9, row)})
    return pos


def _label_place(name):
    """(dx, dy, ha, va) of a node's labels: on the side of the node that no edge leaves from.

    e_i send an edge down-right to S, so their labels sit below-left; y_i receive one from
    below-left (from 1/S), so theirs sit below-right; the constants t_i carry theirs on the left.
    """
    if name == "p1":  # p1 sends its edge down-right to s: label above-right, where nothing is
        return 0.2, 0.42, "left", "bottom"
    kind = name.rstrip("0123456789")
    return {"e": (-0.2, -0.42, "right", "top"), "y": (0.2, -0.42, "left", "top"),
            "t": (-0.4, 0.15, "right", "top"), "p": (0.2, -0.42, "left", "top")}.get(kind, (0.0, -0.47, "center", "top"))


def _named_number(ax, x, y, lead, ha, va, **style):
    """A label "lead <number>" as two texts: `lead` (fixed: drawn once) and the number just after it (empty
    until written); returns both. A centred label is placed as if its number had a typical width."""
    size = style["fontsize"]
    font = FontProperties(size=size, weight=style.get("fontweight", "normal"))
    lead_width = RendererAgg(1, 1, 72).get_text_width_height_descent(lead, font, ismath=False)[0]  # points at 72 dpi
    start = -{"left": 0.0, "center": 0.5}[ha] * (lead_width + (SPACE_EM + NUMBER_EM) * size)
    at = lambda points: offset_copy(ax.transData, ax.figure, x=points, units="points")  # noqa: E731
    fixed = ax.text(x, y, lead, transform=at(start), ha="left", va=va, **style)
    return fixed, ax.text(x, y, "", transform=at(start + lead_width + SPACE_EM * size), ha="left", va=va, **style)


def _fmt(v):
    if v == 0:
        return "0"  # also for -0.0 (a gradient times t_i = 0)
    return f"{v:.3g}" if abs(v) >= 1e-3 else f"{v:.1e}".replace("e-0", "e-")


class GraphDrawing:
    """Draw a :class:`~softmaxlab.graph.CrossEntropyGraph` once; ``show(graph)`` rewrites its numbers in place.

    Nodes show their forward value (black); each edge shows, in red, the gradient that
    flows back along it; nodes that feed several others (fan-out) also show the sum of
    what comes back. Constant inputs (t and -1) get no gradient label; a logit's
    gradient is written under it rather than on its one edge.
    """

    def __init__(self, graph, *, width=13.0, height=5.4):
        if graph.C != 3:
            raise ValueError(i18n._("the drawing is laid out for 3 classes, got C = {C}").format(C=graph.C))
        self.fig = Figure(figsize=(width, height))
        ax = self.ax = self.fig.add_axes((0, 0, 1, 1))
        xlim, ylim = (-1.15, 13.2), (-2.0, 5.75)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        squash = (width / (xlim[1] - xlim[0])) / (height / (ylim[1] - ylim[0]))  # makes circles round
        ax.set_axis_off()
        self.pos = pos = _positions(graph.C)
        fanout = {src for src in graph.order if sum(1 for e in graph.edges if e[0] == src) > 1}
        self.value_text, self.grad_text, self.edge_text = {}, {}, {}  # the texts show() writes numbers into
        self.lead = {}  # text -> what show() writes before its number ("" when that part is a fixed text of its own)
        self.fixed_lead = {}  # text -> the fixed text "y1 =" it is written after
        for src, dst in graph.edges:
            (x0, y0), (x1, y1) = pos[src], pos[dst]
            const = graph.op[src] == "const"
            ax.plot([x0, x1], [y0, y1], color="0.75" if const else "0.45", lw=1, zorder=1, gid=f"{src}->{dst}")
            if not const and graph.op[src] != "input":  # a logit's gradient is written under the logit itself
                f = 0.5  # label the diagonal edges between two class rows, where nothing else is
                if dst == "S":
                    f = 0.65 / (y0 - y1)
                elif src == "r":
                    f = (y1 - 1.2 - y0) / (y1 - y0)
                self.edge_text[(src, dst)] = ax.text(
                    x0 + f * (x1 - x0), y0 + f * (y1 - y0), "", color=GRAD_COLOR, fontsize=8, ha="center",
                    va="center", zorder=4, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))
        for name, (x, y) in pos.items():
            op = graph.op[name]
            if op in ("input", "const"):
                ax.add_patch(FancyBboxPatch((x - 0.3, y - 0.2), 0.6, 0.4, boxstyle="round,pad=0.05",
                                            fc="#fff4d6" if op == "const" else "#e6f0ff", ec="0.3", zorder=2))
                label = {"m": "-1"}.get(name, name)
                ax.text(x, y, label, ha="center", va="center", fontsize=10, zorder=3)
            else:
                ax.add_patch(Ellipse((x, y), 0.6, 0.6 * squash, fc="white", ec="0.2", zorder=2))
                ax.text(x, y, OPS[op][0], ha="center", va="center", fontsize=10, zorder=3)
            if name == "m":
                continue
            dx, dy, ha, va = _label_place(name)
            value_lead = "=" if op == "const" else f"{name} ="
            grad_lead = f"∂L/∂{name} =" if op == "input" or name == "L" else "Σ ="
            grad_style = dict(fontsize=8.5, color=GRAD_COLOR, fontweight="bold", zorder=3)
            # One text where a fixed name would not do: right-aligned labels (e_i, t_i) move their name as the
            # number grows, and a logit's labels must stay centred (long ones reach towards the e_i's).
            whole = ha == "right" or op == "input"
            if whole:
                self.value_text[name] = ax.text(x + dx, y + dy, "", ha=ha, va=va, fontsize=8.5, zorder=3)
                self.lead[self.value_text[name]] = value_lead + " "
            else:  # the name is fixed, only the number is redrawn
                fixed, self.value_text[name] = _named_number(ax, x + dx, y + dy, value_lead, ha, va,
                                                             fontsize=8.5, zorder=3)
                self.lead[self.value_text[name]] = ""
                self.fixed_lead[self.value_text[name]] = fixed
            if name in fanout or op == "input" or name == "L":
                if whole:
                    self.grad_text[name] = ax.text(x + dx, y + dy - 0.3, "", ha=ha, va="top", **grad_style)
                    self.lead[self.grad_text[name]] = grad_lead + " "
                else:
                    fixed, self.grad_text[name] = _named_number(ax, x + dx, y + dy - 0.3, grad_lead, ha, "top",
                                                                **grad_style)
                    self.lead[self.grad_text[name]] = ""
                    self.fixed_lead[self.grad_text[name]] = fixed
        ax.text(6.3, -1.0, _("black: forward value of each node\nred: gradient ∂L/∂(input) coming back along each edge\n"
                             "bold red: total ∂L/∂(node), the sum over its fan-out branches"), fontsize=9, va="center")
        # Gradients that are the same for every input (the -1 that starts the backward pass, copied by
        # the sum) are written once; only the rest need redrawing when the inputs change.
        self.show(graph)
        fixed = {self.grad_text["L"], self.edge_text[("s", "L")], *(self.edge_text[(f"p{i}", "s")] for i in (1, 2, 3))}
        self.dynamic = [t for t in (*self.value_text.values(), *self.edge_text.values(), *self.grad_text.values())
                        if t not in fixed]
        self.show(graph)

    def show(self, graph):
        """Write the values and gradients of `graph` into the existing texts."""
        self.graph = graph
        for name, text in self.value_text.items():
            text.set_text(self.lead[text] + _fmt(graph.value[name]))
        for edge, text in self.edge_text.items():
            text.set_text(_fmt(graph.edge_grad[edge]))
        for name, text in self.grad_text.items():
            text.set_text(self.lead[text] + _fmt(graph.grad[name]))
        return self.fig

    def label(self, text):
        """What a reader sees of the label `text` (one of ``value_text``, ``grad_text``): "y1 = 0.659"."""
        fixed = self.fixed_lead.get(text)
        return f"{fixed.get_text()} {text.get_text()}" if fixed else text.get_text()


def graph_figure(logits, label):
    """The static graph for these logits and true class (index from 0)."""
    graph = CrossEntropyGraph(logits, label)
    return describe(GraphDrawing(graph).fig,
                    i18n._("Computational graph of softmax and cross-entropy for 3 classes: logits a, exp, sum S, 1/S, "
                           "probabilities y, log, times the one-hot t, sum and minus, down to the loss. Logits ({logits}), "
                           "true class {k}: loss L = {loss:.4g}; the gradient arriving back at the logits is ({dlogits}), "
                           "which equals y - t.").format(
                        logits=", ".join(f"{v:g}" for v in graph.logits), k=label + 1, loss=graph.value["L"],
                        dlogits=", ".join(f"{g:+.3f}" for g in graph.dlogits)))
