"""No-bib mode: the manuscript's own reference list as a `Bibliography`.

Takes a `Manuscript` whose text ends (or has a section) headed "References", "Reference",
"Bibliography", "Works Cited" or "Literature Cited", or the same in another language
(`reference_headings` in the word tables), at any heading level, and gives a
`Bibliography` with one `Entry` per APA- or Harvard-style entry (one per paragraph or per list
item). Each entry's `line` is its first line in the manuscript, and `Bibliography.path` is the
manuscript. The section's span is also what the citation finders skip, so the list's own
"(2014)" are not read as citations.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path

from repropub import tables
from repropub.bibliography import Bibliography, Entry, Name
from repropub.citations import dates
from repropub.citations.names import fold
from repropub.citations.words import words
from repropub.errors import InputError
from repropub.manuscript import Manuscript


@functools.cache
def _headings() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A reference list's heading in any language the word tables know, as an ATX heading
    ('## References'), a setext one (underlined) or a line in bold."""
    titles = "(?:" + "|".join(words().reference_headings) + ")"
    return (re.compile(rf"^(?P<hashes>#{{1,6}})[ \t]+(?:\d+\.?[ \t]+)?{titles}[ \t]*#*[ \t]*$",
                       re.I | re.M),
            re.compile(rf"^(?:\d+\.?[ \t]+)?{titles}[ \t]*\n(?P<rule>=+|-+)[ \t]*$", re.I | re.M),
            re.compile(rf"^\*\*{titles}\*\*[ \t]*$", re.I | re.M))


@dataclass(frozen=True)
class _Grammar:
    """The patterns made of `reflist.yaml`'s tables."""

    editors: re.Pattern[str]
    """An editor's mark in brackets after the names: '(Org.)', '(Comp.)', '(ed.)'."""
    editors_stop: re.Pattern[str]
    """The same between two full stops: 'SILVA, J. (Org.). Título'."""
    editors_lead: re.Pattern[str]
    """The same mark after a repeated author's: '———, ed. 2013.'."""
    editors_after: re.Pattern[str]
    """Chicago's ', ed' at the end of the names before the year."""
    repeated: re.Pattern[str]
    """The mark of the same authors as the entry above, with its full stop: '______.'."""
    accessed: re.Pattern[str]
    """An access date and what follows it."""
    list_end: re.Pattern[str]
    """A heading (without its markup) that ends the reference list."""
    continuation: re.Pattern[str]
    """The start of a paragraph that goes on with the entry above: 'https://doi.org/...'."""


@functools.cache
def _grammar() -> _Grammar:
    data = tables.load(Path(__file__).with_name("reflist.yaml"))

    def alternatives(name: str) -> str:
        table = data[name]
        forms = [str(f) for fs in table.values() for f in fs] if isinstance(table, dict) \
            else [str(f) for f in table]
        return "(?:" + "|".join(sorted(set(forms), key=len, reverse=True)) + ")"

    editors = alternatives("editor_marks")
    return _Grammar(
        editors=re.compile(rf"\s*\((?:{editors})\.?\)", re.I),
        editors_stop=re.compile(rf"(?<=\.)\s*\((?:{editors})\.?\)\.", re.I),
        editors_lead=re.compile(rf"^(?:{editors})\.?[,.]?\s+", re.I),
        editors_after=re.compile(rf"(?i),\s+(?:{editors})\.?$"),
        repeated=re.compile(rf"^(?:{alternatives('repeated_author')})\s*[.,]?\s*"),
        accessed=re.compile(rf"(?i)[(\[]?\b(?:{alternatives('accessed')})\b.*$"),
        list_end=re.compile(rf"(?i)^(?:{alternatives('list_ends')})\b"),
        continuation=re.compile(rf"(?i)^(?:{alternatives('continuations')})"))


_ANY_ATX = re.compile(r"^(#{1,6})[ \t]+\S", re.M)
_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d+[.)])[ \t]+", re.M)


@functools.cache
def _year_pattern() -> str:
    """A year as digits, or the word tables' words for a work without a date or not yet
    published ('n.d.', 'no date', 'In press', 's.d.')."""
    w = words()
    # a work published over years: 'Piaget, J. (1970-1972)'
    # and one first published earlier: 'Freud, S. (1900/1953)', read as 1953
    return (rf"\[(?:{dates.inner_pattern()})\??\]"  # ABNT's uncertain date: '[197-]'
            # one year, approximate or probable, in brackets: '[c. 1850]', '[1902?]'
            rf"|\[(?:(?i:ca|c|circa)\.?[ \t]*)?(?:1[5-9]|20)\d\d\??\]"
            rf"|(?:(?:1[5-9]|20)\d\d/)?(?:1[5-9]|20)\d\d(?:[\u2013\u2014\-](?:1[5-9]|20)\d\d)?"
            rf"[a-z]?"
            rf"|(?i:{w.undated})(?:-[a-z])?|(?i:{w.in_press})")


@functools.cache
def _dated() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """APA's 'Authors (Year)' and Harvard's 'Authors. Year.' or 'Authors Year,', the year as
    digits or as the word tables' words for a work without a date or not yet published ('n.d.',
    'no date', 'In press', 's.d.'), in brackets or not ('[n.d.]')."""
    year = _year_pattern()
    return (re.compile(rf"^(?P<authors>.+?)\s*\((?P<year>{year})(?:,[^)]*)?\)"),
            # the year's own full stop ends it too: 'Tanaka, H. n.d. A title'
            re.compile(rf"^(?P<authors>.+?)[.,]\s+\[?(?P<year>{year})\]?(?:[.,:]\s|(?<=[.\]])\s)"),
            # nothing between a group's name, or initials without full stops, and the year:
            # 'Royal Society of Examples 2012. A report', 'Smith, J & Brown, K 2012, A title'
            re.compile(rf"^(?P<authors>[^\W\d_][^\d.()\[\]]{{1,120}}?)\s+(?P<year>{year})[.,:]\s"))


