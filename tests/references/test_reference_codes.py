"""Every reference-health code is in the codes table, with its documented severity."""

from __future__ import annotations

import re
from pathlib import Path

from repropub.checker import SEVERITIES

REPO = Path(__file__).resolve().parents[2]


def test_every_reference_code_emitted_is_documented_with_its_severity():
    emitted = set()
    for path in (REPO / "src/repropub/references").glob("*.py"):
        emitted |= set(re.findall(r"\"(ref\.[a-z-]+)\"", path.read_text(encoding="utf-8")))
    table = (REPO / "docs/checker-codes.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(ref\.[\w.-]+)` \| (\w+) \|", table, re.M))
    assert len(emitted) == 11
    assert emitted == set(documented)
    assert {code: SEVERITIES[code] for code in emitted} == documented
