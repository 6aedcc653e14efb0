"""The report formats: compiler-style text, JSON contract, GitHub commands, SARIF 2.1.0."""

from __future__ import annotations

import json
import re

import pytest
from checking import FIXTURES

from repropub import report
from repropub.bibliography import load_bibliography
from repropub.checker import check
from repropub.manuscript import read_manuscript


@pytest.fixture(scope="module")
def checked():
    folder = FIXTURES / "check-dropped-coauthor"
    manuscript = read_manuscript(folder / "manuscript.md")
    bibliography = load_bibliography(folder / "references.bib")
    return check(manuscript, bibliography), manuscript, bibliography


def test_text_gives_position_severity_message_code_and_a_caret_under_the_column(checked):
    lines = report.render(*_args(checked, "text")).splitlines()
    head = re.match(r"^(.+):(\d+):(\d+): (error|warning): (.+) \[([\w.-]+)\]$", lines[0])
    assert head is not None
    assert head.group(2, 3, 4, 6) == ("5", "19", "error", "author-mismatch")
    assert lines[2].index("^") - 4 == 18
    assert lines[1][4:][18] == "M"
    assert lines[-1] == ("1 error, 2 warnings (1 citation, 1 entry; citation style APA "
                         "(default))")


def test_json_follows_the_contract(checked):
    data = json.loads(report.render(*_args(checked, "json")))
    assert set(data) == {"citations", "problems", "entries", "suppressed", "summary",
                         "citation_style", "error"}
    assert data["citation_style"] == {"family": "apa", "source": "default"}
    assert data["error"] is None and data["suppressed"] == []
    assert set(data["citations"][0]) == {"text", "line", "col", "paragraph", "note", "offset",
                                         "quote", "keys", "status"}
    assert {"code", "severity", "line", "col", "paragraph", "note", "offset", "quote",
            "message", "cited", "keys", "suggestion"} <= set(data["problems"][0])
    first = data["problems"][0]
    assert (first["paragraph"], first["offset"]) == (None, first["col"] - 1)
    assert first["quote"] == "The goal of NATO (Major 2022, pp. 2)."
    assert data["entries"] == [{"key": "major2022", "line": 1, "authors": ["Major", "Mölling"],
                                "year": "2022", "cited": True}]


def test_github_format_is_workflow_commands(checked):
    lines = report.render(*_args(checked, "github")).splitlines()
    assert re.match(r"^::error file=[^,]+,line=5,col=19,title=author-mismatch::", lines[0])
    assert lines[1].startswith("::warning ")


def test_sarif_has_one_rule_per_code_and_results_pointing_at_them(checked):
    log = json.loads(report.render(*_args(checked, "sarif")))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
    first = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert first == {"startLine": 5, "startColumn": 19,
                     "snippet": {"text": "The goal of NATO (Major 2022, pp. 2)."}}
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_excerpt_keeps_the_caret_on_its_character():
    line = "x" * 300 + "TARGET" + "y" * 300
    shown, col = report.excerpt(line, 301)
    assert shown[col - 1:col + 5] == "TARGET"
    assert len(shown) <= 96


def _args(checked, fmt):
    result, manuscript, bibliography = checked
    return result, fmt, manuscript, bibliography


def test_github_and_sarif_paths_are_relative_to_the_repository(checked, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "papers").mkdir()
    monkeypatch.chdir(repo / "papers")
    assert report.repository_path(str(repo / "papers" / "a.md")) == "papers/a.md"
    assert report.repository_path("a.md") == "papers/a.md"
    assert report.repository_path("/elsewhere/a.md") == "/elsewhere/a.md"
    result, manuscript, bibliography = checked
    log = json.loads(report.render(result, "sarif", manuscript, bibliography))
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.resolve().as_uri() + "/"
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uriBaseId"] == "SRCROOT"


def test_github_paths_are_relative_to_the_working_directory_outside_a_repository(
        checked, tmp_path, monkeypatch):
    _, manuscript, bibliography = checked
    copy = tmp_path / "papers" / "manuscript.md"
    copy.parent.mkdir()
    copy.write_text(manuscript.path.read_text())
    monkeypatch.chdir(tmp_path)
    moved = check(read_manuscript(copy), bibliography)
    lines = report.render(moved, "github", read_manuscript(copy), bibliography).splitlines()
    assert lines[0].startswith("::error file=papers/manuscript.md,line=5,col=19,")


@pytest.fixture
def unreadable(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    return path


def test_a_check_that_cannot_run_still_prints_a_json_document_with_the_error(
        unreadable, capsys):
    from repropub.cli import main

    assert main(["check", str(unreadable), "--format", "json"]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["problems"] == [] and data["citations"] == []
    assert data["error"]["file"].endswith("paper.md") and data["error"]["line"] == 2
    assert "not valid YAML" in data["error"]["message"]
    assert len(captured.err.splitlines()) == 1


def test_a_check_that_cannot_run_is_a_sarif_tool_execution_notification(unreadable, capsys):
    from repropub.cli import main

    assert main(["check", str(unreadable), "--format", "sarif"]) == 2
    log = json.loads(capsys.readouterr().out)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "not valid YAML" in note["message"]["text"]
    region = note["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2
    assert log["runs"][0]["results"] == []


def test_a_check_that_cannot_run_is_a_github_error_annotation(unreadable, capsys):
    from repropub.cli import main

    assert main(["check", str(unreadable), "--format", "github"]) == 2
    (line,) = capsys.readouterr().out.splitlines()
    assert re.match(r"^::error file=[^,]+paper\.md,line=2,title=check failed::.*not valid YAML",
                    line)


def test_a_usage_error_under_json_is_a_json_document(capsys):
    from repropub.cli import main

    assert main(["check", "--format", "json", "--no-such-option"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["error"]["message"].startswith("invalid arguments")