_INITIAL = re.compile(r"^(?:[^\W\d_][a-z]?\.?|[a-z]{1,3}\.?)$")
"""One part of a given-name abbreviation: 'J.', 'Th.', 'Â.', or a particle's initial 'd.'."""
_ABNT_PERSON = re.compile(r"^(?P<family>[^\W\d_a-z](?:[^\W\d_a-z]|[' \-])+?)(?:\s+(?:JR|JÚNIOR|"
                          r"FILHO|NETO|SOBRINHO)\.?)?,\s+(?P<given>[^;]+)$")
"""An ABNT author: 'SILVA, João', 'DOS SANTOS, M. A.' (the surname in capitals)."""
_ABNT_START = re.compile(r"^[^\W\d_a-z](?:[^\W\d_a-z]|[' \-])+,\s+[^\W\d_]")
"""An entry that starts 'SILVA, J' (a surname in capitals, then the given name): ABNT."""
_ABNT_GROUP = re.compile(r"^(?P<group>[^\W\d_a-z](?:[^\W\d_a-z]|[&' \-])*[^\W\d_a-z]"
                         r"(?:\s*\([^()]+\))?)\.\s+\S")
"""An ABNT entry by an institution or a jurisdiction: 'BRASIL. Lei nº 9.394...', 'IBGE. Censo'."""
_TITLE_FIRST = re.compile(r"^[^\W\d_a-z]{2,}[ \t]+(?:[a-zà-ÿ]|[^\W\d_a-z][a-zà-ÿ])")
"""An ABNT work without author: its title, the first word in capitals ('ÍNDICE de preços')."""
_CAPS_WORD = r"[^\W\d_a-z](?:[^\W\d_a-z]|['\u2019\-](?=[^\W\d_a-z]))+"
_FRENCH_GIVEN = (r"[^\W\d_a-z][a-zà-ÿ]+(?:-[^\W\d_a-z][a-zà-ÿ]+)?(?:[ \t]+[^\W\d_a-z]\.)?")
_FRENCH_PERSON = re.compile(rf"(?P<family>{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,2}})[ \t]+"
                            rf"(?P<given>{_FRENCH_GIVEN})")
"""A person as French lists write one: the surname in capitals, then the given name without a
comma ('DUPONT Jean', 'LE GOFF Marie', 'DUVAL Anne-Sophie')."""


@functools.cache
def _french_start() -> re.Pattern[str]:
    """An entry that starts with French persons ('DUPONT Jean', 'LEFÈVRE Luc et ROUSSEL Claire')
    and then its year, after a comma or in brackets: 'DUPONT Jean, 2014,', 'DUVAL Anne (2019)'."""
    person = _FRENCH_PERSON.pattern.replace("?P<family>", "").replace("?P<given>", "")
    joiners = "|".join(re.escape(w) for w in sorted(words().connectors, key=len, reverse=True))
    return re.compile(rf"^{person}(?:(?:,[ \t]+|[ \t]+(?:{joiners})[ \t]+){person})*"
                      rf"(?:,?[ \t]+(?i:{words().et_al})\.?)?"
                      rf"(?:,[ \t]+|[ \t]+\()(?:{_year_pattern()})")


_ABNT_YEAR = re.compile(rf"(?P<uncertain>\[(?:{dates.inner_pattern()})\??\])"
                        r"|(?<![\d/])(?P<year>(?:1[5-9]|20)\d\d[a-z]?)(?![\d/])"
                        r"|\[?(?P<nd>s\.\s?d\.)\]?|(?P<press>no prelo|in press|en prensa)", re.I)
"""An imprint's date: ABNT's uncertain one ('[197-]', '[entre 1906 e 1912]'), a year, or the
words for none or not yet."""


@dataclass(frozen=True)
class Section:
    """Where the reference list is: its heading and its span in the text."""

    heading_line: int
    start: int
    """Offset of the heading in the text."""
    end: int
    """Offset where the section ends (the next heading of the same level, or the end)."""


@functools.lru_cache(maxsize=4)  # the reading, the checker and the report each ask
def find_section(text: str, *, headless: bool = True) -> Section | None:
    """The last reference-list section of `text`, or None; with `headless`, a list that ends the
    text without a heading too."""
    found: list[tuple[int, int, int]] = []
    atx, setext, bold = _headings()
    for match in atx.finditer(text):
        found.append((match.start(), match.end(), len(match.group("hashes"))))
    for match in setext.finditer(text):
        found.append((match.start(), match.end(), 1 if match.group("rule")[0] == "=" else 2))
    for match in bold.finditer(text):
        found.append((match.start(), match.end(), 7))
    if not found:
        return _headless(text) if headless else None
    start, body, level = max(found)
    end = len(text)
    for heading in _ANY_ATX.finditer(text, body):
        if len(heading.group(1)) <= level:
            end = heading.start()
            break
    return Section(text.count("\n", 0, start) + 1, start, _list_end(text, body, end))


