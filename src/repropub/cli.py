"""The command line: arguments to a `Config`, a library call, an exit code.

    python build.py [MANUSCRIPT] [--bib FILE] [--out DIR] [--style STYLE] [--html-only|--pdf-only]
    python build.py check [MANUSCRIPT|FOLDER|GLOB ...] [--bib FILE] [--format FORMAT] [--jobs N]
                          [--report-dir DIR] [--scheduler ADDRESS] [--annotate OUT.docx]
                          [--references [--refresh|--offline] [--snapshot FILE]]
    python build.py fix [MANUSCRIPT] [--bib FILE] [--only CODE[,CODE...]] [--dry-run]
    python build.py cache info|clear

Every default a flag has may come from the project's settings (`repropub.settings`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

# The stages a command may not need (the build itself with its templates, PDF and exports;
# the rebuild records, `fix` with its diff, the batch's summary table and progress line, Word
# annotation, the registries, the HTML report, the starter article, preview, verify, the
# cache's upkeep) are imported where they are used: every import here is paid by every run,
# `check` of one Markdown file included (`tests/test_startup.py` keeps that so).
from repropub import (
    __version__,
    batch,
    checker,
    policy,
    report,
)
from repropub.config import (
    DEFAULT_BIBLIOGRAPHY,
    DEFAULT_FORMATS,
    DEFAULT_MANUSCRIPT,
    DEFAULT_STYLE,
    DEFAULT_TEMPLATES,
    FORMATS,
    Config,
)
from repropub.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, PipelineError
from repropub.limits import with_overrides
from repropub.settings import (
    FAIL_ON,
    Settings,
    Severity,
    load_settings,
    parse_codes,
    parse_severities,
)
from repropub.sources import load_sources

if TYPE_CHECKING:
    from repropub.pipeline import BuildResult

COMMANDS = ("build", "check", "verify", "serve", "fix", "cache", "init")

DESCRIPTION = """\
Build a scholarly article (Markdown with YAML front matter, plus a BibTeX file) into a
journal-styled HTML page and PDF, with every citation checked against the bibliography.

commands:
  build    (the default) write the HTML page, its assets, the PDF and the metadata exports
  check    only check the citations and report what does not match
  verify   rebuild from the sources a manifest names and compare the outputs byte for byte
  serve    build, serve the page on localhost, rebuild and reload it when a source changes
  fix      apply the checker's certain corrections to the manuscript (never the .bib)
  cache    `cache info` shows what the rendering cache holds, `cache clear` empties it
  init     write a small working article into a new folder, to start from

Run `%(prog)s check --help` for the checker's options.
"""

EPILOG = """\
examples:
  %(prog)s                                  build the project's own article into out/
  %(prog)s paper.md --bib refs.bib --out site/
  %(prog)s paper.md --style chicago-author-date --pdf-only
  %(prog)s --formats html,pdf,crossref       also require the Crossref deposit
  %(prog)s check paper.md --bib refs.bib --format json
  %(prog)s check submissions/ --format html --report-dir report/

defaults: the project's settings, in repropub.toml or pyproject.toml [tool.repropub]
(bibliography, manuscript, style, citation-style, severity, ignore, out, fail-on); flags
override them.

