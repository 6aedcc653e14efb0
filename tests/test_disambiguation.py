"""Given-name disambiguation skipped only when the output is provably the same: each case renders
its body with real pandoc twice, with the style as published and with the style pandoc is given,
and the two must agree byte for byte."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import html

from repropub.bibliography import Bibliography, load_bibliography
from repropub.body import RenderedBody, render_body
from repropub.disambiguation import (
    body_style,
    derived_style,
    given_name_rule,
    needs_given_names,
)
from repropub.manuscript import Manuscript, read_manuscript
from repropub.styles import resolve

FIXTURES = Path(__file__).resolve().parent / "fixtures"
APA = resolve("apa").path
BY_CITE = resolve("harvard").path
"""Cite Them Right Harvard: given names added by cite (the rule CSL assumes when none is named)."""


def project(case: str) -> tuple[Manuscript, Bibliography]:
    folder = FIXTURES / f"disambiguation-{case}"
    return (read_manuscript(folder / "manuscript.md"),
            load_bibliography(folder / "references.bib"))


def rendered(manuscript: Manuscript, bibliography: Bibliography, csl: Path) -> RenderedBody:
    return render_body(manuscript, manuscript.body, bibliography, csl, timeout=120)


def citations(body: RenderedBody) -> list[str]:
    page = html.fragment_fromstring(body.html, create_parent="div")
    return [" ".join(span.text_content().split())
            for span in page.xpath("//span[@class='citation']")]


@pytest.mark.parametrize(("case", "style"), [
    ("distinct", APA),
    ("same-work-year", APA),
    ("et-al", APA),
    ("coauthor-surname", APA),
    ("same-initials", APA),
    ("distinct", BY_CITE),
    ("same-work-year", BY_CITE),
])
def test_style_without_given_name_step_renders_the_same_bytes(case: str, style: Path,
                                                               tmp_path: Path) -> None:
    manuscript, bibliography = project(case)
    chosen = body_style(style, bibliography, tmp_path)
    assert chosen != style, "the given-name step is skipped here"
    assert given_name_rule(chosen) is None
    assert rendered(manuscript, bibliography, chosen) == rendered(manuscript, bibliography, style)


def test_year_suffixes_and_added_names_still_tell_works_apart(tmp_path: Path) -> None:
    manuscript, bibliography = project("same-work-year")
    body = rendered(manuscript, bibliography, body_style(APA, bibliography, tmp_path))
    # the suffixes follow the reference list's order (by title), not the citation's
    assert citations(body)[:2] == ["(Brown, 2010b, 2010a)", "(Brown, 2011)"]
    manuscript, bibliography = project("et-al")
    body = rendered(manuscript, bibliography, body_style(APA, bibliography, tmp_path))
    assert citations(body) == ["(Garcia, Novak, et al., 2019b; Garcia, Singh, et al., 2019)",
                               "Garcia, Singh, et al. (2019)", "(Garcia, Novak, et al., 2019a)"]


def test_two_authors_sharing_a_surname_keep_the_given_name_step(tmp_path: Path) -> None:
    manuscript, bibliography = project("same-surname")
    assert body_style(APA, bibliography, tmp_path) == APA
    # and the step matters here: without it both would read "Smith"
    published = rendered(manuscript, bibliography, APA)
    assert citations(published)[0] == "(A. Smith, 2020; J. Smith, 2019)"
    without = rendered(manuscript, bibliography, _derived(APA, tmp_path))
    assert citations(without)[0] == "(Smith, 2020; Smith, 2019)"


def test_co_authors_sharing_a_surname_matter_only_to_rules_that_look_past_the_first_name(
        tmp_path: Path) -> None:
    _, bibliography = project("coauthor-surname")
    assert given_name_rule(APA) == "primary-name-with-initials"
    assert body_style(APA, bibliography, tmp_path) != APA
    assert given_name_rule(BY_CITE) == "by-cite"
    assert body_style(BY_CITE, bibliography, tmp_path) == BY_CITE


def test_one_surname_with_the_same_initials_matters_only_to_rules_that_add_full_names(
        tmp_path: Path) -> None:
    manuscript, bibliography = project("same-initials")
    assert body_style(APA, bibliography, tmp_path) != APA
    body = rendered(manuscript, bibliography, body_style(APA, bibliography, tmp_path))
    # APA cannot tell John from Jane Smith by initials: year suffixes do it (Jane's is first)
    assert citations(body)[:2] == ["(Smith, 2019b; Smith & Okafor, 2019)", "(Smith, 2019a)"]
    chicago = resolve("chicago-author-date").path
    assert given_name_rule(chicago) == "primary-name"
    assert body_style(chicago, bibliography, tmp_path) == chicago
    assert body_style(BY_CITE, bibliography, tmp_path) == BY_CITE


@pytest.mark.parametrize(("one", "other", "told_apart"), [
    ("John", "J.", False),
    ("J.A.", "John Adam", False),
    ("John", "Jane", False),
    ("John", "Anna", True),
    ("Jo.", "John", True),            # citeproc keeps "Jo." as written
    ("Jean-Paul", "Jean Paul", True),  # and initialises a hyphen its own way
    ("John", "", True),
])
def test_initials_are_compared_only_where_citeproc_certainly_makes_the_same(
        one: str, other: str, told_apart: bool) -> None:
    names = [{"author": [{"family": "Smith", "given": given}]} for given in (one, other)]
    names = [{"author": [{k: v for k, v in n["author"][0].items() if v}]} for n in names]
    assert needs_given_names(names, first_only=True, initials=True) is told_apart
    assert needs_given_names(names, first_only=True)


def test_style_that_never_adds_given_names_is_read_as_it_is(tmp_path: Path) -> None:
    _, bibliography = project("distinct")
    vancouver = resolve("vancouver").path
    assert given_name_rule(vancouver) is None
    assert body_style(vancouver, bibliography, tmp_path) == vancouver
    assert not (tmp_path / "csl").exists()


def test_derived_style_is_written_once_and_named_by_its_content(tmp_path: Path) -> None:
    _, bibliography = project("distinct")
    first = body_style(APA, bibliography, tmp_path)
    written = first.stat().st_mtime_ns
    again = body_style(APA, bibliography, tmp_path)
    assert again == first and again.stat().st_mtime_ns == written
    assert first.parent == tmp_path / "csl" and first.name.startswith("apa-")
    assert resolve(str(first)).apa  # still recognised as APA (narrative "and")


def test_without_a_cache_folder_the_derived_style_is_still_readable() -> None:
    _, bibliography = project("distinct")
    chosen = body_style(APA, bibliography, None)
    assert chosen != APA and chosen.read_bytes() == derived_style(APA)


def test_names_without_a_family_name_are_never_told_apart_by_the_fast_path() -> None:
    plato = {"author": [{"given": "Plato"}]}
    homer = {"author": [{"given": "Homer"}]}
    assert needs_given_names([plato, homer], first_only=True)
    assert not needs_given_names([plato, plato], first_only=True)


def test_a_particle_citeproc_may_move_does_not_hide_a_shared_surname() -> None:
    theo = {"author": [{"family": "van Gogh", "given": "Theo"}]}
    vincent = {"author": [{"family": "Gogh", "given": "Vincent",
                           "non-dropping-particle": "van"}]}
    assert needs_given_names([theo, vincent], first_only=True)


def _derived(style: Path, folder: Path) -> Path:
    path = folder / f"{style.stem}-without-given-names.csl"
    path.write_bytes(derived_style(style))
    return path


SURNAMES = {"Smith": "John", "Okafor": "Chidi", "Lee": "Min", "Novak": "Petr", "Haddad": "Rania"}
"""Each surname with the given name it usually has; now and then another one, or none, makes
two different people share it."""
NAME = st.builds(lambda family, given_name: f"{family}, {given_name}" if given_name else family,
                 st.sampled_from(sorted(SURNAMES)),
                 st.sampled_from(("usual",) * 5 + ("Jane", "J.", ""))).map(
    lambda name: name.replace("usual", SURNAMES[name.split(",")[0]]))
WORK = st.tuples(st.lists(NAME, min_size=1, max_size=4), st.sampled_from((2019, 2020)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(works=st.lists(WORK, min_size=2, max_size=6),
       style=st.sampled_from((APA, BY_CITE)), narrative=st.booleans())
def test_random_colliding_bibliographies_render_the_same_whichever_style_pandoc_reads(
        works: list[tuple[list[str], int]], style: Path, narrative: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        entries = [f"@article{{w{i},\n  author = {{{' and '.join(authors)}}},\n"
                   f"  title = {{Work {i}}},\n  journaltitle = {{J}},\n  date = {{{year}}},\n}}\n"
                   for i, (authors, year) in enumerate(works)]
        (folder / "references.bib").write_text("\n".join(entries), encoding="utf-8")
        cites = " ".join(f"@w{i} said [@w{i}; @w{(i + 1) % len(works)}]." if narrative
                         else f"[@w{i}]" for i in range(len(works)))
        (folder / "manuscript.md").write_text(f"---\ntitle: T\n---\n\n{cites}\n",
                                              encoding="utf-8")
        manuscript = read_manuscript(folder / "manuscript.md")
        bibliography = load_bibliography(folder / "references.bib")
        chosen = body_style(style, bibliography, folder / "cache")
        event("given-name step skipped" if chosen != style else "given-name step kept")
        if chosen != style:
            assert rendered(manuscript, bibliography, chosen) == \
                rendered(manuscript, bibliography, style)


def test_build_renders_the_body_with_the_derived_style_and_cites_the_published_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from repropub.config import Config
    from repropub.pipeline import build

    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "cache"))
    folder = FIXTURES / "disambiguation-same-work-year"
    result = build(Config(manuscript=folder / "manuscript.md",
                          bibliography=folder / "references.bib", out_dir=tmp_path / "out",
                          formats=frozenset({"html"})))
    derived = list((tmp_path / "cache" / "csl").glob("apa-*.csl"))
    assert len(derived) == 1 and given_name_rule(derived[0]) is None
    page = html.parse(str(tmp_path / "out" / "article.html")).getroot()
    assert [" ".join(c.text_content().split())
            for c in page.xpath("//span[@class='citation']")][:2] == \
        ["(Brown, 2010b, 2010a)", "(Brown, 2011)"]
    assert "apa.csl" in result.style  # the style the user asked for is the one reported
