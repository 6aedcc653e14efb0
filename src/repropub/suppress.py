"""Inline suppression: `<!-- repropub: ignore missing-entry -->` before a paragraph, like `# noqa`.

Takes the manuscript's text and gives `Suppression`s: which codes (all, for a bare `ignore`) are
silenced on which lines. The checker moves the findings a suppression covers out of its findings
into `CheckResult.suppressed`, so they are counted in the summary, never hidden silently, and
reports a code the comment names that the checker does not know, with the nearest known one.

A suppression is a range of source lines, not a Markdown construct: a reader of another format
(a Word comment anchored on a paragraph) makes the same `Suppression` for that paragraph's lines.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_COMMENT = re.compile(r"<!--\s*repropub\s*:\s*ignore\b(?P<codes>.*?)-->", re.S | re.I)
_BLANK = re.compile(r"[ \t]*$")


@dataclass(frozen=True)
class Suppression:
    """Findings of `codes` (every code when empty) on lines `first`..`last` are suppressed."""

    first: int
    last: int
    """The 1-based lines of the paragraph it covers, both included."""
    codes: frozenset[str] = frozenset()
    line: int = 0
    col: int = 0
    """Where the comment is (1-based), for a finding about the comment itself."""
    names: tuple[str, ...] = ()
    """The codes as written, in order (unknown ones included), for reporting them."""

    def covers(self, code: str, line: int) -> bool:
        """Does it silence `code` on `line`? A family (`style`) names each of its codes."""
        return self.first <= line <= self.last and (not self.codes or code in self.codes or any(
            code.startswith(f"{family}.") for family in self.codes))


@dataclass(frozen=True)
class UnknownCode:
    """A code named in a suppression that the checker does not know."""

    name: str
    line: int
    col: int
    nearest: str


def find_suppressions(text: str, body_start: int = 0) -> list[Suppression]:
    """Every `repropub: ignore` comment of the body, each covering the paragraph it precedes
    (or the paragraph it stands in, when it shares a line with text)."""
    lines = text.split("\n")
    starts = [0]
    for each in lines:
        starts.append(starts[-1] + len(each) + 1)
    found = []
    for match in _COMMENT.finditer(text, body_start):
        # the line by bisection: counting newlines from the start each time is quadratic
        line = bisect.bisect_right(starts, match.start())
        col = match.start() - starts[line - 1] + 1
        end_line = bisect.bisect_right(starts, match.end())
        rest = text[match.end():starts[end_line] - 1] if end_line < len(starts) else ""
        first = end_line if rest.strip() else _next_text_line(lines, end_line + 1)
        if first is None:
            continue
        if text[starts[line - 1]:match.start()].strip():
            first = _paragraph_start(lines, line)  # 'Text <!-- repropub: ignore -->'
        names = tuple(n for n in re.split(r"[\s,]+", match.group("codes").strip()) if n)
        found.append(Suppression(first, _paragraph_end(lines, first), frozenset(names), line,
                                 col, names))
    return found


def unknown_codes(suppressions: Iterable[Suppression], known: Sequence[str]) -> list[UnknownCode]:
    """The codes the suppressions name that are not in `known`, each with the nearest known."""
    out = []
    for s in suppressions:
        for name in s.names:
            if name not in known and not any(k.startswith(f"{name}.") for k in known):
                nearest = difflib.get_close_matches(name, known, n=1, cutoff=0.0)
                out.append(UnknownCode(name, s.line, s.col, nearest[0] if nearest else ""))
    return out


def _next_text_line(lines: list[str], number: int) -> int | None:
    """The first line at or after `number` (1-based) that is not blank."""
    for n in range(number, len(lines) + 1):
        if not _BLANK.match(lines[n - 1]):
            return n
    return None


def _paragraph_start(lines: list[str], number: int) -> int:
    while number > 1 and not _BLANK.match(lines[number - 2]):
        number -= 1
    return number


def _paragraph_end(lines: list[str], number: int) -> int:
    while number < len(lines) and not _BLANK.match(lines[number]):
        number += 1
    return number
