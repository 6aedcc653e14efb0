"""Checking every in-text reference against the bibliography.

Takes a `Manuscript` and a `Bibliography` and gives a `CheckResult`: every citation found (keyed
or typed by hand) with the entries it resolves to, and a `Finding` for every problem. The rules
read top to bottom in `check()`; the detail of each lives in `repropub.citations`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, cast

from repropub.bibliography import Bibliography, Entry
from repropub.citations import keyed as keyed_mod
from repropub.citations import notes as notes_mod
from repropub.citations import numbered as numbered_mod
from repropub.citations import source as source_mod
from repropub.citations import typed as typed_mod
from repropub.citations.codes import codes
from repropub.citations.duplicates import duplicate_entries
from repropub.citations.fields import edited_fields
from repropub.citations.fixes import Fix, apply, compatible, match_fixes
from repropub.citations.labels import label_issues
from repropub.citations.match import Match
from repropub.citations.matching import match_all
from repropub.citations.names import fold
from repropub.citations.numbered_list import (
    alphabetical,
    by_author,
    first_authored,
    list_length,
    numbered_by_first_citation,
    numbering,
    numbers_its_items,
    shown_authors,
    surnames,
)
from repropub.citations.styles import Family, choose, style_issues
from repropub.manuscript import Manuscript
from repropub.numbering import is_label
from repropub.reflist import find_section
from repropub.suppress import Suppression, find_suppressions, unknown_codes

Severity = Literal["error", "warning", "info"]

SEVERITIES: dict[str, Severity] = {
    c.code: cast(Severity, c.severity) for c in codes().values()
}
"""Every code the checker emits, with its default severity (documented in docs/checker-codes.md)."""


@dataclass(frozen=True)
class Citation:
    """One cited work at one place in the manuscript (each part of a multiple citation is one)."""

    text: str
    line: int
    col: int
    """1-based, counted in code points, of the first character of `text` in the manuscript."""
    end_line: int
    end_col: int
    """Exclusive end of `text` (1-based)."""
    keys: tuple[str, ...]
    status: str
    """'ok', or the code of the problem found at this citation."""
    kind: Literal["keyed", "typed", "numbered", "note"] = "typed"
    start: int = -1
    end: int = -1
    """The span [start, end) of `text` as offsets in `Manuscript.text`."""


@dataclass(frozen=True)
class Finding:
    """One problem found, where it is, and its fix when that is certain."""

    code: str
    severity: Severity
    line: int
    col: int
    message: str
    cited: str = ""
    keys: tuple[str, ...] = ()
    suggestion: str | None = None
    path: str = ""
    """The file the position refers to (the manuscript, or the .bib for entry findings)."""
    fix: Fix | None = None
    """The correction, when it is certain (see `repropub.citations.fixes`); `build.py fix`
    applies it."""


@dataclass(frozen=True)
class CheckResult:
    """Every citation, finding and entry of one check."""

    citations: tuple[Citation, ...]
    findings: tuple[Finding, ...]
    entries: tuple[Entry, ...]
    cited_keys: frozenset[str] = field(default_factory=frozenset)
    suppressed: tuple[Finding, ...] = ()
    family: Family = field(default_factory=lambda: Family("", ""))
    """The citation-style family the typed citations were checked against, and how it was
    chosen."""
    """Findings an inline `repropub: ignore` comment (or a reader's `Suppression`) silenced."""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def check(manuscript: Manuscript, bibliography: Bibliography,
          severities: Mapping[str, Severity] | None = None, style: str | None = None,
          suppressions: Sequence[Suppression] | None = None,
          citation_style: str | None = None, *, settle: bool = True) -> CheckResult:
    """Find every citation, resolve it, and report what does not match.

    `style` is the CSL style the article is set in (None: the default); `citation_style` the
    author-date family whose rules the typed citations are checked against (``apa``,
    ``harvard``, ``abnt``, ``chicago``, or a CSL style of one): given, else the front matter's,
    else the CSL style's, else the one the citations follow (see `repropub.citations.styles`).
    `suppressions` are the findings an editor silenced, by source lines; by default those of
    the manuscript's `<!-- repropub: ignore CODE -->` comments. `settle` makes each suggestion
    the citation as `build.py fix` leaves it after all its rounds (see `_settled`).
    """
    levels = {**SEVERITIES, **(severities or {})}
    # where citations can be: the body, without code, URLs or the reference list itself
    source = source_mod.make_source(manuscript.text, _body_offset(manuscript), _skipped(manuscript))
    report = _Report(manuscript, levels, source)
    # pandoc citations: [@key], @key, [-@key]; an unknown key is an error
    keyed = keyed_mod.find_keyed(source.masked)
    known = set(bibliography.keys)
    # @fig:id, @tbl:id, @eq:id, @sec:id name a figure, table, equation or section, not a work
    labels = [k for k in keyed if is_label(k.key)]
    for label in label_issues(source.masked, labels):
        line, col = source.position(label.start)
        report.add(label.code, line, col, label.message, source.text[label.start:label.end],
                   (), label.suggestion)
    for k in keyed:
        if is_label(k.key):
            continue
        status = "ok" if k.key in known else "undefined-key"
        citation = report.citation(source, k.text, k.start, k.end, (k.key,), status, "keyed")
        if status != "ok":
            report.finding("undefined-key", citation, f"no entry has the key '{k.key}'",
                           _key_suggestion(k.key, known))
    # hand-typed author-date citations, read after the pandoc ones are blanked out
    unkeyed = source_mod.with_blanked(source, [(k.start, k.end) for k in keyed]).masked
    masked = unkeyed.translate(source_mod.PLAIN_PUNCTUATION)
    typed = typed_mod.find_typed(masked, _lower_case_surnames(bibliography))
    matches = match_all(typed, bibliography.entries, typed_mod.introductions(masked))
    # numbered citations ([1], [2-4], superscripts), when the manuscript cites by number
    references = max(len(bibliography.entries), list_length(manuscript.text))
    markers = numbered_mod.find_numbered(unkeyed, source.text, references)
    if numbered_mod.is_numeric(markers, sum(1 for m in matches if m.entry is not None),
                               numbered_list=numbers_its_items(manuscript.text)):
        bibliography = _check_numbered(report, source, unkeyed, manuscript, bibliography,
                                       markers, typed, style)
        family = Family("numbered", "detected")
    elif (notes := _in_notes(source.text, bibliography.entries, typed, matches)) is not None:
        # Chicago's notes and bibliography: the works the footnotes name by author and title
        family = Family("notes", "detected")
        _check_notes(report, source, masked, typed, matches, *notes)
    else:
        # the family whose rules apply: named, or the one the manuscript's citations follow
        family = choose(masked, typed, matches, named=citation_style,
                        front_matter=manuscript.metadata.citation_style, csl=style)
        _check_typed(report, source, masked, typed, matches, family)
    # the bibliography itself: duplicate keys, one work under two keys, entries never cited
    bib_path = str(bibliography.path or manuscript.path)
    for dup in bibliography.duplicates:
        report.add("duplicate-key", dup.line, 1,
                   f"the key '{dup.key}' is used again (first at line {dup.first_line}); "
                   "this entry is ignored", dup.key, (dup.key,), "give the entry its own key",
                   path=bib_path)
    copies = set()
    for first, second in duplicate_entries(bibliography.entries):
        copies.add(second.key)
        report.add("duplicate-entry", second.line, 1,
                   f"'{second.key}' is the same work as '{first.key}' (line {first.line})",
                   second.key, (first.key, second.key), f"cite {first.key} and remove "
                   f"{second.key}", path=bib_path)
    cited = report.cited_keys() | _nocited(manuscript)
    # a copy of an entry is reported once, as a duplicate: removing it, as that finding says,
    # also settles its never being cited
    for entry in bibliography.entries:
        if entry.key not in cited and entry.key not in copies:
            report.add("uncited-entry", entry.line, 1,
                       f"the entry '{entry.key}' is never cited in the text", entry.key,
                       (entry.key,), "cite it or remove it from the bibliography", path=bib_path)
    # citation fields of a Word file that were typed over after Zotero or Mendeley wrote them
    for edited in edited_fields(manuscript):
        line, col = source.position(edited.start)
        shown = manuscript.text[edited.start:edited.end]
        report.add("field-edited", line, col,
                   f"this {edited.kind.capitalize()} citation was typed over: the plug-in "
                   f"wrote '{edited.plain}', and its next refresh undoes the edit", shown, (),
                   f"edit the citation in {edited.kind.capitalize()} instead")
    # what inline comments suppress: counted apart, not reported; an unknown code is a finding
    if suppressions is None:  # the text's own comments, and those a reader found (Word's)
        suppressions = [*find_suppressions(manuscript.text, _body_offset(manuscript)),
                        *manuscript.suppressions]
    for unknown in unknown_codes(suppressions, sorted(SEVERITIES)):
        report.add("suppression.unknown-code", unknown.line, unknown.col,
                   f"'{unknown.name}' is not a code the checker reports; the nearest is "
                   f"'{unknown.nearest}'", unknown.name, (), f"ignore {unknown.nearest}")
    # each citation's one answer: what it reads once every certain fix is applied
    settled = _settled(report, manuscript, bibliography, style, family) if settle else {}
    return report.result(bibliography.entries, family, suppressions, settled)


