"""The body's one citeproc run gives the same HTML, bibliography and JATS as two citeproc runs.

Before citeproc ran once into pandoc's document, the HTML and the JATS each came from their
own citeproc run over the Markdown. `two_citeproc_runs` below is that path, run with real
pandoc at test time, and every case compares its result with `render_body`'s byte for byte:
the flagship, math with numbered floats and cross-references, narrative and typed citations,
a year suffix, a note, `nocite`, and a numeric style.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree, html

from repropub import numbering, pandoc, policy, reflist
from repropub.bibliography import Bibliography
from repropub.body import (
    RenderedBody,
    _split_references,
    render_body,
    render_page_body,
)
from repropub.citations.linking import link_typed_citations
from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT, Config
from repropub.manuscript import Manuscript
from repropub.pipeline import load_sources
from repropub.styles import describe, resolve

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TIMEOUT = 120.0


def prepared(manuscript: Path, bib: Path, style: str
             ) -> tuple[Manuscript, str, Bibliography, Path, tuple[str, ...]]:
    """The body as the build hands it to pandoc: typed citations linked, keys they cite."""
    config = Config(manuscript=manuscript, bibliography=bib, style=style)
    document, bibliography = load_sources(config)
    result = policy.check(document, bibliography, config)
    markdown = reflist.without_reference_list(
        document, link_typed_citations(document, result.citations))
    typed = tuple(sorted({k for c in result.citations if c.kind != "keyed" for k in c.keys}))
    return document, markdown, bibliography, resolve(style).path, typed


def _jats_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A CSL item for pandoc's metadata; a year with a suffix ('2010a') would read as n.d."""
    issued = str(item.get("issued", ""))
    if re.fullmatch(r"\d{4}[a-z]", issued):
        return {**item, "issued": issued[:4]}
    return dict(item)


def two_citeproc_runs(manuscript: Manuscript, markdown: str, bibliography: Bibliography,
                      csl: Path, also_cite: tuple[str, ...]) -> RenderedBody:
    """The HTML and the JATS each from a citeproc run of its own over the Markdown."""
    nocite = " ".join(part for part in (manuscript.metadata.nocite,
                                        *(f"@{key}" for key in also_cite)) if part)
    settings: dict[str, Any] = {"lang": manuscript.metadata.lang, "link-citations": True,
                                "repropub-narrative-and": describe(csl).apa,
                                "repropub-crossref": numbering.words(manuscript.metadata.lang)}
    if nocite:
        settings["nocite"] = nocite
    reader = "markdown-yaml_metadata_block-raw_attribute"
    with tempfile.TemporaryDirectory() as tmp:
        meta, jats_meta, bib = (Path(tmp) / name for name in
                                ("citeproc.yaml", "jats.yaml", "references.bib"))
        meta.write_text(yaml.safe_dump(settings), encoding="utf-8")
        bib.write_text(bibliography.accepted_text, encoding="utf-8")
        jats_meta.write_text(yaml.safe_dump(
            {**settings, "references": [_jats_item(e.csl) for e in bibliography.entries]},
            allow_unicode=True), encoding="utf-8")

        def citeproc(output: list[str], metadata: Path, extra: list[str]) -> pandoc.PandocResult:
            return pandoc.run(
                ["--from", reader, *output, "--wrap=none", "--lua-filter",
                 str(numbering.FILTER), "--citeproc", "--csl", str(csl), "--metadata-file",
                 str(metadata), "--lua-filter", str(pandoc.NARRATIVE_FILTER), *extra],
                markdown, source=manuscript.path, timeout=TIMEOUT)

        with ThreadPoolExecutor(max_workers=2) as pool:
            html_run = pool.submit(citeproc, ["--to", "html5", "--section-divs", "--mathml"],
                                   meta, ["--bibliography", str(bib)])
            jats_run = pool.submit(citeproc, ["--to", "jats_publishing+element_citations",
                                              "--standalone"], jats_meta, [])
            html, jats = html_run.result(), jats_run.result()
    body, references = _split_references(html.output)
    return RenderedBody(body, references, numbering.label_jats(jats.output), html.warnings)