_BLANK = re.compile(r"\n[ \t]*(?=\n)")
"""The end of a line before a blank line."""
_HEADLESS_RUN = 3
"""How many entries in a row end a manuscript whose list has no heading: fewer could be text."""


def _headless(text: str) -> Section | None:
    """A reference list without a heading: the run of paragraphs at the end of the text (before
    its footnotes) that each start as an entry ('Smith, J.', 'SILVA, João') and read as one, at
    least `_HEADLESS_RUN` of them. The section starts at the blank line before the first."""
    notes = list(re.finditer(r"^# Notes[ \t]*$", text, re.M))
    end = notes[-1].start() if notes else len(text)
    blanks = [m.start() for m in _BLANK.finditer(text, 0, end)]
    count, start = 0, None
    for blank in reversed(blanks):
        paragraph = text[blank:end].strip()
        end = blank
        if not paragraph:
            continue
        if paragraph.startswith("[^") and count == 0:
            continue  # the Markdown footnotes after the list
        if _NEW_ENTRY.match(paragraph) is None or parse_entry(paragraph, 0) is None:
            break
        count, start = count + 1, blank + 1
    if count < _HEADLESS_RUN or start is None:
        return None
    return Section(text.count("\n", 0, start) + 1, start,
                   _list_end(text, start, notes[-1].start() if notes else len(text)))


_MARKUP = re.compile(r"^(?:#{1,6}[ \t]+)?[*_]*(?:[\dIVX]+\.?[ \t]+)?|[*_: \t#]*$")
"""A heading's markup around its words: '## ', '**', '3. ', a closing ':'."""


def _list_end(text: str, body: int, end: int) -> int:
    """Where the list under its heading ends before `end`: at a heading that does not belong to
    it ('Appendix A', '**ANEXO**', 'Author notes', as a heading of any level, in bold or as a
    line of its own) or at the first Markdown footnote ('[^1]: ...'), read as text again."""
    offset, after_blank = body, True
    for raw in text[body:end].split("\n"):
        words_ = _MARKUP.sub("", raw)
        if raw.startswith("[^") and re.match(r"\[\^[^\]]+\]:", raw):
            return offset
        # a line of its own, not an entry's wrapped line ('Notes and Records 12: 1-9'), nor an
        # entry ('Annex, J. (2010)', 'NOTAS sobre a cidade. Recife, 2010.') unless marked
        marked = raw.lstrip().startswith(("#", "**", "__"))
        end_word = _grammar().list_end.match(words_)
        # 'Appendix A.', 'ANEXO 2 -': a label after the word says heading whatever follows
        labelled = end_word and re.match(r"\s+(?:[^\W\d_a-z]|\d{1,2}|[IVXL]+)\b(?!\.\s*\w\.)",
                                         words_[end_word.end():])
        if words_ and len(words_) <= 100 and end_word \
                and (marked or labelled or (after_blank and not _ABNT_YEAR.search(words_))) \
                and not _NEW_ENTRY.match(words_) and not _dated()[0].match(words_):
            return offset
        offset += len(raw) + 1
        after_blank = not raw.strip()
    return end


def without_reference_list(manuscript: Manuscript, markdown: str) -> str:
    """The body `markdown` (lines as in `manuscript.body`) with the manuscript's own reference
    list blanked out, line count kept: a build with a .bib renders the bibliography itself."""
    section = find_section(manuscript.text)
    if section is None:
        return markdown
    first = section.heading_line - manuscript.body_line
    last = manuscript.text.count("\n", 0, section.end) + 1 - manuscript.body_line
    if section.end == len(manuscript.text):
        last += 1
    lines = markdown.split("\n")
    if first < 0:
        return markdown
    for i in range(first, min(last, len(lines))):
        lines[i] = ""
    return "\n".join(lines)


def parse_reference_list(manuscript: Manuscript) -> Bibliography:
    """Parse the reference list; a manuscript without one cannot be checked in no-bib mode."""
    section = find_section(manuscript.text)
    if section is None:
        raise InputError(manuscript.path, "no reference list found (a heading 'References' or "
                         "'Bibliography'); give the bibliography with --bib")
    entries: list[Entry] = []
    used: dict[str, int] = {}
    previous: Entry | None = None
    for line, paragraph in _paragraphs(manuscript.text, section):
        entry = parse_entry(paragraph, line, previous)
        if entry is None:
            continue
        previous = entry
        count = used.get(entry.key, 0)
        used[entry.key] = count + 1
        if count:
            entry = replace(entry, key=f"{entry.key}-{count + 1}")
        entries.append(entry)
    return Bibliography(manuscript.path, tuple(entries))


def _paragraphs(text: str, section: Section) -> list[tuple[int, str]]:
    """(first line, text) of each paragraph or list item after the heading."""
    first_body = text.index("\n", section.start) + 1 if "\n" in text[section.start:] else \
        section.end
    out: list[tuple[int, str]] = []
    current: list[str] = []
    current_line = 0
    line = text.count("\n", 0, first_body) + 1
    for raw in text[first_body:section.end].split("\n"):
        stripped = raw.strip()
        item = _ITEM.match(raw)
        if stripped.startswith("|"):  # a table's row is an entry, its cells joined
            raw = stripped = "" if _TABLE_RULE.fullmatch(stripped) else \
                " ".join(c.strip() for c in stripped.strip("|").split("|") if c.strip())
            if current:
                out.append((current_line, " ".join(current)))
            current, current_line = ([stripped], line) if stripped else ([], 0)
            stripped = ""
        elif current and not raw[:1].isspace() and _starts_entry(stripped, current[-1]):
            # entries one per line with no blank line between, as in a plain-text file
            out.append((current_line, " ".join(current)))
            current = []
        if not stripped or item or re.fullmatch(r"=+|-+", stripped):
            if current:
                out.append((current_line, " ".join(current)))
                current = []
            if item:
                current, current_line = [raw[item.end():].strip()], line
        elif not current and out and _continues(stripped):
            # a blank line inside an entry: 'Doyle, K. (2020). Title.' + 'https://doi.org/...'
            current_line, joined = out.pop()
            current = [joined, stripped]
        else:
            if not current:
                current_line = line
            current.append(stripped)
        line += 1
    if current:
        out.append((current_line, " ".join(current)))
    return out


