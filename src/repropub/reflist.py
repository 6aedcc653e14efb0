"""No-bib mode: the manuscript's own reference list as a `Bibliography`.

Takes a `Manuscript` whose text ends (or has a section) headed "References", "Reference",
"Bibliography", "Works Cited" or "Literature Cited", at any heading level, and gives a
`Bibliography` with one `Entry` per APA- or Harvard-style entry (one per paragraph or per list
item). Each entry's `line` is its first line in the manuscript, and `Bibliography.path` is the
manuscript. The section's span is also what the citation finders skip, so the list's own
"(2014)" are not read as citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from repropub.bibliography import Bibliography, Entry, Name
from repropub.citations.names import fold
from repropub.citations.words import words
from repropub.errors import InputError
from repropub.manuscript import Manuscript

_TITLES = r"(?:references?(?: list| cited)?|bibliography|works cited|literature cited|sources)"
_ATX = re.compile(rf"^(?P<hashes>#{{1,6}})[ \t]+(?:\d+\.?[ \t]+)?{_TITLES}[ \t]*#*[ \t]*$",
                  re.I | re.M)
_SETEXT = re.compile(rf"^(?:\d+\.?[ \t]+)?{_TITLES}[ \t]*\n(?P<rule>=+|-+)[ \t]*$", re.I | re.M)
_BOLD = re.compile(rf"^\*\*{_TITLES}\*\*[ \t]*$", re.I | re.M)
_ANY_ATX = re.compile(r"^(#{1,6})[ \t]+\S", re.M)
_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d+[.)])[ \t]+", re.M)
_YEAR = r"(?:1[5-9]|20)\d\d[a-z]?|n\.\s?d\.(?:-[a-z])?|in press|forthcoming"
_APA = re.compile(rf"^(?P<authors>.+?)\s*\((?P<year>{_YEAR})(?:,[^)]*)?\)")
_AUTHOR_YEAR = re.compile(rf"^(?P<authors>.+?)[.,]\s+(?P<year>{_YEAR})[.,]\s")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?(?:[ \t]*-?[ \t]*)){1,4}$|^[A-Z]{1,3}$")
_EDITORS = re.compile(r"\s*\((?:eds?|hrsg|comp|coord)\.?\)", re.I)


@dataclass(frozen=True)
class Section:
    heading_line: int
    start: int
    """Offset of the heading in the text."""
    end: int
    """Offset where the section ends (the next heading of the same level, or the end)."""


def find_section(text: str) -> Section | None:
    """The last reference-list section of `text`, or None."""
    found: list[tuple[int, int, int]] = []
    for match in _ATX.finditer(text):
        found.append((match.start(), match.end(), len(match.group("hashes"))))
    for match in _SETEXT.finditer(text):
        found.append((match.start(), match.end(), 1 if match.group("rule")[0] == "=" else 2))
    for match in _BOLD.finditer(text):
        found.append((match.start(), match.end(), 7))
    if not found:
        return None
    start, body, level = max(found)
    end = len(text)
    for heading in _ANY_ATX.finditer(text, body):
        if len(heading.group(1)) <= level:
            end = heading.start()
            break
    return Section(text.count("\n", 0, start) + 1, start, end)


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
    for line, paragraph in _paragraphs(manuscript.text, section):
        entry = parse_entry(paragraph, line)
        if entry is None:
            continue
        count = used.get(entry.key, 0)
        used[entry.key] = count + 1
        if count:
            entry = Entry(f"{entry.key}-{count + 1}", entry.type, entry.line, entry.authors,
                          entry.year, entry.title, entry.short_author, entry.fields)
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
        if not stripped or item or re.fullmatch(r"=+|-+", stripped):
            if current:
                out.append((current_line, " ".join(current)))
                current = []
            if item:
                current, current_line = [raw[item.end():].strip()], line
        else:
            if not current:
                current_line = line
            current.append(stripped)
        line += 1
    if current:
        out.append((current_line, " ".join(current)))
    return out


def parse_entry(text: str, line: int) -> Entry | None:
    """One APA/Harvard entry: 'Major, C., & Mölling, C. (2022). Title. Publisher.'"""
    text = re.sub(r"^\[\d+\]\s*|^\\?\*|\*$", "", text.strip())
    match = _APA.match(text) or _AUTHOR_YEAR.match(text)
    if match is None:
        return None
    authors_text = _EDITORS.sub("", match.group("authors")).strip().rstrip(".,")
    short = re.search(r"\s*\[([^\]]+)\]$", authors_text)
    if short:
        authors_text = authors_text[:short.start()]
    people = split_authors(authors_text)
    if not people:
        return None
    raw_year = match.group("year")
    year = None if raw_year.startswith("n.") else raw_year
    rest = text[match.end():].lstrip(" .")
    title = re.split(r"(?<=[.?!])\s", rest, maxsplit=1)[0].rstrip(".")
    first = people[0].family or people[0].literal
    key = (fold(first)[:20] or "ref") + (raw_year if year else "nd").replace(" ", "")
    return Entry(key=key, type="misc", line=line, authors=tuple(people), year=year, title=title,
                 short_author=short.group(1) if short else None, fields={"raw": text})


def split_authors(text: str) -> list[Name]:
    """'Surname, G. G., Other, H., & Last, I.' -> Names; a part with no initials is a group."""
    text = re.sub(r",?\s+et\s+al\.?$", "", text)
    text = re.sub(r",?\s*&\s*|,\s+and\s+|\s+and\s+(?=[^\s,]+,\s*[A-Z]\.)", ", ", text)
    text = re.sub(r"(?<=\.)\s+and\s+", ", ", text)
    tokens = [t.strip() for t in text.split(",") if t.strip() and t.strip() != "…"]
    people: list[Name] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens) and _INITIALS.match(tokens[i + 1]):
            people.append(_person(token, tokens[i + 1]))
            i += 2
            continue
        parts = token.rsplit(" ", 1)
        if len(parts) == 2 and _INITIALS.match(parts[1]) and parts[1].replace(".", "").isupper() \
                and len(parts[1].replace(".", "").replace(" ", "")) <= 3 and " " not in parts[0]:
            people.append(_person(parts[0], parts[1]))  # Vancouver: 'Smith JA'
        else:
            people.append(Name(literal=token))
        i += 1
    return people


def _person(family: str, given: str) -> Name:
    parts = family.split(" ")
    particles = words().particles
    lead: list[str] = []
    while len(parts) > 1 and parts[0].casefold() in particles:
        lead.append(parts.pop(0))
    return Name(family=" ".join(parts), given=given, particle=" ".join(lead))
