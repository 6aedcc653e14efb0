"""Matching hand-typed citations to bibliography entries.

Takes the `TypedCitation`s and the entries and gives, for each citation, a `Match`: the keys it
resolves to and, when the text and the entry disagree, the problem a careful reader would name:
a missing entry, a wrong year, a wrong author list, a misspelt name, or two entries the text cannot
tell apart. A phrase that matches no entry is a citation only if it looks like one (an 'et al.',
two surnames joined by 'and', a surname in a parenthetical 'Name, Year', a reporting verb);
'Minsk II (2015)' does not.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from repropub.bibliography import Entry
from repropub.citations import dates, forms, names
from repropub.citations.names import without_elision
from repropub.citations.typed import TypedCitation
from repropub.citations.words import words

_ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_YEAR_SPLIT = re.compile(r"^(\d{4})(?:\s*[\u2013\u2014\-]+\s*\d{2,4})?([a-z]?)$")
"""A year, with its letter; a span of years ('1970-1972') is dated by its first."""


@dataclass(frozen=True)
class Match:
    """What one typed citation refers to, and what is wrong with it."""

    keys: tuple[str, ...]
    code: str
    """'ok', a finding code, or 'not-a-citation'."""
    message: str = ""
    suggestion: str | None = None
    entry: Entry | None = None
    """The entry it resolves to (also set for a wrong year, author list or spelling)."""
    notes: tuple[tuple[str, str], ...] = ()
    """Further (code, message) problems of a resolved citation (a missing diacritic)."""
    spellings: tuple[tuple[str, str], ...] = ()
    """For 'name-misspelt' with one candidate: (name as typed, the entry's spelling), one per
    finding (the main one, then each note); empty when the correction is not certain."""
    year: str = ""
    """For 'year-mismatch': the entry's year as a citation writes it (with citeproc's letter)."""
    skip: int = 0
    """Lower-case words read before the name that are not part of it: the 'de' of 'os trabalhos
    de Cogniaux (1906)' when the entry is by 'Cogniaux' (the citation starts after them)."""
    start: int = -1
    """Where the citation starts when the entry's group name starts before the names read
    ('Comissão Econômica para a América Latina e o Caribe [CEPAL]', read from 'Caribe'); -1
    otherwise."""


@dataclass(frozen=True)
class _Year:
    """A cited year split into its digits (or words) and its letter."""

    base: str
    suffix: str


def _split_year(year: str | None) -> _Year:
    if year is None:
        return _Year("n.d.", "")
    match = _YEAR_SPLIT.match(year)
    if match:
        return _Year(match.group(1), match.group(2))
    uncertain = dates.read(year)
    if uncertain is not None:  # '[197-?]' and '197-' are one decade
        return _Year(uncertain.key, "")
    folded = re.sub(r"\s+", " ", year.strip().casefold())
    w = words()
    undated = re.fullmatch(rf"(?i:{w.undated})(?:-(?P<letter>[a-z]))?", folded)
    if undated:
        return _Year("n.d.", undated.group("letter") or "")
    if re.fullmatch(rf"(?i:{w.in_press})", folded):
        return _Year("in press", "")
    return _Year(folded, "")


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
        self.years: dict[str, _Year] = {}
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
            year = _split_year(entry.year)
            self.years[entry.key] = year
            self.by_year[year.base].append(entry)
            folded = names.fold(names.without_particles(_first(entry)))
            for variant in _one_off_keys(folded):
                self.near_keys[(year.base, variant)].append(entry)
            if entry.authors and not entry.authors[0].is_group:
                parts = re.split(r"[\s\-]+", names.without_particles(_first(entry)))
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
        return [e for e in seen.values() if names.near(name, _first(e))]


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


def _first(entry: Entry) -> str:
    return entry.authors[0].surname if entry.authors else forms.author_part(entry, narrative=False)


def _form_key(entry: Entry) -> str:
    return names.fold(forms.author_part(entry, narrative=False))


def match_all(citations: list[TypedCitation], entries: Iterable[Entry],
              introductions: Mapping[str, str] | None = None) -> list[Match]:
    """Resolve every typed citation; the order and length of the result follow `citations`.
    `introductions` maps a folded abbreviation to the words the text introduces it after
    (`typed.introductions`)."""
    index = EntryIndex(entries)
    typed_counts = Counter(_typed_key(c) for c in citations)
    # 'Ministry of Fisheries [MoF], 2018' defines 'MoF' for the citations after it
    introduced = {names.fold(c.abbreviation): c.names[0] for c in citations
                  if c.abbreviation and len(c.names) == 1}
    results: list[Match] = []
    for citation in citations:
        match = _match(citation, index, typed_counts)
        full = next((introduced[names.fold(o)] for o in _first_options(citation)
                     if names.fold(o) in introduced), None)  # 'la CEPAL (2020)'
        if match.entry is None and full and len(citation.names) == 1 \
                and not citation.abbreviation:
            other = _match(replace(citation, names=(full,)), index, typed_counts)
            match = other if other.entry is not None else match
        if match.entry is None and citation.group_phrase and citation.continues < 0:
            # 'Comisión Económica para América Latina y el Caribe [CEPAL]': the words read as
            # names stop short of the group's name ('para', 'y'); the words before the
            # abbreviation end with it
            for group in index.groups_ending(citation.group_phrase):
                other = _match(replace(citation, names=(group,), connector=""), index,
                               typed_counts)
                if other.entry is not None:
                    match = replace(other, start=_group_start(citation, group))
                    introduced[names.fold(citation.abbreviation)] = group
                    break
        if match.entry is None and len(citation.names) == 1 and citation.continues < 0 \
                and not citation.abbreviation and " " not in citation.names[0]:
            match = _by_acronym(citation, index, typed_counts, introductions or {}) or match
        if match.code in ("missing-entry", "not-a-citation", "name-misspelt") \
                and citation.narrative and not citation.possessive and citation.continues < 0:
            match = _genitive(citation, index, typed_counts) or match
        if match.code in ("missing-entry", "not-a-citation") and citation.connector == ",":
            # '(BRASIL, IBGE, 2010)': not co-authors after all, but an institution's parts
            alone = replace(citation, names=citation.names[-1:], connector="")
            other = _match(alone, index, typed_counts)
            match = other if other.entry is not None else match
        results.append(match)
    results = _authors_by_evidence(citations, results, index, introductions or {})
    results = [replace(m, skip=_skipped_words(c, m.entry, introduced)) if m.entry is not None
               and m.start < 0 else _group_without_entry(c, m)
               if m.code == "missing-entry" and c.continues < 0 else m
               for c, m in zip(citations, results, strict=True)]
    results = _in_running_text(citations, _in_capitals(citations, results))
    results = _without_repeated_years(citations, _with_company(citations, results))
    # a work read through another ('MARX, 1867 apud SILVA, 2010') needs no entry of its own:
    # it is checked only when the bibliography lists it after all
    # a thing's abbreviation dated where it is introduced ('Plano Nacional de Educação (PNE,
    # 2014)') is not a group author unless an entry says so
    return [Match((), "not-a-citation") if (c.secondary and m.code != "ok") or (
        _lead_of(citations, c).defines and m.entry is None) else m
        for c, m in zip(citations, results, strict=True)]


