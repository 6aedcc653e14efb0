"""Word files as editors receive them: tracked changes, hidden text, optional and non-breaking
hyphens, content controls, smart tags, text boxes and the fields of EndNote, Citavi and Word's
bibliography, each read as Word shows the page."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from wordfiles import add_field, new_document

from repropub.cli import main
from repropub.readers import read

W = nsdecls("w")
BIB = """@book{waltz1979, author = {Waltz, Kenneth N.}, title = {Theory of International
  Politics}, publisher = {Addison-Wesley}, year = {1979}}
@book{kindleberger1973, author = {Kindleberger, Charles P.}, title = {The World in
  Depression}, publisher = {University of California Press}, year = {1973}}
@book{smithjones2001, author = {Smith-Jones, Ann}, title = {Joined Names},
  publisher = {Polity}, year = {2001}}
"""

ENDNOTE_RECORD = (
    "<EndNote><Cite><Author>Waltz</Author><Year>1979</Year><RecNum>7</RecNum><record>"
    "<rec-number>7</rec-number><ref-type name=\"Book\">6</ref-type><contributors><authors>"
    "<author>Waltz, Kenneth N.</author></authors></contributors><titles><title>Theory of "
    "International Politics</title></titles><dates><year>1979</year></dates></record></Cite>"
    "</EndNote>")


def append(paragraph: Any, xml: str) -> None:
    paragraph._p.append(parse_xml(xml))


def save(document: Any, path: Path) -> Path:
    document.save(str(path))
    return path


def lines(path: Path) -> list[str]:
    return [line for line in read(path).lines if line]


def check_json(path: Path, capsys: pytest.CaptureFixture[str], bib: bool = True
               ) -> dict[str, Any]:
    extra: list[str] = []
    if bib:
        (path.parent / "refs.bib").write_text(BIB)
        extra = ["--bib", str(path.parent / "refs.bib")]
    main(["check", str(path), "--format", "json", *extra])
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_tracked_insertions_are_read_deletions_not_and_moved_text_once_where_it_went(
        tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("As ")
    append(paragraph, f'<w:ins {W} w:id="1" w:author="E"><w:r><w:t xml:space="preserve">'
                      "(Waltz, 1979) </w:t></w:r></w:ins>")
    append(paragraph, f'<w:del {W} w:id="2" w:author="E"><w:r><w:delText xml:space="preserve">'
                      "(Gone, 1990) </w:delText></w:r></w:del>")
    append(paragraph, f'<w:moveFrom {W} w:id="3" w:author="E"><w:r><w:t xml:space="preserve">'
                      "(Kindleberger, 1973) </w:t></w:r></w:moveFrom>")
    append(paragraph, f'<w:r {W}><w:t xml:space="preserve">argued </w:t></w:r>')
    append(paragraph, f'<w:moveTo {W} w:id="4" w:author="E"><w:r><w:t xml:space="preserve">'
                      "(Kindleberger, 1973).</w:t></w:r></w:moveTo>")
    path = save(document, tmp_path / "tracked.docx")
    assert lines(path) == ["As (Waltz, 1979) argued (Kindleberger, 1973)."]


def test_hidden_text_is_not_read_whether_hidden_directly_or_by_its_style(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    style = document.styles.add_style("Hidden Note", 2)  # a character style
    style.element.append(parse_xml(f"<w:rPr {W}><w:vanish/></w:rPr>"))
    paragraph = document.add_paragraph("Shown ")
    append(paragraph, f'<w:r {W}><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">'
                      "(Hidden, 1990) </w:t></w:r>")
    paragraph.add_run("(Styled, 1991) ", style="Hidden Note")
    append(paragraph, f'<w:r {W}><w:rPr><w:vanish w:val="false"/></w:rPr>'
                      '<w:t xml:space="preserve">(Waltz, 1979) </w:t></w:r>')
    paragraph.add_run("and more.")
    path = save(document, tmp_path / "hidden.docx")
    assert lines(path) == ["Shown (Waltz, 1979) and more."]
    report = check_json(path, capsys)
    assert [c["text"] for c in report["citations"]] == ["Waltz, 1979"]


def test_optional_and_non_breaking_hyphens_read_as_the_name_the_author_typed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Both ")
    append(paragraph, f'<w:r {W}><w:t>Kind</w:t><w:softHyphen/><w:t xml:space="preserve">'
                      'leberger (1973) and Smith</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'
                      "Jones\u00a0(2001) and Kind\u00adleberger (1973).</w:t></w:r>")
    path = save(document, tmp_path / "hyphens.docx")
    assert lines(path) == ["Both Kindleberger (1973) and Smith-Jones\u00a0(2001) and "
                           "Kindleberger (1973)."]
    report = check_json(path, capsys)
    assert [c["status"] for c in report["citations"]] == ["ok", "ok", "ok"]
    assert [(p["code"], p["keys"]) for p in report["problems"]] == \
        [("uncited-entry", ["waltz1979"])]


def test_content_controls_smart_tags_tabs_and_breaks_are_read_in_place(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Ctl ")
    append(paragraph, f'<w:sdt {W}><w:sdtPr><w:alias w:val="Citation"/><w:tag w:val="c1"/>'
                      "</w:sdtPr><w:sdtContent><w:r><w:t>(Waltz, 1979)</w:t></w:r></w:sdtContent>"
                      "</w:sdt>")
    append(paragraph, f'<w:smartTag {W} w:uri="urn:schemas-microsoft-com:office:smarttags" '
                      'w:element="City"><w:r><w:t xml:space="preserve"> in Paris</w:t></w:r>'
                      "</w:smartTag>")
    append(paragraph, f"<w:r {W}><w:tab/><w:t>a</w:t><w:br/><w:t>b</w:t></w:r>")
    path = save(document, tmp_path / "controls.docx")
    assert lines(path) == ["Ctl (Waltz, 1979) in Paris\ta b"]


def test_a_text_box_is_read_after_the_notes_and_a_finding_in_it_names_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Anchor ")
    box = ('<w:txbxContent><w:p><w:r><w:t>Box says (Boxed, 2011).</w:t></w:r></w:p>'
           "</w:txbxContent>")
    append(paragraph, f'<w:r {W} xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
                      'wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-'
                      'compatibility/2006"><mc:AlternateContent><mc:Choice Requires="wps">'
                      f"<w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
                      f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent>"
                      "</w:r>")
    document.add_paragraph("After the box (Waltz, 1979).")
    path = save(document, tmp_path / "box.docx")
    assert lines(path) == ["Anchor ", "After the box (Waltz, 1979).", "# Notes",
                           "Box says (Boxed, 2011)."]
    (problem,) = check_json(path, capsys)["problems"][:1]
    assert (problem["code"], problem["note"], problem["paragraph"], problem["offset"]) == \
        ("missing-entry", "text box 1", 1, 10)


@pytest.mark.parametrize("encoded", [False, True], ids=["plain", "base64 field data"])
def test_an_endnote_citation_carries_its_record_as_the_bibliography(
        encoded: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Structure matters ")
    if encoded:
        # EndNote's long form: the record in the data of a field nested in the instruction
        data = base64.b64encode(ENDNOTE_RECORD.encode("utf-8")).decode("ascii")
        for xml in (
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE </w:instrText></w:r>',
                f'<w:r><w:fldChar w:fldCharType="begin"><w:fldData xml:space="preserve">{data}'
                "</w:fldData></w:fldChar></w:r>",
                '<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE.DATA </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                "<w:r><w:t>(Waltz, 1979)</w:t></w:r>",
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
            append(paragraph, xml.replace("<w:r>", f"<w:r {W}>", 1))
    else:
        add_field(paragraph, f" ADDIN EN.CITE {ENDNOTE_RECORD}", "(Waltz, 1979)")
    paragraph.add_run(".")
    path = save(document, tmp_path / "endnote.docx")

    manuscript = read(path)
    assert manuscript.text == "Structure matters (Waltz, 1979)."
    (field,) = manuscript.fields
    assert field.kind == "endnote"
    assert field.items[0]["author"] == [{"family": "Waltz", "given": "Kenneth N."}]
    assert field.items[0]["title"] == "Theory of International Politics"
    report = check_json(path, capsys, bib=False)
    assert [(c["text"], c["status"]) for c in report["citations"]] == [("Waltz, 1979", "ok")]


def test_citavi_and_word_bibliography_fields_are_read_as_their_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Structure matters ")
    add_field(paragraph, " ADDIN CitaviPlaceholder{eyJJZCI6IjEifQ==} ", "(Waltz, 1979)")
    paragraph.add_run(".")
    document.add_paragraph("References", style="Heading 1")
    listing = document.add_paragraph("")
    add_field(listing, " BIBLIOGRAPHY \\l 1033 ",
              "Waltz, K. N. (1979). Theory of international politics. Addison-Wesley.")
    path = save(document, tmp_path / "citavi.docx")

    assert lines(path)[0] == "Structure matters (Waltz, 1979)."
    report = check_json(path, capsys, bib=False)
    assert [(c["text"], c["status"]) for c in report["citations"]] == [("Waltz, 1979", "ok")]
    assert report["problems"] == []
