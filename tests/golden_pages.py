"""The printed look, kept as pictures: the pages of three PDFs as small grey PNGs in
`tests/golden/`, and how `test_print_look.py` compares a fresh PDF with them.

The three PDFs are the project's own article in the journal design (two columns) and in the
preprint design (one column), and the `math-article` fixture (formulas, figures, tables, a table
spanning both columns). Run this file only when a change alters the printed look on purpose:

    .venv/bin/python tests/golden_pages.py            # all three
    .venv/bin/python tests/golden_pages.py math       # or only the cases named

It builds the PDFs, writes their pages as `tests/golden/<case>-<page>.png` and removes the
pictures of pages that no longer exist. Look at the new pictures before committing them with the
change; never regenerate them because the test failed on a change that was not meant to show.

The pictures are small on purpose: 50 dpi, sixteen grey levels, about 40 KiB a page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT, Config
from repropub.designs import DESIGNS
from repropub.pipeline import build

GOLDEN = Path(__file__).resolve().parent / "golden"
MATH = Path(__file__).resolve().parent / "fixtures" / "math-article"

DPI = 50
"""Enough to see every line, box and rule move; a text line is about 8 pixels high."""
LEVELS = 16
"""Grey levels kept: a quarter of the size of 256 levels, and the steps (17 apart) are far finer
than the difference the comparison looks for."""
PIXEL_TOLERANCE = 3 * 255 // (LEVELS - 1)
"""A pixel differs when its grey moved by more than three of the sixteen steps: a rasteriser's
anti-aliasing varies by a step or two at the edges of glyphs, a glyph that moved by a third of a
point or more changes its edge pixels by far more."""
PAGE_TOLERANCE = 0.0002
"""A page matches when at most this share of its pixels differ (48 pixels of an A4 page at
50 dpi): shifting one box's text by 0.3 mm changes about 500, reflowing one paragraph thousands."""


@dataclass(frozen=True)
class Case:
    """One PDF whose pages are kept: the article, its bibliography and the design folder."""

    manuscript: Path
    bibliography: Path
    templates: Path


CASES = {
    "journal": Case(DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY, DESIGNS["journal"]),
    "preprint": Case(DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY, DESIGNS["preprint"]),
    "math": Case(MATH / "manuscript.md", MATH / "references.bib", DESIGNS["journal"]),
}


def build_pdf(case: Case, out_dir: Path) -> Path:
    """Build `case` (the PDF only) into `out_dir`; the PDF's path."""
    build(Config(manuscript=case.manuscript, bibliography=case.bibliography,
                 templates=case.templates, out_dir=out_dir, formats=frozenset({"pdf"})))
    return out_dir / "article.pdf"


def pages(pdf: Path) -> list[Image.Image]:
    """Every page of `pdf` as poppler draws it, in grey, reduced to `LEVELS` levels."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf),
                        str(Path(tmp) / "page")], check=True, capture_output=True)
        # pdftoppm pads the page numbers to the width of the last: page-01 sorts before page-10
        return [_quantised(Image.open(path)) for path in sorted(Path(tmp).glob("page-*.png"))]


def _quantised(image: Image.Image) -> Image.Image:
    step = 255 // (LEVELS - 1)
    return image.convert("L").point(lambda grey: round(grey / step) * step)


def golden(case: str) -> list[Path]:
    """The kept pictures of `case`'s pages, in page order."""
    return sorted(GOLDEN.glob(f"{case}-*.png"), key=lambda path: int(path.stem.rsplit("-")[-1]))


def differing_pixels(kept: Image.Image, fresh: Image.Image) -> int:
    """How many pixels of `fresh` differ from `kept` by more than `PIXEL_TOLERANCE`."""
    histogram = ImageChops.difference(kept.convert("L"), fresh.convert("L")).histogram()
    return sum(histogram[PIXEL_TOLERANCE + 1:])


def allowed(image: Image.Image) -> int:
    """The most pixels of a page of this size that may differ (`PAGE_TOLERANCE`)."""
    return int(image.width * image.height * PAGE_TOLERANCE)


def save(image: Image.Image, path: Path) -> None:
    """`image` as a 4-bit grey PNG (a palette of `LEVELS` greys), the smallest PNG of it."""
    step = 255 // (LEVELS - 1)
    indexed = image.point(lambda grey: grey // step).convert("P")
    indexed.putpalette([min(255, (i * step)) for i in range(LEVELS) for _ in range(3)])
    indexed.save(path, optimize=True, bits=4)


def main(argv: list[str]) -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed to draw the pages", file=sys.stderr)
        return 2
    unknown = sorted(set(argv) - set(CASES))
    if unknown:
        print(f"unknown case {unknown[0]!r} (choose from {', '.join(CASES)})", file=sys.stderr)
        return 2
    GOLDEN.mkdir(exist_ok=True)
    for name in argv or CASES:
        case = CASES[name]
        with tempfile.TemporaryDirectory() as tmp:
            drawn = pages(build_pdf(case, Path(tmp) / "out"))
        for stale in golden(name):
            stale.unlink()
        for number, image in enumerate(drawn, start=1):
            save(image, GOLDEN / f"{name}-{number}.png")
        print(f"{name}: {len(drawn)} pages written to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
