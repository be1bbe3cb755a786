"""The language of the package's messages: English (as written in the code) or Korean, through gettext.

Every message a learner reads (checker feedback and hints, widget labels and readouts, figure text, error
messages) is written in English in the code and wrapped in :func:`_`, which looks it up in the catalogue of
the language chosen, when the message is made::

    raise ValueError(_("logits must be 1-D or 2-D, got shape {shape}").format(shape=logits.shape))

Numbers and code go in through ``{placeholders}``, so a translation keeps them as they are. A message kept
in a module-level constant is marked with :func:`N_` (which changes nothing) and passed through :func:`_`
where it is shown, so that it follows the language chosen after the import.

The Korean catalogue is ``locale/ko/softmaxlab.po`` (source, for translators) compiled to
``src/softmaxlab/locale/ko/LC_MESSAGES/softmaxlab.mo`` (read here, by Python's :mod:`gettext`), both made by
``tools/i18n_package.py``.
"""
import gettext
from pathlib import Path

DOMAIN = "softmaxlab"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "ko")

_translation = None  # the catalogue in use; None until a language is chosen (then: the environment's)


def set_language(language=None):
    """Choose the language of the package's messages.

    Parameters
    ----------
    language : {"en", "ko"} or None
        ``"ko"``: Korean (the Korean notebooks call ``softmaxlab.set_language("ko")`` in their first cells);
        ``"en"``: English. ``None`` (the default before any call): from the environment, as GNU gettext reads
        it (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; e.g. ``LANG=ko_KR.UTF-8`` gives Korean), English
        when it names neither.

    Raises
    ------
    ValueError
        If `language` is not one of "en", "ko" or None.

    Examples
    --------
    >>> set_language("ko"); language()
    'ko'
    >>> set_language("en"); language()
    'en'
    """
    global _translation
    if language is not None and language not in LANGUAGES:
        raise ValueError(_("language must be one of {choices} or None, got {language!r}").format(
            choices=", ".join(map(repr, LANGUAGES)), language=language))
    if language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language] if language else None,
                                           fallback=True)


def language():
    """The language the messages are in now: ``"ko"`` or ``"en"``."""
    return "ko" if isinstance(_current(), gettext.GNUTranslations) else "en"


def _current():
    if _translation is None:
        set_language(None)
    return _translation


def _(message):
    """`message` in the language chosen (itself in English, or when the catalogue has no entry for it)."""
    return _current().gettext(message) if message else message  # gettext("") would be the catalogue's header


def ngettext(singular, plural, n):
    """`singular` or `plural` as `n` asks, in the language chosen (Korean has one form)."""
    return _current().ngettext(singular, plural, n)


def N_(message):
    """Mark a message kept in a constant for the catalogue; it is translated by :func:`_` where it is shown."""
    return message
