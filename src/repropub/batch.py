"""Checking many manuscripts at once: files, folders and globs -> jobs -> results, in order.

`collect()` turns what the user typed into manuscript paths (folders searched recursively for
manuscript files, globs expanded), `jobs()` gives each its own `Config` (each finds its own
bibliography, as `repropub.bibfinder` does for one), and `run()` is the one function that
schedules them: in this process, in a pool of worker processes, or on a Dask distributed
cluster. The checker never knows which; results come back in the order of the jobs whatever
the number of workers, so every report made from them is the same byte for byte.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from repropub import policy, readers
from repropub.bibliography import Bibliography
from repropub.checker import CheckResult, Finding
from repropub.config import Config
from repropub.errors import EXIT_FAILURE, EXIT_OK, PipelineError
from repropub.manuscript import Manuscript
from repropub.settings import FailOn
from repropub.sources import load_sources

MANUSCRIPT_SUFFIXES = readers.MANUSCRIPT_SUFFIXES

_GLOB_CHARACTERS = frozenset("*?[")
_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Checked:
    """One manuscript's check: its result, or the one line saying why it could not run."""

    path: Path
    manuscript: Manuscript | None = None
    bibliography: Bibliography | None = None
    result: CheckResult | None = None
    error: str | None = None
    fail_on: FailOn = "error"

    @property
    def exit_code(self) -> int:
        if self.result is None:
            return EXIT_FAILURE
        return policy.exit_code((f.severity for f in self.result.findings), self.fail_on)

    @property
    def linked(self) -> int:
        """Citations that resolve to an entry of the bibliography without a problem."""
        return sum(1 for c in self.result.citations if c.status == "ok") if self.result else 0

    @property
    def worst(self) -> Finding | None:
        """The most severe finding, the first in the text among equals."""
        if self.result is None or not self.result.findings:
            return None
        return min(self.result.findings, key=lambda f: _RANK.get(f.severity, 3))


ProgressCallback = Callable[[int, Checked], None]
"""Called in the parent process as each job finishes, with how many have finished so far."""


def collect(arguments: Sequence[str]) -> list[Path | str]:
    """The manuscripts the arguments name, in the order given, each once.

    A folder gives the manuscript files under it (any depth, hidden folders skipped, sorted); a
    glob gives the manuscript files and folders it matches (sorted). An argument that names
    nothing is kept as its text, so that it is reported as missing among the other results.
    """
    found: list[Path | str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            for file in _manuscripts_under(path):
                add(file)
        elif path.exists() or not _GLOB_CHARACTERS & set(argument):
            add(path)
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            for match in map(Path, matches):
                if match.is_dir():
                    for file in _manuscripts_under(match):
                        add(file)
                elif match.suffix.lower() in MANUSCRIPT_SUFFIXES:
                    add(match)
            if not matches:
                found.append(argument)
    return found


def _manuscripts_under(folder: Path) -> Iterable[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [Path(root, n) for n in names
                  if not n.startswith(".") and Path(n).suffix.lower() in MANUSCRIPT_SUFFIXES]
    return sorted(files)


def jobs(found: Sequence[Path | str], base: Config, bibliography: Path | None) -> list[Config]:
    """One `Config` per manuscript: `bibliography` for all of them when given, else each finds
    its own when it is read (`bibfinder`: its front matter, a `.bib` beside it, else its own
    reference list)."""
    return [replace(base, manuscript=Path(item), bibliography=bibliography) for item in found]


def check_one(config: Config) -> Checked:
    """Check one manuscript; runs in a worker. A problem with this manuscript is its result,
    so that the rest of the batch still runs."""
    try:
        manuscript, bibliography = load_sources(config, any_format=True)
        result = policy.check(manuscript, bibliography, config)
        if config.references:  # each worker asks the registries for its own manuscript
            from repropub.references import health  # the registries' clients: only when asked

            result, _ = health.run(config, manuscript, bibliography, result)
    except PipelineError as exc:
        return Checked(config.manuscript, error=str(exc), fail_on=config.fail_on)
    except (OSError, RecursionError, MemoryError) as exc:
        return Checked(config.manuscript, error=f"{config.manuscript}: error: could not be "
                       f"checked ({type(exc).__name__}: {exc})", fail_on=config.fail_on)
    return Checked(config.manuscript, manuscript, bibliography, result, fail_on=config.fail_on)


def run(configs: Sequence[Config], workers: int = 1, scheduler: str | None = None,
        progress: ProgressCallback | None = None) -> list[Checked]:
    """Check every manuscript and give the results in the order of `configs`.

    `scheduler` is the address of a Dask distributed scheduler; otherwise `workers` processes
    share the work (one: this process does it all).
    """
    if scheduler is not None:
        from repropub import batch_dask

        return batch_dask.run(configs, scheduler, progress or _silent)
    if workers <= 1 or len(configs) <= 1:
        results = []
        for done, config in enumerate(configs, 1):
            results.append(check_one(config))
            (progress or _silent)(done, results[-1])
        return results
    return _in_pool(configs, workers, progress or _silent)


def _in_pool(configs: Sequence[Config], workers: int,
             progress: ProgressCallback) -> list[Checked]:
    import concurrent.futures  # with its logging: only a batch pays for it, not one check

    results: list[Checked | None] = [None] * len(configs)
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, len(configs))) as pool:
        futures = {pool.submit(check_one, c): i for i, c in enumerate(configs)}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            i = futures[future]
            try:
                results[i] = future.result()
            except concurrent.futures.process.BrokenProcessPool:
                # a worker died (killed, out of memory): its manuscripts are reported, not lost
                results[i] = died(configs[i], "the worker process checking it died")
            progress(done, results[i])  # type: ignore[arg-type]
    return [r for r in results if r is not None]


def died(config: Config, why: str) -> Checked:
    return Checked(config.manuscript, error=f"{config.manuscript}: error: {why}",
                   fail_on=config.fail_on)


def _silent(done: int, checked: Checked) -> None:
    del done, checked


def exit_code(results: Iterable[Checked]) -> int:
    """The worst of all: 2 when one could not be checked, 1 when one has errors, else 0."""
    return max((r.exit_code for r in results), default=EXIT_OK)


def default_workers() -> int:
    """The cores this process may use (its CPU affinity), at least one."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1
