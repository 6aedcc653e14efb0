"""The citation fields of a Word 97-2003 text stream: found in any text, put back where they
stood, and a damaged file is `Unreadable`, never a crash."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wordfiles import add_field, new_document, soffice_convert, zotero_instruction

from repropub.readers import doc_fields
from repropub.readers.document import Paragraph
from repropub.readers.fields import RawField

PIECES = st.sampled_from(["\x13", "\x14", "\x15", "\r", "\x07", " ", "a", "Zed", "(", ")",
                          "\x13 ADDIN ZOTERO_ITEM CSL_CITATION {}\x14(Lee, 2001)\x15",
                          "\x13 ADDIN EN.CITE\x14(Kim 1999)\x15", "\x13 PAGE \x143\x15",
                          "\x13 ADDIN ZOTERO_BIBL\x14Lee, A. 2001.\rKim, B. 1999.\x15", "\x0b",
                          "\x1e", "\x1f", "\x02"])


def word_view(paragraph: doc_fields.DocParagraph) -> str:
    """The paragraph as Word shows it: every field's result in place (one line per result
    paragraph)."""
    text = paragraph.shown
    for field in reversed(paragraph.fields):
        text = text[:field.at] + field.result + text[field.at:]
    return text


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_any_text_gives_paragraphs_whose_fields_go_back_where_word_shows_them(
        pieces: list[str]) -> None:
    found = doc_fields._paragraphs("".join(pieces))
    for paragraph in found:
        assert all(0 <= f.at <= len(paragraph.shown) for f in paragraph.fields)
    # LibreOffice's reading: the same paragraphs without the ADDIN fields' results
    paragraphs = [Paragraph(p.shown) for p in found]
    fields: list[RawField] = []
    comments: list[tuple[str, int]] = [("c", len(paragraphs))]
    doc_fields.restore(found, paragraphs, fields, comments)
    expected = [line for p in found for line in word_view(p).split("\n")]
    assert [p.text for p in paragraphs] == expected
    # a comment stays on its paragraph, which the lines of results before it move down
    before = sum(len(word_view(p).split("\n")) for p in found[:-1])
    assert comments == [("c", before + 1)] or not found
    for field in fields:
        assert field.start <= field.end


def test_a_field_goes_back_after_the_same_letters_even_where_spacing_differs() -> None:
    doc = doc_fields._paragraphs("As\x0bshown \x13 ADDIN CSL_CITATION {}\x14(Lee, 2001)\x15, "
                                 "later.\r")
    paragraphs = [Paragraph("As shown , later.")]
    fields: list[RawField] = []
    doc_fields.restore(doc, paragraphs, fields, [])
    assert paragraphs[0].text == "As shown (Lee, 2001), later."
    assert fields == [RawField(" ADDIN CSL_CITATION {}".strip(), (0, 9), (0, 20))]


def test_a_field_whose_paragraph_reads_otherwise_is_unreadable() -> None:
    doc = doc_fields._paragraphs("Kept \x13ADDIN CSL_CITATION {}\x14(Lee, 2001)\x15 deleted\r")
    with pytest.raises(doc_fields.Unreadable):
        doc_fields.restore(doc, [Paragraph("Kept ")], [], [])


@pytest.fixture(scope="module")
def word_97(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("doc")
    document = new_document()
    paragraph = document.add_paragraph("Cited ")
    item = {"id": "1", "type": "book", "title": "T", "author": [{"family": "Lee"}]}
    add_field(paragraph, zotero_instruction([item], "(Lee, 2001)"), "(Lee, 2001)")
    document.save(str(folder / "cited.docx"))
    return soffice_convert(folder / "cited.docx", "doc", folder / "lo").read_bytes()


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)),
                      min_size=1, max_size=6))
def test_a_damaged_text_stream_is_unreadable_never_a_crash(
        word_97: bytes, edits: list[tuple[float, bytes]], tmp_path: Path) -> None:
    data = bytearray(word_97)
    for where, piece in edits:
        at = 512 + int(where * (len(data) - 520))  # past the compound file's header
        data[at:at + len(piece)] = piece
    path = tmp_path / "damaged.doc"
    path.write_bytes(bytes(data))
    with contextlib.suppress(doc_fields.Unreadable):
        doc_fields.stories(path)
