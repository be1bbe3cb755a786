"""The package speaks Korean (issue 30, item 2): every learner-facing message goes through gettext and has Korean.

Catalogue: locale/ko/softmaxlab.po (tools/i18n_package.py, Babel), compiled to the package's .mo. These tests fail
when a message is added or changed in the code without its translation, when a translation loses a placeholder,
a number, a code span or a formula, when the .mo is not what the .po says, or when a learner-facing string in the
package does not go through ``_()``.
"""
import ast
import collections
import gettext
import importlib.util
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import softmaxlab
from softmaxlab import i18n

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("i18n_package", ROOT / "tools" / "i18n_package.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

CATALOGUE = [m for m in tool.read(tool.PO) if m.id] if tool.PO.exists() else []  # missing: the first test fails
HANGUL = re.compile(r"[\uac00-\ud7a3]")
NUMBER = re.compile(r"(?<![A-Za-z0-9_.{])\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![A-Za-z0-9_}])")
CODE_SPAN = re.compile(r"`[^`]+`")
MATH = re.compile(r"\$[^$]+\$")


@pytest.fixture(autouse=True)
def english_after():
    yield
    softmaxlab.set_language("en")


def msgid(message):
    return message.id[0] if isinstance(message.id, tuple) else message.id


def strings(message):
    """(English, Korean) pairs of a message: one, or singular and plural against the one Korean form."""
    if isinstance(message.id, tuple):
        korean = message.string if isinstance(message.string, tuple) else (message.string,)
        return [(english, korean[0]) for english in message.id]
    return [(message.id, message.string)]


def fields(text):
    """The {placeholders} of a format string, with their conversion and spec: {'p:.3f', 'got!r', ...}."""
    out = collections.Counter()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            out[name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")] += 1
    return out


def ids(message):
    return msgid(message)[:60]


# ---------------------------------------------------------------- complete and in step with the code

def test_catalogue_follows_the_code():
    assert tool.extract(check=True) == 0, "run tools/i18n_package.py extract, translate, compile"


def test_every_learner_facing_string_goes_through_gettext():
    found = [(path.relative_to(ROOT), line, text[:80]) for path in sorted(tool.PACKAGE.rglob("*.py"))
             if path.name != "i18n.py" for line, text in tool.lint_file(path)]
    assert not found, f"{len(found)} strings a learner may read are not wrapped in _(); first: {found[:5]}"


def _shadowed(source):
    """Lines where a module that imports gettext's `_` also binds `_` (a throwaway `for _, x in ...`, `a, *_ = ...`):
    inside that function `_("...")` is then the throwaway value, and the message fails at run time."""
    tree = ast.parse(source)
    imports = any(isinstance(n, ast.ImportFrom) and any(a.name == "_" and not a.asname for a in n.names)
                  for n in ast.walk(tree))
    if not imports:
        return []
    bound = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)]
    bound += [n.lineno for n in ast.walk(tree) if isinstance(n, ast.arg) and n.arg == "_"]
    return sorted(bound)


def test_no_module_hides_the_translation_function():
    found = {str(p.relative_to(ROOT)): lines for p in sorted(tool.PACKAGE.rglob("*.py"))
             if (lines := _shadowed(p.read_text(encoding="utf-8")))}
    assert not found, f"`_` is rebound where it is the translation function: {found}"


def _wrapped_in_fstrings(source):
    """Lines of a literal message wrapped inside an f-string (f"{_('...')}"): Python 3.12 tokenizes f-strings and Babel
    then extracts it, 3.11 does not, so the catalogue would depend on the Python that made it."""
    return sorted(call.lineno for node in ast.walk(ast.parse(source)) if isinstance(node, ast.JoinedStr)
                  for call in ast.walk(node) if isinstance(call, ast.Call) and tool._name(call.func) in tool.KEYWORDS
                  and call.args and isinstance(call.args[0], ast.Constant))


def test_no_literal_message_is_wrapped_inside_an_fstring():
    found = {str(p.relative_to(ROOT)): lines for p in sorted(tool.PACKAGE.rglob("*.py"))
             if (lines := _wrapped_in_fstrings(p.read_text(encoding="utf-8")))}
    assert not found, f"make these messages outside the f-string: {found}"


def test_a_message_inside_an_fstring_is_found():
    assert _wrapped_in_fstrings("x = f\"{_('nan or inf')}\"\ny = f\"{_(name)}\"\n") == [1]


