"""`build.py init [FOLDER]`: a small working article to start from.

Copies the starter project (`starter/`: the manuscript with every front-matter field
commented, a figure, a table, an equation, citations, a `.bib` and the `repropub.toml` that
makes a plain `build.py` in the folder build it) into a new or empty folder. A folder that
holds anything but dotfiles (a fresh ``.git`` is fine) is refused, so nothing is overwritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from repropub.errors import InputError

STARTER = Path(__file__).with_name("starter")


def init(folder: Path) -> tuple[Path, ...]:
    """Write the starter article into `folder`; return the files written."""
    if folder.exists() and not folder.is_dir():
        raise InputError(folder, "is a file, not a folder")
    if folder.is_dir():
        present = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        if present:
            shown = ", ".join(present[:3]) + (", ..." if len(present) > 3 else "")
            raise InputError(folder, f"the folder is not empty ({shown}); init writes only "
                                     "into a new or empty folder")
    written = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            target = folder / source.relative_to(STARTER)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
    return tuple(written)