SETTLE_ROUNDS = 5
"""As many rounds of fixes as `build.py fix` applies."""


def _settled(report: _Report, manuscript: Manuscript, bibliography: Bibliography,
             style: str | None, family: Family) -> dict[tuple[int, int], str]:
    """What each citation with certain fixes reads once they are all applied, round after round
    as `build.py fix` does: a corrected name can show a missing diacritic in the next round
    ('Majr and Molling' -> 'Major and Molling' -> 'Major and Mölling'), and the suggestion is
    the end of that, not its first step. Each round checks only the paragraphs of those
    citations, with the manuscript's citation style."""
    fixes = compatible(f.fix for f in report.findings if f.fix is not None)
    spans = {span: span for span, found in report.places.items()
             if any(report.findings[i].fix for i in found)
             and all(span[0] <= f.start and f.end <= span[1]
                     for f in (report.findings[i].fix for i in found) if f is not None)}
    if not spans:
        return {}
    text = manuscript.text
    for _ in range(SETTLE_ROUNDS):
        text = apply(text, fixes)
        moved = _Shifts(fixes)
        spans = {place: (moved(s), moved(e)) for place, (s, e) in spans.items()}
        paragraphs, pieces = _only_paragraphs(text, spans.values())
        again = check(replace(manuscript, text=paragraphs, fields=(), suppressions=()),
                      bibliography, style=style, suppressions=(),
                      citation_style=family.name or None, settle=False)
        within = _Within(spans.values())
        fixes = compatible(fix for fix in (pieces.back(f.fix) for f in again.findings
                                           if f.fix is not None)
                           if fix is not None and within(fix.start, fix.end))
        if not fixes:
            break
    return {place: text[s:e] for place, (s, e) in spans.items()}


