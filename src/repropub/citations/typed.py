"""Author-date citations typed by hand: "(Mearsheimer, 2014; Pifer, 2017)", "Waltz's (1979)".

Takes the blanked manuscript text and gives one `TypedCitation` per cited work, with the names as
typed, the year, the locator and the form (parenthetical or narrative, "and" or "&", comma before
the year). It reads the way a person does: it finds each year ("2014", "2010a", "n.d.",
"in press"), then reads the author names backwards from it, stopping where the names stop
("see also", a lower-case word, the end of a sentence). A year right after another citation's year
("(Smith, 2001, 2003)", "1996a; 1996b") continues that citation's names.

Whether a phrase such as "Minsk II (2015)" is a citation at all is decided later, against the
bibliography (`repropub.citations.matching`); this module only records what the text shows.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import NamedTuple

from repropub.citations import dates
from repropub.citations.names import fold, without_elision
from repropub.citations.words import words


@functools.cache
def year_pattern() -> re.Pattern[str]:
    """A year ('2014', '2010a'), or the words that stand for one in any language the word
    tables know ('n.d.', 's.d.', 'in press', 'no prelo')."""
    w = words()
    return re.compile(
        # the cited edition's year after the original's: the 1953 of 'Freud (1900/1953)'
        r"(?:(?<![\w/.\-])|(?<=(?<![\w/])(?:1[5-9]|20)\d\d/))"
        # ABNT's uncertain date in its brackets: '[197-]', '[18--?]', '[1971 ou 1972]'
        rf"(?P<year>(?<=\[)(?:{dates.inner_pattern()})(?=\??\])|(?:1[5-9]|20)\d\d"
        # a work published over years: 'Piaget (1970-1972)'
        r"(?:(?P<range>[\u2013\u2014\-](?:1[5-9]|20)\d\d)(?![\w\-/\u2013\u2014])"
        r"|(?P<suffix>[a-rt-z](?![\w]))?"
        # '2010' ends before a non-word, or before text glued to it ('2001and', '2000Fogh')
        r"(?:(?![\w\-/])|(?=[a-z]{3})|(?=[A-Z][a-z])))"
        rf"|(?i:{w.undated})(?:-[a-z](?!\w))?|(?i:{w.in_press})(?!\w))"
    )


@functools.cache
def locator_pattern() -> re.Pattern[str]:
    """A locator after the year: a labelled one in any language the word tables know ('p. 12',
    'pp. 2-5', 'S. 7 f.', 'págs. 4-6', 'v. 2, p. 30'), Chicago's bare page ('(Smith 2010, 23)')
    or Harvard's after a colon ('(Smith 2010: 23)')."""
    w = words()
    labels = sorted({*(label for pair in w.page_labels for label in pair), *w.part_labels},
                    key=len, reverse=True)
    # a one-letter label other than 'p' needs its full stop: 'S. 12', not the 'S1' of a table
    label = "(?:" + "|".join(re.escape(x) + (r"\." if len(x) == 1 and x != "p" else r"\.?")
                             for x in labels) + ")"
    number = r"\d+[a-z]?"
    pages = (rf"{number}(?:[ \t]*[\-\u2013\u2014][ \t]*{number})?"
             rf"(?:{w.page_following}(?!\w))?")
    # a further page or part after a comma, but not a year: the 2011 of '(Smith, 2009, p. 12,
    # 2011)' is another work of the author's
    # (a hard-wrapped line may break after the label or the comma: 'cap.\n2, p. 45')
    space = r"[ \t]*\n?[ \t]*"
    more = rf"(?:,{space}(?:{label}{space})?(?!(?:1[5-9]|20)\d\d(?!\d)){pages})*"
    return re.compile(
        rf"(?P<sep>,?{space})(?P<loc>(?:{label}{space}|[§¶][ \t]*){pages}{more})"
        r"|(?P<csep>[ \t]*,[ \t]*)(?P<cloc>(?!(?:1[5-9]|20)\d\d)\d{1,4}(?:[ \t]*-[ \t]*\d+)?)"
        r"(?![\w.])"  # Chicago's bare page: '(Smith 2010, 23)'; a year after a comma continues
        rf"|(?P<hsep>[ \t]*):[ \t]*(?P<hloc>(?:(?:pls?|figs?|tabs?|{label})\.?[ \t]*)?"
        r"(?:\d+|[ivxlc]+(?![\w]))(?:[ \t]*-[ \t]*(?:\d+|[ivxlc]+(?![\w])))?)"
    )


_ORIGINAL_YEAR = re.compile(r"[ \t]*\[(?:1[5-9]|20)\d\d\]")
"""The first edition's year after the cited edition's: 'MARX, 1988 [1867]'."""
_INFERRED_OPEN = re.compile(r"\[[ \t]*(?:(?i:ca|c|circa)\.?[ \t]+)?$")
"""The '[' opening a date ABNT infers, with its 'ca.' for an approximate one: '[ca. 2010]'."""
_INFERRED = re.compile(r"[ \t]*\??[ \t]*\]")
"""The ']' closing a date in brackets, after its '?' for a probable one: '[2010?]'."""
_APPROXIMATE = re.compile(r"(?i:ca|c|circa)\.?[ \t]+$")
"""The mark of an approximate year before it: the 'ca.' of '(Marx, ca. 1850)'."""
_ORIGINAL_BEFORE = re.compile(r"(?:1[5-9]|20)\d\d/$")
"""APA's original year before the edition's: the '1900/' of 'Freud (1900/1953)'."""
_LETTER_CONTINUATION = re.compile(r"[ \t]*,[ \t]*(?P<letter>[a-h])(?![\w.])")
"""A further year letter after a lettered year: the 'c' of 'Smith 2015b, c'."""


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """The tokens a name is read from, backwards: 'et al.' in any language the word tables
    know ('y col.', 'and colleagues'), a bracketed abbreviation, a word, '&', punctuation."""
    return re.compile(rf"(?P<etal>(?<![^\W_])(?i:{words().et_al}))|" + _TOKEN_REST)


