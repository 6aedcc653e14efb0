""""Cite this article": citeproc's reference list of the article alone, which pandoc makes
without the numbering filter (an empty text has nothing to number), exactly as with it; and
which the body's own citeproc run writes as a pandoc run of its own does, leaving the body as
it is without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repropub import numbering, pandoc
from repropub.bibliography import load_bibliography
from repropub.body import render_body
from repropub.cite import (
    SELF_KEY,
    article_csl,
    citation_html,
    citation_request,
    format_citation,
)
from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT
from repropub.manuscript import read_manuscript
from repropub.styles import resolve

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("style", ["apa", "vancouver", "chicago-author-date"])
def test_the_articles_citation_is_the_same_as_with_the_numbering_filter(
        style: str, tmp_path: Path) -> None:
    metadata = read_manuscript(DEFAULT_MANUSCRIPT).metadata
    csl = resolve(style).path
    items = tmp_path / "article.json"
    items.write_text(json.dumps([article_csl(metadata)]), encoding="utf-8")
    meta = tmp_path / "citeproc.yaml"
    meta.write_text(f"nocite: '@{SELF_KEY}'\nlang: {json.dumps(metadata.lang)}\n",
                    encoding="utf-8")
    with_filter = pandoc.run(
        ["--from", "markdown", "--to", *pandoc.HTML_WRITER, "--wrap=none", "--lua-filter",
         str(numbering.FILTER), "--citeproc", "--csl", str(csl), "--metadata-file", str(meta),
         "--bibliography", str(items)], "", source=DEFAULT_MANUSCRIPT, timeout=60)
    without = pandoc.markdown_to_html("", source=DEFAULT_MANUSCRIPT, line_offset=0,
                                      bibliography=items, csl=csl, metadata=meta, timeout=60)
    assert SELF_KEY in without.output
    assert without.output == with_filter.output
    assert format_citation(metadata, csl, source=DEFAULT_MANUSCRIPT, timeout=60)


ARTICLES = {
    "flagship, APA": (DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY, "apa"),
    "flagship, numeric": (DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY, "vancouver"),
    "German, particle, quoted title": (FIXTURES / "cite-this-article" / "manuscript.md",
                                       FIXTURES / "cite-this-article" / "references.bib",
                                       "chicago-author-date"),
}


@pytest.mark.parametrize("jats", [False, True], ids=["page", "page and JATS"])
@pytest.mark.parametrize("case", ARTICLES)
def test_the_body_run_writes_the_articles_citation_as_a_run_of_its_own_does(
        case: str, jats: bool, tmp_path: Path) -> None:
    path, bib, style = ARTICLES[case]
    manuscript = read_manuscript(path)
    bibliography = load_bibliography(bib)
    csl = resolve(style).path
    cite = citation_request(tmp_path, manuscript.metadata, csl)
    asked = render_body(manuscript, manuscript.body, bibliography, csl, timeout=120,
                        jats=jats, cite=cite)
    alone = format_citation(manuscript.metadata, csl, source=path, timeout=120)
    written = citation_html(cite.out.read_text(encoding="utf-8"))
    assert manuscript.metadata.title.split()[-1] in written
    assert written == alone
    # the body, its reference list and its JATS are those of a run that writes no citation
    assert asked == render_body(manuscript, manuscript.body, bibliography, csl, timeout=120,
                                jats=jats)
