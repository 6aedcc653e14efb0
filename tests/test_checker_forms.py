"""Every citation form real articles use resolves to its entry with no finding."""

from __future__ import annotations

import pytest
from checking import check_fixture, cited, problems


def test_parenthetical_citation_of_two_works_gives_one_item_per_work(capsys):
    code, report = check_fixture("parenthetical-multiple", capsys)
    assert code == 0
    assert cited(report) == [("Mearsheimer, 2014", ["mearsheimer2014"], "ok"),
                             ("Pifer, 2017", ["pifer2017"], "ok")]
    assert report["citations"][1]["col"] == report["citations"][0]["col"] + 19


@pytest.mark.parametrize(("case", "expected"), [
    ("narrative-two-authors", [("Keohane and Nye (1977)", ["keohane1977"], "ok")]),
    ("possessive", [("Waltz's (1979)", ["waltz1979"], "ok")]),
    ("year-suffix", [("Smith et al. (2015a)", ["smith2015a"], "ok"),
                     ("Smith et al., 2015b", ["smith2015b"], "ok")]),
    ("prefixes", [("Smith, 2001", ["smith2001"], "ok"), ("Jones, 2002", ["jones2002"], "ok")]),
    ("year-continuation", [("Smith, 2001", ["smith2001"], "ok"), ("2003", ["smith2003"], "ok")]),
    ("page-locator", [("Fiott, 2022, p. 14", ["fiott2022"], "ok")]),
    ("particle", [("von Closen & Dembinski, 2021", ["vonclosen2021"], "ok")]),
    ("diacritics", [("Şener et al., 2007", ["sener2007"], "ok"), ("2010", ["sener2010"], "ok")]),
    ("no-date-and-in-press", [("Doe, n.d.", ["doend"], "ok"),
                              ("Roe, in press", ["roeinpress"], "ok")]),
    ("hard-wrapped", [("Keohane and\nNye (1977)", ["keohane1977"], "ok"),
                      ("Waltz,\n1979", ["waltz1979"], "ok")]),
    ("elife-style", [("Douady and Couder, 1996a", ["douady1996a"], "ok"),
                     ("1996b", ["douady1996b"], "ok")]),
    ("group-abbreviation", [("Congressional Research Service [CRS], 2023", ["crs2023"], "ok"),
                            ("CRS, 2023", ["crs2023"], "ok")]),
])
def test_citation_form_resolves_to_its_entry_without_errors(capsys, case, expected):
    code, report = check_fixture(case, capsys)
    assert cited(report) == expected
    assert [p for p in problems(report) if not p[0].startswith("style.")] == []
    assert code == 0


def test_pandoc_keys_with_prefix_locator_and_suppressed_author_resolve(capsys):
    _, report = check_fixture("pandoc-keys", capsys)
    assert [(c["keys"], c["status"]) for c in report["citations"]] == [
        (["waltz1979"], "ok"), (["pifer2017"], "ok"), (["keohane1977"], "ok")]
    assert problems(report) == []


def test_email_address_and_code_span_are_not_citations(capsys):
    _, report = check_fixture("pandoc-keys", capsys)
    assert all("nosuch" not in k for c in report["citations"] for k in c["keys"])
    assert len(report["citations"]) == 3


def test_treaty_names_and_bare_years_are_not_citations(capsys):
    code, report = check_fixture("not-a-citation", capsys)
    assert cited(report) == [("Pifer, 2017", ["pifer2017"], "ok")]
    assert problems(report) == []
    assert code == 0


def test_reference_list_is_the_bibliography_without_bib(capsys):
    code, report = check_fixture("reference-list", capsys, bib=False)
    assert [c["status"] for c in report["citations"]] == ["ok"] * 5
    assert problems(report) == [("uncited-entry", ["waltz1979"])]
    entries = {e["key"]: e["line"] for e in report["entries"]}
    assert entries["waltz1979"] == 22
    assert entries["mearsheimer2014"] == 18
    assert code == 0
