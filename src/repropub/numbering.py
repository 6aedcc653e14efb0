"""Numbered figures, tables, equations and sections, and the cross-references to them.

The numbering runs inside pandoc, as the Lua filter `numbering.lua` beside this module, so that
the HTML and the JATS get the same numbers from the same pass. This module gives pandoc the
filter and the words for the article's language (`numbering.yaml`), tells a label from a
bibliography key, and turns the JATS pandoc writes into JATS's own elements: `<label>` in
`<fig>`, `<table-wrap id>`, `<disp-formula id>` and `<sec>`, and `<xref ref-type>`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml import etree

FILTER = Path(__file__).with_name("numbering.lua")

LABEL = re.compile(r"(?:fig|tbl|eq|sec)[:-]\S")
"""A label as pandoc-crossref (``fig:growth``) or Quarto (``fig-growth``) writes it."""

KIND_NAMES = {"fig": "figure", "tbl": "table", "eq": "equation", "sec": "section"}

_REF_TYPES = {"fig": "fig", "table-wrap": "table", "disp-formula": "disp-formula", "sec": "sec"}
"""JATS's ref-type for a cross-reference, by the element it points to."""


_MAY_NUMBER = re.compile(
    r"!\[|\$\$|\||@\{?(?:fig|tbl|eq|sec)[:-]|^[ \t]*[-+=:][-+=:| \t]*$",
    re.IGNORECASE | re.MULTILINE)
"""What the filter has to act on cannot be written without: an image (a figure is one alone in
its paragraph), display math, a pipe (pipe and grid tables; line blocks too), a citation of a
label, or a line of dashes, equals signs, colons and pluses alone (the rules of simple,
multiline and grid tables; setext headings and horizontal rules too). Case is ignored and the
rest over-counts, so a false match only costs the filter's pass, never a number."""


def may_number(markdown: str) -> bool:
    """Whether the filter could change `markdown`'s document: without any of `_MAY_NUMBER`
    it has no figure, table, display equation nor cross-reference, and the filter would give
    the document back as pandoc read it, after a pass over all of it."""
    return _MAY_NUMBER.search(markdown) is not None


def is_label(key: str) -> bool:
    """Whether a cited key is a cross-reference label rather than a bibliography key."""
    return LABEL.match(key) is not None


@functools.cache
def _table() -> dict[str, Any]:
    import yaml  # here: `check` imports this module for `is_label` alone

    # libyaml's reader, as safe as PyYAML's own and six times faster on this table (every
    # build reads it before pandoc runs)
    data: dict[str, Any] = yaml.load(FILTER.with_suffix(".yaml").read_text(encoding="utf-8"),
                                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


def words(lang: str) -> dict[str, Any]:
    """The cross-reference words for a BCP 47 language tag (English when it is not known)."""
    table = _table()
    return dict(table.get(lang.split("-")[0].lower(), table["en"]))


def scans(markdown: str) -> dict[str, bool]:
    """What the filter may skip in this Markdown, as metadata fields: display math comes only
    from ``$$`` and a footnote (a block inside an inline) only from ``^[`` or ``[^``, so a text
    without them spares the filter a walk through every paragraph's inlines."""
    return {"repropub-scan-math": "$$" in markdown,
            "repropub-scan-notes": "^[" in markdown or "[^" in markdown}


def label_jats(document: str) -> str:
    """Pandoc's JATS with the filter's labels in JATS's own elements.

    Pandoc writes the filter's spans as `<named-content content-type="label">` inside the
    caption; JATS wants `<label>` before the caption, the id on the `<table-wrap>` (pandoc puts
    it on the `<table>`), numbered equations as `<disp-formula id><label>`, section numbers as
    the `<sec>`'s `<label>`, and each `<xref>` typed by what it points to.
    """
    from lxml import etree  # here: `check` needs `is_label`, never the JATS

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(document.encode("utf-8"), parser)
    for wrap in root.iter("table-wrap"):
        table = wrap.find("table")
        if table is not None and table.get("id") and not wrap.get("id"):
            wrap.set("id", table.attrib.pop("id"))
    for float_ in (*root.iter("fig"), *root.iter("table-wrap")):
        span = float_.find("caption/p/named-content[@content-type='label']")
        if span is not None:
            float_.insert(_label_index(float_), _label(_take(span).rstrip(".")))
    for title_span in root.xpath("//sec/title/named-content[@content-type='section-number']"):
        title = title_span.getparent()
        sec = title.getparent()
        sec.insert(sec.index(title), _label(_take(title_span)))
    for equation in root.xpath("//named-content[@content-type='equation']"):
        _equation(equation)
    targets = {element.get("id"): element.tag for element in root.iter() if element.get("id")}
    for xref in root.iter("xref"):
        kind = _REF_TYPES.get(targets.get(xref.get("rid", ""), ""))
        if kind:
            xref.set("ref-type", kind)
    return str(etree.tostring(root, encoding="unicode"))


def _label(text: str) -> etree._Element:
    from lxml import etree

    label = etree.Element("label")
    label.text = text
    return label


def _label_index(element: etree._Element) -> int:
    """Where `<label>` goes: after any `<object-id>`, before the caption."""
    return sum(1 for child in element if child.tag == "object-id")


def _take(span: etree._Element) -> str:
    """Remove `span` from its paragraph (its tail's leading space too); return its text."""
    text = " ".join("".join(span.itertext()).split())
    parent = span.getparent()
    tail = (span.tail or "").lstrip()
    previous = span.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(span)
    return text


def _equation(span: etree._Element) -> None:
    """`<named-content id=eq:x><disp-formula/><named-content>(1)</named-content>` becomes
    `<disp-formula id=eq:x><label>(1)</label>...`."""
    formula = span.find("disp-formula")
    number = span.find("named-content[@content-type='equation-number']")
    if formula is None:
        return
    formula.set("id", span.get("id", ""))
    if number is not None:
        formula.insert(0, _label(" ".join("".join(number.itertext()).split())))
    formula.tail = span.tail
    span.getparent().replace(span, formula)
