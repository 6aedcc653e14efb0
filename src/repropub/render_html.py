"""Rendering the HTML page: the journal template filled from the metadata and the rendered body.

Takes the `ArticleMetadata`, the `RenderedBody` and the formatted "Cite this article" text, and
writes `article.html` plus its assets (CSS, fonts) into the output folder. The template sees one
typed `Page`; asking it for a field the metadata lacks stops the build with the field's name
(jinja2's StrictUndefined).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup

from repropub import __version__, designs
from repropub.body import Reference, RenderedBody
from repropub.config import Config
from repropub.errors import TemplateError
from repropub.metadata import ArticleMetadata
from repropub.outputs import NAMES
from repropub.stylesheets import check_design
from repropub.typography import curly_quotes, hyphenate

TEMPLATE = "article.html.j2"
ASSETS = ("article.css", "print.css", "fonts")
DOWNLOADS = (("pdf", "PDF"), ("bibtex", "BibTeX"), ("ris", "RIS"), ("csljson", "CSL-JSON"),
             ("jats", "JATS XML"))


@dataclass(frozen=True)
class Page:
    """Everything the journal template may use."""

    meta: ArticleMetadata
    body: Markup
    references: tuple[Reference, ...]
    numeric_references: bool
    """The style labels its entries ([1], 1.): the label sits inline, before the entry."""
    cite_as: Markup
    pdf_url: str
    downloads: tuple[tuple[str, str], ...]
    """(label, file name) of every file the build writes beside the page, for download links."""
    head_tags: tuple[tuple[str, str, str], ...]
    """(attribute, name, content) for every <meta> tag: Highwire, Dublin Core, Open Graph."""
    json_ld: Markup
    generator: str
    stamp: str
    """The build's source date, W3C format; the PDF's creation and modification date."""


def render_html(metadata: ArticleMetadata, body: RenderedBody, cite_as: str, config: Config,
                out_dir: Path, written: frozenset[str], stamp: dt.datetime) -> Path:
    """Write the page and its assets into `out_dir`; return the page's path.

    `written` names the other outputs of this build (``pdf``, ``bibtex``, ...), which the page
    offers for download; `stamp` is the build's source date (see `repropub.sourcedate`).
    """
    pdf_url = f"{metadata.url.rstrip('/')}/{NAMES['pdf']}" if metadata.url else NAMES["pdf"]
    page = Page(
        meta=metadata,
        body=Markup(body.html),
        references=body.references,
        numeric_references=any('class="csl-left-margin"' in ref.html for ref in body.references),
        cite_as=Markup(cite_as),
        pdf_url=pdf_url,
        downloads=tuple((label, NAMES[kind]) for kind, label in DOWNLOADS if kind in written),
        head_tags=head_tags(metadata, body.references, pdf_url if "pdf" in written else None),
        json_ld=Markup(_script_safe(json.dumps(json_ld(metadata, body.references),
                                               ensure_ascii=False, indent=2))),
        generator=f"repropub {__version__}",
        stamp=stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    target = out_dir / NAMES["html"]
    target.write_text(render_template(_template(config.templates), page), encoding="utf-8")
    _copy_assets(config.templates, out_dir / "assets", config.allowed_hosts)
    return target


def _template(folder: Path) -> jinja2.Template:
    folders = designs.chain(folder)
    # a template added, removed or edited in any of the design's folders is another key
    files = tuple((str(p), p.stat().st_mtime_ns) for f in folders for p in sorted(f.rglob("*.j2")))
    env = _environment(tuple(str(f) for f in folders), files)
    try:
        return env.get_template(TEMPLATE)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"{folder / TEMPLATE}: journal template not found") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename}:{exc.lineno}: template error: {exc.message}") from None


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[str, ...], files: tuple[tuple[str, int], ...]
                 ) -> jinja2.Environment:
    """One environment per design and state of its templates (`files`: path, modification
    time): a process that renders the page again (the live preview) compiles the template
    once, and again only when a template changes."""
    del files  # part of the cache's key only
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(folders)),
        autoescape=True,  # select_autoescape() would miss *.html.j2
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # the optimizer folds constant expressions at compile time, where this page has
        # almost none: a quarter of the compile (every build compiles the page once) for
        # nothing at render time
        optimized=False,
    )
    env.filters["isodate"] = lambda d: d.isoformat() if d else ""
    env.filters["longdate"] = lambda d: f"{d.day} {d:%B %Y}" if d else ""
    env.filters["typographic"] = curly_quotes
    env.filters["hyphenate"] = hyphenate
    return env


def render_template(template: jinja2.Template, page: Page) -> str:
    try:
        return template.render(page=page)
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{template.filename}: the template asks for {exc.message}; "
                            "add it to the manuscript's front matter") from None


def _copy_assets(folder: Path, target: Path, allowed_hosts: frozenset[str]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    sources = {name: designs.find(folder, name) for name in ASSETS}
    for name, source in sources.items():
        if source is None:
            raise TemplateError(f"{folder / name}: journal asset not found")
    # a stylesheet that loads from outside the output folder is refused before anything is copied
    assets = tuple((source, PurePosixPath("assets", name)) for name, source in sources.items()
                   if source is not None)
    _check_design(assets, allowed_hosts, tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for source, _ in assets for p in sorted(source.rglob("*.css") if source.is_dir()
                                                 else [source])))
    for name, source in sources.items():
        assert source is not None
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copyfile(source, target / name)


@functools.lru_cache(maxsize=8)
def _check_design(assets: tuple[tuple[Path, PurePosixPath], ...], allowed_hosts: frozenset[str],
                  sheets: tuple[tuple[str, int, int], ...]) -> None:
    """`check_design`, once per state of the stylesheets (`sheets`: path, modification time,
    size): a process that renders the page again (the live preview) reads them again only
    when one changes. A refusal is an exception, which is never cached."""
    del sheets  # part of the cache's key only
    check_design(assets, allowed_hosts)


def _script_safe(text: str) -> str:
    """JSON inside <script> must neither close the element (``</script>``) nor open a comment
    that keeps the next ``</script>`` from closing it (``<!--<script>``): every ``<`` is
    written as its JSON escape, which can only occur inside a string."""
    return text.replace("<", "\\u003c")


def head_tags(meta: ArticleMetadata, references: tuple[Reference, ...],
              pdf_url: str | None) -> tuple[tuple[str, str, str], ...]:
    """The <meta> tags indexers read: Google Scholar (Highwire Press), Dublin Core, Open Graph."""
    tags: list[tuple[str, str, str]] = []

    def add(attr: str, name: str, value: object) -> None:
        if value not in (None, ""):
            tags.append((attr, name, str(value)))

    published = meta.history.published
    journal = meta.journal
    # Google Scholar
    add("name", "citation_title", meta.title)
    for author in meta.authors:
        add("name", "citation_author", f"{author.family}, {author.given}".strip(", "))
        for aff in author.affiliations:
            add("name", "citation_author_institution", aff.display)
        add("name", "citation_author_email", author.email)
        add("name", "citation_author_orcid", author.orcid and f"https://orcid.org/{author.orcid}")
    add("name", "citation_publication_date", published and f"{published:%Y/%m/%d}")
    add("name", "citation_journal_title", journal and journal.title)
    add("name", "citation_journal_abbrev", journal and journal.abbreviation)
    add("name", "citation_issn", journal and (journal.issn or journal.eissn))
    add("name", "citation_publisher", journal and journal.publisher)
    add("name", "citation_volume", meta.volume)
    add("name", "citation_issue", meta.issue)
    add("name", "citation_firstpage", meta.first_page)
    add("name", "citation_lastpage", meta.last_page)
    add("name", "citation_doi", meta.doi)
    add("name", "citation_language", meta.lang.split("-")[0])
    add("name", "citation_keywords", "; ".join(meta.keywords))
    add("name", "citation_pdf_url", pdf_url)
    add("name", "citation_abstract_html_url", meta.url)
    for ref in references:
        add("name", "citation_reference", ref.text)
    # Dublin Core
    add("name", "DC.title", meta.title)
    for author in meta.authors:
        add("name", "DC.creator", f"{author.family}, {author.given}".strip(", "))
    add("name", "DC.date", published and published.isoformat())
    add("name", "DC.identifier", meta.doi and f"doi:{meta.doi}")
    add("name", "DC.publisher", journal and journal.publisher)
    add("name", "DC.language", meta.lang)
    add("name", "DC.rights", meta.license and meta.license.url)
    for keyword in meta.keywords:
        add("name", "DC.subject", keyword)
    add("name", "DC.description", meta.abstract)
    add("name", "DC.type", "Text")
    add("name", "DC.source", journal and _source(meta))
    # Open Graph
    add("property", "og:type", "article")
    add("property", "og:title", meta.title)
    add("property", "og:description", meta.abstract)
    add("property", "og:url", meta.url or meta.doi_url)
    add("property", "og:site_name", journal and journal.title)
    add("property", "og:locale", meta.lang.replace("-", "_"))
    add("property", "article:published_time", published and published.isoformat())
    for author in meta.authors:
        add("property", "article:author", author.name)
    for keyword in meta.keywords:
        add("property", "article:tag", keyword)
    return tuple(tags)


def _source(meta: ArticleMetadata) -> str:
    assert meta.journal is not None
    parts = [meta.journal.title]
    if meta.volume:
        parts.append(f"{meta.volume}({meta.issue})" if meta.issue else meta.volume)
    if meta.pages:
        parts.append(meta.pages)
    return ", ".join(parts)


def json_ld(meta: ArticleMetadata, references: tuple[Reference, ...]) -> dict[str, Any]:
    """schema.org ScholarlyArticle, nested in its issue, volume and journal."""
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": meta.title,
        "name": meta.title,
        "inLanguage": meta.lang,
        "author": [_person(a) for a in meta.authors],
    }
    optional: dict[str, Any] = {
        "@id": meta.doi_url,
        "identifier": meta.doi and {"@type": "PropertyValue", "propertyID": "DOI",
                                    "value": meta.doi},
        "sameAs": meta.doi_url,
        "url": meta.url or meta.doi_url,
        "datePublished": meta.history.published and meta.history.published.isoformat(),
        "abstract": meta.abstract,
        "keywords": list(meta.keywords) or None,
        "pageStart": meta.first_page,
        "pageEnd": meta.last_page,
        "pagination": meta.pages,
        "license": meta.license and meta.license.url,
        "copyrightYear": meta.copyright_year,
        "copyrightHolder": meta.copyright_holder,
        "genre": meta.article_type,
        "isPartOf": _issue(meta),
        "publisher": meta.journal and meta.journal.publisher and {
            "@type": "Organization", "name": meta.journal.publisher},
        "citation": [{"@type": "CreativeWork", "name": ref.text} for ref in references] or None,
    }
    article.update({k: v for k, v in optional.items() if v})
    return article


def _person(author: Any) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": author.name,
                              "givenName": author.given, "familyName": author.family}
    if author.affiliations:
        person["affiliation"] = [{"@type": "Organization", "name": a.display}
                                 for a in author.affiliations]
    if author.email:
        person["email"] = author.email
    if author.orcid:
        person["@id"] = f"https://orcid.org/{author.orcid}"
    return person


def _issue(meta: ArticleMetadata) -> dict[str, Any] | None:
    if meta.journal is None:
        return None
    node: dict[str, Any] = {"@type": "Periodical", "name": meta.journal.title}
    if meta.journal.issn:
        node["issn"] = meta.journal.issn
    if meta.volume:
        node = {"@type": "PublicationVolume", "volumeNumber": meta.volume, "isPartOf": node}
    if meta.issue:
        node = {"@type": "PublicationIssue", "issueNumber": meta.issue, "isPartOf": node}
    return node