_TABLE_RULE = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?")
_NEW_ENTRY = re.compile(r"^(?:[^\W\d_a-z][^\W\d_]+(?:[ '\-][^\W\d_]+){0,3},[ \t]+"
                        r"(?:[^\W\d_a-z]\.|[^\W\d_a-z][^\W\d_]+[.,;]?[ \t])"
                        r"|[^\W\d_a-z]{2,}(?:[ \t][^\W\d_a-z]{2,}){0,5}\.[ \t])")
"""A line that starts an entry: 'Smith, J.', 'SILVA, João', 'BRASIL. '."""


def _continues(paragraph: str) -> bool:
    """Whether a paragraph goes on with the entry above: it starts as only the rest of an entry
    does (a URL, 'Disponível em:', lower case but not a particle's 'van Dijk, A.')."""
    first = paragraph.split(maxsplit=1)[0]
    if first[:1].islower():  # but not a name in lower case: 'boyd, d. (2014).'
        return first.casefold() not in words().particles \
            and not re.match(r"[a-z]{1,4}['\u2019\-][^\W\d_a-z]", first) \
            and _dated()[0].match(paragraph) is None
    return _grammar().continuation.match(paragraph) is not None


def _starts_entry(line: str, previous: str) -> bool:
    """Whether `line` starts a new entry after the line `previous` of the one before: the
    previous line ends as an entry ends (a full stop, a URL's bracket) and this one starts with
    an author's name and its year in brackets, an ABNT author, or a repeated author's mark."""
    if not re.search(r"[.>\]\)]$", previous) or re.search(r"(?:^|[\s.])[^\W\d_]{1,2}\.$",
                                                              previous):
        return False  # 'Smith, J.' + 'Jones, K. (2010)' is one entry's authors
    if _grammar().repeated.match(line):
        return True
    return _NEW_ENTRY.match(line) is not None and (
        _dated()[0].match(line) is not None or _ABNT_START.match(line) is not None
        or _ABNT_GROUP.match(line) is not None)


def parse_entry(text: str, line: int, previous: Entry | None = None) -> Entry | None:
    """One APA/Harvard entry ('Major, C., & Mölling, C. (2022). Title. Publisher.') or ABNT
    entry ('MAJOR, Claudia; MÖLLING, Christian. Title. Berlin: Publisher, 2022.'); one that
    starts with the mark of a repeated author ('______. Title. 2012.') has the authors of
    `previous`, the entry above it."""
    raw = text.strip()
    text = re.sub(r"^\[\d+\]\s*|^\\?\*|\*$", "", raw)
    grammar = _grammar()
    repeated = grammar.repeated.match(text)
    if repeated:
        return _repeated_entry(raw, text[repeated.end():], line, previous)
    # a role after the names is not part of them: 'SILVA, J. (Org.). Título' is SILVA, J.
    text = grammar.editors.sub("", grammar.editors_stop.sub("", text))
    entry = _parse_entry(text, line)
    return entry and replace(entry, fields={"raw": raw})


def _repeated_entry(raw: str, rest: str, line: int, previous: Entry | None) -> Entry | None:
    """'______. Outro título. 2012.' or '———. 2012. *Title*.': the authors of the entry above,
    the year just after the mark (Chicago's) or the imprint's last (ABNT's)."""
    if previous is None or not previous.authors:
        return None
    # Chicago's '———, ed. 2015.', ABNT's '______ (Org.). Título'
    grammar = _grammar()
    rest = grammar.editors_lead.sub("", grammar.editors.sub("", rest, count=1).lstrip(" .,"))
    dated = re.match(rf"^\(?(?P<year>{_year_pattern()})\)?[.,]?\s+", rest)
    if dated:
        year: str | None = dated.group("year")
        rest = rest[dated.end():]
    else:
        year = _imprint_year(rest)
    if year is not None and not year[:1].isdigit() and dates.read(year) is None:
        year = "in press" if _in_press(year) else None
    else:
        year = _dated_year(year)
    title = re.split(r"(?<=[.?!])\s", rest, maxsplit=1)[0].rstrip(".")
    return _entry(list(previous.authors), year, title, line, raw, previous.short_author,
                  previous.more_authors)


_IDENTIFIERS = re.compile(r"(?:https?://|www\.)\S+|(?i:\bdoi:?\s*)?\b10\.\d{4,9}/\S+"
                          r"|(?i:\bdoi:)\S+|(?i:\bIS[BS]N\b)[:\s]*[\dXx][\dXx\- ]+")
"""A URL, DOI, ISBN or ISSN, whose digits are no year: 'DOI: 10.1590/0102-2010.2'."""


