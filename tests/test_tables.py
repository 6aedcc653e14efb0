"""The package's YAML tables are parsed once per text and then read from the cache as JSON,
giving the data PyYAML's safe loader gives; data JSON would change is never kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from repropub import tables
from repropub.cache import Cache

PACKAGE = Path(tables.__file__).parent
TABLES = [PACKAGE / "citations" / "words.yaml", PACKAGE / "citations" / "codes.yaml",
          PACKAGE / "credit.yaml"]


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def entries(cache: Path) -> list[Path]:
    folder = cache / tables.KIND
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_each_table_reads_the_same_parsed_and_from_the_cache(cache: Path, path: Path) -> None:
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = tables.load(path)
    assert len(entries(cache)) == 1
    again = tables.load(path)
    assert first == again == expected
    assert _types(first) == _types(again) == _types(expected)  # True stays True, not 1


def test_a_table_read_from_the_cache_is_the_stored_json(cache: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("words: [de, van, no, yes]\n", encoding="utf-8")
    assert tables.load(table) == {"words": ["de", "van", False, True]}
    (stored,) = entries(cache)
    stored.write_text('{"words": ["from the cache"]}', encoding="utf-8")
    assert tables.load(table) == {"words": ["from the cache"]}


def test_a_changed_table_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("a: 1\n", encoding="utf-8")
    assert tables.load(table) == {"a": 1}
    table.write_text("a: 2\n", encoding="utf-8")
    assert tables.load(table) == {"a": 2}
    assert len(entries(cache)) == 2


def test_a_damaged_entry_is_parsed_again_and_replaced(cache: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("a: [x]\n", encoding="utf-8")
    tables.load(table)
    (stored,) = entries(cache)
    stored.write_bytes(b"\x00not json")
    assert tables.load(table) == {"a": ["x"]}
    assert tables.load(table) == {"a": ["x"]}
    assert stored.read_bytes().startswith(b"{")


def test_data_json_would_change_is_parsed_every_time(cache: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("since: 2020-01-02\n1: one\n", encoding="utf-8")
    assert tables.load(table) == {"since": dt.date(2020, 1, 2), 1: "one"}
    assert entries(cache) == []
    assert tables.load(table) == {"since": dt.date(2020, 1, 2), 1: "one"}


def test_a_cache_that_cannot_be_written_only_costs_the_parse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("REPROPUB_CACHE", str(blocked))
    table = tmp_path / "t.yaml"
    table.write_text("a: b\n", encoding="utf-8")
    assert tables.load(table) == {"a": "b"}
    assert Cache(blocked).get(tables.KIND, "x") is None


def _types(value: object) -> object:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__
