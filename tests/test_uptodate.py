"""A rebuild with nothing changed (`repropub.uptodate`): answered from the record of the last
build, with the same findings and exit code, without loading the build's modules; any change
to an input, an output or the options builds for real.

Each test copies the `uptodate` fixture (a manuscript with one style warning, a figure) and
runs `build.py` as a user does, in its own process, with a cache folder of its own. Whether a
run built or replayed is read from what it printed and from the modules it imported
(``-X importtime``), never from a clock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from repropub import cli, uptodate
from repropub.config import DEFAULT_TEMPLATES

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "uptodate"
PDF = ["manuscript.md", "--templates", "templates", "--out", "out"]
HTML_ONLY = [*PDF, "--html-only"]


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    modules: frozenset[str]
    """Every module the process imported."""

    @property
    def replayed(self) -> bool:
        return self.out.endswith(uptodate.NOTHING_CHANGED + "\n") and "repropub.pipeline" \
            not in self.modules

    @property
    def findings(self) -> list[str]:
        return [line for line in self.err.splitlines() if not line.startswith("import time:")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(FIXTURE, folder)
    shutil.copytree(DEFAULT_TEMPLATES, folder / "templates")
    _age(folder)
    return folder


def _age(folder: Path) -> None:
    """Date every file a minute back, as files written before the build started are."""
    past = time.time() - 60
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


ENTRY_POINTS = {
    "build.py": [sys.executable, str(REPO / "build.py")],
    "python -m repropub": [sys.executable, "-m", "repropub"],
    # the console script pip installs beside the interpreter
    "repropub": [str(Path(sys.executable).parent / "repropub")],
}


def build(project: Path, *args: str, via: str = "build.py") -> Run:
    env = {**os.environ, "REPROPUB_CACHE": str(project.parent / "cache"),
           "PYTHONPROFILEIMPORTTIME": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([*ENTRY_POINTS[via], *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    modules = frozenset(line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                        if line.startswith("import time:"))
    return Run(done.returncode, done.stdout, done.stderr, modules)


@pytest.mark.parametrize("via", ENTRY_POINTS)
def test_a_rebuild_with_nothing_changed_replays_without_loading_the_build(
        project: Path, via: str) -> None:
    first = build(project, *HTML_ONLY, via=via)
    page = (project / "out" / "article.html").stat()
    again = build(project, *HTML_ONLY, via=via)
    assert first.code == again.code == 0, first.err
    assert not first.replayed and again.replayed
    assert again.findings == first.findings
    assert any("[style.ampersand]" in line for line in again.findings)
    assert again.out == first.out + uptodate.NOTHING_CHANGED + "\n"
    # nothing heavy was imported, and the output folder was left as it was
    assert not {"repropub.cli", "repropub.checker", "lxml", "jinja2", "yaml",
                "weasyprint"} & again.modules
    assert (project / "out" / "article.html").stat().st_mtime_ns == page.st_mtime_ns


def test_the_exit_code_of_the_recorded_build_is_replayed(project: Path) -> None:
    first = build(project, *HTML_ONLY, "--strict")
    again = build(project, *HTML_ONLY, "--strict")
    assert first.code == again.code == 1
    assert again.replayed


@pytest.mark.parametrize("change", ["manuscript", "bibliography", "figure", "template",
                                    "new file beside the manuscript", "new file in the design",
                                    "settings file"])
def test_a_changed_input_builds_for_real(project: Path, change: str) -> None:
    build(project, *HTML_ONLY)
    edits = {
        "manuscript": ("manuscript.md", "every storm", "each storm"),
        "bibliography": ("references.bib", "Beacon Books", "Beacon Press"),
        "figure": ("figures/storms.svg", 'fill="#345"', 'fill="#543"'),
        "template": ("templates/article.css", "", "\n.title { letter-spacing: 0; }\n"),
    }
    if change in edits:
        name, old, new = edits[change]
        path = project / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new) if old else text + new, encoding="utf-8")
    elif change == "settings file":
        (project / "repropub.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    elif change == "new file in the design":
        (project / "templates" / "fonts" / "extra.css").write_text("/* unused */\n",
                                                                    encoding="utf-8")
    else:
        (project / "notes.txt").write_text("a file the build might look for\n",
                                           encoding="utf-8")
    again = build(project, *HTML_ONLY)
    assert not again.replayed, again.out
    if change == "settings file":
        assert again.code == 1
    if change == "manuscript":
        assert "each storm" in (project / "out" / "article.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("change", ["edited", "deleted", "added"])
def test_a_changed_output_folder_builds_for_real(project: Path, change: str) -> None:
    build(project, *HTML_ONLY)
    page = project / "out" / "article.html"
    original = page.read_bytes()
    if change == "edited":
        page.write_bytes(original.replace(b"Lighthouse", b"Lamphouse"))
    elif change == "deleted":
        page.unlink()
    else:
        (project / "out" / "stray.txt").write_text("left by hand\n", encoding="utf-8")
    again = build(project, *HTML_ONLY)
    assert not again.replayed
    assert page.read_bytes() == original
    assert not (project / "out" / "stray.txt").exists()


def test_other_options_are_another_build(project: Path) -> None:
    build(project, *HTML_ONLY)
    other = build(project, *HTML_ONLY, "--style", "vancouver")
    assert not other.replayed
    assert build(project, *HTML_ONLY, "--style", "vancouver").replayed


def test_no_cache_always_builds_and_keeps_no_record(project: Path) -> None:
    first = build(project, *HTML_ONLY, "--no-cache")
    again = build(project, *HTML_ONLY, "--no-cache")
    assert not first.replayed and not again.replayed
    assert not (project.parent / "cache" / uptodate.KIND).exists()


def test_a_pdf_build_replays_too(project: Path) -> None:
    first = build(project, *PDF)
    again = build(project, *PDF)
    assert first.code == again.code == 0, first.err
    assert again.replayed
    assert "weasyprint" not in again.modules


def test_verify_after_a_replay_rebuilds_for_real(project: Path) -> None:
    build(project, *HTML_ONLY)
    assert build(project, *HTML_ONLY).replayed
    checked = build(project, "verify", "out/manifest.json")
    assert checked.code == 0, checked.err
    assert "repropub.pipeline" in checked.modules
    assert checked.out.startswith("verified: all ")


def test_an_input_modified_during_the_build_keeps_no_record(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "cache"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "manifest.json").write_text("{}", encoding="utf-8")
    manuscript = tmp_path / "manuscript.md"
    started = time.time_ns()
    manuscript.write_text("saved while the build ran\n", encoding="utf-8")
    uptodate.record(["manuscript.md"], started=started, inputs=[manuscript],
                    manuscript=manuscript, design=(), out_dir=out_dir, pdf=False, git_dated=False,
                    stdout="", stderr="", exit_code=0)
    assert not (tmp_path / "cache" / uptodate.KIND).exists()


def test_the_commands_that_are_not_builds_are_those_of_the_command_line() -> None:
    assert set(uptodate.NOT_BUILDS) == set(cli.COMMANDS) - {"build"}


def test_a_manuscript_dated_by_its_last_commit_builds_again_after_a_commit(
        project: Path) -> None:
    manuscript = project / "manuscript.md"
    text = manuscript.read_text(encoding="utf-8")
    undated = text.replace("history:\n  published: 2022-09-01\n", "")
    assert undated != text

    def commit(content: str, when: str) -> None:
        manuscript.write_text(content, encoding="utf-8")
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
               "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org",
               "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
        for command in (["add", "manuscript.md"], ["commit", "-q", "-m", when]):
            subprocess.run(["git", *command], cwd=project, env=env, check=True)

    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    commit(undated, "2021-01-01T00:00:00Z")
    _age(project)
    first = build(project, *HTML_ONLY)
    assert build(project, *HTML_ONLY).replayed
    # the same text again, committed later: the date the build stamps has moved
    commit(undated + "\n", "2023-06-01T00:00:00Z")
    commit(undated, "2023-06-02T00:00:00Z")
    _age(project)
    again = build(project, *HTML_ONLY)
    assert not again.replayed
    assert first.code == again.code == 0
    page = (project / "out" / "article.html").read_text(encoding="utf-8")
    assert "2023-06-02" in page