CASES = {
    "flagship": (DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY, "apa"),
    "math, numbered floats, cross-references": (
        FIXTURES / "math-article" / "manuscript.md",
        FIXTURES / "math-article" / "references.bib", "apa"),
    "whole paper": (FIXTURES / "whole-paper" / "manuscript.md",
                    FIXTURES / "whole-paper" / "references.bib", "apa"),
    "narrative, typed, year suffix, note, nocite": (
        FIXTURES / "citeproc-once" / "manuscript.md",
        FIXTURES / "citeproc-once" / "references.bib", "apa"),
    "numeric style": (FIXTURES / "citeproc-once" / "manuscript.md",
                      FIXTURES / "citeproc-once" / "references.bib", "vancouver"),
    "numeric style, math": (FIXTURES / "math-article" / "manuscript.md",
                            FIXTURES / "math-article" / "references.bib", "ieee"),
    "markup, particles, suffixed years and ranges in the .bib": (
        FIXTURES / "jats-references" / "manuscript.md",
        FIXTURES / "jats-references" / "references.bib", "apa"),
    "floats and equations in notes, mixed citations": (
        FIXTURES / "numbering-nested" / "manuscript.md",
        FIXTURES / "numbering-nested" / "references.bib", "apa"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_one_citeproc_run_gives_the_html_bibliography_and_jats_of_two(case: str) -> None:
    manuscript, markdown, bibliography, csl, typed = prepared(*CASES[case])
    once = render_body(manuscript, markdown, bibliography, csl, also_cite=typed,
                       timeout=TIMEOUT)
    twice = two_citeproc_runs(manuscript, markdown, bibliography, csl, typed)
    assert once.references, "the case renders a bibliography"
    assert once.html == twice.html
    assert once.references == twice.references
    assert once.jats == twice.jats
    assert "<element-citation" in once.jats


def test_the_citeproc_run_reports_its_warnings_once(tmp_path: Path) -> None:
    source = tmp_path / "manuscript.md"
    source.write_text("---\ntitle: T\n---\n\nSee [@nowhere].\n", encoding="utf-8")
    bib = tmp_path / "references.bib"
    bib.write_text("@book{here, author={A, B}, title={T}, publisher={P}, year={2000}}\n",
                   encoding="utf-8")
    manuscript, markdown, bibliography, csl, typed = prepared(source, bib, "apa")
    body = render_body(manuscript, markdown, bibliography, csl, also_cite=typed,
                       timeout=TIMEOUT)
    assert [w for w in body.warnings if "nowhere" in w] == [
        "Citeproc: citation nowhere not found"]


def test_jats_cites_a_year_with_its_suffix_as_the_page_does() -> None:
    # Two citeproc runs read the JATS's references from CSL items whose year lost its suffix
    # ('2010a' reads as n.d. there), so the JATS said "Solo, 2010" where the page said "Solo,
    # 2010a"; from the one run both say what the bibliography says.
    folder = FIXTURES / "citeproc-year-suffix"
    manuscript, markdown, bibliography, csl, typed = prepared(
        folder / "manuscript.md", folder / "references.bib", "apa")
    body = render_body(manuscript, markdown, bibliography, csl, also_cite=typed,
                       timeout=TIMEOUT)
    page = html.fragment_fromstring(body.html, create_parent="div")
    jats = etree.fromstring(body.jats.encode())
    assert page.xpath("string(.//span[@class='citation'])") == "(Solo, 2010a)"
    assert jats.xpath("string(//body//xref[@ref-type='bibr'])") == "Solo, 2010a"
    assert jats.xpath("string(//back//element-citation/year)") == "2010"


@pytest.mark.slow
@pytest.mark.parametrize("case", ["flagship", "whole paper", "numeric style, math"])
def test_a_build_without_jats_renders_the_same_html_in_one_pandoc_run(case: str) -> None:
    manuscript, markdown, bibliography, csl, typed = prepared(*CASES[case])
    both = render_body(manuscript, markdown, bibliography, csl, also_cite=typed,
                       timeout=TIMEOUT)
    page = render_body(manuscript, markdown, bibliography, csl, also_cite=typed,
                       timeout=TIMEOUT, jats=False)
    assert page.html == both.html
    assert page.references == both.references
    assert page.warnings == both.warnings
    assert page.jats == ""


def _with_sentence(markdown: str, sentence: str) -> str:
    """The body with a paragraph added halfway, where an author goes on writing."""
    half = markdown.index("\n\n", len(markdown) // 2)
    return f"{markdown[:half]}\n\n{sentence}\n{markdown[half:]}"


@pytest.mark.slow
@pytest.mark.parametrize("case", ["flagship", "narrative, typed, year suffix, note, nocite",
                                  "numeric style", "whole paper", "numeric style, math",
                                  "math, numbered floats, cross-references",
                                  "floats and equations in notes, mixed citations"])
def test_an_edit_citing_nothing_new_replays_citeproc_and_gives_the_same_page(case: str) -> None:
    manuscript, markdown, bibliography, csl, typed = prepared(*CASES[case])
    _, kept = render_page_body(manuscript, markdown, bibliography, csl, also_cite=typed,
                               timeout=TIMEOUT, keep=True)
    assert kept is not None
    edited = _with_sentence(markdown, "A sentence written since, citing nothing.")
    replayed, record = render_page_body(manuscript, edited, bibliography, csl,
                                        also_cite=typed, timeout=TIMEOUT, kept=kept, keep=True)
    fresh = render_body(manuscript, edited, bibliography, csl, also_cite=typed,
                        timeout=TIMEOUT, jats=False)
    assert record is kept  # pandoc ran without citeproc
    assert replayed == fresh
    assert "A sentence written since" in replayed.html


@pytest.mark.slow
@pytest.mark.parametrize("added", ["A new citation [@keohane1977, p. 4].",
                                   "The same key with a page [@waltz1979, p. 9].",
                                   "::: {#refs}\n:::"])
def test_an_edit_that_changes_the_citations_runs_citeproc_again(added: str) -> None:
    manuscript, markdown, bibliography, csl, typed = prepared(*CASES["flagship"])
    _, kept = render_page_body(manuscript, markdown, bibliography, csl, also_cite=typed,
                               timeout=TIMEOUT, keep=True)
    edited = _with_sentence(markdown, added)
    again, record = render_page_body(manuscript, edited, bibliography, csl, also_cite=typed,
                                     timeout=TIMEOUT, kept=kept, keep=True)
    assert record is not kept
    assert again == render_body(manuscript, edited, bibliography, csl, also_cite=typed,
                                timeout=TIMEOUT, jats=False)


def test_a_note_style_is_never_replayed(tmp_path: Path) -> None:
    source = tmp_path / "manuscript.md"
    source.write_text("---\ntitle: T\n---\n\nSee [@here].\n", encoding="utf-8")
    bib = tmp_path / "references.bib"
    bib.write_text("@book{here, author={A, B}, title={T}, publisher={P}, year={2000}}\n",
                   encoding="utf-8")
    manuscript, markdown, bibliography, csl, typed = prepared(source, bib,
                                                              "chicago-notes-bibliography-17th-edition")
    body, kept = render_page_body(manuscript, markdown, bibliography, csl, also_cite=typed,
                                  timeout=TIMEOUT, keep=True)
    assert kept is None and body.references


@pytest.mark.parametrize("case", CASES)
def test_the_numbering_filter_skipping_what_the_text_cannot_have_numbers_the_same(
        case: str, tmp_path: Path) -> None:
    """The metadata `numbering.scans` gives (no `$$`: no display math; no footnote: no block
    inside an inline) lets the filter's walk stay among the blocks; the page is the one a walk
    through every inline gives."""
    manuscript, markdown, _, _, _ = prepared(*CASES[case])

    def page(extra: dict[str, bool]) -> str:
        meta = tmp_path / "meta.yaml"
        meta.write_text(yaml.safe_dump({
            "lang": manuscript.metadata.lang,
            "repropub-crossref": numbering.words(manuscript.metadata.lang), **extra}),
            encoding="utf-8")
        return pandoc.run(["--from", "markdown-yaml_metadata_block", "--to", "html5",
                           "--section-divs", "--mathml", "--lua-filter", str(numbering.FILTER),
                           "--metadata-file", str(meta)], markdown, source=manuscript.path,
                          timeout=TIMEOUT).output

    assert page(numbering.scans(markdown)) == page({})


def test_the_scans_follow_the_text() -> None:
    assert numbering.scans("A plain paragraph citing @key.") == {
        "repropub-scan-math": False, "repropub-scan-notes": False}
    assert numbering.scans("$$ x $$ {#eq:x}")["repropub-scan-math"]
    assert numbering.scans("Noted.^[Inline.]")["repropub-scan-notes"]
    assert numbering.scans("Noted.[^a]\n\n[^a]: Below.")["repropub-scan-notes"]


def test_a_text_with_footnotes_needs_the_walk_through_its_inlines(tmp_path: Path) -> None:
    """The skip is real: told wrongly that the text has no footnote, the filter misses the
    figure, the table and the equation inside one (so `numbering.scans` must see them)."""
    manuscript, markdown, _, _, _ = prepared(
        *CASES["floats and equations in notes, mixed citations"])
    meta = tmp_path / "meta.yaml"

    def numbered(scan_notes: bool) -> int:
        meta.write_text(yaml.safe_dump({**numbering.scans(markdown),
                                        "repropub-scan-notes": scan_notes}), encoding="utf-8")
        page = pandoc.run(["--from", "markdown-yaml_metadata_block", "--to", "html5",
                           "--lua-filter", str(numbering.FILTER), "--metadata-file", str(meta)],
                          markdown, source=manuscript.path, timeout=TIMEOUT).output
        root = html.fragment_fromstring(page, create_parent="div")
        return len(root.xpath("//*[@class='label' or @class='equation-number']"))

    assert numbering.scans(markdown)["repropub-scan-notes"]
    assert numbered(scan_notes=False) < numbered(scan_notes=True)
