"""Reading the manuscript: a Markdown file with YAML front matter.

Takes a path and gives a `Manuscript`: the source text (UTF-8, newlines normalised), the body
and where it starts, and the checked `ArticleMetadata`. The file is opened read-only and never
written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from repropub.errors import InputError, MetadataError
from repropub.limits import DEFAULT_LIMITS, Limits, check_file, check_front_matter, check_markdown
from repropub.metadata import ArticleMetadata, build_metadata, key_lines, parse_front_matter

_FENCE_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
_TITLE_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$")


@dataclass(frozen=True)
class Manuscript:
    """The article as the author wrote it."""

    path: Path
    text: str
    """The whole file, decoded, BOM removed, CRLF turned into LF."""
    body: str
    """The Markdown after the front matter (and after the title heading, when the title came from
    there)."""
    body_line: int
    """The 1-based line of `text` on which `body` starts."""
    metadata: ArticleMetadata

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def read_text(path: Path, what: str) -> str:
    """Read a UTF-8 text file; every way it can fail names the file (and the line of a bad byte)."""
    if not path.exists():
        raise InputError(path, f"{what} not found")
    if path.is_dir():
        raise InputError(path, f"{what} is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read {what}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, f"{what} is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                         line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(path, f"{what} contains a NUL byte", line)
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_manuscript(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manuscript:
    """Read and check the manuscript's front matter; the body is left to the later stages,
    once it is known to stay within `limits`."""
    check_file(path, limits, "manuscript_bytes")
    text = read_text(path, "manuscript")
    lines = text.split("\n")
    front, body_index = "", 0
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if _FENCE_END.match(lines[i])), None)
        if end is None:
            raise MetadataError(path, "front matter opened with '---' is never closed", 1)
        front, body_index = "\n".join(lines[1:end]), end + 1
    check_front_matter(front, path, 2, limits)
    data = parse_front_matter(front, path, first_line=2)
    if "title" not in data:
        body_index = _title_from_heading(lines, body_index, data)
    metadata = build_metadata(data, key_lines(front, first_line=2), path)
    body = "\n".join(lines[body_index:])
    check_markdown(body, path, body_index + 1, limits)
    return Manuscript(path, text, body, body_index + 1, metadata)


def _title_from_heading(lines: list[str], start: int, data: dict[str, object]) -> int:
    """A manuscript without a `title:` field may open with its title as a level-1 heading."""
    for i in range(start, len(lines)):
        if not lines[i].strip():
            continue
        match = _TITLE_HEADING.match(lines[i])
        if match:
            data["title"] = match.group(1)
            return i + 1
        break
    return start