_WORD_START = re.compile(r"(?<![^\W_])\w")


def _group_start(c: TypedCitation, group: str) -> int:
    """Where in the text the group's name starts that `c`'s group phrase ends with."""
    want = names.fold(group)
    for word in _WORD_START.finditer(c.group_phrase):
        if names.fold(c.group_phrase[word.start():]) == want:
            return c.group_phrase_start + word.start()
    return -1


def _acronym(name: str) -> bool:
    """'FIOCRUZ', 'UNICAMP', 'MoH': one word of two capitals or more, no lower-case first."""
    return " " not in name and name[:1].isupper() and sum(ch.isupper() for ch in name) >= 2 \
        and all(ch.isalpha() for ch in name)


def _by_acronym(c: TypedCitation, index: EntryIndex, typed_counts: Counter[tuple[str, ...]],
                introductions: Mapping[str, str]) -> Match | None:
    """A group's acronym that is not its name's initials ('FIOCRUZ' for Fundação Oswaldo Cruz,
    'UNICAMP' for Universidade Estadual de Campinas): the group whose name the text introduces
    it after ('a Universidade Estadual de Campinas (UNICAMP)', '... Meio Ambiente (Feam)'), or
    the one group entry of the year that shows it anywhere ('Brasília: EMBRAPA', a `publisher`
    field)."""
    name = without_elision(c.names[0])  # "l'ISTAT", "dell'INSEE"
    phrase = introductions.get(names.fold(name), "")
    groups = index.groups_ending(phrase) if phrase else []
    if not groups and _acronym(name):
        # an acronym in capitals only: a capitalised word an entry shows may be its place
        shown = index.showing(name, _split_year(c.year).base)
        groups = [shown[0].authors[0].literal] if len(shown) == 1 else []
    for group in groups:
        other = _match(replace(c, names=(group,), connector=""), index, typed_counts)
        if other.entry is not None:
            return other
    return None


def _genitive(c: TypedCitation, index: EntryIndex, typed_counts: Counter[tuple[str, ...]]
              ) -> Match | None:
    """German, Dutch and the Scandinavian languages write a possessive without an apostrophe:
    'Müllers (2001) Ansatz', 'Webers u. a. (2018) Befund' are Müller's and Weber's works when
    no entry has the name as typed, one has it without its 's', and a noun, not a verb,
    follows."""
    last = c.names[-1]
    if not last.endswith("s") or len(last) < 4 or not last[:1].isupper() or last.isupper() \
            or index.lookup(last) or (len(c.names) == 1 and index.lookup(c.names[0])):
        return None
    if not c.after or c.after[0] in words().reporting_verbs \
            or c.after[0] in words().leading_non_names:
        return None  # 'Roberts (2012) argues', '... and': by Roberts, whose entry is missing
    stem = replace(c, names=(*c.names[:-1], last[:-1]))
    other = _match(stem, index, typed_counts)
    return other if other.entry is not None else None


def _lead_of(citations: list[TypedCitation], c: TypedCitation) -> TypedCitation:
    return citations[c.continues] if c.continues >= 0 else c


def _skipped_words(c: TypedCitation, entry: Entry, introduced: dict[str, str]) -> int:
    """How many words before the entry's name the typed name starts with: lower-case ones ('os
    trabalhos de Cogniaux'), capitalised ones that are not the person's given names ('Estudo de
    Voss' for Voss, B.), and, before a group's name or abbreviation, any ('Dados do Instituto
    Brasileiro de Geografia e Estatística', 'la CORDESUL')."""
    if c.continues >= 0 or c.names_start != c.start or not entry.authors:
        return 0
    group = entry.authors[0].is_group
    # a group's name read as names joined ('... de Geografia e Estatística') is read whole
    typed = _joined(c) if group and len(c.names) > 1 else c.names[0]
    parts = typed.split(" ") if typed else c.names[0].split(" ")
    want = {names.fold(_first(entry))}
    if group:
        want |= {names.fold(a) for a in names.group_aliases(_first(entry))}
        want |= {a for a, full in introduced.items() if names.fold(full) in want}
    if entry.short_author:
        want.add(names.fold(entry.short_author))
    want |= {names.uninflected(a) for a in [_first(entry), *names.group_aliases(_first(entry))]
             if group} - {""}
    if names.fold(" ".join(parts)) in want:
        return 0
    dropped = names.fold(entry.authors[0].dropping_particle)
    for k in range(1, len(parts)):
        if not parts[k - 1].islower() and not group \
                and not _not_given(parts[k - 1], entry.authors[0].given):
            return 0
        rest = " ".join(parts[k:])
        if names.fold(without_elision(rest)) in want or names.uninflected(rest) in want:
            # the entry's own particle ('von Hippel' for Hippel, I. von) stays in the citation
            return 0 if dropped and names.fold(" ".join(parts[:k])) == dropped else k
    return 0


