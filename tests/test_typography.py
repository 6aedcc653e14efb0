"""Typographic quotes and hyphenation of the text the template prints from the front matter."""

from __future__ import annotations

import pytest

from repropub.typography import curly_quotes, hyphenate


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
