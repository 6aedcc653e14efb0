"""Time `build.py check` on the flagship and on generated manuscripts 10x and 100x larger.

Each run is a whole process started as a user starts it (`build.py check MANUSCRIPT --bib
FILE`, imports included), so start-up counts as much as the checking. Per size the table gives
the first run with an empty cache (pandoc reads the `.bib`) and the median of the runs after it
(the `.bib` comes from the cache, as on every later check of the same file): CPU seconds (user +
system of the process and its children), peak resident memory (MiB) and CPU per copy of the
flagship. The larger manuscripts repeat the flagship body and bibliography with renamed authors
and keys, in a temporary folder, so the time should grow linearly with the size.

    python bench/bench_check.py [--runs 5] [--sizes 1,10,100]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT
from repropub.limits import Limits

ROOT = Path(__file__).resolve().parents[1]


def scaled(folder: Path, copies: int) -> tuple[Path, Path]:
    """The flagship repeated `copies` times, each copy with its own authors and keys."""
    text = DEFAULT_MANUSCRIPT.read_text(encoding="utf-8")
    front, body = re.match(r"(?s)(---\n.*?\n---\n)(.*)", text).groups()  # type: ignore[union-attr]
    bib = DEFAULT_BIBLIOGRAPHY.read_text(encoding="utf-8")
    surnames = sorted(set(re.findall(r"author\s*=\s*\{\{?([A-Z][\w ]*?)[,}]", bib)), key=len,
                      reverse=True)
    bodies, bibs = [], []
    for i in range(copies):
        tag = _tag(i)
        b, r = body, bib
        for name in surnames:
            b = re.sub(rf"\b{re.escape(name)}\b", f"{name}{tag}", b)
            r = re.sub(rf"\b{re.escape(name)}\b", f"{name}{tag}", r)
        r = re.sub(r"(@\w+\{)(\w+),", rf"\g<1>\g<2>{tag.lower()},", r)
        bodies.append(b)
        bibs.append(r)
    manuscript, bibliography = folder / f"x{copies}.md", folder / f"x{copies}.bib"
    manuscript.write_text(front + "\n".join(bodies), encoding="utf-8")
    bibliography.write_text("\n".join(bibs), encoding="utf-8")
    return manuscript, bibliography


def _tag(i: int) -> str:
    letters = ""
    while True:
        letters = "abcdefghijklmnopqrstuvwxyz"[i % 26] + letters
        i //= 26
        if i == 0:
            return letters if letters == "a" else "Q" + letters


LIMITS = Limits(manuscript_bytes=100_000_000, bibliography_bytes=100_000_000)
"""The generated manuscripts are far larger than the default limits allow."""


def run_check(manuscript: Path, bibliography: Path,
              cache: Path) -> tuple[float, float, int]:
    """One `build.py check` process: its CPU seconds (with children), peak MiB and the number
    of citations it reports."""
    env = {**os.environ, "REPROPUB_CACHE": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte code cached, as an installed package has
    command = [sys.executable, "-c", _MEASURED, str(ROOT / "build.py"), "check", str(manuscript),
               "--bib", str(bibliography), "--format", "json",
               "--limit", f"manuscript-bytes={LIMITS.manuscript_bytes}",
               "--limit", f"bibliography-bytes={LIMITS.bibliography_bytes}"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"check failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    cpu, peak = done.stderr.strip().splitlines()[-1].split()
    return float(cpu), float(peak), len(json.loads(done.stdout)["citations"])


_MEASURED = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, *sys.argv[1:]])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, file=sys.stderr)
sys.exit(done.returncode)
"""
"""The check in a child of its own, so that its CPU and memory are measured apart from this
script's and from the measuring process's start-up."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,10,100",
                        help="copies of the flagship, comma-separated (default: 1,10,100)")
    args = parser.parse_args()
    print(f"{'input':>6} {'citations':>9} {'first run s':>11} {'median s':>9} {'peak MiB':>9} "
          f"{'s per copy':>10}")
    per_copy: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (int(size) for size in args.sizes.split(",")):
            if copies == 1:
                manuscript, bibliography = DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY
            else:
                manuscript, bibliography = scaled(Path(tmp), copies)
            cache = Path(tmp) / f"cache-{copies}"
            first, _, citations = run_check(manuscript, bibliography, cache)
            runs = [run_check(manuscript, bibliography, cache) for _ in range(args.runs)]
            median = statistics.median(cpu for cpu, _, _ in runs)
            peak = max(mib for _, mib, _ in runs)
            per_copy.append(median / copies)
            print(f"{copies:>5}x {citations:>9} {first:>11.3f} {median:>9.3f} {peak:>9.1f} "
                  f"{median / copies:>10.4f}")
    if len(per_copy) > 1:
        verdict = "linear" if per_copy[-1] <= per_copy[-2] * 1.5 else "worse than linear"
        print("CPU per copy: " + " -> ".join(f"{c:.4f} s" for c in per_copy) + f" ({verdict})")


if __name__ == "__main__":
    main()
