"""The formats editors receive: a file is read by what it holds, not by its name; Word 97-2003
and RTF through LibreOffice with Word's paragraph numbers; anything else refused in one line
that says what the file is and what to send instead."""

from __future__ import annotations

import io
import json
import zipfile
from html import escape
from pathlib import Path
from typing import Any

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from wordfiles import (
    add_deleted,
    add_field,
    new_document,
    pandoc_convert,
    soffice_convert,
    zotero_instruction,
)

from repropub.cli import main
from repropub.errors import EXIT_FAILURE
from repropub.readers import read

W = nsdecls("w")
KEOHANE = {"id": "k1", "type": "book", "title": "Power and Interdependence",
           "author": [{"family": "Keohane", "given": "Robert O."}],
           "issued": {"date-parts": [[2001]]}}


def save_to(document: Any, path: Path) -> Path:
    document.save(str(path))
    return path


def counted_document(path: Path, *, zotero: bool = True) -> Path:
    """A Word file whose paragraphs Word numbers 1-8: a title, empty paragraphs, a table's two
    cells, a Zotero citation, a superscript and a typed citation with no entry."""
    document = new_document()
    document.add_paragraph("Alliances after the war", style="Title")     # 1
    document.add_paragraph("")                                          # 2
    paragraph = document.add_paragraph("Interdependence matters ")      # 3
    if zotero:
        add_field(paragraph, zotero_instruction([KEOHANE], "(Keohane, 2001)"),
                  "(Keohane, 2001)")
    else:
        paragraph.add_run("(Keohane, 2001)")
    paragraph.add_run(" in the end.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Balancing"                                 # 4
    table.cell(0, 1).text = "As shown (Keohane, 2001)."                 # 5
    document.add_paragraph("")                                          # 6
    raised = document.add_paragraph("Noted")                            # 7
    raised.add_run("2").font.superscript = True
    document.add_paragraph("Later (Finch, 2015) disagreed.")            # 8
    document.save(str(path))
    return path


BIB = """@book{keohane2001,
  author = {Keohane, Robert O.}, title = {Power and Interdependence},
  publisher = {Longman}, year = {2001}}
"""


def check_json(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any]:
    bib = path.parent / "refs.bib"
    if not path.read_bytes().count(b"ZOTERO"):  # else the works the fields carry
        bib.write_text(BIB)
        extra = ("--bib", str(bib), *extra)
    code = main(["check", str(path), "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def places(report: dict[str, Any]) -> list[tuple[str, str, int | None, int | None]]:
    return [(p["code"], p["file"], p["paragraph"], p["offset"]) for p in report["problems"]]


@pytest.mark.parametrize("name", ["paper.doc", "paper.docm", "paper.dotx", "paper.dotm",
                                  "paper.md", "paper"])
def test_a_word_file_is_read_as_word_whatever_its_name(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = counted_document(tmp_path / "paper.docx")
    renamed = tmp_path / "renamed" / name
    renamed.parent.mkdir()
    renamed.write_bytes(word.read_bytes())

    assert read(renamed).text == read(word).text
    _, on_word = check_json(word, capsys)
    _, on_renamed = check_json(renamed, capsys)
    assert [(c, p, o) for c, _, p, o in places(on_renamed)] == \
        [(c, p, o) for c, _, p, o in places(on_word)]
    assert {f for _, f, _, _ in places(on_renamed)} == {str(renamed)}
    assert ("missing-entry", str(renamed), 8, 7) in places(on_renamed)


def test_an_odt_renamed_zip_is_read_as_odt(tmp_path: Path) -> None:
    odt = soffice_convert(counted_document(tmp_path / "paper.docx"), "odt", tmp_path / "lo")
    renamed = tmp_path / "paper.zip"
    renamed.write_bytes(odt.read_bytes())
    assert read(renamed).text == read(odt).text
    assert "Later (Finch, 2015) disagreed." in read(renamed).text


def test_an_rtf_file_is_read_with_words_paragraphs_and_its_zotero_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = counted_document(tmp_path / "paper.docx")
    rtf = soffice_convert(word, "rtf", tmp_path / "lo")
    before = sorted(p.name for p in rtf.parent.iterdir())

    manuscript = read(rtf)
    assert manuscript.path == rtf
    (field,) = manuscript.fields
    assert field.kind == "zotero" and field.items[0]["title"] == "Power and Interdependence"
    assert manuscript.text[field.start:field.end] == "(Keohane, 2001)"
    _, on_word = check_json(word, capsys)
    code, on_rtf = check_json(rtf, capsys)
    assert code == 1
    assert [(c, p, o) for c, _, p, o in places(on_rtf)] == \
        [(c, p, o) for c, _, p, o in places(on_word)]
    assert ("missing-entry", str(rtf), 8, 7) in places(on_rtf)
    # the works Zotero embedded are the bibliography: the citation in the table resolves
    assert [c["status"] for c in on_rtf["citations"]].count("ok") == 2
    # LibreOffice worked on a copy: nothing beside the editor's file, which is unchanged
    assert sorted(p.name for p in rtf.parent.iterdir()) == before


def test_a_doc_file_is_read_with_words_paragraph_numbers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = counted_document(tmp_path / "paper.docx", zotero=False)
    doc = soffice_convert(word, "doc", tmp_path / "lo")
    content = doc.read_bytes()

    assert "\u00b2" in read(doc).text  # the superscript is kept: a numbered citation reads it
    _, on_word = check_json(word, capsys)
    _, on_doc = check_json(doc, capsys)
    assert [(c, p, o) for c, _, p, o in places(on_doc)] == \
        [(c, p, o) for c, _, p, o in places(on_word)]
    assert ("missing-entry", str(doc), 8, 7) in places(on_doc)
    assert doc.read_bytes() == content


def bibliography_field(document: Any, entries: list[str]) -> None:
    """Zotero's bibliography: one field whose result runs over a paragraph per entry."""
    chars = [f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
             f'<w:r {W}><w:instrText xml:space="preserve"> ADDIN ZOTERO_BIBL {{"uncited":[]}} '
             "CSL_BIBLIOGRAPHY </w:instrText></w:r>",
             f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>']
    for number, entry in enumerate(entries):
        paragraph = document.add_paragraph()
        for xml in [*(chars if number == 0 else []), f"<w:r {W}><w:t>{entry}</w:t></w:r>",
                    *([f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>']
                      if number == len(entries) - 1 else [])]:
            paragraph._p.append(parse_xml(xml))


def test_a_doc_s_zotero_citations_and_bibliography_are_read_as_in_the_same_docx(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    document.add_paragraph("Alliances after the war", style="Title")
    paragraph = document.add_paragraph("Interdependence ")
    add_field(paragraph, zotero_instruction([KEOHANE], "(Keohane, 2001)"), "(Keohane, 2001)")
    paragraph.add_run(" matters ")
    add_field(paragraph, zotero_instruction([KEOHANE], "(Keohane, 2001, p. 3)"),
              "(Keohane, 2001, p. 3)")
    paragraph.add_run(" and (Finch, 2015) disagreed.")
    document.add_paragraph("References", style="Heading 1")
    bibliography_field(document, ["Keohane, R. O. (2001). Power and interdependence. Longman.",
                                  "Zed, A. (1999). Other things. Polity."])
    document.add_paragraph("After the list (Zed, 1999).")
    word = save_to(document, tmp_path / "paper.docx")
    doc = soffice_convert(word, "doc", tmp_path / "lo")

    on_word, on_doc = read(word), read(doc)
    assert on_doc.text == on_word.text
    assert on_doc.layout == on_word.layout
    assert [(f.kind, f.line, on_doc.text[f.start:f.end], f.items) for f in on_doc.fields] == \
        [(f.kind, f.line, on_word.text[f.start:f.end], f.items) for f in on_word.fields]
    assert len(on_doc.fields) == 2
    _, word_report = check_json(word, capsys)
    _, doc_report = check_json(doc, capsys)
    assert [(c, p, o) for c, _, p, o in places(doc_report)] == \
        [(c, p, o) for c, _, p, o in places(word_report)]
    assert ("missing-entry", str(doc), 2, 67) in places(doc_report)


def test_a_doc_s_zotero_citation_in_a_footnote_is_read_in_its_note(tmp_path: Path) -> None:
    source = tmp_path / "noted.md"
    source.write_text("Main text (Finch, 2015).[^1]\n\n[^1]: See MARK here.\n")
    made = pandoc_convert(source, tmp_path / "made.docx")
    field = "".join(
        f"<w:r>{run}</w:r>" for run in (
            '<w:fldChar w:fldCharType="begin"/>',
            '<w:instrText xml:space="preserve">'
            + escape(zotero_instruction([KEOHANE], "Keohane, 2001")) + "</w:instrText>",
            '<w:fldChar w:fldCharType="separate"/>', "<w:t>Keohane, 2001</w:t>",
            '<w:fldChar w:fldCharType="end"/>'))
    word = tmp_path / "noted.docx"
    with zipfile.ZipFile(made) as original, zipfile.ZipFile(word, "w") as target:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/footnotes.xml":
                data = data.replace(b"See MARK here.", b"See </w:t></w:r>" + field.encode()
                                    + b'<w:r><w:t xml:space="preserve"> here.')
            target.writestr(info, data)
    doc = soffice_convert(word, "doc", tmp_path / "lo")

    on_word, on_doc = read(word), read(doc)
    assert "See Keohane, 2001 here." in on_doc.text
    assert (on_doc.text, on_doc.layout) == (on_word.text, on_word.layout)
    (field_read,) = on_doc.fields
    assert on_doc.text[field_read.start:field_read.end] == "Keohane, 2001"
    assert field_read.items[0]["title"] == "Power and Interdependence"


def test_a_doc_whose_citation_fields_cannot_be_placed_is_refused_saying_what_to_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Interdependence ")
    add_deleted(paragraph, "(struck out, 1990) ")
    add_field(paragraph, zotero_instruction([KEOHANE], "(Keohane, 2001)"), "(Keohane, 2001)")
    doc = soffice_convert(save_to(document, tmp_path / "paper.docx"), "doc", tmp_path / "lo")
    assert main(["check", str(doc)]) == EXIT_FAILURE
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{doc}:1: error: ")
    assert "Zotero" in line and "save it as .docx" in line


def test_without_libreoffice_a_doc_is_one_line_saying_what_to_install(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    doc = soffice_convert(counted_document(tmp_path / "paper.docx", zotero=False), "doc",
                          tmp_path / "lo")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["check", str(doc)]) == EXIT_FAILURE
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{doc}:1: error: ") and "libreoffice-writer-nogui" in line


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


REFUSED: dict[str, tuple[str, bytes, str]] = {
    "a PDF": ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "this is a PDF"),
    "a PDF named .docx": ("paper.docx", b"%PDF-1.4\n", "this is a PDF"),
    "an image": ("figure.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image"),
    "an Excel workbook": ("data.xlsx", _zip({"[Content_Types].xml": "<Types/>",
                                             "xl/workbook.xml": "<workbook/>"}),
                          "an Excel workbook"),
    "an Apple Pages document": ("paper.pages", _zip({"Index/Document.iwa": b"\0\1"}),
                                "an Apple Pages document"),
    "an OpenDocument spreadsheet": (
        "data.ods", _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                          "content.xml": "<x/>"}), "an OpenDocument spreadsheet"),
    "a zip of something else": ("submission.zip", _zip({"paper.tex": "x"}), "a zip archive"),
    "an unknown binary": ("paper.wpd2", b"\x00\x01\x02garbage\x00" * 40, "a binary file"),
    "Word 2003 XML": ("paper.xml", b'<?xml version="1.0"?>\n<?mso-application progid="Word.'
                      b'Document"?><w:wordDocument/>', "a Word 2003 XML document"),
    "a web page saved by Word": (
        "paper.htm", b'<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:'
        b'schemas-microsoft-com:office:word"><body>(Finch, 2015)</body></html>',
        "a web page saved by Word"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_file_no_reader_takes_is_one_line_naming_what_it_is_and_exit_2(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name, content, what = REFUSED[case]
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["check", str(path)]) == EXIT_FAILURE
    err = capsys.readouterr().err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"{path}:1: error: ") and what in line
    assert ".docx" in line and "Traceback" not in err
    assert path.read_bytes() == content


def test_a_folder_of_mixed_formats_reports_each_and_continues_past_a_bad_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    word = counted_document(tmp_path / "source.docx", zotero=False)
    (folder / "a.docx").write_bytes(word.read_bytes())
    soffice_convert(word, "rtf", tmp_path / "lo").replace(folder / "b.rtf")
    (folder / "c.doc").write_bytes(b"%PDF-1.4\n")  # a PDF under a Word name
    (folder / "d.md").write_text("# Notes\n\nLater (Finch, 2015) disagreed.\n")

    bib = tmp_path / "refs.bib"
    bib.write_text(BIB)

    code = main(["check", str(folder), "--bib", str(bib), "--jobs", "1", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == EXIT_FAILURE
    rows = {Path(m["file"]).name: m for m in report["manuscripts"]}
    assert sorted(rows) == ["a.docx", "b.rtf", "c.doc", "d.md"]
    assert "this is a PDF" in rows["c.doc"]["error"]
    for name in ("a.docx", "b.rtf", "d.md"):
        assert rows[name]["error"] is None
        assert any(p["code"] == "missing-entry" for p in rows[name]["problems"])



def test_a_conversion_past_the_time_limit_is_stopped_and_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from repropub.readers import libreoffice

    rtf = soffice_convert(counted_document(tmp_path / "paper.docx"), "rtf", tmp_path / "lo")
    monkeypatch.setattr(libreoffice, "TIMEOUT", 0.01)
    assert main(["check", str(rtf)]) == EXIT_FAILURE
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{rtf}:1: error: LibreOffice did not convert it within 0.01 s")


@pytest.mark.parametrize("fmt", ["doc", "rtf"])
def test_an_editors_ignore_comment_in_a_doc_or_rtf_suppresses_there_and_is_counted(
        fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    judged = document.add_paragraph("Later (Finch, 2015) disagreed.")
    document.add_comment(judged.runs, "repropub: ignore missing-entry", author="Editor")
    document.add_paragraph("Again (Finch, 2016) disagreed.")
    converted = soffice_convert(save_to(document, tmp_path / "judged.docx"), fmt,
                                tmp_path / "lo")
    _, report = check_json(converted, capsys)
    assert [(p["code"], p["paragraph"]) for p in report["problems"]
            if p["code"] == "missing-entry"] == [("missing-entry", 2)]
    assert report["summary"]["suppressed"] == 1


def test_a_flat_opendocument_text_is_read_as_its_word_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = counted_document(tmp_path / "paper.docx")
    flat = soffice_convert(word, "fodt", tmp_path / "lo")
    assert read(flat).text == read(word).text
    _, on_word = check_json(word, capsys)
    _, on_flat = check_json(flat, capsys)
    assert [(c, p, o) for c, _, p, o in places(on_flat)] == \
        [(c, p, o) for c, _, p, o in places(on_word)]


def test_text_that_starts_with_html_is_still_read_by_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "paper.txt"
    path.write_text("<b>Alliances</b>\n\nLater (Finch, 2015) disagreed.\n")
    assert "Later (Finch, 2015) disagreed." in read(path).text
