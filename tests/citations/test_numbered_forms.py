"""Numbered citations as medicine and engineering write them, in English, Portuguese and Spanish,
with a .bib and with only the typed reference list, as Markdown and as Word files.

Each folder under `numbered/` is a small manuscript in one culture's numbered forms (IEEE
brackets with a part of the work, Vancouver in parentheses, superscripts, brackets with numbers
named in running text), with numbers that are not citations beside them (scales, ages, units,
powers, equations, enumerations, intervals, `[sic]`, footnotes). Every citation must be read and
resolve to its numbered reference, and nothing else may be read or reported.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from check_reports import HERE, findings, run

from repropub.cli import main
from repropub.pandoc import executable

CASES: dict[str, list[tuple[str, int]]] = {
    # '[1]\u2013[3]' is one range; '[2, Sec. 4]', '[1, Fig. 2]', '[6, Eq. (3)]' name a part
    "ieee-locators": [
        ("1", 1), ("[1]\u2013[3]", 1), ("[1]\u2013[3]", 2), ("[1]\u2013[3]", 3), ("2", 2),
        ("3", 3), ("1", 1), ("1", 1), ("4", 4), ("5", 5), ("6", 6), ("6", 6), ("5", 5)],
    # 'refs. 3 e 4' and 'ref. 5' cite; '(0-10)', '(18-65)', '(n = 450)', 'a equação (2)', 'a
    # Tabela (3)', the enumeration '(1) o questionário, (2) ... e (3) a entrevista' and a table's
    # 'n (%)' ('24 (53)', '9 (2)') do not
    "parentheses-pt": [
        ("1", 1), ("1", 1), ("2", 2), ("2-4", 2), ("2-4", 3), ("2-4", 4), ("1\u20133", 1),
        ("1\u20133", 2), ("1\u20133", 3), ("5", 5), ("3", 3), ("4", 4), ("5", 5)],
    # after a word (of three letters: 'HIV^4^'; after a space: 'tratamento ^4^') or a full
    # stop, before a full stop; not 'm²',
    # '10^3^', 'km^2^', 'Ca^2+^', 'r^2^'
    "superscripts-pt": [
        ("¹", 1), ("2", 2), ("3", 3), ("1", 1), ("4", 4), ("5", 5), ("2", 2), ("3-5", 3),
        ("3-5", 4), ("3-5", 5), ("4", 4), ("4", 4)],
    # superscripts in parentheses, as some nursing journals set them
    "superscript-parentheses-pt": [
        ("1", 1), ("2-4", 2), ("2-4", 3), ("2-4", 4), ("1", 1), ("1", 1), ("5", 5), ("3", 3)],
    # equations numbered by pandoc's labels: 'Substituting (1) into (2)', 'From (3)', 'Eq. (3)',
    # 'equations (2)-(4)', 'condition (2)', 'hypothesis (1)', 'step (2)', 'Then (3) and (4)',
    # 'Figure 2(b)', 'Table 1 (3)' name them; 'earlier models (2,3)' and 'a review (4)' cite
    "equations-en": [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)],
    # 'Substituindo (1) em (2)', 'Da equação (2)', 'das equações (1)-(2)', 'sob a hipótese (1)',
    # 'a etapa (2)', 'Então (1) e (2)'; in Spanish 'Sustituyendo (1) en (2)', 'la ecuación (2)',
    # 'bajo la hipótesis (1)'
    "equations-pt": [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5), ("2", 2), ("3", 3)],
    # brackets stuck to the word before ('tratamiento[1]', 'confirmaron,[2]', 'pequeñas[3, 4]');
    # not the indices 'A[1]', 'x2[3]' nor a footnote
    "stuck-brackets-es": [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)],
    # 'la ref. 4', 'las referencias 5 y 6'; not '[sic]', the interval '[0, 1]' or a footnote
    "brackets-es": [
        ("1", 1), ("1\u20133", 1), ("1\u20133", 2), ("1\u20133", 3), ("2", 2), ("4", 4),
        ("5", 5), ("6", 6), ("1", 1), ("3\u20135", 3), ("3\u20135", 4), ("3\u20135", 5)],
}
"""Per form: every citation the manuscript holds (its text, the number it cites), in order."""


def bib_keys(case: str) -> list[str]:
    """The .bib's keys in their order: entry n is the n-th."""
    text = (HERE / "numbered" / case / "references.bib").read_text(encoding="utf-8")
    return re.findall(r"@\w+\{([^,\s]+),", text)


def cited(report: dict[str, Any]) -> list[tuple[str, list[str], str]]:
    return [(c["text"], c["keys"], c["status"]) for c in report["citations"]]


