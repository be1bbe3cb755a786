"""Widgets of notebooks 07-09: moving a control changes what is shown, and correctly."""
import io

import numpy as np
import pytest
from PIL import Image

from softmaxlab import cross_entropy, softmax
from softmaxlab.datasets import load_iris
from softmaxlab.train import SoftmaxRegression, stratified_split, train
from softmaxlab.widgets.flavours import LossFlavours, loss_variants
from softmaxlab.widgets.iris import DecisionRegionExplorer, TrainingMonitor
from softmaxlab.widgets.pitfalls import GRADIENTS, PitfallDetector, gradient_errors, passes


def assert_follows(widget, control, values):
    """Every move changes the picture and the readout; coming back to a value shows the same again.
    Nothing is timed: update speed belongs to `make bench`, not to a possibly busy test machine."""
    shown = {}
    for value in list(values) + list(values)[-2::-1]:  # there and back, never one value twice in a row
        before = (widget.live.image.value, widget.readout.value)
        control.value = value
        now = (widget.live.image.value, widget.readout.value)
        assert now[0] != before[0] and now[1] != before[1], f"nothing changed when the control moved to {value}"
        assert shown.setdefault(value, now) == now, f"coming back to {value} shows something else"


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


# ---- 07: LossFlavours -------------------------------------------------------------------------

def test_loss_variants_semantics():
    logits = np.array([2.0, 1.0, 0.1])
    values = {name: value for name, value, _ in loss_variants(logits, 0)}
    right = cross_entropy(logits, 0)
    for name in ["torch CE(logits)", "keras CCE(logits, from_logits)", "keras CCE(probs)", "-log(clip(p, 1e-7))",
                 "-log(p)"]:
        assert values[name] == pytest.approx(right, rel=1e-6), name
    assert values["torch CE(probs)"] == pytest.approx(cross_entropy(softmax(logits), 0))
    assert len(values) == 9


def test_loss_variants_at_the_extremes():
    very_wrong = {n: v for n, v, _ in loss_variants([-12.0, 12.0, 0.0], 0)}
    assert very_wrong["torch CE(logits)"] == pytest.approx(24.0, abs=1e-4)  # 24 + log(1 + e^-12 + e^-24)
    assert very_wrong["-log(clip(p, 1e-7))"] == pytest.approx(-np.log(1e-7))       # clipped: saturates
    assert very_wrong["torch CE(probs)"] <= np.log(np.e + 2) + 1e-12                # softmax twice: bounded
    very_right = {n: v for n, v, _ in loss_variants([12.0, -12.0, 0.0], 0)}
    assert very_right["torch CE(probs)"] == pytest.approx(np.log(np.e + 2) - 1, abs=1e-4)   # the floor
    with np.errstate(all="raise"):  # the mistakes never leak a warning, even when a row sums to 0
        rows = loss_variants([1.0, -1.0, 0.0], 2)
    assert all(isinstance(v, float) for _, v, _ in rows)


def test_loss_flavours_slider_changes_numbers_and_image():
    w = LossFlavours([2.0, 1.0, 0.1], label=0)
    image, readout = w.live.image.value, w.readout.value
    assert "0.4170" in readout
    w.sliders[0].value = -5.0
    assert w.live.image.value != image and w.readout.value != readout
    assert w.values["torch CE(logits)"] == pytest.approx(cross_entropy([-5.0, 1.0, 0.1], 0))
    w.label.value = 1
    assert w.values["torch CE(logits)"] == pytest.approx(cross_entropy([-5.0, 1.0, 0.1], 1))


def test_loss_flavours_follows_every_move():
    w = LossFlavours()
    assert_follows(w, w.sliders[1], [0.5, 1.5, 0.2, 0.9, 1.1, 0.7, 1.3])
    assert w.values["torch CE(logits)"] == pytest.approx(cross_entropy([2.0, 0.5, 0.1], 0))  # back at 0.5


def test_blit_matches_a_full_redraw():
    """The fast path (cached background + bars) draws the same picture as drawing everything."""
    w = LossFlavours([2.0, 1.0, 0.1], label=0)
    w.sliders[0].value = 0.5
    blitted = pixels(w.live.image.value)
    for artist in w.live.animated:
        artist.set_animated(False)
    w.live.canvas.draw()
    full = np.asarray(w.live.canvas.buffer_rgba())[..., :3].astype(int)
    assert blitted.shape == full.shape
    differ = np.abs(blitted - full).max(axis=-1) > 2
    assert differ.mean() < 1e-3   # only antialiasing where tick marks meet the frame


# ---- 09: PitfallDetector ----------------------------------------------------------------------

