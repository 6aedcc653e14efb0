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

import re
from dataclasses import dataclass

from repropub.citations.words import words

YEAR = re.compile(
    r"(?<![\w/.\-])(?P<year>(?:1[5-9]|20)\d\d(?P<suffix>[a-rt-z](?![\w]))?(?:(?![\w\-/])|(?=[a-z]{3}))"
    r"|n\.\s?d\.(?:-[a-z](?!\w))?|in\s+press(?!\w)|forthcoming(?!\w))"
)
LOCATOR = re.compile(
    r"(?P<sep>,?[ \t]*\n?[ \t]*)"
    r"(?P<loc>(?:(?P<label>pp?|paras?|chaps?|ch|chapter|secs?|section|figs?|vol|col|lines?|n)"
    r"\.?[ \t]*|[§¶][ \t]*)\d+[a-z]?(?:[ \t]*-[ \t]*\d+[a-z]?)?"
    r"(?:,[ \t]*\d+[a-z]?(?:[ \t]*-[ \t]*\d+[a-z]?)?)*)"
    r"|(?P<hsep>[ \t]*):[ \t]*(?P<hloc>\d+(?:[ \t]*-[ \t]*\d+)?)"
)
_TOKEN = re.compile(
    r"(?P<etal>\bet\.?\s+al\b\.?)"
    r"|(?P<abbr>\[[^\[\]\n]{1,30}\])"
    r"|(?P<word>(?:[^\W\d_]|'(?=\w))(?:[\w'.\-]*[^\W_])?(?:'(?=\s|$))?\.?"
    r"|\d+(?:[^\W\d_][\w\-]*)?)"
    r"|(?P<amp>&)"
    r"|(?P<punct>\S)"
)
_WINDOW = 240
_MAX_NAME_WORDS = 8
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
    """'and' or '&' between the last two names, '' for one name."""
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
    """Up to three words just before the names, lower-cased ('according', 'to')."""
    after: tuple[str, ...] = ()
    """Up to two words just after the citation, lower-cased."""
    names_start: int = -1
    """Where the names start (for a continuation, where its lead's names start)."""
    narrative_after_names: bool = False
    year_start: int = -1
    year_end: int = -1
    """The span [year_start, year_end) of the year as typed ('2014', 'n. d.')."""


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def find_typed(text: str) -> list[TypedCitation]:
    """Every author-date citation typed in `text` (already blanked), in document order."""
    found: list[TypedCitation] = []
    for match in YEAR.finditer(text):
        citation = _at_year(text, match, found)
        if citation is not None:
            found.append(citation)
    return found


def _at_year(text: str, match: re.Match[str], found: list[TypedCitation]) -> TypedCitation | None:
    year_start, year_end = match.span()
    year = re.sub(r"\s+", " ", match.group("year"))
    end, locator, locator_start, _ = _locator(text, year_end)
    closes = _closes(text, end)
    k = _skip_space_back(text, year_start)
    before = text[k - 1] if k > 0 else ""
    previous = found[-1] if found else None
    if closes and before in ",;" and previous is not None \
            and previous.end == _skip_space_back(text, k - 1) \
            and "\n\n" not in text[previous.end:year_start]:
        return TypedCitation(
            text=text[year_start:end], start=year_start, end=end, names=previous.names,
            year=year, et_al=previous.et_al, connector=previous.connector,
            narrative=previous.narrative, parenthetical=previous.parenthetical,
            comma_before_year=previous.comma_before_year, locator=locator,
            locator_start=locator_start, continues=_lead(found, len(found) - 1),
            group=previous.group, names_start=previous.names_start, after=_words_after(text, end),
            year_start=year_start, year_end=year_end,
        )
    if before in "([":
        if not closes:
            return None
        return _narrative(text, k - 1, (year_start, year_end), end, year, locator, locator_start)
    comma = before == ","
    if not comma and not (before.isalpha() or before in ".]'"):
        return None
    names = _names_before(text, k - 1 if comma else k, possessive_ok=False)
    if names is None:
        return None
    group = _open_bracket(text, names.start)
    if group < 0 and not (comma and closes):
        return None  # 'Windows 2000': outside parentheses only the 'Smith, 2001' form counts
    if not closes and not comma:
        return None  # '(the NATO 2016 summit)'
    return TypedCitation(
        text=text[names.start:end], start=names.start, end=end, names=names.names, year=year,
        et_al=names.et_al, connector=names.connector, parenthetical=group >= 0,
        abbreviation=names.abbreviation, comma_before_year=comma or names.comma_after_abbr,
        locator=locator, locator_start=locator_start, group=group, before=names.before,
        after=_words_after(text, end), names_start=names.start, year_start=year_start,
        year_end=year_end,
    )


def _narrative(text: str, paren: int, year_span: tuple[int, int], end: int, year: str,
               locator: str, locator_start: int) -> TypedCitation | None:
    if text[paren] != "(":
        return None
    k = _skip_space_back(text, paren)
    if k == paren or k == 0:
        return None  # 'word(2010)' or nothing before
    names = _names_before(text, k, possessive_ok=True)
    if names is None:
        return None
    close = _skip_space(text, end)
    after_end = close + 1 if close < len(text) and text[close] == ")" else end
    return TypedCitation(
        text=text[names.start:after_end], start=names.start, end=end, names=names.names,
        year=year, et_al=names.et_al, connector=names.connector, narrative=True,
        possessive=names.possessive, abbreviation=names.abbreviation, comma_before_year=False,
        locator=locator, locator_start=locator_start, group=_open_bracket(text, names.start),
        before=names.before, after=_words_after(text, after_end), names_start=names.start,
        year_start=year_span[0], year_end=year_span[1],
    )


