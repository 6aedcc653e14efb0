"""Cleaning an SVG figure before it reaches the page: an allow-list, as for the body's HTML.

Takes the bytes of an SVG file (or of a ``data:image/svg+xml`` URL) and gives them back with
nothing that runs or loads: no ``<script>``, no ``<foreignObject>`` (HTML, iframes and forms
inside a picture), no event handlers, no ``javascript:`` or outside links, no stylesheet that
imports or fetches. A page shows its figures through ``<img>``, where browsers run nothing, but
the copied file is also opened on its own (a reader's "open image in new tab") and typeset by
WeasyPrint, so it is cleaned for both. What an illustration needs (shapes, text, gradients,
clips, masks, filters, markers, embedded raster images as ``data:`` URLs) is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from repropub.stylesheets import css_references

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset({
    "svg", "g", "defs", "desc", "title", "metadata", "symbol", "use", "switch", "image",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath", "a", "clipPath", "mask", "pattern", "marker",
    "linearGradient", "radialGradient", "stop", "style", "filter",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
    "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge",
    "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
    "feSpotLight", "feTile", "feTurbulence",
})
"""Static SVG: shapes, text, paint servers and effects. Not ``script``, ``foreignObject``,
``animate``/``set`` (they can rewrite an ``href`` into ``javascript:``), ``iframe``, ``video``."""

REFERRING = ("image", "feImage", "use")
"""Elements that are nothing without their ``href``."""

EMBEDDED_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);", re.IGNORECASE)
"""The only outside-looking reference kept: a raster image carried inside the file itself."""



def _fetches(css: str) -> bool:
    """Whether CSS (a ``<style>``, a ``style`` or presentation attribute) loads something: an
    ``@import``, or a ``url(...)`` other than a ``url(#id)`` reference. Read by a CSS
    tokenizer (`repropub.stylesheets`), so an escaped ``\\75 rl(`` is a ``url(`` too."""
    return any(not ref.url.startswith("#") for ref in css_references(css))


class UnsafeSvg(ValueError):
    """The bytes are not an SVG document that can be cleaned."""


@dataclass(frozen=True)
class CleanedSvg:
    data: bytes
    removed: tuple[str, ...]
    """What was taken out, once each, for the build's warning: ``<script>``, ``onload=``."""


def clean_svg(data: bytes) -> CleanedSvg:
    """`data` with every element and attribute that could run or load something removed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnsafeSvg(f"not well-formed XML ({exc.msg})") from None
    if root.tag != f"{{{SVG}}}svg":
        raise UnsafeSvg("its root element is not <svg>")
    removed: dict[str, None] = {}
    for element in list(root.iter()):
        if element is not root and not _allowed(element):
            # an editor's own namespaces (Inkscape's sodipodi:namedview) are inert: dropped quietly
            if isinstance(element.tag, str) and etree.QName(element).namespace == SVG:
                removed[f"<{etree.QName(element).localname}>"] = None
            _drop(element)
    for element in root.iter(f"{{{SVG}}}*"):
        for name in list(element.attrib):
            if not _attribute_allowed(name, element.attrib[name]):
                if etree.QName(name).namespace in (None, XLINK):
                    removed[f"{etree.QName(name).localname}={element.attrib[name][:60]!r}"] = None
                del element.attrib[name]
        if element.tag == f"{{{SVG}}}style" and _fetches(element.text or ""):
            removed["a <style> that loads files"] = None
            element.text = None
    # an <image> or <use> whose reference went shows nothing, and stops WeasyPrint: drop it
    for element in list(root.iter(*(f"{{{SVG}}}{name}" for name in REFERRING))):
        if element.get("href") is None and element.get(f"{{{XLINK}}}href") is None:
            _drop(element)
    etree.cleanup_namespaces(root)
    return CleanedSvg(etree.tostring(root, encoding="utf-8", xml_declaration=True),
                      tuple(removed))


def _allowed(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):  # comments, processing instructions, entities
        return False
    namespace, _, name = element.tag[1:].partition("}")
    return namespace == SVG and name in ELEMENTS


def _drop(element: etree._Element) -> None:
    """Remove `element` and what it holds, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _attribute_allowed(name: str, value: str) -> bool:
    namespace, _, local = name[1:].partition("}") if name.startswith("{") else ("", "", name)
    if local.lower().startswith("on"):
        return False
    if namespace not in ("", XLINK, XML):
        return False
    if local == "href":
        # a fragment within the file, or a raster image inside it; never another file or URL
        target = value.strip()
        return target.startswith("#") or bool(EMBEDDED_IMAGE.match(target))
    if local == "style" or "url" in value.lower() or "\\" in value:
        return not _fetches(value)
    return True
