"""Time full builds of the flagship article, split by stage: cold, no-op rebuild, one-word edit.

Each build is a fresh Python process (imports included, as a user's `python build.py` pays them)
on a copy of the project in a temporary folder; the script reports the median of the runs per
stage and in all.

* cold: an empty cache, so pandoc and WeasyPrint run;
* no-op: the same sources again with the cache of the cold build: nothing is rendered;
* no-op (build.py): the same again as a user runs it, `python build.py ...` (after one such
  run that records the build): answered from the record without loading the build's modules;
  process wall time and CPU time (user + system);
* one-word edit: one word of the body changed: pandoc and WeasyPrint run again, the
  "Cite this article" rendering is reused.

    python bench/bench_build.py [--runs 5]
    python bench/bench_build.py --scale 10 --runs 3     # the flagship repeated 10 times
    python bench/bench_build.py --article tests/fixtures/math-article --edit "grow=rise"

`--article FOLDER` times another article instead: the folder's `manuscript.md` and
`references.bib` (and whatever else it holds, such as figures), built with the project's
templates; `--edit OLD=NEW` is the one-word edit made to it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ONE_BUILD = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from repropub.config import Config
from repropub.pipeline import build
imported = time.perf_counter()
project, manuscript, bibliography = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
result = build(Config(manuscript=manuscript, bibliography=bibliography,
                      templates=project / "templates", out_dir=project / "out"))
print(json.dumps({"stages": {"import": imported - start, **result.timings.stages},
                  "rendered": result.rendered}))
"""


def one_build(project: Path, cache: Path, manuscript: Path,
              bibliography: Path) -> dict[str, float]:
    env = {**os.environ, "REPROPUB_CACHE": str(cache)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", ONE_BUILD, str(project), str(manuscript),
                           str(bibliography)], cwd=project,
                          env=env, capture_output=True, text=True, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    stages: dict[str, float] = report["stages"]
    stages["total (process)"] = time.perf_counter() - start
    stages["rendered: " + (", ".join(report["rendered"]) or "nothing")] = 0.0
    return stages


def command_line_build(project: Path, cache: Path, manuscript: Path,
                       bibliography: Path) -> dict[str, float]:
    """One `python build.py` run: process wall time and CPU time."""
    env = {**os.environ, "REPROPUB_CACHE": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), str(manuscript), "--bib",
                           str(bibliography), "--templates", "templates", "--out", "out"],
                          cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode == 2:
        raise SystemExit(done.stderr)
    replayed = done.stdout.rstrip().endswith("nothing changed since the last build: no "
                                             "rendering, pandoc's and WeasyPrint's results "
                                             "reused")
    return {"total (process)": wall,
            "cpu (process)": after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime,
            "rendered: nothing" if replayed else "rendered: something": 0.0}


def scenario_runs(runs: int, article: Path | None = None,
                  edit: tuple[str, str] = ("Started in 2014", "Begun in 2014"),
                  ) -> dict[str, list[dict[str, float]]]:
    results: dict[str, list[dict[str, float]]] = {"cold": [], "no-op": [], "no-op (build.py)": [],
                                                  "one-word edit": []}
    for i in range(runs):
        with tempfile.TemporaryDirectory(prefix="repropub-bench-") as tmp:
            project, cache = Path(tmp) / "project", Path(tmp) / f"cache{i}"
            project.mkdir()
            shutil.copytree(ROOT / "templates", project / "templates")
            if article is None:
                shutil.copytree(ROOT / "manuscript", project / "manuscript")
                shutil.copy(ROOT / "references.bib", project)
                sources = (project / "manuscript" / "article.md", project / "references.bib")
            else:
                shutil.copytree(article, project / "article")
                sources = (project / "article" / "manuscript.md",
                           project / "article" / "references.bib")
            results["cold"].append(one_build(project, cache, *sources))
            results["no-op"].append(one_build(project, cache, *sources))
            command_line_build(project, cache, *sources)  # the run that records the build
            results["no-op (build.py)"].append(command_line_build(project, cache, *sources))
            text = sources[0].read_text(encoding="utf-8")
            if edit[0] not in text:
                raise SystemExit(f"--edit: {edit[0]!r} is not in {sources[0].name}")
            sources[0].write_text(text.replace(*edit, 1), encoding="utf-8")
            results["one-word edit"].append(one_build(project, cache, *sources))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--article", type=Path, help="a folder with manuscript.md and "
                        "references.bib, timed instead of the flagship")
    parser.add_argument("--edit", default="Started in 2014=Begun in 2014",
                        help="OLD=NEW: the edit of the one-word-edit scenario")
    parser.add_argument("--scale", type=int, default=1, metavar="N",
                        help="time the flagship repeated N times (as bench_check.py makes it)")
    args = parser.parse_args()
    old, _, new = args.edit.partition("=")
    with tempfile.TemporaryDirectory(prefix="repropub-scaled-") as tmp:
        article = args.article
        if args.scale > 1:
            from bench_check import scaled

            article = Path(tmp) / f"x{args.scale}"
            article.mkdir()
            manuscript, bibliography = scaled(Path(tmp), args.scale)
            manuscript.rename(article / "manuscript.md")
            bibliography.rename(article / "references.bib")
        report(scenario_runs(args.runs, article, (old, new)), args.runs)


def report(results: dict[str, list[dict[str, float]]], count: int) -> None:
    for scenario, runs in results.items():
        print(f"{scenario}: median of {count} runs (seconds)")
        for stage in runs[0]:
            if stage.startswith("rendered"):
                print(f"  {stage}")
                continue
            values = [r.get(stage, 0.0) for r in runs]
            print(f"  {stage:<16} {statistics.median(values):7.3f}   "
                  f"(min {min(values):.3f}, max {max(values):.3f})")


if __name__ == "__main__":
    main()
