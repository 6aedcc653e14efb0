"""TeX math: MathML in the page, vector outlines in the PDF, the TeX as accessible text."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pikepdf
import pytest
from lxml import etree, html
from pages import Flagship, parse_html

from repropub.cli import main
from repropub.formulas import typeset_formulas
from repropub.sanitize import sanitize_html

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"


def formulas(built: Flagship) -> list[etree._Element]:
    return parse_html(built.html_path).xpath("//div[@class='body']//math")


def tex_of(math: etree._Element) -> str:
    return " ".join(math.xpath("string(.//annotation[@encoding='application/x-tex'])").split())


def print_image(math: etree._Element) -> etree._Element:
    image = math.getnext()
    assert image is not None and image.tag == "img", "no print rendering after the formula"
    return image


def test_tex_math_is_mathml_in_the_page(math_article: Flagship) -> None:
    found = formulas(math_article)
    blocks = [m for m in found if m.get("display") == "block"]
    assert len(blocks) == 3
    assert len(found) - len(blocks) >= 5
    for tag in ("mfrac", "msqrt", "munderover", "mtable", "msub"):
        assert any(m.xpath(f".//{tag}") for m in found), tag
    assert tex_of(blocks[0]) == r"r = \frac{E}{C} \times 100"


def test_every_formula_has_an_svg_of_outlines_with_its_tex_as_alt(
        math_article: Flagship) -> None:
    for math in formulas(math_article):
        image = print_image(math)
        assert "math-print" in image.get("class").split()
        assert " ".join(image.get("alt").split()) == tex_of(math)
        prefix = "data:image/svg+xml;base64,"
        assert image.get("src").startswith(prefix)
        svg = etree.fromstring(base64.b64decode(image.get("src")[len(prefix):]))
        tags = {element.tag.removeprefix(SVG) for element in svg.iter()
                if isinstance(element.tag, str)}
        # glyph outlines only: no text (it would need a font) and nothing that runs or loads
        assert "path" in tags
        assert tags <= {"svg", "symbol", "use", "path", "g", "rect", "line", "polygon"}


def test_display_formula_is_a_centred_block_and_inline_formula_drops_below_the_baseline(
        math_article: Flagship) -> None:
    found = formulas(math_article)
    display = print_image(next(m for m in found if m.get("display") == "block"))
    assert "math-print-display" in display.get("class").split()
    subscript = print_image(next(m for m in found if tex_of(m) == "r_i"))
    plain = print_image(next(m for m in found if tex_of(m) == "n"))
    # vertical-align moves the image's bottom to the formula's depth below the baseline
    depth = float(re.search(r"vertical-align: (-?[\d.]+)em", subscript.get("style")).group(1))
    assert depth < -0.1
    assert float(re.search(r"vertical-align: (-?[\d.]+)em", plain.get("style")).group(1)) > -0.05


def _marked_content_operators(page: pikepdf.Page) -> dict[int, list[str]]:
    """The drawing operators inside each marked-content sequence (by MCID) of a page."""
    found: dict[int, list[str]] = {}
    stack: list[int | None] = []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "BDC":
            properties = operands[1]
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) \
                else None
            stack.append(int(mcid) if mcid is not None else None)
        elif name == "BMC":
            stack.append(None)
        elif name == "EMC" and stack:
            stack.pop()
        else:
            for mcid in stack:
                if mcid is not None:
                    found.setdefault(mcid, []).append(name)
    return found


def _figures(node: pikepdf.Object, into: list[pikepdf.Dictionary]) -> None:
    if not isinstance(node, pikepdf.Dictionary):
        return
    if node.get("/S") == "/Figure":
        into.append(node)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        _figures(kid, into)


def test_formulas_are_vector_outlines_in_the_pdf_tagged_with_their_tex(
        math_article: Flagship) -> None:
    tex = {tex_of(m) for m in formulas(math_article)}
    with pikepdf.open(math_article.pdf_path) as pdf:
        figures: list[pikepdf.Dictionary] = []
        _figures(pdf.Root.StructTreeRoot, figures)
        maths = [f for f in figures if " ".join(str(f.get("/Alt", "")).split()) in tex]
        assert {" ".join(str(f.Alt).split()) for f in maths} == tex
        operators = _marked_content_operators(pdf.pages[0])
        for figure in maths:
            if figure.get("/Pg") != pdf.pages[0].obj:
                continue
            kids = figure.K if isinstance(figure.K, pikepdf.Array) else [figure.K]
            drawn = [op for kid in kids if isinstance(kid, int)
                     for op in operators.get(int(kid), [])]
            # each glyph is a filled outline of curves: no text, no raster image
            assert drawn.count("c") + drawn.count("l") >= 4, figure.Alt
            assert "Tj" not in drawn and "TJ" not in drawn and "Do" not in drawn


def test_pdf_text_has_neither_tex_nor_mathml_text(math_article: Flagship) -> None:
    import subprocess

    text = subprocess.run(["pdftotext", str(math_article.pdf_path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "\\frac" not in text and "\\sqrt" not in text
    assert "Equation (1)" in " ".join(text.split())


def test_unreadable_formula_stops_the_build_with_its_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main([str(FIXTURES / "math-unreadable" / "manuscript.md"), "--out", str(out),
                 "--bib", str(FIXTURES / "math-article" / "references.bib"), "--no-cache"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert re.match(r".*manuscript\.md:9: error: the formula '\\sigma = \\sqrt\{\\frac\{1\}\{n\}'",
                    err), err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("hostile", [
    '<math><mi href="javascript:alert(1)">x</mi></math>',
    '<math><mi onclick="alert(1)">x</mi></math>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '<math><semantics><mi>x</mi><annotation-xml encoding="text/html">'
    '<img src=x onerror="alert(1)"></annotation-xml></semantics></math>',
    '<math><maction actiontype="statusline"><mi>x</mi><mtext>y</mtext></maction></math>',
    '<math><mi><svg><image href="file:///etc/passwd"/></svg></mi></math>',
])
def test_sanitiser_keeps_mathml_but_nothing_that_runs_or_loads(hostile: str) -> None:
    clean = sanitize_html(f"<p>{hostile}</p>")
    assert "<math" in clean
    for bad in ("href", "onclick", "script", "onerror", "<img", "maction", "svg", "image"):
        assert bad not in clean, clean


def test_sanitiser_keeps_the_mathml_pandoc_writes() -> None:
    mathml = ('<math display="block"><semantics><mrow><mi>\u03c3</mi><mo>=</mo><msqrt><mfrac>'
              '<mn>1</mn><mi mathvariant="normal">n</mi></mfrac></msqrt><mtable><mtr>'
              '<mtd columnalign="center"><mi>x</mi></mtd></mtr></mtable></mrow>'
              '<annotation encoding="application/x-tex">\\sigma</annotation></semantics></math>')
    assert sanitize_html(mathml) == mathml


def test_an_accent_is_a_spacing_character_not_a_combining_mark_with_nothing_to_combine() -> None:
    hat = ('<p><math><semantics><mover><mi>\u03b2</mi><mo accent="true">\u0302</mo></mover>'
           '<annotation encoding="application/x-tex">\\hat{\\beta}</annotation></semantics>'
           '</math></p>')
    typeset = html.fragment_fromstring(
        typeset_formulas(hat, source=Path("a.md"), text="$\\hat{\\beta}$", body_start=0))
    [accent] = typeset.xpath(".//mo")
    assert accent.text == "\u02c6"
    assert typeset.xpath(".//img[@class='math-print']/@alt") == ["\\hat{\\beta}"]


def test_a_page_with_formulas_gets_the_math_font_and_one_without_does_not(
        math_article: Flagship, flagship: Flagship) -> None:
    font = math_article.out_dir / "assets" / "math" / "STIXTwoMath-Regular.ttf"
    assert font.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert not (flagship.out_dir / "assets" / "math").exists()
