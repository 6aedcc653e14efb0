"""What a stylesheet loads: every ``url()``, ``image-set()`` and ``@import`` in it, found as a
browser's CSS tokenizer finds them, and the design's stylesheets confined to the output folder.

A design's stylesheets (``--templates``, a design folder) are copied into ``out/assets/``, where
every reader's browser resolves their references. One that names a ``file:`` path, an absolute
path, a folder above the output folder or a host not allowed (``--allow-host``) would have each
reader's browser load it (WeasyPrint, which reads only the output folder, would stop the PDF
with a less helpful message). The build checks the stylesheets as it copies them and refuses
such a one with its file, line and column. tinycss2 tokenises as CSS Syntax Level 3 does, so an
escape (``\\75 rl(``, ``@\\69mport``), a comment or a string cannot hide a reference the way it
hides one from a regular expression; `repropub.svg` uses the same reading for an SVG's styles.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import tinycss2
import tinycss2.ast

from repropub.errors import TemplateError

URL_FUNCTIONS = frozenset({"url", "src"})
"""Functions whose (first) argument is a URL; ``url(x)`` unquoted is a token of its own."""

SET_FUNCTIONS = frozenset({"image-set", "-webkit-image-set"})
"""Functions whose string arguments are URLs."""

DATA_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "font/",
              "application/font-woff", "application/x-font-")
"""The ``data:`` URLs a design may carry: raster images and fonts. Not CSS (a ``data:``
stylesheet can import anything in its turn), not SVG, not HTML."""


@dataclass(frozen=True)
class CssReference:
    """One URL a stylesheet loads, where it stands (1-based line and column)."""

    url: str
    line: int
    column: int


CANDIDATES = ("url(", "src(", "image-set(", "@import", "\\")
"""What a reference cannot be written without: a URL token or a URL function's name followed
by its parenthesis, ``@import``, or else an escape (``\\75 rl(``). Names are ASCII
case-insensitive, and lower-casing any other character only adds candidates."""


def css_references(text: str) -> list[CssReference]:
    """Every URL `text` (a stylesheet, a ``style`` attribute or a presentation attribute)
    would load, in order."""
    lowered = text.lower()
    if not any(candidate in lowered for candidate in CANDIDATES):
        return []  # nothing to tokenise for: a print stylesheet loads nothing
    return list(_walk(tinycss2.parse_component_value_list(text, skip_comments=True)))


def _walk(nodes: Iterable[tinycss2.ast.Node]) -> Iterator[CssReference]:
    nodes = list(nodes)
    for index, node in enumerate(nodes):
        if isinstance(node, tinycss2.ast.URLToken):
            yield _at(node, node.value)
        elif isinstance(node, tinycss2.ast.AtKeywordToken) and node.lower_value == "import":
            following = next((n for n in nodes[index + 1:]
                              if not isinstance(n, tinycss2.ast.WhitespaceToken)), None)
            if isinstance(following, tinycss2.ast.StringToken):
                yield _at(following, following.value)
        elif isinstance(node, tinycss2.ast.FunctionBlock):
            strings = [a for a in node.arguments if isinstance(a, tinycss2.ast.StringToken)]
            if node.lower_name in URL_FUNCTIONS and strings:
                yield _at(strings[0], strings[0].value)
            elif node.lower_name in SET_FUNCTIONS:
                yield from (_at(s, s.value) for s in strings)
            yield from _walk(node.arguments)
        elif isinstance(node, (tinycss2.ast.CurlyBracketsBlock, tinycss2.ast.SquareBracketsBlock,
                               tinycss2.ast.ParenthesesBlock)):
            yield from _walk(node.content)


def _at(token: tinycss2.ast.Node, url: str) -> CssReference:
    return CssReference(url.strip(), token.source_line, token.source_column)


def refusal(url: str, place: PurePosixPath, allowed_hosts: frozenset[str]) -> str | None:
    """Why a stylesheet at `place` (its path inside the output folder) may not load `url`, or
    None when it may: a fragment, a raster image or font as ``data:``, a file inside the
    output folder, or an http(s) URL of an allowed host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "it is not a readable URL"
    scheme = parts.scheme.lower()
    if not url or url.startswith("#"):
        return None
    if scheme == "data":
        kind = parts.path.split(",", 1)[0].split(";", 1)[0].lower()
        return None if kind.startswith(DATA_TYPES) else (
            f"a data: URL of type {kind or 'unknown'!r} (only raster images and fonts)")
    if scheme in ("http", "https"):
        return None if (parts.hostname or "").lower() in allowed_hosts else (
            "every reader's browser would fetch it from the network (allow its host with "
            "--allow-host HOST)")
    if scheme or parts.netloc or url.startswith(("/", "\\")):
        return "it names a file outside the output folder; refer to a file of the design"
    path = unquote(parts.path).replace("\\", "/")
    if posixpath.normpath(posixpath.join(str(place.parent), path)).startswith(".."):
        return "it leads out of the output folder ('..'); refer to a file of the design"
    return None


def check_stylesheet(source: Path, place: PurePosixPath, allowed_hosts: frozenset[str]) -> None:
    """Refuse the stylesheet `source`, to be copied to `place` in the output folder, when it
    loads anything from outside the output folder; every such reference in one message each."""
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{source}: error: stylesheet cannot be read ({exc})") from None
    problems = [f"{source}:{ref.line}:{ref.column}: error: the stylesheet loads {ref.url[:80]!r}:"
                f" {reason}"
                for ref in css_references(text)
                if (reason := refusal(ref.url, place, allowed_hosts)) is not None]
    if problems:
        raise TemplateError("\n".join(problems))


def check_design(assets: Iterable[tuple[Path, PurePosixPath]],
                 allowed_hosts: frozenset[str]) -> None:
    """Check every stylesheet among the design's `assets` (a file or folder, and its place in
    the output folder), before they are copied."""
    for source, place in assets:
        sheets = sorted(source.rglob("*.css")) if source.is_dir() else [source]
        for sheet in sheets:
            if sheet.suffix.lower() == ".css":
                where = place / sheet.relative_to(source).as_posix() if source.is_dir() else place
                check_stylesheet(sheet, PurePosixPath(where), allowed_hosts)
