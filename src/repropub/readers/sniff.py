"""What a file is, from its first bytes rather than its name: editors receive Word files saved
under the wrong suffix, templates (.dotx), macro-enabled documents (.docm), ODT files renamed
.zip, and Word 97-2003 files named .docx.

Takes a path and gives a `Sniffed`: the reader to use (``docx``, ``odt``, ``doc``, ``rtf``),
or None with a phrase saying what the file is ("a PDF", "an Excel workbook") when no reader
can take it, or None without a phrase when the file is text and its suffix decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from repropub.errors import InputError

Kind = Literal["docx", "odt", "doc", "rtf", "fodt"]

TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".tex", ".latex")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEAD = 8192

# Signatures of files a manuscript is sometimes sent as, that no reader here takes.
_MAGIC = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xffWPC", "a WordPerfect document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"%!PS", "a PostScript file"),
)

# OpenDocument and other zip packages, by their `mimetype` part.
_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation",
    "application/vnd.oasis.opendocument.text-master": "an OpenDocument master document",
    "application/epub+zip": "an EPUB e-book",
}

# Office Open XML packages other than Word's, by the part each always has.
_OOXML_PARTS = (("xl/workbook.xml", "an Excel workbook"),
                ("ppt/presentation.xml", "a PowerPoint presentation"))

# Compound files, by the stream that names their application.
_OLE_STREAMS = (("EncryptionInfo", "a password-protected Office file"),
                ("Workbook", "an Excel 97-2003 workbook"),
                ("Book", "an Excel 95 workbook"),
                ("PowerPoint Document", "a PowerPoint 97-2003 presentation"),
                ("__substg1.0_0037001F", "an Outlook message"),
                ("__substg1.0_0037001E", "an Outlook message"))


@dataclass(frozen=True)
class Sniffed:
    kind: Kind | None = None
    """The reader the content asks for, or None: read by suffix, or refused (`what`)."""
    what: str = ""
    """What the file is, when no reader can take it ("a PDF")."""


def sniff(path: Path) -> Sniffed:
    """What the file at `path` is (see the module's docstring). A file that cannot be opened
    is left to the reader its suffix names, which reports it in its own words."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return Sniffed()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip(path)
    if head.startswith(_OLE):
        return _compound(path)
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return Sniffed("rtf")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return Sniffed(what=what)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        found = _markup(head)
        if found.kind or found.what:
            return found
    # a NUL in a file named as text is a fault its reader points at (file, line); under any
    # other name it is a file no reader takes
    if b"\x00" in head and not _utf16(head) and path.suffix.lower() not in TEXT_SUFFIXES:
        return Sniffed(what="a binary file")
    return Sniffed()


def _markup(head: bytes) -> Sniffed:
    """An XML or HTML file that a word processor wrote: a flat OpenDocument text (.fodt),
    which LibreOffice reads as it reads an .odt, or Word's XML and web-page formats, which
    lose citation fields and superscripts on the way (only the start of the file is looked
    at, and only a file that starts with markup: a Markdown file is never taken for one)."""
    start = head.lower()
    if b"<office:document" in start and b"application/vnd.oasis.opendocument.text" in start:
        return Sniffed("fodt")
    if b"<?mso-application" in start and b"word.document" in start:
        return Sniffed(what="a Word 2003 XML document")
    if b"<html" in start and b"urn:schemas-microsoft-com:office:word" in start:
        return Sniffed(what="a web page saved by Word")
    return Sniffed()


def _utf16(head: bytes) -> bool:
    """A text file saved as UTF-16 (Notepad's "Unicode") has NULs but is text: its reader
    says which encoding to save it in."""
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _zip(path: Path) -> Sniffed:
    import zipfile  # only for zip packages: a Markdown check does without its compressors

    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            mimetype = ""
            if "mimetype" in names and package.getinfo("mimetype").file_size < 200:
                mimetype = package.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        # a damaged .docx or .odt: its reader says so in its own words ("not a zip package")
        return Sniffed() if path.suffix.lower() in (".docx", ".odt") else \
            Sniffed(what="a damaged zip archive")
    if "word/document.xml" in names or "word/document2.xml" in names:
        return Sniffed("docx")  # .docx, .docm, .dotx, .dotm: only the XML is read, never a macro
    if mimetype in _MIMETYPES:
        found = _MIMETYPES[mimetype]
        return Sniffed("odt") if found == "odt" else Sniffed(what=found)
    for part, what in _OOXML_PARTS:
        if part in names:
            return Sniffed(what=what)
    if "index.xml" in names or any(n.startswith("Index/") for n in names):
        return Sniffed(what="an Apple Pages document")
    return Sniffed(what="a zip archive")


def _compound(path: Path) -> Sniffed:
    """A compound file (OLE2): Word 97-2003, or another Office application's file, or an
    Office Open XML file encrypted with a password."""
    import olefile  # only for compound files

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("WordDocument"):
                base = ole.openstream("WordDocument").read(12)
                # FibBase.fEncrypted: LibreOffice would stop at a password prompt
                if len(base) == 12 and int.from_bytes(base[10:12], "little") & 0x0100:
                    return Sniffed(what="a password-protected Word 97-2003 document")
                return Sniffed("doc")
            for stream, what in _OLE_STREAMS:
                if ole.exists(stream):
                    return Sniffed(what=what)
    except Exception as exc:  # olefile raises many kinds of error on a damaged file
        raise InputError(path, "is damaged: it starts as a Word 97-2003 (Office compound) file "
                               f"does, but its contents cannot be read ({exc})") from None
    return Sniffed(what="a compound file (Microsoft Office 97-2003) that holds no Word document")