_TOKEN_REST = (
    # a group's abbreviation in brackets, or an acronym in parentheses: '(World Health
    # Organization (WHO), 2020)'
    r"(?P<abbr>\[[^\[\]\n]{1,30}\]|\((?=[^()\s]*[A-Z][^()\s]*[A-Z])[^\W\d_][\w&.\-]{1,11}\))"
    r"|(?P<word>(?:[^\W\d_]|'(?=\w))(?:[\w'.\-]*[^\W_])?(?:'(?=\s|$))?\.?"
    r"|\d+(?:(?![A-Z][a-z])[^\W\d_][\w\-]*)?)"
    r"|(?P<amp>&)"
    r"|(?P<emph>[*_]+)"  # Markdown emphasis: 'Smith *et al.* (2004)'
    r"|(?P<punct>\S)"
)
_WINDOW = 240
_MAX_NAME_WORDS = 8
_SUFFIX = re.compile(r"(?:^|-)(?:jr|sr|st|júnior|junior|filho|neto)\.$")
"""A generational suffix ends a name, not a sentence: 'Ghizoni-Jr.', 'Souza Jr.'."""
_BOUNDARY = re.compile(r"\n[ \t]*\n|\n[ \t]*(?:#|\||[-*+][ \t]|\d+[.)][ \t])")


@dataclass(frozen=True)
class TypedCitation:
    """One cited work as typed: its names, year and form."""

    text: str
    start: int
    end: int
    """The span [start, end) of the names, year and locator in the text."""
    names: tuple[str, ...]
    """Each name as typed, in order ('Keohane', 'Nye'); a continuation repeats its lead's names."""
    year: str
    """'2014', '2010a', 'n.d.', 'in press' as typed (spaces normalised)."""
    et_al: bool = False
    connector: str = ""
    """'and', '&', ';' (ABNT) or the language's word ('e', 'y', 'und') between the last two
    names, '' for one name."""
    narrative: bool = False
    """Names in the running text and the year in parentheses: 'Waltz (1979)'."""
    parenthetical: bool = False
    """Inside parentheses or brackets (names and year together)."""
    possessive: bool = False
    abbreviation: str = ""
    """A group author's abbreviation introduced here: 'CRS' in 'Congressional ... [CRS], 2023'."""
    comma_before_year: bool = True
    locator: str = ""
    locator_start: int = -1
    continues: int = -1
    """For a year-only continuation ('2003' in '(Smith, 2001, 2003)'), the index of the citation
    whose names it repeats; -1 otherwise."""
    group: int = -1
    """The offset of the enclosing '(' or '[', shared by the parts of one parenthetical citation."""
    before: tuple[str, ...] = ()
    """Up to four words just before the names, lower-cased ('according', 'to'; 'de', 'acordo',
    'com', 'o')."""
    after: tuple[str, ...] = ()
    """Up to two words just after the citation, lower-cased."""
    names_start: int = -1
    """Where the names start (for a continuation, where its lead's names start)."""
    narrative_after_names: bool = False
    year_start: int = -1
    year_end: int = -1
    """The span [year_start, year_end) of the year as typed ('2014', 'n. d.')."""
    bare: bool = False
    """Names and year in running text, neither in parentheses ('Smith 2010' in a list, 'as Smith
    et al., 2018 show'): a citation only when it names an entry or stands in a list of them."""
    listed: bool = False
    """Right after another citation, with only ',', ';' or a connector between them."""
    named_only: bool = False
    """Read where a name and a year may as well be something else ('*Intermezzo* (1983)', an
    italic title; 'Windows(2000)', glued): a citation only when it names an entry."""
    authority: bool = False
    """Right after a lower-case species epithet ('Aus bus Smith, 1901'): a taxonomic authority,
    a citation only when the bibliography has the work."""
    article: bool = False
    """After an article ('o ENEM (2019)', 'the NATO (2016)'): a thing's name rather than a
    person's."""
    defines: bool = False
    """An abbreviation and a year in parentheses right after the words it abbreviates: 'Base
    Nacional Comum Curricular (BNCC, 2018)' dates a thing it names, unless an entry has it."""
    secondary: bool = False
    """Read through the next citation ('MARX, 1867' of 'MARX, 1867 apud SILVA, 2010', 'Durkheim,
    1897' of 'Durkheim, 1897, as cited in Costa, 2010'): the style lists only the other work."""
    group_phrase: str = ""
    """The words before the year (or a group's abbreviation) in the parenthesis or sentence,
    which end with a group's whole name even where the names read stop short of it ('Comisión
    Económica para América Latina y el Caribe [CEPAL]'), as typed (line breaks kept)."""
    group_phrase_start: int = -1
    """Where `group_phrase` starts in the text."""
    versioned: bool = False
    """The one name read stands elsewhere in the text with a number that is no year, or joined
    to one by a hyphen ('Windows 10', 'ISO 9001', 'COVID-19', 'MATLAB R2019a'): a product's, a
    standard's or an illness's name, not an author's."""


class _Token(NamedTuple):
    """A word, 'et al.', an abbreviation or a mark, with its span (a tuple, not a frozen
    dataclass: the names before every year are read from tens of thousands of them in a long
    manuscript, and a tuple is made several times faster)."""

    kind: str
    text: str
    start: int
    end: int


def find_typed(text: str, lower_case: frozenset[str] = frozenset()) -> list[TypedCitation]:
    """Every author-date citation typed in `text` (already blanked), in document order.
    `lower_case`: the surnames the bibliography writes in lower case ('hooks', 'lowe'), read as
    names where other lower-case words are not."""
    found: list[TypedCitation] = []
    for match in year_pattern().finditer(text):
        if found and match.start() < found[-1].end:
            continue  # inside the previous citation ('[1867]' of '1988 [1867]')
        citation = _at_year(text, match, found, lower_case)
        if citation is None:
            continue
        if match.group("range"):
            # a span of years is as often a period ('Brazil (1990-2000)') as a work published
            # over them: a citation only when it names an entry
            citation = replace(citation, bare=True)
        found.append(citation)
        found.extend(_letter_continuations(text, found))
    return _with_versions(text, _read_through(text, found))


