"""Cross-reference labels: where `{#fig:id}` and the like are defined, and which are missing.

Takes the masked manuscript text (code, math and URLs blanked) and the pandoc citations that
name a label (`@fig:growth`, `[-@eq:rate]`, Quarto's `@fig-growth`), and gives a `LabelIssue`
for every reference to a label that nothing defines and for every label defined twice. The
numbering itself happens in pandoc (see `repropub.numbering`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches

from repropub.citations.keyed import KeyedCitation
from repropub.numbering import KIND_NAMES

# an identifier in an attribute block: `![..](x.png){#fig:growth width=50%}`,
# `$$...$$ {#eq:rate}`, `: Caption {#tbl:errors}`, `## Methods {#sec:methods .unnumbered}`
_DEFINITION = re.compile(r"\{[^{}\n]*?#(?P<id>(?:fig|tbl|eq|sec)[:-][^\s{}]+)[^{}\n]*\}")


@dataclass(frozen=True)
class LabelIssue:
    """A cross-reference to a label never defined, or a label defined twice."""

    code: str
    """`undefined-label` or `duplicate-label`."""
    start: int
    end: int
    label: str
    message: str
    suggestion: str | None


def label_issues(masked: str, references: Iterable[KeyedCitation]) -> list[LabelIssue]:
    """Every reference to an undefined label and every second definition of a label."""
    issues: list[LabelIssue] = []
    defined: dict[str, int] = {}
    for match in _DEFINITION.finditer(masked):
        label = match.group("id")
        if label in defined:
            issues.append(LabelIssue(
                "duplicate-label", match.start("id") - 1, match.end("id"), label,
                f"the label '{label}' is defined twice; references go to the first",
                "give each figure, table, equation or section its own label"))
        else:
            defined[label] = match.start()
    for reference in references:
        if reference.key not in defined:
            issues.append(LabelIssue(
                "undefined-label", reference.start, reference.end, reference.key,
                f"no {KIND_NAMES[_kind(reference.key)]} has the label '{reference.key}'",
                _suggest(reference.key, defined)))
    return sorted(issues, key=lambda issue: issue.start)


def _kind(label: str) -> str:
    return re.split("[:-]", label, maxsplit=1)[0]


def _suggest(label: str, defined: dict[str, int]) -> str | None:
    """The defined label of the same kind that differs least (a typo, or ':' for '-')."""
    same_kind = [name for name in defined if _kind(name) == _kind(label)]
    close = get_close_matches(label, same_kind, n=1, cutoff=0.6)
    return f"refer to @{close[0]}" if close else None
