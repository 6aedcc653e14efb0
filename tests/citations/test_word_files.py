"""The same manuscripts as Word files, as editors receive them: the check reads the same.

Each fixture's Markdown becomes a .docx made by pandoc (paragraphs rewrapped, tables as Word
tables, footnotes as Word footnotes), checked with its .bib and alone with its typed reference
list. Every citation the Markdown holds is read in the Word file, resolved to the same entry,
and the same errors are reported.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from repropub.cli import main
from repropub.pandoc import executable

HERE = Path(__file__).resolve().parent

CASES = ["tables-and-notes", "locators", "group-abbreviations", "joined-years", "italian",
         "inferred-dates", "year-ranges", "long-group-names", "secondary-languages",
         "planted/group-abbreviations", "repeated-years", "group-name-starts", "group-acronyms",
         "group-names-after-articles", "acronyms-as-authors", "secondary-checked",
         "harvard-acronyms", "acronym-evidence", "group-names-without-entry",
         "planted/german-apa", "planted/french-apa", "genitive-names",
         "acronyms-after-prepositions"]
"""Fixtures whose forms a Word file keeps (emphasis is Word's formatting, not text)."""


def report(manuscript: Path, capsys: pytest.CaptureFixture[str], bib: Path | None) \
        -> dict[str, Any]:
    main(["check", str(manuscript), "--format", "json",
          *(["--bib", str(bib)] if bib else [])])
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def essence(result: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The citations (text with its lines joined, status) and the problems (code, cited); the
    Word file's typographic apostrophes (pandoc writes them) read as the Markdown's."""
    def plain(text: str) -> str:
        return " ".join(text.replace("\u2019", "'").split())

    return ([(plain(c["text"]), c["status"]) for c in result["citations"]],
            [(p["code"], plain(p["cited"])) for p in result["problems"]
             if p["code"] != "uncited-entry"])


@pytest.mark.parametrize("bib", [True, False], ids=["bib", "reference-list"])
@pytest.mark.parametrize("case", CASES)
def test_a_word_file_is_read_as_its_markdown(tmp_path, capsys, case, bib):
    folder = HERE / case
    markdown = tmp_path / "manuscript.md"
    markdown.write_bytes((folder / "manuscript.md").read_bytes())
    word = tmp_path / "manuscript.docx"
    subprocess.run([executable(), str(markdown), "-o", str(word)], check=True, timeout=60)
    references = folder / "references.bib" if bib else None
    on_markdown = essence(report(markdown, capsys, references))
    on_word = essence(report(word, capsys, references))
    assert on_word == on_markdown
    assert on_word[0]  # the fixture's citations were read at all


@pytest.mark.parametrize("bib", [True, False], ids=["bib", "reference-list"])
def test_a_word_files_footnotes_are_read_as_notes_and_bibliography(tmp_path, capsys, bib):
    # Word's italics are formatting, not text: a note's title is read up to its imprint or page
    folder = HERE / "planted" / "notes"
    markdown = tmp_path / "manuscript.md"
    markdown.write_bytes((folder / "manuscript.md").read_bytes())
    word = tmp_path / "manuscript.docx"
    subprocess.run([executable(), str(markdown), "-o", str(word)], check=True, timeout=60)
    result = report(word, capsys, folder / "references.bib" if bib else None)
    assert result["citation_style"]["family"] == "notes"
    assert [c["keys"] for c in result["citations"] if c["status"] == "ok"] == [
        ["alder1987"], ["cedar1990"], ["alder1987"], ["cedar1995"], ["cedar1990"]]
    # a bare title by a listed author that no entry has cannot be told from prose: not reported
    assert sorted((p["code"], str(p["keys"] or p["cited"])) for p in result["problems"]) == [
        ("missing-entry", "Dana Elm, Forest Margins"), ("uncited-entry", "['birch1993']")]