exit codes: 0 done; 1 the manuscript has findings the project's fail-on rejects (errors by
default; warnings too with --strict); 2 the tool could not do its job (missing file, malformed
input, pandoc failed).
"""


def _common(parser: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        parser.add_argument(
            "manuscripts", nargs="*", metavar="MANUSCRIPT",
            help="manuscripts, folders (searched at any depth for "
                 f"{', '.join(batch.MANUSCRIPT_SUFFIXES)} files) and globs such as "
                 f"'issue-12/*.md' (default: {_rel(DEFAULT_MANUSCRIPT)})")
    else:
        parser.add_argument(
            "manuscript", nargs="?", type=Path, metavar="MANUSCRIPT",
            help="the article, Markdown with YAML front matter (default: "
                 f"{_rel(DEFAULT_MANUSCRIPT)})")
    parser.add_argument(
        "--bib", type=Path, metavar="FILE",
        help="the BibTeX/biblatex bibliography (default: references.bib for the project's own "
             "article; for another manuscript, its own reference list is used; in a batch, "
             "each manuscript's .bib beside it, else its own reference list)")
    parser.add_argument(
        "--style", metavar="STYLE",
        help="CSL citation style: a name from the official CSL repository "
             "(apa, chicago-author-date, ieee, ...), an alias (vancouver, harvard, harvard1, "
             "chicago, mla) or a .csl file (default: apa); the "
             "checker applies its rules for how citations are written (APA 7 so far)")
    parser.add_argument(
        "--citation-style", metavar="STYLE",
        help="whose rules the checker applies to how citations are written (default: --style)")
    parser.add_argument("--fail-on", choices=FAIL_ON,
                        help="the least severe finding that makes the command exit 1 "
                             "(default: error, or the project's fail-on)")
    parser.add_argument("--strict", action="store_true",
                        help="treat citation warnings as errors: --fail-on warning")
    parser.add_argument(
        "--severity", action="append", default=[], metavar="CODE=LEVEL",
        help="change one finding's severity, e.g. uncited-entry=info (levels: error, warning, "
             "info); repeatable")
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="CODE[,CODE...]",
        help="do not report these finding codes (or a family, e.g. style); repeatable")
    parser.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                        help="give up when pandoc or WeasyPrint runs longer (default: 120)")
    parser.add_argument("--trusted", action="store_true",
                        help="the manuscript's author is trusted: keep its raw HTML and "
                             "{=html} blocks instead of sanitising them, and follow a "
                             "manuscript or bibliography that is a symbolic link out of its "
                             "folder")
    parser.add_argument(
        "--limit", action="append", default=[], metavar="NAME=N",
        help="change one input limit, e.g. manuscript-bytes=5000000 (the names and defaults "
             "are in the README, 'Untrusted manuscripts'); repeatable")


def _references_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "reference health", "check every bibliography entry against Crossref, DataCite and "
        "doi.org (see docs/checker-codes.md, 'Reference health')")
    group.add_argument("--references", action="store_true",
                       help="check DOIs, metadata, retractions and missing DOIs against the "
                            "registries")
    group.add_argument("--snapshot", type=Path, metavar="FILE",
                       help="the registry snapshot (default: registry-snapshot.json beside the "
                            "manuscript); its recorded answers are used without asking again")
    mode = group.add_mutually_exclusive_group()
    mode.add_argument("--refresh", action="store_true",
                      help="ask the registries again and rewrite the snapshot")
    mode.add_argument("--offline", action="store_true",
                      help="never use the network: answer from the snapshot and cache only")
    group.add_argument("--mailto", metavar="ADDRESS",
                       help="contact address for the registries' User-Agent (default: "
                            "$REPROPUB_MAILTO, else the front matter's crossref email)")


def _serve_parser(prog: str) -> argparse.ArgumentParser:
    parser = _build_parser(prog, f"{prog} serve")
    parser.description = ("Build, serve the output folder on localhost, and rebuild when the "
                          "manuscript, bibliography or templates change; the open page reloads "
                          "itself and shows the citation findings. Ctrl-C stops.")
    parser.epilog = None
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000,
                        help="the port (default: 8000; 0 picks a free one)")
    return parser


def _build_parser(prog: str, name: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=name or prog, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(parser)
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="the output folder (default: out/); replaced only when the build "
                             "succeeds")
    from repropub.designs import DESIGNS

    design = parser.add_mutually_exclusive_group()
    design.add_argument("--templates", type=Path, metavar="DIR",
                        help="the journal design: article.html.j2, article.css, print.css, "
                             f"fonts/ (default: {_rel(DEFAULT_TEMPLATES)})")
    design.add_argument("--template", choices=tuple(DESIGNS), metavar="NAME",
                        help="a design of this project by name: journal (two columns) or "
                             "preprint (one column); wins over the front matter's 'template:'")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--html-only", action="store_true", help="write only the HTML page")
    only.add_argument("--pdf-only", action="store_true", help="write only the PDF")
    only.add_argument(
        "--formats", metavar="LIST",
        help=f"write exactly these outputs, comma-separated, from: {', '.join(FORMATS)} "
             "(default: all but docx; without --formats an export that lacks configuration, "
             "such as "
             "the Crossref deposit without a depositor, is skipped with a warning)")
    parser.add_argument("--no-cache", action="store_true",
                        help="render everything again instead of reusing unchanged results "
                             "(kept in ~/.cache/repropub, or $REPROPUB_CACHE)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                        help="let the page and the PDF load images from this host over "
                             "http(s); repeatable (default: nothing from the network)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _references_options(parser)
    return parser


def _check_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{prog} check",
        description="Check every in-text citation against the bibliography and report each "
                    "problem as path:line:col: severity: message [code] (path:\u00b6N:C for a "
                    "paragraph of a Word or ODT file). Reads .md, .docx, .odt, .tex and .txt. "
                    "Several manuscripts, folders or globs make a batch: checked in parallel, "
                    "with a summary table per manuscript.",
        epilog="exit codes: 0 no finding the project's fail-on rejects; 1 some (errors by "
               "default, warnings too with --strict); 2 the check could not run (with "
               "--format json, sarif or github a valid document still says why); in a batch, "
               "the worst of all manuscripts.")
    _common(parser, many=True)
    parser.add_argument(
        "--format", choices=(*report.FORMATS, "csv", "html"), default="text",
        help="report format (default: text); csv is the summary table; html is the report "
             "for editors, one page per manuscript (to standard output for one manuscript, "
             "into --report-dir for a batch)")
    parser.add_argument("--annotate", type=Path, metavar="OUT.docx",
                        help="write a copy of the Word manuscript with a comment on each "
                             "finding (the manuscript itself is never changed; one manuscript)")
    _references_options(parser)
    parser.add_argument("--report-dir", type=Path, metavar="DIR",
                        help="with --format html: write index.html and one page per "
                             "manuscript into DIR (replaced as a whole)")
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="check N manuscripts at a time, each in a worker process "
                             f"(default: the machine's cores, here {batch.default_workers()})")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the batch on a Dask distributed cluster, e.g. "
                             "tcp://10.0.0.5:8786 (needs the dask extra; the workers must see "
                             "the manuscripts at the same paths)")
    return parser


def _fix_parser(prog: str) -> argparse.ArgumentParser:
    from repropub import fix as fix_mod

    parser = argparse.ArgumentParser(
        prog=f"{prog} fix",
        description="Apply the citation checker's corrections whose fix is certain to the "
                    "manuscript (never the bibliography), print a diff and what is left for a "
                    "person. The original is kept as MANUSCRIPT.bak (or .bak.1, .bak.2, ...).",
        epilog="exit codes: 0 nothing the project's fail-on rejects remains; 1 some does; "
               "2 nothing could be fixed or written (the manuscript changed meanwhile, is "
               "read-only, or could not be read).")
    _common(parser)
    parser.add_argument(
        "--only", metavar="CODE[,CODE...]",
        help=f"apply only these codes' fixes (fixable: {', '.join(fix_mod.FIXABLE)})")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the diff and the summary, write nothing")
    return parser


def _init_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{prog} init",
        description="Write a small working article (front matter with every field commented, "
                    "a figure, a table, an equation, citations and a .bib) into FOLDER, which "
                    "must be new or empty; `build.py` run in FOLDER then builds it.",
        epilog="exit codes: 0 written; 2 the folder is not empty or cannot be written.")
    parser.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER",
                        help="where to write the article (default: the current folder)")
    return parser


def _init(folder: Path, prog: str) -> int:
    from repropub import starter

    written = starter.init(folder)
    print(f"wrote {len(written)} files to {_rel(folder)}/: "
          + ", ".join(p.relative_to(folder).as_posix() for p in written))
    print(f"next: run {prog} in {_rel(folder)}/ (its repropub.toml names the article and the "
          ".bib), then open out/article.html")
    return EXIT_OK


def _verify_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{prog} verify",
        description="Rebuild the article from the sources its manifest names, in a temporary "
                    "folder, and compare every output with the manifest byte for byte.",
        epilog="exit codes: 0 every output identical; 1 something differs (listed); "
               "2 the verification could not run.")
    parser.add_argument("manifest", nargs="?", type=Path, default=Path("out") / "manifest.json",
                        metavar="MANIFEST", help="the manifest (default: out/manifest.json)")
    parser.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                        help="give up when pandoc or WeasyPrint runs longer (default: 120)")
    return parser


def _cache_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{prog} cache",
        description="The cache of pandoc's and WeasyPrint's results: ~/.cache/repropub "
                    "($XDG_CACHE_HOME/repropub), or $REPROPUB_CACHE.")
    parser.add_argument("action", choices=("info", "clear"),
                        help="info: what it holds, per stage; clear: remove every entry")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "build.py") -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    raw = list(args)
    command = args.pop(0) if args and args[0] in COMMANDS else "build"
    parser = {"check": _check_parser, "verify": _verify_parser, "serve": _serve_parser,
              "fix": _fix_parser, "cache": _cache_parser,
              "init": _init_parser}.get(command, _build_parser)(prog)
    try:
        options = parser.parse_args(args)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        if exc.code and command == "check":
            print(report.failure(PipelineError("invalid arguments: see --help"),
                                 _format_asked(args)), end="")
        return EXIT_OK if exc.code == 0 else EXIT_FAILURE
    try:
        if command == "verify":
            return _verify(options.manifest, options.timeout)
        if command == "cache":
            return _cache(options.action)
        if command == "init":
            return _init(options.folder, prog)
        if command == "check":
            return _check_command(options, load_settings())
        config = _config(options, command, load_settings())
        if command == "serve":
            from repropub.serve import build_arguments, serve

            replay = build_arguments(raw) if config.cache else None
            return serve(config, host=options.host, port=options.port, replay=replay)
        if command == "fix":
            from repropub import fix as fix_mod

            return _fix(config, fix_mod.parse_only(options.only), options.dry_run)
        return _build(config, raw)
    except PipelineError as exc:
        if command == "check":  # CI reads a valid report even when the check cannot run
            print(report.failure(exc, options.format), end="")
        print(exc, file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("interrupted; the previous output is untouched", file=sys.stderr)
        return EXIT_FAILURE


def _config(options: argparse.Namespace, command: str, settings: Settings) -> Config:
    """The flags over the project's settings over the built-in defaults."""
    manuscript = options.manuscript or settings.manuscript or DEFAULT_MANUSCRIPT
    bibliography = options.bib or settings.bibliography
    if bibliography is None and options.manuscript is None and settings.manuscript is None:
        bibliography = DEFAULT_BIBLIOGRAPHY
    formats, required = DEFAULT_FORMATS, frozenset[str]()
    building = command in ("build", "serve")
    if building and options.html_only:
        formats = required = frozenset({"html"})
    elif building and options.pdf_only:
        formats = required = frozenset({"pdf"})
    elif building and options.formats:
        formats = required = frozenset(f.strip() for f in options.formats.split(",") if f.strip())
        unknown = formats - set(FORMATS)
        if unknown or not formats:
            raise PipelineError(f"--formats {options.formats}: choose from {', '.join(FORMATS)}")
    return Config(
        manuscript=manuscript,
        bibliography=bibliography,
        out_dir=getattr(options, "out", None) or settings.out or Path("out"),
        style=options.style or settings.style or DEFAULT_STYLE,
        citation_style=options.citation_style or settings.citation_style,
        templates=(_design(options.template) if getattr(options, "template", None)
                   else getattr(options, "templates", None) or DEFAULT_TEMPLATES),
        design_chosen=bool(getattr(options, "template", None)
                           or getattr(options, "templates", None)),
        formats=formats,
        required=required,
        fail_on="warning" if options.strict else options.fail_on or settings.fail_on,
        severities={**settings.severity, **_severities(options.severity)},
        ignore=settings.ignore | parse_codes(
            code for value in options.ignore for code in value.split(",")),
        timeout=options.timeout,
        cache=not getattr(options, "no_cache", False),
        trusted=getattr(options, "trusted", False),
        limits=with_overrides(options.limit),
        allowed_hosts=frozenset(h.strip().lower() for h in getattr(options, "allow_host", [])),
        references=getattr(options, "references", False) or settings.references,
        registry_snapshot=getattr(options, "snapshot", None),
        registry_refresh=getattr(options, "refresh", False),
        registry_offline=getattr(options, "offline", False),
        registry_mailto=getattr(options, "mailto", None),
    )


