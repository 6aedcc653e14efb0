"""Reading a LaTeX manuscript (.tex) through pandoc's LaTeX reader.

Takes the path of a `.tex` file and gives a `Manuscript` whose text is the Markdown pandoc
makes of it: ``\\cite{key}``, ``\\citep`` and ``\\citet`` become pandoc citations, macros and
environments are resolved, and hand-typed citations stay as written. Pandoc keeps the source's
line breaks (``--wrap=preserve``), so each Markdown line is matched to the source line that holds
its words: a finding's line is the line of the `.tex`; its column counts in the text without
the LaTeX markup. ``\\input`` and ``\\include`` are not followed (pandoc's sandbox).
"""

from __future__ import annotations

import re
from pathlib import Path

from repropub import pandoc
from repropub.limits import DEFAULT_LIMITS, Limits, check_file
from repropub.manuscript import Layout, Manuscript, read_text
from repropub.metadata import build_metadata

_WORD = re.compile(r"[^\W\d_]{4,}|@[\w:.-]+")
_ESCAPED = re.compile(r"\\([\[\]()*_`#<>\\])")


def read(path: Path, limits: Limits = DEFAULT_LIMITS, timeout: float = 120.0) -> Manuscript:
    check_file(path, limits, "manuscript_bytes")
    source = read_text(path, "manuscript")
    markdown = pandoc.latex_to_markdown(source, source=path, timeout=timeout)
    title = ""
    if markdown.startswith("---\n"):
        front, _, markdown = markdown[4:].partition("\n---\n")
        title = next((line.partition(":")[2].strip().strip("'\"") for line in front.split("\n")
                      if line.startswith("title:")), "")
    # pandoc's Markdown escapes brackets (`{[}CRS{]}` becomes `\\[CRS\\]`) and writes `~` as a
    # no-break space; the citation finders read the text as an author typed it
    markdown = _ESCAPED.sub(r"\1", markdown).replace("\u00a0", " ")
    lines = markdown.split("\n")
    numbers = _source_lines(lines, source.split("\n"))
    metadata = build_metadata({"title": title or path.stem}, {}, path)
    layout = Layout("line", tuple(numbers), (0,) * len(lines))
    return Manuscript(path, markdown, markdown, 1, metadata, layout)


def _source_lines(lines: list[str], source: list[str]) -> list[int]:
    """For each Markdown line, the source line holding its first distinctive word (a word of
    four letters or more, or a citation key), searched forward from the previous match."""
    numbers, at = [], 0
    for line in lines:
        words = _WORD.findall(line)
        found = None
        for word in words[:3]:
            needle = word.removeprefix("@")
            found = next((i for i in range(at, len(source)) if needle in source[i]), None)
            if found is not None:
                break
        if found is not None:
            at = found
        numbers.append(at + 1)
    return numbers
