"""Cleaning SVG figures: what runs or loads goes, what draws stays."""

from __future__ import annotations

import pytest
from lxml import etree

from repropub.svg import UnsafeSvg, clean_svg

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


def cleaned(inner: str) -> etree._Element:
    return etree.fromstring(clean_svg(f"{HEAD}{inner}</svg>".encode()).data)


def test_fragment_references_in_paint_and_use_are_kept() -> None:
    root = cleaned('<rect fill="url(#g)" filter=\'url("#f")\'/><use xlink:href="#g"/>')
    [rect] = root.xpath("//*[local-name()='rect']")
    assert rect.get("fill") == "url(#g)" and rect.get("filter") == 'url("#f")'
    assert root.xpath("//*[local-name()='use']/@*[local-name()='href']") == ["#g"]


def test_an_embedded_raster_image_is_kept_and_a_file_or_url_is_not() -> None:
    root = cleaned('<image href="data:image/png;base64,iVBORw0KGgo="/>'
                   '<image href="photo.png"/><image href="https://example.org/x.png"/>'
                   '<image href="data:image/svg+xml;base64,PHN2Zy8+"/>')
    assert root.xpath("//@href") == ["data:image/png;base64,iVBORw0KGgo="]


@pytest.mark.parametrize("value", ["url(https://t.example/x)", "url( 'file:///etc/passwd' )",
                                   "URL(//t.example)"])
def test_paint_that_loads_a_url_is_removed(value: str) -> None:
    result = clean_svg(f'{HEAD}<rect fill="{value}" width="3"/></svg>'.encode())
    [rect] = etree.fromstring(result.data).xpath("//*[local-name()='rect']")
    assert rect.get("fill") is None and rect.get("width") == "3"
    assert any(item.startswith("fill=") for item in result.removed)


def test_text_after_a_removed_element_is_kept() -> None:
    root = cleaned("<text>before<tspan>in</tspan><script>x()</script> after</text>")
    assert "".join(root.itertext()) == "beforein after"


def test_an_editors_namespaces_are_dropped_quietly() -> None:
    head = HEAD.replace(">", ' xmlns:i="urn:inkscape">', 1)
    result = clean_svg(f'{head}<i:namedview/><rect i:label="x"/></svg>'.encode())
    assert result.removed == ()
    assert b"urn:inkscape" not in result.data


def test_entities_are_not_expanded() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f'{HEAD}<text>&b;</text></svg>')
    assert b"aaaaaaaaaa" not in clean_svg(bomb.encode()).data


@pytest.mark.parametrize("data", [b"<svg", b"<html><body/></html>", b"\xff\xfe"])
def test_what_is_not_an_svg_document_is_refused(data: bytes) -> None:
    with pytest.raises(UnsafeSvg):
        clean_svg(data)
