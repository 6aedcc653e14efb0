""""Cite this article": citeproc's reference list of the article alone, which pandoc makes
without the numbering filter (an empty text has nothing to number), exactly as with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repropub import numbering, pandoc
from repropub.cite import SELF_KEY, article_csl, format_citation
from repropub.config import DEFAULT_MANUSCRIPT
from repropub.manuscript import read_manuscript
from repropub.styles import resolve


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