_VERSIONED = re.compile(
    r"[A-Z][^\W_]*(?:-(?=[\w\-]*\d)[\w\-]+"  # 'COVID-19', 'SARS-CoV-2'
    # 'Windows 10', 'ISO 9001', 'HiSeq 2500', 'MATLAB R2019a', 'Python v3.11'; not a year, nor
    # a grant's number ('CNPq 301234/2019-5')
    r"|[ \t]+(?:(?:v|version)\.?[ \t]*|[A-Z]{1,2}(?=\d))?(?!(?:1[5-9]|20)\d\d(?![\d.]))"
    r"\d+(?:\.\d+)*[a-z]?(?![\w./\-]))")


def _with_versions(text: str, found: list[TypedCitation]) -> list[TypedCitation]:
    """Mark each citation of one name that the text also writes with a version or a number
    that is no year (see `TypedCitation.versioned`)."""
    single = {c.names[0] for c in found if len(c.names) == 1 and " " not in c.names[0]}
    if not single:
        return found
    versioned = set()
    for match in _VERSIONED.finditer(text):
        word = re.match(r"[^\W_]+", match.group(0))
        if word is not None and word.group(0) in single and (
                match.start() == 0 or not text[match.start() - 1].isalnum()):
            versioned.add(word.group(0))
    return [replace(c, versioned=True) if len(c.names) == 1 and c.names[0] in versioned else c
            for c in found]


_INTRODUCED = re.compile(r"[(\[](?P<abbr>[A-Z][^\W\d_]{1,11})[)\]]")
"""An abbreviation introduced after the words it stands for: 'Universidade Estadual de Campinas
(UNICAMP)', 'Ministry of Health [MoH]', 'Fundação Estadual do Meio Ambiente (Feam)'."""


def introductions(text: str) -> dict[str, str]:
    """Each abbreviation the text introduces in parentheses or brackets after words, folded
    ('unicamp'), with the words before it in its sentence (up to 240 characters): the first
    introduction wins."""
    found: dict[str, str] = {}
    # the bracket is searched for alone, and the word before it checked after: a pattern that
    # starts by looking behind is tried at every offset of a long manuscript
    for match in _INTRODUCED.finditer(text):
        end = _skip_space_back(text, match.start())
        if not text[end - 1:end].isalpha():
            continue
        key = fold(match.group("abbr"))
        if key in found:
            continue
        lo = max(0, end - 240)
        lo = max(lo, text.rfind("\n\n", lo, end) + 2, text.rfind(". ", lo, end) + 2)
        found[key] = text[lo:end]
    return found


_MARKER_WORDS = re.compile(r"[^\W\d_]+\.?")


def _read_through(text: str, found: list[TypedCitation]) -> list[TypedCitation]:
    """Mark each citation that a secondary-citation marker joins to the next one."""
    markers = words().secondary
    out = list(found)
    for i in range(len(found) - 1):
        between = text[found[i].end:found[i + 1].names_start]
        if len(between) > 40 or "\n\n" in between:
            continue
        typed = tuple(w.casefold() for w in _MARKER_WORDS.findall(between))
        rest = re.sub(r"[^\W\d_]+\.?", "", between)
        if typed in markers and not rest.strip(" \t\n,;():"):  # German 'in:'
            out[i] = replace(found[i], secondary=True)
    return out


def _at_year(text: str, match: re.Match[str], found: list[TypedCitation],
             lower_case: frozenset[str]) -> TypedCitation | None:
    year_start, year_end = match.span()
    year = re.sub(r"\s+", " ", match.group("year"))
    # ABNT brackets a date it infers, after the comma or in a narrative citation's
    # parentheses: '(LIMA, [s.d.])', '(COSTA, [2010], p. 4)', 'LIMA ([2010?])', '[ca. 2010]'
    bracket = _INFERRED_OPEN.search(text, max(0, year_start - 8), year_start)
    comma = _skip_space_back(text, bracket.start()) if bracket is not None else 0
    inferred = _INFERRED.match(text, year_end) if comma > 0 and (
        text[comma - 1:comma] in (",", "(")
        # Harvard's names right before a date marked uncertain: '(Hale [c. 1850])', 'Quill
        # [1902?]', '(Lange [197-])' (a bare '[1932]' there is APA's narrative year)
        or ((text[comma - 1].isalpha() or text[comma - 1] == ".")
            and ((bracket is not None and bracket.group().strip() != "[")
                 or not year[:1].isdigit() or dates.read(year) is not None
                 or text[year_end:year_end + 3].lstrip(" \t").startswith("?")))) else None
    if inferred is not None and bracket is not None:
        # the date as typed, brackets and all: a fix writes the reference's form in their place
        year_start, year_end = bracket.start(), inferred.end()
    end, locator, locator_start, _ = _locator(text, year_end)
    closes = _closes(text, end) or (not locator and _year_follows(text, end))
    original = _ORIGINAL_BEFORE.search(text, max(0, year_start - 5), year_start)
    k = comma if inferred is not None else \
        _skip_emphasis_back(text, original.start() if original else year_start)
    approximate = _APPROXIMATE.search(text, max(0, year_start - 8), year_start) \
        if inferred is None and original is None else None
    if approximate is not None and text[approximate.start() - 1:approximate.start()] in (" ", "(") \
            and text[_skip_space_back(text, approximate.start()) - 1] in ",(":
        k = _skip_space_back(text, approximate.start())  # '(Marx, ca. 1850)', 'Voss (c. 2010)'
    before = text[k - 1] if k > 0 else ""
    previous = found[-1] if found else None
    # in running text a continuation need not end the phrase: 'MARX, 1988 [1867], 2011 [1859]
    # escreveu'
    continues = closes or (previous is not None and previous.bare and year[:1].isdigit())
    if continues and previous is not None and "\n\n" not in text[previous.end:year_start] \
            and ((before in ",;" and previous.end == _skip_space_back(text, k - 1))
                 or _joined_years(text, previous, k)
                 or (before == "(" and _parenthesised_again(text, previous, k - 1))):
        return TypedCitation(
            text=text[year_start:end], start=year_start, end=end, names=previous.names,
            year=year, et_al=previous.et_al, connector=previous.connector,
            narrative=previous.narrative, parenthetical=previous.parenthetical,
            comma_before_year=previous.comma_before_year, locator=locator,
            locator_start=locator_start, continues=_lead(found, len(found) - 1),
            group=previous.group, names_start=previous.names_start, after=_words_after(text, end),
            year_start=year_start, year_end=year_end, bare=previous.bare, listed=True,
            authority=previous.authority,
        )
    if before in "([":
        if not closes:
            return None
        return _narrative(text, k - 1, (year_start, year_end), end, year, locator, locator_start,
                          found, lower_case)
    # 'Smith et al.; 2001': a semicolon typed for the comma before the year
    odd = before == ";" and re.search(r"[^\W\d_]\.?[ \t]*$", text[max(0, k - 12):k - 1]) is not None
    comma = before == "," or odd
    if not comma and not (before.isalpha() or before in ".]'"):
        return None
    names = _names_before(text, k - 1 if comma else k, possessive_ok=False, comma=comma,
                          lower_case=lower_case)
    phrase = False
    if names is None and comma:
        names, phrase = _phrase_before(text, k - 1), True
    if names is None:
        return None
    group = _open_bracket(text, names.start)
    # '(the NATO 2016 summit)', 'Windows 2000 was', 'Cirillo 2010 also applied': a name and a
    # year that do not end the phrase are a citation only if the bibliography says so
    bare = group < 0 or not (closes or comma) or (odd and not names.et_al) \
        or (phrase and not _institution_led(names.names[0]))
    start = _opening_emphasis(text, names.start, end)
    group_words = _group_phrase(text, names, group, k - 1 if comma else k)
    return TypedCitation(
        text=text[start:end], start=start, end=end, names=names.names, year=year,
        et_al=names.et_al, connector=names.connector, parenthetical=group >= 0,
        abbreviation=names.abbreviation, comma_before_year=comma or names.comma_after_abbr,
        locator=locator, locator_start=locator_start, group=group, before=names.before,
        after=_words_after(text, end), names_start=names.start, year_start=year_start,
        year_end=year_end, bare=bare, listed=_listed(text, found, names.start),
        authority=_after_epithet(text, names.start), article=names.article,
        defines=group >= 0 and len(names.names) == 1 and not text[group + 1:names.start].strip()
        and _abbreviates(text, group, names.names[0]),
        group_phrase=group_words[0], group_phrase_start=group_words[1],
    )


