"""`build.py init`: a starter article that builds at once, never written over existing files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pages import parse_html, text_of

from repropub.cli import main
from repropub.errors import EXIT_FAILURE, EXIT_OK


@pytest.mark.slow
def test_init_then_build_in_the_folder_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "my-paper"
    assert main(["init", str(folder)]) == EXIT_OK
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
        "article.md", "references.bib", "figures/delay.svg", "repropub.toml"}
    monkeypatch.chdir(folder)
    assert main([]) == EXIT_OK
    err = capsys.readouterr().err
    assert ": error:" not in err
    page = parse_html(folder / "out" / "article.html")
    assert page.xpath("//div[@class='body']//img[not(contains(@class, 'math'))]/@src") == [
        "assets/media/figures/delay.svg"]
    assert page.xpath("//div[@class='body']//math"), "the equation is not MathML"
    body = text_of(page.xpath("//div[@class='body']")[0])
    for reference in ("Section 2", "Equation (1)", "Figure 1 shows", "Table 1 gives"):
        assert reference in body, reference
    assert "??" not in body
    # sections are numbered (the text cites one); the appendix is lettered instead
    headings = [text_of(h) for h in page.xpath("//div[@class='body']//h2")]
    assert headings[0] == "1 Introduction"
    assert "Appendix A. Supplementary tables" in headings
    assert page.xpath("//div[@class='body']//table")
    assert len(page.xpath("//ol[contains(@class, 'reference-list')]/li")) == 2
    assert (folder / "out" / "article.pdf").stat().st_size > 0


def test_every_front_matter_field_of_the_starter_is_commented() -> None:
    from repropub.starter import STARTER

    lines = (STARTER / "article.md").read_text(encoding="utf-8").split("\n")
    front = lines[1:lines.index("---", 1)]
    fields = [line for line in front if line.split("#")[0].rstrip().endswith(":")
              or ": " in line.split("#")[0]]
    uncommented = [line for line in fields if "#" not in line
                   and not line.lstrip().startswith(("- ", "name:", "city:", "country:",
                                                     "id:", "url:", "year:", "holder:"))]
    assert len(uncommented) < len(fields) / 2, uncommented


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.md").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == EXIT_FAILURE
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


def test_init_accepts_a_folder_holding_only_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert main(["init", str(tmp_path)]) == EXIT_OK
    assert (tmp_path / "article.md").is_file()
