"""The PDF of the flagship: pages and their numbers, text, metadata, fonts, the validator."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pikepdf
import pypdf
import pytest
from lxml import html
from pages import Flagship, Run, runs, squash, text_of

from repropub.manuscript import Manuscript
from repropub.render_pdf import WEASYPRINT_VERSION

TITLE = ("Ukraine's Security Architecture After Ceasefire: U.S. Commitments and the Future of "
         "European Defense")
SHORT_TITLE = "Ukraine's Security Architecture After Ceasefire"
JOURNAL = "Sprin Journal of Arts, Humanities and Social Sciences"
DOI = "10.55559/sjahss.v4i9.577"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
FIRST_PAGE = 57


@pytest.fixture(scope="module")
def reader(flagship: Flagship) -> pypdf.PdfReader:
    return pypdf.PdfReader(flagship.pdf_path)


@pytest.fixture(scope="module")
def pdf(flagship: Flagship) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(flagship.pdf_path) as document:
        yield document


@pytest.fixture(scope="module")
def page_runs(reader: pypdf.PdfReader) -> list[list[Run]]:
    return [runs(p) for p in reader.pages]


@pytest.fixture(scope="module")
def text(reader: pypdf.PdfReader) -> str:
    """The whole PDF's text, squashed (no whitespace or hyphens), for finding passages in order."""
    return squash("\n".join(p.extract_text() for p in reader.pages))


def bottom(runs_: list[Run]) -> Run:
    return min(runs_, key=lambda r: r.y)


def top_line(runs_: list[Run]) -> list[str]:
    highest = max(r.y for r in runs_)
    return [r.text for r in sorted(runs_, key=lambda r: r.x) if abs(r.y - highest) < 2]


def test_page_count_is_in_a_sane_range(reader: pypdf.PdfReader) -> None:
    assert 4 <= len(reader.pages) <= 15


def test_every_page_is_a4(reader: pypdf.PdfReader) -> None:
    for p in reader.pages:
        assert (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842)


def test_page_numbers_start_at_the_first_page(page_runs: list[list[Run]]) -> None:
    numbers = [bottom(r).text for r in page_runs]
    assert numbers == [str(FIRST_PAGE + i) for i in range(len(page_runs))]


def test_running_head_has_journal_and_short_title_after_page_one(
        page_runs: list[list[Run]]) -> None:
    for number, runs_ in enumerate(page_runs[1:], start=FIRST_PAGE + 1):
        # the running head is set with a typographic apostrophe, like the title
        assert top_line(runs_) == [JOURNAL, SHORT_TITLE.replace("'", "\u2019")], f"page {number}"


def test_first_page_opens_with_the_masthead_not_a_running_head(
        page_runs: list[list[Run]]) -> None:
    # the masthead: the journal's name at the left, the issue line at the right (wrapped before
    # its DOI), both above the title; no running head
    highest = max(r.y for r in page_runs[0])
    masthead = [r for r in page_runs[0] if highest - r.y < 20]
    left = " ".join(r.text for r in sorted(masthead, key=lambda r: r.x)[:1])
    assert left == JOURNAL
    assert "Vol. 4, Issue 9, pp. 57\u201362" in " ".join(r.text for r in masthead)
    assert SHORT_TITLE.replace("'", "\u2019") not in " ".join(r.text for r in masthead)



def test_corresponding_author_and_licence_sit_at_the_foot_of_page_one(
        reader: pypdf.PdfReader, page_runs: list[list[Run]]) -> None:
    foot = float(reader.pages[0].mediabox.height) / 5
    notes = " ".join(r.text for r in page_runs[0] if r.y < foot)
    assert "*Corresponding author: Mohammed Kabeer Garba, kabirmashi@gmail.com" in notes
    assert f"DOI: https://doi.org/{DOI}" in notes
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in notes
    assert "\u00a9 2025 The Authors." in notes


