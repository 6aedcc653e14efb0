"""Reading an OpenDocument text (.odt): its paragraphs, Zotero citations and comments.

Takes the path of an `.odt` and gives a `Manuscript` with one line per paragraph (`text:p` and
`text:h`, table cells and list items included), numbered in document order as for Word.
Zotero marks its citations in LibreOffice with reference marks named ``ZOTERO_ITEM
CSL_CITATION {json} RND...``; a comment (``office:annotation``) that says ``repropub: ignore
CODE`` suppresses those findings in its paragraph. Footnotes and endnotes are read after the
main text, each named by its class and number (``footnote 2``); tracked deletions and frames
are not part of a paragraph's text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from repropub.limits import DEFAULT_LIMITS, Limits
from repropub.manuscript import Manuscript
from repropub.readers import fields as fields_mod
from repropub.readers.document import Paragraph, assemble, ignored
from repropub.readers.odt_lists import list_labels
from repropub.readers.package import Package

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_OUTSIDE = (TEXT + "note", TEXT + "tracked-changes", OFFICE + "annotation", DRAW + "frame")
_SKIP = {*_OUTSIDE, TEXT + "p", TEXT + "h", TEXT + "bookmark-ref"}
_RANDOM_SUFFIX = re.compile(r"\s+RND\w+$")


def read(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """Read an `.odt` into a `Manuscript` (see the module's docstring)."""
    with Package(path, limits, "ODT file") as package:
        content = package.xml("content.xml")
        raised = _raised_styles(content)
        styles = package.xml("styles.xml") if package.has("styles.xml") else None
        if styles is not None:
            raised |= _raised_styles(styles)
        title = ""
        if package.has("meta.xml"):
            found = package.xml("meta.xml").find(f".//{_DC_TITLE}")
            title = (found.text or "").strip() if found is not None else ""
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    root = body if body is not None else content
    labels = list_labels(root, [content] if styles is None else [content, styles])
    reader = _Reader(path, limits, frozenset(raised), labels)
    for p in root.iter(TEXT + "p", TEXT + "h"):
        if next(p.iterancestors(*_OUTSIDE), None) is None:
            reader.paragraph(p)
    # footnotes and endnotes, after the main text, each named by its class and number
    for note in root.iter(TEXT + "note"):
        if next(note.iterancestors(*_OUTSIDE), None) is not None:
            continue
        kind = note.get(TEXT + "note-class") or "footnote"
        number = (note.findtext(TEXT + "note-citation") or "").strip()
        for p in note.iter(TEXT + "p", TEXT + "h"):
            if next(p.iterancestors(TEXT + "note"), None) is note:
                reader.paragraph(p, f"{kind} {number}".strip())
    return assemble(path, reader.paragraphs, "paragraph", title, reader.fields, {},
                    reader.judged, limits)


class _Reader:
    def __init__(self, path: Path, limits: Limits, raised_styles: frozenset[str],
                 labels: dict[Any, str] | None = None) -> None:
        self.path, self.limits, self.raised_styles = path, limits, raised_styles
        self.labels = labels or {}
        self.raised: list[tuple[int, int]] = []
        self.spaces = 0
        self.paragraphs: list[Paragraph] = []
        self.fields: list[fields_mod.RawField] = []
        self.open: dict[str, tuple[int, int]] = {}
        self.judged: list[tuple[int, tuple[str, ...]]] = []
        self.text: list[str] = []

    def paragraph(self, p: Any, note: str = "") -> None:
        self.text, self.raised = [], []
        self._inline(p)
        level = p.get(TEXT + "outline-level") if p.tag == TEXT + "h" else None
        heading = min(int(level), 6) if level and level.isdigit() else \
            (1 if p.tag == TEXT + "h" else None)
        self.paragraphs.append(Paragraph("".join(self.text), None if note else heading, note,
                                         tuple(self.raised), self.labels.get(p, "")))

    def _position(self) -> tuple[int, int]:
        return len(self.paragraphs), sum(len(t) for t in self.text)

    def _inline(self, element: Any) -> None:
        if element.text:
            self.text.append(element.text)
        for child in element:
            tag = child.tag
            if isinstance(tag, str) and tag not in _SKIP:
                self._element(child)
            elif tag == OFFICE + "annotation":
                self._annotation(child)
            if child.tail:
                self.text.append(child.tail)

    def _element(self, child: Any) -> None:
        tag = child.tag
        if tag == TEXT + "s":
            count = child.get(TEXT + "c") or "1"
            spaces = int(count) if count.isdigit() else 1
            # a few bytes of XML can ask for billions of spaces: count them against the limit
            self.spaces += spaces
            if self.spaces > self.limits.manuscript_bytes:
                raise self.limits.exceeded("manuscript_bytes", self.path,
                                           f"its spaces (text:s) come to {self.spaces:,}")
            self.text.append(" " * spaces)
        elif tag == TEXT + "tab":
            self.text.append("\t")
        elif tag == TEXT + "line-break":
            self.text.append(" ")
        elif tag == TEXT + "reference-mark-start":
            self.open[child.get(TEXT + "name") or ""] = self._position()
        elif tag == TEXT + "reference-mark-end":
            name = child.get(TEXT + "name") or ""
            instruction = "ADDIN " + _RANDOM_SUFFIX.sub("", name)
            if name in self.open and fields_mod.is_citation(instruction):
                self.fields.append(fields_mod.RawField(instruction, self.open.pop(name),
                                                       self._position()))
        else:
            start = self._position()[1]
            self._inline(child)
            if child.get(TEXT + "style-name") in self.raised_styles:
                self.raised.append((start, self._position()[1]))

    def _annotation(self, note: Any) -> None:
        said = " ".join("".join(p.itertext()) for p in note.iter(TEXT + "p"))
        names = ignored(said)
        if names is not None:
            self.judged.append((len(self.paragraphs) + 1, names))


def _raised_styles(root: Any) -> set[str]:
    """The text styles set in superscript (``style:text-position="super 58%"`` or a positive
    percentage), whose digits read as a numbered citation."""
    found = set()
    for style in root.iter(STYLE + "style"):
        props = style.find(STYLE + "text-properties")
        position = (props.get(STYLE + "text-position") or "") if props is not None else ""
        first = position.split()[0] if position.split() else ""
        if first == "super" or (first.endswith("%") and first[:-1].isdigit()
                                and int(first[:-1]) > 0):
            found.add(style.get(STYLE + "name") or "")
    return found