class _Shifts:
    """Where an offset is once `fixes` are applied (those ending at or before it shift it),
    by bisection over the fixes' ends: a manuscript with thousands of fixes stays linear."""

    def __init__(self, fixes: Sequence[Fix]) -> None:
        ordered = sorted(fixes, key=lambda f: f.end)
        self.ends = [f.end for f in ordered]
        self.shifts = [0, *itertools.accumulate(
            len(f.replacement) - (f.end - f.start) for f in ordered)]

    def __call__(self, offset: int) -> int:
        return offset + self.shifts[bisect.bisect_right(self.ends, offset)]


class _Within:
    """Whether [start, end) lies inside one of the spans: among the spans that start at or
    before `start`, the one reaching furthest decides (one bisection, not a look at each)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def __call__(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end


def _only_paragraphs(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, _Pieces]:
    """The paragraphs of `text` that hold a span, each on its own lines, with only the newlines
    of what lies between them: lines, columns and the citations' context stay as they are,
    and a round reads those paragraphs, not the whole manuscript again (a 500-page manuscript
    with a few hundred fixes). `_Pieces` turns an offset in it back into one in `text`."""
    keep = []
    for start, end in spans:
        first = text.rfind("\n\n", 0, start)
        last = text.find("\n\n", end)
        keep.append((0 if first < 0 else first, len(text) if last < 0 else last))
    keep.sort()
    pieces, kept, done, at = [], [], 0, 0
    for start, end in keep:
        if end <= done:
            continue
        start = max(start, done)
        between = "\n" * text.count("\n", done, start)
        pieces += [between, text[start:end]]
        kept.append((at + len(between), start, end))
        at += len(between) + end - start
        done = end
    pieces.append("\n" * text.count("\n", done))
    return "".join(pieces), _Pieces(kept)


class _Pieces:
    """Where the kept paragraphs of `_only_paragraphs` are: (offset in its text, start and end
    in the whole text) each, in order."""

    def __init__(self, kept: list[tuple[int, int, int]]) -> None:
        self.kept = kept
        self.at = [at for at, _, _ in kept]

    def back(self, fix: Fix) -> Fix | None:
        """The fix with offsets in the whole text; None for one outside the kept paragraphs."""
        i = bisect.bisect_right(self.at, fix.start) - 1
        if i < 0:
            return None
        at, start, end = self.kept[i]
        shift = start - at
        if fix.end + shift > end:
            return None
        return replace(fix, start=fix.start + shift, end=fix.end + shift)


def _check_typed(report: _Report, source: source_mod.Source, masked: str,
                 typed: list[typed_mod.TypedCitation], matches: list[Match],
                 family: Family) -> None:
    """Author-date citations: each resolved, its problems reported, then the family's rules for
    how it is written (warnings)."""
    apa = family.name == "apa"
    placed: dict[int, Citation] = {}
    for i, (c, m) in enumerate(zip(typed, matches, strict=True)):
        if m.code == "not-a-citation":
            continue
        start = m.start if m.start >= 0 else _after_words(c.text, m.skip) + c.start
        citation = report.citation(source, c.text, start, c.start + len(c.text), m.keys, m.code)
        placed[i] = citation
        fixes = iter(match_fixes(masked, c, m, apa=apa) if m.code != "ok" else ())
        if m.code != "ok":
            report.finding(m.code, citation, m.message, m.suggestion, m.keys, next(fixes))
        for code, message in m.notes:
            report.finding(code, citation, message, m.suggestion, m.keys, next(fixes))
    for issue in style_issues(masked, typed, matches, family):
        line, col = source.position(issue.offset)
        report.add(issue.code, line, col, issue.message, typed[issue.index].text,
                   matches[issue.index].keys, issue.suggestion, fix=issue.fix,
                   at=placed.get(issue.index))


def _in_notes(text: str, entries: tuple[Entry, ...], typed: list[typed_mod.TypedCitation],
              matches: list[Match]) -> tuple[list[notes_mod.NoteCitation], list[int]] | None:
    """The works a notes manuscript's notes name, and which author-date citations stand outside
    its notes; None when it does not cite in notes."""
    spans = notes_mod.note_spans(text)
    if not spans:  # most manuscripts: no entry's title need be read
        return None
    in_notes = notes_mod.find_notes(text, spans, entries)
    outside = [i for i, c in enumerate(typed) if not any(a <= c.start < b for a, b in spans)]
    resolved = sum(1 for i in outside if matches[i].entry is not None)
    return (in_notes, outside) if notes_mod.is_notes(in_notes, resolved) else None


def _check_notes(report: _Report, source: source_mod.Source, masked: str,
                 typed: list[typed_mod.TypedCitation], matches: list[Match],
                 in_notes: list[notes_mod.NoteCitation], outside: list[int]) -> None:
    """A notes manuscript: each work a note names is a citation of its entry; a note's full
    form, or a title by an author of the list, that no entry has is a missing entry. What reads
    as an author-date citation inside a note ('(Riverton: Example Press, 2009)') is its
    imprint, not one; outside the notes it is checked as ever, without a family's rules."""
    _check_typed(report, source, masked, [typed[i] for i in outside],
                 [matches[i] for i in outside], Family("notes", "detected"))
    for cited in in_notes:
        shown = source.text[cited.start:cited.end]
        if cited.keys:
            report.citation(source, shown, cited.start, cited.end, cited.keys, "ok", "note")
        elif cited.full or cited.known_author:
            citation = report.citation(source, shown, cited.start, cited.end, (),
                                       "missing-entry", "note")
            report.finding("missing-entry", citation,
                           f"no entry in the bibliography is '{cited.title}' by {cited.names}",
                           "add the entry to the bibliography")