def test_title_abstract_headings_and_references_in_reading_order(
        text: str, manuscript: Manuscript, page: html.HtmlElement) -> None:
    abstract = manuscript.metadata.abstract
    assert abstract is not None
    passages = [TITLE, "Mohammed Kabeer Garba", abstract[:120]]
    passages += [text_of(h) for h in page.xpath("//div[@class='body']//*[self::h2 or self::h3]")]
    passages += ["References"]
    passages += [text_of(li) for li in page.xpath("//ol[@class='reference-list']/li")]
    position = 0
    for passage in passages:
        found = text.find(squash(passage), position)
        assert found >= 0, f"not found (in order) in the PDF text: {passage!r}"
        position = found


def test_document_info(reader: pypdf.PdfReader, manuscript: Manuscript) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == TITLE
    assert info.author == "Mohammed Kabeer Garba"
    assert info.subject == manuscript.metadata.abstract
    assert info["/Keywords"] == ", ".join(manuscript.metadata.keywords)


def test_xmp_carries_title_creator_and_doi(pdf: pikepdf.Pdf) -> None:
    xmp = pdf.open_metadata()
    assert xmp["dc:title"] == TITLE
    assert xmp["dc:creator"] == ["Mohammed Kabeer Garba"]
    assert xmp["dc:identifier"] == f"doi:{DOI}"
    assert xmp[f"{{{PRISM}}}doi"] == DOI
    assert xmp[f"{{{PRISM}}}url"] == f"https://doi.org/{DOI}"
    assert xmp[f"{{{PRISM}}}startingPage"] == "57"
    assert xmp[f"{{{PRISM}}}endingPage"] == "62"
    assert xmp["xmpRights:WebStatement"] == "https://creativecommons.org/licenses/by/4.0/"


def test_language_is_set(pdf: pikepdf.Pdf) -> None:
    assert str(pdf.Root.Lang) == "en-US"


def _fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    """(BaseFont, the font dictionary holding the FontDescriptor) for every font on a page."""
    for p in pdf.pages:
        for font in (p.Resources.get("/Font") or {}).values():
            if font.Subtype == "/Type0":
                for descendant in font.DescendantFonts:
                    yield str(font.BaseFont), descendant
            else:
                yield str(font.get("/BaseFont", "(Type3)")), font


def test_every_font_is_embedded_and_is_the_journal_type(pdf: pikepdf.Pdf) -> None:
    fonts = list(_fonts(pdf))
    assert fonts
    for name, font in fonts:
        if font.get("/Subtype") == "/Type3":
            continue  # glyphs drawn by content streams: nothing to embed
        descriptor = font.FontDescriptor
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), \
            f"{name} is not embedded"
        family = name.split("+", 1)[-1]
        assert family.startswith(("Source-Serif-4", "Source-Sans-3")), \
            f"{name}: a fallback font was used instead of the journal's"


