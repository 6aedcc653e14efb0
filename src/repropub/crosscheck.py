"""The metadata cross-check: every output read back and compared with the front matter.

Takes an output folder and the `ArticleMetadata` it was built from; reads the HTML page's meta
tags and JSON-LD, the PDF's info and XMP, the JATS, the Crossref deposit and the citation files;
and reports every disagreement in DOI, title, authors' given and family names, publication
date, volume, issue, pages and licence as a `Discrepancy`, printed as
``out/article.jats.xml: error: volume is '5', the front matter says '4' [metadata.mismatch]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree, html

from repropub.metadata import ArticleMetadata
from repropub.outputs import NAMES


@dataclass(frozen=True)
class Discrepancy:
    path: Path
    severity: Literal["error", "warning"]
    message: str
    code: str
    part: str = ""
    """Which part of the file disagrees, when it carries the metadata twice ("JSON-LD", "XMP")."""

    def __str__(self) -> str:
        where = f"{self.path} ({self.part})" if self.part else str(self.path)
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


Facts = dict[str, str]
"""What one output says, field by field (authors as 'Family, Given; Family, Given')."""
Parts = dict[str, Facts]
"""An output's facts by part: "" for the file as a whole, or a name ("JSON-LD", "XMP")."""

_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def expected(meta: ArticleMetadata) -> Facts:
    published = meta.history.published
    facts = {
        "doi": meta.doi, "title": meta.title,
        "authors": _people((a.family, a.given or "") for a in meta.authors),
        "date": published.isoformat() if published else None,
        "volume": meta.volume, "issue": meta.issue,
        "first page": meta.first_page, "last page": meta.last_page,
        "licence": meta.license.url if meta.license else None,
    }
    return {k: v for k, v in facts.items() if v}


def cross_check(out_dir: Path, meta: ArticleMetadata,
                shown_as: Path | None = None) -> list[Discrepancy]:
    """Every disagreement between an output and the front matter.

    `shown_as` is the folder to name in the messages (the build checks its staging folder
    before it becomes the output folder).
    """
    want = expected(meta)
    problems: list[Discrepancy] = []
    readable = set()
    for kind, read in READERS.items():
        if not (out_dir / NAMES[kind]).exists():
            continue
        path = (shown_as or out_dir) / NAMES[kind]
        try:
            parts = read(out_dir / NAMES[kind])
        except (OSError, ValueError, etree.XMLSyntaxError, _pdf_error()) as exc:
            problems.append(Discrepancy(path, "error", f"cannot be read back: {exc}",
                                        "metadata.unreadable"))
            continue
        readable.add(kind)
        for part, found in parts.items():
            for field, value in found.items():
                if field in want and _norm(value) != _norm(want[field]):
                    problems.append(Discrepancy(
                        path, "error", f"{field} is {value!r}, the front matter says "
                        f"{want[field]!r}", "metadata.mismatch", part))
            not_carried = OPTIONAL.get((kind, part), set())
            if "*" not in not_carried:
                for field in sorted(want.keys() - found.keys() - not_carried):
                    problems.append(Discrepancy(path, "error", f"{field} is missing",
                                                "metadata.missing", part))
    if "pdf" in readable and meta.first_page and meta.last_page \
            and meta.first_page.isdigit() and meta.last_page.isdigit():
        problems += _page_span(out_dir / NAMES["pdf"], int(meta.first_page),
                               int(meta.last_page), (shown_as or out_dir) / NAMES["pdf"])
    return problems


def _pdf_error() -> type[Exception]:
    import pikepdf

    error: type[Exception] = pikepdf.PdfError
    return error


