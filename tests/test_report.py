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
                         "citation_style"}
    assert data["citation_style"] == {"family": "apa", "source": "default"}
    assert set(data["citations"][0]) == {"text", "line", "col", "keys", "status"}
    assert {"code", "severity", "line", "col", "message", "cited", "keys",
            "suggestion"} <= set(data["problems"][0])
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
    assert first == {"startLine": 5, "startColumn": 19}


def test_excerpt_keeps_the_caret_on_its_character():
    line = "x" * 300 + "TARGET" + "y" * 300
    shown, col = report.excerpt(line, 301)
    assert shown[col - 1:col + 5] == "TARGET"
    assert len(shown) <= 96


def _args(checked, fmt):
    result, manuscript, bibliography = checked
    return result, fmt, manuscript, bibliography
