"""The reference-health stage: every bibliography entry against Crossref, DataCite and doi.org.

Takes the `Bibliography` (a .bib, or the manuscript's own reference list) and where answers may
come from (`Sources`), and gives `Finding`s like the citation checker's, at the entry's DOI
line: a DOI written wrongly, a DOI no agency registered, a field that disagrees with the
record, a retraction, correction or expression of concern, a likely DOI for an entry without
one, and, cautiously, an entry that resembles no registered work. An entry whose registry could
not be asked is reported as unverified, never as wrong.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from repropub import policy
from repropub.bibliography import Bibliography, Entry, plain
from repropub.checker import SEVERITIES, CheckResult, Finding, Severity
from repropub.config import Config
from repropub.errors import RegistryError
from repropub.manuscript import Manuscript
from repropub.references import agreement
from repropub.references import doi as doi_mod
from repropub.registry import crossref, datacite, doiorg
from repropub.registry.http import Politeness
from repropub.registry.records import Update, Work
from repropub.registry.store import DEFAULT_URLS, Registries, Sources

SUGGEST_AT = 85.0
"""A search result scoring this (0-100) is offered as the entry's DOI."""
PLAUSIBLE = 50.0
"""Below this title similarity no search result resembles the entry at all."""


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    suggestion: str | None = None
    reason: str = ""
    """For ``ref.unverified``: what could not be reached, and why."""


@dataclass(frozen=True)
class HealthReport:
    findings: tuple[Finding, ...]
    checked: int
    """Entries looked at."""
    unverified: tuple[str, ...]
    """Keys of the entries no registry answer could be had for."""
    reasons: tuple[str, ...]
    """Why (one line per distinct cause: the host and what went wrong)."""
    snapshot: Path | None
    """The snapshot written by a refresh, or None."""


@functools.cache
def _kinds() -> Mapping[str, frozenset[str]]:
    data = yaml.safe_load(Path(__file__).with_name("kinds.yaml").read_text(encoding="utf-8"))
    return {name: frozenset(values) for name, values in data.items()}


URL_VARIABLES = {crossref.NAME: "REPROPUB_CROSSREF_URL", datacite.NAME: "REPROPUB_DATACITE_URL",
                 doiorg.NAME: "REPROPUB_DOIORG_URL"}
"""Environment variables that point a registry elsewhere (a mirror, a local test server)."""


def sources_for(config: Config, manuscript: Manuscript) -> Sources:
    """Where the check of this article may get its answers, from the build options."""
    deposit = manuscript.metadata.deposit
    mailto = (config.registry_mailto or os.environ.get("REPROPUB_MAILTO")
              or (deposit.email if deposit else None))
    urls = {name: os.environ.get(URL_VARIABLES[name]) or url for name, url in DEFAULT_URLS.items()}
    return Sources(snapshot=config.snapshot_path, refresh=config.registry_refresh,
                   offline=config.registry_offline, cache_dir=config.cache_dir, urls=urls,
                   politeness=Politeness(mailto=mailto))


def run(config: Config, manuscript: Manuscript, bibliography: Bibliography,
        result: CheckResult) -> tuple[CheckResult, HealthReport]:
    """The reference check for a build or `check --references`, merged into `result`."""
    report = check_references(bibliography, manuscript.path, sources_for(config, manuscript),
                              {**SEVERITIES, **config.severities})
    if config.ignore:
        report = replace(report, findings=tuple(
            f for f in report.findings if not policy.ignored(f.code, config.ignore)))
    return merged(result, report, manuscript.path), report


def summary(report: HealthReport) -> list[str]:
    """Lines for the terminal: what could not be verified and why, and a written snapshot."""
    lines = []
    if report.unverified:
        lines.append(f"could not verify {len(report.unverified)} of {report.checked} "
                     f"references ({', '.join(report.unverified)}): "
                     + "; ".join(report.reasons))
    if report.snapshot is not None:
        lines.append(f"wrote the registry snapshot {report.snapshot}")
    return lines