_PHRASE_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019\-]|\.(?=\w))*\.?|\d|[^\w\s,.]")
"""A word of a group phrase ('U.S.' one word), or a digit or a mark (not a comma) that no
group's name holds."""


def _group_without_entry(c: TypedCitation, m: Match) -> Match:
    """A missing entry quoted from its group's name's first word: the institution's noun and the
    capitalised words right before it ('Comissão Econômica para a América Latina e o Caribe
    (2019)', read from 'Caribe', and with its abbreviation, '... y el Caribe [CEPAL], 2019';
    'Dados do Instituto Nacional ... (2020)' from 'Instituto'; 'United Nations Development
    Fund'), not the sentence's words before it; else without the articles read with it ('der
    Deutsche Wetterdienst (2019)')."""
    start = _group_name_start(c)
    if start > c.start and not any(w.islower() or w.casefold() in words().leading_non_names
                                   for w in c.text[:start - c.start].split()):
        start = -1  # the words before the institution's noun are its name's: 'U.S. Department'
    if start < 0 or start == c.start:
        return replace(m, skip=_article_words(c) if c.article else 0)
    lo = c.group_phrase_start
    quoted = c.group_phrase[start - lo:c.start - lo] + c.text if start < c.start \
        else c.text[start - c.start:]
    return replace(m, start=start, message=m.message.replace(f"'{c.text}'", f"'{quoted}'", 1))


def _group_name_start(c: TypedCitation) -> int:
    """Where the group's name starts that `c`'s group phrase ends with (see
    `_group_without_entry`), or -1: its first institution's noun after which only capitalised
    words and the small words of names ('para', 'a', 'de', 'e', 'o') stand."""
    if not c.group_phrase or c.group_phrase_start < 0:
        return -1
    w = words()
    small = w.group_joiners | w.particles | w.articles | w.connectors | w.name_prepositions
    parts = [(p.group(0), p.start()) for p in _PHRASE_WORD.finditer(c.group_phrase)]
    for k, (word, _) in enumerate(parts):
        folded = without_elision(word).casefold()
        if not word[:1].isupper() or not (folded in w.institution_words
                                          or folded.endswith(w.institution_endings)):
            continue
        rest = parts[k + 1:]
        if not all(p[:1].isupper() or without_elision(p).casefold() in small
                   or p.casefold() in small for p, _ in rest):
            continue
        first = k
        while first > 0 and parts[first - 1][0][:1].isupper() \
                and parts[first - 1][0].casefold() not in w.leading_non_names \
                and parts[first - 1][0].casefold() not in w.articles:
            first -= 1
        return c.group_phrase_start + parts[first][1]
    return -1


def _article_words(c: TypedCitation) -> int:
    """The lower-case articles a group's name without entry was read with ('der' of 'der
    Deutsche Wetterdienst (2019)'): not part of what is quoted."""
    if c.continues >= 0 or c.names_start != c.start or len(c.names) != 1:
        return 0
    parts = c.names[0].split(" ")
    k = 0
    while k < len(parts) - 1 and parts[k].islower() and parts[k] in words().articles:
        k += 1
    return k


def _not_given(word: str, given: str) -> bool:
    """Is the capitalised `word` before a surname none of the entry's given names or their
    initials ('Estudo' before Voss, B.; not 'Bruno', 'B.')? Unknown given names are none."""
    first = names.fold(word)[:1]
    initials = {names.fold(part)[:1] for part in re.split(r"[\s.\-]+", given) if part}
    return bool(first) and bool(initials) and first not in initials \
        and word.casefold() not in words().particles


def _in_running_text(citations: list[TypedCitation], results: list[Match]) -> list[Match]:
    """A name and year outside parentheses ('Brock 1991, Jago 1971'), and a taxonomic authority
    ('Aus bus Smith, 1901'), are citations only when they name an entry (rightly or with a
    fault the entry shows), or, outside a taxon, when they carry 'et al.' or stand in a list
    next to one that does name an entry; otherwise they are names and years, not references."""
    def named(m: Match) -> bool:
        return m.code not in ("missing-entry", "not-a-citation")

    out = list(results)
    for i, c in enumerate(citations):
        if not (c.bare or c.authority or c.named_only) or named(results[i]) or c.continues >= 0:
            continue
        neighbours = ([results[i - 1]] if c.listed and i > 0 else []) + (
            [results[i + 1]] if i + 1 < len(citations) and citations[i + 1].listed else [])
        author_like = c.et_al and _surname_like(c.names[0])  # not 'A.A. Santos et al. 1591'
        if c.authority or c.named_only or not (author_like
                                                or any(named(m) for m in neighbours)):
            out[i] = Match((), "not-a-citation")
    return out


_CAPITALS_HABIT = 2
"""Resolved citations of persons in capitals that make capitals a manuscript's habit (ABNT)."""


def _in_capitals(citations: list[TypedCitation], results: list[Match]) -> list[Match]:
    """'SILVA (2010)', '(SOUZA, 2012)' with no entry: a surname in capitals reads as an acronym
    ('NATO (2016)') in most manuscripts, but where the resolved citations write persons'
    surnames in capitals (ABNT), an unresolved name in capitals is one of them, its entry
    missing."""
    habit = sum(1 for c, m in zip(citations, results, strict=True)
                if m.entry is not None and m.entry.authors and not m.entry.authors[0].is_group
                and c.continues < 0 and all(_capitals_name(n) for n in c.names))
    if habit < _CAPITALS_HABIT:
        return results
    out = list(results)
    for i, (c, m) in enumerate(zip(citations, results, strict=True)):
        if m.code == "not-a-citation" and c.continues < 0 and not (c.bare or c.authority
                                                                    or c.article) \
                and (c.narrative or c.parenthetical) and all(_capitals_name(n) for n in c.names) \
                and not any(p.casefold() in words().months for n in c.names for p in n.split()):
            out[i] = Match((), "missing-entry", f"no entry in the bibliography matches '{c.text}'",
                           "add the entry to the bibliography")
    return out


