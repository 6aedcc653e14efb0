"""The system libraries the PDF needs (`repropub.system`): found with their versions, or named
with their packages on one line before anything is written.

A missing or old library is shown with a copy of the real table that names a library file no
machine has, or a minimum version no machine meets (`tests/fixtures/system-*`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from repropub import system
from repropub.cli import main
from repropub.errors import EXIT_FAILURE, EXIT_OK

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
ARTICLE = FIXTURES / "small-article"


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Use the system table of a fixture folder instead of the shipped one."""
    def use(case: str) -> None:
        monkeypatch.setattr(system, "TABLE", FIXTURES / f"system-{case}" / "system_packages.toml")
        system.table.cache_clear()
        system.probe.cache_clear()
    yield use
    monkeypatch.undo()
    system.table.cache_clear()
    system.probe.cache_clear()


def run_system(*args: str) -> subprocess.CompletedProcess[str]:
    """`python3 -m repropub.system ...` with the machine's Python, as the Makefile runs it
    before any virtual environment exists: it must need nothing but the standard library."""
    python = shutil.which("python3") or "python3"
    return subprocess.run([python, "-I", "-c", "import sys; sys.path.insert(0, 'src'); "
                           "from repropub.system import main; sys.exit(main(sys.argv[1:]))",
                           *args], cwd=REPO, capture_output=True, text=True, timeout=60,
                          check=False)


def test_this_machine_has_every_library_with_a_version() -> None:
    found = {lib.name: lib for lib in system.probe()}
    assert set(found) == {"pango", "pangoft2", "harfbuzz", "harfbuzz-subset", "fontconfig"}
    assert all(lib.problem is None for lib in found.values()), found
    for name in ("pango", "harfbuzz", "fontconfig"):
        assert re.fullmatch(r"\d+\.\d+\.\d+", found[name].version or ""), found[name]


def test_the_check_runs_with_the_system_python_and_no_packages() -> None:
    done = run_system("check")
    assert done.returncode == 0, done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == [
        "pango", "pangoft2", "harfbuzz", "harfbuzz-subset", "fontconfig"]


@pytest.mark.parametrize(("platform", "expected"), [
    ("debian", "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 "
               "libfontconfig1"),
    ("homebrew", "pango harfbuzz fontconfig"),
    ("fedora", "pango harfbuzz fontconfig"),
])
def test_packages_lists_each_platforms_packages_once(platform: str, expected: str) -> None:
    done = run_system("packages", platform)
    assert done.returncode == 0 and done.stdout.strip() == expected


def test_a_missing_library_stops_the_build_with_one_line_and_keeps_the_output(
        table: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = [str(ARTICLE / "manuscript.md"), "--bib", str(ARTICLE / "references.bib"),
            "--out", str(out)]
    assert main([*args, "--html-only"]) == EXIT_OK  # no PDF, no Pango needed
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()
    table("missing-library")  # type: ignore[operator]
    assert main(args) == EXIT_FAILURE
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        "cannot typeset the PDF: HarfBuzz's font subsetter (reproducible embedded fonts) is "
        "missing; install `sudo apt-get install -y libharfbuzz-subset0` (Debian/Ubuntu), "
        "`brew install harfbuzz` (macOS) or `sudo dnf install -y harfbuzz` (Fedora)")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_library_older_than_needed_is_named_with_both_versions(table: object) -> None:
    table("old-library")  # type: ignore[operator]
    [pango] = [lib for lib in system.probe() if lib.name == "pango"]
    assert pango.problem == f"is {pango.version}, older than the 999.0 needed"
    with pytest.raises(system.ToolError, match=r"Pango \(WeasyPrint's text layout\) is "):
        system.require()


def test_setup_where_it_cannot_install_prints_the_one_command_to_run(
        table: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    table("missing-library")  # type: ignore[operator]
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "dnf").symlink_to(shutil.which("true") or "/bin/true")
    monkeypatch.setenv("PATH", str(tools))  # a Fedora machine: dnf, no apt-get
    assert system.setup() == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "error: cannot typeset the PDF: HarfBuzz's font subsetter (reproducible embedded "
        "fonts) is missing; run: sudo dnf install -y harfbuzz"]


def test_setup_has_nothing_to_do_on_a_machine_with_everything(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert system.setup() == 0
    assert capsys.readouterr() == ("", "")


def test_makefile_ci_and_workflows_install_from_the_one_list() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "-m repropub.system setup" in makefile
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "-m repropub.system packages debian" in ci
    for workflow in ("ci.yml", "release.yml"):
        text = (REPO / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
        assert "-m repropub.system packages debian" in text, workflow
    # no package of the list is spelt out anywhere else
    for package in system.packages("debian"):
        for path in (REPO / "Makefile", REPO / ".ci" / "run",
                     *(REPO / ".github" / "workflows").glob("*.yml")):
            assert package not in path.read_text(encoding="utf-8"), (package, path)


def test_the_build_checks_libraries_without_importing_weasyprint() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, 'src'); from repropub import system; "
         "system.require(); system.font_set(); print('weasyprint' in sys.modules)"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "False", done.stderr
