"""The patterns that blank code, comments, URLs, link targets and maths before the citations are
read are written so that `re` can skip to their first character; they must find exactly what
the plain patterns (kept here, as the comments in `repropub.citations.source` give them) find."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repropub.citations import source

PLAIN = {
    "_INLINE_CODE": re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S),
    "_URL": re.compile(r"<?(?:https?|ftp)://[^\s<>)\]]*>?|<?www\.[^\s<>)\]]+>?|doi:\S+", re.I),
    "_LINK_TARGET": re.compile(
        r"(?<=\])\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"),
    "_MATH": re.compile(r"\$\$.*?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])", re.S),
}

# pieces that start, end or break what the patterns look for, in both cases and with the
# characters re.I folds onto ASCII letters (the long s, the Turkish i's)
PIECES = ["<", ">", "http", "HTTPS", "hTtP\u017f", "ftp", "FTP", "://", "www.", "WwW.", "doi:",
          "DO\u0130:", "dO\u0131:", "h", "w", "d", "f", "x", "a1", " ", "\t", "\n", "\n\n",
          "(", ")", "[", "]", "](", '"', "`", "``", "```", "$", "$$", "\\", "_", "-", ".", "é",
          "2010"]


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_each_fast_pattern_finds_what_the_plain_pattern_finds(text: str) -> None:
    for name, plain in PLAIN.items():
        assert spans(getattr(source, name), text) == spans(plain, text), name


def test_the_fast_patterns_find_urls_maths_code_and_link_targets_in_an_article() -> None:
    text = ("See <https://example.org/a_(b)> and WWW.Example.com, doi:10.1000/xyz or "
            "[the data](https://data.example/x \"title\"), where $x$ costs $5 and $$\ny\n$$; "
            "run `a ``b`` c` or ``x`y``, not a$b$.\n")
    for name, plain in PLAIN.items():
        assert spans(getattr(source, name), text) == spans(plain, text), name
    assert len(spans(source._URL, text)) == 4
    assert len(spans(source._MATH, text)) == 2
