"""Supplementary files: named in the front matter, confined, copied beside the page.

Takes the manuscript and gives the files to copy into ``supplementary/`` in the output folder.
Like an image (see `repropub.media`), a supplementary file must be a regular file inside the
manuscript's folder, reached without ``..`` or a symlink leading out, so that an untrusted
manuscript cannot publish a file from the editor's disk.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

from repropub.errors import InputError, InputErrors
from repropub.manuscript import Manuscript
from repropub.outputs import SUPPLEMENTS


def collect_supplements(manuscript: Manuscript) -> tuple[Path, ...]:
    """The supplementary files' paths, checked; every bad one is reported at once."""
    folder = manuscript.path.resolve().parent
    found: list[Path] = []
    errors: list[InputError] = []
    for item in manuscript.metadata.supplements:
        try:
            found.append(_confine(item.file, folder))
        except ValueError as refused:
            at = manuscript.text.find(item.file)
            line = manuscript.text.count("\n", 0, at) + 1 if at >= 0 else None
            errors.append(InputError(manuscript.path,
                                     f"supplementary file {item.file!r}: {refused}", line))
    names = [p.name for p in found]
    for name in {n for n in names if names.count(n) > 1}:
        errors.append(InputError(manuscript.path, f"two supplementary files are named {name!r}"))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)
    return tuple(found)


def copy_supplements(files: tuple[Path, ...], out_dir: Path) -> None:
    """Copy the files, flat, into the output folder's `SUPPLEMENTS` subfolder."""
    if files:
        (out_dir / SUPPLEMENTS).mkdir()
    for source in files:
        shutil.copyfile(source, out_dir / SUPPLEMENTS / source.name)


def _confine(name: str, folder: Path) -> Path:
    if name.startswith(("/", "\\")) or "://" in name:
        raise ValueError("give a path relative to the manuscript")
    source = (folder / name).resolve()
    if not source.is_relative_to(folder):
        raise ValueError("it is outside the manuscript's folder (through '..' or a symlink)")
    try:
        mode = source.stat().st_mode
    except OSError:
        raise ValueError("file not found") from None
    if not stat.S_ISREG(mode):
        raise ValueError("not a regular file")
    return source
