"""`check --references` against recorded Crossref, DataCite and doi.org answers."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from registry_server import Answer, RegistryServer, recorded

from repropub.bibliography import load_bibliography
from repropub.cli import main
from repropub.config import DEFAULT_BIBLIOGRAPHY
from repropub.references import health as health_mod
from repropub.registry.http import Politeness

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PLOS = "/works/10.1371/journal.pone.0033693"
FIGSHARE = "10.6084/m9.figshare.1449060"
LOST = "10.1016/j.cedpsych.2020.101816"


def serve_recorded(registry: RegistryServer) -> None:
    not_found = Answer(recorded("crossref-work-not-found.txt"), 404)
    registry.serve(PLOS, Answer(recorded("crossref-work-plos.json")))
    registry.serve("/works/10.5555/12345678", Answer(recorded("crossref-work-retracted.json")))
    registry.serve(f"/works/{FIGSHARE}", not_found)
    registry.serve(f"/dois/{FIGSHARE}", Answer(recorded("datacite-doi-figshare.json")))
    registry.serve(f"/works/{LOST}", not_found)
    registry.serve(f"/dois/{LOST}", Answer(recorded("datacite-doi-not-found.json"), 404))
    registry.serve(f"/api/handles/{LOST}", Answer(recorded("doiorg-handle-not-found.json"), 404))
    registry.serve("/works", Answer(recorded("crossref-query-forecast-trap.json")))


def project(tmp_path: Path, case: str) -> Path:
    folder = tmp_path / case
    shutil.copytree(FIXTURES / case, folder)
    return folder


def check(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any, str]:
    code = main(["check", str(folder / "manuscript.md"), "--bib", str(folder / "references.bib"),
                 "--references", "--format", "json", *extra])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def problems(report: Any, key: str | None = None) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for p in report["problems"]:
        if p["code"].startswith("ref.") and (key is None or key in p["keys"]):
            found.setdefault(p["code"], []).append(p)
    return found


@pytest.fixture
def health(registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> tuple[int, Any, str]:
    quick(monkeypatch)
    serve_recorded(registry)
    return check(project(tmp_path, "refs-health"), capsys)


def test_a_doi_whose_record_agrees_has_no_mismatch_and_its_correction_is_noted(health):
    _, report, _ = health
    found = problems(report, "sadasivan2012")
    assert set(found) == {"ref.corrected"}
    (corrected,) = found["ref.corrected"]
    assert corrected["severity"] == "info"
    assert "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda" in corrected["message"]
    assert "2012-05-08" in corrected["message"]


def test_a_retracted_work_is_an_error_naming_the_notice_and_its_date(health):
    code, report, _ = health
    (retracted,) = problems(report, "carberry2008")["ref.retracted"]
    assert retracted["severity"] == "error"
    assert "10.5555/24242424x" in retracted["message"]
    assert "2009-09-14" in retracted["message"]
    assert code == 1


def test_a_doi_pasted_as_a_url_with_a_full_stop_is_reported_at_its_line(health):
    _, report, _ = health
    forms = problems(report, "carberry2008")["ref.doi-form"]
    assert {"URL" in f["message"] or "'.'" in f["message"] for f in forms} == {True}
    assert len(forms) == 2
    bib = (FIXTURES / "refs-health" / "references.bib").read_text().split("\n")
    assert all(bib[f["line"] - 1].lstrip().startswith("doi") for f in forms)
    assert forms[0]["suggestion"] == "write doi = {10.5555/12345678}"
    assert forms[0]["file"].endswith("references.bib")


def test_a_datacite_doi_is_found_after_crossref_says_not_found_and_agrees(health, registry):
    _, report, _ = health
    assert problems(report, "dworkin2020") == {}
    assert f"/dois/{FIGSHARE}" in registry.paths()


def test_a_doi_no_agency_knows_is_an_error_after_asking_all_three(health, registry):
    _, report, _ = health
    (lost,) = problems(report, "lost2020")["ref.doi-not-found"]
    assert lost["severity"] == "error"
    assert {f"/works/{LOST}", f"/dois/{LOST}", f"/api/handles/{LOST}"} <= set(registry.paths())


def test_an_entry_without_a_doi_gets_the_best_match_above_the_threshold(health, registry):
    _, report, _ = health
    (suggestion,) = problems(report, "boettiger2022")["ref.missing-doi"]
    assert suggestion["suggestion"].startswith("did you mean 10.1111/ele.14024?")
    query = next(r.path for r in registry.requests if r.path.startswith("/works?"))
    assert "query.bibliographic=Boettiger" in query or "forecast" in query


def test_an_entry_resembling_no_registered_work_is_reported_cautiously(health):
    _, report, _ = health
    (fabricated,) = problems(report, "okafor2021")["ref.possibly-fabricated"]
    assert fabricated["severity"] == "info"
    assert "may not exist" in fabricated["message"]


def test_a_book_without_a_doi_is_not_searched(health, registry):
    _, report, _ = health
    assert problems(report, "keohane1977") == {}
    assert not any("interdependence" in r.path for r in registry.requests)


def test_requests_name_a_contact_address_in_the_user_agent(health, registry):
    assert registry.requests
    assert all("mailto:editor@example.org" in r.user_agent and "repropub/" in r.user_agent
               for r in registry.requests)


def test_each_differing_field_is_named_with_what_the_record_says(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry.serve(PLOS, Answer(recorded("crossref-work-plos.json")))
    _, report, _ = check(project(tmp_path, "refs-mismatch"), capsys)
    mismatches = {m["message"].split(" of ")[0].removeprefix("the "): m
                  for m in problems(report)["ref.mismatch"]}
    assert set(mismatches) == {"title", "first author", "year", "journal", "volume"}
    assert "the record '7'" in mismatches["volume"]["message"]
    assert "the record 'Sadasivan'" in mismatches["first author"]["message"]
    assert "2012" in mismatches["year"]["message"]
    assert mismatches["title"]["severity"] == "warning"


def test_429_is_retried_after_the_time_it_asks_for(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry.serve(PLOS, Answer(b"", 429, {"Retry-After": "1"}),
                   Answer(recorded("crossref-work-plos.json")))
    _, report, _ = check(project(tmp_path, "refs-mismatch"), capsys)
    assert registry.paths().count(PLOS) == 2
    assert "ref.mismatch" in problems(report)
    assert "ref.unverified" not in problems(report)


def test_a_registry_that_does_not_answer_in_time_leaves_entries_unverified_not_fabricated(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    quick(monkeypatch)
    registry.serve(PLOS, Answer(recorded("crossref-work-plos.json"), delay=2.0))
    registry.serve("/works", Answer(recorded("crossref-query-forecast-trap.json"), delay=2.0))
    folder = project(tmp_path, "refs-mismatch")
    code, report, err = check(folder, capsys)
    (unverified,) = problems(report)["ref.unverified"]
    assert "127.0.0.1" in unverified["message"] and "within 0.3 s" in unverified["message"]
    assert code == 0
    assert "could not verify 1 of 1 references (sadasivam2013)" in err


def test_malformed_json_from_a_registry_is_unverified_and_says_so(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry.serve(PLOS, Answer(recorded("crossref-work-plos.json")[:500]))
    _, report, _ = check(project(tmp_path, "refs-mismatch"), capsys)
    (unverified,) = problems(report)["ref.unverified"]
    assert "malformed JSON" in unverified["message"]
    assert "ref.mismatch" not in problems(report)


def test_without_network_or_snapshot_nothing_is_judged_and_the_exit_code_is_configurable(
        unreachable: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    quick(monkeypatch)
    folder = project(tmp_path, "refs-health")
    code, report, err = check(folder, capsys)
    found = problems(report)
    assert set(found) == {"ref.unverified", "ref.doi-form"}
    assert {p["keys"][0] for p in found["ref.unverified"]} == {
        "sadasivan2012", "carberry2008", "dworkin2020", "boettiger2022", "okafor2021",
        "lost2020"}
    assert code == 0
    assert "could not verify 6 of 7 references" in err and "could not be reached" in err
    strict, _, _ = check(folder, capsys, "--severity", "ref.unverified=error")
    assert strict == 1


def test_a_snapshot_recorded_online_gives_the_same_findings_offline(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    serve_recorded(registry)
    folder = project(tmp_path, "refs-health")
    snapshot = folder / "registry-snapshot.json"
    online_code, online, err = check(folder, capsys, "--refresh")
    assert f"wrote the registry snapshot {snapshot}" in err
    data = json.loads(snapshot.read_text())
    record = data["records"][f"crossref {PLOS}"]
    assert record["status"] == 200 and record["registry"] == "crossref"
    assert record["url"] == registry.url + PLOS and record["fetched"].endswith("Z")
    assert record["body"]["message"]["DOI"] == "10.1371/journal.pone.0033693"
    asked = len(registry.requests)
    registry.close()
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "empty-cache"))
    offline_code, offline, _ = check(folder, capsys, "--offline")
    assert offline["problems"] == online["problems"]
    assert offline_code == online_code == 1
    assert len(registry.requests) == asked


def test_the_cache_answers_a_second_check_without_asking_again(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    serve_recorded(registry)
    folder = project(tmp_path, "refs-health")
    _, first, _ = check(folder, capsys)
    asked = len(registry.requests)
    _, second, _ = check(folder, capsys)
    assert len(registry.requests) == asked
    assert second["problems"] == first["problems"]
    assert not (folder / "registry-snapshot.json").exists()


def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short timeouts and backoff, so the fault tests take a second, not a minute."""
    monkeypatch.setattr(health_mod, "Politeness", functools.partial(
        Politeness, timeout=0.3, retries=1, backoff=0.05, rate=50.0, budget=20.0))


