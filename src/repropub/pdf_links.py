"""The PDF's links, confined as the page's are: web and mail links kept, files made relative.

WeasyPrint resolves every link of the page against the page's own ``file://`` address, so a
relative link (``data/table.csv``) becomes a link to the absolute path of the folder the build
ran in (a hidden staging folder that is then renamed): it names the build machine's disk and
differs from build to build. Takes the open PDF and the output folder and rewrites, in place,
each link annotation's action: http(s) and ``mailto:`` stay; a file inside the output folder
becomes a path relative to the PDF (viewers resolve it beside the file, as a browser does for
the page); any other action (another file, a network share ``file://host/...``, ``javascript:``,
launching a program, another document) is removed, leaving the words without a link. The
annotation itself stays, so the tagged PDF's structure tree that refers to it stays whole.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pikepdf

WEB = frozenset({"http", "https", "mailto"})
"""Schemes a link in the PDF may keep as written."""


def confine_links(pdf: pikepdf.Pdf, root: Path) -> None:
    """Rewrite or remove every link action of `pdf` that leads outside `root` or the web."""
    root = root.resolve()
    for page in pdf.pages:
        for annotation in page.get("/Annots", pikepdf.Array()):
            action = annotation.get("/A")
            if annotation.get("/Subtype") != "/Link" or action is None:
                continue
            kind = action.get("/S")
            if kind == "/GoTo":  # a place inside this PDF
                continue
            target = _confined(str(action.get("/URI", "")), root) if kind == "/URI" else None
            if target is None:
                del annotation["/A"]
            else:
                action["/URI"] = pikepdf.String(target)


def _confined(uri: str, root: Path) -> str | None:
    """The URI to keep for `uri`, or None when the link must go."""
    try:
        parts = urlsplit(uri.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in WEB:
        return uri
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(posixpath.normpath(unquote(parts.path)))
    if not path.is_relative_to(root) or path == root:
        return None
    relative = quote(path.relative_to(root).as_posix())
    return relative + (f"#{parts.fragment}" if parts.fragment else "")
