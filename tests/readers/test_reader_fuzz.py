"""Fuzzing the Word and ODT readers and the annotator: any damaged document part gives a result
or a clean `PipelineError`, never a crash."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wordfiles import ARTICLE, pandoc_convert

from repropub.annotate import annotate
from repropub.bibliography import load_bibliography
from repropub.checker import check
from repropub.errors import PipelineError
from repropub.readers import read

PIECES = st.sampled_from([
    b'<w:fldChar w:fldCharType="begin"/>', b'<w:fldChar w:fldCharType="separate"/>',
    b'<w:fldChar w:fldCharType="end"/>', b"<w:instrText>ADDIN ZOTERO_ITEM CSL_CITATION {",
    b'<w:sym w:char="zz"/>', b"<w:tab/>", b'<w:commentRangeStart w:id="3"/>',
    b"</w:r><w:r>", b"<w:r><w:t>(Finch, 2015)</w:t></w:r>", b'<w:outlineLvl w:val="x"/>',
    b'<text:s text:c="7"/>', b'<text:h text:outline-level="0">x</text:h>',
    b'<text:reference-mark-end text:name="ZOTERO_ITEM CSL_CITATION {}"/>', b"<", b">", b"&",
])
EDITS = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), PIECES), min_size=1,
                 max_size=5)


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("fuzz")
    found = {}
    for suffix in (".docx", ".odt"):
        made = pandoc_convert(ARTICLE / "manuscript.md", folder / f"article{suffix}")
        with zipfile.ZipFile(made) as package:
            found[suffix] = {i.filename: package.read(i) for i in package.infolist()}
    return found


def damaged(parts: dict[str, bytes], name: str, edits: list[tuple[float, int, bytes]]) -> bytes:
    data = bytearray(parts[name])
    for where, cut, piece in edits:
        at = int(where * (len(data) - 1))
        data[at:at + cut] = piece
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for part, content in parts.items():
            package.writestr(part, bytes(data) if part == name else content)
    return out.getvalue()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS, suffix=st.sampled_from([".docx", ".odt"]))
def test_a_damaged_document_is_read_annotated_or_refused_cleanly(
        originals: dict[str, dict[str, bytes]], edits: list[tuple[float, int, bytes]],
        suffix: str) -> None:
    part = "word/document.xml" if suffix == ".docx" else "content.xml"
    bibliography = load_bibliography(ARTICLE / "references.bib")
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / f"damaged{suffix}"
        path.write_bytes(damaged(originals[suffix], part, edits))
        try:
            manuscript = read(path)
            result = check(manuscript, bibliography)
            if suffix == ".docx":
                annotate(manuscript, result, Path(name) / "annotated.docx")
        except PipelineError as exc:
            assert "\n" not in str(exc)
