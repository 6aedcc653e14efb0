"""`build.py fix`: the checker's certain corrections applied to the manuscript.

Takes a `Config` (manuscript, bibliography, style), the codes to fix and whether to write, and
gives a `FixResult`: the text before and after, each fix applied, and the check of the result.
The fixes come from the checker (`Finding.fix`, made by the rules in `repropub.citations`); only
the manuscript is changed, never the bibliography.

Fixes are applied in rounds. Each round checks the current text and takes the fixes of the
chosen codes in the order of the text (at one place, the wider one first); a fix that overlaps
one already taken waits for the next round, whose check sees the first one applied (a rewritten
author list makes its ampersand fix unnecessary). Rounds stop when a check offers no fix.
Edits go into the file's own text, so every byte outside a fixed span (line endings, a BOM) is
kept; `repropub.rewrite` writes the file.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from repropub import policy, reflist
from repropub.bibliography import Bibliography
from repropub.checker import CheckResult, Finding, Fix
from repropub.citations.fixes import FIXABLE as FIXABLE
from repropub.citations.fixes import apply as apply
from repropub.citations.fixes import compatible
from repropub.citations.fixes import overlap as overlap
from repropub.config import Config
from repropub.errors import InputError, PipelineError
from repropub.manuscript import Manuscript
from repropub.rewrite import Snapshot, replace_file
from repropub.sources import load_sources
from repropub.worddiff import word_diff

MAX_ROUNDS = 5
"""Enough for fixes that overlap at one citation; a fix offered again after that is left."""


@dataclass(frozen=True)
class Applied:
    """One fix as it was applied: where (in the text of its round), what it replaced."""

    code: str
    line: int
    col: int
    before: str
    after: str


@dataclass(frozen=True)
class FixResult:
    before: str
    """The manuscript's text before (line endings as `Manuscript.text`: LF)."""
    manuscript: Manuscript
    """The fixed manuscript (read back from disk when it was written)."""
    bibliography: Bibliography
    applied: tuple[Applied, ...]
    remaining: CheckResult
    """The check of the fixed manuscript."""
    only: frozenset[str]
    backup: Path | None = None
    """Where the original was copied; None when nothing was written."""

    @property
    def path(self) -> Path:
        return self.manuscript.path

    @property
    def after(self) -> str:
        return self.manuscript.text

    @property
    def unselected(self) -> list[Finding]:
        """Findings with a fix that `--only` left out."""
        return [f for f in self.remaining.findings if f.fix and f.code not in self.only]

    @property
    def for_a_person(self) -> list[Finding]:
        """Findings no fix settles: a person has to decide."""
        return [f for f in self.remaining.findings if not (f.fix and f.code not in self.only)]


def parse_only(value: str | None) -> frozenset[str]:
    """`--only style.ampersand,year-mismatch` -> the codes; every fixable code by default."""
    if not value:
        return frozenset(FIXABLE)
    codes = frozenset(c.strip() for c in value.split(",") if c.strip())
    unknown = sorted(codes - set(FIXABLE))
    if unknown or not codes:
        raise PipelineError(f"--only {value}: fixable codes are {', '.join(FIXABLE)}")
    return codes


def fix_manuscript(config: Config, only: Iterable[str] = FIXABLE, *,
                   dry_run: bool = False) -> FixResult:
    """Apply the fixes of the codes `only` to `config.manuscript`; write it unless `dry_run`."""
    chosen = frozenset(only)
    # read the file once: its bytes are what gets edited and what a change on disk is judged by
    snapshot = Snapshot.take(config.manuscript)
    manuscript, bibliography = load_sources(config)
    if _normalised(snapshot.text) != manuscript.text:
        raise InputError(config.manuscript, "the manuscript changed on disk while it was being "
                                             "read; nothing was written (run fix again)")
    # check, apply the fixes, check again, until no fix is offered
    raw, applied = snapshot.text, list[Applied]()
    for _ in range(MAX_ROUNDS):
        result = policy.check(manuscript, bibliography, config)
        fixes = select(f for f in result.findings if f.fix and f.code in chosen)
        if not fixes:
            break
        applied += [_applied(f, manuscript.text) for f in fixes]
        raw = apply(raw, _in_file([_fix(f) for f in fixes], raw))
        manuscript, bibliography = _reread(manuscript, _normalised(raw), bibliography, config)
    else:
        result = policy.check(manuscript, bibliography, config)
    before = _normalised(snapshot.text)
    if dry_run or raw == snapshot.text:
        return FixResult(before, manuscript, bibliography, tuple(applied), result, chosen)
    # write atomically (backup first), then check what was written
    backup = replace_file(snapshot, snapshot.encode(raw))
    manuscript, bibliography = load_sources(config)
    result = policy.check(manuscript, bibliography, config)
    return FixResult(before, manuscript, bibliography, tuple(applied), result, chosen, backup)


