"""JATS XML (`out/article.jats.xml`): valid against the NISO DTDs, its front matter taken from the
manuscript's metadata, one <sec> per top-level heading, one <ref> per bibliography entry.

Two builds are read: the flagship (its journal has no ISSN, so Journal Archiving 1.3) and the
`deposit-article` fixture (its journal has an ISSN, so Journal Publishing 1.3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pages import Flagship

from repropub.bibliography import load_bibliography
from repropub.manuscript import Manuscript, read_manuscript

pytestmark = pytest.mark.slow

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ALI = "{http://www.niso.org/schemas/ali/1.0/}"
PUBLISHING_1_3 = "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN"
ARCHIVING_1_3 = ("-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 "
                 "20210610//EN")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")


def jats_path(built: Flagship) -> Path:
    return built.out_dir / "article.jats.xml"


def parse(path: Path) -> etree._ElementTree:
    """The document as written, its DTD neither loaded nor fetched."""
    return etree.parse(str(path), etree.XMLParser(load_dtd=False, no_network=True,
                                                  resolve_entities=False))


def text(element: etree._Element | None) -> str:
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def same_words(value: str) -> str:
    """Text as pandoc's smart punctuation leaves it comparable with the Markdown source."""
    return " ".join(value.replace("\u2019", "'").replace("\u201c", '"')
                    .replace("\u201d", '"').split())


def top_level_headings(manuscript: Manuscript) -> list[str]:
    """The titles of the body's highest-level headings, outside code fences."""
    found: list[tuple[int, str]] = []
    fenced = False
    for line in manuscript.body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    top = min(level for level, _ in found)
    return [title for level, title in found if level == top]


