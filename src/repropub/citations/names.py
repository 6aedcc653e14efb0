"""Comparing names as a careful reader does.

Folding (case, diacritics, apostrophes and hyphens) decides whether two names are the same name;
the unfolded forms decide whether the difference is worth reporting ('Sudhof' for 'Südhof').
A name's particles ('von Closen') may be typed or left out. `distance` counts the edits between
two folded names (an adjacent swap is one edit), so that 'Levin'/'Lewin' is one letter off.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from repropub.bibliography import Entry, Name
from repropub.citations.words import words

_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d",
                          "þ": "th", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "\u0131": "i",
                          "\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-",
                          "\u2013": "-"})


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A name reduced to lower-case ASCII letters and digits: 'Şener' -> 'sener'."""
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^0-9a-z]", "", text)


_ELISION = re.compile(r"(?P<elided>[^\W\d_]{1,4})['\u2019](?=[^\W\d_])")


def without_elision(word: str) -> str:
    """The word without an elided article or preposition joined to it: "l'Institut" ->
    'Institut', "dell'ISTAT" -> 'ISTAT'; other words as they are."""
    match = _ELISION.match(word)
    if match is None or match.group("elided").casefold() not in words().elisions:
        return word
    return word[match.end():]


def without_particles(name: str) -> str:
    """'von Closen' -> 'Closen', "van 't Veer" -> 'Veer'; a name of one word is unchanged."""
    parts = name.split()
    particles = words().particles
    while len(parts) > 1 and parts[0].casefold() in particles:
        parts.pop(0)
    return " ".join(parts)


def without_trailing_particles(name: str) -> str:
    """'Jong de' -> 'Jong': a Dutch surname cited as it is sorted, its particle after it."""
    parts = name.split()
    particles = words().particles
    while len(parts) > 1 and parts[-1].casefold() in particles:
        parts.pop()
    return " ".join(parts)


_SUFFIX = re.compile(r"[\s,\-]+(?:jr|sr|j[úu]nior|filho|neto|sobrinho|ii|iii|iv)\.?$", re.I)
"""A generational suffix, typed with the surname or not: 'Ghizoni Jr.', 'SOUZA FILHO'."""


def without_suffix(name: str) -> str:
    """'Ghizoni Jr.' -> 'Ghizoni'; a name of one word is unchanged."""
    return _SUFFIX.sub("", name) or name


@functools.lru_cache(maxsize=65536)
def keys_of(name: str) -> frozenset[str]:
    """The folded forms under which a typed or listed name is found, with and without its
    particles and its generational suffix. Cached: the same names are compared again and
    again."""
    bare = without_suffix(name)
    found = {fold(name), fold(without_particles(name)), fold(bare), fold(without_particles(bare)),
             fold(without_trailing_particles(bare))}
    found.add(uninflected(name))
    found.discard("")
    return frozenset(found)


def uninflected(name: str) -> str:
    """A group's name of two words or more folded without its adjectives' declension, so that
    German's 'das Statistische Bundesamt' and 'der Deutschen Forschungsgemeinschaft' are the
    'Statistisches Bundesamt' and 'Deutsche Forschungsgemeinschaft' of the entry; '' for a
    name of one word, or one with no adjective declined."""
    parts = name.split()
    if len(parts) < 2:
        return ""
    table = words()
    stems = [_ADJECTIVE_ENDING.sub("", p) if p[:1].isupper() and any(
        _ADJECTIVE_ENDING.sub("", p).casefold().endswith(e) for e in table.adjective_stems)
        else p for p in parts]
    return fold(" ".join(stems)) if stems != parts else ""


_ADJECTIVE_ENDING = re.compile(r"(?:e|es|en|er|em)$")
"""The endings of a declined German adjective ('Statistische', 'Statistisches', 'Deutschen')."""


def surname(name: Name) -> str:
    """How an author-date citation shows this author: 'Mölling', 'von Closen', 'CRS'."""
    return name.surname


def entry_names(entry: Entry) -> list[str]:
    return [n.surname for n in entry.authors]


