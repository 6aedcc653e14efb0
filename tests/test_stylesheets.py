"""What a stylesheet loads: a text without any of the characters a reference is written with
is not tokenised, and that never hides a reference tinycss2 would find."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinycss2
from hypothesis import given, settings
from hypothesis import strategies as st

from repropub.stylesheets import _walk, css_references

REPO = Path(__file__).resolve().parents[1]


def tokenised(text: str) -> list[tuple[str, int, int]]:
    """The references tinycss2's tokens give, without the shortcut."""
    return [(r.url, r.line, r.column)
            for r in _walk(tinycss2.parse_component_value_list(text, skip_comments=True))]


def found(text: str) -> list[tuple[str, int, int]]:
    return [(r.url, r.line, r.column) for r in css_references(text)]


@pytest.mark.parametrize("text", [
    "a { background: url(x.png) }",
    "a { background: URL( 'x.png' ) }",
    "a { background: \\75 rl(x.png) }",
    "a { background: u\\72l(x.png) }",
    "@import 'x.css';",
    "@IMPORT url(x.css) screen;",
    "@\\69mport 'x.css';",
    "@font-face { src: local(x), SRC('f.woff2') format('woff2') }",
    "a { background: -webkit-image-set('a.png' 1x, 'b.png' 2x) }",
    "@media print { a { background: Image-Set(\"a.png\" 1x) } }",
    "/* url(hidden.png) */ a { color: red }",
    "a { content: 'url(not-a-reference)' }",
])
def test_references_are_those_tinycss2_finds(text: str) -> None:
    assert found(text) == tokenised(text)


def test_the_print_stylesheet_loads_nothing() -> None:
    text = (REPO / "templates" / "print.css").read_text(encoding="utf-8")
    assert found(text) == tokenised(text) == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="urlURL()@importIMPORTsrcSRCimage-set\\\"' {};:/*x.7250", max_size=40))
def test_no_text_hides_a_reference_from_the_shortcut(text: str) -> None:
    assert found(text) == tokenised(text)
