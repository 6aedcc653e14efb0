"""The end of the body: footnotes under a "Notes" heading, appendices lettered A, B, ...

Takes the rendered body and gives it back with pandoc's footnote section titled (a section
without a heading is an outline a screen reader cannot name), each appendix's heading labelled
("Appendix A") in the HTML, and, in the JATS, the sections the author marked ``{.appendix}``
moved out of <body> into <back><app-group> as <app> with their <label>. Pandoc's JATS writer
keeps a section's id (escaped to an XML name) but drops its class, so the HTML says which
sections are appendices. The words ("Appendix", "Notes") are the article language's, from
numbering.yaml.
"""

from __future__ import annotations

import dataclasses
import re
import string

from lxml import etree, html

from repropub import numbering
from repropub.body import RenderedBody, inner_html


def label_back_sections(body: RenderedBody, lang: str = "en") -> RenderedBody:
    if "appendix" not in body.html and 'id="footnotes"' not in body.html:
        return body
    words = numbering.words(lang)
    appendix = str(words["app"][0])
    root = html.fragment_fromstring(body.html, create_parent="div")
    for notes in root.xpath("./section[@id='footnotes']"):
        for rule in notes.iterchildren("hr"):
            notes.remove(rule)
        heading = html.Element("h2", {"class": "notes-title"})
        heading.text = str(words["notes"])
        notes.insert(0, heading)
    ids: list[str] = []
    for section in root.xpath("./section[contains(concat(' ', @class, ' '), ' appendix ')]"):
        letter = string.ascii_uppercase[len(ids) % 26]
        ids.append(section.get("id", ""))
        heading = section[0] if len(section) and section[0].tag in ("h1", "h2", "h3") else None
        if heading is not None:
            # an appendix is lettered, not numbered among the sections
            for number in heading.xpath("./span[@class='section-number']"):
                heading.text = (heading.text or "") + (number.tail or "").lstrip()
                heading.remove(number)
            label = html.Element("span", {"class": "appendix-label"})
            label.text = f"{appendix}{_gap(words)}{letter}"
            label.tail = (". " if (heading.text or len(heading)) else "") + (heading.text or "")
            heading.text = None
            heading.insert(0, label)
    jats = _jats_apps(body.jats, ids, f"{appendix}{_gap(words)}") if ids and body.jats \
        else body.jats
    return dataclasses.replace(body, html=inner_html(root), jats=jats)


def _gap(words: dict[str, object]) -> str:
    return "" if words.get("space") is False else " "


def jats_id(identifier: str) -> str:
    """The id pandoc's JATS writer gives an element the HTML calls `identifier`: a character
    an XML name may not hold is written as U and four hex digits (``sec:a`` -> ``secU003Aa``)."""
    return re.sub(r"[^\w.\-]", lambda m: f"U{ord(m.group()):04X}", identifier)


def _jats_apps(jats: str, ids: list[str], word: str) -> str:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(jats.encode("utf-8"), parser)
    sections = [s for i in ids for s in root.xpath("body/sec[@id=$i]", i=jats_id(i))]
    if not sections:
        return jats
    back = root.find("back")
    if back is None:
        back = etree.SubElement(root, "back")
    group = etree.Element("app-group")
    back.insert(0, group)
    moved = {sec.get("id") for sec in sections}
    for xref in root.iter("xref"):
        if xref.get("rid") in moved:
            xref.set("ref-type", "app")
    for number, sec in enumerate(sections):
        sec.getparent().remove(sec)
        sec.tag = "app"
        for numbered in sec.findall("label"):
            sec.remove(numbered)
        label = etree.Element("label")
        label.text = f"{word}{string.ascii_uppercase[number % 26]}"
        sec.insert(0, label)
        group.append(sec)
    text: str = etree.tostring(root, encoding="unicode")
    return text
