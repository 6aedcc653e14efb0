"""Reading a doi field as authors write it."""

from __future__ import annotations

import pytest

from repropub.references.doi import find, read


def test_a_bare_doi_is_read_lower_cased_with_no_problem():
    field = read("10.1371/journal.PONE.0033693")
    assert field.doi == "10.1371/journal.pone.0033693" and field.problems == ()


@pytest.mark.parametrize("raw", ["https://doi.org/10.1111/ele.14024",
                                 "http://dx.doi.org/10.1111/ele.14024",
                                 "doi.org/10.1111/ele.14024"])
def test_a_doi_pasted_as_a_url_is_read_and_reported(raw):
    field = read(raw)
    assert field.doi == "10.1111/ele.14024" and field.problems == ("is written as a URL",)


def test_a_doi_prefix_and_a_trailing_full_stop_are_two_problems():
    field = read("doi:10.1111/ele.14024.")
    assert field.doi == "10.1111/ele.14024" and len(field.problems) == 2


@pytest.mark.parametrize("raw", ["10.123/abc", "11.1234/abc", "10.1234/has space", "ele.14024"])
def test_what_is_not_a_doi_is_invalid_and_not_looked_up(raw):
    field = read(raw)
    assert field.doi is None and field.invalid


def test_a_doi_is_found_in_a_reference_typed_as_text():
    text = "Boettiger, C. (2022). The forecast trap. Ecology Letters. https://doi.org/10.1111/ele.14024."
    assert find(text) == "10.1111/ele.14024"
    assert find("Keohane, R. (1977). Power and interdependence.") is None
