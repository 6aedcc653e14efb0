"""The table of finding codes (`codes.yaml`): default severity and summary of each."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from repropub import tables

_TABLE = Path(__file__).with_name("codes.yaml")


@dataclass(frozen=True)
class Code:
    """One finding code: its default severity and what it means."""

    code: str
    severity: str
    summary: str


@functools.cache
def codes() -> dict[str, Code]:
    data = tables.load(_TABLE)  # parsed once per text, then read from the cache
    return {name: Code(name, str(v["severity"]), str(v["summary"])) for name, v in data.items()}
