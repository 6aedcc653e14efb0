"""An author's whole paper (`tests/fixtures/whole-paper`), built in every format: several
affiliations per author and authors per affiliation, ORCIDs, equal contribution, a
corresponding author, inline, displayed and numbered equations, figures, a short, a wide and a
long table, cross-references of every kind (pandoc-crossref's and Quarto's), a footnote,
appendices A and B, acknowledgements, funding, data availability, conflicts, CRediT roles,
supplementary files and references of six types; in the page, the PDF, the JATS, the Crossref
deposit and the Word document, in APA with the journal design and in IEEE with the preprint
design. The layout of floats and the details of formula rendering are tested on their own
fixtures (`test_floats.py`, `test_formulas.py`); here every part is checked to arrive in every
output."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pypdf
import pytest
from lxml import etree, html
from pages import Flagship, parse_html, squash, text_of
from test_formulas import formulas, print_image, tex_of

from repropub.cli import main
from repropub.config import DEFAULT_TEMPLATES, FORMATS, Config
from repropub.errors import EXIT_OK
from repropub.pipeline import build

CASE = Path(__file__).resolve().parent / "fixtures" / "whole-paper"
CR = {"cr": "http://www.crossref.org/schema/5.3.1", "fr": "http://www.crossref.org/fundref.xsd"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Flagship:
    out_dir = tmp_path_factory.mktemp("whole-paper") / "out"
    result = build(Config(manuscript=CASE / "manuscript.md",
                          bibliography=CASE / "references.bib", out_dir=out_dir,
                          formats=frozenset(FORMATS)))
    return Flagship(result, out_dir)


@pytest.fixture(scope="module")
def numeric(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same paper in IEEE's numeric style with the preprint design, as a user asks for it."""
    out_dir = tmp_path_factory.mktemp("whole-paper-ieee") / "out"
    assert main([str(CASE / "manuscript.md"), "--bib", str(CASE / "references.bib"),
                 "--out", str(out_dir), "--style", "ieee", "--template", "preprint",
                 "--formats", "html,pdf,jats"]) == EXIT_OK
    return out_dir


@pytest.fixture(scope="module")
def page(paper: Flagship) -> html.HtmlElement:
    return parse_html(paper.html_path)


@pytest.fixture(scope="module")
def jats(paper: Flagship) -> etree._Element:
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    return etree.parse(str(paper.out_dir / "article.jats.xml"), parser).getroot()


def test_affiliations_are_numbered_once_in_order_of_first_appearance(
        page: html.HtmlElement) -> None:
    items = page.xpath("//ul[@class='affiliations']/li")
    assert [text_of(li) for li in items] == [
        "1King\u2019s College, Cambridge, United Kingdom",
        "2National Physical Laboratory, Teddington, United Kingdom",
        "3Post Office Research Station, London, United Kingdom",
    ]


def test_an_authors_affiliation_numbers_are_separated_by_commas(page: html.HtmlElement) -> None:
    marks = [text_of(sup)
             for sup in page.xpath("//p[@class='authors']//sup[@class='author-marks']")]
    assert marks == ["1,2\u2020", "1\u2020", "2,3*"]
    links = page.xpath("//p[@class='authors']//sup/a/@href")
    assert set(links) == {f"#{i}" for i in page.xpath("//ul[@class='affiliations']/li/@id")}


def test_equal_contribution_is_explained_under_the_affiliations(page: html.HtmlElement) -> None:
    [note] = page.xpath("//p[@class='author-note']")
    assert text_of(note) == "\u2020 Alan Turing and Joan Clarke contributed equally to this work."


def test_back_matter_sections_follow_the_body_in_the_page(page: html.HtmlElement) -> None:
    headings = [text_of(h) for h in page.xpath("//div[@class='back-matter']/section/h2")]
    assert headings == ["Acknowledgements", "Funding", "Author contributions",
                        "Data availability", "Conflict of interest", "Supplementary material"]
    [funding] = page.xpath("//section[@class='funding']/p")
    assert text_of(funding) == (
        "This work was funded by Engineering and Physical Sciences Research Council (grants "
        "EP/X000001/1, EP/X000002/1) and Leverhulme Trust (grant RPG-2024-001).")
    [credit] = page.xpath("//section[@class='contributions']/p")
    assert "Alan Turing: Conceptualization, Methodology, Writing \u2013 original draft." \
        in text_of(credit)
    assert "Joan Clarke: Formal analysis, Software." in text_of(credit)


def test_supplementary_file_is_copied_and_linked(paper: Flagship, page: html.HtmlElement) -> None:
    [link] = page.xpath("//section[@class='supplementary']//a")
    assert link.get("href") == "supplementary/rainfall.csv"
    copied = paper.out_dir / link.get("href")
    assert copied.read_bytes() == (CASE / "rainfall.csv").read_bytes()


