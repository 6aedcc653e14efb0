"""A word processor's paragraphs as a `Manuscript`: the part every paragraph-based reader shares.

Takes the paragraphs a reader found (their text and heading level), the citation fields and the
editor's suppressions, and gives the `Manuscript` the checker reads: one line per paragraph, a
heading marked with ``#`` so that the reference list is found by its heading, and a `Layout`
that takes a line and column back to the paragraph and the offset within its own text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from repropub.citations.words import words
from repropub.limits import DEFAULT_LIMITS, Limits
from repropub.manuscript import Layout, Manuscript
from repropub.metadata import build_metadata
from repropub.readers import fields as fields_mod
from repropub.suppress import Suppression

IGNORE = re.compile(r"^\s*repropub\s*:\s*ignore\b(?P<codes>[\w.\-, ]*)$", re.I)
"""A comment of the editor's that suppresses findings in its paragraph, as the Markdown
``<!-- repropub: ignore CODE -->`` does (no code: every code)."""


def ignored(comment: str) -> tuple[str, ...] | None:
    """The codes a ``repropub: ignore`` comment names, or None for any other comment."""
    match = IGNORE.match(comment.strip())
    if match is None:
        return None
    return tuple(c for c in re.split(r"[,\s]+", match.group("codes")) if c)


@functools.cache
def _list_title() -> re.Pattern[str]:
    """An unstyled paragraph that says only "References" (or "Referências", in any language the
    word tables know) heads the reference list all the same: many manuscripts set it in bold by
    hand rather than with a heading style."""
    titles = "|".join(words().reference_headings)
    return re.compile(rf"^(?:\d+\.?\s+)?(?:{titles})\s*:?$", re.I)


@dataclass(frozen=True)
class Paragraph:
    text: str
    level: int | None = None
    """The heading level (1-6), or None for a body paragraph."""
    note: str = ""
    """The footnote or endnote it belongs to (``footnote 3``); empty in the main text."""
    raised: tuple[tuple[int, int], ...] = ()
    """Spans [start, end) of `text` set in superscript."""
    label: str = ""
    """The number a list draws before the paragraph ('1.', '[2]'), which is not in `text`."""


SUPERSCRIPT = str.maketrans("0123456789-\u2013,()[]", "\u2070\u00b9\u00b2\u00b3\u2074\u2075"
                            "\u2076\u2077\u2078\u2079\u207b\u207b\u02d2\u207d\u207e\u207d"
                            "\u207e")
"""Digits, dashes, commas, parentheses and brackets set in superscript, as the Unicode
superscripts the numbered citation finder reads ('text¹⁻³', 'text⁽¹⁾'); one character for one,
so offsets hold."""


def _raise(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + text[start:end].translate(SUPERSCRIPT) + text[end:]
    return text


NOTES_HEADING = "# Notes"
"""The line put before the notes' paragraphs, after the main text: a level-1 heading ends a
reference list that closes the main text, so the notes are read as text, not entries."""


def assemble(path: Path, paragraphs: Sequence[Paragraph], unit: Literal["paragraph", "line"],
             title: str, raw_fields: Sequence[fields_mod.RawField] = (),
             sources: Mapping[str, dict[str, Any]] | None = None,
             judged: Sequence[tuple[int, tuple[str, ...]]] = (),
             limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """The paragraphs as a `Manuscript` (see the module docstring).

    For a word processor's paragraphs (`unit` "paragraph") a blank line follows each, as in
    Markdown, so that a reference-list entry or a citation never runs into the next paragraph;
    the `Layout` takes every line back to its paragraph. `judged` lists (paragraph, codes) of
    the editor's ``repropub: ignore`` comments (no codes: every code); it and the fields' start
    name paragraphs (1-based, and 0-based with an offset); lines of plain text stay lines.
    """
    lines: list[str] = []
    numbers: list[int] = []
    prefixes: list[int] = []
    first_line: list[int] = []
    notes: list[str] = []
    originals: list[str] = []
    number, note = 0, ""
    for p in paragraphs:
        if p.note != note:
            if not note:  # the first note: the main text ends here
                lines += ["", NOTES_HEADING]
                numbers += [number, number]
                prefixes += [0, len(NOTES_HEADING)]
                notes += ["", ""]
            number, note = 0, p.note
        number += 1
        level = p.level or (1 if not note and _list_title().match(p.text.strip()) else None)
        # a list's number is read as if typed ('12. Smith J, ...'), outside the paragraph's own
        # text: a numbered reference list made with Word's numbering keeps its numbers
        prefix = ("#" * level + " " if level else "") + (p.label + " " if p.label else "")
        if unit == "paragraph" and lines:
            lines.append("")
            numbers.append(number - 1)
            prefixes.append(0)
            notes.append(note)
        first_line.append(len(lines))
        # a break inside a paragraph already reads as a space (one character, as Word counts)
        shown = prefix + p.text.replace("\n", " ")
        lines.append(_raise(shown, [(s + len(prefix), e + len(prefix)) for s, e in p.raised]))
        originals += [""] * (len(lines) - 1 - len(originals)) + \
            [shown if lines[-1] != shown else ""]
        numbers.append(number)
        prefixes.append(len(prefix))
        notes.append(note)
    text = "\n".join(lines)
    size = len(text.encode("utf-8"))
    if size > limits.manuscript_bytes:
        raise limits.exceeded("manuscript_bytes", path, f"its text has {size:,} bytes")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: tuple[int, int]) -> int:
        index, within = position
        if index >= len(first_line):  # a field left open at the end of the document
            return len(text)
        line = first_line[index]
        return starts[line] + prefixes[line] + within

    fields = tuple(fields_mod.parse(raw, first_line[min(raw.start[0], len(first_line) - 1)] + 1,
                                    offset(raw.start), offset(raw.end), sources or {})
                   for raw in raw_fields if first_line)
    suppressions = tuple(
        Suppression(line, line, frozenset(names), line, 1, names)
        for number, names in judged if 0 < number <= len(first_line)
        for line in [first_line[number - 1] + 1])
    first = next((p.text.strip() for p in paragraphs if p.text.strip() and not p.note), "")
    metadata = build_metadata({"title": title or first[:300] or path.stem}, {}, path)
    originals += [""] * (len(lines) - len(originals))
    layout = Layout(unit, tuple(numbers), tuple(prefixes), tuple(notes) if note else (),
                    tuple(originals) if any(originals) else ())
    return Manuscript(path, text, text, 1, metadata, layout, fields, suppressions)
