"""Any manuscript text gives citations and findings or a clean error, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from repropub.bibliography import Bibliography, Entry, Name
from repropub.checker import check
from repropub.citations.keyed import find_keyed
from repropub.citations.typed import find_typed
from repropub.manuscript import Manuscript
from repropub.metadata import ArticleMetadata

PIECES = st.sampled_from([
    "Smith", "Jones", "et al.", " and ", " & ", ", ", "; ", "(", ")", "[", "]", "2010", "2010a",
    "n.d.", "in press", "p. 2", "pp. 2-5", "'s", "@smith2010", "von ", "Şener", "\n", "\n\n",
    "# References\n", "Smith, J. (2010). T.\n", "`code`", "e.g., ", "CRS", "[CRS]", " ",
])
BIB = Bibliography(Path("refs.bib"), (
    Entry("smith2010", "article", 1, (Name("Smith", "J."), Name("Jones", "K.")), "2010"),
    Entry("sener2010", "article", 8, (Name("Şener", "M."),), "2010a"),
))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40))
def test_any_text_gives_findings_with_valid_positions(parts):
    body = "".join(parts)
    manuscript = Manuscript(Path("m.md"), body, body, 1, ArticleMetadata(title="T"))
    result = check(manuscript, BIB)
    lines = body.split("\n")
    for citation in result.citations:
        assert 1 <= citation.line <= len(lines)
        assert 1 <= citation.col <= len(lines[citation.line - 1]) + 1
        assert body[citation.start:citation.end] == citation.text
    for finding in result.findings:
        assert finding.line >= 1 and finding.col >= 1


@given(st.text(max_size=200))
def test_finders_never_crash(text):
    find_keyed(text)
    find_typed(text)
