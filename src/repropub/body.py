"""Rendering the body: Markdown to an HTML fragment, with citations resolved by pandoc's citeproc.

Takes the manuscript body (typed citations already turned into links by the checker's linking
step), the accepted bibliography and the CSL style, and gives a `RenderedBody`: the article's
sections as HTML and the formatted bibliography, one `Reference` per entry with its anchor.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import html

from repropub import pandoc
from repropub.bibliography import Bibliography
from repropub.manuscript import Manuscript


@dataclass(frozen=True)
class Reference:
    key: str
    anchor: str
    html: str
    """The formatted entry, inline HTML (italics kept)."""
    text: str
    """The same, plain text (for `citation_reference` meta tags)."""


@dataclass(frozen=True)
class RenderedBody:
    html: str
    references: tuple[Reference, ...]
    warnings: tuple[str, ...]


def render_body(manuscript: Manuscript, markdown: str, bibliography: Bibliography, csl: Path,
                *, also_cite: tuple[str, ...] = (), timeout: float) -> RenderedBody:
    """Run pandoc once over the body; `also_cite` lists keys cited only by typed citations."""
    nocite = " ".join(
        part for part in (manuscript.metadata.nocite, *(f"@{key}" for key in also_cite)) if part
    )
    settings = {"lang": manuscript.metadata.lang, "link-citations": True}
    if nocite:
        settings["nocite"] = nocite
    with tempfile.TemporaryDirectory(prefix="repropub-") as tmp:
        meta = Path(tmp) / "citeproc.yaml"
        meta.write_text(yaml.safe_dump(settings), encoding="utf-8")
        bib: Path | None = None
        if bibliography.path is not None and bibliography.path.suffix == ".bib":
            bib = Path(tmp) / "references.bib"
            bib.write_text(bibliography.accepted_text, encoding="utf-8")
        result = pandoc.markdown_to_html(
            markdown, source=manuscript.path, line_offset=manuscript.body_line - 1,
            bibliography=bib, csl=csl, metadata=meta, timeout=timeout,
        )
    body, references = _split_references(result.output)
    return RenderedBody(body, references, result.warnings)


def _split_references(fragment: str) -> tuple[str, tuple[Reference, ...]]:
    """Take citeproc's `<div id="refs">` out of the body; return the body and the entries."""
    if not fragment.strip():
        return "", ()
    root = html.fragment_fromstring(fragment, create_parent="div")
    refs = root.find(".//div[@id='refs']")
    references: list[Reference] = []
    if refs is not None:
        for entry in refs.iterfind("div"):
            anchor = entry.get("id", "")
            inner = (entry.text or "") + "".join(
                html.tostring(child, encoding="unicode") for child in entry
            )
            references.append(Reference(
                key=anchor.removeprefix("ref-"), anchor=anchor, html=inner.strip(),
                text=" ".join(entry.text_content().split()),
            ))
        refs.getparent().remove(refs)
    body = (root.text or "") + "".join(html.tostring(c, encoding="unicode") for c in root)
    return body, tuple(references)
