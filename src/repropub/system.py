"""The system libraries the PDF is typeset with: found, versioned and named, before WeasyPrint runs.

Takes `system_packages.toml` (which library, which versions, which package provides it on
Debian/Ubuntu, macOS with Homebrew and Fedora) and gives:

- `require()`: every library loads and is recent enough, else one line naming the packages on
  the three platforms (WeasyPrint itself would warn, or degrade silently: without HarfBuzz's
  subsetter its embedded fonts differ from build to build). It opens the libraries with
  ctypes, which costs milliseconds, so a rebuild the cache answers never imports WeasyPrint.
- `versions()` and `font_set()`: what the manifest records and the PDF's cache key includes.
- A command line that runs with the system Python before any set-up (stdlib only), used by
  the Makefile, `.ci/run` and the workflows, so that all install from the same list:

      PYTHONPATH=src python3 -m repropub.system packages debian [libraries|tools|all] [--missing]
      PYTHONPATH=src python3 -m repropub.system setup     # install what is missing, if it can
      PYTHONPATH=src python3 -m repropub.system check     # each library and its version
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repropub.errors import ToolError

TABLE = Path(__file__).with_name("system_packages.toml")
PLATFORMS = {"debian": "Debian/Ubuntu", "homebrew": "macOS", "fedora": "Fedora"}
INSTALL = {"debian": "sudo apt-get install -y", "homebrew": "brew install",
           "fedora": "sudo dnf install -y"}


@dataclass(frozen=True)
class Library:
    name: str
    what: str
    version: str | None
    """The version it reports, ``present`` when it has no version call, None when missing."""
    problem: str | None
    """Why it cannot be used (missing, too old), or None."""


@functools.cache
def table() -> dict[str, Any]:
    with TABLE.open("rb") as handle:
        return tomllib.load(handle)


def packages(platform: str, group: str = "libraries", *, missing: bool = False) -> list[str]:
    """The packages `group` (``libraries``, ``tools`` or ``all``) needs on `platform`, each
    once; with `missing`, only those of the libraries that do not load and of the commands
    not on PATH (a command installed some other way, such as Node.js from its own
    repository, is left alone)."""
    data = table()
    absent = {lib.name for lib in probe() if lib.problem}
    names = []
    if group in ("libraries", "all"):
        names += [p for name, lib in data["libraries"].items()
                  if not missing or name in absent for p in lib[platform]]
    if group in ("tools", "all"):
        names += [p for command, tool in data["tools"].items()
                  if not missing or shutil.which(command) is None for p in tool[platform]]
    return list(dict.fromkeys(names))


@functools.cache
def probe() -> tuple[Library, ...]:
    """Every library of the table: loaded, its version read and compared with the minimum."""
    found = []
    for name, spec in table()["libraries"].items():
        handle = _open(spec["files"])
        version, problem = None, None
        if handle is None:
            problem = "is missing"
        else:
            version = _version(handle, spec["version"]) or "present"
            if spec["minimum"] and _parts(version) < _parts(spec["minimum"]):
                problem = f"is {version}, older than the {spec['minimum']} needed"
        found.append(Library(name, spec["what"], version, problem))
    return tuple(found)


def require() -> None:
    """Stop with one line when a library the PDF needs is missing or too old."""
    bad = [lib for lib in probe() if lib.problem]
    if bad:
        raise ToolError(f"cannot typeset the PDF: {'; '.join(f'{b.what} {b.problem}' for b in bad)}"
                        f"; install {install_hint({b.name for b in bad})}")


def install_hint(names: set[str]) -> str:
    """The package names per platform, as commands: one line for all three."""
    specs = table()["libraries"]
    hints = []
    for platform, label in PLATFORMS.items():
        wanted = dict.fromkeys(p for n in sorted(names)
                               for p in specs[n][platform])
        hints.append(f"`{INSTALL[platform]} {' '.join(wanted)}` ({label})")
    return ", ".join(hints[:-1]) + " or " + hints[-1]


def versions() -> dict[str, str]:
    """The libraries' versions, for the manifest and the cache keys."""
    return {lib.name: lib.version or "missing" for lib in probe()}


