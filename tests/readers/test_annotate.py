"""`check --annotate OUT.docx`: a copy of the Word file with a comment on each finding, anchored
at the citation; the manuscript itself is never changed."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from wordfiles import ARTICLE, pandoc_convert, soffice_convert

from repropub.cli import main
from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS
from repropub.readers import read

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BIB = ARTICLE / "references.bib"


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("annotate")
    word = pandoc_convert(ARTICLE / "manuscript.md", folder / "article.docx")
    before = hashlib.sha256(word.read_bytes()).hexdigest()
    out = folder / "marked" / "article-checked.docx"
    assert main(["check", str(word), "--bib", str(BIB), "--annotate", str(out)]) == \
        EXIT_FINDINGS
    return word, out, before


def anchored_texts(path: Path) -> dict[str, str]:
    """Comment id -> the text between its commentRangeStart and commentRangeEnd."""
    document = docx.Document(str(path))
    texts: dict[str, str] = {}
    open_ids: set[str] = set()
    for element in document.element.body.iter():
        if element.tag == W + "commentRangeStart":
            open_ids.add(element.get(W + "id"))
            texts[element.get(W + "id")] = ""
        elif element.tag == W + "commentRangeEnd":
            open_ids.discard(element.get(W + "id"))
        elif element.tag == W + "t":
            for cid in open_ids:
                texts[cid] += element.text or ""
    return texts


def test_each_finding_in_the_text_is_a_comment_anchored_at_its_citation(
        annotated: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = annotated
    comments = list(docx.Document(str(out)).comments)
    assert [c.author for c in comments] == ["repropub"] * 6
    by_code = {c.text.split(" ", 1)[0]: c.text for c in comments}
    assert by_code["missing-entry"] == ("missing-entry (error): no entry in the bibliography "
                                        "matches 'Finch, 2015'\nSuggestion: add the entry to "
                                        "the bibliography")
    anchors = {docx.Document(str(out)).comments.get(int(cid)).text.split(" ", 1)[0]: text
               for cid, text in anchored_texts(out).items()}
    assert anchors["missing-entry"] == "Finch, 2015"
    assert anchors["year-mismatch"] == "Waltz, 1978"
    assert anchors["author-mismatch"] == "Hartley, 2019"


def test_the_copy_reads_as_the_original_and_the_original_is_unchanged(
        annotated: tuple[Path, Path, str]) -> None:
    word, out, before = annotated
    assert hashlib.sha256(word.read_bytes()).hexdigest() == before
    assert read(out).text == read(word).text


def test_libreoffice_converts_the_copy_and_keeps_the_comments(
        annotated: tuple[Path, Path, str], tmp_path: Path) -> None:
    _, out, _ = annotated
    odt = soffice_convert(out, "odt", tmp_path / "lo")
    with zipfile.ZipFile(odt) as package:
        content = etree.fromstring(package.read("content.xml"))
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    notes = [" ".join("".join(p.itertext()) for p in n.iter(text + "p"))
             for n in content.iter(office + "annotation")]
    assert len(notes) == 6
    assert any(n.startswith("missing-entry (error)") for n in notes)
    back = soffice_convert(odt, "docx", tmp_path / "back")
    assert len(list(docx.Document(str(back)).comments)) == 6


def test_annotate_refuses_a_markdown_manuscript_and_the_manuscript_as_output(
        annotated: tuple[Path, Path, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    word, _, before = annotated
    assert main(["check", str(ARTICLE / "manuscript.md"), "--annotate",
                 str(tmp_path / "x.docx")]) == EXIT_FAILURE
    assert "needs a .docx manuscript" in capsys.readouterr().err
    assert main(["check", str(word), "--bib", str(BIB), "--annotate", str(word)]) == \
        EXIT_FAILURE
    assert "never changed" in capsys.readouterr().err
    assert hashlib.sha256(word.read_bytes()).hexdigest() == before


def test_a_finding_in_a_footnote_is_a_comment_on_the_notes_mark(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("---\ntitle: Notes\n---\n\nA claim.[^1] Another.[^2]\n\n"
                      "[^1]: Fine (Wendt, 1999).\n[^2]: Missing (Finch, 2015).\n")
    word = pandoc_convert(source, tmp_path / "notes.docx")
    out = tmp_path / "notes-checked.docx"
    main(["check", str(word), "--bib", str(BIB), "--annotate", str(out)])
    document = docx.Document(str(out))
    (comment,) = [c for c in document.comments if "missing-entry" in c.text]
    assert comment.text.startswith("In footnote 2: missing-entry")
    marked = [m.getparent() for m in document.element.body.iter(W + "footnoteReference")]
    commented = [r for r in document.element.body.iter(W + "r")
                 if r.find(W + "commentReference") is not None]
    start = next(document.element.body.iter(W + "commentRangeStart"))
    assert start.getnext() is marked[1] and commented
