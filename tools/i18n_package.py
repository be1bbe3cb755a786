"""The package's own messages in Korean: extract them from the code, compile the catalogue, find unwrapped ones.

    python tools/i18n_package.py extract [--check]    # update locale/ko/softmaxlab.po from the code (--check: change nothing, exit 1 if stale)
    python tools/i18n_package.py extract --po PART.po --paths FILE ...   # a catalogue of some files' messages only
    python tools/i18n_package.py compile [--extra PO ...]   # locale/ko/softmaxlab.po (+ extra catalogues) -> the package's .mo
    python tools/i18n_package.py status               # messages translated / fuzzy / untranslated
    python tools/i18n_package.py lint [PATH ...]      # learner-facing English in the package that does not go through _()

A message is found where the code wraps it: ``_("...")``, ``N_("...")`` or ``ngettext("...", "...", n)``
(softmaxlab/i18n.py). The catalogue (``locale/ko/softmaxlab.po``, one entry per message, ``#:`` its places in the
code) is read by Poedit, Weblate, Crowdin or Lokalize; ``extract`` keeps every translation, marks one whose English
changed ``fuzzy`` (with the old English as ``#| msgid``) and a message gone from the code obsolete, as GNU
msgmerge does. ``compile`` writes ``src/softmaxlab/locale/ko/LC_MESSAGES/softmaxlab.mo``, which the package reads
with Python's gettext; the .mo is committed (a learner's install has no Babel) and tests/test_korean_package.py
checks it says what the .po says.

Babel does the extraction, the merge and the compilation (its Python extractor and catalogue code are built for
exactly this; the notebooks' catalogues use polib instead, tools/i18n.py says why).

``lint`` reads the package's syntax tree and lists every string a learner may read that is not wrapped: prose
(two or more words) outside docstrings, and any word given to a widget or figure as its label or title. A string
that is not for a learner (a dict key, a matplotlib option, a format of numbers, an internal error of the course's
own tools) carries ``# i18n: no`` on its line.
"""
import argparse
import ast
import io
import os
import re
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "softmaxlab"
PO = ROOT / "locale" / "ko" / "softmaxlab.po"
MO = PACKAGE / "locale" / "ko" / "LC_MESSAGES" / "softmaxlab.mo"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "figure_text": None}  # figure_text: plots._korean._ in widgets
WRAPPERS = set(KEYWORDS)
NO_MARK = "# i18n: no"
LABEL_KEYWORDS = {"description", "label", "title", "xlabel", "ylabel", "placeholder", "tooltip", "button_style_text"}
LABEL_CALLS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "set_label", "text", "annotate", "Label",
               "legend", "set_text", "set_ylabel", "figtext"}
WORD = re.compile(r"[A-Za-z]{2,}")
NOT_PROSE = re.compile(r"\$[^$]*\$|`[^`]*`|\{[^{}]*\}|<[^<>]*>|&\w+;")  # maths, code, placeholders, HTML tags


def template(paths=None):
    """Every wrapped message of the package (or of the files under `paths`), as a Babel catalogue."""
    catalog = Catalog(project="softmaxlab", locale=None)
    wanted = [Path(p).resolve() for p in paths or [PACKAGE]]
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        if not any((PACKAGE / filename).resolve().is_relative_to(w) for w in wanted):
            continue
        catalog.add(message, locations=[(f"src/softmaxlab/{filename}", lineno)], auto_comments=comments,
                    context=context)
    return catalog


def read(path):
    with open(path, "rb") as f:
        return read_po(f, locale="ko")


def render(catalog):
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=True, include_previous=True, omit_header=False,
             include_lineno=False)  # file names only: an edit that moves a line does not make the catalogue stale
    return out.getvalue()


def updated(po=PO, paths=None):
    """The catalogue `po` merged with the messages in the code now (a new catalogue if there is none)."""
    catalog = read(po) if po.exists() else Catalog(locale="ko", project="softmaxlab")
    catalog.update(template(paths), no_fuzzy_matching=False, update_header_comment=False)
    catalog.obsolete.clear()  # a message gone from the code: its translation goes with it (git keeps the history)
    return catalog


