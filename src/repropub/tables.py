"""The package's own data tables: YAML next to the code that reads them, parsed once per text.

Takes a table's path and gives its data, as PyYAML's safe loader gives it. Every `check` reads
the word and code tables (and the CRediT roles), and building Python objects from libyaml's
events costs more than reading the manuscript: so a table's data is kept in the cache folder as
JSON, under the hash of its text and of the PyYAML installed, and read from there while neither
changes. Only data that JSON gives back as it is (strings, numbers, booleans, null, lists,
mappings with string keys) is kept; anything else is parsed every time.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from repropub.cache import Cache, default_folder, fingerprint

KIND = "table"
"""The cache's subfolder of parsed tables."""


def load(path: Path) -> Any:
    """The YAML table at `path`, parsed by PyYAML's safe loader (libyaml's when it has it)."""
    text = path.read_text(encoding="utf-8")
    cache = Cache(default_folder())
    key = fingerprint(KIND, path.name, text, _pyyaml())
    stored = cache.get(KIND, key)
    if stored is not None:
        try:
            return json.loads(stored)
        except ValueError:
            pass  # a damaged entry: parse again and replace it
    import yaml  # here: a table read from the cache needs no parser

    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if _plain(data):
        cache.put(KIND, key, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return data


def _plain(value: Any) -> bool:
    """Whether JSON gives `value` back as it is (no dates, sets, tuples or non-string keys)."""
    if isinstance(value, dict):
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def _pyyaml() -> str:
    """PyYAML's distribution as installed (``PyYAML-6.0.2.dist-info``), found without importing
    it: another version may parse the same text otherwise."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.lower().startswith("pyyaml-") and name.endswith(".dist-info"):
                return name
    return ""
