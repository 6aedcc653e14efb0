"""The editor's HTML report: citations marked in the text, findings beside them, the reference
list with its counts, a summary; self-contained, escaped, valid, accessible."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html
from test_validators import require, run_kit

from repropub.cli import main
from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS
from repropub.pandoc import executable

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


@pytest.fixture(autouse=True)
def outside_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no project settings apply (the repository's own lower some severities)."""
    monkeypatch.chdir(tmp_path)
PAPER = FIXTURES / "errors" / "paper.md"


@pytest.fixture
def page(capsys: pytest.CaptureFixture[str]) -> html.HtmlElement:
    """The report of the manuscript with errors, as `check --format html` prints it."""
    code = main(["check", str(PAPER), "--bib", str(PAPER.with_suffix(".bib")),
                 "--format", "html"])
    assert code == EXIT_FINDINGS
    return html.document_fromstring(capsys.readouterr().out)


@pytest.fixture
def report_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The batch report of the whole fixture folder."""
    folder = tmp_path / "report"
    code = main(["check", str(FIXTURES), "--format", "html", "--report-dir", str(folder),
                 "--jobs", "2"])
    assert code == EXIT_FAILURE
    capsys.readouterr()
    return folder


def texts(page: html.HtmlElement, xpath: str) -> list[str]:
    return [e.text_content() for e in page.xpath(xpath)]


def test_citations_are_marked_linked_problem_or_unrecognised(page: html.HtmlElement) -> None:
    text = "//section[@aria-labelledby='text']"
    assert texts(page, f"{text}//span[@class='cite linked']") == ["Waltz (1979)"]
    assert texts(page, f"{text}//span[@class='cite problem']") == ["Schelling, 1967",
                                                                   "Gray, 2012, p. 4"]
    unrecognised = texts(page, f"{text}//span[@class='cite unrecognised']")
    assert [t.split("?")[0] for t in unrecognised] == ["(published later, 2021)"]


def test_each_finding_sits_beside_its_paragraph_with_its_suggestion(
        page: html.HtmlElement) -> None:
    block = page.xpath("//div[@class='block'][.//span[text()='Schelling, 1967']]")[0]
    finding = block.xpath(".//li[contains(@class, 'finding')]")[0]
    assert finding.get("id") == "f1" and "error" in finding.get("class")
    assert "year-mismatch" in finding.text_content()
    suggestion = finding.xpath(".//p[@class='suggestion']")[0].text_content()
    assert suggestion.startswith("Suggestion: ") and "Schelling, 1966" in suggestion
    link = block.xpath(".//sup/a")[0]
    assert link.get("href") == "#f1"


def test_the_reference_list_counts_how_often_each_entry_is_cited(
        page: html.HtmlElement) -> None:
    rows = page.xpath("//section[@aria-labelledby='references']//tbody/tr")
    counts = {r.xpath("./td[1]")[0].text_content(): r.xpath("./td[3]")[0].text_content()
              for r in rows}
    assert counts == {"schelling1966": "1", "waltz1979": "1", "freedman2004": "0"}
    uncited = page.xpath("//tr[@class='uncited']")[0]
    assert "uncited-entry" in uncited.text_content()


def test_the_summary_at_the_top_gives_the_counts(page: html.HtmlElement) -> None:
    terms = texts(page, "//dl[@class='summary']//dt")
    values = texts(page, "//dl[@class='summary']//dd")
    summary = dict(zip(terms, values, strict=True))
    assert summary["Citations"] == "3" and summary["Linked to an entry"] == "1"
    assert summary["Errors"] == "2" and summary["Warnings"] == "1"
    assert summary["Entries never cited"] == "1"


def test_the_manuscripts_markup_is_shown_as_text_never_run(page: html.HtmlElement) -> None:
    assert not page.xpath("//script | //img | //*[@onerror] | //b")
    assert '<script>alert("x")</script>' in page.text_content()
    assert page.xpath("//h1")[0].text_content() == "Deterrence <b>by</b> denial & punishment"


def test_the_page_loads_nothing_from_outside(page: html.HtmlElement) -> None:
    assert not page.xpath("//link | //script | //img | //iframe | //object | //@src")
    assert page.xpath("//style") and "url(" not in page.xpath("//style")[0].text
    assert all(a.get("href").startswith("#") for a in page.xpath("//a"))


def test_a_batch_report_has_an_index_linking_every_page(report_dir: Path) -> None:
    index = html.parse(str(report_dir / "index.html")).getroot()
    links = index.xpath("//tbody//a/@href")
    assert len(links) == 4 and len(set(links)) == 4
    assert sorted(p.name for p in report_dir.iterdir()) == sorted([*links, "index.html"])
    for link in links:
        page = html.parse(str(report_dir / link)).getroot()
        assert page.xpath("//nav/a/@href") == ["index.html"]
    failed = index.xpath("//tbody/tr[contains(., 'could not be checked')]")
    assert len(failed) == 1 and "not UTF-8" in failed[0].text_content()


def test_the_report_folder_is_replaced_only_when_it_holds_a_previous_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious")
    code = main(["check", str(FIXTURES / "linked"), str(FIXTURES / "own-list"), "--format",
                 "html", "--report-dir", str(folder)])
    assert code == EXIT_FAILURE
    assert "no index.html of a previous report" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["thesis.docx"]


def test_report_pages_pass_the_nu_html_checker(report_dir: Path, validators: Path) -> None:
    require("java", "the Nu HTML Checker needs Java 11+")
    if not os.environ.get("VNU_JAR"):
        require("npm", "needed once to install vnu-jar")
    pages = sorted(str(p) for p in report_dir.glob("*.html"))
    done = run_kit(validators / "html" / "html_check.sh", "--Werror", *pages)
    assert done.returncode == 0, done.stdout + done.stderr


def test_report_pages_have_no_axe_core_violations(report_dir: Path, validators: Path) -> None:
    require("node", "axe-core runs in Node 18+")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).is_file():
        pytest.skip(f"no browser at {chromium} (Debian: apt-get install chromium, or set "
                    "CHROMIUM)")
    pages = sorted(str(p) for p in report_dir.glob("*.html"))
    done = run_kit(validators / "html" / "a11y_check.sh", *pages)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("no violations") == len(pages)


def test_a_word_manuscripts_report_names_paragraphs_and_quotes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(PAPER.with_suffix(".bib"), tmp_path / "paper.bib")
    word = tmp_path / "paper.docx"
    subprocess.run([executable(), str(PAPER), "-o", str(word)], check=True, timeout=60)
    assert main(["check", str(word), "--format", "html"]) == EXIT_FINDINGS
    page = html.document_fromstring(capsys.readouterr().out)
    assert {label.split()[0] for label in texts(page, "//span[@class='ln']")} == {"paragraph"}
    finding = page.xpath("//li[@id='f1']")[0].text_content()
    assert "year-mismatch, paragraph" in finding and "\u201cDeterrence failed (Schelling" in finding