def check_references(bibliography: Bibliography, manuscript_path: Path, sources: Sources,
                     levels: Mapping[str, Severity]) -> HealthReport:
    """Check every entry; ask the registries at most `politeness.concurrency` at a time."""
    path = bibliography.path or manuscript_path
    # no .bib: the entries are the manuscript's own reference list, typed as text
    no_bib = path == manuscript_path
    lines = {} if no_bib else _doi_lines(bibliography)
    with Registries(sources) as registries, ThreadPoolExecutor(
            max_workers=max(1, sources.politeness.concurrency)) as pool:
        results = list(pool.map(lambda e: _entry(e, registries.fetch, no_bib=no_bib),
                                bibliography.entries))
        snapshot = registries.write_snapshot() if sources.refresh else None
    findings, unverified, reasons = [], [], []
    for entry, problems in zip(bibliography.entries, results, strict=True):
        for p in problems:
            if p.code == "ref.unverified":
                unverified.append(entry.key)
                reasons.append(p.reason)
            findings.append(Finding(p.code, levels.get(p.code, "warning"),
                                    lines.get(entry.key, entry.line), 1, p.message, entry.key,
                                    (entry.key,), p.suggestion, str(path)))
    return HealthReport(tuple(findings), len(bibliography.entries), tuple(unverified),
                        tuple(dict.fromkeys(reasons)), snapshot)


def merged(result: CheckResult, report: HealthReport, manuscript_path: Path) -> CheckResult:
    """The citation check's result with the reference findings in their place in the order."""
    own = str(manuscript_path)
    findings = sorted((*result.findings, *report.findings),
                      key=lambda f: (f.path != own, f.path, f.line, f.col))
    return replace(result, findings=tuple(findings))


def _entry(entry: Entry, fetch: crossref.Fetch, *, no_bib: bool) -> list[Problem]:
    raw = entry.fields.get("doi", "")
    if no_bib:
        found = doi_mod.find(entry.fields.get("raw", ""))
        raw = found or ""
    if raw:
        return _with_doi(entry, raw, fetch)
    if _searched(entry, no_bib):
        return _without_doi(entry, fetch)
    return []


def _with_doi(entry: Entry, raw: str, fetch: crossref.Fetch) -> list[Problem]:
    field = doi_mod.read(raw)
    problems = [Problem("ref.doi-form", f"the DOI of '{entry.key}' {p}",
                        f"write doi = {{{field.doi}}}" if field.doi else None)
                for p in field.problems]
    if field.doi is None:
        return [*problems, Problem("ref.doi-invalid", f"'{raw.strip()}' in '{entry.key}' is "
                                   f"not a DOI: {field.invalid}", None)]
    doi = field.doi
    try:
        work = crossref.work(fetch, doi) or datacite.work(fetch, doi)
        if work is None:
            if doiorg.registered(fetch, doi):
                return [*problems, Problem(
                    "ref.not-compared", f"{doi} is registered, but with an agency other than "
                    "Crossref and DataCite: its metadata was not compared")]
            return [*problems, Problem(
                "ref.doi-not-found", f"no registration agency knows the DOI {doi} of "
                f"'{entry.key}' (Crossref, DataCite and doi.org say it does not exist)",
                "check the DOI against the publisher's page")]
    except RegistryError as exc:
        return [*problems, _unverified(entry, exc)]
    return [*problems, *_agreement(entry, work), *_updates(entry, work)]


def _agreement(entry: Entry, work: Work) -> list[Problem]:
    where = "Crossref" if work.registry == crossref.NAME else "DataCite"
    return [Problem("ref.mismatch", f"the {d.field} of '{entry.key}' differs from {where}'s "
                    f"record of {work.doi}: the entry has '{d.ours}', the record '{d.theirs}'",
                    f"check the {d.field}; {where} has '{d.theirs}'")
            for d in agreement.differences(entry, work)]


def _updates(entry: Entry, work: Work) -> list[Problem]:
    kinds = _kinds()
    problems = []
    for update in work.updates:
        notice = _notice(update)
        if update.direction == "update-to":
            if update.doi != work.doi and update.kind in kinds["retraction"]:
                problems.append(Problem(
                    "ref.corrected", f"{work.doi} ('{entry.key}') is itself a retraction "
                    f"notice, for {update.doi}: cite the retracted work if that is meant"))
            continue
        if update.kind in kinds["retraction"]:
            problems.append(Problem(
                "ref.retracted", f"'{entry.key}' ({work.doi}) has been retracted{notice}",
                "do not rely on it; if it must be cited, say that it was retracted"))
        elif update.kind in kinds["concern"]:
            problems.append(Problem(
                "ref.concern", f"an expression of concern was published about '{entry.key}' "
                f"({work.doi}){notice}", "read the notice before relying on the work"))
        elif update.kind in kinds["correction"] and update.doi != work.doi:
            problems.append(Problem(
                "ref.corrected", f"a {update.kind.replace('_', ' ')} to '{entry.key}' "
                f"({work.doi}) was published{notice}", "check whether the correction matters"))
    return problems


