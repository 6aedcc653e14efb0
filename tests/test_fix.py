"""`build.py fix`: certain corrections applied to a copy of a fixture, everything else left.

Each test copies a `tests/fixtures/fix-*` project (or the flagship article) into a temporary
folder, runs `main(["fix", ...])` in-process and reads the result back through the checker's
JSON report: a fixed citation is one the checker no longer reports.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repropub import checker, fix
from repropub.bibliography import Bibliography, Entry, Name
from repropub.checker import check
from repropub.cli import main
from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT
from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK
from repropub.manuscript import Manuscript
from repropub.metadata import ArticleMetadata

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def project(case: str, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of `fixtures/fix-<case>`: (manuscript, bibliography)."""
    folder = shutil.copytree(FIXTURES / f"fix-{case}", tmp_path / case)
    return folder / "manuscript.md", folder / "references.bib"


def run_fix(manuscript: Path, bib: Path, capsys: pytest.CaptureFixture[str],
            *options: str) -> tuple[int, str, str]:
    code = main(["fix", str(manuscript), "--bib", str(bib), *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def checked(manuscript: Path, bib: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["check", str(manuscript), "--bib", str(bib), "--format", "json"])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def citations(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["text"], c["status"]) for c in report["citations"]]


def codes(report: dict[str, Any]) -> list[str]:
    return [p["code"] for p in report["problems"]]


def last_line(out: str) -> str:
    return out.rstrip("\n").rsplit("\n", 1)[-1]


def test_style_fixes_give_ampersand_comma_and_page_labels_the_checker_accepts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("style", tmp_path)
    code, out, _ = run_fix(manuscript, bib, capsys)
    assert code == EXIT_OK
    report = checked(manuscript, bib, capsys)
    assert report["problems"] == []
    assert citations(report) == [
        ("Keohane & Nye, 2001", "ok"), ("Keohane and Nye (1977)", "ok"), ("Waltz, 1979", "ok"),
        ("Fiott, 2022, p. 14", "ok"), ("Fiott, 2022, pp. 20\u201325", "ok"),
    ]
    assert last_line(out).startswith("applied 5 fixes to ")


@pytest.mark.parametrize("only", ["style.ampersand", "style.comma-before-year",
                                  "style.page-locator"])
def test_only_applies_the_named_codes_and_leaves_the_others(
        only: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("style", tmp_path)
    before = codes(checked(manuscript, bib, capsys))
    code, out, _ = run_fix(manuscript, bib, capsys, "--only", only)
    assert code == EXIT_OK  # warnings only
    after = codes(checked(manuscript, bib, capsys))
    assert only not in after
    assert after == [c for c in before if c != only]
    assert f"{len(after)} more fixable with other --only codes" in last_line(out)


def test_author_lists_are_rewritten_keeping_year_locator_and_form(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("authors", tmp_path)
    code, _, _ = run_fix(manuscript, bib, capsys)
    assert code == EXIT_OK
    report = checked(manuscript, bib, capsys)
    assert report["problems"] == []
    assert citations(report) == [
        ("Major & Mölling, 2022, p. 2", "ok"),
        ("Major and Mölling (2022)", "ok"),
        ("Keohane & Nye, 1977", "ok"),
        ("Lee et al., 2010", "ok"),  # the author list's fix wins over its ampersand's
        ("Smith and Jones (2015)", "ok"),
    ]


def test_a_year_off_by_one_takes_the_entry_year(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("years", tmp_path)
    assert run_fix(manuscript, bib, capsys)[0] == EXIT_OK
    report = checked(manuscript, bib, capsys)
    assert report["problems"] == []
    assert citations(report) == [("Waltz, 1979", "ok"), ("Hudson and Chinnery (2006)", "ok")]


def test_misspelt_names_take_the_entry_spelling_with_diacritics(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("names", tmp_path)
    assert run_fix(manuscript, bib, capsys)[0] == EXIT_OK
    report = checked(manuscript, bib, capsys)
    assert report["problems"] == []
    assert citations(report) == [
        ("Mearsheimer, 2014", "ok"), ("Şener et al., 2007", "ok"),
        ("von Closen & Dembinski, 2021", "ok"), ("Südhof (2008)", "ok"),
    ]


def test_findings_without_a_certain_fix_are_left_alone_and_listed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("human", tmp_path)
    report = checked(manuscript, bib, capsys)
    assert sorted(codes(report)) == sorted(["ambiguous", "missing-entry", "undefined-key",
                                            "author-mismatch", "year-mismatch",
                                            "year-mismatch", "uncited-entry"])
    assert all(p["fix"] is None for p in report["problems"])
    before = manuscript.read_bytes()
    code, out, err = run_fix(manuscript, bib, capsys)
    assert code == EXIT_FINDINGS
    assert manuscript.read_bytes() == before
    assert not list(manuscript.parent.glob("*.bak*"))
    summary = last_line(out)
    assert summary.startswith("nothing to fix; 7 findings need a human: ")
    for finding in report["problems"]:
        assert finding["code"] in summary
    assert "[undefined-key]" in err  # what remains is reported as the check reports it


def test_dry_run_writes_nothing_and_prints_the_diff(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("years", tmp_path)
    before, mtime = manuscript.read_bytes(), manuscript.stat().st_mtime_ns
    code, out, _ = run_fix(manuscript, bib, capsys, "--dry-run")
    assert code == EXIT_OK
    assert manuscript.read_bytes() == before
    assert manuscript.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in manuscript.parent.iterdir()) == ["manuscript.md",
                                                                   "references.bib"]
    lines = out.splitlines()
    assert lines[0] == f"--- {manuscript}"
    assert "Structure matters (Waltz, [-1980-]{+1979+})." in lines
    assert last_line(out) == "would apply 2 fixes (dry run: nothing written)"


def test_the_original_is_backed_up_and_no_backup_is_ever_overwritten(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("years", tmp_path)
    original = manuscript.read_bytes()
    first = manuscript.with_name("manuscript.md.bak")
    first.write_bytes(b"an older backup of the author's own\n")
    for n in (1, 2):
        manuscript.write_bytes(original)
        code, out, _ = run_fix(manuscript, bib, capsys)
        assert code == EXIT_OK
        backup = manuscript.with_name(f"manuscript.md.bak.{n}")
        assert backup.read_bytes() == original
        assert f"the original is {backup}" in last_line(out)
    assert first.read_bytes() == b"an older backup of the author's own\n"
    assert b"(Waltz, 1979)" in manuscript.read_bytes()


def test_crlf_line_endings_bom_and_permissions_are_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("authors", tmp_path)
    text = manuscript.read_text(encoding="utf-8")
    manuscript.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    manuscript.chmod(0o640)
    assert run_fix(manuscript, bib, capsys)[0] == EXIT_OK
    data = manuscript.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    assert data.count(b"\n") == data.count(b"\r\n") == text.count("\n")
    assert b"(Major & M\xc3\xb6lling, 2022, p. 2).\r\n" in data
    assert stat.S_IMODE(manuscript.stat().st_mode) == 0o640
    assert checked(manuscript, bib, capsys)["problems"] == []


def test_a_read_only_manuscript_is_refused_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("years", tmp_path)
    before = manuscript.read_bytes()
    manuscript.chmod(0o444)
    code, out, err = run_fix(manuscript, bib, capsys)
    assert code == EXIT_FAILURE
    assert err.splitlines() == [f"{manuscript}: error: the manuscript is read-only; nothing "
                                "was written"]
    assert out == ""
    assert manuscript.read_bytes() == before
    assert sorted(p.name for p in manuscript.parent.iterdir()) == ["manuscript.md",
                                                                   "references.bib"]


def test_a_manuscript_changed_on_disk_meanwhile_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    manuscript, bib = project("years", tmp_path)
    real_check = checker.check

    def check_while_someone_edits(*args: Any, **kwargs: Any) -> Any:
        with manuscript.open("a", encoding="utf-8") as out:
            out.write("\nA sentence the author added meanwhile.\n")
        return real_check(*args, **kwargs)

    monkeypatch.setattr(checker, "check", check_while_someone_edits)
    code, _, err = run_fix(manuscript, bib, capsys)
    assert code == EXIT_FAILURE
    assert len(err.splitlines()) == 1
    assert "changed on disk" in err and "nothing was written" in err
    assert "Waltz, 1980" in manuscript.read_text(encoding="utf-8")
    assert sorted(p.name for p in manuscript.parent.iterdir()) == ["manuscript.md",
                                                                   "references.bib"]


def test_an_unknown_only_code_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("years", tmp_path)
    code, _, err = run_fix(manuscript, bib, capsys, "--only", "missing-entry")
    assert code == EXIT_FAILURE
    assert err.startswith("--only missing-entry: fixable codes are ")


def test_flagship_copy_gets_its_certain_fixes_and_keeps_its_missing_entries(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = hashlib.sha256(DEFAULT_MANUSCRIPT.read_bytes()).hexdigest()
    manuscript = Path(shutil.copy(DEFAULT_MANUSCRIPT, tmp_path / "article.md"))
    # the flagship suppresses its original's errors; this copy leaves them to fix and report
    manuscript.write_text(re.sub(r"<!-- repropub: ignore [a-z, -]+ -->\n", "",
                                 manuscript.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, _ = run_fix(manuscript, DEFAULT_BIBLIOGRAPHY, capsys)
    assert code == EXIT_FINDINGS
    report = checked(manuscript, DEFAULT_BIBLIOGRAPHY, capsys)
    assert [(p["code"], p["cited"]) for p in report["problems"]] == [
        ("missing-entry", "Kivimaki (2017)"),
        ("missing-entry", "U.S. Department of Defense, 2023"),
    ]
    texts = dict(citations(report))
    assert texts["Major & Mölling, 2022, p. 2"] == "ok"
    assert texts["Keohane & Nye, 2001"] == "ok"
    assert texts["Charap & Colton, 2017"] == "ok"
    assert last_line(out).startswith("applied 8 fixes to ")
    assert last_line(out).endswith("2 findings need a human: missing-entry at 66:690, 84:530")
    assert hashlib.sha256(DEFAULT_MANUSCRIPT.read_bytes()).hexdigest() == real


BIB = Bibliography(Path("refs.bib"), (
    Entry("smith2010", "article", 1, (Name("Smith", "J."), Name("Jones", "K.")), "2010"),
    Entry("major2022", "article", 5, (Name("Major", "C."), Name("Mölling", "C.")), "2022"),
    Entry("lee2010", "article", 9, (Name("Lee", "C."), Name("Park", "M."), Name("Kim", "S.")),
          "2010"),
    Entry("sudhof2008", "article", 13, (Name("Südhof", "T."),), "2008"),
))
NAMES = st.sampled_from(["Smith", "Smith and Jones", "Smith & Jones", "Smith et al.", "Smyth",
                         "Jones and Smith", "Major", "Major and Molling", "Lee and Park",
                         "Lee, Park and Kim", "Sudhof", "Sudhoff"])
YEARS = st.sampled_from(["2010", "2011", "2009", "2022", "2021", "2008"])
LOCATORS = st.sampled_from(["", ", p. 2", ", pp. 2", ", p. 2-5", " pp. 3"])
CITATIONS = st.one_of(
    st.builds("({}{}{}{})".format, NAMES, st.sampled_from([", ", " ", "\n"]), YEARS, LOCATORS),
    st.builds("{} ({}{})".format, NAMES, YEARS, LOCATORS),
)
PIECES = st.one_of(CITATIONS, st.sampled_from([
    "A point was made ", "as argued. ", ", ", "; ", "(", ")", "'s", " ", "\n", "\n\n", "x",
]))


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=20), st.booleans())
def test_fixes_never_change_text_outside_their_spans(parts: list[str], crlf: bool) -> None:
    text = "".join(parts)
    manuscript = Manuscript(Path("m.md"), text, text, 1, ArticleMetadata(title="T"))
    result = check(manuscript, BIB)
    fixes = sorted((f.fix for f in fix.select(result.findings) if f.fix),
                   key=lambda f: (f.start, f.end))
    for f in fixes:  # each fix stays inside the citation it was found at
        assert any(c.start <= f.start <= f.end <= c.end for c in result.citations)

    def as_file(piece: str) -> str:
        return piece.replace("\n", "\r\n") if crlf else piece

    raw = as_file(text)
    expected, last = [], 0
    for f in fixes:
        expected += [as_file(text[last:f.start]), f.replacement]
        last = f.end
    expected.append(as_file(text[last:]))
    assert fix.apply(raw, fix._in_file(fixes, raw)) == "".join(expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=20))
def test_fixing_settles_within_the_rounds(parts: list[str]) -> None:
    """A fixed citation is one the checker no longer offers a fix for: no fix undoes another."""
    text = "".join(parts)
    for _ in range(fix.MAX_ROUNDS):
        manuscript = Manuscript(Path("m.md"), text, text, 1, ArticleMetadata(title="T"))
        chosen = [f.fix for f in fix.select(check(manuscript, BIB).findings) if f.fix]
        if not chosen:
            return
        text = fix.apply(text, chosen)
    pytest.fail(f"still offering fixes after {fix.MAX_ROUNDS} rounds: {text!r}")


def test_other_styles_get_no_author_list_rewrite(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The checker knows APA's author form only; a spelling or a year is the same anywhere."""
    manuscript, bib = project("authors", tmp_path)
    code, out, _ = run_fix(manuscript, bib, capsys, "--style", "chicago-author-date")
    assert code == EXIT_FINDINGS
    assert manuscript.read_bytes() == (FIXTURES / "fix-authors/manuscript.md").read_bytes()
    # Chicago's own rules (no comma, 'and', no 'p.') are warnings with no certain fix
    assert last_line(out).startswith("nothing to fix; 9 findings need a human: "
                                     "author-mismatch at 5:26, 7:1, 9:12, 11:22, …")
    manuscript, bib = project("names", tmp_path)
    assert run_fix(manuscript, bib, capsys, "--style", "chicago-author-date")[0] == EXIT_OK
    assert checked(manuscript, bib, capsys)["problems"] == []


def test_the_json_report_carries_each_fix_with_its_span(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("authors", tmp_path)
    first = checked(manuscript, bib, capsys)["problems"][0]
    assert first["fix"] == {"line": 5, "col": 26, "end_line": 5, "end_col": 31,
                            "replacement": "Major & Mölling"}
    main(["check", str(manuscript), "--bib", str(bib), "--format", "sarif"])
    result = json.loads(capsys.readouterr().out)["runs"][0]["results"][0]
    change = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert change == {"deletedRegion": {"startLine": 5, "startColumn": 26, "endLine": 5,
                                        "endColumn": 31},
                      "insertedContent": {"text": "Major & Mölling"}}


def test_readme_fix_examples_use_the_fix_command_s_options(
        capsys: pytest.CaptureFixture[str]) -> None:
    from test_readme import commands, fenced_blocks_under

    examples = [c.split() for block in fenced_blocks_under("build.py fix")
                for c in commands(block)]
    assert examples and all("fix" in e for e in examples)
    main(["fix", "--help"])
    documented = set(capsys.readouterr().out.split())
    for example in examples:
        for i, arg in enumerate(example):
            if arg.startswith("--"):
                assert arg in documented, arg
            if arg == "--only":
                assert fix.parse_only(example[i + 1])


def test_fixing_twice_changes_nothing_more(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manuscript, bib = project("names", tmp_path)
    run_fix(manuscript, bib, capsys)
    once = manuscript.read_bytes()
    code, out, _ = run_fix(manuscript, bib, capsys)
    assert code == EXIT_OK
    assert manuscript.read_bytes() == once
    assert last_line(out) == "nothing to fix"
    assert len(list(manuscript.parent.glob("*.bak*"))) == 1
    assert os.path.exists(manuscript.with_name("manuscript.md.bak"))