_JOINED = re.compile(r"[^\W\d_][\w'\-]*")


_NEXT_YEAR = re.compile(r"[ \t\n]+(?P<word>\S+)[ \t\n]+(?:1[5-9]|20)\d\d[a-z]?(?![\w\-/])")


def _year_follows(text: str, pos: int) -> bool:
    """Does another year follow, joined by the language's word for 'and' ('Tamm (2011 und
    2013)')? Then the first year ends its citation as a ')' would."""
    match = _NEXT_YEAR.match(text, pos)
    return match is not None and (match.group("word") == "&"
                                  or match.group("word").casefold() in words().connectors)


def _joined_years(text: str, previous: TypedCitation, k: int) -> bool:
    """Is the year at `k` joined to the previous citation's year by the language's word for
    'and' ('(SILVA, 2010 e 2012)', '(Voss, 2010 and 2012)', '(García, 2015 y 2017)')?"""
    if previous.locator or not previous.year[:1].isdigit():
        return False
    between = text[previous.end:k].strip(" \t\n")
    return between == "&" or between.casefold() in words().connectors


_AGAIN = re.compile(r"[ \t\n]*\)[ \t\n]*(?P<joiner>,|&|[^\W\d_]+\.?)?[ \t\n]*$")
"""What stands between two years in parentheses after one name: the '), ' of 'Voss (2010),
(2012)', the ') e ' of 'Voss (2010) e (2012)'."""


def _parenthesised_again(text: str, previous: TypedCitation, paren: int) -> bool:
    """Is the year in the parenthesis at `paren` a further work of the narrative citation just
    before it, in parentheses of its own ('Voss (2010), (2012)', 'Voss (2010) e (2012)')?"""
    if not previous.narrative or text[paren] != "(":
        return False
    match = _AGAIN.match(text, previous.end, paren)
    if match is None:
        return False
    joiner = match.group("joiner") or ""
    return joiner in (",", "&") or joiner.casefold() in words().connectors


def _abbreviates(text: str, paren: int, name: str) -> bool:
    """Do the words just before the parenthesis at `paren` have `name`'s letters as their
    initials ('Plano Nacional de Educação (PNE', 'Estatuto da Criança e do Adolescente (ECA')?"""
    letters = "".join(ch for ch in name if ch.isalpha())
    if not 2 <= len(letters) <= 8 or not letters.isupper():
        return False
    joiners = words().group_joiners | words().particles
    initials: list[str] = []
    for word in reversed(_JOINED.findall(text, max(0, paren - 200), paren)[-16:]):
        if len(initials) == len(letters):
            break
        if word[0].isupper():
            initials.insert(0, word[0])
        elif word.casefold() not in joiners:
            return False
    return "".join(initials).casefold() == letters.casefold()


