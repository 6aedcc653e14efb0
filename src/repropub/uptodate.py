"""A rebuild with nothing changed, answered before the build's own modules load.

A build run from the command line (`record`) keeps, in the cache, under the key of its
invocation, what it read and wrote: every input file with its SHA-256, the output folder's
manifest, and what it printed with its exit code. The key covers everything else that can
change what a build does: the arguments and the working folder, the settings files
(``repropub.toml``, ``pyproject.toml``) from there up, the environment variables that reach the
outputs (``SOURCE_DATE_EPOCH``, the font and cache folders, the locale), the Python, the
installed packages (their ``.dist-info`` names carry the versions; pandoc comes with one) and
this package's own files.

`replay` runs before anything else: when a record for this invocation exists, every input
still has its hash, the manuscript's folder lists the same files (a new ``.bib`` beside it could
be found) and so do the design's folders (a new file there could be used), the output folder
holds exactly the files its manifest lists with their hashes, and, for a PDF, the system
libraries and the machine's fonts are those the record saw, then a build would write the same
bytes: it prints what that build printed and gives its exit code. Anything else, including a
record it cannot read, means a real build. Only the standard library is imported here (and
`repropub.cache`, and `repropub.system`'s ctypes probes for a PDF): a no-op rebuild costs a
tenth of a second, not the imports of the checker's, pandoc's and WeasyPrint's stages.

`--no-cache`, `--references` (the registries may answer differently), ``--allow-host`` (remote
images) and `verify` never write a record, so they always build.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from repropub.cache import Cache, default_folder, fingerprint

KIND = "build"
"""The cache's subfolder of build records."""

FORMAT = 1

NOT_BUILDS = ("check", "verify", "serve", "fix", "cache", "init")
"""The commands other than ``build`` (`repropub.cli.COMMANDS`): never answered from a record."""

ENVIRONMENT = ("SOURCE_DATE_EPOCH", "HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
               "REPROPUB_CACHE", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "LANG", "LC_ALL",
               "LC_CTYPE", "TZ", "PATH", "PYTHONPATH")
"""The environment variables that can change what a build reads, stamps or prints."""

SETTINGS_FILES = ("repropub.toml", "pyproject.toml")

NOTHING_CHANGED = ("nothing changed since the last build: no rendering, pandoc's and "
                   "WeasyPrint's results reused")
"""What a build that rendered nothing says (the command line prints it too)."""

PACKAGE = Path(__file__).resolve().parent

CLOCK_TICK = 20_000_000
"""Nanoseconds a file's modification time may lag the clock (file systems stamp with a coarse
clock): a file stamped this close to the build's start may have changed during it."""


@dataclass(frozen=True)
class Record:
    """One build, as `replay` needs it."""

    inputs: dict[str, str]
    """Every file the build read (absolute path) -> SHA-256."""
    folders: list[tuple[str, bool, list[str]]]
    """The manuscript's folder with the names it held; each of the design's folders with every
    file in it and in its subfolders (recursive: True), as relative paths."""
    out_dir: str
    manifest: str
    """The SHA-256 of the manifest.json the build wrote."""
    system: dict[str, str] | None
    """The system libraries' versions and the font set (with ``fonts``), for a build with a
    PDF; None without one."""
    git_date: list[str] | None
    """The manuscript and the time of its last commit, when that is the date the build
    stamped (no ``SOURCE_DATE_EPOCH``, no publication date)."""
    stdout: str
    stderr: str
    exit_code: int
    format: int = FORMAT


def invocation(argv: Sequence[str]) -> str:
    """The key of running the command line with `argv` here, now."""
    cwd = Path.cwd()
    settings = [f"{folder / name}\0{_sha256(folder / name)}"
                for folder in (cwd, *cwd.parents) for name in SETTINGS_FILES
                if (folder / name).is_file()]
    return fingerprint(json.dumps(list(argv)), str(cwd), *settings,
                       *(f"{name}={os.environ.get(name)}" for name in ENVIRONMENT),
                       sys.executable, sys.version, *_installed(), *_package())


