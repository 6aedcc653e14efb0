"""Citation fields: what Zotero, Mendeley and Word's own citation tool leave in a document.

Zotero writes a field whose instruction is ``ADDIN ZOTERO_ITEM CSL_CITATION {json}`` and
Mendeley (and Zotero's older plug-in) ``ADDIN CSL_CITATION {json}``; the JSON carries every
cited work as a CSL-JSON item and the text the plug-in last wrote. Word's own citations are
``CITATION Tag \\l 1033 \\m Tag2``, the tags naming sources kept in the package's custom XML
(``b:Sources``). EndNote writes ``ADDIN EN.CITE <EndNote><Cite>...<record>...</EndNote>``,
each cited work's record in EndNote's XML (long ones base64-encoded in a nested field's data,
which the Word reader gives back to the instruction). Pandoc drops all of these, so the readers
hand the raw instructions here. Citavi's fields (``ADDIN CitaviPlaceholder``) carry no readable
record: their text is read as typed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from repropub.bibliography import Bibliography, Entry, Name
from repropub.manuscript import CitationField, Manuscript

_CSL = re.compile(r"^ADDIN\s+(?P<zotero>ZOTERO_ITEM\s+)?CSL_CITATION\b", re.I)
_ENDNOTE = re.compile(r"^ADDIN\s+EN\.CITE(?!\.)\b", re.I)
_WORD = re.compile(r"^CITATION\s+(?P<rest>.+)$", re.I | re.S)
_B = "{http://schemas.openxmlformats.org/officeDocument/2006/bibliography}"


@dataclass(frozen=True)
class RawField:
    """A field's instruction and where its result runs, as (paragraph index, offset)."""

    instruction: str
    start: tuple[int, int]
    end: tuple[int, int]


def is_citation(instruction: str) -> bool:
    return bool(_CSL.match(instruction) or _WORD.match(instruction)
                or _ENDNOTE.match(instruction))


def parse(raw: RawField, line: int, start: int, end: int,
          sources: Mapping[str, dict[str, Any]]) -> CitationField:
    """The field with its cited works; JSON that does not parse leaves the items empty (the
    result text is still read as a typed citation)."""
    csl = _CSL.match(raw.instruction)
    if csl:
        kind: Literal["zotero", "mendeley", "word"] = "zotero" if csl.group("zotero") else \
            "mendeley"
        data = _json(raw.instruction[csl.end():])
        items = tuple(i["itemData"] for i in data.get("citationItems", [])
                      if isinstance(i, dict) and isinstance(i.get("itemData"), dict))
        plain = data.get("properties", {}).get("plainCitation") or \
            data.get("mendeley", {}).get("plainTextFormattedCitation") or ""
        return CitationField(kind, line, start, end, items, plain if isinstance(plain, str)
                             else "")
    endnote = _ENDNOTE.match(raw.instruction)
    if endnote:
        return CitationField("endnote", line, start, end,
                             endnote_items(raw.instruction[endnote.end():]))
    word = _WORD.match(raw.instruction)
    rest = word.group("rest") if word else ""
    tags = [rest.split()[0]] if rest.split() else []
    tags += re.findall(r"\\m\s+(\S+)", rest)
    items = tuple(sources.get(t.strip('"'), {"id": t.strip('"')}) for t in tags)
    return CitationField("word", line, start, end, items)


def _json(text: str) -> dict[str, Any]:
    brace = text.find("{")
    if brace < 0:
        return {}
    try:
        data, _ = json.JSONDecoder().raw_decode(text, brace)
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


# EndNote's reference types (the name it writes beside the number) as CSL types
_ENDNOTE_TYPES = {"journal article": "article-journal", "book": "book",
                  "book section": "chapter", "edited book": "book", "thesis": "thesis",
                  "report": "report", "conference proceedings": "paper-conference",
                  "conference paper": "paper-conference", "web page": "webpage",
                  "newspaper article": "article-newspaper", "magazine article": "article-magazine"}


