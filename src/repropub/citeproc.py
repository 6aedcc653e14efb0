"""The body's citeproc run: the document pandoc's citeproc makes with the style as given, at a
cost that does not explode when two cited authors share a surname.

Takes the body's Markdown, the bibliography (the `.bib` pandoc reads and its loaded entries),
the CSL style and the citeproc settings; gives pandoc's JSON document with the citations and the
reference list resolved, the same as one pandoc run with that style gives.

Why it is not always one run: with global given-name disambiguation (APA's
``primary-name-with-initials``) pandoc's citeproc grows with about the cube of the cited works
when their surnames differ (measured with a style that prints only the names: 700 works by
700 surnames 8 s, 1,400 works 66 s, 1,400 works by 50 surnames 1.7 s). When no two cited names
collide, `repropub.disambiguation` has already given the style without that step. When some do
(Wang, L. and Wang, Y.), the work is split:

1. run A: the whole body with the style without the step. A work out of the collisions' reach
   prints as the published style prints it: its names get no initials there either, and the
   works it could be confused with (same rendered text, so year suffixes and added names) are
   out of reach too.
2. the reach: the cited works with a name under a colliding key, closed under "cited in one
   citation together" (a citation is taken whole from one run) and "could print the same
   citation text" (the key of a first name in common, or a title that starts like a first
   name, for works that may be cited by title);
3. run B: only the citations within reach, with the published style. Pandoc hands citeproc
   only the cited entries, so B costs what the reach costs.
4. B's citations and reference entries replace A's, one for one.

A reach that holds every cited work, like a body with no collision, is one run with the style
as published: `resolve` leaves it to the caller (see `repropub.body`).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from repropub import pandoc
from repropub.bibliography import Bibliography, plain
from repropub.disambiguation import (
    PRIMARY_RULES,
    colliding_keys,
    derived_style,
    given_name_rule,
    item_names,
    name_key,
)

TITLE_CITED_TYPES = frozenset({"bill", "hearing", "legal_case", "legislation", "regulation",
                               "treaty"})
"""Types author-date styles (APA among them) cite by title even when they have an author."""


def resolve(markdown: str, *, source: Path, line_offset: int, bibliography: Bibliography,
            bib: Path | None, csl: Path, metadata: Path, timeout: float,
            trusted: bool = False) -> pandoc.PandocResult | None:
    """`pandoc.markdown_to_ast` with `csl`, split as the module says, when that is faster;
    None when it is not: the caller runs citeproc with `csl` over the body itself (in the
    process that writes the output, which is cheaper than a document written between)."""
    def whole(style: Path) -> pandoc.PandocResult:
        return pandoc.markdown_to_ast(markdown, source=source, line_offset=line_offset,
                                      bibliography=bib, csl=style, metadata=metadata,
                                      timeout=timeout, trusted=trusted)

    rule = given_name_rule(csl)
    items = {e.key: e.csl for e in bibliography.entries}
    options = {"first_only": rule in PRIMARY_RULES,
               "initials": rule is not None and rule.endswith("-with-initials")}
    if bib is None or rule is None or not _splittable(csl) or \
            not colliding_keys(items.values(), **options):
        return None
    with tempfile.TemporaryDirectory(prefix="repropub-split-") as tmp:
        folder = Path(tmp)
        without = folder / csl.name  # the stem stays: a style is recognised by its file name
        without.write_bytes(derived_style(csl))
        first = whole(without)
        document = json.loads(first.output)
        groups = [ids for ids, _ in _cites(document["blocks"])]
        nocite = _nocite(document.get("meta", {}), items)
        cited = {key for ids in groups for key in ids} | nocite
        components = _reach(groups, cited, items, options)
        if not components:
            return first
        if sum(map(len, components)) == len(cited & items.keys()):
            return None
        settings = yaml.safe_load(metadata.read_text(encoding="utf-8")) or {}
        settings.pop("nocite", None)
        cites = list(_cites(document["blocks"]))
        runs = []
        for number, batch in enumerate(_batches(components)):
            runs.append(_published(folder / str(number), batch, cites, nocite, settings,
                                   bibliography, bib, csl, document["pandoc-api-version"],
                                   source=source, timeout=timeout))
        from concurrent.futures import ThreadPoolExecutor  # only a split run: rare

        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda run: run(), runs))
    entries: dict[str, Any] = {}
    for chosen, replaced in results:
        new = [cite for _, cite in _cites(replaced["blocks"])]
        for cite, again in zip(chosen, new, strict=True):
            cite["c"] = again["c"]
        entries.update((div["c"][0][0], div) for div in _reference_entries(replaced["blocks"]))
    for div in _reference_entries(document["blocks"]):
        if div["c"][0][0] in entries:
            div["c"] = entries[div["c"][0][0]]["c"]
    return pandoc.PandocResult(json.dumps(document, ensure_ascii=False), first.warnings)


def _published(folder: Path, batch: set[str], cites: list[tuple[list[str], dict[str, Any]]],
               nocite: set[str], settings: Mapping[str, Any], bibliography: Bibliography,
               bib: Path, csl: Path, api: Any, *, source: Path,
               timeout: float) -> Callable[[], tuple[list[dict[str, Any]], Any]]:
    """Run B for one batch of the reach: its citations, each in a paragraph of its own, and
    its nocite keys, with the published style over the batch's entries alone."""
    folder.mkdir()
    chosen = [cite for ids, cite in cites if set(ids) & batch]
    meta = folder / "citeproc.yaml"
    meta.write_text(yaml.safe_dump(
        {**settings, **({"nocite": " ".join(f"@{key}" for key in sorted(nocite & batch))}
                        if nocite & batch else {})}), encoding="utf-8")
    document = json.dumps({"pandoc-api-version": api, "meta": {},
                           "blocks": [{"t": "Para", "c": [cite]} for cite in chosen]})
    part = _part_of(bibliography, batch)
    if part is not None:
        bib = folder / "references.bib"
        bib.write_text(part, encoding="utf-8")

    def run() -> tuple[list[dict[str, Any]], Any]:
        result = pandoc.ast_citeproc(document, source=source, bibliography=bib, csl=csl,
                                     metadata=meta, timeout=timeout)
        return chosen, json.loads(result.output)
    return run


