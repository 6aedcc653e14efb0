"""The Word document: the article's text, statements and references in the design's look,
footnotes as Word footnotes, the same bytes from the same sources."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from repropub.config import Config
from repropub.pipeline import build

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "whole-paper"
STARTER = Path(__file__).resolve().parents[2] / "src" / "repropub" / "starter"
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}

pytestmark = pytest.mark.slow


def built(out: Path, manuscript: Path = CASE / "manuscript.md",
          bib: Path = CASE / "references.bib", **extra: object) -> zipfile.ZipFile:
    build(Config(manuscript=manuscript, bibliography=bib, out_dir=out,
                 formats=frozenset({"html", "docx"}), **extra))  # type: ignore[arg-type]
    return zipfile.ZipFile(out / "article.docx")


def paragraphs(docx: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(style, text) of every paragraph of the document body."""
    root = etree.fromstring(docx.read("word/document.xml"))
    found = []
    for p in root.iterfind(".//w:body/w:p", W):
        style = p.find("w:pPr/w:pStyle", W)
        text = "".join(t.text or "" for t in p.iterfind(".//w:t", W))
        found.append((style.get(f"{{{W['w']}}}val") if style is not None else "", text))
    return found


def test_docx_holds_title_sections_statements_and_references(tmp_path: Path) -> None:
    docx = built(tmp_path / "out")
    found = paragraphs(docx)
    assert ("Title", "Rainfall Records and the Harvest\u2019s Timing in Two Valleys") in found
    headings = [text for style, text in found if style == "Heading2"]
    assert headings[:3] == ["1 Introduction", "2 Method", "3 Results"]
    assert {"Acknowledgements", "Funding", "Author contributions", "References"} <= set(headings)
    assert "Notes" not in headings
    text = " ".join(t for _, t in found)
    assert "Lee and Park (2021)" in text
    assert "Keeping weather by hand" in text
    notes = etree.fromstring(docx.read("word/footnotes.xml"))
    assert "same two families" in "".join(notes.itertext())


def test_docx_styles_carry_the_designs_fonts_and_accent(tmp_path: Path) -> None:
    styles = etree.fromstring(built(tmp_path / "out").read("word/styles.xml"))
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", W)
    assert fonts.get(f"{{{W['w']}}}ascii") == "Source Serif 4"
    [heading] = styles.xpath("w:style[@w:styleId='Heading2']", namespaces=W)
    assert heading.find("w:rPr/w:color", W).get(f"{{{W['w']}}}val") == "7A1F2B"
    assert heading.find("w:rPr/w:rFonts", W).get(f"{{{W['w']}}}ascii") == "Source Sans 3"


def test_docx_carries_the_figure_and_the_equation_of_the_starter_article(
        tmp_path: Path) -> None:
    docx = built(tmp_path / "out", STARTER / "article.md", STARTER / "references.bib")
    assert [n for n in docx.namelist() if n.startswith("word/media/")] != []
    document = docx.read("word/document.xml")
    assert b"<m:oMath" in document, "the equation is not a Word equation"


def test_same_sources_give_the_same_docx_bytes(tmp_path: Path) -> None:
    first = built(tmp_path / "a", cache=False)
    second = built(tmp_path / "b", cache=False)
    assert (tmp_path / "a" / "article.docx").read_bytes() == \
        (tmp_path / "b" / "article.docx").read_bytes(), (first, second)
