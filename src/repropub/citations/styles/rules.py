"""What every citation-style family's rules give, and the checks they share.

A family module (`apa`, `harvard`, `abnt`, `chicago`) has the same small interface: `NAME`,
`TITLE`, `PRESCRIBES` (the features its rules decide: the comma before the year, the connector
inside parentheses, capitals) and `issues(text, citations, matches)`. What a family leaves open
the manuscript's own habit decides: `inconsistent()` reports the few citations written otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from repropub.citations.fixes import Fix
from repropub.citations.match import Match
from repropub.citations.typed import TypedCitation


@dataclass(frozen=True)
class StyleIssue:
    """A citation written against its style's rules, with the form the style wants."""

    index: int
    code: str
    message: str
    suggestion: str
    offset: int
    """Where in the text the issue is (the connector, the year, the locator)."""
    fix: Fix | None = None


def counted(citations: list[TypedCitation], matches: list[Match]) -> Iterator[int]:
    """The citations a style rule looks at: found, and not a year-only continuation."""
    for i, (c, m) in enumerate(zip(citations, matches, strict=True)):
        if m.code != "not-a-citation" and c.continues < 0:
            yield i


def in_parentheses(c: TypedCitation) -> bool:
    return c.parenthetical and not c.narrative and not c.bare


def comma_before_year(i: int, c: TypedCitation, title: str) -> StyleIssue | None:
    """The rule Harvard and Chicago author-date share: no comma between name and year,
    '(Smith 2010)'. An abbreviation's comma ('(WHO, 2020)') is the group's, not the rule's."""
    if not (in_parentheses(c) and c.comma_before_year and not c.abbreviation):
        return None
    return StyleIssue(i, "style.comma-before-year",
                      f"{title} puts no comma between the author and the year",
                      f"write '{plain(c).replace(', ' + c.year, ' ' + c.year, 1)}'", c.start)


def capitals(c: TypedCitation) -> bool:
    """'SILVA', 'DOS SANTOS': a person's surname typed in capitals (ABNT)."""
    letters = [ch for ch in c.names[0] if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def person(m: Match) -> bool:
    return m.entry is None or not (m.entry.authors and m.entry.authors[0].is_group)


FEATURES: dict[str, tuple[Callable[[TypedCitation, Match], bool], Callable[[bool], str]]] = {
    "comma": (lambda c, m: in_parentheses(c),
              lambda has: "with a comma before the year" if has else
              "without a comma before the year"),
    "connector": (lambda c, m: in_parentheses(c) and c.connector in ("&", "and"),
                  lambda has: "joining two authors with '&'" if has else
                  "joining two authors with 'and'"),
    "capitals": (lambda c, m: in_parentheses(c) and person(m),
                 lambda has: "with surnames in capitals" if has else
                 "with surnames in lower case"),
}
"""Each feature: which citations show it, and how to name its two values."""


def value(feature: str, c: TypedCitation) -> bool:
    if feature == "comma":
        return c.comma_before_year
    if feature == "connector":
        return c.connector == "&"
    return capitals(c)


def inconsistent(citations: list[TypedCitation], matches: list[Match],
                 prescribed: frozenset[str]) -> Iterator[StyleIssue]:
    """A citation written against the manuscript's own habit: when at least five citations show a
    feature and four in five agree, each of the others is reported."""
    for feature, (shows, name) in FEATURES.items():
        if feature in prescribed:
            continue
        seen = [i for i in counted(citations, matches) if shows(citations[i], matches[i])]
        votes = Counter(value(feature, citations[i]) for i in seen)
        if len(seen) < 5 or not votes:
            continue
        habit, count = votes.most_common(1)[0]
        if count * 5 < len(seen) * 4:
            continue
        for i in seen:
            c = citations[i]
            if value(feature, c) != habit:
                yield StyleIssue(i, "style.inconsistent",
                                 f"the manuscript writes its citations {name(habit)} "
                                 f"({count} of {len(seen)}); this one is {name(not habit)}",
                                 f"write it as the others are written: {name(habit)}", c.start)


def plain(c: TypedCitation) -> str:
    return re.sub(r"\s+", " ", c.text)
