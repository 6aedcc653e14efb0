"""Where the time goes in a manuscript of thousands of pages: read, check, pandoc, HTML, PDF.

Two kinds of long manuscript, built once per size in a fresh process without the cache and with
the input limits raised to fit; the script prints the seconds of each stage (wall clock), the
CPU time of the build and its children (pandoc, WeasyPrint), the PDF's page count and the peak
memory:

* ``flagship``: the flagship article repeated (each copy with its own authors and keys, as in
  `bench_check.py`): the bibliography grows with the text, as in a collection of articles;
* ``book``: sections of prose citing the same twenty works, as in a monograph.

`--timeout` is the build's deadline for each pandoc and WeasyPrint run (120 s by default, as
for a user): a size that goes past it is reported with the build's one-line message.

    python bench/bench_pages.py --kind book --pages 100 1000 3000
    python bench/bench_pages.py --kind flagship --pages 100 300 --timeout 3600
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import scaled

FLAGSHIP_PAGES = 5.2
"""Pages per copy of the flagship in a long PDF (17 copies made 89 pages)."""

BOOK_PAGE_BYTES = 6_600
"""Bytes of the book's Markdown per page of its PDF (measured: 66,535 bytes made 10 pages)."""

AUTHORS = ("Finch", "Moss", "Lark", "Reed", "Stone", "Vale", "Hart", "Cole", "Frost", "Wren",
           "Ash", "Birch", "Croft", "Dale", "Eames", "Fox", "Gale", "Hale", "Ivy", "Jay")

ONE_BUILD = """
import json, resource, sys, time
from pathlib import Path
from repropub.config import Config
from repropub.errors import PipelineError
from repropub.limits import Limits
from repropub.pipeline import build
manuscript, bibliography, out, timeout = (Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),
                                          float(sys.argv[4]))
limits = Limits(manuscript_bytes=10**9, bibliography_bytes=10**9)
start = time.perf_counter()
try:
    result = build(Config(manuscript=manuscript, bibliography=bibliography, out_dir=out,
                          limits=limits, timeout=timeout, cache=False))
    stages, problem = result.timings.stages, None
except PipelineError as exc:
    stages, problem = {}, str(exc)
own, children = (resource.getrusage(resource.RUSAGE_SELF),
                 resource.getrusage(resource.RUSAGE_CHILDREN))
print(json.dumps({"stages": stages, "total": time.perf_counter() - start, "problem": problem,
                  "peak_mib": max(own.ru_maxrss, children.ru_maxrss) / 1024,
                  "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime}))
"""


def book(folder: Path, pages: int) -> tuple[Path, Path]:
    """Sections of prose, each paragraph citing one of twenty works, `pages` pages long."""
    bib = "".join(f"@book{{{name.lower()}{2000 + i},\n  author = {{{name}, Anna}},\n  title = "
                  f"{{On the {name} Question}},\n  publisher = {{Press}},\n  year = "
                  f"{{{2000 + i}}}\n}}\n\n" for i, name in enumerate(AUTHORS))
    paragraph = ("Balancing is an old idea in the study of international politics, and it "
                 "returns whenever a great power rises or falls; the argument here follows the "
                 "evidence of alliances, arms and trade over two centuries of crises [@{key}]. ")
    parts, size, number = ["---\ntitle: A Long Book\nlang: en-US\nauthors:\n  - family: "
                           "Writer\n    given: Wanda\nhistory:\n  published: 2024-01-01\n"
                           "---\n\n"], 0, 0
    while size < pages * BOOK_PAGE_BYTES:
        section = f"## Section {number + 1}\n\n" + "".join(
            paragraph.format(key=f"{AUTHORS[(number + i) % 20].lower()}"
                             f"{2000 + (number + i) % 20}") * 3 + "\n\n" for i in range(6))
        parts.append(section)
        size += len(section)
        number += 1
    manuscript, bibliography = folder / f"book{pages}.md", folder / f"book{pages}.bib"
    manuscript.write_text("".join(parts), encoding="utf-8")
    bibliography.write_text(bib, encoding="utf-8")
    return manuscript, bibliography


def one_size(kind: str, pages: int, timeout: float, folder: Path) -> dict[str, object]:
    copies = max(1, round(pages / FLAGSHIP_PAGES))
    manuscript, bibliography = scaled(folder, copies) if kind == "flagship" else book(folder,
                                                                                      pages)
    out = folder / f"out-{kind}-{pages}"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", ONE_BUILD, str(manuscript), str(bibliography),
                           str(out), str(timeout)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the build crashed:\n{done.stderr}")
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    report["bytes"] = manuscript.stat().st_size
    report["wall"] = time.perf_counter() - started
    pdf = out / "article.pdf"
    if pdf.exists():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
        report["pdf_pages"] = next((int(line.split()[-1]) for line in info.stdout.splitlines()
                                    if line.startswith("Pages:")), None)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["book", "flagship"], default="book")
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for pages in args.pages:
            report = one_size(args.kind, pages, args.timeout, Path(tmp))
            stages = report["stages"]
            assert isinstance(stages, dict)
            shown = ", ".join(f"{name} {seconds:.1f}" for name, seconds in stages.items()
                              if seconds >= 0.05)
            print(f"{args.kind} ~{pages} pages ({report['bytes']:,} bytes, "
                  f"PDF {report.get('pdf_pages')} pages): {report['total']:.1f} s "
                  f"[{shown}], CPU {report['cpu']:.1f} s, peak {report['peak_mib']:.0f} MiB",
                  flush=True)
            if report["problem"]:
                print(f"  stopped: {report['problem']}", flush=True)


if __name__ == "__main__":
    main()
