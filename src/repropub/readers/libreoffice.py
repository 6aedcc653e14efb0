"""Reading the formats only an office suite opens (Word 97-2003 .doc, RTF, flat OpenDocument
.fodt): LibreOffice converts a copy to .docx, which the Word reader reads.

Takes the path of a `.doc`, `.rtf` or `.fodt` and gives the `Manuscript` the Word reader makes of
LibreOffice's conversion, naming the original file: its paragraphs are the ones Word counts
(LibreOffice keeps empty paragraphs, table cells, footnotes, tracked changes and, from RTF, the
citation fields), so a finding's paragraph is one the editor can find. LibreOffice (7.4)
drops the text of every ``ADDIN`` field of a .doc, which is where Zotero, Mendeley, EndNote
and Citavi keep their citations: `doc_fields` puts them back from the file's own text, or the
file is refused with what to do rather than checked without its citations. Pandoc's RTF reader was
measured and not chosen: it drops empty paragraphs (every later paragraph number is then
wrong) and the fields Zotero and Mendeley write. LibreOffice runs headless, on a copy in a
private temporary folder with a private profile (the editor's file is never opened in place,
where LibreOffice would leave its lock file), under a time limit, its whole process group
killed when the limit passes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from repropub.errors import InputError
from repropub.limits import DEFAULT_LIMITS, Limits, check_file
from repropub.manuscript import Manuscript
from repropub.readers import doc_fields, docx

TIMEOUT = 120.0
"""Seconds LibreOffice may take to convert one file (about 1 s for a 20-page article)."""

# The private profile's settings: no macro runs (a .doc may carry VBA), and no image or link
# of the document is fetched from a server the document names.
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
  oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
  oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
  oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""

_NAMES = {"doc": "a Word 97-2003 document (.doc)", "rtf": "an RTF document",
          "fodt": "a flat OpenDocument text (.fodt)"}


def read(path: Path, limits: Limits = DEFAULT_LIMITS, *,
         kind: Literal["doc", "rtf", "fodt"] = "doc") -> Manuscript:
    """Read a `.doc` (or, as `kind` says, an RTF file or a flat OpenDocument text) through
    LibreOffice's conversion."""
    check_file(path, limits, "package_bytes")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(path, f"this is {_NAMES[kind]}, which is read through LibreOffice, "
                               "and LibreOffice is not installed (apt-get install "
                               "libreoffice-writer-nogui); or save it as .docx", 1)
    with tempfile.TemporaryDirectory(prefix="repropub-lo-") as folder:
        work = Path(folder)
        copy = work / f"manuscript.{kind}"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            raise InputError(path, f"cannot read it: {exc.strerror}", 1) from None
        restore = _field_restorer(copy, path) if kind == "doc" else None
        converted = _convert(soffice, copy, work, path)
        try:
            return docx.read(converted, limits, source=path, restore=restore)
        except doc_fields.Unreadable:
            raise _lost_fields(path) from None


def _field_restorer(copy: Path, original: Path) -> docx.Restore | None:
    """What puts back the ``ADDIN`` fields LibreOffice drops; None when there are none. A text
    stream this module cannot read is refused only when it holds such a field."""
    try:
        found = doc_fields.stories(copy)
    except doc_fields.Unreadable:
        if _has_addin_fields(copy):
            raise _lost_fields(original) from None
        return None
    if not any(p.fields for p in found):
        return None
    return lambda paragraphs, fields, comments: doc_fields.restore(found, paragraphs, fields,
                                                                   comments)


def _lost_fields(path: Path) -> InputError:
    return InputError(path, "this Word 97-2003 document (.doc) holds fields (citations by "
                            "Zotero, Mendeley, EndNote or Citavi) that could not be placed in "
                            "LibreOffice's reading of it (tracked changes?); open it in Word "
                            "and save it as .docx", 1)


def _has_addin_fields(path: Path) -> bool:
    """Whether the document's text holds an ``ADDIN`` field instruction: Word keeps a field's
    instruction in the text stream itself, in one byte per character or in UTF-16 (a guess
    for a stream whose piece table could not be read)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = ole.openstream("WordDocument").read()
    except Exception:  # olefile raises many kinds of error; LibreOffice then says its own
        return False
    return any(mark.encode(codec) in stream for codec in ("cp1252", "utf-16-le")
               for mark in ("\x13 ADDIN ", "\x13ADDIN "))


def _convert(soffice: str, copy: Path, work: Path, original: Path) -> Path:
    out = work / "out"
    settings = work / "profile" / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True)
    settings.write_text(_SETTINGS, encoding="utf-8")
    command = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(copy)]
    # soffice is a script that starts soffice.bin: a new session lets the time limit end both
    with subprocess.Popen(command, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, start_new_session=True,
                          env={**os.environ, "HOME": str(work)}) as process:
        try:
            said, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise InputError(original, f"LibreOffice did not convert it within {TIMEOUT:g} s; "
                                       "save it as .docx", 1) from None
    result = out / "manuscript.docx"
    if process.returncode != 0 or not result.is_file():
        last = (said or b"").decode("utf-8", "replace").strip().splitlines()
        raise InputError(original, "LibreOffice could not convert it (damaged?"
                                   f"{': ' + last[-1] if last else ''}); save it as .docx", 1)
    return result
