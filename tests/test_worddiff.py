"""The word-level diff `build.py fix` prints: changes marked in place, long paragraphs cut."""

from __future__ import annotations

from repropub.worddiff import word_diff


def test_changed_words_are_marked_in_place_with_their_neighbours_kept() -> None:
    before = "Intro.\n\nGermany turned a corner (Major 2022, pp. 2).\n"
    after = "Intro.\n\nGermany turned a corner (Major & Mölling, 2022, p. 2).\n"
    lines = word_diff(before, after, "paper.md").split("\n")
    assert lines == ["--- paper.md", "+++ paper.md (fixed)", "@@ line 3 @@",
                     "Germany turned a corner (Major {+& Mölling, +}2022, [-pp-]{+p+}. 2)."]


def test_a_long_paragraph_shows_only_the_words_around_each_change() -> None:
    filler = " ".join(f"word{n}" for n in range(200))
    before = f"{filler} (Keohane and Nye 1977) {filler}"
    after = f"{filler} (Keohane & Nye, 1977) {filler}"
    shown = word_diff(before, after, "paper.md").split("\n")[-1]
    assert shown.startswith("\u2026") and shown.endswith("\u2026")
    assert "(Keohane [-and-]{+&+} Nye{+,+} 1977)" in shown
    assert len(shown) < 150
    assert "word100 " not in shown


def test_a_colour_terminal_gets_red_and_green_instead_of_brackets() -> None:
    shown = word_diff("(Waltz, 1980).", "(Waltz, 1979).", "paper.md", color=True)
    assert shown.split("\n")[-1] == "(Waltz, \x1b[31m1980\x1b[0m\x1b[32m1979\x1b[0m)."
    assert "[-" not in shown


def test_identical_texts_give_no_diff() -> None:
    assert word_diff("same text\n", "same text\n", "paper.md") == ""


def test_a_range_is_one_word() -> None:
    shown = word_diff("agree [4\u20132].", "agree [2\u20134].", "paper.md")
    assert shown.split("\n")[-1] == "agree [[-4\u20132-]{+2\u20134+}]."
