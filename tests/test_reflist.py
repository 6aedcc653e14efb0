"""No-bib mode: the manuscript's reference list read as a bibliography."""

from __future__ import annotations

import pytest
from checking import FIXTURES

from repropub.errors import InputError
from repropub.manuscript import read_manuscript
from repropub.reflist import find_section, parse_entry, parse_reference_list, split_authors


def test_reference_list_entries_keep_their_manuscript_lines():
    manuscript = read_manuscript(FIXTURES / "check-reference-list" / "manuscript.md")
    bibliography = parse_reference_list(manuscript)
    assert bibliography.path == manuscript.path
    assert [(e.key, e.line) for e in bibliography.entries] == [
        ("congressionalresearc2023", 12), ("keohane1977", 14), ("major2022", 16),
        ("mearsheimer2014", 18), ("pifer2017", 21), ("waltz1979", 22)]
    assert [n.surname for n in bibliography.entries[2].authors] == ["Major", "Mölling"]
    assert bibliography.entries[0].authors[0].is_group


def test_apa_entry_with_particles_and_group_authors():
    entry = parse_entry("van Buuren, M. M., Tuval Feder, J., ICGC PedBrain, & Zucman-Rossi, J. "
                        "(2010b). A title. Journal, 1, 2.", 7)
    assert entry is not None
    assert [n.surname for n in entry.authors] == ["van Buuren", "Tuval Feder", "ICGC PedBrain",
                                                  "Zucman-Rossi"]
    assert entry.year == "2010b"
    assert entry.line == 7


def test_harvard_entry_and_no_date():
    entry = parse_entry("Smith, J. and Jones, K. (n.d.) Title. Publisher.", 3)
    assert entry is not None and entry.year is None
    assert [n.family for n in entry.authors] == ["Smith", "Jones"]


def test_vancouver_style_names():
    assert [n.family for n in split_authors("Smith JA, Lee K")] == ["Smith", "Lee"]


@pytest.mark.parametrize("heading", ["# References", "## Reference", "### Bibliography",
                                     "References\n==========", "**Works Cited**"])
def test_reference_section_headings(heading):
    text = f"Intro (Smith, 2001).\n\n{heading}\n\nSmith, A. (2001). T.\n"
    section = find_section(text)
    assert section is not None
    assert text[section.start:].startswith(heading.split("\n")[0])


def test_section_ends_at_the_next_heading_of_its_level():
    text = "## References\n\nA, B. (2001). T.\n\n## Appendix\n\nB (2002) says.\n"
    section = find_section(text)
    assert section is not None and text[section.end:].startswith("## Appendix")


def test_no_reference_list_is_an_input_error(tmp_path):
    path = tmp_path / "m.md"
    path.write_text("# Title\n\nText (Smith, 2001).\n", encoding="utf-8")
    with pytest.raises(InputError, match="no reference list"):
        parse_reference_list(read_manuscript(path))