def _page_span(pdf: Path, first: int, last: int, shown: Path) -> list[Discrepancy]:
    """The typeset PDF should run over the pages the metadata announces."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        count = len(document.pages)
    if count == last - first + 1:
        return []
    return [Discrepancy(shown, "warning", f"the PDF runs over pages {first}\u2013"
                        f"{first + count - 1}, the front matter says {first}\u2013{last} "
                        "(adjust print.css or the page numbers)", "metadata.page-count")]


def _norm(value: str) -> str:
    return " ".join(value.replace("\u2019", "'").split()).rstrip("/").lower()


def _people(names: Iterator[tuple[str, str]]) -> str:
    """``Family, Given; ...``; an author known by one name (``Stranger``) has no comma."""
    return "; ".join(", ".join(part for part in (family, given) if part)
                     for family, given in names)


def _html(path: Path) -> Parts:
    root = html.parse(str(path)).getroot()
    if root is None:
        raise ValueError("the page is empty")

    def meta(name: str) -> list[str]:
        return [m.get("content", "") for m in root.iterfind(f".//meta[@name='{name}']")]

    facts = {"doi": meta("citation_doi"), "title": meta("citation_title"),
             "volume": meta("citation_volume"), "issue": meta("citation_issue"),
             "first page": meta("citation_firstpage"), "last page": meta("citation_lastpage"),
             "licence": meta("DC.rights")}
    found = {k: v[0] for k, v in facts.items() if v}
    found["authors"] = "; ".join(meta("citation_author"))
    if meta("citation_publication_date"):
        found["date"] = meta("citation_publication_date")[0].replace("/", "-")
    parts = {"": found}
    for script in root.iterfind(".//script[@type='application/ld+json']"):
        parts["JSON-LD"] = _json_ld(json.loads(script.text or "{}"))
    return parts


def _json_ld(ld: dict[str, object]) -> Facts:
    def get(node: object, *keys: str) -> object:
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    authors = ld.get("author")
    people: list[object] = authors if isinstance(authors, list) else []
    issue = get(ld, "isPartOf")
    volume = get(issue, "isPartOf") if get(issue, "@type") == "PublicationIssue" else issue
    found = {
        "title": ld.get("headline"), "date": ld.get("datePublished"),
        "first page": ld.get("pageStart"), "last page": ld.get("pageEnd"),
        "licence": ld.get("license"), "doi": get(ld, "identifier", "value"),
        "authors": _people((str(get(p, "familyName") or ""), str(get(p, "givenName") or ""))
                           for p in people),
        "issue": get(issue, "issueNumber"), "volume": get(volume, "volumeNumber"),
    }
    return {k: str(v) for k, v in found.items() if v}


def _jats(path: Path) -> Facts:
    root = etree.parse(str(path), _SAFE).getroot()
    meta = root.find("front/article-meta")
    if meta is None:
        raise ValueError("no <article-meta>")
    xlink = "{http://www.w3.org/1999/xlink}href"
    pub_date = meta.find("pub-date")
    licence = meta.find("permissions/license")
    found = {
        "doi": meta.findtext("article-id[@pub-id-type='doi']"),
        "title": meta.findtext("title-group/article-title"),
        "authors": _people((n.findtext("surname", ""), n.findtext("given-names", ""))
                           for n in meta.iterfind("contrib-group/contrib/name")),
        "date": pub_date.get("iso-8601-date") if pub_date is not None else None,
        "volume": meta.findtext("volume"), "issue": meta.findtext("issue"),
        "first page": meta.findtext("fpage"), "last page": meta.findtext("lpage"),
        "licence": licence.get(xlink) if licence is not None else None,
    }
    return {k: v for k, v in found.items() if v}


def _crossref(path: Path) -> Facts:
    cr = "{http://www.crossref.org/schema/5.3.1}"
    root = etree.parse(str(path), _SAFE).getroot()
    article = root.find(f".//{cr}journal_article")
    if article is None:
        raise ValueError("no <journal_article>")
    date = article.find(f"{cr}publication_date")
    found = {
        "doi": article.findtext(f"{cr}doi_data/{cr}doi"),
        "title": article.findtext(f"{cr}titles/{cr}title"),
        "authors": _people((p.findtext(f"{cr}surname", ""), p.findtext(f"{cr}given_name", ""))
                           for p in article.iterfind(f"{cr}contributors/{cr}person_name")),
        "date": "-".join(date.findtext(f"{cr}{part}", "") for part in ("year", "month", "day"))
        if date is not None else None,
        "volume": root.findtext(f".//{cr}journal_volume/{cr}volume"),
        "issue": root.findtext(f".//{cr}journal_issue/{cr}issue"),
        "first page": article.findtext(f"{cr}pages/{cr}first_page"),
        "last page": article.findtext(f"{cr}pages/{cr}last_page"),
        "licence": article.findtext(".//{http://www.crossref.org/AccessIndicators.xsd}"
                                    "license_ref"),
    }
    return {k: v for k, v in found.items() if v}


def _csl_json(path: Path) -> Facts:
    item = json.loads(path.read_text(encoding="utf-8"))[0]
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    first, _, last = str(item.get("page", "")).partition("\u2013")
    found = {
        "doi": item.get("DOI"), "title": item.get("title"),
        "authors": _people((a.get("family", ""), a.get("given", ""))
                           for a in item.get("author", [])),
        "date": "-".join(f"{p:02d}" for p in parts) if len(parts) == 3 else None,
        "volume": item.get("volume"), "issue": item.get("issue"),
        "first page": first or None, "last page": last or None, "licence": item.get("license"),
    }
    return {k: str(v) for k, v in found.items() if v}


def _ris(path: Path) -> Facts:
    tags: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if match:
            tags.setdefault(match.group(1), []).append(match.group(2))
    found = {field: tags[tag][0] for field, tag in (
        ("doi", "DO"), ("title", "TI"), ("volume", "VL"), ("issue", "IS"),
        ("first page", "SP"), ("last page", "EP")) if tag in tags}
    found["authors"] = "; ".join(tags.get("AU", []))
    if "DA" in tags:
        found["date"] = tags["DA"][0].replace("/", "-")
    return found


def _bibtex(path: Path) -> Facts:
    text = path.read_text(encoding="utf-8")
    fields = dict(re.findall(r"^\s*(\w+) = \{(.*)\},?$", text, flags=re.MULTILINE))
    found = {"doi": fields.get("doi"), "title": fields.get("title", "").strip("{}") or None,
             "authors": fields.get("author", "").replace(" and ", "; ") or None,
             "volume": fields.get("volume"), "issue": fields.get("number")}
    first, _, last = fields.get("pages", "").partition("--")
    found.update({"first page": first or None, "last page": last or None})
    return {k: v for k, v in found.items() if v}


def _pdf(path: Path) -> Parts:
    import pikepdf

    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        info_title = str(pdf.docinfo.get("/Title", ""))
        found = {
            "doi": meta.get("{http://prismstandard.org/namespaces/basic/2.0/}doi"),
            "volume": meta.get("{http://prismstandard.org/namespaces/basic/2.0/}volume"),
            "issue": meta.get("{http://prismstandard.org/namespaces/basic/2.0/}number"),
            "first page": meta.get("{http://prismstandard.org/namespaces/basic/2.0/}"
                                   "startingPage"),
            "last page": meta.get("{http://prismstandard.org/namespaces/basic/2.0/}"
                                  "endingPage"),
            "date": meta.get("{http://prismstandard.org/namespaces/basic/2.0/}"
                             "publicationDate"),
            "licence": meta.get("{http://ns.adobe.com/xap/1.0/rights/}WebStatement"),
        }
        found["title"] = meta.get("dc:title")
    return {"XMP": {k: str(v) for k, v in found.items() if v},
            "info": {"title": info_title} if info_title else {}}


def _whole(read: Callable[[Path], Facts]) -> Callable[[Path], Parts]:
    return lambda path: {"": read(path)}


READERS: dict[str, Callable[[Path], Parts]] = {
    "html": _html, "pdf": _pdf, "jats": _whole(_jats), "crossref": _whole(_crossref),
    "csljson": _whole(_csl_json), "ris": _whole(_ris), "bibtex": _whole(_bibtex),
}
OPTIONAL: dict[tuple[str, str], set[str]] = {
    # what a format (or a part of it) cannot carry, or carries only as free text
    ("pdf", "XMP"): {"authors"},
    ("pdf", "info"): {"*"},
    ("ris", ""): {"licence"},
    ("bibtex", ""): {"licence", "date"},
}
