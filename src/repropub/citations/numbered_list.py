"""The numbers of a numbered manuscript's references: which entry `[3]` cites.

Without a .bib, the manuscript's own reference list is read item by item (`1. Smith J, Jones K.
Title. Journal. 2010;12:45-56.`, `[1] J. Smith and K. Jones, "Title," ...`, or APA/Harvard
entries that happen to be numbered) into one `Entry` per item, numbered as the list numbers it
(`[n]`, `n.`, `(n)`) or, when the numbers are missing or a Markdown list numbers itself, by
position. With a .bib, entry n is the n-th entry of the file: a reference manager exports a
numbered list in its order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repropub.bibliography import Bibliography, Entry, Name
from repropub.citations.names import fold
from repropub.manuscript import Manuscript
from repropub.reflist import find_section, parse_entry

_ITEM = re.compile(r"^[ \t]{0,3}(?:\[(?P<b>\d{1,3})\]|(?P<d>\d{1,3})[.)]|\((?P<p>\d{1,3})\)"
                   r"|[-*+](?=[ \t]))[ \t]*")
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
_VANCOUVER = re.compile(r"^(?:[^\W\d_][\w'\u2019 -]*?\s[A-Z]{1,3}(?:,\s+|\.\s+|$))+"
                        r"(?:et\s+al\.?\s*)?")
"""A Vancouver author list: 'Smith J, Jones KL, Lee M. ' (surnames, then initials without dots),
with an 'et al.' at its end."""
_READ = 2000
"""Characters of an item read for its authors, title and year (a real entry is far shorter;
a hostile one costs no more than this)."""
_AUTHORS = 400
"""Characters of an item in which a Vancouver author list must end."""
_IEEE_NAME = (r"(?:[^\W\d_][a-z]?\.[\s\-\u2010]*)+[^\W\d_][\w'\u2019\-]*"
              r"(?:\s+[^\W\d_][\w'\u2019\-]*)?")
_IEEE_NAMES = re.compile(rf"{_IEEE_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_IEEE_NAME})*"
                         r"(?:,?\s+et\s+al\.)?,?")
"""IEEE's authors before a quoted title: 'J. Smith, A.-B. Lee, and K. Jones,' (initials first):
read as IEEE even where the item would also pass for a Harvard entry ('..., 2019.')."""
_QUOTED = re.compile(r"[\"\u201c](?P<title>[^\"\u201d]{4,}?)[,.]?[\"\u201d]")
_NATURE_NAME = r"[^\W\d_][\w'\u2019\-]*(?: [\w'\u2019\-]+){0,2}, (?:[^\W\d_]\.[ \-\u2010]?){1,4}"
_NATURE = re.compile(rf"(?P<names>{_NATURE_NAME}(?:(?:, |,? & ){_NATURE_NAME})*"
                     r"(?:et al\. )?)(?P<title>[^\W\d_].*?)\. ")
"""Nature's authors, surname first and initials after with a full stop each, the last after
'&' ('Costa, R., Dias, S. & Engel, T. A title. *Journal* **8**, 1021-1028 (2015).'), then the
title up to its full stop: read as such before an APA reading takes the title for a name."""
_VANCOUVER_DATE = re.compile(r"(?<![\w.])(?P<year>(?:1[5-9]|20)\d\d)"
                             r"(?: [A-Z][a-z]{2}(?: \d{1,2})?)?;")
"""Vancouver's date before the volume ('2019;28:e2018', '2020 Mar 3;12:1-9'): the year, where
an article number after it ('e2018') may look like another."""
_NATURE_YEAR = re.compile(r"\((?P<year>(?:1[5-9]|20)\d\d)\)\.?\s*$")


@dataclass(frozen=True)
class Numbered:
    """The references by the number a citation gives them."""

    bibliography: Bibliography
    """The bibliography the check uses (the list's own entries, without a .bib)."""
    by_number: dict[int, Entry]
    listed: bool
    """The numbers come from the list itself (not from the order of the .bib)."""


def numbering(manuscript: Manuscript, bibliography: Bibliography) -> Numbered:
    """Number the references: the manuscript's list without a .bib, the .bib's order with one."""
    if bibliography.path != manuscript.path:
        return Numbered(bibliography, {n: e for n, e in enumerate(bibliography.entries, 1)},
                        False)
    items = _items(manuscript.text)
    numbers = [n for n, _, _ in items]
    explicit = all(n > 0 for n in numbers) and all(a < b for a, b in itertools.pairwise(numbers))
    entries = {}
    for position, (number, line, text) in enumerate(items, 1):
        n = number if explicit else position
        entries[n] = _entry(n, line, text)
    return Numbered(Bibliography(manuscript.path, tuple(entries.values())), entries, explicit)


def numbers_its_items(text: str) -> bool:
    """Does the manuscript's reference list number its items ('1.', '[1]', '(1)'), each one?"""
    numbers = [n for n, _, _ in _items(text)]
    return len(numbers) >= 2 and all(numbers)


def list_length(text: str) -> int:
    """How many items the manuscript's reference list has (0 without one)."""
    return len(_items(text))


def alphabetical(entries: list[Entry]) -> bool:
    """Is the list in the order of its first authors' names (a style that numbers
    alphabetically), rather than in order of first citation?"""
    names = [fold(e.authors[0].surname) for e in entries if e.authors]
    return len(names) >= 3 and names == sorted(names)


def numbered_by_first_citation(style: str | None) -> bool | None:
    """Does the CSL style number its references in order of first citation? A numeric style
    whose bibliography is sorted by nothing but the citation number does (Vancouver, IEEE); one
    sorted by author numbers alphabetically ('american-medical-association-alphabetical').
    None when there is no style to read or it is not numeric: the list itself then tells."""
    if style is None:
        return None
    from repropub.errors import InputError
    from repropub.styles import CSL_NS, resolve

    try:
        csl = resolve(style)  # a journal's dependent style is its parent's
        root = _csl_root(csl.path)
    except InputError:
        return None  # the build reports a style it cannot read; the check goes on without it
    if not csl.numeric:
        return None
    keys = root.findall(f"{{{CSL_NS}}}bibliography/{{{CSL_NS}}}sort/{{{CSL_NS}}}key")
    return all(k.get("variable") == "citation-number" for k in keys)


def _csl_root(path: Path) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(str(path), parser).getroot()


def _items(text: str) -> list[tuple[int, int, str]]:
    """(number or 0, first line, text) of each item of the reference list."""
    section = find_section(text)
    if section is None:
        return []
    body = text.index("\n", section.start) + 1 if "\n" in text[section.start:section.end] \
        else section.end
    line = text.count("\n", 0, body) + 1
    items: list[tuple[int, int, str]] = []
    current: list[str] = []
    number = start_line = 0
    for raw in text[body:section.end].split("\n"):
        item = _ITEM.match(raw)
        if (item or not raw.strip()) and current:
            items.append((number, start_line, " ".join(current)))
            current = []
        if item:
            found = item.group("b") or item.group("d") or item.group("p")
            number, start_line, current = int(found or 0), line, [raw[item.end():].strip()]
        elif raw.strip() and not re.fullmatch(r"=+|-+", raw.strip()):
            if not current:
                number, start_line = _leading_number(raw), line
            current.append(raw.strip())
        line += 1
    if current:
        items.append((number, start_line, " ".join(current)))
    return items


def _leading_number(line: str) -> int:
    found = _ITEM.match(line)
    return int(found.group("b") or found.group("d") or found.group("p") or 0) if found else 0


def _entry(number: int, line: int, text: str) -> Entry:
    """One item as an `Entry` keyed 'ref<n>': APA or Harvard when it reads as such, else
    Vancouver ('Smith J, Jones K. Title. ...') or IEEE ('J. Smith and K. Jones, "Title," ...')."""
    key = f"ref{number}"
    raw, text = text, text[:_READ]
    quoted = _QUOTED.search(text)
    ieee = quoted is not None and _IEEE_NAMES.fullmatch(text[:quoted.start()].strip()) is not None
    nature = _NATURE.match(text) if not ieee else None
    if nature and (year := _NATURE_YEAR.search(text)):
        return Entry(key, "article", line, tuple(_nature_authors(nature.group("names"))),
                     year.group("year"), nature.group("title").strip(), None, {"raw": raw})
    parsed = None if ieee else parse_entry(text, line)
    if parsed is not None and len(parsed.authors) == 1 and parsed.authors[0].is_group \
            and "," in parsed.authors[0].literal and _VANCOUVER.match(text[:_AUTHORS]):
        parsed = None  # 'Vieira RS, Zanetti C. Title. 2018' is three people, not a group
    if parsed is not None:
        dated = _VANCOUVER_DATE.search(text)
        return Entry(key, parsed.type, line, parsed.authors,
                     dated.group("year") if dated else parsed.year, parsed.title,
                     parsed.short_author, {"raw": raw})
    if quoted:  # IEEE: the authors before the quoted title, each 'J. Smith'
        authors = _ieee_authors(text[:quoted.start()])
        title, rest = quoted.group("title"), text[quoted.end():]
    else:  # Vancouver: 'Surname AB, Other C.', then the title up to its '. '
        found = _VANCOUVER.match(text[:_AUTHORS])
        if found:
            authors, after = _vancouver_authors(found.group(0)), text[found.end():]
        else:  # a group author: its name is the first sentence
            head, _, after = text.partition(". ")
            authors = [Name(literal=head.strip())] if after else []
        title, _, rest = after.partition(". ") if after else (text, "", "")
    # IEEE ends with the year, after pages that may look like years ('pp. 2000-2010, 2019')
    years = _YEAR.findall(rest) or _YEAR.findall(text)
    year = (years[-1] if quoted else years[0]) if years else None
    return Entry(key, "misc", line, tuple(authors), year,
                 title.strip().rstrip("."), None, {"raw": raw})


def _vancouver_authors(text: str) -> list[Name]:
    """'Li Y, Wu X, de la Cruz M, et al.': each surname (particles kept) before its initials."""
    out = []
    for part in re.split(r",\s*", text.strip().rstrip(".,")):
        words = re.sub(r"\bet\s+al\b\.?", "", part).split()
        if len(words) > 1 and re.fullmatch(r"[A-Z]{1,3}", words[-1]):
            out.append(Name(family=" ".join(words[:-1]), given=words[-1]))
        elif words:
            out.append(Name(family=" ".join(words)))
    return out


def _nature_authors(text: str) -> list[Name]:
    """'Costa, R., Dias, S. & Engel, T.': each surname before its initials."""
    names = re.findall(rf"({_NATURE_NAME})", text.replace(" & ", ", "))
    return [Name(family=n.split(", ")[0].strip(), given=n.split(", ", 1)[1].strip())
            for n in names]


def _ieee_authors(text: str) -> list[Name]:
    names = re.split(r",\s*(?:and\s+)?|\s+and\s+", text.strip().rstrip(",").strip())
    out = []
    for name in names:
        words = name.replace("et al.", "").split()
        if words:
            out.append(Name(family=words[-1], given=" ".join(words[:-1])))
    return out


_HEAD = re.compile(r"[\"\u201c(]|(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
"""Where a list item's authors have ended: its quoted title, or its year."""
_NAMES = 150


def _surname_words(name: Name) -> list[str]:
    """The folded words of an author's surname: 'da Silva-Santos' -> da, silva, santos."""
    return [w for w in (fold(p) for p in re.split(r"[\s\-\u2010]+", name.surname)) if w]


def surnames(entries: Iterable[Entry]) -> frozenset[str]:
    """Every word of every author's surname in the list, folded: the names a number may
    follow ('Jones [4]')."""
    return frozenset(w for e in entries for a in e.authors if not a.is_group
                     for w in _surname_words(a))


def by_author(entry: Entry, name: str) -> bool:
    """Is `name` (a surname as typed before a number) one of the entry's authors? A group
    author, or a list item whose authors were read otherwise, is taken at its word: any word
    of the item before its title or year counts."""
    folded = fold(name)
    if any(folded in _surname_words(a) for a in entry.authors if not a.is_group):
        return True
    # the item as typed, up to its title or year: its authors, however they are written
    head = _HEAD.split(str(entry.fields.get("raw", "")), 1)[0][:_NAMES]
    head = " ".join([head, *(a.literal for a in entry.authors)])
    return folded in {fold(w) for w in re.split(r"[\s,;.\-]+", head)}


def first_authored(entries: dict[int, Entry], name: str) -> list[int]:
    """The numbers of the references whose first author is `name`."""
    folded = fold(name)
    return [n for n, e in sorted(entries.items())
            if e.authors and not e.authors[0].is_group and folded in _surname_words(e.authors[0])]


def shown_authors(entry: Entry) -> str:
    """The entry's authors as a citation names them: 'Kumar', 'Patel and Wong', 'Ferreira et
    al.'."""
    names = [a.surname for a in entry.authors]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)
