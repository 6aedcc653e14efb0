"""A manuscript of hundreds of pages ends cleanly: refused at once by the size limit, or, with
the limit raised, stopped at its deadline with one line naming the tool that ran out of time, the
deadline and the option that raises it; the previous output is left as it was. The time itself is
measured by `bench/bench_pages.py`, never asserted here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Main, MakeProject, Project, one_line_error, snapshot

from repropub.errors import EXIT_FAILURE, EXIT_OK

PARAGRAPH = ("Balancing is an old idea in the study of international politics [@waltz1979], "
             "and it returns whenever a great power rises or falls.\n\n")


def grown(attack: Project, sections: int) -> None:
    """The manuscript with `sections` sections of ten cited paragraphs each appended (about
    1,300 bytes a section: 2,000 sections are some 400 pages)."""
    with attack.manuscript.open("a", encoding="utf-8") as text:
        for number in range(sections):
            text.write(f"\n## Section {number}\n\n" + PARAGRAPH * 10)


@pytest.fixture
def built(project: MakeProject, main: Main) -> Project:
    """A project with a previous, good output, then grown to some 400 pages."""
    attack = project("base")
    assert main(attack.args("--html-only")) == EXIT_OK
    grown(attack, 2_000)
    return attack


def test_a_manuscript_of_hundreds_of_pages_is_refused_by_the_size_limit_naming_it(
        built: Project, main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(built.out)
    capsys.readouterr()
    assert main(built.args("--html-only")) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, built.manuscript)
    assert "manuscript-bytes" in line and "--limit manuscript-bytes=N" in line
    assert snapshot(built.out) == before


def test_a_manuscript_of_hundreds_of_pages_past_its_deadline_stops_naming_the_tool_and_option(
        built: Project, main: Main, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(built.out)
    capsys.readouterr()
    code = main(built.args("--limit", "manuscript-bytes=10000000", "--timeout", "1"))
    assert code == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, built.manuscript)
    assert re.search(r": error: (pandoc|WeasyPrint) did not finish within 1 s( typesetting the "
                     r"PDF)? \(raise the limit with --timeout\)", line), line
    assert snapshot(built.out) == before
    assert not [p for p in Path(built.out).parent.iterdir() if p.name.startswith(".out.")]
