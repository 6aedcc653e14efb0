"""The limits an untrusted manuscript must stay within, checked before any tool sees it.

Takes the raw inputs (file sizes, the front matter's YAML, the Markdown body, the parsed .bib,
the HTML pandoc made) and raises a `LimitError` naming the limit, the file and line, and the
option that raises it (``--limit NAME=VALUE``). Each check is linear in its input and bounds
something that a few bytes can make pandoc, citeproc, PyYAML or WeasyPrint spend minutes or
gigabytes on (measured with pandoc 3.9: 10 nested brackets take 4 s, 12 more than 10 s;
1,000 indented list levels more than 10 s; a 30-level @string doubling chain or a two-entry
crossref cycle exhausts memory). Run time is bounded separately by ``--timeout``.
"""

from __future__ import annotations

import dataclasses
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from repropub.errors import LimitError, PipelineError


@dataclass(frozen=True)
class Limits:
    """Every limit, with its default; the CLI's ``--limit NAME=VALUE`` overrides one (NAME is
    the field's name with dashes)."""

    manuscript_bytes: int = 2_000_000
    """Size of the manuscript file."""
    bibliography_bytes: int = 10_000_000
    """Size of the .bib file."""
    front_matter_bytes: int = 100_000
    """Size of the YAML front matter."""
    yaml_nodes: int = 10_000
    """Values in the front matter once every YAML alias is expanded (a few aliases can stand
    for millions of values)."""
    yaml_depth: int = 20
    """Nesting of lists and mappings in the front matter."""
    nesting_depth: int = 50
    """Nesting of block quotes, lists, fenced divs and raw HTML elements in the body, and of
    elements in the HTML made from it."""
    bracket_depth: int = 6
    """Nesting of square brackets in one paragraph (pandoc's time grows about threefold per
    level: 8 take 0.5 s, 10 take 4 s)."""
    bib_field_chars: int = 100_000
    """Length of one .bib field or @string once its @string macros are expanded."""
    crossref_depth: int = 4
    """Length of a chain of crossref/xdata parents in the .bib (a cycle is always an error)."""
    image_bytes: int = 20_000_000
    """Size of one image the manuscript shows."""
    image_pixels: int = 50_000_000
    """Width times height of one image the manuscript shows."""
    package_bytes: int = 50_000_000
    """Size of a Word or ODT file (a zip package; its images count too)."""
    package_part_bytes: int = 50_000_000
    """Size of one XML part of a Word or ODT file once decompressed (a zip bomb stops here)."""
    pdf_memory_bytes: int = 2_000_000_000
    """Address space of the process that typesets the PDF (WeasyPrint), which runs apart from
    the build so that a pathological page stops only itself."""

    @staticmethod
    def option(name: str) -> str:
        """The command-line spelling of a field: ``nesting_depth`` -> ``nesting-depth``."""
        return name.replace("_", "-")

    def exceeded(self, name: str, path: Path | str, what: str, line: int | None = None,
                 col: int | None = None) -> LimitError:
        """The error for `what` going past the limit `name` (a field of this class)."""
        value: int = getattr(self, name)
        option = self.option(name)
        return LimitError(path, f"{what}, more than the limit of {value:,} ({option}; raise it "
                                f"with --limit {option}=N)", line, col)


DEFAULT_LIMITS = Limits()


def with_overrides(pairs: Iterable[str], base: Limits | None = None) -> Limits:
    """`base` with ``NAME=VALUE`` pairs applied; a bad pair names the known limits."""
    known = {Limits.option(f.name): f.name for f in fields(Limits)}
    changes: dict[str, int] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name.strip() not in known or not value.strip().isdigit():
            raise PipelineError(f"--limit {pair}: write NAME=N with N a whole number and NAME "
                                f"one of {', '.join(sorted(known))}")
        changes[known[name.strip()]] = int(value)
    return dataclasses.replace(base or Limits(), **changes)


def check_file(path: Path, limits: Limits, name: str) -> None:
    """A file about to be read must be a regular file no larger than its limit; a FIFO or a
    device (/dev/zero) would block or never end."""
    try:
        info = path.stat()
    except OSError:
        return  # the reader reports a missing or unreadable file in its own words
    if stat.S_ISDIR(info.st_mode):
        return
    if not stat.S_ISREG(info.st_mode):
        raise LimitError(path, "not a regular file (a device, pipe or socket is never read)")
    if info.st_size > getattr(limits, name):
        raise limits.exceeded(name, path, f"the file has {info.st_size:,} bytes")


