"""Writing a `CheckResult` out: compiler-style text, JSON, GitHub workflow commands, SARIF 2.1.0.

Takes the result with the manuscript and bibliography it came from and gives one string.
`text` is what a person reads (`path:line:col: severity: message [code]`, the source line and a
caret under the column, then a one-line summary; for a Word or ODT file `path:¶N:C:` and a
quote to search for); `json` is the stable contract documented in docs/checker-codes.md;
`github` annotates a pull request; `sarif` feeds code-scanning tools. `failure` gives the same
formats for a check that could not run, so that CI still reads a valid document.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from repropub import __name__ as _package
from repropub.bibliography import Bibliography
from repropub.checker import CheckResult, Finding
from repropub.citations.codes import codes
from repropub.errors import InputError, InputErrors, PipelineError
from repropub.manuscript import Location, Manuscript, read_text

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


def as_data(result: CheckResult, manuscript: Manuscript | None = None) -> dict[str, Any]:
    """The JSON contract as Python data; with the `manuscript`, every position carries its
    location in the file (paragraph, offset and quote for Word and ODT)."""
    places = _Places(manuscript)
    return {
        "citations": [
            {"text": c.text, **places.fields(None, c.line, c.col, len(c.text)),
             "keys": list(c.keys), "status": c.status}
            for c in result.citations
        ],
        "problems": [_problem(f, places) for f in result.findings],
        "suppressed": [_problem(f, places) for f in result.suppressed],
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
        "error": None,
    }


class _Places:
    """Positions in the manuscript as the editor finds them (see `Manuscript.locate`)."""

    def __init__(self, manuscript: Manuscript | None) -> None:
        self.manuscript = manuscript
        self.path = str(manuscript.path) if manuscript is not None else None

    def locate(self, path: str | None, line: int, col: int, length: int) -> Location | None:
        if self.manuscript is None or (path is not None and path != self.path):
            return None
        return self.manuscript.locate(line, col, length)

    def editable(self, path: str) -> bool:
        """Whether a fix's positions are those of the file: `fix` writes only Markdown, whose
        text is the file; the text read from Word, ODT or LaTeX is not."""
        return self.manuscript is None or path != self.path or self.manuscript.layout is None

    def fields(self, path: str | None, line: int, col: int, length: int) -> dict[str, Any]:
        """`line` and `col` in the file (a Word paragraph is its line), `paragraph` for a
        word processor's file (else null), `offset` and `quote`."""
        place = self.locate(path, line, col, length)
        if place is None:
            return {"line": line, "col": col, "paragraph": None, "note": None,
                    "offset": col - 1, "quote": None}
        return {"line": place.number, "col": place.offset + 1,
                "paragraph": place.number if place.unit == "paragraph" else None,
                "note": place.note or None, "offset": place.offset, "quote": place.quote}


def _problem(f: Finding, places: _Places) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity,
            **places.fields(f.path, f.line, f.col, len(f.cited)),
            "message": f.message, "cited": f.cited, "keys": list(f.keys),
            "suggestion": f.suggestion, "file": f.path,
            "fix": _fix_data(f) if places.editable(f.path) else None}


def _fix_data(f: Finding) -> dict[str, Any] | None:
    if f.fix is None:
        return None
    return {"line": f.fix.line, "col": f.fix.col, "end_line": f.fix.end_line,
            "end_col": f.fix.end_col, "replacement": f.fix.replacement}


def _json(result: CheckResult, manuscript: Manuscript, bibliography: Bibliography) -> str:
    return json.dumps(as_data(result, manuscript), ensure_ascii=False, indent=1)


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
    places = _Places(manuscript)
    out = []
    for f in result.findings:
        place = places.locate(f.path, f.line, f.col, len(f.cited))
        if place is not None and manuscript.layout is not None:
            mark = "\u00b6" if place.unit == "paragraph" else ""
            note = f"{place.note}:" if place.note else ""
            out.append(f"{f.path}:{note}{mark}{place.number}:{place.offset + 1}: "
                       f"{f.severity}: {f.message} [{f.code}]")
            if place.quote:
                out.append(f"    \u201c{place.quote}\u201d")
            if f.suggestion:
                out.append(f"    suggestion: {f.suggestion}")
            continue
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
        self.files: dict[str, Sequence[str] | None] = {str(manuscript.path): manuscript.lines}

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
    places = _Places(manuscript)
    out = []
    for f in result.findings:
        where = places.fields(f.path, f.line, f.col, len(f.cited))
        message = f.message + (f" ({f.suggestion})" if f.suggestion else "")
        if where["paragraph"] is not None:
            note = f"{where['note']}, " if where["note"] else ""
            message = (f"{note}paragraph {where['paragraph']}, \u201c{where['quote']}\u201d: "
                       f"{message}")
        props = (f"file={_escape_property(repository_path(f.path))},line={where['line']},"
                 f"col={where['col']},title={_escape_property(f.code)}")
        out.append(f"::{command[f.severity]} {props}::{_escape_data(message)}")
    out.append(summary(result))
    return "\n".join(out)


