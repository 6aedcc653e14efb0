"""Time `build.py serve` from a saved edit to the moment the open page is told to reload.

Starts `serve` as a user does (its own process, a free port), listens to the page's event
stream as the browser does, then saves an edit to the manuscript (a new sentence each time, so
pandoc renders the body again) and waits for the reload event; the page is then fetched and
must hold the new sentence. Between edits it waits for the PDF that follows the page (at most
`--settle` seconds: an edit during the PDF build stops it, as it would for a user). Reported
per edit: the wall seconds from the save to the event, the CPU seconds the serve process spent
in that time (its children that finished included) and its peak memory.

    python bench/bench_serve.py [--runs 5] [--copies 1]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench_check import scaled

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class EditSample:
    wall: float
    cpu: float
    peak_mib: float


class Events:
    """The page's server-sent events, read line by line as the browser's EventSource reads
    them."""

    def __init__(self, host: str, port: int) -> None:
        self.socket = socket.create_connection((host, port))
        self.socket.sendall(f"GET /__repropub/events HTTP/1.1\r\nHost: {host}\r\n\r\n"
                            .encode())
        self.stream = self.socket.makefile("rb")

    def next_version(self, timeout: float | None = None) -> str:
        """The next version announced; TimeoutError after `timeout` seconds without one."""
        self.socket.settimeout(timeout)
        while True:
            line = self.stream.readline()
            if not line:
                raise RuntimeError("serve closed the event stream")
            if line.startswith(b"data: "):
                return line[6:].decode().strip()

    def close(self) -> None:
        self.stream.close()
        self.socket.close()


def _cpu(pid: int) -> float:
    """User + system seconds of the process and its reaped children (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _peak_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def edits_to_reload(manuscript: Path, bibliography: Path, out: Path, env: dict[str, str],
                    runs: int, *, extra: list[str] | tuple[str, ...] = (),
                    settle: float = 60.0) -> list[EditSample]:
    """Start serve on `manuscript`, save `runs` edits, time each until the reload event."""
    log = out.parent / f"{out.name}.log"
    command = [sys.executable, str(ROOT / "build.py"), "serve", str(manuscript), "--bib",
               str(bibliography), "--out", str(out), "--port", "0", "--timeout", "7200",
               *extra]
    with log.open("w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                   cwd=manuscript.parent, env=env)
    samples = []
    original = manuscript.read_text(encoding="utf-8")
    try:
        url = _wait_for_url(log, process)
        host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()  # type: ignore[union-attr]
        events = Events(host, int(port))
        version = events.next_version()
        for i in range(runs):
            version = _settled(events, version, settle)
            sentence = f"A sentence saved for timing, number {i}."
            before = _cpu(process.pid)
            start = time.perf_counter()
            manuscript.write_text(f"{original}\n\n{sentence}\n", encoding="utf-8")
            version = events.next_version()
            wall = time.perf_counter() - start
            samples.append(EditSample(wall, _cpu(process.pid) - before, _peak_mib(process.pid)))
            with urllib.request.urlopen(url, timeout=60) as response:
                if sentence not in response.read().decode("utf-8"):
                    raise RuntimeError(f"the reloaded page lacks the edit; see {log}")
        events.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        manuscript.write_text(original, encoding="utf-8")
    return samples


def _wait_for_url(log: Path, process: subprocess.Popen[bytes]) -> str:
    while process.poll() is None:
        found = re.search(r"serving (http://\S+)", log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise RuntimeError(f"serve stopped: {log.read_text()[-2000:]}")


def _settled(events: Events, version: str, seconds: float) -> str:
    """Wait for the PDF build's reload after the page's, for at most `seconds`."""
    try:
        return events.next_version(timeout=seconds)
    except TimeoutError:
        return version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=1,
                        help="the flagship (1) or a manuscript this many times larger")
    parser.add_argument("--settle", type=float, default=60.0,
                        help="seconds to wait for the PDF between edits (default: 60)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="repropub-serve-") as name:
        tmp = Path(name)
        if args.copies == 1:
            manuscript, bibliography = tmp / "article.md", tmp / "references.bib"
            shutil.copy(ROOT / "manuscript" / "article.md", manuscript)
            shutil.copy(ROOT / "references.bib", bibliography)
        else:
            manuscript, bibliography = scaled(tmp, args.copies)
        env = {**os.environ, "REPROPUB_CACHE": str(tmp / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        samples = edits_to_reload(manuscript, bibliography, tmp / "out", env, args.runs,
                                  extra=["--limit", "manuscript-bytes=1000000000"],
                                  settle=args.settle)
    for i, s in enumerate(samples, 1):
        print(f"edit {i}: {s.wall:.3f} s to the reload event, {s.cpu:.3f} s CPU, "
              f"peak {s.peak_mib:.0f} MiB")
    print(f"median: {statistics.median(s.wall for s in samples):.3f} s wall, "
          f"{statistics.median(s.cpu for s in samples):.3f} s CPU ({args.runs} edits, "
          f"load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
