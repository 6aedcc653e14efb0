"""Time the citation check on the flagship and on generated manuscripts 10x and 100x larger.

Each run reads the manuscript, loads the bibliography (including the pandoc call) and checks;
the median of several runs is reported. The larger manuscripts repeat the flagship body and
bibliography with renamed authors and keys, in a temporary folder, so the time should grow
linearly with the size.

    python bench/bench_check.py [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from repropub.bibliography import load_bibliography
from repropub.checker import check
from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT
from repropub.limits import Limits
from repropub.manuscript import read_manuscript


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


def timed(manuscript: Path, bibliography: Path, runs: int) -> tuple[float, int]:
    times, citations = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = check(read_manuscript(manuscript, LIMITS),
                       load_bibliography(bibliography, limits=LIMITS))
        times.append(time.perf_counter() - start)
        citations = len(result.citations)
    return statistics.median(times), citations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = [("flagship", *timed(DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY, args.runs), 1)]
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (10, 100):
            manuscript, bibliography = scaled(Path(tmp), copies)
            rows.append((f"{copies}x", *timed(manuscript, bibliography, max(1, args.runs // 2)),
                         copies))
    base = rows[0][1]
    print(f"{'input':>9} {'citations':>9} {'median s':>9} {'s per copy':>10} {'vs flagship':>11}")
    for name, seconds, citations, copies in rows:
        print(f"{name:>9} {citations:>9} {seconds:>9.3f} {seconds / copies:>10.4f} "
              f"{seconds / base:>10.1f}x")
    per_copy = [seconds / copies for _, seconds, _, copies in rows[1:]]
    verdict = "linear" if per_copy[1] <= per_copy[0] * 1.5 else "worse than linear"
    print(f"time per copy 10x -> 100x: {per_copy[0]:.4f} s -> {per_copy[1]:.4f} s ({verdict})")


if __name__ == "__main__":
    main()