def _imprint_year(text: str) -> str | None:
    """The last year of an imprint, its access date left out; '1988 [1867]' is the edition,
    then the first; '[2010?]' an inferred year."""
    imprint = _grammar().accessed.sub("", _IDENTIFIERS.sub(" ", text))
    years = [m for m in _ABNT_YEAR.finditer(imprint)
             if not (m.group("year") and re.search(r"\d[a-z]?\s*\[$", imprint[:m.start()]))]
    if not years:
        return None
    last = years[-1]
    if last.group("uncertain"):
        return re.sub(r"\s+", " ", last.group("uncertain"))
    return last.group("year") or (last.group("press") and "in press") or "n.d."


_CAPITALS_PERSON = re.compile(r"^[^\W\d_a-z]{2,}(?:[ \-][^\W\d_a-z]{2,})?[ \t]+"
                              r"(?:[^\W\d_a-z]\.?){1,2}[ \t]+\(?(?:1[5-9]|20)\d\d")
"""Harvard's person in capitals, initials after the surname and the year next: 'TATE J. 2013',
not an ABNT group ('IBGE. Censo')."""


def _dated_year(found: str | None) -> str | None:
    """An imprint's year as an entry keeps it: digits, 'in press', or None for no date."""
    return found if found in ("in press",) or (found or "")[:1].isdigit() \
        or dates.read(found) is not None else None


_NB_NAME = r"[^\W\d_a-z][^\W\d_]*(?:['\u2019\-][^\W\d_]+)*"
_NB_INITIAL = r"[^\W\d_a-z][a-z]?\."
_NB_GIVEN = (rf"(?:{_NB_NAME}(?:[ \t]+{_NB_NAME})*(?:[ \t]+{_NB_INITIAL})*"
             rf"|{_NB_INITIAL}(?:[ \t\-]*{_NB_INITIAL})*)")
_NB_OTHER = rf"{_NB_GIVEN}[ \t]+(?:[a-z]+[ \t]+)*{_NB_NAME}"
_NOTES_HEAD = re.compile(
    rf"^(?P<authors>{_NB_NAME}(?:[ \t]+{_NB_NAME})?,[ \t]+{_NB_GIVEN}"
    rf"(?:,[ \t]+{_NB_OTHER})*(?:,?[ \t]+and[ \t]+{_NB_OTHER})?)"
    r"(?:,[ \t]+(?:eds?|trans|comp|comps)\.)?"  # 'Holloway, Margaret, ed. *Essays*.'
    # the title's first word, not another initial of the names ('Griffis, E. R. (2002)')
    r"\.?(?<=\.)[ \t]+(?=[*_\"\u201c']|[^\W\d_a-z][^\W\d_]+[ \t,:])")
"""Chicago's notes-bibliography entry: the names ('Holloway, Margaret', 'Okafor, Daniel, and
Ruth Brandt'), a full stop and the title ('*Steam on the River*', '"Harbour Dues."'); the year is
the imprint's ('Riverton: Example Press, 2009.'), not after the names."""


def _notes_entry(text: str, line: int) -> Entry | None:
    """A Chicago notes-bibliography entry, or None when `text` is not one: its first surname is
    not in capitals (ABNT's), and its names read as persons."""
    head = _NOTES_HEAD.match(text)
    if head is None or head.group("authors").split(",")[0].isupper():
        return None
    people = split_authors(head.group("authors"))
    if not people or any(not n.family for n in people):
        return None
    rest = text[head.end():]
    if re.match(rf"\[?(?:{_year_pattern()})", rest):
        return None  # Harvard's year after the names: 'Abel, K. In press. A title.'
    year = _dated_year(_imprint_year(rest))
    title = re.split(r"(?<=[.?!])\s", rest, maxsplit=1)[0].rstrip(".")
    return _entry(people, year, title, line, text, None, False)


def _parse_entry(text: str, line: int) -> Entry | None:
    notes = _notes_entry(text, line)
    if notes is not None:
        return notes
    apa, author_year, bare_year = _dated()
    match = apa.match(text)
    if match and _ABNT_GROUP.match(text) and ". " in match.group("authors").rstrip(". "):
        match = None  # ABNT's 'BRASIL. Constituição (1988). ...' is Brasil's, not APA's
    if match is None and (_ABNT_START.match(text) or _ABNT_GROUP.match(text)) \
            and not _CAPITALS_PERSON.match(text):
        return _abnt_entry(text, line) or _undated_entry(text, line)
    title_first = _TITLE_FIRST.match(text)
    if match is None and title_first and not _french_start().match(text):
        return _abnt_title_entry(text, line)
    match = match or author_year.match(text) or bare_year.match(text)
    if match is None:
        return _abnt_entry(text, line) or _undated_entry(text, line)
    authors_text = _grammar().editors_after.sub("", match.group("authors").strip().rstrip(".,"))
    authors_text = authors_text.strip().rstrip(".,")
    short = re.search(r"\s*\[([^\]]+)\]$", authors_text)
    if short:
        authors_text = authors_text[:short.start()]
    more = _without_et_al(authors_text)[1]
    # a person's surname in capitals, as ABNT and some Harvard lists set it: 'CROWE, T. (2013)'
    people = [replace(n, family=n.family.title()) if n.family.isupper() and len(n.family) > 1
              and n.given else n for n in split_authors(authors_text)]
    if not people:
        return None
    raw_year = re.sub(r"\s+", " ", re.sub(r"^\d{4}/", "", match.group("year")))
    raw_year = dates.exact_year(raw_year) or raw_year  # '[c. 1850]' is 1850
    year = raw_year if raw_year[:1].isdigit() or _in_press(raw_year) \
        or dates.read(raw_year) is not None else None
    rest = text[match.end():].lstrip(" .:")  # German lists' "(2011): Titel"
    title = re.split(r"(?<=[.?!])\s", rest, maxsplit=1)[0].rstrip(".")
    return _entry(people, year, title, line, text, short.group(1) if short else None, more)


