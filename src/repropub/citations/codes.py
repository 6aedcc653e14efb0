"""The table of finding codes (`codes.yaml`): default severity and summary of each."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

# libyaml's parser reads the table several times faster than PyYAML's own, which every
# `check` would otherwise pay at start-up; the result is the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TABLE = Path(__file__).with_name("codes.yaml")


@dataclass(frozen=True)
class Code:
    """One finding code: its default severity and what it means."""

    code: str
    severity: str
    summary: str


@functools.cache
def codes() -> dict[str, Code]:
    data = yaml.load(_TABLE.read_text(encoding="utf-8"), Loader=_LOADER)
    return {name: Code(name, str(v["severity"]), str(v["summary"])) for name, v in data.items()}
