"""Inline suppression: `<!-- repropub: ignore CODE -->` before a paragraph silences those
findings there, counts them in the summary, and a misspelt code is itself a finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from checking import check_fixture

from repropub.bibliography import load_bibliography
from repropub.checker import check
from repropub.cli import main
from repropub.errors import EXIT_FINDINGS
from repropub.manuscript import read_manuscript
from repropub.suppress import Suppression, find_suppressions

FOLDER = Path(__file__).resolve().parent / "fixtures" / "check-suppression"


def test_a_comment_suppresses_its_codes_in_the_paragraph_it_precedes_only(capsys):
    code, report = check_fixture("suppression", capsys)
    reported = [(p["code"], p["line"]) for p in report["problems"]]
    assert ("missing-entry", 5) in reported  # the paragraph before the comment
    assert ("missing-entry", 8) not in reported
    assert ("style.ampersand", 9) in reported  # a code the comment does not name, next line
    assert code == EXIT_FINDINGS


def test_a_bare_ignore_suppresses_every_code_of_its_paragraph(capsys):
    _, report = check_fixture("suppression", capsys)
    assert [p for p in report["problems"] if p["line"] == 12] == []
    silenced = [(p["code"], p["line"]) for p in report["suppressed"]]
    assert silenced == [("missing-entry", 8), ("missing-entry", 12),
                        ("author-mismatch", 12), ("style.comma-before-year", 12)]


def test_suppressed_findings_are_counted_in_the_json_and_text_summaries(capsys):
    _, report = check_fixture("suppression", capsys)
    assert report["summary"]["suppressed"] == 4
    assert report["summary"]["errors"] == 2
    main(["check", str(FOLDER / "manuscript.md"), "--bib", str(FOLDER / "references.bib")])
    last = capsys.readouterr().out.rstrip("\n").rsplit("\n", 1)[-1]
    assert last.startswith("2 errors, 2 warnings, 4 suppressed (")


def test_an_unknown_code_in_a_comment_names_the_nearest_known_code(capsys):
    _, report = check_fixture("suppression", capsys)
    unknown = [p for p in report["problems"] if p["code"] == "suppression.unknown-code"]
    assert [(p["line"], p["col"], p["cited"]) for p in unknown] == [(14, 1, "missing-entri")]
    assert "'missing-entry'" in unknown[0]["message"]
    assert unknown[0]["suggestion"] == "ignore missing-entry"
    # the misspelt code suppresses nothing; the well-spelt one beside it still works
    assert ("missing-entry", 15) in [(p["code"], p["line"]) for p in report["problems"]]


def test_suppressions_are_ranges_of_lines_whatever_the_input_format(capsys):
    manuscript = read_manuscript(FOLDER / "manuscript.md")
    bibliography = load_bibliography(FOLDER / "references.bib")
    result = check(manuscript, bibliography,
                   suppressions=[Suppression(5, 5, frozenset({"missing-entry"}))])
    assert [(f.code, f.line) for f in result.suppressed] == [("missing-entry", 5)]
    assert ("missing-entry", 8) in [(f.code, f.line) for f in result.findings]


@pytest.mark.parametrize(("text", "expected"), [
    ("<!-- repropub: ignore missing-entry -->\nA paragraph\nof two lines.\n\nNext.",
     [(2, 3, {"missing-entry"})]),
    ("<!--repropub:ignore a, b-->\n\nAfter a blank line.", [(3, 3, {"a", "b"})]),
    ("Text first. <!-- repropub: ignore -->\nand more.\n\nOther.", [(1, 2, set())]),
    ("<!-- an ordinary comment -->\nText.", []),
])
def test_a_comment_covers_the_lines_of_its_paragraph(text, expected):
    found = [(s.first, s.last, set(s.codes)) for s in find_suppressions(text)]
    assert found == expected


def test_a_family_of_codes_is_suppressed_by_its_prefix(capsys):
    manuscript = read_manuscript(FOLDER / "manuscript.md")
    bibliography = load_bibliography(FOLDER / "references.bib")
    result = check(manuscript, bibliography, suppressions=[Suppression(8, 9, frozenset({"style"}),
                                                                       names=("style",))])
    assert [(f.code, f.line) for f in result.suppressed] == [("style.ampersand", 9)]
    assert "suppression.unknown-code" not in {f.code for f in result.findings}
