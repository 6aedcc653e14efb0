"""Numbered figures, tables, equations and sections, and cross-references to them: in the page,
the PDF and the JATS."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest
from lxml import etree
from pages import Flagship, parse_html, text_of

from repropub import numbering, pandoc
from repropub.numbering import is_label, label_jats, may_number, words


def body(built: Flagship) -> etree._Element:
    return parse_html(built.html_path).xpath("//div[@class='body']")[0]


def test_captions_get_their_labels(math_article: Flagship) -> None:
    page = body(math_article)
    assert [text_of(c) for c in page.xpath(".//figcaption")] == [
        "Figure 1. Engine rate by year, 1840\u20131843."]
    captions = [text_of(c) for c in page.xpath(".//table/caption")]
    assert [c.split(".")[0] for c in captions] == ["Table 1", "Table 2", "Table 3"]
    assert captions[0] == "Table 1. Errors found per year."


def test_cross_references_read_as_words_and_link_to_their_targets(
        math_article: Flagship) -> None:
    page = body(math_article)
    ids = set(page.xpath(".//@id"))
    links = page.xpath(".//a[contains(@class, 'cross-reference')]")
    assert all(link.get("href")[1:] in ids for link in links)
    first = [(text_of(a), a.get("href")) for a in links[:4]]
    assert first == [("Equation (1)", "#eq:rate"), ("Figure 1", "#fig:growth"),
                     ("Table 1", "#tbl:errors"), ("Section 2", "#sec:method")]
    groups = [text_of(span) for span in page.xpath(".//span[@class='cross-references']")]
    assert "Figure 1 and Table 1" in groups
    assert "Sections 1 and 2" in groups
    # [-@eq:basis] gives the number alone
    assert any(text_of(a) == "(3)" and a.get("href") == "#eq:basis" for a in links)
    assert not page.xpath(".//*[contains(@class, 'unresolved-reference')]")
    assert "@" not in text_of(page).replace("ada@example.org", "")


def test_the_target_of_each_reference_carries_its_number(math_article: Flagship) -> None:
    page = body(math_article)
    equation = page.xpath(".//*[@id='eq:spread']")[0]
    assert "equation" in equation.get("class").split()
    assert text_of(equation.xpath(".//*[@class='equation-number']")[0]) == "(2)"
    headings = [text_of(h) for h in page.xpath(".//h2 | .//h3")]
    assert headings[:4] == ["1 Introduction", "2 Method", "2.1 Data", "3 Results"]


def test_headings_stay_unnumbered_when_no_section_is_referenced(flagship: Flagship) -> None:
    assert not body(flagship).xpath(".//*[@class='section-number']")


def test_pdf_shows_labels_and_links_references_to_their_targets(
        math_article: Flagship) -> None:
    text = " ".join(subprocess.run(["pdftotext", str(math_article.pdf_path), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    for shown in ("Figure 1. Engine rate", "Table 2. Output of each engine", "Equation (1)",
                  "Section 2", "(3)"):
        assert shown in text, shown
    reader = pypdf.PdfReader(math_article.pdf_path)
    internal = [annotation.get_object() for page in reader.pages
                for annotation in page.get("/Annots", []) or []
                if annotation.get_object().get("/Subtype") == "/Link"
                and "/Dest" in annotation.get_object()]
    # every cross-reference and citation in the text is a link that lands inside the document
    assert len(internal) >= 15


def jats(built: Flagship) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(built.out_dir / "article.jats.xml"), parser).getroot()


def test_jats_has_figures_tables_formulas_and_typed_cross_references(
        math_article: Flagship) -> None:
    root = jats(math_article)
    fig = root.find(".//fig")
    assert fig.get("id") and fig.findtext("label") == "Figure 1"
    assert fig.findtext("caption/p").strip() == "Engine rate by year, 1840\u20131843."
    wraps = root.findall(".//table-wrap")
    assert [w.findtext("label") for w in wraps] == ["Table 1", "Table 2", "Table 3"]
    assert all(w.get("id") for w in wraps)
    formulas = root.findall(".//disp-formula")
    assert [f.findtext("label") for f in formulas] == ["(1)", "(2)", "(3)"]
    mml = "{http://www.w3.org/1998/Math/MathML}math"
    assert all(f.find(f"alternatives/{mml}") is not None for f in formulas)
    assert root.find(".//sec/label").text == "1"
    targets = {e.get("id"): e.tag for e in root.iter() if e.get("id")}
    typed = {(x.text, x.get("ref-type")) for x in root.iter("xref")
             if x.get("ref-type") != "bibr"}
    assert {("Figure 1", "fig"), ("Table 1", "table"), ("Equation (1)", "disp-formula"),
            ("Section 2", "sec")} <= typed
    for xref in root.iter("xref"):
        assert xref.get("rid") in targets, xref.get("rid")


def test_jats_with_mathml_is_valid_against_the_dtd(math_article: Flagship,
                                                   validators: Path) -> None:
    import sys

    done = subprocess.run([sys.executable, str(validators / "jats" / "validate_jats.py"),
                           str(math_article.out_dir / "article.jats.xml")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_labels_are_told_from_bibliography_keys() -> None:
    assert all(is_label(k) for k in ("fig:growth", "tbl:a", "eq:rate", "sec:intro", "fig-q"))
    assert not any(is_label(k) for k in ("figueroa2010", "smith2010", "eq", "table:x"))


def test_cross_reference_words_follow_the_article_language() -> None:
    assert words("de-DE")["fig"] == ["Abbildung", "Abbildungen"]
    assert words("en-GB")["tbl"] == ["Table", "Tables"]
    assert words("xx")["eq"] == ["Equation", "Equations"]


def test_cross_reference_words_read_by_libyaml_are_those_pyyaml_reads() -> None:
    import yaml

    from repropub.numbering import FILTER

    table = yaml.safe_load(FILTER.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert len(table) > 10
    for lang, expected in table.items():
        assert words(lang) == expected


def test_jats_equation_span_becomes_a_labelled_disp_formula() -> None:
    source = ('<article><body><p><named-content id="eq1" content-type="equation">'
              '<disp-formula><tex-math>x</tex-math></disp-formula>'
              '<named-content content-type="equation-number">(4)</named-content>'
              '</named-content> after</p><p><xref rid="eq1">(4)</xref></p></body></article>')
    root = etree.fromstring(label_jats(source))
    formula = root.find(".//disp-formula")
    assert formula.get("id") == "eq1" and formula.findtext("label") == "(4)"
    assert formula.tail == " after"
    assert root.find(".//xref").get("ref-type") == "disp-formula"
    assert root.find(".//named-content") is None


NOTHING_TO_NUMBER = {
    "prose": "# Intro\n\nPlain text, *emphasis* and a [link](https://example.org).\n",
    "citations and a note": "As @smith2020 says [see @lee2019, p. 4].^[A note.] Inline $x$.\n",
    "lists, quotes, ids": "## Method {#method}\n\n- one\n- two\n\n> quoted\n\n1. first\n",
    "code": "```\nprint(1)\n```\n\nText with `code` and an e-mail a@b.org.\n",
}

SOMETHING_TO_NUMBER = {
    "figure": "![A caption](plot.png){#fig:plot}\n",
    "pipe table": "a | b\n--|--\n1 | 2\n",
    "simple table": "  a   b\n ---  ---\n  1   2\n",
    "headless simple table": "-------  ------\n  one     two\n-------  ------\n",
    "grid table": "+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n",
    "display math": "$$ x = 1 $$ {#eq:one}\n",
    "cross-reference": "As [-@sec:method] shows.\n",
    "braced cross-reference": "See @{tbl-errors}.\n",
}


def _html(markdown: str, filtered: bool) -> str:
    extra = ["--lua-filter", str(numbering.FILTER)] if filtered else []
    return pandoc.run(["--from", "markdown", "--to", *pandoc.HTML_WRITER, *extra], markdown,
                      source=Path("test.md"), timeout=60).output


@pytest.mark.parametrize("case", NOTHING_TO_NUMBER)
def test_a_text_with_nothing_to_number_is_the_same_without_the_filter(case: str) -> None:
    markdown = NOTHING_TO_NUMBER[case]
    assert not may_number(markdown)
    assert _html(markdown, filtered=False) == _html(markdown, filtered=True)


@pytest.mark.parametrize("case", SOMETHING_TO_NUMBER)
def test_a_figure_table_equation_or_cross_reference_keeps_the_filter(case: str) -> None:
    assert may_number(SOMETHING_TO_NUMBER[case])


def test_the_filter_numbers_what_it_is_kept_for() -> None:
    figure = SOMETHING_TO_NUMBER["figure"] + "\nSee @fig:plot.\n"
    assert may_number(figure)
    assert "Figure 1" in _html(figure, filtered=True)
    assert "Figure 1" not in _html(figure, filtered=False)
