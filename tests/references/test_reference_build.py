"""A build with `--references`: the findings beside the citation check's, the snapshot's hash in
the manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from registry_server import Answer, RegistryServer, recorded
from test_reference_health import PLOS, project

from repropub.cli import main


@pytest.mark.slow
def test_a_build_with_references_reports_them_and_records_the_snapshot_hash(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry.serve(PLOS, Answer(recorded("crossref-work-plos.json")))
    folder = project(tmp_path, "refs-mismatch")
    out = tmp_path / "out"
    code = main([str(folder / "manuscript.md"), "--bib", str(folder / "references.bib"),
                 "--out", str(out), "--html-only", "--references", "--refresh"])
    err = capsys.readouterr().err
    assert code == 0
    assert "[ref.mismatch]" in err and "[ref.corrected]" in err
    snapshot = folder / "registry-snapshot.json"
    assert f"wrote the registry snapshot {snapshot}" in err
    manifest = json.loads((out / "manifest.json").read_text())
    recorded_snapshot = manifest["registry_snapshot"]
    assert recorded_snapshot["sha256"] == hashlib.sha256(snapshot.read_bytes()).hexdigest()
    assert recorded_snapshot["path"].endswith("registry-snapshot.json")


@pytest.mark.slow
def test_a_build_without_references_asks_no_registry(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = project(tmp_path, "refs-mismatch")
    out = tmp_path / "out"
    assert main([str(folder / "manuscript.md"), "--bib", str(folder / "references.bib"),
                 "--out", str(out), "--html-only"]) == 0
    assert registry.requests == []
    assert "registry_snapshot" not in json.loads((out / "manifest.json").read_text())
