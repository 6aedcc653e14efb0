"""Loading the .bib (names, years, duplicates, malformed entries) and the APA list it renders to."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from lxml import html
from pages import text_of

from repropub.bibliography import Bibliography, Name, load_bibliography
from repropub.cache import Cache
from repropub.errors import InputError, InputErrors

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def entry_text(page: html.HtmlElement, key: str) -> str:
    [entry] = page.xpath("//ol[@class='reference-list']/li[@id=$id]", id=f"ref-{key}")
    return text_of(entry)


# Loading the flagship's .bib


def test_flagship_bibliography_has_26_entries_with_lines(bibliography: Bibliography) -> None:
    assert len(bibliography.entries) == 26
    assert len(set(bibliography.keys)) == 26
    assert bibliography.duplicates == ()
    assert bibliography["applebaum2017"].line == 1
    lines = [e.line for e in bibliography.entries]
    assert lines == sorted(lines)


def test_particle_is_kept_apart_from_the_family_name(bibliography: Bibliography) -> None:
    first, second = bibliography["vonclosen2021"].authors
    assert (first.particle, first.family, first.given) == ("von", "Closen", "R.")
    assert first.surname == "von Closen"
    assert second.surname == "Dembinski"


def test_group_author_is_one_literal_name_with_its_abbreviation(
        bibliography: Bibliography) -> None:
    entry = bibliography["crs2023"]
    assert entry.authors == (Name(literal="Congressional Research Service"),)
    assert entry.authors[0].is_group
    assert entry.short_author == "CRS"
    assert entry.year == "2023"


def test_braced_publisher_with_and_is_not_split_into_names(bibliography: Bibliography) -> None:
    entry = bibliography["keohane1977"]
    assert [a.surname for a in entry.authors] == ["Keohane", "Nye"]
    assert entry.csl["publisher"] == "Little, Brown and Company"


def test_diacritics_survive_as_composed_unicode(bibliography: Bibliography) -> None:
    family = bibliography["major2022"].authors[1].family
    assert family == "M\u00f6lling"
    assert unicodedata.is_normalized("NFC", family)


# Problems in a .bib


def test_duplicate_key_keeps_the_first_entry_and_records_both_lines() -> None:
    bib = load_bibliography(FIXTURES / "bib-duplicate-key" / "references.bib")
    assert bib.keys == ("smith2020", "jones2019")
    [duplicate] = bib.duplicates
    assert (duplicate.key, duplicate.line, duplicate.first_line) == ("smith2020", 15, 1)
    assert bib["smith2020"].title == "The first of two entries with this key"
    assert "Second Press" not in bib.accepted_text


def test_the_csl_json_the_jats_reads_holds_the_accepted_entries_alone() -> None:
    bib = load_bibliography(FIXTURES / "bib-duplicate-key" / "references.bib")
    items = json.loads(bib.csl_json)
    assert [item["id"] for item in items] == ["smith2020", "jones2019"]
    assert items[0]["title"] == "The first of two entries with this key"


@pytest.mark.parametrize("case", ["citeproc-once", "jats-references", "bib-duplicate-key"])
def test_a_bib_loaded_without_its_csl_json_has_the_same_entries(case: str) -> None:
    path = FIXTURES / case / "references.bib"
    full = load_bibliography(path)
    lean = load_bibliography(path, csl_json=False)
    assert full.csl_json and not lean.csl_json
    assert lean.entries == full.entries
    assert [e.csl for e in lean.entries] == [e.csl for e in full.entries]
    assert (lean.accepted_text, lean.duplicates) == (full.accepted_text, full.duplicates)


def test_every_malformed_entry_is_an_error_with_its_line() -> None:
    path = FIXTURES / "bib-malformed" / "references.bib"
    with pytest.raises(InputErrors) as caught:
        load_bibliography(path)
    errors = caught.value.errors
    assert [(e.path, e.line) for e in errors] == [(path, 8), (path, 15)]
    assert "unclosed2021" in errors[0].message
    assert "nocomma2022" in errors[1].message
    assert str(caught.value).splitlines()[0].startswith(f"{path}:8: error: ")


def test_missing_bib_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.bib"
    with pytest.raises(InputError, match="bibliography not found") as caught:
        load_bibliography(missing)
    assert caught.value.path == missing


# Pandoc's reading of the .bib, kept in the cache


def test_an_unchanged_bib_is_not_read_by_pandoc_again(tmp_path: Path) -> None:
    source = FIXTURES / "citeproc-once" / "references.bib"
    first, again = Cache(tmp_path / "cache"), Cache(tmp_path / "cache")
    read = load_bibliography(source, cache=first)
    reread = load_bibliography(source, cache=again)
    assert (first.rendered, again.rendered, again.reused) == (["bib"], [], ["bib"])
    assert reread == read
    assert reread["nakamura2019"].authors[1] == Name(family="Berg", given="Pieter",
                                                     dropping_particle="van der")


def test_a_bib_kept_with_its_csl_json_serves_a_build_without_jats_but_not_the_reverse(
        tmp_path: Path) -> None:
    source = FIXTURES / "citeproc-once" / "references.bib"
    lean, full, again = (Cache(tmp_path / name) for name in ("lean", "full", "full"))
    load_bibliography(source, cache=lean, csl_json=False)
    assert load_bibliography(source, cache=lean).csl_json  # a lean entry never stands in
    assert lean.rendered == ["bib", "bib"]
    kept = load_bibliography(source, cache=full)
    assert load_bibliography(source, cache=again, csl_json=False) == kept
    assert again.reused == ["bib"]


def test_an_edited_bib_is_read_by_pandoc_again(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text((FIXTURES / "citeproc-once" / "references.bib").read_text(encoding="utf-8"),
                   encoding="utf-8")
    load_bibliography(bib, cache=Cache(tmp_path / "cache"))
    bib.write_text(bib.read_text(encoding="utf-8").replace("Petrov, Ivan", "Petrova, Irina"),
                   encoding="utf-8")
    edited = Cache(tmp_path / "cache")
    assert load_bibliography(bib, cache=edited)["petrov2020"].authors == (
        Name(family="Petrova", given="Irina"),)
    assert edited.rendered == ["bib"]


def test_malformed_entries_are_reported_with_their_lines_with_a_warm_cache(
        tmp_path: Path) -> None:
    path = FIXTURES / "bib-malformed" / "references.bib"
    cache = tmp_path / "cache"
    for _ in range(2):
        with pytest.raises(InputErrors) as caught:
            load_bibliography(path, cache=Cache(cache))
        assert [(e.path, e.line) for e in caught.value.errors] == [(path, 8), (path, 15)]


# The APA reference list of the flagship, as rendered


def test_reference_list_is_in_apa_order(page: html.HtmlElement) -> None:
    entries = [text_of(li) for li in page.xpath("//ol[@class='reference-list']/li")]
    assert len(entries) == 26
    assert entries == sorted(entries, key=str.casefold)


def test_particle_author_entry_starts_apa_style(page: html.HtmlElement) -> None:
    assert entry_text(page, "vonclosen2021").startswith(
        "von Closen, R., & Dembinski, M. (2021). Minsk agreements and their failure")


def test_edition_is_given_after_the_title(page: html.HtmlElement) -> None:
    [entry] = page.xpath("//li[@id='ref-keohane2001']")
    assert entry.xpath("em/text()") == ["Power and interdependence"]
    assert text_of(entry) == ("Keohane, R. O., & Nye, J. S. (2001). Power and interdependence "
                              "(3rd ed.). Longman.")


def test_braced_publisher_is_intact(page: html.HtmlElement) -> None:
    assert entry_text(page, "keohane1977").endswith(". Little, Brown and Company.")


def test_diacritic_author_is_rendered(page: html.HtmlElement) -> None:
    assert entry_text(page, "major2022").startswith("Major, C., & M\u00f6lling, C. (2022).")


def test_protected_lowercase_word_stays_lowercase(page: html.HtmlElement) -> None:
    text = entry_text(page, "crs2023")
    assert text.startswith("Congressional Research Service. (2023). U.S. security assistance "
                           "to Ukraine: Background and policy issues")
    assert "U.S. Security" not in text
    assert "(CRS Report No. R45504)" in text


def test_journal_article_has_italic_journal_and_volume(page: html.HtmlElement) -> None:
    [entry] = page.xpath("//li[@id='ref-eke2021']")
    assert entry.xpath("em/text()") == ["International Relations Journal", "34"]
    assert text_of(entry).endswith("International Relations Journal, 34(2), 44\u201367.")


def test_urls_are_links(page: html.HtmlElement) -> None:
    for key, url in (("europeancommission2023", "https://ec.europa.eu/energy"),
                     ("transparencyinternational2023", "https://transparency.org")):
        [entry] = page.xpath("//li[@id=$id]", id=f"ref-{key}")
        assert entry.xpath("a/@href") == [url]