@pytest.mark.parametrize("bib", [True, False], ids=["bib", "reference-list"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_numbered_form_resolves_to_its_reference_and_nothing_else_is_read(
        capsys, case, bib):
    report = run(f"numbered/{case}", capsys, bib=bib)
    keys = bib_keys(case) if bib else [f"ref{n}" for n in range(1, 100)]
    assert cited(report) == [(text, [keys[n - 1]], "ok") for text, n in CASES[case]]
    assert findings(report) == []


def word_report(manuscript: Path, capsys: pytest.CaptureFixture[str], bib: Path | None
                ) -> dict[str, Any]:
    main(["check", str(manuscript), "--format", "json", *(["--bib", str(bib)] if bib else [])])
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


@pytest.mark.parametrize("suffix", ["docx", "odt"])
@pytest.mark.parametrize("bib", [True, False], ids=["bib", "reference-list"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_numbered_word_or_odt_file_reads_as_its_markdown(tmp_path, capsys, case, bib, suffix):
    # pandoc writes '^2^' as a superscript run and the reference list '1.' as the word
    # processor's own list numbering, whose numbers are not in the text
    folder = HERE / "numbered" / case
    markdown = tmp_path / "manuscript.md"
    markdown.write_bytes((folder / "manuscript.md").read_bytes())
    word = tmp_path / f"manuscript.{suffix}"
    subprocess.run([executable(), str(markdown), "-o", str(word)], check=True, timeout=60)
    references = folder / "references.bib" if bib else None
    on_markdown = word_report(markdown, capsys, references)
    on_word = word_report(word, capsys, references)
    assert [(c["keys"], c["status"]) for c in on_word["citations"]] == [
        (c["keys"], c["status"]) for c in on_markdown["citations"]]
    assert len(on_word["citations"]) == len(CASES[case])
    assert findings(on_word) == []


WORD_ITEMS = [
    "Almeida RS, Barros MC. Asma na infância no Brasil. Rev Saude Publica. 2010;44(2):100-8.",
    "Campos AC, Dantas RS. Coorte de escolares com asma. Cad Saude Publica. 2012;28(3):45-56.",
    "Fonseca M, Guedes P. Métodos de rastreio da asma. J Bras Pneumol. 2015;41:12-9.",
]


@pytest.mark.parametrize("numbers", ["{n}.\t", "[{n}]\t", "{n})\t", "List Number"])
def test_a_word_reference_list_keeps_its_numbers_typed_or_drawn_by_a_list_style(
        tmp_path, capsys, numbers):
    # EndNote types '1.' and a tab; a list style draws the numbers from numbering.xml and leaves
    # them out of the text: either way '(n)' cites the n-th entry, and a number past them none
    import docx  # python-docx: the Word file as an editor receives it

    document = docx.Document()
    body = document.add_paragraph("A asma é comum (1). A prevalência aumentou (2) e caiu ")
    body.add_run("(1, 3)")
    body.add_run(", mas uma revisão (4) discorda.")
    document.add_heading("Referências", 1)
    for n, item in enumerate(WORD_ITEMS, 1):
        if numbers == "List Number":
            document.add_paragraph(item, style="List Number")
        else:
            document.add_paragraph(numbers.format(n=n) + item)
    word = tmp_path / "manuscript.docx"
    document.save(str(word))
    report = word_report(word, capsys, None)
    assert [(c["keys"], c["status"]) for c in report["citations"]] == [
        (["ref1"], "ok"), (["ref2"], "ok"), (["ref1"], "ok"), (["ref3"], "ok"),
        ([], "missing-entry")]
    assert [(p["code"], p["line"]) for p in report["problems"]] == [("missing-entry", 1)]


def test_digits_a_word_file_sets_in_superscript_cite_with_their_commas_spaces_and_dashes(
        tmp_path, capsys):
    import docx

    document = docx.Document()
    body = document.add_paragraph("A asma é comum")
    for text, raised in [("1, 3", True), (" e a rinite", False), ("2\u20134", True),
                         (" também; no HIV", False), ("5", True), (" não. Mede 4 m", False),
                         ("2", True), (".", False)]:
        body.add_run(text).font.superscript = raised
    document.add_heading("Referências", 1)
    for n, item in enumerate([*WORD_ITEMS, *WORD_ITEMS[:2]], 1):
        document.add_paragraph(f"{n}. {item.replace('2010', str(2000 + n))}")
    word = tmp_path / "manuscript.docx"
    document.save(str(word))
    report = word_report(word, capsys, None)
    assert [(c["text"], c["keys"]) for c in report["citations"]] == [
        ("\u00b9", ["ref1"]), ("\u00b3", ["ref3"]),
        ("\u00b2\u207b\u2074", ["ref2"]), ("\u00b2\u207b\u2074", ["ref3"]),
        ("\u00b2\u207b\u2074", ["ref4"]), ("\u2075", ["ref5"])]

STUCK_ITEMS = [
    "Lima TS, Moura VB. Carga precoce e dor. Rev Bras Ortop. 2016;51:300-7.",
    "Nunes OP, Pires QR. Revisão da carga precoce. Acta Ortop Bras. 2019;27:10-8.",
    "Queiroz RT, Souza UV. Ensaio de carga com campo. Rev Dor. 2021;22:5-9.",
]


def test_word_superscripts_stuck_to_a_word_in_a_link_or_a_field_or_after_punctuation_cite(
        tmp_path, capsys):
    # a reference manager's numbered output: '[1]' and '1,2' raised right after the word, after
    # '.' and ',', inside a hyperlink to the list and inside a citation field's result; a
    # two-letter word before one ('como se vê⁵'), but not a unit ('4 cm²')
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def raised(text: str) -> Any:
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        props.append(align)
        run.append(props)
        shown = OxmlElement("w:t")
        shown.text = text
        run.append(shown)
        return run

    def field_char(kind: str) -> Any:
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    document = docx.Document()
    body = document.add_paragraph()
    for text, up in [("A carga ajuda o tratamento", False), ("[1]", True), (" e a dor", False),
                     ("1,2", True), (". Foi demonstrado.", False), ("1\u20133", True),
                     (" Outros concordam,", False), ("[2]", True), (" com 4 cm", False),
                     ("2", True), (" de lesão, como se vê", False), ("4", True),
                     (". Uma revisão", False)]:
        body.add_run(text).font.superscript = up
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), "ref5")
    link.append(raised("5"))
    body._p.append(link)
    body.add_run(" e um campo")
    instruction = OxmlElement("w:r")
    code = OxmlElement("w:instrText")
    code.text = ' ADDIN EN.CITE <EndNote><Cite><RecNum>6</RecNum></Cite></EndNote>'
    instruction.append(code)
    for part in (field_char("begin"), instruction, field_char("separate"), raised("6"),
                 field_char("end")):
        body._p.append(part)
    body.add_run(" concordam.")
    document.add_heading("Referências", 1)
    for n, item in enumerate([*WORD_ITEMS, *STUCK_ITEMS], 1):
        document.add_paragraph(f"{n}. {item}")
    word = tmp_path / "manuscript.docx"
    document.save(str(word))
    report = word_report(word, capsys, None)
    assert [c["keys"] for c in report["citations"]] == [
        ["ref1"], ["ref1"], ["ref2"], ["ref1"], ["ref2"], ["ref3"], ["ref2"], ["ref4"],
        ["ref5"], ["ref6"]]
    assert [p["code"] for p in report["problems"]] == []


MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def equation(number: int) -> Any:
    """A displayed Word equation numbered as Word numbers one: 'E=mc²#(n)' in an array."""
    from lxml import etree

    return etree.fromstring(
        f'<m:oMathPara xmlns:m="{MATH}"><m:oMath><m:eqArr><m:e>'
        f'<m:r><m:t>E=m</m:t></m:r><m:sSup><m:e><m:r><m:t>c</m:t></m:r></m:e><m:sup><m:r>'
        f'<m:t>2</m:t></m:r></m:sup></m:sSup><m:r><m:t>#</m:t></m:r><m:d><m:e><m:r>'
        f'<m:t>{number}</m:t></m:r></m:e></m:d></m:e></m:eqArr></m:oMath></m:oMathPara>')


def test_a_word_equation_numbered_by_word_is_named_by_its_number_not_cited(tmp_path, capsys):
    # Word's own numbered equations ('#(1)', '#(2)' in the equation) and a paragraph with a
    # formula typed as text and its number after a tab: 'from (2)' and 'Substituting (1) into
    # (3)' name them; the citations '(1)' and '(2)' around them are read
    import docx

    document = docx.Document()
    document.add_paragraph("Thin plates lose heat at the edges (1). The balance is")
    for number in (1, 2):
        document.add_paragraph()._p.append(equation(number))
    document.add_paragraph("q = h (T - Ta)\t(3)")
    document.add_paragraph("Substituting (1) into (3) gives the rate of earlier work (2), and "
                           "from (2) the time constant follows, as measured before (1).")
    document.add_heading("References", 1)
    for n, item in enumerate(WORD_ITEMS[:2], 1):
        document.add_paragraph(f"{n}. {item}")
    word = tmp_path / "manuscript.docx"
    document.save(str(word))
    report = word_report(word, capsys, None)
    assert [(c["line"], c["keys"]) for c in report["citations"]] == [
        (1, ["ref1"]), (5, ["ref2"]), (5, ["ref1"])]
    assert report["problems"] == []
