"""The Korean edition cannot drift from the English course (issue 30).

Catalogues: locale/ko/notebooks/NN-topic.po (tools/i18n.py); the notebooks listed in locale/ko/translated.txt
must be translated completely, none fuzzy, each entry's English equal to the current English cell; each Korean
segment keeps the English one's numbers, LaTeX, code spans and link targets, and uses docs/ko-glossary.md's
terms; ko/notebooks and ko/student are what `tools/i18n.py apply` makes from the current sources.
"""
import collections
import copy
import importlib.util
import re
import shutil
from pathlib import Path

import nbformat
import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("i18n", ROOT / "tools" / "i18n.py")
i18n = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n)

LISTED = i18n.listed()
GLOSSARY = ROOT / "docs" / "ko-glossary.md"

DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])+?\$")
CODE = re.compile(r"(`+)(.+?)\1", re.S)
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
HTML_ATTR = re.compile(r"(?:src|href)=\"([^\"]+)\"")
# ASCII neighbours only: a Korean particle follows a number directly ("10분", "1로").
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:[.,]\d+)*(?:e[-+]?\d+)?(?![A-Za-z0-9_])")


def protected(text):
    """The parts of a segment a translation must keep as they are, and the prose that remains.

    >>> parts, prose = protected("Use `np.exp` on $a_i$, see [01](01-softmax.ipynb), 3 times.")
    >>> parts["code"], parts["latex"], parts["link"], parts["number"]
    (['`np.exp`'], ['$a_i$'], ['01-softmax.ipynb'], ['01', '3'])
    """
    parts = {"code": [], "latex": [], "link": [], "number": []}

    def take(kind, pattern, text, group=0):
        parts[kind] += [m.group(group) for m in pattern.finditer(text)]
        return pattern.sub(" ", text)

    text = take("code", CODE, text)
    text = take("latex", DISPLAY_MATH, text)
    text = take("latex", INLINE_MATH, text)
    text = take("link", LINK_TARGET, text, 1)
    text = take("link", HTML_ATTR, text, 1)
    text = re.sub(r"https?://\S+", " ", text)  # a bare URL: its digits are not numbers of the prose
    parts["number"] = NUMBER.findall(text)
    return parts, text


def glossary():
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) != 4 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        english, korean, pattern, forbidden = cells
        rows.append((english, korean, re.compile(pattern.strip("`"), re.I),
                     [f.strip() for f in forbidden.split(";") if f.strip()]))
    return rows


def entries():
    """Every translated entry of every catalogue (a catalogue in progress is checked too)."""
    out = []
    for path in sorted(i18n.CATALOGUES.glob("*.po")):
        po = polib.pofile(str(path), wrapwidth=0)
        out += [(path.stem + ".ipynb", e) for e in po if not e.obsolete and e.msgstr]
    return out


def entry_id(item):
    return item[1].msgctxt


ENTRIES = entries() + [("student.po", e) for e in polib.pofile(str(i18n.STUDENT_PO), wrapwidth=0) if not e.obsolete]


# ---------------------------------------------------------------- complete, not fuzzy, not stale

def test_the_first_four_notebooks_are_listed_as_translated():
    assert LISTED[:4] == ["00-welcome.ipynb", "01-softmax.ipynb", "02-overflow-trick.ipynb", "03-batching-axes.ipynb"]
    assert LISTED == sorted(LISTED) and len(set(LISTED)) == len(LISTED)


@pytest.mark.parametrize("name", LISTED)
def test_listed_catalogue_is_complete_and_follows_the_english(name):
    nb = nbformat.read(i18n.NOTEBOOKS / name, as_version=4)
    problems = i18n.incomplete(i18n.catalogue_path(name), i18n.segments(nb, name))
    assert not problems, f"{name}: the Korean catalogue does not match the English notebook:\n" + "\n".join(problems)


def test_student_catalogue_is_complete():
    assert not i18n.incomplete(i18n.STUDENT_PO, i18n.student_segments())


def test_catalogues_are_up_to_date():
    assert i18n.extract(check=True) == []


# ---------------------------------------------------------------- drift, on a temporary copy

