"""The Korean edition's catalogues: extract the English markdown into gettext .po files, apply the translations.

    python tools/i18n.py extract [NB.ipynb ...]   # update locale/ko/notebooks/NN-topic.po (default: every catalogue there)
    python tools/i18n.py extract --check          # change nothing; exit 1 if a catalogue is not up to date
    python tools/i18n.py status                   # entries translated / fuzzy / untranslated per catalogue
    python tools/i18n.py apply                    # write ko/notebooks/ and ko/student/ from the complete catalogues

Catalogues (gettext ``.po``, read by Poedit, Weblate, Crowdin, Lokalize). One per notebook,
``locale/ko/notebooks/NN-topic.po``, one entry per markdown cell: ``msgctxt`` is ``"NN-topic.ipynb#<cell id>"``,
``msgid`` the English cell source exactly, ``msgstr`` its Korean. Code cells are shared, never translated.
``locale/ko/student.po`` holds the two texts the student edition adds (tools/make_student.py's banner and
tools/student_edition.py's link to the complete notebook).

``extract`` keeps every translation. An entry whose English changed keeps its old translation, marked
``fuzzy``, with the English it was made from as ``#| msgid`` (as GNU msgmerge does), so a translator sees the
difference; an entry whose cell is gone becomes obsolete (``#~``); a new cell gets an empty entry, unless
an entry with the same English exists elsewhere in the catalogue (a cell that changed id), whose translation
it takes.

``apply`` writes ``ko/notebooks/NN-topic.ipynb`` for every notebook listed in ``locale/ko/translated.txt`` (the
edition's release list: a catalogue is listed once complete and reviewed), and fails unless each listed catalogue
is complete (every entry translated, none fuzzy, none missing, each English equal to the notebook's): the English
notebook with each markdown cell's source replaced by its translation; code cells, cell ids, outputs and notebook metadata are the English ones (``make korean`` then executes the
Korean notebooks). A relative link to a notebook that has no Korean edition (not listed), or to a file outside
notebooks/, is rewritten to reach the English file from ko/notebooks/; links to translated siblings stay as
they are. A Colab, GitHub or Binder link to a listed notebook (``.../student/NN-topic.ipynb``) is pointed at its
Korean edition (``.../ko/student/NN-topic.ipynb``). The set-up cell installs ``softmaxlab[ko]`` (tools/colab_cell.py's
``korean_setup``: the extra with the Korean font for figures), and right after it a code cell with the fixed id
``set-language`` calls ``softmaxlab.set_language("ko")``, so that the package's messages come in Korean. Then ``ko/student/`` from ``ko/notebooks/`` with tools/student_edition.py's ``student_edition``
(tools/make_student.py's student version), its two English texts replaced by ``locale/ko/student.po``'s.

polib is used rather than Babel (whose catalogue code is built around extracting messages from Python
source, not around merging documents) or mdpo (which splits markdown into paragraphs with its own
markdown parser and would re-render the cell, where the course needs each cell's source byte for byte).
"""
import argparse
import importlib.util
import posixpath
import re
import sys
from pathlib import Path

import nbformat
import polib

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"
LOCALE = ROOT / "locale" / "ko"
CATALOGUES = LOCALE / "notebooks"
STUDENT_PO = LOCALE / "student.po"
TRANSLATED = LOCALE / "translated.txt"
OUT = ROOT / "ko"
BANNER_ID, LINK_ID = "student-banner", "complete-version"
LANGUAGE_ID = "set-language"  # the fixed id (and tag) of the code cell that switches the package to Korean
LANGUAGE_CELL = (
    "# 이 셀을 실행하면 softmaxlab의 메시지(체커의 답과 힌트, 위젯의 글자, 오류 메시지)가 한국어로 나옵니다.\n"
    "import softmaxlab\n"
    "\n"
    'softmaxlab.set_language("ko")')
# A link into the repository's notebooks/ or student/ on Colab, GitHub or Binder: in a Korean notebook it opens
# the Korean sibling (ko/notebooks/, ko/student/) when there is one.
HOSTED = re.compile(r"((?:colab\.research\.google\.com/github|github\.com)/[\w.-]+/[\w.-]+/blob/[\w.\-/]+?/"
                    r"|mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+\?urlpath=lab/tree/)"
                    r"(student|notebooks)/(\d\d-[a-z0-9-]+\.ipynb)")
