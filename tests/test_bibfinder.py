"""`check` and the build find the bibliography the same way: --bib, the front matter's
`bibliography:`, a .bib beside the manuscript, and only then its own reference list."""

from __future__ import annotations

from pathlib import Path

import pytest

from repropub.bibfinder import find_bibliography
from repropub.config import Config
from repropub.errors import InputError
from repropub.manuscript import read_manuscript

BIB = "@book{waltz1979,\n  author = {Waltz, Kenneth},\n  title = {T},\n  date = {1979},\n}\n"


def found(tmp_path: Path, front: str = "", files: tuple[str, ...] = ()) -> Path | None:
    """The bibliography found for a manuscript with `front` matter beside .bib `files`."""
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BIB)
    manuscript = tmp_path / "paper.md"
    manuscript.write_text(f"---\ntitle: T\n{front}---\n\nText (Waltz, 1979).\n")
    return find_bibliography(Config(manuscript=manuscript, bibliography=None),
                             read_manuscript(manuscript))


def test_the_front_matter_names_the_bibliography(tmp_path: Path) -> None:
    named = found(tmp_path, "bibliography: refs/works.bib\n",
                  files=("refs/works.bib", "references.bib"))
    assert named == tmp_path / "refs" / "works.bib"


def test_a_bib_named_like_the_manuscript_comes_before_references_bib(tmp_path: Path) -> None:
    assert found(tmp_path, files=("paper.bib", "references.bib")) == tmp_path / "paper.bib"
    (tmp_path / "paper.bib").unlink()
    assert found(tmp_path, files=("references.bib",)) == tmp_path / "references.bib"


def test_the_only_bib_in_the_folder_is_used_and_two_others_are_not_guessed(
        tmp_path: Path) -> None:
    assert found(tmp_path, files=("other.bib",)) == tmp_path / "other.bib"
    assert found(tmp_path, files=("another.bib",)) is None


def test_a_bib_named_after_another_manuscript_in_the_folder_is_that_ones(tmp_path: Path) -> None:
    # an editor's folder of submissions: smith.bib is smith.docx's, not paper.md's
    (tmp_path / "smith.docx").write_bytes(b"")
    assert found(tmp_path, files=("smith.bib",)) is None
    assert found(tmp_path, files=("works.bib",)) == tmp_path / "works.bib"


@pytest.mark.parametrize("named", ["/etc/passwd", "../outside.bib", "C:/refs.bib"])
def test_a_front_matter_bibliography_outside_the_folder_is_refused(
        tmp_path: Path, named: str) -> None:
    (tmp_path / "inner").mkdir()
    with pytest.raises(InputError, match="inside the manuscript's folder"):
        found(tmp_path / "inner", f"bibliography: {named}\n")


def test_check_without_bib_uses_the_bib_beside_the_manuscript(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from repropub.cli import main

    found(tmp_path, files=("references.bib",))
    assert main(["check", str(tmp_path / "paper.md")]) == 0
    assert capsys.readouterr().out.startswith("0 errors, 0 warnings (1 citation, 1 entry")
