"""Project settings (`repropub.toml`, `pyproject.toml` [tool.repropub]) and the exit-code policy.

Each test runs the command line in-process from a fixture project's folder, as a user runs it
from their project.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from repropub.cli import main
from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, InputError
from repropub.settings import Settings, load_settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, json.loads(out) if "json" in args and out.strip() else out, err


def codes(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["code"], p["severity"]) for p in report["problems"]]


@pytest.fixture
def in_fixture(monkeypatch: pytest.MonkeyPatch) -> Any:
    def enter(case: str) -> Path:
        folder = FIXTURES / f"settings-{case}"
        monkeypatch.chdir(folder)
        return folder
    return enter


def test_repropub_toml_gives_the_manuscript_bibliography_severities_and_output(
        in_fixture: Any) -> None:
    folder = in_fixture("repropub-toml")
    settings = load_settings()
    assert settings == Settings(bibliography=folder / "refs.bib",
                                manuscript=folder / "manuscript.md", out=folder / "site",
                                fail_on="warning", severity={"year-mismatch": "warning"},
                                source=folder / "repropub.toml")


def test_settings_are_found_from_a_subfolder(in_fixture: Any,
                                             monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    folder = in_fixture("pyproject")
    assert load_settings(folder).source == folder / "pyproject.toml"
    (tmp_path / ".git").mkdir()
    assert load_settings(tmp_path) == Settings()


def test_check_without_arguments_uses_the_projects_manuscript_and_bibliography(
        in_fixture: Any, capsys: pytest.CaptureFixture[str]) -> None:
    folder = in_fixture("repropub-toml")
    code, report, _ = run(capsys, "check", "--format", "json")
    assert {p["file"] for p in report["problems"]} == {str(folder / "manuscript.md")}
    assert sorted(codes(report)) == [("style.ampersand", "warning"),
                                     ("year-mismatch", "warning")]
    assert code == EXIT_FINDINGS  # fail-on = "warning"


def test_a_flag_overrides_the_projects_fail_on(in_fixture: Any,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    in_fixture("repropub-toml")
    code, report, _ = run(capsys, "check", "--format", "json", "--fail-on", "error")
    assert ("year-mismatch", "warning") in codes(report)
    assert code == EXIT_OK


def test_a_flag_overrides_the_projects_severity(in_fixture: Any,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    in_fixture("repropub-toml")
    _, report, _ = run(capsys, "check", "--format", "json", "--severity", "year-mismatch=info")
    assert ("year-mismatch", "info") in codes(report)


def test_pyproject_gives_bibliography_citation_style_and_ignored_codes(
        in_fixture: Any, capsys: pytest.CaptureFixture[str]) -> None:
    in_fixture("pyproject")
    code, report, _ = run(capsys, "check", "manuscript.md", "--format", "json")
    # Chicago's rules (never '&', a warning), not APA's; the year mismatch is ignored by the
    # project
    assert codes(report) == [("style.ampersand", "warning")]
    assert report["citation_style"] == {"family": "chicago", "source": "option"}
    assert report["citations"][0]["status"] == "ok"
    assert code == EXIT_OK


def test_ignore_takes_a_family_of_codes(capsys: pytest.CaptureFixture[str]) -> None:
    folder = FIXTURES / "settings-repropub-toml"
    code, report, _ = run(capsys, "check", str(folder / "manuscript.md"), "--bib",
                          str(folder / "refs.bib"), "--format", "json", "--ignore", "style",
                          "--fail-on", "warning", "--severity", "year-mismatch=info")
    assert codes(report) == [("year-mismatch", "info")]
    assert code == EXIT_OK


@pytest.mark.parametrize(("fail_on", "expected"), [("error", EXIT_FINDINGS),
                                                   ("warning", EXIT_FINDINGS),
                                                   ("never", EXIT_OK)])
def test_fail_on_decides_the_exit_code_of_a_manuscript_with_an_error(
        capsys: pytest.CaptureFixture[str], fail_on: str, expected: int) -> None:
    folder = FIXTURES / "check-year-mismatch"
    code, report, _ = run(capsys, "check", str(folder / "manuscript.md"), "--bib",
                          str(folder / "references.bib"), "--format", "json",
                          "--fail-on", fail_on)
    assert ("year-mismatch", "error") in codes(report)
    assert code == expected


@pytest.mark.parametrize(("fail_on", "expected"), [("error", EXIT_OK),
                                                   ("warning", EXIT_FINDINGS),
                                                   ("never", EXIT_OK)])
def test_fail_on_decides_the_exit_code_of_a_manuscript_with_a_warning(
        capsys: pytest.CaptureFixture[str], fail_on: str, expected: int) -> None:
    folder = FIXTURES / "check-narrative-ampersand"
    code, _, _ = run(capsys, "check", str(folder / "manuscript.md"), "--bib",
                     str(folder / "references.bib"), "--format", "json", "--fail-on", fail_on)
    assert code == expected


def test_an_unknown_setting_names_its_line_and_the_nearest_setting(
        in_fixture: Any, capsys: pytest.CaptureFixture[str]) -> None:
    folder = in_fixture("unknown-setting")
    code, out, err = run(capsys, "check")
    assert code == EXIT_FAILURE and out == ""
    assert err.splitlines() == [f"{folder / 'repropub.toml'}:2: error: fail_on: unknown "
                                "setting; did you mean 'fail-on'?"]


def test_an_unknown_code_in_the_settings_names_it_and_the_nearest_code(
        in_fixture: Any) -> None:
    folder = in_fixture("unknown-code")
    with pytest.raises(InputError) as caught:
        load_settings()
    assert caught.value.path == folder / "pyproject.toml"
    assert caught.value.line == 9
    assert caught.value.message.startswith(
        "tool.repropub.severity.style.ampresand: unknown code 'style.ampresand'; did you mean "
        "'style.ampersand'?")


@pytest.mark.parametrize(("flag", "expected"), [
    (("--severity", "style.ampresand=error"),
     "--severity style.ampresand: unknown code 'style.ampresand'; did you mean "
     "'style.ampersand'?"),
    (("--severity", "uncited-entry=eror"),
     "--severity uncited-entry: 'eror' is not a severity; choose from error, warning, info; "
     "did you mean 'error'?"),
    (("--ignore", "uncited-entry,year-missmatch"),
     "--ignore year-missmatch: unknown code 'year-missmatch'; did you mean 'year-mismatch'?"),
])
def test_an_unknown_code_on_the_command_line_is_a_usage_error_with_a_suggestion(
        capsys: pytest.CaptureFixture[str], flag: tuple[str, str], expected: str) -> None:
    folder = FIXTURES / "check-year-mismatch"
    code, out, err = run(capsys, "check", str(folder / "manuscript.md"), *flag)
    assert code == EXIT_FAILURE and out == ""
    [line] = err.splitlines()
    assert line.startswith(expected)


def test_malformed_settings_file_is_one_line_with_its_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "repropub.toml").write_text('fail-on = "never\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check")
    assert code == EXIT_FAILURE
    [line] = err.splitlines()
    assert line.startswith(f"{tmp_path / 'repropub.toml'}:1:17: error: not valid TOML")


def test_the_shipped_projects_settings_are_valid_and_gate_on_errors() -> None:
    repo = Path(__file__).resolve().parents[1]
    settings = load_settings(repo)
    assert settings.source == repo / "pyproject.toml"
    assert settings.fail_on == "error"


def test_the_readmes_settings_example_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Project settings", 1)[1].split("\n## ", 1)[0]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.fail_on == "warning"
    assert settings.ignore == frozenset({"uncited-entry"})
    assert settings.severity == {"duplicate-entry": "error"}
    assert settings.out == tmp_path / "site"
