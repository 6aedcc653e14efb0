"""Reading the manuscript: a Markdown file with YAML front matter.

Takes a path and gives a `Manuscript`: the source text (UTF-8, newlines normalised), the body
and where it starts, and the checked `ArticleMetadata`. The file is opened read-only and never
written. Other formats (Word, ODT, LaTeX, plain text) are read by `repropub.readers` into the
same `Manuscript`, with a `Layout` that maps its lines back to the file's paragraphs or lines.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from repropub.errors import InputError, MetadataError
from repropub.limits import DEFAULT_LIMITS, Limits, check_file, check_markdown
from repropub.metadata import ArticleMetadata, build_metadata, read_front_matter
from repropub.suppress import Suppression

_FENCE_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
_TITLE_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$")


@dataclass(frozen=True)
class Layout:
    """How the lines of `Manuscript.text` map back to a file that is not Markdown.

    A reader of a Word or ODT file writes one line per paragraph, so that the checker's line is
    the paragraph number; a heading gets ``#`` marks (the reference list is found by its
    heading), which `prefixes` records so that offsets stay those of the paragraph's own text.
    """

    unit: Literal["paragraph", "line"]
    numbers: tuple[int, ...]
    """For each line of `Manuscript.text`, the paragraph (counted as Word does: every paragraph,
    empty ones and table cells included) or the line of the file it came from."""
    prefixes: tuple[int, ...]
    """For each line, the characters the reader put before the file's own text."""
    notes: tuple[str, ...] = ()
    """For each line, the note it belongs to (``footnote 3``, ``endnote 1``), whose paragraphs
    `numbers` counts from 1; empty for the main text (and when no line is a note's)."""
    originals: tuple[str, ...] = ()
    """For each line whose text the reader changed for the checker (superscript digits written
    as Unicode superscripts, so that '12' set in superscript reads as a numbered citation), the
    line as the file has it, which quotes are taken from; empty where nothing changed."""


@dataclass(frozen=True)
class Location:
    """A place in the manuscript as an editor finds it: a line and column for a text file; a
    paragraph, the characters before the place within it and a quote for Word and ODT."""

    unit: Literal["paragraph", "line"]
    number: int
    offset: int
    """Characters (code points) before the place in its paragraph or line: 0 at its start."""
    quote: str
    """The text at the place with a few words either side, verbatim, for Ctrl-F."""
    note: str = ""
    """The footnote or endnote the place is in (``footnote 3``); empty in the main text."""


@dataclass(frozen=True)
class CitationField:
    """A citation inserted by a reference manager or by Word: a field whose instruction names
    the cited works and whose result is the text the reader sees."""

    kind: Literal["zotero", "mendeley", "word", "endnote"]
    line: int
    """The line of `Manuscript.text` (for Word, the paragraph) where the result starts."""
    start: int
    end: int
    """The result's span [start, end) as offsets in `Manuscript.text`."""
    items: tuple[dict[str, Any], ...]
    """The cited works as CSL-JSON items (Zotero and Mendeley embed them, EndNote its records);
    for Word's own ``CITATION`` fields, the source's tag as ``id`` and what its bibliography
    part says."""
    plain: str = ""
    """The text the reference manager last wrote there (``plainCitation``), when recorded."""


@dataclass(frozen=True)
class Manuscript:
    """The article as the author wrote it."""

    path: Path
    text: str
    """The whole file, decoded, BOM removed, CRLF turned into LF."""
    body: str
    """The Markdown after the front matter (and after the title heading, when the title came from
    there)."""
    body_line: int
    """The 1-based line of `text` on which `body` starts."""
    metadata: ArticleMetadata
    layout: Layout | None = None
    """How `text` maps back to the file, when `text` is not the file itself; None for Markdown."""
    fields: tuple[CitationField, ...] = ()
    """Citation fields of a Word file (Zotero, Mendeley, Word's own), in the order of the text."""
    suppressions: tuple[Suppression, ...] = ()
    """Findings the editor has judged in a way the text does not show (a Word or ODT comment
    ``repropub: ignore CODE`` on a paragraph); the checker adds those of HTML comments."""
    bibliography: tuple[str, ...] = ()
    """The files the front matter's ``bibliography:`` names, as written."""

    @functools.cached_property
    def lines(self) -> tuple[str, ...]:
        # split once: a report locates every finding, and a 500-page manuscript has thousands
        return tuple(self.text.split("\n"))

    def locate(self, line: int, col: int, length: int = 0) -> Location:
        """Where `line`:`col` of `text` is in the file, with a quote of the `length` characters
        there and a few words either side."""
        lines = self.lines
        own = lines[line - 1] if 0 < line <= len(lines) else ""
        unit: Literal["paragraph", "line"] = "line"
        number, prefix = line, 0
        note = ""
        if self.layout is not None and 0 < line <= len(self.layout.numbers):
            unit = self.layout.unit
            number, prefix = self.layout.numbers[line - 1], self.layout.prefixes[line - 1]
            note = self.layout.notes[line - 1] if self.layout.notes else ""
            if self.layout.originals and self.layout.originals[line - 1]:
                own = self.layout.originals[line - 1]
        own = own[prefix:]
        offset = max(col - 1 - prefix, 0)
        return Location(unit, number, offset, quote(own, offset, length), note)


