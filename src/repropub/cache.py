"""Incremental rebuilds: the results of the slow stages, kept by the hash of their inputs.

Pandoc's rendering of the body and of "Cite this article", and WeasyPrint's PDF, are stored in
the user's cache folder (`Config.cache_dir`) under a key that hashes everything they depend on
(text, bibliography, style, template, tool versions, source date). A rebuild with nothing changed
renders nothing; a change invalidates exactly the results whose inputs it touches: a new
stylesheet re-typesets the PDF but reuses pandoc's work, a new bibliography redoes both.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KEEP = 24
"""Entries kept per kind; older ones are removed after each build."""


@functools.cache
def code_fingerprint() -> str:
    """A hash of this package's own source: a result made by other code is never reused."""
    package = Path(__file__).parent
    return fingerprint(*(p.read_bytes() for p in sorted(package.rglob("*"))
                         if p.suffix in (".py", ".yaml") and p.is_file()))


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
    folder: Path | None
    """None switches caching off."""
    reused: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)

    def remember(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The stored result for `key`, or `make()`'s, which is then stored."""
        key = fingerprint(code_fingerprint(), key)
        path = self.folder / kind / key if self.folder else None
        if path is not None and path.is_file():
            try:
                data = path.read_bytes()
            except OSError:
                data = None
            if data is not None:
                os.utime(path)
                self.reused.append(kind)
                return data
        data = make()
        self.rendered.append(kind)
        if path is not None:
            self._store(path, data)
        return data

    def _store(self, path: Path, data: bytes) -> None:
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
