"""The validation kit's JATS and Crossref validators, loaded in-process once per session."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"kit_{path.stem}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def validate_jats(validators: Path) -> Callable[..., tuple[list[str], str]]:
    """`validate(path, dtd_choice=None) -> (errors, dtd_used)` from jats/validate_jats.py."""
    return _load(validators / "jats" / "validate_jats.py").validate  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def validate_crossref(validators: Path) -> Callable[[str], list[str]]:
    """`validate(path) -> errors` from crossref/validate_crossref.py (schema 5.3.1)."""
    return _load(validators / "crossref" / "validate_crossref.py").validate  # type: ignore[no-any-return]
