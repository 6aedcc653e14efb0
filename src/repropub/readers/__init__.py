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


def _readers() -> dict[str, Reader]:
    from repropub.readers import docx, latex, odt, text

    return {".docx": docx.read, ".odt": odt.read, ".txt": text.read, ".tex": latex.read,
            ".latex": latex.read}


OTHER_FORMATS = (".docx", ".odt", ".txt", ".tex", ".latex")
"""The formats other than Markdown that `check` reads; any other suffix is read as Markdown."""


def read(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """The manuscript at `path`, read by the reader its suffix names."""
    reader = _readers().get(path.suffix.lower(), read_manuscript)
    return reader(path, limits)
