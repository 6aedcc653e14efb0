"""Word manuscripts: paragraphs counted as Word counts them, citation fields, tracked changes,
the editor's comments, and findings that equal those on the same text as Markdown."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from wordfiles import (
    ARTICLE,
    add_deleted,
    add_field,
    new_document,
    pandoc_convert,
    zotero_instruction,
)

from repropub.cli import main
from repropub.errors import EXIT_FINDINGS
from repropub.readers import read

BIB = ARTICLE / "references.bib"


def check_json(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    main(["check", str(path), "--bib", str(BIB), "--format", "json", *extra])
    return json.loads(capsys.readouterr().out)


def test_findings_on_a_docx_equal_those_on_the_same_text_as_markdown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = pandoc_convert(ARTICLE / "manuscript.md", tmp_path / "article.docx")
    on_markdown = check_json(ARTICLE / "manuscript.md", capsys)
    on_word = check_json(word, capsys)

    def essence(report: dict) -> list[tuple[str, str, str, str | None]]:
        return [(p["code"], p["message"], p["cited"], p["suggestion"])
                for p in report["problems"]]

    assert essence(on_word) == essence(on_markdown)
    assert len(on_word["problems"]) >= 6
    flowing = " ".join((ARTICLE / "manuscript.md").read_text().split())
    paragraphs = [line.lstrip("# ") for line in read(word).lines if line]
    for md, wd in zip(on_markdown["problems"], on_word["problems"], strict=True):
        if md["file"] != str(ARTICLE / "manuscript.md"):
            assert wd["line"] == md["line"]  # an entry of the .bib: the same place in both
            continue
        assert wd["paragraph"] is not None and md["paragraph"] is None
        # the offset falls inside the cited text in the Word paragraph (a style finding points
        # at the word to change), and the quote around it is text of the Markdown too (which
        # wraps lines where Word does not)
        text = paragraphs[wd["paragraph"] - 1]
        start = text.rfind(wd["cited"], 0, wd["offset"] + len(wd["cited"]))
        assert 0 <= start <= wd["offset"] < start + len(wd["cited"])
        assert " ".join(wd["quote"].split()) in flowing.replace("|", " ") or \
            wd["quote"] == text.strip()


def test_paragraphs_are_numbered_as_word_counts_them_empty_ones_and_table_cells_included(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    document.add_paragraph("Alliances after the war", style="Title")     # 1
    document.add_paragraph("")                                          # 2
    document.add_paragraph("First paragraph, nothing cited.")           # 3
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Balancing"                                 # 4
    table.cell(0, 1).text = "As shown (Waltz, 1978)."                   # 5
    document.add_paragraph("")                                          # 6
    document.add_paragraph("Later (Finch, 2015) disagreed.")            # 7
    path = tmp_path / "counted.docx"
    document.save(str(path))

    report = check_json(path, capsys)
    places = {p["code"]: (p["paragraph"], p["offset"], p["quote"]) for p in report["problems"]
              if p["paragraph"] is not None}
    assert places["year-mismatch"] == (5, 10, "As shown (Waltz, 1978).")
    assert places["missing-entry"] == (7, 7, "Later (Finch, 2015) disagreed.")
    assert read(path).metadata.title == "Alliances after the war"


def test_a_zotero_field_is_read_its_instruction_hidden_and_its_works_kept(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Interdependence matters ")
    item = {"id": "k1", "type": "book", "title": "Power and Interdependence",
            "author": [{"family": "Keohane", "given": "Robert O."},
                       {"family": "Nye", "given": "Joseph S."}],
            "issued": {"date-parts": [[2001]]}}
    add_field(paragraph, zotero_instruction([item], "(Keohane & Nye, 2001)"),
              "(Keohane & Nye, 2001)")
    paragraph.add_run(" in the end.")
    path = tmp_path / "zotero.docx"
    document.save(str(path))

    manuscript = read(path)
    assert manuscript.text == "Interdependence matters (Keohane & Nye, 2001) in the end."
    (field,) = manuscript.fields
    assert field.kind == "zotero"
    assert manuscript.text[field.start:field.end] == "(Keohane & Nye, 2001)"
    assert field.items[0]["title"] == "Power and Interdependence"
    assert field.plain == "(Keohane & Nye, 2001)"


def test_a_tracked_deletion_is_not_read_and_offsets_skip_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Once ")
    add_deleted(paragraph, "(Deleted, 1990) ")
    paragraph.add_run("(Finch, 2015) said so.")
    path = tmp_path / "tracked.docx"
    document.save(str(path))

    assert read(path).text == "Once (Finch, 2015) said so."
    (problem,) = [p for p in check_json(path, capsys)["problems"] if p["paragraph"]]
    assert (problem["code"], problem["paragraph"], problem["offset"]) == ("missing-entry", 1, 6)


def test_a_word_comment_saying_ignore_suppresses_that_code_in_its_paragraph_and_is_counted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    judged = document.add_paragraph("A work we know is missing (Finch, 2015).")
    document.add_paragraph("Another one (Finch, 2015).")
    document.add_comment(judged.runs, "repropub: ignore missing-entry", author="Editor")
    path = tmp_path / "judged.docx"
    document.save(str(path))

    report = check_json(path, capsys)
    missing = [p["paragraph"] for p in report["problems"] if p["code"] == "missing-entry"]
    assert missing == [2]
    assert report["summary"]["suppressed"] == 1
    main(["check", str(path), "--bib", str(BIB)])
    assert "1 suppressed" in capsys.readouterr().out.splitlines()[-1]


def test_the_text_report_names_the_paragraph_and_quotes_the_words_around(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    document.add_paragraph("")
    document.add_paragraph("As the record shows (Finch, 2015), nothing changed.")
    path = tmp_path / "quoted.docx"
    document.save(str(path))

    assert main(["check", str(path), "--bib", str(BIB)]) == EXIT_FINDINGS
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"{path}:\u00b62:22: error: no entry in the bibliography matches "
                        "'Finch, 2015' [missing-entry]")
    assert lines[1] == "    \u201cAs the record shows (Finch, 2015), nothing changed.\u201d"


def test_without_a_bib_the_works_zotero_embedded_are_the_bibliography(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Interdependence matters ")
    item = {"id": 7, "type": "book", "title": "Power and Interdependence",
            "author": [{"family": "Keohane", "given": "Robert O."},
                       {"family": "Nye", "given": "Joseph S."}],
            "issued": {"date-parts": [["2001"]]}}
    add_field(paragraph, zotero_instruction([item], "(Keohane & Nye, 2001)"),
              "(Keohane & Nye, 2001)")
    paragraph.add_run(", unlike what (Finch, 2015) says.")
    path = tmp_path / "zotero.docx"
    document.save(str(path))

    main(["check", str(path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [(e["key"], e["authors"], e["year"]) for e in report["entries"]] == \
        [("keohane2001", ["Keohane", "Nye"], "2001")]
    assert [(c["text"], c["status"]) for c in report["citations"]] == \
        [("Keohane & Nye, 2001", "ok"), ("Finch, 2015", "missing-entry")]


def test_word_citation_fields_name_sources_kept_in_the_package(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("As shown ")
    add_field(paragraph, " CITATION Wal79 \\l 1033 ", "(Waltz, 1979)")
    path = tmp_path / "word-citation.docx"
    document.save(str(path))
    sources = (
        '<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/'
        'bibliography" SelectedStyle="APA"><b:Source><b:Tag>Wal79</b:Tag>'
        "<b:SourceType>Book</b:SourceType><b:Title>Theory of International Politics</b:Title>"
        "<b:Year>1979</b:Year><b:Author><b:Author><b:NameList><b:Person><b:Last>Waltz</b:Last>"
        "<b:First>Kenneth</b:First></b:Person></b:NameList></b:Author></b:Author></b:Source>"
        "</b:Sources>")
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("customXml/item99.xml", sources)

    (field,) = read(path).fields
    assert field.kind == "word"
    assert field.items == ({"id": "Wal79", "title": "Theory of International Politics",
                            "author": [{"family": "Waltz", "given": "Kenneth"}],
                            "issued": {"date-parts": [[1979]]}},)


@pytest.mark.parametrize("command", ["fix", "build"])
def test_fix_and_build_refuse_a_word_file_and_leave_it_as_it_was(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = pandoc_convert(ARTICLE / "manuscript.md", tmp_path / "article.docx")
    before = word.read_bytes()
    args = [str(word), "--bib", str(BIB)] + (["--out", str(tmp_path / "out")]
                                              if command == "build" else [])
    assert main([command, *args] if command == "fix" else args) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{word}: error: this command reads Markdown manuscripts")
    assert word.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.docx"]


def test_a_zotero_field_typed_over_by_hand_is_reported_at_its_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = new_document()
    item = {"id": 1, "type": "book", "title": "Power and Interdependence",
            "author": [{"family": "Keohane"}, {"family": "Nye"}],
            "issued": {"date-parts": [[2001]]}}
    kept = document.add_paragraph("Kept ")
    add_field(kept, zotero_instruction([item], "(Keohane & Nye, 2001)"),
              "(Keohane\u00a0& Nye, 2001)")
    edited = document.add_paragraph("Edited ")
    add_field(edited, zotero_instruction([item], "(Keohane & Nye, 2001)"),
              "(Keohane & Nye, 2001, p. 3)")
    path = tmp_path / "edited.docx"
    document.save(str(path))

    report = check_json(path, capsys)
    (problem,) = [p for p in report["problems"] if p["code"] == "field-edited"]
    assert (problem["paragraph"], problem["offset"], problem["severity"]) == (2, 7, "warning")
    assert problem["cited"] == "(Keohane & Nye, 2001, p. 3)"
    assert "wrote '(Keohane & Nye, 2001)'" in problem["message"]


def test_a_word_finding_carries_no_fix_for_a_file_fix_does_not_write(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    word = pandoc_convert(ARTICLE / "manuscript.md", tmp_path / "article.docx")
    on_markdown = check_json(ARTICLE / "manuscript.md", capsys)
    assert any(p["fix"] for p in on_markdown["problems"])
    assert not any(p["fix"] for p in check_json(word, capsys)["problems"])
    main(["check", str(word), "--bib", str(BIB), "--format", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert results and not any("fixes" in r for r in results)
    assert {r["properties"]["paragraph"] for r in results if "properties" in r} == {3, 7, 9}


NOTES = """---
title: Notes
---

