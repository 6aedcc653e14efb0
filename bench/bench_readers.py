"""Time reading and checking the flagship as Markdown, Word, ODT, LaTeX, Word 97-2003 and RTF,
and annotating it.

The flagship manuscript is converted by the pinned pandoc (and, 10 times repeated, for a large
Word file) into a temporary folder, and its Word file by LibreOffice into .doc and .rtf; each
run reads the file with `repropub.readers.read` and checks it against the flagship's
bibliography (loaded once), in this process (.doc and .rtf: LibreOffice's conversion included);
the median of several runs is reported with the paragraphs and citations read, then pandoc's
own RTF reader on the same .rtf (the road not taken: its paragraphs), then the time of one
`check --annotate`.

    python bench/bench_readers.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
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


def soffice(source: Path, fmt: str, folder: Path) -> Path:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(folder / 'p').as_uri()}",
                    "--convert-to", fmt, "--outdir", str(folder), str(source)], check=True,
                   capture_output=True, timeout=300)
    return folder / f"{source.stem}.{fmt}"


def median_seconds(path: Path, runs: int) -> tuple[float, int, int]:
    bibliography = load_bibliography(DEFAULT_BIBLIOGRAPHY)
    times, found, paragraphs = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        manuscript = read(path, LIMITS)
        result = check(manuscript, bibliography)
        times.append(time.perf_counter() - start)
        found = len(result.citations)
        layout = manuscript.layout
        paragraphs = max((n for n, note in zip(layout.numbers, layout.notes or [""] * len(
            layout.numbers), strict=True) if not note), default=0) if layout else 0
    return statistics.median(times), found, paragraphs


def pandoc_rtf(path: Path, runs: int) -> tuple[float, int]:
    """Pandoc's RTF reader: seconds and the paragraphs of its plain-text output."""
    times, paragraphs = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([executable(), "-f", "rtf", "-t", "plain", "--wrap=none",
                              str(path)], check=True, capture_output=True, text=True,
                             timeout=300).stdout
        times.append(time.perf_counter() - start)
        paragraphs = len([p for p in out.split("\n\n") if p.strip()])
    return statistics.median(times), paragraphs


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
        if shutil.which("soffice"):
            files["doc"] = soffice(files["docx"], "doc", folder / "lo")
            files["rtf"] = soffice(files["docx"], "rtf", folder / "lo")
        print(f"{'format':<10} {'bytes':>10} {'paragraphs':>10} {'citations':>10} "
              f"{'read+check (median)':>22}")
        for label, path in files.items():
            seconds, citations, paragraphs = median_seconds(path, runs)
            print(f"{label:<10} {path.stat().st_size:>10,} {paragraphs:>10} {citations:>10} "
                  f"{seconds:>20.3f} s")
        if "rtf" in files:
            seconds, paragraphs = pandoc_rtf(files["rtf"], runs)
            print(f"pandoc's RTF reader on the .rtf: {paragraphs} paragraphs with text, "
                  f"{seconds:.3f} s")
        manuscript = read(files["docx"], LIMITS)
        result = check(manuscript, load_bibliography(DEFAULT_BIBLIOGRAPHY))
        start = time.perf_counter()
        comments = annotate(manuscript, result, folder / "annotated.docx")
        print(f"annotate: {comments} comments in {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
