"""The article's own citation as files (`article.json`, `article.bib`, `article.ris`) and the
page's "Cite this article" box that offers them.

Each file is read back with a parser (json, the project's own BibTeX loader, RIS's tag lines)
and compared with the manuscript's front matter, for the flagship (one author) and the
`deposit-article` fixture (two authors, an ISSN and a landing-page URL).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html
from pages import Flagship, parse_html, text_of

from repropub.bibliography import load_bibliography
from repropub.config import Config
from repropub.manuscript import read_manuscript
from repropub.metadata import ArticleMetadata
from repropub.pipeline import build

pytestmark = pytest.mark.slow

RIS_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])  - (?P<value>.*)$")
READER_FILES = ("article.pdf", "article.bib", "article.ris", "article.json", "article.jats.xml")
"""What a reader may download from the page (the Crossref deposit is for Crossref, not them)."""


@pytest.fixture(params=["flagship", "deposit"])
def built(request: pytest.FixtureRequest) -> Flagship:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture
def meta(built: Flagship) -> ArticleMetadata:
    """The front matter, read again from the manuscript file."""
    return read_manuscript(built.result.manuscript.path).metadata


def ris_records(path: Path) -> list[tuple[str, str]]:
    data = path.read_bytes()
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n"), "every line ends in CRLF"
    lines = data.decode("utf-8").split("\r\n")[:-1]
    matches = [RIS_LINE.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    return [(m["tag"], m["value"]) for m in matches if m]


def downloads(page: html.HtmlElement) -> list[html.HtmlElement]:
    """The links in the "Cite this article" box."""
    boxes = [h.getparent() for h in page.iter("h2") if text_of(h) == "Cite this article"]
    assert len(boxes) == 1
    return [a for a in boxes[0].iter("a") if a.get("download") is not None]


def test_csl_json_round_trips_the_front_matter(built: Flagship, meta: ArticleMetadata) -> None:
    items = json.loads((built.out_dir / "article.json").read_text(encoding="utf-8"))
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    published = meta.history.published
    assert published is not None
    assert item["type"] == "article-journal"
    assert item["title"] == meta.title
    assert item["author"] == [{"family": a.family, "given": a.given} for a in meta.authors]
    assert item["DOI"] == meta.doi
    assert item["issued"] == {"date-parts": [[published.year, published.month, published.day]]}
    assert (item["volume"], item["issue"]) == (meta.volume, meta.issue)
    assert item["page"] == f"{meta.first_page}\u2013{meta.last_page}"
    assert meta.journal is not None
    assert item["container-title"] == meta.journal.title


def test_bibtex_parses_with_the_same_authors_year_and_title(built: Flagship,
                                                            meta: ArticleMetadata) -> None:
    bibliography = load_bibliography(built.out_dir / "article.bib")
    assert len(bibliography.entries) == 1
    entry = bibliography.entries[0]
    assert [(n.family, n.given) for n in entry.authors] == \
        [(a.family, a.given) for a in meta.authors]
    assert entry.year == str(meta.year)
    assert entry.title == meta.title
    assert entry.csl["type"] == "article-journal"
    assert str(entry.csl.get("DOI") or entry.csl.get("doi")) == meta.doi


def test_ris_has_its_tags_in_order_with_crlf_line_ends(built: Flagship,
                                                       meta: ArticleMetadata) -> None:
    records = ris_records(built.out_dir / "article.ris")
    tags = [tag for tag, _ in records]
    assert tags[0] == "TY" and tags[-1] == "ER"
    assert tags.count("TY") == tags.count("ER") == 1
    first_author = tags.index("AU")
    assert 0 < first_author < tags.index("PY") < tags.index("DO") < len(tags) - 1
    values: dict[str, list[str]] = {}
    for tag, value in records:
        values.setdefault(tag, []).append(value)
    assert values["TY"] == ["JOUR"]
    assert values["AU"] == [f"{a.family}, {a.given}" for a in meta.authors]
    assert tags[first_author:first_author + len(meta.authors)] == ["AU"] * len(meta.authors)
    assert values["PY"] == [str(meta.year)]
    assert values["DO"] == [meta.doi]
    assert values["TI"] == [meta.title]
    assert (values["VL"], values["IS"], values["SP"], values["EP"]) == \
        ([meta.volume], [meta.issue], [meta.first_page], [meta.last_page])
    assert values["ER"] == [""]


def test_cite_box_links_every_downloadable_file_and_each_link_resolves(built: Flagship) -> None:
    links = downloads(parse_html(built.html_path))
    hrefs = [a.get("href", "") for a in links]
    for href in hrefs:
        target = (built.out_dir / href).resolve()
        assert target.is_file(), href
        assert target.parent == built.out_dir.resolve(), href
    assert sorted(hrefs) == sorted(n for n in READER_FILES if (built.out_dir / n).is_file())
    assert len(hrefs) == len(READER_FILES)


def test_cite_box_links_only_the_files_a_partial_build_writes(deposit: Flagship,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(Config(manuscript=deposit.result.manuscript.path,
                 bibliography=deposit.result.bibliography.path, out_dir=out,
                 formats=frozenset({"html", "citations"})))
    hrefs = sorted(a.get("href", "") for a in downloads(parse_html(out / "article.html")))
    assert hrefs == ["article.bib", "article.json", "article.ris"]
    assert all((out / href).is_file() for href in hrefs)
    assert not (out / "article.pdf").exists()
