"""The checker's patterns that scan the whole manuscript (blanking code, comments, URLs, link
targets and maths; finding pandoc citations and numbered markers) are written so that `re` can
skip to their first character: no lookbehind, optional part or case-insensitive letter comes
first. Each must find exactly what its plain form (kept here, as the comments next to the
patterns give them) finds."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repropub.citations import keyed, numbered, source

_KEY = r"(?:\{(?P<keyb>[^{}\n]+)\}|(?P<key>[\w](?:[\w]|[:.#$%&+?<>~/-](?=[\w]))*))"
_N = r"\d{1,4}"
_LIST = (rf"{_N}(?:\s*[-\u2010\u2011\u2013\u2014]\s*{_N})?"
         rf"(?:\s*[,;]\s*{_N}(?:\s*[-\u2010\u2011\u2013\u2014]\s*{_N})?)*")
_SHORT_LIST = _LIST.replace(_N, r"\d{1,3}")
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"

PLAIN = {
    (source, "_INLINE_CODE"): re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S),
    (source, "_URL"): re.compile(
        r"<?(?:https?|ftp)://[^\s<>)\]]*>?|<?www\.[^\s<>)\]]+>?|doi:\S+", re.I),
    (source, "_LINK_TARGET"): re.compile(
        r"(?<=\])\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"),
    (source, "_MATH"): re.compile(
        r"\$\$.*?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])", re.S),
    (keyed, "_BRACKET"): re.compile(
        r"(?<![\\!\]])\[(?P<body>[^\[\]]*?(?<![\w\\])-?@[^\[\]]*)\](?!\(|\{)"),
    (keyed, "_IN_TEXT"): re.compile(
        r"(?<![\w\\@\[])@" + _KEY + r"(?P<loc>[ \t]+\[(?P<locbody>[^\[\]@\n]*)\])?"),
    (numbered, "_BRACKET"): re.compile(
        rf"(?<![\w\]!\\^])\[\s*(?P<list>{_LIST})"
        r"(?:\s*,\s*(?!(?:and|or|e|y|et|und|ou|o)\b)(?:§|[^\W\d_]{1,12}\.?)\s*"
        r"[\d(§IVXivxA-Z][^\[\]\n]{0,30}?)?"
        rf"\s*\](?![(\[{{:])"),
    (numbered, "_STUCK"): re.compile(
        rf"(?<=[^\W\d_A-Z]{{3}})\[\s*(?P<list>{_LIST})\s*\](?![(\[{{:])"),
    (numbered, "_PAREN"): re.compile(
        rf"(?<![\w(])\(\s*(?P<list>{_SHORT_LIST})\s*\)(?!\s*[=:])"),
    (numbered, "_UNICODE"): re.compile(
        rf"(?P<list>[{_SUPERSCRIPTS}]+(?:(?:[\u207b,\u02d2] ?|[-\u2010\u2011\u2013])"
        rf"[{_SUPERSCRIPTS}]+)*)"),
}

# what each pattern finds, and the characters that may stand before it (every character its
# lookbehinds name, and those re.I folds onto ASCII letters: the long s, the Turkish i's), to be
# put side by side in every order
BODIES = ["(1)", "( 12, 3 )", "(2010)", "[1-3]", "[ 1,2 ]", "[1, p. 5]", "[2, Fig. (3)]",
          "[1, and 3]", "[1]:", "[1](", "[@key]",
          "[see @a, p. 2; -@b]", "@key", "@{A B}", "-@key", "@key [p. 4]", "$x$", "$ x$",
          "$$y$$", "$$\nz\n$$", "`c`", "``a`b``", "```", "<http://a.b/c>", "HTTPS://x.y",
          "hTtP\u017f://x", "ftp://f", "www.x.y", "WwW.y", "<WwW.z>", "Doi:z", "doi:10.1/2",
          "DO\u0130:x", "dO\u0131:y", "](u)", "](u \"t\")", "\u00b9", "\u00b2\u207b\u00b3",
          "\u00b9\u02d2 \u00b3",
          "\u00b9\u02d2\u2070"]
CONTEXT = ["\\", "!", "]", "[", "^", "(", ")", "@", "$", "`", "x", "X", "1", "abc", "aBc", "_",
           "-", ".", "/", ":", "=", "{", "<", ">", " ", "\t", "\n", "\n\n", "\u2013", ",", ";", '"',
           "\u00e9"]
# and single characters, so that every one of them meets every other
CHARACTERS = "[]()@\\!^-x1 ,;\n`$<>:/.hH\u017fdw\u00b9\u207b\u02d2{}=_\u2013"


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    """Each match's span and the spans of its groups."""
    return [tuple(m.span(g) for g in range(pattern.groups + 1)) for m in pattern.finditer(text)]


def assert_same(text: str) -> None:
    for (module, name), plain in PLAIN.items():
        fast = getattr(module, name)
        assert spans(fast, text) == spans(plain, text), f"{module.__name__}.{name}"


@settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BODIES + CONTEXT), max_size=16).map("".join))
def test_each_fast_pattern_finds_what_its_plain_form_finds(text: str) -> None:
    assert_same(text)


@settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(CHARACTERS), max_size=24))
def test_each_fast_pattern_finds_what_its_plain_form_finds_character_by_character(
        text: str) -> None:
    assert_same(text)


def test_the_fast_patterns_find_in_an_article_what_the_plain_ones_find() -> None:
    text = ("See <https://example.org/a_(b)> and WWW.Example.com, doi:10.1000/xyz or "
            "[the data](https://data.example/x \"title\"), where $x$ costs $5 and $$\ny\n$$; "
            "run `a ``b`` c` or ``x`y``, not a$b$. As @smith2010 [p. 4] shows [see @doe2001; "
            "-@roe2003, ch. 2], and [1, 3-5] (2) and\u00b9\u207b\u00b3 say, not A[1] or "
            "f(2) or e-mail a@b.org.\n")
    assert_same(text)
    assert len(spans(source._URL, text)) == 4
    assert len(spans(source._MATH, text)) == 2
    assert len(spans(keyed._BRACKET, text)) == 1
    assert len(spans(keyed._IN_TEXT, text)) == 3  # the bracket's keys are found inside it
    assert len(spans(numbered._BRACKET, text)) == 1
    assert len(spans(numbered._PAREN, text)) == 1
    assert len(spans(numbered._UNICODE, text)) == 1
