"""A word-level diff of a manuscript for a terminal, as `git diff --word-diff` shows it.

Takes the text before and after and gives the changed lines with each change marked in place:
`[-old-]{+new+}` in plain output, red and green on a colour terminal. A manuscript paragraph is
one long line, and a line diff of two near-identical 1,000-character lines is unreadable, so
only the changes are shown, each with a few words around it and `…` for what is left out.
The alignment is difflib's, on words, spaces and punctuation marks as tokens.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

_TOKEN = re.compile(r"\w+(?:[-'\u2019.\u2013]\w+)*|\s+|[^\w\s]")
"""A word ('Mölling', '20-25', '4\u20132', 'e.g'), a run of spaces, or one punctuation mark: a comma
added after a name shows as `Major{+,+}`, not as the whole word replaced."""
CONTEXT = 12
"""Tokens kept on each side of a change (about six words)."""
_RED, _GREEN, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"


def word_diff(before: str, after: str, name: str, *, color: bool = False) -> str:
    """The changed lines of `after` against `before`, '' when nothing changed."""
    old, new = before.split("\n"), after.split("\n")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False))
        for k, (a, b) in enumerate(pairs):
            out += [f"@@ line {j1 + k + 1} @@", _changed_line(a, b, color)]
        for line in old[i1 + len(pairs):i2]:
            out += [f"@@ line {j1 + len(pairs)} (removed) @@", _mark(line, "", color)]
        for k, line in enumerate(new[j1 + len(pairs):j2]):
            out += [f"@@ line {j1 + len(pairs) + k + 1} (added) @@", _mark("", line, color)]
    if not out:
        return ""
    return "\n".join([f"--- {name}", f"+++ {name} (fixed)", *out])


def _changed_line(before: str, after: str, color: bool) -> str:
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    pieces: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces.append(_context(old[i1:i2], first=n == 0, last=n == len(opcodes) - 1))
        else:
            pieces.append(_mark("".join(old[i1:i2]), "".join(new[j1:j2]), color))
    return "".join(pieces)


def _context(tokens: list[str], *, first: bool, last: bool) -> str:
    """Unchanged tokens between changes, shortened to CONTEXT on each side of a change."""
    keep_before = 0 if first else CONTEXT
    keep_after = 0 if last else CONTEXT
    if len(tokens) <= keep_before + keep_after + 1:
        return "".join(tokens)
    head = "".join(tokens[:keep_before])
    tail = "".join(tokens[len(tokens) - keep_after:]) if keep_after else ""
    return f"{head}\u2026{tail}"


def _mark(old: str, new: str, color: bool) -> str:
    return "".join(_marked(old, new, color))


def _marked(old: str, new: str, color: bool) -> Iterator[str]:
    if old:
        yield f"{_RED}{old}{_RESET}" if color else f"[-{old}-]"
    if new:
        yield f"{_GREEN}{new}{_RESET}" if color else f"{{+{new}+}}"