def extract(check=False, po=PO, paths=None):
    """Update the catalogue `po` (default: the package's) with the messages of the code (or of `paths`)."""
    po = Path(po)
    new = render(updated(po, paths))
    old = po.read_bytes() if po.exists() else b""
    if _body(new) == _body(old):
        print(f"{po}: up to date")
        return 0
    if check:
        print(f"{po} is not up to date with the code: run `python tools/i18n_package.py extract`, "
              "translate what is new or fuzzy, then `compile`")
        return 1
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_bytes(new)
    print(f"{po}: written; " + status_line(read(po)))
    return 0


def _body(po_bytes):
    """The catalogue without its header dates (which change on every write)."""
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*"\n', b"", po_bytes)


def translations(extra=()):
    """{msgid: msgstr} of the translated, not fuzzy messages: the catalogue, then each extra one (which wins)."""
    table = {}
    for path in [PO, *extra]:
        if not Path(path).exists():
            continue
        for message in read(path):
            if message.id and message.string and not message.fuzzy:
                table[message.id] = message.string
    return table


def compile_mo(extra=()):
    catalog = Catalog(locale="ko", project="softmaxlab")
    for msgid, msgstr in translations(extra).items():
        catalog.add(msgid, msgstr)
    MO.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=MO.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        write_mo(f, catalog, use_fuzzy=False)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; every user of a shared install (a class hub) must read it
    os.replace(tmp, MO)  # whole or not at all: a kernel reading it meanwhile sees the old or the new one
    print(f"{MO.relative_to(ROOT)}: {len(catalog) - 1} messages")


def status_line(catalog):
    messages = [m for m in catalog if m.id]
    fuzzy = sum(m.fuzzy for m in messages)
    empty = sum(not m.string for m in messages)
    return f"{len(messages)} messages, {len(messages) - fuzzy - empty} translated, {fuzzy} fuzzy, {empty} untranslated"


# ---- lint ----------------------------------------------------------------------------------------------------------

def _docstrings(tree):
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def _text(node):
    """The literal text of a string constant or f-string (placeholders left out), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _words(text):
    return WORD.findall(NOT_PROSE.sub(" ", text))


def _name(func):
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def lint_file(path):
    """[(line, text)] of the learner-facing strings of one module that are not wrapped."""
    source = Path(path).read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip, labels = _docstrings(tree), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in WRAPPERS:
            for inner in ast.walk(node):
                skip.add(id(inner))
        elif isinstance(node, ast.JoinedStr):
            for inner in node.values:  # an f-string is judged whole, not part by part
                skip.add(id(inner))
        if isinstance(node, ast.Call):
            if _name(node.func) in LABEL_CALLS:
                labels.update(id(a) for a in node.args)
            labels.update(id(k.value) for k in node.keywords if k.arg in LABEL_KEYWORDS)
    found = []
    for node in ast.walk(tree):
        text = _text(node)
        if text is None or id(node) in skip:
            continue
        words = _words(text)
        if (len(words) >= 2 and re.search(r"\s", text)) or (words and id(node) in labels):
            if NO_MARK in lines[node.lineno - 1] or NO_MARK in lines[node.end_lineno - 1]:
                continue
            found.append((node.lineno, text))
    return sorted(found)


def lint(paths=None):
    files = [Path(p).resolve() for p in paths] if paths else sorted(PACKAGE.rglob("*.py"))
    files = [f for p in files for f in (sorted(p.rglob("*.py")) if p.is_dir() else [p])]
    total = 0
    for path in files:
        if path.name == "i18n.py":
            continue
        for line, text in lint_file(path):
            total += 1
            print(f"{path.relative_to(ROOT)}:{line}: {text[:100]!r}")
    print(f"{total} learner-facing strings not wrapped in _()")
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract")
    p.add_argument("--check", action="store_true")
    p.add_argument("--po", default=PO, help="the catalogue to update (default: locale/ko/softmaxlab.po)")
    p.add_argument("--paths", nargs="*", help="only the messages of these files or folders")
    p = sub.add_parser("compile")
    p.add_argument("--extra", nargs="*", default=[])
    sub.add_parser("status")
    p = sub.add_parser("lint")
    p.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "extract":
        return extract(args.check, args.po, args.paths)
    if args.command == "compile":
        compile_mo(args.extra)
        return 0
    if args.command == "status":
        print(status_line(read(PO)) if PO.exists() else f"{PO.relative_to(ROOT)}: none yet (run extract)")
        return 0
    return 1 if lint(args.paths) else 0


if __name__ == "__main__":
    sys.exit(main())
