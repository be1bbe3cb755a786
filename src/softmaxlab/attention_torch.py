"""What PyTorch's attention gives for a fully masked row, per dtype, backend and kind of mask (notebook 13).

PyTorch takes about 190 MiB of memory once imported, more than the rest of a notebook's kernel, so
:func:`fully_masked_table` runs it in a child process (``python -m softmaxlab.attention_torch``) and reads
back its JSON: the notebook's kernel stays small, and a notebook without PyTorch still runs.
"""
import importlib.metadata
import importlib.util
import json
import subprocess
import sys

from .i18n import _

DTYPES = ("float64", "float32", "float16", "bfloat16")
BACKENDS = ("MATH", "FLASH_ATTENTION")  # the two that run on a CPU
MASKS = ("bool", "-inf", "finfo.min")  # a boolean keep-mask, or a float mask added to the scores
# What fully_masked_table() gave with PyTorch 2.13.0 on a CPU. Notebook 13 prints it, so that it shows the same
# with or without PyTorch (strict nbval on Binder, which has none), and measures it again where PyTorch is installed.
RECORDED = {"torch": "2.13.0", "mha_true_masks": True, "rows": [
    {"dtype": dtype, "backend": backend, "bool": "zeros", "-inf": "zeros",
     "finfo.min": "unmasked" if dtype == "float16" else "uniform"} for dtype in DTYPES for backend in BACKENDS]}
RECORDED_SOFTMAX_ROW = "[nan, nan, nan, nan]"  # i18n: no; torch.softmax of a row of four -inf, PyTorch 2.13.0 (no _safe_softmax)
CHECKED_WITH = (2, 13)  # the PyTorch the table was checked with; before pytorch#131060 and #133882 (2024) SDPA gave nan


def fully_masked_table():
    """How ``torch.nn.functional.scaled_dot_product_attention`` treats a row whose every key is masked.

    Returns
    -------
    dict or None
        None when PyTorch is not installed, is older than `CHECKED_WITH` (2.13, the version the course's table
        was checked with: older releases, before pytorch#131060 and #133882 of 2024, give nan for a fully masked
        row), or when the child process fails (its error is on stderr). Otherwise ``{"torch": version, "rows": [...], "mha_true_masks":
        bool}``: one row per dtype and CPU backend, ``{"dtype", "backend", "bool", "-inf", "finfo.min"}``,
        each mask's outcome one of ``"zeros"``, ``"nan"``, ``"uniform"`` (the mean of the values),
        ``"unmasked"`` (the output with no mask at all) or ``"other"``; ``mha_true_masks`` is True when
        ``nn.MultiheadAttention``'s boolean ``attn_mask`` hides the keys marked True (SDPA's keeps them).

    Examples
    --------
    >>> table = fully_masked_table()
    >>> table is None or {row["bool"] for row in table["rows"]} == {"zeros"}
    True
    """
    if importlib.util.find_spec("torch") is None:
        return None
    version = tuple(int(part) for part in importlib.metadata.version("torch").split("+")[0].split(".")[:2])
    if version < CHECKED_WITH:
        return None
    done = subprocess.run([sys.executable, "-m", "softmaxlab.attention_torch"], capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else _("the PyTorch process failed"),
              file=sys.stderr)
        return None
    return json.loads(done.stdout)


def _outcome(out, uniform, unmasked, tol):
    """Name what a fully masked row's output (a 1-D float64 tensor) is."""
    import torch
    if torch.isnan(out).all():
        return "nan"
    if (out == 0).all():
        return "zeros"
    names = [name for name, ref in (("uniform", uniform), ("unmasked", unmasked))
             if torch.allclose(out, ref, rtol=0, atol=tol)]
    return names[0] if len(names) == 1 else "other"


def _measure():
    import torch
    import torch.nn.functional as F
    from torch.nn.attention import SDPBackend, sdpa_kernel

    gen = torch.Generator().manual_seed(13)
    L, d = 4, 8
    q, k, v = (torch.randn(1, 1, L, d, generator=gen, dtype=torch.float64) for _tensor in range(3))
    keep = torch.tril(torch.ones(L, L, dtype=torch.bool))
    keep[1] = False  # query 1 sees no key
    rows = []
    for name in DTYPES:
        dtype = getattr(torch, name)
        qq, kk, vv = (t.to(dtype) for t in (q, k, v))
        tol = 1e-2 if torch.finfo(dtype).bits == 16 else 1e-6
        unmasked = F.scaled_dot_product_attention(qq, kk, vv)[0, 0, 1].double()
        uniform = vv[0, 0].double().mean(dim=0)
        assert not torch.allclose(uniform, unmasked, rtol=0, atol=10 * tol)  # the two outcomes can be told apart
        masks = {"bool": keep,
                 "-inf": torch.zeros(L, L, dtype=dtype).masked_fill(~keep, float("-inf")),
                 "finfo.min": torch.zeros(L, L, dtype=dtype).masked_fill(~keep, torch.finfo(dtype).min)}
        for backend in BACKENDS:
            row = {"dtype": name, "backend": backend}
            with sdpa_kernel(getattr(SDPBackend, backend)):
                for kind, mask in masks.items():
                    out = F.scaled_dot_product_attention(qq, kk, vv, attn_mask=mask)[0, 0, 1].double()
                    row[kind] = _outcome(out, uniform, unmasked, tol)
            rows.append(row)
    # nn.MultiheadAttention: a boolean attn_mask marks the keys to HIDE (True = masked), the opposite of SDPA's
    mha = torch.nn.MultiheadAttention(d, 1, batch_first=True, dtype=torch.float64)
    x = q[0]  # (1, L, d)
    hide = ~torch.tril(torch.ones(L, L, dtype=torch.bool))  # causal, as "True = masked"
    by_mha = mha(x, x, x, attn_mask=hide, need_weights=True)[1][0]  # (L, L) weights
    mha_true_masks = bool((by_mha[hide] == 0).all() and (by_mha[~hide] > 0).all())
    return {"torch": torch.__version__.split("+")[0], "rows": rows, "mha_true_masks": mha_true_masks}


if __name__ == "__main__":
    json.dump(_measure(), sys.stdout)
