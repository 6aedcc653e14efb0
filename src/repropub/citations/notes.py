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
_NOTES_HEADING = re.compile(r"^# Notes[ \t]*$", re.M)
"""Where the readers put a Word or ODT file's footnotes and endnotes, one paragraph each."""
_PARAGRAPH = re.compile(r"\S.*(?:\n[ \t]*\S.*)*")
_NAMED = re.compile(
    r"(?:^|(?<=;)|(?<=\.)|(?<=:))[ \t\n]*(?:(?i:see also|see|cf\.|compare)[ \t\n]+)?"
    r"(?P<names>[^\W\d_a-z][\w'\u2019.\-]*(?:[ \t\n]+(?:and|&|et[ \t]+al\.|[a-z]{1,3}"
    r"|[^\W\d_a-z][\w'\u2019.\-]*)){0,7}),[ \t\n]+(?:(?:eds?|trans|comps?)\.,[ \t\n]+)?"
    r"(?P<title>\*[^*\n]+(?:\n[^*\n]+)*\*|_[^_\n]+_|\"[^\"]+\"|\u201c[^\u201d]+\u201d"
    # a Word file's italics are its formatting, not text: the title up to the imprint or page
    r"|(?P<plain>[^\W\d_a-z][^(),;:\n]{2,150}?)(?=[ \t\n]*(?:\(|,[ \t\n]*\d|\.?$)))")
"""A work named at a note's start or after a semicolon: the authors, a comma and the title (in
italics or quotation marks, or bare before the imprint or the page)."""


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


def find_notes(text: str, spans: Sequence[tuple[int, int]],
               entries: Sequence[Entry]) -> list[NoteCitation]:
    """Each work the notes of `text` (its `note_spans`) name, resolved against `entries` by a
    surname and the title (a short title is the first words of the entry's)."""
    titles = [(e, _words(e.title or ""), {fold(n.family or n.literal) for n in e.authors})
              for e in entries]
    found: list[NoteCitation] = []
    for body_start, body_end in spans:
        body = text[body_start:body_end]
        for named in _NAMED.finditer(body):
            names = named.group("names")
            if names.rstrip(".").casefold() in ("ibid", "idem", "id"):
                continue
            typed = {fold(w) for w in re.findall(r"[^\W\d_][\w'\u2019\-]*", names)}
            plain = named.group("plain") is not None
            title = (named.group("title") if plain else named.group("title")[1:-1]) \
                .strip().rstrip(",.")
            wanted = _words(title)
            by_author = [(e, t) for e, t, surnames in titles if surnames & typed]
            keys = tuple(e.key for e, t in by_author
                         if wanted and t and (t.startswith(wanted) or wanted.startswith(t)))
            full = _IMPRINT.match(body, named.end("title")) is not None
            if plain and not keys and not full:
                continue  # 'Alder, who kept the orchard, ...': words, not a title
            found.append(NoteCitation(body_start + named.start("names"),
                                      body_start + named.end("title"), names, title, keys,
                                      bool(by_author) and not plain, full))
    return found


def note_spans(text: str) -> list[tuple[int, int]]:
    """The notes' text, as spans of `text`: each Markdown footnote, and each paragraph under
    the last '# Notes' heading a reader writes for a Word or ODT file's notes."""
    spans = [note.span("body") for note in _NOTE.finditer(text)]
    heading = max(_NOTES_HEADING.finditer(text), key=lambda m: m.start(), default=None)
    if heading is not None:
        following = re.compile(r"^#", re.M).search(text, heading.end())
        end = following.start() if following else len(text)
        spans += [p.span() for p in _PARAGRAPH.finditer(text, heading.end(), end)]
    return spans


def is_notes(cited: Sequence[NoteCitation], resolved_author_date: int) -> bool:
    """Whether the manuscript cites in notes: two works or more named in its notes, and more than
    its author-date citations that name an entry."""
    named = {key for c in cited for key in c.keys}
    return len(named) >= 2 and len(named) > resolved_author_date
