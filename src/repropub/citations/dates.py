"""Uncertain dates: the years a bracketed ABNT date, or a biblatex date with unknown digits, may
stand for.

Takes a date as a citation, a typed reference list or a .bib writes it and gives an `Uncertain`
when it names no one year: a decade ('[197-]', '[197-?]', biblatex's '197X'), a century
('[18--]', '18XX'), one year or another ('[1971 ou 1972]') or a span ('[entre 1906 e 1912]').
Two writings of the same date share a `key`, which is what a citation is linked by; `first` and
`last` say which years it may be, so that '(SILVA, 1975)' beside a reference dated '[197-]' is
known to be the same work cited in the wrong form. A bracketed date that does name one year
('[1969?]', '[ca. 1960]', '[1973]') is that year (`exact_year`): its brackets say how it is
known, not when.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from repropub import tables

_YEAR = r"(?:1[5-9]|20)\d\d"


@dataclass(frozen=True)
class Uncertain:
    """A date that names no one year."""

    written: str
    """As a reference gives it, in brackets: '[197-?]', '[1971 ou 1972]'."""
    key: str
    """What every writing of the same date shares: '197-', '18--', '1971|1972', '1906..1912'."""
    first: int
    last: int


@dataclass(frozen=True)
class _Grammar:
    inner: str
    """A regular expression (no groups) for an uncertain date inside its brackets, without
    the '?' of a probable one."""
    parts: re.Pattern[str]


@functools.cache
def _grammar() -> _Grammar:
    data = tables.load(Path(__file__).with_name("dates.yaml"))
    either = "|".join(sorted({str(w) for ws in data["either"].values() for w in ws},
                             key=len, reverse=True))
    pairs = [(str(a), str(b)) for ps in data["between"].values() for a, b in ps]
    opens = "|".join(sorted({a for a, _ in pairs}, key=len, reverse=True))
    joins = "|".join(sorted({b for _, b in pairs}, key=len, reverse=True))
    inner = (rf"(?i:(?:{opens})\s+{_YEAR}\s+(?:{joins})\s+{_YEAR}"
             rf"|{_YEAR}\s+(?:{either})\s+{_YEAR})"
             r"|(?:1[5-9]|20)\d-(?!\d)|(?:1[5-9]|20)--")
    parts = re.compile(
        rf"(?i)(?P<opens>(?:{opens})\s+)(?P<a>{_YEAR})\s+(?:{joins})\s+(?P<b>{_YEAR})"
        rf"|(?P<c>{_YEAR})\s+(?:{either})\s+(?P<d>{_YEAR})"
        r"|(?P<decade>(?:1[5-9]|20)\d)(?:-|X)(?!\d)|(?P<century>1[5-9]|20)(?:--|XX)")
    return _Grammar(inner, parts)


def inner_pattern() -> str:
    """An uncertain date inside its brackets, as a regular expression without groups: '197-',
    '18--', '1971 ou 1972', 'entre 1906 e 1912'."""
    return _grammar().inner


_WRAPPED = re.compile(r"^\[?\s*(?P<date>[^\[\]]+?)\s*(?P<probable>\?)?\s*\]?$")
_KEY = re.compile(rf"^(?P<a>{_YEAR})(?P<sep>\||\.\.)(?P<b>{_YEAR})$")


def read(text: str | None) -> Uncertain | None:
    """The uncertain date `text` writes ('[197-?]', '197-', '1971 ou 1972', '197X', '18XX?', or
    a `key`), or None when it is a year, no date at all or anything else."""
    wrapped = _WRAPPED.match((text or "").strip())
    if wrapped is None:
        return None
    date, probable = wrapped.group("date"), wrapped.group("probable") or ""
    key = _KEY.match(date)
    if key:
        a, b = int(key.group("a")), int(key.group("b"))
        return Uncertain(f"[{a} {'ou' if key.group('sep') == '|' else '-'} {b}]", date,
                         min(a, b), max(a, b))
    parts = _grammar().parts.fullmatch(date)
    if parts is None:
        return None
    if parts.group("decade"):
        decade = parts.group("decade")
        return Uncertain(f"[{decade}-{probable}]", f"{decade}-", int(decade) * 10,
                         int(decade) * 10 + 9)
    if parts.group("century"):
        century = parts.group("century")
        return Uncertain(f"[{century}--{probable}]", f"{century}--", int(century) * 100,
                         int(century) * 100 + 99)
    a, b = (int(parts.group(g) or parts.group(h)) for g, h in (("a", "c"), ("b", "d")))
    written = "[" + re.sub(r"\s+", " ", date) + probable + "]"
    if parts.group("opens"):
        return Uncertain(written, f"{min(a, b)}..{max(a, b)}", min(a, b), max(a, b))
    return Uncertain(written, f"{min(a, b)}|{max(a, b)}", min(a, b), max(a, b))


_EXACT = re.compile(rf"^\[?\s*(?:(?i:ca|c|circa)\.?\s*)?(?P<year>{_YEAR})\s*[?~%]?\s*\]?$")
"""One year however its certainty is marked: '[1969?]', '[ca. 1960]', '[1973]', biblatex's
'1969?' (uncertain), '1960~' (approximate) and '1960%' (both)."""


def exact_year(text: str) -> str | None:
    """The one year a bracketed or qualified date names ('1969' of '[1969?]'), or None."""
    found = _EXACT.match(text.strip())
    return found.group("year") if found else None


def distance(a: str, b: str) -> int | None:
    """How many years apart two dates are, either of them a key of an uncertain date or a year
    ('1975' is 0 from '197-'), or None when either is neither."""
    def span(date: str) -> tuple[int, int] | None:
        if re.fullmatch(r"\d{4}", date):
            return int(date), int(date)
        uncertain = read(date)
        return (uncertain.first, uncertain.last) if uncertain else None

    one, other = span(a), span(b)
    if one is None or other is None:
        return None
    return max(0, one[0] - other[1], other[0] - one[1])
