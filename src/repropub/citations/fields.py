"""Citation fields typed over by hand (Zotero, Mendeley).

Takes the `CitationField`s a reader found and gives those whose text no longer reads as the
reference manager last wrote it (``plainCitation``): an author or editor typed over the field
instead of editing the citation in the plug-in, and the next refresh of the document's
citations replaces the edit (or, once the user agrees, freezes the field for good). Spacing
and typographic quotes do not count as an edit.
"""

from __future__ import annotations

from collections.abc import Iterator

from repropub.manuscript import CitationField, Manuscript

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                       "\u00a0": " ", "\u2013": "-"})


def edited_fields(manuscript: Manuscript) -> Iterator[CitationField]:
    for field in manuscript.fields:
        shown = manuscript.text[field.start:field.end]
        if field.plain and _folded(shown) != _folded(field.plain):
            yield field


def _folded(text: str) -> str:
    return " ".join(text.translate(_FOLD).split())
