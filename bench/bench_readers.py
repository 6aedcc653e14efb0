"""Time reading and checking the flagship as Markdown, Word, ODT and LaTeX, and annotating it.

The flagship manuscript is converted by the pinned pandoc (and, 10 times repeated, for a large
Word file) into a temporary folder; each run reads the file with `repropub.readers.read` and
checks it against the flagship's bibliography (loaded once), in this process; the median of
several runs is reported, then the time of one `check --annotate`.

    python bench/bench_readers.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from repropub.annotate import annotate
from repropub.bibliography import load_bibliography
from repropub.checker import check
from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT
from repropub.limits import Limits
from repropub.pandoc import executable
from repropub.readers import read

LIMITS = Limits(manuscript_bytes=100_000_000)


def convert(source: Path, out: Path) -> Path:
    subprocess.run([executable(), str(source), "--standalone", "-o", str(out)], check=True,
                   timeout=300)
    return out


def median_seconds(path: Path, runs: int) -> tuple[float, int]:
    bibliography = load_bibliography(DEFAULT_BIBLIOGRAPHY)
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = check(read(path, LIMITS), bibliography)
        times.append(time.perf_counter() - start)
        found = len(result.citations)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        text = DEFAULT_MANUSCRIPT.read_text(encoding="utf-8")
        front, _, body = text[4:].partition("\n---\n")
        large = folder / "x10.md"
        large.write_text(f"---\n{front}\n---\n" + "\n\n".join([body] * 10), encoding="utf-8")
        files = {"markdown": DEFAULT_MANUSCRIPT,
                 "docx": convert(DEFAULT_MANUSCRIPT, folder / "article.docx"),
                 "odt": convert(DEFAULT_MANUSCRIPT, folder / "article.odt"),
                 "latex": convert(DEFAULT_MANUSCRIPT, folder / "article.tex"),
                 "docx x10": convert(large, folder / "x10.docx")}
        print(f"{'format':<10} {'bytes':>10} {'citations':>10} {'read+check (median)':>22}")
        for label, path in files.items():
            seconds, citations = median_seconds(path, runs)
            print(f"{label:<10} {path.stat().st_size:>10,} {citations:>10} {seconds:>20.3f} s")
        manuscript = read(files["docx"], LIMITS)
        result = check(manuscript, load_bibliography(DEFAULT_BIBLIOGRAPHY))
        start = time.perf_counter()
        comments = annotate(manuscript, result, folder / "annotated.docx")
        print(f"annotate: {comments} comments in {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
