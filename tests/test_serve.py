"""`build.py serve`, started as a user starts it: it serves the page, rebuilds on an edit, the
page's version counter moves, the findings panel shows, and Ctrl-C leaves nothing running."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "small-article"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for(predicate: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def arguments(tmp_path: Path, manuscript: Path, *options: str) -> list[str]:
    """The build's arguments for the copied article, writing to ``tmp_path/out``."""
    return [str(manuscript), "--bib", str(manuscript.with_name("references.bib")),
            "--out", str(tmp_path / "out"), *options]


def start_serve(tmp_path: Path, *options: str,
                env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], Path, Path]:
    """`build.py serve` on a copy of the small article (the one already at ``tmp_path/article``,
    else a fresh copy), as a user starts it, writing to ``tmp_path/out``: the process, the
    copied manuscript and the log of what it prints."""
    if not (tmp_path / "article").exists():
        shutil.copytree(FIXTURE, tmp_path / "article")
    manuscript = tmp_path / "article" / "manuscript.md"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve",
             *arguments(tmp_path, manuscript, *options), "--port", "0"],
            stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path,
            env=os.environ.copy() if env is None else env)
    return process, manuscript, log


def article_with_a_finding(tmp_path: Path) -> Path:
    """The small article copied to ``tmp_path/article`` with a citation of no entry (a finding
    a recorded build must carry), its files dated a minute ago, as a user's are when a build
    starts: the manuscript."""
    shutil.copytree(FIXTURE, tmp_path / "article")
    manuscript = tmp_path / "article" / "manuscript.md"
    manuscript.write_text(manuscript.read_text() + "\nA work without an entry, Nobody (1999).\n")
    past = time.time() - 60
    for path in (tmp_path / "article").iterdir():
        os.utime(path, (past, past))
    return manuscript


@pytest.mark.slow
def test_serve_rebuilds_on_edit_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # started as `make test &` from a script: serve inherits the ignored SIGINT, as any
        # background job does, and only SIGTERM stops it (the other serve tests stop it so)
        pytest.skip("the tests run with SIGINT ignored, so serve cannot be stopped by Ctrl-C")
    process, manuscript, log = start_serve(tmp_path, "--html-only")
    try:
        wait_for(lambda: "serving http://" in log.read_text())
        url = re.search(r"serving (http://\S+)", log.read_text()).group(1)  # type: ignore[union-attr]
        base = url.rsplit("/", 1)[0]
        page = fetch(url)
        assert "__repropub/version" in page
        version = fetch(f"{base}/__repropub/version")

        edit = "\nA freshly written sentence, Nobody (1999).\n"
        manuscript.write_text(manuscript.read_text() + edit)
        wait_for(lambda: fetch(f"{base}/__repropub/version") != version)
        page = fetch(url)
        assert "A freshly written sentence" in page
        assert 'id="repropub-findings"' in page and "missing-entry" in page
        assert "missing-entry" in log.read_text()
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
    assert code == 0
    with pytest.raises(OSError):
        fetch(url)



def processes_in(folder: Path) -> list[int]:
    """The processes whose working folder is `folder` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "cwd")) == folder:
                    found.append(int(entry.name))
            except OSError:
                continue  # gone, or not ours to read
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs Linux's /proc")
def test_serve_stopped_by_a_process_manager_stops_the_pdfs_build_too(tmp_path: Path) -> None:
    process, manuscript, log = start_serve(tmp_path)
    try:
        wait_for(lambda: "serving http://" in log.read_text())
        wait_for(lambda: "PDF in" in log.read_text(), timeout=120)
        manuscript.write_text(manuscript.read_text() + "\nA sentence saved last.\n")
        wait_for(lambda: log.read_text().count("page updated in") >= 2)
    finally:
        process.send_signal(signal.SIGTERM)  # while the edited manuscript's PDF is typeset
        code = process.wait(timeout=30)
    assert code == 0
    assert "stopping" in log.read_text()
    assert processes_in(tmp_path) == []

def next_event(stream: object) -> str:
    """The next version the page's event stream announces (skipping keep-alive comments)."""
    while True:
        line = stream.readline()  # type: ignore[attr-defined]
        assert line, "serve closed the event stream"
        if line.startswith(b"data: "):
            return str(line[6:].decode().strip())