@functools.cache
def font_set() -> str:
    """A hash of the font files fontconfig offers (path, size, modification time): a font
    installed, removed or updated on this machine changes it, so no PDF typeset with the old
    fallback fonts is reused. The fonts a PDF actually used are hashed in full afterwards."""
    digest = hashlib.sha256()
    for path in _fontconfig_files():
        try:
            stat = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _fontconfig_files() -> list[str]:
    """The files of fontconfig's current font set, read through its C API."""
    handle = _open(table()["libraries"]["fontconfig"]["files"])
    if handle is None:
        return []
    handle.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    handle.FcConfigGetFonts.restype = ctypes.POINTER(_FcFontSet)
    handle.FcConfigGetFonts.argtypes = [ctypes.c_void_p, ctypes.c_int]
    handle.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                          ctypes.POINTER(ctypes.c_char_p)]
    handle.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = handle.FcInitLoadConfigAndFonts()
    if not config:
        return []
    try:
        fonts = handle.FcConfigGetFonts(config, 0)  # FcSetSystem
        if not fonts:
            return []
        files = []
        value = ctypes.c_char_p()
        for i in range(fonts.contents.nfont):
            if handle.FcPatternGetString(fonts.contents.fonts[i], b"file", 0,
                                         ctypes.byref(value)) == 0 and value.value:
                files.append(os.fsdecode(value.value))
        return sorted(files)
    finally:
        handle.FcConfigDestroy(config)


class _FcFontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int),
                ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def _open(files: list[str]) -> ctypes.CDLL | None:
    for name in files:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _version(handle: ctypes.CDLL, call: str) -> str | None:
    if not call:
        return None
    function = getattr(handle, call, None)
    if function is None:
        return None
    if call == "FcGetVersion":  # an int, major * 10000 + minor * 100 + revision
        function.restype = ctypes.c_int
        number = function()
        return f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    function.restype = ctypes.c_char_p
    return str(function().decode())


def _parts(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split(".")[:3])


def setup() -> int:
    """Install the missing libraries where this runs as root with apt; elsewhere say the one
    command to run. 0 when everything is there afterwards."""
    missing = {lib.name for lib in probe() if lib.problem}
    if not missing:
        return 0
    if shutil.which("apt-get") and os.geteuid() == 0:
        names = packages("debian")
        print(f"installing the system libraries the PDF needs: {' '.join(names)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *names],
                       check=True, env=env)
        probe.cache_clear()
        missing = {lib.name for lib in probe() if lib.problem}
        if not missing:
            return 0
    platform = next((p for p, tool in (("debian", "apt-get"), ("homebrew", "brew"),
                                       ("fedora", "dnf")) if shutil.which(tool)), None)
    try:
        require()
    except ToolError as exc:
        if platform is None:
            print(f"error: {exc}", file=sys.stderr)
        else:
            wanted = [p for n in sorted(missing)
                      for p in table()["libraries"][n][platform]]
            print(f"error: {str(exc).split('; install')[0]}; run: "
                  f"{INSTALL[platform]} {' '.join(dict.fromkeys(wanted))}", file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    missing = "--missing" in argv
    argv = [a for a in argv if a != "--missing"]
    if argv[:1] == ["packages"] and len(argv) in (2, 3) and argv[1] in PLATFORMS and \
            argv[2:] in ([], ["libraries"], ["tools"], ["all"]):
        print(" ".join(packages(argv[1], argv[2] if len(argv) == 3 else "libraries",
                                missing=missing)))
        return 0
    if argv == ["setup"]:
        return setup()
    if argv == ["check"]:
        for lib in probe():
            print(f"{lib.name}: {lib.version or '-'}{f' ({lib.problem})' if lib.problem else ''}")
        return 2 if any(lib.problem for lib in probe()) else 0
    print("usage: python -m repropub.system packages debian|homebrew|fedora "
          "[libraries|tools|all] [--missing] | setup | check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
