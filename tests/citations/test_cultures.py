"""Author-date citations as every citation culture types them, with a .bib and without one.

Each folder next to this file is a small manuscript in one culture's forms (ABNT, Harvard,
connectors in four languages, group authors, names with particles, unusual positions, taxonomic
authorities), with its reference list typed in that culture's style and the same entries as a
.bib. Both modes must find the same citations, resolve each to its entry and report nothing.
"""

from __future__ import annotations

import pytest
from check_reports import findings, run

CASES = {
    "abnt": [
        ("ALMEIDA; BARROS, 2010", "almeida2010"), ("CARVALHO, 2012", "carvalho2012"),
        ("CARVALHO (2012, p. 12)", "carvalho2012"), ("Duarte; Esteves, 2015", "duarte2015"),
        ("MARX, 1988 [1867]", "marx1988"), ("2011 [1859]", "marx2011"),
        ("IBGE (2019)", "ibge2019"), ("FREITAS, s.d.", "freitasnd"), ("GOMES, no prelo", "gomes"),
        ("BRASIL, 1996", "brasil1996"), ("ÍNDICE..., 2014", "indice2014"),
        ("MINAS GERAIS (2015)", "minasgerais2015"), ("MARX, 1988 [1867]", "marx1988"),
        ("2011 [1859]", "marx2011"),
    ],
    "harvard": [
        ("Hartley 2010", "hartley2010"), ("Okafor and Brandt 1991", "okafor1991"),
        ("Lindqvist et al. 2004a", "lindqvist2004a"), ("2004b", "lindqvist2004b"),
        ("Hartley 2010: 23", "hartley2010"), ("Cirelli 2013", "cirelli2013"),
        ("Moreau 1999", "moreau1999"), ("Tanaka 1987", "tanaka1987"),
        ("Okafor and Brandt 1991", "okafor1991"), ("Moreau 1999", "moreau1999"),
    ],
    "connectors": [
        ("Ribeiro e Tavares (2010)", "ribeiro2010"),
        ("Nogueira, Pires e Rocha, 2020", "nogueira2020"),
        ("García y López\n(2015)", "garcia2015"), ("Müller und Schmidt (2001)", "muller2001"),
        ("Dupont et Martin (1999)", "dupont1999"), ("Ortega y Gasset, 1930", "ortega1930"),
    ],
    "group-authors": [
        ("Global Water Council [GWC], 2020", "gwc2020"), ("GWC, 2021", "gwc2021"),
        ("NSAR, 2019", "nsar2019"), ("Lantern Review, 2018", "review2018"),
        ("Northwind Agency - Water\nDivision 2022", "agency2022"),
        ("The Quillon development team, 2017", "quillon2017"),
        ("Marsh & contributors, 2016", "marsh2016"),
    ],
    "names": [
        ("Hannah Arendtova (1958)", "arendtova1958"), ("H. Arendtova, 1958", "arendtova1958"),
        ("De la Cruz (2005)", "delacruz2005"), ("DOS SANTOS, 2011", "dossantos2011"),
        ("von Hippelmann (1988)", "vonhippelmann1988"), ("Jong de et al. (2014)", "jongde2014"),
        ("Wickstrom, Franchetti, et al., 2019", "wickstrom2019a"),
        ("Fengler et al. (2018)", "fengler2018"),
    ],
    "positions": [
        ("Halvorsen et al., 2018", "halvorsen2018"), ("Herrera and Vogt (2011)", "herrera2011"),
        ("Halvorsen et al., (2001)", "halvorsen2001"), ("PEREIRA et al.; 2003", "pereira2003"),
        ("Herrera and\nVogt, 2011", "herrera2011"), ("Herrera and Vogt (2011)", "herrera2011"),
        ("Halvorsen et al., 2018", "halvorsen2018"),
    ],
    "abnt-titles": [
        ("PROJETO..., 1987", "projeto1987"), ("SERRA..., 1995", "aserra1995"),
        ("VALE... (2010)", "ovale2010"), ("CAMINHOS..., 2001", "oscaminhos2001"),
        ("TEIXEIRA (2012)", "teixeira2012"),
    ],
    "chicago": [
        ("Hartley 2010, 23", "hartley2010"), ("Moreau 1999, 41", "moreau1999"),
        ("Okafor and Brandt 1991, 7", "okafor1991"), ("Tanaka\n1987, 12", "tanaka1987"),
        ("Okafor & Brandt 1991, 9", "okafor1991"),
    ],
    "dutch-swedish": [
        # a list headed 'Literatuur'; 'Volgens', 'Ook' open the sentence
        ("Jansma en De Wit (2010, p. 4)", "jansma2010"),
        ("Van den Broek e.a. (2012)", "vandenbroek2012"), ("De Graaf, 2010", "degraaf2010"),
        ("Jansma & De Wit, 2010", "jansma2010"), ("'t Hart (1999)", "thart1999"),
        ("Van 't Hof (2005)", "vanthof2005"), ("Åberg och Lindqvist (2011)", "aberg2011"),
        ("Sjöberg m.fl. (2012)", "sjoberg2012"), ("Bosman, z.j.", "bosmannd"),
        ("Bosman (ter perse)", "bosmaninpress"),
    ],
    "emphasis": [
        ("*Halden et al.*, 2014", "halden2014"), ("**Halden et al.**, 2016", "halden2016"),
        ("*Voss*\n(2010)", "voss2010"), ("**Voss and Brandt** (2012)", "voss2012"),
        ("Voss(2010)", "voss2010"), ("Halden et al.(2016)", "halden2016"),
    ],
    "group-abbreviations": [
        ("Northern Water Authority [NWA] (2019)", "nwa2019"), ("NWA,\n2021", "nwa2021"),
        ("Ministry of Fisheries [MoF], 2018", "mof2018"),
        ("UN Coastal Programme [UNCP], 2017", "uncp2017"),
        ("Baltic Rowing League\n(BRL), 2016", "brl2016"),
        ("Institut national des études marines [INEM], 2015", "inem2015"),
        ("l'INEM\n(2020)", "inem2020"), ("dell'ISAM (2014)", "isam2014"),
        ("Organisation for Marine Co-operation and Research [OMCR] (2013)", "omcr2013"),
    ],
    "harvard-groups": [
        ("Coastal Bureau of Fisheries 2012", "cbf2012"), ("Pell & Quist 2014", "pell2014"),
        ("Ormond (2009: 4)", "ormond2009"), ("Baltic Rowing League 2016, p. 3", "brl2016"),
    ],
    "inferred-dates": [
        ("LEMOS, [s.d.]", "lemos"), ("QUEIROZ, [2010], p. 4", "queiroz2010"),
        ("QUEIROZ, 2011", "queiroz2011"), ("RAMALHO, 2012", "ramalho2012"),
        # in a narrative citation's parentheses, probable ('?') and approximate ('ca.')
        ("LEMOS ([s.d.])", "lemos"), ("QUEIROZ ([2010])", "queiroz2010"),
        ("QUEIROZ, [2010?]", "queiroz2010"), ("RAMALHO, [ca. 2012]", "ramalho2012"),
        ("RAMALHO (c. 2012)", "ramalho2012"), ("QUEIROZ, circa 2011", "queiroz2011"),
    ],
    # ABNT's uncertain dates: a decade or a century certain, one year or another, a span; each
    # links to the entry dated alike, in a .bib as biblatex writes it too ('197X', '18XX')
    "uncertain-dates": [
        ("VASCONCELOS, [197-]", "vasconcelos"), ("BARRETO ([197-?])", "barreto"),
        ("FONSECA, [18--]", "fonseca"), ("PRADO ([18--?], p. 12)", "prado"),
        ("MOURA\n([1971 ou 1972])", "moura"), ("TEIXEIRA, [entre 1906 e 1912]", "teixeira"),
        ("CUNHA, [1969?]", "cunha"), ("REIS ([ca. 1960])", "reis"),
        ("SAMPAIO, [1973]", "sampaio"),
    ],
    # the same in Spanish, English and German, and the bracketed words for no date
    "uncertain-dates-languages": [
        ("ORTEGA, [ca. 1850]", "ortega"), ("RUIZ ([185-?])", "ruiz"), ("VIDAL, [s.f.]", "vidal"),
        ("HALE, [c. 1850]", "hale"), ("MORROW ([n.d.])", "morrow"),
        ("LANGE ([1880 or 1881])", "lange"), ("BRENNER, [zwischen 1890 und 1895]", "brenner"),
    ],
    # Harvard's names right before a bracketed date, in the text and in the list
    "uncertain-dates-harvard": [
        ("Hale [c. 1850]", "hale"), ("Lange [197-?]", "lange"), ("Morrow [n.d.]", "morrow"),
        ("Quill [1902?]", "quill"), ("Vale [1880 or 1881]", "vale"),
    ],
    # French lists: the surname in capitals and the given name after it, no comma between
    "french-capitals": [
        ("Dupont, 2014", "dupont2014"), ("Martin (2010)", "martin2010"),
        ("Lefèvre et\nRoussel (2012)", "lefevre2012"), ("Garnier (2008, p. 14)", "garnier2008"),
        ("Le Goff, 2016", "legoff2016"), ("Duval (2019)", "duval2019"),
        # 'et al.' after the given name, and initials with their full stops
        ("Bernard et\nal. (2015)", "bernard2015"), ("Colin et Faure (2007)", "colin2007"),
    ],
    # a group's name with its acronym before or after a dash: both cite it
    "acronym-groups": [
        ("IBGE, 2019", "ibge2019"),
        ("INSTITUTO NACIONAL DE ESTATÍSTICA\nAGRÁRIA, 2020", "inea2020"),
        ("IBGE (2021)", "ibge2021"),
        ("Fundação Nacional de Estudos\nCosteiros (2018)", "funec2018"),
        ("INEA (2017)", "inea2017"), ("FUNEC, 2022", "funec2022"),
        ("ENPE, 2016", "enpe2016"),  # the acronym in brackets after the name
    ],
    "italian": [
        ("Rinaldi e Bassani (2012, p. 45)", "rinaldi2012"),
        ("Rinaldi & Bassani, 2012,\npp. 12-14", "rinaldi2012"), ("De Santis, 2008", "desantis2008"),
        ("D'Alessio (1995)", "dalessio1995"), ("Di Venere et al.\n(2017)", "divenere2017"),
        ("Esposti, in corso di stampa", "esposti"), ("Fabbri, s.d.", "fabbri"),
        ("Galassi e collaboratori (2019)", "galassi2019"),
        ("Rinaldi e Bassani (2012)", "rinaldi2012"),
    ],
    "group-name-starts": [
        # quoted from the group name's first word, not from where the names read stop ('a',
        # 'e o'), nor from the words before it ('Dados do')
        ("Comissão Nacional para a Proteção e o Uso da Água [CONPUA] (2015)", "conpua2015"),
        ("Instituto Nacional de Pesquisas do Semiárido (2019)", "insa2019"),
        ("CONPUA (2016)", "conpua2016"),
        ("Brandão (2018)", "brandao2018"),  # 'Estudo de' is not Lia Brandão's given name
    ],
    "joined-years": [
        ("VIANA, 2010", "viana2010"), ("2012", "viana2012"), ("Tamm (2011", "tamm2011"),
        ("2013", "tamm2013"), ("Voss, 2014", "voss2014"), ("2016", "voss2016"),
        ("Ureña, 2015", "urena2015"), ("2017", "urena2017"), ("Viana (2010", "viana2010"),
        ("2012", "viana2012"), ("Ureña (2015)", "urena2015"),  # 'Véase' is not part of the name
        ("Tamm, 2011", "tamm2011"),  # nor the 'B.' of 'z. B.'
    ],
    "long-group-names": [
        # the names read stop at 'para', 'y', ','; the words before the abbreviation end with
        # the group's whole name, which the citation quotes from its first word
        ("Comisión Regional para el Desarrollo del Sur y el Litoral [CORDESUL], 2019",
         "cordesul2019"),
        ("CORDESUL (2020)", "cordesul2020"),  # 'la' is not part of the abbreviation
        ("Organización de Estados para la Pesca, la Ciencia y la\nNavegación [OEPESCA] (2015)",
         "oepesca2015"),
        ("OEPESCA, 2016", "oepesca2016"),
        ("Comisión Regional para el Desarrollo del Sur y el Litoral (2020)", "cordesul2020"),
        ("Vidal, 2010", "vidal2010"),
        ("Organización de Estados para la Pesca, la Ciencia y la Navegación, 2016", "oepesca2016"),
    ],
    "locators": [
        ("Brenner (2009, S. 12", "brenner2009"), ("2011, S. 4-6", "brenner2011"),
        ("Brenner, 2009, S. 7 f.", "brenner2009"),
        ("Kessler\n& Ulm, 2014, S. 120ff.", "kessler2014"),
        ("Ferrán y Gil (2016, pág. 12)", "ferran2016"),
        ("Ferrán & Gil, 2016, págs. 14-16", "ferran2016"), ("2018, pág. 3", "ferran2018"),
        ("Quental (2013, cap.\n2, p. 45)", "quental2013"),
        ("QUENTAL, 2013, v. 2, p. 40", "quental2013"), ("2015, p. 7", "quental2015"),
        ("Roux (2001, p. 12", "roux2001"), ("2004, pp. 3\u20135", "roux2004"),
    ],
    "repeated-years": [
        # a further year in parentheses of its own after a narrative citation, joined by a
        # comma or the language's 'and'
        ("Voss (2010)", "voss2010"), ("2012", "voss2012"), ("Brandt (2001)", "brandt2001"),
        ("2004", "brandt2004"), ("SILVA (2010", "silva2010"), ("2012", "silva2012"),
        ("Ureña (2015)", "urena2015"), ("2017", "urena2017"), ("Okafor (1998)", "okafor1998"),
        ("2003", "okafor2003"), ("2005", "okafor2005"),
        ("Brandt, 2004", "brandt2004"),  # '2010 a 2012' in the sentence is a period
    ],
    "lower-case-names": [
        # surnames their bearers write in lower case, known from the bibliography
        ("hooks (1994)", "hooks1994"), ("lowe, 2019", "lowe2019"),
        ("hooks, 1994, p.\n12", "hooks1994"), ("boyd and Ellison (2007)", "boyd2007"),
        ("boyd (2014)", "boyd2014"), ("lowe (2019)", "lowe2019"),
        ("Hartmann, 2003", "hartmann2003"),  # 'the network (2014)' names no one
    ],
    "year-ranges": [
        ("Pereda, 1970\u20131972", "pereda"), ("Marlowe (1867-1894)", "marlowe"),
        ("Quist 2001\u20132003", "quist"), ("Tamm, 2010\u20132011", "tamm"),
        ("Rowe (2005)", "rowe2005"),
    ],
    "undated": [
        ("Morvan (sous presse)", "morvaninpress"), ("Morvan (s. d.)", "morvannd"),
        ("Lenoir (à paraître)", "lenoirinpress"), ("Lenoir (2012)", "lenoir2012"),
        ("Ortiz (en prensa)", "ortizinpress"), ("Ortiz (s.f.)", "ortiznd"),
    ],
    "tables-and-notes": [
        ("Ferrán y Gil (2016, pág. 12)", "ferran2016"), ("FERRÁN; GIL (2016)", "ferran2016"),
        ("Instituto Nacional de Pesca [INP] (2019)", "inp2019"),
        ("INP (2020, págs. 3-4)", "inp2020"), ("Brenner (2009, S. 7 f.)", "brenner2009"),
        ("Vieira; Xavier (2014)", "vieira2014"),  # ABNT's ';' in running text, in a cell
        ("Ferrán & Gil, 2016", "ferran2016"), ("2018", "ferran2018"),
        ("Brenner (2009, S. 12", "brenner2009"), ("2011", "brenner2011"),
    ],
    "taxonomy": [
        ("Thornbury, 1901", "thornbury1901"), ("Thornbury, 1901", "thornbury1901"),
        ("Marchetti (2015)", "marchetti2015"),
    ],
}
"""Per culture, every citation the manuscript holds (text, entry), in order; nothing else."""

