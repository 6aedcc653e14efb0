"""Reading a manuscript in any format: one reader per format, all giving the same `Manuscript`.

Takes a path and gives a `Manuscript`: Markdown (``.md``, and any suffix not listed here) as
`repropub.manuscript` reads it; Word (``.docx``) and OpenDocument (``.odt``) one line per
paragraph, with their citation fields and the editor's comments; plain text (``.txt``) and
LaTeX (``.tex``) line by line. Formats other than Markdown carry a `Layout` that maps a finding
back to the file's paragraph or line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repropub.limits import DEFAULT_LIMITS, Limits
from repropub.manuscript import Manuscript, read_manuscript

Reader = Callable[[Path, Limits], Manuscript]


def _reader(suffix: str) -> Reader:
    # each reader is imported only for its own format: a Markdown check pays for none of them
    if suffix == ".docx":
        from repropub.readers import docx

        return docx.read
    if suffix == ".odt":
        from repropub.readers import odt

        return odt.read
    if suffix == ".txt":
        from repropub.readers import text

        return text.read
    if suffix in (".tex", ".latex"):
        from repropub.readers import latex

        return latex.read
    return read_manuscript


OTHER_FORMATS = (".docx", ".odt", ".txt", ".tex", ".latex")
"""The formats other than Markdown that `check` reads; any other suffix is read as Markdown."""


def read(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """The manuscript at `path`, read by the reader its suffix names."""
    reader = _reader(path.suffix.lower())
    return reader(path, limits)
