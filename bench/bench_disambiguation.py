"""Time the body's citeproc run over a 2,800-entry APA bibliography, with the style pandoc is
given (`repropub.disambiguation`) and with the style as published; compare a sample of the
entries with citeproc-js.

The bibliography is the flagship's, copied until it holds about --entries entries, every name
of every copy tagged (``ApplebaumQb``) so that the names are distinct, as in a long review
article, except that every tenth copy repeats the names of the one before (year suffixes). The
manuscript cites each entry once, a copy per paragraph, the first narratively.

* ``ours``: `render_body` with the style `body_style` chooses (the derived style without
  given-name disambiguation, when it cannot change the output);
* ``published``: the same with APA as published, in one pandoc run (minutes at 2,800
  entries; --no-published skips it), and whether the two outputs are byte-identical;
* --breakdown: the CPU seconds of each pandoc step (the .bib read, citeproc with the .bib and
  with the same entries as CSL JSON, whether both give one document, the HTML and JATS
  writers);
* --shared-surnames: every tenth copy's authors are other people with the surnames of the
  copy before and another initial (Wang, L. and Wang, Y.), so the published style is needed
  and ``ours`` is the run split around those names (`repropub.citeproc`);
* citeproc-js (the CSL reference implementation, Node): when ``node`` and the npm packages
  ``citeproc`` and ``@citation-js/plugin-csl`` (its CSL locales) are installed in the folder
  --citeproc-js names (``npm install citeproc @citation-js/plugin-csl`` there, outside the
  repository), all entries are registered with it and a sample (--sample random entries plus
  every entry with a year suffix) is compared as text with pandoc's. Otherwise it says so.

Times are wall seconds and the CPU seconds of the pandoc processes, with the machine's load.

    python bench/bench_disambiguation.py [--entries 2800] [--no-published]
        [--shared-surnames] [--breakdown] [--citeproc-js DIR] [--sample 100]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

from lxml import html

from repropub import citeproc, pandoc
from repropub.bibliography import Bibliography, load_bibliography
from repropub.body import RenderedBody, _jats_references, render_body
from repropub.config import DEFAULT_BIBLIOGRAPHY
from repropub.disambiguation import body_style
from repropub.limits import Limits
from repropub.manuscript import Manuscript, read_manuscript
from repropub.styles import resolve

LIMITS = Limits(manuscript_bytes=100_000_000, bibliography_bytes=100_000_000)
T = TypeVar("T")

CITEPROC_JS = """
const fs = require("fs");
const [folder, itemsPath, stylePath] = process.argv.slice(2);
const CSL = require(folder + "/node_modules/citeproc");
const locales = require(folder + "/node_modules/@citation-js/plugin-csl/lib/locales.json");
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = Object.fromEntries(items.map((item) => [item.id, item]));
const engine = new CSL.Engine({retrieveLocale: (lang) => locales[lang],
                               retrieveItem: (id) => byId[id]},
                              fs.readFileSync(stylePath, "utf8"), "en-US");
const start = process.hrtime.bigint();
engine.updateItems(items.map((item) => item.id));
const [meta, entries] = engine.makeBibliography();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const ids = meta.entry_ids.map((ids) => ids[0]);
console.log(JSON.stringify({seconds, entries: Object.fromEntries(ids.map((id, i) =>
  [id, entries[i]]))}));
