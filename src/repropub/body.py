"""Rendering the body: Markdown to HTML and JATS, with citations resolved by pandoc's citeproc.

Takes the manuscript body (typed citations already turned into links by the checker's linking
step), the accepted bibliography and the CSL style, and gives a `RenderedBody`: the article's
sections as HTML, the formatted bibliography (one `Reference` per entry with its anchor), and
the same body as a JATS article whose back holds the references as element-citations. Citeproc
runs once, with the numbering filter (see `repropub.numbering`), in one pandoc process whose
writer (html_and_jats.lua) writes the HTML and the JATS from the same document, so both show
the same citations: math is MathML in both, figures, tables, equations and sections are
numbered, and `@fig:id` and the like are linked references. A build that writes no JATS
(``--html-only``, the live preview's page) has pandoc write the HTML alone. In the rare case
where `repropub.citeproc` splits the citeproc run around shared surnames, it gives the resolved
document as pandoc's JSON, and the same writers write it out without citeproc.
"""

from __future__ import annotations

import base64
import json
import re
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import yaml
from lxml import html

from repropub import citeproc, numbering, pandoc
from repropub.bibliography import Bibliography
from repropub.errors import InputError
from repropub.floats import lift_wide_floats
from repropub.manuscript import Manuscript
from repropub.styles import describe


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
    jats: str
    """A standalone JATS article from pandoc: body and back; its front is replaced later.
    Empty when the build writes no JATS."""
    warnings: tuple[str, ...]


def render_body(manuscript: Manuscript, markdown: str, bibliography: Bibliography, csl: Path,
                *, also_cite: tuple[str, ...] = (), timeout: float,
                trusted: bool = False, jats: bool = True,
                cite: pandoc.ArticleCitation | None = None) -> RenderedBody:
    """Run citeproc once over the body; `also_cite` lists keys cited only by typed citations;
    `jats`: also write the body as JATS; `cite`: have that run write "Cite this article" too
    (see `repropub.cite.citation_request`).

    An untrusted body's raw ``{=format}`` blocks are read as code (see `pandoc`); its HTML is
    sanitised afterwards by `repropub.sanitize`."""
    if not jats:
        return render_page_body(manuscript, markdown, bibliography, csl, also_cite=also_cite,
                                timeout=timeout, trusted=trusted, cite=cite)[0]
    with tempfile.TemporaryDirectory(prefix="repropub-") as tmp:
        meta, bib = _citeproc_inputs(Path(tmp), manuscript, markdown, bibliography, csl,
                                     also_cite)
        source, offset = manuscript.path, manuscript.body_line - 1
        # the JATS writer makes each element-citation from a CSL item (html_and_jats.lua)
        references: Path | None = None
        if bib is not None and bibliography.csl_json:
            references = Path(tmp) / "references.uri"
            references.write_text(_jats_references(bibliography), encoding="ascii")
        split = citeproc.resolve(markdown, source=source, line_offset=offset,
                                 bibliography=bibliography, bib=bib, csl=csl, metadata=meta,
                                 timeout=timeout, trusted=trusted)
        if split is None:
            # citeproc once; the HTML and the JATS are written from its document
            result, written = pandoc.markdown_to_html_and_jats(
                markdown, source=source, line_offset=offset, bibliography=bib, csl=csl,
                metadata=meta, references=references, timeout=timeout, trusted=trusted,
                cite=cite)
            warnings = result.warnings
        else:
            result, written = pandoc.ast_to_html_and_jats(
                split.output, source=source, references=references, timeout=timeout)
            warnings = (*split.warnings, *result.warnings)
    body, entries = _split_references(result.output)
    return RenderedBody(body, entries, numbering.label_jats(written), warnings)


@dataclass(frozen=True)
class Citeproc:
    """What citeproc did to a body (see citeproc_replay.lua): every citation as it rendered
    it and the reference list, as pandoc's JSON, and the warnings it printed."""

    document: str
    warnings: tuple[str, ...]