def same(typed: str, listed: str) -> bool:
    """Folded equal, with or without particles."""
    return bool(keys_of(typed) & keys_of(listed))


def exact(typed: str, listed: str) -> bool:
    """Equal as written, up to case of particles and spacing ('von Closen', 'Von Closen')."""
    typed, listed = without_suffix(typed), without_suffix(listed)
    a, b = _plain(typed), _plain(listed)
    return a == b or _plain(without_particles(typed)) == _plain(without_particles(listed)) \
        or "" != uninflected(typed) == uninflected(listed)


def same_letters(typed: str, listed: str) -> bool:
    """Equal but for case, particles and a generational suffix: 'DOS SANTOS' for 'dos Santos'
    or 'Santos', 'Jong de' for 'Jong' (a difference of accents or hyphens is not)."""
    def bare(name: str) -> str:
        return without_trailing_particles(without_particles(without_suffix(name))).casefold()
    return bare(typed) == bare(listed)


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name.translate(_SPECIAL))).strip()


def distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance between two strings, capped at `limit` + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def near(typed: str, listed: str) -> bool:
    """One or two letters off (two only for longer names), or the same letters but for accents."""
    a, b = fold(without_particles(typed)), fold(without_particles(listed))
    if not a or not b or a == b:
        return a == b and a != ""
    allowed = 1 if min(len(a), len(b)) < 7 else 2
    if min(len(a), len(b)) < 4:
        # a short name one letter short ('Oms' for 'Ooms', 'Bck' for 'Back')
        return min(len(a), len(b)) == 3 and abs(len(a) - len(b)) == 1 and a[0] == b[0] \
            and distance(a, b, 1) <= 1
    if a[0] == b[0] and distance(a, b, allowed) <= allowed:
        return True
    return min(len(a), len(b)) >= 5 and distance(a, b, 1) <= 1


_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")
_TRAILING_ABBR = re.compile(r"^(?P<name>.+?)\s*\((?P<abbr>[^()]+)\)$")


@functools.lru_cache(maxsize=4096)
def group_aliases(literal: str) -> frozenset[str]:
    """The names a group author is cited by: 'IBGE - Instituto Brasileiro de Geografia e
    Estatística' by 'IBGE' or its full name, 'Empresa Brasileira de Pesquisa Agropecuária
    (EMBRAPA)' by 'EMBRAPA', 'USDA Foreign Agricultural Service' by 'USDA', 'Instituto
    Brasileiro de Geografia e Estatística' by its initials 'IBGE', 'Flora do Brasil 2020 em
    construção' by its first words."""
    # the article in any case: ABNT sets a title's first words in capitals ('OS SERTÕES...')
    found = {literal, re.sub(r"^(?i:The|A|An|O|Os|As|El|La|Los|Las|Le|Les|Die|Der|Das)\s+", "",
                             literal)}
    parts = [p.strip() for p in _DASH.split(literal) if p.strip()]
    found.update(parts)
    for part in list(found):
        bracketed = _TRAILING_ABBR.match(part)
        if bracketed:
            found.update((bracketed.group("name"), bracketed.group("abbr")))
    for part in list(found):
        words_ = part.split()
        if len(words_) > 1 and len(words_[0]) >= 2 and words_[0].isupper() \
                and not part.isupper():
            found.add(words_[0])  # 'USDA Foreign Agricultural Service'
        # "d'études" gives its 'é': 'INED' for 'Institut national d'études démographiques'
        significant = [without_elision(w) for w in words_
                       if w.casefold() not in words().group_joiners
                       and w.casefold() not in words().particles
                       and w.casefold() not in words().connectors]
        if len(significant) >= 3 and significant[0][:1].isupper():
            # 'IBGE'; French and Spanish write a group's later words in lower case: 'INSEE'
            # for 'Institut national de la statistique et des études économiques'
            found.add("".join(w[0] for w in significant).upper())
        for n in range(2, len(words_)):
            if words_[n][:1].isdigit():
                found.add(" ".join(words_[:n]))  # 'Flora do Brasil' of '... 2020 em construção'
                break
    return frozenset(a for a in found if fold(a))
