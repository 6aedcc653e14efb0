"""The README's commands are the ones that work and the ones CI runs.

The Quick start block shows `make` and `make test`; both targets must resolve (`make -n`), `make`
must build through the same command line the tests exercise (`build.py`, i.e. `repropub.cli`),
and CI (`.ci/run`) must run the README's test command. Every option the README's command-line
examples use must be one the command line documents.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def fenced_blocks_under(heading: str) -> list[list[str]]:
    """The lines of every fenced code block in the section whose heading contains `heading`."""
    blocks: list[list[str]] = []
    inside_section = False
    block: list[str] | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        if block is None and re.match(r"^#{1,6}\s", line):
            inside_section = heading.lower() in line.lower()
            continue
        if line.startswith("```"):
            if block is None:
                block = []
            else:
                if inside_section:
                    blocks.append(block)
                block = None
            continue
        if block is not None:
            block.append(line)
    return blocks


def commands(block: list[str]) -> list[str]:
    """The commands of a shell block: comments and blank lines dropped."""
    return [line.split("#", 1)[0].strip() for line in block if line.split("#", 1)[0].strip()]


def quick_start() -> list[str]:
    blocks = fenced_blocks_under("Quick start")
    assert blocks, "README.md has no code block under a 'Quick start' heading"
    return commands(blocks[0])


def make_dry_run(*targets: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make not found")
    done = subprocess.run(["make", "-n", *targets], cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, f"make -n {' '.join(targets)}: {done.stderr}"
    return done.stdout


def test_quick_start_shows_make_and_make_test() -> None:
    assert quick_start() == ["make", "make test"]


def test_make_builds_through_the_command_line() -> None:
    assert "make" in quick_start()
    recipe = make_dry_run()
    assert re.search(r"python build\.py(\s|$)", recipe), recipe


def test_make_test_runs_the_test_suite() -> None:
    assert "make test" in quick_start()
    recipe = make_dry_run("test")
    assert re.search(r"python -m pytest(\s|$)", recipe), recipe


def test_ci_runs_the_readme_test_command() -> None:
    ci = REPO / ".ci" / "run"
    assert ci.is_file(), "no CI script at .ci/run"
    lines = commands(ci.read_text(encoding="utf-8").splitlines())
    assert "make test" in lines


def test_build_py_is_the_package_command_line() -> None:
    source = (REPO / "build.py").read_text(encoding="utf-8")
    assert "from repropub.cli import main" in source


def test_readme_command_line_examples_use_documented_options(
        capsys: pytest.CaptureFixture[str]) -> None:
    from repropub.cli import main

    examples = [shlex.split(c) for block in fenced_blocks_under("Quick start")[1:]
                for c in commands(block) if "build.py" in c]
    assert examples, "README.md shows no build.py examples"
    main(["--help"])
    main(["check", "--help"])
    documented = set(re.findall(r"--[a-z][a-z-]*", capsys.readouterr().out))
    used = {arg.split("=", 1)[0] for example in examples for arg in example
            if arg.startswith("--")}
    assert used <= documented, f"README uses undocumented options: {used - documented}"
