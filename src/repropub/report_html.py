"""The report an editor reads: one self-contained HTML page per manuscript, and an index.

Takes `batch.Checked` results and gives HTML: the manuscript's text with every citation marked
(linked, a problem, or text that looks like a citation but was not read as one), each finding
beside the paragraph it concerns with its suggestion, the reference list with how often each
entry is cited, and a summary at the top. The page has its stylesheet inline and loads nothing,
so it works offline and can be mailed to an author; the manuscript is untrusted, so every piece
of its text goes through jinja2's autoescaping.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2

from repropub.batch import Checked
from repropub.batch_report import row, totals
from repropub.checker import Citation, Finding
from repropub.errors import InputError
from repropub.manuscript import Manuscript
from repropub.outputs import staged
from repropub.reflist import find_section

TEMPLATES = Path(__file__).with_name("report_templates")
INDEX = "index.html"

_BIB_CODES = frozenset({"uncited-entry", "duplicate-key", "duplicate-entry"})
# Text the checker did not read as a citation but an editor should glance at: a parenthesis
# holding a year ("(Smith 2019)", "(see 2019a)") or a bracketed number ("[12]", "[3-5]").
_LOOKS_CITED = re.compile(
    r"\([^()\n]{0,80}?\b(?:1[5-9]|20)\d\d[a-z]?\b[^()\n]{0,80}?\)"
    r"|\[\d{1,3}(?:\s*[-\u2013,]\s*\d{1,3})*\]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_HEADING = re.compile(r"#{1,6}[ \t]")


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""
    """'' plain text; 'linked', 'problem' or 'unrecognised' for a citation."""
    note: str = ""
    """For a problem: the numbers of its findings on the page."""
    target: str = ""


@dataclass(frozen=True)
class FindingView:
    number: int
    finding: Finding
    where: str
    """Where an editor finds it: line and column, or for Word and ODT the paragraph, the
    character and a quote to search for."""


@dataclass
class Block:
    """A paragraph or heading of the manuscript, as written, with the findings placed in it."""

    line: int
    end_line: int
    heading: bool
    label: str
    """'line 12', or for Word and ODT 'paragraph 7'."""
    start: int
    end: int
    """The span of the block in `Manuscript.text`."""
    segments: list[Segment] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)


@dataclass(frozen=True)
class EntryView:
    key: str
    authors: str
    year: str
    title: str
    cited: int
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class ManuscriptView:
    """Everything the manuscript page shows (the template's one object, `report`)."""

    checked: Checked
    title: str
    lang: str
    bibliography: str
    summary: dict[str, object]
    blocks: list[Block]
    entries: list[EntryView]
    elsewhere: list[FindingView]
    """Findings with no place in the text shown (front matter, the .bib without an entry)."""
    reference_lines: tuple[str, str] | None
    """Where the manuscript's own reference list starts and ends ('line 40', 'paragraph 31'),
    when the text shown stops before it."""
    index: str | None


def manuscript_page(checked: Checked, index: str | None = None) -> str:
    """The page for one manuscript; `index` is the link back to the batch's index page."""
    if checked.result is None:
        return _environment().get_template("failed.html.j2").render(
            checked=checked, index=index, css=_css())
    view = _view(checked, index)
    return _environment().get_template("manuscript.html.j2").render(report=view, css=_css())


def index_page(results: Sequence[Checked], pages: Sequence[str]) -> str:
    rows = [(row(c), page, c) for c, page in zip(results, pages, strict=True)]
    return _environment().get_template("index.html.j2").render(
        rows=rows, totals=totals(results), css=_css())


def write_report(results: Sequence[Checked], folder: Path) -> Path:
    """Write the index and one page per manuscript into `folder`, replacing it as a whole (a
    failed write leaves the previous report); gives the index's path."""
    _refuse(folder, results)
    pages = page_names([c.path for c in results])
    with staged(folder) as stage:
        for checked, name in zip(results, pages, strict=True):
            (stage / name).write_text(manuscript_page(checked, INDEX), encoding="utf-8")
        (stage / INDEX).write_text(index_page(results, pages), encoding="utf-8")
    return folder / INDEX


def _refuse(folder: Path, results: Sequence[Checked]) -> None:
    """The report folder is replaced: refuse one that holds a manuscript, or files of
    something other than a previous report."""
    resolved = folder.resolve()
    for checked in results:
        if checked.path.resolve().is_relative_to(resolved):
            raise InputError(folder, f"the report folder contains the manuscript "
                                     f"{checked.path}; it is replaced by every report, so "
                                     "choose another --report-dir")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / INDEX).is_file():
        raise InputError(folder, "the report folder has files but no index.html of a previous "
                                 "report; it is replaced as a whole, so choose an empty or new "
                                 "folder")


def page_names(paths: Sequence[Path]) -> list[str]:
    """A file name per manuscript, from its path (so `a/clean/manuscript.md` and
    `b/clean/manuscript.md` stay apart), unique, in batch order."""
    names: list[str] = []
    used: set[str] = {INDEX}
    for path in paths:
        parts = [p for p in path.with_suffix("").parts if p not in ("", ".", "..", "/")]
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", "-".join(parts)).strip("-")[-80:] or "manuscript"
        name, n = f"{slug}.html", 1
        while name.lower() in used:
            n += 1
            name = f"{slug}-{n}.html"
        used.add(name.lower())
        names.append(name)
    return names


