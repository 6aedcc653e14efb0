"""Fuzzing the readers of untrusted text: any .bib, any front matter, any body gives a result
or a clean `PipelineError` (one line with file and line), never a crash or a hang."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repropub.bibliography import Bibliography, Entry, Name, load_bibliography
from repropub.checker import check
from repropub.errors import InputError, InputErrors, PipelineError
from repropub.limits import DEFAULT_LIMITS, check_front_matter, check_markdown
from repropub.manuscript import Manuscript
from repropub.metadata import ArticleMetadata, build_metadata, key_lines, parse_front_matter

BIB_PIECES = st.sampled_from([
    "@book{", "@article{", "@string{", "@preamble{", "@comment{", "@misc(", "key,", "k2,",
    "author = ", "title = ", "year = ", "crossref = ", "xdata = ", "{", "}", "(", ")", '"',
    " # ", "s1", "and ", "Smith, J.", "2010", ",", "=", "\n", "\\", "\\&", "%", "@", "\r\n",
    "{{NATO}}", "é", "\t",
])
FRONT_PIECES = st.sampled_from([
    "title: ", "authors:\n", "  - family: ", "    given: ", "doi: ", "10.1234/x", "orcid: ",
    "history:\n  published: ", "2024-02-30", "2024-05-06", "&a ", "*a", "[", "]", "{", "}",
    "? ", ": ", "- ", "\n", "  ", "'", '"', "!!python/object:os.system ", "!!binary ", "<<: ",
    "first-page: ", "last-page: ", "3", "license:\n  url: ", "javascript:x", "keywords: ",
])
BODY_PIECES = st.sampled_from([
    "> ", "- ", "1. ", "  ", "\t", "[", "]", "(", ")", "::: {.x}\n", ":::\n", "<div>", "</div>",
    "<br/>", "`", "```\n", "\\[", "\n", "\n\n", "@key", "word ", "(Smith, 2010)", "et al. ",
])
BIB = Bibliography(Path("refs.bib"), (
    Entry("smith2010", "article", 1, (Name("Smith", "J."), Name("Jones", "K.")), "2010"),
))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(BIB_PIECES, st.text(max_size=6)), max_size=30))
def test_any_bib_text_loads_or_fails_cleanly(parts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "references.bib"
        path.write_text("".join(parts), encoding="utf-8")
        try:
            bibliography = load_bibliography(path, timeout=20)
        except InputErrors as errors:
            assert errors.errors
            assert all(str(e).startswith(str(path)) for e in errors.errors)
            return
        except InputError as error:
            assert str(error).startswith(str(path))
            return
        assert len(set(bibliography.keys)) == len(bibliography.keys)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(FRONT_PIECES, st.text(max_size=6)), max_size=40))
def test_any_front_matter_gives_metadata_or_a_field_error(parts: list[str]) -> None:
    text = "".join(parts)
    path = Path("manuscript.md")
    try:
        check_front_matter(text, path, 2, DEFAULT_LIMITS)
        data = parse_front_matter(text, path, first_line=2)
        metadata = build_metadata(data, key_lines(text, first_line=2), path)
    except PipelineError as error:
        assert str(error).startswith(str(path))
        assert "\n" not in str(error) or isinstance(error, InputErrors)
        return
    assert metadata.title


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "doi", "url", "authors", "history",
                                        "first-page", "last-page", "keywords", "license",
                                        "copyright", "journal", "lang"]),
                       st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                                    lambda inner: st.lists(inner, max_size=3)
                                    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                                    max_leaves=8)))
def test_any_field_values_give_metadata_or_a_field_error(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data)
    path = Path("manuscript.md")
    try:
        parsed = parse_front_matter(text, path, first_line=2)
        build_metadata(parsed, key_lines(text, first_line=2), path)
    except PipelineError as error:
        assert str(error).startswith(str(path))


@settings(max_examples=200, deadline=2000)
@given(st.lists(BODY_PIECES, max_size=60), st.integers(min_value=1, max_value=400))
def test_any_body_is_measured_and_checked_quickly(parts: list[str], repeat: int) -> None:
    body = "".join(parts) * (1 + repeat // max(len(parts), 1))
    path = Path("m.md")
    try:
        check_markdown(body, path, 1, DEFAULT_LIMITS)
    except PipelineError as error:
        assert str(error).startswith(f"{path}:")
        return
    check(Manuscript(path, body, body, 1, ArticleMetadata(title="T")), BIB)
