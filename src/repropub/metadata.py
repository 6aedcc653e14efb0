"""The article's metadata: the manuscript's YAML front matter, checked and typed.

Takes the front matter as text and gives an `ArticleMetadata`. Every field a renderer or an
export reads is declared here once; a value that is missing where it is required, or malformed
(a DOI that is not a DOI, a date that does not parse, a last page before the first), raises a
`MetadataError` that names the field and its line before anything is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repropub import tables
from repropub.errors import InputErrors, MetadataError

if TYPE_CHECKING:
    import yaml

    from repropub.limits import Limits

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
ORCID = re.compile(r"^(\d{4}-){3}\d{3}[\dX]$")
URL = re.compile(r"^https?://\S+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


CITATION_STYLES = ("apa", "harvard", "abnt", "chicago")
"""The author-date families the checker knows (repropub.citations.styles.FAMILIES)."""
CITATION_STYLE = re.compile(rf"^(?i:{'|'.join(CITATION_STYLES)})$")

@dataclass(frozen=True)
class Affiliation:
    """An institution an author belongs to."""

    id: str
    name: str
    city: str | None = None
    country: str | None = None

    @property
    def display(self) -> str:
        return ", ".join(p for p in (self.name, self.city, self.country) if p)


@dataclass(frozen=True)
class CreditRole:
    """A CRediT contributor role (ANSI/NISO Z39.104), from `credit.yaml`."""

    term: str
    slug: str

    @property
    def uri(self) -> str:
        return f"https://credit.niso.org/contributor-roles/{self.slug}/"


@dataclass(frozen=True)
class Author:
    """One author, in the order of the byline."""

    given: str
    family: str
    affiliations: tuple[Affiliation, ...] = ()
    role: str | None = None
    email: str | None = None
    orcid: str | None = None
    corresponding: bool = False
    equal_contribution: bool = False
    """Marked with a dagger: contributed equally with the other authors so marked."""
    credit: tuple[CreditRole, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}".strip()

    @property
    def initials(self) -> str:
        """APA initials of the given names: 'Mohammed Kabeer' -> 'M. K.'."""
        parts = re.split(r"[\s]+", self.given.strip())
        return " ".join(
            "-".join(f"{piece[0]}." for piece in part.split("-") if piece) for part in parts if part
        )


@dataclass(frozen=True)
class Journal:
    """The journal the article appears in."""

    title: str
    abbreviation: str | None = None
    issn: str | None = None
    eissn: str | None = None
    publisher: str | None = None
    publisher_location: str | None = None


@dataclass(frozen=True)
class License:
    """The licence the article is published under."""

    name: str
    url: str
    statement: str | None = None


@dataclass(frozen=True)
class History:
    """The dates the article was received, accepted and published."""

    received: dt.date | None = None
    accepted: dt.date | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Funding:
    """One funder and the awards it made for this work (JATS <award-group>, Crossref FundRef)."""

    funder: str
    funder_id: str | None = None
    """The funder's DOI in the Open Funder Registry (``10.13039/...``), when known."""
    awards: tuple[str, ...] = ()


@dataclass(frozen=True)
class Supplement:
    """A supplementary file: copied beside the page and listed with its title."""

    file: str
    title: str


@dataclass(frozen=True)
class Deposit:
    """Who deposits the DOI metadata with Crossref (the front matter's `crossref:` field)."""

    depositor: str
    email: str
    registrant: str


