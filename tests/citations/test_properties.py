"""Any manuscript text gives citations and findings or a clean error, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from repropub.bibliography import Bibliography, Entry, Name
from repropub.checker import _Shifts, _Within, check
from repropub.citations.fixes import Fix, compatible, overlap
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


FIXES = st.lists(st.builds(
    lambda start, length, text: Fix(start, start + length, text),
    st.integers(0, 30), st.integers(0, 4), st.sampled_from(["", "x", "yz"])), max_size=25)


@settings(max_examples=300, deadline=None)
@given(FIXES)
def test_compatible_fixes_are_those_overlapping_none_taken_before(fixes):
    # the definition, compared with every fix taken so far
    taken: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, -(f.end - f.start))):
        if not any(overlap(fix, t) for t in taken):
            taken.append(fix)
    assert compatible(fixes) == taken


@settings(max_examples=300, deadline=None)
@given(FIXES, st.integers(0, 40))
def test_an_offset_moves_by_the_fixes_ending_at_or_before_it(fixes, offset):
    shifted = offset + sum(len(f.replacement) - (f.end - f.start) for f in fixes
                           if f.end <= offset)
    assert _Shifts(fixes)(offset) == shifted


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=15),
       st.integers(0, 30), st.integers(0, 30))
def test_a_fix_lies_within_spans_when_one_span_holds_it_whole(spans, start, end):
    held = any(s <= start and end <= e for s, e in spans)
    assert _Within(spans)(start, end) is held
