"""Journal designs: the preprint chosen in the front matter or with --template; a design that
builds on another needs only the files it changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pages import parse_html, runs

from repropub.cli import main
from repropub.config import DEFAULT_TEMPLATES, Config
from repropub.designs import used_files
from repropub.errors import EXIT_FAILURE, EXIT_OK, MetadataError
from repropub.manuscript import read_manuscript
from repropub.pipeline import build

NOTE = Path(__file__).resolve().parent / "fixtures" / "one-page-note" / "manuscript.md"


def note_with(tmp_path: Path, extra: str) -> Path:
    text = NOTE.read_text(encoding="utf-8").replace("---\ntitle:", f"---\n{extra}\ntitle:", 1)
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    return path


def stylesheet_of(out: Path) -> str:
    return (out / "assets" / "print.css").read_text(encoding="utf-8")


@pytest.mark.slow
def test_front_matter_template_preprint_sets_the_article_in_one_column(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(Config(manuscript=note_with(tmp_path, "template: preprint"), bibliography=None,
                 out_dir=out, formats=frozenset({"html", "pdf"})))
    assert stylesheet_of(out) == (DEFAULT_TEMPLATES / "preprint" / "print.css").read_text()
    # the page template and the fonts come from the journal design it builds on
    assert (out / "assets" / "fonts" / "fonts.css").is_file()
    assert parse_html(out / "article.html").xpath("//h1[@class='title']")
    import pypdf

    [page] = pypdf.PdfReader(out / "article.pdf").pages
    body = [r for r in runs(page) if r.text.startswith("A note that cites")]
    width = float(page.mediabox.width)
    assert body and body[0].x < width / 4, "the body does not start at the left margin"


@pytest.mark.slow
def test_template_option_wins_over_the_journal_default(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main([str(NOTE), "--out", str(out), "--template", "preprint", "--html-only"]) == EXIT_OK
    assert stylesheet_of(out) == (DEFAULT_TEMPLATES / "preprint" / "print.css").read_text()


@pytest.mark.slow
def test_template_option_wins_over_the_front_matters_design(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main([str(note_with(tmp_path, "template: preprint")), "--out", str(out),
                 "--template", "journal", "--html-only"]) == EXIT_OK
    assert stylesheet_of(out) == (DEFAULT_TEMPLATES / "print.css").read_text()


@pytest.mark.slow
def test_verify_rebuilds_with_the_design_the_command_line_chose(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main([str(note_with(tmp_path, "template: preprint")), "--out", str(out),
                 "--template", "journal", "--formats", "html"]) == EXIT_OK
    capsys.readouterr()
    assert main(["verify", str(out / "manifest.json")]) == EXIT_OK, capsys.readouterr().out


@pytest.mark.slow
def test_manifest_records_the_files_a_design_takes_from_its_base(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(Config(manuscript=note_with(tmp_path, "template: preprint"), bibliography=None,
                 out_dir=out, formats=frozenset({"html"})))
    inputs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    root = (out / json.loads((out / "manifest.json").read_text())["root"]).resolve()
    recorded = {role: (root / record["path"]).resolve() for role, record in inputs.items()
                if role.startswith("template:")}
    assert recorded["template:print.css"] == (DEFAULT_TEMPLATES / "preprint" / "print.css")
    # the page template and fonts come from the journal design, and a change there is a change
    assert recorded["template:article.html.j2"] == DEFAULT_TEMPLATES / "article.html.j2"
    assert recorded["template:fonts/fonts.css"] == DEFAULT_TEMPLATES / "fonts" / "fonts.css"


def test_a_design_inside_another_is_not_part_of_it() -> None:
    names = used_files(DEFAULT_TEMPLATES)
    assert "print.css" in names and "article.html.j2" in names
    assert not [name for name in names if name.startswith("preprint/")]


@pytest.mark.slow
def test_a_changed_base_design_retypesets_the_pdf_of_a_design_built_on_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "cache"))
    base = tmp_path / "base"
    shutil.copytree(DEFAULT_TEMPLATES, base, ignore=shutil.ignore_patterns("preprint"))
    house = tmp_path / "house"
    house.mkdir()
    (house / "design.yaml").write_text("base: ../base\n", encoding="utf-8")
    config = Config(manuscript=NOTE, bibliography=None, out_dir=tmp_path / "out",
                    templates=house, formats=frozenset({"pdf"}))
    build(config)
    with (base / "print.css").open("a", encoding="utf-8") as css:
        css.write("h1.title { color: #004225; }\n")
    again = build(config)
    assert "pdf" in again.rendered
    inputs = json.loads((tmp_path / "out" / "manifest.json").read_text())["inputs"]
    assert inputs["template:print.css"]["path"].endswith("base/print.css")


def test_unknown_design_in_the_front_matter_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(MetadataError) as caught:
        read_manuscript(note_with(tmp_path, "template: preprnt"))
    assert "'template'" in caught.value.message and "preprint" in caught.value.message
    assert caught.value.line == 2


def test_unknown_design_option_is_a_usage_error(tmp_path: Path) -> None:
    assert main([str(NOTE), "--out", str(tmp_path / "out"), "--template", "x"]) == EXIT_FAILURE


@pytest.mark.slow
def test_own_design_needs_only_the_stylesheet_it_changes(tmp_path: Path) -> None:
    design = tmp_path / "house"
    design.mkdir()
    (design / "design.yaml").write_text(f"base: {DEFAULT_TEMPLATES}\n", encoding="utf-8")
    shutil.copyfile(DEFAULT_TEMPLATES / "article.css", design / "article.css")
    with (design / "article.css").open("a", encoding="utf-8") as css:
        css.write("h1.title { color: #004225; }\n")
    out = tmp_path / "out"
    assert main([str(NOTE), "--out", str(out), "--templates", str(design),
                 "--html-only"]) == EXIT_OK
    assert "#004225" in (out / "assets" / "article.css").read_text(encoding="utf-8")
    assert stylesheet_of(out) == (DEFAULT_TEMPLATES / "print.css").read_text()


@pytest.mark.slow
def test_preprint_page_passes_vnu_and_axe(tmp_path: Path, validators: Path) -> None:
    from test_validators import require, run_kit

    require("java", "the Nu HTML Checker needs Java 11+")
    require("node", "axe-core runs in Node 18+")
    out = tmp_path / "out"
    starter = DEFAULT_TEMPLATES.parent / "src" / "repropub" / "starter"
    assert main([str(starter / "article.md"), "--bib", str(starter / "references.bib"),
                 "--out", str(out), "--template", "preprint", "--html-only"]) == EXIT_OK
    page = out / "article.html"
    done = run_kit(validators / "html" / "html_check.sh", "--Werror", str(page))
    assert done.returncode == 0, done.stdout + done.stderr
    done = run_kit(validators / "html" / "a11y_check.sh", str(page))
    assert done.returncode == 0, done.stdout + done.stderr