LINKING_FIELDS = frozenset({"crossref", "xref", "xdata", "set", "related", "ids"})
"""Fields that make one entry read another: such a bibliography is given whole."""


def _part_of(bibliography: Bibliography, keys: set[str]) -> str | None:
    """The `.bib` text pandoc reads, without the entries not in `keys` (@string and @preamble
    blocks kept where they stand); None when it cannot be cut safely."""
    text, kept, cursor = bibliography.accepted_text, [], 0
    for entry in bibliography.entries:
        if not entry.raw or LINKING_FIELDS & entry.fields.keys():
            return None
        found = text.find(entry.raw, cursor)
        if found < 0:
            return None
        kept.append(text[cursor:found])
        if entry.key in keys:
            kept.append(entry.raw)
        cursor = found + len(entry.raw)
    kept.append(text[cursor:])
    return "".join(kept)


BATCH = 150
"""Works per run B: the given-name pass grows with the cube of a run's works, and each pandoc
process costs a start; components are packed into runs up to this size."""


def _batches(components: list[set[str]]) -> Iterator[set[str]]:
    batch: set[str] = set()
    for component in sorted(components, key=len):
        if batch and len(batch) + len(component) > BATCH:
            yield batch
            batch = set()
        batch |= component
    if batch:
        yield batch


def _splittable(csl: Path) -> bool:
    """Whether run B's citations, taken out of the text, print as they print in it: an in-text
    style whose citations do not depend on the citations before them (ibid, subsequent, the
    first note's number) or on their numbers."""
    text = csl.read_text(encoding="utf-8")
    return 'class="in-text"' in text and not any(
        word in text for word in ("position=", "first-reference-note-number", "citation-number"))


