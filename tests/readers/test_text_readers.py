"""Plain-text and LaTeX manuscripts: findings at the file's own lines."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from wordfiles import ARTICLE

from repropub.cli import main
from repropub.pandoc import executable

BIB = ARTICLE / "references.bib"


def problems(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, int]]:
    main(["check", str(path), "--bib", str(BIB), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return [(p["code"], p["line"], p["col"]) for p in report["problems"]
            if p["file"] == str(path)]


def test_a_text_file_is_read_line_by_line_with_its_reference_list_under_a_plain_heading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "paper.txt"
    path.write_text("Alliances after the war\n\nAs argued (Finch, 2015), and by\n(Wendt, 1999).\n"
                    "\nReferences\n\nWendt, A. (1999). Social theory of international politics."
                    " Cambridge University Press.\n")
    assert problems(path, capsys)[0] == ("missing-entry", 3, 12)
    main(["check", str(path), "--format", "json"])  # its own reference list
    report = json.loads(capsys.readouterr().out)
    assert [e["authors"] for e in report["entries"]] == [["Wendt"]]
    assert [p["code"] for p in report["problems"]] == ["missing-entry"]


def test_a_latex_file_reports_its_cite_commands_and_typed_citations_at_their_source_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "paper.tex"
    path.write_text("\\documentclass{article}\n\\title{Alliances}\n\\begin{document}\n"
                    "\\maketitle\n\\section{Introduction}\n"
                    "As \\citet{nobody2020} argued, alliances fail\n"
                    "quickly (Finch, 2015). See \\citep[p.~4]{wendt1999}.\n"
                    "\\end{document}\n")
    found = problems(path, capsys)
    assert [(code, line) for code, line, _ in found] == [("undefined-key", 6),
                                                          ("missing-entry", 7)]


def test_a_latex_file_made_from_markdown_gives_the_markdown_findings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "paper.md"
    source.write_text((ARTICLE / "manuscript.md").read_text() + "\nA locator (Keohane & Nye, "
                      "2001, pp. 4) and a bracket (Wendt [W], 1999).\n")
    tex = tmp_path / "paper.tex"
    subprocess.run([executable(), str(source), "--standalone", "-o", str(tex)], check=True,
                   timeout=60)
    assert "pp.~4" in tex.read_text() and "{[}W{]}" in tex.read_text()

    def essence(path: Path) -> list[tuple[str, str]]:
        main(["check", str(path), "--bib", str(BIB), "--format", "json"])
        report = json.loads(capsys.readouterr().out)
        return [(p["code"], " ".join(p["cited"].split())) for p in report["problems"]]

    assert essence(tex) == essence(source)