def _check_numbered(report: _Report, source: source_mod.Source, masked: str,
                    manuscript: Manuscript, bibliography: Bibliography,
                    markers: list[numbered_mod.NumberedCitation],
                    typed: list[typed_mod.TypedCitation], style: str | None) -> Bibliography:
    """Numbered citations: each number resolved to its reference, an author named before a
    number checked against it, a range written backwards, numbers not given in order of first
    citation, and author-date citations that do not belong. Gives the bibliography the check
    goes on with (the numbered list's entries, without a .bib)."""
    numbers = numbering(manuscript, bibliography)
    forms = numbered_mod.form_of(markers)
    known_names = surnames(numbers.by_number.values())
    used = numbered_mod.with_referenced(masked, [m for m in markers if m.form in forms],
                                        len(numbers.by_number), known_names)
    listing = "the reference list" if numbers.listed or bibliography.path == manuscript.path \
        else Path(str(bibliography.path)).name
    for marker in used:
        mismatch = _named_mismatch(masked, marker, numbers.by_number, known_names)
        placed: dict[tuple[int, int], Citation] = {}
        for cited in marker.cited:
            entry = numbers.by_number.get(cited.number)
            keys = (entry.key,) if entry else ()
            status = "missing-entry" if entry is None else \
                "author-mismatch" if mismatch else "ok"
            citation = report.citation(source, source.text[cited.start:cited.end], cited.start,
                                       cited.end, keys, status, "numbered")
            placed.setdefault((cited.start, cited.end), citation)
            if entry is None:
                report.finding("missing-entry", citation,
                               f"no reference is numbered {cited.number} ({listing} has "
                               f"{len(numbers.by_number)})", "add the reference or correct the "
                               "number")
            elif mismatch and cited is marker.cited[0]:  # once for the name, not per number
                message, suggestion = mismatch
                report.finding("author-mismatch", citation, message, suggestion, keys)
        for back in marker.backwards:
            report.finding("numbered.range-backwards", placed[(back.start, back.end)],
                           f"the range {back.text} is written backwards",
                           f"write '{back.fixed}'", (), Fix(back.start, back.end, back.fixed))
    # numbered in order of first citation when the CSL style says so (its bibliography sorted by
    # citation number alone); without a numeric style, unless the list is alphabetical (a style
    # that numbers its references by author)
    entries = [numbers.by_number[n] for n in sorted(numbers.by_number)]
    in_order = numbered_by_first_citation(style)
    if in_order if in_order is not None else not alphabetical(entries):
        for cited, expected in numbered_mod.first_citation_order(
                used, numbers.by_number):
            line, col = source.position(cited.start)
            report.add("numbered.order", line, col,
                       f"reference {cited.number} is cited for the first time before reference "
                       f"{expected}; numbered in order of first citation it would be {expected}",
                       source.text[cited.start:cited.end],
                       tuple(e.key for e in [numbers.by_number.get(cited.number)] if e),
                       "number the references in the order they are first cited")
    # an author-date citation that resolves does not belong in a numbered manuscript
    number_of = {e.key: n for n, e in numbers.by_number.items()}
    matches = match_all(typed, numbers.bibliography.entries)
    for c, m in zip(typed, matches, strict=True):
        if m.entry is None or m.entry.key not in number_of:
            continue
        n = number_of[m.entry.key]
        citation = report.citation(source, c.text, c.start, c.start + len(c.text),
                                   (m.entry.key,), "numbered.author-date")
        report.finding("numbered.author-date", citation,
                       f"'{c.text}' is an author-date citation in a manuscript that cites by "
                       f"number", f"cite it as {_number_form(forms, n)}", (m.entry.key,))
    return numbers.bibliography


