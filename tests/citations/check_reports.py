"""The check's JSON report on a fixture folder of this package, as the command line gives it."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from repropub.cli import main

HERE = Path(__file__).resolve().parent


def run(case: str, capsys: pytest.CaptureFixture[str], *, bib: bool) -> dict[str, Any]:
    """`check --format json` on the folder `case`: with its .bib, or its typed reference list."""
    folder = HERE / case
    if bib:
        main(["check", str(folder / "manuscript.md"), "--bib", str(folder / "references.bib"),
              "--format", "json"])
    else:
        # alone in a folder of its own: the check would otherwise take the .bib beside it
        with tempfile.TemporaryDirectory() as alone:
            manuscript = Path(alone) / "manuscript.md"
            shutil.copyfile(folder / "manuscript.md", manuscript)
            main(["check", str(manuscript), "--format", "json"])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def findings(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The findings that say a reference is wrong (style warnings are another matter)."""
    return [(p["code"], p["cited"]) for p in report["problems"]
            if not p["code"].startswith("style.")]