def select(findings: Iterable[Finding]) -> list[Finding]:
    """The findings whose fixes are applied together: in the order of the text, the wider fix
    first at one place, none overlapping one taken before it."""
    with_fix = [f for f in findings if f.fix]
    taken = compatible([_fix(f) for f in with_fix])
    return [f for f in with_fix if any(_fix(f) is t for t in taken)]


def diff(result: FixResult, *, color: bool = False) -> str:
    """The changed paragraphs, word by word (`repropub.worddiff`); coloured for a terminal."""
    return word_diff(result.before, result.after, str(result.path), color=color)


def summary(result: FixResult, *, dry_run: bool) -> str:
    """'applied 7 fixes (...); 2 findings need a person: missing-entry at 66:690, 84:530'."""
    count = len(result.applied)
    fixes = f"{count} fix{'' if count == 1 else 'es'}"
    if not count:
        head = "nothing to fix"
    elif dry_run:
        head = f"would apply {fixes} (dry run: nothing written)"
    else:
        backup = f"; the original is {result.backup}" if result.backup else ""
        head = f"applied {fixes} to {result.path}{backup}"
    parts = [head]
    if result.unselected:
        parts.append(f"{len(result.unselected)} more fixable with other --only codes")
    people = result.for_a_person
    if people:
        noun = "finding needs" if len(people) == 1 else "findings need"
        parts.append(f"{len(people)} {noun} a human: {_where(people, result.path)}")
    return "; ".join(parts)


def _where(findings: list[Finding], manuscript: Path) -> str:
    places: dict[str, list[str]] = {}
    for f in findings:
        at = f"{f.line}:{f.col}" if f.path == str(manuscript) else f"{Path(f.path).name}:{f.line}"
        places.setdefault(f.code, []).append(at)
    return ", ".join(f"{code} at {', '.join(at[:4])}{', …' if len(at) > 4 else ''}"
                     for code, at in places.items())


def _fix(finding: Finding) -> Fix:
    assert finding.fix is not None
    return finding.fix


def _applied(finding: Finding, text: str) -> Applied:
    fix = _fix(finding)
    return Applied(finding.code, fix.line, fix.col, text[fix.start:fix.end], fix.replacement)


def _normalised(text: str) -> str:
    """The file's text as `Manuscript.text` has it: LF line endings."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _in_file(fixes: list[Fix], raw: str) -> list[Fix]:
    """The fixes with their offsets moved from the LF text into the file's own text: each
    CRLF before an offset is one character more (a lone CR is one for one)."""
    crlf = [m.start() - n for n, m in enumerate(re.finditer("\r\n", raw))]  # in LF offsets

    def moved(offset: int) -> int:
        return offset + bisect.bisect_left(crlf, offset)

    return [dataclasses.replace(f, start=moved(f.start), end=moved(f.end)) for f in fixes]


def _reread(manuscript: Manuscript, text: str, bibliography: Bibliography,
            config: Config) -> tuple[Manuscript, Bibliography]:
    """The manuscript with its new text (the front matter is never fixed, so its metadata and
    body line hold); without a .bib, its reference list read again."""
    body = "\n".join(text.split("\n")[manuscript.body_line - 1:])
    fixed = dataclasses.replace(manuscript, text=text, body=body)
    if config.bibliography is None:
        bibliography = reflist.parse_reference_list(fixed)
    return fixed, bibliography
