"""Harvard: '(Smith 2010)', 'Smith and Jones (1991)', '(Smith 2010: 23)' or '(Smith 2010, p. 23)'.

No comma between the name and the year; the connector ('and' or '&') and the locator's form vary
between publishers, so the manuscript's own habit decides them (`rules.inconsistent`).
"""

from __future__ import annotations

from collections.abc import Iterator

from repropub.citations.match import Match
from repropub.citations.styles.rules import StyleIssue, comma_before_year, counted
from repropub.citations.typed import TypedCitation

NAME = "harvard"
TITLE = "Harvard"
PRESCRIBES = frozenset({"comma"})


def issues(text: str, citations: list[TypedCitation], matches: list[Match]) \
        -> Iterator[StyleIssue]:
    for i in counted(citations, matches):
        c = citations[i]
        if issue := comma_before_year(i, c, TITLE):
            yield issue
