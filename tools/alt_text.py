"""Alt texts of the course's figures in the HTML pages and slides (issue 16).

A figure made by ``softmaxlab.plots`` stores its alt text in the PNG output's metadata,
``{"image/png": {"alt": "..."}}``. nbconvert's classic template reads that key, but the lab and
reveal templates used here do not: they leave the ``<img>`` without alt, and HTMLExporter then
writes "No description has been provided for this image". :func:`add_alt_texts` puts each
figure's own alt text back, matching the image by its embedded PNG data.
"""
import html
import re

DEFAULT_ALT = "No description has been provided for this image"
IMG = re.compile(r"<img\b[^>]*>", re.S)
SRC = re.compile(r'src="data:image/png;base64,([^"]*)"')
ALT = re.compile(r'\salt="[^"]*"')


def alt_texts(nb):
    """{PNG base64 data without whitespace: alt text} for every described figure in `nb`."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            data = output.get("data", {}).get("image/png")
            if alt and data:
                found["".join(data.split())] = alt
    return found


def add_alt_texts(page, nb):
    """`page` (HTML exported from `nb`) with every described PNG carrying its own alt text.

    Returns the new HTML and how many images got their alt text.
    """
    texts = alt_texts(nb)
    count = 0

    def fix(match):
        nonlocal count
        tag = match.group(0)
        src = SRC.search(tag)
        alt = texts.get("".join(src.group(1).split())) if src else None
        if alt is None:
            return tag
        count += 1
        tag = ALT.sub("", tag)
        return tag[:4] + f' alt="{html.escape(alt, quote=True)}"' + tag[4:]

    return IMG.sub(fix, page), count
