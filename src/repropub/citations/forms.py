"""How APA 7 (the default style) writes an author-date citation of an entry.

Takes an `Entry` and gives the names and year a citation shows: 'Major & Mölling, 2022' in
parentheses, 'Major and Mölling (2022)' in running text, 'Smith et al.' for three or more authors,
a group author's abbreviation once it has been introduced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from repropub.bibliography import Entry
from repropub.citations.words import words

_RANGE = re.compile(r"\d+[a-z]?\s*[\u2013\u2014\-]\s*\d+|\d+\s*,\s*\d+")


def author_part(entry: Entry, *, narrative: bool, abbreviation_known: bool = True) -> str:
    names = [n.surname for n in entry.authors]
    if not names:
        return _short_title(entry)
    if len(names) == 1:
        if entry.short_author and abbreviation_known:
            return entry.short_author
        return names[0]
    if len(names) == 2:
        return f"{names[0]} {'and' if narrative else '&'} {names[1]}"
    return f"{names[0]} et al."


def year_part(entry: Entry) -> str:
    return entry.year or "n.d."


def cite_as(entry: Entry, *, narrative: bool, locator: str = "", possessive: bool = False,
            abbreviation_known: bool = True) -> str:
    """The whole citation as APA 7 writes it, with the author's locator kept (label fixed)."""
    who = author_part(entry, narrative=narrative, abbreviation_known=abbreviation_known)
    locator = fix_locator(locator)
    if narrative:
        inner = year_part(entry) + (f", {locator}" if locator else "")
        mark = "\u2019s" if possessive else ""
        return f"{who}{mark} ({inner})"
    return f"{who}, {year_part(entry)}" + (f", {locator}" if locator else "")


def is_range(pages: str) -> bool:
    return bool(_RANGE.search(pages))


@dataclass(frozen=True)
class PageLocator:
    """A locator's page label and pages, with its language's two labels: 'págs. 4-6' is
    label 'págs', pages '4-6', one 'pág', many 'págs'."""

    label: str
    pages: str
    one: str
    many: str


def page_locator(locator: str) -> PageLocator | None:
    """The page label and pages of `locator`, if it starts with a page label the word tables
    know ('p. 2', 'pp. 2-5', 'S. 12', 'pág. 3'); None for a chapter, a volume or a bare page."""
    match = re.match(r"([^\W\d_]+)\.?\s*(\d.*)", locator)
    if match is None:
        return None
    label, pages = match.groups()
    for one, many in words().page_labels:
        if label in (one, many):
            return PageLocator(label, pages, one, many)
    return None


def fix_locator(locator: str) -> str:
    """'pp. 2' -> 'p. 2' and 'p. 2-5' -> 'pp. 2-5' (with an en dash), and likewise in each
    language that tells one page from a range ('págs. 2' -> 'pág. 2'); other labels are kept."""
    page = page_locator(locator)
    if page is None or page.one == page.many:
        return locator
    pages = re.sub(r"\s*[\u2013\u2014\-]\s*", "\u2013", page.pages)
    return f"{page.many if is_range(pages) else page.one}. {pages}"


def _short_title(entry: Entry) -> str:
    words = entry.title.split()
    return " ".join(words[:4]) if words else entry.key
