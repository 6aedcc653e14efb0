"""Numbered citation markers: the forms read, what is not a citation, the order of first
citation, and when a manuscript cites by number at all."""

from __future__ import annotations

import pytest

from repropub.citations.numbered import (
    find_numbered,
    find_referenced,
    first_citation_order,
    is_numeric,
    named_author,
)
from repropub.citations.source import make_source


def numbers(text: str) -> list[tuple[str, list[int]]]:
    return [(m.form, [c.number for c in m.cited]) for m in find_numbered(text, text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("healing [1].", [("bracket", [1])]),
    ("trials [2-4] and [2\u20134].", [("bracket", [2, 3, 4]), ("bracket", [2, 3, 4])]),
    ("lists [1, 5, 7].", [("bracket", [1, 5, 7])]),
    ("healing.^1,3-5^", [("superscript", [1, 3, 4, 5])]),
    ("cohorts<sup>3,4</sup>", [("superscript", [3, 4])]),
    ("found no effect.\u00b2\u00b3", [("superscript", [23])]),
    ("trials\u00b9\u207b\u00b3 agree", [("superscript", [1, 2, 3])]),
    # a dash left on the line between raised numbers, as copied from a PDF
    ("trials\u00b9\u2013\u00b3 and cohorts\u2074-\u2076 agree",
     [("superscript", [1, 2, 3]), ("superscript", [4, 5, 6])]),
    ("healing ^2^, not 4 ^2^ nor x ^3^", [("superscript", [2])]),
    ("as shown (1).", [("paren", [1])]),
    ("IEEE ranges [6]\u2013[8] and [2] - [3], not [1], [5].",
     [("bracket", [6, 7, 8]), ("bracket", [2, 3]), ("bracket", [1]), ("bracket", [5])]),
])
def test_each_form_of_number_is_read_with_its_ranges_expanded(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize("text", [
    "a link [1](https://example.org) and a footnote [^1]",
    "a definition\n[1]: https://example.org",
    "the crystal A[1] and 4 km\u00b2 or 10^3^ cells",
    "the year [2010] and Eq. (2) and Figure (3)",
    "(1) an enumeration at the start of a line",
])
def test_links_footnotes_units_years_and_equations_are_not_numbered_citations(text):
    assert numbers(text) == []


def test_a_range_written_backwards_gives_the_range_forwards():
    (marker,) = find_numbered("agree [4\u20132].", "agree [4\u20132].")
    assert [c.number for c in marker.cited] == [2, 3, 4]
    assert [(b.text, b.fixed) for b in marker.backwards] == [("4\u20132", "2\u20134")]


def test_a_range_of_bracketed_numbers_written_backwards_gives_it_forwards():
    (marker,) = find_numbered("agree [8]\u2013[6].", "agree [8]\u2013[6].")
    assert [c.number for c in marker.cited] == [6, 7, 8]
    assert [(b.text, b.fixed) for b in marker.backwards] == [
        ("[8]\u2013[6]", "[6]\u2013[8]")]


def test_a_number_cited_before_a_lower_one_breaks_the_order_of_first_citation_once():
    text = "one [1], then [3, 4], then [2], then [5]."
    found = list(first_citation_order(find_numbered(text, text), range(1, 6)))
    assert [(cited.number, expected) for cited, expected in found] == [(3, 2)]


def test_numbers_without_a_reference_do_not_count_for_the_order():
    text = "one [1], then [9], then [2]."
    assert list(first_citation_order(find_numbered(text, text), {1, 2})) == []


def test_a_manuscript_is_numeric_when_its_numbers_outnumber_its_author_date_citations():
    text = "a [1] b [2] c [3]"
    markers = find_numbered(text, text)
    assert is_numeric(markers, author_date=0)
    assert not is_numeric(markers, author_date=40)
    enumerations = "steps (1) load, (2) rest and (3) walk"
    assert not is_numeric(find_numbered(enumerations, enumerations), author_date=5)


def test_numbers_in_parentheses_cite_only_beside_a_numbered_reference_list():
    text = "as shown (1), confirmed (2) and disputed (3), from (6)"
    markers = find_numbered(text, text)
    assert not is_numeric(markers, author_date=0)
    assert is_numeric(markers, author_date=0, numbered_list=True)


@pytest.mark.parametrize(("text", "expected"), [
    ("see refs. 3 and 4, and ref. 12.", [[3, 4], [12]]),
    ("as referências 5 e 6 e a ref. 7", [[5, 6], [7]]),
    ("las referencias 2-4 y 8", [[2, 3, 4, 8]]),
    ("a reference 10 mm long, the reference 5 V supply, the reference 25 \u00b0C", []),
])
def test_numbers_named_by_a_word_for_reference_cite_them_but_not_a_measure(text, expected):
    assert [[c.number for c in m.cited] for m in find_referenced(text, 30)] == expected


@pytest.mark.parametrize(("text", "name", "et_al"), [
    ("as Silva et al.^4^ showed", "Silva", True),
    ("as García y col. [4] showed", "García", True),
    ("as Patel and Wong [4] showed", "Patel", False),
    ("as Silva et al.(4) showed", "Silva", True),
    ("as Jones\u2074 showed", "Jones", False),
    ("as shown in [4]", None, False),
    ("the results and Table [4]", "Table", False),
])
def test_the_author_named_before_a_number_is_read(text, name, et_al):
    (marker,) = find_numbered(text, text)
    named = named_author(text, marker)
    assert (named.name, named.et_al) == (name, et_al) if name else named is None


@pytest.mark.parametrize("text", [
    "$$ a = b \\tag{3} $$\n\nThe cells grew (1), and from (3) the rate follows (2).",
    "$$ a = b \\qquad (3) $$\n\nThe cells grew (1), and from (3) the rate follows (2).",
    "$$ a = b $$ (3)\n\nThe cells grew (1), and from (3) the rate follows (2).",
    "a = b\t(3)\n\nThe cells grew (1), and from (3) the rate follows (2).",
    "$$ a = b $$ {#eq:a}\n$$ c = d $$ {#eq:b}\n$$ e $$ {#eq:c}\n\n"
    "The cells grew (1), and from (3) the rate follows (2).",
])
def test_a_number_the_manuscript_gives_an_equation_is_no_citation_after_from(text):
    masked = make_source(text, 0).masked  # the math blanked, as the checker reads the text
    assert [[c.number for c in m.cited] for m in find_numbered(masked, text)] == [[1], [2]]


def test_an_equation_number_no_reference_has_is_the_equation_whatever_the_words_before():
    text = "$$ a \\tag{7} $$\n\nThe cells grew (1), as (7) shows (2)."
    assert [(m.form, [c.number for c in m.cited]) for m in find_numbered(text, text, 2)] == [
        ("paren", [1]), ("paren", [2])]


@pytest.mark.parametrize(("text", "expected"), [
    # without numbered equations, a word of mathematics before the number is a thing's name
    ("a chronic condition (1) and the hygiene hypothesis (2) hold", [[1], [2]]),
    ("as shown (1). Under hypothesis (1) the model (2) holds.", [[1], [2]]),
    ("as shown (1). Hypothesis (2) states more.", [[1]]),
    ("Gleichung (3) und Abb. (2) zeigen es (1).", [[1]]),
    ("a equação (2) e as equações (3)-(4) seguem a revisão (1).", [[1]]),
])
def test_a_word_of_mathematics_names_a_part_only_where_it_names_a_statement(text, expected):
    assert [n for _, n in numbers(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a hard-wrapped sentence goes on with a citation at the line's start
    ("Cohorts in adults\n(1-3) agree, as do trials (4).", [[1, 2, 3], [4]]),
    # but a line after a colon, a blank line or an item begins an enumeration
    ("The aims were:\n(1) to describe (2).", [[2]]),
    ("Intro (1).\n\n(2) A list item.", [[1]]),
    ("- an item\n(3) another.", []),
    # and one whose next item follows it, each with a lower-case word after: '(1) describe,
    # (2) compare'
    ("Asthma is common (1). We aimed to\n(1) describe the cohort, (2) compare the groups.",
     [[1]]),
])
def test_a_number_at_a_line_start_cites_only_where_it_goes_on_a_wrapped_sentence(
        text, expected):
    assert [n for _, n in numbers(text)] == expected
