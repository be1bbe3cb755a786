"""ipywidgets 7 (Colab ships 7.7.1) beside ipywidgets 8: the one keyword this package needs from 8.

Every control here is built with ``tooltip="logit a1"`` and the like: ipywidgets 8 shows it as the label's
``title``, and :data:`~softmaxlab.widgets._live.ARIA_JS` copies that title to the slider handle as its
accessible name. ipywidgets 7 calls the same trait ``description_tooltip``; given ``tooltip=`` its traitlets
drop the keyword with a hidden DeprecationWarning, and the control has no name but its short description
("a1"). :func:`accept_tooltip` makes ipywidgets 7 read ``tooltip=`` as ``description_tooltip=``, as
ipywidgets 8 reads ``description_tooltip=`` as ``tooltip=``, so the 16 widget modules build their controls
the same way on both versions.
"""
import functools

from ipywidgets.widgets.widget_description import DescriptionWidget

IPYWIDGETS_7 = "tooltip" not in DescriptionWidget.class_trait_names()  # 8 moved description_tooltip to tooltip


def accept_tooltip():
    """On ipywidgets 7, let a described control take ``tooltip=`` as its ``description_tooltip``.

    Wraps ``DescriptionWidget.__init__`` once (later calls do nothing); ``description_tooltip=`` given too
    wins. Controls of ipywidgets 7 that have a ``tooltip`` of their own (ToggleButton) keep it. On
    ipywidgets 8 nothing is changed. Returns whether the wrapper is in place.
    """
    if not IPYWIDGETS_7:
        return False
    if getattr(DescriptionWidget.__init__, "_softmaxlab_tooltip", False):
        return True
    own = DescriptionWidget.__dict__.get("__init__")  # None in 7.7.1: then the next class's, as super() finds it

    @functools.wraps(DescriptionWidget.__init__)
    def __init__(self, *args, **kwargs):
        if "tooltip" in kwargs and not self.has_trait("tooltip"):
            tooltip = kwargs.pop("tooltip")
            kwargs.setdefault("description_tooltip", tooltip)
        if own is not None:
            own(self, *args, **kwargs)
        else:
            super(DescriptionWidget, self).__init__(*args, **kwargs)

    __init__._softmaxlab_tooltip = True
    DescriptionWidget.__init__ = __init__
    return True
