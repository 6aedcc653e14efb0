"""Hostile Word and ODT files: each is one line naming the file and what is wrong, exit code 2,
no traceback, and the JSON report still a valid document."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from wordfiles import ARTICLE, new_document

from repropub.cli import main
from repropub.errors import EXIT_FAILURE

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""


DEEP = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + b"<w:p>" * 100_000)


def word_with(document_xml: bytes) -> bytes:
    """A real .docx (python-docx) whose main part is replaced by `document_xml`."""
    buffer = io.BytesIO()
    new_document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else \
                source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue()


def odt_with(body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        target.writestr("content.xml", b'<office:document-content xmlns:office="urn:oasis:'
                        b'names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:'
                        b'tc:opendocument:xmlns:text:1.0"><office:body><office:text>' + body
                        + b"</office:text></office:body></office:document-content>")
    return out.getvalue()


def odt_without_content() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    return out.getvalue()


def zip_bomb() -> bytes:
    """A document part of 3 MB of zeros, deflated to a few kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", b"\0" * 3_000_000)
    return out.getvalue()


CASES: dict[str, tuple[str, bytes, str]] = {
    "not a zip": (".docx", b"PK\x03\x04 this is not really a zip", "not a zip package"),
    "plain text named .docx": (".docx", b"Smith (2001) said so.\n", "not a zip package"),
    "a Word 97 file": (".docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                       "Word 97-2003"),
    "entity expansion": (".docx", word_with(BILLION_LAUGHS), "DOCTYPE"),
    "an external entity": (".docx", word_with(EXTERNAL_ENTITY), "DOCTYPE"),
    "broken XML": (".docx", word_with(b"<w:document><w:body>"), "not well-formed XML"),
    "a zip bomb": (".docx", zip_bomb(), "package-part-bytes"),
    "XML nested past libxml2's depth limit": (".docx", word_with(DEEP), "not well-formed"),
    "an ODT without content": (".odt", odt_without_content(), "no part content.xml"),
    "an ODT asking for billions of spaces": (
        ".odt", odt_with(b'<text:p>a<text:s text:c="99999999999"/>b</text:p>'),
        "manuscript-bytes"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_package_is_one_line_and_exit_2(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    suffix, content, expected = CASES[case]
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(content)
    code = main(["check", str(path), "--bib", str(ARTICLE / "references.bib"),
                 "--limit", "package-part-bytes=1000000", "--format", "json"])
    captured = capsys.readouterr()
    assert code == EXIT_FAILURE
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"{path}: error: ") and expected in lines[0]
    assert "Traceback" not in captured.err
    report = json.loads(captured.out)
    assert report["problems"] == [] and expected in report["error"]["message"]
    assert path.read_bytes() == content
