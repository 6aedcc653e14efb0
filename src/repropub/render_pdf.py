"""The one place WeasyPrint runs: the HTML page to a PDF, with its XMP metadata and links.

Takes the written HTML page (its print stylesheet does the journal layout) and the metadata,
and writes `article.pdf` beside it. WeasyPrint may read only files inside the output folder;
a stylesheet, font or image it cannot load stops the build instead of leaving a silent blank.
WeasyPrint writes a tagged PDF/A-3b with the document info (title, authors, keywords, subject,
language) from the page's <head>; its XMP packet gains Dublin Core and PRISM with the DOI
(`repropub.xmp`), and its links are confined to the web and the output folder
(`repropub.pdf_links`), both while WeasyPrint writes it: the PDF is written once and never
opened again to be rewritten.

WeasyPrint runs in a child process (``python -m repropub.render_pdf``) with its address space
capped (``--limit pdf-memory-bytes``) and killed at the deadline (``--timeout``): a pathological
stylesheet or table can then stop only that process, never take the machine or the build's own
process down, and the build's process never imports WeasyPrint at all. The child needs only
this module, `repropub.errors` and `repropub.pdf_links` (the build's process makes the XMP's
descriptions with `repropub.xmp` and hands them over), and it loads WeasyPrint's libraries as
`_sonames_first` explains.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import unquote, urlsplit

from repropub.errors import ToolError

if TYPE_CHECKING:
    from repropub.limits import Limits
    from repropub.metadata import ArticleMetadata

WEASYPRINT_VERSION = "70.0"
PYDYF_VERSION = "0.13.0"
"""The version of pydyf (WeasyPrint's PDF writer) `_streams_serialized_once` reaches into."""
PDF_VARIANT = "pdf/a-3b"
"""Archival PDF: PDF/A-3 level B, which also allows the source files to travel inside."""

LINE_BREAKS_KEPT = 4096
"""Lines remembered at once (`_line_breaks_remembered`): the two layouts of a page's columns
are a few hundred lines apart, far fewer than this."""

OUT_OF_MEMORY = 3
"""The child's exit code when WeasyPrint ran into the memory cap."""


class _Job(TypedDict):
    """What the child process is given, as JSON on its standard input."""

    page: str
    root: str
    target: str
    stamp: str
    attachments: list[tuple[str, str]]
    allowed_hosts: list[str]
    xmp: str
    """The ``rdf:Description`` elements to add to WeasyPrint's XMP packet (`repropub.xmp`)."""
    memory: int
    seconds: int


def version() -> str:
    """The WeasyPrint the PDF is made with (read without importing it: that is slow)."""
    from importlib.metadata import version as installed

    return installed("weasyprint")


def render_pdf(page: Path, metadata: ArticleMetadata, out_dir: Path, *, stamp: dt.datetime,
               timeout: float, attachments: tuple[tuple[Path, str], ...] = (),
               allowed_hosts: frozenset[str] = frozenset(),
               limits: Limits | None = None) -> dict[str, str]:
    """Render `page` to `out_dir/article.pdf` (PDF/A-3b, tagged); give the fonts it used.

    The answer maps each font (``Source Serif 4 400 normal``) to the SHA-256 of the font file
    Pango chose for it: a template font, or a system font fontconfig fell back on.

    `attachments` are (file, description) pairs embedded as PDF/A-3 associated files with the
    relationship "Source" (the JATS and CSL-JSON the PDF was made from). `stamp` dates them,
    so that the same sources give the same bytes. `allowed_hosts` may serve http(s) images.
    `limits` caps the child's memory (the default limits when None).
    """
    from repropub.limits import DEFAULT_LIMITS
    from repropub.outputs import NAMES
    from repropub.xmp import xmp_descriptions

    limits = DEFAULT_LIMITS if limits is None else limits
    target = out_dir / NAMES["pdf"]
    job = _Job(page=str(page.resolve()), root=str(out_dir.resolve()),
               target=str(target.resolve()), stamp=stamp.isoformat(),
               attachments=[(str(path.resolve()), text) for path, text in attachments],
               allowed_hosts=sorted(allowed_hosts),
               xmp=xmp_descriptions(metadata).decode("utf-8"), memory=limits.pdf_memory_bytes,
               seconds=math.ceil(timeout) + 1)
    try:
        done = subprocess.run([sys.executable, "-m", "repropub.render_pdf"],
                              input=json.dumps(job), capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ToolError(f"{page.name}: error: WeasyPrint did not finish within {timeout:g} s "
                        "typesetting the PDF (raise the limit with --timeout)") from None
    if done.returncode == OUT_OF_MEMORY or done.returncode < 0:
        # under the cap, Python raises MemoryError, but a C library that cannot allocate (GLib
        # starting a thread, a shared object that cannot be mapped) aborts the process instead
        how = (f" (stopped by {signal.Signals(-done.returncode).name})"
               if done.returncode < 0 else "")
        raise limits.exceeded("pdf_memory_bytes", page.name,
                              f"WeasyPrint needed more memory to lay the page out{how}")
    if done.returncode != 0:
        lines = done.stdout.strip().splitlines() or done.stderr.strip().splitlines() or [
            f"stopped with exit code {done.returncode}"]
        raise ToolError(f"{page.name}: {lines[-1]}")
    fonts: dict[str, str] = json.loads(done.stdout)
    return dict(sorted(fonts.items()))


def _typeset(job: _Job) -> dict[str, str] | str:
    """The child's work: WeasyPrint's layout and PDF and the fonts it used, or what went
    wrong, in one line."""
    with _sonames_first():
        import weasyprint

    from repropub.pdf_links import confine_links

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        return (f"WeasyPrint {weasyprint.__version__} is installed, but the outputs are "
                f"pinned to {WEASYPRINT_VERSION}: reinstall with `pip install -e .`")
    page = Path(job["page"])
    fetcher = ConfinedFetcher(Path(job["root"]), frozenset(job["allowed_hosts"]))
    when = dt.datetime.fromisoformat(job["stamp"]).astimezone(dt.UTC).replace(tzinfo=None)
    with _captured_warnings() as problems:
        try:
            # the page's soft hyphens serve browsers without a hyphenation dictionary;
            # WeasyPrint hyphenates by the page's language itself, and a soft hyphen in a
            # paragraph loses its ligatures' text ("first" extracts as "rst")
            source = page.read_text(encoding="utf-8").replace("\u00ad", "")
            with _line_breaks_remembered(), _first_columns_reused():
                document = weasyprint.HTML(string=source, base_url=str(page),
                                           url_fetcher=fetcher).render(pdf_tags=True)
            _extend_xmp(document.metadata, job["xmp"].encode("utf-8"))
            files = [weasyprint.Attachment(filename=path, url_fetcher=fetcher,
                                           description=description, relationship="Source",
                                           created=when, modified=when)
                     for path, description in job["attachments"]]
            with _streams_serialized_once():
                document.write_pdf(job["target"], pdf_variant=PDF_VARIANT, pdf_tags=True,
                                   attachments=files,
                                   finisher=lambda _, pdf: confine_links(pdf,
                                                                         Path(job["root"])))
            fonts = {f"{f.family} {f.weight} {('normal', 'oblique', 'italic')[f.style]}":
                     hashlib.sha256(f.file_content).hexdigest()
                     for f in document.fonts.values()}
        except weasyprint.urls.FatalURLFetchingError as exc:
            return str(exc)
        except RecursionError:
            return "the document is nested too deeply to lay out"
        except ToolError as exc:
            return str(exc)
    if problems:
        return f"WeasyPrint could not render it faithfully: {problems[0]}"
    return fonts


@contextmanager
def _line_breaks_remembered() -> Iterator[None]:
    """While WeasyPrint lays the document out: a line it broke once is not broken again.

    WeasyPrint lays each page's columns out twice, once to learn whether the content fills the
    page and once for good, and the last page of a column container a few more times to balance
    it; each time Pango breaks every line again, hyphenation tried word by word, though the same
    text at the same width in the same style breaks the same way. Its line breaker
    (``split_first_line``, as the inline layout calls it) depends on nothing but its arguments,
    so its answer is kept, keyed by the text, the style object (kept alive beside the answer,
    so that its id is not reused), the width and the flags, and each caller gets its own copy
    of the Layout (one drawn with an ellipsis changes its text). The PDF is the same, byte for
    byte (tests/test_render_pdf.py); this reaches inside WeasyPrint, whose version is pinned
    (`WEASYPRINT_VERSION`).
    """
    import copy
    from collections import OrderedDict

    import weasyprint.layout.inline as inline

    breaker = inline.split_first_line
    kept: OrderedDict[tuple[object, ...], tuple[object, tuple[Any, ...]]] = OrderedDict()

    def split_first_line(text: str, style: Any, context: Any, max_width: float | None,
                         justification_spacing: float, is_line_start: bool = True,
                         minimum: bool = False) -> tuple[Any, ...]:
        key = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
        found = kept.get(key)
        if found is None or found[0] is not style:
            found = (style, breaker(text, style, context, max_width, justification_spacing,
                                    is_line_start, minimum))
            kept[key] = found
            if len(kept) > LINE_BREAKS_KEPT:
                kept.popitem(last=False)
        else:
            kept.move_to_end(key)
        layout, *rest = found[1]
        return (copy.copy(layout), *rest)

    inline.split_first_line = split_first_line
    try:
        yield
    finally:
        inline.split_first_line = breaker


@contextmanager
def _first_columns_reused() -> Iterator[None]:
    """While WeasyPrint lays the document out: a page's first column, laid out to learn
    whether the content fills the page, is not laid out again to be kept.

    For every page of a multi-column box, WeasyPrint's ``columns_layout`` lays the columns
    out to find their height (its trial passes), throws them away, and lays them out again at
    their places (its final pass). The first column's final call is the trial's call over
    again whenever the page's content overflows (both at the full height) or the last
    balancing pass and the final agree on whether the page is empty: the same column (the same
    children, style, place and width), the same room, where to resume, the same containing
    block. Its answer is then the same, provided the layout found the context as the trial
    did and the trial left it as it found it: the floats to avoid, the page's bottom, the
    footnotes, the boxes broken over pages, the running elements and the tables laid out
    (`_context_state`), and no positioned box was found. Only then the trial's column is
    handed to the final pass; in every other case (right-to-left columns, floats, footnotes,
    a table laid out first, page-empty that differs) the final pass lays it out as before.
    The PDF is the same, byte for byte (tests/test_render_pdf.py). Upstream, the trial loop
    would keep its last pass's columns when they are the final ones. Pinned with
    `WEASYPRINT_VERSION`.
    """
    import weasyprint.layout.block as block

    lay_out = block.block_box_layout
    columns = block.columns_layout
    # one memory per columns_layout call (they nest: a column container inside a column)
    trials: list[list[tuple[tuple[Any, ...], tuple[Any, ...], Any]]] = []

    def block_box_layout(context: Any, box: Any, bottom_space: float, skip_stack: Any,
                         containing_block: Any, page_is_empty: bool, absolute_boxes: list[Any],
                         fixed_boxes: list[Any], adjoining_margins: list[Any] | None,
                         *rest: Any, **options: Any) -> Any:
        if not (box.is_column and trials) or bottom_space == math.inf:
            # not a column, or the trial's look at the next column's first box
            return lay_out(context, box, bottom_space, skip_stack, containing_block,
                           page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins,
                           *rest, **options)
        call = (box.children, box.style, containing_block,
                (box.position_x, box.position_y, box.width, box.margin_top, box.padding_top,
                 box.border_top_width, box.margin_bottom, box.padding_bottom,
                 box.border_bottom_width, bottom_space, _frozen(skip_stack), page_is_empty,
                 rest, sorted(options.items())))
        state = _context_state(context)
        if adjoining_margins is None:  # the final pass: the trial's column, if it is the same
            for i, (trial_call, trial_state, result) in enumerate(trials[-1]):
                if trial_state == state and _same(trial_call, call):
                    del trials[-1][i]
                    return result
        result = lay_out(context, box, bottom_space, skip_stack, containing_block,
                         page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins,
                         *rest, **options)
        if (adjoining_margins is not None and not absolute_boxes and not fixed_boxes
                and _context_state(context) == state):
            trials[-1].append((call, state, result))
        return result

    def columns_layout(*args: Any, **kwargs: Any) -> Any:
        trials.append([])
        try:
            return columns(*args, **kwargs)
        finally:
            trials.pop()

    block.block_box_layout = block_box_layout
    block.columns_layout = columns_layout
    try:
        yield
    finally:
        block.block_box_layout = lay_out
        block.columns_layout = columns


def _context_state(context: Any) -> tuple[Any, ...]:
    """What of WeasyPrint's layout context a column's layout reads or changes. Boxes compare
    by identity (they define no ``==``) and are held here, so that none is mistaken for a new
    one made at the same address."""
    return (tuple(context.excluded_shapes), tuple(context._excluded_shapes_root_boxes),
            context.page_bottom, tuple(context.footnotes), tuple(context.current_page_footnotes),
            tuple(context.reported_footnotes), context.current_footnote_area.height,
            tuple(context.broken_out_of_flow),
            tuple((name, page, tuple(boxes)) for name, pages in context.running_elements.items()
                  for page, boxes in pages.items()),
            tuple(context.tables), context.in_column, context.current_page, context.forced_break)


def _frozen(skip_stack: Any) -> Any:
    """A skip stack (nested dicts of child indexes) as something `==` compares by value."""
    if isinstance(skip_stack, dict):
        return tuple(sorted((key, _frozen(value)) for key, value in skip_stack.items()))
    return skip_stack


def _same(trial: tuple[Any, ...], final: tuple[Any, ...]) -> bool:
    """Whether two column layouts' arguments are the same: the children, the style and the
    containing block by identity, the rest by value."""
    children, style, containing_block, values = trial
    return (len(children) == len(final[0])
            and all(a is b for a, b in zip(children, final[0], strict=True))
            and style is final[1] and containing_block is final[2] and values == final[3])


@contextmanager
def _streams_serialized_once() -> Iterator[None]:
    """While WeasyPrint writes the PDF: each stream is serialized and compressed once.

    pydyf writes every object, then, for the file identifier PDF/A asks for, serializes every
    object again to hash it; a stream's ``data`` joins its operators and compresses them at
    zlib level 9 each time it is read, so every page, font and attachment was compressed twice
    (a tenth of the PDF's writing on a long article). Nothing changes an object once
    ``PDF.write`` has begun (the finisher runs before it), so within one write a stream's bytes
    are read the second time from what the first time made: the PDF is the same, byte for byte
    (tests/test_render_pdf.py). Upstream, ``PDF.write`` would keep the bytes it wrote for the
    hash. Only the pinned pydyf (`PYDYF_VERSION`) is touched; another one is left alone.
    """
    import pydyf

    if pydyf.__version__ != PYDYF_VERSION:
        yield
        return
    serialize = pydyf.Stream.data
    write = pydyf.PDF.write
    # keyed by id: the stream is kept beside its bytes, so that its id is not reused meanwhile
    made: dict[int, tuple[object, bytes]] = {}

    def data(stream: Any) -> bytes:
        found = made.get(id(stream))
        if found is None or found[0] is not stream:
            found = made[id(stream)] = (stream, serialize.fget(stream))
        return found[1]

    def write_once(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        pydyf.Stream.data = property(data)
        try:
            return write(pdf, *args, **kwargs)
        finally:
            pydyf.Stream.data = serialize
            made.clear()

    pydyf.PDF.write = write_once
    try:
        yield
    finally:
        pydyf.PDF.write = write


def _extend_xmp(metadata: Any, descriptions: bytes) -> None:
    """WeasyPrint's XMP packet with `descriptions` inside its ``rdf:RDF``, where XMP readers
    and PDF/A validators look (its ``xmp_metadata`` list would place them outside it).

    `metadata` is the document's ``DocumentMetadata``; WeasyPrint calls its
    ``generate_rdf_metadata`` when it writes the packet, the documented place to extend it.
    """
    weasyprints = metadata.generate_rdf_metadata

    def extended(*args: object) -> bytes:
        rdf: bytes = weasyprints(*args)
        if rdf.count(b"</rdf:RDF>") != 1:
            raise ToolError("WeasyPrint wrote no XMP packet to extend")
        return rdf.replace(b"</rdf:RDF>", descriptions + b"</rdf:RDF>")

    metadata.generate_rdf_metadata = extended


@contextmanager
def _sonames_first() -> Iterator[None]:
    """While WeasyPrint loads its libraries: on Linux, a library name that `dlopen` cannot open
    is not searched for any further.

    WeasyPrint asks for each of its seven libraries (GObject, Pango, HarfBuzz, fontconfig...) by
    its Windows and macOS names before its Linux soname (``libpango-1.0.so.0``). cffi hands
    every name `dlopen` refuses to `ctypes.util.find_library`, which on Linux starts ldconfig,
    the C compiler and the linker to look for it: some 50 processes, 0.06 s of CPU and up to
    half a second on a busy machine, all to find the soname that is tried next anyway and that
    `dlopen` opens by itself. Elsewhere those first names are the right ones: left alone.
    """
    if sys.platform != "linux":
        yield
        return
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def _child() -> int:
    """``python -m repropub.render_pdf``: one job as JSON on stdin, the cap set before
    WeasyPrint is imported; the fonts used as JSON on stdout, or a problem in one line."""
    job: _Job = json.loads(sys.stdin.read())
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (job["memory"], job["memory"]))
        # CPU time never outruns the wall clock, so this cap only ever stops a child whose
        # build was killed before it could enforce the deadline (an orphan left typesetting)
        resource.setrlimit(resource.RLIMIT_CPU, (job["seconds"], job["seconds"]))
    except (ImportError, ValueError, OSError):  # no such limit on this system: the cap is off
        pass
    try:
        result = _typeset(job)
    except MemoryError:
        return OUT_OF_MEMORY
    except ImportError as exc:  # "failed to map segment from shared object": the cap again
        if "failed to map" in str(exc):
            return OUT_OF_MEMORY
        raise
    if isinstance(result, str):
        print(result)
        return 1
    print(json.dumps(result))
    return 0


def ConfinedFetcher(root: Path, allowed_hosts: frozenset[str] = frozenset()) -> object:
    """A WeasyPrint URL fetcher that serves `data:` URLs, files inside `root` and http(s) URLs
    of `allowed_hosts`, nothing else (WeasyPrint's own would open any file:// path, ../
    escapes, loopback URLs, and embed a file named by <link rel=attachment>)."""
    import weasyprint.urls as urls

    root = root.resolve()

    class Fetcher(urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> object:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme in ("http", "https") and (parts.hostname or "") in allowed_hosts:
                return super().fetch(url, headers)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
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


if __name__ == "__main__":
    sys.exit(_child())