def _narrative(text: str, paren: int, year_span: tuple[int, int], end: int, year: str,
               locator: str, locator_start: int, found: list[TypedCitation],
               lower_case: frozenset[str]) -> TypedCitation | None:
    # APA brackets a narrative year inside parentheses: '(see Klein [1932])'
    close = _skip_space(text, end)
    if text[paren] == "[" and not (close < len(text) and text[close] == "]"):
        return None
    k = _skip_space_back(text, paren)
    if k == 0:
        return None
    # 'Silva(2010)', the space left out: a citation only when it names an entry ('et al.(2017)'
    # always is one)
    glued = k == paren and text[k - 1] != "."
    if text[k - 1] == "," and re.search(r"\bal\.,$", text[max(0, k - 6):k]):
        k -= 1  # 'Smith et al., (2001)
    names = _names_before(text, k, possessive_ok=True, lower_case=lower_case)
    emphasised = False
    if names is None and text[k - 1] in "*_":
        # names set in emphasis ('*Lund* (2010)', '**Lund and Berg** (2010)') read as a title
        # set so ('*Intentionality* (1983)'): a citation only when they name an entry
        inner = k
        while inner > 0 and text[inner - 1] in "*_":
            inner -= 1
        names = _names_before(text, inner, possessive_ok=True, lower_case=lower_case)
        emphasised = names is not None and _opening_emphasis(text, names.start, k) < names.start
    if names is None and text[k - 1].isalpha():
        names = _lower_case_group(text, k)
    if names is None or (text[k - 1] in "*_" and not emphasised and not names.et_al):
        return None
    after_end = close + 1 if close < len(text) and text[close] in ")]" else end
    start = _opening_emphasis(text, names.start, after_end)
    group_words = _group_phrase(text, names, _open_bracket(text, names.start), k)
    return TypedCitation(
        text=text[start:after_end], start=start, end=end, names=names.names,
        year=year, et_al=names.et_al, connector=names.connector, narrative=True,
        possessive=names.possessive, abbreviation=names.abbreviation, comma_before_year=False,
        locator=locator, locator_start=locator_start, group=_open_bracket(text, names.start),
        before=names.before, after=_words_after(text, after_end), names_start=names.start,
        year_start=year_span[0], year_end=year_span[1],
        listed=_listed(text, found, names.start), authority=_after_epithet(text, names.start),
        article=names.article, named_only=emphasised or glued,
        group_phrase=group_words[0], group_phrase_start=group_words[1],
    )


def _group_phrase(text: str, names: _Names, group: int, end: int) -> tuple[str, int]:
    """The words before the year (`end`) or the group's abbreviation, back to the parenthesis,
    the previous citation in it, the sentence's or the paragraph's start (see
    `TypedCitation.group_phrase`), and where they start."""
    if names.abbreviation:
        end = max(text.rfind("[" + names.abbreviation, names.start, end),
                  text.rfind("(" + names.abbreviation, names.start, end))
    lo = max(group + 1, text.rfind("\n\n", 0, names.start) + 1, names.start - 240,
             text.rfind(". ", 0, names.start) + 1, text.rfind(";", 0, names.start) + 1)
    lo = _skip_space(text, lo)
    end = _skip_space_back(text, end)
    if end <= lo:
        return "", -1
    return text[lo:end], lo


def _opening_emphasis(text: str, start: int, end: int) -> int:
    """Where a citation starts whose names are set in emphasis that closes inside it
    ('*Moe et al.* (2014)', '(**Lund and Berg**, 2010)'): at the opening mark, so that the
    citation's text shows both marks, not the closing one alone."""
    k = start
    while k > 0 and text[k - 1] in "*_":
        k -= 1
    marks = text[k:start]
    return k if marks and marks in text[start:end] else start


def _letter_continuations(text: str, found: list[TypedCitation]) -> list[TypedCitation]:
    """'c' and 'd' in 'Smith 2015b, c, d': further works of the same year, by letter."""
    lead = found[-1]
    base = re.match(r"(\d{4})[a-z]$", lead.year)
    out: list[TypedCitation] = []
    pos = lead.end
    while base is not None:
        match = _LETTER_CONTINUATION.match(text, pos)
        if match is None or not _closes(text, match.end()):
            break
        start, end = match.span("letter")
        out.append(TypedCitation(
            text=text[start:end], start=start, end=end, names=lead.names,
            year=base.group(1) + match.group("letter"), et_al=lead.et_al,
            connector=lead.connector, narrative=lead.narrative, parenthetical=lead.parenthetical,
            comma_before_year=lead.comma_before_year, continues=_lead(found, len(found) - 1),
            group=lead.group, names_start=lead.names_start, after=_words_after(text, end),
            year_start=start, year_end=end, bare=lead.bare, listed=True,
            authority=lead.authority,
        ))
        pos = end
    return out


def _listed(text: str, found: list[TypedCitation], start: int) -> bool:
    """Does the citation starting at `start` follow another with only ',', ';' or a connector
    between them ('Brock 1991, Jago 1971')?"""
    if not found:
        return False
    between = text[found[-1].end:start]
    if ")" in between and "(" not in between:
        between = between.replace(")", "", 1)
    words_ = words()
    parts = re.findall(r"[^\W\d_]+|\S", between)
    return bool(parts) and len(parts) <= 2 and all(
        p in ",;" or p.casefold() in words_.connectors for p in parts) and "\n\n" not in between


_EPITHET = re.compile(r"(?P<i>[*_])[A-Z][a-z]*\.?[ \t\n]+(?:\([A-Z][a-z]+\)[ \t\n]+)?[a-z]{3,}"
                      r"(?:[ \t\n]+[a-z]{3,})?(?P=i)[ \t\n]*\(?[ \t]*$")
"""An italic genus and species ('*Aus bus* ', '*A. bus cus* (') right before an author's name:
the name is the species' authority."""


def _after_epithet(text: str, start: int) -> bool:
    return _EPITHET.search(text, max(0, start - 60), start) is not None


def _lead(found: list[TypedCitation], index: int) -> int:
    while found[index].continues >= 0:
        index = found[index].continues
    return index


def _locator(text: str, pos: int) -> tuple[int, str, int, bool]:
    original = _ORIGINAL_YEAR.match(text, pos)
    if original is not None:
        pos = original.end()
    match = locator_pattern().match(text, pos)
    if match is None:
        return pos, "", -1, False
    if match.group("loc"):
        return match.end(), match.group("loc"), match.start("loc"), "," in match.group("sep")
    if match.group("cloc"):
        return match.end(), match.group("cloc"), match.start("cloc"), True
    return match.end(), match.group("hloc"), match.start("hloc"), False


def _closes(text: str, pos: int) -> bool:
    """Is the year (and locator) followed by ')', ']', ';', ',' or the end of a sentence?"""
    k = _skip_space(text, pos)
    if k >= len(text) or text[k:k + 2] == "\n\n":
        return True
    ch = text[k]
    if ch in ")];,|":
        return True
    return ch == "." and (k + 1 >= len(text) or text[k + 1].isspace())


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n" and text[pos:pos + 2] != "\n\n":
        pos += 1
    return pos


