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


@pytest.mark.parametrize(("text", "surnames", "year", "more"), [
    ("Lemos, G. d. S., & Prado Jr., A. (2010). Um título. Revista, 1, 2.",
     ["Lemos", "Prado"], "2010", False),
    ("Corvo, J. B. P. A. d. M. d. (1816). Histoire naturelle. Paris.", ["Corvo"], "1816", False),
    ("Quental, X., et al. (2016). A title by many. Journal, 9, 18-27.", ["Quental"], "2016", True),
    ("ALMEIDA, João; BARROS, Ana Maria. Um título. São Paulo: Editora, 2010.",
     ["Almeida", "Barros"], "2010", False),
    ("DOS REIS, M. A. et al. Um título. Revista, v. 2, p. 3-9, 2019.", ["dos Reis"], "2019", True),
    ("MOTTA, Karl. O título. São Paulo: Editora, 1988 [1867].", ["Motta"], "1988", False),
    ("FARIAS, Maria. Sem data. Recife: Editora, [s.d.].", ["Farias"], None, False),
    ("PORTUGAL. Decreto-Lei n.º 1, de 2 de janeiro de 2001. Lisboa, 2001.", ["PORTUGAL"],
     "2001", False),
    ("Okafor, N., and W. Brandt. 1991. A Title. Leiden: Example Press.", ["Okafor", "Brandt"],
     "1991", False),
])
def test_entries_of_every_culture(text, surnames, year, more):
    entry = parse_entry(text, 5)
    assert entry is not None
    assert [n.surname.casefold() for n in entry.authors] == [s.casefold() for s in surnames]
    assert (entry.year, entry.more_authors) == (year, more)


def test_abnt_work_without_author_is_listed_by_its_title():
    entry = parse_entry("ÍNDICE de preços ao produtor. Rio de Janeiro: Editora, 2014.", 3)
    assert entry is not None and entry.authors == () and entry.year == "2014"
    assert entry.title.startswith("ÍNDICE de preços")


@pytest.mark.parametrize("heading", ["## Referências", "## Referencias bibliográficas",
                                     "## Bibliografia", "## Literaturverzeichnis",
                                     "## Références"])
def test_reference_sections_in_other_languages(heading):
    text = f"Texto (SILVA, 2001).\n\n{heading}\n\nSILVA, Ana. Título. 2001.\n"
    section = find_section(text)
    assert section is not None and text[section.start:].startswith(heading)


@pytest.mark.parametrize(("authors", "surnames"), [
    ("Okafor, N., & Rassi, A., Jr.", ["Okafor", "Rassi"]),
    ("Pinto, M. J., Júnior., Lee, P. C., & Dias, B.", ["Pinto", "Lee", "Dias"]),
    ("Viera, J. L., Neto, L. C. F., & Sales, M. H.", ["Viera", "Neto", "Sales"]),
    ("Masad, & Kazil", ["Masad", "Kazil"]),
    ("Martins, John, and Kate Jones", ["Martins", "Jones"]),
    ("Fundação Exemplo, & Instituto Modelo", ["Fundação Exemplo", "Instituto Modelo"]),
])
def test_suffixes_chicago_names_and_institutions_in_an_author_list(authors, surnames):
    assert [n.surname for n in split_authors(authors)] == surnames