def check_front_matter(text: str, path: Path, first_line: int, limits: Limits) -> None:
    """Bound the YAML's size, nesting and alias expansion before it is loaded.

    PyYAML shares an aliased node instead of copying it, but anything that walks the result
    (our own field-line index, a JSON dump) visits it once per alias: seven levels of ten
    aliases are ten million values. The event stream is read without building anything.
    """
    if len(text.encode("utf-8")) > limits.front_matter_bytes:
        raise limits.exceeded("front_matter_bytes", path, "the front matter is too large",
                              first_line)
    import yaml  # here: a front matter read before comes from the cache, unparsed

    try:  # libyaml's parser when PyYAML has it: several times faster than PyYAML's own
        events: Iterable[yaml.Event] = list(yaml.parse(
            text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError:  # what it refuses, PyYAML's own parser reads, as the loader does
        events = yaml.parse(text, Loader=yaml.SafeLoader)
    sizes: dict[str, int] = {}
    stack: list[tuple[int, str | None]] = []  # (values so far, anchor) per open collection
    total = 0
    try:
        for event in events:
            line = first_line + (event.start_mark.line if event.start_mark else 0)
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append((0, event.anchor))
                if len(stack) > limits.yaml_depth:
                    raise limits.exceeded("yaml_depth", path, "the front matter nests lists "
                                          "and mappings too deeply", line)
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                size, anchor = stack.pop()
                size += 1
            elif isinstance(event, yaml.AliasEvent):
                size, anchor = sizes.get(event.anchor or "", 1), None
            elif isinstance(event, yaml.ScalarEvent):
                size, anchor = 1, event.anchor
            else:
                continue
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1] = (stack[-1][0] + size, stack[-1][1])
            else:
                total += size
            if total + sum(s for s, _ in stack) > limits.yaml_nodes:
                raise limits.exceeded("yaml_nodes", path, "the front matter's aliases expand "
                                      "to too many values", line)
    except yaml.YAMLError:
        return  # a syntax error: the loader reports it with its line


_CONTAINER = re.compile(r"[ \t]{0,3}(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?")
_FENCE = re.compile(r"^[ \t]*(:{3,})[ \t]*(\S?)")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*?(/?)>")
"""A raw HTML tag; not an autolink ('<https://example.org>', ABNT's 'Disponível em: <URL>') nor
an e-mail address in brackets, whose name runs into ':' or '@'."""
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_CODE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def check_markdown(body: str, path: Path, first_line: int, limits: Limits) -> None:
    """Bound the nesting that makes pandoc's Markdown reader slow, one line at a time.

    The counts are conservative approximations of pandoc's grammar: a block quote or list
    marker, an indentation step of two columns, a fenced-div opener and an unclosed raw HTML
    element each add a level; square brackets are counted per paragraph, outside code.
    """
    html_depth = fence_depth = bracket_depth = 0
    in_code = ""
    for number, line in enumerate(body.split("\n"), start=first_line):
        fence = _CODE_FENCE.match(line)
        if in_code:
            if fence and fence.group(1)[0] == in_code[0] and len(fence.group(1)) >= len(in_code):
                in_code = ""
            continue
        if fence:
            in_code = fence.group(1)
            continue
        if not line.strip():
            bracket_depth = 0  # a paragraph ends
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        markers, rest = 0, expanded
        while (match := _CONTAINER.match(rest)) is not None and match.end() > 0:
            markers += 1
            rest = rest[match.end():]
        if indent // 2 + markers > limits.nesting_depth:
            raise limits.exceeded("nesting_depth", path, "block quotes or lists nest too deeply",
                                  number)
        div = _FENCE.match(line)
        if div:
            fence_depth = fence_depth + 1 if div.group(2) else max(fence_depth - 1, 0)
            if fence_depth > limits.nesting_depth:
                raise limits.exceeded("nesting_depth", path, "fenced divs nest too deeply",
                                      number)
        for tag in _TAG.finditer(line):
            if tag.group(3) or tag.group(2).lower() in _VOID:
                continue
            html_depth = max(html_depth - 1, 0) if tag.group(1) else html_depth + 1
            if html_depth > limits.nesting_depth:
                raise limits.exceeded("nesting_depth", path, "raw HTML elements nest too "
                                      "deeply", number, tag.start() + 1)
        bracket_depth = _brackets(line, bracket_depth, limits, path, number)


def _brackets(line: str, depth: int, limits: Limits, path: Path, number: int) -> int:
    # only backslashes, backticks and brackets change anything: visiting just those keeps a
    # 500-page manuscript's lines from being walked a character at a time in Python
    in_code = False
    escaped = -1  # the offset of the character a backslash escapes
    for match in _BRACKET_SYNTAX.finditer(line):
        at = match.start()
        char = line[at]
        if at == escaped:
            continue
        if char == "\\":
            escaped = at + 1
        elif char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char == "[":
            depth += 1
            if depth > limits.bracket_depth:
                raise limits.exceeded("bracket_depth", path, "square brackets nest too deeply",
                                      number, at + 1)
        else:
            depth = max(depth - 1, 0)
    return depth


_BRACKET_SYNTAX = re.compile(r"[\\`\[\]]")


def check_html_depth(root_children: Iterable[object], source: Path | str, limits: Limits,
                     margin: int = 10) -> None:
    """Bound the element nesting of HTML before it is sanitised and laid out (WeasyPrint's
    layout recurses once per level). `root_children` are lxml elements; the walk is iterative.
    `margin` allows for the sections and wrappers pandoc and the template add."""
    stack: list[tuple[object, int]] = [(child, 1) for child in root_children]
    limit = limits.nesting_depth + margin
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            raise limits.exceeded("nesting_depth", source, f"the HTML made from it nests "
                                  f"elements {depth} deep (allowing {margin} for the page)")
        stack.extend((child, depth + 1) for child in element)  # type: ignore[attr-defined]


_MACRO = re.compile(r"[A-Za-z_][\w:.+/-]*")


def check_bibliography(strings: Mapping[str, tuple[str, int]],
                       entries: Iterable[tuple[str, int, Mapping[str, str]]], path: Path,
                       limits: Limits) -> list[LimitError]:
    """Problems of the .bib that would make citeproc blow up: a field or @string that expands
    past `bib_field_chars`, and crossref/xdata chains that loop or run too long.

    `strings` maps each @string name (lower case) to its value as written (``a # b``) and its
    line; `entries` gives each entry's key, line and fields (lower-case names, values as
    written). Every problem is returned, so one bad entry does not hide the others; of a chain
    of @strings only the first that goes past the limit is reported.
    """
    lengths: dict[str, int] = {}
    too_long: set[str] = set()

    def macros(value: str) -> list[str]:
        names = (part.strip().lower() for part in value.split("#"))
        return [name for name in names if _MACRO.fullmatch(name) and name in strings]

    def length(value: str, seen: frozenset[str]) -> int:
        total = 0
        for part in value.split("#"):
            token = part.strip()
            name = token.lower()
            if name in strings and name not in seen and _MACRO.fullmatch(token):
                if name not in lengths:
                    lengths[name] = length(strings[name][0], seen | {name})
                total += lengths[name]
            else:
                total += len(token)
            if total > limits.bib_field_chars:
                return total
        return total

    def exceeds(value: str, seen: frozenset[str]) -> bool:
        """Past the limit, and not only because a macro it uses is (reported already)."""
        return (length(value, seen) > limits.bib_field_chars
                and not any(name in too_long for name in macros(value)))

    errors: list[LimitError] = []
    for name, (value, line) in strings.items():
        if exceeds(value, frozenset({name})):
            errors.append(limits.exceeded("bib_field_chars", path,
                                          f"@string {name!r} expands to too many characters",
                                          line))
        if length(value, frozenset({name})) > limits.bib_field_chars:
            too_long.add(name)
    parents: dict[str, tuple[list[str], int]] = {}
    for key, line, values in entries:
        for field_name, value in values.items():
            if exceeds(value, frozenset()):
                errors.append(limits.exceeded(
                    "bib_field_chars", path,
                    f"entry {key!r}: field {field_name!r} expands to too many characters", line))
        linked = [values.get("crossref", ""), *values.get("xdata", "").split(",")]
        parents[key.lower()] = ([p.strip().strip("{}").lower() for p in linked if p.strip()],
                                line)
    errors.extend(_chains(parents, limits, path))
    return errors


def _chains(parents: Mapping[str, tuple[list[str], int]], limits: Limits,
            path: Path) -> list[LimitError]:
    """Each cycle once, and each entry whose chain of parents is longer than the limit."""
    longest: dict[str, int] = {}
    cycles: dict[frozenset[str], LimitError] = {}
    bound = min(limits.crossref_depth, 500)  # the walk recurses once per step

    def walk(key: str, trail: list[str]) -> int:
        if key in longest:
            return longest[key]
        best = 0
        for parent in parents.get(key, ([], 0))[0]:
            if parent in trail:
                loop = trail[trail.index(parent):]
                first = loop[0]
                cycles.setdefault(frozenset(loop), LimitError(
                    path, f"entry {first!r}: crossref/xdata cycle "
                          f"{' -> '.join([*loop, first])}", parents[first][1]))
            elif len(trail) > bound:
                best = max(best, len(trail))
            else:
                best = max(best, 1 + walk(parent, [*trail, parent]))
        longest[key] = best
        return best

    errors = []
    for key, (_, line) in parents.items():
        if walk(key, [key]) > limits.crossref_depth:
            errors.append(limits.exceeded(
                "crossref_depth", path, f"entry {key!r}: its crossref/xdata chain is too long",
                line))
    return [*cycles.values(), *errors]