def _load_pdf_check(validators: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("pdf_check", validators / "pdf" / "pdf_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pdf_validator_finds_no_errors(flagship: Flagship, validators: Path) -> None:
    report: dict[str, Any] = _load_pdf_check(validators).check(str(flagship.pdf_path))
    assert report["errors"] == []
    assert report["warnings"] == []
    assert report["structure"]["ok"]
    assert report["pdfa_claim"] == "PDF/A-3b"
    assert report.get("pdfa_failed_conditions", []) == []
    assert all(f["embedded"] for f in report["fonts"])
    assert report["xmp"]["prism:doi"] == [DOI]
    assert report["lang"] == "en-US"
    assert report["text"]["extractable"]


CHILD_START = """
import subprocess, sys
started = []
spawn = subprocess.Popen.__init__
def counted(self, args, *rest, **options):
    started.append(args)
    spawn(self, args, *rest, **options)
subprocess.Popen.__init__ = counted
import repropub.render_pdf as child
ours = sorted(m for m in sys.modules if m.startswith("repropub") or m in ("lxml", "yaml"))
with child._sonames_first():
    import weasyprint
print(len(started), weasyprint.__version__)
print(" ".join(ours))
"""


def test_typesetting_process_loads_weasyprint_without_starting_processes_or_the_build() -> None:
    """The child loads WeasyPrint's libraries by their sonames (no ldconfig, no compiler run to
    look for the Windows and macOS names first), and none of the build's modules."""
    done = subprocess.run([sys.executable, "-c", CHILD_START], capture_output=True, text=True,
                          check=True)
    started, version = done.stdout.splitlines()[0].split()
    loaded = done.stdout.splitlines()[1].split()
    assert version == WEASYPRINT_VERSION
    if sys.platform == "linux":
        assert started == "0"
    assert loaded == ["repropub", "repropub.errors", "repropub.render_pdf"]


TYPESET = """
import contextlib, json, sys, zlib
from repropub import render_pdf
with render_pdf._sonames_first():
    import weasyprint.layout.block as block
if sys.argv[2] == "alone":
    render_pdf._line_breaks_remembered = contextlib.nullcontext
    render_pdf._first_columns_reused = contextlib.nullcontext
    render_pdf._streams_serialized_once = contextlib.nullcontext
compressobj, compressed, lay_out, columns = zlib.compressobj, [], block.block_box_layout, []
def counted(*args, **kwargs):
    compressed.append(1)
    return compressobj(*args, **kwargs)
def column_counted(context, box, *args, **kwargs):
    columns.extend([box] if box.is_column else [])
    return lay_out(context, box, *args, **kwargs)
zlib.compressobj, block.block_box_layout = counted, column_counted
result = render_pdf._typeset(json.loads(sys.argv[1]))
if isinstance(result, str):
    sys.exit(result)
print(len(compressed), len(columns))
"""


def typeset_both_ways(built: Flagship, folder: Path) -> dict[str, list[int]]:
    """`built`'s page typeset by the child with its shortcuts (``ours``) and without them
    (``alone``, WeasyPrint as it comes) into `folder`; how many zlib streams each compressed
    and how many columns WeasyPrint laid out."""
    attachments = [[str(built.out_dir / name), name] for name in ("article.jats.xml",
                                                                  "article.json")
                   if (built.out_dir / name).is_file()]
    counts = {}
    for how in ("ours", "alone"):
        job = {"page": str(built.html_path), "root": str(built.out_dir),
               "target": str(folder / f"{how}.pdf"), "stamp": "2025-01-01T00:00:00+00:00",
               "attachments": attachments, "allowed_hosts": [], "xmp": "", "memory": 2**33,
               "seconds": 600}
        done = subprocess.run([sys.executable, "-c", TYPESET, json.dumps(job), how],
                              check=True, capture_output=True, text=True)
        counts[how] = [int(n) for n in done.stdout.split()]
    return counts


@pytest.mark.parametrize("article", ["flagship", "math_article"])
def test_the_child_s_shortcuts_give_the_pdf_weasyprint_alone_makes_byte_for_byte(
        article: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """The child keeps each line WeasyPrint broke, to answer the second layout of a page's
    columns without breaking it again, keeps a page's first column from the layout that
    learns whether the page is full, and compresses each stream once: the PDF is the same,
    byte for byte, as WeasyPrint's own (two columns over pages, their last page balanced,
    tables, figures and formulas, attachments)."""
    built: Flagship = request.getfixturevalue(article)
    (compressions, columns) = zip(*typeset_both_ways(built, tmp_path).values(), strict=True)
    with pikepdf.open(tmp_path / "alone.pdf") as alone:
        pages = len(alone.pages)
        assert len(alone.attachments) == 2
        streams = sum(1 for o in alone.objects if isinstance(o, pikepdf.Stream))
    assert pages >= 3
    assert (tmp_path / "ours.pdf").read_bytes() == (tmp_path / "alone.pdf").read_bytes()
    # pydyf alone compresses every stream a second time to hash the file's identifier; ours
    # compresses each stream once, the cross-reference stream (not an object qpdf lists) too
    assert compressions[0] <= streams + 1 < compressions[1]
    # the first column of every page the two columns overflow, but the first (it is not the
    # page's top) and the last (balanced), is laid out once, not twice
    assert columns[0] <= columns[1] - (pages - 2)
