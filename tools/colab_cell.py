"""Put an "Open in Colab" link and a set-up cell at the top of every notebook (idempotent).

    python tools/colab_cell.py                                   # notebooks/*.ipynb and the README
    python tools/colab_cell.py --repo you/softmaxlab --ref v0.1.0   # when the course is published

Each notebook gets, before its first cell (or updated in place, found by their tags):

- a markdown cell tagged ``colab-link``: a link that opens the *student edition* of the notebook
  (``student/NN-topic.ipynb``, exercises unsolved) on Google Colab;
- a code cell tagged ``colab-setup`` that installs the course package only where it is missing
  (``pip install softmaxlab @ git+https://github.com/REPO@REF``, pinned to a tag). Where the package
  is installed (``make lab``, ``make test``, Binder) the cell does nothing and prints nothing. The
  environment variable ``SOFTMAXLAB_SPEC`` replaces what it installs (tests point it at a checkout).

Both cells are marked ``slide_type: skip`` (not in the slides). The tool also rewrites the line of
notebooks/00-welcome.ipynb that starts with ``- **On Binder``, and in README.md and README.ko.md the
Binder links' repository and tag (each keeps the notebook it opens) and the block between
``<!-- colab-links -->`` and ``<!-- /colab-links -->``: a table of Colab links to the student edition
and the complete notebook, in English and, for each notebook in ko/notebooks/, in Korean.

The Korean edition (ko/notebooks/, ko/student/) is written by tools/i18n.py, which gives it the
Korean set-up cell (:func:`korean_setup`: ``softmaxlab[ko]``, the extra with the Korean font for
figures) and Colab links to ko/. Given a notebook under ``ko/``, this tool changes only the
repository and tag in its links and set-up cell (the Korean text stays); ``--catalogues`` does the
same in the Korean catalogues' Colab-link entries (locale/ko/notebooks/*.po), so that publishing
does not leave them stale.

REPO defaults to the placeholder ``OWNER/softmaxlab``: until it is replaced (README, Publishing),
the links say that they work once the course is published. REF defaults to ``v`` + the version in
pyproject.toml, the tag to push when releasing. Running the tool twice changes nothing.
"""
import argparse
import re
import sys
import textwrap
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = "OWNER/softmaxlab"
LINK_TAG, SETUP_TAG = "colab-link", "colab-setup"
SKIP = {"slide_type": "skip"}
SETUP = '''\
# Installs the course package only where it is missing (as on Colab); elsewhere this cell does nothing.
import importlib, importlib.util, os, subprocess, sys
if importlib.util.find_spec("softmaxlab") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    os.environ.get("SOFTMAXLAB_SPEC", "softmaxlab @ git+https://github.com/{repo}@{ref}")], check=True)
    importlib.invalidate_caches()'''
COLAB = "https://colab.research.google.com/github/{repo}/blob/{ref}/{path}"
BINDER = "https://mybinder.org/v2/gh/{repo}/{ref}?urlpath=lab/tree/student/00-welcome.ipynb"
NOT_YET = " (this link works once the course is published: see *Publishing* in the README)"
LINK_URL = re.compile(r"colab\.research\.google\.com/github/([\w.-]+/[\w.-]+)/blob/([\w.\-/]+?)/(?:ko/)?(?:student|notebooks)/")
SETUP_COMMENT_KO = ("# Colab처럼 강의 패키지가 없는 곳에서만 패키지를 설치합니다. 이미 설치된 곳에서는 이 셀이 아무 일도 하지 않습니다.\n"
                    "# softmaxlab[ko]는 그림의 한글을 위한 글꼴도 함께 설치합니다.")
NOT_YET_KO = " (이 링크는 강의가 공개된 뒤에 동작합니다. README의 *Publishing* 절을 보세요.)"
HOSTED_REF = re.compile(r"(colab\.research\.google\.com/github/|github\.com/)[\w.-]+/[\w.-]+/blob/[\w.\-/]+?"
                        r"(/(?:ko/)?(?:student|notebooks)/)")
WELCOME_LINE = re.compile(r"^- \*\*On Binder.*?(?=\n\S|\n\n|\Z)", re.M | re.S)
BINDER_URL = re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+\?urlpath=([^)\s]*)")
BINDER_BASE = "https://mybinder.org/v2/gh/{repo}/{ref}"
README_BLOCK = re.compile(r"(<!-- colab-links -->\n).*?(<!-- /colab-links -->)", re.S)


def default_ref():
    return "v" + tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def colab_url(repo, ref, path):
    return COLAB.format(repo=repo, ref=ref, path=path)


def link_text(name, repo, ref):
    url = colab_url(repo, ref, f"student/{name}")
    text = (f"[Open in Colab]({url}): the student edition of this notebook (exercises unsolved), "
            "nothing to install")
    return text + (NOT_YET if repo == PLACEHOLDER else ".")


def target_of(nb):
    """(repo, ref) the notebook's Colab link points to, or None if it has no link cell."""
    for cell in nb.cells:
        if LINK_TAG in cell.metadata.get("tags", []):
            match = LINK_URL.search(cell.source)
            if match:
                return match.group(1), match.group(2)
    return None