def _in_press(year: str) -> bool:
    return re.fullmatch(rf"(?i:{words().in_press})", year) is not None


_PERSONS_END = re.compile(r"(?<![^\W\d_])[^\W\d_a-z]\.[ \t]+(?![^\W\d_a-z]\.|and\b|&|et\b|e\b|y\b)"
                          r"(?=[^\W_])")
"""Where a Harvard or APA author list ends when no year follows it: the full stop of an initial
before a word that is not one ('Hartley, P. Checklist of ...')."""


def _undated_entry(text: str, line: int) -> Entry | None:
    """A Harvard or APA entry with no year after its authors: 'Hartley, P. Checklist of the
    region. Example Press.', or a group's 'Index Botanicus. A global index. http://...'. Its
    year is the last one of the imprint ('..., London, 2010.'), else none: a work cited as
    'Hartley n.d.'."""
    end = _PERSONS_END.search(text, 0, 400)
    people = split_authors(text[:end.start() + 1].rstrip(".")) if end else []
    if end is None or not people or any(n.is_group for n in people):
        head, _, rest = text.partition(". ")
        if not rest or not head[:1].isupper() or ":" in head \
                or (len(head.split()) > 8 and not _ACRONYM_DASH.match(head)) \
                or re.search(r"(?<![^\W\d_])[^\W\d_]\.?$", head):
            return None  # not a group's name: 'Okafor, N' (a person's entry the list garbles)
            return None
        people, rest = [Name(literal=head.strip())], rest
    else:
        rest = text[end.end():]
    year = _imprint_year(rest)
    title = re.split(r"(?<=[.?!])\s", rest, maxsplit=1)[0].rstrip(".")
    return _entry(people, _dated_year(year), title, line, text, None, False)


def _abnt_title_entry(text: str, line: int) -> Entry | None:
    """ABNT: a work without author starts with its title, the first word in capitals."""
    found = _imprint_year(text)
    if found is None:
        return None
    year = _dated_year(found)
    title = re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0].rstrip(".")
    key = fold(title.split()[0])[:20] + (year or "nd")
    return Entry(key=key, type="misc", line=line, authors=(), year=year, title=title,
                 fields={"raw": text})


def _abnt_entry(text: str, line: int) -> Entry | None:
    """ABNT: the authors up to the first full stop after a given name, the year at the end."""
    group = _ABNT_GROUP.match(text)
    head = _abnt_head(text)
    if group is not None and not _ABNT_START.match(text):
        people, more, rest = [Name(literal=group.group("group"))], False, text[group.end() - 1:]
    elif head is not None:
        people, more = [], False
        # ISO 690's year after the names: 'DUPONT, Jean, 2013. Titre.'
        after = re.search(r",\s+(?P<year>(?:1[5-9]|20)\d\d[a-z]?)$", head[0])
        if after:
            head = (head[0][:after.start()], f"{head[1]} {after.group('year')}")
        for part in (p.strip() for p in re.split(r"\s*;\s*", head[0])):
            given = _without_et_al(part)[0]
            more = more or given != part
            person = _ABNT_PERSON.match(given.rstrip("."))
            if person is None:
                return None
            people.append(_person(person.group("family").title(), person.group("given")))
        rest = head[1]
    else:
        return None
    found = _imprint_year(rest)
    if not people or (found is None and group is not None and not _ABNT_START.match(text)):
        return None
    year = _dated_year(found)  # none at all: a person's work without a date all the same
    title = re.split(r"(?<=[.?!])\s", rest, maxsplit=1)[0].rstrip(".")
    return _entry(people, year, title, line, text, None, more)


_ABNT_GIVEN_END = re.compile(r"(?:[^\W\d_]{1,2}|[a-zà-ÿ]{1,3})\.$")
"""A given name's last part that may end the author list: an initial ('A.') or a particle
('dos.')."""


def _abnt_head(text: str) -> tuple[str, str] | None:
    """The ABNT author block and the rest: persons 'SURNAME, Given' joined by ';', up to the full
    stop after the last given name ('SANTOS, J. A. dos; COSTA, M. da. Título...'). An initial's
    full stop ends the block only when no initial or particle follows it."""
    words_ = list(re.finditer(r"\S+", text[:600]))
    for i, word in enumerate(words_):
        token = word.group(0)
        if not token.endswith(".") or i == 0:
            continue
        following = words_[i + 1].group(0) if i + 1 < len(words_) else ""
        initial = _ABNT_GIVEN_END.fullmatch(token) is not None and token != "al."
        if initial and (re.fullmatch(r"(?:[^\W\d_]{1,2}|[a-zà-ÿ]{1,3})(?:\.;?|;)", following)
                        or following == "et"):
            continue  # 'J. A. dos;', 'M. da.', 'J. et al.'
        if initial and re.fullmatch(r"[a-zà-ÿ]{1,3}", following):
            continue  # 'J. A. dos' before the ';'
        head = text[:word.end() - 1]
        return (head, text[word.end():].lstrip()) if ", " in head else None
    return None


