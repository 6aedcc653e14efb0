"""Reading a Word file (.docx): its paragraphs, citation fields and the editor's comments.

Takes the path of a `.docx` and gives a `Manuscript` whose text has one line per paragraph of
the main text, counted as Word counts them (every paragraph, empty ones and table cells
included), so that a finding's line is the paragraph an editor scrolls to. The XML is read
directly rather than through pandoc, which drops empty paragraphs, flattens tables and
discards field codes: the citations that Zotero, Mendeley and Word itself insert live only in
those codes. Deleted text of tracked changes is left out, inserted and moved text kept, as
Word shows it; hidden text (``w:vanish``) and optional hyphens are left out, as Word prints the
page; text boxes are read after the notes, each as a story of its own (``text box 2``).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repropub.limits import DEFAULT_LIMITS, Limits
from repropub.manuscript import Manuscript
from repropub.readers import fields as fields_mod
from repropub.readers.document import Paragraph, assemble, ignored
from repropub.readers.docx_lists import Numbering, read_numbering
from repropub.readers.package import Package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"

# Content that is not part of the paragraph's visible text: properties, deleted or moved-away
# text, nested paragraphs (text boxes, read as their own story) and the fallback copy that
# markup compatibility keeps of every drawing.
_SKIP = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "p", W + "txbxContent",
         MC + "Fallback", W + "delInstrText"}


Restore = Callable[[list[Paragraph], list[fields_mod.RawField], list[tuple[str, int]]], None]
"""Puts back, in place, what a conversion to .docx lost: the paragraphs, their citation fields
and the paragraphs the editor's comments are on."""


def read(path: Path, limits: Limits = DEFAULT_LIMITS, *, source: Path | None = None,
         restore: Restore | None = None) -> Manuscript:
    """Read a `.docx` into a `Manuscript` (see the module's docstring); `source` names the
    file it was converted from (a `.doc`), which the findings then name, and `restore` puts
    back what the conversion lost."""
    with Package(path, limits, "Word file") as package:
        main = _main_part(package)
        document = package.xml(main)
        folder = main.rpartition("/")[0]
        rels = _relationships(package, f"{folder}/_rels/{main.rpartition('/')[2]}.rels")
        styles, raised, hidden = _styles(package, rels, folder)
        numbering = read_numbering(*(
            package.xml(name) if package.has(name) else None
            for name in (_part(rels, "numbering", folder, "numbering.xml"),
                         _part(rels, "styles", folder, "styles.xml"))))
        comments = _comments(package, rels, folder)
        notes = {kind: package.xml(name) for kind in ("footnotes", "endnotes")
                 if package.has(name := _part(rels, kind, folder, f"{kind}.xml"))}
        sources = fields_mod.word_sources(package)
        title = _core_title(package)
    body = document.find(W + "body")
    reader = _Reader(styles, raised, numbering, hidden)
    for p in paragraphs(body if body is not None else document):
        reader.paragraph(p)
    for kind, root in notes.items():
        _read_notes(reader, kind.removesuffix("s"), root, body if body is not None else document)
    for number, box in enumerate(_text_boxes(body if body is not None else document), start=1):
        for p in box.iter(W + "p"):
            if next(p.iterancestors(W + "txbxContent", MC + "Fallback")) is box:
                reader.paragraph(p, f"text box {number}")
    if restore is not None:
        restore(reader.paragraphs, reader.fields, reader.comment_lines)
    judged = [(number, names) for cid, number in reader.comment_lines
              if (names := ignored(comments.get(cid, ""))) is not None]
    return assemble(source or path, reader.paragraphs, "paragraph", title, reader.fields,
                    sources, judged, limits)


def paragraphs(root: Any) -> Iterator[Any]:
    """Every paragraph of the main text in document order, as Word numbers them."""
    for p in root.iter(W + "p"):
        if next(p.iterancestors(W + "txbxContent", MC + "Fallback"), None) is None:
            yield p


def run_spans(p: Any) -> list[tuple[Any, int, int]]:
    """The runs of paragraph `p` and the [start, end) each covers in its text, counted exactly
    as `read` counts: the annotator anchors its comments with these. (A field that opened in
    an earlier paragraph is taken as showing its result, as citation fields do.)"""
    reader = _Reader({})
    reader.paragraph(p)
    return reader.runs


def _text_boxes(root: Any) -> Iterator[Any]:
    """The text boxes of the main text in document order, not counting the copy markup
    compatibility keeps of each (``mc:Fallback``) nor a box inside a box (read with it)."""
    for box in root.iter(W + "txbxContent"):
        if next(box.iterancestors(W + "txbxContent", MC + "Fallback"), None) is None:
            yield box


def _read_notes(reader: _Reader, kind: str, root: Any, body: Any) -> None:
    """The footnotes (or endnotes) the text refers to, in the order Word numbers them: the
    order of their marks in the text. A note whose mark was deleted is not shown, nor read."""
    order = dict.fromkeys(r.get(W + "id") for r in body.iter(f"{W}{kind}Reference"))
    by_id = {n.get(W + "id"): n for n in root.iter(W + kind)
             if n.get(W + "type") in (None, "normal")}
    for number, nid in enumerate((i for i in order if i in by_id), start=1):
        for p in paragraphs(by_id[nid]):
            reader.paragraph(p, f"{kind} {number}")


