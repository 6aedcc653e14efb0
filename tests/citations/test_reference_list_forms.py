"""Typed reference lists in every author-date culture, read without a .bib as the .bib reads.

Each folder next to this file holds one form of a typed list (ABNT's and Chicago's marks of a
repeated author, an editor's mark after the names, imprint dates, Harvard's and German and French
lists' own forms, 'et al.' in five languages, a list set as a table, a list followed by appendices
and notes, a list without a heading, an entry parted by a blank line, entries typed one per line in
a plain-text file) with the same works as a .bib. The entries the typed list gives have the .bib's
authors and years, in the same order, and the check reports the same with either.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from check_reports import findings, run
from docx.shared import Inches

from repropub.cli import main
from repropub.manuscript import read_manuscript
from repropub.pandoc import executable
from repropub.reflist import parse_reference_list

HERE = Path(__file__).resolve().parent

FORMS = ["repeated-authors", "editor-marks", "imprint-dates", "abnt-groups", "entry-parts",
         "harvard-entries", "european-entries", "et-al-lists", "list-in-table",
         "list-then-appendix", "list-without-heading", "uncertain-dates",
         "uncertain-dates-languages", "uncertain-dates-harvard", "french-capitals",
         "acronym-groups"]


def entries(report: dict[str, Any]) -> list[tuple[list[str], str | None]]:
    return [(e["authors"], e["year"]) for e in report["entries"]]


def citations(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(" ".join(c["text"].split()), c["status"]) for c in report["citations"]]


def check(manuscript: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    main(["check", str(manuscript), "--format", "json", *args])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


@pytest.mark.parametrize("case", FORMS)
def test_the_typed_list_gives_the_entries_of_the_bib(capsys, case):
    with_bib = run(case, capsys, bib=True)
    report = run(case, capsys, bib=False)
    assert entries(report) == entries(with_bib)
    assert all(authors for authors, _ in entries(report))
    assert citations(report) == citations(with_bib)
    assert {status for _, status in citations(report)} == {"ok"}
    assert findings(report) == findings(with_bib) == []


def test_a_repeated_authors_mark_stands_for_the_entry_above(capsys):
    # six underscores, three, an em dash (ABNT) and Chicago's 3-em dash, with its editor's mark
    typed = entries(run("repeated-authors", capsys, bib=False))
    assert typed[1:4] == [(["Moreira"], "2012"), (["Moreira"], "2013"), (["Moreira"], "2014")]
    assert typed[5] == (["Araújo", "Bezerra"], "2016")
    assert typed[-1] == (["Whitfield"], "2013")


@pytest.mark.parametrize("case", ["list-in-table", "list-then-appendix", "editor-marks",
                                  "repeated-authors", "entry-parts", "list-without-heading"])
def test_a_word_file_gives_the_entries_of_its_markdown(tmp_path, capsys, case):
    # pandoc makes the Word file: a table as a Word table, footnotes as Word footnotes, the
    # hard-wrapped entries as one paragraph each
    markdown = tmp_path / "manuscript.md"
    shutil.copyfile(HERE / case / "manuscript.md", markdown)
    word = tmp_path / "manuscript.docx"
    subprocess.run([executable(), str(markdown), "-o", str(word)], check=True, timeout=60)
    on_markdown = check(markdown, capsys)
    on_word = check(word, capsys)
    assert entries(on_word) == entries(on_markdown)
    # a Word file's footnotes follow its text: the same citations, in another order
    assert sorted(citations(on_word)) == sorted(citations(on_markdown))
    assert [p["code"] for p in on_word["problems"]] == []


def test_entries_typed_one_per_line_in_a_text_file_end_at_the_appendix(tmp_path, capsys):
    folder = HERE / "list-one-per-line"
    manuscript = tmp_path / "manuscript.txt"
    shutil.copyfile(folder / "manuscript.txt", manuscript)
    with_bib = check(folder / "manuscript.txt", capsys, "--bib", str(folder / "references.bib"))
    report = check(manuscript, capsys)
    # a line that says 'Referências' heads the list; the line that starts an entry after one
    # that ends one starts the next; a wrapped line stays in its entry
    assert entries(report) == entries(with_bib) == [
        (["Ferraz"], "2010"), (["Galvão", "Horta"], "2012"), (["Ibiapina"], "2014")]
    assert [e["line"] for e in report["entries"]] == [6, 7, 9]
    # the appendix is text again: its citation is read, and has no entry
    assert citations(report) == citations(with_bib) == [
        ("Ferraz (2010)", "ok"), ("Galvão e Horta (2012)", "ok"), ("Ibiapina (2014)", "ok"),
        ("Jardim (2016)", "missing-entry")]


def test_a_list_without_a_heading_is_the_run_of_entries_that_ends_the_text(capsys):
    report = run("list-without-heading", capsys, bib=False)
    # the paragraph that opens with a citation is text; the footnote after the list is read
    assert [e["line"] for e in report["entries"]] == [8, 10, 12, 14]
    assert [c["text"] for c in report["citations"]][-2:] == ["Ashby (2010)", "Dorsey (2015)"]


def test_a_paragraph_that_only_goes_on_with_an_entry_joins_it(capsys):
    # a DOI, 'Available at:' and an imprint in lower case after a blank line
    report = run("entry-parts", capsys, bib=False)
    assert [(e["key"], e["line"]) for e in report["entries"]] == [
        ("ashby2010", 8), ("bellamy2012", 12), ("crowe2013", 14), ("dorsey2014", 16),
        ("ewing2015", 18), ("garland2016", 20), ("hurst2017", 24), ("irwin2019", 26),
        ("pinheiro2018", 29)]


@pytest.mark.parametrize("case", FORMS)
def test_a_text_file_gives_the_entries_of_its_markdown(tmp_path, capsys, case):
    markdown = tmp_path / "manuscript.md"
    shutil.copyfile(HERE / case / "manuscript.md", markdown)
    text = tmp_path / "manuscript.txt"
    shutil.copyfile(markdown, text)
    on_markdown = check(markdown, capsys)
    on_text = check(text, capsys)
    assert entries(on_text) == entries(on_markdown)
    assert [e["line"] for e in on_text["entries"]] == [e["line"] for e in on_markdown["entries"]]


def test_a_word_list_as_editors_type_it_is_read_entry_by_entry(tmp_path, capsys):
    # a heading set in bold by hand in Portuguese, hanging indents, a line break inside an entry,
    # and an appendix in bold after the list, as Word writes them (python-docx)
    document = docx.Document()
    document.add_heading("Um estudo", 1)
    document.add_paragraph("Como mostram Quevedo (2010), Reis e Sampaio (2012) e Teles (2014), o "
                           "tema persiste.")
    document.add_paragraph().add_run("REFERÊNCIAS").bold = True
    for first, second in [("QUEVEDO, João. Um título. São Paulo:", "Editora Exemplo, 2010."),
                          ("REIS, Ana; SAMPAIO, Bruno. Outro. Recife: Editora Exemplo, 2012.", ""),
                          ("TELES, Carla. Mais um. Natal: Editora Exemplo, 2014.", "")]:
        entry = document.add_paragraph()
        entry.paragraph_format.left_indent = Inches(0.5)
        entry.paragraph_format.first_line_indent = Inches(-0.5)
        entry.add_run(first)
        if second:
            entry.add_run().add_break()
            entry.add_run(second)
    document.add_paragraph().add_run("APÊNDICE A \u2013 Questionário").bold = True
    document.add_paragraph("Uma pergunta sobre Uchoa (2016).")
    word = tmp_path / "manuscript.docx"
    document.save(str(word))
    report = check(word, capsys)
    assert entries(report) == [(["Quevedo"], "2010"), (["Reis", "Sampaio"], "2012"),
                               (["Teles"], "2014")]
    assert citations(report) == [("Quevedo (2010)", "ok"), ("Reis e Sampaio (2012)", "ok"),
                                 ("Teles (2014)", "ok"), ("Uchoa (2016)", "missing-entry")]


def test_an_entry_whose_name_is_in_lower_case_is_not_the_rest_of_the_one_above(tmp_path):
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text("# T\n\nText.\n\n## References\n\nHurst, W. (2017). A title.\n\n"
                          "lowe, m. (2019). A name in lower case. Example Press.\n\n"
                          "available from the author.\n", encoding="utf-8")
    entries_ = parse_reference_list(read_manuscript(manuscript)).entries
    assert [(e.key, e.line) for e in entries_] == [("hurst2017", 7), ("lowe2019", 9)]
    assert entries_[1].fields["raw"].endswith("available from the author.")


def test_a_notes_bibliography_list_gives_its_authors_and_the_imprints_years(capsys):
    # Chicago's 'Surname, Given. *Title*. Place: Publisher, Year.', its 3-em dash repeat, an
    # article's '(2015): 195-210', 'Surname, Given, and Given Surname.' and an editor's ', ed.'
    with_bib = run("chicago-notes", capsys, bib=True)
    typed = run("chicago-notes", capsys, bib=False)
    assert entries(typed) == entries(with_bib) == [
        (["Holloway"], "2012"), (["Holloway"], "2009"), (["Lindqvist"], "2015"),
        (["Okafor", "Brandt"], "1998"), (["Varga"], "2001")]
    # its notes name every entry, and their imprints' '(Riverton: ..., 2009)' are no citations
    assert findings(typed) == findings(with_bib) == []
    assert typed["citation_style"]["family"] == "notes"