def _lower_case_surnames(bibliography: Bibliography) -> frozenset[str]:
    """The one-word surnames the bibliography writes in lower case, as their bearers do ('bell
    hooks', 'danah boyd'): the text cites them so, where a lower-case word is no name."""
    return frozenset(name.family for entry in bibliography.entries for name in entry.authors
                     if name.family.isalpha() and name.family.islower())


def _named_mismatch(masked: str, marker: numbered_mod.NumberedCitation,
                    by_number: Mapping[int, Entry], known_names: frozenset[str]
                    ) -> tuple[str, str] | None:
    """(message, suggestion) when the author named before a marker is none of the authors of
    the references it cites: 'Silva et al.^4^' where reference 4 is by Ferreira, 'Silva et
    al.^3,4^' where neither is Silva's. A name followed by 'et al.' counts whatever it is; a
    bare word ('Jones [4]') only when some reference in the list is by that name, so that
    'Table [3]' or 'In [4]' name no one."""
    numbers = sorted({c.number for c in marker.cited})
    named = numbered_mod.named_author(masked, marker)
    if named is None:
        return None
    entries = [by_number.get(n) for n in numbers]
    if any(e is None or not e.authors or by_author(e, named.name) for e in entries):
        return None
    if not named.et_al and fold(named.name) not in known_names:
        return None
    shown = masked[named.start:marker.end].strip()
    if len(numbers) == 1:
        whose = f"reference {numbers[0]} is by {shown_authors(by_number[numbers[0]])}"
    else:
        whose = "none of references " + ", ".join(
            f"{n} ({shown_authors(by_number[n])})" for n in numbers) + f" is by {named.name}"
    others = first_authored(dict(by_number), named.name)
    suggestion = "correct the number or the name" if len(others) != 1 else \
        f"cite {named.name}'s work by its number, {_number_form({marker.form}, others[0])}"
    return f"'{shown}' names {named.name}, but {whose}", suggestion