_ACRONYM_DASH = re.compile(r"^(?:(?P<lead>[^\W_]{2,12})[ \t]+[\u2013\u2014\-][ \t]+(?P<full>.+)"
                           r"|(?P<named>.+?)[ \t]+(?:[\u2013\u2014\-][ \t]+(?P<trail>[^\W_]{2,12})"
                           r"|\((?P<bracketed>[^\W_]{2,12})\)))$")
"""A group's name with its acronym before or after a dash (en, em or hyphen): 'IBGE - INSTITUTO
BRASILEIRO DE GEOGRAFIA E ESTATÍSTICA', 'INSTITUTO BRASILEIRO DE GEOGRAFIA E ESTATÍSTICA - IBGE'."""


def _acronym_alias(people: list[Name], short: str | None) -> tuple[list[Name], str | None]:
    """A group named with its acronym as the name and the acronym apart, as a .bib's
    `shortauthor` gives them: both are cited ('IBGE (2019)', 'Instituto Brasileiro ... (2019)')."""
    if short is not None or len(people) != 1 or not people[0].literal:
        return people, short
    found = _ACRONYM_DASH.match(people[0].literal)
    if found is None:
        return people, short
    acronym = found.group("lead") or found.group("trail") or found.group("bracketed")
    full = (found.group("full") or found.group("named")).strip()
    # an acronym has two capitals or more ('IBGE', 'CNPq'), the name two words or more, in
    # capitals as ABNT sets a group's: an APA list's 'APG - Angiosperm Phylogeny Group (2016)'
    # is cited so, the acronym glued on
    if sum(c.isupper() for c in acronym) < 2 or len(full.split()) < 2 \
            or not full.isupper() or len(full) <= len(acronym):
        return people, short
    return [Name(literal=full)], acronym


def _entry(people: list[Name], year: str | None, title: str, line: int, text: str,
           short: str | None, more: bool) -> Entry:
    aliased = _acronym_alias(people, short)
    # a group named with its acronym is keyed by it, as a .bib names it: 'ibge2019'
    first = aliased[1] if aliased[1] != short else people[0].family or people[0].literal
    people, short = aliased
    uncertain = dates.read(year)
    if uncertain is not None:  # '[197-?]' as 'silva197-', '[1971 ou 1972]' as 'moura1971-1972'
        year_key = re.sub(r"[|.]+", "-", uncertain.key)
    else:
        year_key = year.replace(" ", "").casefold() if year else "nd"
    key = (fold(first)[:20] or "ref") + year_key
    return Entry(key=key, type="misc", line=line, authors=tuple(people), year=year, title=title,
                 short_author=short, fields={"raw": text}, more_authors=more)


@functools.cache
def _et_al() -> re.Pattern[str]:
    return re.compile(rf"(?i:,?\s+{words().et_al}\.?)$")


def _without_et_al(names: str) -> tuple[str, bool]:
    """The names without the 'et al.' that ends them, in any language of the word tables ('y
    col.', 'e outros', 'u. a.'), and whether there was one; its last full stop may have gone."""
    found = _et_al().search(names + ("" if names.endswith(".") else "."))
    return (names[:found.start()], True) if found else (names, False)


def split_authors(text: str) -> list[Name]:
    """'Surname, G. G., Other, H., & Last, I.' -> Names; a part with no initials is a group."""
    text = _without_et_al(text)[0]
    if _one_institution(text):
        return [Name(literal=text.strip())]
    parts = re.split(r"\s*/\s*", text)
    if len(parts) > 1 and all(re.fullmatch(r"[^,]+,\s*[^,]+", p) for p in parts):
        # German lists' slash between persons: 'Müller, Hans/Schmidt, Karl'
        return [_person(*(x.strip() for x in p.split(",", 1))) for p in parts]
    joiners = "|".join(re.escape(w) for w in sorted(words().connectors, key=len, reverse=True))
    # Chicago's second part is the first author's given name, not a co-author after '&'
    inverted = re.match(rf"^[^,]+,(?!\s*(?:&|(?:{joiners})\s))", text) is not None
    # the last author after '&' or the language's word: 'García, A., y López, B.'
    text = re.sub(rf",?\s*&\s*|,\s+(?:{joiners})\s+|\s+and\s+(?=[^\s,]+,\s*[A-Z]\.)", ", ",
                  text)
    # between French persons: 'LEFÈVRE Luc et ROUSSEL Claire'
    text = re.sub(rf"(?<=[a-zà-ÿ.])\s+(?:{joiners})\s+(?={_CAPS_WORD}[ \t]+[^\W\d_a-z][a-zà-ÿ])",
                  ", ", text)
    # after an initial's full stop, in any language: 'Müller, E. u. Schmidt, F.', 'Dupont, A. et
    # Martin, B.'
    text = re.sub(rf"(?<=\.)\s*(?:\s(?:{joiners})\s|/)\s*", ", ", text)
    # APA's elided authors: 'Luz, J., ... Vaz, K.'
    tokens = [t.strip().lstrip(".\u2026 ") for t in text.split(",")]
    tokens = [t for t in tokens if t]
    chicago = _chicago(tokens) if inverted else []
    if chicago:
        return chicago
    people: list[Name] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if people and _GENERATION.fullmatch(token) and people[-1].family \
                and not (i + 1 < len(tokens) and _initials(tokens[i + 1])):
            # APA's suffix after the initials: 'Rassi, A., Jr.', 'Pedro, M. J., Júnior.'
            people[-1] = replace(people[-1], suffix=token.rstrip("."))
            i += 1
            continue
        if _institution(token):
            people.append(Name(literal=token))  # 'Fundação SOS' is not Mr Fundação
            i += 1
            continue
        if i + 1 < len(tokens) and (_initials(tokens[i + 1]) or (
                token.isalpha() and token.islower() and _LOWER_INITIALS.fullmatch(tokens[i + 1]))):
            # 'hooks, b.', 'boyd, d. m.': who writes their name in lower case does so in a list
            people.append(_person(token, tokens[i + 1]))
            i += 2
            continue
        french = _FRENCH_PERSON.fullmatch(token)
        if french and french.group("family").isupper() and not _institution(token):
            # 'DUPONT Jean': the French habit, the surname in capitals and no comma
            people.append(_person(french.group("family").title(), french.group("given")))
            i += 1
            continue
        given_first = re.match(r"^((?:[^\W\d_][a-z]?\.[ \t]*(?:-[ \t]*)?)+)[ \t]*(\S.*)$", token)
        if given_first and given_first.group(2)[:1].isupper():
            people.append(_person(given_first.group(2), given_first.group(1).strip()))
            i += 1  # Chicago's later authors: 'Okafor, N., and W. Brandt'
            continue
        parts = token.rsplit(" ", 1)
        if len(parts) == 2 and _initials(parts[1]) and parts[1].replace(".", "").isupper() \
                and len(parts[1].replace(".", "").replace(" ", "").replace("-", "")) <= 3 \
                and len(parts[0].split()) <= 2 \
                and (not parts[0].isupper()
                     or re.fullmatch(r"[^\W\d_]\.?|(?:[^\W\d_]\.[ \-]?){2,3}", parts[1])):
            # Vancouver and Pensoft: 'Smith JA', 'Van Ofwegen LP', 'Uéno S-I'; Harvard's
            # 'TATE J' in capitals, but not a group's 'IUCN SSC'
            people.append(_person(parts[0], parts[1]))
        else:
            people.append(Name(literal=token))
        i += 1
    return people


