"""Fuzzing the readers with documents built from random parts: Word files made by python-docx
(paragraphs of any style, citation fields, footnotes), ODT packages (paragraphs, headings,
notes, lists, reference marks), LaTeX and plain text. Each is read and checked, and a Word file
annotated: a result or a clean `PipelineError` in one line, never a traceback."""

from __future__ import annotations

import functools
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wordfiles import ARTICLE, add_field, pandoc_convert, zotero_instruction

from repropub.annotate import annotate
from repropub.bibliography import Bibliography, load_bibliography
from repropub.checker import check
from repropub.errors import PipelineError
from repropub.limits import DEFAULT_LIMITS
from repropub.readers import latex, read

FUZZ = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

CITATIONS = st.sampled_from([
    "(Finch, 2015)", "(Finch & Moss, 2015, p. 3)", "Finch (2015)", "(Finch 2015a, 2015b)",
    "[1]", "[2-4]", "[1, 3\u20135]", "¹²", "^3^", "(5)", "et al.", "(n.d.)", "(in press)",
    "(Moss et al., 2019; Finch, 2015)", "References", "1. Finch, A. (2015). Title. Journal.",
    "[@finch2015]", "@finch2015", "(", ")", "[", "]", ";", "&", "\u00a0", "\u200b", "\u00ad",
    "Ā", "ß", "İ", "ﬁ", "\u2010", "—", "'s", " ",
])
XML_SAFE = st.characters(exclude_categories=("Cs", "Cc"))
"""Characters an XML document can hold (a Word or ODT file is XML)."""
TEXT = st.lists(st.one_of(CITATIONS, st.text(XML_SAFE, max_size=8)), max_size=12).map("".join)
"""Paragraph text: citations and their pieces among any printable characters."""

ITEM = st.fixed_dictionaries({}, optional={
    "type": st.sampled_from(["article-journal", "book", "", "chapter"]),
    "title": st.text(XML_SAFE, max_size=10),
    "author": st.lists(st.fixed_dictionaries({}, optional={
        "family": st.text(max_size=8), "given": st.text(max_size=5),
        "literal": st.text(max_size=8)}), max_size=3),
    "issued": st.one_of(st.fixed_dictionaries({"date-parts": st.lists(st.lists(
        st.one_of(st.integers(-5, 3000), st.text(max_size=4)), max_size=3), max_size=2)}),
        st.text(max_size=6), st.none()),
})
"""A Zotero item as a citation field carries it, including damaged ones."""

INSTRUCTION = st.one_of(
    st.builds(lambda items, plain: zotero_instruction(items, plain), st.lists(ITEM, max_size=3),
              TEXT),
    st.sampled_from([" ADDIN ZOTERO_ITEM CSL_CITATION {", " ADDIN EN.CITE ",
                     " CITATION Fin15 \\l 1033 ", " ADDIN Mendeley Citation{",
                     " HYPERLINK \"https://x\" ", " REF _Ref1 \\h ", " PAGE ", ""]),
    st.text(XML_SAFE, max_size=20),
)

WORD_PARAGRAPH = st.fixed_dictionaries({
    "style": st.sampled_from(["Normal", "Heading 1", "Heading 2", "Title", "Body Text",
                              "Block Text", "Footnote Text", "Compact"]),
    "runs": st.lists(TEXT, max_size=4),
    "field": st.one_of(st.none(), st.tuples(INSTRUCTION, TEXT)),
    "footnote": st.one_of(st.none(), st.integers(-1, 5)),
})


@functools.cache
def bibliography() -> Bibliography:
    """The readers' article's bibliography, loaded once (not a fixture: hypothesis would print
    its long repr with every example)."""
    return load_bibliography(ARTICLE / "references.bib")


