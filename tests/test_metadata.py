"""Front-matter validation: every bad field stops the build with the field's name and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from repropub.errors import MetadataError
from repropub.manuscript import Manuscript, read_manuscript
from repropub.metadata import ArticleMetadata

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def error_for(case: str) -> MetadataError:
    path = FIXTURES / case / "manuscript.md"
    with pytest.raises(MetadataError) as caught:
        read_manuscript(path)
    assert caught.value.path == path
    assert "Traceback" not in str(caught.value)
    return caught.value


def test_flagship_metadata_is_typed(manuscript: Manuscript) -> None:
    meta = manuscript.metadata
    assert isinstance(meta, ArticleMetadata)
    assert (meta.volume, meta.issue, meta.first_page, meta.last_page) == ("4", "9", "57", "62")
    assert meta.pages == "57\u201362"
    assert meta.doi_url == "https://doi.org/10.55559/sjahss.v4i9.577"
    assert meta.history.published == dt.date(2025, 11, 29)
    assert meta.year == 2025
    [author] = meta.authors
    assert (author.name, author.initials, author.corresponding) == (
        "Mohammed Kabeer Garba", "M. K.", True)
    assert [a.display for a in author.affiliations] == ["ECOWAS Parliament, Abuja, Nigeria"]
    assert meta.running_title == "Ukraine's Security Architecture After Ceasefire"
    assert meta.license is not None and meta.license.url.endswith("/by/4.0/")


def test_minimal_fixture_is_valid_with_a_correct_orcid() -> None:
    meta = read_manuscript(FIXTURES / "minimal" / "manuscript.md").metadata
    assert meta.authors[0].orcid == "0000-0002-1825-0097"
    assert meta.lang == "en-GB"
    assert meta.history.published == dt.date(2024, 2, 29)


def test_doi_given_as_a_url_names_the_doi_field_and_line() -> None:
    error = error_for("metadata-bad-doi")
    assert error.line == 6
    assert "'doi'" in error.message
    assert "https://doi.org/10.5555/12345" in error.message


def test_impossible_date_names_the_date_field_and_line() -> None:
    error = error_for("metadata-impossible-date")
    assert "'history.received'" in error.message
    assert "2024-13-45" in error.message
    assert error.line == 7


def test_quoted_impossible_date_names_the_field(tmp_path: Path) -> None:
    source = (FIXTURES / "metadata-impossible-date" / "manuscript.md").read_text(encoding="utf-8")
    path = tmp_path / "manuscript.md"
    path.write_text(source.replace("2024-13-45", '"2024-13-45"'), encoding="utf-8")
    with pytest.raises(MetadataError) as caught:
        read_manuscript(path)
    assert caught.value.line == 7
    assert "'history.received'" in caught.value.message


def test_last_page_before_first_page_names_last_page() -> None:
    error = error_for("metadata-pages-reversed")
    assert error.line == 5
    assert "'last-page'" in error.message
    assert "57" in error.message and "62" in error.message


def test_orcid_with_wrong_check_digit_names_the_author_and_line() -> None:
    error = error_for("metadata-bad-orcid")
    assert error.line == 8
    assert "'authors[1].orcid'" in error.message
    assert "check digit" in error.message


def test_missing_title_names_the_title_field() -> None:
    error = error_for("metadata-missing-title")
    assert "'title'" in error.message
    assert "required" in error.message


@pytest.mark.parametrize(("field", "value", "line", "words"), [
    ("url", "ftp://example.org/article", 3, "http(s) URL"),
    ("keywords", "{a: 1}", 3, "list"),
    ("authors", "just a name", 3, "list of mappings"),
])
def test_other_malformed_fields_name_field_and_line(tmp_path: Path, field: str, value: str,
                                                    line: int, words: str) -> None:
    path = tmp_path / "manuscript.md"
    path.write_text(f"---\ntitle: T\n{field}: {value}\n---\n\nText.\n", encoding="utf-8")
    with pytest.raises(MetadataError) as caught:
        read_manuscript(path)
    assert caught.value.line == line
    assert f"'{field}'" in caught.value.message
    assert words in caught.value.message


def test_author_naming_an_unknown_affiliation_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "manuscript.md"
    path.write_text("---\ntitle: T\nauthors:\n  - family: X\n    affiliations: [nowhere]\n---\n",
                    encoding="utf-8")
    with pytest.raises(MetadataError, match="'nowhere'") as caught:
        read_manuscript(path)
    assert caught.value.line == 5


def test_yaml_syntax_error_gives_its_manuscript_line(tmp_path: Path) -> None:
    path = tmp_path / "manuscript.md"
    path.write_text("---\ntitle: T\nabstract: [unclosed\nvolume: 1\n---\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="not valid YAML") as caught:
        read_manuscript(path)
    assert caught.value.line is not None and caught.value.line >= 3


def front(tmp_path: Path, yaml_text: str) -> Path:
    path = tmp_path / "manuscript.md"
    path.write_text(f"---\ntitle: T\n{yaml_text}---\n\nBody.\n", encoding="utf-8")
    return path


def test_affiliations_are_numbered_in_order_of_first_appearance_not_of_listing() -> None:
    meta = read_manuscript(FIXTURES / "whole-paper" / "manuscript.md").metadata
    assert [a.id for a in meta.affiliations] == ["kings", "npl", "postoffice"]
    flowers = meta.authors[2]
    assert [meta.affiliation_number(a) for a in flowers.affiliations] == [2, 3]
    assert [a.family for a in meta.authors_of(meta.affiliations[0])] == ["Turing", "Clarke"]


def test_credit_roles_are_recognised_however_they_are_written() -> None:
    meta = read_manuscript(FIXTURES / "whole-paper" / "manuscript.md").metadata
    assert [r.slug for r in meta.authors[0].credit] == [
        "conceptualization", "methodology", "writing-original-draft"]
    assert [r.term for r in meta.authors[1].credit] == ["Formal analysis", "Software"]


def test_unknown_credit_role_names_the_field_line_and_the_nearest_role(tmp_path: Path) -> None:
    path = front(tmp_path, "authors:\n  - family: X\n    credit: [Conceptualisation]\n")
    with pytest.raises(MetadataError) as caught:
        read_manuscript(path)
    assert caught.value.line == 5
    assert "'authors[0].credit'" in caught.value.message
    assert "did you mean 'Conceptualization'" in caught.value.message


def test_funder_id_must_be_a_funder_registry_doi(tmp_path: Path) -> None:
    path = front(tmp_path, "funding:\n  - funder: F\n    funder-id: 10.5555/x\n")
    with pytest.raises(MetadataError) as caught:
        read_manuscript(path)
    assert "'funding[0].funder-id'" in caught.value.message
    assert caught.value.line == 5


def test_funding_statement_lists_funders_and_awards(tmp_path: Path) -> None:
    path = front(tmp_path, "funding:\n  - funder: A\n    award: [1, 2]\n  - funder: B\n")
    meta = read_manuscript(path).metadata
    assert meta.funding_statement == "This work was funded by A (grants 1, 2) and B."


def test_front_matter_reads_the_same_with_libyaml_as_with_pyyaml() -> None:
    """The front matter is read by libyaml's parser for speed; every fixture's front matter
    (values and each field's line) is what PyYAML's own parser reads."""
    import yaml

    from repropub import front_yaml

    assert hasattr(yaml, "CSafeLoader")  # the pinned PyYAML wheels carry libyaml
    read = 0
    for path in sorted(Path(__file__).resolve().parent.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not text.startswith("---\n") or "\n---" not in text[3:]:
            continue
        front = text[4:text.index("\n---", 3) + 1]
        try:
            expected = yaml.load(front, Loader=front_yaml.Loader)
        except (yaml.YAMLError, ValueError):
            continue
        assert yaml.load(front, Loader=front_yaml.FastLoader) == expected, path
        nodes = yaml.compose(front, Loader=yaml.SafeLoader)
        fast = yaml.compose(front, Loader=front_yaml.FAST_SAFE_LOADER)
        assert [(e.start_mark.line, e.start_mark.column) for e in _nodes(fast)] == \
            [(e.start_mark.line, e.start_mark.column) for e in _nodes(nodes)], path
        read += 1
    assert read > 50


def _nodes(node: object) -> list[Any]:
    import yaml

    found: list[Any] = [node]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += [*_nodes(key), *_nodes(value)]
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _nodes(item)
    return found
