"""`build.py verify MANIFEST`: rebuild from the sources the manifest names and compare every output.

The `small-article` fixture and a copy of the templates are built once into a temporary
project; each test works on its own copy of that project, so tampering stays local.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from repropub.cli import main
from repropub.config import DEFAULT_TEMPLATES, Config
from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK
from repropub.pipeline import build

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small-article"


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder (manuscript, bibliography, templates) with its build in `out/`."""
    project = tmp_path_factory.mktemp("verify") / "project"
    project.mkdir()
    for name in ("manuscript.md", "references.bib"):
        shutil.copy2(FIXTURE / name, project / name)
    shutil.copytree(DEFAULT_TEMPLATES, project / "templates")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("SOURCE_DATE_EPOCH", raising=False)
        build(Config(manuscript=project / "manuscript.md",
                     bibliography=project / "references.bib",
                     templates=project / "templates", out_dir=project / "out"))
    return project


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    """This test's own copy of the built project."""
    return Path(shutil.copytree(built_project, tmp_path / "project"))


def verify(manifest: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["verify", str(manifest)])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_untouched_build_is_verified(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = verify(project / "out" / "manifest.json", capsys)
    assert code == EXIT_OK, [*out, err]
    assert len(out) == 1 and out[0].startswith("verified"), out
    outputs = json.loads((project / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert f"all {len(outputs['outputs'])} outputs" in out[0]


def test_the_output_folder_may_be_named_instead_of_the_manifest(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = verify(project / "out", capsys)
    assert code == EXIT_OK
    assert out[-1].startswith("verified")


def test_a_tampered_output_fails_naming_the_file(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ris = project / "out" / "article.ris"
    ris.write_bytes(ris.read_bytes().replace(b"PY  - 2024", b"PY  - 2023"))
    code, out, _ = verify(project / "out" / "manifest.json", capsys)
    assert code == EXIT_FINDINGS
    named = [line for line in out if Path(line.split(":")[0]) == ris]
    assert len(named) == 1, out
    assert out[-1].startswith("not reproduced: 1 difference"), out


def test_a_missing_output_fails_naming_the_file(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (project / "out" / "article.bib").unlink()
    code, out, _ = verify(project / "out" / "manifest.json", capsys)
    assert code == EXIT_FINDINGS
    assert [line for line in out if line.startswith(str(project / "out" / "article.bib"))], out


def test_an_edited_manuscript_fails_reporting_the_changed_input(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = project / "manuscript.md"
    manuscript.write_text(manuscript.read_text(encoding="utf-8").replace(
        "@keohane1977 remains the reference.", "@keohane1977 remains the standard reference."),
        encoding="utf-8")
    code, out, _ = verify(project / "out" / "manifest.json", capsys)
    assert code == EXIT_FINDINGS
    assert "input manuscript.md (manuscript) changed since the manifest was made" in out
    assert any(line.startswith("article.html: differs") for line in out), out


def test_a_missing_manifest_exits_2_with_one_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "out" / "manifest.json"
    code, out, err = verify(missing, capsys)
    assert code == EXIT_FAILURE
    assert out == []
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{missing}: error: ")


def test_a_manifest_that_is_not_json_exits_2_with_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "manifest.json"
    broken.write_text("{not json", encoding="utf-8")
    code, _, err = verify(broken, capsys)
    assert code == EXIT_FAILURE
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{broken}: error: "), lines


def test_verify_rebuilds_without_the_cache_even_a_poisoned_one(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("REPROPUB_CACHE", str(cache))
    assert main([str(project / "manuscript.md"), "--bib", str(project / "references.bib"),
                 "--templates", str(project / "templates"), "--out",
                 str(project / "out")]) == EXIT_OK
    capsys.readouterr()
    # every cached result now holds other bytes: a verify that read the cache would differ
    entries = [p for p in cache.rglob("*") if p.is_file()]
    # (the package's tables are read once per process: kept by whichever test read them first)
    assert {p.parent.name for p in entries} - {"table"} == \
        {"bib", "csl", "body", "cite", "pdf", "build", "front"}
    for entry in entries:
        entry.write_bytes(entry.read_bytes().replace(b"Keohane", b"Kehoane"))
    poisoned = {p: p.read_bytes() for p in entries}
    code, out, err = verify(project / "out" / "manifest.json", capsys)
    assert code == EXIT_OK, [*out, err]
    assert {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()} == poisoned


def test_manifest_records_the_system_libraries_and_the_fonts_used(project: Path) -> None:
    manifest = json.loads((project / "out" / "manifest.json").read_text(encoding="utf-8"))
    tools = manifest["tools"]
    assert {"system:pango", "system:harfbuzz", "system:harfbuzz-subset",
            "system:fontconfig"} <= tools.keys()
    assert all(part.isdigit() for part in tools["system:pango"].split("."))
    assert "Source Serif 4 400 normal" in manifest["fonts"]
    assert all(len(digest) == 64 for digest in manifest["fonts"].values())


def test_a_font_that_differs_is_reported_by_name(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "out" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["fonts"]["Source Serif 4 400 normal"] = "0" * 64
    path.write_text(json.dumps(manifest), encoding="utf-8")
    code, out, _ = verify(path, capsys)
    assert code == EXIT_FINDINGS
    assert any(line.startswith("font Source Serif 4 400 normal: manifest has 000000000000, "
                               "the rebuild used ") for line in out), out
