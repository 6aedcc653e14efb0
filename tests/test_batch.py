"""`check` over many manuscripts: folders, globs, workers, the summary, the exit code.

The fixture folder `fixtures/batch/` holds one manuscript whose citations all link, one with
errors (and its own `paper.bib` beside a `references.bib`), one with its reference list typed
at the end, one that is not UTF-8, a hidden `.drafts/` folder and a file that is no manuscript.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from repropub import batch
from repropub.cli import main
from repropub.config import Config
from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK
from repropub.pandoc import executable
from repropub.progress import Progress

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


@pytest.fixture(autouse=True)
def outside_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no project settings apply (the repository's own lower some severities)."""
    monkeypatch.chdir(tmp_path)
ORDER = ["errors/paper.md", "linked/manuscript.md", "own-list/manuscript.md",
         "unreadable/manuscript.md"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def by_file(document: dict[str, object]) -> dict[str, dict[str, object]]:
    manuscripts = document["manuscripts"]
    assert isinstance(manuscripts, list)
    return {str(Path(m["file"]).relative_to(FIXTURES)): m for m in manuscripts}


def test_a_folder_gives_its_manuscripts_sorted_skipping_hidden_folders_and_other_files() -> None:
    found = batch.collect([str(FIXTURES)])
    assert [Path(p).relative_to(FIXTURES).as_posix() for p in found] == ORDER


def test_globs_and_files_are_taken_in_the_order_given_each_once() -> None:
    found = batch.collect([str(FIXTURES / "linked" / "manuscript.md"),
                           str(FIXTURES / "*" / "*.md"), str(FIXTURES / "nothing-*.md")])
    names = [Path(p).relative_to(FIXTURES).as_posix() if isinstance(p, Path) else p
             for p in found]
    assert names == ["linked/manuscript.md", "errors/paper.md", "own-list/manuscript.md",
                     "unreadable/manuscript.md", str(FIXTURES / "nothing-*.md")]


def test_each_manuscript_finds_its_own_bibliography_or_reads_its_typed_list() -> None:
    found = batch.collect([str(FIXTURES)])
    results = batch.run(batch.jobs(found, Config(), None), workers=1)
    used = {Path(r.path).relative_to(FIXTURES).as_posix(): r.bibliography.path
            for r in results if r.bibliography is not None}
    assert used == {
        "errors/paper.md": FIXTURES / "errors" / "paper.bib",  # its own name before the rest
        "linked/manuscript.md": FIXTURES / "linked" / "references.bib",
        "own-list/manuscript.md": FIXTURES / "own-list" / "manuscript.md",  # its typed list
    }
    assert [r.linked for r in results[:3]] == [1, 2, 2]


def test_a_word_manuscript_in_the_folder_is_read_like_its_markdown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "submissions"
    shutil.copytree(FIXTURES / "errors", folder / "errors")
    shutil.copytree(FIXTURES / "errors", folder / "word")
    subprocess.run([executable(), str(folder / "word" / "paper.md"), "-o",
                    str(folder / "word" / "paper.docx")], check=True, timeout=60)
    (folder / "word" / "paper.md").unlink()
    code, out, _ = run(capsys, str(folder), "--format", "json", "--jobs", "2")
    assert code == EXIT_FINDINGS
    markdown, word = json.loads(out)["manuscripts"]
    assert word["file"].endswith("paper.docx") and word["error"] is None
    assert [p["code"] for p in word["problems"]] == [p["code"] for p in markdown["problems"]]


def test_an_unreadable_manuscript_is_reported_and_the_others_still_run(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FIXTURES), "--format", "json", "--jobs", "2")
    assert code == EXIT_FAILURE  # the worst of all: one could not be checked
    document = json.loads(out)
    files = by_file(document)
    assert list(files) == ORDER
    unreadable = files["unreadable/manuscript.md"]
    assert unreadable["row"]["status"] == "failed"  # type: ignore[index]
    assert "not UTF-8" in str(unreadable["error"]) and "manuscript.md:5" in str(
        unreadable["error"])
    errors = files["errors/paper.md"]
    assert {p["code"] for p in errors["problems"]} == {  # type: ignore[union-attr]
        "year-mismatch", "missing-entry", "uncited-entry"}
    assert files["linked/manuscript.md"]["row"]["status"] == "ok"  # type: ignore[index]
    assert document["totals"] == {"manuscripts": 4, "checked": 3, "failed": 1, "citations": 7,
                                  "linked": 5, "errors": 2, "warnings": 1, "exit_code": 2}