Main text cites (Keohane & Nye, 2001) once.[^a] And again.[^b]

# References

Wendt, A. (1999). Social theory of international politics. Cambridge University Press.

[^b]: Second note (Finch, 2015).
[^a]: As noted by (Wendt, 1998).
"""


def test_footnotes_are_read_numbered_by_their_marks_and_named_in_the_findings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "notes.md"
    source.write_text(NOTES)
    word = pandoc_convert(source, tmp_path / "notes.docx")
    report = check_json(word, capsys)
    places = {p["code"]: (p["note"], p["paragraph"], p["offset"], p["quote"])
              for p in report["problems"] if p["paragraph"] is not None}
    # pandoc puts a space between the note's number and its text: it counts
    assert places["year-mismatch"] == ("footnote 1", 1, 14, "As noted by (Wendt, 1998).")
    assert places["missing-entry"] == ("footnote 2", 1, 14, "Second note (Finch, 2015).")
    main(["check", str(word), "--bib", str(BIB)])
    out = capsys.readouterr().out
    assert f"{word}:footnote 1:\u00b61:15: error: the entry wendt1999 is dated 1999" in out
    # the reference list that closes the main text does not swallow the notes
    main(["check", str(word), "--format", "json"])
    own = json.loads(capsys.readouterr().out)
    assert [e["key"] for e in own["entries"]] == ["wendt1999"]
    assert {c["text"] for c in own["citations"]} >= {"Wendt, 1998", "Finch, 2015"}
