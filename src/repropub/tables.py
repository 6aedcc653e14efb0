"""YAML parsed once per text: the package's own data tables, and what is read from a front matter.

Takes a table's path (or a text and the function that parses it) and gives the data, as PyYAML
gives it. Every `check` reads the word and code tables (and the CRediT roles) and a front matter,
and building Python objects from libyaml's events, and importing PyYAML at all, costs more than
the rest of reading the manuscript: so what was parsed is kept in the cache folder as JSON,
under the hash of its text and of the PyYAML installed, and read from there while neither
changes. Only data that JSON gives back as it is (strings, numbers, booleans, null, lists,
mappings with string keys, and dates, tagged) is kept; anything else is parsed every time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from repropub.cache import Cache, code_fingerprint, default_folder, fingerprint

KIND = "table"
"""The cache's subfolder of parsed tables."""

_DATE = "\0date"
"""The key of the one-key mapping a date is written as (no YAML text we read holds a NUL)."""


def load(path: Path) -> Any:
    """The YAML table at `path`, parsed by PyYAML's safe loader (libyaml's when it has it)."""
    text = path.read_text(encoding="utf-8")

    def parse() -> Any:
        import yaml  # here: a table read from the cache needs no parser

        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    return remember(KIND, (path.name, text), parse)


def remember(kind: str, parts: Sequence[str], parse: Callable[[], Any], *,
             code: bool = False, cache: bool = True) -> Any:
    """What `parse()` gives for the text that `parts` name, from the cache's `kind` when it was
    parsed before by the same PyYAML (and, with `code`, by this package's same code); without
    `cache` (a build with ``--no-cache``), parsed and kept nowhere. A `parse()` that raises
    keeps nothing: the error is raised again on every reading."""
    if not cache:
        return parse()
    store = Cache(default_folder())
    key = fingerprint(*parts, _pyyaml(), code_fingerprint() if code else "")
    stored = store.get(kind, key)
    if stored is not None:
        try:
            return json.loads(stored, object_hook=_decoded)
        except ValueError:
            pass  # a damaged entry: parse again and replace it
    data = parse()
    try:
        written = json.dumps(_encoded(data), ensure_ascii=False)
    except _NotPlain:
        return data
    store.put(kind, key, written.encode("utf-8"))
    return data


class _NotPlain(Exception):
    """A value JSON would not give back as it is."""


def _encoded(value: Any) -> Any:
    """`value` as JSON writes it back: dates tagged; anything JSON would change refused."""
    if type(value) is dict:
        if not all(type(k) is str for k in value) or _DATE in value:
            raise _NotPlain
        return {k: _encoded(v) for k, v in value.items()}
    if type(value) is list:
        return [_encoded(v) for v in value]
    if type(value) is dt.date:
        return {_DATE: value.isoformat()}
    if value is None or type(value) in (str, int, float, bool):
        return value
    raise _NotPlain  # a datetime, a set, a tuple, bytes


def _decoded(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and _DATE in mapping:
        return dt.date.fromisoformat(mapping[_DATE])
    return mapping


def _pyyaml() -> str:
    """PyYAML's distribution as installed (``PyYAML-6.0.2.dist-info``), found without importing
    it: another version may parse the same text otherwise."""
    for entry in sys.path:
        if not entry:
            continue  # the working folder: a folder of manuscripts, never PyYAML
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if name.lower().startswith("pyyaml-") and name.endswith(".dist-info"):
                return name
    return ""
