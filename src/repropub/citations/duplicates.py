"""One work under two keys: the same DOI, or the same first author, year and title."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from repropub.bibliography import Entry
from repropub.citations.names import fold


def duplicate_entries(entries: Iterable[Entry]) -> Iterator[tuple[Entry, Entry]]:
    """(first, later) for each entry that repeats an earlier one."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        for signature in _signatures(entry):
            if signature in seen and seen[signature].key != entry.key:
                yield seen[signature], entry
                break
        else:
            for signature in _signatures(entry):
                seen[signature] = entry


def _signatures(entry: Entry) -> list[str]:
    out = []
    doi = entry.fields.get("doi", "").strip("{} ").casefold()
    doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi)
    if doi:
        out.append("doi:" + doi)
    title = fold(entry.title)
    first = fold(entry.authors[0].surname) if entry.authors else ""
    if title and len(title) > 10:
        out.append(f"work:{first}:{entry.year}:{title}")
    return out