def _design(name: str) -> Path:
    from repropub.designs import DESIGNS

    return DESIGNS[name]


def _severities(pairs: list[str]) -> dict[str, Severity]:
    for pair in pairs:
        if "=" not in pair or pair.startswith("="):
            raise PipelineError(f"--severity {pair}: write CODE=LEVEL")
    return parse_severities(tuple(p.split("=", 1)) for p in pairs)  # type: ignore[misc]


def _format_asked(args: list[str]) -> str:
    """The --format of arguments argparse refused, so that the refusal is in that format."""
    for i, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--format=") else (
            args[i + 1] if arg == "--format" and i + 1 < len(args) else "")
        if value in report.FORMATS:
            return value
    return "text"


def _check(config: Config, fmt: str, annotated: Path | None = None) -> int:
    manuscript, bibliography = load_sources(config, any_format=True)
    result = policy.check(manuscript, bibliography, config)
    if config.references:
        from repropub.references import health

        result, references = health.run(config, manuscript, bibliography, result)
        for line in health.summary(references):
            print(line, file=sys.stderr)
    if annotated is not None:
        from repropub import annotate

        annotate.annotate(manuscript, result, annotated)
    print(report.render(result, fmt, manuscript, bibliography), end="")
    return _verdict(result, config)


def _check_command(options: argparse.Namespace, settings: Settings) -> int:
    """One manuscript is checked as always; several, a folder or a glob make a batch."""
    arguments: list[str] = options.manuscripts
    if options.jobs is not None and options.jobs < 1:
        raise PipelineError(f"--jobs {options.jobs}: give a number of workers, 1 or more")
    if options.report_dir is not None and options.format != "html":
        raise PipelineError("--report-dir is where --format html writes its pages; add "
                            "--format html")
    if len(arguments) <= 1 and not any(_names_many(a) for a in arguments):
        options.manuscript = Path(arguments[0]) if arguments else None
        config = _config(options, "check", settings)
        if options.format in report.FORMATS:
            return _check(config, options.format, options.annotate)
        if options.annotate is not None:
            raise PipelineError("--annotate writes the Word copy beside a text, JSON, GitHub "
                                "or SARIF report; drop --format csv/html or --annotate")
        return _report_batch([config], options, single=True)
    if options.annotate is not None:
        raise PipelineError("--annotate OUT.docx comments one Word manuscript: name one file")
    options.manuscript = None
    found = batch.collect(arguments)
    if not found:
        what = "is a directory with no manuscript in it" if len(arguments) == 1 and Path(
            arguments[0]).is_dir() else "names no manuscript"
        raise PipelineError(f"{' '.join(arguments)}: error: {what} (looked for "
                            f"{', '.join(batch.MANUSCRIPT_SUFFIXES)} files)")
    base = _config(options, "check", settings)
    return _report_batch(batch.jobs(found, base, options.bib), options)