NAME_SLOT = "{name}"  # where the notebook's file name goes in the student edition's link text
LINK = re.compile(r"(\]\(|(?:src|href)=\")([^)\s\"]+)")
HEADER = {
    "Project-Id-Version": "softmaxlab",
    "Language": "ko",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- segments

def segments(nb, name):
    """The translatable segments of notebook `nb`: [(msgctxt, English source)], one per markdown cell."""
    out = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        if not cell.get("id"):
            raise ValueError(f"{name}, cell {index}: a markdown cell without an id (nbformat >= 4.5 gives every cell one)")
        out.append((f"{name}#{cell.id}", cell.source))
    return out


def student_segments():
    """The student edition's own English texts, as in tools/make_student.py and tools/student_edition.py."""
    make_student, student_edition = _tool("make_student"), _tool("student_edition")
    name = "00-welcome.ipynb"
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    link = student_edition.complete_link(nb, name).replace(name, NAME_SLOT)
    return [(BANNER_ID, make_student.BANNER), (LINK_ID, link)]


def listed():
    """The notebooks listed as translated in locale/ko/translated.txt (names, e.g. '01-softmax.ipynb')."""
    if not TRANSLATED.exists():
        return []
    lines = (line.split("#")[0].strip() for line in TRANSLATED.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


# ---------------------------------------------------------------- extract

def merge(old, wanted):
    """A new catalogue with the entries `wanted` ([(msgctxt, msgid)]), translations taken from `old`."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(HEADER)
    if old is not None:
        po.metadata.update({k: v for k, v in old.metadata.items() if k not in HEADER})
    by_ctxt = {e.msgctxt: e for e in (old or [])}
    by_ctxt.update({e.msgctxt: e for e in (old.obsolete_entries() if old else []) if e.msgctxt not in by_ctxt})
    by_id = {}
    for e in (old or []):
        if e.msgstr and "fuzzy" not in e.flags:
            by_id.setdefault(e.msgid, e)
    used = set()
    for ctxt, msgid in wanted:
        entry = polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr="")
        before = by_ctxt.get(ctxt)
        if before is not None and before.msgid == msgid:
            entry.msgstr, entry.flags = before.msgstr, list(before.flags)
            entry.previous_msgid = before.previous_msgid if "fuzzy" in before.flags else None
            entry.tcomment = before.tcomment
        elif before is not None and before.msgstr:
            # the English changed: keep the translation, fuzzy, with the English it translates
            entry.msgstr, entry.flags = before.msgstr, ["fuzzy"]
            entry.previous_msgid = before.previous_msgid if "fuzzy" in before.flags and before.previous_msgid else before.msgid
            entry.tcomment = before.tcomment
        elif msgid in by_id:
            entry.msgstr, entry.tcomment = by_id[msgid].msgstr, by_id[msgid].tcomment
        po.append(entry)
        used.add(ctxt)
    for e in (old or []):  # a removed cell's translation is kept, obsolete (#~), as msgmerge does
        if e.msgctxt not in used and e.msgstr:
            po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=e.msgstr, obsolete=True))
            used.add(e.msgctxt)
    return po


def render(po):
    return str(po).rstrip("\n") + "\n"


def catalogue_path(name):
    return CATALOGUES / (Path(name).stem + ".po")


def targets(names):
    """(catalogue path, wanted entries, description) for each notebook name, and for student.po."""
    out = []
    for name in names:
        path = NOTEBOOKS / name
        if not path.exists():
            raise ValueError(f"{name}: no such notebook in notebooks/")
        out.append((catalogue_path(name), segments(nbformat.read(path, as_version=4), name), name))
    out.append((STUDENT_PO, student_segments(), "the student edition's banner and link"))
    return out


def extract(names=None, check=False):
    """Write or (with `check`) compare the catalogues of `names`.

    Default: every catalogue present, or with `check` the notebooks listed in locale/ko/translated.txt.

    Returns a list of problems (empty: up to date or written).
    """
    if names is None:  # a check concerns the translated notebooks; an update, every catalogue
        names = listed() if check else sorted(p.stem + ".ipynb" for p in CATALOGUES.glob("*.po"))
    problems = []
    for path, wanted, what in targets(names):
        old = polib.pofile(str(path), wrapwidth=0) if path.exists() else None
        text = render(merge(old, wanted))
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if text == current:
            continue
        if check:
            problems.append(f"{path.relative_to(ROOT)} is not up to date with {what}: "
                            f"run `python tools/i18n.py extract`, then translate" + describe_changes(old, wanted))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {summary(polib.pofile(str(path)))}")
    return problems


def describe_changes(old, wanted):
    before = {e.msgctxt: e.msgid for e in (old or []) if not e.obsolete}
    lines = []
    for ctxt, msgid in wanted:
        if ctxt not in before:
            lines.append(f"  new cell {ctxt}: {first_line(msgid)}")
        elif before[ctxt] != msgid:
            lines.append(f"  cell {ctxt} changed: {changed_sentence(before[ctxt], msgid)}")
    gone = set(before) - {c for c, _ in wanted}
    lines += [f"  cell {ctxt} is gone" for ctxt in sorted(gone)]
    return ("\n" + "\n".join(lines)) if lines else ""


def first_line(text):
    line = text.strip().split("\n")[0]
    return line if len(line) <= 100 else line[:97] + "..."


SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")


def changed_sentence(old, new):
    """The first sentence of `new` that is not in `old`, quoted (what a translator must look at)."""
    known = set(s.strip() for s in SENTENCE.split(old))
    for sentence in SENTENCE.split(new):
        if sentence.strip() and sentence.strip() not in known:
            return repr(sentence.strip())
    return "(only whitespace or a removed sentence: " + repr(first_line(old)) + " -> " + repr(first_line(new)) + ")"


# ---------------------------------------------------------------- status

def summary(po):
    entries = [e for e in po if not e.obsolete]
    fuzzy = sum("fuzzy" in e.flags for e in entries)
    empty = sum(not e.msgstr for e in entries)
    return f"{len(entries) - fuzzy - empty}/{len(entries)} translated, {fuzzy} fuzzy, {empty} untranslated"


def incomplete(po_path, wanted):
    """Why the catalogue at `po_path` cannot be applied for `wanted`, as a list of sentences (empty: complete)."""
    if not po_path.exists():
        return [f"{po_path.relative_to(ROOT)} does not exist"]
    po = polib.pofile(str(po_path), wrapwidth=0)
    entries = {e.msgctxt: e for e in po if not e.obsolete}
    problems = []
    for ctxt, msgid in wanted:
        e = entries.get(ctxt)
        if e is None:
            problems.append(f"{ctxt}: no entry (run `python tools/i18n.py extract`)")
        elif e.msgid != msgid:
            problems.append(f"{ctxt}: the English changed without its translation: {changed_sentence(e.msgid, msgid)}")
        elif "fuzzy" in e.flags:
            what = changed_sentence(e.previous_msgid, msgid) if e.previous_msgid else repr(first_line(msgid))
            problems.append(f"{ctxt}: fuzzy (the English changed: {what}); check the translation, then remove the flag")
        elif not e.msgstr:
            problems.append(f"{ctxt}: not translated: {first_line(msgid)!r}")
    return problems


# ---------------------------------------------------------------- apply

def relink(text, korean):
    """Rewrite the relative links of a Korean cell: a sibling notebook without a Korean edition, or any file
    outside notebooks/, is reached in the English tree from ko/notebooks/ (and ko/student/, at the same depth)."""
    def fix(match):
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target):
            return match.group(0)  # a URL, an anchor or an absolute path
        path, _, anchor = target.partition("#")
        if "/" not in path and path in korean:
            return match.group(0)  # a translated sibling: the Korean one
        english = posixpath.normpath(posixpath.join("notebooks", path))
        new = posixpath.relpath(english, "ko/notebooks") + (("#" + anchor) if anchor else "")
        return match.group(1) + new
    return LINK.sub(fix, text)


def rehost(text, korean):
    """Point the Colab, GitHub and Binder links of a Korean cell at the Korean edition of a listed notebook.

    >>> rehost("[o](https://colab.research.google.com/github/OWNER/softmaxlab/blob/v0.1.0/student/01-softmax.ipynb)",
    ...        {"01-softmax.ipynb"})
    '[o](https://colab.research.google.com/github/OWNER/softmaxlab/blob/v0.1.0/ko/student/01-softmax.ipynb)'
    """
    def fix(m):
        if m.group(3) not in korean or m.group(1).endswith("/ko/"):
            return m.group(0)
        return m.group(1) + "ko/" + m.group(2) + "/" + m.group(3)
    return HOSTED.sub(fix, text)


def language_cell():
    """The code cell that makes the package speak Korean (`softmaxlab.set_language("ko")`)."""
    cell = nbformat.v4.new_code_cell(LANGUAGE_CELL, metadata={"tags": [LANGUAGE_ID], "slideshow": {"slide_type": "skip"}})
    cell.id = LANGUAGE_ID
    return cell


def korean_code(nb, name):
    """In place: the set-up cell installs ``softmaxlab[ko]`` (tools/colab_cell.py's Korean set-up), and the cell that
    calls ``softmaxlab.set_language("ko")`` comes right after it (first if the notebook has no set-up cell)."""
    colab_cell = _tool("colab_cell")
    setup = [i for i, c in enumerate(nb.cells) if colab_cell.SETUP_TAG in c.metadata.get("tags", [])]
    if any(c.get("id") == LANGUAGE_ID for c in nb.cells):
        raise ValueError(f"{name}: the English notebook already has a cell with id {LANGUAGE_ID!r}")
    if setup:
        cell = nb.cells[setup[0]]
        cell.source = colab_cell.korean_setup(cell.source)
    nb.cells.insert(setup[0] + 1 if setup else 0, language_cell())


def translated_notebook(nb, name, po, korean):
    """The Korean notebook: `nb` with each markdown cell replaced by its translation in `po`, links to the
    Korean edition, and the code cell that switches the package to Korean after the set-up cell."""
    nb = nbformat.from_dict(nb)
    table = {e.msgctxt: e.msgstr for e in po if not e.obsolete}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = rehost(relink(table[f"{name}#{cell.id}"], korean), korean)
    korean_code(nb, name)
    return nb


def korean_student(nb, name, student_po):
    """The Korean student edition of the Korean notebook `nb`."""
    student_edition = _tool("student_edition")
    english = nbformat.read(NOTEBOOKS / name, as_version=4)
    student = student_edition.student_edition(nb, name)
    table = {e.msgctxt: e.msgstr for e in student_po if not e.obsolete}
    link = student_edition.complete_link(english, name)
    for cell in student.cells:
        if cell.get("id") == BANNER_ID:
            cell.source = table[BANNER_ID]
        elif cell.get("id") == LINK_ID:
            if cell.source != link:
                raise ValueError(f"{name}: the student edition's link is not tools/student_edition.py's")
            cell.source = table[LINK_ID].replace(NAME_SLOT, name) + colab_complete(nb, name)
    return student


def colab_complete(nb, name):
    """Once the course is published, the Korean student edition's link to the complete notebook on Colab (as
    tools/student_edition.py adds to the English one), to the Korean complete notebook; before, nothing."""
    colab_cell = _tool("colab_cell")
    target = colab_cell.target_of(nb)
    if not target or target[0] == colab_cell.PLACEHOLDER:
        return ""
    return f" Colab에서는 [완성된 노트북 열기]({colab_cell.colab_url(*target, 'ko/notebooks/' + name)})."


def apply(out=None):
    """Write out/notebooks and out/student (default: ko/) from the complete catalogues.

    Returns (written names, problems); nothing is written when there are problems.
    """
    out = OUT if out is None else out
    problems = []
    student_wanted = student_segments()
    problems += [f"student.po: {p}" for p in incomplete(STUDENT_PO, student_wanted)]
    ready, unlisted = {}, []
    for po_path in sorted(CATALOGUES.glob("*.po")):
        name = po_path.stem + ".ipynb"
        if not (NOTEBOOKS / name).exists():
            problems.append(f"{po_path.relative_to(ROOT)}: no notebooks/{name} (remove the catalogue)")
        elif name not in listed():
            unlisted.append(name)
    for name in listed():
        po_path = catalogue_path(name)
        if not (NOTEBOOKS / name).exists():
            problems.append(f"{name} is listed in {TRANSLATED.relative_to(ROOT)} but notebooks/{name} does not exist")
            continue
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        why = incomplete(po_path, segments(nb, name))
        if why:
            problems.append(f"{name} is listed in {TRANSLATED.relative_to(ROOT)} but its catalogue is not complete:\n    "
                            + "\n    ".join(why))
        else:
            ready[name] = (nb, polib.pofile(str(po_path), wrapwidth=0))
    if problems:
        return [], problems
    for name in unlisted:
        print(f"{name}: not written (not listed in {TRANSLATED.relative_to(ROOT)})")
    student_po = polib.pofile(str(STUDENT_PO), wrapwidth=0)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    (out / "student").mkdir(parents=True, exist_ok=True)
    for name, (nb, po) in ready.items():
        korean = translated_notebook(nb, name, po, ready)
        nbformat.write(korean, out / "notebooks" / name)
        nbformat.write(korean_student(korean, name, student_po), out / "student" / name)
    for folder in ("notebooks", "student"):
        for stale in (out / folder).glob("*.ipynb"):
            if stale.name not in ready:
                stale.unlink()
    return sorted(ready), []


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="write or update the catalogues")
    ex.add_argument("notebooks", nargs="*", type=Path,
                    help="notebooks/NN-topic.ipynb (default: those with a catalogue; with --check, the listed ones)")
    ex.add_argument("--check", action="store_true", help="change nothing; fail if a catalogue is not up to date")
    sub.add_parser("status", help="how much of each catalogue is translated")
    ap = sub.add_parser("apply", help="write ko/notebooks and ko/student")
    ap.add_argument("--out", type=Path, default=None, help="default: ko/")
    args = parser.parse_args(argv)
    if args.command == "extract":
        names = [p.name for p in args.notebooks] or None
        problems = extract(names, check=args.check)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        if args.check:
            print("catalogues up to date with the English notebooks")
        return 0
    if args.command == "status":
        for po_path in sorted(CATALOGUES.glob("*.po")) + [STUDENT_PO]:
            if po_path.exists():
                print(f"{po_path.relative_to(ROOT)}: {summary(polib.pofile(str(po_path)))}")
        return 0
    written, problems = apply(args.out)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"{len(written)} Korean notebooks in {args.out or OUT}/notebooks/ and student/: " + ", ".join(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