def _cell(cells, tag):
    found = [c for c in cells if tag in c.metadata.get("tags", [])]
    if len(found) > 1:
        raise ValueError(f"{len(found)} cells are tagged {tag!r}; there must be at most one")
    return found[0] if found else None


def apply(nb, name, repo=PLACEHOLDER, ref=None):
    """Return a copy of `nb` with the link and set-up cells first, up to date; nothing else changes."""
    ref = ref or default_ref()
    nb = nbformat.from_dict(nb)
    link, setup = _cell(nb.cells, LINK_TAG), _cell(nb.cells, SETUP_TAG)
    rest = [c for c in nb.cells if c is not link and c is not setup]
    if link is None:
        link = nbformat.v4.new_markdown_cell()
        link.id = "colab-link"
    if setup is None:
        setup = nbformat.v4.new_code_cell()
        setup.id = "colab-setup"
    link.source = link_text(name, repo, ref)
    setup.source = SETUP.format(repo=repo, ref=ref)
    for cell, tag in ((link, LINK_TAG), (setup, SETUP_TAG)):
        tags = cell.metadata.get("tags", [])
        cell.metadata["tags"] = tags if tag in tags else tags + [tag]
        cell.metadata["slideshow"] = dict(SKIP)
    nb.cells = [link, setup] + rest
    if name.startswith("00-"):
        for cell in nb.cells:
            if cell.cell_type == "markdown" and WELCOME_LINE.search(cell.source):
                cell.source = WELCOME_LINE.sub(lambda _: welcome_line(repo, ref), cell.source, count=1)
    return nb


def korean_setup(source):
    """The Korean edition's set-up cell from the English one: it installs ``softmaxlab[ko]``, commented in Korean.

    >>> print(korean_setup(SETUP.format(repo=PLACEHOLDER, ref="v0.1.0")).splitlines()[5])
                        os.environ.get("SOFTMAXLAB_SPEC", "softmaxlab[ko] @ git+https://github.com/OWNER/softmaxlab@v0.1.0")], check=True)
    """
    first, _, rest = source.partition("\n")
    if first != SETUP.partition("\n")[0] or rest.count('"softmaxlab @ ') != 1:
        raise ValueError("the set-up cell is not tools/colab_cell.py's: run python tools/colab_cell.py")
    return SETUP_COMMENT_KO + "\n" + rest.replace('"softmaxlab @ ', '"softmaxlab[ko] @ ')


def rehost(text, repo, ref):
    """`text` with the repository and tag of its Colab, GitHub and Binder links set to `repo` and `ref`."""
    text = HOSTED_REF.sub(lambda m: f"{m.group(1)}{repo}/blob/{ref}{m.group(2)}", text)
    return BINDER_URL.sub(lambda m: BINDER_BASE.format(repo=repo, ref=ref) + "?urlpath=" + m.group(1), text)


def korean_link(text, repo, ref):
    """A Korean Colab-link cell (or catalogue translation) pointed at `repo`@`ref`; the Korean 'once published'
    sentence goes when `repo` is not the placeholder."""
    text = rehost(text, repo, ref)
    if repo != PLACEHOLDER:
        text = text.replace(NOT_YET_KO, "")
    return text


def apply_korean(nb, name, repo=PLACEHOLDER, ref=None):
    """Return a copy of the Korean notebook `nb` (ko/) with its links and set-up cell pointed at `repo`@`ref`."""
    ref = ref or default_ref()
    nb = nbformat.from_dict(nb)
    link, setup = _cell(nb.cells, LINK_TAG), _cell(nb.cells, SETUP_TAG)
    if link is None or setup is None:
        raise ValueError(f"{name}: a Korean notebook without its Colab cells: run python tools/i18n.py apply")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = korean_link(cell.source, repo, ref) if cell is link else rehost(cell.source, repo, ref)
    setup.source = korean_setup(SETUP.format(repo=repo, ref=ref))
    return nb


def is_korean(path):
    """True for a notebook of the Korean edition (ko/notebooks/ or ko/student/)."""
    return Path(path).resolve().parent.parent.name == "ko"


def update_catalogue(po_path, repo, ref):
    """Point the Colab-link entries of a Korean catalogue at `repo`@`ref`: the English (msgid) as this tool writes
    it, the translation's links and 'once published' sentence likewise. Returns True if the file changed."""
    import polib  # only publishing needs it (requirements.txt has it for tools/i18n.py)
    po = polib.pofile(str(po_path), wrapwidth=0)
    changed = False
    for entry in po:
        name, _, cell_id = (entry.msgctxt or "").partition("#")
        if entry.obsolete or cell_id != LINK_TAG:
            continue
        msgid, msgstr = link_text(name, repo, ref), korean_link(entry.msgstr, repo, ref)
        if "fuzzy" not in entry.flags and (msgid, msgstr) != (entry.msgid, entry.msgstr):
            entry.msgid, entry.msgstr, changed = msgid, msgstr, True
    if changed:
        text = str(po).rstrip("\n") + "\n"  # as tools/i18n.py writes it
        Path(po_path).write_text(text, encoding="utf-8")
    return changed