def _number_form(forms: set[numbered_mod.Form], n: int) -> str:
    if "reference" in forms:
        return f"ref. {n}"
    if "bracket" in forms:
        return f"[{n}]"
    return f"^{n}^" if "superscript" in forms else f"({n})"


class _Report:
    """Collects citations and findings, with positions and severities applied once."""

    def __init__(self, manuscript: Manuscript, levels: Mapping[str, Severity],
                 source: source_mod.Source) -> None:
        self.path = str(manuscript.path)
        self.levels = levels
        self.source = source
        self.citations: list[Citation] = []
        self.findings: list[Finding] = []
        self.places: dict[tuple[int, int], list[int]] = {}
        """The findings (indices) of each citation, by its span."""

    def citation(self, source: source_mod.Source, text: str, start: int, end: int,
                 keys: tuple[str, ...], status: str,
                 kind: Literal["keyed", "typed", "numbered", "note"] = "typed") -> Citation:
        line, col = source.position(start)
        end_line, end_col = source.position(end)
        citation = Citation(source.text[start:end], line, col, end_line, end_col, keys, status,
                            kind, start, end)
        self.citations.append(citation)
        return citation

    def finding(self, code: str, citation: Citation, message: str, suggestion: str | None,
                keys: Iterable[str] = (), fix: Fix | None = None) -> None:
        self.add(code, citation.line, citation.col, message, citation.text, tuple(keys),
                 suggestion, fix=fix, at=citation)

    def add(self, code: str, line: int, col: int, message: str, cited: str,
            keys: tuple[str, ...], suggestion: str | None, path: str | None = None,
            fix: Fix | None = None, at: Citation | None = None) -> None:
        """One finding; `at` is the citation it concerns, whose findings share one suggestion."""
        finding = Finding(code, self.levels.get(code, "error"), line, col, message, cited, keys,
                          suggestion, path or self.path, _placed(self.source, fix))
        if at is not None:
            self.places.setdefault((at.start, at.end), []).append(len(self.findings))
        self.findings.append(finding)

    def cited_keys(self) -> set[str]:
        return {k for c in self.citations for k in c.keys if c.status != "undefined-key"}

    def result(self, entries: tuple[Entry, ...], family: Family,
               suppressions: Sequence[Suppression] = (),
               settled: Mapping[tuple[int, int], str] | None = None) -> CheckResult:
        citations = tuple(sorted(self.citations, key=lambda c: (c.line, c.col)))
        for (start, end), indices in self.places.items():
            merged = _one_answer(self.source.text, start, end, [self.findings[i] for i in indices],
                                 (settled or {}).get((start, end)))
            for i, finding in zip(indices, merged, strict=True):
                self.findings[i] = finding
        findings = tuple(sorted(self.findings,
                                key=lambda f: (f.path != self.path, f.path, f.line, f.col)))
        # one pass: asking `f not in silenced` compares every finding with every silenced one;
        # and each finding asks only the suppressions whose lines hold it
        lines = sorted({f.line for f in findings})
        by_line: dict[int, list[Suppression]] = {}
        for suppression in suppressions:
            first = bisect.bisect_left(lines, suppression.first)
            for line in lines[first:bisect.bisect_right(lines, suppression.last)]:
                by_line.setdefault(line, []).append(suppression)
        quiet = [self._suppressed(f, by_line.get(f.line, ())) for f in findings]
        silenced = tuple(f for f, q in zip(findings, quiet, strict=True) if q)
        kept = tuple(f for f, q in zip(findings, quiet, strict=True) if not q)
        return CheckResult(citations, kept, entries, frozenset(self.cited_keys()), silenced,
                           family)

    def _suppressed(self, finding: Finding, suppressions: Sequence[Suppression]) -> bool:
        return finding.path == self.path and finding.code != "suppression.unknown-code" and any(
            s.covers(finding.code, finding.line) for s in suppressions)


