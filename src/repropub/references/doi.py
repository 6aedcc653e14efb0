"""A DOI field as authors write it: a URL, a ``doi:`` prefix, a trailing full stop, or a DOI.

`read()` gives the DOI to look up (lower-cased: DOIs are case-insensitive) and what is wrong
with the way it is written. `find()` picks a DOI out of a reference typed as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A DOI is "10." + a registrant code of digits (4 to 9 in practice, dots for sub-prefixes) + "/"
# + a suffix of any printable characters (https://www.doi.org/the-identifier/resources/handbook).
_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_URL = re.compile(r"^(?:https?://)?(?:dx\.)?doi\.org/", re.IGNORECASE)
_PREFIX = re.compile(r"^doi:\s*", re.IGNORECASE)
_IN_TEXT = re.compile(r"\b10\.\d{4,9}(?:\.\d+)*/[^\s\"<>]+", re.IGNORECASE)


@dataclass(frozen=True)
class DoiField:
    doi: str | None
    """The DOI to look up, or None when the field holds no DOI at all."""
    problems: tuple[str, ...] = ()
    """How the field departs from a bare DOI (each is reported)."""
    invalid: str | None = None
    """Why the field is not a DOI, when it is not."""


def read(raw: str) -> DoiField:
    text = raw.strip().replace("{", "").replace("}", "").replace("\\_", "_")
    problems = []
    if _URL.match(text):
        problems.append("is written as a URL")
        text = _URL.sub("", text)
    elif _PREFIX.match(text):
        problems.append("has a 'doi:' prefix")
        text = _PREFIX.sub("", text)
    stripped = text.rstrip(".,;")
    if stripped != text:
        problems.append(f"ends with '{text[len(stripped):]}', which is not part of the DOI")
        text = stripped
    if not _DOI.match(text):
        why = ("a DOI starts with '10.', a registrant code of 4 to 9 digits and '/'"
               if not re.match(r"^10\.\d{4,9}", text) else "a DOI has no spaces")
        return DoiField(None, tuple(problems), why)
    return DoiField(text.lower(), tuple(problems))


def find(text: str) -> str | None:
    """The first DOI in a reference typed as text (its trailing full stop dropped)."""
    match = _IN_TEXT.search(text)
    return match.group(0).rstrip(".,;)").lower() if match else None