def _capitals_name(name: str) -> bool:
    """'SILVA', 'DOS SANTOS', 'GHIZONI-JR.': a name of one to three words in capitals (after
    a preposition read as a particle: 'de CARVALHO')."""
    if name.split(" ")[0].islower():
        name = names.without_particles(name)
    parts = name.split(" ")
    if len(parts) > 3 or _ROMAN.match(name) or any(ch.isdigit() for ch in name):
        return False  # 'III (2015)', 'COVID-19 (2020)'
    return sum(ch.isalpha() for ch in name) >= 3 and all(
        sum(ch.isalpha() for ch in p) >= 2 and not any(ch.islower() for ch in p) for p in parts)


def _typed_key(citation: TypedCitation) -> tuple[str, ...]:
    return (*(names.fold(n) for n in citation.names), str(citation.et_al), citation.year)


def _entry_typed_key(c: TypedCitation, entry: Entry) -> tuple[str, ...]:
    """The key `_typed_key` gives a citation of `entry` that names its authors in their order,
    with `c`'s 'et al.' and year."""
    shown = _surnames(entry)[:len(c.names)]
    return (*(names.fold(n) for n in shown), str(c.et_al), c.year)


def _match(c: TypedCitation, index: EntryIndex, typed_counts: Counter[tuple[str, ...]]) -> Match:
    if _collector(c):
        return Match((), "not-a-citation")
    repeats = typed_counts[_typed_key(c)]
    year = _split_year(c.year)
    first_options = _first_options(c)
    candidates: list[Entry] = []
    chosen = c.names[0]
    for option in first_options:
        candidates = index.lookup(option)
        if candidates:
            chosen = option
            break
    if not candidates:
        chosen, candidates = _surname_first(c, index) or (chosen, [])
    # 'Ortega y Gasset' read as two names joined is one surname when the entry says so
    typed_names = [chosen] if chosen == _joined(c) else [chosen, *c.names[1:]]
    same_year = [e for e in candidates if _year_fits(index, e, year)]
    fitting = [e for e in same_year if _form_fits(c, typed_names, e)]
    fitting = _closest(c, fitting, index, year, _given(c.names[0], chosen))
    if len(fitting) > 1 and not year.base.isdigit():
        # 'in press' and 'n.d.' fit each other's entry, but the entry that says the same wins
        fitting = [e for e in fitting if index.years[e.key].base == year.base] or fitting
    if len(fitting) > 1 and not year.suffix and all(index.years[e.key].suffix for e in fitting):
        # 'Wickham, 2018' when the lettered Wickham 2018a and 2018b are told apart by their
        # letters: an unlettered work of the year by that first author, with a co-author the
        # citation left out, is meant
        unlettered = [e for e in same_year if not index.years[e.key].suffix]
        if unlettered:
            return _problem(c, unlettered[0], "author-mismatch",
                            _author_message(c, typed_names, unlettered[0]),
                            keys=tuple(e.key for e in unlettered))
    if fitting:
        if len(fitting) > 1:
            return _ambiguous(c, fitting, index)
        return _resolved(c, typed_names, fitting[0])
    if same_year:
        wrong_names = [e for e in same_year if _misspelt_coauthor(c, typed_names, e)]
        if wrong_names:
            entry = wrong_names[0]
            pairs = [(t, s) for t, s in zip(typed_names, _surnames(entry), strict=False)
                     if not names.same(t, s)]
            return _problem(c, entry, "name-misspelt", _spelling_message(c, typed_names, entry),
                            spellings=_spellings(pairs) if len(wrong_names) == 1 else ())
        entry = same_year[0]
        return _problem(c, entry, "author-mismatch", _author_message(c, typed_names, entry),
                        keys=tuple(e.key for e in same_year))
    near = [e for option in first_options for e in index.near(option, year.base)
            if _year_fits(index, e, year)]
    near = [e for e in {e.key: e for e in near}.values()
            if _form_fits(c, [_first(e), *c.names[1:]], e, lenient=True)]
    if near:
        entry = near[0]
        typed_first = next((o for o in first_options if names.near(o, _first(entry))), chosen)
        return _problem(c, entry, "name-misspelt",
                        f"'{chosen}' is not how the entry spells the name: it is "
                        f"'{_first(entry)}'", keys=tuple(e.key for e in near),
                        spellings=_spellings([(typed_first, _first(entry))])
                        if len(near) == 1 else ())
    compound = [e for option in first_options for e in index.part_of(option, year.base)
                if _year_fits(index, e, year) and _form_fits(c, [_first(e), *c.names[1:]], e)]
    if compound:
        # 'Pérez (2009)' for Pérez López: one of two surnames, where the entry has both
        entry = compound[0]
        typed_first = next(o for o in first_options if index.part_of(o, year.base))
        return _problem(c, entry, "name-misspelt",
                        f"'{typed_first}' is only part of the surname '{_first(entry)}' in the "
                        f"entry {entry.key}", keys=tuple(dict.fromkeys(e.key for e in compound)),
                        spellings=_spellings([(typed_first, _first(entry))])
                        if len(compound) == 1 else ())
    reordered = _reordered(c, index, year)
    if reordered is not None and repeats > 1 and typed_counts[_entry_typed_key(c, reordered)]:
        # the other order typed alike more than once, and the entry's own order too: two works
        # by the same people ('Henry & Wickham, 2019' beside 'Wickham & Henry, 2019'), the
        # first of them missing, not one work cited the wrong way round
        reordered = None
    if reordered is not None:
        return _problem(c, reordered, "author-mismatch",
                        "the authors are cited in a different order from the entry's "
                        f"({forms.author_part(reordered, narrative=c.narrative)})")
    other_years = [e for e in candidates if _form_fits(c, typed_names, e)]
    close = sorted((e for e in other_years if _year_distance(index, e, year) <= 1
                    and not _different_suffix(index, e, year)),
                   key=lambda e: _year_distance(index, e, year))
    if not close and len(other_years) == 1 and year.base.isdigit() \
            != index.years[other_years[0].key].base.isdigit():
        # 'Smith (in press)' for the entry now dated 2021, 'Smith (2019)' for one without a
        # date: the author's only work, its date cited as it was or as it is not
        close = other_years
    if close and repeats == 1:
        entry = close[0]
        return _problem(c, entry, "year-mismatch",
                        f"the entry {entry.key} is dated {forms.year_part(entry)}, "
                        f"not {c.year}", keys=tuple(e.key for e in close),
                        year=forms.year_part(entry) + index.implicit.get(entry.key, ""))
    if not _looks_cited(c):
        return Match((), "not-a-citation")
    others = ", ".join(sorted(f"{e.key} ({forms.year_part(e)})" for e in candidates))
    message = f"no entry in the bibliography matches '{c.text}'"
    if others:
        message += f"; the same first author has {others}"
    return Match((), "missing-entry", message, "add the entry to the bibliography")


