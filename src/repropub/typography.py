"""Typography for the text the template prints from the front matter: quotes and hyphens.

Pandoc's smart extension curls the body's quotes and apostrophes; the title, abstract and
statements come from YAML and would keep their straight ones, so the title's straight
apostrophe would stand beside the curly one of "Cite this article". The machine-readable
copies (meta tags, JATS, Crossref, the PDF's Info) keep the text as written.
"""

from __future__ import annotations

import functools
import re

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
    return pyphen.Pyphen(lang=found) if found else None


def hyphenate(text: str, lang: str) -> str:
    """Soft hyphens in long words, by the article's language, for justified text on screens.

    Browsers hyphenate only where they carry a dictionary for the language (Chromium on Linux
    has none), and justified text without hyphens opens wide gaps; WeasyPrint breaks at the same
    points. A language without a dictionary is left as it is."""
    dictionary = _dictionary(lang)
    if dictionary is None:
        return text
    return _WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen="\u00ad"), text)