def welcome_line(repo, ref):
    what = ("open the student edition (the exercises unsolved) in your browser with nothing to install; "
            "each student notebook links to its complete version for when you are stuck.")
    if repo == PLACEHOLDER:
        text = ("- **On Binder or Colab:** once the course is published on GitHub (see *Publishing* in the "
                "README), the Binder badge in the README and the *Open in Colab* link at the top of each "
                "notebook " + what)
    else:
        text = (f"- **On Binder or Colab:** [Binder]({BINDER.format(repo=repo, ref=ref)}) and the *Open in Colab* "
                "link at the top of each notebook " + what)
    return textwrap.fill(text, width=100, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)


README_HEADS = {  # the table's header row: README.md in English, README.ko.md in Korean (Korean columns first)
    "en": ("notebook", "Colab (student edition)", "Colab (complete)", "Colab, 한국어 (학생용)", "Colab, 한국어 (완성본)"),
    "ko": ("노트북", "Colab, 한국어 (학생용)", "Colab, 한국어 (완성본)", "Colab, English (student edition)",
           "Colab, English (complete)"),
}


def korean_names(paths):
    """The names of `paths` (notebooks/*.ipynb) that have a Korean edition: those in ko/notebooks/ beside notebooks/."""
    return {p.name for p in (Path(paths[0]).resolve().parent.parent / "ko" / "notebooks").glob("*.ipynb")} if paths else set()


def readme_block(paths, repo, ref, korean=None, language="en"):
    """The Colab table of `paths` (English notebooks); `korean`: the names that have a Korean edition
    (default: :func:`korean_names`)."""
    korean = korean_names(paths) if korean is None else korean
    head = README_HEADS[language]
    rows = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for path in paths:
        english = [f"[open]({colab_url(repo, ref, 'student/' + path.name)})",
                   f"[open]({colab_url(repo, ref, 'notebooks/' + path.name)})"]
        ko = ([f"[열기]({colab_url(repo, ref, 'ko/student/' + path.name)})",
               f"[열기]({colab_url(repo, ref, 'ko/notebooks/' + path.name)})"] if path.name in korean else ["-", "-"])
        rows.append("| " + " | ".join([path.stem] + (english + ko if language == "en" else ko + english)) + " |")
    return "\n".join(rows) + "\n"


def update_readme(readme, paths, repo, ref, korean=None):
    """Rewrite the colab-links block and the Binder links of `readme` (README.ko.md: the Korean table)."""
    language = "ko" if readme.name.endswith(".ko.md") else "en"
    text = readme.read_text(encoding="utf-8")
    block = readme_block(paths, repo, ref, korean, language)
    new, count = README_BLOCK.subn(lambda m: m.group(1) + block + m.group(2), text)
    if count != 1:
        raise ValueError(f"{readme}: expected one '<!-- colab-links -->' ... '<!-- /colab-links -->' block")
    new = BINDER_URL.sub(lambda m: BINDER_BASE.format(repo=repo, ref=ref) + "?urlpath=" + m.group(1), new)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: notebooks/*.ipynb (a notebook under ko/: only its repository and tag change)")
    parser.add_argument("--repo", default=PLACEHOLDER, help="GitHub owner/name (default: %(default)s)")
    parser.add_argument("--ref", default=None, help="tag or branch to pin (default: v + pyproject version)")
    parser.add_argument("--readme", type=Path, action="append",
                        help="README whose colab-links block and Binder links to update, repeatable "
                             "(default: README.md and README.ko.md; '' for none)")
    parser.add_argument("--catalogues", type=Path, nargs="*", metavar="PO",
                        help="Korean catalogues whose Colab-link entries to update (no value: locale/ko/notebooks/*.po)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", args.repo):
        parser.error(f"--repo must look like owner/name, not {args.repo!r}")
    ref = args.ref or default_ref()
    paths = sorted(args.notebooks or (ROOT / "notebooks").glob("*.ipynb"), key=lambda p: p.name)
    changed = 0
    for path in paths:
        before = nbformat.read(path, as_version=4)
        after = (apply_korean if is_korean(path) else apply)(before, path.name, args.repo, ref)
        if after != before:
            nbformat.write(after, path)
            changed += 1
    english = [p for p in paths if not is_korean(p)] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    korean = korean_names(english)
    readmes = args.readme if args.readme is not None else [ROOT / "README.md", ROOT / "README.ko.md"]
    for readme in readmes:
        if str(readme) and readme.is_file():
            update_readme(readme, english, args.repo, ref, korean)
    if args.catalogues is not None:
        for po_path in args.catalogues or sorted((ROOT / "locale" / "ko" / "notebooks").glob("*.po")):
            update_catalogue(po_path, args.repo, ref)
    print(f"{changed} of {len(paths)} notebooks updated (Colab link and set-up cell for {args.repo}@{ref}); "
          "re-execute them: make execute")


if __name__ == "__main__":
    sys.exit(main())