def _names_many(argument: str) -> bool:
    path = Path(argument)
    return path.is_dir() or (not path.exists() and bool(set("*?[") & set(argument)))


def _report_batch(configs: list[Config], options: argparse.Namespace,
                  single: bool = False) -> int:
    fmt = options.format
    if fmt == "html" and not single and options.report_dir is None:
        raise PipelineError("--format html for several manuscripts writes one page each: "
                            "name the folder with --report-dir DIR")
    from repropub import batch_report, report_html
    from repropub.progress import Progress

    workers = options.jobs or batch.default_workers()
    progress = Progress(len(configs), sys.stderr) if len(configs) > 1 else None
    results = batch.run(configs, workers, options.scheduler, progress)
    if fmt == "html":  # the other formats carry the reason in the report itself
        for checked in results:
            if checked.error:
                print(checked.error, file=sys.stderr)
    if fmt == "html" and options.report_dir is not None:
        index = report_html.write_report(results, options.report_dir)
        print(batch_report.table(results), end="")
        print(f"wrote the report to {_rel(index)}")
    elif fmt == "html":
        if results[0].result is None:
            return EXIT_FAILURE
        print(report_html.manuscript_page(results[0]), end="")
    else:
        print(batch_report.render(results, fmt), end="")
    return batch.exit_code(results)