@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """tools/i18n.py pointed at a copy of notebooks/01 and its catalogue in tmp_path."""
    (tmp_path / "notebooks").mkdir()
    name = "01-softmax.ipynb"
    shutil.copy(ROOT / "notebooks" / name, tmp_path / "notebooks" / name)
    shutil.copy(ROOT / "notebooks" / "00-welcome.ipynb", tmp_path / "notebooks" / "00-welcome.ipynb")
    catalogues = tmp_path / "locale" / "ko" / "notebooks"
    catalogues.mkdir(parents=True)
    shutil.copy(i18n.catalogue_path(name), catalogues / (Path(name).stem + ".po"))
    shutil.copy(i18n.STUDENT_PO, tmp_path / "locale" / "ko" / "student.po")
    (tmp_path / "locale" / "ko" / "translated.txt").write_text(name + "\n")
    for attr, value in [("ROOT", tmp_path), ("NOTEBOOKS", tmp_path / "notebooks"),
                        ("LOCALE", tmp_path / "locale" / "ko"), ("CATALOGUES", catalogues),
                        ("STUDENT_PO", tmp_path / "locale" / "ko" / "student.po"),
                        ("TRANSLATED", tmp_path / "locale" / "ko" / "translated.txt"), ("OUT", tmp_path / "ko")]:
        monkeypatch.setattr(i18n, attr, value)
    real = sorted((ROOT / "ko").rglob("*.ipynb"))
    yield tmp_path, name
    assert sorted((ROOT / "ko").rglob("*.ipynb")) == real, "the sandbox changed the real ko/"


def change_one_sentence(path):
    """Change one English sentence of 01's first markdown cell ("Softmax turns" -> "Softmax converts"); return its id."""
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "Softmax turns" in c.source)
    old = "Softmax turns"
    cell.source = cell.source.replace(old, "Softmax converts")
    nbformat.write(nb, path)
    return cell.id


def test_a_changed_english_sentence_fails_until_translated(sandbox, capsys):
    tmp, name = sandbox
    assert i18n.extract(check=True) == []
    written, problems = i18n.apply()
    assert written == [name] and problems == []

    cell_id = change_one_sentence(tmp / "notebooks" / name)
    # before extract: the catalogue's English is not the notebook's
    problems = i18n.incomplete(i18n.catalogue_path(name), i18n.segments(nbformat.read(tmp / "notebooks" / name, as_version=4), name))
    assert len(problems) == 1
    assert f"{name}#{cell_id}" in problems[0] and "Softmax converts" in problems[0], problems
    check = i18n.extract(check=True)
    assert len(check) == 1 and f"{name}#{cell_id}" in check[0] and "Softmax converts" in check[0], check

    # extract: the old translation stays, fuzzy, with the English it was made from
    assert i18n.extract() == []
    po = polib.pofile(str(i18n.catalogue_path(name)))
    entry = po.find(f"{name}#{cell_id}", by="msgctxt")
    assert "fuzzy" in entry.flags and entry.msgstr
    assert "Softmax turns" in entry.previous_msgid and "Softmax converts" in entry.msgid
    assert '#| msgid "' in i18n.catalogue_path(name).read_text(encoding="utf-8")
    assert i18n.extract(check=True) == []  # up to date, but not translated:
    written, problems = i18n.apply()
    assert written == [] and len(problems) == 1
    assert name in problems[0] and cell_id in problems[0] and "fuzzy" in problems[0] and "Softmax converts" in problems[0]

    # the translator checks the translation and removes the flag: it passes again
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    po.save(str(i18n.catalogue_path(name)))
    written, problems = i18n.apply()
    assert written == [name] and problems == []
    assert "#| msgid" not in i18n.catalogue_path(name).read_text(encoding="utf-8")


def test_extract_keeps_translations_and_an_untranslated_cell_blocks_apply(sandbox):
    tmp, name = sandbox
    before = i18n.catalogue_path(name).read_text(encoding="utf-8")
    assert i18n.extract() == []
    assert i18n.catalogue_path(name).read_text(encoding="utf-8") == before  # running it twice changes nothing
    nb = nbformat.read(tmp / "notebooks" / name, as_version=4)
    new = nbformat.v4.new_markdown_cell("A new paragraph with $x^2$.")
    new.id = "new-cell"
    nb.cells.insert(3, new)
    nbformat.write(nb, tmp / "notebooks" / name)
    assert i18n.extract() == []
    entry = polib.pofile(str(i18n.catalogue_path(name))).find(f"{name}#new-cell", by="msgctxt")
    assert entry.msgstr == "" and entry.msgid == "A new paragraph with $x^2$."
    written, problems = i18n.apply()
    assert written == [] and "new-cell" in problems[0] and "not translated" in problems[0]


