"""Numbered manuscripts (Vancouver, IEEE): each number resolved to its reference in the list or
the .bib, and what a copy editor reports about them."""

from __future__ import annotations

import json
import shutil

from checking import FIXTURES, check_fixture, cited, problems
from lxml import html

from repropub.cli import main


def test_numbers_resolve_to_the_numbered_list_without_a_bib(capsys):
    _, report = check_fixture("numbered-list", capsys, bib=False)
    assert cited(report)[:5] == [("1", ["ref1"], "ok"), ("2-4", ["ref2"], "ok"),
                                 ("2-4", ["ref3"], "ok"), ("2-4", ["ref4"], "ok"),
                                 ("5", ["ref5"], "ok")]
    entries = {e["key"]: (e["line"], e["authors"], e["year"]) for e in report["entries"]}
    assert entries["ref2"] == (14, ["Garcia", "Chen", "Patel"], "2015")
    assert entries["ref6"] == (18, ["Novak"], "2020")


def test_a_numbered_manuscript_reports_its_own_problems(capsys):
    _, report = check_fixture("numbered-list", capsys, bib=False)
    assert problems(report) == [
        ("numbered.range-backwards", []),
        ("missing-entry", []),
        ("numbered.author-date", ["ref4"]),
        ("uncited-entry", ["ref6"]),
        ("duplicate-entry", ["ref1", "ref7"]),
    ]
    by_code = {p["code"]: p for p in report["problems"]}
    assert by_code["numbered.range-backwards"]["suggestion"] == "write '2\u20134'"
    assert (by_code["missing-entry"]["line"], by_code["missing-entry"]["cited"]) == (7, "9")
    assert by_code["numbered.author-date"]["suggestion"] == "cite it as [4]"


def test_equations_figures_and_enumerations_are_not_read_as_citations(capsys):
    _, report = check_fixture("numbered-list", capsys, bib=False)
    assert all(c["line"] < 8 for c in report["citations"])


def test_superscripts_and_an_ieee_list_and_the_order_of_first_citation(capsys):
    _, report = check_fixture("numbered-superscript", capsys, bib=False)
    assert cited(report) == [("1", ["ref1"], "ok"), ("3", ["ref3"], "ok"),
                             ("4", ["ref4"], "ok"), ("\u00b2", ["ref2"], "ok")]
    assert [(p["code"], p["cited"]) for p in report["problems"]] == [("numbered.order", "3")]
    authors = [e["authors"] for e in report["entries"]]
    assert authors == [["Smith", "Jones"], ["Garcia", "Chen", "Patel"], ["Okafor"],
                       ["Lee", "Park"]]


def test_with_a_bib_number_n_is_the_nth_entry_of_the_file(capsys):
    _, report = check_fixture("numbered-bib", capsys)
    assert cited(report) == [("1", ["smith2010"], "ok"), ("2", ["garcia2015"], "ok"),
                             ("3", ["okafor2018"], "ok"), ("5", [], "missing-entry")]
    assert problems(report) == [("missing-entry", []), ("uncited-entry", ["novak2020"])]


def test_numbers_in_brackets_do_not_make_an_author_date_manuscript_numeric(capsys):
    _, report = check_fixture("numbered-not", capsys, bib=False)
    assert [c["status"] for c in report["citations"]] == ["ok"] * 4
    assert not [p for p in report["problems"] if p["code"].startswith("numbered.")]


def test_fix_writes_a_backwards_range_forwards(tmp_path, capsys):
    folder = shutil.copytree(FIXTURES / "fix-numbered", tmp_path / "numbered")
    main(["fix", str(folder / "manuscript.md"), "--bib", str(folder / "references.bib")])
    capsys.readouterr()
    assert "agree [2-3], and" in (folder / "manuscript.md").read_text(encoding="utf-8")


def test_resolved_numbers_link_to_their_entries_in_the_built_page(tmp_path, capsys):
    folder = shutil.copytree(FIXTURES / "check-numbered-bib", tmp_path / "numbered")
    main([str(folder / "manuscript.md"), "--bib", str(folder / "references.bib"),
          "--out", str(tmp_path / "out"), "--html-only", "--style", "elsevier-vancouver"])
    capsys.readouterr()
    page = html.parse(str(tmp_path / "out" / "article.html")).getroot()
    links = [(a.text, a.get("href")) for a in page.iterfind(".//a[@class='citation']")]
    assert links == [("1", "#ref-smith2010"), ("2", "#ref-garcia2015"),
                     ("3", "#ref-okafor2018")]
    anchors = {f"#{e.get('id')}" for e in page.iterfind(".//*[@id]")}
    assert {href for _, href in links} <= anchors


def test_numbers_in_parentheses_cite_beside_a_numbered_list_but_not_enumerations(capsys):
    _, report = check_fixture("numbered-paren", capsys, bib=False)
    assert cited(report) == [("1", ["ref1"], "ok"), ("2", ["ref2"], "ok"),
                             ("3", ["ref3"], "ok"), ("3", ["ref3"], "ok")]
    assert report["problems"] == []


def test_the_report_names_the_numbered_style(capsys):
    _, report = check_fixture("numbered-superscript", capsys, bib=False)
    assert report["citation_style"] == {"family": "numbered", "source": "detected"}
    folder = FIXTURES / "check-numbered-superscript"
    main(["check", str(folder / "manuscript.md")])
    summary = capsys.readouterr().out.rstrip("\n").rsplit("\n", 1)[-1]
    assert summary.endswith("citation style numbered (Vancouver, IEEE) (detected))")


def _order_findings(capsys, *style: str) -> list[tuple[str, str]]:
    _, report = check_fixture("numbered-order", capsys, bib=False, extra=style)
    return [(p["code"], p["cited"]) for p in report["problems"]]


def test_a_csl_style_numbered_by_first_citation_reports_the_order(capsys):
    assert _order_findings(capsys, "--style", "vancouver") == [("numbered.order", "3")]


def test_a_csl_style_numbered_alphabetically_does_not(capsys):
    assert _order_findings(capsys, "--style", "american-medical-association-alphabetical") == []


def test_without_a_numeric_csl_style_an_alphabetical_list_is_numbered_by_author(capsys):
    assert _order_findings(capsys) == []
    assert _order_findings(capsys, "--style", "apa") == []


def test_four_digit_numbers_cite_a_long_list_and_are_years_beyond_it(tmp_path, capsys):
    items = "\n\n".join(f"{n}. Author{n} A. Title {n}. J Ex. 2001;{n}:1-2." for n in
                        range(1, 1003))
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text("# A long review\n\nFirst [1-200], then [201-400], [401-600], [601-800], "
                          "[801-999] and the last ones [1000, 1002], [1001], but not the list's "
                          "year [2010].\n\n## References\n\n" + items + "\n",
                          encoding="utf-8")
    main(["check", str(manuscript), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    texts = [c["text"] for c in report["citations"]]
    assert texts[-3:] == ["1000", "1002", "1001"] and "2010" not in texts
    assert [c["keys"] for c in report["citations"][-3:]] == [["ref1000"], ["ref1002"],
                                                            ["ref1001"]]
    assert [c["status"] for c in report["citations"]] == ["ok"] * len(texts)
    assert [p["code"] for p in report["problems"]] == ["numbered.order"]
