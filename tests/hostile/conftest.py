"""The hostile-input suite's fixtures: a canary outside the project, and projects to attack.

The canary is a folder made outside every project, holding files (text, .bib, .csl, CSS, SVG,
citation abbreviations) that all carry one unique token. Every attack tries to make the build
read one of them; `assert_no_canary` then reads every output as a reader or indexer would (the
bytes, the PDF's text and its attached files) and fails if the token is anywhere.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Canary:
    folder: Path
    token: str


@pytest.fixture(scope="session")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Canary:
    folder = tmp_path_factory.mktemp("canary-outside-the-project")
    token = f"CANARY{uuid.uuid4().hex.upper()}"
    (folder / "canary.txt").write_text(f"{token}\n", encoding="utf-8")
    (folder / "canary.bib").write_text(
        f"@book{{canary2000, author = {{{token}, Anna}}, title = {{{token}}}, "
        f"publisher = {{{token}}}, year = {{2000}}}}\n", encoding="utf-8")
    (folder / "canary.csl").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
        f'  <info><title>{token}</title><id>canary</id><updated>2020-01-01T00:00:00Z</updated>'
        '</info>\n'
        f'  <citation><layout><text value="{token}"/></layout></citation>\n'
        f'  <bibliography><layout><text value="{token}"/></layout></bibliography>\n'
        '</style>\n', encoding="utf-8")
    (folder / "canary.json").write_text(f'{{"default": {{"container-title": '
                                        f'{{"Theory": "{token}"}}}}}}', encoding="utf-8")
    (folder / "canary.css").write_text(f'body::before {{ content: "{token}" }}\n',
                                       encoding="utf-8")
    (folder / "canary.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
        f'<text x="0" y="20">{token}</text></svg>\n', encoding="utf-8")
    return Canary(folder, token)


@dataclass(frozen=True)
class Project:
    """A copy of one attack fixture, the canary's path filled in, in a folder of its own."""

    folder: Path
    out: Path

    @property
    def manuscript(self) -> Path:
        return self.folder / "manuscript.md"

    @property
    def bib(self) -> Path:
        return self.folder / "references.bib"

    def args(self, *options: str) -> list[str]:
        return [str(self.manuscript), "--bib", str(self.bib), "--out", str(self.out),
                "--no-cache", *options]


MakeProject = Callable[..., Project]


@pytest.fixture
def project(tmp_path: Path, canary: Canary) -> MakeProject:
    """`project("raw-html")`: the fixture copied to tmp_path/project, with the base .bib."""

    def make(case: str, **substitutions: str) -> Project:
        folder = tmp_path / "project"
        shutil.copytree(FIXTURES / "base", folder)
        shutil.copytree(FIXTURES / case, folder, dirs_exist_ok=True)
        for path in folder.rglob("*"):
            if path.suffix in (".md", ".svg", ".bib"):
                text = path.read_text(encoding="utf-8").replace("@CANARY@", str(canary.folder))
                for name, value in substitutions.items():
                    text = text.replace(f"@{name}@", value)
                path.write_text(text, encoding="utf-8")
        return Project(folder, tmp_path / "out")

    return make


def readable_texts(folder: Path) -> list[tuple[str, bytes]]:
    """Every output's bytes, and for a PDF also its text and the files attached to it."""
    found: list[tuple[str, bytes]] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        found.append((str(path), path.read_bytes()))
        if path.suffix == ".pdf":
            reader = pypdf.PdfReader(path)
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
            found.append((f"{path} (text)", text.encode()))
            for name, contents in reader.attachments.items():
                for content in contents:
                    found.append((f"{path} (attachment {name})", content))
    return found


def assert_no_canary(canary: Canary, *folders: Path) -> None:
    for folder in folders:
        for where, content in readable_texts(folder):
            assert canary.token.encode() not in content, f"the canary leaked into {where}"


def one_line_error(stderr: str, path: Path) -> list[str]:
    """The error lines of a failed run: each names a file (with its line when known), and
    there is no traceback."""
    lines = [line for line in stderr.strip().splitlines() if line]
    assert lines, "no message"
    assert "Traceback" not in stderr
    for line in lines:
        assert ": error: " in line or line.startswith(("--", "pandoc", "WeasyPrint")), line
    assert any(str(path) in line for line in lines), lines
    return lines


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


Main = Callable[[Sequence[str]], int]


@pytest.fixture
def main() -> Main:
    from repropub.cli import main

    return main
