"""Time reading a typed reference list (no-bib mode) at 1x, 10x and 100x its size.

The manuscript is every typed-list fixture of `tests/citations` (ABNT, APA, Harvard, Chicago,
German and French forms, tables, lists without a heading are left out) joined into one list,
repeated with renamed surnames; each run is `build.py check MANUSCRIPT` without a `.bib`, in a
fresh process, so the list is read, the citations found and resolved. Per size: the median CPU
seconds (user + system of the process), the entries read and the CPU per entry; the time should
grow linearly with the size.

    python bench/bench_reflist.py [--runs 3] [--sizes 1,10,100]
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

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "citations"
CASES = ["repeated-authors", "editor-marks", "imprint-dates", "abnt-groups", "entry-parts",
         "harvard-entries", "european-entries", "list-then-appendix"]


def _parts(case: str) -> tuple[str, str]:
    """The fixture's text before its reference list and the list's entries."""
    text = (FIXTURES / case / "manuscript.md").read_text(encoding="utf-8")
    body, _, rest = text.partition("\n## ")
    entries = rest.split("\n", 1)[1]
    entries = re.split(r"\n\*\*(?:Appendix|Author)", entries)[0]
    return body.split("\n", 2)[2], entries


def scaled(folder: Path, copies: int) -> Path:
    """Every fixture's text and list, `copies` times, each copy's surnames with their own tag."""
    bodies, lists = [], []
    for i in range(copies):
        tag = "".join("abcdefghij"[int(d)] for d in str(i))
        for case in CASES:
            body, entries = _parts(case)
            surnames = set(re.findall(r"^([A-ZÀ-Ý][\w'À-ÿ-]+),", entries, re.M))
            for name in sorted(surnames, key=len, reverse=True):
                new = name + tag if not name.isupper() else name + tag.upper()
                body = re.sub(rf"\b{re.escape(name)}\b", new, body, flags=re.I)
                entries = re.sub(rf"\b{re.escape(name)}\b", new, entries)
            bodies.append(body)
            lists.append(entries.strip())
    manuscript = folder / f"x{copies}.md"
    manuscript.write_text("# Bench\n\n" + "\n\n".join(bodies) + "\n\n## References\n\n"
                          + "\n\n".join(lists) + "\n", encoding="utf-8")
    return manuscript


def run(manuscript: Path) -> tuple[float, int]:
    """CPU seconds of one `check` without a .bib, and the entries it read."""
    before = os.times()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", str(manuscript),
                             "--format", "json"], capture_output=True, text=True, check=False)
    after = os.times()
    if result.returncode == 2:
        raise SystemExit(f"the check could not run: {result.stderr.strip()}")
    entries = len(json.loads(result.stdout)["entries"])
    return (after.children_user - before.children_user
            + after.children_system - before.children_system), entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,10,100")
    args = parser.parse_args()
    print("| size | entries | CPU s (median) | CPU ms per entry |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            manuscript = scaled(Path(folder), size)
            times, entries = [], 0
            for _ in range(args.runs):
                seconds, entries = run(manuscript)
                times.append(seconds)
            median = statistics.median(times)
            print(f"| {size}x | {entries} | {median:.2f} | {1000 * median / entries:.2f} |")


if __name__ == "__main__":
    main()