def test_shadowing_is_found():
    assert _shadowed("from ..i18n import _\nfor _, x in pairs:\n    pass\n") == [2]
    assert _shadowed("for _, x in pairs:\n    pass\n") == []


def test_lint_finds_an_unwrapped_message(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('def f(x):\n    """Docstrings are not translated."""\n'
                      '    raise ValueError(f"x must be positive, got {x}")\n'
                      '    ok = _("wrapped {x}").format(x=x)\n    ax.set_title("Loss")\n'
                      '    opts = {"loc": "upper right"}  # i18n: no\n')
    assert [line for line, _ in tool.lint_file(module)] == [3, 5]


@pytest.mark.parametrize("message", CATALOGUE, ids=ids)
def test_every_message_has_korean(message):
    assert not message.fuzzy, f"fuzzy: {msgid(message)!r} changed in the English; check its Korean"
    for english, korean in strings(message):
        assert korean and HANGUL.search(korean) or not tool._words(english), f"no Korean for {english!r}"


def test_the_compiled_catalogue_says_what_the_po_says():
    with open(tool.MO, "rb") as f:
        compiled = gettext.GNUTranslations(f)
    for message in CATALOGUE:
        english, korean = strings(message)[0]
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 2) == korean, english
        else:
            assert compiled.gettext(english) == korean, f"the .mo is stale for {english!r}: run compile"
    assert len(compiled._catalog) - 1 <= sum(len(strings(m)) for m in CATALOGUE)  # minus the header


# ---------------------------------------------------------------- what a translation keeps

@pytest.mark.parametrize("message", CATALOGUE, ids=ids)
def test_placeholders_numbers_code_and_formulas_are_kept(message):
    for english, korean in strings(message):
        assert fields(korean) == fields(english), f"{english!r}: placeholders {fields(english)} != {fields(korean)}"
        for name, pattern in (("number", NUMBER), ("code", CODE_SPAN), ("formula", MATH)):
            missing = set(pattern.findall(english)) - set(pattern.findall(korean))
            assert not missing, f"{english!r}: the Korean lacks the {name}s {sorted(missing)}"


@pytest.mark.parametrize("message", CATALOGUE, ids=ids)
def test_glossary_is_followed(message):
    for english, korean in strings(message):
        for term, word, pattern, forbidden in _glossary():
            used = [f for f in forbidden if f in korean]
            assert not used, f"{english!r}: {used} where docs/ko-glossary.md says {word!r} ({term})"


def _glossary():
    rows = []
    for line in (ROOT / "docs" / "ko-glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 4 and cells[0] not in ("English", "") and not set(cells[0]) <= {"-"}:
            rows.append((cells[0], cells[1], cells[2], [f.strip() for f in cells[3].split(";") if f.strip()]))
    return rows


# ---------------------------------------------------------------- choosing the language

def test_set_language_switches_checker_feedback():
    from softmaxlab.exercises.softmax import check_softmax

    def wrong(logits):
        return np.exp(logits)
    softmaxlab.set_language("en")
    english = repr(check_softmax(wrong))
    softmaxlab.set_language("ko")
    korean = repr(check_softmax(wrong))
    assert softmaxlab.language() == "ko" and HANGUL.search(korean) and not HANGUL.search(english)
    assert english.startswith("Not yet: ") and not korean.startswith("Not yet")
    assert NUMBER.findall(korean.split("\n")[0]) == NUMBER.findall(english.split("\n")[0])  # same numbers


def test_an_unknown_language_is_refused_in_words():
    with pytest.raises(ValueError, match="'en', 'ko'"):
        softmaxlab.set_language("fr")


@pytest.mark.parametrize("environment, expected", [
    ({"LANGUAGE": "ko"}, "ko"), ({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LC_ALL": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "C.UTF-8"}, "en"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LANGUAGE": "en", "LANG": "ko_KR.UTF-8"}, "en"),
    ({}, "en")])
def test_without_a_choice_the_environment_decides(environment, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(environment)
    code = "import softmaxlab; print(softmaxlab.language())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected


def test_an_explicit_choice_wins_over_the_environment():
    env = dict(os.environ, LANGUAGE="ko")
    code = "import softmaxlab; softmaxlab.set_language('en'); print(softmaxlab.language())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "en"


def test_empty_message_is_not_the_catalogue_header():
    softmaxlab.set_language("ko")
    assert i18n._("") == "" and i18n.N_("x") == "x"
