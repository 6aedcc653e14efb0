"""Fuzzing the registry snapshot: a damaged file, or recorded answers whose bodies were changed
anywhere (a field of the wrong type, a missing or empty list, an odd status), gives findings or
a clean error when the check replays it offline: never a traceback."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repropub.cli import main
from repropub.errors import EXIT_FAILURE, InputError
from repropub.registry.store import Snapshot

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "registry"
DOI = "10.1371/journal.pone.0033693"
BIB = f"""@article{{sadasivan2012,
  author = {{Sadasivan, Shankar and Pond, Brooks B.}},
  title = {{Methylphenidate exposure induces dopamine neuron loss}},
  journaltitle = {{PLOS ONE}}, volume = {{7}}, number = {{3}}, pages = {{e33693}},
  date = {{2012}}, doi = {{{DOI}}},
}}
@article{{finch2015, author = {{Finch, Anna}}, title = {{Birds of the Estuary}},
  journaltitle = {{Journal of Birds}}, volume = {{3}}, pages = {{1--9}}, date = {{2015}}}}
"""
MANUSCRIPT = ("---\ntitle: Replayed\n---\n\nDopamine fell (Sadasivan & Pond, 2012), and birds "
              "sang (Finch, 2015).\n")

JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False)
    | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=3),
    max_leaves=8)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document, the root included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    holder = document
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return document


def _recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


BODIES = {"crossref": _recorded("crossref-work-plos.json"),
          "datacite": _recorded("datacite-doi-figshare.json"),
          "doiorg": _recorded("doiorg-handle-registered.json")}
KEYS = {"crossref": f"crossref /works/{DOI}", "datacite": f"datacite /dois/{DOI}",
        "doiorg": f"doiorg /api/handles/{DOI}"}


@st.composite
def damaged_record(draw: st.DrawFn, registry: str) -> dict[str, Any]:
    body = copy.deepcopy(BODIES[registry])
    for _ in range(draw(st.integers(0, 4))):
        # the places are read again each time: a replaced list has no items left to reach
        body = _replaced(body, draw(st.sampled_from(_paths(body))), draw(JSON))
    status = draw(st.sampled_from([200, 200, 200, 404, 500, 0, -1, 999]))
    return {"registry": registry, "url": f"https://example.org/{registry}",
            "fetched": "2026-01-01T00:00:00Z", "status": status,
            "body": draw(st.one_of(st.just(body), st.text(max_size=10)))
            if status == 200 else draw(JSON)}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=st.fixed_dictionaries({}, optional={
    registry: damaged_record(registry) for registry in KEYS}))
def test_a_snapshot_with_damaged_answers_gives_findings_or_a_clean_error(
        records: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        monkeypatch.setenv("REPROPUB_CACHE", str(folder / "cache"))
        (folder / "m.md").write_text(MANUSCRIPT, encoding="utf-8")
        (folder / "refs.bib").write_text(BIB, encoding="utf-8")
        snapshot = {"format": 1, "records": {KEYS[r]: record for r, record in records.items()}}
        (folder / "registry-snapshot.json").write_text(json.dumps(snapshot), encoding="utf-8")
        code = main(["check", str(folder / "m.md"), "--bib", str(folder / "refs.bib"),
                     "--references", "--offline", "--format", "json"])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        assert isinstance(json.loads(out), dict)  # a valid report, also when it could not run
        assert code in (0, 1, EXIT_FAILURE)
        if code == EXIT_FAILURE:
            assert len(err.strip().splitlines()) == 1, err


@settings(max_examples=80, deadline=None)
@given(document=st.one_of(JSON, st.fixed_dictionaries({"format": JSON, "records": JSON}),
                          st.fixed_dictionaries({"records": st.dictionaries(
                              st.text(max_size=8), st.dictionaries(st.sampled_from(
                                  ["registry", "url", "fetched", "status", "body"]), JSON),
                              max_size=3)})),
       raw=st.one_of(st.none(), st.binary(max_size=40)))
def test_any_snapshot_file_loads_or_is_refused_with_its_name(document: Any,
                                                             raw: bytes | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "registry-snapshot.json"
        path.write_bytes(raw if raw is not None else json.dumps(document).encode())
        try:
            snapshot = Snapshot.load(path)
        except InputError as error:
            assert str(error).startswith(str(path)) and "\n" not in str(error)
            return
        for record in snapshot.records.values():
            assert isinstance(record.reply.body, str)


def test_the_undamaged_snapshot_is_replayed_for_the_entry_with_a_doi(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The fuzzed snapshots reach the registries' readers: undamaged, the recorded answer
    is compared with the entry (the article's correction is noted)."""
    monkeypatch.setenv("REPROPUB_CACHE", str(tmp_path / "cache"))
    (tmp_path / "m.md").write_text(MANUSCRIPT, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    records = {KEYS[r]: {"registry": r, "url": "u", "fetched": "2026-01-01T00:00:00Z",
                         "status": 200, "body": body} for r, body in BODIES.items()}
    (tmp_path / "registry-snapshot.json").write_text(
        json.dumps({"format": 1, "records": records}), encoding="utf-8")
    main(["check", str(tmp_path / "m.md"), "--bib", str(tmp_path / "refs.bib"),
          "--references", "--offline", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert "ref.corrected" in {p["code"] for p in report["problems"]
                               if "sadasivan2012" in p["keys"]}
