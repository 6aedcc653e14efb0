"""The one place pandoc runs.

Takes Markdown or BibTeX text and gives HTML or CSL-JSON. Every call goes through `run()`, which
checks the pinned version once, confines pandoc (`--sandbox`, a memory cap, a timeout) and turns
pandoc's failures into `InputError` (a problem in the user's file, with its line) or `ToolError`.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repropub import numbering
from repropub.errors import InputError, ToolError

NARRATIVE_FILTER = Path(__file__).with_name("narrative.lua")
"""Runs after citeproc: APA's narrative citations say "and" (see the filter's comments)."""

REPLAY_FILTER = Path(__file__).with_name("citeproc_replay.lua")
"""Records what citeproc did to a body, and puts it in place again (see the filter)."""

CITE_FILTER = Path(__file__).with_name("cite_article.lua")
"""Writes "Cite this article" from the body's citeproc run (see `ArticleCitation`)."""

HTML_AND_JATS_WRITER = Path(__file__).with_name("html_and_jats.lua")
"""A custom writer: the body's HTML, then `HTML_AND_JATS_SEPARATOR`, then its JATS."""

HTML_AND_JATS_SEPARATOR = "\n\0repropub-jats\0\n"

BIB_TO_CSL_WRITER = Path(__file__).with_name("bib_to_csl.lua")
"""A custom writer for a .bib: its CSL YAML, `BIB_TO_CSL_SEPARATOR`, its CSL JSON."""

BIB_TO_CSL_SEPARATOR = "\n\0repropub-csljson\0\n"

HTML_WRITER = ("html5", "--section-divs", "--mathml")
"""The body's HTML: sections as <section> elements, TeX math as MathML."""

PANDOC_VERSION = "3.9"
"""The pandoc the outputs are made with; `pypandoc_binary` carries exactly this binary."""

MEMORY_CAP = "2G"
"""Pandoc's heap limit (GHC runtime option -M): a pathological input fails instead of swapping."""

_POSITION = re.compile(r"line (\d+),? column (\d+)")


@dataclass(frozen=True)
class PandocResult:
    """What one pandoc run gave: its output and the warnings it printed."""

    output: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ArticleCitation:
    """"Cite this article", asked of the body's citeproc run: the article's reference as
    `markdown_to_html("")` gives it with `items` (a CSL-JSON file holding the article, `key`)
    as the bibliography, `nocite` naming it, `csl` and `lang`, written to the file `out`. One
    pandoc process fewer; `out` stays absent when the body is made without that run."""

    items: Path
    key: str
    csl: Path
    lang: str
    out: Path


@functools.cache
def executable() -> str:
    """The path of the pinned pandoc binary, after checking that it is the pinned version."""
    path = _bundled() or _found_by_pypandoc()
    found = version(path)
    if found != PANDOC_VERSION:
        raise ToolError(
            f"pandoc {found} found at {path}, but the outputs are pinned to pandoc "
            f"{PANDOC_VERSION}: reinstall with `pip install -e .`"
        )
    return path


def _bundled() -> str | None:
    """The binary `pypandoc_binary` installs, found without importing pypandoc (which loads
    urllib and runs every pandoc on the PATH to pick the newest), unless ``PYPANDOC_PANDOC``
    names another."""
    if os.environ.get("PYPANDOC_PANDOC"):
        return None
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(os.path.realpath(folder), "files", "pandoc")
        if os.access(path, os.X_OK):
            return path
    return None


def _found_by_pypandoc() -> str:
    try:
        import pypandoc
    except ImportError as exc:  # pragma: no cover - an installation problem
        raise ToolError("pandoc is not installed: pip install pypandoc_binary") from exc
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError as exc:
        raise ToolError(f"pandoc not found: {exc}") from exc


def version(path: str) -> str:
    """The version a pandoc binary reports, e.g. ``3.9``."""
    import subprocess  # only when pandoc runs: a check of a cached .bib never starts it

    try:
        first = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError) as exc:
        raise ToolError(f"cannot run pandoc at {path}: {exc}") from exc
    return first.split()[-1]


def run(args: list[str], stdin: str, *, source: Path, timeout: float,
        line_offset: int = 0) -> PandocResult:
    """Run pandoc on `stdin` and return its standard output.

    `source` names the file the input came from, and `line_offset` is added to the line numbers
    pandoc reports, so that an error points at the user's file, not at pandoc's input.
    """
    output, warnings = run_bytes(args, stdin, source=source, timeout=timeout,
                                 line_offset=line_offset)
    return PandocResult(output.decode("utf-8"), warnings)