@dataclass
class _Field:
    instruction: list[str] = field(default_factory=list)
    result: bool = False
    start: tuple[int, int] = (0, 0)


class _Reader:
    """Walks the paragraphs in order; a field may open in one paragraph and close in another."""

    def __init__(self, styles: dict[str, int], superscript_styles: frozenset[str] = frozenset(),
                 numbering: Numbering | None = None,
                 hidden_styles: frozenset[str] = frozenset()) -> None:
        self.styles = styles
        self.superscript_styles = superscript_styles
        self.hidden_styles = hidden_styles
        self.hidden = False
        self.numbering = numbering or Numbering()
        self.paragraphs: list[Paragraph] = []
        self.fields: list[fields_mod.RawField] = []
        self.comment_lines: list[tuple[str, int]] = []
        self.stack: list[_Field] = []
        self.text: list[str] = []
        self.runs: list[tuple[Any, int, int]] = []
        self.raised: list[tuple[int, int]] = []

    def paragraph(self, p: Any, note: str = "") -> None:
        self.text, self.runs, self.raised = [], [], []
        self._walk(p)
        self.paragraphs.append(Paragraph("".join(self.text), None if note else self._level(p),
                                         note, tuple(self.raised), self.numbering.label(p)))

    def _position(self) -> tuple[int, int]:
        return len(self.paragraphs), sum(len(t) for t in self.text)

    def _visible(self) -> bool:
        return not self.hidden and all(f.result for f in self.stack)

    def _walk(self, element: Any) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t":
                if self._visible():
                    # an optional hyphen (U+00AD) is not part of the word it may break
                    self.text.append((child.text or "").replace("\u00ad", ""))
            elif tag in (W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "sym"):
                if self._visible():
                    self.text.append(_special(child))
            elif tag == W + "instrText":
                if self.stack and not self.stack[-1].result:
                    self.stack[-1].instruction.append(child.text or "")
            elif tag == W + "fldChar":
                self._field_char(child.get(W + "fldCharType"))
                self._field_data(child)
            elif tag == W + "fldSimple":
                self.stack.append(_Field([child.get(W + "instr") or ""], True, self._position()))
                self._walk(child)
                self._end_field()
            elif tag in (W + "commentRangeStart", W + "commentReference"):
                cid = child.get(W + "id")
                if cid is not None:
                    self.comment_lines.append((cid, len(self.paragraphs) + 1))
            elif tag == M + "oMathPara":
                # a displayed equation reads as TeX's display math, which the checker leaves
                # out; its own number ('#(3)') says which '(3)' of the text names it
                if self._visible():
                    self.text.append(f"$${_math_text(child)}$$")
            elif tag == W + "r":
                start = self._position()[1]
                # hidden text is not shown nor printed, but its field characters still count
                self.hidden = self._hidden(child)
                self._walk(child)
                self.hidden = False
                self.runs.append((child, start, self._position()[1]))
                if self._raised(child) and self._position()[1] > start:
                    self.raised.append((start, self._position()[1]))
            else:
                self._walk(child)

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.stack.append(_Field())
        elif kind == "separate" and self.stack:
            self.stack[-1].result = True
            self.stack[-1].start = self._position()
        elif kind == "end" and self.stack:
            if not self.stack[-1].result:  # a field without a result shows nothing
                self.stack[-1].start = self._position()
            self._end_field()

    def _field_data(self, char: Any) -> None:
        """EndNote keeps a long citation's record as base64 in the data of a field nested in
        the citation's instruction (``ADDIN EN.CITE`` holding ``ADDIN EN.CITE.DATA``): it is
        given to the citation's instruction, which then reads as a short one does."""
        data = char.find(W + "fldData")
        if data is None or len(self.stack) < 2 or not data.text:
            return
        try:
            decoded = base64.b64decode("".join(data.text.split()), validate=True)
        except (binascii.Error, ValueError):
            return
        text = decoded.decode("utf-16-le" if decoded[1:2] == b"\0" else "utf-8", "replace")
        if text.lstrip().startswith("<EndNote"):
            self.stack[-2].instruction.append(" " + text)

    def _end_field(self) -> None:
        done = self.stack.pop()
        instruction = "".join(done.instruction).strip()
        if fields_mod.is_citation(instruction):
            self.fields.append(fields_mod.RawField(instruction, done.start, self._position()))

    def _raised(self, run: Any) -> bool:
        """Is the run set in superscript, directly or by its character style?"""
        props = run.find(W + "rPr")
        if props is None:
            return False
        align = props.find(W + "vertAlign")
        if align is not None:
            return bool(align.get(W + "val") == "superscript")
        style = props.find(W + "rStyle")
        return style is not None and style.get(W + "val") in self.superscript_styles

    def _hidden(self, run: Any) -> bool:
        """Is the run hidden text (``w:vanish``), directly or by its character style?"""
        props = run.find(W + "rPr")
        if props is None:
            return False
        vanish = props.find(W + "vanish")
        if vanish is not None:
            return _on(vanish)
        style = props.find(W + "rStyle")
        return style is not None and style.get(W + "val") in self.hidden_styles

    def _level(self, p: Any) -> int | None:
        """The heading level (1-6) of a paragraph, from its own outline level or its style's."""
        props = p.find(W + "pPr")
        if props is None:
            return None
        outline = props.find(W + "outlineLvl")
        if outline is not None:
            return _outline(outline.get(W + "val"))
        style = props.find(W + "pStyle")
        return self.styles.get(style.get(W + "val", "")) if style is not None else None


