"""The command line, called in-process: `repropub.cli.main([...])` and its exit codes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from lxml import html
from pages import parse_html, text_of

from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "small-article"

Main = Callable[[Sequence[str]], int]


@pytest.fixture
def main() -> Main:
    """`repropub.cli.main`, imported here so that a broken import fails these tests only."""
    from repropub.cli import main

    return main


def small(out: Path, *options: str) -> list[str]:
    """Arguments building the small fixture article into `out`."""
    return [str(SMALL / "manuscript.md"), "--bib", str(SMALL / "references.bib"),
            "--out", str(out), *options]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_help_exits_0_and_names_the_commands(main: Main,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("usage:")
    for word in ("build", "check", "--out", "--style", "--html-only", "--pdf-only"):
        assert word in out


def test_check_help_exits_0(main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == EXIT_OK
    assert "--format" in capsys.readouterr().out


def test_missing_manuscript_is_one_line_naming_the_file(
        main: Main, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.md"
    code = main([str(missing), "--out", str(tmp_path / "out")])
    assert code == EXIT_FAILURE
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(str(missing))
    assert "not found" in lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert not (tmp_path / "out").exists()


def test_unknown_option_is_a_usage_error(main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-such-option"]) == EXIT_FAILURE
    assert "usage:" in capsys.readouterr().err


@pytest.mark.slow
def test_html_only_writes_no_pdf(main: Main, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(small(out, "--html-only")) == EXIT_OK
    assert (out / "article.html").is_file()
    assert (out / "assets" / "article.css").is_file()
    assert not (out / "article.pdf").exists()
    page = parse_html(out / "article.html")
    assert page.xpath("//p[@class='downloads']/a[contains(@href, '.pdf')]") == []
    assert "wrote" in capsys.readouterr().out


@pytest.mark.slow
def test_html_only_page_does_not_announce_a_pdf(main: Main, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(small(out, "--html-only")) == EXIT_OK
    page = parse_html(out / "article.html")
    assert page.xpath("//meta[@name='citation_pdf_url']") == []


@pytest.mark.slow
def test_pdf_only_writes_the_pdf_and_no_page(main: Main, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(small(out, "--pdf-only")) == EXIT_OK
    assert (out / "article.pdf").read_bytes().startswith(b"%PDF-")
    assert not (out / "article.html").exists()


@pytest.mark.slow
def test_failed_build_leaves_the_previous_output_intact(
        main: Main, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(small(out, "--html-only")) == EXIT_OK
    before = snapshot(out)
    capsys.readouterr()
    bad = FIXTURES / "bad-front-matter"
    code = main([str(bad / "manuscript.md"), "--bib", str(bad / "references.bib"),
                 "--out", str(out)])
    assert code == EXIT_FAILURE
    where = f"{bad / 'manuscript.md'}:3: error: front matter field 'doi'"
    assert any(line.startswith(where) for line in capsys.readouterr().err.splitlines())
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "a staging folder was left behind"


def test_unknown_style_suggests_the_closest(main: Main, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code = main(small(tmp_path / "out", "--style", "chicago-autor-date", "--html-only"))
    assert code == EXIT_FAILURE
    err = capsys.readouterr().err.strip()
    assert "unknown CSL style" in err
    assert "did you mean chicago-author-date" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_chicago_author_date_builds(main: Main, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(small(out, "--style", "chicago-author-date", "--html-only")) == EXIT_OK
    page = parse_html(out / "article.html")
    entries = [text_of(li) for li in page.xpath("//ol[@class='reference-list']/li")]
    assert entries[0].startswith("Keohane, Robert O., and Joseph S. Nye. 1977.")
    assert entries[1].startswith("Waltz, Kenneth N. 1979.")
    body = text_of(page.xpath("//div[@class='body']")[0])
    assert "(Keohane and Nye 1977)" in body
    assert "(Waltz 1979, 118)" in body


@pytest.mark.slow
def test_build_writes_both_outputs_by_default(main: Main, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(small(out)) == EXIT_OK
    assert (out / "article.html").is_file()
    assert (out / "article.pdf").is_file()


def test_output_folder_that_is_a_file_is_refused(main: Main, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    assert main(small(out, "--html-only")) == EXIT_FAILURE
    assert "is a file" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.slow
def test_relative_paths_resolve_from_the_working_directory(
        main: Main, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    monkeypatch.chdir(project)
    assert main(["manuscript.md", "--bib", "references.bib", "--out", "site",
                 "--html-only"]) == EXIT_OK
    assert isinstance(parse_html(project / "site" / "article.html"), html.HtmlElement)


@pytest.mark.slow
def test_citation_of_an_undefined_key_still_builds_and_exits_1(
        main: Main, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = FIXTURES / "check-undefined-key"
    out = tmp_path / "out"
    code = main([str(case / "manuscript.md"), "--bib", str(case / "references.bib"),
                 "--out", str(out)])
    assert code == EXIT_FINDINGS
    assert "[undefined-key]" in capsys.readouterr().err
    assert (out / "article.pdf").is_file()
    page = parse_html(out / "article.html")
    targets = {a.get("href")[1:] for a in page.xpath("//a[starts-with(@href, '#')]")}
    assert targets <= set(page.xpath("//@id"))


def test_a_staging_folder_left_by_a_killed_build_is_removed_by_the_next(
        main: Main, tmp_path: Path) -> None:
    dead = tmp_path / ".out.999999999.abc"
    (dead / "assets").mkdir(parents=True)
    alive = tmp_path / f".out.{os.getpid()}.xyz"
    alive.mkdir()
    assert main(small(tmp_path / "out", "--html-only")) == EXIT_OK
    assert not dead.exists()
    assert alive.exists(), "a folder of a running process is not touched"


@pytest.mark.slow
def test_with_a_bib_the_typed_reference_list_is_replaced_by_the_rendered_one(
        main: Main, tmp_path: Path) -> None:
    case = FIXTURES / "own-list-and-bib"
    out = tmp_path / "out"
    assert main([str(case / "manuscript.md"), "--bib", str(case / "references.bib"),
                 "--out", str(out), "--html-only"]) == EXIT_OK
    page = parse_html(out / "article.html")
    headings = [text_of(h) for h in page.xpath("//h2")]
    assert headings.count("References") == 1
    assert "Appendix" in headings, "what follows the typed list is kept"
    assert len(page.xpath("//li[@class='csl-entry']")) == 2
