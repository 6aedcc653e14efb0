"""Linking typed citations for the build: each resolved one becomes a link to its entry.

Takes the manuscript and the checker's citations and gives the body Markdown with each resolved
typed citation's text (an author-date citation, or a number: the `2` of `[2]`, the `2-4` of
`[2-4]`) wrapped as `[TEXT](#ref-KEY){.citation}` (citeproc anchors entries as `id="ref-KEY"`);
a citation of several keys, or a range of several numbers, links to the first. The author's
wording is kept and nothing else changes: the body has exactly as many lines as before. Keyed
citations are left for pandoc.
"""

from __future__ import annotations

from collections.abc import Iterable

from repropub.checker import Citation
from repropub.manuscript import Manuscript

_LINKABLE = {"ok", "name-misspelt", "year-mismatch", "author-mismatch"}
"""Statuses whose citation still points at one entry (the link helps the reader find it)."""


def link_typed_citations(manuscript: Manuscript, citations: Iterable[Citation]) -> str:
    """`manuscript.body` with resolved typed citations turned into links."""
    body_start = len("\n".join(manuscript.text.split("\n")[:manuscript.body_line - 1]))
    if manuscript.body_line > 1:
        body_start += 1
    body = manuscript.body
    pieces: list[str] = []
    last = 0
    for c in sorted(citations, key=lambda c: c.start):
        if c.kind == "keyed" or not c.keys or c.status not in _LINKABLE or c.start < 0:
            continue
        start, end = c.start - body_start, c.end - body_start
        if start < last or end > len(body) or body[start:end] != c.text:
            continue
        text = _escape(c.text)
        pieces += [body[last:start], f"[{text}](#ref-{c.keys[0]}){{.citation}}"]
        last = end
    pieces.append(body[last:])
    return "".join(pieces)


def _escape(text: str) -> str:
    """Brackets inside the link text ('[CRS]') would end it early."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
