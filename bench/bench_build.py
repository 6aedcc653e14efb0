"""Time a cold full build of the flagship article, split by stage.

Each run is a fresh Python process (imports included, as a user's `python build.py` pays them)
building into a fresh folder; the script reports the median of the runs per stage.

    python bench/bench_build.py [--runs 5] [MANUSCRIPT --bib FILE]
"""

from __future__ import annotations

import argparse
import json
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
settings = json.loads(sys.argv[1])
config = Config(out_dir=Path(settings.pop("out_dir")),
                **{name: Path(value) for name, value in settings.items()})
result = build(config)
print(json.dumps({"import": imported - start, **result.timings.stages}))
"""


def one_run(manuscript: str | None, bib: str | None, out: Path) -> dict[str, float]:
    settings = {"out_dir": str(out)}
    if manuscript:
        settings["manuscript"] = manuscript
    if bib:
        settings["bibliography"] = bib
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", ONE_BUILD, json.dumps(settings)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    stages: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    stages["wall (process)"] = time.perf_counter() - start
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("manuscript", nargs="?")
    parser.add_argument("--bib")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            runs.append(one_run(args.manuscript, args.bib, Path(tmp) / f"out{i}"))
    print(f"cold full build, median of {args.runs} runs (seconds)")
    for stage in runs[0]:
        values = [r.get(stage, 0.0) for r in runs]
        print(f"  {stage:<16} {statistics.median(values):7.3f}   "
              f"(min {min(values):.3f}, max {max(values):.3f})")


if __name__ == "__main__":
    main()