def replay(argv: Sequence[str], *, out: TextIO | None = None,
           err: TextIO | None = None) -> int | None:
    """The exit code of a build that had nothing to do, after printing what the recorded build
    printed; None when the build must run."""
    if argv[:1] and argv[0] in NOT_BUILDS:
        return None
    stored = Cache(default_folder()).get(KIND, invocation(argv))
    if stored is None:
        return None
    try:
        record = Record(**json.loads(stored))
        if record.format != FORMAT or not _unchanged(record):
            return None
    except (OSError, ValueError, TypeError, KeyError):  # _last_commit's failures are OSErrors
        return None
    print(record.stderr, end="", file=err or sys.stderr)
    print(record.stdout + NOTHING_CHANGED, file=out or sys.stdout)
    return record.exit_code


def record(argv: Sequence[str], *, started: int, inputs: Iterable[Path], manuscript: Path,
           design: Iterable[Path], out_dir: Path, pdf: bool, git_dated: bool, stdout: str,
           stderr: str, exit_code: int) -> None:
    """Keep what a build run as `argv` (started at `started`, `time.time_ns()`) read, wrote and
    printed, for `replay`. An input modified since the build started may differ from what the
    build read, so then nothing is kept; a record that cannot be made only costs the next
    rebuild its time."""
    inputs = sorted(set(inputs))
    try:
        if any(p.stat().st_mtime_ns > started - CLOCK_TICK for p in inputs):
            return
        written = _record(inputs, manuscript, design, out_dir, pdf, git_dated, stdout,
                          stderr, exit_code)
    except OSError:
        return
    Cache(default_folder()).put(KIND, invocation(argv), json.dumps(asdict(written)).encode())


def _record(inputs: list[Path], manuscript: Path, design: Iterable[Path], out_dir: Path,
            pdf: bool, git_dated: bool, stdout: str, stderr: str, exit_code: int) -> Record:
    folder = str(manuscript.resolve().parent)
    system = None
    if pdf:
        from repropub import system as libraries

        system = {**libraries.versions(), "fonts": libraries.font_set()}
    return Record(
        inputs={str(p.resolve()): _sha256(p) for p in inputs},
        folders=[(folder, False, _listing(folder, False)),
                 *((str(f.resolve()), True, _listing(str(f.resolve()), True)) for f in design)],
        out_dir=str(out_dir.resolve()),
        manifest=_sha256(out_dir / "manifest.json"),
        system=system,
        git_date=[str(manuscript.resolve()), _last_commit(manuscript)] if git_dated else None,
        stdout=stdout, stderr=stderr, exit_code=exit_code,
    )


def _unchanged(record: Record) -> bool:
    if any(_sha256(Path(path)) != digest for path, digest in record.inputs.items()):
        return False
    if any(_listing(folder, recursive) != names for folder, recursive, names in record.folders):
        return False
    out_dir = Path(record.out_dir)
    if _sha256(out_dir / "manifest.json") != record.manifest:
        return False
    outputs: dict[str, Any] = json.loads((out_dir / "manifest.json").read_bytes())["outputs"]
    present = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()}
    if present != {*outputs, "manifest.json"} or any(
            _sha256(out_dir / name) != entry["sha256"] for name, entry in outputs.items()):
        return False
    if record.system is not None:
        from repropub import system as libraries  # ctypes only: milliseconds

        if {**libraries.versions(), "fonts": libraries.font_set()} != record.system:
            return False
    return record.git_date is None or \
        _last_commit(Path(record.git_date[0])) == record.git_date[1]


def _listing(folder: str, recursive: bool) -> list[str]:
    if not recursive:
        return sorted(os.listdir(folder))
    return sorted(os.path.relpath(os.path.join(parent, name), folder)
                  for parent, _, files in os.walk(folder) for name in files)


def _installed() -> list[str]:
    """The distributions importable here, with their versions (``jinja2-3.1.6.dist-info``)."""
    names = []
    for entry in sys.path:
        if entry and os.path.isdir(entry):
            names += sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))
    return names


def _package() -> list[str]:
    """This package's files (code, filters, data), by path, size and modification time: what
    Python itself compares to reuse a module's compiled bytecode."""
    found = []
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            found.append(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return found


def _last_commit(manuscript: Path) -> str:
    """The time of the manuscript's last commit, as `repropub.sourcedate` reads it."""
    import subprocess  # only for a manuscript whose date comes from git

    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct", "--", manuscript.name],
                              cwd=manuscript.parent, capture_output=True, text=True, timeout=10)
    except subprocess.SubprocessError as exc:
        raise OSError(f"git: {exc}") from exc
    return done.stdout.strip()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