def test_the_exit_code_is_one_when_the_worst_manuscript_has_errors(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FIXTURES / "linked"), str(FIXTURES / "errors" / "*.md"))
    assert code == EXIT_FINDINGS
    assert "2 manuscripts: 2 checked, 0 could not be checked" in out
    code, _, _ = run(capsys, str(FIXTURES / "linked"), str(FIXTURES / "own-list"))
    assert code == EXIT_OK


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "github", "sarif"])
def test_reports_are_byte_identical_with_one_and_two_workers(
        capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    one = run(capsys, str(FIXTURES), "--format", fmt, "--jobs", "1")
    two = run(capsys, str(FIXTURES), "--format", fmt, "--jobs", "2")
    assert one[0] == two[0] == EXIT_FAILURE
    assert one[1] == two[1]


def test_the_text_report_ends_with_a_summary_row_per_manuscript(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(FIXTURES), "--jobs", "1")
    table = out[out.index("manuscript  "):].splitlines()
    assert table[0].split() == ["manuscript", "citations", "linked", "errors", "warnings",
                                "worst", "finding"]
    rows = {Path(line.split()[0]).relative_to(FIXTURES).as_posix(): line.split()[1:]
            for line in table[1:5]}
    assert rows["errors/paper.md"][:4] == ["3", "1", "2", "1"]
    assert rows["errors/paper.md"][4:6] == ["error", "year-mismatch"]
    assert rows["unreadable/manuscript.md"][-4:] == ["could", "not", "be", "checked"]
    assert "manuscript.md:5: error: manuscript is not UTF-8 text" in out


def test_csv_has_one_row_per_manuscript(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(FIXTURES), "--format", "csv", "--jobs", "2")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [Path(r["manuscript"]).relative_to(FIXTURES).as_posix() for r in rows] == ORDER
    assert rows[0]["errors"] == "2" and rows[0]["worst"] == "error year-mismatch"
    assert rows[3]["status"] == "failed" and "not UTF-8" in rows[3]["worst_message"]


def test_sarif_for_a_batch_is_one_run_with_every_manuscript_and_the_failure(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(FIXTURES), "--format", "sarif")
    run_ = json.loads(out)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run_["results"]}
    assert uris == {(FIXTURES / "errors" / name).as_posix() for name in ("paper.md",
                                                                         "paper.bib")}
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "not UTF-8" in notes[0]["message"]["text"]


def test_progress_is_one_plain_line_per_manuscript_outside_a_terminal(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, str(FIXTURES), "--format", "csv", "--jobs", "2")
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert sorted(line.split("]")[0] for line in lines) == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert "\r" not in err


def test_a_glob_that_matches_nothing_is_reported_among_the_results(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FIXTURES / "linked"), str(FIXTURES / "none-*.md"),
                       "--format", "json")
    assert code == EXIT_FAILURE
    files = json.loads(out)["manuscripts"]
    assert "not found" in files[1]["error"] and files[0]["error"] is None


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "--jobs 0"),
    (["--format", "html"], "--report-dir"),
    (["--report-dir", "somewhere"], "--format html"),
])
def test_bad_batch_options_are_one_line_and_exit_two(
        capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = run(capsys, str(FIXTURES), *args)
    assert code == EXIT_FAILURE
    assert message in err and "Traceback" not in err


def test_one_manuscript_keeps_the_single_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FIXTURES / "errors" / "paper.md"), "--bib",
                       str(FIXTURES / "errors" / "paper.bib"), "--format", "json")
    assert code == EXIT_FINDINGS
    assert "manuscripts" not in json.loads(out) and json.loads(out)["summary"]["errors"] == 2


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_progress_is_one_bar_redrawn_in_place(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    bar = Progress(2, stream)
    for done, name in enumerate(["a.md", "b.md"], 1):
        bar(done, batch.Checked(Path(name), error="x"))
    written = stream.getvalue()
    assert "\n" not in written
    assert "] 1/2 a.md" in written and "] 2/2 b.md" in written
    assert written.endswith("\r\x1b[K")  # the bar is cleared once the batch is done