def _reach(groups: list[list[str]], cited: set[str], items: Mapping[str, Mapping[str, Any]],
           options: Mapping[str, bool]) -> list[set[str]]:
    """The cited works whose citations or entries the published style may print otherwise
    than the style without given-name disambiguation (see the module's steps), in components
    that no citation or confusable name joins."""
    known = sorted(cited & items.keys())
    colliding = colliding_keys((items[key] for key in known), **options)
    parent = {key: key for key in known}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(one: str, other: str) -> None:
        parent[root(one)] = root(other)

    # "could print the same text": works that share a key are joined through it
    # names meet names through their keys; a title may read like the start of a name. Two
    # citations print the same text only if they start with the same name: the first ones do
    holder: dict[str, str] = {}
    starts: dict[str, list[str]] = {}
    for key in known:
        for name in item_names(items[key], first_only=True):
            join(key, holder.setdefault(name_key(name), key))
            for word in _starts(name):
                starts.setdefault(word, []).append(key)
    for key in known:
        for word in _titles(items[key]):
            join(key, holder.setdefault(word, key))
            for other in starts.get(word, ()):
                join(key, other)
    for ids in groups:  # cited together: one citation comes whole from one run
        present = [key for key in ids if key in parent]
        for key in present[1:]:
            join(key, present[0])
    seeds = {root(key) for key in known
             if any(name_key(name) in colliding
                    for name in item_names(items[key], first_only=options["first_only"]))}
    components: dict[str, set[str]] = {}
    for key in known:
        if root(key) in seeds:
            components.setdefault(root(key), set()).add(key)
    return list(components.values())


def _starts(name: Mapping[str, Any]) -> tuple[str, str]:
    """The words a citation printing `name` can start with: its surname's first (particle
    included, "van"), and its given name's initial, which comes first once given names are
    added ("L. Wang")."""
    surname = " ".join(str(name.get(part, ""))
                       for part in ("non-dropping-particle", "family", "literal", "given"))
    return _first_word(surname), _first_word(str(name.get("given", "")))


def _titles(item: Mapping[str, Any]) -> list[str]:
    """For a work that may be cited by its title (no author, or a legal type), the first word
    of each of its titles; nothing for the others."""
    if item.get("author") and item.get("type") not in TITLE_CITED_TYPES:
        return []
    words = [_first_word(str(item.get(field, "")))
             for field in ("title", "title-short", "container-title")]
    return [word for word in words if word] or ["untitled"]


def _first_word(text: str) -> str:
    """The first word of a CSL value, its letters and digits only, case-folded: quotes,
    brackets and the dot of an initial make no difference to whether texts match."""
    words = plain(text).split()
    return "".join(c for c in words[0] if c.isalnum()).casefold() if words else ""


def _cites(node: Any) -> Iterator[tuple[list[str], dict[str, Any]]]:
    """Every Cite of a JSON document part, in order: its keys and the node."""
    if isinstance(node, list):
        for child in node:
            yield from _cites(child)
    elif isinstance(node, dict):
        if node.get("t") == "Cite":
            yield [str(c["citationId"]) for c in node["c"][0]], node
        yield from _cites(node.get("c"))


def _nocite(meta: Mapping[str, Any], items: Mapping[str, Any]) -> set[str]:
    keys = {key for ids, _ in _cites(meta.get("nocite")) for key in ids}
    return set(items) if "*" in keys else keys


def _reference_entries(blocks: Any) -> Iterator[dict[str, Any]]:
    """The entries of citeproc's reference list (Divs ``ref-KEY`` inside the Div ``refs``)."""
    for node in _divs(blocks):
        if node["c"][0][0] == "refs":
            yield from (child for child in node["c"][1]
                        if child.get("t") == "Div" and child["c"][0][0].startswith("ref-"))


def _divs(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for child in node:
            yield from _divs(child)
    elif isinstance(node, dict):
        if node.get("t") == "Div":
            yield node
        yield from _divs(node.get("c"))
