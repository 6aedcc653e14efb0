"""One citation, one answer: every finding at a citation suggests the same corrected citation,
and `build.py fix` writes exactly that in one run."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from repropub.cli import main
from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def report_of(manuscript: Path, bib: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["check", str(manuscript), "--bib", str(bib), "--format", "json"])
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def by_citation(report: dict[str, Any]) -> dict[tuple[int, str], list[dict[str, Any]]]:
    """The manuscript findings grouped by the citation they concern (its line and text)."""
    places: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for problem in report["problems"]:
        if problem["code"] != "uncited-entry":
            places[(problem["line"], problem["cited"])].append(problem)
    return places


def copy(case: str, tmp_path: Path) -> tuple[Path, Path]:
    folder = shutil.copytree(FIXTURES / case, tmp_path / case)
    return folder / "manuscript.md", folder / "references.bib"


def test_every_finding_at_a_citation_suggests_the_same_complete_citation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = copy("fix-one-answer", tmp_path)
    places = by_citation(report_of(manuscript, bib, capsys))
    answers = {place: {p["suggestion"] for p in found} for place, found in places.items()}
    assert answers == {
        (6, "Major 2022, pp. 2"): {"write 'Major & Mölling, 2022, p. 2'"},
        (8, "Keohane and Nye 1977"): {"write 'Keohane & Nye, 1977'"},
        (10, "Lee, Park and Kim 2010"): {"write 'Lee et al., 2010'"},
        (12, "Fiott 2022, p. 20-25"): {"write 'Fiott, 2022, pp. 20\u201325'"},
        (14, "Nobody and Else 2019"): {
            "write 'Nobody & Else, 2019'; add the entry to the bibliography"},
    }
    assert len(places[(6, "Major 2022, pp. 2")]) == 3


def test_fix_writes_the_suggested_citation_in_one_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = copy("fix-one-answer", tmp_path)
    suggested = {place[0]: found[0]["suggestion"].split("'")[1]
                 for place, found in by_citation(report_of(manuscript, bib, capsys)).items()}
    main(["fix", str(manuscript), "--bib", str(bib)])
    capsys.readouterr()
    lines = manuscript.read_text(encoding="utf-8").split("\n")
    assert all(text in lines[line - 1] for line, text in suggested.items())
    left = report_of(manuscript, bib, capsys)["problems"]
    assert [(p["code"], p["line"]) for p in left] == [("missing-entry", 14)]


def test_flagship_citation_with_three_problems_is_settled_by_one_fix_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = Path(shutil.copy(DEFAULT_MANUSCRIPT, tmp_path / "article.md"))
    # the flagship suppresses the original's dropped co-author; here it is left to be fixed
    manuscript.write_text(manuscript.read_text(encoding="utf-8").replace(
        "<!-- repropub: ignore author-mismatch -->\n", ""), encoding="utf-8")
    before = by_citation(report_of(manuscript, DEFAULT_BIBLIOGRAPHY, capsys))
    major = next(found for (_, cited), found in before.items() if cited.startswith("Major"))
    assert len(major) == 3 and len({p["suggestion"] for p in major}) == 1
    line = major[0]["line"]
    main(["fix", str(manuscript), "--bib", str(DEFAULT_BIBLIOGRAPHY)])
    capsys.readouterr()
    assert "(Major & Mölling, 2022, p. 2)" in manuscript.read_text(encoding="utf-8")
    after = report_of(manuscript, DEFAULT_BIBLIOGRAPHY, capsys)
    assert [p for p in after["problems"] if p["line"] == line] == []


def test_the_suggestion_is_where_all_rounds_of_fixes_end(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'Majr' is one letter off 'Major'; only once it is corrected does 'Molling' read as the
    # entry's 'Mölling' without its diacritic: fix needs two rounds, the suggestion says both
    manuscript, bib = copy("fix-two-rounds", tmp_path)
    main(["check", str(manuscript), "--bib", str(bib), "--format", "json",
          "--citation-style", "apa"])
    found = json.loads(capsys.readouterr().out)["problems"]
    answers = {p["suggestion"] for p in found if p["code"] != "uncited-entry"}
    assert answers == {"write 'Major & Mölling, 2022, p. 2'"}
    main(["fix", str(manuscript), "--bib", str(bib), "--citation-style", "apa"])
    capsys.readouterr()
    assert "(Major & Mölling, 2022, p. 2)" in manuscript.read_text(encoding="utf-8")
