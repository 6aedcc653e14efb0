"""Loading the bibliography: a BibTeX/biblatex file, validated once, up front.

Takes a `.bib` path and gives a `Bibliography`: one `Entry` per accepted entry with its key,
type, line, names (split and LaTeX-resolved exactly as pandoc reads them) and year. The checker
and the renderer both use the *accepted* text (`Bibliography.accepted_text`), so they never see
different bibliographies: of duplicate keys the first is kept (as BibTeX does) and reported;
a syntax error is reported with its line and stops the build.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repropub import pandoc
from repropub.cache import Cache, fingerprint
from repropub.citations import dates
from repropub.errors import InputError, InputErrors
from repropub.limits import DEFAULT_LIMITS, Limits, check_bibliography, check_file
from repropub.manuscript import read_text

if TYPE_CHECKING:  # bibtexparser is imported by the parse itself: a known .bib needs none
    from bibtexparser.library import Library
    from bibtexparser.model import Block, ParsingFailedBlock
    from bibtexparser.model import Entry as _BibEntry

_YEAR = re.compile(r"\d{4}[a-z]?")


@dataclass(frozen=True)
class Name:
    """One author as CSL names it; a group author has only `literal`."""

    family: str = ""
    given: str = ""
    particle: str = ""
    """A non-dropping particle, shown with the surname ('von' in 'von Closen' with useprefix)."""
    dropping_particle: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def is_group(self) -> bool:
        return bool(self.literal)

    @property
    def surname(self) -> str:
        """The name as an author-date citation shows it: 'Mölling', 'von Closen', 'NATO'."""
        if self.literal:
            return self.literal
        return f"{self.particle} {self.family}".strip()

    @classmethod
    def from_csl(cls, data: Mapping[str, Any]) -> Name:
        return cls(
            family=data.get("family", ""), given=data.get("given", ""),
            particle=data.get("non-dropping-particle", ""),
            dropping_particle=data.get("dropping-particle", ""), suffix=data.get("suffix", ""),
            literal=data.get("literal", ""),
        )


@dataclass(frozen=True)
class Entry:
    """One work of the bibliography."""

    key: str
    type: str
    line: int
    """The 1-based line where the entry starts in its own file."""
    authors: tuple[Name, ...]
    """The authors, or the editors of a work that has no author."""
    year: str | None
    """The year as written, with any suffix ('2022', '2010a'); 'in press' stays text; None is
    n.d."""
    title: str = ""
    short_author: str | None = None
    """An abbreviation the text may use for a group author ('CRS')."""
    fields: Mapping[str, str] = field(default_factory=dict)
    """The raw biblatex fields, braces kept."""
    csl: Mapping[str, Any] = field(default_factory=dict)
    """The entry as a CSL item, as pandoc's citeproc sees it (pandoc's CSL YAML: string values,
    Markdown markup such as ``[U.S.]{.nocase}`` kept)."""
    more_authors: bool = False
    """The author list ends in 'and others' (BibTeX) or 'et al.' (a typed reference list): the
    work has more authors than `authors` names."""
    raw: str = field(default="", compare=False, repr=False)
    """The entry's text as the `.bib` has it (empty for entries from elsewhere): a part of
    `Bibliography.accepted_text` that pandoc can be given alone."""


@dataclass(frozen=True)
class DuplicateKey:
    """A key that a later entry of the `.bib` uses again."""

    key: str
    line: int
    first_line: int


@dataclass(frozen=True)
class Bibliography:
    """The entries of a loaded `.bib` (or of a reference list), in file order."""

    path: Path | None
    entries: tuple[Entry, ...]
    duplicates: tuple[DuplicateKey, ...] = ()
    accepted_text: str = ""
    """The `.bib` text of the accepted entries, @string and @preamble blocks: what pandoc
    renders."""
    csl_json: str = ""
    """The accepted entries as pandoc's CSL JSON (empty for entries from elsewhere, and when
    loaded for a build that writes no JATS): what the JATS writer reads its element-citations
    from, far faster than the entries' CSL YAML."""

    def __getitem__(self, key: str) -> Entry:
        return self.by_key[key]

    @property
    def by_key(self) -> dict[str, Entry]:
        return {e.key: e for e in self.entries}

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.entries)


EMPTY = Bibliography(None, ())


def load_bibliography(path: Path, *, timeout: float = 60.0, limits: Limits = DEFAULT_LIMITS,
                      cache: Cache | None = None, csl_json: bool = True) -> Bibliography:
    """Read, validate and normalise a `.bib` file. A text loaded before under the same limits
    comes from `cache` as it was loaded then: an unchanged `.bib` costs neither the parser's
    import nor a pandoc run (a tenth of a second for a short one, seconds for thousands of
    entries). `csl_json` False: without `Bibliography.csl_json`, for a build that writes no
    JATS (pandoc's own writer, without the Lua writer that gives both)."""
    check_file(path, limits, "bibliography_bytes")
    text = read_text(path, "bibliography")
    cache = cache or Cache(None)
    # only a bibliography that loaded is kept: a broken one is reported, with its lines, every
    # time; the fresh load is read back from its record too, so both ways give the same object
    key = fingerprint("loaded", text, repr(limits), pandoc.PANDOC_VERSION)
    if not csl_json and not cache.holds("bib", key):  # one loaded with its JSON serves too
        key = fingerprint("loaded without CSL JSON", key)
    stored = cache.remember("bib", key, lambda: _record(_load(path, text, timeout, limits,
                                                              csl_json)))
    return _from_record(path, json.loads(stored))


