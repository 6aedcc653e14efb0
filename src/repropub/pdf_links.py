"""The PDF's links, confined as the page's are: web and mail links kept, files made relative.

WeasyPrint resolves every link of the page against the page's own ``file://`` address, so a
relative link (``data/table.csv``) becomes a link to the absolute path of the folder the build
ran in (a hidden staging folder that is then renamed): it names the build machine's disk and
differs from build to build. Takes the PDF WeasyPrint is writing (its pydyf objects, in the
child process, just before they are written: the PDF is written once) and the output folder and
rewrites each link annotation's action: http(s) and ``mailto:`` stay; a file inside the output
folder becomes a path relative to the PDF (viewers resolve it beside the file, as a browser does
for the page); any other action (another file, a network share ``file://host/...``,
``javascript:``, launching a program, another document) is removed, leaving the words without a
link. The annotation itself stays, so the tagged PDF's structure tree that refers to it stays
whole; its text for assistive technology (``/Contents``, the link's address in a tagged PDF)
follows the action, so the build folder's path is not left there either.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

if TYPE_CHECKING:
    from pydyf import PDF

WEB = frozenset({"http", "https", "mailto"})
"""Schemes a link in the PDF may keep as written."""


def confine_links(pdf: PDF, root: Path) -> None:
    """Rewrite or remove every link action of `pdf` (a ``pydyf.PDF`` about to be written) that
    leads outside `root` or the web."""
    import pydyf

    root = root.resolve()
    for annotation in pdf.objects:
        if not isinstance(annotation, dict) or annotation.get("Subtype") != "/Link":
            continue
        action = annotation.get("A")
        if action is None:  # a place inside this PDF (``/Dest``)
            continue
        kind = action.get("S")
        if kind == "/GoTo":
            continue
        uri = action.get("URI")
        target = _confined(str(getattr(uri, "string", "")), root) if kind == "/URI" else None
        if target is None:
            del annotation["A"]
            annotation.pop("Contents", None)
        else:
            action["URI"] = pydyf.String(target)
            if "Contents" in annotation:
                annotation["Contents"] = pydyf.String(target)


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
