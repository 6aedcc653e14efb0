"""Incremental rebuilds: the results of the slow stages, kept by the hash of their inputs.

Pandoc's reading of the `.bib`, its rendering of the body and of "Cite this article", the
formulas typeset for print, and WeasyPrint's PDF, are stored in
the user's cache folder (`Config.cache_dir`) under a key that hashes everything they depend on
(text, bibliography, style, template, tool versions, source date; for the PDF also the system
libraries' versions and the machine's font set). A rebuild with nothing changed renders
nothing; a change invalidates exactly the results whose inputs it touches: a new stylesheet
re-typesets the PDF but reuses pandoc's work, a new bibliography redoes both.

`info()` and `clear()` answer ``build.py cache info|clear``.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KEEP = 24
"""Entries kept per kind; older ones are removed after each build."""
KINDS = ("bib", "csl", "body", "citeproc", "cite", "math", "pdf", "build", "table", "front")
"""The slow stages whose results are kept, one subfolder each; ``csl`` holds the styles derived
for pandoc (see `repropub.disambiguation`), ``citeproc`` what citeproc did to the last text of
a body, replayed after an edit that cites nothing new (see `repropub.body.render_page_body`),
``build`` the records of whole builds that let a rebuild with nothing changed answer at once
(see `repropub.uptodate`), ``table`` the package's own YAML tables as parsed and ``front``
what was read from a front matter (see `repropub.tables`)."""


def default_folder() -> Path:
    """``$REPROPUB_CACHE``, else ``$XDG_CACHE_HOME/repropub`` (``~/.cache/repropub``)."""
    if os.environ.get("REPROPUB_CACHE"):
        return Path(os.environ["REPROPUB_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "repropub"


@dataclass(frozen=True)
class Usage:
    """What the cache holds, per kind (``build.py cache info``)."""

    folder: Path
    entries: dict[str, tuple[int, int]]
    """Kind -> (number of entries, bytes)."""

    @property
    def total(self) -> tuple[int, int]:
        return (sum(n for n, _ in self.entries.values()),
                sum(b for _, b in self.entries.values()))


def info(folder: Path) -> Usage:
    """What the cache in `folder` holds, per kind."""
    entries = {}
    for kind in KINDS:
        files = [p for p in (folder / kind).glob("*") if p.is_file()] \
            if (folder / kind).is_dir() else []
        entries[kind] = (len(files), sum(p.stat().st_size for p in files))
    return Usage(folder, entries)


def clear(folder: Path) -> Usage:
    """Remove every entry (only the cache's own subfolders: `folder` may be shared) and say
    what was removed."""
    import shutil

    usage = info(folder)
    for kind in KINDS:
        if (folder / kind).is_dir():
            shutil.rmtree(folder / kind)
    return usage


@functools.cache
def code_fingerprint() -> str:
    """A hash of this package's own source, its pandoc filters and data tables: a result made
    by other code is never reused."""
    # os.walk, not Path.rglob: every check pays for this, and plain strings (sorted by their
    # parts, as paths sort) skip building a Path per file and __pycache__'s compiled files
    found = []
    for folder, subfolders, files in os.walk(Path(__file__).parent):
        subfolders[:] = [s for s in subfolders if s != "__pycache__"]
        found += [os.path.join(folder, f) for f in files
                  if f.endswith((".py", ".yaml", ".lua", ".toml"))]
    parts = []
    for path in sorted(found, key=lambda p: p.split(os.sep)):
        with open(path, "rb") as source:
            parts.append(source.read())
    return fingerprint(*parts)


def fingerprint(*parts: bytes | str) -> str:
    """A SHA-256 over the parts, each length-prefixed so that no two lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@dataclass
class Cache:
    """The cache folder of one run, and what it reused and rendered."""

    folder: Path | None
    """None switches caching off."""
    reused: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)

    def remember(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The stored result for `key`, or `make()`'s, which is then stored."""
        if self.folder is None:  # --no-cache: nothing to look up, so no key to compute
            self.rendered.append(kind)
            return make()
        key = fingerprint(code_fingerprint(), key)
        data = self.get(kind, key)
        if data is not None:
            self.reused.append(kind)
            return data
        data = make()
        self.rendered.append(kind)
        self.put(kind, key, data)
        return data

    def holds(self, kind: str, key: str) -> bool:
        """Whether `remember(kind, key, ...)` would reuse a stored result."""
        return self.folder is not None and (
            self.folder / kind / fingerprint(code_fingerprint(), key)).is_file()

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry stored under `key` exactly (no code fingerprint added), or None."""
        path = self.folder / kind / key if self.folder else None
        if path is None or not path.is_file():
            return None
        try:
            data = path.read_bytes()
            os.utime(path)
        except OSError:
            return None
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store `data` under `key` exactly; the oldest entries of `kind` beyond `KEEP` go."""
        import tempfile  # only when writing: a rebuild the cache answers reads only

        if self.folder is None:
            return
        path = self.folder / kind / key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
            entries = sorted(path.parent.iterdir(), key=lambda p: p.stat().st_mtime)
            for old in entries[:-KEEP]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time