def endnote_items(text: str) -> tuple[dict[str, Any], ...]:
    """The works an EndNote citation's XML records, as CSL-JSON items; XML that does not parse
    gives none (the result is still read as a typed citation)."""
    from lxml import etree

    start = text.find("<EndNote")
    if start < 0:
        return ()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             recover=True)
    try:
        root = etree.fromstring(text[start:].strip().encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return ()
    if root is None:
        return ()
    items = []
    for cite in root.iter("Cite"):
        record = cite.find("record")
        if record is None:
            continue
        authors = [_endnote_name("".join(a.itertext()))
                   for a in record.iterfind("contributors/authors/author")]
        year = "".join(record.findtext("dates/year") or cite.findtext("Year") or "").strip()
        kind = record.find("ref-type")
        item: dict[str, Any] = {
            "id": (record.findtext("rec-number") or cite.findtext("RecNum") or "").strip(),
            "type": _ENDNOTE_TYPES.get(((kind.get("name") if kind is not None else "") or
                                        "").lower(), "document"),
            "title": " ".join("".join(record.find("titles/title").itertext()).split())
            if record.find("titles/title") is not None else "",
            "author": [a for a in authors if a]}
        journal = record.find("titles/secondary-title")
        if journal is not None:
            item["container-title"] = " ".join("".join(journal.itertext()).split())
        if year[:4].isdigit():
            item["issued"] = {"date-parts": [[int(year[:4])]]}
        items.append(item)
    return tuple(items)


def _endnote_name(text: str) -> dict[str, str]:
    """EndNote writes a person 'Surname, Given' and a group as it is named."""
    text = " ".join(text.split()).rstrip(",")
    family, comma, given = text.partition(",")
    if not text:
        return {}
    return {"family": family.strip(), "given": given.strip()} if comma else {"literal": text}


def word_sources(package: Any) -> dict[str, dict[str, Any]]:
    """Word's source list (custom XML ``b:Sources``) as CSL-JSON items keyed by tag."""
    found: dict[str, dict[str, Any]] = {}
    for name in sorted(n for n in package.zip.namelist()
                       if re.fullmatch(r"customXml/item\d+\.xml", n)):
        root = package.xml(name)
        if root.tag != _B + "Sources":
            continue
        for source in root.iter(_B + "Source"):
            tag = source.findtext(_B + "Tag") or ""
            people = [{"family": p.findtext(_B + "Last") or "",
                       "given": p.findtext(_B + "First") or ""}
                      for p in source.iter(_B + "Person")]
            people += [{"literal": c.text} for c in source.iter(_B + "Corporate") if c.text]
            item: dict[str, Any] = {"id": tag, "title": source.findtext(_B + "Title") or "",
                                    "author": people}
            year = source.findtext(_B + "Year") or ""
            if year.strip().isdigit():
                item["issued"] = {"date-parts": [[int(year.strip())]]}
            found[tag] = item
    return found


def field_bibliography(manuscript: Manuscript) -> Bibliography | None:
    """The works a manuscript's citation fields carry, as a `Bibliography`, or None when its
    fields carry none: a document cited with Zotero or Mendeley holds its bibliography in its
    fields even when no list is typed at the end. Keys are made up (surname + year); each
    entry's line is that of the first field citing it."""
    entries: dict[str, Entry] = {}
    seen: dict[str, str] = {}
    for f in manuscript.fields:
        for item in f.items:
            identity = json.dumps(item, sort_keys=True)
            if identity in seen or not (item.get("author") or item.get("editor")):
                continue
            entry = _entry(item, f.line)
            key, n = entry.key, 1
            while key in entries:
                n += 1
                key = f"{entry.key}-{n}"
            seen[identity] = key
            entries[key] = replace(entry, key=key)
    if not entries:
        return None
    return Bibliography(manuscript.path, tuple(entries.values()))


def _entry(item: dict[str, Any], line: int) -> Entry:
    people = item.get("author") or item.get("editor") or []
    names = tuple(
        Name(literal=str(p["literal"])) if p.get("literal") else
        Name(family=str(p.get("family", "")), given=str(p.get("given", "")),
             particle=str(p.get("non-dropping-particle", "")))
        for p in people if isinstance(p, dict))
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    year = str(parts[0][0]) if parts and parts[0] and str(parts[0][0]).isdigit() else None
    surname = names[0].surname if names else "anon"
    key = re.sub(r"\W+", "", surname.lower()) + (year or "nd")
    return Entry(key, str(item.get("type", "")), line, names, year,
                 str(item.get("title", "")), csl=item)