@pytest.fixture(scope="module")
def word_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Word file that has a footnotes part (pandoc writes one for a note)."""
    folder = tmp_path_factory.mktemp("word-base")
    source = folder / "base.md"
    source.write_text("A sentence with a note.[^1]\n\n[^1]: The note (Finch, 2015).\n",
                      encoding="utf-8")
    return pandoc_convert(source, folder / "base.docx")


def _footnotes(document: Any, notes: list[str]) -> None:
    """Replace the footnotes part's notes by `notes` (ids 1, 2, ...), keeping the two
    separators Word requires."""
    part = next(rel.target_part for rel in document.part.rels.values()
                if rel.reltype == RT.FOOTNOTES)
    root = parse_xml(part.blob)
    for note in root.findall(f"{{{root.nsmap['w']}}}footnote"):
        if int(note.get(f"{{{root.nsmap['w']}}}id")) > 0:
            root.remove(note)
    for number, text in enumerate(notes, 1):
        note = parse_xml(f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:r><w:t '
                         f'xml:space="preserve"></w:t></w:r></w:p></w:footnote>')
        note.find(".//{*}t").text = text
        root.append(note)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _check_read(path: Path, out: Path | None = None) -> None:
    """Read, check and (for Word) annotate `path`; only a one-line PipelineError may stop it."""
    try:
        manuscript = read(path, DEFAULT_LIMITS) if path.suffix != ".tex" else \
            latex.read(path, DEFAULT_LIMITS, timeout=20)
        result = check(manuscript, bibliography())
        if out is not None:
            annotate(manuscript, result, out)
    except PipelineError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path)), str(exc)


@FUZZ
@given(paragraphs=st.lists(WORD_PARAGRAPH, max_size=8), notes=st.lists(TEXT, max_size=3))
def test_a_word_file_of_random_paragraphs_fields_and_footnotes_is_read_or_refused_cleanly(
        word_base: Path, paragraphs: list[dict[str, Any]],
        notes: list[str]) -> None:
    document = docx.Document(str(word_base))
    body = document.element.body
    for element in list(body):
        if not element.tag.endswith("sectPr"):
            body.remove(element)
    styles = {s.name for s in document.styles}
    for spec in paragraphs:
        paragraph = document.add_paragraph(style=spec["style"] if spec["style"] in styles
                                           else None)
        for text in spec["runs"]:
            paragraph.add_run(text)
        if spec["field"] is not None:
            add_field(paragraph, *spec["field"])
        if spec["footnote"] is not None:
            paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference '
                                          f'w:id="{spec["footnote"]}"/></w:r>'))
    _footnotes(document, notes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.docx"
        document.save(str(path))
        _check_read(path, Path(folder) / "annotated.docx")


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;")


INLINE = st.one_of(
    TEXT.map(_escape),
    TEXT.map(lambda t: f'<text:span text:style-name="T1">{_escape(t)}</text:span>'),
    st.integers(-3, 50).map(lambda n: f'<text:s text:c="{n}"/>'),
    st.sampled_from(["<text:tab/>", "<text:line-break/>", '<text:bookmark text:name="b"/>',
                     '<text:span text:style-name="Sup">1</text:span>']),
    st.builds(lambda items, plain: (
        f'<text:reference-mark-start text:name="{_escape(zotero_instruction(items, plain))}'
        f' RND1"/>{_escape(plain)}<text:reference-mark-end text:name="x"/>'),
        st.lists(ITEM, max_size=2), TEXT),
    st.builds(lambda number, text: (
        f'<text:note text:note-class="footnote"><text:note-citation>{number}</text:note-citation>'
        f"<text:note-body><text:p>{_escape(text)}</text:p></text:note-body></text:note>"),
        st.integers(0, 9), TEXT),
)
ODT_BLOCK = st.one_of(
    st.lists(INLINE, max_size=5).map(lambda parts: f"<text:p>{''.join(parts)}</text:p>"),
    st.tuples(st.sampled_from(["0", "1", "2", "x", "-1", "99"]), st.lists(INLINE, max_size=3))
    .map(lambda t: f'<text:h text:outline-level="{t[0]}">{"".join(t[1])}</text:h>'),
    st.lists(INLINE, max_size=3).map(lambda parts: "<text:list><text:list-item><text:p>"
                                     f"{''.join(parts)}</text:p></text:list-item></text:list>"),
    st.lists(INLINE, max_size=3).map(lambda parts: "<table:table><table:table-row>"
                                     "<table:table-cell><text:p>"
                                     f"{''.join(parts)}</text:p></table:table-cell>"
                                     "</table:table-row></table:table>"),
)
ODT_STYLES = (f'<office:automatic-styles {ODT_NS}><style:style style:name="Sup" '
              'style:family="text"><style:text-properties style:text-position="super 58%"/>'
              "</style:style></office:automatic-styles>")


@FUZZ
@given(blocks=st.lists(ODT_BLOCK, max_size=10), styled=st.booleans())
def test_an_odt_file_of_random_paragraphs_notes_and_marks_is_read_or_refused_cleanly(
        blocks: list[str], styled: bool) -> None:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
               f"{ODT_STYLES if styled else ''}<office:body><office:text>{''.join(blocks)}"
               "</office:text></office:body></office:document-content>")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.odt"
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            package.writestr("content.xml", content)
            package.writestr("META-INF/manifest.xml", "<manifest/>")
        _check_read(path)


LATEX = st.sampled_from([
    "\\documentclass{article}", "\\begin{document}", "\\end{document}", "\\section{", "}",
    "{", "\\cite{finch2015}", "\\citep[p.~3]{finch2015,moss2019}", "\\citet{", "(Finch, 2015)",
    "\\footnote{", "\\input{/etc/passwd}", "\\include{x}", "\\def\\a{\\a}", "\\newcommand{\\b}{",
    "\\b", "$", "$$", "\\[", "\\]", "\\\\", "%", "&", "#", "^", "_", "~", "\\begin{itemize}",
    "\\item ", "\\end{itemize}", "\\begin{thebibliography}{9}", "\\bibitem{finch2015}",
    "\\end{thebibliography}", "\\verb|", "|", "\\url{file:///etc/passwd}", "\n", "\n\n",
    "\\title{", "\\maketitle", "[1]", "é", "\\'e", "\\begin{tabular}{ll}", "\\end{tabular}",
])


@FUZZ
@given(parts=st.lists(st.one_of(LATEX, TEXT), max_size=25))
def test_a_latex_file_of_random_pieces_is_read_or_refused_cleanly(
        parts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.tex"
        path.write_text("".join(parts), encoding="utf-8")
        _check_read(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(TEXT, max_size=30), ending=st.sampled_from(["\n", "\r\n", "\r"]),
       bom=st.booleans())
def test_a_text_file_of_random_lines_is_read_or_refused_cleanly(
        lines: list[str], ending: str, bom: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.txt"
        path.write_bytes(("\ufeff" if bom else "").encode() + ending.join(lines).encode())
        _check_read(path)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=200))
def test_a_text_file_of_any_bytes_is_read_or_refused_cleanly(
        data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bytes.txt"
        path.write_bytes(data)
        _check_read(path)


def test_the_built_word_file_carries_its_paragraphs_fields_and_footnotes(
        word_base: Path, tmp_path: Path) -> None:
    """The harness above builds what it means to: the reader sees the paragraph, the field's
    citation and the footnote's text."""
    document = docx.Document(str(word_base))
    paragraph = document.add_paragraph("Growth slowed ")
    add_field(paragraph, zotero_instruction([{"type": "book", "title": "Birds",
                                              "author": [{"family": "Finch", "given": "A."}],
                                              "issued": {"date-parts": [[2015]]}}],
                                            "(Finch, 2015)"), "(Finch, 2015)")
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    _footnotes(document, ["Noted by Moss (2019)."])
    document.save(str(tmp_path / "built.docx"))
    manuscript = read(tmp_path / "built.docx")
    assert "Growth slowed (Finch, 2015)" in manuscript.text
    assert "Noted by Moss (2019)." in manuscript.text
