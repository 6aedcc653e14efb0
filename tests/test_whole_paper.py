"""The rest of a paper: several affiliations per author, equal contribution, CRediT roles,
funding, acknowledgements, statements, appendices, footnotes and supplementary files, in the
page, the PDF, the JATS and the Crossref deposit (`tests/fixtures/whole-paper`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from lxml import etree, html
from pages import Flagship, parse_html, squash, text_of

from repropub.config import Config
from repropub.pipeline import build

CASE = Path(__file__).resolve().parent / "fixtures" / "whole-paper"
CR = {"cr": "http://www.crossref.org/schema/5.3.1", "fr": "http://www.crossref.org/fundref.xsd"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Flagship:
    out_dir = tmp_path_factory.mktemp("whole-paper") / "out"
    result = build(Config(manuscript=CASE / "manuscript.md",
                          bibliography=CASE / "references.bib", out_dir=out_dir))
    return Flagship(result, out_dir)


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
