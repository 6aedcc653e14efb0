"""Time `check --references` on the reference-health fixture: without the registries, asking a
local server that answers with the recorded responses (so the time is the client's own: rate
limit, threads, parsing, matching), replaying the snapshot offline, and answering from the cache.

Each figure is the median of several runs, each in a fresh process (`build.py check ...`).

    python bench/bench_references.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
RECORDED = REPO / "tests" / "fixtures" / "registry"
CASE = REPO / "tests" / "fixtures" / "refs-health"
ROUTES = {
    "/works/10.1371/journal.pone.0033693": (200, "crossref-work-plos.json"),
    "/works/10.5555/12345678": (200, "crossref-work-retracted.json"),
    "/works/10.6084/m9.figshare.1449060": (404, "crossref-work-not-found.txt"),
    "/dois/10.6084/m9.figshare.1449060": (200, "datacite-doi-figshare.json"),
    "/works/10.1016/j.cedpsych.2020.101816": (404, "crossref-work-not-found.txt"),
    "/dois/10.1016/j.cedpsych.2020.101816": (404, "datacite-doi-not-found.json"),
    "/api/handles/10.1016/j.cedpsych.2020.101816": (404, "doiorg-handle-not-found.json"),
    "/works": (200, "crossref-query-forecast-trap.json"),
}


class Recorded(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, name = ROUTES.get(urlsplit(self.path).path, (404, ""))
        body = (RECORDED / name).read_bytes() if name else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def timed(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "build.py"), "check", *args], env=env,
                       capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        shutil.copytree(CASE, folder)
        env = {**os.environ, "REPROPUB_CROSSREF_URL": url, "REPROPUB_DATACITE_URL": url,
               "REPROPUB_DOIORG_URL": url, "REPROPUB_CACHE": str(Path(tmp) / "cache")}
        base = [str(folder / "manuscript.md"), "--bib", str(folder / "references.bib")]
        rows = [("check, no --references", timed(base, env, runs))]
        rows.append(("--references --refresh (local server, empty cache)",
                     _refresh(base, env, runs, Path(tmp))))
        rows.append(("--references --offline (snapshot replay)",
                     timed([*base, "--references", "--offline"], env, runs)))
        shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
        (folder / "registry-snapshot.json").unlink()
        timed([*base, "--references"], env, 1)
        rows.append(("--references (answered by the cache)",
                     timed([*base, "--references"], env, runs)))
    server.shutdown()
    print(f"reference check on {CASE.relative_to(REPO)} (7 entries, 12 requests), "
          f"median of {runs} runs:")
    for name, seconds in rows:
        print(f"  {name:<52} {seconds:6.2f} s")


def _refresh(base: list[str], env: dict[str, str], runs: int, tmp: Path) -> float:
    """Each refresh run starts from an empty cache, so every request goes to the server."""
    times = []
    for i in range(runs):
        run_env = {**env, "REPROPUB_CACHE": str(tmp / f"cold-{i}")}
        times.append(timed([*base, "--references", "--refresh"], run_env, 1))
    return statistics.median(times)


if __name__ == "__main__":
    main()
