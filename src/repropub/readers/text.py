"""Reading a plain-text manuscript (.txt): the file's lines as they are.

Takes the path of a UTF-8 text file and gives a `Manuscript` whose line N is the file's line N.
There is no front matter: the title is the first line that says something. A line that says
only "References" heads the reference list, as a Markdown heading would.
"""

from __future__ import annotations

from pathlib import Path

from repropub.limits import DEFAULT_LIMITS, Limits, check_file
from repropub.manuscript import Manuscript, read_text
from repropub.readers.document import Paragraph, assemble


def read(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    check_file(path, limits, "manuscript_bytes")
    lines = read_text(path, "manuscript").split("\n")
    return assemble(path, [Paragraph(line) for line in lines], "line", "", limits=limits)