def _skip_emphasis_back(text: str, pos: int) -> int:
    """As `_skip_space_back`, over Markdown emphasis marks too ('Moreau *et al.* 1999')."""
    pos = _skip_space_back(text, pos)
    while pos > 0 and text[pos - 1] in "*_":
        pos = _skip_space_back(text, pos - 1)
    return pos


def _skip_space_back(text: str, pos: int) -> int:
    """The offset just after the last non-space character before `pos`."""
    while pos > 0 and text[pos - 1] in " \t\n" and text[pos - 2:pos] != "\n\n":
        pos -= 1
    return pos


def _open_bracket(text: str, pos: int) -> int:
    """The offset of the unclosed '(' or '[' around `pos` in its paragraph, or -1."""
    depth = 0
    lo = max(0, pos - 600)
    limit = text.rfind("\n\n", lo, pos)
    for i in range(pos - 1, max(lo, limit) - 1, -1):
        ch = text[i]
        if ch in ")]":
            depth += 1
        elif ch in "([":
            if depth == 0:
                return i
            depth -= 1
    return -1


_AFTER = re.compile(r"[)\]]?[ \t\n]*([^\W\d_][\w'\-]*)(?:[ \t\n]+([^\W\d_][\w'\-]*))?")


def _words_after(text: str, pos: int) -> tuple[str, ...]:
    """Up to two words right after the citation, before any punctuation."""
    match = _AFTER.match(text, pos)
    if match is None:
        return ()
    return tuple(w.casefold() for w in match.groups() if w)


@dataclass(frozen=True)
class _Names:
    """The names read backwards from a year, and how they were written."""

    start: int
    names: tuple[str, ...]
    et_al: bool
    connector: str
    possessive: bool
    abbreviation: str
    comma_after_abbr: bool
    before: tuple[str, ...]
    article: bool = False


def _tokens(text: str, end: int) -> list[_Token]:
    lo = max(0, end - _WINDOW)
    para = max(text.rfind("\n\n", lo, end), -1)
    if para >= 0:
        lo = para + 2
    for boundary in _BOUNDARY.finditer(text, lo, end):
        lo = max(lo, boundary.start() + 1)
    found = [_Token(m.lastgroup or "punct", m.group(0), m.start(), m.end())
             for m in _token_pattern().finditer(text, lo, end)]
    # emphasis is left out around 'et al.' ('Smith *et al.* (2004)'); elsewhere it bounds a name,
    # as an italic species or title does ('(*D. alba*, Smith 1987)', '*Intentionality*, 1983')
    return [t for k, t in enumerate(found) if t.kind != "emph" or not any(
        0 <= j < len(found) and found[j].kind == "etal" for j in (k - 1, k + 1))]


def _names_before(text: str, end: int, *, possessive_ok: bool, comma: bool = False,
                  lower_case: frozenset[str] = frozenset()) -> _Names | None:
    w = words()
    tokens = _tokens(text, end)
    dots = len(tokens)
    while dots > 0 and tokens[dots - 1].text in (".", "\u2026"):
        dots -= 1
    if 0 < dots < len(tokens) and tokens[dots - 1].kind == "word" \
            and tokens[dots - 1].text.rstrip(".").isupper():
        # ABNT cites a work without author by its title's first word: 'ÍNDICE..., 2014'
        word = tokens[dots - 1]
        del tokens[dots - 1:]
        tokens.append(_Token(word.kind, word.text.rstrip("."), word.start,
                             word.start + len(word.text.rstrip("."))))
    if tokens and text[end:end + 1] == "," and tokens[-1].text.endswith(".") \
            and tokens[-1].text[:1].isupper() and tokens[-1].kind == "word":
        last_ = tokens[-1]  # 'Barghash., 2016': a stray full stop before the comma
        tokens[-1] = _Token(last_.kind, last_.text[:-1], last_.start, last_.end - 1)
    i = len(tokens) - 1
    abbreviation, comma_after_abbr, et_al, possessive = "", False, False, False
    if i >= 0 and tokens[i].kind == "punct" and tokens[i].text == "," and \
            i >= 1 and tokens[i - 1].kind == "abbr":
        comma_after_abbr = True
        i -= 1
    if i >= 0 and tokens[i].kind == "abbr":
        abbreviation = tokens[i].text[1:-1].strip()
        i -= 1
    if i >= 0 and tokens[i].kind == "etal":
        et_al = True
        i -= 1
        if i >= 0 and tokens[i].text == ",":
            i -= 1
    last = _abbreviated(tokens, i, abbreviation) if abbreviation and not et_al else None
    if last is None:
        last = _take_name(tokens, i, lower_case=lower_case)
    if last is None:
        return None
    words_, i = last
    if possessive_ok and not et_al:
        stripped = re.sub(r"(?:'s|s')$", "", words_[-1])
        if stripped != words_[-1]:
            possessive = True
            words_ = [*words_[:-1], stripped if not words_[-1].endswith("s'")
                      else words_[-1][:-1]]
    if et_al is False and words_[-1].endswith("'s"):
        return None
    names = [" ".join(words_)]
    connector = ""
    joiner = tokens[i] if i >= 0 else None
    if joiner is not None and (joiner.kind == "amp" or joiner.text in w.connectors):
        j = i - 1
        if j >= 0 and tokens[j].text == "," and (joiner.kind == "amp"
                                                 or joiner.text in w.serial_comma):
            j -= 1  # 'Smith, Jones, and Lee'; Portuguese 'Santo André, e Mantovani' is a clause
        previous = _take_name(tokens, j, allow_lead=True, lower_case=lower_case)
        if previous is not None and previous[1] >= 0 \
                and tokens[previous[1]].text.casefold() in w.noun_determiners:
            previous = None  # German capitalises nouns: 'keinen Eintrag und Richter (2013)'
        if previous is not None:
            connector = "&" if joiner.kind == "amp" else joiner.text
            names.insert(0, " ".join(previous[0]))
            i = _more_names(tokens, previous[1], names, ",")
    elif joiner is not None and joiner.text == ";" and not et_al \
            and (comma or _capitals(names[0])):
        # ABNT joins co-authors with ';' and always puts a comma before the year: '(SILVA;
        # SOUZA, 2010)', or names them in capitals before it: 'GATTI; BARRETO (2009)'; a ';'
        # after a year or a page ('(SILVA, 2010; SOUZA, 2011)'), or before a Harvard citation
        # ('(Red Book; Smith 2013)'), separates works
        more = _more_names(tokens, i, names, ";", capitals=not comma)
        if len(names) > 1:
            connector, i = ";", more
    elif joiner is not None and joiner.text == ";" and not et_al and possessive_ok:
        # mixed case in running text: 'Duarte; Esteves (2015)' are co-authors only where the
        # names start a table cell or the paragraph, not after a clause ('in Europe; Smith
        # (2010) showed')
        listed = [*names]
        more = _more_names(tokens, i, listed, ";")
        if len(listed) > 1 and (more < 0 or tokens[more].text == "|") and not any(
                part.casefold() in w.leading_non_names for n in listed for part in n.split()):
            names, connector, i = listed, ";", more
    elif joiner is not None and joiner.text == "," and et_al:
        i = _more_names(tokens, i, names, ",")  # 'Wickham, François, et al.' (APA 7)
    elif joiner is not None and joiner.text == "," and comma and _capitals(names[0]):
        # ABNT co-authors in capitals listed with commas: '(SEARLE, VANDERVEKEN, 1985)'
        i = _more_names(tokens, i, names, ",", capitals=True)
        connector = "," if len(names) > 1 else ""
    # 'Ainda, Blum & Roderjan (2007)': a sentence adverb before a list of names is not one
    while len(names) > 1 and names[0].casefold() in w.leading_non_names:
        names.pop(0)
    names[0] = _trim_leading(names[0])
    if not names[0]:
        return None
    head, _, rest = names[0].partition(" ")
    if rest and head.casefold() in w.articles and (
            (head.casefold() not in w.particles and (" " in rest or _capitals(rest)))
            or (not _capitals(head) and _capitals(rest) and " " not in rest)):
        # an article that opens a sentence is not part of a group's name: 'Die DEUTSCHE
        # FORSCHUNGSGEMEINSCHAFT (2018)', 'Los Consejos Nacionales (2019)', 'Le CNRS (2013)';
        # it is part of a surname ('Las Casas'), and 'La', 'Le', 'Das' are particles too ('Le
        # Goff')
        names[0] = rest
    parts = names[0].split(" ")
    if len(names) == 1 and len(parts) >= 3 and parts[-2] in w.articles \
            and _capitals(parts[-1]) and not _capitals(parts[0]):
        # a noun, an article and an acronym ('Dados do IBGE (2019)', German 'Daten des BMBF'):
        # the acronym is the name, after an article
        names[0] = parts[-1]
    start = first = tokens[i + 1].start
    # the trimmed words are no longer part of the citation
    while not text.startswith(names[0].split(" ", 1)[0], start) and start < end:
        start += 1
    lead: list[str] = []
    while i >= 0 and len(lead) < 4 and tokens[i].kind == "word" and not tokens[i].text[0].isdigit():
        lead.insert(0, tokens[i].text.casefold())
        i -= 1
    # with the words trimmed from the name's left: the lead-in that opens a sentence ('See
    # Smith (2010)', 'Segundo CAPES (2018)')
    before = tuple([*lead, *text[first:start].casefold().split()][-4:])
    # 'o ENEM (2019)', 'do SUS (1990)', 'The NATO (2016)': an article names a thing, not a person
    nearest = [*lead[-1:], *text[first:start].casefold().split(),
               *[p for p in names[0].split(" ")[:1] if p.islower()]]
    article = any(word in w.articles for word in nearest)
    return _Names(start, tuple(names), et_al, connector, possessive, abbreviation,
                  comma_after_abbr, before, article)