def _surname_first(c: TypedCitation, index: EntryIndex) -> tuple[str, list[Entry]] | None:
    """'Zhang Wei (2019)': a full name written surname first, as Chinese, Korean and Hungarian
    write it: the entries of that surname whose first author's given name is the second word."""
    parts = c.names[0].split(" ")
    if len(parts) != 2 or not parts[1][:1].isupper():
        return None
    given = names.fold(parts[1])[:1]
    found = [e for e in index.lookup(parts[0])
             if e.authors and names.fold(e.authors[0].given)[:1] == given]
    return (parts[0], found) if found else None


def _given(typed: str, surname: str) -> list[str]:
    """The initials of a given name typed before the surname: ['j'] for 'J. Silva' or 'Joana
    Silva', [] for 'Silva'."""
    if typed == surname or not typed.endswith(surname):
        return []
    return _initial_letters(typed[:-len(surname)])


def _initial_letters(given: str) -> list[str]:
    return [names.fold(w)[:1] for w in re.split(r"[\s.\-]+", given) if names.fold(w)]


def _initials_fit(typed: list[str], entry: Entry) -> bool:
    return bool(entry.authors) and \
        _initial_letters(entry.authors[0].given)[:len(typed)] == typed


def _closest(c: TypedCitation, fitting: list[Entry], index: EntryIndex,
             year: _Year, given: list[str]) -> list[Entry]:
    """Of several entries a citation fits, the one it fits exactly, when there is one."""
    tests: tuple[Callable[[Entry], bool], ...] = (
        # 'J. Silva (2010)' beside 'M. Silva (2010)': APA tells first authors of one surname
        # apart by their initials
        lambda e: bool(given) and _initials_fit(given, e),
        # 'Pessoa & Alves 2015b' is the entry dated 2015b, not its sibling lettered by title;
        # 'FERNANDES, 2020' is the entry dated 2020 rather than the one dated 2020b
        lambda e: index.years[e.key].suffix == year.suffix,
        # 'ZHANG & HUO, 2021' is Zhang and Huo, not Zhang 'and others'
        lambda e: not e.more_authors or c.et_al,
    )
    for exact in tests:
        if len(fitting) > 1:
            chosen = [e for e in fitting if exact(e)]
            fitting = chosen if len(chosen) == 1 else fitting
    return fitting


def _joined(c: TypedCitation) -> str:
    """The names read as one: 'Ortega y Gasset', a group's 'Bureau of Statistics, Planning, and
    Records' (the commas are folded away when names are compared)."""
    if not _joins(c):
        return ""
    serial = "," if len(c.names) > 2 and f", {c.connector} " in " ".join(c.text.split()) else ""
    return ", ".join(c.names[:-1]) + f"{serial} {c.connector} " + c.names[-1]


def _joins(c: TypedCitation) -> bool:
    """Is the connector one that may also stand inside one name ('Ortega y Gasset', a company's
    'Hallmark & Hallmark')?"""
    return c.connector == "&" or c.connector in words().connectors


def _first_options(c: TypedCitation) -> list[str]:
    """The first name as typed, then without leading words ('Kenneth Waltz' -> 'Waltz')."""
    parts = c.names[0].split(" ")
    options = [" ".join(parts[i:]) for i in range(len(parts))]
    if _joins(c) and len(c.names) >= 2:
        options.insert(0, _joined(c))  # 'Ortega y Gasset', 'Ernst & Young'
    # "L'INSEE (2020)", "dell'ISTAT", "de l'OCDE": an elided article is not part of the
    # group's name
    options += [bare for bare in dict.fromkeys(without_elision(o) for o in options
                                               if "'" in o or "\u2019" in o)
                if bare not in options]
    if c.abbreviation:
        options.append(c.abbreviation)  # the group's abbreviation, as its entry may give it
    return options


def _year_fits(index: EntryIndex, entry: Entry, year: _Year) -> bool:
    have = index.years[entry.key]
    if have.base != year.base:
        # a work 'in press' is listed with no year as often as with the words
        return {have.base, year.base} == {"in press", "n.d."}
    if not year.suffix:
        return True
    return year.suffix in (have.suffix, index.implicit.get(entry.key, "")) or (
        not have.suffix and entry.key not in index.implicit)


def _different_suffix(index: EntryIndex, entry: Entry, year: _Year) -> bool:
    have = index.years[entry.key]
    return bool(year.suffix and have.base == year.base
                and (have.suffix or index.implicit.get(entry.key)))


