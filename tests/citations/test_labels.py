"""Cross-reference labels in the checker: not bibliography keys; undefined and duplicate ones
reported with their line."""

from __future__ import annotations

from checking import check_fixture


def test_labels_are_not_reported_as_undefined_keys(capsys):
    _, report = check_fixture("labels", capsys)
    codes = [p["code"] for p in report["problems"]]
    assert "undefined-key" not in codes
    assert [c["keys"] for c in report["citations"]] == [["smith2010"]]


def test_undefined_and_duplicate_labels_are_errors_at_their_place(capsys):
    code, report = check_fixture("labels", capsys)
    found = [(p["code"], p["line"], p["col"], p["cited"], p["suggestion"])
             for p in report["problems"]]
    assert found == [
        ("undefined-label", 6, 30, "@fig:mpa", "refer to @fig:map"),
        ("undefined-label", 6, 54, "@sec:nowhere", None),
        ("duplicate-label", 20, 28, "#fig:map",
         "give each figure, table, equation or section its own label"),
    ]
    assert report["problems"][0]["message"] == "no figure has the label 'fig:mpa'"
    assert code == 1


def test_quarto_and_pandoc_crossref_labels_both_resolve(capsys):
    _, report = check_fixture("labels", capsys)
    cited = {p["cited"] for p in report["problems"]}
    assert not cited & {"@fig:map", "@tbl:sizes", "@eq:rate", "@fig-photo"}