"""


def tagged(copy: int) -> str:
    letters = ""
    while True:
        letters = "abcdefghijklmnopqrstuvwxyz"[copy % 26] + letters
        copy //= 26
        if copy == 0:
            return "Q" + letters


def _tag_names(value: str, tag: str, initial: str = "") -> str:
    """Every name of a BibTeX name list with `tag` after its family name, and `initial` before
    its given names."""
    names = []
    for name in re.split(r"\s+and\s+", value):
        if name.startswith("{"):  # a group author: {World Health Organization}
            names.append(name[:-1] + tag + "}")
        elif "," in name:
            family, given = name.split(",", 1)
            names.append(f"{family}{tag}, {initial}{given.strip()}")
        else:
            names.append(f"{initial}{name}{tag}")
    return " and ".join(names)


def scaled_project(folder: Path, entries: int, *,
                   shared_surnames: bool = False) -> tuple[Path, Path]:
    """The flagship's bibliography copied to about `entries` entries, and a manuscript citing
    each once; with `shared_surnames`, every tenth copy's authors are other people with the
    surnames of the copy before (another initial: Wang, L. and Wang, Y.)."""
    bib = DEFAULT_BIBLIOGRAPHY.read_text(encoding="utf-8")
    keys = re.findall(r"@\w+\{([^,]+),", bib)
    copies = -(-entries // len(keys))
    bibs, paragraphs = [], []
    for copy in range(copies):
        tag = tagged(copy)
        # every tenth copy has the authors of the one before: its works and theirs share
        # authors and years, so citeproc tells them apart with year suffixes (2017a, 2017b)
        names = tagged(copy - 1 if copy % 10 in (9, 4 if shared_surnames else 9) else copy)
        initial = "Y. " if shared_surnames and copy % 10 == 4 else ""
        text = re.sub(r"(\b(?:author|editor)\s*=\s*\{)(.*?)(\},?\n)",
                      lambda m, tag=names, initial=initial:
                      m.group(1) + _tag_names(m.group(2), tag, initial) + m.group(3), bib)
        text = re.sub(r"(\btitle\s*=\s*\{.*?)(\},?\n)", rf"\g<1> ({tag})\g<2>", text)
        text = re.sub(r"(@\w+\{)([^,]+),", rf"\g<1>\g<2>{tag.lower()},", text)
        # a shortauthor would be cited instead of the (tagged) name; keep the names distinct
        text = re.sub(r"\n\s*shortauthor\s*=.*", "", text)
        bibs.append(text)
        cited = [f"@{key}{tag.lower()}" for key in keys]
        paragraphs.append(f"{cited[0]} began it [{'; '.join(cited[1:])}].")
    bibliography, manuscript = folder / "references.bib", folder / "manuscript.md"
    bibliography.write_text("\n".join(bibs), encoding="utf-8")
    manuscript.write_text("---\ntitle: Scaled\nlang: en-US\n---\n\n" + "\n\n".join(paragraphs)
                          + "\n", encoding="utf-8")
    return manuscript, bibliography


def timed(work: Callable[[], T]) -> tuple[T, float, float]:
    """`work()`, its wall seconds and the CPU seconds of the processes it ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = work()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, wall, cpu


def render(manuscript: Manuscript, bibliography: Bibliography, csl: Path) -> RenderedBody:
    return render_body(manuscript, manuscript.body, bibliography, csl, timeout=3600)


def _once(markdown: str, **options: Any) -> None:
    """`citeproc.resolve` never splitting: the body renders in one pandoc process with `csl`."""
    return None


def render_once(manuscript: Manuscript, bibliography: Bibliography, csl: Path) -> RenderedBody:
    """The body as one pandoc run with `csl` renders it, never split (`repropub.citeproc`)."""
    with mock.patch.object(citeproc, "resolve", _once):
        return render(manuscript, bibliography, csl)


def compare_with_citeproc_js(folder: Path, bibliography: Bibliography, body: RenderedBody,
                             csl: Path, js: Path, sample: int) -> None:
    if shutil.which("node") is None or not (js / "node_modules" / "citeproc").is_dir() or \
            not (js / "node_modules" / "@citation-js" / "plugin-csl").is_dir():
        print(f"citeproc-js: not compared (needs node, and `npm install citeproc "
              f"@citation-js/plugin-csl` in {js})")
        return
    items = pandoc.run(["--from", "biblatex", "--to", "csljson"], bibliography.accepted_text,
                       source=bibliography.path or folder, timeout=600).output
    (folder / "items.json").write_text(items, encoding="utf-8")
    (folder / "citeproc.js").write_text(CITEPROC_JS, encoding="utf-8")
    done = subprocess.run(["node", str(folder / "citeproc.js"), str(js.resolve()),
                           str(folder / "items.json"), str(csl)],
                          capture_output=True, text=True, check=True, timeout=3600)
    theirs = json.loads(done.stdout)
    ours = {reference.key: " ".join(reference.text.split()) for reference in body.references}
    suffixed = sorted(k for k, text in ours.items() if re.search(r"\(\d{4}[a-z]\b", text))
    chosen = sorted(set(random.Random(13).sample(sorted(ours), min(sample, len(ours))))
                    | set(suffixed))
    differ = []
    for key in chosen:
        entry = theirs["entries"].get(key)
        text = " ".join(html.fragment_fromstring(entry).text_content().split()) if entry else ""
        if text != ours[key]:
            differ.append((key, ours[key], text))
    print(f"citeproc-js: {len(theirs['entries'])} entries in {theirs['seconds']:.1f} s; "
          f"compared {len(chosen)} ({len(suffixed)} with a year suffix): "
          f"{len(chosen) - len(differ)} agree, {len(differ)} differ")
    for key, mine, other in differ[:10]:
        print(f"  {key}\n    pandoc:      {mine}\n    citeproc-js: {other}")


