"""The build, stage by stage. Every other module is the detail of one line of `build()`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from repropub import formulas, numbering, pandoc, policy, reflist
from repropub.back import label_back_sections
from repropub.bibliography import Bibliography
from repropub.body import Citeproc, Reference, RenderedBody, render_body, render_page_body
from repropub.cache import Cache, code_fingerprint, fingerprint
from repropub.checker import CheckResult
from repropub.citations.linking import link_typed_citations
from repropub.cite import article_csl, citation_html, citation_request, format_citation
from repropub.config import Config
from repropub.crosscheck import Discrepancy, cross_check
from repropub.designs import chain, for_manuscript
from repropub.disambiguation import body_style
from repropub.exports import write_exports
from repropub.floats import focusable_floats
from repropub.manifest import build_manifest, write_manifest
from repropub.manuscript import Manuscript
from repropub.media import Image, cleaning_warnings, collect_media, copy_media
from repropub.outputs import NAMES, check_out_dir, staged
from repropub.render_html import render_html
from repropub.sanitize import sanitize_page
from repropub.sourcedate import source_date
from repropub.sources import load_sources
from repropub.styles import resolve
from repropub.supplements import collect_supplements, copy_supplements
from repropub.timings import Timings


@dataclass(frozen=True)
class BuildResult:
    manuscript: Manuscript
    bibliography: Bibliography
    out_dir: Path
    outputs: tuple[Path, ...]
    check: CheckResult
    warnings: tuple[str, ...]
    """Diagnostic lines: pandoc's warnings, exports skipped for want of configuration."""
    mismatches: tuple[Discrepancy, ...]
    """Outputs that disagree with the front matter (see `crosscheck`)."""
    timings: Timings
    reused: tuple[str, ...] = ()
    """The slow stages whose results came from the cache (``body``, ``cite``, ``pdf``)."""
    rendered: tuple[str, ...] = ()
    """The slow stages that ran."""
    style: str = ""
    """The CSL style as resolved: the name asked for, the file pandoc read, its title."""
    inputs: tuple[Path, ...] = ()
    """Every file the build read: manuscript, bibliography, style, design, images, supplements
    (what a later build compares to know that nothing changed, see `repropub.uptodate`)."""
    design: tuple[Path, ...] = ()
    """The design's folders, nearest first (a file added there may be used)."""


def build(config: Config) -> BuildResult:
    """Build the article's page, PDF and metadata exports into `config.out_dir`."""
    timings = Timings()
    check_out_dir(config.out_dir, [p for p in (config.manuscript, config.bibliography,
                                               config.templates) if p is not None])
    # the system libraries the PDF is typeset with: there, and recent enough
    if "pdf" in config.formats:
        from repropub import system  # the PDF's stack is loaded only for a PDF

        system.require()
    # read the manuscript and load the bibliography, validating both up front
    manuscript, bibliography = load_sources(config, timings)
    stamp = source_date(manuscript.metadata, manuscript.path)
    # the design the front matter names, unless the command line chose one
    config = for_manuscript(config, manuscript.metadata.template)
    # find every citation and check it against the bibliography
    with timings.stage("check"):
        result = policy.check(manuscript, bibliography, config)
        markdown = link_typed_citations(manuscript, result.citations)
        if bibliography.path != manuscript.path:
            # the .bib's entries are rendered below; a list typed in the manuscript would repeat
            markdown = reflist.without_reference_list(manuscript, markdown)
    # check every entry against the registries (Crossref, DataCite, doi.org) when asked
    reference_notes: list[str] = []
    if config.references:
        with timings.stage("references"):
            from repropub.references import health  # the registries' clients: only when asked

            result, references = health.run(config, manuscript, bibliography, result)
            reference_notes = health.summary(references)
    # resolve the CSL style, then let pandoc's citeproc render the body and the bibliography
    cache = Cache(config.cache_dir)
    with timings.stage("pandoc"):
        style = resolve(config.style)
        csl = style.path
        typed_keys = tuple(sorted({k for c in result.citations if c.kind != "keyed"
                                   for k in c.keys}))
        body, citation = _render_body_and_citation(cache, manuscript, markdown, bibliography,
                                                   csl, typed_keys, config)
        build_warnings = [f"{manuscript.path}: warning: {w} [pandoc]" for w in body.warnings]
    # confine the images the body shows; sanitise its HTML unless the manuscript is trusted
    with timings.stage("sanitize"):
        body, images = collect_media(body, manuscript, config.limits, config.allowed_hosts)
        build_warnings += cleaning_warnings(images, manuscript)
        body, citation = sanitize_page(body, citation, trusted=config.trusted,
                                       limits=config.limits, source=manuscript.path)
        supplements = collect_supplements(manuscript)
    # title the notes, letter the appendices (A, B) and move them to the JATS <back>
    body = label_back_sections(body, manuscript.metadata.lang)
    body = replace(body, html=focusable_floats(body.html, manuscript.metadata.lang))
    # typeset every formula as vector outlines for the PDF (WeasyPrint has no MathML)
    with timings.stage("math"):
        body = _typeset_formulas(cache, manuscript, body)
    with staged(config.out_dir) as stage:
        # write the metadata exports: JATS, the Crossref deposit, the article's citation files
        with timings.stage("exports"):
            exports = write_exports(stage, manuscript, bibliography, body, stamp,
                                    config.formats, config.required)
        # write the HTML page and its assets
        with timings.stage("html"):
            # the page links every file written beside it, and the PDF about to be
            written = {kind for kind, name in NAMES.items() if (stage / name).exists()}
            written |= (config.formats | config.follows) & {"pdf", "jats", "docx"}
            copy_media(images, stage)
            copy_supplements(supplements, stage)
            if formulas.has_formulas(body.html):
                formulas.copy_math_font(stage)
            page = render_html(manuscript.metadata, body, citation, config, stage,
                               frozenset(written), stamp)
        # the Word document, when asked for: the same body and references, the design's look
        if "docx" in config.formats:
            with timings.stage("docx"):
                from repropub.exports.docx import docx_article  # python-docx: only when asked

                (stage / NAMES["docx"]).write_bytes(docx_article(
                    manuscript.metadata, body, stage, config.templates, source=manuscript.path,
                    timeout=config.timeout, epoch=int(stamp.timestamp())))
        # render the PDF from the same HTML with the print stylesheet, its sources attached
        fonts: dict[str, str] = {}
        if "pdf" in config.formats:
            with timings.stage("pdf"):
                fonts = _render_pdf(cache, page, manuscript, stage, stamp, config)
        # read every output back and compare it with the front matter
        with timings.stage("cross-check"):
            mismatches = cross_check(stage, manuscript.metadata, shown_as=config.out_dir)
        if "html" not in config.formats:
            _remove_page(stage)
        # record every output's hash, every input's hash and the tools' versions
        write_manifest(stage, build_manifest(stage, config.out_dir, config, csl,
                                             pandoc.PANDOC_VERSION, stamp.isoformat(), fonts))
        outputs = tuple(sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file()))
    return BuildResult(manuscript, bibliography, config.out_dir,
                       tuple(config.out_dir / p for p in outputs), result,
                       (*build_warnings, *exports.warnings, *reference_notes),
                       tuple(mismatches), timings,
                       tuple(cache.reused), tuple(cache.rendered), style.description,
                       _inputs(config, bibliography, csl, images, supplements),
                       chain(config.templates))