def test_a_doi_only_doi_org_knows_is_registered_but_not_compared(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doi = "10.1016/j.cedpsych.2020.101860"
    registry.serve(f"/works/{doi}", Answer(recorded("crossref-work-not-found.txt"), 404))
    registry.serve(f"/dois/{doi}", Answer(recorded("datacite-doi-not-found.json"), 404))
    registry.serve(f"/api/handles/{doi}", Answer(recorded("doiorg-handle-registered.json")))
    code, report, _ = check(project(tmp_path, "refs-other-agency"), capsys)
    assert set(problems(report)) == {"ref.not-compared"}
    assert code == 0


def test_the_project_setting_turns_the_check_on_and_ignore_drops_a_code(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    registry.serve(PLOS, Answer(recorded("crossref-work-plos.json")))
    folder = project(tmp_path, "refs-mismatch")
    (folder / "repropub.toml").write_text(
        'manuscript = "manuscript.md"\nbibliography = "references.bib"\nreferences = true\n'
        'ignore = ["ref.corrected"]\n')
    (folder / ".git").mkdir()
    monkeypatch.chdir(folder)
    assert main(["check", "--format", "json"]) == 0
    found = problems(json.loads(capsys.readouterr().out))
    assert "ref.mismatch" in found and "ref.corrected" not in found


def test_a_references_setting_that_is_not_true_or_false_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = project(tmp_path, "refs-mismatch")
    (folder / "repropub.toml").write_text('references = "yes"\n')
    (folder / ".git").mkdir()
    monkeypatch.chdir(folder)
    assert main(["check", "manuscript.md", "--bib", "references.bib"]) == 2
    assert "references: write true or false" in capsys.readouterr().err


def test_without_a_bib_the_manuscripts_own_reference_list_is_checked(
        registry: RegistryServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    quick(monkeypatch)
    serve_recorded(registry)
    folder = project(tmp_path, "refs-own-list")
    code = main(["check", str(folder / "manuscript.md"), "--references", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    found = problems(report)
    (retracted,) = found["ref.retracted"]
    lines = (folder / "manuscript.md").read_text().split("\n")
    assert retracted["file"].endswith("manuscript.md")
    assert lines[retracted["line"] - 1].startswith("Carberry, J. (2008)")
    (suggested,) = found["ref.missing-doi"]
    assert "10.1111/ele.14024" in suggested["suggestion"]
    assert set(found) == {"ref.retracted", "ref.missing-doi"}
    assert not any("interdependence" in r.path for r in registry.requests)
    assert code == 1


def test_the_flagship_offline_without_a_snapshot_judges_nothing_and_searches_only_articles(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's own article cites no DOI: its journal articles would be searched, its
    books, reports and web pages not; with no network and no snapshot nothing is judged."""
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(FIXTURES.parents[1])  # the project's settings: its known errors are warnings
    articles = {e.key for e in load_bibliography(DEFAULT_BIBLIOGRAPHY).entries
                if e.type == "article"}
    code = main(["check", "--references", "--offline", "--format", "json"])
    found = problems(json.loads(capsys.readouterr().out))
    assert set(found) == {"ref.unverified"}
    assert {p["keys"][0] for p in found["ref.unverified"]} == articles
    assert code == 0
