"""How to cite this article: its CSL-JSON item and its reference in the chosen CSL style.

Takes the `ArticleMetadata` and gives the article's own CSL-JSON item, formatted by the same
citeproc (pandoc's) and style as the bibliography, for the "Cite this article" box.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from lxml import html

from repropub import pandoc
from repropub.body import inner_html
from repropub.metadata import ArticleMetadata

SELF_KEY = "this-article"


def article_csl(metadata: ArticleMetadata) -> dict[str, Any]:
    """The article as a CSL-JSON item."""
    item: dict[str, Any] = {
        "id": SELF_KEY,
        "type": "article-journal",
        "title": metadata.title,
        "author": [{"family": a.family, "given": a.given} for a in metadata.authors],
        "language": metadata.lang,
    }
    if metadata.year:
        published = metadata.history.published
        item["issued"] = {"date-parts": [[published.year, published.month, published.day]]
                          if published else [[metadata.year]]}
    optional = {
        "container-title": metadata.journal.title if metadata.journal else None,
        "container-title-short": metadata.journal.abbreviation if metadata.journal else None,
        "publisher": metadata.journal.publisher if metadata.journal else None,
        "ISSN": metadata.journal.issn if metadata.journal else None,
        "volume": metadata.volume,
        "issue": metadata.issue,
        "page": metadata.pages,
        "DOI": metadata.doi,
        "URL": metadata.url or metadata.doi_url,
        "abstract": metadata.abstract,
        "keyword": ", ".join(metadata.keywords) or None,
        "license": metadata.license.url if metadata.license else None,
    }
    item.update({k: v for k, v in optional.items() if v})
    return item


def citation_request(folder: Path, metadata: ArticleMetadata, csl: Path) -> pandoc.ArticleCitation:
    """What the body's citeproc run needs to write "Cite this article" too (its item is
    written into `folder`); `citation_html` reads what it wrote."""
    items = folder / "article.json"
    items.write_text(json.dumps([article_csl(metadata)]), encoding="utf-8")
    return pandoc.ArticleCitation(items, SELF_KEY, csl, metadata.lang, folder / "article.html")


def format_citation(metadata: ArticleMetadata, csl: Path, *, source: Path,
                    timeout: float) -> str:
    """The article's reference in the style `csl`, as inline HTML, from a pandoc run of its own
    (when the body's run did not write it, see `citation_request`)."""
    with tempfile.TemporaryDirectory(prefix="repropub-") as tmp:
        cite = citation_request(Path(tmp), metadata, csl)
        meta = Path(tmp) / "citeproc.yaml"
        meta.write_text(f"nocite: '@{cite.key}'\nlang: {json.dumps(cite.lang)}\n",
                        encoding="utf-8")
        result = pandoc.markdown_to_html(
            "", source=source, line_offset=0, bibliography=cite.items, csl=csl, metadata=meta,
            timeout=timeout,
        )
    return citation_html(result.output)


def citation_html(written: str) -> str:
    """The reference alone, inline, from pandoc's HTML of the article's reference list."""
    entry = html.fragment_fromstring(written, create_parent="div").find(".//div[@id]/div")
    if entry is None:
        return ""
    # a numeric style's entry is a label ("[1]") and the reference in two blocks; the article's
    # own citation is one reference, not the first of a list: the reference alone, inline
    text = entry.find("div[@class='csl-right-inline']")
    return inner_html(entry if text is None else text).strip()
