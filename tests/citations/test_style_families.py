"""The citation-style family: detected from the citations or named, and only its rules apply."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from repropub.citations.styles import FAMILIES
from repropub.cli import main
from repropub.metadata import CITATION_STYLES

HERE = Path(__file__).resolve().parent


def check(manuscript: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    main(["check", str(manuscript), "--bib", str(manuscript.with_name("references.bib")),
          "--format", "json", *args])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def style_findings(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["code"], p["cited"]) for p in report["problems"] if p["code"].startswith("style.")]


@pytest.mark.parametrize(("case", "family"), [
    ("abnt", "abnt"), ("harvard", "harvard"), ("chicago", "chicago"), ("names", "apa")])
def test_the_family_is_detected_from_the_citations(capsys, case, family):
    report = check(HERE / case / "manuscript.md", capsys)
    assert report["citation_style"] == {"family": family, "source": "detected"}


def test_a_correct_abnt_manuscript_gets_no_apa_warning_only_its_own_habit(capsys):
    report = check(HERE / "abnt" / "manuscript.md", capsys)
    # capitals inside parentheses everywhere else: the mixed-case citation breaks the habit
    assert style_findings(report) == [("style.inconsistent", "Duarte; Esteves, 2015")]


def test_a_harvard_manuscript_gets_no_comma_warnings(capsys):
    assert style_findings(check(HERE / "harvard" / "manuscript.md", capsys)) == []


def test_chicago_reports_an_ampersand_among_its_ands(capsys):
    report = check(HERE / "chicago" / "manuscript.md", capsys)
    assert style_findings(report) == [("style.ampersand", "Okafor & Brandt 1991, 9")]


def test_the_option_overrides_the_detected_family(capsys):
    report = check(HERE / "harvard" / "manuscript.md", capsys, "--citation-style", "apa")
    assert report["citation_style"] == {"family": "apa", "source": "option"}
    assert ("style.comma-before-year", "Hartley 2010") in style_findings(report)


def test_the_front_matter_names_the_family(tmp_path, capsys):
    shutil.copy(HERE / "harvard" / "references.bib", tmp_path / "references.bib")
    text = (HERE / "harvard" / "manuscript.md").read_text(encoding="utf-8")
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text("---\ntitle: T\ncitation-style: abnt\n---\n\n" + text.split("\n", 1)[1],
                          encoding="utf-8")
    report = check(manuscript, capsys)
    assert report["citation_style"] == {"family": "abnt", "source": "front matter"}
    assert ("style.comma-before-year", "Hartley 2010") in style_findings(report)


def test_an_unknown_family_in_the_front_matter_is_an_input_error(tmp_path, capsys):
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text("---\ntitle: T\ncitation-style: mla\n---\n\nText (Smith, 2001).\n",
                          encoding="utf-8")
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    assert main(["check", str(manuscript), "--bib", str(tmp_path / "references.bib")]) == 2
    assert "citation-style" in capsys.readouterr().err


def test_the_text_summary_names_the_family(capsys):
    folder = HERE / "abnt"
    main(["check", str(folder / "manuscript.md"), "--bib", str(folder / "references.bib")])
    assert capsys.readouterr().out.rstrip().endswith("citation style ABNT (detected))")


def test_the_front_matter_knows_every_family():
    assert set(CITATION_STYLES) == set(FAMILIES)


def test_abnt_co_authors_listed_with_commas_resolve_and_get_the_semicolon_rule(tmp_path, capsys):
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text(
        "# T\n\nComo dizem (ARAÚJO, VIDAL, 1985, p. 92), (LEMOS, 2001) e (BRASIL, IBGE, 2010).\n\n"
        "## Referências\n\nARAÚJO, José; VIDAL, Rui. Um título. Recife: Editora, 1985.\n\n"
        "IBGE. Outro título. Rio de Janeiro: IBGE, 2010.\n\n"
        "LEMOS, Ana. Terceiro título. Recife: Editora, 2001.\n", encoding="utf-8")
    main(["check", str(manuscript), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [(c["text"], c["status"]) for c in report["citations"]] == [
        ("ARAÚJO, VIDAL, 1985, p. 92", "ok"), ("LEMOS, 2001", "ok"), ("BRASIL, IBGE, 2010", "ok")]
    assert report["citation_style"]["family"] == "abnt"
    # an institution under its jurisdiction ('BRASIL, IBGE') is one author, not two
    assert style_findings(report) == [("style.ampersand", "ARAÚJO, VIDAL, 1985, p. 92")]


def test_page_labels_of_other_languages_are_not_apa_breaks(capsys):
    # German 'S.' for a page and a range alike, Spanish 'pág.'/'págs.' used as 'p.'/'pp.'
    assert style_findings(check(HERE / "locators" / "manuscript.md", capsys)) == []


def test_abnt_and_chicago_name_a_foreign_page_label(tmp_path, capsys):
    shutil.copy(HERE / "locators" / "references.bib", tmp_path / "references.bib")
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text("# T\n\nUm (QUENTAL, 2013, pág. 4), dois (ROUX, 2001, p. 3-5; QUENTAL, "
                          "2015, S. 2) e três (ROUX, 2004, p. 8).\n", encoding="utf-8")
    report = check(manuscript, capsys, "--citation-style", "abnt")
    assert style_findings(report) == [("style.page-locator", "QUENTAL, 2013, pág. 4"),
                                      ("style.page-locator", "QUENTAL, 2015, S. 2")]
    report = check(manuscript, capsys, "--citation-style", "chicago")
    assert [code for code, _ in style_findings(report)].count("style.page-locator") == 4


def test_apa_in_another_language_suggests_that_language_s_word_for_and(tmp_path, capsys):
    shutil.copy(HERE / "planted" / "german" / "references.bib", tmp_path / "references.bib")
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text("# T\n\nMüller und Schmidt (2001) und Wagner und Becker (2007) sahen "
                          "es (Müller & Schmidt, 2001; Hoffmann et al., 2010), anders als "
                          "Wagner & Becker (2007).\n", encoding="utf-8")
    report = check(manuscript, capsys, "--citation-style", "apa")
    issues = [p for p in report["problems"] if p["code"] == "style.ampersand"]
    assert [(p["cited"], p["suggestion"]) for p in issues] == [
        ("Wagner & Becker (2007)", "write 'Wagner und Becker (2007)'")]
