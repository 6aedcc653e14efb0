"""Does an entry agree with the registry's record? Field by field, forgiving what is not a
difference: case, diacritics, punctuation, HTML/JATS markup in titles, a subtitle given in one
and not the other, a journal's abbreviation, a year of print versus a year online.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from repropub.bibliography import Entry, plain
from repropub.registry.records import Work

TITLE_SAME = 90.0
"""Titles this similar (0-100, after normalising) are the same title: a typo, a dropped word."""
CONTAINER_SAME = 92.0
_RETRACTED = re.compile(r"^(retracted( article)?|withdrawn)\s*:\s*", re.IGNORECASE)
_STOP = {"of", "the", "and", "for", "in", "on", "a", "an", "de", "la", "le", "der", "und", "&"}


@dataclass(frozen=True)
class Difference:
    field: str
    ours: str
    theirs: str


def normalise(text: str) -> str:
    """'<i>Drosophila</i> wing images: Ethiopia' -> 'drosophila wing images ethiopia'."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]|_", " ", text.casefold())
    return " ".join(text.split())


def title_similarity(ours: str, work: Work) -> float:
    """0-100: how close the entry's title is to the record's, the best of: the full titles
    (the record's subtitle joined on), the main titles, and ours against the record's main
    title alone (an entry that leaves the subtitle out)."""
    mine = normalise(ours)
    main = _RETRACTED.sub("", work.title)
    theirs = [normalise(main)]
    if work.subtitle:
        theirs.append(normalise(f"{main}: {work.subtitle}"))
    mine_main = normalise(ours.split(":")[0])
    theirs_main = normalise(main.split(":")[0])
    scores = [fuzz.ratio(mine, t) for t in theirs]
    if mine_main and theirs_main and (mine_main == normalise(ours) or
                                      theirs_main == normalise(main)):
        # one side has a subtitle the other lacks: the main titles must then be the same
        scores.append(fuzz.ratio(mine_main, theirs_main) - 1.0)
    return max(scores) if mine and any(theirs) else 0.0


def author_agrees(entry: Entry, work: Work) -> bool | None:
    """Whether the first authors are the same person's surname (None: nothing to compare)."""
    if not entry.authors or not work.authors:
        return None
    first = entry.authors[0]
    ours = normalise(first.literal or first.family)
    theirs = normalise(work.authors[0])
    if not ours or not theirs:
        return None
    # 'von Closen' against 'Closen', 'García Márquez' against 'Garcia-Marquez'; a letter off
    # ('Carbery') is a difference: a misspelt name is what a copy editor corrects
    return ours == theirs or ours in theirs.split() or theirs in ours.split()


def year_agrees(entry: Entry, work: Work) -> bool | None:
    year = (entry.year or "")[:4]
    if not year.isdigit() or not work.years:
        return None
    # print and online years may differ by one, and a bibliography may give either
    return int(year) in work.years


def container_agrees(ours: str, theirs: Iterable[str]) -> bool | None:
    mine = normalise(ours)
    names = [normalise(t) for t in theirs if normalise(t)]
    if not mine or not names:
        return None
    return any(fuzz.ratio(mine, n) >= CONTAINER_SAME or _abbreviates(mine, n)
               or _abbreviates(n, mine) for n in names)


def differences(entry: Entry, work: Work) -> list[Difference]:
    """Every field in which the entry and the record disagree, with both values."""
    found = []
    if entry.title and title_similarity(entry.title, work) < TITLE_SAME:
        record_title = work.title + (f": {work.subtitle}" if work.subtitle else "")
        found.append(Difference("title", entry.title, _text(record_title)))
    if author_agrees(entry, work) is False:
        first = entry.authors[0]
        found.append(Difference("first author", first.literal or first.family,
                                work.authors[0]))
    if year_agrees(entry, work) is False:
        found.append(Difference("year", entry.year or "",
                                " or ".join(str(y) for y in work.years)))
    container = plain(str(entry.csl.get("container-title", "")))
    if container_agrees(container, work.containers) is False:
        found.append(Difference("journal" if entry.type == "article" else "container",
                                container, work.containers[0]))
    volume = str(entry.csl.get("volume", "")).strip()
    if volume and work.volume and volume.casefold() != work.volume.strip().casefold():
        found.append(Difference("volume", volume, work.volume))
    pages = str(entry.csl.get("page", ""))
    if pages and work.pages and not _pages_agree(pages, work.pages):
        found.append(Difference("pages", pages, work.pages))
    return found


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _abbreviates(short: str, long: str) -> bool:
    """'ecol lett' abbreviates 'ecology letters'; 'j psychoceramics' 'journal of psychoceramics'."""
    words = [w for w in long.split() if w not in _STOP]
    parts = short.split()
    return len(parts) == len(words) and len(parts) > 1 and all(
        w.startswith(p) for p, w in zip(parts, words, strict=True))


def _pages_agree(ours: str, theirs: str) -> bool:
    def ends(pages: str) -> list[str]:
        parts = re.split(r"\s*(?:--|[-\u2013\u2014])\s*", pages.strip())
        return [p.lstrip("0").casefold() for p in parts if p]
    mine, record = ends(ours), ends(theirs)
    if not mine or not record or mine[0] != record[0]:
        return False
    if len(mine) > 1 and len(record) > 1:
        # '1655-64' is '1655-1664'
        return record[1].endswith(mine[1]) or mine[1] == record[1]
    return True
