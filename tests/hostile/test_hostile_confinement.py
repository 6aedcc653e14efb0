"""Confinement: a manuscript written by a stranger reads nothing outside its project, runs no
code in the reader's browser, and fetches nothing from the network. Every test builds with the
real pandoc and WeasyPrint and then looks for the canary in every output."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from conftest import Canary, Main, MakeProject, Project, assert_no_canary, one_line_error
from lxml import etree, html

from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK

JAVASCRIPT = ("javascript:", "vbscript:", "data:text/html")


def beside(attack: Project) -> list[Path]:
    """Whatever a failed build left next to the project (nothing, if staging was cleaned)."""
    return [p for p in attack.folder.parent.iterdir() if p != attack.folder]


def body_of(out: Path) -> html.HtmlElement:
    page = html.document_fromstring((out / "article.html").read_bytes())
    [main] = page.xpath("//main")
    return main


def live_code(element: html.HtmlElement) -> list[str]:
    """Everything in `element` that would run, load or embed something."""
    found = [el.tag for el in element.iter()
             if el.tag in ("script", "iframe", "object", "embed", "link", "style", "form",
                           "base", "meta", "svg", "input")]
    for el in element.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name.startswith("on") or name in ("rel", "srcset", "formaction"):
                found.append(f"{el.tag}@{name}")
            if name in ("href", "src") and value.strip().lower().startswith(JAVASCRIPT):
                found.append(f"{el.tag}@{name}={value}")
            if name == "style" and "url(" in value:
                found.append(f"{el.tag}@style={value}")
    return found


def test_metadata_in_the_body_and_front_matter_never_reaches_citeproc(
        project: MakeProject, canary: Canary, main: Main) -> None:
    attack = project("metadata-in-body")
    assert main(attack.args()) == EXIT_OK
    references = body_of(attack.out).xpath("//*[@id='references']//li")
    assert len(references) == 1  # waltz1979 only: the canary .bib was not read
    assert_no_canary(canary, attack.out)


def test_raw_html_is_sanitised_and_nothing_is_fetched(project: MakeProject, canary: Canary,
                                                      main: Main) -> None:
    attack = project("raw-html")
    assert main(attack.args()) in (EXIT_OK, EXIT_FINDINGS)  # "@import" reads as a citation
    main_element = body_of(attack.out)
    assert live_code(main_element) == []
    assert "alert" not in html.tostring(main_element, encoding="unicode").replace(
        "&lt;script&gt;alert(\"raw", "")  # the {=html} block is shown as code, inert
    assert_no_canary(canary, attack.out)


def test_event_handlers_from_pandoc_attributes_and_script_links_are_removed(
        project: MakeProject, canary: Canary, main: Main) -> None:
    attack = project("attribute-handlers")
    assert main(attack.args()) == EXIT_OK
    main_element = body_of(attack.out)
    assert live_code(main_element) == []
    assert main_element.xpath("//h2[normalize-space()='Introduction']")  # content kept
    assert main_element.xpath("//div[contains(@class, 'note')]")
    jats = etree.parse(str(attack.out / "article.jats.xml"))
    hrefs = jats.xpath("//@xlink:href", namespaces={"xlink": "http://www.w3.org/1999/xlink"})
    assert not [h for h in hrefs if str(h).lower().startswith(JAVASCRIPT)]
    assert_no_canary(canary, attack.out)


def test_trusted_keeps_raw_html(project: MakeProject, main: Main) -> None:
    attack = project("attribute-handlers")
    assert main(attack.args("--trusted", "--html-only")) == EXIT_OK
    assert body_of(attack.out).xpath("//h2[@onclick]")


@pytest.mark.parametrize(("case", "expected"), [
    ("image-file-url", "only files inside the manuscript's folder"),
    ("image-remote", "not fetched from the network"),
])
def test_images_outside_the_project_stop_the_build(project: MakeProject, canary: Canary,
                                                   main: Main, case: str, expected: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    attack = project(case)
    assert main(attack.args()) == EXIT_FAILURE
    lines = one_line_error(capsys.readouterr().err, attack.manuscript)
    assert expected in lines[0]
    assert f"{attack.manuscript}:" in lines[0]  # with the image's line
    assert not attack.out.exists()
    assert_no_canary(canary, *beside(attack))


def test_an_image_escaping_with_dot_dot_stops_the_build(project: MakeProject, canary: Canary,
                                                        main: Main, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    escape = os.path.relpath(canary.folder / "canary.svg", tmp_path / "project")
    attack = project("image-escape", ESCAPE=escape)
    assert main(attack.args()) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, attack.manuscript)
    assert "outside the manuscript's folder" in line
    assert_no_canary(canary, *beside(attack))


def test_an_image_symlinked_out_of_the_project_stops_the_build(
        project: MakeProject, canary: Canary, main: Main,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("image-symlink")
    (attack.folder / "figures").mkdir()
    (attack.folder / "figures" / "link.svg").symlink_to(canary.folder / "canary.svg")
    assert main(attack.args()) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, attack.manuscript)
    assert "outside the manuscript's folder" in line
    assert_no_canary(canary, *beside(attack))


def test_an_image_inside_the_project_is_copied_beside_the_page(project: MakeProject,
                                                               canary: Canary,
                                                               main: Main) -> None:
    attack = project("image-ok")
    assert main(attack.args()) == EXIT_OK
    [img] = body_of(attack.out).xpath("//img")
    assert img.get("src") == "assets/media/figures/square.svg"
    assert (attack.out / "assets" / "media" / "figures" / "square.svg").is_file()
    assert (attack.out / "article.pdf").is_file()
    assert_no_canary(canary, attack.out)


def test_an_svg_that_reaches_out_is_cleaned_before_the_pdf(
        project: MakeProject, canary: Canary, main: Main,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("svg-nested")
    assert main(attack.args()) == EXIT_OK
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "removed href=" in err and "[image.svg-cleaned]" in err
    assert_no_canary(canary, attack.out, *beside(attack))


def svg_code(root: etree._Element) -> list[str]:
    """Everything in an SVG that would run or load something."""
    found = [etree.QName(el).localname for el in root.iter() if isinstance(el.tag, str)
             and etree.QName(el).localname in ("script", "foreignObject", "iframe", "animate",
                                                "set")]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            local = etree.QName(name).localname
            if local.startswith("on"):
                found.append(f"{el.tag}@{local}")
            if local == "href" and not value.startswith("#"):
                found.append(f"{el.tag}@href={value}")
            if "url(" in value and "url(#" not in value:
                found.append(f"{el.tag}@{local}={value}")
        if etree.QName(el).localname == "style" and ("@import" in (el.text or "")):
            found.append("style@import")
    return found


def test_scripts_handlers_and_outside_links_are_removed_from_svg_figures(
        project: MakeProject, canary: Canary, main: Main,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("svg-active")
    assert main(attack.args()) == EXIT_OK
    err = capsys.readouterr().err
    assert "figures/active.svg" in err and "<script>" in err and "<foreignObject>" in err
    figure = etree.parse(str(attack.out / "assets" / "media" / "figures" / "active.svg"))
    assert svg_code(figure.getroot()) == []
    # what the drawing needs is still there
    assert figure.xpath("//*[local-name()='linearGradient']/@id") == ["fade"]
    assert figure.xpath("//*[local-name()='text']/text()") == ["Growth"]
    assert figure.xpath("//*[local-name()='rect']/@width") == ["120"]
    assert b"tracker.example" not in (attack.out / "article.html").read_bytes()
    assert_no_canary(canary, attack.out)


def test_an_svg_data_url_kept_for_a_trusted_author_is_cleaned_too(
        project: MakeProject, main: Main) -> None:
    attack = project("svg-active")
    assert main(attack.args("--trusted")) == EXIT_OK
    [_, inline] = body_of(attack.out).xpath("//img")
    header, _, payload = inline.get("src").partition(",")
    assert header == "data:image/svg+xml;base64"
    drawing = etree.fromstring(base64.b64decode(payload))
    assert svg_code(drawing) == []
    assert drawing.xpath("//*[local-name()='rect']/@width") == ["10"]


def test_trusted_raw_html_still_cannot_make_weasyprint_read_outside(
        project: MakeProject, canary: Canary, main: Main,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("trusted-fetches")
    assert main(attack.args("--trusted")) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "outside the output folder" in err
    assert not attack.out.exists()
    assert_no_canary(canary, *beside(attack))


@pytest.mark.parametrize("which", ["manuscript", "bibliography"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_source_symlinked_out_of_the_project_is_refused(
        which: str, command: str, project: MakeProject, canary: Canary, main: Main,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    link = attack.manuscript if which == "manuscript" else attack.bib
    outside = canary.folder / ("canary.txt" if which == "manuscript" else "canary.bib")
    link.unlink()
    link.symlink_to(outside)
    args = attack.args() if command == "build" else ["check", *attack.args()[:3]]
    assert main(args) == EXIT_FAILURE
    captured = capsys.readouterr()
    [line] = one_line_error(captured.err, link)
    assert "symbolic link" in line and "--trusted" in line
    assert canary.token not in captured.out + captured.err
    assert_no_canary(canary, *beside(attack))


def test_a_symlink_inside_the_project_is_followed(project: MakeProject, canary: Canary,
                                                  main: Main) -> None:
    attack = project("base")
    (attack.folder / "refs").mkdir()
    attack.bib.rename(attack.folder / "refs" / "library.bib")
    attack.bib.symlink_to(Path("refs") / "library.bib")
    assert main(attack.args("--html-only")) == EXIT_OK
    assert_no_canary(canary, attack.out)


def test_trusted_follows_a_linked_bibliography(project: MakeProject, tmp_path: Path,
                                               main: Main) -> None:
    attack = project("base")
    zotero = tmp_path / "zotero-export.bib"
    attack.bib.rename(zotero)
    attack.bib.symlink_to(zotero)
    assert main(attack.args("--html-only")) == EXIT_FAILURE
    assert main(attack.args("--html-only", "--trusted")) == EXIT_OK
