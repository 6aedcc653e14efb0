"""What a reader notices: an article without citations, a one-page article, the front's
layout and typographic quotes in the built page and PDF."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from pages import parse_html, squash

from repropub.cli import main
from repropub.errors import EXIT_OK

NOTE = Path(__file__).resolve().parent / "fixtures" / "one-page-note" / "manuscript.md"


@pytest.mark.slow
def test_article_without_citations_builds_without_a_bibliography_on_one_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main([str(NOTE), "--out", str(out)]) == EXIT_OK
    assert "no reference list" not in capsys.readouterr().err
    pdf = pypdf.PdfReader(out / "article.pdf")
    assert len(pdf.pages) == 1
    text = squash(pdf.pages[0].extract_text())
    # the licence is printed once, at the foot of page one, not again after the body
    assert text.count(squash("Creative Commons Attribution 4.0 International")) == 1
    page = parse_html(out / "article.html")
    assert page.xpath("//section[@id='references']") == []
    assert page.xpath("//aside[@class='article-info']") == [], "an empty article box"


def test_article_with_a_typed_citation_and_no_list_still_asks_for_a_bibliography(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\n---\n\nAs shown before (Smith, 2001).\n", encoding="utf-8")
    assert main([str(paper), "--out", str(tmp_path / "out"), "--html-only"]) == 2
    assert "no reference list found" in capsys.readouterr().err


@pytest.mark.slow
def test_correspondence_notes_sit_beside_the_abstract_under_the_article_box(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main([str(NOTE), "--out", str(out), "--html-only"]) == EXIT_OK
    page = parse_html(out / "article.html")
    [front] = page.xpath("//div[@class='front']")
    assert [c.get("class") for c in front] == ["first-page-notes"]
    assert "\u2019" not in page.findtext("head/title")
