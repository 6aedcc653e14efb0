"""Reading the manuscript file: encodings, line endings, bad bytes, not-a-file, title heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from repropub.errors import InputError, MetadataError
from repropub.manuscript import read_manuscript

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal" / "manuscript.md"


def variant(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "manuscript.md"
    path.write_bytes(data)
    return path


def test_minimal_manuscript_body_starts_after_the_front_matter() -> None:
    manuscript = read_manuscript(MINIMAL)
    assert manuscript.metadata.title == "A Minimal Article"
    assert manuscript.lines[manuscript.body_line - 1] == ""
    assert manuscript.body.lstrip().startswith("## Introduction")
    assert manuscript.text == MINIMAL.read_text(encoding="utf-8")


def test_bom_and_crlf_are_normalised_and_lines_still_count(tmp_path: Path) -> None:
    original = MINIMAL.read_bytes()
    path = variant(tmp_path, b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    manuscript = read_manuscript(path)
    plain = read_manuscript(MINIMAL)
    assert manuscript.text == plain.text
    assert "\r" not in manuscript.text and not manuscript.text.startswith("\ufeff")
    assert manuscript.body_line == plain.body_line
    assert manuscript.metadata == plain.metadata


def test_crlf_manuscript_errors_point_at_the_right_line(tmp_path: Path) -> None:
    source = (FIXTURES / "metadata-bad-doi" / "manuscript.md").read_bytes()
    path = variant(tmp_path, source.replace(b"\n", b"\r\n"))
    with pytest.raises(MetadataError) as caught:
        read_manuscript(path)
    assert caught.value.line == 6


def test_non_utf8_manuscript_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    latin1 = MINIMAL.read_text(encoding="utf-8").encode("latin-1")
    bad_line = MINIMAL.read_text(encoding="utf-8").split("\n").index(
        "Münster and Zürich, written in UTF-8.") + 1
    path = variant(tmp_path, latin1)
    with pytest.raises(InputError, match="not UTF-8") as caught:
        read_manuscript(path)
    assert caught.value.line == bad_line
    assert str(caught.value).startswith(f"{path}:{bad_line}: error:")
    assert "0xfc" in str(caught.value)


def test_nul_byte_is_rejected_with_its_line(tmp_path: Path) -> None:
    source = MINIMAL.read_bytes()
    line = source.split(b"\n").index(b"## Introduction") + 1
    path = variant(tmp_path, source.replace(b"## Introduction", b"## Intro\x00duction"))
    with pytest.raises(InputError, match="NUL") as caught:
        read_manuscript(path)
    assert caught.value.line == line


def test_directory_given_as_the_manuscript(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory") as caught:
        read_manuscript(tmp_path)
    assert caught.value.path == tmp_path


def test_missing_manuscript(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="manuscript not found"):
        read_manuscript(tmp_path / "nowhere.md")


def test_unclosed_front_matter_is_an_error_at_line_one(tmp_path: Path) -> None:
    path = variant(tmp_path, b"---\ntitle: T\n\n## Body\n")
    with pytest.raises(MetadataError, match="never closed") as caught:
        read_manuscript(path)
    assert caught.value.line == 1


def test_title_may_come_from_a_level_one_heading(tmp_path: Path) -> None:
    path = variant(tmp_path, b"\n# A Heading Title\n\n## First section\n\nText.\n")
    manuscript = read_manuscript(path)
    assert manuscript.metadata.title == "A Heading Title"
    assert manuscript.body.lstrip().startswith("## First section")
    assert manuscript.body_line == 3