@pytest.mark.slow
def test_serve_updates_the_page_before_the_pdf_and_tells_the_page_twice(
        tmp_path: Path) -> None:
    process, manuscript, log = start_serve(tmp_path)
    out = tmp_path / "out"
    try:
        wait_for(lambda: "serving http://" in log.read_text())
        url = re.search(r"serving (http://\S+)", log.read_text()).group(1)  # type: ignore[union-attr]
        host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()  # type: ignore[union-attr]
        with socket.create_connection((host, int(port)), timeout=120) as connection:
            connection.sendall(b"GET /__repropub/events HTTP/1.1\r\nHost: x\r\n\r\n")
            stream = connection.makefile("rb")
            seen = next_event(stream)
            # the first build's PDF follows its page: read the stream up to its version
            wait_for(lambda: "PDF in" in log.read_text(), timeout=120)
            current = fetch(f"{url.rsplit('/', 1)[0]}/__repropub/version")
            while seen != current:
                seen = next_event(stream)

            manuscript.write_text(manuscript.read_text() + "\nA sentence saved last.\n")
            next_event(stream)
            assert "A sentence saved last" in fetch(url)
            next_event(stream)  # the PDF of the edited manuscript, after its page
            pdf = subprocess.run(["pdftotext", str(out / "article.pdf"), "-"],
                                 capture_output=True, text=True, check=True).stdout
            assert "A sentence saved last" in " ".join(pdf.split())
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    assert code == 0
    lines = log.read_text().splitlines()
    edited = max(i for i, line in enumerate(lines) if line == "change seen: rebuilding")
    after = lines[edited:]
    page = next(i for i, line in enumerate(after) if line.startswith("page updated in"))
    typeset = next(i for i, line in enumerate(after) if line.startswith("PDF in"))
    assert page < typeset


@pytest.mark.slow
def test_the_page_served_before_the_pdf_is_the_full_builds_page(tmp_path: Path) -> None:
    from dataclasses import replace

    from repropub.config import Config
    from repropub.pipeline import build
    from repropub.serve import _page_config

    manuscript = FIXTURE / "manuscript.md"
    full = Config(manuscript=manuscript, bibliography=manuscript.with_name("references.bib"),
                  out_dir=tmp_path / "full", cache=False)
    page = _page_config(replace(full, out_dir=tmp_path / "page"))
    assert "pdf" not in page.formats and "jats" not in page.formats
    build(page)
    build(full)
    assert not (tmp_path / "page" / "article.jats.xml").exists()
    served = (tmp_path / "page" / "article.html").read_bytes()
    assert served == (tmp_path / "full" / "article.html").read_bytes()
    assert b'href="article.pdf"' in served and b'href="article.jats.xml"' in served


def test_the_build_serve_runs_first_has_the_builds_command_line() -> None:
    from repropub.serve import build_arguments

    assert build_arguments(["serve", "paper.md", "--port", "0", "--bib", "r.bib",
                            "--host=0.0.0.0", "--html-only"]) == [
        "paper.md", "--bib", "r.bib", "--html-only"]
    assert build_arguments(["serve"]) == []


@pytest.mark.slow
def test_serve_after_a_build_with_nothing_changed_serves_it_without_building(
        tmp_path: Path) -> None:
    manuscript = article_with_a_finding(tmp_path)
    env = {**os.environ, "REPROPUB_CACHE": str(tmp_path / "cache")}
    subprocess.run([sys.executable, str(REPO / "build.py"),
                    *arguments(tmp_path, manuscript, "--html-only")],
                   cwd=tmp_path, env=env, capture_output=True, check=False, timeout=300)
    page = (tmp_path / "out" / "article.html").stat().st_mtime_ns
    process, _, log = start_serve(tmp_path, "--html-only", env=env)
    try:
        wait_for(lambda: "serving http://" in log.read_text())
        url = re.search(r"serving (http://\S+)", log.read_text()).group(1)  # type: ignore[union-attr]
        assert "nothing changed since the last build" in log.read_text()
        assert "built in" not in log.read_text()
        assert (tmp_path / "out" / "article.html").stat().st_mtime_ns == page
        served = fetch(url)
        # the recorded build's findings, in the panel
        assert 'id="repropub-findings"' in served and "missing-entry" in served
        manuscript.write_text(manuscript.read_text() + "\nA sentence saved later.\n")
        wait_for(lambda: "A sentence saved later" in fetch(url))
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
    assert code == 0


@pytest.mark.slow
def test_a_build_after_serve_with_nothing_changed_answers_from_serves_pdf_build(
        tmp_path: Path) -> None:
    manuscript = article_with_a_finding(tmp_path)
    env = {**os.environ, "REPROPUB_CACHE": str(tmp_path / "cache")}
    process, _, log = start_serve(tmp_path, env=env)
    try:
        wait_for(lambda: "PDF in" in log.read_text(), timeout=300)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    written = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")}
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), *arguments(tmp_path, manuscript)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 1  # the missing entry is an error, as in the build it answers for
    assert "nothing changed since the last build" in done.stdout
    assert "article.pdf" in done.stdout and "missing-entry" in done.stderr
    # answered from the record: the output folder is the one serve's PDF build wrote
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")} == written
