"""Manuscripts per second for `check` over a folder: 1 and 2 worker processes, and a Dask
LocalCluster with 2 worker processes.

The folder holds `--copies` copies of each clean manuscript of the development corpus
(`shared/corpus/*/*/clean/manuscript.md` with its `references.bib`), copied into a temporary
folder (the corpus is only read). Each setting runs the whole batch through `batch.run`, the
function `check` calls; the best of `--runs` is reported (other work on a shared machine only
ever slows a run down). Pool start-up is included: it is part of what a user waits for.

    python bench/bench_batch.py [--copies 4] [--runs 3] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from repropub import batch
from repropub.config import Config

REPO = Path(__file__).resolve().parents[1]


def corpus_folder(corpus: Path, target: Path, copies: int) -> int:
    """Copy every clean manuscript and its .bib `copies` times into `target`; gives the count."""
    cases = sorted(corpus.glob("*/*/clean/manuscript.md"))
    if not cases:
        raise SystemExit(f"no clean manuscripts under {corpus} (*/*/clean/manuscript.md)")
    for case in cases:
        article = case.parent.parent.name
        for i in range(copies):
            folder = target / f"{article}-{i}"
            folder.mkdir(parents=True)
            shutil.copyfile(case, folder / "manuscript.md")
            shutil.copyfile(case.with_name("references.bib"), folder / "references.bib")
    return len(cases) * copies


def timed(runs: int, work: Callable[[], list[batch.Checked]]) -> tuple[float, int]:
    best, checked = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        results = work()
        best = min(best, time.perf_counter() - start)
        checked = sum(1 for r in results if r.result is not None)
    return best, checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        total = corpus_folder(options.corpus, Path(tmp), options.copies)
        configs = batch.jobs(batch.collect([tmp]), Config(), None)
        print(f"{total} manuscripts ({options.copies} copies of each clean corpus manuscript), "
              f"best of {options.runs} runs, {batch.default_workers()} cores")
        for workers in (1, 2):
            seconds, ok = timed(options.runs, lambda w=workers: batch.run(configs, w))
            print(f"process pool, {workers} worker(s): {seconds:6.2f} s  "
                  f"{total / seconds:6.1f} manuscripts/s  ({ok} checked)")
        try:
            from distributed import LocalCluster
        except ImportError:
            print("LocalCluster: skipped (the dask extra is not installed)")
            return
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cluster:
            address = cluster.scheduler_address
            seconds, ok = timed(options.runs, lambda: batch.run(configs, scheduler=address))
        print(f"Dask LocalCluster, 2 workers: {seconds:6.2f} s  "
              f"{total / seconds:6.1f} manuscripts/s  ({ok} checked; cluster start-up "
              "excluded)")


if __name__ == "__main__":
    main()
