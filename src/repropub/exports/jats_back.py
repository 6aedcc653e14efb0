"""The parts of a JATS article that come from the front matter but are not its title page:
funding (<funding-group>), supplementary files, the equal-contribution note, and the back
matter (acknowledgements, data availability, competing interests).

JATS4R's recommendations decide the tags: data availability as
``<sec sec-type="data-availability">`` and the competing-interests statement as
``<fn fn-type="coi-statement">``, both in <back>.
"""

from __future__ import annotations

from lxml import etree

from repropub.metadata import ArticleMetadata

XLINK = "http://www.w3.org/1999/xlink"


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def equal_contribution_note(notes: etree._Element, meta: ArticleMetadata) -> None:
    if len(meta.equal_contributors) > 1:
        fn = _sub(notes, "fn", fn_type="equal", id="equal1")
        _sub(fn, "p", meta.equal_contribution_note)


def supplementary_material(article_meta: etree._Element, meta: ArticleMetadata,
                           folder: str) -> None:
    """Each supplementary file, linked where the build copies it (`folder`/name)."""
    for number, item in enumerate(meta.supplements, 1):
        element = _sub(article_meta, "supplementary-material", id=f"supp{number}")
        element.set(f"{{{XLINK}}}href", f"{folder}/{item.file.rsplit('/', 1)[-1]}")
        if item.title:
            _sub(_sub(element, "caption"), "p", item.title)


def funding_group(article_meta: etree._Element, meta: ArticleMetadata) -> None:
    if not meta.funding:
        return
    group = _sub(article_meta, "funding-group")
    for number, funding in enumerate(meta.funding, 1):
        award = _sub(group, "award-group", id=f"fund{number}")
        wrap = _sub(_sub(award, "funding-source"), "institution-wrap")
        _sub(wrap, "institution", funding.funder)
        if funding.funder_id:
            _sub(wrap, "institution-id", f"https://doi.org/{funding.funder_id}",
                 institution_id_type="doi", vocab="open-funder-registry")
        for award_id in funding.awards:
            _sub(award, "award-id", award_id)
    _sub(group, "funding-statement", meta.funding_statement)


def back_matter(back: etree._Element, meta: ArticleMetadata) -> None:
    """Acknowledgements first, then the statements, before the references pandoc wrote."""
    position = 0
    if meta.acknowledgements:
        ack = etree.Element("ack")
        _sub(ack, "title", "Acknowledgements")
        _sub(ack, "p", meta.acknowledgements)
        back.insert(position, ack)
        position += 1
    if meta.data_availability:
        sec = etree.Element("sec", {"sec-type": "data-availability"})
        _sub(sec, "title", "Data availability")
        _sub(sec, "p", meta.data_availability)
        back.insert(position, sec)
        position += 1
    if meta.conflicts:
        group = etree.Element("fn-group")
        fn = _sub(group, "fn", fn_type="coi-statement")
        _sub(fn, "p", meta.conflicts)
        back.insert(position, group)
