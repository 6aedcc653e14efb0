"""What a registry says about a work, in one typed shape whichever registry said it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Update:
    """A notice about a work: a retraction, a correction, an expression of concern."""

    kind: str
    """The registry's type, lower-cased: ``retraction``, ``correction``, ``corrigendum``,
    ``expression_of_concern``, ``withdrawal``, ..."""
    doi: str
    """The notice's DOI."""
    date: str = ""
    """``YYYY-MM-DD`` (or shorter) when the registry gives it."""
    source: str = ""
    """Who asserted it: ``publisher``, or ``retraction-watch`` for the Retraction Watch data."""
    direction: Literal["updated-by", "update-to"] = "updated-by"
    """``updated-by``: the notice is about this work; ``update-to``: this work is the notice."""


@dataclass(frozen=True)
class Work:
    """One registered work, as far as the reference check needs it."""

    doi: str
    registry: str
    """``crossref`` or ``datacite``."""
    type: str = ""
    title: str = ""
    """The main title, markup kept (``<i>``, ``<jats:italic>``); the matcher strips it."""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    """Family names (or a group's name) in order."""
    years: tuple[int, ...] = ()
    """The year of issue first, then any other publication year (print, online)."""
    containers: tuple[str, ...] = ()
    """The journal or book, full title first, then abbreviations."""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    updates: tuple[Update, ...] = ()

    def describe(self) -> str:
        """'Carberry 2008, "Toward a Unified Theory ..."' for messages."""
        who = self.authors[0] if self.authors else "no author"
        year = f" {self.years[0]}" if self.years else ""
        return f'{who}{year}, "{self.title}"'
