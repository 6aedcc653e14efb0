"""The HTML page of the flagship: head metadata, structure, and the template contract."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from pages import Flagship, parse_html, text_of

from repropub.bibliography import Bibliography
from repropub.config import DEFAULT_TEMPLATES, Config
from repropub.errors import TemplateError
from repropub.manuscript import Manuscript
from repropub.pipeline import build

TITLE = ("Ukraine's Security Architecture After Ceasefire: U.S. Commitments and the Future of "
         "European Defense")
SHORT_TITLE = "Ukraine's Security Architecture After Ceasefire"
JOURNAL = "Sprin Journal of Arts, Humanities and Social Sciences"
DOI = "10.55559/sjahss.v4i9.577"
DOI_URL = f"https://doi.org/{DOI}"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
KEYWORDS = ["Ukraine", "security architecture", "U.S. commitments", "European defense", "NATO",
            "ceasefire"]


def meta(page: html.HtmlElement, name: str, attr: str = "name") -> list[str]:
    """The content of every `<meta {attr}=name>` in the head, in document order."""
    return page.xpath(f"/html/head/meta[@{attr}=$name]/@content", name=name)


def one(page: html.HtmlElement, name: str, attr: str = "name") -> str:
    values = meta(page, name, attr)
    assert len(values) == 1, f"expected one <meta {attr}={name!r}>, found {values}"
    return values[0]


def typographic(text: str) -> str:
    """Compare headings as pandoc typesets them: its smart quotes undone."""
    return text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')


def manuscript_headings(manuscript: Manuscript) -> list[tuple[str, str]]:
    """(h2|h3, text) for every `##`/`###` heading of the manuscript body, outside code fences."""
    headings: list[tuple[str, str]] = []
    fence: str | None = None
    for line in manuscript.body.split("\n"):
        marker = re.match(r"^(`{3,}|~{3,})", line)
        if marker:
            fence = None if fence and line.startswith(fence) else fence or marker.group(1)
            continue
        match = re.match(r"^(#{2,3})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*(?:\{[^}]*\})?$", line)
        if match and fence is None:
            headings.append((f"h{len(match.group(1))}", match.group(2)))
    return headings


def json_ld(page: html.HtmlElement) -> dict[str, Any]:
    scripts = page.xpath("/html/head/script[@type='application/ld+json']")
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert isinstance(data, dict)
    return data


# Google Scholar (Highwire Press) tags


def test_highwire_article_tags_carry_the_flagship_metadata(page: html.HtmlElement) -> None:
    assert one(page, "citation_title") == TITLE
    assert meta(page, "citation_author") == ["Garba, Mohammed Kabeer"]
    assert one(page, "citation_publication_date") == "2025/11/29"
    assert one(page, "citation_journal_title") == JOURNAL
    assert one(page, "citation_publisher") == "Sprin Publisher"
    assert one(page, "citation_volume") == "4"
    assert one(page, "citation_issue") == "9"
    assert one(page, "citation_firstpage") == "57"
    assert one(page, "citation_lastpage") == "62"
    assert one(page, "citation_doi") == DOI
    assert one(page, "citation_author_email") == "kabirmashi@gmail.com"
    assert one(page, "citation_author_institution") == "ECOWAS Parliament, Abuja, Nigeria"
    assert one(page, "citation_language") == "en"


def test_citation_pdf_url_points_at_the_pdf_that_was_written(page: html.HtmlElement,
                                                             flagship: Flagship) -> None:
    url = one(page, "citation_pdf_url")
    assert url.endswith("article.pdf")
    assert (flagship.out_dir / url).is_file()
    assert page.xpath("//p[@class='downloads']/a[@href=$url]/text()", url=url) == ["PDF"]


def test_one_citation_reference_per_bibliography_entry(page: html.HtmlElement,
                                                      bibliography: Bibliography) -> None:
    references = meta(page, "citation_reference")
    assert len(references) == len(bibliography.keys) == 26
    listed = [text_of(li) for li in page.xpath("//ol[@class='reference-list']/li")]
    assert references == listed


# Dublin Core and Open Graph


def test_dublin_core_tags(page: html.HtmlElement) -> None:
    assert page.xpath("/html/head/link[@rel='schema.DC']/@href") == [
        "http://purl.org/dc/elements/1.1/"]
    assert one(page, "DC.title") == TITLE
    assert meta(page, "DC.creator") == ["Garba, Mohammed Kabeer"]
    assert one(page, "DC.date") == "2025-11-29"
    assert one(page, "DC.identifier") == f"doi:{DOI}"
    assert one(page, "DC.publisher") == "Sprin Publisher"
    assert one(page, "DC.language") == "en-US"
    assert one(page, "DC.rights") == LICENCE_URL
    assert meta(page, "DC.subject") == KEYWORDS
    assert one(page, "DC.type") == "Text"
    assert one(page, "DC.source") == f"{JOURNAL}, 4(9), 57\u201362"
    assert one(page, "DC.description").startswith("This study analyzes the security architecture")


def test_open_graph_tags(page: html.HtmlElement, manuscript: Manuscript) -> None:
    def og(name: str) -> str:
        return one(page, name, attr="property")

    assert og("og:type") == "article"
    assert og("og:title") == TITLE
    assert og("og:description") == manuscript.metadata.abstract
    assert og("og:url") == DOI_URL
    assert og("og:site_name") == JOURNAL
    assert og("og:locale") == "en_US"
    assert og("article:published_time") == "2025-11-29"
    assert meta(page, "article:author", attr="property") == ["Mohammed Kabeer Garba"]
    assert meta(page, "article:tag", attr="property") == KEYWORDS


# JSON-LD


def test_json_ld_is_a_scholarly_article_with_doi_pages_and_author(page: html.HtmlElement) -> None:
    article = json_ld(page)
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"] == TITLE
    assert article["@id"] == DOI_URL
    assert article["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": DOI}
    assert (article["pageStart"], article["pageEnd"]) == ("57", "62")
    assert article["pagination"] == "57\u201362"
    assert article["datePublished"] == "2025-11-29"
    assert article["license"] == LICENCE_URL
    assert article["keywords"] == KEYWORDS
    [author] = article["author"]
    assert author["@type"] == "Person"
    assert (author["givenName"], author["familyName"]) == ("Mohammed Kabeer", "Garba")
    assert author["affiliation"] == [{"@type": "Organization",
                                      "name": "ECOWAS Parliament, Abuja, Nigeria"}]
    assert len(article["citation"]) == 26


def test_json_ld_is_part_of_issue_volume_journal(page: html.HtmlElement) -> None:
    issue = json_ld(page)["isPartOf"]
    assert (issue["@type"], issue["issueNumber"]) == ("PublicationIssue", "9")
    volume = issue["isPartOf"]
    assert (volume["@type"], volume["volumeNumber"]) == ("PublicationVolume", "4")
    journal = volume["isPartOf"]
    assert (journal["@type"], journal["name"]) == ("Periodical", JOURNAL)


# The page a reader sees


def test_every_manuscript_heading_is_an_h2_or_h3_in_order(page: html.HtmlElement,
                                                          manuscript: Manuscript) -> None:
    expected = manuscript_headings(manuscript)
    assert len(expected) >= 10
    rendered = [(h.tag, typographic(text_of(h)))
                for h in page.xpath("//div[@class='body']//*[self::h2 or self::h3]")]
    assert rendered == expected


def test_every_bibliography_key_has_its_entry_anchor(page: html.HtmlElement,
                                                     bibliography: Bibliography) -> None:
    anchors = page.xpath("//section[@id='references']//li/@id")
    assert sorted(anchors) == sorted(f"ref-{key}" for key in bibliography.keys)
    for key in bibliography.keys:
        [entry] = page.xpath("//li[@id=$id]", id=f"ref-{key}")
        assert text_of(entry), f"entry {key} is empty"


def test_every_internal_link_has_a_target_and_ids_are_unique(page: html.HtmlElement) -> None:
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)
    targets = [href[1:] for href in page.xpath("//a/@href") if href.startswith("#")]
    assert targets, "the page has no internal links (not even the skip link)"
    assert [t for t in targets if t not in set(ids)] == []


def test_article_info_lists_keywords_and_history(page: html.HtmlElement) -> None:
    [info] = page.xpath("//aside[@class='article-info']")
    assert [text_of(li) for li in info.xpath(".//ul[@class='keywords']/li")] == KEYWORDS
    history = {text_of(row.find("dt")): row.find("dd/time").get("datetime")
               for row in info.xpath(".//dl[@class='history']/div")}
    assert history == {"Received": "2025-09-15", "Accepted": "2025-11-22",
                       "Published": "2025-11-29"}
    assert info.xpath(".//time[@datetime='2025-11-29']/text()") == ["29 November 2025"]


def test_cite_this_box_has_doi_link_and_volume_issue(page: html.HtmlElement) -> None:
    [box] = page.xpath("//section[@class='cite-this']")
    citation = text_of(box.xpath("p")[0])
    assert citation.startswith("Garba, M. K. (2025).")
    assert "4(9), 57\u201362" in citation
    assert box.xpath("p[1]/a/@href") == [DOI_URL]
    assert box.xpath("p[1]/em/text()")[:2] == [JOURNAL, "4"]


def test_licence_notice_links_the_licence(page: html.HtmlElement) -> None:
    for where in ("//footer[@class='licence']", "//aside[@class='first-page-notes']"):
        [notice] = page.xpath(where)
        assert notice.xpath(".//a[@rel='license']/@href") == [LICENCE_URL]
        assert "CC BY 4.0" in text_of(notice)
    [footer] = page.xpath("//footer[@class='licence']")
    assert text_of(footer).startswith("\u00a9 2025 The Authors.")


def test_page_language_viewport_title(page: html.HtmlElement) -> None:
    assert page.get("lang") == "en-US"
    assert one(page, "viewport") == "width=device-width, initial-scale=1"
    assert page.xpath("/html/head/meta/@charset") == ["utf-8"]
    assert page.findtext("head/title") == TITLE
    # the printed title and running head are typographic; the machine-readable one as written
    assert page.xpath("//h1/text()") == [TITLE.replace("'", "\u2019")]
    assert page.xpath("//h1/@data-running-title") == [SHORT_TITLE.replace("'", "\u2019")]
    assert page.xpath("//main/@id") == ["main"]


def test_no_template_leftovers(flagship: Flagship, page: html.HtmlElement) -> None:
    source = flagship.html_path.read_text(encoding="utf-8")
    for script in page.xpath("//script/text()"):
        source = source.replace(script, "")  # JSON may legitimately hold braces
    for marker in ("{{", "}}", "{%", "%}", "{#", "#}"):
        assert marker not in source, f"unrendered jinja {marker!r} in the page"
    visible = text_of(page.body)
    assert re.search(r"\b(None|Undefined)\b", visible) is None
    assert [c for c in page.xpath("/html/head/meta/@content") if not c.strip()] == []


def test_stylesheets_fonts_and_downloads_the_page_links_are_written(
        flagship: Flagship, page: html.HtmlElement) -> None:
    hrefs = page.xpath("/html/head/link[@rel='stylesheet']/@href")
    assert hrefs == ["assets/article.css", "assets/print.css"]
    downloads = page.xpath("//p[@class='downloads']/a/@href")
    assert downloads, "the page offers no downloads"
    for href in hrefs + downloads:
        assert (flagship.out_dir / href).is_file(), href
    fonts = sorted(p.name for p in (flagship.out_dir / "assets" / "fonts").glob("*.ttf"))
    assert fonts == sorted(p.name for p in (DEFAULT_TEMPLATES / "fonts").glob("*.ttf"))


# The template contract


def _journal_copy(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    return templates


@pytest.mark.slow
def test_template_asking_for_a_missing_field_names_it(tmp_path: Path) -> None:
    templates = _journal_copy(tmp_path)
    page_template = templates / "article.html.j2"
    page_template.write_text(page_template.read_text(encoding="utf-8")
                             + "{{ page.meta.nonexistent }}\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match="nonexistent"):
        build(Config(out_dir=out, templates=templates, formats=frozenset({"html"})))
    assert not out.exists()


@pytest.mark.slow
def test_missing_template_is_a_template_error(tmp_path: Path) -> None:
    templates = _journal_copy(tmp_path)
    (templates / "article.html.j2").unlink()
    with pytest.raises(TemplateError, match=r"article\.html\.j2"):
        build(Config(out_dir=tmp_path / "out", templates=templates, formats=frozenset({"html"})))


@pytest.mark.slow
def test_missing_stylesheet_is_a_template_error(tmp_path: Path) -> None:
    templates = _journal_copy(tmp_path)
    (templates / "print.css").unlink()
    with pytest.raises(TemplateError, match=r"print\.css"):
        build(Config(out_dir=tmp_path / "out", templates=templates, formats=frozenset({"html"})))


@pytest.mark.slow
def test_reference_text_that_looks_like_markup_stays_text(tmp_path: Path) -> None:
    case = Path(__file__).resolve().parent / "fixtures" / "markup-in-bib"
    out = tmp_path / "out"
    build(Config(manuscript=case / "manuscript.md", bibliography=case / "references.bib",
                 out_dir=out, formats=frozenset({"html"})))
    page = parse_html(out / "article.html")
    [entry] = page.xpath("//li[@id='ref-att1977']")
    assert text_of(entry).startswith("AT&T <Labs>. (1977).")
    assert entry.xpath(".//labs") == []
