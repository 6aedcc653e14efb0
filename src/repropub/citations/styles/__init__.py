"""Citation-style families: which one a manuscript is written in, and its rules.

Takes the typed citations with their matches and gives the family (APA, Harvard, ABNT, Chicago
author-date) and the `StyleIssue`s of that family's rules only, plus the citations written
against the manuscript's own habit. The family is the one named (`--citation-style`, the front
matter's `citation-style:`, a CSL style of a known family), else the one the citations show:
surnames in capitals (in most citations, or in most of those inside parentheses) or co-authors
joined by ';' are ABNT, no comma before the year is Harvard (Chicago when pages follow a bare
comma, '2010, 23'), a comma is APA.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from repropub.citations.match import Match
from repropub.citations.styles import abnt, apa, chicago, harvard
from repropub.citations.styles.rules import (
    StyleIssue,
    capitals,
    counted,
    in_parentheses,
    inconsistent,
    person,
)
from repropub.citations.typed import TypedCitation

FAMILIES: dict[str, ModuleType] = {m.NAME: m for m in (apa, harvard, abnt, chicago)}

_CSL_FAMILIES = (("apa", "apa"), ("harvard", "harvard"), ("chicago-author-date", "chicago"),
                 ("associacao-brasileira-de-normas-tecnicas", "abnt"), ("abnt", "abnt"))
"""CSL style names (their start) that say which family the citations follow."""


@dataclass(frozen=True)
class Family:
    """The author-date family a manuscript's citations are checked against."""

    name: str
    """'apa', 'harvard', 'abnt', 'chicago' ('' only in an empty result)."""
    source: str
    """How it was decided: 'option', 'front matter', 'CSL style', 'detected', or 'default'
    when the manuscript has too few citations to tell."""

    @property
    def title(self) -> str:
        if self.name == "numbered":  # cites by number (repropub.citations.numbered)
            return "numbered (Vancouver, IEEE)"
        if self.name == "notes":  # cites in footnotes (repropub.citations.notes)
            return "notes and bibliography (Chicago)"
        return str(FAMILIES[self.name].TITLE) if self.name else "unknown"


def family_of_csl(style: str) -> str | None:
    stem = Path(style).stem.lower()
    return next((family for prefix, family in _CSL_FAMILIES if stem.startswith(prefix)), None)


def choose(text: str, citations: list[TypedCitation], matches: list[Match], *,
           named: str | None, front_matter: str | None, csl: str | None) -> Family:
    """The family the citations are checked against: named first (option, then front matter),
    then the CSL style's (`csl` is None for the default style, which says nothing), then the
    one detected."""
    if named:
        # a family by name or by a CSL style of it; any other style has no rules here
        return Family(named if named in FAMILIES else family_of_csl(named) or "", "option")
    if front_matter:
        return Family(front_matter, "front matter")
    if csl is not None and family_of_csl(csl):
        return Family(family_of_csl(csl) or "", "CSL style")
    detected = detect(text, citations, matches)
    # too few citations to tell: the default style's family (APA, as citeproc renders)
    return Family(detected, "detected") if detected else Family("apa", "default")


_ABNT_HABIT = 2
"""Surnames in capitals inside parentheses that make a habit, not a slip."""


def detect(text: str, citations: list[TypedCitation], matches: list[Match]) -> str:
    """The family most of the citations follow (see the module's docstring)."""
    shown = [i for i in counted(citations, matches) if matches[i].code != "missing-entry"]
    people = [i for i in shown if person(matches[i])]
    inside = [i for i in shown if in_parentheses(citations[i])]
    if len(inside) + len(people) < 3:
        return ""
    caps = sum(capitals(citations[i]) for i in people)
    # ABNT writes a surname in capitals inside parentheses only: 'Freire (1970)' but
    # '(FREIRE, 1970)', so a text that names its authors mostly in its sentences is judged by
    # the ones in parentheses
    enclosed = [i for i in people if in_parentheses(citations[i])]
    caps_enclosed = sum(capitals(citations[i]) for i in enclosed)
    semicolons = sum(citations[i].connector == ";" for i in shown)
    if (caps * 2 > len(people) or _ABNT_HABIT <= caps_enclosed > len(enclosed) / 2
            or semicolons * 2 > sum(bool(citations[i].connector) for i in shown)):
        return "abnt"
    commas = sum(citations[i].comma_before_year for i in inside)
    if not inside or commas * 2 >= len(inside):
        return "apa"
    # '(Smith 2010, 23)' is Chicago; Harvard writes '(Smith 2010: 23)' or '(Smith 2010, p. 23)'
    bare_pages = sum(1 for i in inside if citations[i].locator[:1].isdigit()
                     and text[citations[i].year_end:citations[i].locator_start].strip() == ",")
    labelled = sum(1 for i in inside if citations[i].locator[:1].isalpha())
    return "chicago" if bare_pages > labelled else "harvard"


def style_issues(text: str, citations: list[TypedCitation], matches: list[Match],
                 family: Family) -> Iterator[StyleIssue]:
    """The family's rules, then the manuscript's own habit for what the family leaves open."""
    if family.name not in FAMILIES:  # none, or one without author-date rules ('notes')
        return
    module = FAMILIES[family.name]
    yield from module.issues(text, citations, matches)
    yield from inconsistent(citations, matches, module.PRESCRIBES)


__all__ = ["FAMILIES", "Family", "StyleIssue", "choose", "detect", "family_of_csl",
           "style_issues"]
