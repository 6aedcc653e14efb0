"""The one place WeasyPrint runs: the HTML page to a PDF, then the PDF's XMP metadata.

Takes the written HTML page (its print stylesheet does the journal layout) and the metadata,
and writes `article.pdf` beside it. WeasyPrint may read only files inside the output folder;
a stylesheet, font or image it cannot load stops the build instead of leaving a silent blank.
WeasyPrint writes the document info (title, authors, keywords, subject, language) from the
page's <head>; pikepdf then adds XMP: Dublin Core and PRISM with the DOI.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from urllib.parse import unquote, urlsplit

from repropub.errors import ToolError
from repropub.metadata import ArticleMetadata
from repropub.render_html import PDF_NAME

WEASYPRINT_VERSION = "70.0"


def render_pdf(page: Path, metadata: ArticleMetadata, out_dir: Path, *, timeout: float) -> Path:
    """Render `page` to `out_dir/article.pdf` and return its path."""
    import weasyprint

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise ToolError(f"WeasyPrint {weasyprint.__version__} is installed, but the outputs are "
                        f"pinned to {WEASYPRINT_VERSION}: reinstall with `pip install -e .`")
    target = out_dir / PDF_NAME
    fetcher = ConfinedFetcher(out_dir)
    with _captured_warnings() as problems, _deadline(timeout):
        try:
            document = weasyprint.HTML(filename=page, url_fetcher=fetcher).render()
            document.write_pdf(target)
        except weasyprint.urls.FatalURLFetchingError as exc:
            raise ToolError(f"{page}: {exc}") from None
        except RecursionError:
            raise ToolError(f"{page}: the document is nested too deeply to lay out") from None
    if problems:
        raise ToolError(f"{page}: WeasyPrint could not render it faithfully: {problems[0]}")
    write_xmp(target, metadata)
    return target


def ConfinedFetcher(root: Path) -> object:  # noqa: N802 - a factory standing in for a class
    """A WeasyPrint URL fetcher that serves `data:` URLs and files inside `root`, nothing else."""
    import weasyprint.urls as urls

    root = root.resolve()

    class Fetcher(urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> object:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme != "file":
                raise urls.FatalURLFetchingError(
                    f"refusing to load {url}: only files inside the output folder are used")
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(root):
                raise urls.FatalURLFetchingError(
                    f"refusing to load {path}: it is outside the output folder")
            if not path.is_file():
                raise urls.FatalURLFetchingError(f"missing file {path.relative_to(root)}")
            return urls.URLFetcherResponse(url, path.read_bytes(),
                                           {"Content-Type": _mime(path)})

    return Fetcher()


def _mime(path: Path) -> str:
    return {".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff",
            ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
            ".jpeg": "image/jpeg", ".html": "text/html"}.get(path.suffix.lower(),
                                                            "application/octet-stream")


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """WeasyPrint logs what it skips (unknown CSS, unloadable resources); collect it."""
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                problems.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect()
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    try:
        yield problems
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop a layout that runs past `seconds` (main thread only; elsewhere no limit applies)."""
    def expire(signum: int, frame: FrameType | None) -> None:
        raise ToolError(f"WeasyPrint did not finish within {seconds:g} s "
                        "(raise the limit with --timeout)")

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not in the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def write_xmp(pdf: Path, meta: ArticleMetadata) -> None:
    """Add XMP (Dublin Core, PRISM) with the DOI to the PDF, in place."""
    import pikepdf

    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:title"] = meta.title
            xmp["dc:creator"] = [a.name for a in meta.authors]
            xmp["dc:language"] = [meta.lang]
            if meta.abstract:
                xmp["dc:description"] = meta.abstract
            if meta.keywords:
                xmp["dc:subject"] = list(meta.keywords)
                xmp["pdf:Keywords"] = ", ".join(meta.keywords)
            if meta.license:
                xmp["dc:rights"] = meta.license.name + " " + meta.license.url
                xmp["xmpRights:WebStatement"] = meta.license.url
                xmp["xmpRights:Marked"] = "True"
            if meta.doi:
                xmp["dc:identifier"] = f"doi:{meta.doi}"
                xmp["prism2:doi"] = meta.doi
                xmp["prism2:url"] = meta.doi_url
            if meta.journal:
                xmp["prism2:publicationName"] = meta.journal.title
                if meta.journal.issn:
                    xmp["prism2:issn"] = meta.journal.issn
            for key, value in (("prism2:volume", meta.volume), ("prism2:number", meta.issue),
                               ("prism2:startingPage", meta.first_page),
                               ("prism2:endingPage", meta.last_page)):
                if value:
                    xmp[key] = value
            if meta.history.published:
                xmp["prism2:publicationDate"] = meta.history.published.isoformat()
        doc.save(pdf, deterministic_id=True)
