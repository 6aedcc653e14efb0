"""Opening a Word or ODT file: a zip package of XML parts, read as untrusted input.

Takes the path of a `.docx` or `.odt` and gives its XML parts parsed with lxml. A file that is
not a zip, a part that decompresses past `package-part-bytes` (a zip bomb), XML with a DOCTYPE
(entity expansion, external entities) or broken XML each stop the check with one line naming
the file and the part. Nothing is extracted to disk and nothing is fetched.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from repropub.errors import InputError
from repropub.limits import Limits, check_file

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The compound-file signature of a Word 97-2003 .doc, and of a password-protected .docx."""

_CHUNK = 1 << 16


class Package:
    """A zip package opened for reading; close it with `close()` or a `with` block."""

    def __init__(self, path: Path, limits: Limits, what: str) -> None:
        self.path, self.limits, self.what = path, limits, what
        if not path.exists():
            raise InputError(path, f"{what} not found")
        if path.is_dir():
            raise InputError(path, f"{what} is a directory, not a file")
        check_file(path, limits, "package_bytes")
        try:
            with path.open("rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            raise InputError(path, f"cannot read {what}: {exc.strerror}") from None
        if head == _OLE:
            raise InputError(path, f"{what} is a Word 97-2003 file or is password-protected: "
                                   "save it unprotected as .docx")
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise InputError(path, f"{what} is not a zip package (damaged, or not a "
                                   f"{path.suffix} file)") from None

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    def has(self, name: str) -> bool:
        try:
            self.zip.getinfo(name)
        except KeyError:
            return False
        return True

    def read(self, name: str) -> bytes:
        """A part's bytes, decompressed a chunk at a time so that a part claiming a small size
        in its header but inflating without end stops at the limit."""
        limit = self.limits.package_part_bytes
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            raise InputError(self.path, f"{self.what} has no part {name}") from None
        if info.file_size > limit:
            raise self.limits.exceeded("package_part_bytes", self.path,
                                       f"its part {name} has {info.file_size:,} bytes")
        data = bytearray()
        try:
            with self.zip.open(info) as part:
                while chunk := part.read(_CHUNK):
                    data += chunk
                    if len(data) > limit:
                        raise self.limits.exceeded(
                            "package_part_bytes", self.path,
                            f"its part {name} decompresses to more bytes than its header says")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError) as exc:
            raise InputError(self.path, f"{self.what} is damaged: cannot read its part {name} "
                                        f"({exc})") from None
        return bytes(data)

    def xml(self, name: str) -> Any:
        """A part parsed as XML: no DTD, no entities, no network, libxml2's own size limits."""
        data = self.read(name)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_blank_text=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if isinstance(exc.lineno, int) else None
            raise InputError(self.path, f"{self.what} is damaged: its part {name} is not "
                                        f"well-formed XML (line {line}: {exc.msg})") from None
        if root.getroottree().docinfo.doctype:
            raise InputError(self.path, f"{self.what} has a DOCTYPE in its part {name}: "
                                        "entities are not read in an untrusted file")
        return root