def repository_path(path: str) -> str:
    """`path` relative to the git repository the check runs in (else the working directory),
    as GitHub annotations and code scanning expect; a file outside both stays absolute."""
    absolute = Path(os.path.abspath(path))
    for base in (_root(), Path.cwd()):
        if absolute.is_relative_to(base):
            return absolute.relative_to(base).as_posix()
    return absolute.as_posix()


def _root() -> Path:
    """The git repository holding the working directory (a `.git` folder or file), else the
    working directory itself."""
    cwd = Path.cwd()
    return next((d for d in (cwd, *cwd.parents) if (d / ".git").exists()), cwd)


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
    places = _Places(manuscript)
    results = [_sarif_result(f, index[f.code], places) for f in result.findings]
    return _sarif_log(rules, results, {"executionSuccessful": True})


def _sarif_log(rules: list[dict[str, Any]], results: list[dict[str, Any]],
               invocation: dict[str, Any]) -> str:
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": _package, "informationUri":
                                "https://github.com/repropub/repropub", "rules": rules}},
            "invocations": [invocation],
            "originalUriBaseIds": {"SRCROOT": {"uri": _root_uri()}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=1)


def _root_uri() -> str:
    """The folder `repository_path` makes paths relative to, as a file URI ending in /."""
    return _root().resolve().as_uri().rstrip("/") + "/"


def _sarif_result(f: Finding, rule_index: int, places: _Places) -> dict[str, Any]:
    message = f.message + (f" ({f.suggestion})" if f.suggestion else "")
    uri = repository_path(f.path)
    where = places.fields(f.path, f.line, f.col, len(f.cited))
    region: dict[str, Any] = {"startLine": where["line"], "startColumn": where["col"]}
    if where["quote"]:
        region["snippet"] = {"text": where["quote"]}
    found: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _sarif_level(f.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": "SRCROOT"},
            "region": region,
        }}],
    }
    if where["paragraph"] is not None:
        found["properties"] = {"paragraph": where["paragraph"], "offset": where["offset"],
                               **({"note": where["note"]} if where["note"] else {})}
    if f.fix is not None and places.editable(f.path):
        found["fixes"] = [{
            "description": {"text": f"write '{f.fix.replacement}'"},
            "artifactChanges": [{"artifactLocation": {"uri": uri, "uriBaseId": "SRCROOT"},
                                 "replacements": [{
                "deletedRegion": {"startLine": f.fix.line, "startColumn": f.fix.col,
                                  "endLine": f.fix.end_line, "endColumn": f.fix.end_col},
                "insertedContent": {"text": f.fix.replacement},
            }]}],
        }]
    return found


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")


def failure(error: PipelineError, fmt: str) -> str:
    """A valid document in format `fmt` saying that the check could not run, and why: a JSON
    report with no findings and an ``error``, a SARIF run whose invocation failed with a tool
    execution notification per problem, a GitHub error annotation per problem. Empty for
    `text`, whose message goes to standard error."""
    problems = error.errors if isinstance(error, InputErrors) else [error]
    places = [_error_place(e) for e in problems]
    if fmt == "json":
        first = places[0]
        empty = {"errors": 0, "warnings": 0, "infos": 0, "suppressed": 0, "citations": 0,
                 "entries": 0}
        data = {"citations": [], "problems": [], "suppressed": [], "summary": empty,
                "entries": [], "citation_style": {"family": None, "source": None},
                "error": {**first, "errors": places}}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "github":
        out = []
        for place in places:
            props = f"title={_escape_property('check failed')}"
            if place["file"]:
                props = (f"file={_escape_property(place['file'])},line={place['line'] or 1},"
                         + props)
            out.append(f"::error {props}::{_escape_data(place['message'])}")
        return "\n".join(out) + "\n"
    if fmt == "sarif":
        notes = []
        for place in places:
            note: dict[str, Any] = {"level": "error", "message": {"text": place["message"]}}
            if place["file"]:
                region = {"startLine": place["line"] or 1}
                if place["col"]:
                    region["startColumn"] = place["col"]
                note["locations"] = [{"physicalLocation": {
                    "artifactLocation": {"uri": place["file"], "uriBaseId": "SRCROOT"},
                    "region": region}}]
            notes.append(note)
        return _sarif_log([], [], {"executionSuccessful": False, "exitCode": 2,
                                   "toolExecutionNotifications": notes}) + "\n"
    return ""


def _error_place(error: PipelineError) -> dict[str, Any]:
    if isinstance(error, InputError):
        return {"file": repository_path(str(error.path)), "line": error.line, "col": error.col,
                "message": error.message}
    return {"file": None, "line": None, "col": None, "message": str(error)}
