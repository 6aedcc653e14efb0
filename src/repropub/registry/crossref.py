"""Crossref's REST API: a work by DOI (`/works/{doi}`) and a bibliographic search (`/works`).

https://api.crossref.org/swagger-ui/index.html. A 404 ("Resource not found.") is Crossref's
definite "not ours"; the DOI may still be registered with DataCite or another agency.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from repropub.errors import RegistryError
from repropub.registry.http import Reply
from repropub.registry.payload import doi_path, json_object, strings
from repropub.registry.records import Update, Work

NAME = "crossref"
DEFAULT_URL = "https://api.crossref.org"
SEARCH_ROWS = 5
_SEARCH_FIELDS = "DOI,type,title,subtitle,author,editor,issued,published-print,published-online,"\
                 "container-title,short-container-title,volume,issue,page"

Fetch = Callable[[str, str], Reply]
"""(registry name, path with query) -> the registry's reply."""


def work(fetch: Fetch, doi: str) -> Work | None:
    """Crossref's record of `doi`, or None when Crossref does not know it."""
    reply = fetch(NAME, "/works/" + doi_path(doi))
    if reply.status == 404:
        return None
    if reply.status != 200:
        raise RegistryError(f"Crossref answered HTTP {reply.status} for {doi}")
    return parse_work(json_object(reply.body, "Crossref", doi).get("message"), doi)


def search(fetch: Fetch, query: str) -> tuple[Work, ...]:
    """The best few works for a free-text reference (Crossref's `query.bibliographic`)."""
    params = urlencode({"query.bibliographic": query, "rows": SEARCH_ROWS,
                        "select": _SEARCH_FIELDS})
    reply = fetch(NAME, f"/works?{params}")
    if reply.status != 200:
        raise RegistryError(f"Crossref answered HTTP {reply.status} to a search")
    message = json_object(reply.body, "Crossref", "a search").get("message")
    items = message.get("items") if isinstance(message, Mapping) else None
    if not isinstance(items, list):
        raise RegistryError("Crossref's search answer has no list of items")
    return tuple(parse_work(item, str(item.get("DOI", ""))) for item in items
                 if isinstance(item, Mapping))


def parse_work(message: Any, doi: str) -> Work:
    if not isinstance(message, Mapping):
        raise RegistryError(f"Crossref's record of {doi} is not a work")
    people = message.get("author") or message.get("editor") or []
    authors = tuple(str(p.get("family") or p.get("name") or "") for p in people
                    if isinstance(p, Mapping))
    years = []
    for key in ("issued", "published-print", "published-online", "published"):
        year = _year(message.get(key))
        if year and year not in years:
            years.append(year)
    return Work(
        doi=str(message.get("DOI") or doi).lower(), registry=NAME,
        type=str(message.get("type", "")),
        title=next(iter(strings(message.get("title"))), ""),
        subtitle=next(iter(strings(message.get("subtitle"))), ""),
        authors=tuple(a for a in authors if a), years=tuple(years),
        containers=(*strings(message.get("container-title")),
                    *strings(message.get("short-container-title"))),
        volume=str(message.get("volume", "")), issue=str(message.get("issue", "")),
        pages=str(message.get("page", "")),
        updates=(*_updates(message.get("updated-by"), "updated-by"),
                 *_updates(message.get("update-to"), "update-to")),
    )


def _updates(items: Any, direction: str) -> tuple[Update, ...]:
    if not isinstance(items, list):
        return ()
    return tuple(
        Update(kind=str(u.get("type", "")).lower().replace("-", "_"),
               doi=str(u.get("DOI", "")).lower(), date=_date(u.get("updated")),
               source=str(u.get("source", "")),
               direction="update-to" if direction == "update-to" else "updated-by")
        for u in items if isinstance(u, Mapping))


def _year(date: Any) -> int | None:
    parts = date.get("date-parts") if isinstance(date, Mapping) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0][0]
        return first if isinstance(first, int) else None
    return None


def _date(date: Any) -> str:
    parts = date.get("date-parts") if isinstance(date, Mapping) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0])
                        if isinstance(p, int))
    return ""
