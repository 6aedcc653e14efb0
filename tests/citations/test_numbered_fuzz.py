"""Fuzzing the numbered-citation recogniser and the numbered reference list: any body of
markers, ranges (backwards, huge, unclosed), superscripts and lists, with the manuscript's own
list or a .bib, gives findings or a clean `PipelineError`, never a traceback or a hang."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repropub import reflist
from repropub.bibliography import Bibliography, Entry, Name
from repropub.checker import check
from repropub.errors import PipelineError
from repropub.manuscript import Manuscript
from repropub.metadata import ArticleMetadata

MARKERS = st.sampled_from([
    "[1]", "[2]", "[3]", "[2-4]", "[1, 3\u20135]", "[5\u20132]", "[0]", "[-1]", "[99999999999]",
    "[1-99999999999]", "[1\u20133, 2\u201399999999]", "[1,,2]", "[1-]", "[-3]", "[1;2]", "[ 1 ]",
    "^1^", "^1,2^", "^3-^", "^1-999999999^", "¹", "²³", "⁴⁻⁶", "¹⁻⁹⁹⁹⁹⁹⁹⁹⁹", "(1)", "(2, 3)",
    "(1\u201399999999)", "Eq. (2)", "Figure (3)", "<sup>1</sup>", "<sup>2\u20134</sup>", "<sup>",
    "</sup>", "`[1]`", "<!-- [1] -->", "[", "]", "(", ")", "-", "\u2013", ",", ";", "^",
])
WORDS = st.sampled_from(["Growth ", "slowed ", "et al. ", "Finch ", "2015 ", "as shown ",
                         "\n", "\n\n", "> ", "- ", "1. ", "# ", "| a | b |\n", "\u00a0"])
ITEMS = st.lists(st.tuples(
    st.sampled_from(["1.", "2.", "3.", "10.", "0.", "[1]", "[2]", "-1.", "", "1)", "99999999."]),
    st.sampled_from(["Finch, A. (2015). Birds. Nature, 1, 1-2.", "A. Finch, \"Birds,\" 2015.",
                     "Moss B, Lark C. Trees. Science. 2019;3:4.", "", "et al.", "(2015)",
                     "Finch", "https://doi.org/10.1/x", "[1]"])), max_size=8)
HEADINGS = st.sampled_from(["## References", "References", "# Bibliography", "## Notes",
                            "Literature Cited", ""])
BIB = Bibliography(Path("refs.bib"), tuple(
    Entry(key, "article", line, (Name(family, "A."),), year)
    for line, (key, family, year) in enumerate((("finch2015", "Finch", "2015"),
                                                ("moss2019", "Moss", "2019"),
                                                ("lark2020", "Lark", "2020")), 1)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(st.one_of(MARKERS, WORDS), max_size=40), heading=HEADINGS, items=ITEMS,
       own_list=st.booleans())
def test_any_numbered_body_and_list_gives_findings_or_a_clean_error(
        body: list[str], heading: str, items: list[tuple[str, str]], own_list: bool) -> None:
    text = "".join(body) + f"\n\n{heading}\n\n" + "\n".join(f"{n} {t}" for n, t in items) + "\n"
    manuscript = Manuscript(Path("m.md"), text, text, 1, ArticleMetadata(title="T"))
    try:
        bibliography = reflist.parse_reference_list(manuscript) if own_list else BIB
        result = check(manuscript, bibliography)
    except PipelineError as error:
        assert str(error).startswith("m.md") and "\n" not in str(error), str(error)
        return
    for finding in result.findings:
        assert finding.code and finding.message
