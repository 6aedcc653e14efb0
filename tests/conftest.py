"""Shared fixtures: the flagship article built once per session, its parsed page, the validators.

The full build (pandoc + WeasyPrint) is the slow part of the suite, so `flagship` runs it once
into a session temporary folder and every test that needs an output reads from there. Tests that
use it (directly or through `page`) are marked `slow` here; tests that build a small fixture
article carry the mark themselves. `-m "not slow"` runs the quick unit tests only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html
from pages import Flagship, parse_html

from repropub.bibliography import Bibliography, load_bibliography
from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT, Config
from repropub.manuscript import Manuscript, read_manuscript
from repropub.pipeline import build

REPO = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"flagship", "math_article"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite renders into a cache of its own, not the user's ~/.cache/repropub."""
    os.environ["REPROPUB_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session", autouse=True)
def neutral_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite runs from a folder of its own, so the project's own settings (pyproject.toml
    [tool.repropub]) do not change the fixtures' findings; a test about settings changes into
    a fixture project's folder."""
    with pytest.MonkeyPatch.context() as env:
        env.chdir(tmp_path_factory.mktemp("cwd"))
        yield


@pytest.fixture(scope="session")
def flagship(tmp_path_factory: pytest.TempPathFactory) -> Flagship:
    """The project's own article, built with the default config, once per session."""
    out_dir = tmp_path_factory.mktemp("flagship") / "out"
    return Flagship(build(Config(out_dir=out_dir)), out_dir)


@pytest.fixture(scope="session")
def page(flagship: Flagship) -> html.HtmlElement:
    """The flagship's HTML page, parsed."""
    return parse_html(flagship.html_path)


@pytest.fixture(scope="session")
def manuscript() -> Manuscript:
    return read_manuscript(DEFAULT_MANUSCRIPT)


@pytest.fixture(scope="session")
def bibliography() -> Bibliography:
    return load_bibliography(DEFAULT_BIBLIOGRAPHY)


@pytest.fixture(scope="session")
def validators() -> Path:
    """The shared validation kit: $VALIDATORS_DIR, else `<repo>/../shared/validators`."""
    configured = os.environ.get("VALIDATORS_DIR")
    folder = Path(configured) if configured else REPO.parent / "shared" / "validators"
    if not (folder / "README.md").is_file():
        pytest.skip(f"validation kit not found at {folder} (set VALIDATORS_DIR to its folder)")
    return folder


DEPOSIT = REPO / "tests" / "fixtures" / "deposit-article"
"""A small article whose front matter configures every export: a journal ISSN (JATS Journal
Publishing), `url:` and `crossref:` (the Crossref deposit), two authors and a DOI'd reference."""


@pytest.fixture(scope="session")
def deposit(tmp_path_factory: pytest.TempPathFactory) -> Flagship:
    """The `deposit-article` fixture built with every format, once per session, dated by its
    publication date (any SOURCE_DATE_EPOCH in the environment is ignored here)."""
    out_dir = tmp_path_factory.mktemp("deposit") / "out"
    with pytest.MonkeyPatch.context() as env:
        env.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = build(Config(manuscript=DEPOSIT / "manuscript.md",
                              bibliography=DEPOSIT / "references.bib", out_dir=out_dir))
    return Flagship(result, out_dir)


MATH = REPO / "tests" / "fixtures" / "math-article"
"""A short paper with inline and displayed formulas, numbered equations, a figure, a two-row
table, a wide table, a long table and cross-references to each (pandoc-crossref syntax)."""


@pytest.fixture(scope="session")
def math_article(tmp_path_factory: pytest.TempPathFactory) -> Flagship:
    """The `math-article` fixture built in every format, once per session."""
    out_dir = tmp_path_factory.mktemp("math") / "out"
    result = build(Config(manuscript=MATH / "manuscript.md", bibliography=MATH / "references.bib",
                          out_dir=out_dir))
    return Flagship(result, out_dir)
