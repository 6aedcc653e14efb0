"""Time WeasyPrint alone: the child process a build starts to typeset the PDF
(`python -m repropub.render_pdf`), on the flagship and on manuscripts 10 times larger.

    python bench/bench_layout.py [--runs 5] [--copies 1,10] [--design journal]
    python bench/bench_layout.py --against main~3       # today's print stylesheet against REV's

Each case's page is built once (HTML only) in a temporary folder, then typeset `--runs` times,
each a fresh child process; its CPU seconds (user + system, the operating system's accounting)
are reported as the median. With `--against REV` a copy of the same page with the design's
print stylesheet as it was at git revision REV is typeset in turn (ours, theirs, ours, ...),
and the ratio is taken pair by pair, so that a machine whose speed drifts still compares
like with like. The larger manuscripts repeat the flagship (see `bench_check.scaled`).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_check import LIMITS, scaled

from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT, PROJECT_ROOT, Config
from repropub.designs import DESIGNS
from repropub.pipeline import build


def page_of(manuscript: Path, bibliography: Path, design: str, out_dir: Path) -> Path:
    """The HTML page (and its assets) of `manuscript`, as a build writes it before the PDF."""
    build(Config(manuscript=manuscript, bibliography=bibliography, templates=DESIGNS[design],
                 out_dir=out_dir, formats=frozenset({"html"}), cache=False, limits=LIMITS))
    return out_dir / "article.html"


def typeset(page: Path) -> float:
    """CPU seconds of one child process typesetting `page` (to `page`'s folder)."""
    job = {"page": str(page), "root": str(page.parent), "target": str(page.with_suffix(".pdf")),
           "stamp": "2025-01-01T00:00:00+00:00", "attachments": [], "allowed_hosts": [], "xmp": "",
           "memory": LIMITS.pdf_memory_bytes, "seconds": 3600}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "repropub.render_pdf"], input=json.dumps(job),
                          capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{page}: WeasyPrint failed: {done.stdout or done.stderr}")
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def pages_of(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def stylesheet_at(revision: str, design: str) -> bytes:
    """The design's print stylesheet as it was at git `revision`."""
    path = (DESIGNS[design] / "print.css").relative_to(PROJECT_ROOT).as_posix()
    return subprocess.run(["git", "show", f"{revision}:{path}"], cwd=PROJECT_ROOT,
                          capture_output=True, check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", default="1,10", help="sizes, as copies of the flagship")
    parser.add_argument("--design", choices=list(DESIGNS), default="journal")
    parser.add_argument("--against", metavar="REV",
                        help="also typeset with the print stylesheet of git revision REV")
    args = parser.parse_args()
    print(f"WeasyPrint's child process, {args.design} design, median CPU s of {args.runs} runs")
    header = f"{'case':<10} {'pages':>5} {'ours':>7}"
    print(header + (f" {args.against:>12} {'ratio':>6}" if args.against else ""))
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (int(n) for n in args.copies.split(",")):
            folder = Path(tmp) / f"x{copies}"
            folder.mkdir()
            source = ((DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY) if copies == 1
                      else scaled(folder, copies))
            ours = page_of(*source, args.design, folder / "ours")
            theirs = None
            if args.against:
                shutil.copytree(ours.parent, folder / "theirs")
                theirs = folder / "theirs" / ours.name
                (theirs.parent / "assets" / "print.css").write_bytes(
                    stylesheet_at(args.against, args.design))
            times: list[float] = []
            ratios: list[float] = []
            for _ in range(args.runs):
                times.append(typeset(ours))
                if theirs is not None:
                    ratios.append(times[-1] / typeset(theirs))
            name = "flagship" if copies == 1 else f"{copies}x"
            pages = pages_of(ours.with_suffix(".pdf"))
            row = f"{name:<10} {pages:>5} {statistics.median(times):>7.2f}"
            if ratios:
                theirs_median = statistics.median(t / r for t, r in zip(times, ratios, strict=True))
                row += f" {theirs_median:>12.2f} {statistics.median(ratios):>6.3f}"
            print(row, flush=True)


if __name__ == "__main__":
    main()
