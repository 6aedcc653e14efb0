"""The manuscript text as the citation finders read it.

Takes the manuscript's text and gives a `Source`: the same text with everything that cannot hold
a citation blanked out (front matter, code, HTML comments, URLs, link targets, the reference list),
so that offsets, line numbers and columns stay those of the file. Blanking keeps every newline.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Each pattern below that scans the whole text starts with a literal character or a class of
# them, never with a lookbehind, an optional part or a case-insensitive letter: `re` then jumps
# from one candidate character to the next instead of trying the pattern at every offset (the
# URLs' took a quarter of a second on a 500-page manuscript). What each matches is as written
# in the comment above it (tests/test_fast_patterns.py compares the two).
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)",
                    re.M | re.S)
# (`+)(?!`).+?(?<!`)\1(?!`)
_INLINE_CODE = re.compile(r"(``*)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# <?(?:https?|ftp)://[^\s<>)\]]*>?|<?www\.[^\s<>)\]]+>?|doi:\S+ (case-insensitive): the first
# character is read by the class (re.I adds no other character to it), the rest from it on
_URL = re.compile(r"[<hHfFwWdD](?i:(?<=<)(?:https?|ftp)://[^\s<>)\]]*>?|(?<=<)www\.[^\s<>)\]]+>?"
                  r"|(?<=h)ttps?://[^\s<>)\]]*>?|(?<=f)tp://[^\s<>)\]]*>?"
                  r"|(?<=w)ww\.[^\s<>)\]]+>?|(?<=d)oi:\S+)")
# (?<=\])\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+"[^"]*")?\)
_LINK_TARGET = re.compile(r"\((?<=\]\()[^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_NOT_NEWLINE = re.compile(r"[^\n]")
# \$\$.*?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])
_MATH = re.compile(r"\$(?:\$.*?\$\$|(?<![\\$\w]\$)(?=\S)[^$\n]+?(?<=\S)\$(?![\w$]))", re.S)


PLAIN_PUNCTUATION = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-",
                                   "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u2007": " ",
                                   "\u2009": " ", "\u202f": " "})
"""Typographic apostrophes, dashes and spaces (a Word file's no-break space in 'Smith,\u00a02010')
as their ASCII forms, one character for one (offsets hold)."""


def blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) replaced by spaces, newlines kept."""
    piece = text[start:end]
    return text[:start] + re.sub(r"[^\n]", " ", piece) + text[end:]


@dataclass(frozen=True)
class Source:
    """The manuscript's text, and the same text as the citation finders read it."""

    text: str
    """The original text of the whole file."""
    masked: str
    """`text` with the parts that cannot hold a citation turned into spaces."""
    line_starts: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset; columns count code points."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]


def make_source(text: str, body_start: int, skip: list[tuple[int, int]] | None = None) -> Source:
    """Blank the parts of `text` that hold no citation.

    `body_start` is the offset where the Markdown body starts (after the front matter); `skip`
    lists further [start, end) ranges to blank, such as the reference list.
    """
    chars = list(text)

    def wipe(start: int, end: int) -> None:
        # one slice at a time: a character at a time is seconds on a 500-page manuscript
        chars[start:end] = _NOT_NEWLINE.sub(" ", "".join(chars[start:end]))

    wipe(0, body_start)
    for start, end in skip or []:
        wipe(start, end)
    current = "".join(chars)
    for pattern in (_FENCE, _COMMENT, _INLINE_CODE, _MATH, _URL, _LINK_TARGET, _HTML_TAG):
        spans = [match.span() for match in pattern.finditer(current)]
        for start, end in spans:
            wipe(start, end)
        if spans:  # the next pattern reads the text with these blanked
            current = "".join(chars)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return Source(text, current, tuple(starts))


def with_blanked(source: Source, spans: list[tuple[int, int]]) -> Source:
    """The same source with more spans blanked (the keyed citations, before typed ones)."""
    chars = list(source.masked)
    for start, end in spans:
        chars[start:end] = _NOT_NEWLINE.sub(" ", "".join(chars[start:end]))
    return Source(source.text, "".join(chars), source.line_starts)
