"""Numbers in the readouts of notebooks 05-09: no "-0.0000", and nan or inf said in words a reader expects.

>>> [number(v, "+.4f") for v in (-1e-7, 0.25, -0.25, float("nan"), float("-inf"))]
['0.0000', '+0.2500', '-0.2500', 'nan', '-inf']
>>> number(-0.0, ".3f"), number(-4e-4, ".3f"), number(-6e-4, ".3f")
('0.000', '0.000', '-0.001')
"""
import math


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
