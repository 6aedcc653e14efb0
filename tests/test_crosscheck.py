"""The metadata cross-check (`repropub.crosscheck`): every output read back and compared with the
front matter.

A built output folder is copied, one field of one output is changed with that format's own
tools (lxml, json, pikepdf, RIS/BibTeX lines), and the cross-check must name that file and
that field, and nothing else.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from lxml import etree, html
from pages import Flagship

from repropub.crosscheck import cross_check
from repropub.manuscript import read_manuscript
from repropub.metadata import ArticleMetadata

pytestmark = pytest.mark.slow

CR = "{http://www.crossref.org/schema/5.3.1}"
PRISM = "{http://prismstandard.org/namespaces/basic/2.0/}"
SAFE = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


def copy_of(built: Flagship, tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    shutil.copytree(built.out_dir, folder)
    return folder


def front_matter(built: Flagship) -> ArticleMetadata:
    return read_manuscript(built.result.manuscript.path).metadata


def edit_xml(path: Path, change: Callable[[etree._Element], None]) -> None:
    tree = etree.parse(str(path), SAFE)
    change(tree.getroot())
    tree.write(str(path), encoding="utf-8", xml_declaration=True)


def edit_html_meta(name: str, value: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        page = html.parse(str(path)).getroot()
        tags = page.findall(f".//meta[@name='{name}']")
        assert len(tags) == 1, name
        tags[0].set("content", value)
        path.write_bytes(html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8"))
    return change


def edit_json_ld(key: str, value: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        page = html.parse(str(path)).getroot()
        [script] = page.findall(".//script[@type='application/ld+json']")
        data = json.loads(script.text or "{}")
        data[key] = value
        script.text = json.dumps(data)
        path.write_bytes(html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8"))
    return change


def edit_jats(path: str, value: str) -> Callable[[Path], None]:
    def change(file: Path) -> None:
        def set_text(root: etree._Element) -> None:
            element = root.find(f"front/article-meta/{path}")
            assert element is not None, path
            element.text = value
        edit_xml(file, set_text)
    return change


def edit_crossref_doi(value: str) -> Callable[[Path], None]:
    def change(file: Path) -> None:
        def set_text(root: etree._Element) -> None:
            element = root.find(f".//{CR}journal_article/{CR}doi_data/{CR}doi")
            assert element is not None
            element.text = value
        edit_xml(file, set_text)
    return change


def edit_csl_json(key: str, value: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        items = json.loads(path.read_text(encoding="utf-8"))
        items[0][key] = value
        path.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    return change


def edit_tagged_line(pattern: str, replacement: str) -> Callable[[Path], None]:
    """Change the one RIS/BibTeX line matching `pattern` (keeping the file's line ends)."""
    def change(path: Path) -> None:
        data = path.read_bytes().decode("utf-8")
        changed, count = re.subn(pattern, replacement, data, flags=re.MULTILINE)
        assert count == 1, pattern
        path.write_bytes(changed.encode("utf-8"))
    return change


def edit_pdf_xmp(key: str, value: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
                xmp[key] = value
            pdf.save(path)
    return change


def edit_pdf_info_title(value: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.docinfo["/Title"] = value
            pdf.save(path)
    return change


@dataclass(frozen=True)
class Tamper:
    build: str
    """Which session build to copy: "flagship" or "deposit"."""
    file: str
    field: str
    """The cross-check's name for the field."""
    value: str
    change: Callable[[Path], None]
    part: str = ""
    """The part of the file that carries the field, when it carries it twice (see Discrepancy)."""


TAMPERINGS = {
    "jats-volume": Tamper("flagship", "article.jats.xml", "volume", "5",
                          edit_jats("volume", "5")),
    "jats-surname": Tamper("flagship", "article.jats.xml", "authors", "Garbo, Mohammed Kabeer",
                           edit_jats("contrib-group/contrib/name/surname", "Garbo")),
    "ris-doi": Tamper("flagship", "article.ris", "doi", "10.5555/tampered",
                      edit_tagged_line(r"^DO  - .*?(?=\r$)", "DO  - 10.5555/tampered")),
    "csl-json-title": Tamper("flagship", "article.json", "title", "A Different Title",
                             edit_csl_json("title", "A Different Title")),
    "csl-json-issue": Tamper("flagship", "article.json", "issue", "10",
                             edit_csl_json("issue", "10")),
    "bibtex-volume": Tamper("flagship", "article.bib", "volume", "44",
                            edit_tagged_line(r"^  volume = \{.*\},$", "  volume = {44},")),
    "html-meta-volume": Tamper("flagship", "article.html", "volume", "99",
                               edit_html_meta("citation_volume", "99")),
    "pdf-xmp-doi": Tamper("flagship", "article.pdf", "doi", "10.5555/tampered",
                          edit_pdf_xmp(f"{PRISM}doi", "10.5555/tampered"), part="XMP"),
    "pdf-xmp-volume": Tamper("flagship", "article.pdf", "volume", "7",
                             edit_pdf_xmp(f"{PRISM}volume", "7"), part="XMP"),
    "json-ld-title": Tamper("flagship", "article.html", "title", "Tampered",
                            edit_json_ld("headline", "Tampered"), part="JSON-LD"),
    "crossref-doi": Tamper("deposit", "article.crossref.xml", "doi", "10.5555/tampered",
                           edit_crossref_doi("10.5555/tampered")),
    "html-meta-title": Tamper("flagship", "article.html", "title", "Tampered",
                              edit_html_meta("citation_title", "Tampered")),
    "html-meta-doi": Tamper("flagship", "article.html", "doi", "10.5555/tampered",
                            edit_html_meta("citation_doi", "10.5555/tampered")),
    "html-meta-lastpage": Tamper("flagship", "article.html", "last page", "63",
                                 edit_html_meta("citation_lastpage", "63")),
    "pdf-info-title": Tamper("flagship", "article.pdf", "title", "Tampered",
                             edit_pdf_info_title("Tampered"), part="info"),
}


def test_flagship_outputs_agree_with_the_front_matter(flagship: Flagship, tmp_path: Path) -> None:
    assert flagship.result.mismatches == ()
    assert cross_check(copy_of(flagship, tmp_path), front_matter(flagship)) == []


def test_deposit_outputs_agree_with_the_front_matter_field_by_field(
        deposit: Flagship, tmp_path: Path) -> None:
    """Every field of every output; the fixture's one-page PDF may not fill its page range."""
    found = cross_check(copy_of(deposit, tmp_path), front_matter(deposit))
    assert [d for d in found if d.code != "metadata.page-count"] == []


@pytest.mark.parametrize("case", list(TAMPERINGS.values()), ids=list(TAMPERINGS))
def test_a_changed_field_is_reported_with_its_file_and_field(
        case: Tamper, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    built: Flagship = request.getfixturevalue(case.build)
    folder = copy_of(built, tmp_path)
    meta = front_matter(built)
    before = cross_check(folder, meta)
    case.change(folder / case.file)
    new = [d for d in cross_check(folder, meta) if d not in before]
    assert [(d.path, d.part, d.severity, d.code) for d in new] == \
        [(folder / case.file, case.part, "error", "metadata.mismatch")], [str(d) for d in new]
    assert new[0].message.startswith(f"{case.field} is {case.value!r}, "), new[0].message


@pytest.mark.parametrize("name, content", [
    ("article.jats.xml", b"<article><front><article-meta>"),
    ("article.json", b"[{\"title\": "),
    ("article.ris", b"\xff\xfeTY  - JOUR\r\n"),
    ("article.pdf", b"%PDF-1.7\n%%EOF\n"),
    ("article.html", b""),
])
def test_an_unreadable_output_is_reported_as_unreadable(
        name: str, content: bytes, flagship: Flagship, tmp_path: Path) -> None:
    folder = copy_of(flagship, tmp_path)
    meta = front_matter(flagship)
    before = cross_check(folder, meta)
    (folder / name).write_bytes(content)
    new = [d for d in cross_check(folder, meta) if d not in before]
    assert [(d.path, d.severity, d.code) for d in new] == \
        [(folder / name, "error", "metadata.unreadable")], [str(d) for d in new]


def test_messages_name_the_folder_shown_to_the_user(flagship: Flagship, tmp_path: Path) -> None:
    folder = copy_of(flagship, tmp_path)
    edit_jats("issue", "10")(folder / "article.jats.xml")
    found = cross_check(folder, front_matter(flagship), shown_as=Path("out"))
    assert [str(d) for d in found] == [
        "out/article.jats.xml: error: issue is '10', the front matter says '9' "
        "[metadata.mismatch]"]
