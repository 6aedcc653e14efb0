"""Writing outputs so that a failed build loses nothing.

Everything is written into a staging folder beside the output folder; only when the whole build
has succeeded does the staging folder replace the output folder. A build that fails or is killed
leaves the previous good output as it was.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from repropub.errors import InputError

NAMES = {
    "html": "article.html",
    "pdf": "article.pdf",
    "jats": "article.jats.xml",
    "crossref": "article.crossref.xml",
    "csljson": "article.json",
    "bibtex": "article.bib",
    "ris": "article.ris",
}
"""The file each output is written to, inside the output folder."""


@contextlib.contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield a fresh folder to write into; on success it becomes `out_dir`."""
    out_dir = out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(out_dir, "the output folder is a file")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    except OSError as exc:
        raise InputError(out_dir, f"cannot create the output folder: {exc.strerror}") from None
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _replace(stage, out_dir)


def _replace(stage: Path, out_dir: Path) -> None:
    stage.chmod(0o755)
    if not out_dir.exists():
        stage.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    stage.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
