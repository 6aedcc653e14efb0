"""OpenDocument manuscripts: made by pandoc and by LibreOffice, read paragraph by paragraph."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from wordfiles import ARTICLE, pandoc_convert, soffice_convert

from repropub.cli import main
from repropub.readers import read

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


def minimal_odt(path: Path, body: str) -> Path:
    """An ODT package with just the parts a reader needs; `body` is office:text's content."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>")
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
    return path


def test_zotero_reference_marks_in_an_odt_are_citation_fields(tmp_path: Path) -> None:
    data = {"citationItems": [{"id": 1, "itemData": {
        "type": "book", "title": "Theory of International Politics",
        "author": [{"family": "Waltz", "given": "Kenneth"}],
        "issued": {"date-parts": [[1979]]}}}],
        "properties": {"plainCitation": "(Waltz, 1979)"}}
    name = escape(f"ZOTERO_ITEM CSL_CITATION {json.dumps(data)} RNDq8sd7f", {'"': "&quot;"})
    path = minimal_odt(tmp_path / "zotero.odt", (
        "<text:h text:outline-level=\"1\">Title</text:h><text:p/>"
        f'<text:p>As shown<text:s text:c="2"/><text:reference-mark-start text:name="{name}"/>'
        f'(Waltz, 1979)<text:reference-mark-end text:name="{name}"/> before.</text:p>'))
    manuscript = read(path)
    (field,) = manuscript.fields
    assert manuscript.text[field.start:field.end] == "(Waltz, 1979)"
    assert (field.kind, field.plain, field.items[0]["title"]) == \
        ("zotero", "(Waltz, 1979)", "Theory of International Politics")
    assert manuscript.locate(field.line, 1).number == 3


def test_an_odt_comment_saying_ignore_suppresses_the_finding_in_its_paragraph(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_odt(tmp_path / "judged.odt", (
        "<text:p>Known gap (Finch, 2015).<office:annotation><dc:creator>Editor</dc:creator>"
        "<text:p>repropub: ignore missing-entry</text:p></office:annotation></text:p>"
        "<text:p>Another (Finch, 2015).</text:p>"))
    main(["check", str(path), "--bib", str(BIB), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [p["paragraph"] for p in report["problems"] if p["code"] == "missing-entry"] == [2]
    assert report["summary"]["suppressed"] == 1
    assert read(path).text.split("\n")[0] == "Known gap (Finch, 2015)."


def test_odt_footnotes_are_read_after_the_text_and_named_by_their_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = minimal_odt(tmp_path / "notes.odt", (
        "<text:p>A claim.<text:note text:id=\"ftn1\" text:note-class=\"footnote\">"
        "<text:note-citation>1</text:note-citation><text:note-body>"
        "<text:p>Missing (Finch, 2015).</text:p></text:note-body></text:note> More.</text:p>"))
    assert read(path).text.split("\n")[0] == "A claim. More."
    main(["check", str(path), "--bib", str(BIB), "--format", "json"])
    (problem,) = [p for p in json.loads(capsys.readouterr().out)["problems"]
                  if p["code"] == "missing-entry"]
    assert (problem["note"], problem["paragraph"], problem["offset"]) == ("footnote 1", 1, 9)
