"""The bibliography's entries, indexed for matching typed citations against them.

Takes the entries and gives an `EntryIndex`: the entries found by folded first surname (with a
group's aliases and a title's first word), by any other author's surname, by year, by a surname
one or two letters off, by one part of a compound surname and by the acronyms their fields show,
with the year letter citeproc would add to works cited alike. Built once per manuscript so that
each citation looks its candidates up rather than scanning a long bibliography. `split_year`
reads a cited year the way the index keys it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from repropub.bibliography import Entry
from repropub.citations import dates, forms, names
from repropub.citations.words import words

_YEAR_SPLIT = re.compile(r"^(\d{4})(?:\s*[\u2013\u2014\-]+\s*\d{2,4})?([a-z]?)$")
"""A year, with its letter; a span of years ('1970-1972') is dated by its first."""


@dataclass(frozen=True)
class Year:
    """A cited year split into its digits (or words) and its letter."""

    base: str
    suffix: str


def split_year(year: str | None) -> Year:
    if year is None:
        return Year("n.d.", "")
    match = _YEAR_SPLIT.match(year)
    if match:
        return Year(match.group(1), match.group(2))
    uncertain = dates.read(year)
    if uncertain is not None:  # '[197-?]' and '197-' are one decade
        return Year(uncertain.key, "")
    folded = re.sub(r"\s+", " ", year.strip().casefold())
    w = words()
    undated = re.fullmatch(rf"(?i:{w.undated})(?:-(?P<letter>[a-z]))?", folded)
    if undated:
        return Year("n.d.", undated.group("letter") or "")
    if re.fullmatch(rf"(?i:{w.in_press})", folded):
        return Year("in press", "")
    return Year(folded, "")


_SHOWN = re.compile(r"(?<![^\W_])[^\W\d_]{2,}(?![^\W_])")
"""A word of an entry's field, where its group's acronym may show ('Brasília: Embrapa')."""


_TITLE_FIELDS = frozenset({"title", "subtitle", "titleaddon", "booktitle", "maintitle",
                           "journal", "journaltitle", "eventtitle", "series", "abstract",
                           "keywords", "note", "annote", "url", "doi", "file"})
"""Fields where an acronym names a thing the work is about, not an organisation."""


class EntryIndex:
    """The entries, found by folded surname (first author, any author) and by year."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)
        self.first: dict[str, list[Entry]] = defaultdict(list)
        self.anywhere: dict[str, list[Entry]] = defaultdict(list)
        self.by_year: dict[str, list[Entry]] = defaultdict(list)
        self.near_keys: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        """(year, a key of the first surname's neighbourhood) -> entries: what `near` scans."""
        self.compound: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        """(year, one part of a first author's compound surname) -> entries: 'Pérez' and
        'López' of 'Pérez López', 'García' of 'García-Márquez'."""
        self.years: dict[str, Year] = {}
        self._groups: list[str] | None = None
        self._shown: dict[tuple[str, str], list[Entry]] | None = None
        self._organisations: frozenset[str] | None = None
        self.implicit: dict[str, str] = {}
        """The year letter citeproc would add to an entry that is cited like another."""
        for entry in self.entries:
            people = [n.surname for n in entry.authors] or [forms.author_part(entry,
                                                                              narrative=False)]
            for key in names.keys_of(people[0]):
                self.first[key].append(entry)
            if entry.authors and entry.authors[0].is_group:
                for alias in names.group_aliases(people[0]):
                    for key in names.keys_of(alias) - names.keys_of(people[0]):
                        self.first[key].append(entry)
            if entry.short_author:
                for key in names.keys_of(entry.short_author):
                    self.first[key].append(entry)
            if not entry.authors and entry.title.split():
                # a work without author is cited by its title's first word ('ÍNDICE..., 2014'),
                # with the article that starts it ('A FLOR..., 1995' for 'A flor do campo')
                title = entry.title.split()
                cited_by = title[:2] if title[0].casefold() in words().articles else title[:1]
                for word in cited_by:
                    for key in names.keys_of(word):
                        self.first[key].append(entry)
            for person in people[1:]:
                for key in names.keys_of(person):
                    self.anywhere[key].append(entry)
            year = split_year(entry.year)
            self.years[entry.key] = year
            self.by_year[year.base].append(entry)
            folded = names.fold(names.without_particles(first_surname(entry)))
            for variant in _one_off_keys(folded):
                self.near_keys[(year.base, variant)].append(entry)
            if entry.authors and not entry.authors[0].is_group:
                parts = re.split(r"[\s\-]+", names.without_particles(first_surname(entry)))
                for part in parts if len(parts) > 1 else ():
                    if len(names.fold(part)) > 1 and part.casefold() not in words().particles:
                        self.compound[(year.base, names.fold(part))].append(entry)
        self._implicit_suffixes()

    def _implicit_suffixes(self) -> None:
        """Entries that would be cited alike get a, b, c by title, as citeproc does."""
        groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for entry in self.entries:
            year = self.years[entry.key]
            if not year.suffix:
                groups[(_form_key(entry), year.base)].append(entry)
        for group in groups.values():
            if len(group) > 1:
                for letter, entry in zip("abcdefghijklmnopqrstuvwxyz",
                                         sorted(group, key=lambda e: e.title.casefold()),
                                         strict=False):
                    self.implicit[entry.key] = letter

    def groups_ending(self, phrase: str) -> list[str]:
        """The long group authors' names (three words or more: not 'Brasil' at the end of
        'Banco Central do Brasil') that `phrase` ends with, longest first."""
        if self._groups is None:
            self._groups = sorted({e.authors[0].literal for e in self.entries
                                   if e.authors and e.authors[0].is_group
                                   and len(e.authors[0].literal.split()) >= 3},
                                  key=len, reverse=True)
        folded = names.fold(phrase)
        return [g for g in self._groups if folded.endswith(names.fold(g))]

    def showing(self, acronym: str, base_year: str) -> list[Entry]:
        """The year's group entries that show `acronym` as a word of any field."""
        if self._shown is None:
            self._shown = defaultdict(list)
            for entry in self.entries:
                if entry.authors and entry.authors[0].is_group:
                    shown = {names.fold(word) for value in entry.fields.values()
                             for word in _SHOWN.findall(str(value))}
                    for word in shown:
                        self._shown[(self.years[entry.key].base, word)].append(entry)
        return list(self._shown.get((base_year, names.fold(acronym)), ()))

    def organisations(self) -> frozenset[str]:
        """The folded words of every entry's names, publishers and institutions (not of its
        titles): where an acronym shows as an organisation ('São Paulo: FAPESP')."""
        if self._organisations is None:
            shown: set[str] = set()
            for entry in self.entries:
                for name, value in entry.fields.items():
                    if name.casefold() in _TITLE_FIELDS:
                        continue
                    text = str(value).replace(entry.title, " ") if name == "raw" else str(value)
                    shown.update(names.fold(word) for word in _SHOWN.findall(text))
            self._organisations = frozenset(shown)
        return self._organisations

    def lookup(self, name: str) -> list[Entry]:
        found: dict[str, Entry] = {}
        for key in names.keys_of(name):
            for entry in self.first.get(key, ()):
                found.setdefault(entry.key, entry)
        return list(found.values())

    def part_of(self, name: str, base_year: str) -> list[Entry]:
        """The year's entries whose first author's compound surname has `name` as one part."""
        return list(self.compound.get((base_year, names.fold(name)), ()))

    def near(self, name: str, base_year: str) -> list[Entry]:
        """The year's entries whose first surname is one or two letters off `name`. Only those
        sharing a neighbourhood key are compared, so a long bibliography is not scanned whole."""
        folded = names.fold(names.without_particles(name))
        seen: dict[str, Entry] = {}
        for variant in _one_off_keys(folded):
            for entry in self.near_keys.get((base_year, variant), ()):
                seen.setdefault(entry.key, entry)
        return [e for e in seen.values() if names.near(name, first_surname(e))]


def _one_off_keys(folded: str) -> set[str]:
    """Keys two names share when `names.near` can hold between them: the first letter (with a
    length band), or, for a different first letter, the rest of the name with the first letter
    changed, dropped, added or swapped with the second."""
    if not folded:
        return set()
    keys = {f"{folded[0]}:{len(folded) // 3}", f"{folded[0]}:{(len(folded) + 1) // 3}",
            f"{folded[0]}:{(len(folded) - 1) // 3}", f"{folded[0]}:{(len(folded) + 2) // 3}",
            f"{folded[0]}:{(len(folded) - 2) // 3}"}
    keys |= {"~" + folded[1:], "~" + folded, "-" + folded[1:], "-" + folded}
    if len(folded) > 1:
        keys.add("^" + folded[1] + folded[0] + folded[2:])
        keys.add("^" + folded)
    return keys


def first_surname(entry: Entry) -> str:
    return entry.authors[0].surname if entry.authors else forms.author_part(entry, narrative=False)


def _form_key(entry: Entry) -> str:
    return names.fold(forms.author_part(entry, narrative=False))