def run_bytes(args: list[str], stdin: str, *, source: Path, timeout: float,
              line_offset: int = 0, epoch: int | None = None) -> tuple[bytes, tuple[str, ...]]:
    """`run`, for output that is not text (a DOCX); `epoch` is the SOURCE_DATE_EPOCH pandoc
    stamps into what it writes."""
    import subprocess  # only when pandoc runs: a check of a cached .bib never starts it

    command = [executable(), "--sandbox", *args, "+RTS", f"-M{MEMORY_CAP}", "-RTS"]
    env = None if epoch is None else {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    try:
        done = subprocess.run(command, input=stdin.encode("utf-8"), capture_output=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired as exc:
        raise ToolError(f"{source}: error: pandoc did not finish within {timeout:g} s (raise "
                        "the limit with --timeout)") from exc
    except OSError as exc:
        raise ToolError(f"cannot run pandoc: {exc}") from exc
    stderr = done.stderr.decode("utf-8", "replace")
    messages = [line.strip() for line in stderr.splitlines() if line.strip()]
    if done.returncode != 0:
        raise _failure(messages, done.returncode, source, line_offset)
    warnings = tuple(m.removeprefix("[WARNING] ") for m in messages if m.startswith("[WARNING]"))
    return done.stdout, warnings


def _failure(messages: list[str], code: int, source: Path, line_offset: int) -> Exception:
    text = " ".join(messages) or f"pandoc exited with code {code}"
    if "Heap exhausted" in text or "heap overflow" in text:
        return ToolError(f"{source}: pandoc ran out of memory (limit {MEMORY_CAP})")
    position = _POSITION.search(text)
    if position:
        line = int(position.group(1)) + line_offset
        return InputError(source, _first_sentence(text), line, int(position.group(2)))
    return InputError(source, _first_sentence(text))


def _first_sentence(text: str) -> str:
    text = re.sub(r"^Error (at|running filter)[^:]*:\s*", "", text)
    return re.sub(r"\s+", " ", text)[:300]


def bibtex_to_references(path: Path, text: str, *, timeout: float,
                         csl_json: bool = True) -> tuple[list[dict[str, Any]], str]:
    """Convert biblatex text to CSL items as pandoc reads them (names split, LaTeX resolved),
    and to pandoc's CSL JSON of the same items, from one reading of the text (`csl_json`
    False: the items alone, and "").

    Pandoc's CSL YAML gives the items rather than CSL-JSON because it keeps what CSL-JSON drops:
    a year with a suffix (``2010a``) and case protection (``[U.S.]{.nocase}``). Values stay
    strings (YAML's base loader), as pandoc wrote them. The CSL JSON is what the JATS writer
    reads its element-citations from (see `markdown_to_html_and_jats`).
    """
    if csl_json:
        result = run(["--from", "biblatex", "--to", str(BIB_TO_CSL_WRITER)], text,
                     source=path, timeout=timeout)
        markdown, separator, json_text = result.output.partition(BIB_TO_CSL_SEPARATOR)
        if not separator:
            raise ToolError(f"{path}: pandoc's writer {BIB_TO_CSL_WRITER.name} gave no JSON")
    else:
        # the same CSL YAML from pandoc's own writer: a Lua writer costs its interpreter's start
        markdown, json_text = run(["--from", "biblatex", "--to", "markdown", "--standalone"],
                                  text, source=path, timeout=timeout).output, ""
    front = markdown.split("\n---\n", 1)[0].removeprefix("---\n")
    import yaml  # here: `check` imports this module, but a .bib read before runs no pandoc

    # libyaml's parser: PyYAML's own takes seconds over thousands of entries (same result)
    data = yaml.load(front, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader)) or {}
    items: list[dict[str, Any]] = data.get("references", []) if isinstance(data, dict) else []
    return items, json_text


def latex_to_markdown(text: str, *, source: Path, timeout: float) -> str:
    """A LaTeX manuscript as standalone Markdown (title in the YAML block, ``\\cite`` commands
    as pandoc citations), keeping the source's line breaks so lines can be traced back."""
    return run(["--from", "latex", "--to", "markdown-smart", "--wrap=preserve", "--standalone"],
               text, source=source, timeout=timeout).output


def markdown_to_html(markdown: str, *, source: Path, line_offset: int, bibliography: Path | None,
                     csl: Path, metadata: Path, timeout: float,
                     trusted: bool = False, record: Path | None = None,
                     cite: ArticleCitation | None = None) -> PandocResult:
    """Render a Markdown body to an HTML5 fragment with citations resolved by citeproc.

    `metadata` is a YAML file of the few fields citeproc reads (``nocite``, ``lang``,
    ``link-citations``) and the cross-reference words; passing it on the command line keeps the
    manuscript's own front matter away from pandoc. TeX math becomes MathML. `record`: the
    file to keep what citeproc did in, for `markdown_to_html_replayed`; `cite`: also write
    "Cite this article".
    """
    return _citeproc(markdown, ["--to", *HTML_WRITER], source=source, line_offset=line_offset,
                     bibliography=bibliography, csl=csl, metadata=metadata, timeout=timeout,
                     trusted=trusted, after=_recording(record), cite=cite)


def _recording(record: Path | None) -> list[str]:
    """The options that keep what citeproc did in `record` (citeproc_replay.lua)."""
    # a path given with --metadata is a string as written, never read as Markdown
    return [] if record is None else [
        "--metadata", f"repropub-citeproc-record={record}", "--lua-filter", str(REPLAY_FILTER)]


def markdown_to_html_replayed(markdown: str, *, source: Path, line_offset: int, metadata: Path,
                              recorded: Path, timeout: float,
                              trusted: bool = False) -> PandocResult:
    """`markdown_to_html` without citeproc: what a citeproc run `recorded` is put in place;
    `InputError` when the body's citations are not those recorded (see citeproc_replay.lua).
    The numbering filter puts them in place in its own walk over the citations."""
    args = ["--from", _reader(trusted), "--to", *HTML_WRITER, "--wrap=none", "--lua-filter",
            str(numbering.FILTER), "--metadata-file", str(metadata), "--metadata",
            f"repropub-citeproc-replay={recorded}"]
    return run(args, markdown, source=source, timeout=timeout, line_offset=line_offset)


def markdown_to_html_and_jats(markdown: str, *, source: Path, line_offset: int,
                              bibliography: Path | None, csl: Path, metadata: Path,
                              references: Path | None, timeout: float,
                              trusted: bool = False,
                              cite: ArticleCitation | None = None) -> tuple[PandocResult, str]:
    """The body as an HTML5 fragment (as `markdown_to_html` gives it) and as a standalone JATS
    (Publishing) article whose back holds the reference list as <element-citation>s, from one
    citeproc run in one pandoc process (citeproc is the costly part, superlinear in the number
    of entries with some styles; a second process would read and write the whole document
    again). The front matter of the JATS is replaced by the caller.

    The JATS writer builds each element-citation from a CSL item: `references` is a file
    holding the bibliography's CSL JSON as a data: URI (the writer, html_and_jats.lua, reads
    it; citeproc does not see it). `cite`: also write "Cite this article".
    """
    result = _citeproc(markdown, ["--to", str(HTML_AND_JATS_WRITER)], source=source,
                       line_offset=line_offset, bibliography=bibliography, csl=csl,
                       metadata=metadata, timeout=timeout, trusted=trusted,
                       after=_jats_references(references), cite=cite)
    return _html_and_jats(result, source)


def markdown_to_ast(markdown: str, *, source: Path, line_offset: int, bibliography: Path | None,
                    csl: Path, metadata: Path, timeout: float,
                    trusted: bool = False) -> PandocResult:
    """The body as pandoc's JSON document, numbered and with its citations and reference list
    resolved by citeproc: the first run of a split given-name disambiguation (see
    `repropub.citeproc`), whose merged document `ast_to_html_and_jats` or `ast_to_html` then
    write out without citeproc."""
    return _citeproc(markdown, ["--to", "json"], source=source, line_offset=line_offset,
                     bibliography=bibliography, csl=csl, metadata=metadata, timeout=timeout,
                     trusted=trusted)


def ast_to_html_and_jats(ast: str, *, source: Path, references: Path | None,
                         timeout: float) -> tuple[PandocResult, str]:
    """`markdown_to_html_and_jats` for a document citeproc has already resolved
    (`markdown_to_ast`'s JSON): the same writer, so the same HTML and JATS."""
    result = run(["--from", "json", "--to", str(HTML_AND_JATS_WRITER), "--wrap=none",
                  *_jats_references(references)], ast, source=source, timeout=timeout)
    return _html_and_jats(result, source)


def _jats_references(references: Path | None) -> list[str]:
    return [] if references is None else ["--metadata", f"repropub-jats-references={references}"]


def _html_and_jats(result: PandocResult, source: Path) -> tuple[PandocResult, str]:
    """html_and_jats.lua's output cut in two at its separator."""
    html, separator, jats = result.output.partition(HTML_AND_JATS_SEPARATOR)
    if not separator:
        raise ToolError(f"{source}: pandoc's writer {HTML_AND_JATS_WRITER.name} gave no JATS")
    return PandocResult(html, result.warnings), jats


def ast_to_html(ast: str, *, source: Path, timeout: float,
                record: Path | None = None) -> PandocResult:
    """`markdown_to_html` for a document citeproc has already resolved (`markdown_to_ast`'s
    JSON); `record` as there."""
    return run(["--from", "json", "--to", *HTML_WRITER, "--wrap=none", *_recording(record)],
               ast, source=source, timeout=timeout)


def _reader(trusted: bool) -> str:
    # A YAML block in the body would be metadata to pandoc, and citeproc reads the files its
    # bibliography/csl/citation-abbreviations name outside the sandbox: metadata comes only
    # from the command line. An untrusted body's {=html}/{=jats} blocks stay code.
    return "markdown-yaml_metadata_block" + ("" if trusted else "-raw_attribute")


def ast_citeproc(ast: str, *, source: Path, bibliography: Path, csl: Path, metadata: Path,
                 timeout: float) -> PandocResult:
    """Citeproc over the citations of a JSON document that holds nothing else: the second run
    of a split given-name disambiguation (see `repropub.citeproc`)."""
    return run(["--from", "json", "--to", "json", "--citeproc", "--csl", str(csl),
                "--metadata-file", str(metadata), "--lua-filter", str(NARRATIVE_FILTER),
                "--bibliography", str(bibliography)], ast, source=source, timeout=timeout)


def _citeproc(markdown: str, output: list[str], *, source: Path, line_offset: int,
              bibliography: Path | None, csl: Path, metadata: Path,
              timeout: float, trusted: bool, after: list[str] | None = None,
              cite: ArticleCitation | None = None) -> PandocResult:
    # the numbering filter runs before citeproc: it turns @fig:id and the like into
    # references, so that citeproc sees only the bibliography's keys; a text with nothing it
    # could number (an empty one: "Cite this article" alone) is spared its pass
    numbered = ["--lua-filter", str(numbering.FILTER)] if numbering.may_number(markdown) else []
    args = ["--from", _reader(trusted), *output, "--wrap=none", *_citing(cite), *numbered,
            "--citeproc",
            "--csl", str(csl), "--metadata-file", str(metadata)]
    if "@" in markdown:
        # the narrative filter changes citations only, and a body without an "@" has none
        # (typed citations are links by now): a Lua filter costs a pass over the document
        args += ["--lua-filter", str(NARRATIVE_FILTER)]
    args += after or []
    if bibliography is not None:
        args += ["--bibliography", str(bibliography)]
    return run(args, markdown, source=source, timeout=timeout, line_offset=line_offset)


def _citing(cite: ArticleCitation | None) -> list[str]:
    """The options that have the run write "Cite this article" (cite_article.lua)."""
    if cite is None:
        return []
    # values given with --metadata are strings as written, never read as Markdown
    fields = {"items": cite.items, "key": cite.key, "csl": cite.csl, "lang": cite.lang,
              "out": cite.out}
    return ["--lua-filter", str(CITE_FILTER),
            *(f"--metadata=repropub-cite-{name}={value}" for name, value in fields.items())]


def default_reference_docx(*, timeout: float) -> bytes:
    """Pandoc's own reference DOCX, whose styles a design restyles."""
    data, _ = run_bytes(["--print-default-data-file", "reference.docx"], "",
                        source=Path("reference.docx"), timeout=timeout)
    return data


def html_to_docx(html: str, *, source: Path, reference_doc: Path, metadata: Path,
                 timeout: float, epoch: int) -> bytes:
    """The article's HTML (images inlined as data: URLs, which the sandbox lets pandoc read) as
    a DOCX styled by `reference_doc`; MathML becomes Word equations."""
    data, _ = run_bytes(["--from", "html", "--to", "docx", "--reference-doc", str(reference_doc),
                         "--metadata-file", str(metadata)], html, source=source,
                        timeout=timeout, epoch=epoch)
    return data
