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
notebooks/00-welcome.ipynb that starts with ``- **On Binder``, and in README.md the Binder badge's
URL and the block between ``<!-- colab-links -->`` and ``<!-- /colab-links -->``, so that they name
exactly what works.

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
LINK_URL = re.compile(r"colab\.research\.google\.com/github/([\w.-]+/[\w.-]+)/blob/([\w.\-/]+?)/(?:student|notebooks)/")
WELCOME_LINE = re.compile(r"^- \*\*On Binder.*?(?=\n\S|\n\n|\Z)", re.M | re.S)
BINDER_URL = re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+\?urlpath=[^)\s]*")
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


def readme_block(paths, repo, ref):
    rows = ["| notebook | Colab (student edition) | Colab (complete) |", "|---|---|---|"]
    for path in paths:
        rows.append(f"| {path.stem} | [open]({colab_url(repo, ref, 'student/' + path.name)}) "
                    f"| [open]({colab_url(repo, ref, 'notebooks/' + path.name)}) |")
    return "\n".join(rows) + "\n"


def update_readme(readme, paths, repo, ref):
    text = readme.read_text(encoding="utf-8")
    new, count = README_BLOCK.subn(lambda m: m.group(1) + readme_block(paths, repo, ref) + m.group(2), text)
    if count != 1:
        raise ValueError(f"{readme}: expected one '<!-- colab-links -->' ... '<!-- /colab-links -->' block")
    new = BINDER_URL.sub(BINDER.format(repo=repo, ref=ref), new)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--repo", default=PLACEHOLDER, help="GitHub owner/name (default: %(default)s)")
    parser.add_argument("--ref", default=None, help="tag or branch to pin (default: v + pyproject version)")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md",
                        help="README whose colab-links block to update ('' for none)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", args.repo):
        parser.error(f"--repo must look like owner/name, not {args.repo!r}")
    ref = args.ref or default_ref()
    paths = sorted(args.notebooks or (ROOT / "notebooks").glob("*.ipynb"), key=lambda p: p.name)
    changed = 0
    for path in paths:
        before = nbformat.read(path, as_version=4)
        after = apply(before, path.name, args.repo, ref)
        if after != before:
            nbformat.write(after, path)
            changed += 1
    if str(args.readme) and args.readme.is_file():
        update_readme(args.readme, paths, args.repo, ref)
    print(f"{changed} of {len(paths)} notebooks updated (Colab link and set-up cell for {args.repo}@{ref}); "
          "re-execute them: make execute")


if __name__ == "__main__":
    sys.exit(main())
