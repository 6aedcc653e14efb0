"""The numbers a manuscript gives its own displayed equations: in a manuscript that cites '(3)',
'substituting (3) into (4)' names two of them, not references 3 and 4.

Takes the manuscript's text and gives the set of its equation numbers: pandoc's labelled display
math (`$$ ... $$ {#eq:id}`), numbered in order as numbering.lua numbers it (a converter to Word
or OpenDocument leaves the label alone in the paragraph after the formula, which counts the
same); the number a formula gives itself (`\\tag{3}`, `\\qquad (3)` or two spaces and `(3)` at
its end, Word's `#(3)`, `(3)` after its closing `$$`); and a line that ends in a tab and `(3)`,
as a Word equation set against a right tab stop does.
"""

from __future__ import annotations

import re

_LABEL = re.compile(r"\{#eq:[^}\s]+[^}\n]*\}")
# the display math's own number: a '\tag{3}', or a '(3)' after a spacing command at its end
_DISPLAY = re.compile(r"\$\$(?P<body>[^$]*)\$\$(?:[ \t]*\((?P<after>\d{1,3})\)[ \t]*$)?", re.M)
_TAG = re.compile(r"\\tag\*?\{\s*(?P<n>\d{1,3})\s*\}")
_LAST = re.compile(r"(?:\\q?quad|\\hfill|\\[,;:!]|~|#|\s{2})\s*"
                   r"\((?P<n>\d{1,3})\)\s*$")
_TABBED = re.compile(r"\t[ \t]*\((?P<n>\d{1,3})\)[ \t]*$", re.M)


def equation_numbers(text: str) -> frozenset[int]:
    """The numbers of the manuscript's displayed equations (see the module's docstring)."""
    numbers = set(range(1, len(_LABEL.findall(text)) + 1))
    for display in _DISPLAY.finditer(text):
        body = display.group("body")
        own = _TAG.search(body) or _LAST.search(body)
        for found in (own.group("n") if own else None, display.group("after")):
            if found:
                numbers.add(int(found))
    numbers.update(int(m.group("n")) for m in _TABBED.finditer(text))
    return frozenset(numbers)
