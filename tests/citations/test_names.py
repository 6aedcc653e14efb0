"""Names compared as a careful reader compares them."""

from __future__ import annotations

import pytest

from repropub.citations.names import distance, fold, near, same


def test_fold_removes_case_and_diacritics():
    assert fold("Şener") == fold("sener") == "sener"
    assert fold("Mölling") == "molling"
    assert fold("O\u2019Brien") == fold("O'Brien")


def test_particles_may_be_left_out():
    assert same("Closen", "von Closen")
    assert same("von Closen", "von Closen")


@pytest.mark.parametrize(("typed", "listed"), [("Lewin", "Levin"), ("Mearsheimar", "Mearsheimer"),
                                               ("Pleasence", "Pleasance")])
def test_one_letter_off_is_near(typed, listed):
    assert near(typed, listed)


@pytest.mark.parametrize(("typed", "listed"), [("Lee", "Li"), ("Smith", "Jones"),
                                               ("Wang", "Zhang")])
def test_different_names_are_not_near(typed, listed):
    assert not near(typed, listed)


def test_adjacent_swap_is_one_edit():
    assert distance("abcd", "abdc") == 1