def _inputs(config: Config, bibliography: Bibliography, csl: Path, images: tuple[Image, ...],
            supplements: tuple[Path, ...]) -> tuple[Path, ...]:
    design = [p for folder in chain(config.templates) for p in sorted(folder.rglob("*"))
              if p.is_file()]
    asked = [Path(config.style)] if config.style.endswith(".csl") or "/" in config.style else []
    found = [bibliography.path] if bibliography.path is not None else []
    return (config.manuscript, *found, *asked, csl, *design,
            *(image.source for image in images), *supplements)


def _render_body_and_citation(cache: Cache, manuscript: Manuscript, markdown: str,
                              bibliography: Bibliography, csl: Path,
                              typed_keys: tuple[str, ...], config: Config
                              ) -> tuple[RenderedBody, str]:
    """The body, and "Cite this article", which the body's citeproc run writes too unless it is
    reused (one pandoc process fewer)."""
    with tempfile.TemporaryDirectory(prefix="repropub-") as tmp:
        key = _citation_key(manuscript, csl)
        reused = cache.holds("cite", key)
        cite = None if reused else citation_request(Path(tmp), manuscript.metadata, csl)
        body = _render_body(cache, manuscript, markdown, bibliography,
                            body_style(csl, bibliography, config.cache_dir), typed_keys, config,
                            cite)
        return body, _render_citation(cache, key, manuscript, csl, config, cite)