def _fix(config: Config, only: frozenset[str], dry_run: bool) -> int:
    from repropub import fix as fix_mod

    result = fix_mod.fix_manuscript(config, only, dry_run=dry_run)
    changes = fix_mod.diff(result, color=_colour(sys.stdout))
    if changes:
        print(changes)
    if result.remaining.findings:
        print(report.render(result.remaining, "text", result.manuscript, result.bibliography),
              end="", file=sys.stderr)
    print(fix_mod.summary(result, dry_run=dry_run))
    return _verdict(result.remaining, config)


def _build(config: Config, argv: list[str]) -> int:
    return build_and_record(config, argv, sys.stdout, sys.stderr)[1]


def build_and_record(config: Config, argv: Sequence[str], stdout: TextIO,
                     stderr: TextIO) -> tuple[BuildResult, int]:
    """``build.py ARGV``: build, print what it prints, record it for the next run with the same
    arguments (`repropub.uptodate`); the result and the exit code. `serve`'s full build in the
    background runs this too, so that ``build.py`` after a preview answers at once."""
    from repropub import uptodate
    from repropub.pipeline import build

    started = time.time_ns()
    result = build(config)
    findings = report.render(result.check, "text", result.manuscript, result.bibliography)
    err = [findings] if findings.strip() else []
    err += [f"{line}\n" for line in (*result.warnings, *result.mismatches)]
    out = [f"style: {result.style}\n",
           f"wrote {len(result.outputs)} files to {_rel(result.out_dir)}/: "
           + ", ".join(p.name for p in result.outputs if p.parent == result.out_dir) + "\n"]
    print("".join(err), end="", file=stderr)
    print("".join(out), end="", file=stdout)
    if result.reused and not result.rendered:
        print(uptodate.NOTHING_CHANGED, file=stdout)
    elif result.reused:
        print(f"rendered {', '.join(result.rendered)}; reused {', '.join(result.reused)} "
              "(inputs unchanged)", file=stdout)
    code = policy.exit_code([*(f.severity for f in result.check.findings),
                             *(m.severity for m in result.mismatches)], config.fail_on)
    if config.cache and not config.references and not config.allowed_hosts:
        # the next run with the same arguments answers at once if nothing changes
        uptodate.record(argv, started=started, inputs=result.inputs,
                        manuscript=result.manuscript.path, design=result.design,
                        out_dir=result.out_dir,
                        pdf="pdf" in config.formats,
                        git_dated=not os.environ.get("SOURCE_DATE_EPOCH")
                        and result.manuscript.metadata.history.published is None,
                        stdout="".join(out), stderr="".join(err), exit_code=code)
    return result, code