def _year_distance(index: EntryIndex, entry: Entry, year: _Year) -> int:
    have = index.years[entry.key]
    if have.base.isdigit() and year.base.isdigit():
        return abs(int(have.base) - int(year.base))
    if have.base == year.base:
        return 0
    # '1975' against '[197-]': the same work, cited in another form than its reference's
    apart = dates.distance(have.base, year.base)
    return 99 if apart is None else apart


def _form_fits(c: TypedCitation, typed: list[str], entry: Entry, *, lenient: bool = False) -> bool:
    """Do the typed names and 'et al.' fit the entry's author list?"""
    listed = [n.surname for n in entry.authors]
    if not listed:
        return not c.et_al  # a work cited by its title
    if c.et_al and entry.more_authors:
        # 'and others' in the entry: its authors beyond the first few are not known
        return len(typed) <= len(listed) and _prefix(typed, listed, lenient)
    if len(listed) == 1 and len(typed) == 1 and (names.same(
            typed[0], forms.author_part(entry, narrative=False)) or (
            entry.authors[0].is_group and any(names.same(typed[0], alias)
                                               for alias in names.group_aliases(listed[0])))):
        return not c.et_al  # a group author cited by its abbreviation or its name's first part
    if len(typed) == 2 and _joins(c) and len(listed) == 1 \
            and names.same(f" {c.connector} ".join(typed), listed[0]):
        return True
    if c.et_al:
        return len(listed) >= 3 and len(typed) < len(listed) and _prefix(typed, listed, lenient)
    if len(typed) != len(listed):
        return entry.more_authors and len(typed) > len(listed) and _prefix(typed, listed, lenient)
    return _prefix(typed, listed, lenient)


def _prefix(typed: list[str], listed: list[str], lenient: bool) -> bool:
    start = 1 if lenient else 0
    return all(names.same(t, s) for t, s in zip(typed[start:], listed[start:len(typed)],
                                                strict=False))


def _misspelt_coauthor(c: TypedCitation, typed: list[str], entry: Entry) -> bool:
    listed = [n.surname for n in entry.authors]
    if len(typed) < 2 or len(listed) < len(typed) or c.et_al != (len(listed) >= 3):
        return False
    pairs = list(zip(typed, listed, strict=False))
    off = [(t, s) for t, s in pairs if not names.same(t, s)]
    return len(off) == 1 and names.near(*off[0])


def _reordered(c: TypedCitation, index: EntryIndex, year: _Year) -> Entry | None:
    if len(c.names) < 2:
        return None
    wanted = sorted(names.fold(n) for n in c.names)
    for key in names.keys_of(c.names[0]):
        for entry in index.anywhere.get(key, ()):
            listed = sorted(names.fold(n.surname) for n in entry.authors)
            if _year_fits(index, entry, year) and (listed == wanted or (
                    c.et_al and set(wanted) <= set(listed))):
                return entry
    return None


def _resolved(c: TypedCitation, typed: list[str], entry: Entry) -> Match:
    listed = [n.surname for n in entry.authors]
    notes, pairs = [], []
    for t, s in zip(typed, listed, strict=False):
        if t.split(" ")[0].islower() and names.without_particles(s) == s:
            # a preposition read as a particle: 'a revisão de CARVALHO (2012)' for Carvalho
            t = names.without_particles(t)
        if names.same(t, s) and not names.exact(t, s) and not names.same_letters(t, s):
            notes.append(("name-misspelt", f"'{t}' is spelt '{s}' in the entry {entry.key}"))
            pairs.append((t, s))
    if notes:
        code, message = notes[0]
        return Match((entry.key,), code, message, _suggest(c, entry), entry, tuple(notes[1:]),
                     _spellings(pairs))
    return Match((entry.key,), "ok", entry=entry)


def _problem(c: TypedCitation, entry: Entry, code: str, message: str,
             keys: tuple[str, ...] | None = None, *,
             spellings: tuple[tuple[str, str], ...] = (), year: str = "") -> Match:
    return Match(keys or (entry.key,), code, message, _suggest(c, entry), entry,
                 spellings=spellings, year=year)


def _surnames(entry: Entry) -> list[str]:
    return [n.surname for n in entry.authors]


