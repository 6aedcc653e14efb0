"""Verifying a build: rebuild from the sources a manifest names and compare, byte for byte.

Takes a `manifest.json`; checks that the files beside it are the ones it records (a tampered
or missing output is reported), rebuilds from the recorded inputs and settings into a temporary
folder with the recorded source date, rendering everything (the cache is neither read nor
written, so a stale entry cannot vouch for itself), and lists every output, input, tool or font
that differs.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repropub.config import Config
from repropub.errors import InputError
from repropub.limits import Limits
from repropub.manifest import NAME, check_outputs, compare, read_manifest
from repropub.pipeline import build


@dataclass(frozen=True)
class Verification:
    manifest: Path
    outputs: int
    differences: tuple[str, ...]

    @property
    def identical(self) -> bool:
        return not self.differences


def verify(manifest_path: Path, *, timeout: float = 120.0) -> Verification:
    path = manifest_path / NAME if manifest_path.is_dir() else manifest_path
    expected = read_manifest(path)
    out_dir = path.parent
    differences = [f"{out_dir / line}" for line in check_outputs(out_dir, expected)]
    with tempfile.TemporaryDirectory(prefix="repropub-verify-") as tmp:
        config = _config(expected, out_dir, Path(tmp) / "out", timeout)
        with _source_date(expected["settings"]["source_date"]):
            build(config)
        actual = read_manifest(Path(tmp) / "out" / NAME)
    differences += compare(expected, actual)
    return Verification(path, len(expected["outputs"]), tuple(differences))


def _config(manifest: dict[str, Any], out_dir: Path, target: Path, timeout: float) -> Config:
    root = (out_dir / manifest["root"]).resolve()
    inputs, settings = manifest["inputs"], manifest["settings"]
    manuscript = root / inputs["manuscript"]["path"]
    if not manuscript.is_file():
        raise InputError(manuscript, "the manuscript the manifest names is not there")
    style = inputs["style"]["path"]
    return Config(
        manuscript=manuscript,
        bibliography=root / inputs["bibliography"]["path"] if "bibliography" in inputs
        else None,
        out_dir=target,
        style=style.removeprefix("csl:") if style.startswith("csl:") else str(root / style),
        formats=frozenset(settings["formats"]),
        required=frozenset(settings["required"]),
        templates=root / settings["templates"],
        design_chosen=True,  # the design the build used, whatever chose it
        timeout=timeout,
        cache=False,  # an independent rebuild: nothing from this machine's cache
        trusted=settings["trusted"],
        allowed_hosts=frozenset(settings["allowed_hosts"]),
        limits=Limits(**settings["limits"]),
    )


@contextmanager
def _source_date(iso: str) -> Iterator[None]:
    """Rebuild with the date the original build stamped, whatever it came from."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.fromisoformat(iso).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
