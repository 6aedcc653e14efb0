"""Every citation culture's forms with errors planted in them: the check finds exactly those.

Each folder under `planted/` is a small manuscript of our own text in one culture's forms, its
reference list typed in that culture's style and the same entries as a .bib. A few citations in
each are wrong in one of the six ways an editor meets (no entry, wrong year, wrong or missing
author, a misspelt name, a citation that fits two works, an entry never cited). With the .bib and
with only the typed list, the check must report exactly those and read every other citation as
resolved.
"""

from __future__ import annotations

from typing import Any

import pytest
from check_reports import run

CASES: dict[str, tuple[int, list[tuple[str, str]]]] = {
    "portuguese": (8, [
        ("year-mismatch", "Teixeira e Vaz, 2013"), ("missing-entry", "Barbosa, 2019"),
        # a date where the author's only work has none
        ("year-mismatch", "Fontes (2012)"), ("uncited-entry", "Quintela")]),
    "spanish": (11, [
        ("author-mismatch", "Ibarra et al. (2012)"),
        ("name-misspelt", "García-Márques y Pérez López, 2015"),
        # one of two surnames where the entry has both
        ("name-misspelt", "Prieto, 2010"), ("uncited-entry", "Navarro")]),
    "french": (8, [
        ("year-mismatch", "Bernard et Petit (2003)"), ("missing-entry", "Garnier (2011)")]),
    "german": (10, [
        ("name-misspelt", "Müller und Schmitt, 2001"), ("ambiguous", "Zimmermann (2015)")]),
    "abnt": (10, [
        ("author-mismatch", "AMARAL, 2010"), ("missing-entry", "GODINHO, 2019"),
        ("year-mismatch", "Cunha, 2013"), ("uncited-entry", "Henriques")]),
    # the citation repeats the reference's uncertain date: a year inside the decade or the
    # century is the work cited in another form, one outside it a wrong date
    "uncertain-dates": (8, [
        ("year-mismatch", "ANDRADE, 1975"), ("year-mismatch", "BRAGA, [198-]"),
        ("year-mismatch", "CORREIA ([1890])"), ("year-mismatch", "DANTAS (1973)"),
        ("year-mismatch", "GUSMÃO, [197-]")]),
    # Chicago's notes: a work by an author of the list with a title it does not have, a note's
    # full form of a work not in it, an entry no note names; the imprints' years are no citations
    "notes": (7, [
        ("missing-entry", "Dana Elm, *Forest Margins*"),
        ("missing-entry", "Alder, *Pruning in Winter*"), ("uncited-entry", "Birch")]),
    "harvard": (10, [
        ("ambiguous", "Crane et al. (2004)"), ("year-mismatch", "Ellery (2011)"),
        ("year-mismatch", "Fenwick 2015")]),
    "chicago": (6, [
        ("name-misspelt", "Pembertin 2010, 27"), ("uncited-entry", "Thackeray")]),
    "continuations": (9, [("missing-entry", "2005"), ("uncited-entry", "Langford")]),
    "continuations-languages": (9, [
        # after 'S. 12', after 'pág. 3', joined by 'e', a span of years
        ("year-mismatch", "2012"), ("missing-entry", "2019"), ("year-mismatch", "2013"),
        ("year-mismatch", "Pereda (1971\u20131973)")]),
    "more-languages": (10, [
        ("name-misspelt", "Nowak i Kowalsky (2011)"), ("year-mismatch", "Horvat i Babić (2015)")]),
    "groups": (9, [
        ("missing-entry", "GNC, 2023"), ("missing-entry", "NSAR, 2018"),
        ("year-mismatch", "Fjord Institute (2014)")]),
    "group-abbreviations": (6, [
        # introduced with its abbreviation, in running text after 'the', or in parentheses
        ("missing-entry", "Southern Grain Board [SGB] (2019)"),
        ("year-mismatch", "UN Coastal Programme [UNCP], 2016"),
        ("missing-entry", "World Forestry Council (WFC), 2020")]),
    "particles": (16, [
        ("author-mismatch", "Zhang and Liu (2019)"), ("missing-entry", "Van den Bosch, 2012"),
        ("name-misspelt", "van der Berg and de Vrise, 2016"),
        ("name-misspelt", "el-Sayyed (2013)")]),
    "given-names": (11, [
        ("author-mismatch", "Vance et al. (2018)"), ("year-mismatch", "Hanna Lindgren (1959)"),
        # 'in press' where the author's only work has been published
        ("year-mismatch", "Okonkwo (in press)")]),
    "positions": (15, [
        ("year-mismatch", "Halvorsen and Ibsen, 2012"), ("missing-entry", "Olsen (2016)"),
        ("author-mismatch", "*Moe et al.* (2014)"), ("year-mismatch", "Lund (2010)")]),
    # APA in four languages: 'pág.', 'S. 7 f.', 'en prensa', 'o. J.', 'y col.', 'et col.',
    # 'u. a.', 'e coll.'; group authors by an acronym after an elided article ("l'INED",
    # "l'ISTAT") or declined ('das Statistische Bundesamt'); a German noun before 'und' ('keinen
    # Eintrag und Richter (2013)') is no co-author
    "spanish-apa": (19, [
        ("year-mismatch", "García y López (2016)"), ("author-mismatch", "Martínez y Vidal (2018)"),
        ("name-misspelt", "Fernandes y col. (2012)"), ("missing-entry", "Romero (2017)"),
        ("ambiguous", "Pérez (2013)"), ("author-mismatch", "Navarro (2019)")]),
    "french-apa": (19, [
        ("year-mismatch", "Dupont et Martin (2000)"),
        ("author-mismatch", "Lefèvre et Dubois (2018)"), ("missing-entry", "Lambert (2017)"),
        ("ambiguous", "Blanc (2013)"), ("author-mismatch", "Fournier (2019)"),
        ("name-misspelt", "Bonet (2010)")]),
    "german-apa": (18, [
        ("year-mismatch", "Müller und Schmidt (2002)"),
        ("author-mismatch", "Weber und Klein (2018)"), ("name-misspelt", "Fischar u. a. (2012)"),
        ("missing-entry", "Zimmermann (2017)"), ("ambiguous", "Richter (2013)"),
        ("author-mismatch", "Schulz (2019)")]),
    "italian-apa": (18, [
        ("year-mismatch", "Rossi e Bianchi (2002)"), ("author-mismatch", "Ferrari e Gallo (2018)"),
        ("name-misspelt", "Espositto e coll. (2012)"), ("missing-entry", "Conti (2017)"),
        ("ambiguous", "Bruno (2013)"), ("author-mismatch", "Marino (2019)")]),
    "numbered-brackets": (14, [
        ("numbered.range-backwards", "4\u20132"), ("missing-entry", "9"),
        ("uncited-entry", "Kowal")]),
    "numbered-superscripts": (10, [
        ("numbered.order", "8"), ("duplicate-entry", "Costa")]),
    "numbered-parentheses": (7, [("missing-entry", "6")]),
    # an author named before a number of someone else's work; 'Rocha e Souza^1^', 'Zanetti^5^',
    # 'Li e Wu^6^', 'dos Santos et al.^6^', 'Smith and Jones [1]' name an author of theirs,
    # 'Tabela^2^', 'In [2]', 'Table [3]' no one
    "numbered-named-authors": (14, [("author-mismatch", "3"), ("author-mismatch", "4"),
                                    ("author-mismatch", "5-6")]),
    "numbered-named-ieee": (8, [("author-mismatch", "4"), ("author-mismatch", "5")]),
    # Vancouver in Portuguese: '(1,3)', '(1-3)', '(2\u20134,6)' cite before 2 and 5 are; a copy of
    # reference 2 listed again (reported once, not also as never cited)
    "numbered-vancouver-pt": (14, [
        ("numbered.order", "3"), ("numbered.order", "6"), ("numbered.range-backwards", "5-4"),
        ("missing-entry", "9"), ("author-mismatch", "2"), ("uncited-entry", "Pereira"),
        ("duplicate-entry", "Campos")]),
    # Vancouver in Spanish, hard-wrapped: '(1\u20133,5)' and 'Garc\xeda et al.\n(2)' start lines
    "numbered-vancouver-es": (13, [
        ("numbered.order", "5"), ("numbered.range-backwards", "7-6"), ("missing-entry", "12"),
        ("author-mismatch", "6"), ("uncited-entry", "Ramos")]),
    # IEEE: '[2]\u2013[4]', '[2], [5]', 'Refs. [3,4]', 'Kumar\n[2]'
    "numbered-ieee-ranges": (15, [
        ("numbered.range-backwards", "[7]\u2013[6]"), ("missing-entry", "11"),
        ("author-mismatch", "[3]\u2013[4]"), ("uncited-entry", "Olsen")]),
    # Nature: superscripts after words and punctuation, a list of 'Costa, R., Dias, S. & Engel, T.'
    "numbered-nature": (12, [
        ("numbered.range-backwards", "7\u20136"), ("missing-entry", "12"),
        ("author-mismatch", "\xb3"), ("author-mismatch", "\u2074"),
        ("duplicate-entry", "Costa")]),
}
"""Per culture: how many citations the manuscript holds, and the planted errors, in order (a
citation's as typed, an uncited or twice-listed entry's by its first author)."""

