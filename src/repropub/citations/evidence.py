"""Whether a phrase that matches no entry is a citation at all.

Takes typed citations with their matches (and the `EntryIndex`); gives `looks_cited`, whether
one phrase reads as an author citation (an 'et al.', two surnames joined by 'and', a surname in
a parenthetical 'Name, Year', a reporting verb; 'Minsk II (2015)' does not), and the passes that
revise the matches by what the rest of the manuscript shows: surnames in capitals or Harvard's
parenthesis as its habit, a word it introduces as an institution's name, a name and year in
running text beside citations, a continuation that goes with its lead, a group's name quoted
from its first word. Apart from `matching` because it weighs the text, not the entries.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

from repropub.citations import names
from repropub.citations.entry_index import EntryIndex
from repropub.citations.match import Match
from repropub.citations.names import without_elision
from repropub.citations.typed import TypedCitation
from repropub.citations.words import words

_ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


_PHRASE_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019\-]|\.(?=\w))*\.?|\d|[^\w\s,.]")
"""A word of a group phrase ('U.S.' one word), or a digit or a mark (not a comma) that no
group's name holds."""


def group_without_entry(c: TypedCitation, m: Match) -> Match:
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
    `group_without_entry`), or -1: its first institution's noun after which only capitalised
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


def in_running_text(citations: list[TypedCitation], results: list[Match]) -> list[Match]:
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


def in_capitals(citations: list[TypedCitation], results: list[Match]) -> list[Match]:
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


def looks_cited(c: TypedCitation) -> bool:
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
        # unless the manuscript shows it is an author (`authors_by_evidence`)
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


def authors_by_evidence(citations: list[TypedCitation], results: list[Match],
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
                or (c.after and c.after[0] in w.event_nouns) or collector(c) \
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


def collector(c: TypedCitation) -> bool:
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


def with_company(citations: list[TypedCitation], results: list[Match]) -> list[Match]:
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


def without_repeated_years(citations: list[TypedCitation], results: list[Match]) -> list[Match]:
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
