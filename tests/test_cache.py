"""Incremental rebuilds (`repropub.cache`): each slow stage (pandoc's body, pandoc's "Cite this
article", WeasyPrint's PDF) runs again only when one of its inputs changed.

One sequence of builds of the `small-article` fixture, with its bibliography and the templates
copied into a temporary project and REPROPUB_CACHE pointing at a fresh folder: a first build;
the same again; print.css changed; the bibliography changed; `--no-cache`. Which stages ran is
read from `BuildResult.rendered` / `.reused`, never from a clock.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from repropub import cli, pipeline, system
from repropub.config import DEFAULT_TEMPLATES, Config
from repropub.errors import EXIT_OK
from repropub.pipeline import BuildResult, build

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small-article"
SLOW_STAGES = ("body", "cite", "pdf")


@dataclass(frozen=True)
class Step:
    result: BuildResult
    files: dict[str, bytes]
    """Every file of the output folder after this build, by its relative path."""
    cache: dict[str, bytes]
    """Every file of the cache folder after this build."""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed(before: Step, after: Step) -> list[str]:
    names = before.files.keys() | after.files.keys()
    return sorted(n for n in names if before.files.get(n) != after.files.get(n))


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Step]:
    root = tmp_path_factory.mktemp("incremental")
    project, cache = root / "project", root / "cache"
    project.mkdir()
    cache.mkdir()
    shutil.copy2(FIXTURE / "manuscript.md", project / "manuscript.md")
    shutil.copy2(FIXTURE / "references.bib", project / "references.bib")
    shutil.copytree(DEFAULT_TEMPLATES, project / "templates")
    config = Config(manuscript=project / "manuscript.md", bibliography=project / "references.bib",
                    templates=project / "templates", out_dir=project / "out")
    done: dict[str, Step] = {}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REPROPUB_CACHE", str(cache))
        env.delenv("SOURCE_DATE_EPOCH", raising=False)

        def record(name: str, run: Callable[[], BuildResult]) -> None:
            done[name] = Step(run(), snapshot(config.out_dir), snapshot(cache))

        record("first", lambda: build(config))
        record("again", lambda: build(config))
        with (project / "templates" / "print.css").open("a", encoding="utf-8") as css:
            css.write("\nh1.title { color: #1a5e20; }\n")
        record("print.css", lambda: build(config))
        bib = project / "references.bib"
        bib.write_text(bib.read_text(encoding="utf-8").replace(
            "Theory of international politics", "Theory of International Politics, revised"),
            encoding="utf-8")
        record("bibliography", lambda: build(config))

        seen: list[tuple[Config, BuildResult]] = []

        def spy(given: Config) -> BuildResult:
            seen.append((given, build(given)))
            return seen[-1][1]

        env.setattr(pipeline, "build", spy)  # the CLI imports the build when it runs one

        def from_command_line() -> BuildResult:
            code = cli.main([str(config.manuscript), "--bib", str(config.bibliography),
                             "--templates", str(config.templates), "--out", str(config.out_dir),
                             "--no-cache"])
            assert code == EXIT_OK
            assert len(seen) == 1 and seen[0][0].cache is False
            return seen[0][1]

        record("--no-cache", from_command_line)

    # a font installed on the machine (fontconfig's per-user folder) changes the font set
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REPROPUB_CACHE", str(cache))
        env.delenv("SOURCE_DATE_EPOCH", raising=False)
        env.setenv("XDG_DATA_HOME", str(root / "data"))
        env.setenv("XDG_CACHE_HOME", str(root / "xdg-cache"))
        (root / "data" / "fonts").mkdir(parents=True)
        font = next((project / "templates" / "fonts").glob("*.ttf"))
        shutil.copy2(font, root / "data" / "fonts" / f"installed-{font.name}")
        system.font_set.cache_clear()
        try:
            record("new font", lambda: build(config))
        finally:
            system.font_set.cache_clear()
    return done


def test_first_build_renders_every_slow_stage(steps: dict[str, Step]) -> None:
    first = steps["first"].result
    assert sorted(first.rendered) == sorted(SLOW_STAGES)
    assert first.reused == ()
    # pandoc's reading of the .bib is kept too, APA without its given-name step ("csl"),
    # which cannot change this article's citations, and the front matter as read (the
    # package's tables are read once per process: kept by whichever test read them first)
    assert {name.partition("/")[0] for name in steps["first"].cache} - {"table"} == \
        {*SLOW_STAGES, "bib", "csl", "front"}


def test_identical_rebuild_renders_nothing_and_writes_the_same_bytes(
        steps: dict[str, Step]) -> None:
    again = steps["again"]
    assert again.result.rendered == ()
    assert sorted(again.result.reused) == sorted(SLOW_STAGES)
    assert again.files.keys() == steps["first"].files.keys()
    assert changed(steps["first"], again) == []


def test_changing_print_css_re_renders_only_the_pdf(steps: dict[str, Step]) -> None:
    step = steps["print.css"]
    assert step.result.rendered == ("pdf",)
    assert sorted(step.result.reused) == ["body", "cite"]
    assert changed(steps["again"], step) == ["article.pdf", "assets/print.css", "manifest.json"]


def test_changing_the_bibliography_re_renders_body_and_pdf(steps: dict[str, Step]) -> None:
    step = steps["bibliography"]
    assert sorted(step.result.rendered) == ["body", "pdf"]
    assert step.result.reused == ("cite",)
    assert {"article.html", "article.pdf", "article.jats.xml"} <= \
        set(changed(steps["print.css"], step))


def test_no_cache_renders_everything_and_leaves_the_cache_alone(
        steps: dict[str, Step]) -> None:
    step = steps["--no-cache"]
    assert sorted(step.result.rendered) == sorted(SLOW_STAGES)
    assert step.result.reused == ()
    assert step.cache == steps["bibliography"].cache
    assert changed(steps["bibliography"], step) == []


def test_a_font_installed_on_the_machine_re_renders_only_the_pdf(
        steps: dict[str, Step]) -> None:
    step = steps["new font"]
    assert step.result.rendered == ("pdf",)
    assert sorted(step.result.reused) == ["body", "cite"]
    # the article names its own fonts, so the new one changes the key, not the bytes
    assert changed(steps["--no-cache"], step) == []


def test_cache_info_counts_the_entries_of_each_stage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path))
    for kind, sizes in (("body", (1000, 2000)), ("pdf", (300_000,))):
        (tmp_path / kind).mkdir()
        for i, size in enumerate(sizes):
            (tmp_path / kind / f"entry{i}").write_bytes(b"x" * size)
    assert cli.main(["cache", "info"]) == EXIT_OK
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert lines == [["cache:", str(tmp_path)],
                     ["bib", "0", "entries", "0.0", "kB"],
                     ["csl", "0", "entries", "0.0", "kB"],
                     ["body", "2", "entries", "3.0", "kB"],
                     ["citeproc", "0", "entries", "0.0", "kB"],
                     ["cite", "0", "entries", "0.0", "kB"],
                     ["math", "0", "entries", "0.0", "kB"],
                     ["pdf", "1", "entries", "0.3", "MB"],
                     ["build", "0", "entries", "0.0", "kB"],
                     ["table", "0", "entries", "0.0", "kB"],
                     ["front", "0", "entries", "0.0", "kB"],
                     ["total", "3", "entries", "0.3", "MB"]]


def test_cache_clear_removes_only_the_caches_own_folders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path))
    for kind in SLOW_STAGES:
        (tmp_path / kind).mkdir()
        (tmp_path / kind / "entry").write_bytes(b"x" * 500)
    (tmp_path / "someone-elses.txt").write_text("kept", encoding="utf-8")
    assert cli.main(["cache", "clear"]) == EXIT_OK
    assert capsys.readouterr().out == f"removed 3 entries (1.5 kB) from {tmp_path}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["someone-elses.txt"]


def test_cache_without_an_action_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["cache", "empty"]) == 2
    assert "invalid choice: 'empty'" in capsys.readouterr().err


def test_code_fingerprint_covers_sources_filters_and_tables_in_every_subpackage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from repropub import cache

    package = tmp_path / "package"
    for name, text in {"cache.py": "a = 1", "sub/table.yaml": "b: 2", "sub/filter.lua": "-- c",
                       "sub.py": "d = 4", "notes.txt": "e",
                       "__pycache__/cache.cpython-311.py": "compiled"}.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))

    def code() -> str:
        cache.code_fingerprint.cache_clear()
        return str(cache.code_fingerprint())

    first = code()
    # the files' contents in the order their paths sort
    assert first == cache.fingerprint(
        *(p.read_bytes() for p in sorted([package / "cache.py", package / "sub.py",
                                          package / "sub/filter.lua", package / "sub/table.yaml"])))
    (package / "notes.txt").write_text("not code", encoding="utf-8")
    (package / "__pycache__/cache.cpython-311.py").write_text("stale", encoding="utf-8")
    assert code() == first
    (package / "sub/table.yaml").write_text("b: 3", encoding="utf-8")
    assert code() != first
    monkeypatch.undo()
    cache.code_fingerprint.cache_clear()
