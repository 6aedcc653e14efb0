"""The one place the reference check talks to the network (and the only importer of httpx).

Polite by construction, as the registries ask: a User-Agent naming the project and a contact
address, at most `rate` requests a second shared by every thread, a timeout on each request,
retries with exponential backoff on 429 and 5xx that honour `Retry-After`, and a time budget
for the whole check after which nothing more is asked, so no check can hang a build.
"""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass
from typing import NoReturn
from urllib.parse import urlsplit

import httpx

from repropub import __version__
from repropub.errors import RegistryError

PROJECT_URL = "https://github.com/repropub/repropub"


@dataclass(frozen=True)
class Politeness:
    """How the check behaves towards the registries (every default is what they ask for)."""

    mailto: str | None = None
    """A contact address for the User-Agent: Crossref's "polite pool" serves such requests."""
    timeout: float = 10.0
    """Seconds one request may take."""
    retries: int = 3
    """Further attempts after a 429, a 5xx, a timeout or a dropped connection."""
    backoff: float = 1.0
    """Seconds before the first retry when the registry gives no Retry-After; doubled each time."""
    max_wait: float = 30.0
    """The longest Retry-After honoured; a registry asking for more is treated as unreachable."""
    rate: float = 5.0
    """Requests per second, all threads together (Crossref allows 50 to the polite pool)."""
    concurrency: int = 4
    """Requests in flight at once."""
    budget: float = 120.0
    """Seconds the whole check may spend asking; what is left unasked is reported unverified."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: str


def user_agent(mailto: str | None) -> str:
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"repropub/{__version__} ({PROJECT_URL}{contact})"


class Http:
    """A shared client: thread-safe, rate-limited, with the whole check's time budget."""

    def __init__(self, politeness: Politeness) -> None:
        self.politeness = politeness
        self._client = httpx.Client(
            timeout=politeness.timeout, follow_redirects=False,
            headers={"User-Agent": user_agent(politeness.mailto), "Accept": "application/json"})
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self._gate = threading.Semaphore(max(1, politeness.concurrency))
        self._deadline = time.monotonic() + politeness.budget
        self._down: dict[str, str] = {}
        """Hosts that failed every attempt, with why: later requests to them fail at once, so
        a registry that is down costs one round of retries, not one per entry."""

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> Reply:
        """The registry's answer to GET `url`: any status it means (200, 404, ...), or
        `RegistryError` naming the host when it cannot be had within the retries and budget."""
        host = urlsplit(url).netloc
        if host in self._down:
            raise RegistryError(self._down[host])
        problem = "no answer"
        for attempt in range(self.politeness.retries + 1):
            self._wait_for_slot(host)
            try:
                with self._gate:
                    response = self._client.get(url)
            except httpx.TimeoutException:
                problem = f"no answer within {self.politeness.timeout:g} s"
                delay = self._backoff(attempt)
            except httpx.HTTPError as exc:
                problem = f"the connection failed ({type(exc).__name__})"
                delay = self._backoff(attempt)
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return Reply(response.status_code, response.text)
                problem = f"HTTP {response.status_code}"
                asked = _retry_after(response.headers.get("Retry-After"))
                delay = self._backoff(attempt) if asked is None else asked
                if delay > self.politeness.max_wait:
                    self._give_up(host, f"{host} asked to wait {delay:g} s (Retry-After), "
                                  "longer than the check waits")
            if attempt < self.politeness.retries:
                self._sleep(delay, host)
        self._give_up(host, f"{host} could not be reached: {problem} after "
                      f"{self.politeness.retries + 1} attempts")

    def _give_up(self, host: str, message: str) -> NoReturn:
        with self._lock:
            self._down.setdefault(host, message)
        raise RegistryError(message)

    def _backoff(self, attempt: int) -> float:
        return float(self.politeness.backoff * 2**attempt)

    def _remaining(self) -> float:
        return self._deadline - time.monotonic()

    def _sleep(self, seconds: float, host: str) -> None:
        if seconds >= self._remaining():
            self._give_up(host, f"{host} could not be reached before the check's time "
                          f"budget ({self.politeness.budget:g} s) ran out")
        time.sleep(seconds)

    def _wait_for_slot(self, host: str) -> None:
        """Space requests `1/rate` seconds apart, whichever thread sends them."""
        if self._remaining() <= 0:
            raise RegistryError(f"{host} was not asked: the check's time budget "
                                f"({self.politeness.budget:g} s) ran out")
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / max(self.politeness.rate, 0.001)
        if slot > now:
            self._sleep(slot - now, host)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
