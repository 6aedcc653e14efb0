"""ABNT (NBR 10520): '(SILVA; SOUZA, 2010)', 'Silva e Souza (2010)', '(SILVA, 2010, p. 12-15)'.

Inside parentheses co-authors are joined by ';', a comma stands before the year, and the page
label is 'p.' for one page and for a range alike. Whether surnames inside parentheses are in
capitals (required until the 2023 edition, optional since) is left to the manuscript's habit.
"""

from __future__ import annotations

from collections.abc import Iterator

from repropub.citations import forms
from repropub.citations.match import Match
from repropub.citations.styles.rules import StyleIssue, counted, in_parentheses, plain
from repropub.citations.typed import TypedCitation

NAME = "abnt"
TITLE = "ABNT"
PRESCRIBES = frozenset({"comma", "connector"})


def issues(text: str, citations: list[TypedCitation], matches: list[Match]) \
        -> Iterator[StyleIssue]:
    for i in counted(citations, matches):
        c = citations[i]
        m = matches[i]
        co_authors = m.entry is None or len(m.entry.authors) > 1
        if in_parentheses(c) and c.connector and c.connector != ";" and co_authors:
            joined = "; ".join(c.names) + plain(c)[plain(c).rindex(c.names[-1])
                                                   + len(c.names[-1]):]
            yield StyleIssue(i, "style.ampersand",
                             "inside parentheses ABNT joins co-authors with ';'",
                             f"write '{joined}'", c.start)
        if in_parentheses(c) and not c.comma_before_year:
            yield StyleIssue(i, "style.comma-before-year",
                             "ABNT puts a comma between the author and the year",
                             f"write '{plain(c).replace(' ' + c.year, ', ' + c.year, 1)}'",
                             c.start)
        page = forms.page_locator(c.locator)
        if page is not None and page.label != "p":
            yield StyleIssue(i, "style.page-locator",
                             "ABNT writes 'p.' for a range too" if page.label == "pp" else
                             f"ABNT writes the page as 'p.', not '{page.label}.'",
                             f"write 'p. {page.pages}'", c.locator_start)
