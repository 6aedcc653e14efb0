"""Word's list numbers: the label a numbered paragraph shows ('1.', '[2]', '3)'), which is not
in its text.

Takes `word/numbering.xml` (and the paragraph styles that number their paragraphs) and gives,
paragraph by paragraph in document order, the label Word draws before it. A reference list
typed as a Word numbered list (as pandoc writes an ordered list, and as most authors make one)
has its numbers only here: without them the numbered citations would have no entry to name.
Counting follows Word: a list continues across the list instances of one abstract definition,
an instance that overrides a level's start restarts it (`w:lvlOverride/w:startOverride`, as a
list that begins again at 1 after a heading), a level restarts below a higher one, and a list
made with a numbering style counts with the style's definition (`w:numStyleLink`,
`w:styleLink`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = 9
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    text: str


@dataclass
class Numbering:
    """The list definitions of one document and the counts reached so far."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    """abstractNumId -> level -> its definition."""
    instances: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    """numId -> (abstractNumId, the levels whose start it overrides)."""
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Paragraph style id -> (numId, level) of a style that numbers its paragraphs."""
    redefined: dict[str, dict[int, _Level]] = field(default_factory=dict)
    """numId -> the levels it draws otherwise than its definition (a `w:lvl` in `w:lvlOverride`:
    the same list shown as '[1]' where its definition says '1.')."""
    counts: dict[str, list[int | None]] = field(default_factory=dict)
    starts: dict[str, list[int | None]] = field(default_factory=dict)
    begun: set[str] = field(default_factory=set)

    def label(self, p: Any) -> str:
        """The label Word shows before paragraph `p` ('' for none or a bullet), counting it."""
        num_id, level = self._numbered(p)
        if num_id is None or num_id not in self.instances:
            return ""
        abstract, overrides = self.instances[num_id]
        definition = {**self.levels.get(abstract, {}), **self.redefined.get(num_id, {})}
        if level not in definition:
            return ""
        counts = self.counts.setdefault(abstract, [None] * _LEVELS)
        starts = self.starts.setdefault(abstract, [None] * _LEVELS)
        if num_id not in self.begun:  # an instance that restarts its levels
            self.begun.add(num_id)
            for overridden, start in overrides.items():
                counts[overridden], starts[overridden] = None, start
        current = counts[level]
        counts[level] = current + 1 if current is not None else self._start(
            definition, starts, level)
        for deeper in range(level + 1, _LEVELS):
            counts[deeper] = None
        if definition[level].format in ("bullet", "none"):
            return ""

        def shown(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            count = counts[at] if counts[at] is not None else self._start(definition, starts, at)
            kind = definition[at].format if at in definition else "decimal"
            return formatted(count or 0, kind)

        return _PLACEHOLDER.sub(shown, definition[level].text).strip()

    @staticmethod
    def _start(definition: dict[int, _Level], starts: list[int | None], level: int) -> int:
        override = starts[level]
        if override is not None:
            return override
        return definition[level].start if level in definition else 1

    def _numbered(self, p: Any) -> tuple[str | None, int]:
        props = p.find(W + "pPr")
        if props is None:
            return None, 0
        numbering = props.find(W + "numPr")
        style = props.find(W + "pStyle")
        by_style = self.styles.get(style.get(W + "val", "")) if style is not None else None
        if numbering is None:
            return by_style if by_style else (None, 0)
        num = numbering.find(W + "numId")
        level = numbering.find(W + "ilvl")
        num_id = num.get(W + "val") if num is not None else (by_style[0] if by_style else None)
        at = min(_integer(level, by_style[1] if by_style else 0), _LEVELS - 1)
        return (None if num_id == "0" else num_id), at


def read_numbering(root: Any | None, styles: Any | None) -> Numbering:
    """The list definitions of `numbering.xml` (`root`) and of the styles part (`styles`)."""
    numbering = Numbering()
    linked: dict[str, str] = {}  # abstractNumId -> the numbering style its levels are in
    styled: dict[str, str] = {}  # numbering style -> the abstractNumId that defines it
    if root is not None:
        for abstract in root.iter(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId", "")
            for tag, into in (("numStyleLink", linked), ("styleLink", styled)):
                link = abstract.find(W + tag)
                if link is not None and link.get(W + "val"):
                    key, value = (abstract_id, link.get(W + "val", "")) if into is linked \
                        else (link.get(W + "val", ""), abstract_id)
                    into[key] = value
            numbering.levels[abstract_id] = {
                _integer(lvl, 0, "ilvl"): _level(lvl) for lvl in abstract.findall(W + "lvl")}
        for num in root.iter(W + "num"):
            abstract_id = num.find(W + "abstractNumId")
            overrides = {_integer(o, 0, "ilvl"): _integer(o.find(W + "startOverride"), 1)
                         for o in num.findall(W + "lvlOverride")
                         if o.find(W + "startOverride") is not None}
            numbering.instances[num.get(W + "numId", "")] = (
                abstract_id.get(W + "val", "") if abstract_id is not None else "", overrides)
            redefined = {_integer(o, 0, "ilvl"): _level(o.find(W + "lvl"))
                         for o in num.findall(W + "lvlOverride") if o.find(W + "lvl") is not None}
            if redefined:
                numbering.redefined[num.get(W + "numId", "")] = redefined
    if styles is not None:
        for style in styles.iter(W + "style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            num = num_pr.find(W + "numId") if num_pr is not None else None
            if num is not None and num_pr is not None:
                numbering.styles[style.get(W + "styleId", "")] = (
                    num.get(W + "val", ""), _integer(num_pr.find(W + "ilvl"), 0))
    # a list made with a numbering style ('1 / a / i' in Word's gallery) has an abstract
    # definition without levels that names the style (numStyleLink); the style's own list, or
    # the definition that says it defines the style (styleLink), holds the levels and the count
    for num_id, (abstract, overrides) in list(numbering.instances.items()):
        style = linked.get(abstract)
        if style is None:
            continue
        by_style = numbering.styles.get(style)
        target = styled.get(style) or (numbering.instances.get(by_style[0], ("", {}))[0]
                                       if by_style else "")
        if target and target != abstract:
            numbering.instances[num_id] = (target, overrides)
    return numbering


def _level(lvl: Any) -> _Level:
    start, fmt, text = (lvl.find(W + tag) for tag in ("start", "numFmt", "lvlText"))
    return _Level(_integer(start, 1), fmt.get(W + "val", "decimal") if fmt is not None
                  else "decimal", text.get(W + "val", "") if text is not None else "")


def _integer(element: Any | None, default: int, attribute: str = "val") -> int:
    value = element.get(W + attribute) if element is not None else None
    if value is None or not re.fullmatch(r"\d{1,6}", value):
        return default
    return int(value) if attribute != "ilvl" else min(int(value), _LEVELS - 1)


def formatted(number: int, kind: str) -> str:
    """A count as Word writes it in the list's number format."""
    if kind == "decimalZero":
        return f"{number:02d}"
    if kind in ("lowerLetter", "upperLetter") and number > 0:
        # Word's letters: a..z, then aa..zz, aaa..
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if kind == "upperLetter" else letter
    if kind in ("lowerRoman", "upperRoman") and 0 < number < 4000:
        roman, left = "", number
        for value, digits in _ROMAN:
            while left >= value:
                roman, left = roman + digits, left - value
        return roman.upper() if kind == "upperRoman" else roman
    return str(number)
