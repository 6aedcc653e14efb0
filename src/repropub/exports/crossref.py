"""The Crossref deposit: schema 5.3.1 XML registering the article's DOI and its references.

Takes the metadata (the depositor and registrant from the front matter's `crossref:` field, the
resource URL from `url`), the bibliography and its formatted references, and the build's source
date. Every bibliography entry becomes a <citation>: the DOI when the entry has one, structured
fields where known, and always the formatted reference as <unstructured_citation>.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from lxml import etree

from repropub.bibliography import Bibliography, Entry, plain
from repropub.body import Reference
from repropub.errors import MetadataError
from repropub.metadata import ArticleMetadata

CR = "http://www.crossref.org/schema/5.3.1"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
AI = "http://www.crossref.org/AccessIndicators.xsd"
FR = "http://www.crossref.org/fundref.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{CR} https://www.crossref.org/schemas/crossref5.3.1.xsd"
DOI = re.compile(r"10\.\d{4,9}/\S+")


def missing_settings(meta: ArticleMetadata) -> list[str]:
    """The front-matter fields a deposit needs and this article lacks."""
    missing = [name for name, value in (
        ("doi", meta.doi), ("url", meta.url), ("journal", meta.journal),
        ("history.published", meta.history.published),
        ("crossref.depositor", meta.deposit and meta.deposit.depositor),
        ("crossref.email", meta.deposit and meta.deposit.email),
    ) if not value]
    return missing


def crossref_deposit(meta: ArticleMetadata, bibliography: Bibliography,
                     references: tuple[Reference, ...], stamp: dt.datetime,
                     source: str) -> bytes:
    """The deposit XML; a missing setting raises `MetadataError` naming it."""
    missing = missing_settings(meta)
    if missing:
        raise MetadataError(source, "the Crossref deposit needs the front matter field(s) "
                            + ", ".join(f"'{m}'" for m in missing))
    assert meta.deposit and meta.journal and meta.doi and meta.url and meta.history.published
    root = etree.Element(f"{{{CR}}}doi_batch", nsmap={None: CR, "xsi": XSI, "jats": JATS,
                                                       "ai": AI}, version="5.3.1")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    head = _sub(root, "head")
    batch = hashlib.sha256(f"{meta.doi}\n{stamp.isoformat()}".encode()).hexdigest()[:20]
    _sub(head, "doi_batch_id", f"repropub-{batch}")
    _sub(head, "timestamp", stamp.strftime("%Y%m%d%H%M%S"))
    depositor = _sub(head, "depositor")
    _sub(depositor, "depositor_name", meta.deposit.depositor)
    _sub(depositor, "email_address", meta.deposit.email)
    _sub(head, "registrant", meta.deposit.registrant)

    journal = _sub(_sub(root, "body"), "journal")
    lang = meta.lang.split("-")[0]
    journal_metadata = _sub(journal, "journal_metadata", language=lang)
    _sub(journal_metadata, "full_title", meta.journal.title)
    if meta.journal.abbreviation:
        _sub(journal_metadata, "abbrev_title", meta.journal.abbreviation)
    if meta.journal.issn:
        _sub(journal_metadata, "issn", meta.journal.issn, media_type="print")
    if meta.journal.eissn:
        _sub(journal_metadata, "issn", meta.journal.eissn, media_type="electronic")

    if meta.volume or meta.issue:
        issue = _sub(journal, "journal_issue")
        _date(issue, meta.history.published)
        if meta.volume:
            _sub(_sub(issue, "journal_volume"), "volume", meta.volume)
        if meta.issue:
            _sub(issue, "issue", meta.issue)

    article = _sub(journal, "journal_article", publication_type="full_text", language=lang)
    _sub(_sub(article, "titles"), "title", meta.title)
    if meta.authors:
        contributors = _sub(article, "contributors")
        for i, author in enumerate(meta.authors):
            person = _sub(contributors, "person_name", sequence="first" if i == 0
                          else "additional", contributor_role="author")
            if author.given:
                _sub(person, "given_name", author.given)
            _sub(person, "surname", author.family)
            if author.affiliations:
                affiliations = _sub(person, "affiliations")
                for aff in author.affiliations:
                    institution = _sub(affiliations, "institution")
                    _sub(institution, "institution_name", aff.name)
                    place = ", ".join(p for p in (aff.city, aff.country) if p)
                    if place:
                        _sub(institution, "institution_place", place)
            if author.orcid:
                _sub(person, "ORCID", f"https://orcid.org/{author.orcid}",
                     authenticated="false")
    if meta.abstract:
        abstract = etree.SubElement(article, f"{{{JATS}}}abstract")
        etree.SubElement(abstract, f"{{{JATS}}}p").text = meta.abstract
    _date(article, meta.history.published)
    if meta.first_page:
        pages = _sub(article, "pages")
        _sub(pages, "first_page", meta.first_page)
        if meta.last_page:
            _sub(pages, "last_page", meta.last_page)
    if meta.funding:
        _fundref(article, meta)
    if meta.license:
        program = etree.SubElement(article, f"{{{AI}}}program", name="AccessIndicators")
        etree.SubElement(program, f"{{{AI}}}free_to_read")
        licence = etree.SubElement(program, f"{{{AI}}}license_ref", applies_to="vor",
                                   start_date=meta.history.published.isoformat())
        licence.text = meta.license.url
    doi_data = _sub(article, "doi_data")
    _sub(doi_data, "doi", meta.doi)
    _sub(doi_data, "resource", meta.url)
    if bibliography.entries:
        citations = _sub(article, "citation_list")
        formatted = {ref.key: ref.text for ref in references}
        for entry in bibliography.entries:
            _citation(citations, entry, formatted.get(entry.key))
    body: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True,
                                 pretty_print=True)
    return body


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CR}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _fundref(article: etree._Element, meta: ArticleMetadata) -> None:
    """FundRef: one fundgroup per funder, its Funder Registry DOI nested in its name."""
    program = etree.SubElement(article, f"{{{FR}}}program", name="fundref", nsmap={"fr": FR})
    for funding in meta.funding:
        group = etree.SubElement(program, f"{{{FR}}}assertion", name="fundgroup")
        name = etree.SubElement(group, f"{{{FR}}}assertion", name="funder_name")
        name.text = funding.funder
        if funding.funder_id:
            identifier = etree.SubElement(name, f"{{{FR}}}assertion", name="funder_identifier")
            identifier.text = f"https://doi.org/{funding.funder_id}"
        for award in funding.awards:
            etree.SubElement(group, f"{{{FR}}}assertion", name="award_number").text = award


def _date(parent: etree._Element, day: dt.date) -> None:
    date = _sub(parent, "publication_date", media_type="online")
    _sub(date, "month", f"{day.month:02d}")
    _sub(date, "day", f"{day.day:02d}")
    _sub(date, "year", str(day.year))


def _citation(parent: etree._Element, entry: Entry, formatted: str | None) -> None:
    """Structured fields in the schema's order, then the formatted reference."""
    citation = _sub(parent, "citation", key=f"ref-{entry.key}")
    csl = entry.csl
    kind = str(csl.get("type", ""))
    container = plain(str(csl.get("container-title", "")))
    if kind == "article-journal" and container:
        _sub(citation, "journal_title", container)
    if entry.authors:
        _sub(citation, "author", entry.authors[0].surname)
    for field, tag in (("volume", "volume"), ("issue", "issue")):
        if csl.get(field):
            _sub(citation, tag, str(csl[field]))
    page = str(csl.get("page", ""))
    if page:
        _sub(citation, "first_page", re.split(r"[-\u2013]", page)[0].strip())
    if entry.year and entry.year[:4].isdigit():
        _sub(citation, "cYear", entry.year[:4])
    doi = DOI.search(str(csl.get("DOI") or csl.get("doi") or ""))
    if doi:
        _sub(citation, "doi", doi.group(0))
    title = entry.title
    if kind in ("book", "report") and title:
        _sub(citation, "volume_title", title)
        if str(csl.get("edition", "")).isdigit():
            _sub(citation, "edition_number", str(csl["edition"]))
    elif title:
        _sub(citation, "article_title", title)
    if formatted:
        _sub(citation, "unstructured_citation", formatted)
