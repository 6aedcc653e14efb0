"""Writing outputs so that a failed build loses nothing.

Everything is written into a staging folder beside the output folder; only when the whole build
has succeeded does the staging folder replace the output folder. A build that fails or is killed
leaves the previous good output as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
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
    "docx": "article.docx",
}
"""The file each output is written to, inside the output folder."""
SUPPLEMENTS = "supplementary"
"""The subfolder of the output folder that receives the supplementary files."""


@contextlib.contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield a fresh folder to write into; on success it becomes `out_dir`."""
    out_dir = out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(out_dir, "the output folder is a file")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(out_dir)
        stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.{os.getpid()}.",
                                      dir=out_dir.parent))
    except OSError as exc:
        raise InputError(out_dir, f"cannot create the output folder: {exc.strerror}") from None
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _replace(stage, out_dir)


def check_out_dir(out_dir: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output folder whose replacement would destroy work: one that holds an input
    (``--out .``), or an existing folder with files but no output of ours (``--out ~``)."""
    out_dir = out_dir.resolve()
    for path in inputs:
        if path.resolve().is_relative_to(out_dir):
            raise InputError(out_dir, f"the output folder contains the input {path}; it is "
                                      "replaced by every build, so choose another --out")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not any(
            (out_dir / name).exists() for name in (*NAMES.values(), "manifest.json")):
        raise InputError(out_dir, "the output folder has files but no output of a previous "
                                  "build; it is replaced by every build, so choose an empty "
                                  "or new folder")


def _replace(stage: Path, out_dir: Path) -> None:
    stage.chmod(0o755)
    if not out_dir.exists():
        stage.rename(out_dir)
        return
    if _exchange(stage, out_dir):
        shutil.rmtree(stage, ignore_errors=True)  # it now holds the previous output
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.{os.getpid()}.old.",
                                dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    stage.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _remove_stale(out_dir: Path) -> None:
    """Staging folders left by a build that was killed: their process no longer runs."""
    pattern = re.compile(rf"^\.{re.escape(out_dir.name)}\.(\d+)\.")
    for folder in out_dir.parent.iterdir():
        match = pattern.match(folder.name)
        if match and folder.is_dir() and not _running(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so that no moment
    exists, even for a killed build, when the output folder is missing. False where the
    system or file system cannot; the caller then renames twice."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done: int = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0