def _view(checked: Checked, index: str | None) -> ManuscriptView:
    manuscript, result = checked.manuscript, checked.result
    assert manuscript is not None and result is not None and checked.bibliography is not None
    path = str(manuscript.path)
    numbered = [FindingView(i, f, _where(manuscript, f, path))
                for i, f in enumerate(result.findings, 1)]
    text = manuscript.text
    body_start = sum(len(line) + 1 for line in manuscript.lines[:manuscript.body_line - 1])
    section = find_section(text)
    stop = section.start if section and section.start >= body_start else len(text)
    blocks = _blocks(manuscript, body_start, stop)
    entries_by_key = {e.key: e for e in result.entries}
    placed: dict[str, list[FindingView]] = {}
    elsewhere: list[FindingView] = []
    for view in numbered:
        f = view.finding
        key = next((k for k in reversed(f.keys) if k in entries_by_key), None)
        if f.code in _BIB_CODES and key is not None:
            placed.setdefault(key, []).append(view)
            continue
        block = next((b for b in blocks if f.path == path and b.line <= f.line <= b.end_line),
                     None)
        (block.findings if block else elsewhere).append(view)
    for block in blocks:
        block.segments = _segments(text, block, result.citations, numbered)
    counts = {e.key: 0 for e in result.entries}
    for c in result.citations:
        for k in set(c.keys):
            if k in counts and c.status != "undefined-key":
                counts[k] += 1
    entries = [EntryView(e.key, _authors(e.authors), e.year or "n.d.", e.title, counts[e.key],
                         tuple(placed.get(e.key, ()))) for e in result.entries]
    bib = checked.bibliography
    return ManuscriptView(
        checked=checked,
        title=manuscript.metadata.title or manuscript.path.name,
        lang=manuscript.metadata.lang,
        bibliography=("its own reference list" if bib.path in (None, manuscript.path)
                      else str(bib.path)),
        summary={**row(checked), "entries": len(result.entries),
                 "uncited": sum(1 for n in counts.values() if n == 0),
                 "problems": len(result.findings)},
        blocks=blocks, entries=entries, elsewhere=elsewhere,
        reference_lines=_span(manuscript, section.heading_line,
                              text.count("\n", 0, max(section.end - 1, 0)) + 1)
        if section and stop == section.start else None,
        index=index)


def _span(manuscript: Manuscript, first: int, last: int) -> tuple[str, str]:
    start, end = manuscript.locate(first, 1), manuscript.locate(last, 1)
    return f"{start.unit} {start.number}", f"{end.unit} {end.number}"


def _where(manuscript: Manuscript, f: Finding, path: str) -> str:
    if f.path != path:
        return f"{Path(f.path).name}, line {f.line}, column {f.col}"
    place = manuscript.locate(f.line, f.col, len(f.cited))
    if place.unit == "paragraph":
        return f"paragraph {place.number}, character {place.offset + 1}: \u201c{place.quote}\u201d"
    return f"line {place.number}, column {place.offset + 1}"


def _blocks(manuscript: Manuscript, start: int, stop: int) -> list[Block]:
    """The paragraphs between `start` and `stop`, split at blank lines, with their lines."""
    text = manuscript.text
    blocks = []
    position = start
    for piece in [*_BLANK_LINES.finditer(text, start, stop), None]:
        end = piece.start() if piece else stop
        chunk = text[position:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            first = text.count("\n", 0, position + lead) + 1
            last = first + chunk.strip().count("\n")
            place = manuscript.locate(first, 1)
            blocks.append(Block(first, last, bool(_HEADING.match(chunk.lstrip())),
                                f"{place.unit} {place.number}", position + lead,
                                position + len(chunk.rstrip())))
        if piece:
            position = piece.end()
    return blocks


def _segments(text: str, block: Block, citations: Sequence[Citation],
              findings: Sequence[FindingView]) -> list[Segment]:
    start, end = block.start, block.end
    marks: list[tuple[int, int, Segment]] = []
    for c in citations:
        if c.start < start or c.end > end or c.start < 0:
            continue
        here = [v for v in findings if v.finding.line == c.line and v.finding.col == c.col
                and v.finding.cited == c.text]
        if c.status == "ok" and not here:
            marks.append((c.start, c.end, Segment(c.text, "linked", "", ", ".join(c.keys))))
        else:
            note = " ".join(str(v.number) for v in here)
            marks.append((c.start, c.end, Segment(c.text, "problem", note,
                                                  f"f{here[0].number}" if here else "")))
    taken = sorted(marks, key=lambda m: m[0])
    for match in _LOOKS_CITED.finditer(text, start, end):
        if not any(s < match.end() and match.start() < e for s, e, _ in taken):
            marks.append((match.start(), match.end(), Segment(match.group(), "unrecognised")))
    segments: list[Segment] = []
    position = start
    for s, e, segment in sorted(marks, key=lambda m: m[0]):
        if s < position:  # overlapping citations: the first one wins
            continue
        if s > position:
            segments.append(Segment(text[position:s]))
        segments.append(segment)
        position = e
    if position < end:
        segments.append(Segment(text[position:end]))
    return segments


def _authors(names: Sequence[object]) -> str:
    surnames = [getattr(n, "surname", str(n)) for n in names]
    if len(surnames) > 3:
        return f"{surnames[0]} et al."
    return ", ".join(surnames)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)


@cache
def _css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")
