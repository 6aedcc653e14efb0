"""Running `build.py check` in-process on a fixture project and reading its JSON report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from repropub.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def check_fixture(case: str, capsys: pytest.CaptureFixture[str], *, bib: bool = True,
                  extra: tuple[str, ...] = ()) -> tuple[int, dict[str, Any]]:
    folder = FIXTURES / f"check-{case}"
    args = ["check", str(folder / "manuscript.md"), "--format", "json", *extra]
    if bib:
        args += ["--bib", str(folder / "references.bib")]
    code = main(args)
    return code, json.loads(capsys.readouterr().out)


def problems(report: dict[str, Any], *, style: bool = True) -> list[tuple[str, list[str]]]:
    return [(p["code"], p["keys"]) for p in report["problems"]
            if style or not p["code"].startswith("style.")]


def cited(report: dict[str, Any]) -> list[tuple[str, list[str], str]]:
    return [(c["text"], c["keys"], c["status"]) for c in report["citations"]]
