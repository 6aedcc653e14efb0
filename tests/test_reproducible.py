"""Reproducible builds: the same sources give the same bytes, wherever and whenever they are built.

The `deposit-article` fixture (every output, the Crossref deposit included) and a copy of the
journal templates are placed in two different temporary folders and built there from scratch
(no cache), each from its own working directory with relative paths, at least a second apart.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from repropub.config import DEFAULT_TEMPLATES, Config
from repropub.pipeline import BuildResult, build

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "deposit-article"


@dataclass(frozen=True)
class Built:
    project: Path
    """The folder holding the sources, the templates and `out/`."""
    result: BuildResult

    @property
    def out(self) -> Path:
        return self.project / "out"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(project: Path, env: pytest.MonkeyPatch) -> Built:
    """Copy the sources into `project` and build them there, from there, without the cache."""
    project.mkdir(parents=True)
    for name in ("manuscript.md", "references.bib"):
        shutil.copy2(FIXTURE / name, project / name)
    shutil.copytree(DEFAULT_TEMPLATES, project / "templates")
    env.chdir(project)
    result = build(Config(manuscript=Path("manuscript.md"), bibliography=Path("references.bib"),
                          templates=Path("templates"), out_dir=Path("out"), cache=False))
    return Built(project, result)


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    """Two clean builds of the same sources, in two folders, one second apart."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("SOURCE_DATE_EPOCH", raising=False)
        first = clean_build(tmp_path_factory.mktemp("first") / "project", env)
        time.sleep(1.1)  # a clock read anywhere would now give another second
        second = clean_build(tmp_path_factory.mktemp("second") / "elsewhere" / "project", env)
    return first, second


def test_both_builds_render_everything_and_write_every_output(
        twice: tuple[Built, Built]) -> None:
    for built in twice:
        assert built.result.reused == ()
        assert set(built.result.rendered) == {"body", "cite", "pdf"}
        assert {p.name for p in built.out.iterdir()} >= {
            "article.html", "article.pdf", "article.jats.xml", "article.crossref.xml",
            "article.json", "article.bib", "article.ris", "manifest.json", "assets"}


def test_two_builds_in_different_folders_and_times_are_byte_identical(
        twice: tuple[Built, Built]) -> None:
    first, second = (files(b.out) for b in twice)
    assert first.keys() == second.keys()
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == []


def test_manifests_record_the_same_outputs(twice: tuple[Built, Built]) -> None:
    first, second = (json.loads((b.out / "manifest.json").read_text(encoding="utf-8"))
                     for b in twice)
    assert first["outputs"] == second["outputs"]
    assert first["inputs"] == second["inputs"]
    assert set(first["outputs"]) == set(files(twice[0].out)) - {"manifest.json"}


def test_pdf_trailer_id_is_the_same_across_builds(twice: tuple[Built, Built]) -> None:
    ids = []
    for built in twice:
        with pikepdf.open(built.out / "article.pdf") as pdf:
            ids.append([bytes(part) for part in pdf.trailer.ID])
    assert ids[0] == ids[1]
    assert len(ids[0]) == 2 and all(ids[0])


def test_pdf_is_dated_by_the_publication_date_without_source_date_epoch(
        twice: tuple[Built, Built]) -> None:
    published = twice[0].result.manuscript.metadata.history.published
    assert published is not None
    with pikepdf.open(twice[0].out / "article.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == f"D:{published:%Y%m%d}000000Z"


@pytest.mark.parametrize("epoch, stamp", [("1700000000", "D:20231114221320Z"),
                                          ("0", "D:19700101000000Z")])
def test_source_date_epoch_sets_the_pdf_creation_date_deterministically(
        epoch: str, stamp: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    pdfs = []
    for out in (tmp_path / "one" / "out", tmp_path / "two" / "out"):
        build(Config(manuscript=FIXTURE / "manuscript.md",
                     bibliography=FIXTURE / "references.bib", out_dir=out,
                     formats=frozenset({"pdf"}), cache=False))
        pdfs.append((out / "article.pdf").read_bytes())
        with pikepdf.open(out / "article.pdf") as pdf:
            assert str(pdf.docinfo["/CreationDate"]) == stamp
            assert str(pdf.docinfo["/ModDate"]) == stamp
            when = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
            assert pdf.open_metadata().get("{http://ns.adobe.com/xap/1.0/}CreateDate") == \
                when.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert pdfs[0] == pdfs[1]
