"""The PDF's XMP metadata: the packet WeasyPrint wrote gains Dublin Core and PRISM (the DOI).

Takes the PDF `repropub.render_pdf` typeset and the article's metadata, and rewrites the PDF in
place with pikepdf (deterministic document id, so the same sources give the same bytes). Kept
apart from the typesetting so that WeasyPrint's child process never loads lxml or the metadata.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from repropub.errors import ToolError
from repropub.metadata import ArticleMetadata

DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
PRISM_PROPERTIES = {
    "doi": "Digital Object Identifier of the article",
    "url": "URL of the article",
    "publicationName": "Title of the journal",
    "issn": "ISSN of the journal",
    "volume": "Volume of the journal",
    "number": "Issue of the journal",
    "startingPage": "First page of the article",
    "endingPage": "Last page of the article",
    "publicationDate": "Date of publication",
}


def write_xmp(pdf: Path, meta: ArticleMetadata) -> None:
    """Add Dublin Core and PRISM (with the DOI) to the XMP WeasyPrint wrote, in place, and
    confine its links to the web and the output folder (`repropub.pdf_links`).

    PDF/A admits only declared XMP schemas, so the PRISM properties come with their
    PDF/A extension-schema declaration.
    """
    import pikepdf

    from repropub.pdf_links import confine_links
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        confine_links(doc, pdf.parent)
        stream = doc.Root.Metadata
        packet = etree.fromstring(stream.read_bytes(),
                                  etree.XMLParser(resolve_entities=False, no_network=True))
        rdf = packet.find(f"{{{RDF}}}RDF")
        if rdf is None:
            raise ToolError(f"{pdf}: WeasyPrint wrote no XMP packet to extend")
        rdf.append(_dublin_core(meta))
        prism = _prism(meta)
        if len(prism):
            rdf.append(prism)
            rdf.append(_prism_schema_declaration())
        stream.write(etree.tostring(packet, encoding="utf-8"))
        doc.save(pdf, deterministic_id=True)


def _description(nsmap: dict[str, str]) -> etree._Element:
    element = etree.Element(f"{{{RDF}}}Description", nsmap={"rdf": RDF, **nsmap})
    element.set(f"{{{RDF}}}about", "")
    return element


def _container(parent: etree._Element, tag: str, kind: str, values: list[str],
               lang: bool = False) -> None:
    holder = etree.SubElement(etree.SubElement(parent, tag), f"{{{RDF}}}{kind}")
    for value in values:
        item = etree.SubElement(holder, f"{{{RDF}}}li")
        if lang:
            item.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
        item.text = value


def _dublin_core(meta: ArticleMetadata) -> etree._Element:
    element = _description({"dc": DC, "xmpRights": XMP_RIGHTS})
    if meta.doi:
        etree.SubElement(element, f"{{{DC}}}identifier").text = f"doi:{meta.doi}"
    _container(element, f"{{{DC}}}language", "Bag", [meta.lang])
    if meta.keywords:
        _container(element, f"{{{DC}}}subject", "Bag", list(meta.keywords))
    if meta.journal and meta.journal.publisher:
        _container(element, f"{{{DC}}}publisher", "Bag", [meta.journal.publisher])
    if meta.license:
        _container(element, f"{{{DC}}}rights", "Alt",
                   [f"{meta.license.name}: {meta.license.url}"], lang=True)
        etree.SubElement(element, f"{{{XMP_RIGHTS}}}Marked").text = "True"
        etree.SubElement(element, f"{{{XMP_RIGHTS}}}WebStatement").text = meta.license.url
    return element


def _prism(meta: ArticleMetadata) -> etree._Element:
    element = _description({"prism": PRISM})
    values = {
        "doi": meta.doi, "url": meta.doi_url,
        "publicationName": meta.journal.title if meta.journal else None,
        "issn": meta.journal.issn if meta.journal else None,
        "volume": meta.volume, "number": meta.issue,
        "startingPage": meta.first_page, "endingPage": meta.last_page,
        "publicationDate": meta.history.published.isoformat() if meta.history.published
        else None,
    }
    for name, value in values.items():
        if value:
            etree.SubElement(element, f"{{{PRISM}}}{name}").text = value
    return element


def _prism_schema_declaration() -> etree._Element:
    element = _description({"pdfaExtension": PDFA_EXTENSION, "pdfaSchema": PDFA_SCHEMA,
                            "pdfaProperty": PDFA_PROPERTY})
    bag = etree.SubElement(etree.SubElement(element, f"{{{PDFA_EXTENSION}}}schemas"),
                           f"{{{RDF}}}Bag")
    schema = etree.SubElement(bag, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    for name, value in (("schema", "PRISM Basic Metadata"), ("namespaceURI", PRISM),
                        ("prefix", "prism")):
        etree.SubElement(schema, f"{{{PDFA_SCHEMA}}}{name}").text = value
    properties = etree.SubElement(etree.SubElement(schema, f"{{{PDFA_SCHEMA}}}property"),
                                  f"{{{RDF}}}Seq")
    for name, description in PRISM_PROPERTIES.items():
        prop = etree.SubElement(properties, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
        for field, value in (("name", name), ("valueType", "Text"), ("category", "external"),
                             ("description", description)):
            etree.SubElement(prop, f"{{{PDFA_PROPERTY}}}{field}").text = value
    return element
