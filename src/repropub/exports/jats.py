"""JATS XML: the article for archives and indexers (PubMed Central, Europe PMC, Crossref's JATS).

Takes pandoc's standalone JATS (the body as <sec>s, the back with the references as
<element-citation>s) and replaces its front matter with one built from our metadata:
journal-meta, article-meta with DOI, title, contributors, affiliations, corresponding author,
dates, volume, issue, pages, history, permissions, abstract and keywords. The Journal Publishing
tag set requires an ISSN; a journal without one gets the Archiving tag set.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from repropub.exports import jats_back
from repropub.metadata import ArticleMetadata
from repropub.outputs import SUPPLEMENTS

XLINK = "http://www.w3.org/1999/xlink"
ALI = "http://www.niso.org/schemas/ali/1.0/"
PUBLISHING = ("-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN",
              "https://jats.nlm.nih.gov/publishing/1.3/JATS-journalpublishing1-3.dtd")
ARCHIVING = ("-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN",
             "https://jats.nlm.nih.gov/archiving/1.3/JATS-archivearticle1-3.dtd")
ARTICLE_TYPES = {"research article": "research-article", "review": "review-article",
                 "review article": "review-article", "editorial": "editorial",
                 "letter": "letter", "book review": "book-review", "case report": "case-report"}


def jats_article(pandoc_jats: str, meta: ArticleMetadata) -> bytes:
    """The complete JATS 1.3 document, as UTF-8 bytes with its DOCTYPE."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parsed = etree.fromstring(pandoc_jats.encode("utf-8"), parser)
    # the DTD fixes the prefix of the NISO access-and-licence namespace: declare it as "ali"
    root = etree.Element("article", nsmap={**parsed.nsmap, "ali": ALI})
    root.text = parsed.text
    root.extend(list(parsed))
    root.set("dtd-version", "1.3")
    root.set("article-type", ARTICLE_TYPES.get((meta.article_type or "").lower(),
                                               "research-article"))
    root.set("{http://www.w3.org/XML/1998/namespace}lang", meta.lang.split("-")[0])
    old = root.find("front")
    front = build_front(meta)
    if old is not None:
        root.replace(old, front)
    else:
        root.insert(0, front)
    if meta.acknowledgements or meta.data_availability or meta.conflicts:
        back = root.find("back")
        if back is None:
            back = etree.SubElement(root, "back")
        jats_back.back_matter(back, meta)
    for title in root.iterfind("back/ref-list/title"):
        title.text = title.text or "References"
    public_id, system_id = PUBLISHING if meta.journal and meta.journal.issn else ARCHIVING
    doctype = f'<!DOCTYPE article PUBLIC "{public_id}" "{system_id}">'
    body: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype=doctype)
    return body


def build_front(meta: ArticleMetadata) -> etree._Element:
    front = etree.Element("front")
    front.append(_journal_meta(meta))
    front.append(_article_meta(meta))
    return front


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _journal_meta(meta: ArticleMetadata) -> etree._Element:
    journal_meta = etree.Element("journal-meta")
    journal = meta.journal
    title = journal.title if journal else "Unknown journal"
    _sub(journal_meta, "journal-id", (journal and journal.abbreviation) or title,
         journal_id_type="publisher-id")
    group = _sub(journal_meta, "journal-title-group")
    _sub(group, "journal-title", title)
    if journal and journal.abbreviation:
        _sub(group, "abbrev-journal-title", journal.abbreviation)
    if journal and journal.issn:
        _sub(journal_meta, "issn", journal.issn, pub_type="ppub")
    if journal and journal.eissn:
        _sub(journal_meta, "issn", journal.eissn, pub_type="epub")
    if journal and journal.publisher:
        publisher = _sub(journal_meta, "publisher")
        _sub(publisher, "publisher-name", journal.publisher)
        if journal.publisher_location:
            _sub(publisher, "publisher-loc", journal.publisher_location)
    return journal_meta


