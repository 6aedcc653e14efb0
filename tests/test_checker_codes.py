"""The codes table in docs/checker-codes.md lists every code the checker can emit."""

from __future__ import annotations

import re
from pathlib import Path

from repropub.checker import SEVERITIES
from repropub.citations.codes import codes

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "src/repropub/checker.py", REPO / "src/repropub/suppress.py",
           *sorted((REPO / "src/repropub/citations").rglob("*.py"))]


def _documented() -> dict[str, str]:
    table = (REPO / "docs/checker-codes.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([\w.-]+)` \| (\w+) \|", table, re.M))


def _emitted() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"\"((?:(?:style|numbered|suppression)\.)?[a-z]+-[a-z-]+"
                                r"|(?:style|numbered)\.[a-z-]+)\"", text))
    return {c for c in found if c in SEVERITIES or c.startswith(("style.", "numbered.",
                                                                     "suppression."))
            or c.endswith(("-entry", "-key", "-mismatch", "-misspelt"))}


def test_every_emitted_code_is_in_the_codes_table():
    assert _emitted() <= set(_documented())
    assert "ambiguous" in _documented()


def test_codes_table_and_default_severities_agree():
    assert _documented() == {c.code: c.severity for c in codes().values()}
    assert {c.code: c.severity for c in codes().values()} == SEVERITIES
