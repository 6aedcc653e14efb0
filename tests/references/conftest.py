"""Fixtures: the local registry server with every registry pointed at it, or no network."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from registry_server import RegistryServer

from repropub.references.health import URL_VARIABLES


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[RegistryServer]:
    """The local registry server, with every registry's base URL pointing at it and a cache
    of the test's own (so no answer leaks between tests)."""
    server = RegistryServer()
    for variable in URL_VARIABLES.values():
        monkeypatch.setenv(variable, server.url)
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("REPROPUB_MAILTO", "editor@example.org")
    yield server
    server.close()


@pytest.fixture
def unreachable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Registries at an address where nothing listens: a machine without network."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    for variable in URL_VARIABLES.values():
        monkeypatch.setenv(variable, f"http://127.0.0.1:{port}")
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "cache"))