def _one_answer(text: str, start: int, end: int, findings: list[Finding],
                settled: str | None = None) -> list[Finding]:
    """The findings of one citation, each suggesting the same complete corrected citation.

    A citation can break several rules at once ('(Major 2022, pp. 2)': a co-author left out, no
    comma, 'pp.' for one page); each finding's own suggestion would correct one and contradict
    the others. The answer is the citation with every certain fix applied together (as `fix`
    applies them in one run); when a person has to choose among candidates, the matcher's
    complete form ('cite as ...'); advice that is not a citation ('add the entry to the
    bibliography') follows it. `settled` is the citation after every round of fixes.
    """
    fixes = compatible(f.fix for f in findings if f.fix is not None)
    chosen = next((f.suggestion for f in findings if f.fix is None and f.suggestion
                   and f.suggestion.startswith("cite as ")), None)
    if chosen is None and settled is not None:
        chosen = f"write '{settled}'"
    if chosen is None and fixes:
        lo = min(start, *(f.start for f in fixes))
        hi = max(end, *(f.end for f in fixes))
        chosen = f"write '{apply(text[lo:hi], fixes, lo)}'"
    if chosen is None:
        return findings
    advice = [f.suggestion for f in findings if f.suggestion and f.code in _ADVICE]
    answer = "; ".join(dict.fromkeys([chosen, *advice]))
    return [replace(f, suggestion=answer) for f in findings]


_ADVICE = frozenset({"missing-entry", "ambiguous"})
"""Codes whose suggestion is what to do, not how to write the citation."""


def _placed(source: source_mod.Source, fix: Fix | None) -> Fix | None:
    """The fix with its line and column (offsets stay those of `Manuscript.text`)."""
    if fix is None:
        return None
    line, col = source.position(fix.start)
    end_line, end_col = source.position(fix.end)
    return replace(fix, line=line, col=col, end_line=end_line, end_col=end_col)


def _body_offset(manuscript: Manuscript) -> int:
    lines = manuscript.text.split("\n")
    return sum(len(line) + 1 for line in lines[:manuscript.body_line - 1])


def _skipped(manuscript: Manuscript) -> list[tuple[int, int]]:
    section = find_section(manuscript.text)
    return [(section.start, section.end)] if section else []


def _after_words(text: str, count: int) -> int:
    """The offset in `text` after its first `count` words and the space that follows them."""
    match = re.match(rf"(?:\S+\s+){{{count}}}", text) if count else None
    return match.end() if match else 0


def _nocited(manuscript: Manuscript) -> set[str]:
    """Keys the front matter's `nocite` names on purpose (`@*` names none in particular)."""
    return set(re.findall(r"@([\w:.#$%&+?<>~/-]*\w)", manuscript.metadata.nocite or ""))


def _key_suggestion(key: str, known: set[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    return f"did you mean @{close[0]}?" if close else None


__all__ = ["SEVERITIES", "CheckResult", "Citation", "Finding", "Fix", "Match", "Severity",
           "Suppression", "check"]
