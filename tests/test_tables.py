"""The package's YAML tables and a manuscript's front matter are parsed once per text and then
read from the cache as JSON, giving the data PyYAML gives; data JSON would change, and a front
matter in error, are never kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml

from repropub import metadata, tables
from repropub.cache import Cache
from repropub.errors import LimitError, MetadataError
from repropub.limits import DEFAULT_LIMITS
from repropub.manuscript import read_manuscript

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


FRONT = """title: A title
authors:
  - given: Ana
    family: Silva
    affiliations: [a1]
affiliations:
  - id: a1
    name: Somewhere
history:
  received: 2025-09-15
  published: 2025-11-29
volume: 4
open: true
"""


def test_a_front_matter_read_again_comes_from_the_cache_the_same(cache: Path) -> None:
    path = Path("manuscript.md")
    first = metadata.read_front_matter(FRONT, path, 2, DEFAULT_LIMITS)
    assert len(list((cache / "front").iterdir())) == 1
    again = metadata.read_front_matter(FRONT, path, 2, DEFAULT_LIMITS)
    assert first == again
    assert _types(first[0]) == _types(again[0])
    data, lines = again
    assert data["history"]["received"] == dt.date(2025, 9, 15)
    assert lines["authors[0].family"] == 5
    assert metadata.build_metadata(first[0], first[1], path) == \
        metadata.build_metadata(data, lines, path)


def test_a_front_matter_in_error_is_reported_every_time(cache: Path) -> None:
    for _ in range(2):
        with pytest.raises(MetadataError, match="given twice"):
            metadata.read_front_matter("title: a\ntitle: b\n", Path("m.md"), 2, DEFAULT_LIMITS)
    assert not (cache / "front").exists()


def test_a_front_matter_read_under_other_limits_is_checked_against_them(cache: Path) -> None:
    metadata.read_front_matter(FRONT, Path("m.md"), 2, DEFAULT_LIMITS)
    tight = dataclasses.replace(DEFAULT_LIMITS, yaml_nodes=3)
    with pytest.raises(LimitError):
        metadata.read_front_matter(FRONT, Path("m.md"), 2, tight)


def test_a_front_matter_read_at_another_line_gives_that_lines_fields(cache: Path) -> None:
    at_two = metadata.read_front_matter(FRONT, Path("m.md"), 2, DEFAULT_LIMITS)[1]
    at_five = metadata.read_front_matter(FRONT, Path("m.md"), 5, DEFAULT_LIMITS)[1]
    assert at_five["title"] == at_two["title"] + 3


def test_a_manuscript_read_without_the_cache_keeps_nothing_there(
        cache: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text(f"---\n{FRONT}---\n\nText.\n", encoding="utf-8")
    uncached = read_manuscript(article, cache=False)
    assert not (cache / "front").exists()
    assert read_manuscript(article) == uncached
    assert len(list((cache / "front").iterdir())) == 1


def test_the_word_tables_hold_words_only() -> None:
    # YAML 1.1 reads a bare no, on, yes or off as a boolean: a word table would lose the word
    def leaves(data: object) -> list[object]:
        if isinstance(data, dict):
            return [*data, *(leaf for value in data.values() for leaf in leaves(value))]
        if isinstance(data, list):
            return [leaf for value in data for leaf in leaves(value)]
        return [data]

    table = yaml.safe_load((PACKAGE / "citations" / "words.yaml").read_text(encoding="utf-8"))
    assert [leaf for leaf in leaves(table) if not isinstance(leaf, str)] == []