def _article_meta(meta: ArticleMetadata) -> etree._Element:
    article_meta = etree.Element("article-meta")
    if meta.doi:
        _sub(article_meta, "article-id", meta.doi, pub_id_type="doi")
    if meta.article_type:
        categories = _sub(article_meta, "article-categories")
        group = _sub(categories, "subj-group", subj_group_type="heading")
        _sub(group, "subject", meta.article_type)
    titles = _sub(article_meta, "title-group")
    _sub(titles, "article-title", meta.title)
    if meta.short_title:
        _sub(titles, "alt-title", meta.short_title, alt_title_type="running-head")
    if meta.authors:
        contribs = _sub(article_meta, "contrib-group")
        for author in meta.authors:
            contrib = _sub(contribs, "contrib", contrib_type="author")
            if author.corresponding:
                contrib.set("corresp", "yes")
            if author.equal_contribution:
                contrib.set("equal-contrib", "yes")
            if author.orcid:
                _sub(contrib, "contrib-id", f"https://orcid.org/{author.orcid}",
                     contrib_id_type="orcid", authenticated="false")
            name = _sub(contrib, "name")
            _sub(name, "surname", author.family)
            if author.given:
                _sub(name, "given-names", author.given)
            if author.email:
                _sub(contrib, "email", author.email)
            if author.role:
                _sub(contrib, "role", author.role)
            for role in author.credit:
                _sub(contrib, "role", role.term, vocab="credit",
                     vocab_identifier="https://credit.niso.org/", vocab_term=role.term,
                     vocab_term_identifier=role.uri)
            for aff in author.affiliations:
                _sub(contrib, "xref", str(meta.affiliation_number(aff)), ref_type="aff",
                     rid=aff.id)
            if author.equal_contribution and len(meta.equal_contributors) > 1:
                _sub(contrib, "xref", "†", ref_type="fn", rid="equal1")
            if author.corresponding:
                _sub(contrib, "xref", "*", ref_type="corresp", rid="cor1")
        # one <aff> per institution, numbered in order of first appearance as on the page
        for number, aff in enumerate(meta.affiliations, 1):
            element = _sub(contribs, "aff", id=aff.id)
            _sub(element, "label", str(number))
            _sub(element, "institution", aff.name)
            if aff.city:
                element[-1].tail = ", "
                _sub(element, "addr-line", aff.city, content_type="city")
            if aff.country:
                element[-1].tail = ", "
                _sub(element, "country", aff.country)
    corresponding = meta.corresponding_authors
    if corresponding or len(meta.equal_contributors) > 1:
        notes = _sub(article_meta, "author-notes")
        jats_back.equal_contribution_note(notes, meta)
    if corresponding:
        corresp = etree.Element("corresp", id="cor1")
        notes.insert(0, corresp)
        corresp.text = "*Corresponding author: "
        for i, author in enumerate(corresponding):
            label = ("; " if i else "") + author.name + (", " if author.email else "")
            if len(corresp):
                corresp[-1].tail = label
            else:
                corresp.text += label
            if author.email:
                _sub(corresp, "email", author.email)
    if meta.history.published:
        _date(article_meta, "pub-date", meta.history.published, date_type="pub",
              publication_format="electronic")
    if meta.volume:
        _sub(article_meta, "volume", meta.volume)
    if meta.issue:
        _sub(article_meta, "issue", meta.issue)
    if meta.first_page:
        _sub(article_meta, "fpage", meta.first_page)
        if meta.last_page:
            _sub(article_meta, "lpage", meta.last_page)
    jats_back.supplementary_material(article_meta, meta, SUPPLEMENTS)
    if meta.history.received or meta.history.accepted:
        history = _sub(article_meta, "history")
        for kind, day in (("received", meta.history.received),
                          ("accepted", meta.history.accepted)):
            if day:
                _date(history, "date", day, date_type=kind)
    if meta.license or meta.copyright_holder:
        permissions = _sub(article_meta, "permissions")
        if meta.copyright_year:
            _sub(permissions, "copyright-statement",
                 f"© {meta.copyright_year} {meta.copyright_holder or ''}".strip())
            _sub(permissions, "copyright-year", str(meta.copyright_year))
        if meta.copyright_holder:
            _sub(permissions, "copyright-holder", meta.copyright_holder)
        if meta.license:
            _sub(permissions, f"{{{ALI}}}free_to_read")
            licence = _sub(permissions, "license", license_type="open-access")
            licence.set(f"{{{XLINK}}}href", meta.license.url)
            _sub(licence, f"{{{ALI}}}license_ref", meta.license.url)
            paragraph = _sub(licence, "license-p",
                             (meta.license.statement + " " if meta.license.statement else ""))
            link = _sub(paragraph, "ext-link", meta.license.name, ext_link_type="uri")
            link.set(f"{{{XLINK}}}href", meta.license.url)
    if meta.doi_url:
        self_uri = _sub(article_meta, "self-uri", meta.doi_url)
        self_uri.set(f"{{{XLINK}}}href", meta.doi_url)
    if meta.abstract:
        abstract = _sub(article_meta, "abstract")
        _sub(abstract, "p", meta.abstract)
    if meta.keywords:
        group = _sub(article_meta, "kwd-group", kwd_group_type="author")
        for keyword in meta.keywords:
            _sub(group, "kwd", keyword)
    jats_back.funding_group(article_meta, meta)
    return article_meta


def _date(parent: etree._Element, tag: str, day: dt.date, **attrs: str) -> None:
    element = _sub(parent, tag, iso_8601_date=day.isoformat(), **attrs)
    _sub(element, "day", f"{day.day:02d}")
    _sub(element, "month", f"{day.month:02d}")
    _sub(element, "year", str(day.year))