def _lead(found: list[TypedCitation], index: int) -> int:
    while found[index].continues >= 0:
        index = found[index].continues
    return index


def _locator(text: str, pos: int) -> tuple[int, str, int, bool]:
    match = LOCATOR.match(text, pos)
    if match is None:
        return pos, "", -1, False
    if match.group("loc"):
        return match.end(), match.group("loc"), match.start("loc"), "," in match.group("sep")
    return match.end(), match.group("hloc"), match.start("hloc"), False


def _closes(text: str, pos: int) -> bool:
    """Is the year (and locator) followed by ')', ']', ';', ',' or the end of a sentence?"""
    k = _skip_space(text, pos)
    if k >= len(text):
        return True
    ch = text[k]
    if ch in ")];,":
        return True
    return ch == "." and (k + 1 >= len(text) or text[k + 1].isspace())


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n" and text[pos:pos + 2] != "\n\n":
        pos += 1
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
    start: int
    names: tuple[str, ...]
    et_al: bool
    connector: str
    possessive: bool
    abbreviation: str
    comma_after_abbr: bool
    before: tuple[str, ...]


def _tokens(text: str, end: int) -> list[_Token]:
    lo = max(0, end - _WINDOW)
    para = max(text.rfind("\n\n", lo, end), -1)
    if para >= 0:
        lo = para + 2
    for boundary in _BOUNDARY.finditer(text, lo, end):
        lo = max(lo, boundary.start() + 1)
    return [
        _Token(m.lastgroup or "punct", m.group(0), m.start(), m.end())
        for m in _TOKEN.finditer(text, lo, end)
    ]


def _names_before(text: str, end: int, *, possessive_ok: bool) -> _Names | None:
    tokens = _tokens(text, end)
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
    last = _take_name(tokens, i)
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
    if i >= 0 and (tokens[i].kind == "amp" or tokens[i].text == "and"):
        j = i - 1
        if j >= 0 and tokens[j].text == ",":
            j -= 1
        previous = _take_name(tokens, j, allow_lead=True)
        if previous is not None:
            connector = "&" if tokens[i].kind == "amp" else "and"
            names.insert(0, " ".join(previous[0]))
            i = previous[1]
            while i >= 1 and tokens[i].text == ",":
                more = _take_name(tokens, i - 1, allow_lead=True)
                if more is None:
                    break
                names.insert(0, " ".join(more[0]))
                i = more[1]
    names[0] = _trim_leading(names[0])
    if not names[0]:
        return None
    start = tokens[i + 1].start
    # the trimmed words are no longer part of the citation
    while not text.startswith(names[0].split(" ", 1)[0], start) and start < end:
        start += 1
    lead: list[str] = []
    while i >= 0 and len(lead) < 3 and tokens[i].kind == "word" and not tokens[i].text[0].isdigit():
        lead.insert(0, tokens[i].text.casefold())
        i -= 1
    before = tuple(lead)
    return _Names(start, tuple(names), et_al, connector, possessive, abbreviation,
                  comma_after_abbr, before)


def _take_name(tokens: list[_Token], i: int, *, allow_lead: bool = True) -> tuple[list[str], int] \
        | None:
    """Read one name backwards from token `i`: capitalised words with their particles."""
    w = words()
    taken: list[str] = []
    while i >= 0 and len(taken) < _MAX_NAME_WORDS:
        token = tokens[i]
        if token.kind != "word":
            break
        word = token.text
        folded = word.casefold()
        if word[0].isdigit():
            left = tokens[i - 1] if i > 0 else None
            if taken and word.isdigit() and (left is None or left.text in "([;"):
                taken.insert(0, word)
                i -= 1
            break
        if word[:1].isupper() or (word[:1] == "'" and word[1:2].isupper()):
            if word.endswith(".") and any(c.islower() for c in word[:-1]) \
                    and folded not in ("jr.", "sr.", "st."):
                break  # the end of a sentence
            taken.insert(0, word)
            i -= 1
            continue
        if taken and folded in w.particles:
            taken.insert(0, word)
            i -= 1
            continue
        if taken and folded in w.group_joiners and folded != "and" and i > 0 \
                and tokens[i - 1].kind == "word" and tokens[i - 1].text[:1].isupper():
            taken.insert(0, word)
            i -= 1
            continue
        break
    if not taken:
        return None
    return taken, i


def _trim_leading(name: str) -> str:
    """Drop sentence openers ('See', 'In', 'According') and stray joiners from a name's left."""
    w = words()
    parts = name.split(" ")
    while len(parts) > 1 and (parts[0].casefold() in w.leading_non_names
                              or (parts[0].casefold() in w.group_joiners
                                  and parts[0].casefold() not in w.particles)):
        parts.pop(0)
    return " ".join(parts)