def _load(path: Path, text: str, timeout: float, limits: Limits,
          with_json: bool = True) -> Bibliography:
    from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

    library = _parse(text)
    errors = [
        InputError(path, _parse_failure(block), _line(block))
        for block in library.failed_blocks
        if isinstance(block, ParsingFailedBlock) and not isinstance(block, DuplicateBlockKeyBlock)
    ]
    # what would make citeproc expand strings or follow crossrefs without end
    errors += check_bibliography(
        {s.key.lower(): (str(s.value), _line(s)) for s in library.strings},
        [(e.key, _line(e), {f.key.lower(): str(f.value) for f in e.fields})
         for e in library.entries], path, limits)
    if errors:
        raise InputErrors(errors)
    first_line = {e.key: _line(e) for e in library.entries}
    duplicates = tuple(
        DuplicateKey(block.key, _line(block), first_line.get(block.key, 0))
        for block in library.failed_blocks if isinstance(block, DuplicateBlockKeyBlock)
    )
    accepted = "\n\n".join(
        block.raw or "" for block in library.blocks
        if not isinstance(block, (ParsingFailedBlock, DuplicateBlockKeyBlock))
        and (block.raw or "").lstrip().startswith("@")
    )
    items, csl_json = pandoc.bibtex_to_references(path, accepted, timeout=timeout,
                                                  csl_json=with_json)
    if csl_json:  # kept without pandoc's indentation: a third of the size, in every build
        csl_json = json.dumps(json.loads(csl_json), ensure_ascii=False, separators=(",", ":"))
    csl = {item["id"]: item for item in items}
    entries = tuple(_entry(e, csl.get(e.key, {})) for e in library.entries)
    return Bibliography(path, entries, duplicates, accepted, csl_json)


def _record(bibliography: Bibliography) -> bytes:
    """A loaded bibliography as JSON, for the cache (its path is the reader's to give)."""
    # the fields as they are (asdict copies every nested value: seconds at thousands of entries)
    return json.dumps({
        "entries": [{**vars(e), "authors": [vars(a) for a in e.authors]}
                    for e in bibliography.entries],
        "duplicates": [asdict(d) for d in bibliography.duplicates],
        "accepted": bibliography.accepted_text,
        "csl_json": bibliography.csl_json,
    }).encode()


def _from_record(path: Path, record: dict[str, Any]) -> Bibliography:
    entries = tuple(
        Entry(**{**e, "authors": tuple(Name(**a) for a in e["authors"])})
        for e in record["entries"])
    duplicates = tuple(DuplicateKey(**d) for d in record["duplicates"])
    return Bibliography(path, entries, duplicates, record["accepted"], record["csl_json"])


def _line(block: Block) -> int:
    """The 1-based line where a block starts (bibtexparser counts from 0)."""
    return (block.start_line or 0) + 1


def _parse(text: str) -> Library:
    """Parse with bibtexparser, keeping its complaints (it logs them) for our own messages."""
    # logging only here: a check of a .bib loaded before never parses it, nor logs
    import logging

    from bibtexparser.entrypoint import parse_string

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    records: list[logging.LogRecord] = []
    handler = _Collect()
    logger = logging.getLogger("bibtexparser")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        library = parse_string(text)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    reasons = [r.getMessage() for r in records]
    for block in library.failed_blocks:
        line = f"(line {_line(block) - 1})"  # bibtexparser counts from 0
        block.reason = next((r for r in reasons if line in r), "")  # type: ignore[attr-defined]
    return library


def _parse_failure(block: ParsingFailedBlock) -> str:
    reason = getattr(block, "reason", "").strip().splitlines()
    detail = reason[-1].strip() if reason else "it cannot be parsed"
    head = (block.raw or "").strip().split("\n", 1)[0][:50]
    return f"malformed entry {head!r}: {detail}"


def _entry(entry: _BibEntry, csl: Mapping[str, Any]) -> Entry:
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    people = [Name.from_csl(p) for p in csl.get("author") or csl.get("editor") or []]
    # BibTeX's 'and others' is not an author called Others: it stands for 'et al.'
    more = bool(people) and people[-1].literal.casefold() == "others"
    return Entry(
        key=entry.key,
        type=entry.entry_type.lower(),
        line=_line(entry),
        authors=tuple(people[:-1] if more else people),
        more_authors=more,
        raw=entry.raw or "",
        year=_year(fields, csl),
        title=plain(str(csl.get("title", ""))),
        short_author=_unbrace(fields["shortauthor"]) if "shortauthor" in fields else None,
        fields=fields,
        csl=csl,
    )


def plain(markdown: str) -> str:
    """A CSL YAML value as plain text: ``[U.S.]{.nocase}`` -> ``U.S.``, ``*word*`` -> ``word``."""
    text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", markdown)
    return re.sub(r"(?<!\\)[*_]", "", text).replace("\\", "")


def _year(fields: Mapping[str, str], csl: Mapping[str, Any]) -> str | None:
    raw = _unbrace(fields.get("year") or fields.get("date") or "")
    match = _YEAR.match(raw)
    if match:
        return match.group(0)
    # ABNT's uncertain dates ('[197-]', '[1971 ou 1972]', biblatex's '197X') as the citation
    # repeats them; one year however its certainty is marked ('[ca. 1960]', '[1969?]') is it
    uncertain = dates.read(raw)
    if uncertain is not None:
        return uncertain.written
    exact = dates.exact_year(raw)
    if exact is not None:
        return exact
    if raw and not raw[:1].isdigit():
        return raw  # 'in press', 'forthcoming'
    issued = csl.get("issued")
    match = _YEAR.match(str(issued or ""))
    return match.group(0) if match else None


def _unbrace(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("{", "").replace("}", "").strip())
