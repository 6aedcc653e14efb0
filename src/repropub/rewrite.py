"""Rewriting a source file in place without losing it (used only by `build.py fix`).

`Snapshot.take(path)` reads the file's bytes once, with its size, modification time and
permission bits; `Snapshot.text` is the decoded text as the file has it (its line endings kept,
the UTF-8 byte-order mark set aside) and `Snapshot.encode` gives bytes with the mark back.
`replace_file` refuses a read-only file or one that changed since the snapshot, copies the
original to a new backup (`NAME.bak`, else `NAME.bak.1`, `.2`, ...: never an existing file),
writes the new bytes to a temporary file in the same folder, fsyncs it and renames it over the
file with the original permission bits, so that the file is at every moment either the old
text or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from repropub.errors import InputError

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Snapshot:
    """A source file as it was read."""

    path: Path
    data: bytes
    size: int
    mtime_ns: int
    mode: int

    @classmethod
    def take(cls, path: Path) -> Snapshot:
        try:
            before = path.stat()
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read the manuscript: {exc.strerror}") from None
        return cls(path, data, before.st_size, before.st_mtime_ns, before.st_mode)

    @property
    def bom(self) -> bool:
        return self.data.startswith(BOM)

    @property
    def text(self) -> str:
        """The decoded text with its line endings as written (BOM removed)."""
        return self.data.removeprefix(BOM).decode("utf-8")

    def encode(self, text: str) -> bytes:
        return (BOM if self.bom else b"") + text.encode("utf-8")

    def changed(self) -> bool:
        """Has the file changed on disk since the snapshot (size, mtime, then content)?"""
        try:
            now = self.path.stat()
            if (now.st_size, now.st_mtime_ns) != (self.size, self.mtime_ns):
                return True
            return _digest(self.path.read_bytes()) != _digest(self.data)
        except OSError:
            return True


def replace_file(snapshot: Snapshot, data: bytes) -> Path:
    """Write `data` over the snapshot's file, keeping a backup of the original; return the
    backup's path. Nothing is written when the file is read-only or changed on disk."""
    path = snapshot.path
    target = path.resolve()  # a symlinked manuscript: rewrite the file, keep the link
    if not os.access(target, os.W_OK) or not stat.S_IMODE(snapshot.mode) & 0o222:
        raise InputError(path, "the manuscript is read-only; nothing was written")
    _refuse_if_changed(snapshot)
    temp = _write_temp(target, data, snapshot.mode)
    backup: Path | None = None
    try:
        backup = _backup(target, snapshot)
        _refuse_if_changed(snapshot)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return backup


def _refuse_if_changed(snapshot: Snapshot) -> None:
    if snapshot.changed():
        raise InputError(snapshot.path, "the manuscript changed on disk while it was being "
                                        "fixed; nothing was written (run fix again)")


def _write_temp(target: Path, data: bytes, mode: int) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(target.parent, f"cannot write in the manuscript's folder: "
                                        f"{exc.strerror}") from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fchmod(out.fileno(), stat.S_IMODE(mode))
            os.fsync(out.fileno())
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InputError(target, f"cannot write the fixed manuscript: {exc.strerror}") from None
    return temp


def _backup(target: Path, snapshot: Snapshot) -> Path:
    """The original bytes in the first free `NAME.bak`, `NAME.bak.1`, ... (created exclusively,
    so an existing backup is never overwritten)."""
    for n in itertools.count():
        candidate = target.with_name(target.name + (".bak" if n == 0 else f".bak.{n}"))
        try:
            with open(candidate, "xb") as out:
                out.write(snapshot.data)
                out.flush()
                os.fchmod(out.fileno(), stat.S_IMODE(snapshot.mode))
                os.fsync(out.fileno())
        except FileExistsError:
            continue
        except OSError as exc:
            raise InputError(candidate, f"cannot write the backup: {exc.strerror}") from None
        return candidate
    raise AssertionError("unreachable")


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (where the system lets a folder be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
