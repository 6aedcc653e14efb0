"""Numbered citations set in superscript in Word and ODT ('studies²⁻³'): read as the numbered
citations they are, quoted as the file shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wordfiles import new_document, pandoc_convert

from repropub.cli import main
from repropub.readers import read

NUMBERED = """---
title: Numbered
---

Alliances fail under pressure.^1^ Later studies^2-3^ disagree, as did others.^1,4^

# References

1. Walt SM. The origins of alliances. Ithaca: Cornell University Press; 1987.
2. Snyder GH. Alliance politics. Ithaca: Cornell University Press; 1997.
3. Waltz KN. Theory of international politics. Reading: Addison-Wesley; 1979.
"""


def findings(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    main(["check", str(path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return [(p["code"], p["message"]) for p in report["problems"]]


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_superscript_numbers_in_a_word_processor_file_are_numbered_citations(
        suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "numbered.md"
    source.write_text(NUMBERED)
    converted = pandoc_convert(source, tmp_path / f"numbered{suffix}")
    expected = findings(source, capsys)
    assert expected == [("missing-entry",
                         "no reference is numbered 4 (the reference list has 3)")]
    assert findings(converted, capsys) == expected
    main(["check", str(converted), "--format", "json"])
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["quote"] == "studies2-3 disagree, as did others.1,4"


def test_a_run_python_docx_sets_in_superscript_cites_by_number(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Alliances fail under pressure.")
    paragraph.add_run("12").font.superscript = True
    paragraph.add_run(" Units such as km2 stay as they are.")
    path = tmp_path / "raised.docx"
    document.save(str(path))
    manuscript = read(path)
    assert manuscript.text == ("Alliances fail under pressure.\u00b9\u00b2 Units such as km2 "
                               "stay as they are.")
    assert manuscript.locate(1, 31, 2).quote == "Alliances fail under pressure.12 Units such as km2"
