"""Reproducible builds: the same sources give the same bytes, wherever and whenever they are built.

The `deposit-article` fixture (every output, the Crossref deposit included) and a copy of the
journal templates are placed in two different temporary folders and built there from scratch
(no cache), each from its own working directory with relative paths, at least a second apart.

Across machines (`machines`): two `build.py` processes with different HOME, TZ, locale
variables (a locale the machine lacks still reaches any tool that reads them), umask,
PYTHONHASHSEED and cache, the second reading its sources through a shuffled directory listing;
then `build.py verify` on a copy of the first project in a third environment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# Across machines: two builds as two different machines would run them, each in a process of
# its own with its own HOME, time zone, locale, umask, hash seed and cache, the second reading
# its sources through a shuffled directory listing (disorderfs where FUSE works, else a copy
# made in reverse order); then `verify` run on a copy of the first project, as a reader would.

ENVIRONMENTS = (
    {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1", "umask": 0o022},
    {"TZ": "Pacific/Kiritimati", "LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8",
     "PYTHONHASHSEED": "4242", "umask": 0o077},
)


def copy_in_reverse_order(source: Path, target: Path) -> None:
    """Copy `source`, creating each folder's entries in reverse name order, so that a listing
    in creation order differs from the original's."""
    target.mkdir()
    for entry in sorted(source.iterdir(), reverse=True):
        if entry.is_dir():
            copy_in_reverse_order(entry, target / entry.name)
        else:
            shutil.copy2(entry, target / entry.name)


@contextmanager
def shuffled_view(source: Path, mountpoint: Path) -> Iterator[tuple[Path, str]]:
    """`source` seen with its directory entries in a shuffled order, and how."""
    mountpoint.mkdir()
    disorderfs = shutil.which("disorderfs")
    if disorderfs and Path("/dev/fuse").exists():
        done = subprocess.run([disorderfs, "--shuffle-dirents=yes", "--multi-user=no",
                               str(source), str(mountpoint)], capture_output=True, text=True,
                              check=False, timeout=60)
        if done.returncode == 0:
            try:
                yield mountpoint, "disorderfs"
            finally:
                subprocess.run(["fusermount3" if shutil.which("fusermount3") else "fusermount",
                                "-u", str(mountpoint)], check=False, timeout=60)
            return
    mountpoint.rmdir()
    copy_in_reverse_order(source, mountpoint)
    yield mountpoint, "reverse-order copy"


def run_as_machine(project: Path, machine: dict[str, Any], home: Path,
                   *args: str) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "TZ": machine["TZ"],
           "LANG": machine["LANG"], "LC_ALL": machine["LC_ALL"],
           "PYTHONHASHSEED": machine["PYTHONHASHSEED"], "REPROPUB_CACHE": str(home / "cache")}
    umask = machine["umask"]
    return subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600, check=False,
                          preexec_fn=lambda: os.umask(umask))


BUILD_PY = Path(__file__).resolve().parents[1] / "build.py"
SOURCES = ("manuscript.md", "references.bib")


@pytest.fixture(scope="module")
def machines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("machines")
    first = root / "first" / "project"
    first.parent.mkdir()
    first.mkdir()
    for name in SOURCES:
        shutil.copy2(FIXTURE / name, first / name)
    shutil.copytree(DEFAULT_TEMPLATES, first / "templates")
    args = ("manuscript.md", "--bib", "references.bib", "--templates", "templates",
            "--out", "out")
    one = run_as_machine(first, ENVIRONMENTS[0], root / "home-one", *args)
    second_sources = root / "second-sources"
    copy_in_reverse_order(first, second_sources)
    shutil.rmtree(second_sources / "out")
    with shuffled_view(second_sources, root / "second") as (second, how):
        two = run_as_machine(second, ENVIRONMENTS[1], root / "home-two", *args)
        second_out = files(second / "out")
        listing = [p.name for p in os.scandir(second / "templates" / "fonts")]
    copied = Path(shutil.copytree(first, root / "copied" / "project"))
    verified = run_as_machine(copied, ENVIRONMENTS[1], root / "home-three", "verify",
                              "out/manifest.json")
    return {"one": one, "two": two, "first": files(first / "out"), "second": second_out,
            "how": how, "listing": listing, "verified": verified,
            "fonts": sorted(os.listdir(first / "templates" / "fonts"))}


def test_builds_as_two_different_machines_are_byte_identical(machines: dict[str, Any]) -> None:
    assert machines["one"].returncode == 0, machines["one"].stderr
    assert machines["two"].returncode == 0, machines["two"].stderr
    first, second = machines["first"], machines["second"]
    assert "article.pdf" in first and "manifest.json" in first
    assert first.keys() == second.keys()
    assert sorted(name for name in first if first[name] != second[name]) == []


def test_the_second_machine_saw_its_sources_in_another_order(machines: dict[str, Any]) -> None:
    assert machines["how"] in ("disorderfs", "reverse-order copy")
    assert sorted(machines["listing"]) == machines["fonts"]
    assert machines["listing"] != machines["fonts"]


def test_verify_on_a_copy_of_the_project_on_another_machine_reproduces_it(
        machines: dict[str, Any]) -> None:
    verified = machines["verified"]
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("verified: all ")
