"""Numbered citations (Vancouver, IEEE): `[1]`, `[2-4]`, `[1, 5, 7]`, `(1)`, `^1,3-5^`,
`<sup>2</sup>`, `¹²`.

Takes the blanked manuscript text (keyed citations already blanked) and the original text, and
gives one `NumberedCitation` per marker, each with the numbers it cites (ranges expanded) and the
span of each. `is_numeric` decides whether a manuscript cites by number at all: a `[1]` in an
author-date manuscript is an enumeration, a permutation or a footnote, not a citation.
`first_citation_order` says where the numbers are not given in order of first citation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from repropub import tables
from repropub.citations.equations import equation_numbers
from repropub.citations.names import fold
from repropub.citations.words import words

Form = Literal["bracket", "paren", "superscript", "reference"]
"""'reference' is a number named in running text ('refs. 3 and 4'), read only in a manuscript
that cites by number in one of the other forms."""

_NUMBER = r"\d{1,4}"
"""A reference's number: a long review lists more than 999 ('[1024]'); a four-digit number
beyond the references is a year or a count, not a citation (`find_numbered`)."""
_DASH = r"[-\u2010\u2011\u2013\u2014]"
_LIST = rf"{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?(?:\s*[,;]\s*{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?)*"
_SHORT_LIST = _LIST.replace(r"\d{1,4}", r"\d{1,3}")
"""'(1998)' is a year, whatever the list's length: numbers in parentheses have three digits."""
_LARGE = 1000
# IEEE's part of the work after the number: '[1, p. 5]', '[2, Fig. 2]', '[4, Eq. (3)]', '[5, §2]'
# (a label of up to 12 letters or '§', then its value, not a connector: '[1, 2, and 3]' is a list)
_LOCATOR = (r"(?:\s*,\s*(?!(?:and|or|e|y|et|und|ou|o)\b)(?:§|[^\W\d_]{1,12}\.?)\s*"
            r"[\d(§IVXivxA-Z][^\[\]\n]{0,30}?)?")
# '[1]', '[2-4]', '[1, 5, 7]', '[1, p. 5]'; not a link '[1](url)', a reference '[1][x]', a footnote
# definition '[1]:' or an attribute '[1]{.x}', and not right after a word ('A[1]' indexes)
# (the character before the bracket is tested after it, '\[(?<![\w\]!\\^]\[)' for
# '(?<![\w\]!\\^])\[', so that re skips from one bracket to the next instead of trying every
# offset; tests/test_fast_patterns.py holds the two forms equal)
_BRACKET = re.compile(rf"\[(?<![\w\]!\\^]\[)\s*(?P<list>{_LIST}){_LOCATOR}\s*\](?![(\[{{:])")
_PAREN = re.compile(rf"\((?<![\w(]\()\s*(?P<list>{_SHORT_LIST})\s*\)(?!\s*[=:])")
_TIGHT_LIST = _LIST.replace(r"\s*", "")
"""A pandoc superscript holds no unescaped space."""
_AFTER_WORD = re.compile(r"[^\W\d_]{3}$|(?<![\w.])(?P<short>[^\W\d_A-Z]{2})$"
                         r"|[.,;:)\]\"'\u2019\u201d]$")
"""A superscript cites after a word of three letters or more ('HIV³', 'dor²'), a lower-case
word of two that is no unit ('as reviews do⁵', not 'cm²') or a closing mark: 'm²', 'Ca^2+^'
and '10^3^' are units, ions and powers."""
# a bracket stuck to the lower-case word before it, as Word files type it ('treatment[1]'); not
# after a capital or a digit ('A[1]', 'x2[1]' index) (the lookbehind after the bracket, as in
# `_BRACKET`)
_STUCK = re.compile(rf"\[(?<=[^\W\d_A-Z]{{3}}\[)\s*(?P<list>{_LIST})\s*\](?![(\[{{:])")
# superscripts, also in the parentheses or brackets some journals set them in ('^(1-3)^')
_CARET = re.compile(rf"\^(?P<open>[(\[])?(?P<list>{_TIGHT_LIST})(?(open)[)\]])\^")
_SUP = re.compile(rf"<sup>\s*(?P<open>[(\[])?\s*(?P<list>{_LIST})\s*(?(open)[)\]])\s*</sup>",
                  re.I)
_SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
# ('[d][d]*', not '[d]+': a class first lets re skip to the candidates)
_UNICODE = re.compile(rf"(?P<list>[{_SUPERSCRIPT_DIGITS}][{_SUPERSCRIPT_DIGITS}]*"
                      rf"(?:(?:[\u207b,\u02d2] ?|[-\u2010\u2011\u2013])"
                      rf"[{_SUPERSCRIPT_DIGITS}]+)*)")
"""Superscript digits, with the dashes and commas a Word file sets in superscript between them
(and the space a superscript comma may have after it: '¹˒ ³'), or a dash left on the line
between two raised numbers ('¹-³' with an en dash, as text copied from a PDF and many Word
files have it)."""
_PART = re.compile(rf"(?P<a>{_NUMBER})(?:\s*(?P<dash>{_DASH})\s*(?P<b>{_NUMBER}))?")
_AFTER_NUMBER = re.compile(r"\d[ \t\u00a0]*$")
_LOWER_AFTER = re.compile(r"\s+[^\W\d_A-Z]")
_TABBED_NUMBER = re.compile(r"[ \t]*(?:\n|$)")


@dataclass(frozen=True)
class Cited:
    """One number a marker cites: its own span, or the span of the range it falls in."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Backwards:
    """A range written backwards ('4-2'): its span and the range written forwards."""

    start: int
    end: int
    text: str
    fixed: str


@dataclass(frozen=True)
class NumberedCitation:
    """One marker: '[2-4]', '^1,3^', '(5)'."""

    text: str
    start: int
    end: int
    form: Form
    cited: tuple[Cited, ...]
    backwards: tuple[Backwards, ...] = ()


def find_numbered(masked: str, text: str, references: int = 0) -> list[NumberedCitation]:
    """Every number marker of the body, in document order (`masked` blanks what holds no
    citation; `text` is the original, where `<sup>` tags still stand). A number of four digits
    cites only up to `references`, the length of the list: '[2010]' is otherwise a year."""
    found: list[NumberedCitation] = []
    patterns: tuple[tuple[re.Pattern[str], Form], ...] = (
        (_BRACKET, "bracket"), (_STUCK, "bracket"), (_CARET, "superscript"),
        (_UNICODE, "superscript"))
    for pattern, form in patterns:
        for match in pattern.finditer(masked):
            # a Word file's superscript parentheses: '⁽¹⁻³⁾' (see `_RAISED_PARENTHESES`)
            whole = _raised_parentheses(masked, match) if pattern is _UNICODE else match.span()
            if form == "superscript" and not _cites_after(_before(masked, whole[0])):
                continue
            found.append(_marker(masked, match, form, whole=whole))
    found += _in_parentheses(masked, equation_numbers(text), references)
    for match in _SUP.finditer(text):
        inner = match.start("list")
        if masked[inner:match.end("list")].strip():  # not inside code or a comment
            found.append(_marker(text, match, "superscript", whole=(match.start(), match.end())))
    found.sort(key=lambda c: c.start)
    return _within(_bracket_ranges(_without_overlaps(found), masked), references)


_TABLES = Path(__file__).with_suffix(".yaml")
"""numbered.yaml, next to this file."""


@functools.cache
def _not_before_paren() -> re.Pattern[str]:
    """A word that makes the number in parentheses after it a part, not a reference."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(_words('parts_before_parenthesis'))})\.?\s*$",
                      re.I)


@functools.cache
def _enumeration_before() -> re.Pattern[str]:
    joins = sorted({str(w) for ws in tables.load(_TABLES)["enumeration_joins"].values()
                    for w in ws}, key=len, reverse=True)
    return re.compile(rf"(?:[,;:]|(?<!\w)(?:{'|'.join(joins)}))\s*$")


def _before(text: str, start: int) -> str:
    """The few characters before a superscript, without one space a converter may have put
    between the word and it ('disease ^1^')."""
    before = text[max(0, start - 5):start]
    return before[:-1] if before[-1:] in (" ", "\u00a0") else before


def _cites_after(before: str) -> bool:
    """May a superscript after `before` cite (see `_AFTER_WORD`)?"""
    found = _AFTER_WORD.search(before)
    return found is not None and (
        not found.group("short") or found.group("short") not in _units())


