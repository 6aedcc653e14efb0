"""Nothing lost: inputs are only read, a build killed at any moment leaves the previous output
as it was, and an output folder whose replacement would destroy work is refused."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Main, MakeProject, one_line_error, snapshot

from repropub.errors import EXIT_FAILURE, EXIT_OK

REPO = Path(__file__).resolve().parents[2]
KILLS = 6


def test_inputs_are_only_read(project: MakeProject, main: Main) -> None:
    attack = project("image-ok")
    inputs = [attack.manuscript, attack.bib, attack.folder / "figures" / "square.svg"]
    for path in inputs:
        path.chmod(0o444)
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in inputs}
    assert main(attack.args()) == EXIT_OK
    assert main(["check", str(attack.manuscript), "--bib", str(attack.bib)]) == EXIT_OK
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in inputs} == before


def test_an_output_folder_holding_the_inputs_is_refused(project: MakeProject, main: Main,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    args = [str(attack.manuscript), "--bib", str(attack.bib), "--out", str(attack.folder)]
    assert main(args) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, attack.folder)
    assert "contains the input" in line
    assert attack.manuscript.is_file() and attack.bib.is_file()


def test_a_folder_of_other_files_is_not_replaced(project: MakeProject, main: Main,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    attack = project("base")
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.docx").write_bytes(b"years of work")
    args = [str(attack.manuscript), "--bib", str(attack.bib), "--out", str(documents)]
    assert main(args) == EXIT_FAILURE
    [line] = one_line_error(capsys.readouterr().err, documents)
    assert "no output of a previous build" in line
    assert (documents / "thesis.docx").read_bytes() == b"years of work"


def build_process(args: list[str], cache: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REPROPUB_CACHE": str(cache)}
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_build_killed_at_random_moments_leaves_the_previous_output(
        project: MakeProject, tmp_path: Path) -> None:
    attack = project("image-ok")
    start = time.monotonic()
    assert build_process(attack.args(), tmp_path / "cache").wait() == EXIT_OK
    duration = time.monotonic() - start
    before = snapshot(attack.out)
    attack.manuscript.write_text(attack.manuscript.read_text(encoding="utf-8")
                                 + "\nA new paragraph.\n", encoding="utf-8")
    seed = random.randrange(2**32)
    moments = sorted(random.Random(seed).uniform(0.05, 0.8 * duration) for _ in range(KILLS))
    for moment in moments:
        process = build_process(attack.args(), tmp_path / "cache")
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        if process.wait() != -signal.SIGKILL:
            # the rebuild (faster than the first build: its cache is warm) finished before the
            # signal: nothing was interrupted, and the output is now the new one
            assert process.returncode == EXIT_OK
            break
        assert snapshot(attack.out) == before, f"killed at {moment:.2f} s (seed {seed})"
    else:
        assert build_process(attack.args(), tmp_path / "cache").wait() == EXIT_OK
    assert snapshot(attack.out) != before
