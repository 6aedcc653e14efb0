"""The Crossref deposit (`out/article.crossref.xml`): schema 5.3.1, written only when the front
matter names the depositor (`crossref:`) and the landing page (`url:`).

The `deposit-article` fixture has that configuration; the flagship does not, so its default
build skips the deposit with a warning, and asking for it by name is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pages import Flagship

from repropub.bibliography import load_bibliography
from repropub.cli import main
from repropub.config import Config
from repropub.errors import EXIT_FAILURE, PipelineError
from repropub.manuscript import read_manuscript
from repropub.pipeline import build

pytestmark = pytest.mark.slow

CR = "{http://www.crossref.org/schema/5.3.1}"
DIAGNOSTIC = re.compile(r"^(?P<path>.+?): (?P<severity>error|warning): (?P<message>.+) "
                        r"\[(?P<code>[\w.-]+)\]$")


def deposit_root(out_dir: Path) -> etree._Element:
    return etree.parse(str(out_dir / "article.crossref.xml"),
                       etree.XMLParser(no_network=True, resolve_entities=False)).getroot()


def child(parent: etree._Element, path: str) -> etree._Element:
    """The one element at `path` (Crossref tags, written without their namespace)."""
    found = parent.findall("/".join(f"{CR}{step}" for step in path.split("/")))
    assert len(found) == 1, f"{len(found)} <{path}>"
    return found[0]


def timestamp(out_dir: Path) -> str:
    return child(deposit_root(out_dir), "head/timestamp").text or ""


def build_deposit_only(deposit: Flagship, out_dir: Path) -> None:
    """The fixture again, asking for the Crossref deposit alone (pandoc's work comes from the
    cache the session build filled)."""
    build(Config(manuscript=deposit.result.manuscript.path,
                 bibliography=deposit.result.bibliography.path, out_dir=out_dir,
                 formats=frozenset({"crossref"}), required=frozenset({"crossref"})))


@pytest.fixture
def article(deposit: Flagship) -> etree._Element:
    return child(deposit_root(deposit.out_dir), "body/journal/journal_article")


def test_deposit_is_valid_against_crossref_schema_5_3_1(
        deposit: Flagship, validate_crossref: Callable[[str], list[str]]) -> None:
    path = deposit.out_dir / "article.crossref.xml"
    assert path in deposit.result.outputs
    assert etree.parse(str(path)).getroot().tag == f"{CR}doi_batch"
    assert validate_crossref(str(path)) == []


def test_head_names_the_depositor_from_the_front_matter(deposit: Flagship) -> None:
    meta = read_manuscript(deposit.result.manuscript.path).metadata
    assert meta.deposit is not None
    head = child(deposit_root(deposit.out_dir), "head")
    assert child(head, "depositor/depositor_name").text == meta.deposit.depositor
    assert child(head, "depositor/email_address").text == meta.deposit.email
    assert child(head, "registrant").text == meta.deposit.registrant
    assert child(head, "doi_batch_id").text


def test_doi_data_registers_the_doi_at_the_landing_page(deposit: Flagship,
                                                        article: etree._Element) -> None:
    meta = read_manuscript(deposit.result.manuscript.path).metadata
    assert child(article, "doi_data/doi").text == meta.doi
    assert child(article, "doi_data/resource").text == meta.url
    assert child(article, "titles/title").text == meta.title


def test_contributors_have_given_and_family_names_in_order(deposit: Flagship,
                                                           article: etree._Element) -> None:
    authors = read_manuscript(deposit.result.manuscript.path).metadata.authors
    assert len(authors) >= 2, "the fixture should have more than one author"
    people = child(article, "contributors").findall(f"{CR}person_name")
    assert [(p.findtext(f"{CR}given_name"), p.findtext(f"{CR}surname")) for p in people] == \
        [(a.given, a.family) for a in authors]
    assert [p.get("sequence") for p in people] == ["first"] + ["additional"] * (len(people) - 1)
    assert {p.get("contributor_role") for p in people} == {"author"}


def test_citation_list_has_one_citation_per_entry_with_the_formatted_reference(
        deposit: Flagship, article: etree._Element) -> None:
    assert deposit.result.bibliography.path is not None
    entries = load_bibliography(deposit.result.bibliography.path).entries
    citations = child(article, "citation_list").findall(f"{CR}citation")
    assert [c.get("key") for c in citations] == [f"ref-{e.key}" for e in entries]
    for citation, entry in zip(citations, entries, strict=True):
        unstructured = citation.findall(f"{CR}unstructured_citation")
        assert len(unstructured) == 1, entry.key
        assert entry.year in (unstructured[0].text or ""), entry.key


def test_citation_of_an_entry_with_a_doi_carries_the_doi(deposit: Flagship,
                                                         article: etree._Element) -> None:
    """`mearsheimer2014` has `doi = {10.2307/24483306}` in the fixture's .bib."""
    citation = child(article, "citation_list").find(f"{CR}citation[@key='ref-mearsheimer2014']")
    assert citation is not None
    assert [d.text for d in citation.iterfind(f"{CR}doi")] == ["10.2307/24483306"]


def test_timestamp_is_the_publication_date_without_source_date_epoch(deposit: Flagship) -> None:
    published = read_manuscript(deposit.result.manuscript.path).metadata.history.published
    assert published is not None
    assert timestamp(deposit.out_dir) == published.strftime("%Y%m%d") + "000000"


def test_timestamp_follows_source_date_epoch(deposit: Flagship, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    build_deposit_only(deposit, tmp_path / "out")
    assert timestamp(tmp_path / "out") == "20231114221320"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["article.crossref.xml", "manifest.json"]


def test_default_build_without_configuration_skips_the_deposit_naming_what_is_missing(
        flagship: Flagship) -> None:
    assert not (flagship.out_dir / "article.crossref.xml").exists()
    skipped = [m for m in map(DIAGNOSTIC.match, flagship.result.warnings)
               if m and m["code"] == "export.crossref-skipped"]
    assert len(skipped) == 1
    assert skipped[0]["severity"] == "warning"
    assert Path(skipped[0]["path"]) == flagship.result.manuscript.path
    lacks = skipped[0]["message"].rpartition("lacks ")[2]
    assert {name.strip() for name in lacks.split(",")} == \
        {"url", "crossref.depositor", "crossref.email"}


def test_asking_for_the_deposit_without_configuration_exits_2_naming_the_setting(
        flagship: Flagship, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--formats", "crossref", "--out", str(out)]) == EXIT_FAILURE
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    for setting in ("url", "crossref.depositor", "crossref.email"):
        assert f"'{setting}'" in lines[0]
    assert not out.exists()


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5e9"])
def test_malformed_source_date_epoch_exits_2_with_one_line(
        value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "out"
    assert main(["--out", str(out)]) == EXIT_FAILURE
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert "SOURCE_DATE_EPOCH" in lines[0]
    assert not out.exists()
    with pytest.raises(PipelineError):
        build(Config(out_dir=out))
