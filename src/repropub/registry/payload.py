"""Reading a registry's body safely: JSON that is an object, lists of strings, DOI paths."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from repropub.errors import RegistryError


def json_object(body: str, registry: str, about: str) -> Mapping[str, Any]:
    """The body as a JSON object, or `RegistryError` saying the registry's answer is malformed."""
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{registry} answered with malformed JSON for {about} "
                            f"({exc.msg} at character {exc.pos})") from None
    if not isinstance(data, Mapping):
        raise RegistryError(f"{registry} answered with JSON that is not an object for {about}")
    return data


def strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, str) and v.strip())
    return ()


def doi_path(doi: str) -> str:
    """The DOI as a URL path: its own slashes kept (the registries expect them), anything that
    would end or re-route the path (``?``, ``#``, ``%``, spaces) escaped."""
    return quote(doi, safe="/:;()[]._-<>,+@!$&'*=~")
