"""Typographic quotes and hyphenation of the text the template prints from the front matter."""

from __future__ import annotations

import pyphen
import pytest

from repropub.typography import LazyPatterns, curly_quotes, hyphenate


@pytest.mark.parametrize(("written", "printed"), [
    ("Ukraine's Security", "Ukraine\u2019s Security"),
    ('He said "no" ("maybe")', "He said \u201cno\u201d (\u201cmaybe\u201d)"),
    ("the States' aid", "the States\u2019 aid"),
    ("'quoted' word", "\u2018quoted\u2019 word"),
    ("in the '90s", "in the \u201990s"),
])
def test_straight_quotes_become_the_ones_pandoc_prints_in_the_body(written: str,
                                                                    printed: str) -> None:
    assert curly_quotes(written) == printed


def test_long_words_get_soft_hyphens_by_the_articles_language() -> None:
    text = hyphenate("the termination of hostilities", "en-US")
    assert text.replace("\u00ad", "") == "the termination of hostilities"
    assert "ter\u00admi\u00adna\u00adtion" in text
    assert "the" in text.split() and "of" in text.split()


def test_a_language_without_a_dictionary_is_left_unhyphenated() -> None:
    assert hyphenate("Sonderforschungsbereich", "tlh") == "Sonderforschungsbereich"


@pytest.mark.parametrize("language", ["en_US", "de_DE", "hu_HU", "af_ZA", "hr_HR", "mn_MN"])
def test_patterns_read_on_demand_are_those_pyphen_reads(language: str) -> None:
    # de_DE is the largest file, hu_HU has nonstandard hyphens ("ssz/sz=sz,1,3"), af_ZA writes
    # a character as ^^hh, hr_HR and mn_MN have all-zero and repeated patterns
    path = pyphen.LANGUAGES[language]
    eager, lazy = pyphen.HyphDict(path), LazyPatterns(path)
    for letters, (start, values) in eager.patterns.items():
        assert lazy.patterns.get(letters) == (start, values)
        assert [getattr(v, "data", None) for v in lazy.patterns.get(letters)[1]] == \
            [getattr(v, "data", None) for v in values]
    assert not [k for k in list(lazy.patterns)
                if k not in eager.patterns and lazy.patterns.get(k) is not None]


def test_hyphens_are_those_of_pyphen() -> None:
    text = "Sonderforschungsbereiche examine the termination of hostilities internationally"
    reference = pyphen.Pyphen(filename=pyphen.LANGUAGES["de_DE"], cache=False)
    assert hyphenate(text, "de-DE").split() == [
        reference.inserted(word, hyphen="\u00ad") if len(word) >= 7 else word
        for word in text.split()]
