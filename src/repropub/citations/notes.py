"""Chicago's notes and bibliography: the works a manuscript cites in its footnotes.

Takes the text (its Markdown footnotes, `[^1]: ...`, as every reader writes a Word file's) and
the bibliography, and gives one `NoteCitation` per work a note names: a note's full form
('Margaret Holloway, *Steam on the River* (Riverton: Example Press, 2009), 45') or its short one
('Holloway, *Steam on the River*, 112'), one per part between semicolons. A work is named by its
authors' surnames and its title, in italics or quotation marks, never by a year: the imprint's
'(Riverton: Example Press, 2009)' is no author-date citation. `is_notes` says whether the
manuscript cites so; then the checker reports what it can: an entry no note names, and a note
naming, by an author of the list, a title the list does not have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from repropub.bibliography import Entry
from repropub.citations.names import fold

_NOTE = re.compile(r"^\[\^[^\]\s]+\]:[ \t]*(?P<body>.*(?:\n(?:[ \t]+\S.*|[ \t]*(?=\n[ \t]+\S)))*)",
                   re.M)
"""A Markdown footnote's text, its indented lines included."""
_NAMED = re.compile(
    r"(?:^|(?<=;)|(?<=\.)|(?<=:))[ \t\n]*(?:(?i:see also|see|cf\.|compare)[ \t\n]+)?"
    r"(?P<names>[^\W\d_a-z][\w'\u2019.\-]*(?:[ \t\n]+(?:and|&|et[ \t]+al\.|[a-z]{1,3}"
    r"|[^\W\d_a-z][\w'\u2019.\-]*)){0,7}),[ \t\n]+"
    r"(?P<title>\*[^*\n]+(?:\n[^*\n]+)*\*|_[^_\n]+_|\"[^\"]+\"|\u201c[^\u201d]+\u201d)")
"""A work named at a note's start or after a semicolon: the authors, a comma and the title."""


_IMPRINT = re.compile(r"[ \t\n]*(?:[,.]?[ \t\n]*(?:\*[^*\n]+\*|[^();\n]{0,60}))?"
                      r"[ \t\n]*\([^()]*\b(?:1[5-9]|20)\d\d\)")
"""After a title, what makes the note's full form: the imprint with its year in brackets, after
a journal's name and volume for an article ('*Journal* 12, no. 3 (2015)')."""


@dataclass(frozen=True)
class NoteCitation:
    """One work a note names."""

    start: int
    end: int
    """The span [start, end) of the names and the title in the text."""
    names: str
    title: str
    """The title as typed, without its italics or quotation marks."""
    keys: tuple[str, ...]
    """The entries it names ('' when none has that title)."""
    known_author: bool
    """Whether an entry of the list is by one of the names."""
    full: bool
    """A note's full form, its imprint after the title: '*Title* (Place: Press, 2009)'."""


def _words(text: str) -> str:
    return " ".join(fold(w) for w in re.findall(r"[^\W_]+", text))


def find_notes(text: str, entries: Sequence[Entry]) -> list[NoteCitation]:
    """Each work the footnotes of `text` name, resolved against `entries` by a surname and the
    title (a short title is the first words of the entry's)."""
    titles = [(e, _words(e.title or ""), {fold(n.family or n.literal) for n in e.authors})
              for e in entries]
    found: list[NoteCitation] = []
    for note in _NOTE.finditer(text):
        body_start = note.start("body")
        for named in _NAMED.finditer(note.group("body")):
            names = named.group("names")
            if names.rstrip(".").casefold() in ("ibid", "idem", "id"):
                continue
            typed = {fold(w) for w in re.findall(r"[^\W\d_][\w'\u2019\-]*", names)}
            title = named.group("title")[1:-1].strip().rstrip(",.")
            wanted = _words(title)
            by_author = [(e, t) for e, t, surnames in titles if surnames & typed]
            keys = tuple(e.key for e, t in by_author
                         if wanted and t and (t.startswith(wanted) or wanted.startswith(t)))
            full = _IMPRINT.match(note.group("body"), named.end("title")) is not None
            found.append(NoteCitation(body_start + named.start("names"),
                                      body_start + named.end("title"), names, title, keys,
                                      bool(by_author), full))
    return found


def note_spans(text: str) -> list[tuple[int, int]]:
    """The footnotes' text, as spans of `text`."""
    return [note.span("body") for note in _NOTE.finditer(text)]


def is_notes(cited: Sequence[NoteCitation], resolved_author_date: int) -> bool:
    """Whether the manuscript cites in notes: two works or more named in its notes, and more than
    its author-date citations that name an entry."""
    named = {key for c in cited for key in c.keys}
    return len(named) >= 2 and len(named) > resolved_author_date
