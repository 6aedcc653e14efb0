"""Matching hand-typed citations to bibliography entries.

Takes the `TypedCitation`s and the entries and gives, for each citation, a `Match`: the keys it
resolves to and, when the text and the entry disagree, the problem a careful reader would name:
a missing entry, a wrong year, a wrong author list, a misspelt name, or two entries the text cannot
tell apart. The entries are looked up in an `EntryIndex` (`entry_index`); whether a phrase that
matches no entry is a citation at all, and what the rest of the manuscript shows of it, `evidence`
decides: 'Minsk II (2015)' is not one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from repropub.bibliography import Entry
from repropub.citations import dates, forms, names
from repropub.citations.entry_index import EntryIndex, Year, first_surname, split_year
from repropub.citations.evidence import (
    authors_by_evidence,
    collector,
    group_without_entry,
    in_capitals,
    in_running_text,
    looks_cited,
    with_company,
    without_repeated_years,
)
from repropub.citations.match import Match
from repropub.citations.names import without_elision
from repropub.citations.typed import TypedCitation
from repropub.citations.words import words


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
    results = authors_by_evidence(citations, results, index, introductions or {})
    results = [replace(m, skip=_skipped_words(c, m.entry, introduced)) if m.entry is not None
               and m.start < 0 else group_without_entry(c, m)
               if m.code == "missing-entry" and c.continues < 0 else m
               for c, m in zip(citations, results, strict=True)]
    results = in_running_text(citations, in_capitals(citations, results))
    results = without_repeated_years(citations, with_company(citations, results))
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
        shown = index.showing(name, split_year(c.year).base)
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
    want = {names.fold(first_surname(entry))}
    if group:
        want |= {names.fold(a) for a in names.group_aliases(first_surname(entry))}
        want |= {a for a, full in introduced.items() if names.fold(full) in want}
    if entry.short_author:
        want.add(names.fold(entry.short_author))
    want |= {names.uninflected(a)
             for a in [first_surname(entry), *names.group_aliases(first_surname(entry))]
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


def _not_given(word: str, given: str) -> bool:
    """Is the capitalised `word` before a surname none of the entry's given names or their
    initials ('Estudo' before Voss, B.; not 'Bruno', 'B.')? Unknown given names are none."""
    first = names.fold(word)[:1]
    initials = {names.fold(part)[:1] for part in re.split(r"[\s.\-]+", given) if part}
    return bool(first) and bool(initials) and first not in initials \
        and word.casefold() not in words().particles


def _typed_key(citation: TypedCitation) -> tuple[str, ...]:
    return (*(names.fold(n) for n in citation.names), str(citation.et_al), citation.year)


def _entry_typed_key(c: TypedCitation, entry: Entry) -> tuple[str, ...]:
    """The key `_typed_key` gives a citation of `entry` that names its authors in their order,
    with `c`'s 'et al.' and year."""
    shown = _surnames(entry)[:len(c.names)]
    return (*(names.fold(n) for n in shown), str(c.et_al), c.year)


def _match(c: TypedCitation, index: EntryIndex, typed_counts: Counter[tuple[str, ...]]) -> Match:
    if collector(c):
        return Match((), "not-a-citation")
    repeats = typed_counts[_typed_key(c)]
    year = split_year(c.year)
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
            if _form_fits(c, [first_surname(e), *c.names[1:]], e, lenient=True)]
    if near:
        entry = near[0]
        typed_first = next((o for o in first_options if names.near(o, first_surname(entry))),
                           chosen)
        return _problem(c, entry, "name-misspelt",
                        f"'{chosen}' is not how the entry spells the name: it is "
                        f"'{first_surname(entry)}'", keys=tuple(e.key for e in near),
                        spellings=_spellings([(typed_first, first_surname(entry))])
                        if len(near) == 1 else ())
    compound = [e for option in first_options for e in index.part_of(option, year.base)
                if _year_fits(index, e, year)
                and _form_fits(c, [first_surname(e), *c.names[1:]], e)]
    if compound:
        # 'Pérez (2009)' for Pérez López: one of two surnames, where the entry has both
        entry = compound[0]
        typed_first = next(o for o in first_options if index.part_of(o, year.base))
        return _problem(c, entry, "name-misspelt",
                        f"'{typed_first}' is only part of the surname "
                        f"'{first_surname(entry)}' in the entry {entry.key}",
                        keys=tuple(dict.fromkeys(e.key for e in compound)),
                        spellings=_spellings([(typed_first, first_surname(entry))])
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
        uncertain = dates.read(c.year)  # '198-' as the text writes it, '[198-]'
        return _problem(c, entry, "year-mismatch",
                        f"the entry {entry.key} is dated {forms.year_part(entry)}, "
                        f"not {uncertain.written if uncertain else c.year}",
                        keys=tuple(e.key for e in close),
                        year=forms.year_part(entry) + index.implicit.get(entry.key, ""))
    if not looks_cited(c):
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
             year: Year, given: list[str]) -> list[Entry]:
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


def _year_fits(index: EntryIndex, entry: Entry, year: Year) -> bool:
    have = index.years[entry.key]
    if have.base != year.base:
        # a work 'in press' is listed with no year as often as with the words
        return {have.base, year.base} == {"in press", "n.d."}
    if not year.suffix:
        return True
    return year.suffix in (have.suffix, index.implicit.get(entry.key, "")) or (
        not have.suffix and entry.key not in index.implicit)


def _different_suffix(index: EntryIndex, entry: Entry, year: Year) -> bool:
    have = index.years[entry.key]
    return bool(year.suffix and have.base == year.base
                and (have.suffix or index.implicit.get(entry.key)))


def _year_distance(index: EntryIndex, entry: Entry, year: Year) -> int:
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


def _reordered(c: TypedCitation, index: EntryIndex, year: Year) -> Entry | None:
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