def test_gradient_errors_find_the_bugs():
    small, large = gradient_errors(1.0), gradient_errors(500.0)
    assert passes(small["right: (y - t) / N"]) and passes(large["right: (y - t) / N"])
    assert small["forgot 1/N"] == pytest.approx(3 / 5)      # (N - 1) / (N + 1) with N = 4
    assert small["wrong Jacobian diagonal"] > 1e-2 and small["softmax twice"] > 1e-2
    assert passes(small["log(clip(p, 1e-7))"]) and large["log(clip(p, 1e-7))"] > 0.5
    assert passes(small["max over the whole batch"]) and np.isnan(large["max over the whole batch"])


def test_every_slider_stop_passes_the_right_gradient_and_only_it_is_always_green():
    """Issue 12: the CORRECT gradient was marked failing at stops ~8.91, 15.85, 17.78 (1.04e-5 vs a 1e-5 line).
    The widget now uses the package's rule (gradient_check < GRADCHECK_THRESHOLD) at every stop of its slider."""
    w = PitfallDetector(scale=1.0)
    lo, hi, step = w.scale.min, w.scale.max, w.scale.step
    stops = 10.0 ** np.round(np.arange(lo, hi + step / 2, step), 10)
    assert len(stops) == 81
    for scale in stops:
        errors = gradient_errors(scale)
        assert passes(errors["right: (y - t) / N"]), (scale, errors["right: (y - t) / N"])
        assert not passes(errors["forgot 1/N"]), scale          # a wrong gradient fails everywhere
    w.scale.value = float(stops[38])                               # 10 ** 0.9 = 7.94, near the old false alarm
    assert "right: (y - t) / N</td><td style='text-align:right; padding-left:1em'><code>" in w.readout.value
    assert "FAILS" not in w.readout.value.split("right: (y - t) / N")[1].split("</tr>")[0]


def test_pitfall_detector_slider():
    w = PitfallDetector(scale=1.0)
    image, readout = w.live.image.value, w.readout.value
    assert "fails for 3 of 6" in readout
    w.scale.value = 500.0
    assert w.live.image.value != image and w.readout.value != readout
    assert "fails for 5 of 6" in w.readout.value
    assert_follows(w, w.scale, [3.0, 10.0, 30.0, 100.0, 2.0, 5.0])


def test_pitfall_detector_going_back_to_a_scale_recomputes_nothing(monkeypatch):
    w = PitfallDetector(scale=1.0)
    w.scale.value = 500.0
    at_500, readout = w.live.image.value, w.readout.value
    w.scale.value = 1.0
    monkeypatch.setattr("softmaxlab.widgets.pitfalls.gradient_errors", None)  # computing now would fail
    w.scale.value = 500.0
    assert (w.live.image.value, w.readout.value) == (at_500, readout)
    monkeypatch.undo()
    fresh = PitfallDetector(scale=500.0)
    assert (fresh.live.image.value, fresh.readout.value) == (at_500, readout)
    w.errors["forgot 1/N"] = 0.0  # a learner's edit stays out of what is kept
    w.scale.value = 1.0
    w.scale.value = 500.0
    assert w.errors["forgot 1/N"] == fresh.errors["forgot 1/N"] > 0.5 and w.readout.value == readout


def test_pitfall_detector_scores_an_implementation_added_after_a_scale_was_kept(monkeypatch):
    w = PitfallDetector(scale=1.0)
    w.scale.value = 10.0
    w.scale.value = 1.0  # 1.0 and 10.0 are kept, with the six implementations
    monkeypatch.setitem(GRADIENTS, "forgot 1/N again", GRADIENTS["forgot 1/N"])
    w.scale.value = 10.0
    errors = gradient_errors(10.0)
    assert list(w.errors) == list(errors) and len(errors) == 7
    np.testing.assert_equal(list(w.errors.values()), list(errors.values()))  # nan where nan
    assert f"fails for {sum(not passes(e) for e in errors.values())} of 7" in w.readout.value


# ---- 08: DecisionRegionExplorer and TrainingMonitor -------------------------------------------

@pytest.fixture(scope="module")
def petal_model():
    X, labels, _, _ = load_iris()
    train_idx, test_idx = stratified_split(labels, 10, seed=0)
    Z2 = (X[:, 2:] - X[train_idx, 2:].mean(0)) / X[train_idx, 2:].std(0)
    model = SoftmaxRegression(2, 3)
    train(model, Z2[train_idx], labels[train_idx], lr=0.5, epochs=30, batch_size=16, seed=0)
    return model, Z2, labels, np.isin(np.arange(150), test_idx)


