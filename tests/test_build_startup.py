"""What an HTML-only build loads (start-up is a large part of its time on an article): none of
the PDF's stack, and not importlib.metadata's email parsers, though its manifest still records
every tool's version as importlib.metadata reads it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from repropub.manifest import LIBRARIES, _version

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "small-article"

BUILD = """
import json, sys
from repropub import cli
code = cli.main([sys.argv[1], "--bib", sys.argv[2], "--out", sys.argv[3], "--html-only",
                 "--no-cache"])
heavy = ("weasyprint", "pydyf", "pikepdf", "pypdf", "fontTools", "PIL", "ziamath", "docx",
         "httpx", "importlib.metadata", "email", "repropub.exports.docx")
print(json.dumps({"code": code, "loaded": sorted(
    m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))}))
"""


@pytest.mark.slow
def test_html_only_build_loads_nothing_of_the_pdf_nor_importlib_metadata(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(FIXTURE / "manuscript.md"),
         str(FIXTURE / "references.bib"), str(out)],
        capture_output=True, text=True, check=True, cwd=tmp_path,
        env={**os.environ, "REPROPUB_CACHE": str(tmp_path / "cache")})
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] in (0, 1)
    assert result["loaded"] == []
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tools"]["weasyprint"] == metadata.version("weasyprint")


def _by_importlib(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


@pytest.mark.parametrize("name", [*LIBRARIES, "PyYAML", "pyyaml", "MarkupSafe", "Jinja2",
                                  "typing_extensions", "repropub", "no-such-distribution"])
def test_manifest_versions_are_those_importlib_metadata_reads(name: str) -> None:
    assert _version(name) == _by_importlib(name)
