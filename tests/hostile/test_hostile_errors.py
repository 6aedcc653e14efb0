"""Broken input: every malformed manuscript or bibliography gives one line per problem, naming
the file and line, exit code 2, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, Main, one_line_error

from repropub.errors import EXIT_FAILURE, EXIT_OK

GOOD_FRONT = "---\ntitle: Broken\nauthors:\n  - family: Stranger\n---\n\nText [@waltz1979].\n"
GOOD_BIB = (FIXTURES / "base" / "references.bib").read_bytes()

MANUSCRIPTS: dict[str, tuple[bytes, str, int | None]] = {
    "a duplicate front-matter key": (
        b"---\ntitle: One\nauthors:\n  - family: Stranger\ntitle: Two\n---\n\nText.\n",
        "'title' is given twice", 5),
    "bytes that are not UTF-8": (GOOD_FRONT.encode() + b"caf\xe9\n", "not UTF-8", 8),
    "a NUL byte": (GOOD_FRONT.encode() + b"nul\x00here\n", "NUL byte", 8),
    "a missing title": (b"---\nauthors:\n  - family: Stranger\n---\n\nText.\n",
                        "'title'", None),
    "a DOI that is not a DOI": (
        b"---\ntitle: T\ndoi: https://example.org/not-a-doi\n---\n\nText.\n", "'doi'", 3),
    "an impossible date": (b"---\ntitle: T\nhistory:\n  published: 2024-13-45\n---\n\nT.\n",
                           "not a date", 4),
    "front matter never closed": (b"---\ntitle: T\n\nText.\n", "never closed", 1),
    "YAML that does not parse": (b"---\ntitle: [unclosed\n---\n\nText.\n", "not valid YAML",
                                 None),
}

BIBS: dict[str, tuple[bytes, str, int]] = {
    "an unbalanced brace": (GOOD_BIB + b"\n@book{broken,\n  title = {Open {brace},\n"
                            b"  year = {2000}\n}\n", "malformed entry", 8),
    "a truncated file": (GOOD_BIB + b"\n@article{cut,\n  title = {Cut o", "malformed entry", 8),
    "bytes that are not UTF-8": (GOOD_BIB + b"\n% caf\xe9\n", "not UTF-8", 8),
}


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("case", list(MANUSCRIPTS))
def test_a_malformed_manuscript_is_one_line_with_file_and_line(
        case: str, tmp_path: Path, main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    content, expected, line = MANUSCRIPTS[case]
    manuscript = write(tmp_path / "manuscript.md", content)
    bib = write(tmp_path / "references.bib", GOOD_BIB)
    assert main(["check", str(manuscript), "--bib", str(bib)]) == EXIT_FAILURE
    lines = one_line_error(capsys.readouterr().err, manuscript)
    assert expected in lines[0]
    if line is not None:
        assert lines[0].startswith(f"{manuscript}:{line}:")


@pytest.mark.parametrize("case", list(BIBS))
def test_a_malformed_bibliography_is_one_line_with_file_and_line(
        case: str, tmp_path: Path, main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    content, expected, line = BIBS[case]
    manuscript = write(tmp_path / "manuscript.md", GOOD_FRONT.encode())
    bib = write(tmp_path / "references.bib", content)
    assert main(["check", str(manuscript), "--bib", str(bib)]) == EXIT_FAILURE
    [message] = one_line_error(capsys.readouterr().err, bib)
    assert expected in message
    assert message.startswith(f"{bib}:{line}:")


def test_two_broken_entries_are_both_reported(tmp_path: Path, main: Main,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = write(tmp_path / "manuscript.md", GOOD_FRONT.encode())
    bib = write(tmp_path / "references.bib", b"@book{one,\n  title = {Open {brace},\n}\n\n"
                + GOOD_BIB + b"\n@book{two,\n  title = {Also {open},\n}\n")
    assert main(["check", str(manuscript), "--bib", str(bib)]) == EXIT_FAILURE
    lines = one_line_error(capsys.readouterr().err, bib)
    assert len(lines) == 2


def test_a_bom_and_crlf_line_ends_are_read_as_text(tmp_path: Path, main: Main) -> None:
    manuscript = write(tmp_path / "manuscript.md",
                       b"\xef\xbb\xbf" + GOOD_FRONT.encode().replace(b"\n", b"\r\n"))
    bib = write(tmp_path / "references.bib", b"\xef\xbb\xbf" + GOOD_BIB.replace(b"\n", b"\r\n"))
    assert main(["check", str(manuscript), "--bib", str(bib)]) == EXIT_OK


@pytest.mark.parametrize("which", ["manuscript", "bib"])
def test_a_directory_where_a_file_should_be(which: str, tmp_path: Path, main: Main,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = write(tmp_path / "manuscript.md", GOOD_FRONT.encode())
    bib = write(tmp_path / "references.bib", GOOD_BIB)
    folder = tmp_path / "folder"
    folder.mkdir()
    args = [str(folder if which == "manuscript" else manuscript), "--bib",
            str(folder if which == "bib" else bib)]
    assert main(["check", *args]) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, folder)
    assert "is a directory" in line


def test_an_unknown_csl_style(tmp_path: Path, main: Main,
                              capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = write(tmp_path / "manuscript.md", GOOD_FRONT.encode())
    bib = write(tmp_path / "references.bib", GOOD_BIB)
    code = main([str(manuscript), "--bib", str(bib), "--out", str(tmp_path / "out"),
                 "--style", "apa-nonexistent"])
    assert code == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, Path("apa-nonexistent"))
    assert "unknown CSL style" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["yesterday", "-5", "1e9", "1700000000.5", "\u0663\u0663",
                                   "99999999999999999999", "253402300800", "9" * 100_000])
def test_a_malformed_or_out_of_range_source_date_epoch_is_one_line(
        value: str, tmp_path: Path, main: Main, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = write(tmp_path / "manuscript.md", GOOD_FRONT.encode())
    bib = write(tmp_path / "references.bib", GOOD_BIB)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    code = main([str(manuscript), "--bib", str(bib), "--out", str(tmp_path / "out"),
                 "--html-only"])
    assert code == EXIT_FAILURE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = err.strip().splitlines()
    assert line.startswith("SOURCE_DATE_EPOCH=") or "SOURCE_DATE_EPOCH=" in line
    assert len(line) < 200
    assert not (tmp_path / "out").exists()


def test_the_last_second_of_year_9999_is_a_valid_source_date_epoch(
        tmp_path: Path, main: Main, monkeypatch: pytest.MonkeyPatch) -> None:
    manuscript = write(tmp_path / "manuscript.md", GOOD_FRONT.encode())
    bib = write(tmp_path / "references.bib", GOOD_BIB)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert main([str(manuscript), "--bib", str(bib), "--out", str(tmp_path / "out"),
                 "--html-only"]) == EXIT_OK