_GROUP_WORDS = 10
"""The most words a group's name written in lower case after its first word is read over."""


def _lower_case_group(text: str, end: int) -> _Names | None:
    """A group's name written, as French, Italian and Spanish write many, with only its first
    word capitalised, read back from `end` to that word, an institution's noun: 'Organisation
    de coopération et de développement économiques (2018)', 'Istituto nazionale di statistica
    (2019)'. Its other words are lower-case, and the last is no preposition."""
    lo = max(0, end - 160, text.rfind("\n\n", 0, end) + 2)
    found = list(_JOINED.finditer(text, lo, end))
    if not found or found[-1].end() != _skip_space_back(text, end):
        return None
    w = words()
    small = w.group_joiners | w.particles | w.articles | w.name_prepositions
    run = [found[-1]]
    for earlier in reversed(found[:-1]):
        if text[earlier.end():run[0].start()].strip() or len(run) > _GROUP_WORDS:
            break
        run.insert(0, earlier)
    for k in range(len(run) - 2, -1, -1):
        word = run[k].group(0)
        if not word[:1].islower() and not _institution_led(word):
            return None
        if not _institution_led(word) or run[-1].group(0).casefold() in small:
            continue
        if not all(m.group(0)[:1].islower() for m in run[k + 1:]):
            return None
        start = run[k].start() + len(word) - len(without_elision(word))  # "l'Organisation"
        lead = [m.group(0).casefold() for m in run[max(0, k - 4):k]]
        return _Names(start, (text[start:run[-1].end()],), False, "", False, "", False,
                      tuple(lead), bool(lead) and lead[-1] in w.articles)
    return None


def _institution_led(name: str) -> bool:
    """Does `name` start with an institution's noun ('Organisation de ...', "l'Institut")?"""
    first = without_elision(name.split(" ", 1)[0])
    folded = first.casefold()
    return first[:1].isupper() and (folded in words().institution_words
                                    or folded.endswith(words().institution_endings))


