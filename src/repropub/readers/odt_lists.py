"""An OpenDocument text's list numbers: the label a numbered list item shows ('1.', '[2]'),
which is not in its text.

Takes the document's content (and its styles) and gives, for the first paragraph of each
numbered list item, the label LibreOffice draws before it, from the list style's number format,
prefix and suffix and the item's place: a list counts from its style's start value or an item's
own `text:start-value`, and goes on from the list `text:continue-list` names, or from the last
list of its style when it says `text:continue-numbering`; a list without a style is numbered by
its paragraphs' style (`style:list-style-name`, as LibreOffice's "Numbering 1" does). A
reference list typed as a numbered list keeps its numbers so (the same for Word:
`docx_lists.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from repropub.readers.docx_lists import formatted

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
            "I": "upperRoman"}
_LEVELS = 10
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True)
class _Level:
    format: str
    prefix: str
    suffix: str
    start: int


def list_labels(root: Any, styled: Iterable[Any]) -> dict[Any, str]:
    """The label of each numbered list item's first paragraph, by that paragraph element."""
    styles: dict[str, dict[int, _Level]] = {}
    for part in styled:
        for list_style in part.iter(TEXT + "list-style"):
            levels = styles.setdefault(list_style.get(STYLE + "name") or "", {})
            for level in list_style.findall(TEXT + "list-level-style-number"):
                kind = level.get(STYLE + "num-format") or ""
                levels[_integer(level.get(TEXT + "level"), 1) - 1] = _Level(
                    _FORMATS.get(kind, ""), level.get(STYLE + "num-prefix") or "",
                    level.get(STYLE + "num-suffix") or "",
                    _integer(level.get(TEXT + "start-value"), 1))
    by_paragraph = _paragraph_list_styles(styled)
    labels: dict[Any, str] = {}
    last: dict[str, list[int]] = {}
    by_id: dict[str, list[int]] = {}
    for top in root.iter(TEXT + "list"):
        if next(top.iterancestors(TEXT + "list"), None) is not None:
            continue
        # a list without a style of its own is numbered by its paragraphs' style ('Numbering
        # 1', or a style of the author's that names a list style)
        name = top.get(TEXT + "style-name") or _first_paragraph_style(top, by_paragraph)
        named = top.get(TEXT + "continue-list")
        goes_on = top.get(TEXT + "continue-numbering") == "true" or named is not None
        counts = by_id[named] if named in by_id else last[name] if goes_on and name in last \
            else [0] * _LEVELS
        last[name] = counts
        if top.get(_XML_ID):
            by_id[top.get(_XML_ID)] = counts
        _count(top, 0, styles.get(name, {}), styles, counts, labels)
    return labels


def _paragraph_list_styles(styled: Iterable[Any]) -> dict[str, str]:
    """Paragraph style -> the list style it numbers with, its parents' included."""
    own: dict[str, str] = {}
    parents: dict[str, str] = {}
    for part in styled:
        for style in part.iter(STYLE + "style"):
            name = style.get(STYLE + "name") or ""
            if style.get(STYLE + "list-style-name") is not None:
                own[name] = style.get(STYLE + "list-style-name") or ""
            if style.get(STYLE + "parent-style-name"):
                parents[name] = style.get(STYLE + "parent-style-name") or ""
    found: dict[str, str] = {}
    for name in {*own, *parents}:
        at, seen = name, set()
        while at not in own and at in parents and at not in seen:  # a loop ends the walk
            seen.add(at)
            at = parents[at]
        if at in own:
            found[name] = own[at]
    return found


def _first_paragraph_style(top: Any, by_paragraph: dict[str, str]) -> str:
    first = next(top.iter(TEXT + "p", TEXT + "h"), None)
    return by_paragraph.get(first.get(TEXT + "style-name") or "", "") if first is not None \
        else ""


def _count(element: Any, depth: int, levels: dict[int, _Level],
           styles: dict[str, dict[int, _Level]], counts: list[int],
           labels: dict[Any, str]) -> None:
    level = levels.get(min(depth, _LEVELS - 1))
    for item in element.findall(TEXT + "list-item"):
        at = min(depth, _LEVELS - 1)
        own = item.get(TEXT + "start-value")
        counts[at] = _integer(own, 1) if own is not None else (
            counts[at] + 1 if counts[at] else (level.start if level else 1))
        for deeper in range(at + 1, _LEVELS):
            counts[deeper] = 0
        first = next((c for c in item if c.tag in (TEXT + "p", TEXT + "h")), None)
        if first is not None and level is not None and level.format:
            labels[first] = f"{level.prefix}{formatted(counts[at], level.format)}{level.suffix}"
        for inner in item.findall(TEXT + "list"):
            name = inner.get(TEXT + "style-name")
            _count(inner, depth + 1, styles.get(name, levels) if name else levels, styles,
                   counts, labels)


def _integer(value: str | None, default: int) -> int:
    return int(value) if value is not None and value.isdigit() and len(value) <= 6 else default
