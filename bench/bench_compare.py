"""Our build against the bare pandoc -> WeasyPrint command, at 1x, 10x and 100x the flagship.

Every figure is a whole process started as a user starts it (imports, pandoc and WeasyPrint
children included), ours and the bare command in turn (A B A B ...), so that a machine whose
speed drifts slows both alike. Per case the table gives the median CPU seconds (user + system of
the process and every child it waited for), the median wall seconds, the peak resident memory
of the largest process in the tree (MiB), and the ratio ours / bare of the CPU medians.

Rows, as in the speed goals: the cold full build (`--no-cache`; bare: pandoc with `--citeproc`
and `--pdf-engine weasyprint`), the HTML-only build (`--html-only --no-cache`; bare: pandoc to
standalone HTML), the no-op rebuild (same sources, warm cache), `check` (bare: pandoc to HTML,
the cheapest run that resolves the citations) and `serve`, a saved edit until the open page is
told to reload (measured by `bench_serve.py`; the bare toolchain has no preview).

The 10x and 100x manuscripts repeat the flagship with renamed authors and keys
(`bench_check.scaled`). The 100x PDF rows take many minutes each: run them on a quiet machine.

    python bench/bench_compare.py                       # 1x and 10x, 3 runs each
    python bench/bench_compare.py --sizes 1,10,100 --runs 5
    python bench/bench_compare.py --sizes 100 --runs 1 --rows html,check
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench_check import scaled  # the 10x and 100x manuscripts, made one way for every bench

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
ROWS = ("cold", "html", "noop", "check", "serve")
TITLES = {"cold": "cold full build", "html": "HTML only", "noop": "no-op rebuild",
          "check": "`check`", "serve": "`serve`: edit saved to page told to reload"}
BARE = {"cold": "PDF", "html": "pandoc to HTML", "check": "pandoc to HTML"}
# the generated manuscripts are far larger than the default input limits allow
LIMITS = ["--limit", "manuscript-bytes=1000000000", "--limit", "bibliography-bytes=1000000000",
          "--limit", "pdf-memory-bytes=16000000000"]


@dataclass(frozen=True)
class Sample:
    cpu: float
    wall: float
    peak_mib: float
    code: int


@dataclass(frozen=True)
class Project:
    """A copy of one size of the article, with its own output folder and cache."""

    folder: Path
    manuscript: Path
    bibliography: Path
    copies: int

    def ours(self, *extra: str, command: str = "build") -> list[str]:
        head = [str(VENV_BIN / "python"), str(ROOT / "build.py")]
        if command != "build":
            head.append(command)
        out = [] if command == "check" else ["--out", str(self.folder / "out")]
        return [*head, str(self.manuscript), "--bib", str(self.bibliography), *out,
                "--timeout", "7200", *LIMITS, *extra]

    def bare(self, output: str) -> list[str]:
        csl = _apa_csl()
        command = [str(VENV_BIN / "python"), "-c", _PANDOC, str(self.manuscript),
                   "--citeproc", "--bibliography", str(self.bibliography), "--csl", csl,
                   "-o", str(self.folder / output)]
        if output.endswith(".pdf"):
            command += ["--pdf-engine", "weasyprint"]
        else:
            command += ["--standalone"]
        return command


# the bare command is the pandoc binary of this environment (pypandoc_binary's), run by exec
# so that the figures are pandoc's and WeasyPrint's alone
_PANDOC = ("import os, sys, pypandoc; p = str(pypandoc.get_pandoc_path()); "
           "os.execv(p, [p, *sys.argv[1:]])")


def _apa_csl() -> str:
    from repropub.styles import resolve

    return str(resolve("apa").path)


def measure(command: list[str], env: dict[str, str], cwd: Path) -> Sample:
    """One whole process: CPU of it and its waited-for children, wall time, peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: the flagship's own findings under fail-on
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n"
                 f"{errors.decode(errors='replace')[-2000:]}")
    return Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024,
                  process.returncode)


def make_project(tmp: Path, copies: int) -> Project:
    folder = tmp / f"x{copies}"
    folder.mkdir()
    if copies == 1:
        manuscript, bibliography = folder / "article.md", folder / "references.bib"
        shutil.copy(ROOT / "manuscript" / "article.md", manuscript)
        shutil.copy(ROOT / "references.bib", bibliography)
    else:
        manuscript, bibliography = scaled(folder, copies)
    return Project(folder, manuscript, bibliography, copies)


