"""Making the Word and ODT files the reader tests read: pandoc and LibreOffice from a fixture's
Markdown, and python-docx for what only Word writes (empty paragraphs, tables, citation fields,
comments, tracked changes)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from repropub.pandoc import executable

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = FIXTURES / "readers-article"


def pandoc_convert(source: Path, out: Path) -> Path:
    """The Markdown `source` as `out` (.docx or .odt), written by the pinned pandoc."""
    subprocess.run([executable(), str(source), "-o", str(out)], check=True, timeout=60)
    return out


def soffice_convert(source: Path, fmt: str, folder: Path) -> Path:
    """`source` converted by LibreOffice headless into `folder` (`fmt`: odt, docx)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not found: apt-get install libreoffice-writer-nogui "
                    "(.ci/run installs it)")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/.profile",
                    "--convert-to", fmt, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / f"{source.stem}.{fmt}"


def zotero_instruction(items: list[dict[str, Any]], plain: str) -> str:
    data = {"citationID": "a1b2c3", "properties": {"formattedCitation": plain,
                                                   "plainCitation": plain, "noteIndex": 0},
            "citationItems": [{"id": i + 1, "itemData": item} for i, item in enumerate(items)],
            "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}
    return f" ADDIN ZOTERO_ITEM CSL_CITATION {json.dumps(data)} "


def add_field(paragraph: Any, instruction: str, result: str) -> None:
    """A complex field as Word writes it: begin, instruction, separate, result, end; the
    instruction is cut over two runs, as Word often does."""
    half = len(instruction) // 2
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve">{_escape(instruction[:half])}'
        "</w:instrText></w:r>",
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve">{_escape(instruction[half:])}'
        "</w:instrText></w:r>",
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{_escape(result)}</w:t></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


def add_deleted(paragraph: Any, text: str) -> None:
    """A tracked deletion: Word keeps the text in w:delText inside w:del."""
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="90" w:author="A" w:date="2026-01-01T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{_escape(text)}</w:delText></w:r></w:del>'))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def new_document() -> Any:
    return docx.Document()
