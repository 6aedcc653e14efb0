"""An OpenDocument text's list numbers as LibreOffice draws them: the style's format, prefix,
suffix and start, an item's own start value, a list that continues the last one of its style,
a nested list, and a bulleted list without numbers."""

from __future__ import annotations

from lxml import etree

from repropub.readers.odt_lists import TEXT, list_labels

NS = ('xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')

CONTENT = f"""<office {NS}>
  <text:list-style style:name="L1">
    <text:list-level-style-number text:level="1" style:num-format="1" style:num-prefix="["
      style:num-suffix="]"/>
    <text:list-level-style-number text:level="2" style:num-format="a" style:num-suffix=")"/>
  </text:list-style>
  <text:list-style style:name="L2">
    <text:list-level-style-number text:level="1" style:num-format="I" style:num-suffix="."
      text:start-value="3"/>
  </text:list-style>
  <text:list-style style:name="L3"><text:list-level-style-bullet text:level="1"/></text:list-style>
  <text:list text:style-name="L1">
    <text:list-item><text:p>one</text:p><text:p>more of one</text:p></text:list-item>
    <text:list-item><text:p>two</text:p>
      <text:list><text:list-item><text:p>two a</text:p></text:list-item></text:list>
    </text:list-item>
  </text:list>
  <text:list text:style-name="L1" text:continue-numbering="true">
    <text:list-item><text:p>three</text:p></text:list-item>
    <text:list-item text:start-value="9"><text:p>nine</text:p></text:list-item>
  </text:list>
  <text:list text:style-name="L2">
    <text:list-item><text:p>roman</text:p></text:list-item></text:list>
  <text:list text:style-name="L3">
    <text:list-item><text:p>bullet</text:p></text:list-item></text:list>
</office>"""


def test_each_list_item_gets_the_number_libreoffice_draws_before_it():
    root = etree.fromstring(CONTENT)
    labels = list_labels(root, [root])
    shown = {p.text: labels.get(p, "") for p in root.iter(TEXT + "p")}
    assert shown == {"one": "[1]", "more of one": "", "two": "[2]", "two a": "a)",
                     "three": "[3]", "nine": "[9]", "roman": "III.", "bullet": ""}


STYLED = f"""<office {NS} xmlns:xml="http://www.w3.org/XML/1998/namespace">
  <text:list-style style:name="Numbering_20_123">
    <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
  </text:list-style>
  <style:style style:name="Numbering_20_1" style:family="paragraph"
    style:list-style-name="Numbering_20_123"/>
  <style:style style:name="P7" style:family="paragraph" style:parent-style-name="Numbering_20_1"/>
  <style:style style:name="Loop" style:family="paragraph" style:parent-style-name="Loop"/>
  <text:list xml:id="refs"><text:list-item><text:p text:style-name="P7">first</text:p>
  </text:list-item><text:list-item><text:p text:style-name="P7">second</text:p></text:list-item>
  </text:list>
  <text:list><text:list-item><text:p text:style-name="Numbering_20_1">again</text:p>
  </text:list-item></text:list>
  <text:list text:continue-list="refs"><text:list-item>
    <text:p text:style-name="P7">third</text:p></text:list-item></text:list>
  <text:list><text:list-item><text:p text:style-name="Loop">none</text:p></text:list-item>
  </text:list>
</office>"""


def test_a_list_numbered_by_its_paragraph_style_counts_and_goes_on_from_the_list_it_names():
    # LibreOffice's 'Numbering 1' paragraph style (through an automatic style that inherits
    # it) numbers a list with no style of its own; a list that names another by its id goes on
    # from it; a style that is its own parent numbers nothing
    root = etree.fromstring(STYLED)
    labels = list_labels(root, [root])
    shown = {p.text: labels.get(p, "") for p in root.iter(TEXT + "p")}
    assert shown == {"first": "1.", "second": "2.", "again": "1.", "third": "3.", "none": ""}
