"""Word's list numbers as Word draws them: the number format and text of each level, a list
that continues across instances of one definition, an instance that restarts it, deeper levels
restarting under a higher one, bullets without a number, and a style that numbers."""

from __future__ import annotations

from typing import Any

from lxml import etree

from repropub.readers.docx_lists import read_numbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NUMBERING = f"""<w:numbering xmlns:w="{W}">
  <w:abstractNum w:abstractNumId="7">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
      <w:lvlText w:val="[%1]"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
      <w:lvlText w:val="%1.%2)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="8">
    <w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/>
      <w:lvlText w:val="%1."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="9">
    <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="7"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>
  <w:num w:numId="5"><w:abstractNumId w:val="9"/></w:num>
</w:numbering>"""

STYLES = f"""<w:styles xmlns:w="{W}">
  <w:style w:type="paragraph" w:styleId="RefList"><w:pPr><w:numPr><w:numId w:val="4"/>
  </w:numPr></w:pPr></w:style>
</w:styles>"""


def paragraph(num_id: str | None = None, level: int = 0, style: str | None = None) -> Any:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None:
        props += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr>{props}</w:pPr></w:p>')


def test_each_paragraph_gets_the_number_word_draws_before_it():
    numbering = read_numbering(etree.fromstring(NUMBERING), etree.fromstring(STYLES))
    labels = [numbering.label(p) for p in [
        paragraph("1"), paragraph("1"), paragraph("1", 1), paragraph("1", 1),
        paragraph("2"),  # another instance of the same list goes on counting
        paragraph("3"),  # one that overrides the start begins again
        paragraph("3", 1), paragraph(), paragraph("5"), paragraph("0"),
        paragraph(style="RefList"), paragraph(style="RefList")]]
    assert labels == ["[1]", "[2]", "2.a)", "2.b)", "[3]", "[1]", "1.a)", "", "", "",
                      "IV.", "V."]


def test_a_document_without_numbering_draws_no_numbers():
    assert read_numbering(None, None).label(paragraph("1")) == ""


LINKED = f"""<w:numbering xmlns:w="{W}">
  <w:abstractNum w:abstractNumId="10"><w:styleLink w:val="RefNumbers"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
      <w:lvlText w:val="%1)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="11"><w:numStyleLink w:val="RefNumbers"/></w:abstractNum>
  <w:abstractNum w:abstractNumId="12"><w:numStyleLink w:val="Unlinked"/></w:abstractNum>
  <w:num w:numId="20"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="21"><w:abstractNumId w:val="11"/></w:num>
  <w:num w:numId="22"><w:abstractNumId w:val="11"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="23"><w:abstractNumId w:val="12"/></w:num>
</w:numbering>"""

LINKED_STYLES = f"""<w:styles xmlns:w="{W}">
  <w:style w:type="numbering" w:styleId="RefNumbers"><w:pPr><w:numPr><w:numId w:val="20"/>
  </w:numPr></w:pPr></w:style>
</w:styles>"""


def test_a_list_made_with_a_numbering_style_counts_with_the_style_and_restarts_on_override():
    # Word's 'List Styles': the list's own definition names the style (numStyleLink), whose
    # definition (styleLink) holds the levels; a second instance that overrides the start
    # begins again at 1 (a reference list after a heading); a link to no style draws nothing
    numbering = read_numbering(etree.fromstring(LINKED), etree.fromstring(LINKED_STYLES))
    labels = [numbering.label(p) for p in [
        paragraph("21"), paragraph("21"), paragraph("22"), paragraph("22"), paragraph("23")]]
    assert labels == ["1)", "2)", "1)", "2)", ""]


def test_a_style_link_is_followed_through_the_numbering_style_when_no_definition_claims_it():
    # some writers leave out styleLink: the numbering style's own list then holds the levels
    numbering = read_numbering(
        etree.fromstring(LINKED.replace('<w:styleLink w:val="RefNumbers"/>', "")),
        etree.fromstring(LINKED_STYLES))
    assert [numbering.label(p) for p in [paragraph("21"), paragraph("21")]] == ["1)", "2)"]



def test_an_instance_that_redefines_a_level_draws_it_its_own_way_and_counts_on():
    # a 'w:lvl' inside 'w:lvlOverride' changes how the level is drawn for that instance only
    redrawn = NUMBERING.replace(
        '<w:num w:numId="4">',
        '<w:num w:numId="6"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl>'
        '</w:lvlOverride></w:num><w:num w:numId="4">')
    numbering = read_numbering(etree.fromstring(redrawn), None)
    labels = [numbering.label(p) for p in [paragraph("1"), paragraph("6"), paragraph("1")]]
    assert labels == ["[1]", "2)", "[3]"]