@functools.cache
def _units() -> frozenset[str]:
    return frozenset(str(u) for u in tables.load(_TABLES)["units_before_superscript"])


_RAISED_PARENTHESES = ("\u207d", "\u207e")
"""What a Word file's parentheses or brackets set in superscript read as ('⁽¹⁾')."""


def _raised_parentheses(text: str, match: re.Match[str]) -> tuple[int, int]:
    """The span of superscript digits with the raised parentheses around them, if any."""
    start, end = match.span()
    if start > 0 and text[start - 1] == _RAISED_PARENTHESES[0] \
            and text[end:end + 1] == _RAISED_PARENTHESES[1]:
        return start - 1, end + 1
    return start, end


def _in_parentheses(masked: str, equations: frozenset[int],
                    references: int) -> list[NumberedCitation]:
    """The numbers in parentheses that cite: not those that name a part of the article
    (`_names_a_part`), nor those joined to such a number ('equations (2)-(4)', 'Eqs. (2) and
    (3)', 'from (3) and (4)'), nor the enumerations and counts `_not_a_citation` tells."""
    found: list[NumberedCitation] = []
    part_end = -1  # where the last number that names a part ends
    for match in _PAREN.finditer(masked):
        if (part_end >= 0 and _number_joins().fullmatch(masked, part_end, match.start())) \
                or _names_a_part(masked, match, equations, references):
            part_end = match.end()
        elif not _not_a_citation(masked, match):
            found.append(_marker(masked, match, "paren"))
        elif found and _first_item(masked, found[-1], match):
            found.pop()  # '... were to\n(1) describe, (2) compare': the (1) begins the list
    return found


def _first_item(text: str, last: NumberedCitation, item: re.Match[str]) -> bool:
    """Is `last` the first item of the enumeration whose next item is `item` ('(1) load, (2)
    rest'): its number one less, a lower-case word after each, in one paragraph?"""
    numbers = [c.number for c in last.cited]
    this = [c.number for c in _marker(text, item, "paren").cited]
    lower = bool(_LOWER_AFTER.match(text, last.end) and _LOWER_AFTER.match(text, item.end()))
    return len(numbers) == len(this) == 1 and numbers[0] + 1 == this[0] and lower \
        and "\n\n" not in text[last.end:item.start()] and item.start() - last.end < 300


def _names_a_part(text: str, match: re.Match[str], equations: frozenset[int],
                  references: int) -> bool:
    """Does the number in parentheses name a part of this article? After a word for one, in
    any language ('Eq. (2)', 'a Tabela (3)', 'Gleichung (3)', 'Lemma (2)'); and, in a manuscript
    that numbers its equations (`equations`), a number among them that no reference has, or
    one after a word that wants a thing after it ('substituting (3) into (4)', 'from (3)') or
    at a sentence's start ('(3) and (4) give'); there also 'condition (2)' and 'hypothesis
    (1)', which elsewhere may cite ('a chronic condition (2)')."""
    start = match.start()
    before = text[max(0, start - 24):start]
    if _not_before_paren().search(before):
        return True
    numbers = [c.number for c in _marker(text, match, "paren").cited]
    mathematics = bool(equations)
    if not mathematics:  # 'under hypothesis (1)', 'Hypothesis (1) states'
        weak = _weak_part_before().search(before)
        return weak is not None and (_sentence_start(before[:weak.start()]) or bool(
            _equation_context().search(before[:weak.start()])))
    # one parenthesis holds one equation: 'earlier models (2,3)' cites whatever comes before
    if len(numbers) != 1 or numbers[0] not in equations:
        return False
    return (bool(references) and max(numbers) > references) \
        or bool(_weak_part_before().search(before) or _equation_context().search(before)) \
        or _sentence_start(before)


def _sentence_start(before: str) -> bool:
    """Does a sentence start after `before` (a full stop, or nothing, before it)?"""
    stripped = before.rstrip()
    return not stripped or stripped[-1] in ".!?:"


def _words(table: str, *, languages: bool = True) -> list[str]:
    data = tables.load(_TABLES)[table]
    found = (w for ws in data.values() for w in ws) if languages else data
    return sorted({str(w) for w in found}, key=len, reverse=True)