WRONG = {"missing-entry", "year-mismatch", "author-mismatch", "name-misspelt", "ambiguous"}
"""The codes that leave a citation unresolved or resolved with a fault."""


def planted(report: dict[str, Any]) -> list[tuple[str, str]]:
    authors = {e["key"]: e["authors"][0] if e["authors"] else e["key"]
               for e in report["entries"]}
    return [(p["code"], authors[p["keys"][-1]] if p["code"] in ("uncited-entry", "duplicate-entry")
             else " ".join(p["cited"].split()))
            for p in report["problems"] if not p["code"].startswith("style.")]


@pytest.mark.parametrize("bib", [True, False], ids=["bib", "reference-list"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_exactly_the_planted_errors_are_found_and_every_other_citation_resolves(
        capsys, case, bib):
    count, expected = CASES[case]
    report = run(f"planted/{case}", capsys, bib=bib)
    assert planted(report) == expected
    wrong = {cited for code, cited in expected if code in WRONG}
    assert len(report["citations"]) == count
    assert [c["status"] == "ok" for c in report["citations"]] == [
        " ".join(c["text"].split()) not in wrong for c in report["citations"]]


@pytest.mark.parametrize("case", sorted(CASES))
def test_both_modes_read_the_same_citations_at_the_same_places(capsys, case):
    # a particle the .bib keeps apart from the surname ('von Hippel') is still part of the text
    with_bib = run(f"planted/{case}", capsys, bib=True)
    alone = run(f"planted/{case}", capsys, bib=False)
    assert [(c["text"], c["line"], c["col"]) for c in with_bib["citations"]] == [
        (c["text"], c["line"], c["col"]) for c in alone["citations"]]


STYLE_CASES = {
    "style-harvard": ("harvard", [("style.comma-before-year", "Ellery, 2012")]),
    "style-chicago": ("chicago", [("style.page-locator", "Sanderson 2002, p. 8"),
                                  ("style.ampersand", "Quayle & Rudd (1995)")]),
    "style-abnt": ("abnt", [("style.page-locator", "ESTEVES; FARIA, 2016, pp. 3-4"),
                            ("style.ampersand", "AMARAL e BRITO, 2010")]),
    # capitals only inside parentheses, as ABNT writes them, the sentences naming most authors
    "style-abnt-narrative": ("abnt", [("style.ampersand", "RIBEIRO e TELES, 2015")]),
    "style-apa-es": ("apa", [("style.et-al", "Herrero, Vidal y Soto, 2018")]),
    # Spanish tells one page ('pág.') from a range ('págs.') as English does ('p.', 'pp.')
    "style-apa-pages": ("apa", [("style.page-locator", "Ferrán & Gil, 2016, pág. 5-7"),
                                ("style.page-locator", "Ibarra, 2012, págs. 9")]),
}
"""Per family: a manuscript written in it but for a planted break of its rules, and the break."""


@pytest.mark.parametrize("case", sorted(STYLE_CASES))
def test_the_family_is_detected_and_only_the_planted_break_of_its_rules_is_reported(
        capsys, case):
    family, expected = STYLE_CASES[case]
    report = run(f"planted/{case}", capsys, bib=False)
    assert report["citation_style"] == {"family": family, "source": "detected"}
    assert [(p["code"], " ".join(p["cited"].split())) for p in report["problems"]] == expected
    assert {c["status"] for c in report["citations"]} == {"ok"}


@pytest.mark.parametrize(("case", "places"), [
    ("numbered-vancouver-pt", [(8, 47), (9, 23), (9, 65), (10, 33), (10, 81)]),
    ("numbered-vancouver-es", [(9, 6), (9, 66), (10, 7), (10, 45)]),
    ("numbered-ieee-ranges", [(8, 42), (8, 68), (9, 38)]),
    ("numbered-nature", [(8, 15), (8, 49), (8, 85), (9, 26)]),
])
def test_each_planted_numbered_error_is_reported_at_its_line_and_column_with_a_suggestion(
        capsys, case, places):
    report = run(f"planted/{case}", capsys, bib=False)
    in_text = [p for p in report["problems"] if p["code"] not in ("uncited-entry",
                                                                  "duplicate-entry")]
    assert [(p["line"], p["col"]) for p in in_text] == places
    assert all(p["suggestion"] for p in report["problems"])


def test_a_listed_entry_is_dated_by_its_year_not_by_an_article_number_like_one(capsys):
    # Vancouver's '2019;28:e2018' and Nature's '**8**, 1021-1028 (2015)'
    years = {e["key"]: e["year"] for e in run("planted/numbered-vancouver-pt", capsys,
                                              bib=False)["entries"]}
    assert (years["ref5"], years["ref6"]) == ("2019", "2020")
    nature = run("planted/numbered-nature", capsys, bib=False)["entries"]
    assert [(e["authors"], e["year"]) for e in nature[:2]] == [
        (["Aalto", "Berg"], "2010"), (["Costa", "Dias", "Engel"], "2015")]


@pytest.mark.parametrize("bib", [True, False], ids=["bib", "reference-list"])
def test_a_date_cited_otherwise_than_its_uncertain_reference_is_fixed_to_the_references_form(
        capsys, bib):
    report = run("planted/uncertain-dates", capsys, bib=bib)
    assert [(" ".join(p["cited"].split()), p["suggestion"]) for p in report["problems"]] == [
        ("ANDRADE, 1975", "write 'ANDRADE, [197-]'"), ("BRAGA, [198-]", "write 'BRAGA, [197-?]'"),
        ("CORREIA ([1890])", "write 'CORREIA ([18--])'"),
        ("DANTAS (1973)", "write 'DANTAS\n([1971 ou 1972])'"),
        ("GUSMÃO, [197-]", "write 'GUSMÃO, 1975'")]
    # each date as written, the cited one with its brackets too
    assert "dated [197-?], not [198-]" in report["problems"][1]["message"]


@pytest.mark.parametrize("bib", [True, False], ids=["bib", "reference-list"])
def test_a_manuscript_citing_in_footnotes_is_checked_as_notes_and_bibliography(capsys, bib):
    report = run("planted/notes", capsys, bib=bib)
    assert report["citation_style"] == {"family": "notes", "source": "detected"}
    # a short form cites the work its full form did; a quoted title, after 'See', too
    assert [(" ".join(c["text"].split()), c["keys"]) for c in report["citations"]
            if c["status"] == "ok"] == [
        ("Helen Alder, *Keeping the Orchard*", ["alder1987"]),
        ('Victor Cedar, "Grafting Days,"', ["cedar1990"]),
        ("Alder, *Keeping the Orchard*", ["alder1987"]),
        ("Cedar, *Survey of Orchards*", ["cedar1995"]),
        ('Cedar, "Grafting Days,"', ["cedar1990"])]
