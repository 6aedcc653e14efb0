"""The table of finding codes (`codes.yaml`): default severity and summary of each."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

_TABLE = Path(__file__).with_name("codes.yaml")


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    summary: str


@functools.cache
def codes() -> dict[str, Code]:
    data = yaml.safe_load(_TABLE.read_text(encoding="utf-8"))
    return {name: Code(name, str(v["severity"]), str(v["summary"])) for name, v in data.items()}