@functools.cache
def _weak_part_before() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(_words('parts_in_mathematics'))})\s*$", re.I)


@functools.cache
def _equation_context() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{'|'.join(_words('equation_context'))})\s*$", re.I)


@functools.cache
def _number_joins() -> re.Pattern[str]:
    """What may stand between two numbers of one kind: a dash, a comma, 'and', 'or', 'to'."""
    joins = "|".join(_words("number_joins"))
    return re.compile(rf"\s*(?:{_DASH}|,|;)?\s*(?:(?:{joins})\s+)?", re.I)


def _not_a_citation(text: str, match: re.Match[str]) -> bool:
    """A number after a number ('45 (52)'); an enumeration: '(1)' at a line start (not one
    that goes on a hard-wrapped sentence), or after ',', ';', ':' or a joining word ('and',
    'e', 'y', ...) with a lower-case word after it ('the steps: (1) load; (2) rest')."""
    start, end = match.span()
    if (_line_start(text, start) and not _wrapped(text, start)) or (
            _TABBED_NUMBER.match(text, end)
            and text[max(0, start - 3):start].strip(" ").endswith("\t")):
        return True  # an equation's own number, set against a tab stop at its line's end
    if _AFTER_NUMBER.search(text, max(0, start - 4), start):
        return True  # a table's 'n (%)', '45 (52)', or a value and its spread: not a reference
    return bool(_enumeration_before().search(text[max(0, start - 8):start])
                and _LOWER_AFTER.match(text, end))


def _line_start(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


_ENUMERATED = re.compile(r"[ \t]*(?:\(\d{1,3}\)|\d{1,3}[.)]|[-*+#>|])")


def _wrapped(text: str, offset: int) -> bool:
    """Does the line that starts at most three spaces before `offset` go on the sentence of
    the line above, hard-wrapped ('... cohorts\n(1-3,5) agree')? Not after a blank line, a
    colon or semicolon, a line that is itself an item ('(1) load') or a heading, nor where a
    blanked formula stands before the number ('$$ ... $$ (3)')."""
    line_start = text.rfind("\n", 0, offset) + 1
    if line_start == 0 or offset - line_start > 3:
        return False
    above = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1]
    return bool(above.strip()) and above.rstrip()[-1] not in ":;" \
        and not _ENUMERATED.match(above)


