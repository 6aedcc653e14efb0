"""Limits: small inputs that would keep pandoc, citeproc, PyYAML or WeasyPrint busy for minutes
or gigabytes stop at once with a message naming the limit and the option that raises it."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Main, MakeProject, one_line_error, snapshot
from lxml import html

from repropub.errors import EXIT_FAILURE, EXIT_OK, LimitError, ToolError
from repropub.limits import Limits, check_html_depth, check_markdown
from repropub.metadata import ArticleMetadata
from repropub.render_pdf import render_pdf

HANG = 10.0
"""Seconds after which a run counts as hung (each of these takes well under one)."""

FRONT = "---\ntitle: Hostile\nauthors:\n  - family: Stranger\n---\n\n"

BODIES: dict[str, tuple[Callable[[], str], str]] = {
    "10,000 nested block quotes": (lambda: ">" * 10_000 + " deep\n", "nesting-depth"),
    "10,000 list levels on one line": (lambda: "- " * 10_000 + "deep\n", "nesting-depth"),
    "1,000 indented list levels": (
        lambda: "".join("  " * i + "- item\n" for i in range(1_000)), "nesting-depth"),
    "30 nested brackets": (lambda: "[" * 30 + "x" + "]" * 30 + "\n", "bracket-depth"),
    "5,000 nested fenced divs": (
        lambda: "::: {.d}\n" * 5_000 + "x\n",
        "nesting-depth"),
    "5,000 nested raw divs": (lambda: "<div>" * 5_000 + "x" + "</div>" * 5_000 + "\n",
                              "nesting-depth"),
    "7 levels of YAML aliases": (lambda: "", "yaml-nodes"),
    "10,000 nested YAML lists": (lambda: "", "yaml-depth"),
}


def alias_bomb() -> str:
    lines = ["title: Hostile", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def manuscript_for(case: str) -> str:
    if case == "7 levels of YAML aliases":
        return alias_bomb()
    if case == "10,000 nested YAML lists":
        return "---\ntitle: Hostile\ndeep: " + "[" * 10_000 + "]" * 10_000 + "\n---\n\nBody.\n"
    return FRONT + BODIES[case][0]()


@pytest.mark.parametrize("case", list(BODIES))
def test_a_pathological_manuscript_stops_at_once_naming_the_limit(
        case: str, tmp_path: Path, main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text(manuscript_for(case), encoding="utf-8")
    start = time.monotonic()
    code = main(["check", str(manuscript)])
    assert time.monotonic() - start < HANG
    assert code == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, manuscript)
    option = BODIES[case][1]
    assert f"raise it with --limit {option}=N" in line
    assert line.startswith(f"{manuscript}:")  # with its line


def test_raising_a_limit_lets_the_input_through(tmp_path: Path, main: Main) -> None:
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text(FRONT + "[" * 7 + "x" + "]" * 7 + "\n\n## References\n\n"
                          "Stranger, E. (2020). A work. Press.\n", encoding="utf-8")
    assert main(["check", str(manuscript)]) == EXIT_FAILURE
    assert main(["check", str(manuscript), "--limit", "bracket-depth=7"]) == EXIT_OK


def test_an_unknown_limit_names_the_known_ones(tmp_path: Path, main: Main,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--limit", "brackets=3"]) == EXIT_FAILURE
    assert "bracket-depth" in capsys.readouterr().err


def test_a_string_doubling_chain_and_a_crossref_cycle_are_both_reported(
        tmp_path: Path, main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "references.bib"
    strings = ['@string{s0 = "ab"}'] + [f"@string{{s{i} = s{i - 1} # s{i - 1}}}"
                                       for i in range(1, 31)]
    bib.write_text("\n".join([
        *strings,
        "@book{big, author = {A, B}, title = s30, year = 2000}",
        "@book{a, crossref = {b}, title = {A}}",
        "@book{b, crossref = {a}, title = {B}}",
    ]) + "\n", encoding="utf-8")
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text(FRONT + "Text.\n", encoding="utf-8")
    start = time.monotonic()
    assert main(["check", str(manuscript), "--bib", str(bib)]) == EXIT_FAILURE
    assert time.monotonic() - start < HANG
    lines = one_line_error(capsys.readouterr().err, bib)
    assert any("@string 's" in line and "--limit bib-field-chars=N" in line for line in lines)
    assert any("crossref/xdata cycle a -> b -> a" in line for line in lines)


def test_a_manuscript_over_the_size_limit(tmp_path: Path, main: Main,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text(FRONT + "word " * 1_000 + "\n", encoding="utf-8")
    assert main(["check", str(manuscript), "--limit", "manuscript-bytes=1000"]) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, manuscript)
    assert "--limit manuscript-bytes=N" in line


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_device_is_never_read(kind: str, tmp_path: Path, main: Main,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text(FRONT + "Text.\n", encoding="utf-8")
    bib = Path("/dev/zero")
    if kind == "fifo":
        bib = tmp_path / "references.bib"
        os.mkfifo(bib)
    assert main(["check", str(manuscript), "--bib", str(bib)]) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, bib)
    assert "not a regular file" in line


def test_pandoc_past_its_time_limit_stops_the_build_and_keeps_the_output(
        project: MakeProject, main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    assert main(attack.args("--html-only")) == EXIT_OK
    before = snapshot(attack.out)
    with attack.manuscript.open("a", encoding="utf-8") as file:
        file.write("\n" + "[" * 14 + "x" + "]" * 14 + "\n")
    start = time.monotonic()
    code = main(attack.args("--html-only", "--timeout", "1", "--limit", "bracket-depth=20"))
    assert time.monotonic() - start < HANG
    assert code == EXIT_FAILURE
    err = capsys.readouterr().err
    assert "did not finish within 1 s (raise the limit with --timeout)" in err
    assert snapshot(attack.out) == before


def test_weasyprint_past_its_time_limit_stops(tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text("<!doctype html><title>t</title>" + "<p>Many words. </p>" * 5_000,
                    encoding="utf-8")
    with pytest.raises(ToolError, match=r"did not finish within 0\.05 s"):
        render_pdf(page, ArticleMetadata(title="t"), tmp_path, timeout=0.05,
                   stamp=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))


def test_html_nested_past_the_limit_is_refused_before_layout() -> None:
    root = html.fragment_fromstring("<div>" * 80 + "x" + "</div>" * 80, create_parent="div")
    with pytest.raises(LimitError, match="nesting-depth"):
        check_html_depth(root, "page", Limits(nesting_depth=50))
    check_html_depth(root, "page", Limits(nesting_depth=80))


def test_autolinks_are_not_raw_html_that_nests(tmp_path: Path) -> None:
    # an ABNT reference list gives every online work 'Disponível em: <URL>'
    entries = "".join(f"A{i}. Título. Disponível em: <https://example.org/{i}>. Ou "
                      f"<autor{i}@example.org>.\n\n" for i in range(80))
    check_markdown(entries, tmp_path / "paper.md", 1, Limits(nesting_depth=50))
    with pytest.raises(LimitError, match="nesting-depth"):
        check_markdown("<span>" * 80, tmp_path / "paper.md", 1, Limits(nesting_depth=50))


def test_weasyprint_past_its_memory_cap_stops_and_keeps_the_output(
        project: MakeProject, main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    assert main(attack.args("--pdf-only")) == EXIT_OK
    before = snapshot(attack.out)
    code = main(attack.args("--pdf-only", "--limit", "pdf-memory-bytes=100000000"))
    assert code == EXIT_FAILURE
    [line] = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert "WeasyPrint needed more memory" in line
    assert "--limit pdf-memory-bytes=N" in line
    assert snapshot(attack.out) == before


def test_a_citation_group_of_a_thousand_keys_is_checked(tmp_path: Path, main: Main,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    count = 1_000
    bib = tmp_path / "references.bib"
    bib.write_text("\n".join(f"@book{{k{i}, author = {{Writer{i}, Anna}}, title = {{Book {i}}}, "
                             f"publisher = {{Press}}, year = {{2000}}}}" for i in range(count)),
                   encoding="utf-8")
    manuscript = tmp_path / "manuscript.md"
    keys = "; ".join(f"@k{i}" for i in range(count))
    manuscript.write_text(f"---\ntitle: A Long Group\n---\n\nEverything [{keys}].\n",
                          encoding="utf-8")
    assert main(["check", str(manuscript), "--bib", str(bib)]) == EXIT_OK
    assert f"({count} citations, {count} entries" in capsys.readouterr().out