def _verify(manifest: Path, timeout: float) -> int:
    from repropub.verify import verify

    result = verify(manifest, timeout=timeout)
    for line in result.differences:
        print(line)
    if result.identical:
        print(f"verified: all {result.outputs} outputs of {_rel(result.manifest)} rebuild "
              "byte for byte")
        return EXIT_OK
    print(f"not reproduced: {len(result.differences)} difference(s) from {_rel(result.manifest)}")
    return EXIT_FINDINGS


def _cache(action: str) -> int:
    from repropub import cache as cache_mod

    folder = cache_mod.default_folder()
    if action == "clear":
        count, size = cache_mod.clear(folder).total
        print(f"removed {count} entries ({_size(size)}) from {folder}")
        return EXIT_OK
    usage = cache_mod.info(folder)
    print(f"cache: {folder}")
    for kind, (count, size) in (*usage.entries.items(), ("total", usage.total)):
        print(f"  {kind:<6} {count:>4} entries  {_size(size):>9}")
    return EXIT_OK


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.1f} kB"


def _verdict(result: checker.CheckResult, config: Config) -> int:
    return policy.exit_code((f.severity for f in result.findings), config.fail_on)


def _colour(stream: TextIO) -> bool:
    """Colour for a person at a terminal; never in a pipe or a file, nor under NO_COLOR."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