def quote(text: str, offset: int, length: int, words: int = 4) -> str:
    """`text[offset:offset + length]` widened to whole words and then by up to `words` words
    either side, kept verbatim (Ctrl-F finds only what is really there), never across a tab."""
    start = text.rfind(" ", 0, offset) + 1
    end = text.find(" ", min(offset + max(length, 1), len(text)))
    end = len(text) if end < 0 else end
    for _ in range(words):
        before = text.rfind(" ", 0, max(start - 1, 0)) + 1
        if start == 0 or "\t" in text[before:start]:
            break
        start = before
    for _ in range(words):
        after = text.find(" ", end + 1)
        after = len(text) if after < 0 else after
        if end >= len(text) or "\t" in text[end:after]:
            break
        end = after
    return text[start:end].strip()


def read_text(path: Path, what: str) -> str:
    """Read a UTF-8 text file; every way it can fail names the file (and the line of a bad byte)."""
    if not path.exists():
        raise InputError(path, f"{what} not found")
    if path.is_dir():
        raise InputError(path, f"{what} is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read {what}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, f"{what} is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                         line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(path, f"{what} contains a NUL byte", line)
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def refuse_outward_link(path: Path, what: str, folder: Path) -> None:
    """Refuse a `path` that is a symbolic link leading out of its project.

    Strangers' archives carry symlinks (``references.bib -> /home/editor/.ssh/id_rsa``); read
    through one, a file from outside lands in the outputs. A path named inside `folder` (the
    manuscript's folder) must stay inside it once links are resolved; a path named elsewhere,
    which the person running the build chose, must at least not be a link out of its own folder.
    """
    given, base = Path(os.path.abspath(path)), Path(os.path.abspath(folder))
    anchor = base if given.is_relative_to(base) else given.parent
    target = path.resolve()
    if not target.is_relative_to(anchor.resolve()):
        raise InputError(path, f"{what} is a symbolic link to {target}, outside "
                               f"{anchor}; only --trusted follows such links")


def read_manuscript(path: Path, limits: Limits = DEFAULT_LIMITS, *,
                    cache: bool = True) -> Manuscript:
    """Read and check the manuscript's front matter; the body is left to the later stages,
    once it is known to stay within `limits`. With `cache`, a front matter read before comes
    from the cache (`repropub.metadata.read_front_matter`)."""
    check_file(path, limits, "manuscript_bytes")
    text = read_text(path, "manuscript")
    lines = text.split("\n")
    front, body_index = "", 0
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if _FENCE_END.match(lines[i])), None)
        if end is None:
            raise MetadataError(path, "front matter opened with '---' is never closed", 1)
        front, body_index = "\n".join(lines[1:end]), end + 1
    data, fields = read_front_matter(front, path, 2, limits, cache=cache)
    if "title" not in data:
        body_index = _title_from_heading(lines, body_index, data)
    metadata = build_metadata(data, fields, path)
    body = "\n".join(lines[body_index:])
    check_markdown(body, path, body_index + 1, limits)
    named = data.get("bibliography")
    files = tuple(str(b) for b in (named if isinstance(named, list) else [named]) if b)
    return Manuscript(path, text, body, body_index + 1, metadata, bibliography=files)


def _title_from_heading(lines: list[str], start: int, data: dict[str, object]) -> int:
    """A manuscript without a `title:` field may open with its title as a level-1 heading."""
    for i in range(start, len(lines)):
        if not lines[i].strip():
            continue
        match = _TITLE_HEADING.match(lines[i])
        if match:
            data["title"] = match.group(1)
            return i + 1
        break
    return start
