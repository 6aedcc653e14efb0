"""Given-name disambiguation, skipped when it provably changes nothing.

Takes the resolved CSL style and the bibliography pandoc will render; gives the CSL file the
body's citeproc run should read. A style that asks for given-name disambiguation
(``disambiguate-add-givenname``, as APA does) makes pandoc's citeproc compare the names of every
cited and uncited work with each other, which grows faster than the bibliography: about 2 s for
540 entries, minutes for 2,800. When no two different names in the bibliography share a family
name, that step cannot change a single character of the output (see `needs_given_names`), and
pandoc reads a copy of the style without it, stored in the cache folder under a name that holds
the hash of its content. Otherwise pandoc reads the style as it is.

Why the condition is enough (pandoc's citeproc; CSL 1.0.2, "Disambiguation"):

* The global pass (``givenname-disambiguation-rule`` other than ``by-cite``; APA's is
  ``primary-name-with-initials``) groups the names the citations show by family name and marks a
  name for initials or a full given name only in a group of two or more different names.
* The add-names step (more names before "et al.") and ``by-cite`` (the default rule) compare
  the name lists of citations that print the same text. With the attribute they compare given
  names too (all of them for ``by-cite``, the first name's initials for the primary rules);
  without it they drop them. That differs only for two different names with one family name.
* Year suffixes and ``disambiguate="true"`` act on what is still ambiguous after those steps,
  so they follow.

So "no two different names share a family name" makes all three inert. Names are compared
conservatively: the key is the last word of the family name (citeproc may move a particle such
as "van" out of it), case-folded and Unicode-normalised; a group author is keyed by its literal
name, and all names without a family name share one key. Two different names with one key,
anywhere in the bibliography (cited or not: uncited entries take part in disambiguation too),
keep the style as it is. Rules that look only at the first name of each citation
(``primary-name``, ``primary-name-with-initials``) need the condition only for the first name
of each name list.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from repropub.bibliography import Bibliography

CSL_NS = "http://purl.org/net/xbiblio/csl"
ATTRIBUTES = ("disambiguate-add-givenname", "givenname-disambiguation-rule")
"""What the derived style leaves out of <citation>."""
PRIMARY_RULES = frozenset({"primary-name", "primary-name-with-initials"})
"""Rules under which only the first name of a citation's name list is ever disambiguated."""
FOLDER = "csl"
"""The cache's subfolder for derived styles."""


def body_style(csl: Path, bibliography: Bibliography, cache_folder: Path | None) -> Path:
    """The CSL file the body's citeproc run reads: `csl`, or its copy without given-name
    disambiguation when that cannot change the output for this bibliography."""
    rule = given_name_rule(csl)
    if rule is None or needs_given_names((e.csl for e in bibliography.entries),
                                         first_only=rule in PRIMARY_RULES,
                                         initials=rule.endswith("-with-initials")):
        return csl
    return _store(derived_style(csl), csl.stem, cache_folder)


def given_name_rule(csl: Path) -> str | None:
    """The style's given-name disambiguation rule (``by-cite`` when it names none), or None
    when the style does not disambiguate by given names."""
    citation = _parse(csl).find(f"{{{CSL_NS}}}citation")
    if citation is None or citation.get("disambiguate-add-givenname") != "true":
        return None
    return str(citation.get("givenname-disambiguation-rule", "by-cite"))


def needs_given_names(items: Iterable[Mapping[str, Any]], *, first_only: bool,
                      initials: bool = False) -> bool:
    """Whether two different names in `items` (CSL items as pandoc reads them) share a family
    name, so that given-name disambiguation could change a citation. Linear in the names.

    With `initials` (the ``-with-initials`` rules, APA's), names that differ only in given names
    with the same initials are not different: such a rule never adds anything to tell "John
    Smith" from "J. Smith" or "Jane Smith", and compares their initials, which are equal."""
    return bool(colliding_keys(items, first_only=first_only, initials=initials))


def colliding_keys(items: Iterable[Mapping[str, Any]], *, first_only: bool,
                   initials: bool = False) -> set[str]:
    """The name keys (see `name_key`) under which two different names of `items` meet, compared
    as `needs_given_names` compares them: the names given-name disambiguation could change."""
    seen: dict[str, str] = {}
    colliding: set[str] = set()
    for item in items:
        for name in _names(item, first_only=first_only):
            compared = _with_initials(name) if initials else name
            key, whole = name_key(name), json.dumps(compared, sort_keys=True)
            if seen.setdefault(key, whole) != whole:
                colliding.add(key)
    return colliding


def item_names(item: Mapping[str, Any], *, first_only: bool) -> Iterable[Mapping[str, Any]]:
    """Every name of the item, of every name variable (author, editor, translator...); with
    `first_only`, the first of each."""
    return _names(item, first_only=first_only)


def derived_style(csl: Path) -> bytes:
    """The style without given-name disambiguation, otherwise the same XML."""
    root = _parse(csl)
    citation = root.find(f"{{{CSL_NS}}}citation")
    if citation is not None:
        for attribute in ATTRIBUTES:
            citation.attrib.pop(attribute, None)
    data: bytes = etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")
    return data


def _names(item: Mapping[str, Any], *, first_only: bool) -> Iterable[Mapping[str, Any]]:
    """Every name of the item, of every name variable (author, editor, translator...)."""
    for value in item.values():
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            yield from value[:1] if first_only else value


def name_key(name: Mapping[str, Any]) -> str:
    """Equal for any two names citeproc could see with one family name, and for any two that
    are equal once their given names are dropped (which is how citeproc compares names when it
    does not disambiguate by given names)."""
    for part in ("family", "literal"):
        words = str(name.get(part, "")).split()
        if words:
            return f"{part}:{unicodedata.normalize('NFKC', words[-1]).casefold()}"
    # without a family name, "Plato" and "Homer" differ only in their given names
    return "no family name"


def _with_initials(name: Mapping[str, Any]) -> Mapping[str, Any]:
    """The name with its given name as citeproc's initials, when they are certain: every word
    of it an initial ("J.", "J") or a capitalised word ("John"); otherwise as it is. Hyphens,
    lowercase words, abbreviations and inner capitals ("Jean-Paul", "de", "Ma.", "DeShawn")
    citeproc initialises in ways of its own, so a name with one is compared in full."""
    words = str(name.get("given", "")).replace(".", ". ").split()
    if not words or not all(_plain_word(word) for word in words):
        return name
    # a list: no given name pandoc writes (always a string) can look the same
    return {**name, "given": ["initials", "".join(word[0] for word in words)]}


def _plain_word(word: str) -> bool:
    """"J", "J." or "John"; not "Jo." (citeproc keeps an abbreviation as it is written)."""
    if word.endswith("."):
        return len(word) == 2 and word[0].isupper()
    return word[0].isupper() and (len(word) == 1 or (word[1:].isalpha() and word[1:].islower()))


def _parse(csl: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root: etree._Element = etree.parse(str(csl), parser).getroot()
    return root


def _store(data: bytes, stem: str, cache_folder: Path | None) -> Path:
    """`data` in a file named by its hash: written once, reused by every later build."""
    folder = cache_folder / FOLDER if cache_folder is not None else _scratch()
    # the stem stays first: a style is recognised as APA by its id or its file name
    path = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.csl"
    try:
        if path.is_file() and path.read_bytes() == data:
            return path
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".csl")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        if cache_folder is None:
            raise
        return _store(data, stem, None)  # a cache that cannot be written only costs a file
    return path


@functools.cache
def _scratch() -> Path:
    """A folder for this process's derived styles when there is no cache, removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="repropub-csl-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