def _render_body(cache: Cache, manuscript: Manuscript, markdown: str,
                 bibliography: Bibliography, csl: Path, typed_keys: tuple[str, ...],
                 config: Config, cite: pandoc.ArticleCitation | None) -> RenderedBody:
    """Pandoc's rendering of the body, reused when none of its inputs changed; its JATS only
    when the build writes the JATS; "Cite this article" beside it when `cite` asks (a by-product,
    not part of what is kept)."""
    meta = manuscript.metadata
    jats = "jats" in config.formats
    # everything citeproc's work depends on but the body's text
    settings: tuple[str | bytes, ...] = (bibliography.accepted_text,
                json.dumps([e.csl for e in bibliography.entries], sort_keys=True),
                csl.read_bytes(), meta.lang, meta.nocite or "", *typed_keys,
                pandoc.PANDOC_VERSION, pandoc.NARRATIVE_FILTER.read_bytes(),
                numbering.FILTER.read_bytes(), pandoc.REPLAY_FILTER.read_bytes(),
                json.dumps(numbering.words(meta.lang), sort_keys=True),
                f"trusted={config.trusted}")
    key = fingerprint(markdown, str(manuscript.path), str(manuscript.body_line), *settings,
                      f"jats={jats}")

    def render() -> bytes:
        if jats:
            return json.dumps(asdict(render_body(
                manuscript, markdown, bibliography, csl, also_cite=typed_keys,
                timeout=config.timeout, trusted=config.trusted, cite=cite))).encode()
        # the page alone: an edit that cites nothing new reuses citeproc's work on the last text
        kept_key = fingerprint(code_fingerprint(), *settings) if cache.folder else ""
        kept = cache.get("citeproc", kept_key) if kept_key else None
        body, made = render_page_body(
            manuscript, markdown, bibliography, csl, also_cite=typed_keys,
            timeout=config.timeout, trusted=config.trusted, keep=cache.folder is not None,
            kept=Citeproc(**json.loads(kept)) if kept is not None else None, cite=cite)
        if made is not None:
            cache.put("citeproc", kept_key, json.dumps(asdict(made)).encode())
        return json.dumps(asdict(body)).encode()

    stored = cache.remember("body", key, render)
    data = json.loads(stored)
    return RenderedBody(data["html"], tuple(Reference(**r) for r in data["references"]),
                        data["jats"], tuple(data["warnings"]))


def _typeset_formulas(cache: Cache, manuscript: Manuscript, body: RenderedBody) -> RenderedBody:
    """The body with its formulas typeset for print, reused when the body is unchanged."""
    if not formulas.has_formulas(body.html):
        return body
    key = fingerprint(body.html, formulas.renderer_version())
    typeset = cache.remember("math", key, lambda: formulas.typeset_formulas(
        body.html, source=manuscript.path, text=manuscript.text,
        body_start=_offset_of_line(manuscript.text, manuscript.body_line)).encode())
    return replace(body, html=typeset.decode())


def _offset_of_line(text: str, line: int) -> int:
    return sum(len(part) + 1 for part in text.split("\n")[:line - 1])


def _citation_key(manuscript: Manuscript, csl: Path) -> str:
    meta = manuscript.metadata
    return fingerprint(json.dumps(article_csl(meta)), csl.read_bytes(), meta.lang,
                       pandoc.PANDOC_VERSION)


def _render_citation(cache: Cache, key: str, manuscript: Manuscript, csl: Path, config: Config,
                     cite: pandoc.ArticleCitation | None) -> str:
    """"Cite this article" in the style, reused when the metadata and style are unchanged; as
    the body's citeproc run wrote it when `cite` asked it to, else from a run of its own; `key`
    is its cache key (`_citation_key`)."""

    def made() -> bytes:
        if cite is not None and cite.out.is_file():
            return citation_html(cite.out.read_text(encoding="utf-8")).encode()
        return format_citation(manuscript.metadata, csl, source=manuscript.path,
                               timeout=config.timeout).encode()

    return cache.remember("cite", key, made).decode()


def _render_pdf(cache: Cache, page: Path, manuscript: Manuscript, stage: Path,
                stamp: dt.datetime, config: Config) -> dict[str, str]:
    """The PDF of `page` and the fonts it used, reused when the page, its assets, attachments,
    date, WeasyPrint, the system libraries and the machine's fonts are unchanged."""
    from repropub import system
    from repropub.render_pdf import render_pdf
    from repropub.render_pdf import version as render_pdf_version

    attachments = _attachments(stage)
    key = fingerprint(page.read_bytes(), repr(manuscript.metadata), stamp.isoformat(),
                      render_pdf_version(), json.dumps(system.versions(), sort_keys=True),
                      system.font_set(), *_file_bytes(stage / "assets"),
                      *(path.read_bytes() for path, _ in attachments))

    def typeset() -> bytes:
        fonts = render_pdf(page, manuscript.metadata, stage, stamp=stamp,
                           allowed_hosts=config.allowed_hosts, timeout=config.timeout,
                           attachments=attachments, limits=config.limits)
        # one cache entry: the fonts as a line of JSON, then the PDF's bytes
        return json.dumps(fonts).encode() + b"\n" + (stage / NAMES["pdf"]).read_bytes()

    fonts, _, pdf = cache.remember("pdf", key, typeset).partition(b"\n")
    (stage / NAMES["pdf"]).write_bytes(pdf)
    return dict(json.loads(fonts))


def _file_bytes(folder: Path) -> list[bytes]:
    return [p.relative_to(folder).as_posix().encode() + b"\0" + p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()]


def _attachments(stage: Path) -> tuple[tuple[Path, str], ...]:
    described = (("jats", "The article in JATS XML"),
                 ("csljson", "The article's citation, CSL-JSON"))
    return tuple((stage / NAMES[kind], text) for kind, text in described
                 if (stage / NAMES[kind]).exists())


def _remove_page(stage: Path) -> None:
    """The page was needed to typeset the PDF; an HTML-less build does not keep it."""
    (stage / NAMES["html"]).unlink()
    shutil.rmtree(stage / "assets")
