"""The body's end and what a numeric style prints in running text (`appendix-numeric`, built
with IEEE): appendices lettered A, B with their subsections A.1 and referred to as "Appendix A";
a narrative citation as "Lee and Park [1]"; a wide table's scroll container a named region a
keyboard reaches."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html
from pages import parse_html, text_of

from repropub.back import jats_id
from repropub.config import Config
from repropub.numbering import words
from repropub.pipeline import build

CASE = Path(__file__).resolve().parent / "fixtures" / "appendix-numeric"

pytestmark = pytest.mark.slow


def built(out_dir: Path, manuscript: Path = CASE / "manuscript.md",
          formats: frozenset[str] = frozenset({"html", "jats"})) -> Path:
    build(Config(manuscript=manuscript, bibliography=CASE / "references.bib", out_dir=out_dir,
                 style="ieee", formats=formats))
    return out_dir


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory.mktemp("appendix-numeric") / "out")


@pytest.fixture(scope="module")
def page(out: Path) -> html.HtmlElement:
    return parse_html(out / "article.html")


@pytest.fixture(scope="module")
def jats(out: Path) -> etree._Element:
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    return etree.parse(str(out / "article.jats.xml"), parser).getroot()


def test_appendices_are_lettered_apart_from_the_numbered_sections(
        page: html.HtmlElement) -> None:
    headings = [text_of(h) for h in page.xpath("//div[@class='body']//h2 | "
                                                "//div[@class='body']//h3")]
    assert headings[:5] == ["1 Introduction", "2 Results", "Appendix A. Method of dating",
                            "A.1 Tools", "Appendix B. Counts"]


def test_a_reference_to_an_appendix_names_it_as_one(page: html.HtmlElement) -> None:
    links = {text_of(a): a.get("href")
             for a in page.xpath("//a[contains(@class, 'cross-reference')]")}
    assert links == {"Appendix A": "#sec:dating", "Section A.1": "#sec:tools",
                     "Table 1": "#tbl:counts"}


def test_jats_appendices_keep_their_letters_and_typed_references(jats: etree._Element) -> None:
    apps = jats.findall("back/app-group/app")
    assert [a.findtext("label") for a in apps] == ["Appendix A", "Appendix B"]
    assert apps[0].get("id") == jats_id("sec:dating")
    assert apps[0].findtext("sec/label") == "A.1"
    assert [s.findtext("title") for s in jats.iterfind("body/sec")] == ["Introduction",
                                                                        "Results"]
    [to_app] = [x for x in jats.iter("xref") if x.get("rid") == jats_id("sec:dating")]
    assert to_app.get("ref-type") == "app" and to_app.text == "Appendix A"


def test_numeric_narrative_citation_names_the_authors_before_the_number(
        page: html.HtmlElement, jats: etree._Element) -> None:
    citations = [text_of(c) for c in page.xpath("//div[@class='body']//span[@class='citation']")]
    assert citations == ["Lee and Park [1]", "Okafor [2]", "Smith et al. [3]", "[1]",
                         "Valley Meteorological Office [4]"]
    body = " ".join("".join(jats.find("body").itertext()).split())
    assert "Lee and Park [1] compared" in body and "Smith et al. [3] counted" in body


def test_narrative_citations_name_their_authors_when_every_entry_is_listed(
        tmp_path: Path) -> None:
    # nocite "@*" lists every entry; the names still come from the narratively cited works
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text((CASE / "manuscript.md").read_text(encoding="utf-8")
                          .replace("lang: en-GB", "lang: en-GB\nnocite: '@*'"),
                          encoding="utf-8")
    page = parse_html(built(tmp_path / "out", manuscript, frozenset({"html"})) / "article.html")
    citations = [text_of(c) for c in page.xpath("//div[@class='body']//span[@class='citation']")]
    assert citations[:3] == ["Lee and Park [1]", "Okafor [2]", "Smith et al. [3]"]


def test_wide_table_scroll_container_is_a_named_region_a_keyboard_reaches(
        page: html.HtmlElement) -> None:
    [region] = page.xpath("//div[contains(@class, 'wide-float')]")
    assert region.get("tabindex") == "0"
    assert region.get("role") == "region"
    assert region.get("aria-label") == "Table 1"


def test_appendix_and_reference_words_follow_the_language_without_a_space_in_japanese(
        tmp_path: Path) -> None:
    manuscript = tmp_path / "manuscript.md"
    manuscript.write_text((CASE / "manuscript.md").read_text(encoding="utf-8")
                          .replace("lang: en-GB", "lang: ja"), encoding="utf-8")
    page = parse_html(built(tmp_path / "out", manuscript, frozenset({"html"})) / "article.html")
    links = [text_of(a) for a in page.xpath("//a[contains(@class, 'cross-reference')]")]
    assert links == ["付録A", "節A.1", "表1"]
    assert "付録A. Method of dating" in [text_of(h) for h in page.xpath("//h2")]
    assert "Lee と Park [1]" in [text_of(c) for c in page.xpath("//span[@class='citation']")]


def test_every_language_has_every_word() -> None:
    table = {lang: words(lang) for lang in ("en", "de", "ru", "pl", "sv", "ja", "zh", "ar")}
    for lang, given in table.items():
        assert {"fig", "tbl", "eq", "sec", "app", "and", "notes"} <= set(given), lang
        assert all(len(given[kind]) == 2 for kind in ("fig", "tbl", "eq", "sec", "app")), lang
    assert words("pl-PL")["fig"] == ["Rysunek", "Rysunki"]
    assert words("nb")["app"] == words("no")["app"] == ["Vedlegg", "Vedlegg"]