def _marker(text: str, match: re.Match[str], form: Form,
            whole: tuple[int, int] | None = None) -> NumberedCitation:
    start, end = whole or match.span()
    body, offset = match.group("list"), match.start("list")
    if form == "superscript" and body[0] in _SUPERSCRIPT_DIGITS:
        body = body.translate(str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")) \
            .replace("\u207b", "-").replace("\u02d2", ",")
    cited: list[Cited] = []
    backwards: list[Backwards] = []
    for part in _PART.finditer(body):
        a = int(part.group("a"))
        b = int(part.group("b")) if part.group("b") else a
        span = (offset + part.start(), offset + part.end())
        if b < a:
            backwards.append(Backwards(*span, part.group(0), f"{b}{part.group('dash')}{a}"))
            a, b = b, a
        if b - a > 200:
            continue  # '[1-999]' is not a run of citations
        for number in range(a, b + 1):
            cited.append(Cited(number, *span))
    return NumberedCitation(text[start:end], start, end, form, tuple(cited), tuple(backwards))


_BETWEEN_BRACKETS = re.compile(rf"\s*(?P<dash>{_DASH})\s*")


def _bracket_ranges(found: list[NumberedCitation], text: str) -> list[NumberedCitation]:
    """IEEE's range of bracketed numbers, '[6]-[8]' (any dash): one marker citing 6, 7 and 8."""
    out: list[NumberedCitation] = []
    for marker in found:
        last = out[-1] if out else None
        between = _BETWEEN_BRACKETS.fullmatch(text, last.end, marker.start) if last else None
        if last is None or between is None or not (
                last.form == marker.form == "bracket" and len(last.cited) == len(marker.cited) == 1
                and not last.backwards):
            out.append(marker)
            continue
        a, b = last.cited[0].number, marker.cited[0].number
        backwards = (Backwards(last.start, marker.end, text[last.start:marker.end],
                               f"[{b}]{between.group('dash')}[{a}]"),) if b < a else ()
        low, high = min(a, b), max(a, b)
        cited = tuple(Cited(n, last.start, marker.end) for n in range(low, high + 1)) \
            if high - low <= 200 else last.cited + marker.cited
        out[-1] = NumberedCitation(text[last.start:marker.end], last.start, marker.end, "bracket",
                                   cited, backwards)
    return out


def _without_overlaps(found: list[NumberedCitation]) -> list[NumberedCitation]:
    out: list[NumberedCitation] = []
    for citation in found:
        if out and citation.start < out[-1].end:
            continue
        out.append(citation)
    return out


def is_numeric(markers: list[NumberedCitation], author_date: int, *,
               numbered_list: bool = False) -> bool:
    """Does the manuscript cite by number? `author_date` counts the author-date citations that
    resolve to an entry; `numbered_list` says whether the manuscript's reference list numbers
    its items. Brackets and superscripts count when they outnumber the author-date citations.
    '(1)' also enumerates ('(1) the definition, (2) ...') and refers to equations ('from (6)'),
    so it is read as a citation only beside a numbered list, when nothing else cites."""
    firm = [m for m in markers if m.form != "paren"]
    if len(firm) >= 2 and len(firm) > author_date:
        return True
    parens = [m for m in markers if m.form == "paren"]
    return numbered_list and not firm and len(parens) >= 3 and 2 * author_date < len(parens)


def _within(markers: list[NumberedCitation], count: int) -> list[NumberedCitation]:
    """The markers without their four-digit numbers beyond `count`; a marker left with no
    number is not one. No reference is numbered 0: '[0, 1]' is an interval, '(0-10)' a scale.
    A range in parentheses that runs past the list's `count` is one of ages or doses
    ('(18-65)'), not of references."""
    out = []
    for marker in markers:
        if any(c.number == 0 for c in marker.cited) or (
                marker.form == "paren" and count and _runs_past(marker, count)):
            continue
        cited = tuple(c for c in marker.cited if c.number < _LARGE or c.number <= count)
        if len(cited) == len(marker.cited):
            out.append(marker)
        elif cited:
            out.append(NumberedCitation(marker.text, marker.start, marker.end, marker.form, cited,
                                        marker.backwards))
    return out


def _runs_past(marker: NumberedCitation, count: int) -> bool:
    """Does a range of the marker (numbers sharing one span) end beyond `count`?"""
    spans: dict[tuple[int, int], int] = {}
    for cited in marker.cited:
        spans[(cited.start, cited.end)] = spans.get((cited.start, cited.end), 0) + 1
    return any(spans[(c.start, c.end)] > 1 and c.number > count for c in marker.cited)


def form_of(markers: list[NumberedCitation]) -> set[Form]:
    """The forms the manuscript cites with: its brackets and superscripts, or '(1)' alone."""
    firm: set[Form] = {m.form for m in markers if m.form != "paren"}
    return firm or {"paren"}


def first_citation_order(markers: Iterable[NumberedCitation],
                         known: Container[int]) -> Iterator[tuple[Cited, int]]:
    """(the citation, the number it would have) for each reference cited for the first time
    before a lower-numbered one: in '[1] ... [3] ... [2]', the 3, which would be 2. Only the
    `known` numbers count: a number without a reference is reported as such."""
    first: dict[int, Cited] = {}
    for marker in markers:
        for cited in marker.cited:
            if cited.number in known:
                first.setdefault(cited.number, cited)
    order = list(first)
    lowest_after = [0] * len(order)  # the lowest number first cited after each one
    lowest = len(order) + max(order, default=0) + 1
    for i in range(len(order) - 1, -1, -1):
        lowest_after[i] = lowest
        lowest = min(lowest, order[i])
    highest = 0
    for i, number in enumerate(order):
        # one finding per jump: in '[1] [3, 4] [2]' the 3 is out of order, the 4 follows it
        if lowest_after[i] < number and number > highest + 1:
            yield first[number], lowest_after[i]
        highest = max(highest, number)


_UNIT = r"(?:%|\u00b0|[kMmcµnu]?(?:m|g|s|V|A|W|Hz|Pa|L|l|J|N|K)\b)"
"""A unit after a number: 'a reference 10 mm long', 'the reference 5 V' are not citations."""


@functools.cache
def _reference_word() -> re.Pattern[str]:
    """'refs. 3 and 4', 'ref. 12', 'referências 3 e 4', 'references 2-5': a word of the table,
    then numbers joined by commas, dashes or the table's connectors."""
    data = tables.load(_TABLES)
    words = sorted((str(w) for ws in data["reference_words"].values() for w in ws),
                   key=len, reverse=True)
    joins = "|".join(re.escape(str(w)) for w in data["number_connectors"])
    part = rf"{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?"
    return re.compile(rf"(?<![\w.])(?i:{'|'.join(words)})[ \t\u00a0]*(?P<list>{part}"
                      rf"(?:(?:\s*[,;]\s*|\s*,?\s+(?i:{joins})\s+){part})*)(?!\d)"
                      rf"(?![\w,.]\d)(?!\s?{_UNIT})")


def find_referenced(masked: str, references: int = 0) -> list[NumberedCitation]:
    """The numbers named in running text by a word for 'reference' ('see refs. 3 and 4'),
    each as a marker of the form 'reference'. Only a manuscript that cites by number reads
    them: elsewhere 'reference 4' may be anything."""
    found = [_marker(masked, match, "reference") for match in _reference_word().finditer(masked)]
    return _within(found, references)


@dataclass(frozen=True)
class Named:
    """The author a numbered citation names just before its number: 'Silva et al.^4^',
    'Patel and Wong [4]', 'Jones²'."""

    name: str
    start: int
    et_al: bool
    """'et al.' (in any language) follows the name: it is a name, whatever the list holds."""


@functools.cache
def _name_before() -> re.Pattern[str]:
    connectors = "|".join(re.escape(c) for c in sorted(words().connectors, key=len,
                                                         reverse=True) if c.isalpha())
    capital = r"[^\W\d_a-z\u00df-\u00ff]"  # an upper-case letter, in any script
    name = rf"{capital}[\w'\u2019-]*"
    return re.compile(rf"(?P<name>{name})(?:(?P<et_al>\s+(?i:{words().et_al}))"
                      rf"|\s+(?:{connectors}|&)\s+{name})?\s*$")


def named_author(text: str, marker: NumberedCitation) -> Named | None:
    """The author named right before `marker` (see `Named`), or None. A superscript follows
    the name at once ('Silva et al.^4^'); a bracket or parenthesis after a space or a full
    stop."""
    start = marker.start
    before = text[max(0, start - 80):start]
    # 'Silva et al.(4)' is as good as 'Silva et al. (4)'; 'A[1]' indexes
    if marker.form == "reference" or (marker.form != "superscript"
                                      and not before[-1:].isspace() and before[-1:] != "."):
        return None
    found = _name_before().search(before)
    if found is None or "\n\n" in found.group(0):
        return None
    return Named(found.group("name"), start - len(before) + found.start("name"),
                 found.group("et_al") is not None)


def with_referenced(masked: str, markers: list[NumberedCitation], references: int = 0,
                    names: Container[str] = frozenset()) -> list[NumberedCitation]:
    """`markers` with the numbers named in running text (`find_referenced`) among them, and,
    when the manuscript cites by superscript, the superscripts after a surname of two letters
    that the list's `names` (folded) hold ('Li e Wu^6^'), in document order."""
    found = [*markers, *find_referenced(masked, references)]
    if any(m.form == "superscript" for m in markers):
        found += _after_short_names(masked, names)
    return _without_overlaps(sorted(found, key=lambda c: c.start))


_SHORT_NAME = re.compile(r"(?<![\w.])[^\W\d_a-z][^\W\d_A-Z]$")
"""A capitalised word of two letters: 'Li', 'Wu', 'Ng', but also 'Ca' and 'Mg' (ions)."""


def _after_short_names(masked: str, names: Container[str]) -> list[NumberedCitation]:
    found = []
    for pattern in (_CARET, _UNICODE):
        for match in pattern.finditer(masked):
            short = _SHORT_NAME.search(masked, max(0, match.start() - 3), match.start())
            if short and fold(short.group(0)) in names:
                found.append(_marker(masked, match, "superscript"))
    return found
