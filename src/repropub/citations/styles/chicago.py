"""Chicago author-date: '(Smith 2010, 23)', 'Smith and Jones (1991)', never '&'.

No comma between the name and the year, 'and' between two authors, and the page after a comma
without 'p.'.
"""

from __future__ import annotations

from collections.abc import Iterator

from repropub.citations import forms
from repropub.citations.match import Match
from repropub.citations.styles.rules import StyleIssue, comma_before_year, counted, plain
from repropub.citations.typed import TypedCitation

NAME = "chicago"
TITLE = "Chicago author-date"
PRESCRIBES = frozenset({"comma", "connector"})


def issues(text: str, citations: list[TypedCitation], matches: list[Match]) \
        -> Iterator[StyleIssue]:
    for i in counted(citations, matches):
        c = citations[i]
        if issue := comma_before_year(i, c, TITLE):
            yield issue
        if c.connector == "&":
            yield StyleIssue(i, "style.ampersand", "Chicago joins two authors with 'and'",
                             f"write '{plain(c).replace(' & ', ' and ', 1)}'", c.start)
        if forms.page_locator(c.locator) is not None:
            yield StyleIssue(i, "style.page-locator",
                             "Chicago author-date gives the page without 'p.' ('2010, 23')",
                             "write the page number alone", c.locator_start)