def environment(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["REPROPUB_CACHE"] = str(cache)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"  # pandoc finds weasyprint
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte code cached, as an installed package has
    return env


def pairs(runs: int, ours: Callable[[], Sample],
          bare: Callable[[], Sample] | None) -> tuple[list[Sample], list[Sample]]:
    """Ours and the bare command in turn, `runs` times each."""
    a: list[Sample] = []
    b: list[Sample] = []
    for _ in range(runs):
        a.append(ours())
        if bare is not None:
            b.append(bare())
    return a, b


def row(project: Project, case: str, runs: int, tmp: Path) -> tuple[list[Sample], list[Sample]]:
    cache = tmp / f"cache-{project.copies}-{case}"
    env = environment(cache)
    cwd = project.folder

    def run(command: list[str]) -> Callable[[], Sample]:
        return lambda: measure(command, env, cwd)

    if case == "cold":
        return pairs(runs, run(project.ours("--no-cache")), run(project.bare("bare.pdf")))
    if case == "html":
        return pairs(runs, run(project.ours("--html-only", "--no-cache")),
                     run(project.bare("bare.html")))
    if case == "noop":
        measure(project.ours(), env, cwd)  # fills the cache
        return pairs(runs, run(project.ours()), None)
    if case == "check":
        return pairs(runs, run(project.ours(command="check")), run(project.bare("bare.html")))
    if case == "serve":
        from bench_serve import edits_to_reload

        seconds = edits_to_reload(project.manuscript, project.bibliography,
                                  project.folder / "serve-out", env, runs, extra=LIMITS)
        return [Sample(s.cpu, s.wall, s.peak_mib, 0) for s in seconds], []
    raise ValueError(case)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(results: list[tuple[int, str, list[Sample], list[Sample]]]) -> str:
    lines = ["| size | case | ours CPU s | ours wall s | ours peak MiB | bare CPU s | "
             "bare wall s | bare peak MiB | ratio (CPU) |", "|---|---|---|---|---|---|---|---|---|"]
    for copies, case, ours, bare in results:
        a_cpu = _median([s.cpu for s in ours])
        a_wall = _median([s.wall for s in ours])
        cells = [f"{copies}x", TITLES[case], f"{a_cpu:.3f}", f"{a_wall:.3f}",
                 f"{max(s.peak_mib for s in ours):.0f}"]
        if bare:
            b_cpu = _median([s.cpu for s in bare])
            cells += [f"{b_cpu:.3f} ({BARE[case]})", f"{_median([s.wall for s in bare]):.3f}",
                      f"{max(s.peak_mib for s in bare):.0f}", f"{a_cpu / b_cpu:.2f}x"]
        else:
            cells += ["", "", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth(results: list[tuple[int, str, list[Sample], list[Sample]]]) -> list[str]:
    """CPU per copy of the flagship at each size, for the rows measured at several sizes."""
    lines = []
    for case in ROWS:
        points = [(c, _median([s.cpu for s in ours])) for c, k, ours, _ in results if k == case]
        if len(points) > 1:
            shown = ", ".join(f"{c}x {cpu:.2f} s ({cpu / c:.3f} s per copy)" for c, cpu in points)
            lines.append(f"{TITLES[case]}: {shown}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10",
                        help="comma-separated multiples of the flagship (default: 1,10)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default: 3)")
    parser.add_argument("--rows", default=",".join(ROWS),
                        help=f"comma-separated cases (default: {','.join(ROWS)})")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    cases = [c.strip() for c in args.rows.split(",") if c.strip()]
    unknown = set(cases) - set(ROWS)
    if unknown or not sizes or args.runs < 1:
        parser.error(f"--rows: choose from {', '.join(ROWS)}; --sizes and --runs: 1 or more")
    results = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="repropub-compare-") as name:
        tmp = Path(name)
        for copies in sizes:
            project = make_project(tmp, copies)
            for case in cases:
                ours, bare = row(project, case, args.runs, tmp)
                results.append((copies, case, ours, bare))
                print(f"  {copies}x {case}: done", file=sys.stderr, flush=True)
    print(f"median of {args.runs} run(s) each, alternating ours and bare; load average "
          f"{os.getloadavg()[0]:.1f} at the end; {time.perf_counter() - started:.0f} s in all")
    print()
    print(table(results))
    for line in growth(results):
        print(line)


if __name__ == "__main__":
    main()
