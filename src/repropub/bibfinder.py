"""Which bibliography a manuscript uses, found the same way by the build and the check.

Takes the `Config` and the `Manuscript` and gives the `.bib` to load, or None for the
manuscript's own reference list. In order: the file given on the command line (or by the
project's settings, which fill the same option); the front matter's ``bibliography:``; a `.bib`
beside the manuscript (``paper.bib`` for ``paper.docx``, else ``references.bib``, else the only
`.bib` in its folder that is not named after another manuscript there: in an editor's folder of
submissions, ``smith.bib`` is ``smith.docx``'s, not every other's). A name in the front matter
is the author's, so it must stay inside the manuscript's folder: an absolute path, ``..`` or a
symlink leading out is refused.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from repropub.config import Config
from repropub.errors import InputError
from repropub.manuscript import Manuscript
from repropub.readers import MANUSCRIPT_SUFFIXES


def find_bibliography(config: Config, manuscript: Manuscript) -> Path | None:
    if config.bibliography is not None:
        return config.bibliography
    folder = manuscript.path.parent
    for named in manuscript.bibliography:
        return _confined(folder, named, manuscript.path)
    for name in (f"{manuscript.path.stem}.bib", "references.bib"):
        if (folder / name).is_file():
            return folder / name
    found = sorted(p for p in folder.glob("*.bib") if p.is_file())
    if found:
        others = {p.stem for p in folder.iterdir() if p.suffix.lower() in MANUSCRIPT_SUFFIXES
                  and p.name != manuscript.path.name}
        found = [p for p in found if p.stem not in others]
    return found[0] if len(found) == 1 else None


def _confined(folder: Path, named: str, manuscript: Path) -> Path:
    written = PurePosixPath(named.replace("\\", "/"))
    if written.is_absolute() or ".." in written.parts or ":" in written.parts[0]:
        raise InputError(manuscript, f"bibliography '{named}' in the front matter must be a "
                                     "file inside the manuscript's folder")
    path = folder / Path(*written.parts)
    if not path.resolve().is_relative_to(folder.resolve()):
        raise InputError(manuscript, f"bibliography '{named}' in the front matter leads "
                                     "outside the manuscript's folder")
    if not path.is_file():
        raise InputError(manuscript, f"bibliography '{named}' named in the front matter "
                                     "not found")
    return path
