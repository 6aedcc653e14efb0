"""Where the PDF's typesetting spends its CPU: WeasyPrint's own stages, on the flagship and on
manuscripts 10 times larger.

    python bench/bench_pdf_phases.py [--runs 3] [--copies 1,10] [--design journal]

Each case's page is built once (HTML only, as `bench_layout.py` does), then typeset `--runs`
times, each in a fresh process that loads nothing else first and does what the build's child
does (`render_pdf._typeset`: the XMP, the links, PDF/A, tags, and its shortcuts inside
WeasyPrint), with WeasyPrint's stage functions timed from outside: the import, the styles
(cascade), the boxes, the layout (and, inside it, the multi-column containers: their trial
passes, which lay a page's columns out to find their height, the probes of the next column's
first box that those passes make at an infinite height, and the final pass, which lays the
columns out at their places; a column the child takes over from the trial is not laid out
again), painting, the fonts' subsets, the writing of the PDF's bytes. The table gives each
stage's median CPU seconds (process time); "rest" is what no stage covers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("import", "styles", "boxes", "layout", "  multi-column", "    trial passes",
          "    next-box probes", "    final pass", "paint", "fonts", "PDF bytes", "rest", "total")
INSIDE = ("  multi-column", "    trial passes", "    next-box probes", "    final pass")
"""Parts of "layout", not added to the total."""


def child(page: Path) -> dict[str, float]:
    """In a fresh process: typeset `page` as the build's child does, timing each stage."""
    spent: dict[str, float] = {}
    start = time.process_time()
    from repropub import render_pdf

    with render_pdf._sonames_first():
        import pydyf
        import weasyprint.document
        import weasyprint.layout.block
        import weasyprint.layout.column
        import weasyprint.pdf
    spent["import"] = time.process_time() - start

    def timed(owner: Any, name: str, stage: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            begin = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.process_time() - begin

        setattr(owner, name, wrapper)

    def laid_out(*args: Any, **kwargs: Any) -> Any:
        # layout_document is a generator: time it to the last page
        begin = time.process_time()
        pages = list(layout(*args, **kwargs))
        spent["layout"] = spent.get("layout", 0.0) + time.process_time() - begin
        return iter(pages)

    layout = weasyprint.document.layout_document
    weasyprint.document.layout_document = laid_out
    timed(weasyprint.document, "get_all_computed_styles", "styles")
    timed(weasyprint.document, "build_formatting_structure", "boxes")
    timed(weasyprint.layout.block, "columns_layout", "  multi-column")
    lay_out = weasyprint.layout.block.block_box_layout
    laid_out: dict[str, int] = {}

    def column_laid_out(context: Any, box: Any, bottom_space: float, *args: Any,
                        **kwargs: Any) -> Any:
        # columns_layout's own calls: the column boxes; the probe asks for an infinite
        # bottom space, the final pass passes no adjoining margins (None)
        if not box.is_column:
            return lay_out(context, box, bottom_space, *args, **kwargs)
        stage = ("    next-box probes" if bottom_space == float("inf")
                 else "    final pass" if args[5] is None else "    trial passes")
        laid_out[stage] = laid_out.get(stage, 0) + 1
        begin = time.process_time()
        try:
            return lay_out(context, box, bottom_space, *args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.process_time() - begin

    weasyprint.layout.block.block_box_layout = column_laid_out
    timed(weasyprint.document.Page, "paint", "paint")
    timed(weasyprint.pdf, "build_fonts_dictionary", "fonts")
    timed(pydyf.PDF, "write", "PDF bytes")
    job = {"page": str(page), "root": str(page.parent), "target": str(page.with_suffix(".pdf")),
           "stamp": "2025-01-01T00:00:00+00:00", "attachments": [], "allowed_hosts": [],
           "xmp": "", "memory": 16_000_000_000, "seconds": 3600}
    result = render_pdf._typeset(job)
    if isinstance(result, str):
        sys.exit(f"{page}: WeasyPrint failed: {result}")
    spent["total"] = time.process_time() - start
    covered = sum(v for k, v in spent.items() if k != "total" and k not in INSIDE)
    spent["rest"] = spent["total"] - covered
    # how many columns each part laid out: the same in every run, unlike the seconds
    spent.update({f"{stage.strip()} columns": n for stage, n in laid_out.items()})
    return spent


def measure(page: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", str(page)], capture_output=True,
                          text=True, check=True)
    stages: dict[str, float] = json.loads(done.stdout)
    return stages


def main() -> None:
    # the child's figures would include the build's modules if these were loaded at the top
    from bench_check import scaled
    from bench_layout import page_of

    from repropub.config import DEFAULT_BIBLIOGRAPHY, DEFAULT_MANUSCRIPT
    from repropub.designs import DESIGNS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", default="1,10", help="sizes, as copies of the flagship")
    parser.add_argument("--design", choices=list(DESIGNS), default="journal")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    sizes = [int(n) for n in args.copies.split(",")]
    names = ["flagship" if n == 1 else f"{n}x" for n in sizes]
    print(f"WeasyPrint's child by stage, {args.design} design, median CPU s of {args.runs} runs")
    columns: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for copies in sizes:
            folder = Path(tmp) / f"x{copies}"
            folder.mkdir()
            source = ((DEFAULT_MANUSCRIPT, DEFAULT_BIBLIOGRAPHY) if copies == 1
                      else scaled(folder, copies))
            page = page_of(*source, args.design, folder / "out")
            runs = [measure(page) for _ in range(args.runs)]
            columns.append({stage: statistics.median(r.get(stage, 0.0) for r in runs)
                            for stage in (*STAGES, *(f"{s.strip()} columns" for s in INSIDE))})
    print(f"{'stage':<20}" + "".join(f" {name:>9} {'share':>6}" for name in names))
    for stage in STAGES:
        print(f"{stage:<20}" + "".join(
            f" {c[stage]:>9.2f} {c[stage] / c['total']:>6.0%}" for c in columns))
    print(f"{'columns laid out':<20}" + "".join(" " * 16 for _ in names))
    for stage in INSIDE[1:]:
        print(f"{stage:<20}" + "".join(f" {c[f'{stage.strip()} columns']:>9.0f} {'':>6}"
                                       for c in columns))


if __name__ == "__main__":
    main()