def test_appendices_are_lettered_in_the_page(page: html.HtmlElement) -> None:
    labels = [text_of(h) for h in page.xpath("//section[contains(@class, 'appendix')]/h2")]
    assert labels == ["Appendix A. Extra tables", "Appendix B. Method of dating"]


def test_footnote_is_linked_to_its_note(page: html.HtmlElement) -> None:
    [ref] = page.xpath("//a[@class='footnote-ref']")
    [note] = page.xpath(f"//*[@id='{ref.get('href')[1:]}']")
    assert "same two families" in text_of(note)


def test_apa_narrative_citation_says_and_while_parenthetical_keeps_ampersand(
        page: html.HtmlElement, jats: etree._Element) -> None:
    citations = [text_of(c) for c in page.xpath("//span[@class='citation']")]
    assert "Lee and Park (2021)" in citations
    assert "(Lee & Park, 2021)" in citations
    assert "Lee & Park (" not in " ".join(citations)
    body = " ".join("".join(p.itertext()) for p in jats.iterfind("body//p"))
    assert "Lee and Park (2021)" in " ".join(body.split())


def test_pdf_shows_the_marks_the_back_matter_and_the_lettered_appendices(
        paper: Flagship) -> None:
    text = squash(" ".join(p.extract_text() for p in pypdf.PdfReader(paper.pdf_path).pages))
    for expected in ("Turing1,2\u2020", "Flowers2,3*", "AppendixA.Extratables",
                     "Funding This work was funded by", "Author contributions",
                     "Conflict of interest", "Lee and Park (2021)"):
        assert squash(expected) in text, expected


def test_jats_carries_affiliation_labels_credit_roles_and_equal_contribution(
        jats: etree._Element) -> None:
    meta = jats.find("front/article-meta")
    assert [(a.get("id"), a.findtext("label")) for a in meta.iterfind("contrib-group/aff")] == [
        ("kings", "1"), ("npl", "2"), ("postoffice", "3")]
    turing = meta.find("contrib-group/contrib")
    assert turing.get("equal-contrib") == "yes"
    roles = turing.findall("role[@vocab='credit']")
    assert [r.get("vocab-term-identifier") for r in roles] == [
        "https://credit.niso.org/contributor-roles/conceptualization/",
        "https://credit.niso.org/contributor-roles/methodology/",
        "https://credit.niso.org/contributor-roles/writing-original-draft/"]
    assert meta.find("author-notes/fn[@fn-type='equal']") is not None


def test_jats_has_funding_group_back_matter_and_appendices(jats: etree._Element) -> None:
    groups = jats.findall("front/article-meta/funding-group/award-group")
    assert [g.findtext("funding-source/institution-wrap/institution") for g in groups] == [
        "Engineering and Physical Sciences Research Council", "Leverhulme Trust"]
    assert [a.text for a in groups[0].iterfind("award-id")] == ["EP/X000001/1", "EP/X000002/1"]
    assert groups[0].findtext("funding-source/institution-wrap/institution-id") == \
        "https://doi.org/10.13039/501100000266"
    back = jats.find("back")
    assert back.findtext("ack/p", "").startswith("We thank")
    assert back.find("sec[@sec-type='data-availability']") is not None
    assert back.find("fn-group/fn[@fn-type='coi-statement']") is not None
    assert [a.findtext("label") for a in back.iterfind("app-group/app")] == [
        "Appendix A", "Appendix B"]
    assert jats.find("body/sec[@id='extra-tables']") is None
    supplement = jats.find("front/article-meta/supplementary-material")
    assert supplement.get("{http://www.w3.org/1999/xlink}href") == "supplementary/rainfall.csv"


def test_crossref_deposit_carries_fundref_and_every_affiliation(paper: Flagship) -> None:
    root = etree.parse(str(paper.out_dir / "article.crossref.xml")).getroot()
    groups = root.findall(".//fr:program/fr:assertion[@name='fundgroup']", CR)
    assert [g.find("fr:assertion[@name='funder_name']", CR).text.strip() for g in groups] == [
        "Engineering and Physical Sciences Research Council", "Leverhulme Trust"]
    assert groups[0].findtext("fr:assertion[@name='funder_name']/"
                              "fr:assertion[@name='funder_identifier']", namespaces=CR) == \
        "https://doi.org/10.13039/501100000266"
    turing = root.find(".//cr:person_name", CR)
    assert [i.text for i in turing.iterfind("cr:affiliations/cr:institution/"
                                            "cr:institution_name", CR)] == [
        "King's College", "National Physical Laboratory"]


