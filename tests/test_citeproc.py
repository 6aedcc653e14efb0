"""The body's citeproc run split around surname collisions renders the same bytes as one pandoc
run with the style as published: each case renders its body with real pandoc both ways (the
reference is the body rendered in one pandoc process with the published style, as it is when
no split is needed)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import html

from repropub import citeproc, pandoc
from repropub.bibliography import Bibliography, load_bibliography
from repropub.body import RenderedBody, render_body, render_page_body
from repropub.disambiguation import body_style
from repropub.manuscript import Manuscript, read_manuscript
from repropub.styles import resolve

FIXTURES = Path(__file__).resolve().parent / "fixtures"
APA = resolve("apa").path
BY_CITE = resolve("harvard").path
"""Cite Them Right Harvard: given names added by cite (the rule CSL assumes when none is named)."""


def _once(markdown: str, **options: Any) -> None:
    """`citeproc.resolve` never splitting: the body renders in one pandoc process with `csl`."""
    return None


def published_once(manuscript: Manuscript, bibliography: Bibliography,
                   csl: Path) -> RenderedBody:
    """The reference: the body rendered by one citeproc run with `csl` as it is."""
    with mock.patch.object(citeproc, "resolve", _once):
        return render_body(manuscript, manuscript.body, bibliography, csl, timeout=300)


@contextmanager
def second_runs() -> Iterator[list[tuple[set[str], str]]]:
    """The keys each published-style run after the first was asked to cite in the text, and
    the settings it read."""
    seen: list[tuple[set[str], str]] = []
    real = pandoc.ast_citeproc

    def spy(ast: str, **options: Any) -> pandoc.PandocResult:
        keys = {key for ids, _ in citeproc._cites(json.loads(ast)["blocks"]) for key in ids}
        seen.append((keys, options["metadata"].read_text(encoding="utf-8")))
        return real(ast, **options)

    with mock.patch.object(pandoc, "ast_citeproc", spy):
        yield seen


def project(case: str) -> tuple[Manuscript, Bibliography]:
    folder = FIXTURES / case
    return (read_manuscript(folder / "manuscript.md"),
            load_bibliography(folder / "references.bib"))


def citations(body: RenderedBody) -> list[str]:
    page = html.fragment_fromstring(body.html, create_parent="div")
    return [" ".join(span.text_content().split())
            for span in page.xpath("//span[@class='citation']")]


def test_two_surnames_with_other_initials_render_as_one_published_run() -> None:
    manuscript, bibliography = project("disambiguation-split")
    with second_runs() as runs:
        ours = render_body(manuscript, manuscript.body, bibliography, APA, timeout=300)
    assert ours == published_once(manuscript, bibliography, APA)
    # Yun Wang gets an initial, Li and Lei Wang cannot be told apart by theirs
    assert citations(ours)[:3] == ["(Wang, 2019)", "(Y. Wang, 2020)", "Wang and Lee (2020)"]
    # only the works within reach of the Wangs went through the published style
    reached = set().union(*(keys for keys, _ in runs))
    assert {"wang2019", "wang2020", "wang2020lee", "wangle2021"} <= reached
    assert "lee2018" in reached  # cited together with a Wang
    assert "records2019" in reached  # cited by a title that starts like a Wang
    # a Wang among the co-authors is never given initials by APA's rule for first names
    assert not reached & {"haddad2021", "haddad2021b", "novak2019a", "novak2019b", "who2020",
                          "garcia2017", "garcia2017b", "smith2015"}


def test_a_page_alone_renders_split_as_one_published_run_and_replays_it() -> None:
    manuscript, bibliography = project("disambiguation-split")
    with second_runs() as runs:
        ours, kept = render_page_body(manuscript, manuscript.body, bibliography, APA,
                                      timeout=300, keep=True)
    assert runs  # the split ran
    with mock.patch.object(citeproc, "resolve", _once):
        published, _ = render_page_body(manuscript, manuscript.body, bibliography, APA,
                                        timeout=300)
    assert ours == published
    assert ours.jats == ""
    assert "(Y. Wang, 2020)" in citations(ours)
    # what the split run made is kept: an edit that cites nothing new replays it
    assert kept is not None
    edited = manuscript.body.replace("\n\n", "\n\nA sentence added.\n\n", 1)
    assert edited != manuscript.body
    with second_runs() as again:
        replayed, _ = render_page_body(manuscript, edited, bibliography, APA, timeout=300,
                                       kept=kept)
    assert not again
    assert citations(replayed) == citations(ours)
    assert replayed.references == ours.references


def test_year_suffixes_and_added_names_outside_the_reach_are_kept() -> None:
    manuscript, bibliography = project("disambiguation-split")
    body = render_body(manuscript, manuscript.body, bibliography, APA, timeout=300)
    cited = citations(body)
    assert "(Novak, 2019b, 2019a)" in cited
    assert "(Garcia, Novak, & Singh, 2017; Garcia, Novak, & Haddad, 2017)" in cited
    entries = {reference.key: reference.text for reference in body.references}
    assert entries["wang2020"].startswith("Wang, Y. (2020).")
    assert entries["novak2019a"].startswith("Novak, P. (2019b).")


def test_works_cited_only_outside_the_text_take_part_as_in_one_run() -> None:
    manuscript, bibliography = project("disambiguation-split")
    body = "Rivers [@wang2019] and coasts [@lee2018].\n"
    with second_runs() as runs:
        ours = render_body(manuscript, body, bibliography, APA,
                           also_cite=("wang2020", "novak2019a"), timeout=300)
    # the Wang cited only by a typed citation is in reach and still tells the Wangs apart
    [(keys, settings)] = runs
    assert keys == {"wang2019"} and "nocite: '@wang2020'" in settings
    with mock.patch.object(citeproc, "resolve", _once):
        reference = render_body(manuscript, body, bibliography, APA,
                                also_cite=("wang2020", "novak2019a"), timeout=300)
    assert ours == reference
    assert citations(ours) == ["(L. Wang, 2019)", "(Lee, 2018)"]


def test_a_bibliography_cut_to_some_entries_keeps_its_strings_where_they_stand() -> None:
    _, bibliography = project("disambiguation-split")
    part = citeproc._part_of(bibliography, {"wang2019", "lee2018"})
    assert part is not None
    assert part.startswith("@string{land = {Land Studies}}")
    assert "@article{wang2019," in part and "@article{lee2018," in part
    assert "wang2020" not in part and "novak" not in part


def test_a_bibliography_whose_entries_read_others_is_given_whole(tmp_path: Path) -> None:
    (tmp_path / "references.bib").write_text(
        "@book{whole, title = {Atlas}, date = {2000}}\n\n"
        "@inbook{part, crossref = {whole}, author = {Wang, Li}, title = {Maps}}\n",
        encoding="utf-8")
    bibliography = load_bibliography(tmp_path / "references.bib")
    assert citeproc._part_of(bibliography, {"part"}) is None


def test_a_style_that_adds_given_names_by_cite_renders_as_one_published_run() -> None:
    manuscript, bibliography = project("disambiguation-split")
    with second_runs() as runs:
        ours = render_body(manuscript, manuscript.body, bibliography, BY_CITE, timeout=300)
    assert runs  # split: a Wang is among the co-authors, which this rule looks at too
    assert ours == published_once(manuscript, bibliography, BY_CITE)


def test_reach_that_holds_every_citation_is_one_published_run() -> None:
    manuscript, bibliography = project("disambiguation-same-surname")
    with second_runs() as runs:
        ours = render_body(manuscript, manuscript.body, bibliography, APA, timeout=300)
    assert runs == []
    assert ours == published_once(manuscript, bibliography, APA)


def test_a_body_whose_surnames_all_differ_is_one_pandoc_process() -> None:
    # no second citeproc run, nor a document written between two processes
    manuscript, bibliography = project("disambiguation-distinct")
    csl = body_style(APA, bibliography, None)
    assert csl != APA  # the style without the given-name step
    commands: list[list[str]] = []
    real = pandoc.run_bytes

    def spy(args: list[str], stdin: str, **options: Any) -> tuple[bytes, tuple[str, ...]]:
        commands.append(args)
        return real(args, stdin, **options)

    with mock.patch.object(pandoc, "run_bytes", spy):
        body = render_body(manuscript, manuscript.body, bibliography, csl, timeout=300)
    assert len(commands) == 1 and "--citeproc" in commands[0]
    assert "<element-citation" in body.jats and body.references


SURNAMES = {"Wang": "Li", "Lee": "Min", "Novak": "Petr", "Haddad": "Rania", "Okafor": "Chidi",
            "Garcia": "Ana", "Singh": "Arjun", "Brown": "Ella"}
"""Each surname with the given name it usually has; now and then another person shares it."""
NAME = st.builds(lambda family, given: (family, SURNAMES[family] if given == "usual" else given),
                 st.sampled_from(sorted(SURNAMES)),
                 st.sampled_from(("usual",) * 6 + ("Yun", "L.", "")))
WORK = st.tuples(st.lists(NAME, min_size=1, max_size=4), st.sampled_from((2019, 2020)),
                 st.sampled_from((True,) * 5 + (False,)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(works=st.lists(WORK, min_size=3, max_size=10),
       groups=st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=2), min_size=2,
                       max_size=10),
       narrative=st.booleans(), style=st.sampled_from((APA, APA, BY_CITE)))
def test_random_bibliographies_render_as_one_published_run(
        works: list[tuple[list[tuple[str, str]], int, bool]], groups: list[list[int]],
        narrative: bool, style: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        entries = []
        for i, (names, year, has_author) in enumerate(works):
            authors = " and ".join(f"{family}, {given}" if given else family
                                   for family, given in names)
            author = f"  author = {{{authors}}},\n" if has_author else ""
            entries.append(f"@article{{w{i},\n{author}  title = {{{names[0][0]} work {i}}},\n"
                           f"  journaltitle = {{J}},\n  date = {{{year}}},\n}}\n")
        (folder / "references.bib").write_text("\n".join(entries), encoding="utf-8")
        cites = [[f"@w{i % len(works)}" for i in dict.fromkeys(group)] for group in groups]
        text = " ".join((f"{keys[0]} said [{'; '.join(keys[1:])}]." if narrative and keys[1:]
                         else f"[{'; '.join(keys)}].") for keys in cites)
        (folder / "manuscript.md").write_text(f"---\ntitle: T\n---\n\n{text}\n",
                                              encoding="utf-8")
        manuscript = read_manuscript(folder / "manuscript.md")
        bibliography = load_bibliography(folder / "references.bib")
        with second_runs() as runs:
            ours = render_body(manuscript, manuscript.body, bibliography, style, timeout=300)
        event(f"{style.stem}: {'split' if runs else 'one run'}")
        assert ours == published_once(manuscript, bibliography, style)
