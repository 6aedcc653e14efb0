"""Where the time goes in a manuscript of thousands of pages: read, check, pandoc, HTML, PDF.

The flagship article repeated (each copy with its own authors and keys, as in
`bench_check.py`) until the PDF has about the number of pages asked for, built once per size in
a fresh process with an empty cache and the input limits raised to fit; the script prints the
seconds of each stage, the PDF's page count and the process's peak memory. `--timeout` is the
build's own deadline for each pandoc and WeasyPrint run: a size that goes past it is reported
with the build's one-line message instead of a time.

    python bench/bench_pages.py --pages 1000 3000 [--timeout 3600]
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

FLAGSHIP_PAGES = 6
"""Pages of the flagship's PDF: the copies needed for N pages are N / 6."""

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
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({"stages": stages, "total": time.perf_counter() - start, "problem": problem,
                  "peak_mib": peak}))
"""


def one_size(pages: int, timeout: float, folder: Path) -> dict[str, object]:
    copies = max(1, round(pages / FLAGSHIP_PAGES))
    manuscript, bibliography = scaled(folder, copies)
    out = folder / f"out{copies}"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", ONE_BUILD, str(manuscript), str(bibliography),
                           str(out), str(timeout)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the build crashed:\n{done.stderr}")
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    report["copies"], report["bytes"] = copies, manuscript.stat().st_size
    report["wall"] = time.perf_counter() - started
    pdf = out / "article.pdf"
    if pdf.exists():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
        report["pdf_pages"] = next((int(line.split()[-1]) for line in info.stdout.splitlines()
                                    if line.startswith("Pages:")), None)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--timeout", type=float, default=3600.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for pages in args.pages:
            report = one_size(pages, args.timeout, Path(tmp))
            stages = report["stages"]
            assert isinstance(stages, dict)
            shown = ", ".join(f"{name} {seconds:.1f}" for name, seconds in stages.items()
                              if seconds >= 0.05)
            print(f"~{pages} pages ({report['copies']} copies, {report['bytes']:,} bytes, "
                  f"PDF {report.get('pdf_pages')} pages): {report['total']:.1f} s "
                  f"[{shown}], peak {report['peak_mib']:.0f} MiB", flush=True)
            if report["problem"]:
                print(f"  stopped: {report['problem']}", flush=True)


if __name__ == "__main__":
    main()
