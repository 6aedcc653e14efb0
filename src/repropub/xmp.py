"""The PDF's XMP metadata: Dublin Core and PRISM (the DOI) for the packet WeasyPrint writes.

Takes the article's metadata and gives the ``rdf:Description`` elements that join WeasyPrint's
own (title, creator, PDF/A identification) inside the packet's one ``rdf:RDF``. The build's
process makes them (it has lxml and the metadata loaded already) and hands them to
`repropub.render_pdf`'s child, which places them while WeasyPrint writes the PDF: the PDF is
written once, never opened again to be rewritten.
"""

from __future__ import annotations

from lxml import etree

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


def xmp_descriptions(meta: ArticleMetadata) -> bytes:
    """Dublin Core and PRISM (with the DOI) as ``rdf:Description`` elements, each declaring its
    own namespaces, for the ``rdf:RDF`` of WeasyPrint's XMP packet.

    PDF/A admits only declared XMP schemas, so the PRISM properties come with their
    PDF/A extension-schema declaration.
    """
    descriptions = [_dublin_core(meta)]
    prism = _prism(meta)
    if len(prism):
        descriptions += [prism, _prism_schema_declaration()]
    return b"".join(etree.tostring(d, encoding="utf-8", xml_declaration=False)
                    for d in descriptions)


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