@dataclass(frozen=True)
class ArticleMetadata:
    """The front matter, checked and typed: everything a renderer or an export reads."""

    title: str
    authors: tuple[Author, ...] = ()
    short_title: str | None = None
    article_type: str | None = None
    lang: str = "en-US"
    keywords: tuple[str, ...] = ()
    abstract: str | None = None
    history: History = History()
    journal: Journal | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    doi: str | None = None
    url: str | None = None
    copyright_year: int | None = None
    copyright_holder: str | None = None
    license: License | None = None
    nocite: str | None = None
    deposit: Deposit | None = None
    funding: tuple[Funding, ...] = ()
    acknowledgements: str | None = None
    data_availability: str | None = None
    conflicts: str | None = None
    """The competing-interests statement (front matter `conflict-of-interest`)."""
    supplements: tuple[Supplement, ...] = ()
    template: str | None = None
    """The journal design named in the front matter (``preprint``), if any."""
    citation_style: str | None = None
    """The author-date family the typed citations follow ('apa', 'harvard', 'abnt',
    'chicago'); None lets the checker tell from the citations."""

    @property
    def affiliations(self) -> tuple[Affiliation, ...]:
        """Every author's affiliation once, in order of first appearance: the numbering."""
        seen: dict[str, Affiliation] = {}
        for author in self.authors:
            for aff in author.affiliations:
                seen.setdefault(aff.id, aff)
        return tuple(seen.values())

    def affiliation_number(self, affiliation: Affiliation) -> int:
        """The 1-based number an affiliation is printed with."""
        return [a.id for a in self.affiliations].index(affiliation.id) + 1

    def authors_of(self, affiliation: Affiliation) -> tuple[Author, ...]:
        return tuple(a for a in self.authors
                     if any(aff.id == affiliation.id for aff in a.affiliations))

    @property
    def equal_contributors(self) -> tuple[Author, ...]:
        return tuple(a for a in self.authors if a.equal_contribution)

    @property
    def funding_statement(self) -> str:
        """'This work was funded by A (grants 1, 2) and B.', as printed and in JATS."""
        parts = [f.funder + (f" ({'grants' if len(f.awards) > 1 else 'grant'} "
                             f"{', '.join(f.awards)})" if f.awards else "") for f in self.funding]
        if not parts:
            return ""
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"This work was funded by {listed}."

    @property
    def equal_contribution_note(self) -> str:
        names = [a.name for a in self.equal_contributors]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{listed} contributed equally to this work."

    @property
    def has_credit(self) -> bool:
        return any(a.credit for a in self.authors)

    @property
    def running_title(self) -> str:
        return self.short_title or self.title

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def pages(self) -> str | None:
        if self.first_page and self.last_page:
            return f"{self.first_page}\u2013{self.last_page}"
        return self.first_page

    @property
    def year(self) -> int | None:
        return self.history.published.year if self.history.published else self.copyright_year

    @property
    def corresponding_authors(self) -> tuple[Author, ...]:
        return tuple(a for a in self.authors if a.corresponding)


class _Fields:
    """Reads typed values out of one YAML mapping. A bad value is reported (with the field's
    name and line) into the shared `errors` list and read as missing, so that one pass over the
    front matter finds every problem."""

    def __init__(self, data: Mapping[str, Any], lines: Mapping[str, int], path: Path,
                 prefix: str = "", errors: list[MetadataError] | None = None) -> None:
        self.data, self.lines, self.path, self.prefix = data, lines, path, prefix
        self.errors: list[MetadataError] = [] if errors is None else errors

    def report(self, key: str, message: str) -> None:
        name = self.prefix + key
        line = self.lines.get(name) or self.lines.get(self.prefix.rstrip(".")) or 1
        self.errors.append(MetadataError(self.path, f"front matter field '{name}': {message}",
                                         line))

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.report(key, "is required")
            return None
        if isinstance(value, (dict, list)):
            kind = "list" if isinstance(value, list) else "mapping"
            self.report(key, f"must be text, not a {kind}")
            return None
        return str(value).strip()

    def required(self, key: str) -> str:
        return self.text(key, required=True) or ""

    def pattern(self, key: str, regex: re.Pattern[str], what: str) -> str | None:
        value = self.text(key)
        if value is not None and not regex.match(value):
            self.report(key, f"{value!r} is not {what}")
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.report(key, f"{value!r} is not a date (write YYYY-MM-DD)")
            return None

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(s.strip() for s in value.split(",") if s.strip())
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.report(key, "must be a list of words or phrases")
            return ()
        return tuple(str(v).strip() for v in value)

    def mapping(self, key: str) -> _Fields | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report(key, "must be a mapping of fields")
            return None
        return _Fields(value, self.lines, self.path, f"{self.prefix}{key}.", self.errors)

    def items(self, key: str) -> list[_Fields]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.report(key, "must be a list of mappings")
            return []
        return [_Fields(v, self.lines, self.path, f"{self.prefix}{key}[{i}].", self.errors)
                for i, v in enumerate(value)]


