"""What matching says of one typed citation.

Takes nothing; gives the `Match` record that `matching` makes for each typed citation and
`evidence` revises with what the whole manuscript shows, and that the checker, the style
families and the fixes read. It stands apart so that both stages make it without importing each
other.
"""

from __future__ import annotations

from dataclasses import dataclass

from repropub.bibliography import Entry


@dataclass(frozen=True)
class Match:
    """What one typed citation refers to, and what is wrong with it."""

    keys: tuple[str, ...]
    code: str
    """'ok', a finding code, or 'not-a-citation'."""
    message: str = ""
    suggestion: str | None = None
    entry: Entry | None = None
    """The entry it resolves to (also set for a wrong year, author list or spelling)."""
    notes: tuple[tuple[str, str], ...] = ()
    """Further (code, message) problems of a resolved citation (a missing diacritic)."""
    spellings: tuple[tuple[str, str], ...] = ()
    """For 'name-misspelt' with one candidate: (name as typed, the entry's spelling), one per
    finding (the main one, then each note); empty when the correction is not certain."""
    year: str = ""
    """For 'year-mismatch': the entry's year as a citation writes it (with citeproc's letter)."""
    skip: int = 0
    """Lower-case words read before the name that are not part of it: the 'de' of 'os trabalhos
    de Cogniaux (1906)' when the entry is by 'Cogniaux' (the citation starts after them)."""
    start: int = -1
    """Where the citation starts when the entry's group name starts before the names read
    ('Comissão Econômica para a América Latina e o Caribe [CEPAL]', read from 'Caribe'); -1
    otherwise."""
