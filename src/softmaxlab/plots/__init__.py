"""Static figures for the notebooks. Every function returns a ``matplotlib.figure.Figure``.

Figures are made without pyplot, so nothing global changes and nothing is shown twice;
a notebook that ran ``%matplotlib inline`` displays a returned figure as a PNG, which
stays in the saved notebook for readers without a kernel.
"""
from ._common import Figure, bar_probs, describe, new_figure

__all__ = ["Figure", "bar_probs", "describe", "new_figure"]
