"""The README's table of limits is the declared `Limits`: every name and default, no more."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from repropub.limits import Limits

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_limit_with_its_default() -> None:
    section = README.read_text(encoding="utf-8").split("## Untrusted manuscripts", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `--limit ([a-z-]+)=N` \| ([\d,]+) \|", section, re.M))
    declared = {Limits.option(f.name): f"{f.default:,}" for f in dataclasses.fields(Limits)}
    assert rows == declared


def test_every_test_the_security_table_names_exists() -> None:
    table = (README.parent / "docs" / "security.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+)`", table))
    defined = {name for path in (README.parent / "tests" / "hostile").glob("test_*.py")
               for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M)}
    assert named and named <= defined, named - defined
