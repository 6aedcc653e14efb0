"""A batch's results written out: each manuscript's findings, then one row per manuscript.

Takes the `Checked` results in batch order and gives one string: `text` (each manuscript's
findings as `report` prints them, then a summary table), `json` (every manuscript's JSON
contract, its summary and the batch's totals), `csv` (the summary table, one row per
manuscript), `github` (every manuscript's annotations) or `sarif` (one run holding every
manuscript's results). The HTML report is `report_html`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from repropub import report
from repropub.batch import Checked, exit_code
from repropub.checker import CheckResult

FORMATS = ("text", "json", "csv", "github", "sarif", "html")
COLUMNS = ("manuscript", "status", "citations", "linked", "errors", "warnings", "info",
           "suppressed", "worst", "worst_line", "worst_message")
"""The summary table's columns (the CSV header)."""


def row(checked: Checked) -> dict[str, Any]:
    """One manuscript's line of the summary table."""
    worst = checked.worst
    result = checked.result
    return {
        "manuscript": str(checked.path),
        "status": "failed" if result is None else ("ok" if checked.exit_code == 0
                                                    else "problems"),
        "citations": len(result.citations) if result else None,
        "linked": checked.linked if result else None,
        "errors": result.count("error") if result else None,
        "warnings": result.count("warning") if result else None,
        "info": result.count("info") if result else None,
        "suppressed": len(result.suppressed) if result else None,
        "worst": f"{worst.severity} {worst.code}" if worst else ("" if result else "unreadable"),
        "worst_line": worst.line if worst else None,
        "worst_message": worst.message if worst else (checked.error or ""),
    }


def totals(results: Sequence[Checked]) -> dict[str, int]:
    checked = [r.result for r in results if r.result is not None]
    return {
        "manuscripts": len(results),
        "checked": len(checked),
        "failed": len(results) - len(checked),
        "citations": sum(len(r.citations) for r in checked),
        "linked": sum(r.linked for r in results),
        "errors": sum(r.count("error") for r in checked),
        "warnings": sum(r.count("warning") for r in checked),
        "exit_code": exit_code(results),
    }


def render(results: Sequence[Checked], fmt: str) -> str:
    if fmt == "json":
        return _json(results)
    if fmt == "csv":
        return _csv(results)
    if fmt == "text":
        return _text(results)
    if fmt == "github":
        return _github(results)
    if fmt == "sarif":
        return _sarif(results)
    raise ValueError(f"unknown batch format {fmt!r} (choose from {', '.join(FORMATS)})")


def _json(results: Sequence[Checked]) -> str:
    manuscripts = []
    for checked in results:
        item: dict[str, Any] = {"file": str(checked.path), "error": checked.error,
                                "row": row(checked)}
        if checked.result is not None:
            item.update(report.as_data(checked.result))
        manuscripts.append(item)
    document = {"manuscripts": manuscripts, "totals": totals(results)}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _csv(results: Sequence[Checked]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for checked in results:
        writer.writerow(row(checked))
    return out.getvalue()


def _text(results: Sequence[Checked]) -> str:
    parts = []
    for checked in results:
        if checked.result is None:
            parts.append(f"{checked.error}\n")
        elif checked.result.findings:
            assert checked.manuscript is not None and checked.bibliography is not None
            parts.append(report.render(checked.result, "text", checked.manuscript,
                                       checked.bibliography))
    parts.append(table(results))
    return "\n".join(parts)


def _github(results: Sequence[Checked]) -> str:
    lines = []
    for checked in results:
        if checked.result is None:
            lines.append(f"::error file={checked.path}::{checked.error}")
            continue
        assert checked.manuscript is not None and checked.bibliography is not None
        annotations = report.render(checked.result, "github", checked.manuscript,
                                    checked.bibliography).splitlines()
        lines += annotations[:-1]  # each manuscript's summary line is in the table below
    return "\n".join([*lines, table(results)])


def _sarif(results: Sequence[Checked]) -> str:
    """One run: every manuscript's results under the rules of the first (the rules are the
    checker's whole table of codes, the same for every manuscript)."""
    log: dict[str, Any] | None = None
    for checked in results:
        if checked.result is None:
            continue
        assert checked.manuscript is not None and checked.bibliography is not None
        one = json.loads(report.render(checked.result, "sarif", checked.manuscript,
                                       checked.bibliography))
        if log is None:
            log = one
        else:
            log["runs"][0]["results"] += one["runs"][0]["results"]
    if log is None:
        log = json.loads(report.render(_empty(), "sarif", None, None))  # type: ignore[arg-type]
    failures = [{"level": "error", "message": {"text": c.error}}
                for c in results if c.result is None]
    if failures:
        log["runs"][0]["invocations"] = [{"executionSuccessful": False,
                                          "toolExecutionNotifications": failures}]
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


def _empty() -> CheckResult:
    return CheckResult((), (), ())


def table(results: Sequence[Checked]) -> str:
    """The summary table, aligned for a terminal, with the batch's totals last."""
    header = ("manuscript", "citations", "linked", "errors", "warnings", "worst finding")
    lines = [header]
    for checked in results:
        r = row(checked)
        if checked.result is None:
            lines.append((r["manuscript"], "-", "-", "-", "-", "could not be checked"))
        else:
            worst = f"{r['worst']} (line {r['worst_line']})" if r["worst"] else "-"
            lines.append((r["manuscript"], str(r["citations"]), str(r["linked"]),
                          str(r["errors"]), str(r["warnings"]), worst))
    t = totals(results)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    out = []
    for line in lines:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:-1], widths[1:], strict=True)]
        out.append("  ".join([*cells, line[-1]]).rstrip())
    out.append(f"{plural(t['manuscripts'], 'manuscript')}: {t['checked']} checked, "
               f"{t['failed']} could not be checked; {plural(t['citations'], 'citation')} "
               f"({t['linked']} linked), {plural(t['errors'], 'error')}, "
               f"{plural(t['warnings'], 'warning')}")
    return "\n".join(out) + "\n"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
