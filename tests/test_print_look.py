"""The printed pages look as reviewed: each page of the journal and preprint PDFs of the project's
article, and of the math fixture, drawn by poppler and compared with its picture in
`tests/golden/` (see `golden_pages.py` for the tolerance and how the pictures are renewed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from golden_pages import CASES, allowed, build_pdf, differing_pixels, golden, pages, save
from pages import Flagship
from PIL import Image, ImageChops

pytestmark = pytest.mark.slow

if shutil.which("pdftoppm") is None:
    pytest.skip("pdftoppm (poppler-utils) is not installed: the printed pages cannot be drawn "
                "to compare them with tests/golden/", allow_module_level=True)


@pytest.fixture(scope="module")
def preprint_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_pdf(CASES["preprint"], tmp_path_factory.mktemp("preprint") / "out")


def _pdf(case: str, request: pytest.FixtureRequest) -> Path:
    """The case's PDF; the journal and math ones come from the session's builds."""
    if case == "preprint":
        path: Path = request.getfixturevalue("preprint_pdf")
        return path
    built: Flagship = request.getfixturevalue({"journal": "flagship",
                                                "math": "math_article"}[case])
    return built.out_dir / "article.pdf"


@pytest.mark.parametrize("case", list(CASES))
def test_every_printed_page_matches_its_reviewed_picture(case: str, request: pytest.FixtureRequest,
                                                         tmp_path: Path) -> None:
    kept = golden(case)
    drawn = pages(_pdf(case, request))
    assert kept, f"no pictures of {case!r} in tests/golden/: run tests/golden_pages.py"
    assert len(drawn) == len(kept), f"{case}: {len(drawn)} pages, the pictures show {len(kept)}"
    unlike = []
    for number, (picture, fresh) in enumerate(zip(kept, drawn, strict=True), start=1):
        reviewed = Image.open(picture)
        assert reviewed.size == fresh.size, f"{case} page {number}: another page size"
        differing = differing_pixels(reviewed, fresh)
        if differing > allowed(fresh):
            # what changed, kept for the reader of the failure: the page as drawn now and
            # its difference from the picture (white where they agree)
            save(fresh, tmp_path / f"{case}-{number}.png")
            ImageChops.invert(ImageChops.difference(reviewed.convert("L"), fresh)).save(
                tmp_path / f"{case}-{number}-difference.png")
            unlike.append(f"page {number}: {differing} pixels differ "
                          f"(at most {allowed(fresh)})")
    assert not unlike, (f"{case}: the printed look changed ({'; '.join(unlike)}); the pages "
                        f"drawn now and their differences are in {tmp_path}")


def test_a_moved_box_is_seen_on_its_page(tmp_path: Path) -> None:
    """The tolerance is not so loose that it misses a real change: the first page's picture
    shifted by one pixel (0.5 mm) differs far beyond it."""
    reviewed = Image.open(golden("journal")[0]).convert("L")
    shifted = ImageChops.offset(reviewed, 0, 1)
    assert differing_pixels(reviewed, shifted) > 10 * allowed(reviewed)
    assert differing_pixels(reviewed, reviewed) == 0


def test_readme_renews_the_pictures_with_this_script_and_its_cases() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Testing\n", 1)[1].split("\n## ", 1)[0]
    renewals = [line.split("#", 1)[0].split() for line in section.splitlines()
                if "golden_pages.py" in line and line.startswith(".venv/bin/python")]
    assert renewals, "README's Testing section shows no command that renews the pictures"
    for words in renewals:
        assert (Path(__file__).resolve().parents[1] / words[1]).is_file()
        assert set(words[2:]) <= set(CASES)
