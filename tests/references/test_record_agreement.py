"""What is and is not a difference between an entry and a registry's record."""

from __future__ import annotations

from repropub.bibliography import Entry, Name
from repropub.references.agreement import differences, normalise, title_similarity
from repropub.registry.records import Work

WORK = Work(doi="10.5555/12345678", registry="crossref",
            title="Toward a Unified Theory of High-Energy Metaphysics: Silly String Theory",
            authors=("Carberry",), years=(2008,), containers=("Journal of Psychoceramics", "JP"),
            volume="1", pages="1655-1664")


def entry(title: str = WORK.title, family: str = "Carberry", year: str = "2008",
          **csl: str) -> Entry:
    return Entry("carberry2008", "article", 1, (Name(family=family),), year, title,
                 csl={"container-title": "Journal of Psychoceramics", "volume": "1", **csl})


def test_case_diacritics_punctuation_and_markup_are_not_differences():
    assert normalise("<i>Über</i> the &amp; Théory—of") == "uber the theory of"
    assert differences(entry("toward a unified theory of high energy metaphysics: silly "
                             "string theory"), WORK) == []
    assert differences(entry(family="Carbérry"), WORK) == []


def test_a_subtitle_left_out_is_not_a_difference_but_another_subtitle_is():
    assert title_similarity("Toward a unified theory of high-energy metaphysics", WORK) >= 90
    assert title_similarity("Toward a unified theory of high-energy metaphysics: Loops", WORK) < 90
    split = Work(doi="10.1/x", registry="crossref", title="Everyone loses",
                 subtitle="The Ukraine crisis")
    assert title_similarity("Everyone loses: The Ukraine crisis", split) >= 90


def test_a_journal_abbreviation_and_a_page_range_shorthand_agree():
    assert differences(entry(**{"container-title": "J. Psychoceramics", "page": "1655--64"}),
                       WORK) == []


def test_each_field_that_differs_is_named_with_both_values():
    found = {d.field: (d.ours, d.theirs) for d in differences(
        entry(title="A theory of everything", family="Carbery", year="2010",
              **{"container-title": "Journal of Ceramics", "volume": "2", "page": "100-110"}),
        WORK)}
    assert found == {"title": ("A theory of everything", WORK.title),
                     "first author": ("Carbery", "Carberry"), "year": ("2010", "2008"),
                     "journal": ("Journal of Ceramics", "Journal of Psychoceramics"),
                     "volume": ("2", "1"), "pages": ("100-110", "1655-1664")}
