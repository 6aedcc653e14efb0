"""The reference managers' citation fields of a Word 97-2003 file, put back where LibreOffice
dropped them.

LibreOffice (7.4) reads a `.doc` well for the checker except for one thing: it drops the text
of every ``ADDIN`` field, and Zotero, Mendeley, EndNote and Citavi keep each citation (and
the bibliography they write) in one. Word keeps a field in the document's text itself
(``0x13`` instruction ``0x14`` result ``0x15``), so this module reads that text (MS-DOC: the
FIB, then the piece table of the Clx, with olefile), finds the ``ADDIN`` fields of the main
text, the footnotes and the endnotes, and puts each one's result back into the paragraph
LibreOffice gave whose other text is the same, as the field the Word reader would have read.
A field whose paragraph cannot be found that way (tracked deletions, which the text keeps, make
a paragraph differ) leaves the file to be refused: a citation silently lost would be worse.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field, replace
from pathlib import Path

from repropub.readers.document import Paragraph
from repropub.readers.fields import RawField, is_citation

_FIELD_BEGIN, _FIELD_SEPARATE, _FIELD_END = "\x13", "\x14", "\x15"
_PARAGRAPH_ENDS = "\r\x07\x0c"
# Word's special characters in the text: a line break reads as a space (as the Word reader
# reads it), a non-breaking hyphen as a hyphen; optional hyphens, note marks, pictures,
# drawn objects and comment anchors as nothing.
_SPECIAL = {"\x0b": " ", "\x1e": "-", "\x1f": "", "\x02": "", "\x01": "", "\x08": "",
            "\x05": "", "\x03": "", "\x04": ""}
_WINDOW = 8
"""How many paragraphs LibreOffice's reading may be ahead of or behind the text's."""


@dataclass
class DocField:
    at: int
    """Where the result belongs in its paragraph's `shown` text."""
    instruction: str
    result: str = ""
    """The result as Word shows it, paragraphs separated by newlines."""


@dataclass
class DocParagraph:
    shown: str = ""
    """The paragraph's text without the ``ADDIN`` fields' results, as LibreOffice gives it."""
    fields: list[DocField] = field(default_factory=list)


class Unreadable(Exception):
    """The text stream is not what MS-DOC describes; the caller refuses the file."""


def stories(path: Path) -> list[DocParagraph]:
    """The paragraphs of the main text, the footnotes and the endnotes, in that order."""
    text, lengths = _text(path)
    main, notes = lengths[0], lengths[1]
    endnotes_at = sum(lengths[:5])
    parts = [text[:main], text[main:main + notes], text[endnotes_at:endnotes_at + lengths[5]]]
    found: list[DocParagraph] = []
    for part in parts:
        found += _paragraphs(part)
    return found