def test_decision_regions_temperature(petal_model):
    model, Z2, labels, held_out = petal_model
    w = DecisionRegionExplorer(model, Z2, labels, held_out)
    image, (loss1, acc1, conf1) = w.live.image.value, w.scores()
    w.temperature.value = 5.0
    loss5, acc5, conf5 = w.scores()
    assert w.live.image.value != image and "T = 5.00" in w.readout.value
    assert acc5 == acc1 and conf5 < conf1 and loss5 != loss1      # temperature changes confidence only
    assert loss1 == pytest.approx(cross_entropy(model.logits(Z2[held_out]), labels[held_out]))
    assert_follows(w, w.temperature, [0.5, 2.0, 0.3, 1.5, 3.0, 0.8, 1.2])


def test_training_monitor_updates():
    monitor = TrainingMonitor(epochs=6, every=3)
    first = monitor.live.image.value
    history = {"loss": [], "acc": [], "val_loss": [], "val_acc": []}
    for epoch in range(1, 7):
        for key, value in [("loss", 1 / epoch), ("acc", 0.5 + epoch / 20), ("val_loss", 1.1 / epoch),
                           ("val_acc", 0.5 + epoch / 25)]:
            history[key].append(value)
        monitor(epoch, history)
    assert monitor.progress.value == 6 and monitor.redraws == 2
    assert monitor.live.image.value != first and "validation accuracy 0.740" in monitor.status.value


def test_training_monitor_loss_axis_follows_the_losses():
    monitor = TrainingMonitor(epochs=4, every=1)
    history = {"loss": [], "acc": [], "val_loss": [], "val_acc": []}
    for epoch, (loss, val) in enumerate([(3.0, 3.5), (1.0, 1.2), (0.2, 0.3), (0.05, 0.1)], start=1):
        for key, value in [("loss", loss), ("acc", 0.9), ("val_loss", val), ("val_acc", 0.9)]:
            history[key].append(value)
        monitor(epoch, history)
        low, high = monitor.loss_axis.get_ylim()
        assert low == 0 and high == pytest.approx(1.1 * max(history["loss"] + history["val_loss"]))


def test_plots_never_import_widgets():
    """Issue 26: plots/flavours <-> widgets/flavours and plots/pitfalls <-> widgets/pitfalls imported each other;
    the compute helpers now live below both (softmaxlab.flavours, softmaxlab.pitfalls)."""
    import ast
    import pathlib

    import softmaxlab.plots

    for path in sorted(pathlib.Path(softmaxlab.plots.__path__[0]).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert "widgets" not in (node.module or ""), f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert not any("widgets" in alias.name for alias in node.names), f"{path.name} imports widgets"
    from softmaxlab import flavours, pitfalls
    from softmaxlab.widgets import flavours as flavours_widget, pitfalls as pitfalls_widget
    assert flavours_widget.loss_variants is flavours.loss_variants  # still importable where notebook 07 found it
    assert pitfalls_widget.gradient_errors is pitfalls.gradient_errors
    assert pitfalls_widget.GRADIENTS is pitfalls.GRADIENTS


def test_readouts_at_minus_zero_nan_and_ties():
    """Issue 26: -0.0000 in 07's readout; 08's accuracy counted a tie of rounded probabilities as a prediction."""
    w = LossFlavours([12.0, -12.0, -12.0], label=0)  # log_softmax(a)[true] = -1.2e-10: rounds to zero
    assert "-0.0000" not in w.readout.value

    class Tied:  # logits 0 and 1e-17 give the same probability 0.5: only the logits say class 1 is predicted
        def logits(self, X):
            return np.c_[np.zeros(len(X)), np.full(len(X), 1e-17), np.full(len(X), -50.0)]

    X2 = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5]])
    explorer = DecisionRegionExplorer(Tied(), X2, np.array([1, 1, 1]), np.ones(3, dtype=bool))
    assert explorer.scores()[1] == 1.0 and "accuracy 1.000" in explorer.readout.value


def test_widgets_refuse_starting_values_their_sliders_would_clamp():
    """Issue 26: values outside a slider's range were clamped silently."""
    with pytest.raises(ValueError, match="would be clamped to 12"):
        LossFlavours([13.0, 1.0, 0.1], label=0)
    with pytest.raises(ValueError, match="would be clamped to 1000"):
        PitfallDetector(scale=5000.0)

    class Flat:
        def logits(self, X):
            return np.zeros((len(X), 3))

    with pytest.raises(ValueError, match="temperature 0.01"):
        DecisionRegionExplorer(Flat(), np.zeros((3, 2)), np.zeros(3, dtype=int), np.ones(3, dtype=bool),
                               temperature=0.01)
