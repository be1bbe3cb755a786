"""Figure text in the learner's language, and a Korean font for it that never draws tofu boxes.

Figure words go through :func:`_` of this module, not :func:`softmaxlab.i18n._`: in Korean they are translated
only when a Korean font is there to draw them, else they stay English (and the first Korean figure says once, in
Korean, how to get the font). The font is NanumGothic (SIL Open Font Licence) as shipped by the PyPI package
``koreanize-matplotlib`` (``pip install softmaxlab[ko]``). Its file is registered with matplotlib's font manager
here (importing ``koreanize_matplotlib`` would change the global rcParams), and :class:`~softmaxlab.plots.Figure`
adds it as a *fallback* family of every text when it is drawn in Korean: matplotlib (>= 3.6) takes each glyph from
the first family that has it, so Latin letters, digits and maths keep the course's usual font (DejaVu Sans) and
only Hangul comes from NanumGothic. In English nothing here runs and nothing global changes.
"""
import importlib.util
from pathlib import Path

from matplotlib import font_manager
from matplotlib.text import Text

from .. import i18n

FONT_FILE = "NanumGothic.ttf"
WEIGHTS = ("NanumGothicLight.ttf", "NanumGothicBold.ttf", "NanumGothicExtraBold.ttf")  # 300, 600, 700: bold text too
_family = None  # NanumGothic's family name once registered; False when it is not installed
_told = False  # the "how to get the font" note is printed once per kernel


def font_path():
    """The path of NanumGothic.ttf in the installed ``koreanize-matplotlib``, or None when it is not installed."""
    spec = importlib.util.find_spec("koreanize_matplotlib")  # finds the package without running it
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    return None


def korean_font():
    """The family name of the Korean font, registered with matplotlib on the first call; None without it."""
    global _family
    if _family is None:
        path = font_path()
        if path is None:
            _family = False
        else:
            for weight in (path, *(path.with_name(name) for name in WEIGHTS)):
                if weight.is_file():
                    font_manager.fontManager.addfont(str(weight))
            _family = font_manager.FontProperties(fname=path).get_name()
    return _family or None


def korean():
    """True when figure text is to be Korean: the language is Korean and the Korean font is installed."""
    if i18n.language() != "ko":
        return False
    if korean_font():
        return True
    global _told
    if not _told:
        _told = True
        print(i18n._("No Korean font was found, so the figures stay in English. To draw them in Korean, run "
                     "`pip install koreanize-matplotlib` (or `pip install softmaxlab[ko]`) and restart the kernel."))
    return False


def _(message):
    """`message` (figure text) in Korean when figures are drawn in Korean (:func:`korean`), else as it is."""
    return i18n._(message) if korean() else message


def use_korean_font(fig):
    """Give every text of `fig` the Korean font as a fallback family, when figures are drawn in Korean.

    Called by :class:`softmaxlab.plots.Figure` before each draw; a text that already has it is left alone.
    """
    if not korean():
        return
    family = korean_font()
    for text in fig.findobj(Text):
        families = text.get_fontfamily()
        if family not in families:
            text.set_fontfamily([*families, family])
