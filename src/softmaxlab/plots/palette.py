"""The course's one colour palette: Okabe and Ito's eight colours, safe for colour-vision deficiency.

Source: M. Okabe and K. Ito, *Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people* (2008), the palette Wilke's
*Fundamentals of Data Visualization* and many journals recommend. Names follow the paper
("vermillion" is its red, "bluish green" its green).

Colour never carries information alone in this course: lines also differ in line style,
bars in hatch, points in marker, and every key is written out in words.
``tests/test_accessibility.py`` checks the colours used together under simulated
deuteranopia and protanopia, and the contrast of every text colour.

Nothing here changes matplotlib's global state: :func:`prop_cycle` is applied per Axes
by :func:`softmaxlab.plots.new_figure`.
"""
from cycler import cycler
from matplotlib.colors import to_rgb

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"  # Okabe-Ito "bluish green"
YELLOW = "#F0E442"  # too light for lines or text on white: kept out of the cycle
BLUE = "#0072B2"
VERMILLION = "#D55E00"  # the palette's red
PURPLE = "#CC79A7"  # Okabe-Ito "reddish purple"
GREY = "#999999"

# Text on a white background needs a contrast of 4.5:1 (WCAG 2 AA). Of the colours above
# only BLUE (5.2:1) and BLACK pass; TEXT_RED is a darker, redder vermillion that does (5.7:1),
# still read as "red" where the notebooks say so (02's nan labels, 05's gradients).
TEXT_RED = "#C03000"
TEXT_GREY = "#595959"  # 7.0:1, for secondary labels such as "uniform 1/C"

# Light fills that black text stays readable on (grids of numbers in notebook 03).
LIGHT_BLUE = "#BFE1F6"  # SKY_BLUE mixed with white
LIGHT_ORANGE = "#F5D08A"  # ORANGE mixed with white
LIGHT_GREY = "#F0F0F0"

CYCLE_COLORS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY_BLUE, BLACK)
CYCLE_LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X")  # filled markers, one per class when points are plotted
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo")  # one per bar kind, so a bar's kind is not colour alone


def prop_cycle():
    """The property cycle of every Axes the course makes: a colour and a line style per series.

    Returns
    -------
    cycler.Cycler
        Seven entries: ``CYCLE_COLORS`` paired with ``CYCLE_LINESTYLES``.

    Examples
    --------
    >>> entries = list(prop_cycle())
    >>> len(entries), entries[0]["color"], entries[1]["linestyle"]
    (7, '#0072B2', '--')
    """
    return cycler(color=list(CYCLE_COLORS)) + cycler(linestyle=list(CYCLE_LINESTYLES))


def text_color_on(background):
    """"black" or "white", whichever contrasts more with `background` (WCAG 2 relative luminance).

    Parameters
    ----------
    background : color
        Any matplotlib colour: a name, a hex string or an RGB(A) tuple.

    Returns
    -------
    str
        ``"black"`` or ``"white"``; the better of the two always reaches at least 4.58:1.

    Examples
    --------
    >>> text_color_on(BLUE), text_color_on(ORANGE), text_color_on("#08306b")
    ('white', 'black', 'white')
    """
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(background)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # contrast with black (L + 0.05) / 0.05 against contrast with white 1.05 / (L + 0.05)
    return "black" if (luminance + 0.05) ** 2 >= 0.05 * 1.05 else "white"