def _notice(update: Update) -> str:
    when = f" on {update.date}" if update.date else ""
    by = " (Retraction Watch)" if update.source == "retraction-watch" else ""
    return f"{when}: notice {update.doi}{by}" if update.doi else f"{when}{by}"


def _searched(entry: Entry, no_bib: bool) -> bool:
    if not entry.title:
        return False
    if no_bib:
        # a typed reference: only what reads as an article (volume(issue), pages) is searched
        return bool(re.search(r"\d+\s*\(\d+\)|\bpp?\.\s*\d|\d+\s*[-\u2013]\s*\d+",
                              entry.fields.get("raw", "")))
    return entry.type not in _kinds()["not-searched"]


def _without_doi(entry: Entry, fetch: crossref.Fetch) -> list[Problem]:
    container = plain(str(entry.csl.get("container-title", "")))
    first = entry.authors[0].literal or entry.authors[0].family if entry.authors else ""
    query = " ".join(p for p in (first, entry.year or "", entry.title, container) if p)
    try:
        candidates = crossref.search(fetch, query)
    except RegistryError as exc:
        return [_unverified(entry, exc)]
    scored = sorted(((_score(entry, w), agreement.title_similarity(entry.title, w), w)
                     for w in candidates), key=lambda s: -s[0])
    if scored and scored[0][0] >= SUGGEST_AT:
        score, _, work = scored[0]
        return [Problem("ref.missing-doi", f"'{entry.key}' has no DOI; Crossref's best match, "
                        f"{work.describe()}, scores {score:.0f}/100",
                        f"did you mean {work.doi}? add doi = {{{work.doi}}}")]
    if not any(title >= PLAUSIBLE for _, title, _ in scored):
        best = (f"Crossref's closest, {scored[0][2].describe()}, has a title "
                f"{scored[0][1]:.0f}% alike" if scored else "Crossref returned nothing")
        return [Problem("ref.possibly-fabricated", f"no registered work resembles '{entry.key}'"
                        f" ({best}); it may be unregistered, or it may not exist",
                        "confirm the work exists (publisher, library catalogue) before "
                        "keeping it")]
    return []


def _score(entry: Entry, work: Work) -> float:
    """0-100: the title carries most of it; first author, year and journal confirm it."""
    title = agreement.title_similarity(entry.title, work)
    author = agreement.author_agrees(entry, work)
    year = agreement.year_agrees(entry, work)
    container = agreement.container_agrees(
        plain(str(entry.csl.get("container-title", ""))), work.containers)
    return (0.7 * title + 15 * (author is not False) + 10 * (year is not False)
            + 5 * (container is not False)) if title >= PLAUSIBLE else 0.7 * title


def _unverified(entry: Entry, exc: RegistryError) -> Problem:
    return Problem("ref.unverified", f"'{entry.key}' was not checked, so nothing is said "
                   f"about it: {exc}", "run again with network access, or with the registry "
                   "snapshot (check --references --refresh records one)", str(exc))


def _doi_lines(bibliography: Bibliography) -> dict[str, int]:
    """The line of each entry's `doi` field in the .bib (its first line when it has none)."""
    if bibliography.path is None or not bibliography.path.is_file():
        return {}
    lines = bibliography.path.read_text(encoding="utf-8", errors="replace").split("\n")
    found = {}
    for entry in bibliography.entries:
        for number in range(entry.line, min(len(lines), entry.line + 200) + 1):
            text = lines[number - 1]
            if number > entry.line and text.lstrip().startswith("@"):
                break
            if re.match(r"\s*doi\s*=", text, re.IGNORECASE):
                found[entry.key] = number
                break
    return found