def render_page_body(manuscript: Manuscript, markdown: str, bibliography: Bibliography,
                     csl: Path, *, also_cite: tuple[str, ...] = (), timeout: float,
                     trusted: bool = False, kept: Citeproc | None = None,
                     keep: bool = False, cite: pandoc.ArticleCitation | None = None,
                     ) -> tuple[RenderedBody, Citeproc | None]:
    """The body's HTML alone, citeproc writing it directly (no JATS, no pandoc document
    between).

    `kept`: what citeproc did to an earlier text of this body with the same bibliography,
    style and settings. When the body still has those citations in that order (an edit that
    cites nothing new), pandoc runs without citeproc and puts them in place: the same HTML, in
    half the time. `keep`: record what citeproc does, when it runs, for the next edit (only
    for in-text styles: a note style moves citations into notes); returned second. `cite` as
    for `render_body` (written only when citeproc runs over the whole body).
    """
    with tempfile.TemporaryDirectory(prefix="repropub-") as tmp:
        meta, bib = _citeproc_inputs(Path(tmp), manuscript, markdown, bibliography, csl,
                                     also_cite)
        source, offset = manuscript.path, manuscript.body_line - 1
        if kept is not None:
            recorded = Path(tmp) / "kept.json"
            recorded.write_text(kept.document, encoding="utf-8")
            try:
                page = pandoc.markdown_to_html_replayed(
                    markdown, source=source, line_offset=offset, metadata=meta,
                    recorded=recorded, timeout=timeout, trusted=trusted)
            except InputError:
                pass  # the citations changed (or the text has an error citeproc will report)
            else:
                body, entries = _split_references(page.output)
                return RenderedBody(body, entries, "", (*page.warnings, *kept.warnings)), kept
        record = Path(tmp) / "record.json" if keep and _in_text(csl) else None
        split = citeproc.resolve(markdown, source=source, line_offset=offset,
                                 bibliography=bibliography, bib=bib, csl=csl, metadata=meta,
                                 timeout=timeout, trusted=trusted)
        if split is None:
            page = pandoc.markdown_to_html(markdown, source=source, line_offset=offset,
                                           bibliography=bib, csl=csl, metadata=meta,
                                           timeout=timeout, trusted=trusted, record=record,
                                           cite=cite)
        else:
            written = pandoc.ast_to_html(split.output, source=source, timeout=timeout,
                                         record=record)
            page = pandoc.PandocResult(written.output, (*split.warnings, *written.warnings))
        made = None
        if record is not None and record.is_file():
            made = Citeproc(record.read_text(encoding="utf-8"), tuple(
                w for w in page.warnings if w.startswith("Citeproc")))
    body, entries = _split_references(page.output)
    return RenderedBody(body, entries, "", page.warnings), made


def _in_text(csl: Path) -> bool:
    return re.search(rb"<style\b[^>]*\bclass=[\"']in-text[\"']", csl.read_bytes()) is not None


def _citeproc_inputs(folder: Path, manuscript: Manuscript, markdown: str,
                     bibliography: Bibliography, csl: Path,
                     also_cite: tuple[str, ...]) -> tuple[Path, Path | None]:
    """The metadata file citeproc and the numbering filter read (for `markdown`), and the
    accepted bibliography as a .bib (None when the references come from elsewhere), written
    into `folder`."""
    nocite = " ".join(
        part for part in (manuscript.metadata.nocite, *(f"@{key}" for key in also_cite)) if part
    )
    settings: dict[str, Any] = {"lang": manuscript.metadata.lang, "link-citations": True,
                                "repropub-narrative-and": describe(csl).apa,
                                "repropub-crossref": numbering.words(manuscript.metadata.lang),
                                **numbering.scans(markdown)}
    if nocite:
        settings["nocite"] = nocite
    meta = folder / "citeproc.yaml"
    meta.write_text(yaml.safe_dump(settings), encoding="utf-8")
    bib: Path | None = None
    if bibliography.path is not None and bibliography.path.suffix == ".bib":
        bib = folder / "references.bib"
        bib.write_text(bibliography.accepted_text, encoding="utf-8")
    return meta, bib


def _jats_references(bibliography: Bibliography) -> str:
    """The bibliography's CSL JSON as a data: URI, which pandoc's JATS writer reads as a
    bibliography file (under --sandbox it may read no other file). Pandoc's CSL JSON has lost
    a year's suffix ('2010a' is n.d. there): such a year is given without it."""
    suffixed = {e.key: str(e.csl["issued"])[:4] for e in bibliography.entries
                if re.fullmatch(r"\d{4}[a-z]", str(e.csl.get("issued", "")))}
    text = bibliography.csl_json
    if suffixed:
        items = json.loads(text)
        for item in items:
            if item.get("id") in suffixed:
                item["issued"] = {"date-parts": [[int(suffixed[item["id"]])]]}
        text = json.dumps(items, ensure_ascii=False)
    data = text.encode("utf-8")
    return "data:application/json;base64," + base64.b64encode(data).decode("ascii")


def _split_references(fragment: str) -> tuple[str, tuple[Reference, ...]]:
    """Take citeproc's `<div id="refs">` out of the body; return the body and the entries."""
    if not fragment.strip():
        return "", ()
    root = html.fragment_fromstring(fragment, create_parent="div")
    _unlink_dangling(root)
    lift_wide_floats(root)
    refs = root.find(".//div[@id='refs']")
    references: list[Reference] = []
    if refs is not None:
        for entry in refs.iterfind("div"):
            anchor = entry.get("id", "")
            references.append(Reference(
                key=anchor.removeprefix("ref-"), anchor=anchor, html=inner_html(entry).strip(),
                text=" ".join(entry.text_content().split()),
            ))
        refs.getparent().remove(refs)
    return inner_html(root), tuple(references)


def _unlink_dangling(root: html.HtmlElement) -> None:
    """A citation of a key with no entry links to an anchor that does not exist (the checker
    reports it as undefined-key); keep its text, drop the link."""
    anchors = {element.get("id") for element in root.iter() if element.get("id")}
    for link in root.xpath(".//a[starts-with(@href, '#')]"):
        if link.get("href")[1:] not in anchors:
            link.drop_tag()


def inner_html(element: html.HtmlElement) -> str:
    """The element's content as HTML; its leading text is escaped like the rest."""
    return escape(element.text or "", quote=False) + "".join(
        html.tostring(child, encoding="unicode") for child in element)
