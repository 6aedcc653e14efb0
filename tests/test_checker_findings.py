"""Each kind of problem gives its finding, at the citation, with the entry it concerns."""

from __future__ import annotations

import pytest
from checking import check_fixture, problems


@pytest.mark.parametrize(("case", "expected"), [
    ("year-mismatch", [("year-mismatch", ["waltz1979"])]),
    ("et-al-for-two-authors", [("author-mismatch", ["major2022"])]),
    ("three-authors-without-et-al", [("author-mismatch", ["lee2010"])]),
    ("authors-in-wrong-order", [("author-mismatch", ["keohane1977"])]),
    ("name-one-letter-off", [("name-misspelt", ["mearsheimer2014"])]),
    ("missing-diacritic", [("name-misspelt", ["sener2007"])]),
    ("ambiguous", [("ambiguous", ["brown2010", "brown2010other"])]),
    ("uncited-entry", [("uncited-entry", ["waltz1979"])]),
    ("undefined-key", [("undefined-key", [])]),
    ("duplicate-key", [("duplicate-key", ["waltz1979"])]),
    ("duplicate-entry", [("duplicate-entry", ["gallo2020", "gallo2020copy"])]),
])
def test_problem_is_reported_under_its_code(capsys, case, expected):
    _, report = check_fixture(case, capsys)
    assert problems(report, style=False) == expected


def test_two_author_work_cited_with_one_author_is_author_mismatch(capsys):
    code, report = check_fixture("dropped-coauthor", capsys)
    assert problems(report) == [("author-mismatch", ["major2022"]),
                                ("style.comma-before-year", ["major2022"]),
                                ("style.page-locator", ["major2022"])]
    mismatch = report["problems"][0]
    assert mismatch["suggestion"] == "write 'Major & Mölling, 2022, p. 2'"
    assert (mismatch["line"], mismatch["col"]) == (5, 19)
    assert code == 1


def test_missing_entries_are_errors_for_author_like_phrases(capsys):
    code, report = check_fixture("missing-entry", capsys)
    missing = [p["cited"] for p in report["problems"] if p["code"] == "missing-entry"]
    assert missing == ["U.S. Department of Defense, 2023", "Kivimaki (2017)"]
    assert code == 1


def test_uncited_entry_points_at_its_line_in_the_bib(capsys):
    _, report = check_fixture("uncited-entry", capsys)
    finding = report["problems"][0]
    assert finding["file"].endswith("references.bib")
    assert finding["line"] == 8


@pytest.mark.parametrize(("case", "code"), [
    ("elife-style", "style.ampersand"),
    ("narrative-ampersand", "style.ampersand"),
    ("page-range-with-p", "style.page-locator"),
])
def test_apa_style_rules_are_warnings(capsys, case, code):
    exit_code, report = check_fixture(case, capsys)
    assert [(p["code"], p["severity"]) for p in report["problems"]] == [(code, "warning")]
    assert exit_code == 0


def test_warnings_fail_under_strict(capsys):
    code, _ = check_fixture("narrative-ampersand", capsys, extra=("--strict",))
    assert code == 1


@pytest.mark.parametrize("case", ["narrative-ampersand", "page-range-with-p"])
def test_apa_rules_are_not_applied_to_an_article_in_another_style(capsys, case):
    code, report = check_fixture(case, capsys, extra=("--style", "chicago-author-date"))
    assert report["citation_style"] == {"family": "chicago", "source": "CSL style"}
    assert not [p for p in report["problems"] if "APA" in p["message"]]
    assert code == 0


def test_group_abbreviation_used_before_it_is_introduced_is_a_warning(capsys):
    _, report = check_fixture("group-abbreviation-before-introduction", capsys)
    assert [p["code"] for p in report["problems"]] == ["style.group-abbreviation"] * 2


def test_severity_of_a_code_can_be_changed(capsys):
    code, report = check_fixture("year-mismatch", capsys,
                                 extra=("--severity", "year-mismatch=info"))
    assert [p["severity"] for p in report["problems"]] == ["info"]
    assert code == 0