def test_a_cell_with_a_new_id_keeps_its_translation_and_a_removed_one_stays_obsolete(sandbox):
    tmp, name = sandbox
    nb = nbformat.read(tmp / "notebooks" / name, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "Softmax turns" in c.source)
    old_id, translation = cell.id, polib.pofile(str(i18n.catalogue_path(name))).find(
        f"{name}#{cell.id}", by="msgctxt").msgstr
    cell.id = "renamed"
    nbformat.write(nb, tmp / "notebooks" / name)
    assert i18n.extract() == [] and i18n.extract() == []  # twice: the obsolete entry stays
    po = polib.pofile(str(i18n.catalogue_path(name)))
    assert po.find(f"{name}#renamed", by="msgctxt").msgstr == translation
    assert [e.msgctxt for e in po.obsolete_entries()] == [f"{name}#{old_id}"]
    assert i18n.apply()[1] == []


def test_only_listed_catalogues_are_written(sandbox):
    tmp, name = sandbox
    i18n.TRANSLATED.write_text("")  # complete, but not listed: not written
    assert i18n.apply() == ([], [])
    assert not (tmp / "ko" / "notebooks" / name).exists()
    po = polib.pofile(str(i18n.catalogue_path(name)))
    po[0].msgstr = ""  # incomplete and not listed: not written, no problem
    po.save(str(i18n.catalogue_path(name)))
    assert i18n.apply() == ([], [])
    i18n.TRANSLATED.write_text(name + "\n")  # incomplete and listed: a problem naming the cell
    written, problems = i18n.apply()
    assert written == [] and len(problems) == 1 and po[0].msgctxt in problems[0] and "not translated" in problems[0]


# ---------------------------------------------------------------- what a translation keeps

@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_numbers_latex_code_and_links_are_kept(item):
    name, entry = item
    english, _ = protected(entry.msgid)
    korean, _ = protected(entry.msgstr)
    for kind in english:
        missing = collections.Counter(english[kind]) - collections.Counter(korean[kind])
        if kind == "number":  # a number may be said once where the English repeats it
            missing = set(english[kind]) - set(korean[kind])
        assert not missing, f"{entry.msgctxt}: the Korean segment lacks the English {kind} {sorted(missing)}"


def test_protected_parts_are_found():
    parts, prose = protected("For $a$ and $$y = e^{a}$$, run `softmax(a)` on 1e-15 and 0.5 [see](02-x.ipynb) 710.")
    assert parts == {"code": ["`softmax(a)`"], "latex": ["$$y = e^{a}$$", "$a$"], "link": ["02-x.ipynb"],
                     "number": ["1e-15", "0.5", "710"]}


# ---------------------------------------------------------------- glossary

def test_glossary_is_parsed():
    rows = glossary()
    korean = [row[1] for row in rows]
    assert len(rows) >= 30 and len(set(korean)) == len(korean)
    for must in ["소프트맥스", "로짓", "교차 엔트로피", "역전파", "기울기", "야코비안", "레이블 스무딩", "온도", "어텐션"]:
        assert must in korean
    for english, term, _, forbidden in rows:
        assert not any(f in term for f in forbidden), english


@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_glossary_terms_are_used(item):
    name, entry = item
    _, english = protected(entry.msgid)
    _, korean = protected(entry.msgstr)
    for term, word, pattern, forbidden in glossary():
        used = [f for f in forbidden if f in korean]
        assert not used, f"{entry.msgctxt}: {used} where docs/ko-glossary.md says {word!r} ({term})"
        if pattern.search(english):
            assert word in korean, (f"{entry.msgctxt}: the English says {pattern.search(english).group(0)!r}; "
                                    f"the Korean should say {word!r} (docs/ko-glossary.md)")


def test_glossary_rejects_a_forbidden_term():
    forbidden = {row[1]: row[3] for row in glossary()}
    assert "크로스 엔트로피" in forbidden["교차 엔트로피"] and "라벨" in forbidden["레이블"]


# ---------------------------------------------------------------- the generated editions

@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("ko")
    written, problems = i18n.apply(out)
    assert not problems, problems
    return out, written


def test_korean_editions_hold_exactly_the_listed_notebooks(fresh):
    for folder in ("notebooks", "student"):
        assert sorted(p.name for p in (ROOT / "ko" / folder).glob("*.ipynb")) == sorted(LISTED)


def comparable(nb, outputs):
    cells = [(c.cell_type, c.get("id"), c.source, dict(c.metadata),
              (c.get("outputs"), c.get("execution_count")) if outputs and c.cell_type == "code" else None)
             for c in nb.cells]
    return nb.metadata, cells