def breakdown(folder: Path, manuscript: Manuscript, bibliography: Bibliography,
              csl: Path) -> None:
    """CPU seconds of each pandoc step of the body, and of the citeproc run with the
    bibliography given as CSL JSON instead of the .bib (whether its document is the same)."""
    bib = folder / "references.bib"
    meta = folder / "citeproc.yaml"
    meta.write_text("lang: en-US\nlink-citations: true\n", encoding="utf-8")
    items, _, cpu = timed(lambda: pandoc.run(["--from", "biblatex", "--to", "csljson"],
                                             bibliography.accepted_text, source=bib,
                                             timeout=3600).output)
    print(f"  .bib read and written as CSL JSON:        {cpu:5.1f} s CPU")
    csljson = folder / "references.json"
    csljson.write_text(items, encoding="utf-8")
    documents = {}
    for name, given in ((".bib", bib), ("CSL JSON", csljson)):
        documents[name], _, cpu = timed(lambda given=given: pandoc.markdown_to_ast(
            manuscript.body, source=manuscript.path, line_offset=0, bibliography=given,
            csl=csl, metadata=meta, timeout=3600).output)
        print(f"  citeproc, bibliography as {name:9}:      {cpu:5.1f} s CPU")
    blocks = [json.loads(documents[name])["blocks"] for name in (".bib", "CSL JSON")]
    print(f"  same document from both: {blocks[0] == blocks[1]}")
    _, _, cpu = timed(lambda: pandoc.ast_to_html(documents[".bib"], source=bib, timeout=3600))
    print(f"  HTML writer:                              {cpu:5.1f} s CPU")
    references = folder / "references.uri"
    references.write_text(_jats_references(bibliography), encoding="ascii")
    for label, given_references in (("without", None), ("with", references)):
        _, _, cpu = timed(lambda given=given_references: pandoc.ast_to_html_and_jats(
            documents[".bib"], source=bib, references=given, timeout=3600))
        print(f"  HTML+JATS writer, {label:7} the references: {cpu:5.1f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2800)
    parser.add_argument("--no-published", action="store_true",
                        help="skip the run with the style as published (minutes)")
    parser.add_argument("--citeproc-js", type=Path, default=Path("/tmp/citeproc-js"),
                        help="the folder where citeproc and @citation-js/plugin-csl are "
                             "installed with npm")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--breakdown", action="store_true",
                        help="also time each pandoc step with the style chosen, and the "
                             "citeproc run given the bibliography as CSL JSON")
    parser.add_argument("--shared-surnames", action="store_true",
                        help="every tenth copy by other people with the surnames of the copy "
                             "before (Wang, L. and Wang, Y.): the body is rendered split")
    args = parser.parse_args()
    apa = resolve("apa").path
    print(f"load average: {' '.join(f'{n:.1f}' for n in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="repropub-bench-") as tmp:
        folder = Path(tmp)
        manuscript_path, bib_path = scaled_project(folder, args.entries,
                                                   shared_surnames=args.shared_surnames)
        manuscript = read_manuscript(manuscript_path, LIMITS)
        bibliography, wall, _ = timed(lambda: load_bibliography(bib_path, timeout=3600,
                                                                limits=LIMITS))
        print(f"{len(bibliography.entries)} entries, loaded in {wall:.2f} s")
        csl, wall, _ = timed(lambda: body_style(apa, bibliography, folder / "cache"))
        path = "derived, given-name step skipped" if csl != apa else \
            "as published: run split around the shared surnames (repropub.citeproc)"
        print(f"style chosen in {wall:.3f} s: {path}")
        if args.breakdown:
            breakdown(folder, manuscript, bibliography, csl)
        ours, wall, cpu = timed(lambda: render(manuscript, bibliography, csl))
        print(f"ours:      body rendered in {wall:6.1f} s wall, {cpu:6.1f} s CPU (pandoc)")
        if not args.no_published:
            published, wall, cpu = timed(lambda: render_once(manuscript, bibliography, apa))
            print(f"published: body rendered in {wall:6.1f} s wall, {cpu:6.1f} s CPU (pandoc)")
            same = "byte-identical" if published == ours else "DIFFERENT"
            print(f"outputs (HTML body, {len(ours.references)} references, JATS): {same}")
        compare_with_citeproc_js(folder, bibliography, ours, apa, args.citeproc_js, args.sample)


if __name__ == "__main__":
    main()