def test_jats_and_crossref_pass_the_validators(paper: Flagship, validators: Path) -> None:
    for script, name in (("jats/validate_jats.py", "article.jats.xml"),
                         ("crossref/validate_crossref.py", "article.crossref.xml")):
        done = subprocess.run([sys.executable, str(validators / script),
                               str(paper.out_dir / name)], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def test_page_passes_vnu_and_axe(paper: Flagship, validators: Path) -> None:
    from test_validators import require, run_kit

    require("java", "the Nu HTML Checker needs Java 11+")
    require("node", "axe-core runs in Node 18+")
    done = run_kit(validators / "html" / "html_check.sh", "--Werror", str(paper.html_path))
    assert done.returncode == 0, done.stdout + done.stderr
    done = run_kit(validators / "html" / "a11y_check.sh", str(paper.html_path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_format_is_written(paper: Flagship) -> None:
    names = {p.name for p in paper.out_dir.iterdir()}
    assert {"article.html", "article.pdf", "article.jats.xml", "article.crossref.xml",
            "article.docx", "article.json", "article.bib", "article.ris",
            "manifest.json"} <= names
    assert not paper.result.check.findings
    assert not paper.result.mismatches


def test_formulas_are_mathml_with_a_print_outline_each(paper: Flagship) -> None:
    found = formulas(paper)
    display = [m for m in found if m.get("display") == "block"]
    assert len(display) == 3 and len(found) - len(display) >= 6
    assert tex_of(display[0]) == r"d = \frac{k}{r} + d_0"
    for tag in ("mfrac", "msqrt", "munderover", "mtable", "msup", "mover"):
        assert any(m.xpath(f".//{tag}") for m in found), tag
    for math in found:
        assert "math-print" in print_image(math).get("class").split()
    numbered = [(e.get("id"), text_of(e.xpath(".//*[@class='equation-number']")[0]))
                for e in parse_html(paper.html_path).xpath("//*[@class='equation']")]
    assert numbered == [("eq:delay", "(1)"), ("eq:spread", "(2)")]


def _structure(node: pikepdf.Object, into: list[pikepdf.Dictionary]) -> None:
    if not isinstance(node, pikepdf.Dictionary):
        return
    into.append(node)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        _structure(kid, into)


def test_pdf_draws_every_formula_as_outlines_named_by_its_tex(paper: Flagship) -> None:
    tex = {tex_of(m) for m in formulas(paper)}
    with pikepdf.open(paper.pdf_path) as pdf:
        elements: list[pikepdf.Dictionary] = []
        _structure(pdf.Root.StructTreeRoot, elements)
        named = {" ".join(str(e.get("/Alt")).split()) for e in elements
                 if e.get("/S") == "/Figure" and "/Alt" in e}
        assert tex <= named
        # the glyphs are curves in the page content, not text in a font
        content = b"".join(page.Contents.read_bytes() if "/Contents" in page else b""
                           for page in pdf.pages)
        assert content.count(b" c\n") > 50
    text = subprocess.run(["pdftotext", str(paper.pdf_path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "\\frac" not in text and "\\sqrt" not in text and "\\begin" not in text


def test_captions_are_labelled_and_every_cross_reference_reaches_its_target(
        page: html.HtmlElement) -> None:
    body = page.xpath("//div[@class='body']")[0]
    assert [text_of(c).split(".")[0] for c in body.xpath(".//figcaption")] == [
        "Figure 1", "Figure 2"]
    assert [text_of(c).split(".")[0] for c in body.xpath(".//table/caption")] == [
        "Table 1", "Table 2", "Table 3"]
    links = {(text_of(a), a.get("href"))
             for a in body.xpath(".//a[contains(@class, 'cross-reference')]")}
    assert {("Section 2", "#sec:method"), ("Section 3", "#sec:results"),
            ("Appendix B", "#sec:dating"), ("Equation (1)", "#eq:delay"),
            ("Equation (2)", "#eq:spread"), ("Figure 1", "#fig:delay"),
            ("Figure 2", "#fig-valleys"), ("Table 1", "#tbl:means"), ("Table 2", "#tbl:decades"),
            ("Table 3", "#tbl:yearly"), ("(1)", "#eq:delay")} <= links
    for text, href in links:
        [target] = body.xpath(f".//*[@id='{href[1:]}']")
        shown = text_of(target)
        number = text.split()[-1]
        assert number in shown, (text, shown[:40])
    assert "Figure 1 and Table 1" in [text_of(s) for s in
                                      body.xpath(".//span[@class='cross-references']")]
    assert not body.xpath(".//*[contains(@class, 'unresolved-reference')]")


def test_the_wide_table_spans_the_page_and_the_long_one_may_break(page: html.HtmlElement) -> None:
    [wide] = page.xpath("//div[@class='body']/div[contains(@class, 'wide-float')]")
    assert wide.find("table").get("id") == "tbl:decades"
    assert (wide.get("role"), wide.get("tabindex"), wide.get("aria-label")) == (
        "region", "0", "Table 2")
    [long] = page.xpath("//table[@id='tbl:yearly']")
    assert "long" in long.get("class").split() and len(long.xpath(".//tbody/tr")) == 40


def test_pdf_shows_labels_and_links_each_reference_inside_the_document(paper: Flagship) -> None:
    text = squash(subprocess.run(["pdftotext", str(paper.pdf_path), "-"], capture_output=True,
                                 text=True, check=True).stdout)
    for shown in ("Figure 2. Where the two valleys lie", "Table 2. The harvest's delay",
                  "Table 3. Each year's mean", "Equation (2)", "Appendix B",
                  "ORCID 0000-0001-5109-3700"):
        assert squash(shown) in text, shown
    reader = pypdf.PdfReader(paper.pdf_path)
    internal = [a.get_object() for p in reader.pages for a in p.get("/Annots", []) or []
                if a.get_object().get("/Subtype") == "/Link" and "/Dest" in a.get_object()]
    # 14 cross-references, 9 citations, the footnote and its note
    assert len(internal) >= 24


def test_jats_types_every_cross_reference_and_labels_every_float(jats: etree._Element) -> None:
    assert [f.findtext("label") for f in jats.iter("fig")] == ["Figure 1", "Figure 2"]
    assert [w.findtext("label") for w in jats.iter("table-wrap")] == [
        "Table 1", "Table 2", "Table 3"]
    assert [f.findtext("label") for f in jats.iter("disp-formula") if f.get("id")] == [
        "(1)", "(2)"]
    mml = "{http://www.w3.org/1998/Math/MathML}math"
    assert len(list(jats.iter(mml))) >= 9
    targets = {e.get("id") for e in jats.iter() if e.get("id")}
    types = {x.get("ref-type") for x in jats.iter("xref") if x.get("rid") in targets}
    assert {"fig", "table", "disp-formula", "sec", "app", "bibr", "fn"} <= types
    assert all(x.get("rid") in targets for x in jats.iter("xref")
               if x.get("ref-type") not in ("aff", "corresp"))
    orcids = [c.text for c in jats.iterfind(".//contrib-id[@contrib-id-type='orcid']")]
    assert orcids == ["https://orcid.org/0000-0002-1825-0097",
                      "https://orcid.org/0000-0001-5109-3700"]
    types_of_works = {c.get("publication-type") for c in jats.iter("element-citation")}
    assert len(types_of_works) >= 4


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_word_document_has_the_equations_figures_tables_and_note(paper: Flagship) -> None:
    with zipfile.ZipFile(paper.out_dir / "article.docx") as docx:
        document = etree.fromstring(docx.read("word/document.xml"))
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        notes = "".join(etree.fromstring(docx.read("word/footnotes.xml")).itertext())
    omml = "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"
    assert len(list(document.iter(omml))) >= 9
    assert len(list(document.iter(f"{W}tbl"))) == 3
    assert len(media) >= 2
    text = " ".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                    for p in document.iter(f"{W}p"))
    for shown in ("Figure 1.", "Figure 2.", "Table 3.", "Appendix A", "Figure 1 and Table 1"):
        assert shown in text, shown
    assert "same two families" in notes


def test_numeric_style_with_the_preprint_design(numeric: Path) -> None:
    page = parse_html(numeric / "article.html")
    citations = [text_of(c) for c in page.xpath("//div[@class='body']//span[@class='citation']")]
    assert "Lee and Park [1]" in citations and "[1], [2]" in citations
    assert "Okafor [2]" not in citations  # only narrative citations name their authors
    assert (numeric / "assets" / "print.css").read_text(encoding="utf-8") == (
        DEFAULT_TEMPLATES / "preprint" / "print.css").read_text(encoding="utf-8")
    [cite_as] = page.xpath("//section[@class='cite-this']/p[1]")
    assert text_of(cite_as).startswith("A. Turing, J. Clarke, and T. Flowers")
    assert not cite_as.xpath(".//div")
    text = " ".join(subprocess.run(["pdftotext", str(numeric / "article.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Lee and Park [1] compared" in text
    assert "Appendix A. Extra tables" in text
    # one column has the formulas as outlines too: neither MathML's text nor the TeX printed
    assert "\\frac" not in text and "\\bar" not in text and "d=kr+d0" not in text
    with pikepdf.open(numeric / "article.pdf") as pdf:
        elements: list[pikepdf.Dictionary] = []
        _structure(pdf.Root.StructTreeRoot, elements)
        assert sum(1 for e in elements if e.get("/S") == "/Figure"
                   and str(e.get("/Alt", "")).startswith("d = ")) == 1