@pytest.mark.parametrize("name", LISTED)
def test_korean_notebook_is_not_stale(name, fresh):
    out, _ = fresh
    made = nbformat.read(out / "notebooks" / name, as_version=4)
    committed = nbformat.read(ROOT / "ko" / "notebooks" / name, as_version=4)
    assert comparable(committed, False) == comparable(made, False), (
        f"ko/notebooks/{name} is stale: run `make korean`")
    student_made = nbformat.read(out / "student" / name, as_version=4)
    student = nbformat.read(ROOT / "ko" / "student" / name, as_version=4)
    assert comparable(student, True) == comparable(student_made, True), f"ko/student/{name} is stale: run `make korean`"


spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


@pytest.mark.parametrize("name", LISTED)
def test_korean_notebook_was_executed_and_cleaned(name):
    korean = nbformat.read(ROOT / "ko" / "notebooks" / name, as_version=4)
    counts = [c.execution_count for c in korean.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"ko/notebooks/{name}: not executed top to bottom: run `make korean`"
    errors = [o for c in korean.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, f"ko/notebooks/{name}: error outputs"
    assert korean == execute_notebooks.clean(copy.deepcopy(korean)), f"ko/notebooks/{name}: metadata not clean"


@pytest.mark.parametrize("name", LISTED)
def test_korean_links_reach_a_file(name):
    for folder in ("notebooks", "student"):
        nb = nbformat.read(ROOT / "ko" / folder / name, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for target in LINK_TARGET.findall(cell.source):
                if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):
                    continue
                assert (ROOT / "ko" / folder / target.split("#")[0]).resolve().exists(), (
                    f"ko/{folder}/{name}, cell {cell.id}: the link {target} reaches no file")


def test_korean_student_edition_is_in_korean_and_hides_solutions():
    for name in LISTED:
        nb = nbformat.read(ROOT / "ko" / "student" / name, as_version=4)
        assert nb.cells[0].id == i18n.BANNER_ID and "학생용" in nb.cells[0].source
        assert nb.cells[1].id == i18n.LINK_ID and f"(../notebooks/{name})" in nb.cells[1].source
        assert not any("BEGIN SOLUTION" in c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("folder", ["notebooks", "student"])
def test_korean_notebooks_switch_the_package_to_korean_after_the_setup_cell(fresh, folder):
    """Each Korean notebook (and its student edition) calls ``softmaxlab.set_language("ko")`` in the code cell
    right after the set-up cell, with a fixed id; the set-up cell installs ``softmaxlab[ko]``."""
    out, written = fresh
    for name in written:
        nb = nbformat.read(out / folder / name, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "colab-setup" in code[0].metadata.get("tags", []), f"ko/{folder}/{name}: the set-up cell is not first"
        assert '"softmaxlab[ko] @ git+https://github.com/' in code[0].source, code[0].source
        assert code[1].id == i18n.LANGUAGE_ID and code[1].source == i18n.LANGUAGE_CELL
        assert sum("set_language" in c.source for c in code) == 1
        if folder == "notebooks":  # the rest of the code is the English notebook's
            english = nbformat.read(i18n.NOTEBOOKS / name, as_version=4)
            assert [c.source for c in code[2:]] == [c.source for c in english.cells if c.cell_type == "code"][1:]


def test_english_notebooks_do_not_switch_the_language():
    for path in sorted(i18n.NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert not any("set_language" in c.source or c.get("id") == i18n.LANGUAGE_ID for c in nb.cells), path.name


def test_korean_colab_and_binder_links_open_the_korean_edition(fresh):
    out, written = fresh
    for folder in ("notebooks", "student"):
        for name in written:
            nb = nbformat.read(out / folder / name, as_version=4)
            link = next(c for c in nb.cells if "colab-link" in c.metadata.get("tags", []))
            assert "/blob/v" in link.source and f"/ko/student/{name})" in link.source, link.source
            text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
            hosted = re.findall(r"(?:colab\.research\.google\.com/github|mybinder\.org)/\S*?"
                                r"(?:/blob/[\w.-]+/|urlpath=lab/tree/)((?:ko/)?)(?:student|notebooks)/(\d\d-[\w-]+\.ipynb)",
                                text)
            assert all(ko == "ko/" for ko, target in hosted if target in written), (name, hosted)


def test_rehost_points_only_listed_notebooks_at_ko():
    colab = "https://colab.research.google.com/github/OWNER/softmaxlab/blob/v0.1.0/"
    binder = "https://mybinder.org/v2/gh/me/softmaxlab/v1.0.0?urlpath=lab/tree/"
    text = (f"[a]({colab}student/01-softmax.ipynb) [b]({colab}notebooks/05-x.ipynb) [c]({binder}student/01-softmax.ipynb) "
            f"[d]({colab}ko/student/01-softmax.ipynb) [e](https://github.com/me/softmaxlab/blob/main/notebooks/01-softmax.ipynb)")
    assert i18n.rehost(text, {"01-softmax.ipynb"}) == (
        f"[a]({colab}ko/student/01-softmax.ipynb) [b]({colab}notebooks/05-x.ipynb) [c]({binder}ko/student/01-softmax.ipynb) "
        f"[d]({colab}ko/student/01-softmax.ipynb) [e](https://github.com/me/softmaxlab/blob/main/ko/notebooks/01-softmax.ipynb)")


def test_the_language_cell_makes_the_package_speak_korean():
    import subprocess
    import sys
    code = i18n.LANGUAGE_CELL + "\nprint(softmaxlab.language())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert result.returncode == 0 and result.stdout.strip() == "ko", result.stderr[-2000:]


def test_relink_reaches_english_notebooks_without_korean_edition():
    text = "[a](01-softmax.ipynb) [b](05-x.ipynb#part) [c](../README.md) [d](https://x.org/1.ipynb)"
    assert i18n.relink(text, {"01-softmax.ipynb"}) == (
        "[a](01-softmax.ipynb) [b](../../notebooks/05-x.ipynb#part) [c](../../README.md) [d](https://x.org/1.ipynb)")


@pytest.mark.parametrize("name", LISTED)
def test_korean_figures_keep_their_alt_text(name):
    """As tests/test_accessibility.py asks of notebooks/: every PNG output carries an alt text (the package's, in
    English this session, like every output of the package)."""
    nb = nbformat.read(ROOT / "ko" / "notebooks" / name, as_version=4)
    missing = [cell.id for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs
               if "image/png" in output.get("data", {})
               and not output.get("metadata", {}).get("image/png", {}).get("alt", "").strip()]
    assert not missing, f"ko/notebooks/{name}: PNG outputs without alt text in cells {missing}"


# ---------------------------------------------------------------- emphasis that closes

_MARKDOWN = None


def literal_asterisks(text):
    """The text runs of a markdown segment that still hold an asterisk once it is parsed as CommonMark.

    An emphasis run (``*`` or ``**``) opens or closes only where CommonMark's left/right-flanking rules allow: a
    closing ``**`` right after a code span or punctuation and right before a Korean letter does not close, and the
    reader sees the asterisks. mistune (installed with nbconvert) applies these rules; code spans and LaTeX are not
    searched.

    >>> literal_asterisks("**`log_softmax`**입니다"), literal_asterisks("**`log_softmax`** 입니다")
    (['**', '**입니다'], [])
    >>> literal_asterisks("*Correct!*라고"), literal_asterisks("**소프트맥스**입니다"), literal_asterisks("$a*b$")
    (['*Correct!*라고'], [], [])
    """
    global _MARKDOWN
    if _MARKDOWN is None:
        import mistune
        _MARKDOWN = mistune.create_markdown(renderer="ast", plugins=["math", "table", "strikethrough"])
    found = []

    def walk(nodes):
        for node in nodes:
            if node.get("type") == "text" and "*" in node.get("raw", ""):
                found.append(node["raw"])
            walk(node.get("children") or [])

    walk(_MARKDOWN(text))
    return found


@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_emphasis_closes_in_korean(item):
    """A ``**`` or ``*`` the English closes must close in Korean too (an asterisk the English shows may stay)."""
    name, entry = item
    if literal_asterisks(entry.msgid):
        return  # the English itself shows an asterisk: compare by eye
    stray = literal_asterisks(entry.msgstr)
    assert not stray, (f"{entry.msgctxt}: emphasis that does not close in CommonMark, the reader sees the asterisks "
                       f"in {stray} (put a space, or move the particle inside the emphasis)")


def test_emphasis_check_follows_commonmark():
    assert literal_asterisks("이것이 **`log_softmax`**입니다.")  # closing ** after a code span, before a Korean letter
    assert literal_asterisks("*Correct!*라고")  # after punctuation, before a Korean letter
    assert literal_asterisks("*Correct!* 라고") == literal_asterisks("'*Correct!*'라고") == []
    assert literal_asterisks("**`log_softmax` 함수**입니다") == literal_asterisks("$a * b$, `a*b`") == []