def _spellings(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(typed, correct) with the entry's spelling written the way the name was typed: without
    its particles when they were left out ('Closen' for 'von Closen')."""
    out = []
    for typed, listed in pairs:
        if len(typed.split()) < len(listed.split()):
            listed = names.without_particles(listed)
        out.append((typed, listed))
    return tuple(out)


def _suggest(c: TypedCitation, entry: Entry) -> str:
    return "cite as " + (forms.cite_as(entry, narrative=True, locator=c.locator,
                                       possessive=c.possessive) if c.narrative
                         else f"({forms.cite_as(entry, narrative=False, locator=c.locator)})")


def _ambiguous(c: TypedCitation, fitting: list[Entry], index: EntryIndex) -> Match:
    keys = tuple(e.key for e in fitting)
    return Match(keys, "ambiguous",
                 f"'{c.text}' fits {len(fitting)} entries ({', '.join(keys)}); give the year a "
                 "letter (2010a, 2010b) so that each citation names one work",
                 None, None)


def _author_message(c: TypedCitation, typed: list[str], entry: Entry) -> str:
    listed = [n.surname for n in entry.authors]
    count = len(listed)
    shown = forms.author_part(entry, narrative=c.narrative)
    if c.et_al and count < 3:
        return (f"'et al.' stands for three or more authors, but {entry.key} has "
                f"{count}: cite it as {shown}")
    if count == 2 and len(typed) == 1:
        return f"{entry.key} has two authors, {listed[0]} and {listed[1]}: cite both"
    if count >= 3 and not c.et_al:
        # said in every family's terms: APA and Harvard write 'et al.', ABNT may name them all
        return (f"{entry.key} has {count} authors: name them all or write "
                f"'{listed[0]} et al.'")
    return f"the authors do not match {entry.key} ({shown})"


def _spelling_message(c: TypedCitation, typed: list[str], entry: Entry) -> str:
    listed = [n.surname for n in entry.authors]
    for t, s in zip(typed, listed, strict=False):
        if not names.same(t, s):
            return f"'{t}' is not how {entry.key} spells the name: it is '{s}'"
    return f"a name is spelt differently in {entry.key}"


def _looks_cited(c: TypedCitation) -> bool:
    """Does a phrase that matches no entry read as an author citation?"""
    if c.abbreviation:
        # a group introduced with its abbreviation, as APA cites group authors ('World Health
        # Organization [WHO], 2020', 'UN Environment Programme [UNEP] (2016)'), whatever words
        # its name has
        return True
    w = words()
    parts = [p for n in c.names for p in n.split(" ")]
    folded = [p.casefold().strip(".") for p in parts]
    # 'Kitchenham e Charters (2007)': two one-word surnames joined are people, whatever words
    people = bool(c.connector) and all(len(n.split(" ")) == 1 and _surname_like(n)
                                       for n in c.names)
    if not people and any(f in w.non_author_words or f.rstrip("s") in w.non_author_words
                          for f in folded):
        return False
    if any(f in w.months for f in folded) or any(_ROMAN.match(p) for p in parts[1:]):
        return False
    surname_like = all(_surname_like(n) for n in c.names)
    if (c.narrative or c.parenthetical) and len(c.names) == 1 \
            and not (c.after and c.after[0] in w.event_nouns) \
            and ((c.article and _group_name(c.names[0]))
                 or 0 <= _group_name_start(c) < c.names_start):
        # 'the National Science Foundation (2017)', 'Die DEUTSCHE FORSCHUNGSGEMEINSCHAFT (2018)':
        # after an article, an institution's name (not a thing's: 'o ENEM (2019)') dated as a
        # work; so is the end of one read short ('Fundação de Amparo à Pesquisa do Estado de
        # Minas Gerais (2016)', read from 'Pesquisa')
        return True
    if c.et_al or c.locator or c.possessive:
        return True
    if c.article and _thing_after_article(c):
        # 'o PISA (2018) mostra', 'a Lei (2010) diz': one word after an article names a thing,
        # unless the manuscript shows it is an author (`_authors_by_evidence`)
        return False
    if c.connector and surname_like:
        return True
    if c.narrative:
        if c.after and c.after[0] in w.event_nouns:
            return False
        if c.after and c.after[0] in w.reporting_verbs:
            return True
        if c.before and _lead_in(c.before):
            return True
        return surname_like and len(c.names[0].split(" ")) <= 2
    if c.parenthetical and not c.comma_before_year:
        # '(Smith 2010)' is a citation; '(either Genome Analyzer or HiSeq 2000)' is not, nor
        # '(Windows 2000)' where the text also writes 'Windows 10'
        return surname_like and not c.versioned and (not c.before or _lead_in(c.before))
    if c.parenthetical:
        # ABNT writes surnames in capitals: '(WILLIAMSON, 1996)'
        capitals = all(p.isupper() and len(p) >= 3 for p in parts)
        return surname_like or len(parts) > 1 or (c.comma_before_year and capitals)
    return surname_like


def _thing_after_article(c: TypedCitation) -> bool:
    """Is `c` one word after an article, an acronym ('o PISA (2018)', 'le CNRS (2013)') or a
    capitalised word ('a Lei (2010)'), without a lead-in that makes it a source ('segundo a
    ANID (2015)', 'according to the WHO (2020)')? English 'the' stands before a surname used as
    a modifier ('the Smith (2010) model'), so only an acronym counts after it."""
    if len(c.names) != 1 or " " in c.names[0] or c.abbreviation or _lead_in(c.before):
        return False
    if 0 <= _group_name_start(c) < c.names_start:
        return False  # the end of a group's name: 'Comissão ... para a América Latina e o Caribe'
    name = c.names[0]
    attributive = bool(c.before) and c.before[-1] in words().attributive_articles
    return _acronym_shape(name) or (not attributive and _surname_like(name))


def _acronym_shape(name: str) -> bool:
    """'FAPESP', 'CNPq', 'MoH': letters only, more capitals than lower-case letters, at least
    two; not a product's camel case ('HiSeq', 'MiSeq') nor a capitalised word ('Lei')."""
    if not (name.isalpha() and name[:1].isupper()):
        return False
    upper = sum(ch.isupper() for ch in name)
    return upper >= 2 and upper > len(name) - upper


def _plausible_year(year: str) -> bool:
    """A year a work can have been published in: up to next year ('(ISO 9001)' has none)."""
    return not year[:4].isdigit() or int(year[:4]) <= datetime.date.today().year + 1


_HARVARD_HABIT = 2
"""Resolved '(Name Year)' citations that make Harvard's parenthesis a manuscript's habit."""


def _authors_by_evidence(citations: list[TypedCitation], results: list[Match],
                         index: EntryIndex, introductions: Mapping[str, str]) -> list[Match]:
    """One word with no entry, where the word alone cannot tell an author from a thing, decided
    by what the rest of the manuscript shows. An acronym in Harvard's parenthesis ('(FAPESP
    2019)', '(NASA 2018; ESA 2019)') is a citation whose entry is missing where the resolved
    citations are written so, or where the text introduces it as an institution's name or the
    bibliography names it as a publisher or author; '(HiSeq 2000)' is camel case, and '(COVID
    2019)', '(Windows 2000)' are written elsewhere with a version ('COVID-19', 'Windows 10').
    A word after an article ('o PISA (2018)', 'a Lei (2010)') is a citation where the text
    cites it elsewhere without one, introduces it as an institution's name, or the
    bibliography names it."""
    resolved = [c for c, m in zip(citations, results, strict=True)
                if m.entry is not None and c.continues < 0 and c.parenthetical and not c.narrative]
    harvard = sum(1 for c in resolved if not c.comma_before_year)
    harvard_habit = harvard >= _HARVARD_HABIT and 2 * harvard > len(resolved)
    cited_alone = {names.fold(c.names[0]) for c, m in zip(citations, results, strict=True)
                   if m.code != "not-a-citation" and len(c.names) == 1 and not c.article}
    w = words()
    out = list(results)
    for i, (c, m) in enumerate(zip(citations, results, strict=True)):
        if m.code != "not-a-citation" or c.continues >= 0 or len(c.names) != 1 or c.versioned \
                or c.bare or c.named_only or c.authority or c.secondary or c.defines \
                or (c.after and c.after[0] in w.event_nouns) or _collector(c) \
                or not _plausible_year(c.year):
            continue
        name = c.names[0]
        if c.article and _thing_after_article(c):
            evident = names.fold(name) in cited_alone or _organisation(name, index, introductions)
        elif c.parenthetical and not c.narrative and not c.comma_before_year \
                and _acronym_shape(name) and (not c.before or _lead_in(c.before)):
            evident = harvard_habit or _organisation(name, index, introductions)
        else:
            continue
        if evident:
            out[i] = Match((), "missing-entry", f"no entry in the bibliography matches '{c.text}'",
                           "add the entry to the bibliography")
    return out


def _organisation(name: str, index: EntryIndex, introductions: Mapping[str, str]) -> bool:
    """Does the manuscript show `name` as an institution's: introduced after words naming one
    ('Fundação de Amparo à Pesquisa do Estado de São Paulo (FAPESP)'), or a publisher, author
    or institution in the bibliography ('São Paulo: FAPESP')?"""
    phrase = introductions.get(names.fold(name), "")
    if phrase and _group_name_words(phrase.split()[-12:]):
        return True
    return names.fold(name) in index.organisations()


def _group_name_words(parts: list[str]) -> bool:
    w = words()
    return any(p.casefold().strip(",.") in w.institution_words
               or p.casefold().strip(",.").endswith(w.institution_endings) for p in parts)


def _group_name(name: str) -> bool:
    """An institution's name of two words or more: capitalised words with an institution's
    noun ('National Science Foundation', 'Deutsche Forschungsgemeinschaft'), or words in
    capitals ('DEUTSCHE FORSCHUNGSGEMEINSCHAFT')."""
    w = words()
    small = w.group_joiners | w.particles | w.articles | w.connectors
    parts = [p for p in name.split(" ") if not (p.islower() and p.casefold() in small)]
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return False
    if all(_capitals_name(p) for p in parts):
        return True
    return any(p.casefold() in w.institution_words
               or p.casefold().endswith(w.institution_endings) for p in parts)


def _collector(c: TypedCitation) -> bool:
    """'(leg. Hoeksema, 1990)': a specimen's collector and date, not a citation."""
    before = tuple(w.rstrip(".") for w in c.before)
    return c.continues < 0 and any(before[-len(mark):] == mark for mark in words().collector_marks
                                   if len(mark) <= len(before))


def _lead_in(before: tuple[str, ...]) -> bool:
    """Do the words before the name end with a lead-in ('according to'), or with one and an
    article ('de acordo com o CNPq')?"""
    if len(before) > 1 and before[-1] in words().articles:
        before = before[:-1]
    return any(before[-len(lead):] == lead for lead in words().citing_lead_ins
               if len(lead) <= len(before))


def _surname_like(name: str) -> bool:
    """'Kivimaki', "O'Neill", 'van Grondelle', 'Zucman-Rossi'; not 'NATO', 'II', 'The'."""
    particles = words().particles
    parts = [p for p in name.split(" ") if p.casefold() not in particles]
    if not parts or parts[0].casefold() in words().leading_non_names:
        return False
    for part in parts:
        letters = [ch for ch in part if ch.isalpha()]
        if len(letters) < 2 or not letters[0].isupper() or part.isupper():
            return False
        if not any(ch.islower() for ch in letters[1:]) or _inner_capital(part):
            return False
    return True


def _inner_capital(word: str) -> bool:
    """'HiSeq', 'iPhone': a capital inside a word that no surname prefix ('Mc', 'De') explains."""
    core = re.split(r"['\-]", word)[-1]
    core = re.sub(r"^(Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|St|Fitz)(?=[A-Z])", "", core)
    return any(ch.isupper() for ch in core[1:])


def _with_company(citations: list[TypedCitation], results: list[Match]) -> list[Match]:
    """A continuation ('2003' in 'Smith, 2001, 2003') is a citation when its lead is."""
    out = list(results)
    for i, c in enumerate(citations):
        if c.continues >= 0 and out[i].code == "not-a-citation" \
                and out[c.continues].code != "not-a-citation":
            out[i] = Match((), "missing-entry",
                           f"no entry in the bibliography matches '{' '.join(c.names)} {c.year}'",
                           "add the entry to the bibliography")
        if c.continues >= 0 and out[c.continues].code == "not-a-citation":
            out[i] = Match((), "not-a-citation")
    return out


def _without_repeated_years(citations: list[TypedCitation], results: list[Match]) -> list[Match]:
    """A year whose correction would repeat a neighbour in the same parentheses ('2011' in
    '(Smith, 2010, 2011)' for Smith 2010) is not a certain fix: a person decides."""
    keys_by_group: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for i, (c, m) in enumerate(zip(citations, results, strict=True)):
        if c.group >= 0:
            keys_by_group[c.group].append((i, m.keys))
    out = list(results)
    for i, (c, m) in enumerate(zip(citations, results, strict=True)):
        if m.code == "year-mismatch" and m.year and c.group >= 0 and any(
                j != i and m.keys[0] in keys for j, keys in keys_by_group[c.group]):
            out[i] = replace(m, year="")
    return out
