"""The PyTorch rows of notebook 07's table, computed by PyTorch itself when it is installed.

PyTorch takes about 190 MiB once imported, so :func:`torch_losses` runs it in a child process
(``python -m softmaxlab.flavours_torch``, the batch passed as JSON) and reads its JSON back: the
notebook's kernel stays small, and a notebook without PyTorch still runs.
"""
import importlib.util
import json
import subprocess
import sys

import numpy as np
from .i18n import _


# What torch_losses gave for notebook 07's batch with PyTorch 2.13.0 on a CPU, float64. The notebook prints these,
# so that it shows the same with or without PyTorch (strict nbval on Binder, which has none), and, where PyTorch
# is installed (CI installs 2.13), measures them again and asserts they are the same.
RECORDED = {"torch": "2.13.0", "losses": {
    "CrossEntropyLoss(logits, labels)": 0.7159686489253578,  # i18n: no
    "CrossEntropyLoss(logits, one_hot)": 0.7159686489253578,  # i18n: no
    "NLLLoss(log_softmax(logits), labels)": 0.7159686489253578,  # i18n: no
    "BCEWithLogitsLoss(logits, one_hot)": 0.7316188786579384,  # i18n: no
    "BCELoss(sigmoid(logits), one_hot)": 0.7316188786579384,  # i18n: no
    "CrossEntropyLoss(probs, labels)": 0.8632982423014008,  # i18n: no
    "BCEWithLogitsLoss(sigmoid(logits), one_hot)": 0.812570050299407,  # i18n: no
    "BCELoss(p=0, t=1)": 100.0}}


def torch_losses(logits, labels):
    """PyTorch's losses (float64, mean over the batch) for a batch of logits (N, C) and labels (N,).

    Returns
    -------
    dict or None
        None when PyTorch is not installed. Otherwise ``{"torch": version, "losses": {name: value}}`` with
        the names ``"CrossEntropyLoss(logits, labels)"``, ``"CrossEntropyLoss(logits, one_hot)"``,
        ``"NLLLoss(log_softmax(logits), labels)"``, ``"BCEWithLogitsLoss(logits, one_hot)"``,
        ``"BCELoss(sigmoid(logits), one_hot)"``, ``"CrossEntropyLoss(probs, labels)"``,
        ``"BCEWithLogitsLoss(sigmoid(logits), one_hot)"`` and ``"BCELoss(p=0, t=1)"`` (one probability of
        exactly 0 for a positive target: PyTorch clamps the log at -100).

    Examples
    --------
    >>> out = torch_losses([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]], [0, 1])
    >>> out is None or out["losses"]["BCELoss(p=0, t=1)"] == 100.0   # the log clamped at -100
    True
    """
    logits, labels = np.asarray(logits, dtype=np.float64), np.asarray(labels)
    if logits.ndim != 2 or labels.shape != logits.shape[:1]:
        raise ValueError(_("logits must be (N, C) and labels (N,), got {logits_shape} and {labels_shape}").format(
                           logits_shape=logits.shape, labels_shape=labels.shape))
    if importlib.util.find_spec("torch") is None:
        return None
    batch = json.dumps({"logits": logits.tolist(), "labels": labels.tolist()})
    done = subprocess.run([sys.executable, "-m", "softmaxlab.flavours_torch"], input=batch, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def _measure(batch):
    import torch
    import torch.nn.functional as F

    logits = torch.tensor(batch["logits"], dtype=torch.float64)  # (N, C)
    labels = torch.tensor(batch["labels"], dtype=torch.int64)  # (N,)
    targets = F.one_hot(labels, logits.shape[1]).to(torch.float64)  # (N, C)
    probs = torch.softmax(logits, dim=1)
    losses = {
        "CrossEntropyLoss(logits, labels)": torch.nn.CrossEntropyLoss()(logits, labels),  # i18n: no
        "CrossEntropyLoss(logits, one_hot)": torch.nn.CrossEntropyLoss()(logits, targets),  # i18n: no
        "NLLLoss(log_softmax(logits), labels)": torch.nn.NLLLoss()(torch.log_softmax(logits, dim=1), labels),  # i18n: no
        "BCEWithLogitsLoss(logits, one_hot)": torch.nn.BCEWithLogitsLoss()(logits, targets),  # i18n: no
        "BCELoss(sigmoid(logits), one_hot)": torch.nn.BCELoss()(torch.sigmoid(logits), targets),  # i18n: no
        "CrossEntropyLoss(probs, labels)": torch.nn.CrossEntropyLoss()(probs, labels),  # i18n: no
        "BCEWithLogitsLoss(sigmoid(logits), one_hot)": torch.nn.BCEWithLogitsLoss()(torch.sigmoid(logits), targets),  # i18n: no
        "BCELoss(p=0, t=1)": torch.nn.BCELoss()(torch.zeros(1, dtype=torch.float64),
                                                  torch.ones(1, dtype=torch.float64)),
    }
    return {"torch": torch.__version__.split("+")[0], "losses": {k: float(v) for k, v in losses.items()}}


if __name__ == "__main__":
    print(json.dumps(_measure(json.loads(sys.stdin.read()))))