def _text(path: Path) -> tuple[str, list[int]]:
    """The document's whole text (every story, in the FIB's order) and the stories' lengths:
    main text, footnotes, headers, (macros), comments, endnotes."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            word = ole.openstream("WordDocument").read()
            flags = struct.unpack_from("<H", word, 0x0A)[0]
            table = ole.openstream("1Table" if flags & 0x0200 else "0Table").read()
        csw = struct.unpack_from("<H", word, 32)[0]
        longs = 34 + csw * 2 + 2  # FibRgLw97 after FibRgW97 and its count
        cslw = struct.unpack_from("<H", word, longs - 2)[0]
        lengths = [struct.unpack_from("<i", word, longs + 12 + 4 * i)[0] for i in range(6)]
        blob = longs + cslw * 4 + 2  # FibRgFcLcb after FibRgLw and its count
        fc_clx, lcb_clx = struct.unpack_from("<II", word, blob + 33 * 8)
        clx = table[fc_clx:fc_clx + lcb_clx]
        at = 0
        while at < len(clx) and clx[at] == 0x01:  # Prc: formatting kept with the pieces
            at += 3 + struct.unpack_from("<h", clx, at + 1)[0]
        if at >= len(clx) or clx[at] != 0x02:
            raise Unreadable("no piece table")
        size = struct.unpack_from("<I", clx, at + 1)[0]
        plc = clx[at + 5:at + 5 + size]
        count = (size - 4) // 12
        cps = struct.unpack_from(f"<{count + 1}i", plc)
        pieces = []
        for k in range(count):
            fc = struct.unpack_from("<I", plc, (count + 1) * 4 + k * 8 + 2)[0]
            length = cps[k + 1] - cps[k]
            offset = fc & 0x3FFFFFFF
            if fc & 0x40000000:  # one byte a character (cp1252), at half the offset
                pieces.append(word[offset // 2:offset // 2 + length].decode("cp1252", "replace"))
            else:
                pieces.append(word[offset:offset + 2 * length].decode("utf-16-le", "replace"))
    except Unreadable:
        raise
    except Exception as exc:  # a damaged or unusual stream: struct, olefile, index errors
        raise Unreadable(str(exc)) from None
    return "".join(pieces), lengths


@dataclass
class _Open:
    instruction: list[str] = field(default_factory=list)
    separated: bool = False
    kept: DocField | None = None
    """The field being restored, once its instruction shows it is an ``ADDIN`` field."""


def _paragraphs(text: str) -> list[DocParagraph]:
    found = [DocParagraph()]
    stack: list[_Open] = []
    for char in text:
        if char == _FIELD_BEGIN:
            stack.append(_Open())
        elif char == _FIELD_SEPARATE and stack:
            top = stack[-1]
            top.separated = True
            instruction = "".join(top.instruction).strip()
            if len(stack) == 1 and instruction.upper().startswith("ADDIN"):
                top.kept = DocField(len(found[-1].shown), instruction)
                found[-1].fields.append(top.kept)
        elif char == _FIELD_END and stack:
            stack.pop()
        elif stack and not stack[-1].separated:
            if len(stack) == 1:
                stack[-1].instruction.append(char)
        elif stack and stack[0].kept is not None:
            # the result of an ADDIN field: kept apart, its paragraphs as lines
            if all(f.separated for f in stack):
                stack[0].kept.result += "\n" if char in _PARAGRAPH_ENDS else \
                    _SPECIAL.get(char, char)
        elif char in _PARAGRAPH_ENDS:
            found.append(DocParagraph())
        elif all(f.separated for f in stack):
            found[-1].shown += _SPECIAL.get(char, char)
    return found if found[-1].shown or found[-1].fields else found[:-1]


def _letters(text: str) -> str:
    """What two readings of a paragraph agree on: its letters and digits."""
    return "".join(c for c in text if c.isalnum())


def restore(doc: list[DocParagraph], paragraphs: list[Paragraph], fields: list[RawField],
            comment_lines: list[tuple[str, int]]) -> None:
    """Put every ``ADDIN`` field of `doc` back into LibreOffice's `paragraphs` (and `fields`,
    and the paragraph numbers of `comment_lines`, which a multi-paragraph result shifts), in
    place; raises `Unreadable` when a field's paragraph is not found."""
    cursor = 0
    placed: list[tuple[int, DocParagraph]] = []
    for paragraph in doc:
        want = _letters(paragraph.shown)
        match = next((i for i in range(cursor, min(cursor + _WINDOW, len(paragraphs)))
                      if _letters(paragraphs[i].text) == want), None)
        if match is None:
            if paragraph.fields:
                raise Unreadable(f"no paragraph reads '{paragraph.shown[:60]}'")
            continue
        cursor = match + 1
        if paragraph.fields:
            placed.append((match, paragraph))
    # from the last paragraph back, so that the paragraphs a result adds shift nothing undone
    for index, paragraph in reversed(placed):
        for doc_field in reversed(paragraph.fields):
            _insert(index, _offset(paragraph.shown, doc_field.at, paragraphs[index].text),
                    doc_field, paragraphs, fields, comment_lines)


def _offset(shown: str, at: int, text: str) -> int:
    """Where `shown[at]` falls in `text`, another reading of the paragraph: after as many
    letters and digits, then as many of the other characters as `shown` has before it."""
    letters = len(_letters(shown[:at]))
    others = 0
    while others < at and not shown[at - others - 1].isalnum():
        others += 1
    position = 0
    while letters and position < len(text):
        letters -= text[position].isalnum()
        position += 1
    while others and position < len(text) and not text[position].isalnum():
        others -= 1
        position += 1
    return position


def _insert(index: int, offset: int, doc_field: DocField, paragraphs: list[Paragraph],
            fields: list[RawField], comment_lines: list[tuple[str, int]]) -> None:
    host = paragraphs[index]
    lines = doc_field.result.split("\n")
    added = len(lines) - 1
    end_offset = len(lines[-1]) if added else offset + len(lines[0])
    texts = [host.text[:offset] + lines[0], *lines[1:-1]] if added else []
    last = (lines[-1] if added else host.text[:offset] + lines[0]) + host.text[offset:]
    shift = len(last) - len(host.text)  # of what followed the field in the host paragraph
    raised = tuple((s + shift, e + shift) if s >= offset else (s, e) for s, e in host.raised)
    new = [replace(host, text=t, raised=()) for t in texts]
    new.append(replace(host, text=last, raised=raised if not added else ()))
    paragraphs[index:index + 1] = new

    def moved(position: tuple[int, int]) -> tuple[int, int]:
        at, within = position
        if at > index:
            return at + added, within
        if at == index and within >= offset:
            return at + added, within + shift
        return position

    fields[:] = [RawField(f.instruction, moved(f.start), moved(f.end)) for f in fields]
    if is_citation(doc_field.instruction):  # not a bibliography's field (ZOTERO_BIBL)
        fields.append(RawField(doc_field.instruction, (index, offset),
                               (index + added, end_offset)))
        fields.sort(key=lambda f: f.start)
    comment_lines[:] = [(c, n + added if n > index + 1 else n) for c, n in comment_lines]
