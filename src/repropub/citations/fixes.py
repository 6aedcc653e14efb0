"""Corrections the checker is certain of, as edits of the manuscript text.

Takes a typed citation, the blanked text it was read from (its offsets are the manuscript's) and
its `Match`, and gives a `Fix` for each finding whose correction has exactly one answer: the
entry's year for a wrong year, the entry's spelling for a misspelt name, the entry's author list
for a wrong one; `repropub.citations.style` makes the fixes of the style rules with the helpers
here. A missing entry, an ambiguous citation or several candidates get no fix: a person decides.
`repropub.fix` applies the fixes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from repropub.bibliography import Entry
from repropub.citations import forms
from repropub.citations.match import Match
from repropub.citations.typed import TypedCitation

FIXABLE = ("style.ampersand", "style.comma-before-year", "style.page-locator", "style.et-al",
           "author-mismatch", "year-mismatch", "name-misspelt", "numbered.range-backwards")
"""The codes whose findings can carry a fix (when their correction is certain)."""

_ET_AL = re.compile(r"\s*,?\s*et\.?\s+al\.?")


@dataclass(frozen=True)
class Fix:
    """Replace [start, end) of `Manuscript.text` with `replacement` (an insertion when empty)."""

    start: int
    end: int
    replacement: str
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    """1-based positions of `start` and `end` (columns in code points); set by the checker."""


def compatible(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes that can be applied together: in the order of the text, the wider first at one
    place (a rewritten author list before its connector), none overlapping one taken before."""
    taken: list[Fix] = []
    reach: list[int] = []  # the furthest end among taken[:i + 1]: older ones end before it
    for fix in sorted(fixes, key=lambda f: (f.start, -(f.end - f.start))):
        # every taken fix starts at or before this one, so only those ending at or after its
        # start can overlap it: walking back stops there, which keeps a long text linear
        i = len(taken) - 1
        while i >= 0 and reach[i] >= fix.start and not overlap(fix, taken[i]):
            i -= 1
        if i < 0 or reach[i] < fix.start:
            taken.append(fix)
            reach.append(max(fix.end, reach[-1]) if reach else fix.end)
    return taken


def overlap(a: Fix, b: Fix) -> bool:
    """Do two edits touch the same characters (two insertions at one place count)?"""
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def apply(text: str, fixes: Sequence[Fix], offset: int = 0) -> str:
    """`text` with non-overlapping `fixes` applied; everything outside their spans is kept.
    `offset` is where `text` starts in the text the fixes' offsets count in."""
    pieces, last = [], 0
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        start, end = fix.start - offset, fix.end - offset
        if start < last:
            raise ValueError(f"overlapping fixes at offset {fix.start}")
        pieces += [text[last:start], fix.replacement]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def match_fixes(text: str, c: TypedCitation, m: Match, *, apa: bool) -> tuple[Fix | None, ...]:
    """The fix of each finding the match gives (its code, then each note), None where the
    correction is not certain. Author lists are rewritten in the APA form only, the one form
    the checker knows (`apa` says the article is set in an APA style)."""
    none: tuple[Fix | None, ...] = (None,) * (1 + len(m.notes))
    if m.code == "year-mismatch" and m.year and len(m.keys) == 1 and c.year_start >= 0:
        return (Fix(c.year_start, c.year_end, m.year), *none[1:])
    if m.code == "author-mismatch" and apa and len(m.keys) == 1 and m.entry is not None:
        fix = author_fix(text, c, m.entry)
        if fix is not None:
            return (fix, *none[1:])
    if m.code == "name-misspelt" and len(m.spellings) == len(none):
        fixes = tuple(_spelling_fix(text, c, typed, correct) for typed, correct in m.spellings)
        if all(fixes):
            return fixes
    return none


def author_fix(text: str, c: TypedCitation, entry: Entry) -> Fix | None:
    """The author part rewritten in APA's form of the entry's authors, year and the rest kept."""
    span = author_span(text, c)
    return Fix(*span, forms.author_part(entry, narrative=c.narrative)) if span else None


def author_span(text: str, c: TypedCitation) -> tuple[int, int] | None:
    """Where the author part of a citation is ('Major' in '(Major 2022, pp. 2)', 'Smith et al.'
    in 'Smith et al.'s (2010)'), or None when it cannot be told apart with certainty."""
    spans = name_spans(text, c)
    if spans is None:
        return None
    end = _names_end(text, c)
    tail = text[spans[-1][1]:end]
    if tail and not (c.et_al and _ET_AL.fullmatch(tail)):
        return None
    return c.start, end


def name_spans(text: str, c: TypedCitation) -> list[tuple[int, int]] | None:
    """The span of each typed name, in order, inside the author part; None if one is not found."""
    if c.continues >= 0 or c.year_start < 0 or c.abbreviation or c.start != c.names_start:
        return None
    end = _names_end(text, c)
    spans, pos = [], c.start
    for name in c.names:
        pattern = r"\s+".join(re.escape(word) for word in name.split(" "))
        found = re.compile(rf"(?<!\w){pattern}(?!\w)").search(text, pos, end)
        if found is None:
            return None
        spans.append(found.span())
        pos = found.end()
    return spans


def comma_fix(text: str, c: TypedCitation) -> Fix | None:
    """',' after the author part, before the year's space: '(Major 2022)' -> '(Major, 2022)'."""
    if c.year_start < 0:
        return None
    k = c.year_start
    while k > c.start and text[k - 1].isspace():
        k -= 1
    if k == c.year_start or text[k - 1] in ",(":
        return None
    return Fix(k, k, ",")


def connector_fix(text: str, c: TypedCitation, connector: str) -> Fix | None:
    """The one 'and' or '&' between the last two names, replaced by `connector`."""
    if c.year_start < 0 or c.continues >= 0:
        return None
    found = [m for m in re.finditer(r"(?<=\s)(?:and|&)(?=\s)", text[c.start:c.year_start])
             if m.group(0) == c.connector]
    if len(found) != 1:
        return None
    return Fix(c.start + found[0].start(), c.start + found[0].end(), connector)


def locator_fix(c: TypedCitation) -> Fix | None:
    """'pp. 2' -> 'p. 2', 'p. 2-5' -> 'pp. 2\u20135'."""
    fixed = forms.fix_locator(c.locator)
    if c.locator_start < 0 or fixed == c.locator:
        return None
    return Fix(c.locator_start, c.locator_start + len(c.locator), fixed)


def _names_end(text: str, c: TypedCitation) -> int:
    """The end of the author part: before the year, its '(' (narrative), comma and "'s"."""
    k = c.year_start
    while k > c.start and text[k - 1].isspace():
        k -= 1
    if c.narrative and k > c.start and text[k - 1] == "(":
        k -= 1
        while k > c.start and text[k - 1].isspace():
            k -= 1
    if not c.narrative and k > c.start and text[k - 1] == ",":
        k -= 1
    if c.possessive:
        for mark in ("'s", "'"):
            if text.endswith(mark, c.start, k):
                k -= len(mark)
                break
    return k


def _spelling_fix(text: str, c: TypedCitation, typed: str, correct: str) -> Fix | None:
    """The typed name (or its last words, for 'Kenneth Waltz') replaced by the entry's."""
    spans = name_spans(text, c)
    if spans is None:
        return None
    want = typed.split(" ")
    for name, (start, end) in zip(c.names, spans, strict=True):
        words = name.split(" ")
        if words[len(words) - len(want):] != want:
            continue
        starts = [m.start() for m in re.finditer(r"\S+", text[start:end])]
        return Fix(start + starts[len(words) - len(want)], end, correct)
    return None
