"""Pandoc citations: `[@key]`, `@key`, `[-@key]`, `[see @a, p. 2; @b]`.

Takes the blanked manuscript text and gives one `KeyedCitation` per cited key, with the span of
its part of the bracket (prefix, key, locator and suffix) or of the bare `@key`. An `@` that
follows a letter or digit (an e-mail address) does not start a citation, as in pandoc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = r"(?:\{(?P<NAMEb>[^{}\n]+)\}|(?P<NAME>[\w](?:[\w]|[:.#$%&+?<>~/-](?=[\w]))*))"
# The character before the '[' or '@' is tested once re stands on it ('\[(?<![\\!\]]\[)'
# for '(?<![\\!\]])\['), so that re skips from one '[' or '@' to the next instead of trying
# every offset (tests/test_fast_patterns.py holds the two forms equal).
_BRACKET = re.compile(r"\[(?<![\\!\]]\[)(?P<body>[^\[\]]*?(?<![\w\\])-?@[^\[\]]*)\](?!\(|\{)")
_ITEM_KEY = re.compile(r"(?<![\w\\])(?P<minus>-?)@" + _KEY.replace("NAME", "key"))
_IN_TEXT = re.compile(r"@(?<![\w\\@\[]@)" + _KEY.replace("NAME", "key")
                      + r"(?P<loc>[ \t]+\[(?P<locbody>[^\[\]@\n]*)\])?")


@dataclass(frozen=True)
class KeyedCitation:
    """One cited key of a pandoc citation, with its part of the bracket."""

    key: str
    start: int
    end: int
    """The span [start, end) of this part of the citation in the text."""
    text: str
    suppress_author: bool = False
    in_text: bool = False
    """A bare `@key` (author named in the sentence), not inside brackets."""
    locator: str = ""
    """What follows the key in its part: ', p. 2', ', chap. 3 and passim'."""
    prefix: str = ""


def find_keyed(text: str) -> list[KeyedCitation]:
    """Every pandoc citation in `text`, in document order."""
    found: list[KeyedCitation] = []
    taken: list[tuple[int, int]] = []
    for bracket in _BRACKET.finditer(text):
        body_start = bracket.start("body")
        parts = _split_parts(bracket.group("body"), body_start)
        items = []
        for start, part in parts:
            match = _ITEM_KEY.search(part)
            if match is None:
                continue
            lead = len(part) - len(part.lstrip())
            items.append(KeyedCitation(
                key=match.group("key") or match.group("keyb"),
                start=start + lead, end=start + len(part.rstrip()), text=part.strip(),
                suppress_author=bool(match.group("minus")),
                locator=part[match.end():].strip(), prefix=part[:match.start()].strip(),
            ))
        if items:
            found.extend(items)
            taken.append(bracket.span())
    for match in _IN_TEXT.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        found.append(KeyedCitation(
            key=match.group("key") or match.group("keyb"), start=match.start(), end=match.end(),
            text=match.group(0), in_text=True, locator=(match.group("locbody") or "").strip(),
        ))
    found.sort(key=lambda c: c.start)
    return found


def _split_parts(body: str, offset: int) -> list[tuple[int, str]]:
    parts, start = [], 0
    for match in re.finditer(";", body):
        parts.append((offset + start, body[start:match.start()]))
        start = match.end()
    parts.append((offset + start, body[start:]))
    return parts
