"""Citation field instructions: Zotero, Mendeley and Word's own, and JSON that does not parse."""

from __future__ import annotations

import json

from repropub.readers.fields import RawField, is_citation, parse

ITEM = {"type": "article-journal", "title": "Alliances",
        "author": [{"family": "Walt", "given": "Stephen"}], "issued": {"date-parts": [[1985]]}}


def test_a_mendeley_field_gives_its_works_and_the_text_mendeley_wrote() -> None:
    data = {"citationItems": [{"id": "ITEM-1", "itemData": ITEM}],
            "mendeley": {"formattedCitation": "(Walt, 1985)",
                         "plainTextFormattedCitation": "(Walt, 1985)"},
            "properties": {"noteIndex": 0}}
    instruction = f"ADDIN CSL_CITATION {json.dumps(data)}"
    assert is_citation(instruction)
    field = parse(RawField(instruction, (0, 0), (0, 12)), 1, 0, 12, {})
    assert (field.kind, field.plain, field.items) == ("mendeley", "(Walt, 1985)", (ITEM,))


def test_json_that_does_not_parse_leaves_a_field_without_works() -> None:
    instruction = 'ADDIN ZOTERO_ITEM CSL_CITATION {"citationItems": [{"itemData": '
    field = parse(RawField(instruction, (0, 0), (0, 5)), 1, 0, 5, {})
    assert (field.kind, field.items, field.plain) == ("zotero", (), "")


def test_a_word_citation_names_every_source_it_cites() -> None:
    sources = {"Wal85": {"id": "Wal85", "title": "Alliances"}}
    field = parse(RawField("CITATION Wal85 \\l 1033 \\m Sny84", (0, 0), (0, 5)), 1, 0, 5,
                  sources)
    assert field.items == ({"id": "Wal85", "title": "Alliances"}, {"id": "Sny84"})


def test_other_fields_are_not_citations() -> None:
    assert not is_citation("PAGE \\* MERGEFORMAT")
    assert not is_citation("HYPERLINK \"https://example.org\"")
    assert not is_citation("ADDIN ZOTERO_BIBL {\"uncited\":[]} CSL_BIBLIOGRAPHY")