def _math_text(element: Any) -> str:
    """An equation's characters in order, its delimiters ('m:d') drawn with their characters
    (parentheses unless it names others); no '$', which would end the display math."""
    parts: list[str] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == M + "t":
            parts.append(child.text or "")
        elif child.tag == M + "d":
            props = child.find(M + "dPr")
            chars = [props.find(M + tag) if props is not None else None
                     for tag in ("begChr", "sepChr", "endChr")]
            begin, separator, end = (c.get(M + "val", d) if c is not None else d
                                     for c, d in zip(chars, "(|)", strict=True))
            parts.append(begin + separator.join(_math_text(e) for e in child.findall(M + "e"))
                         + end)
        else:
            parts.append(_math_text(child))
    return "".join(parts).replace("$", "")


def _special(element: Any) -> str:
    """One character for each special element, as Word counts it: a tab, a line break, a
    non-breaking hyphen, a symbol (its code point)."""
    tag = element.tag
    if tag == W + "tab":
        return "\t"
    if tag == W + "noBreakHyphen":
        return "-"  # the hyphen the author typed ('Smith-Jones'), kept from breaking
    if tag == W + "sym":
        code = element.get(W + "char") or ""
        return chr(int(code, 16)) if re.fullmatch(r"[0-9A-Fa-f]{1,5}", code) else " "
    return " "  # a line break inside the paragraph reads as a space


def _on(toggle: Any) -> bool:
    """A Word toggle property (``<w:vanish/>``, ``w:val="false"``) is on unless it says off."""
    return toggle.get(W + "val") not in ("0", "false", "off")


def _outline(value: str | None) -> int | None:
    """Word's outline levels are 0-8 for headings, 9 for body text."""
    if value is None or not value.isdigit() or int(value) > 5:
        return None
    return int(value) + 1


def _main_part(package: Package) -> str:
    rels = _relationships(package, "_rels/.rels")
    target = rels.get("officeDocument", "word/document.xml").lstrip("/")
    return target if package.has(target) else "word/document.xml"


def _relationships(package: Package, name: str) -> dict[str, str]:
    """Relationship type (its last word) -> target part."""
    if not package.has(name):
        return {}
    found: dict[str, str] = {}
    for rel in package.xml(name).iter(_REL):
        kind = (rel.get("Type") or "").rpartition("/")[2]
        if rel.get("TargetMode") != "External" and kind not in found:
            found[kind] = rel.get("Target") or ""
    return found


def _part(rels: dict[str, str], kind: str, folder: str, default: str) -> str:
    target = rels.get(kind, default)
    return target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"


def _styles(package: Package, rels: dict[str, str], folder: str
            ) -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    """Paragraph style id -> heading level, from the style's outline level or its name
    ('heading 1', 'Title'), which Word keeps in English whatever the interface language; and
    the character styles set in superscript, and those that hide their text."""
    name = _part(rels, "styles", folder, "styles.xml")
    if not package.has(name):
        return {}, frozenset(), frozenset()
    levels: dict[str, int] = {}
    raised: set[str] = set()
    hidden: set[str] = set()
    for style in package.xml(name).iter(W + "style"):
        sid = style.get(W + "styleId") or ""
        vanish = style.find(f"{W}rPr/{W}vanish")
        if style.get(W + "type") == "character" and vanish is not None and _on(vanish):
            hidden.add(sid)
        align = style.find(f"{W}rPr/{W}vertAlign")
        if align is not None and align.get(W + "val") == "superscript":
            raised.add(sid)
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        named = style.find(W + "name")
        label = (named.get(W + "val") or "").lower() if named is not None else ""
        level = _outline(outline.get(W + "val")) if outline is not None else None
        if level is None and (m := re.fullmatch(r"heading ([1-6])", label)):
            level = int(m.group(1))
        if level is None and label == "title":
            level = 1
        if level is not None:
            levels[sid] = level
    return levels, frozenset(raised), frozenset(hidden)


def _comments(package: Package, rels: dict[str, str], folder: str) -> dict[str, str]:
    name = _part(rels, "comments", folder, "comments.xml")
    if not package.has(name):
        return {}
    return {c.get(W + "id") or "": "".join(t.text or "" for t in c.iter(W + "t"))
            for c in package.xml(name).iter(W + "comment")}


def _core_title(package: Package) -> str:
    if not package.has("docProps/core.xml"):
        return ""
    found = package.xml("docProps/core.xml").find(_DC_TITLE)
    return (found.text or "").strip() if found is not None else ""
