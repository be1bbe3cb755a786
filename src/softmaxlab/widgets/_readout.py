"""Numbers in the readouts of notebooks 05-09: no "-0.0000", and nan or inf said in words a reader expects;
and starting values a slider cannot hold refused with words, not clamped silently.

>>> [number(v, "+.4f") for v in (-1e-7, 0.25, -0.25, float("nan"), float("-inf"))]
['0.0000', '+0.2500', '-0.2500', 'nan', '-inf']
>>> number(-0.0, ".3f"), number(-4e-4, ".3f"), number(-6e-4, ".3f")
('0.000', '0.000', '-0.001')
"""
import math

from ..i18n import _


def number(value, spec):
    """`value` formatted with `spec`; a value that rounds to zero is written without a sign."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = format(value, spec)
    if text.lstrip("+- ").strip("0.e+-") == "" and any(ch.isdigit() for ch in text):  # every digit is 0
        text = format(0.0, spec.replace("+", ""))
    return text


def check_slider_values(values, low, high, what):
    """Raise a ValueError naming the range when a starting value lies outside a slider's [low, high].

    ipywidgets would clamp it silently, and the widget would show another value than the one given.

    >>> check_slider_values([2.0, 1.0, 0.1], -6.0, 6.0, "logits")
    >>> check_slider_values([20.0, 1.0], -6.0, 6.0, "logits")
    Traceback (most recent call last):
    ...
    ValueError: logits [20.0, 1.0]: the sliders run from -6 to 6, so 20 would be clamped to 6; pass values in that range
    """
    values = [float(v) for v in values]
    outside = [v for v in values if not low <= v <= high]
    if outside:
        v = outside[0]
        if len(values) > 1:
            message = _("{what} {values}: the sliders run from {low:g} to {high:g}, so {value:g} would be clamped to "
                        "{clamped:g}; pass values in that range")
        else:
            message = _("{what} {values}: the slider runs from {low:g} to {high:g}, so {value:g} would be clamped to "
                        "{clamped:g}; pass values in that range")
        raise ValueError(message.format(what=what, values=values if len(values) > 1 else values[0], low=low, high=high,
                                        value=v, clamped=min(max(v, low), high)))
