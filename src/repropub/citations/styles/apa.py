"""APA 7: how a citation is written (warnings: the reference is right, its form is not).

'&' in parentheses and 'and' in running text, a comma before the year, 'p.' for one page and
'pp.' for a range, 'et al.' for three or more authors, and a group author's abbreviation
introduced once, at the first citation, and used after that. The connector, the comma and the
page label carry a `Fix`: their correction is certain.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from repropub.citations import forms
from repropub.citations.fixes import author_fix, comma_fix, connector_fix, locator_fix
from repropub.citations.match import Match
from repropub.citations.styles.rules import StyleIssue
from repropub.citations.typed import TypedCitation

NAME = "apa"
TITLE = "APA"
PRESCRIBES = frozenset({"comma", "connector"})
"""What the family's own rules decide; the manuscript's habit decides the rest."""


def issues(text: str, citations: list[TypedCitation], matches: list[Match]) \
        -> Iterator[StyleIssue]:
    introduced: dict[str, int] = {}
    word = _running_word(citations)
    for i, (c, m) in enumerate(zip(citations, matches, strict=True)):
        if m.code == "not-a-citation" or c.continues >= 0:
            continue
        yield from _connector(text, i, c, m, word)
        if c.parenthetical and not c.narrative and not c.comma_before_year:
            yield StyleIssue(i, "style.comma-before-year",
                             "APA puts a comma between the author and the year in parentheses",
                             _fixed(c, comma=True), c.start, comma_fix(text, c))
        if m.entry is not None and m.entry.short_author:
            yield from _abbreviation(i, c, m, introduced)
        if m.code == "ok" and m.entry is not None and len(m.entry.authors) >= 3 \
                and not c.et_al and len(c.names) == len(m.entry.authors):
            yield StyleIssue(i, "style.et-al",
                             "APA 7 cites a work with three or more authors as 'First et al.'",
                             forms.author_part(m.entry, narrative=c.narrative), c.start,
                             author_fix(text, c, m.entry))
    for i, c in enumerate(citations):
        if c.locator and matches[i].code != "not-a-citation":
            yield from _locator(i, c)


def _fixed(c: TypedCitation, *, connector: str = "", comma: bool = False) -> str:
    """The citation as typed, with one APA rule applied."""
    text = re.sub(r"\s+", " ", c.text)
    if connector:
        text = re.sub(r"\s(?:and|&)\s(?=\S+(?: et al\.)?,? (?:\(|\d|n\.d\.|in press))",
                      f" {connector} ", text, count=1)
    if comma:
        text = re.sub(r"(?<=[^\s,])\s+(?=" + re.escape(c.year) + ")", ", ", text, count=1)
    return f"write '{text}'"


def _running_word(citations: list[TypedCitation]) -> str:
    """The word the manuscript joins two authors with in running text: its language's ('und',
    'y', 'e', 'et'), as most of its citations write it, else 'and'."""
    typed = Counter(c.connector for c in citations if c.continues < 0
                    and c.connector not in ("", "&", ";", ","))
    return typed.most_common(1)[0][0] if typed else "and"


def _connector(text: str, i: int, c: TypedCitation, m: Match,
               word: str) -> Iterator[StyleIssue]:
    if not c.connector or (m.entry is not None and len(m.entry.authors) == 1):
        return
    span = text[c.start:c.end]
    found = re.search(r"\s(and|&)\s", span)
    offset = c.start + (found.start(1) if found else 0)
    if c.parenthetical and not c.narrative and c.connector == "and":
        yield StyleIssue(i, "style.ampersand",
                         "inside parentheses APA joins two authors with '&', not 'and'",
                         _fixed(c, connector="&"), offset, connector_fix(text, c, "&"))
    elif c.narrative and c.connector == "&":
        yield StyleIssue(i, "style.ampersand",
                         f"in running text APA joins two authors with '{word}', not '&'",
                         _fixed(c, connector=word), offset, connector_fix(text, c, word))


def _locator(i: int, c: TypedCitation) -> Iterator[StyleIssue]:
    page = forms.page_locator(c.locator)
    if page is None or page.one == page.many:
        return  # German 'S.' is one page and a range alike
    if page.label == page.many and not forms.is_range(page.pages):
        yield StyleIssue(i, "style.page-locator",
                         f"APA writes '{page.one}.' for a single page",
                         f"write '{page.one}. {page.pages}'", c.locator_start, locator_fix(c))
    elif page.label == page.one and forms.is_range(page.pages):
        yield StyleIssue(i, "style.page-locator", f"APA writes '{page.many}.' for a page range",
                         f"write '{forms.fix_locator(c.locator)}'", c.locator_start,
                         locator_fix(c))


def _abbreviation(i: int, c: TypedCitation, m: Match,
                  introduced: dict[str, int]) -> Iterator[StyleIssue]:
    assert m.entry is not None
    short = m.entry.short_author or ""
    full = m.entry.authors[0].surname if m.entry.authors else ""
    typed = c.names[0]
    key = full.casefold() or m.entry.key  # introduced once for the group, not once per work
    if c.abbreviation:
        if key in introduced:
            yield StyleIssue(i, "style.group-abbreviation",
                             f"the abbreviation {short} was already introduced; use it alone",
                             f"{short}, {c.year}", c.start)
        introduced.setdefault(key, i)
    elif typed.casefold() == short.casefold() and key not in introduced:
        yield StyleIssue(i, "style.group-abbreviation",
                         f"introduce the abbreviation at the first citation: "
                         f"{full} [{short}]", f"{full} [{short}], {c.year}", c.start)
        introduced[key] = i
    elif typed.casefold() != short.casefold() and key in introduced:
        yield StyleIssue(i, "style.group-abbreviation",
                         f"after its introduction, cite {full} by its abbreviation {short}",
                         f"{short}, {c.year}", c.start)