def _capitals(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


_PHRASE = re.compile(r"[^\W\d_][^()\[\];:\d]{0,80}")


def _phrase_before(text: str, end: int) -> _Names | None:
    """A group author with lower-case words, the whole of a parenthesis up to the comma before
    the year: '(The pandas development team, 2020)', '(Wickham & contributors, 2019)'. Taken
    only when it names an entry (the caller marks it so)."""
    group = _open_bracket(text, end)
    if group < 0 or "\n\n" in text[group:end]:
        return None
    start = max(group + 1, text.rfind(";", group, end) + 1)
    while start < end and text[start].isspace():
        start += 1
    match = _PHRASE.fullmatch(text, start, end)
    if match is None or not text[start].isupper() or len(match.group(0).split()) > 8:
        return None
    parts = re.split(r"\s+(?:&|and)\s+", re.sub(r"\s+", " ", match.group(0).strip()))
    return _Names(start, tuple(parts), False, "&" if "&" in match.group(0) else
                  ("and" if len(parts) > 1 else ""), False, "", False, ())


def _abbreviated(tokens: list[_Token], i: int, abbreviation: str) -> tuple[list[str], int] \
        | None:
    """The words before a group's abbreviation whose initials spell it, whatever their case:
    'Institut national de la statistique et des études économiques [INSEE]', 'Organisation for
    Economic Co-operation and Development [OECD]'. The initials are read with and without the
    joining words ('Ministry of Health [MoH]'); a word in capitals gives all its letters ('UN
    Environment Programme [UNEP]')."""
    letters = "".join(_initials(ch) for ch in abbreviation)
    if len(letters) < 2:
        return None
    joiners = words().group_joiners | words().particles | words().connectors
    taken: list[str] = []
    while i >= 0 and len(taken) < 16 and tokens[i].kind == "word" \
            and not tokens[i].text[0].isdigit():
        taken.insert(0, without_elision(tokens[i].text))
        i -= 1
        if not taken[0][:1].isupper():
            continue
        spelt = ["".join(_initials(w) for w in taken if w.casefold() not in joiners),
                 "".join(_initials(w) for w in taken)]
        if letters in spelt:
            return taken, i
        if not any(letters.endswith(s) for s in spelt):
            return None
    return None


def _initials(word: str) -> str:
    """A word's initial, or all its letters if it is in capitals ('UN'), without accents."""
    letters = [ch for ch in word.split("-")[0] if ch.isalpha()]
    if not (len(letters) <= 5 and all(ch.isupper() for ch in letters)):
        letters = letters[:1]
    plain = unicodedata.normalize("NFKD", "".join(letters))
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()


def _more_names(tokens: list[_Token], i: int, names: list[str], separator: str, *,
                capitals: bool = False) -> int:
    """Further names before `names[0]`, each after a `separator` ('Silva, Souza e Lima');
    with `capitals`, only names in capitals."""
    while i >= 1 and tokens[i].text == separator:
        more = _take_name(tokens, i - 1, allow_lead=True)
        if more is None or more[0][0][0].isdigit() or (
                capitals and not _capitals(" ".join(more[0]))):
            break
        names.insert(0, " ".join(more[0]))
        i = more[1]
    return i


def _take_name(tokens: list[_Token], i: int, *, allow_lead: bool = True,
               lower_case: frozenset[str] = frozenset()) -> tuple[list[str], int] | None:
    """Read one name backwards from token `i`: capitalised words with their particles, or one
    of the surnames in `lower_case` alone."""
    w = words()
    taken: list[str] = []
    while i >= 0 and len(taken) < _MAX_NAME_WORDS:
        token = tokens[i]
        if token.text == "-" and taken and i > 0 and tokens[i - 1].text[:1].isupper() \
                and taken[0][:1].isupper():
            taken.insert(0, "-")  # a group's parts: 'Example Agency - Water Division'
            i -= 1
            continue
        if token.kind != "word":
            break
        word = token.text
        folded = word.casefold()
        if not taken and word in lower_case:
            return [word], i - 1  # 'hooks (1994)': the bibliography writes it so
        if word[0].isdigit():
            left = tokens[i - 1] if i > 0 else None
            if taken and word.isdigit() and (left is None or left.text in "([;"):
                taken.insert(0, word)
                i -= 1
            break
        if word[:1].isupper() or (word[:1] == "'" and word[1:2].isupper()) \
                or _particle_joined(word) or without_elision(word)[:1].isupper():
            if word.endswith(".") and any(c.islower() for c in word[:-1]) \
                    and not _SUFFIX.search(folded):
                break  # the end of a sentence
            if len(word) == 2 and word[1] == "." and i > 0 \
                    and _LOWER_ABBREVIATION.fullmatch(tokens[i - 1].text):
                break  # the 'B.' of German 'z. B.' ('for example'), 'z. T.': not an initial
            taken.insert(0, word)
            i -= 1
            continue
        if folded in w.particles and word not in w.connectors and (
                taken or (i > 0 and tokens[i - 1].text[:1].isupper())):
            # 'van Dijk', and a particle after the name ('Jong de et al. 2014')
            taken.insert(0, word)
            i -= 1
            continue
        if taken and folded in w.group_joiners and folded != "and" and i > 0 \
                and tokens[i - 1].kind == "word" and (tokens[i - 1].text[:1].isupper() or (
                    # two joiners in a row: 'Organization of the United Nations'
                    i > 1 and tokens[i - 1].text.casefold() in w.group_joiners
                    and tokens[i - 1].text.casefold() != "and"
                    and tokens[i - 2].kind == "word" and tokens[i - 2].text[:1].isupper())):
            taken.insert(0, word)
            i -= 1
            continue
        break
    if not taken:
        return None
    return taken, i


_LOWER_ABBREVIATION = re.compile(r"[^\W\d_A-Z]\.")
"""A lower-case letter and its full stop: the 'z.' of 'z. B.'."""
_JOINED_PARTICLE = re.compile(r"(?P<particle>[^\W\d_A-Z]{1,3})['\u2019\-][^\W\d_a-z]")
"""A lower-case particle joined to a surname: 'al-Farabi', 'el-Sayed', "d'Alembert"."""


def _particle_joined(word: str) -> bool:
    match = _JOINED_PARTICLE.match(word)
    return match is not None and (match.group("particle") in words().particles
                                  or match.group("particle") in ("d", "l"))


def _trim_leading(name: str) -> str:
    """Drop sentence openers ('See', 'In', 'According') and stray joiners from a name's left."""
    w = words()
    parts = name.split(" ")
    while len(parts) > 1 and (parts[0].casefold() in w.leading_non_names
                              or (parts[0].casefold() in w.group_joiners
                                  and parts[0].casefold() not in w.particles)):
        parts.pop(0)
    return " ".join(parts)
