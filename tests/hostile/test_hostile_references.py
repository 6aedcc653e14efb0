"""Every kind of external reference an input can carry, confined or refused in every output.

Each test builds an attack with the real pandoc and WeasyPrint, then reads every output as a
browser, a PDF viewer and a JATS or Crossref consumer would (`outward.outward_references`):
nothing may point outside the output folder, except links a reader clicks to the web. The table
in docs/security.md names the test for each kind of reference.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pikepdf
import pytest
from conftest import Canary, Main, MakeProject, assert_no_canary, one_line_error
from lxml import etree, html
from outward import outward_references

from repropub.errors import EXIT_FAILURE, EXIT_OK

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
DOCUMENT = base64.b64encode(b"<script>alert(1)</script>").decode()


def pdf_links(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as document:
        return [str(a.A.URI) for page in document.pages for a in page.get("/Annots", [])
                if "/A" in a and a.A.get("/S") == "/URI"]


def pdf_link_texts(pdf: Path) -> list[str]:
    """What each link annotation tells assistive technology it leads to (a tagged PDF's
    ``/Contents``)."""
    with pikepdf.open(pdf) as document:
        return [str(a.Contents) for page in document.pages for a in page.get("/Annots", [])
                if a.get("/Subtype") == "/Link" and "/Contents" in a]


def test_links_that_lead_out_lose_their_target_in_the_page_jats_and_pdf(
        project: MakeProject, canary: Canary, main: Main, tmp_path: Path) -> None:
    escape = os.path.relpath(canary.folder / "canary.txt", tmp_path / "project")
    attack = project("links-outward", ESCAPE=escape)
    assert main(attack.args()) == EXIT_OK
    assert outward_references(attack.out) == []
    page = html.document_fromstring((attack.out / "article.html").read_bytes())
    # the words stay, the targets go; links inside the project and to the web are kept
    assert page.xpath("//main//a[not(@href)][normalize-space()='a file URL']")
    assert page.xpath("//main//a[not(@href)][normalize-space()='up and out']")
    assert {str(h) for h in page.xpath("//main//a/@href")} >= {
        "figures/data.csv", "https://example.org/data", "mailto:eve@example.org"}
    # in the PDF a file of the project is a relative link, never the build folder's path
    links = pdf_links(attack.out / "article.pdf")
    assert "figures/data.csv" in links
    assert not [link for link in links if link.startswith("file:")]
    # nor does a link's text for assistive technology name the build folder
    texts = pdf_link_texts(attack.out / "article.pdf")
    assert "figures/data.csv" in texts
    assert not [text for text in texts if "file:" in text or str(tmp_path) in text]
    assert_no_canary(canary, attack.out)


def test_bibliography_urls_dois_and_files_reach_no_output_as_links(
        project: MakeProject, canary: Canary, main: Main) -> None:
    attack = project("bib-references")
    assert main(attack.args()) == EXIT_OK
    assert (attack.out / "article.crossref.xml").is_file()
    assert outward_references(attack.out) == []
    jats = etree.parse(str(attack.out / "article.jats.xml"))
    assert not jats.xpath("//uri[starts-with(., 'javascript:') or starts-with(., 'file:')]")
    # the entries are still listed, with their words
    page = html.document_fromstring((attack.out / "article.html").read_bytes())
    assert len(page.xpath("//*[@id='references']//li")) == 4
    # the deposit carries a reference's DOI and its words as text: no element of markup
    deposit = etree.parse(str(attack.out / "article.crossref.xml"))
    assert not deposit.xpath("//*[local-name()='script']")
    dois = deposit.xpath("//*[local-name()='doi']/text()")
    assert dois and all(str(doi).startswith("10.") for doi in dois)
    assert_no_canary(canary, attack.out)


def test_raw_latex_typst_and_loading_html_elements_load_nothing(
        project: MakeProject, canary: Canary, main: Main) -> None:
    attack = project("raw-elsewhere")
    assert main(attack.args()) == EXIT_OK
    assert outward_references(attack.out) == []
    [body] = html.document_fromstring((attack.out / "article.html").read_bytes()).xpath(
        "//main")
    assert not body.xpath(".//*[@srcset or @poster or @ping or @srcdoc or @cite]")
    assert not body.xpath(".//@style[contains(., 'url') or contains(., '\\')]")
    assert not body.xpath(".//video | .//audio | .//iframe | .//picture | .//source | .//area"
                          " | .//base | .//meta | .//link")
    assert_no_canary(canary, attack.out)


def test_an_svg_that_hides_references_behind_css_escapes_is_cleaned(
        project: MakeProject, canary: Canary, main: Main,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("svg-escaped")
    assert main(attack.args()) == EXIT_OK
    err = capsys.readouterr().err
    assert "[image.svg-cleaned]" in err and "a <style> that loads files" in err
    assert outward_references(attack.out) == []
    figure = etree.parse(str(attack.out / "assets" / "media" / "figures" / "escaped.svg"))
    assert figure.xpath("//*[local-name()='text']/text()") == ["Kept"]
    assert not figure.xpath("//@*[contains(., '\\')]")
    assert_no_canary(canary, attack.out)


def test_a_data_url_image_of_another_type_is_refused(project: MakeProject, main: Main,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    with attack.manuscript.open("a", encoding="utf-8") as text:
        text.write(f'\n<img alt="page" src="data:text/html;base64,{DOCUMENT}">\n')
    assert main(attack.args()) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, attack.manuscript)
    assert "'text/html' is not an image" in line
    assert not attack.out.exists()


def test_a_data_url_document_written_as_an_image_is_never_embedded(
        project: MakeProject, main: Main) -> None:
    attack = project("base")
    with attack.manuscript.open("a", encoding="utf-8") as text:
        text.write(f"\n![page](data:text/html;base64,{DOCUMENT})\n")  # pandoc: <embed src>
    assert main(attack.args("--html-only")) == EXIT_OK
    assert outward_references(attack.out) == []
    assert DOCUMENT.encode() not in (attack.out / "article.html").read_bytes()


def design(folder: Path, stylesheet: str) -> Path:
    """A design built on the shipped one whose screen stylesheet is `stylesheet`."""
    folder.mkdir()
    (folder / "design.yaml").write_text(f"base: {TEMPLATES}\n", encoding="utf-8")
    (folder / "article.css").write_text(stylesheet, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("stylesheet", "reason"), [
    ('@import url("file://@CANARY@/canary.css");\n', "outside the output folder"),
    ("body { background: \\75 rl(@ESCAPE@) }\n", "leads out of the output folder"),
    ('@import "fonts/fonts.css";\nbody { background: url(https://tracker.example/p.png) }\n',
     "--allow-host"),
    ('p { background: url("data:text/css,@import url(/etc/passwd)") }\n', "'text/css'"),
])
def test_a_design_stylesheet_that_loads_from_outside_is_refused_with_its_line(
        project: MakeProject, canary: Canary, main: Main, tmp_path: Path, stylesheet: str,
        reason: str, capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    house = tmp_path / "house"
    escape = os.path.relpath(canary.folder / "canary.svg", tmp_path / "out" / "assets")
    design(house, stylesheet.replace("@CANARY@", str(canary.folder))
           .replace("@ESCAPE@", escape))
    assert main(attack.args("--templates", str(house))) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, house / "article.css")
    assert line.startswith(f"{house / 'article.css'}:")
    assert reason in line
    assert not attack.out.exists()


def test_a_design_may_load_from_an_allowed_host(project: MakeProject, main: Main,
                                               tmp_path: Path) -> None:
    attack = project("base")
    house = design(tmp_path / "house", '@import "fonts/fonts.css";\n'
                   "body { background: url(https://assets.example/p.png) }\n")
    assert main(attack.args("--templates", str(house), "--html-only",
                            "--allow-host", "assets.example")) == EXIT_OK
    assert "https://assets.example/p.png" in (attack.out / "assets" / "article.css").read_text()


@pytest.mark.parametrize(("field", "expected"), [
    ("url: javascript:alert(1)", "'url'"),
    ("url: file:///etc/passwd", "'url'"),
    ("license:\n  name: CC BY\n  url: file:///etc/passwd", "'license.url'"),
    ("bibliography: /etc/passwd", "bibliography '/etc/passwd'"),
    ("bibliography: ../outside.bib", "bibliography '../outside.bib'"),
    ("supplementary:\n  - file: /etc/passwd", "supplementary file '/etc/passwd'"),
    ("supplementary:\n  - file: ../outside.csv", "supplementary file '../outside.csv'"),
    ("template: ../../etc", "'template'"),
])
def test_a_front_matter_field_that_names_a_path_or_url_outside_is_refused(
        project: MakeProject, main: Main, field: str, expected: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    (attack.folder.parent / "outside.bib").write_text("", encoding="utf-8")
    (attack.folder.parent / "outside.csv").write_text("x\n", encoding="utf-8")
    text = attack.manuscript.read_text(encoding="utf-8")
    attack.manuscript.write_text(text.replace("lang: en-US\n", f"lang: en-US\n{field}\n", 1),
                                 encoding="utf-8")
    args = [a for a in attack.args() if a != "--bib" and a != str(attack.bib)]
    assert main(args if "bibliography" in field else attack.args()) == EXIT_FAILURE
    lines = one_line_error(capsys.readouterr().err, attack.manuscript)
    assert any(expected in line for line in lines), lines
    assert not attack.out.exists()


def test_a_dependent_style_whose_parent_link_points_outside_finds_no_parent_there(
        project: MakeProject, canary: Canary, main: Main,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    style = attack.folder / "journal.csl"
    style.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
        '  <info><title>Journal</title><id>journal</id>\n'
        f'    <link rel="independent-parent" href="file://{canary.folder}/canary"/>\n'
        '    <updated>2020-01-01T00:00:00Z</updated></info>\n'
        '</style>\n', encoding="utf-8")
    assert main(attack.args("--style", str(style))) == EXIT_FAILURE
    captured = capsys.readouterr()
    [line] = one_line_error(captured.err, style)
    assert "'canary', which is not in the" in line
    assert canary.token not in captured.out + captured.err
    assert not attack.out.exists()
