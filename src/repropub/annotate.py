"""The editor's marked-up copy: a Word comment on each finding, anchored at the citation.

Takes a Word `Manuscript`, its `CheckResult` and an output path, and writes a copy of the
`.docx` in which every finding in the text is a comment (code, severity, message, suggestion)
on the runs that hold the cited text, as eXtyles marks up a manuscript. A run that holds more
than the citation is split at the citation's edges so that the comment covers just the
citation; a finding in a footnote or endnote is a comment on the note's mark in the text.
Findings about the bibliography (an uncited .bib entry) have no place in the text and are left
out. The manuscript is only read; the copy replaces `out` in one atomic rename.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path
from typing import Any

import docx
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from repropub.checker import CheckResult, Finding
from repropub.errors import InputError
from repropub.manuscript import Manuscript
from repropub.readers.docx import W, paragraphs, run_spans

AUTHOR = "repropub"


def annotate(manuscript: Manuscript, result: CheckResult, out: Path) -> int:
    """Write the commented copy to `out`; return the number of comments."""
    if manuscript.path.suffix.lower() != ".docx" or manuscript.layout is None:
        raise InputError(out, "--annotate writes a Word file: it needs a .docx manuscript")
    if out.suffix.lower() != ".docx":
        raise InputError(out, "--annotate writes a Word file: give it a .docx name")
    if out.resolve() == manuscript.path.resolve():
        raise InputError(out, "--annotate must name a new file: the manuscript is never "
                              "changed")
    try:
        document = docx.Document(str(manuscript.path))
    except Exception as exc:  # python-docx's own reading of a file the reader accepted
        raise InputError(manuscript.path, f"cannot open the Word file to annotate it: "
                                          f"{type(exc).__name__}: {exc}") from None
    root = document.element
    body = root.find(W + "body")
    numbered = list(paragraphs(body if body is not None else root))
    marks = _note_marks(body if body is not None else root, document)
    path = str(manuscript.path)
    count = 0
    for f in result.findings:
        if f.path != path:
            continue
        place = manuscript.locate(f.line, f.col, len(f.cited))
        if place.note:
            # python-docx comments live in the main text: the note's mark carries it
            runs, text = marks.get(place.note, []), f"In {place.note}: {_comment(f)}"
        elif 0 < place.number <= len(numbered):
            paragraph = Paragraph(numbered[place.number - 1], document.part)
            runs, text = _anchor(paragraph, place.offset, max(len(f.cited), 1)), _comment(f)
        else:
            continue
        if runs:
            document.add_comment(runs, text, author=AUTHOR, initials="RP")
            count += 1
    _save(document, out)
    return count


def _note_marks(body: Any, document: Any) -> dict[str, list[Run]]:
    """The run holding each note's mark in the text, by the note's name (``footnote 2``),
    numbered as the reader numbers the notes: in the order of their marks."""
    marks: dict[str, list[Run]] = {}
    for kind in ("footnote", "endnote"):
        seen: dict[str, int] = {}
        for mark in body.iter(f"{W}{kind}Reference"):
            run, p = mark.getparent(), next(mark.iterancestors(W + "p"), None)
            if mark.get(W + "id") in seen or run is None or p is None:
                continue
            seen[mark.get(W + "id")] = len(seen) + 1
            marks[f"{kind} {len(seen)}"] = [Run(run, Paragraph(p, document.part))]
    return marks


def _comment(f: Finding) -> str:
    text = f"{f.code} ({f.severity}): {f.message}"
    return text + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")


def _anchor(paragraph: Paragraph, start: int, length: int) -> list[Run]:
    """The runs covering [start, start + length) of the paragraph, split at the edges."""
    runs = run_spans(paragraph._p)
    end = start + length
    covering = [(r, s, e) for r, s, e in runs if s < end and e > start and e > s]
    if not covering:
        covering = [(r, s, e) for r, s, e in runs if e > s][:1]
        if not covering:
            return []
    first, s, e = covering[0]
    if s < start and _splittable(first):
        first = _split(first, start - s)
        s = start
        if len(covering) == 1:
            covering[0] = (first, s, e)
    last, ls, le = covering[-1] if len(covering) > 1 else (first, s, e)
    if le > end and _splittable(last):
        _split(last, end - ls)
    return [Run(first, paragraph), Run(last, paragraph)]


def _splittable(run: Any) -> bool:
    """A run of plain text only (its properties and one w:t) can be cut in two."""
    content = [c for c in run if c.tag != W + "rPr"]
    return len(content) == 1 and content[0].tag == W + "t"


def _split(run: Any, at: int) -> Any:
    """Cut a plain-text run after `at` characters; return the second part (now after it)."""
    second = copy.deepcopy(run)
    first_text, second_text = run.find(W + "t"), second.find(W + "t")
    whole = first_text.text or ""
    first_text.text, second_text.text = whole[:at], whole[at:]
    for element in (first_text, second_text):
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.addnext(second)
    return second


def _save(document: Any, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(handle)
    try:
        document.save(staging)
        os.replace(staging, out)
    except OSError as exc:
        Path(staging).unlink(missing_ok=True)
        raise InputError(out, f"cannot write the annotated copy: {exc.strerror}") from None
