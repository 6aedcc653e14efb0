"""Time the check of a numbered (Vancouver) manuscript of 9, 90 and 900 references.

Each generated manuscript cites its references in order in the bracket forms authors use (`[n]`,
`[n-m]`, `[n, m]`) and ends with its numbered list; there is no .bib, so the time
includes reading the list. A second manuscript cites in parentheses (`(n)`, `(n-m)`) between
numbered equations that its text names (`substituting (k) into (k+1)`, `Eq. (k)`), hard-wrapped,
so that every number in parentheses is weighed. The time per reference should stay flat as the
manuscript grows.

    python bench/bench_numbered.py [--runs 5]

Numbers have at most three digits (a `[2010]` is a year), so 900 is near the largest list.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from repropub.bibliography import Bibliography
from repropub.checker import check
from repropub.citations.numbered_list import numbering
from repropub.limits import Limits
from repropub.manuscript import read_manuscript

LIMITS = Limits(manuscript_bytes=100_000_000)


def generated(folder: Path, references: int, form: str = "bracket") -> Path:
    paragraphs, items = [], []
    for n in range(1, references + 1, 5):
        if form == "bracket":
            paragraphs.append(
                f"Loading helps healing in trial {n} [{n}]. Others agree [{n + 1}-{n + 2}], and "
                f"two more cohorts [{n + 3}, {n + 4}] found the same in {2000 + n % 20} "
                "patients.")
        else:
            # the paragraph's two equations are numbered 2k-1 and 2k, as their labels count
            k = n // 5 + 1
            paragraphs.append(
                f"$$ u_{{{n}}} = k \\nabla T $$ {{#eq:e{n}}}\n\n"
                f"$$ v_{{{n}}} = h T $$ {{#eq:f{n}}}\n\n"
                f"Loading helps healing ({n}). Substituting ({2 * k - 1}) into\n"
                f"Eq. ({2 * k}) gives the rate that others found ({n + 1}-{n + 2}), and two\n"
                f"more cohorts ({n + 3},{n + 4}) found the same in {2000 + n % 20} patients.")
    for n in range(1, references + 1):
        items.append(f"{n}. Author{n} J, Other{n} K. Title of study {n}. J Bone Res. "
                     f"{1990 + n % 30};{n}:1-9.")
    path = folder / f"numbered{form}{references}.md"
    path.write_text("---\ntitle: Generated\n---\n\n" + "\n\n".join(paragraphs)
                    + "\n\n# References\n\n" + "\n".join(items) + "\n", encoding="utf-8")
    return path


def timed(path: Path, runs: int) -> tuple[float, int]:
    times, citations = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        manuscript = read_manuscript(path, LIMITS)
        listed = numbering(manuscript, Bibliography(manuscript.path, ())).bibliography
        result = check(manuscript, listed)
        times.append(time.perf_counter() - start)
        citations = len(result.citations)
    return statistics.median(times), citations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'form':>11} {'references':>10} {'citations':>9} {'median s':>9} {'ms per ref':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for form in ("bracket", "parentheses"):
            for references in (9, 90, 900):
                seconds, citations = timed(generated(Path(tmp), references, form), args.runs)
                print(f"{form:>11} {references:>10} {citations:>9} {seconds:>9.3f} "
                      f"{1000 * seconds / references:>10.3f}")


if __name__ == "__main__":
    main()
