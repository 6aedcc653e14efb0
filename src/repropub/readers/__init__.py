"""Reading a manuscript in any format: one reader per format, all giving the same `Manuscript`.

Takes a path and gives a `Manuscript`. What a file is comes from its content first
(`sniff`): a Word file is read as Word whatever its name (``.docx``, ``.docm``, ``.dotx``, a
``.docx`` saved as ``.doc``), an OpenDocument text as ODT (also renamed ``.zip``), a Word
97-2003 file, an RTF file and a flat OpenDocument text (``.fodt``) through LibreOffice; a
PDF, an image, a spreadsheet, Word's XML or web-page formats or another binary file is
refused in one line saying what it is. Text goes by its suffix: Markdown
(``.md``, and any suffix not listed here) as `repropub.manuscript` reads it, plain text
(``.txt``) and LaTeX (``.tex``) line by line. Word and ODT give one line per paragraph, with
their citation fields and the editor's comments; formats other than Markdown carry a `Layout`
that maps a finding back to the file's paragraph or line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repropub.errors import InputError
from repropub.limits import DEFAULT_LIMITS, Limits
from repropub.manuscript import Manuscript, read_manuscript

Reader = Callable[[Path, Limits], Manuscript]


def _reader(kind: str) -> Reader:
    # each reader is imported only for its own format: a Markdown check pays for none of them
    if kind == "docx":
        from repropub.readers import docx

        return docx.read
    if kind == "odt":
        from repropub.readers import odt

        return odt.read
    if kind in ("doc", "rtf", "fodt"):
        from repropub.readers import libreoffice

        return lambda path, limits: libreoffice.read(
            path, limits, kind="rtf" if kind == "rtf" else "fodt" if kind == "fodt" else "doc")
    if kind == "txt":
        from repropub.readers import text

        return text.read
    if kind in ("tex", "latex"):
        from repropub.readers import latex

        return latex.read
    return read_manuscript


OTHER_FORMATS = (".docx", ".docm", ".dotx", ".dotm", ".odt", ".fodt", ".doc", ".rtf", ".txt",
                 ".tex", ".latex")
"""The formats other than Markdown that `check` reads; any other suffix is read as Markdown
(unless its content says it is one of these, or a binary file no reader takes)."""

MANUSCRIPT_SUFFIXES = (".md", ".markdown", *OTHER_FORMATS)
"""What a manuscript's name ends with: what a folder or a glob given to `check` contributes,
and what a `.bib` beside a manuscript may be named after. A file named on the command line is
checked whatever its name (read as Markdown when the suffix is not one of these)."""

_BY_SUFFIX = {".docx": "docx", ".docm": "docx", ".dotx": "docx", ".dotm": "docx",
              ".odt": "odt", ".ott": "odt", ".txt": "txt", ".tex": "tex", ".latex": "latex"}


def read(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """The manuscript at `path`, read by the reader its content, else its suffix, names."""
    from repropub.readers.sniff import sniff

    found = sniff(path)
    if found.kind is not None:
        return _reader(found.kind)(path, limits)
    if found.what:
        raise InputError(path, _refusal(found.what), 1)
    return _reader(_BY_SUFFIX.get(path.suffix.lower(), "md"))(path, limits)


def _refusal(what: str) -> str:
    if what == "a PDF":
        # pdftotext and its kin give lines, not paragraphs: notes run into the text, tables
        # into sentences, and the citation fields of the file it was made from are gone
        return ("this is a PDF, whose text comes back without the paragraphs, notes and "
                "citation fields the check reads; check the .docx, .odt or Markdown it was "
                "made from")
    if "password" in what:
        return f"this is {what}, which cannot be read; save it without a password as .docx"
    return f"this is {what}, which the check does not read; save it as .docx, .odt or Markdown"