def read_front_matter(text: str, path: Path, first_line: int, limits: Limits, *,
                      cache: bool = True) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter's fields and the manuscript line of each, once its size, nesting and
    aliases are within `limits`: read by PyYAML the first time, then from the cache while the
    text, the limits, PyYAML and this package stay the same (every `check` of a manuscript
    reads it, and PyYAML's import alone costs more than the rest of reading it); without `cache`
    (``--no-cache``) read every time. A front matter that fails is read, and reported, every
    time."""
    from repropub.limits import check_front_matter

    def read() -> list[Any]:
        check_front_matter(text, path, first_line, limits)
        return [parse_front_matter(text, path, first_line), key_lines(text, first_line)]

    data, lines = tables.remember("front", ("front matter", text, str(first_line),
                                            repr(limits)), read, code=True, cache=cache)
    return data, lines


def parse_front_matter(text: str, path: Path, first_line: int) -> dict[str, Any]:
    """Load the YAML safely; a syntax error names its line in the manuscript."""
    import yaml

    from repropub.front_yaml import FastLoader, Loader

    if FastLoader is not Loader and text.strip():
        try:
            data = yaml.load(text, Loader=FastLoader)
        except (yaml.YAMLError, ValueError):
            pass  # PyYAML's parser reads it again, to say what is wrong in its words
        else:
            if not isinstance(data, dict):
                raise MetadataError(path, "front matter must be a mapping of fields",
                                    first_line)
            return data
    try:
        data = yaml.load(text, Loader=Loader) if text.strip() else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = first_line + mark.line if mark is not None else first_line
        if isinstance(exc, yaml.constructor.ConstructorError):
            fields = [k for k, at in key_lines(text, first_line).items() if at == line]
            if fields:
                raise MetadataError(path, f"front matter field '{fields[-1]}': {exc.problem}",
                                    line) from None
        raise MetadataError(path, f"front matter is not valid YAML: {exc.problem}", line) from None
    except yaml.reader.ReaderError as exc:  # a control character; it has no mark, a position
        line = first_line + text[: exc.position].count("\n")
        raise MetadataError(path, f"front matter is not valid YAML: {exc.reason} "
                                  f"(character {exc.character!r})", line) from None
    except (yaml.YAMLError, ValueError) as exc:
        # PyYAML raises a plain ValueError for an impossible date such as 2024-13-45
        raise MetadataError(path, f"front matter is not valid YAML: {' '.join(str(exc).split())}",
                            first_line) from None
    if not isinstance(data, dict):
        raise MetadataError(path, "front matter must be a mapping of fields", first_line)
    return data


def key_lines(text: str, first_line: int) -> dict[str, int]:
    """The manuscript line of every field, keyed by its dotted path (``authors[0].email``)."""
    import yaml

    from repropub.front_yaml import FAST_SAFE_LOADER

    lines: dict[str, int] = {}

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{prefix}{key.value}"
                lines[name] = first_line + key.start_mark.line
                walk(value, name + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[f"{prefix.rstrip('.')}[{i}]"] = first_line + item.start_mark.line
                walk(item, f"{prefix.rstrip('.')}[{i}].")

    try:
        root = yaml.compose(text, Loader=FAST_SAFE_LOADER)
    except yaml.YAMLError:
        try:  # what libyaml refuses, PyYAML's own parser may read (as the values were)
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return lines
    if root is not None:
        walk(root, "")
    return lines


def build_metadata(data: dict[str, Any], lines: Mapping[str, int], path: Path) -> ArticleMetadata:
    """Check every field and return the typed metadata; report every bad field at once."""
    f = _Fields(data, lines, path)
    affiliations = {
        a.required("id"): Affiliation(a.required("id"), a.required("name"), a.text("city"),
                                      a.text("country"))
        for a in f.items("affiliations")
    }
    authors = []
    for a in f.items("authors"):
        known = []
        for ref in a.strings("affiliations"):
            if ref in affiliations:
                known.append(affiliations[ref])
            else:
                a.report("affiliations", f"names {ref!r}, which is not in 'affiliations'")
        authors.append(Author(
            given=a.text("given") or "", family=a.required("family"), affiliations=tuple(known),
            role=a.text("role"), email=a.text("email"),
            orcid=_orcid(a), corresponding=bool(a.data.get("corresponding", False)),
            equal_contribution=bool(a.data.get("equal-contribution", False)),
            credit=_credit(a),
        ))
    journal = f.mapping("journal")
    history = f.mapping("history")
    deposit = f.mapping("crossref")
    license_ = f.mapping("license")
    copyright_ = f.mapping("copyright")
    first_page, last_page = f.text("first-page"), f.text("last-page")
    if first_page and last_page and first_page.isdigit() and last_page.isdigit() \
            and int(last_page) < int(first_page):
        f.report("last-page", f"{last_page} comes before first-page {first_page}")
    year = copyright_.text("year") if copyright_ else None
    if copyright_ and year is not None and not year.isdigit():
        copyright_.report("year", f"{year!r} is not a year")
        year = None
    metadata = ArticleMetadata(
        title=f.required("title"),
        authors=tuple(authors),
        short_title=f.text("short-title"),
        article_type=f.text("article-type"),
        lang=f.text("lang") or "en-US",
        keywords=f.strings("keywords"),
        abstract=f.text("abstract"),
        history=History(history.date("received"), history.date("accepted"),
                        history.date("published")) if history else History(),
        journal=Journal(
            title=journal.required("title"), abbreviation=journal.text("abbreviation"),
            issn=journal.text("issn"), eissn=journal.text("eissn"),
            publisher=journal.text("publisher"),
            publisher_location=journal.text("publisher-location"),
        ) if journal else None,
        volume=f.text("volume"),
        issue=f.text("issue"),
        first_page=first_page,
        last_page=last_page,
        doi=f.pattern("doi", DOI, "a DOI (10.NNNN/suffix, without https://doi.org/)"),
        url=f.pattern("url", URL, "an http(s) URL"),
        copyright_year=int(year) if year else None,
        copyright_holder=copyright_.text("holder") if copyright_ else None,
        license=License(
            name=license_.required("name"),
            url=license_.pattern("url", URL, "an http(s) URL") or "",
            statement=license_.text("statement"),
        ) if license_ else None,
        nocite=f.text("nocite"),
        citation_style=(f.pattern("citation-style", CITATION_STYLE, "one of "
                                  + ", ".join(CITATION_STYLES)) or "").lower() or None,
        deposit=Deposit(
            depositor=deposit.required("depositor"),
            email=deposit.pattern("email", EMAIL, "an e-mail address") or "",
            registrant=deposit.text("registrant") or deposit.required("depositor"),
        ) if deposit else None,
        funding=tuple(_funding(g) for g in f.items("funding")),
        acknowledgements=f.text("acknowledgements"),
        data_availability=f.text("data-availability"),
        conflicts=f.text("conflict-of-interest"),
        supplements=tuple(Supplement(item.required("file"), item.text("title") or "")
                          for item in f.items("supplementary")),
        template=_design(f),
    )
    if len(f.errors) == 1:
        raise f.errors[0]
    if f.errors:
        raise InputErrors(sorted(f.errors, key=lambda e: e.line or 0))
    return metadata


FUNDER_DOI = re.compile(r"^10\.13039/\S+$")


def _funding(group: _Fields) -> Funding:
    funder_id = group.text("funder-id")
    if funder_id:
        funder_id = funder_id.removeprefix("https://doi.org/")
        if not FUNDER_DOI.match(funder_id):
            group.report("funder-id", f"{funder_id!r} is not an Open Funder Registry DOI "
                                      "(10.13039/...)")
            funder_id = None
    return Funding(funder=group.required("funder"), funder_id=funder_id,
                   awards=group.strings("award"))


@functools.cache
def credit_roles() -> dict[str, CreditRole]:
    """The CRediT roles keyed by their letters alone, so that 'writing-original-draft',
    'Writing - original draft' and 'WRITING: Original draft' all name the same role."""
    data = tables.load(Path(__file__).parent / "credit.yaml")
    roles = {}
    for item in data:
        role = CreditRole(item["term"], item["slug"])
        roles[_letters(role.term)] = roles[_letters(role.slug)] = role
    return roles


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower().replace("&", ""))


def _credit(author: _Fields) -> tuple[CreditRole, ...]:
    roles = credit_roles()
    found = []
    for name in author.strings("credit"):
        role = roles.get(_letters(name))
        if role is None:
            terms = sorted({r.term for r in roles.values()})
            close = difflib.get_close_matches(name, terms, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            author.report("credit", f"{name!r} is not a CRediT role{hint}")
        else:
            found.append(role)
    return tuple(found)


def _design(f: _Fields) -> str | None:
    name = f.text("template")
    if name is None:
        return None
    from repropub.designs import DESIGNS  # with its file handling: only when a design is named

    if name not in DESIGNS:
        f.report("template", f"{name!r} is not a design of this project (choose from "
                             f"{', '.join(DESIGNS)}; another folder is chosen with --templates)")
        return None
    return name


def _orcid(author: _Fields) -> str | None:
    value = author.text("orcid")
    if value is None:
        return None
    value = value.removeprefix("https://orcid.org/")
    if not ORCID.match(value) or not _orcid_checksum_ok(value):
        author.report("orcid", f"{value!r} is not a valid ORCID iD (wrong format or check digit)")
        return None
    return value


def _orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2, as ORCID specifies."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))
