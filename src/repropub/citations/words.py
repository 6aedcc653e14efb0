"""The word tables the citation finder reads (`words.yaml` next to this file)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from repropub import tables

_TABLES = Path(__file__).with_name("words.yaml")


@dataclass(frozen=True)
class Words:
    """The word tables, read once: sets of folded words and the patterns made of them."""

    particles: frozenset[str]
    institution_words: frozenset[str]
    institution_endings: tuple[str, ...]
    """The ends of compound words naming an institution ('Forschungsgemeinschaft')."""
    articles: frozenset[str]
    attributive_articles: frozenset[str]
    """Articles before a surname used as a modifier ('the Smith (2010) model')."""
    group_joiners: frozenset[str]
    name_prepositions: frozenset[str]
    adjective_stems: tuple[str, ...]
    noun_determiners: frozenset[str]
    """Words after which a capitalised word is a German noun, not a name ('keinen Eintrag')."""
    """How the stem of a German adjective ends ('statistisch', 'deutsch', 'national')."""
    """Prepositions inside a group's name that do not join names elsewhere ('para', 'pour')."""
    leading_non_names: frozenset[str]
    non_author_words: frozenset[str]
    event_nouns: frozenset[str]
    reporting_verbs: frozenset[str]
    citing_lead_ins: tuple[tuple[str, ...], ...]
    """Each lead-in as its words, longest first."""
    collector_marks: tuple[tuple[str, ...], ...]
    """Each collector's mark ('leg.', 'collected by') as its words without full stops."""
    months: frozenset[str]
    reference_headings: tuple[str, ...]
    """A regular expression per heading a reference list may have, in every language."""
    elisions: frozenset[str]
    """Elided articles and prepositions joined to a name ("l'", "dell'"), without the mark."""
    page_labels: tuple[tuple[str, str], ...]
    """Each language's label of one page and of a range: ('p', 'pp'), ('S', 'S'), ..."""
    part_labels: tuple[str, ...]
    page_following: str
    """A regular expression for what takes in the next pages ('f.', 'ff.', 'et seq.')."""
    connectors: frozenset[str]
    """The words joining the last two authors, in every language the table knows."""
    serial_comma: frozenset[str]
    in_press: str
    """A regular expression for 'in press' in every language ('no prelo', 'en prensa')."""
    undated: str
    """A regular expression for 'n.d.' in every language ('s.d.', 's/d')."""
    et_al: str
    """A regular expression for 'et al.' in every language ('y col.', 'and colleagues')."""
    secondary: tuple[tuple[str, ...], ...]
    """Each secondary-citation marker ('apud', 'as cited in') as its words, longest first."""


@functools.cache
def words() -> Words:
    data = tables.load(_TABLES)  # parsed once per text, then read from the cache

    def table(name: str) -> frozenset[str]:
        return frozenset(str(w).casefold() for w in data[name])

    lead_ins = sorted((tuple(str(p).casefold().split()) for p in data["citing_lead_ins"]),
                      key=len, reverse=True)
    return Words(
        particles=table("particles"), institution_words=table("institution_words"),
        institution_endings=tuple(sorted(table("institution_endings"))),
        articles=table("articles"), attributive_articles=table("attributive_articles"),
        group_joiners=table("group_joiners"), name_prepositions=table("name_prepositions"),
        adjective_stems=tuple(sorted(table("adjective_stems"))),
        noun_determiners=table("noun_determiners"),
        leading_non_names=table("leading_non_names"), non_author_words=table("non_author_words"),
        event_nouns=table("event_nouns"), reporting_verbs=table("reporting_verbs"),
        citing_lead_ins=tuple(lead_ins), months=table("months"),
        collector_marks=tuple(tuple(str(p).casefold().split()) for p in data["collector_marks"]),
        reference_headings=tuple(str(h) for hs in data["reference_headings"].values()
                                 for h in hs),
        elisions=table("elisions"),
        page_labels=tuple((str(one), str(many)) for one, many in data["page_labels"].values()),
        part_labels=tuple(str(label) for label in data["part_labels"]),
        page_following=_alternatives({"all": data["page_following"]}),
        connectors=frozenset(str(w).casefold() for ws in data["connectors"].values() for w in ws),
        serial_comma=table("serial_comma"), in_press=_alternatives(data["in_press"]),
        undated=_alternatives(data["undated"]), et_al=_alternatives(data["et_al"]),
        secondary=tuple(sorted((tuple(str(p).casefold().split()) for p in data["secondary"]),
                               key=len, reverse=True)),
    )


def _alternatives(by_language: dict[str, list[str]]) -> str:
    """One regular expression matching any language's form, longest first."""
    forms = sorted({str(f) for fs in by_language.values() for f in fs}, key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")"
