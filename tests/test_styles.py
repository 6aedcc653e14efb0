"""CSL styles by name, alias, dependent journal style or file; numeric styles as journals
print them."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from pages import parse_html, runs

from repropub.config import Config
from repropub.errors import InputError
from repropub.pipeline import build
from repropub.styles import aliases, resolve, styles_dir

CASE = Path(__file__).resolve().parent / "fixtures" / "whole-paper"


@pytest.mark.parametrize(("typed", "file"), [
    ("vancouver", "nlm-citation-sequence.csl"),
    ("harvard", "harvard-cite-them-right.csl"),
    ("harvard1", "harvard-cite-them-right.csl"),
    ("chicago", "chicago-author-date.csl"),
    ("mla", "modern-language-association.csl"),
    ("ieee", "ieee.csl"),
    ("IEEE", "ieee.csl"),
])
def test_names_users_type_resolve_to_official_style_files(typed: str, file: str) -> None:
    style = resolve(typed.lower() if typed == "IEEE" else typed)
    assert style.path == styles_dir() / file


def test_every_alias_names_an_official_independent_style() -> None:
    for alias, target in aliases().items():
        assert (styles_dir() / f"{target}.csl").is_file(), alias


def test_dependent_journal_style_renders_with_its_independent_parent() -> None:
    style = resolve("plos-one")
    assert style.path == styles_dir() / "plos.csl"
    assert style.title == "PLOS ONE"
    assert style.numeric


def test_style_knows_whether_it_is_numeric_or_apa() -> None:
    assert (resolve("ieee").numeric, resolve("ieee").apa) == (True, False)
    assert (resolve("apa").numeric, resolve("apa").apa) == (False, True)
    assert not resolve("harvard").numeric


def test_unknown_style_suggests_the_nearest_names_aliases_included() -> None:
    with pytest.raises(InputError) as caught:
        resolve("vancuver")
    assert "did you mean vancouver" in str(caught.value)


def test_build_output_names_the_resolved_style_file(tmp_path: Path) -> None:
    result = build(Config(manuscript=CASE / "manuscript.md", bibliography=CASE / "references.bib",
                          out_dir=tmp_path / "out", style="vancouver",
                          formats=frozenset({"html"})))
    assert result.style.startswith("vancouver -> nlm-citation-sequence.csl")
    assert "NLM/Vancouver" in result.style


@pytest.mark.slow
def test_numeric_style_prints_the_label_on_the_entrys_first_line(tmp_path: Path) -> None:
    build(Config(manuscript=CASE / "manuscript.md", bibliography=CASE / "references.bib",
                 out_dir=tmp_path / "out", style="ieee", formats=frozenset({"html", "pdf"})))
    page = parse_html(tmp_path / "out" / "article.html")
    [ol] = page.xpath("//ol[contains(@class, 'reference-list')]")
    assert "numeric" in ol.get("class").split()
    # numbered by first citation: Lee is cited first
    assert [li.get("id") for li in ol] == [
        "ref-lee2021", "ref-okafor2019", "ref-valleyrecords2020", "ref-mensah2016",
        "ref-ito2018", "ref-rao2017"]
    assert [li.find("div").text_content().strip() for li in ol] == [
        f"[{n}]" for n in range(1, 7)]
    pdf = pypdf.PdfReader(tmp_path / "out" / "article.pdf")
    [placed] = [runs(p) for p in pdf.pages if "M. Lee and S. Park" in p.extract_text()]
    entry = next(r for r in placed if r.text.startswith("M. Lee"))
    labels = [r for r in placed if r.text.startswith("[1]")]
    assert any(abs(r.y - entry.y) < 1 and r.x < entry.x for r in labels), \
        "the label does not stand on the entry's first line"
