"""What `check` loads: a check imports none of the build's rendering stages (nor `fix`, the
batch's table or the rebuild records), and a check of a
`.bib` it has loaded before needs neither the BibTeX parser nor pandoc, nor PyYAML for a front
matter and tables it has read before (start-up is most of a check's time on an article, so the
modules it imports are its cost)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "small-article"

CHECK = """
import json, sys
from repropub import cli
code = cli.main(["check", sys.argv[1], "--bib", sys.argv[2], "--format", "json"])
heavy = ("jinja2", "weasyprint", "lxml", "bibtexparser", "pypandoc", "docx", "httpx",
         "repropub.pipeline", "repropub.render_html", "repropub.render_pdf",
         # what only `fix`, a batch, a build or a named design needs
         "repropub.fix", "repropub.rewrite", "tempfile", "repropub.batch_report", "csv",
         "repropub.progress", "repropub.uptodate", "repropub.designs",
         # what only parsing a .bib (its log) or running pandoc needs
         "logging", "subprocess",
         # what only a settings file needs (the check runs in a folder without one)
         "tomllib",
         # what only a table or a front matter not read before needs
         "yaml")
print(json.dumps({"code": code, "loaded": sorted(
    m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))}))
"""


def check_in_a_new_process(cache: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(FIXTURE / "manuscript.md"),
         str(FIXTURE / "references.bib")],
        capture_output=True, text=True, check=True, cwd=cache.parent,
        env={**os.environ, "REPROPUB_CACHE": str(cache)})
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_check_imports_no_rendering_stage_and_a_known_bib_needs_no_parser(
        tmp_path: Path) -> None:
    first = check_in_a_new_process(tmp_path / "cache")
    assert not [m for m in first["loaded"] if not m.startswith(  # type: ignore[attr-defined]
        ("bibtexparser", "pypandoc", "tempfile", "logging", "subprocess", "yaml"))]
    # (pandoc is given the .bib in a file; bibtexparser logs what it cannot parse)
    again = check_in_a_new_process(tmp_path / "cache")
    assert again["loaded"] == []
    assert again["code"] == first["code"]


BUILD_PY_CHECK = """
import json, runpy, sys
sys.argv = [sys.argv[1], "check", *sys.argv[2:]]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "uptodate": "repropub.uptodate" in sys.modules}))
"""


def test_build_py_check_does_not_load_the_rebuild_records(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BUILD_PY_CHECK, str(REPO / "build.py"),
         str(FIXTURE / "manuscript.md"), "--bib", str(FIXTURE / "references.bib"),
         "--format", "json"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "REPROPUB_CACHE": str(tmp_path / "cache")})
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"code": check_in_a_new_process(tmp_path / "cache")["code"],
                      "uptodate": False}
