"""Reading the built outputs as a reader sees them: the HTML parsed, the PDF's text by position."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdf
from lxml import html

from repropub.pipeline import BuildResult


def parse_html(path: Path) -> html.HtmlElement:
    """The page as lxml sees it (the root `<html>` element)."""
    return html.document_fromstring(path.read_bytes())


def text_of(element: html.HtmlElement) -> str:
    """What a reader sees in `element`: its text with whitespace collapsed."""
    return " ".join(element.text_content().split())


@dataclass(frozen=True)
class Run:
    """One piece of text on a PDF page, with the baseline position of its start (points)."""

    x: float
    y: float
    text: str


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """Two PDF matrices [a b c d e f], composed (a applied first)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def runs(page: pypdf.PageObject) -> list[Run]:
    """Every non-blank text run of `page`, with its position (origin bottom left)."""
    found: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            matrix = _multiply(list(map(float, tm)), list(map(float, cm)))
            found.append(Run(matrix[4], matrix[5], " ".join(text.split())))

    page.extract_text(visitor_text=visit)
    return found


def squash(text: str) -> str:
    """Text compared across line breaks and hyphenation: no whitespace, hyphens or curly quotes."""
    for dash in ("-", "\u2010", "\u00ad"):
        text = text.replace(dash, "")
    return "".join(text.replace("\u2019", "'").split())


@dataclass(frozen=True)
class Flagship:
    """The flagship article as `repropub.pipeline.build` wrote it with the default config."""

    result: BuildResult
    out_dir: Path

    @property
    def html_path(self) -> Path:
        return self.out_dir / "article.html"

    @property
    def pdf_path(self) -> Path:
        return self.out_dir / "article.pdf"
