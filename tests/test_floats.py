"""Figures and tables in the two-column PDF: kept together, wide ones across both columns, long
ones broken across pages with their header repeated."""

from __future__ import annotations

import pypdf
from lxml import html
from pages import Flagship, Run, runs

from repropub.body import inner_html
from repropub.floats import lift_wide_floats


def pages_of(built: Flagship) -> list[list[Run]]:
    return [runs(page) for page in pypdf.PdfReader(built.pdf_path).pages]


def where(pages: list[list[Run]], text: str) -> list[tuple[int, Run]]:
    return [(number, run) for number, page in enumerate(pages) for run in page
            if run.text.startswith(text)]


def test_a_two_row_table_stays_whole_in_one_column(math_article: Flagship) -> None:
    pages = pages_of(math_article)
    width = float(pypdf.PdfReader(math_article.pdf_path).pages[0].mediabox.width)
    caption = where(pages, "Table 1.")
    cells = [where(pages, text)[0] for text in ("Year", "1838", "1839")]
    assert len(caption) == 1
    page, _ = caption[0]
    assert {number for number, _ in cells} == {page}
    # one column: the caption and every cell on the same side of the page's middle
    sides = {run.x < width / 2 for _, run in [*cells, caption[0]]}
    assert len(sides) == 1
    assert len(where(pages, "Year")) == 1, "the header was repeated: the table was split"


def test_a_wide_table_spans_both_columns(math_article: Flagship) -> None:
    pages = pages_of(math_article)
    width = float(pypdf.PdfReader(math_article.pdf_path).pages[0].mediabox.width)
    (page, caption), = where(pages, "Table 2.")
    (rate_page, rate), = where(pages, "Rate")[:1]
    engine = next(run for number, run in where(pages, "Engine") if number == page)
    assert rate_page == page
    assert caption.x < width / 4 and engine.x < width / 4
    assert rate.x > width * 3 / 4


def test_a_long_table_breaks_across_pages_with_its_header_repeated(
        math_article: Flagship) -> None:
    pages = pages_of(math_article)
    headers = where(pages, "Reading")
    caption, = where(pages, "Table 3.")
    last, = [(number, run) for number, run in where(pages, "140") if run.text == "140"]
    # the header heads every column the table runs through, on more than one page
    assert len(headers) >= 3
    assert len({number for number, _ in headers}) >= 2
    assert caption[0] == headers[0][0] and last[0] == headers[-1][0]


def lifted(fragment: str) -> str:
    root = html.fragment_fromstring(fragment, create_parent="div")
    lift_wide_floats(root)
    return inner_html(root)


def test_wide_table_is_lifted_out_of_its_sections_which_continue_after_it() -> None:
    fragment = ('<section id="a" class="level2"><h2>A</h2><p>one</p>'
                '<section id="b" class="level3"><h3>B</h3><p>two</p>'
                '<table class="wide"><tr><td>x</td></tr></table><p>three</p></section>'
                '<p>four</p></section>')
    assert lifted(fragment) == (
        '<section id="a" class="level2"><h2>A</h2><p>one</p>'
        '<section id="b" class="level3"><h3>B</h3><p>two</p></section></section>'
        '<div class="wide-float"><table class="wide"><tr><td>x</td></tr></table></div>'
        '<section class="level2 continued"><section class="level3 continued"><p>three</p>'
        '</section><p>four</p></section>')


def test_wide_figure_at_the_end_of_a_section_leaves_no_empty_continuation() -> None:
    fragment = ('<section id="a"><p>one</p><figure class="wide"><img src="x.png" alt="x">'
                '</figure></section>')
    assert lifted(fragment) == ('<section id="a"><p>one</p></section><div class="wide-float">'
                                '<figure class="wide"><img src="x.png" alt="x"></figure></div>')
