"""Where registry answers come from: the article's snapshot, the on-disk cache, or the network.

The snapshot (`registry-snapshot.json` beside the article) holds every answer the check used:
for each request, the registry, the URL asked, when it was fetched, the HTTP status and the
body. `--refresh` asks the registries again and rewrites it; otherwise a request it holds is
answered from it, so a build with the snapshot gives the same findings on a machine with no
network. The cache (``$REPROPUB_CACHE/registry``) keeps answers for a week so that a check run
twice does not ask twice. Only definite answers (200, 404) are kept; a failure is never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repropub.errors import InputError, RegistryError
from repropub.registry import crossref, datacite, doiorg
from repropub.registry.http import Http, Politeness, Reply

FORMAT = 1
CACHE_DAYS = 7
DEFAULT_URLS = {crossref.NAME: crossref.DEFAULT_URL, datacite.NAME: datacite.DEFAULT_URL,
                doiorg.NAME: doiorg.DEFAULT_URL}


@dataclass(frozen=True)
class Recorded:
    """One answer as the snapshot keeps it."""

    registry: str
    url: str
    fetched: str
    """UTC, ISO 8601 to the second."""
    status: int
    body: Any
    """The JSON body as JSON (readable in a diff), any other body as a string."""

    @property
    def reply(self) -> Reply:
        text = self.body if isinstance(self.body, str) else json.dumps(self.body)
        return Reply(self.status, text)

    @classmethod
    def of(cls, registry: str, url: str, reply: Reply, now: dt.datetime) -> Recorded:
        try:
            body: Any = json.loads(reply.body)
        except ValueError:
            body = reply.body
        return cls(registry, url, now.strftime("%Y-%m-%dT%H:%M:%SZ"), reply.status, body)


@dataclass
class Snapshot:
    path: Path
    records: dict[str, Recorded] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Snapshot:
        """The snapshot at `path` (empty when there is none); a damaged one stops the check."""
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            records = {key: Recorded(r["registry"], r["url"], r["fetched"], int(r["status"]),
                                     r["body"])
                       for key, r in data["records"].items()}
        except json.JSONDecodeError as exc:
            raise InputError(path, f"the registry snapshot is not JSON ({exc.msg}); run "
                             "check --references --refresh to record it again",
                             exc.lineno, exc.colno) from None
        except (KeyError, TypeError, ValueError, AttributeError, UnicodeDecodeError):
            raise InputError(path, "the registry snapshot is not in repropub's format; run "
                             "check --references --refresh to record it again") from None
        return cls(path, records)

    def write(self) -> None:
        """Write atomically: a check killed half-way leaves the previous snapshot whole."""
        data = {"format": FORMAT, "records": {
            key: {"registry": r.registry, "url": r.url, "fetched": r.fetched,
                  "status": r.status, "body": r.body}
            for key, r in sorted(self.records.items())}}
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, self.path)


@dataclass(frozen=True)
class Sources:
    """Where the check may get its answers."""

    snapshot: Path | None = None
    refresh: bool = False
    """Ask the registries again and rewrite the snapshot."""
    offline: bool = False
    """Never use the network: only the snapshot and the cache answer."""
    cache_dir: Path | None = None
    urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))
    """Base URL of each registry (tests point them at a local server)."""
    politeness: Politeness = field(default_factory=Politeness)


class Registries:
    """The check's one way to ask a registry: `fetch(registry, path)`, thread-safe."""

    def __init__(self, sources: Sources, now: dt.datetime | None = None) -> None:
        self.sources = sources
        self.now = now or dt.datetime.now(dt.UTC)
        self.previous = Snapshot.load(sources.snapshot) if sources.snapshot else None
        self.used: dict[str, Recorded] = {}
        """Every answer this run used, by key: what `--refresh` writes."""
        self.asked_network = False
        self._http: Http | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Registries:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._http is not None:
            self._http.close()

    def fetch(self, registry: str, path: str) -> Reply:
        key = f"{registry} {path}"
        url = self.sources.urls[registry].rstrip("/") + path
        recorded = None if self.sources.refresh else self._recorded(key, url)
        if recorded is None:
            try:
                recorded = self._ask(registry, url)
            except RegistryError:
                # a refresh that cannot reach a registry keeps what the snapshot had
                recorded = self.previous.records.get(key) if self.previous else None
                if recorded is None:
                    raise
        with self._lock:
            self.used[key] = recorded
        return recorded.reply

    def write_snapshot(self) -> Path | None:
        if self.sources.snapshot is None:
            return None
        Snapshot(self.sources.snapshot, dict(self.used)).write()
        return self.sources.snapshot

    def _recorded(self, key: str, url: str) -> Recorded | None:
        if self.previous is not None and key in self.previous.records:
            return self.previous.records[key]
        return self._cached(url)

    def _ask(self, registry: str, url: str) -> Recorded:
        if self.sources.offline:
            raise RegistryError(f"{registry} was not asked (offline) and the snapshot has no "
                                "answer recorded")
        with self._lock:
            if self._http is None:
                self._http = Http(self.sources.politeness)
            http = self._http
            self.asked_network = True
        reply = http.get(url)
        if reply.status not in (200, 404):
            raise RegistryError(f"{registry} answered HTTP {reply.status}")
        recorded = Recorded.of(registry, url, reply, self.now)
        self._store(url, recorded)
        return recorded

    def _cache_file(self, url: str) -> Path | None:
        if self.sources.cache_dir is None:
            return None
        name = hashlib.sha256(url.encode()).hexdigest()
        return self.sources.cache_dir / "registry" / f"{name}.json"

    def _cached(self, url: str) -> Recorded | None:
        path = self._cache_file(url)
        if path is None or not path.is_file():
            return None
        try:
            r = json.loads(path.read_text(encoding="utf-8"))
            recorded = Recorded(r["registry"], r["url"], r["fetched"], int(r["status"]),
                                r["body"])
            fetched = dt.datetime.strptime(recorded.fetched, "%Y-%m-%dT%H:%M:%SZ")
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged cache entry is asked again
        age = self.now.replace(tzinfo=None) - fetched
        return recorded if recorded.url == url and age < dt.timedelta(days=CACHE_DAYS) else None

    def _store(self, url: str, recorded: Recorded) -> None:
        path = self._cache_file(url)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(recorded.__dict__, handle)
            os.replace(tmp, path)
        except OSError:
            pass  # the cache only saves time; a read-only cache folder costs a request


def snapshot_digest(path: Path) -> str | None:
    """The snapshot's SHA-256, for the manifest (None when there is none)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