_LOWER_INITIALS = re.compile(r"[a-z](?:\.[ \t]*[a-z]|[ \t]+[a-z])*\.?")
"""Initials in lower case with their full stops: the 'b.' of 'hooks, b.'."""
_GIVEN = re.compile(r"[^\W\d_a-z][^\W\d_]*\.?(?:[ \t]+[^\W\d_a-z][^\W\d_]*\.?){0,2}")
"""A given name written out, with a middle name or initial: 'John', 'Mary Ann', 'John A.'."""


_GENERATION = re.compile(r"(?i:jr|sr|j[úu]nior|filho|neto|sobrinho|ii|iii|iv)\.?")


def _institution(name: str) -> bool:
    return any(w.casefold() in words().institution_words for w in name.split())


def _one_institution(text: str) -> bool:
    """'Coastal Bureau of Statistics, Planning, and Records': one institution whose name has
    commas, not three authors. One part names an institution and no part is a person's (no
    initials); two institutions ('Example Agency, & Example Council') stay two."""
    parts = [p.strip() for p in re.split(r",|\s&\s", text) if p.strip()]
    parts = [re.sub(r"^(?:&|and)\s+", "", p) for p in parts]
    return len(parts) > 1 and sum(_institution(p) for p in parts) == 1 and not any(
        "." in p or _initials(p) or _initials(p.rsplit(" ", 1)[-1]) for p in parts)


def _chicago(tokens: list[str]) -> list[Name]:
    """Chicago's author list, the first inverted and the rest not: 'Martins, John, and Kate
    Jones' ([] when the tokens are not that)."""
    if len(tokens) < 2 or not _GIVEN.fullmatch(tokens[1]) or _initials(tokens[1]) \
            or any(_institution(t) for t in tokens) \
            or not _GIVEN.fullmatch(tokens[0]) or " " in tokens[0].strip():
        return []
    rest = [t.split() for t in tokens[2:]]
    if any(len(words_) < 2 or not words_[-1][:1].isupper() for words_ in rest):
        return []
    people = [_person(tokens[0], tokens[1])]
    particles = words().particles
    for words_ in rest:
        cut = len(words_) - 1
        while cut > 1 and words_[cut - 1].casefold() in particles:
            cut -= 1  # 'Kate van Dijk'
        people.append(_person(" ".join(words_[cut:]), " ".join(words_[:cut])))
    return people


def _initials(text: str) -> bool:
    """'J. B.', 'G. d. S.', 'M. Â.', 'J.-P.', 'JA': a given name abbreviated, particles too."""
    # 'J.A.' as 'J. A.'
    parts = [p for p in re.split(r"[ \t]+|(?<=\.)-|-(?=[^\W\d_]\.)|(?<=\.)(?=[^\W\d_a-z])",
                                 text.strip()) if p]
    if not parts or len(parts) > 8:
        return False
    if len(parts) == 1 and re.fullmatch(r"[A-Z]{1,3}|[A-Z]-[A-Z]", parts[0]):
        return True
    return all(_INITIAL.match(p) for p in parts) and any(p[:1].isupper() for p in parts)


def _person(family: str, given: str) -> Name:
    suffix = re.search(r"\s+(?:Jr|Sr)\.?$", family)
    if suffix:
        return replace(_person(family[:suffix.start()], given), suffix=suffix.group(0).strip())
    parts = family.split(" ")
    particles = words().particles
    lead: list[str] = []
    while len(parts) > 1 and parts[0].casefold() in particles:
        lead.append(parts.pop(0))
    return Name(family=" ".join(parts), given=given, particle=" ".join(lead))
