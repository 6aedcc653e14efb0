"""OpenDocument manuscripts: made by pandoc and by LibreOffice, read paragraph by paragraph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wordfiles import ARTICLE, pandoc_convert, soffice_convert

from repropub.cli import main

BIB = ARTICLE / "references.bib"


def findings(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, int | None]]:
    main(["check", str(path), "--bib", str(BIB), "--format", "json"])
    return [(p["code"], p["cited"], p["paragraph"])
            for p in json.loads(capsys.readouterr().out)["problems"]]


def test_an_odt_made_by_pandoc_gives_the_markdown_findings_at_its_paragraphs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odt = pandoc_convert(ARTICLE / "manuscript.md", tmp_path / "article.odt")
    on_odt = findings(odt, capsys)
    on_markdown = findings(ARTICLE / "manuscript.md", capsys)
    assert [f[:2] for f in on_odt] == [f[:2] for f in on_markdown]
    # title, heading, the first paragraph, four table cells, heading, the last paragraph
    assert [f[2] for f in on_odt if f[0] == "missing-entry"] == [9]
    assert [f[2] for f in on_odt if f[0] == "year-mismatch"] == [7]


def test_a_word_file_converted_by_libreoffice_reads_the_same_in_both_formats(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = pandoc_convert(ARTICLE / "manuscript.md", tmp_path / "article.docx")
    odt = soffice_convert(word, "odt", tmp_path / "lo")
    assert findings(odt, capsys) == findings(word, capsys)
