"""Typography for the text the template prints from the front matter: quotes and hyphens.

Pandoc's smart extension curls the body's quotes and apostrophes; the title, abstract and
statements come from YAML and would keep their straight ones, so the title's straight
apostrophe would stand beside the curly one of "Cite this article". The machine-readable
copies (meta tags, JATS, Crossref, the PDF's Info) keep the text as written.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pyphen

_OPENING_CONTEXT = r"(^|[\s(\[{\u2013\u2014/-])"


def curly_quotes(text: str) -> str:
    """Straight quotes and apostrophes made typographic, as pandoc's smart extension does."""
    # an apostrophe inside or at the end of a word (Ukraine's, don't, the States')
    text = re.sub(r"(?<=[\w.])'", "\u2019", text)
    # an elided decade ('90s)
    text = re.sub(r"'(?=\d0s\b)", "\u2019", text)
    text = re.sub(_OPENING_CONTEXT + "'", "\\1\u2018", text)
    text = text.replace("'", "\u2019")
    text = re.sub(_OPENING_CONTEXT + '"', "\\1\u201c", text)
    return text.replace('"', "\u201d")


_WORD = re.compile(r"[^\W\d_]{7,}")


@functools.cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    found = pyphen.language_fallback(lang.replace("-", "_"))
    if not found:
        return None
    path = pyphen.LANGUAGES[found]
    # pyphen takes the patterns of a file from its cache when there: ours parse on demand
    pyphen.hdcache.setdefault(path, LazyPatterns(path))
    return pyphen.Pyphen(lang=found)


class _Index(dict[str, Any]):
    """Letters of a pattern -> its line as written (a list of lines when several patterns
    have the same letters), each parsed when a word first looks it up (a page looks up a few
    hundred of the ten thousand patterns)."""

    def get(self, key: str, default: Any = None) -> Any:
        value = super().get(key)
        if isinstance(value, (str, list)):
            value = self[key] = _parse([value] if isinstance(value, str) else value)
        return default if value is None else value


class LazyPatterns(pyphen.HyphDict):  # type: ignore[misc]
    """pyphen's `HyphDict`, read in milliseconds rather than a tenth of a second: the file is
    only split into lines keyed by their letters, and a pattern is parsed as pyphen parses it
    when a word needs it, so the hyphens are the same."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            encoding = handle.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        text = path.read_text(encoding)
        # whole-file steps in C where pyphen goes line by line (a German or Hungarian
        # dictionary has 80,000 lines)
        lines = [line for line in map(str.strip, text.split("\n")[1:])
                 if line and not line.startswith(pyphen.ignored)]
        if "^^" in text:
            lines = [pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), line)
                     if "^^" in line else line for line in lines]
        letters = lines if "/" not in text else [
            line.split("/", 1)[0] if "/" in line and "=" in line else line for line in lines]
        # the digits dropped from the UTF-8 bytes, where no other character has their bytes
        keys = "\n".join(letters).encode().translate(None, b"0123456789").decode().split("\n")
        index = _Index(zip(keys, lines, strict=True))
        if len(index) < len(lines):  # letters on several lines: all of them, in order
            repeated: dict[str, list[str]] = {
                key: [] for key, count in Counter(keys).items() if count > 1}
            for key, line in zip(keys, lines, strict=True):
                if key in repeated:
                    repeated[key].append(line)
            index.update(repeated)
        self.patterns = index
        self.cache: dict[str, Any] = {}
        self.maxlen = max(len(key) for key in index)


def _parse(lines: list[str]) -> tuple[int, tuple[int, ...]] | None:
    """pyphen's reading of a pattern: the last of its lines that is not all zeros wins."""
    for pattern in reversed(lines):
        factory: Any = int
        if "/" in pattern and "=" in pattern:
            pattern, alternative = pattern.split("/", 1)
            factory = pyphen.AlternativeParser(pattern, alternative)
        values = tuple(factory(i or "0") for i, _ in pyphen.parse(pattern))
        if max(values) == 0:
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        return start, values[start:end]
    return None


def hyphenate(text: str, lang: str) -> str:
    """Soft hyphens in long words, by the article's language, for justified text on screens.

    Browsers hyphenate only where they carry a dictionary for the language (Chromium on Linux
    has none), and justified text without hyphens opens wide gaps; WeasyPrint breaks at the same
    points. A language without a dictionary is left as it is."""
    dictionary = _dictionary(lang)
    if dictionary is None:
        return text
    return _WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen="\u00ad"), text)