@pytest.fixture(params=["flagship", "deposit"])
def built(request: pytest.FixtureRequest) -> Flagship:
    """Each build whose JATS is read: the flagship and the deposit-article fixture."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture
def manuscript_of(built: Flagship) -> Manuscript:
    """The build's manuscript, read again from its file (not taken from the build's result)."""
    return read_manuscript(built.result.manuscript.path)


@pytest.fixture
def article_meta(built: Flagship) -> etree._Element:
    found = parse(jats_path(built)).getroot().find("front/article-meta")
    assert found is not None
    return found


def test_flagship_jats_is_valid_journal_archiving_1_3(
        flagship: Flagship, validate_jats: Callable[..., tuple[list[str], str]]) -> None:
    path = jats_path(flagship)
    assert parse(path).docinfo.public_id == ARCHIVING_1_3
    errors, dtd = validate_jats(str(path))
    assert errors == []
    assert dtd == "1.3/JATS-archivearticle1-3.dtd"


def test_journal_with_an_issn_gets_valid_journal_publishing_1_3(
        deposit: Flagship, validate_jats: Callable[..., tuple[list[str], str]]) -> None:
    path = jats_path(deposit)
    tree = parse(path)
    assert tree.docinfo.public_id == PUBLISHING_1_3
    issn = deposit.result.manuscript.metadata.journal
    assert issn is not None and issn.issn
    assert [i.text for i in tree.getroot().iterfind("front/journal-meta/issn")] == [issn.issn]
    errors, dtd = validate_jats(str(path))
    assert errors == []
    assert dtd == "1.3/JATS-journalpublishing1-3.dtd"
    assert validate_jats(str(path), "publishing-1.3")[0] == []


def test_root_declares_version_type_and_language(built: Flagship,
                                                 manuscript_of: Manuscript) -> None:
    root = parse(jats_path(built)).getroot()
    assert root.tag == "article"
    assert root.get("dtd-version") == "1.3"
    assert root.get("article-type") == "research-article"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == \
        manuscript_of.metadata.lang.split("-")[0]
    assert [child.tag for child in root] == ["front", "body", "back"]


def test_front_has_doi_title_and_contributors(article_meta: etree._Element,
                                              manuscript_of: Manuscript) -> None:
    meta = manuscript_of.metadata
    assert [e.text for e in article_meta.iterfind("article-id[@pub-id-type='doi']")] == [meta.doi]
    assert text(article_meta.find("title-group/article-title")) == meta.title
    contribs = article_meta.findall("contrib-group/contrib[@contrib-type='author']")
    assert [(c.findtext("name/surname"), c.findtext("name/given-names")) for c in contribs] == \
        [(a.family, a.given) for a in meta.authors]
    assert [c.get("corresp") == "yes" for c in contribs] == \
        [a.corresponding for a in meta.authors]


def test_front_has_one_aff_per_affiliation_linked_from_its_authors(
        article_meta: etree._Element, manuscript_of: Manuscript) -> None:
    affiliations = {aff.id: aff for a in manuscript_of.metadata.authors for aff in a.affiliations}
    assert affiliations, "the fixture should have affiliations"
    affs = {aff.get("id"): aff for aff in article_meta.iterfind("contrib-group/aff")}
    assert affs.keys() == affiliations.keys()
    for aff_id, aff in affiliations.items():
        assert affs[aff_id].findtext("institution") == aff.name
        assert affs[aff_id].findtext("country") == aff.country
    contribs = article_meta.findall("contrib-group/contrib")
    for contrib, author in zip(contribs, manuscript_of.metadata.authors, strict=True):
        assert [x.get("rid") for x in contrib.iterfind("xref[@ref-type='aff']")] == \
            [aff.id for aff in author.affiliations]


def test_front_names_the_corresponding_author_with_email(article_meta: etree._Element,
                                                         manuscript_of: Manuscript) -> None:
    corresponding = manuscript_of.metadata.corresponding_authors
    assert corresponding, "the fixture should have a corresponding author"
    corresp = article_meta.find("author-notes/corresp")
    assert corresp is not None
    assert [e.text for e in corresp.iterfind("email")] == [a.email for a in corresponding]
    for author in corresponding:
        assert author.name in text(corresp)
    pointers = article_meta.findall("contrib-group/contrib/xref[@ref-type='corresp']")
    assert [x.get("rid") for x in pointers] == [corresp.get("id")] * len(corresponding)


def test_front_has_publication_and_history_dates(article_meta: etree._Element,
                                                 manuscript_of: Manuscript) -> None:
    history = manuscript_of.metadata.history
    assert history.published and history.received and history.accepted
    pub_dates = article_meta.findall("pub-date")
    assert len(pub_dates) == 1
    for element, day in ((pub_dates[0], history.published),
                         (article_meta.find("history/date[@date-type='received']"),
                          history.received),
                         (article_meta.find("history/date[@date-type='accepted']"),
                          history.accepted)):
        assert element is not None
        assert element.get("iso-8601-date") == day.isoformat()
        assert (int(element.findtext("year", "")), int(element.findtext("month", "")),
                int(element.findtext("day", ""))) == (day.year, day.month, day.day)


def test_front_has_volume_issue_and_pages(article_meta: etree._Element,
                                          manuscript_of: Manuscript) -> None:
    meta = manuscript_of.metadata
    assert (article_meta.findtext("volume"), article_meta.findtext("issue"),
            article_meta.findtext("fpage"), article_meta.findtext("lpage")) == \
        (meta.volume, meta.issue, meta.first_page, meta.last_page)


def test_front_has_permissions_with_the_licence_link(article_meta: etree._Element,
                                                     manuscript_of: Manuscript) -> None:
    meta = manuscript_of.metadata
    assert meta.license is not None
    licence = article_meta.find("permissions/license")
    assert licence is not None
    assert licence.get(XLINK_HREF) == meta.license.url
    assert licence.findtext(f"{ALI}license_ref") == meta.license.url
    assert article_meta.findtext("permissions/copyright-year") == str(meta.copyright_year)
    assert article_meta.findtext("permissions/copyright-holder") == meta.copyright_holder


def test_front_has_abstract_and_keywords(article_meta: etree._Element,
                                         manuscript_of: Manuscript) -> None:
    meta = manuscript_of.metadata
    assert meta.abstract and meta.keywords
    assert text(article_meta.find("abstract")) == " ".join(meta.abstract.split())
    assert [k.text for k in article_meta.iterfind("kwd-group/kwd")] == list(meta.keywords)


def test_body_has_one_sec_per_top_level_heading(built: Flagship,
                                                manuscript_of: Manuscript) -> None:
    body = parse(jats_path(built)).getroot().find("body")
    assert body is not None
    sections = body.findall("sec")
    assert [same_words(text(s.find("title"))) for s in sections] == \
        [same_words(h) for h in top_level_headings(manuscript_of)]
    assert len(body) == len(sections), "nothing but <sec>s at the top of the body"


def test_back_has_one_element_citation_per_bibliography_entry(built: Flagship) -> None:
    assert built.result.bibliography.path is not None
    bibliography = load_bibliography(built.result.bibliography.path)
    refs = parse(jats_path(built)).getroot().findall("back/ref-list/ref")
    assert sorted(r.get("id") for r in refs) == \
        sorted(f"ref-{e.key}" for e in bibliography.entries)
    for ref in refs:
        assert len(ref.findall("element-citation")) == 1, ref.get("id")


def test_every_xref_points_at_an_existing_id(built: Flagship) -> None:
    root = parse(jats_path(built)).getroot()
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    xrefs = list(root.iter("xref"))
    assert {x.get("ref-type") for x in xrefs} >= {"aff", "corresp", "bibr"}
    dangling = [(x.get("ref-type"), rid) for x in xrefs for rid in (x.get("rid") or "").split()
                if rid not in ids]
    assert dangling == []