UNCITED = {"names": ["wickstrom2019b"], "emphasis": ["brandt1999"]}
"""Entries the fixture lists on purpose without citing them."""


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_citation_resolves_to_its_entry_with_a_bib(capsys, case):
    report = run(case, capsys, bib=True)
    assert [(c["text"], c["keys"]) for c in report["citations"]] == [
        (text, [key]) for text, key in CASES[case]]
    assert {c["status"] for c in report["citations"]} == {"ok"}
    assert findings(report) == [("uncited-entry", key) for key in UNCITED.get(case, [])]


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_citation_resolves_to_its_entry_from_the_typed_reference_list(capsys, case):
    with_bib = run(case, capsys, bib=True)
    report = run(case, capsys, bib=False)
    assert [c["text"] for c in report["citations"]] == [text for text, _ in CASES[case]]
    assert {c["status"] for c in report["citations"]} == {"ok"}
    # the reference list's entries stand for the .bib's: one key per work, the same grouping
    keys = [c["keys"] for c in report["citations"]]
    assert all(len(k) == 1 for k in keys)
    same_work = [[a == b for a in keys] for b in keys]
    assert same_work == [[a == b for a in (c["keys"] for c in with_bib["citations"])]
                         for b in (c["keys"] for c in with_bib["citations"])]
    assert len(findings(report)) == len(UNCITED.get(case, []))
