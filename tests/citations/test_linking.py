"""Typed citations become links to their entries; nothing else in the body changes."""

from __future__ import annotations

from checking import FIXTURES

from repropub.bibliography import load_bibliography
from repropub.checker import check
from repropub.citations.linking import link_typed_citations
from repropub.manuscript import read_manuscript


def _linked(case: str) -> tuple[str, str]:
    folder = FIXTURES / f"check-{case}"
    manuscript = read_manuscript(folder / "manuscript.md")
    result = check(manuscript, load_bibliography(folder / "references.bib"))
    return manuscript.body, link_typed_citations(manuscript, result.citations)


def test_each_resolved_typed_citation_links_to_its_entry():
    _, linked = _linked("parenthetical-multiple")
    assert linked.strip() == ("The union grew ([Mearsheimer, 2014](#ref-mearsheimer2014)"
                              "{.citation}; [Pifer, 2017](#ref-pifer2017){.citation}).")


def test_linking_keeps_the_line_count_and_brackets_in_the_text():
    body, linked = _linked("group-abbreviation")
    assert linked.count("\n") == body.count("\n")
    assert "[Congressional Research Service \\[CRS\\], 2023](#ref-crs2023){.citation}" in linked


def test_wrapped_citation_keeps_its_line_break():
    body, linked = _linked("hard-wrapped")
    assert linked.count("\n") == body.count("\n")
    assert "[Keohane and\nNye (1977)](#ref-keohane1977){.citation}" in linked


def test_keyed_and_missing_citations_are_left_alone():
    body, linked = _linked("missing-entry")
    assert linked == body
