"""Writing a `CheckResult` out: compiler-style text, JSON, GitHub workflow commands, SARIF 2.1.0.

Takes the result with the manuscript and bibliography it came from and gives one string.
`text` is what a person reads (`path:line:col: severity: message [code]`, the source line and a
caret under the column, then a one-line summary); `json` is the stable contract documented in
docs/checker-codes.md; `github` annotates a pull request; `sarif` feeds code-scanning tools.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from repropub import __name__ as _package
from repropub.bibliography import Bibliography
from repropub.checker import CheckResult, Finding
from repropub.citations.codes import codes
from repropub.errors import PipelineError
from repropub.manuscript import Manuscript, read_text

FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(result: CheckResult, fmt: str, manuscript: Manuscript,
           bibliography: Bibliography) -> str:
    """The result in format `fmt` (one of `FORMATS`)."""
    writers: dict[str, Callable[[CheckResult, Manuscript, Bibliography], str]] = {
        "text": _text, "json": _json, "github": _github, "sarif": _sarif,
    }
    if fmt not in writers:
        raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    return writers[fmt](result, manuscript, bibliography) + "\n"


def as_data(result: CheckResult) -> dict[str, Any]:
    """The JSON contract as Python data."""
    return {
        "citations": [
            {"text": c.text, "line": c.line, "col": c.col, "keys": list(c.keys),
             "status": c.status}
            for c in result.citations
        ],
        "problems": [_problem(f) for f in result.findings],
        "suppressed": [_problem(f) for f in result.suppressed],
        "summary": {"errors": result.count("error"), "warnings": result.count("warning"),
                    "infos": result.count("info"), "suppressed": len(result.suppressed),
                    "citations": len(result.citations), "entries": len(result.entries)},
        "entries": [
            {"key": e.key, "line": e.line, "authors": [n.surname for n in e.authors],
             "year": e.year, "cited": e.key in result.cited_keys}
            for e in result.entries
        ],
        "citation_style": {"family": result.family.name or None,
                           "source": result.family.source or None},
    }


def _problem(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity, "line": f.line, "col": f.col,
            "message": f.message, "cited": f.cited, "keys": list(f.keys),
            "suggestion": f.suggestion, "file": f.path, "fix": _fix_data(f)}


def _fix_data(f: Finding) -> dict[str, Any] | None:
    if f.fix is None:
        return None
    return {"line": f.fix.line, "col": f.fix.col, "end_line": f.fix.end_line,
            "end_col": f.fix.end_col, "replacement": f.fix.replacement}


def _json(result: CheckResult, manuscript: Manuscript, bibliography: Bibliography) -> str:
    return json.dumps(as_data(result), ensure_ascii=False, indent=1)


def summary(result: CheckResult) -> str:
    errors, warnings = result.count("error"), result.count("warning")
    silenced = f", {len(result.suppressed)} suppressed" if result.suppressed else ""
    family = (f"; citation style {result.family.title} ({result.family.source})"
              if result.family.name else "")
    return (f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}{silenced} "
            f"({_plural(len(result.citations), 'citation')}, "
            f"{_plural(len(result.entries), 'entry', 'entries')}{family})")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _text(result: CheckResult, manuscript: Manuscript, bibliography: Bibliography) -> str:
    sources = _Lines(manuscript)
    out = []
    for f in result.findings:
        out.append(f"{f.path}:{f.line}:{f.col}: {f.severity}: {f.message} [{f.code}]")
        line = sources.line(f.path, f.line)
        if line is not None:
            shown, col = excerpt(line, f.col)
            pad = "".join("\t" if ch == "\t" else " " for ch in shown[:max(col - 1, 0)])
            out += [f"    {shown}", f"    {pad}^"]
        if f.suggestion:
            out.append(f"    suggestion: {f.suggestion}")
    out.append(summary(result))
    return "\n".join(out)


def excerpt(line: str, col: int, width: int = 96) -> tuple[str, int]:
    """A long line cut to `width` characters around `col`, and the column within the cut."""
    if len(line) <= width:
        return line, col
    start = max(0, min(col - 1 - width // 3, len(line) - width))
    shown = line[start:start + width]
    col -= start
    if start > 0:
        shown, col = "\u2026" + shown[1:], col
    if start + width < len(line):
        shown = shown[:-1] + "\u2026"
    return shown, col


class _Lines:
    """Source lines of the files findings point at, read once each."""

    def __init__(self, manuscript: Manuscript) -> None:
        self.files: dict[str, list[str] | None] = {str(manuscript.path): manuscript.lines}

    def line(self, path: str, number: int) -> str | None:
        if path not in self.files:
            try:
                self.files[path] = read_text(Path(path), "file").split("\n")
            except PipelineError:
                self.files[path] = None
        lines = self.files[path]
        if lines is None or not 0 < number <= len(lines):
            return None
        return lines[number - 1]


def _github(result: CheckResult, manuscript: Manuscript, bibliography: Bibliography) -> str:
    command = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in result.findings:
        message = f.message + (f" ({f.suggestion})" if f.suggestion else "")
        props = (f"file={_escape_property(f.path)},line={f.line},col={f.col},"
                 f"title={_escape_property(f.code)}")
        out.append(f"::{command[f.severity]} {props}::{_escape_data(message)}")
    out.append(summary(result))
    return "\n".join(out)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _sarif(result: CheckResult, manuscript: Manuscript, bibliography: Bibliography) -> str:
    table = codes()
    used = sorted({f.code for f in result.findings} | set(table))
    rules = [
        {
            "id": code,
            "shortDescription": {"text": table[code].summary if code in table else code},
            "defaultConfiguration": {"level": _sarif_level(table[code].severity
                                                           if code in table else "error")},
        }
        for code in used
    ]
    index = {code: i for i, code in enumerate(used)}
    results = [_sarif_result(f, index[f.code]) for f in result.findings]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": _package, "informationUri":
                                "https://github.com/repropub/repropub", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=1)


def _sarif_result(f: Finding, rule_index: int) -> dict[str, Any]:
    message = f.message + (f" ({f.suggestion})" if f.suggestion else "")
    uri = Path(f.path).as_posix()
    found: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _sarif_level(f.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": f.line, "startColumn": f.col},
        }}],
    }
    if f.fix is not None:
        found["fixes"] = [{
            "description": {"text": f"write '{f.fix.replacement}'"},
            "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [{
                "deletedRegion": {"startLine": f.fix.line, "startColumn": f.fix.col,
                                  "endLine": f.fix.end_line, "endColumn": f.fix.end_col},
                "insertedContent": {"text": f.fix.replacement},
            }]}],
        }]
    return found


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")
