"""Project settings: a project's defaults in `repropub.toml` or `pyproject.toml` [tool.repropub].

Takes the folder a command runs in and gives `Settings`, the typed defaults the command line
starts from (flags override them). The file is looked for as mypy does: in the working folder,
then its parents, up to the first one holding a settings file or a ``.git`` folder; in one
folder `repropub.toml` wins over `pyproject.toml` (as ``ruff.toml`` does for ruff). It is found
from where the command runs, not from the manuscript's folder, so a stranger's archive that
carries its own `repropub.toml` cannot change how the editor's check judges it.

An unknown setting, finding code or value is an error naming it, its file and line, and the
nearest valid name (``unknown code 'style.ampresand'; did you mean 'style.ampersand'?``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from repropub.citations.codes import codes
from repropub.errors import InputError, PipelineError

Severity = Literal["error", "warning", "info"]
FailOn = Literal["error", "warning", "never"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
FAIL_ON: tuple[FailOn, ...] = get_args(FailOn)

Fail = Callable[[str, str], PipelineError]
"""Makes the error for a bad name: ``fail(name, message)``."""


@dataclass(frozen=True)
class Settings:
    """A project's defaults; every field is optional in the file. Paths are absolute (the file
    gives them relative to its own folder)."""

    bibliography: Path | None = None
    """``bibliography``: the BibTeX/biblatex file of the project's manuscripts."""
    manuscript: Path | None = None
    """``manuscript``: what a build without a MANUSCRIPT argument builds."""
    style: str | None = None
    """``style``: the CSL style the article is set in (a CSL repository name or a .csl path)."""
    citation_style: str | None = None
    """``citation-style``: whose rules the checker applies to citations typed in the text;
    by default those of `style`."""
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """``severity``: a table of finding code -> ``error``, ``warning`` or ``info``."""
    ignore: frozenset[str] = frozenset()
    """``ignore``: finding codes (or a family such as ``style``) never reported."""
    out: Path | None = None
    """``out``: the output folder."""
    fail_on: FailOn = "error"
    """``fail-on``: the least severe finding that makes check, build and fix exit 1
    (``never``: findings are reported, the exit code stays 0)."""
    references: bool = False
    """``references``: check and build also check every entry against the registries, as with
    ``--references`` (see `repropub.references`)."""
    source: Path | None = None
    """The file the settings came from; None when there is none."""


KEYS = {"bibliography": "bibliography", "manuscript": "manuscript", "style": "style",
        "citation-style": "citation_style", "severity": "severity", "ignore": "ignore",
        "out": "out", "fail-on": "fail_on", "references": "references"}
"""Setting names as written in the file -> `Settings` fields."""


def find_settings_file(start: Path) -> tuple[Path, str] | None:
    """The settings file that applies in `start`, and the table prefix its keys sit under."""
    for folder in (start.resolve(), *start.resolve().parents):
        local = folder / "repropub.toml"
        if local.is_file():
            return local, ""
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and re.search(r"^\s*\[\s*tool\s*\.\s*repropub\b",
                                             _text(pyproject), re.MULTILINE):
            return pyproject, "tool.repropub."
        if (folder / ".git").exists():
            return None
    return None


def load_settings(start: Path | None = None) -> Settings:
    """The settings that apply in `start` (the working folder by default)."""
    found = find_settings_file(start or Path.cwd())
    if found is None:
        return Settings()
    path, prefix = found
    text = _text(path)
    import tomllib  # here: a check in a folder without settings (a stranger's archive) needs none

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's error has no position attributes, only "... (at line 3, column 7)"
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        raise InputError(path, f"not valid TOML: {str(exc).split(' (at ')[0]}",
                         int(where[1]) if where else None,
                         int(where[2]) if where else None) from None
    table = data.get("tool", {}).get("repropub", {}) if prefix else data
    return parse_settings(table, path, text, prefix)


def parse_settings(table: Mapping[str, object], path: Path, text: str = "",
                   prefix: str = "") -> Settings:
    """Check every setting of `table` (read from `path`) and give the typed `Settings`."""
    def fail(name: str, message: str, table: str = "") -> InputError:
        where = f"{prefix}{table}." if table else prefix
        return InputError(path, f"{where}{name}: {message}", _line_of(text, name))

    values: dict[str, object] = {"source": path}
    for name, value in table.items():
        if name not in KEYS:
            raise fail(name, f"unknown setting{did_you_mean(name, KEYS)}")
        if name == "severity":
            if not isinstance(value, dict):
                raise fail(name, "write a table of CODE = LEVEL")
            values["severity"] = parse_severities(
                value.items(), lambda code, m: fail(code, m, "severity"))
        elif name == "ignore":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(name, "write a list of finding codes")
            values["ignore"] = parse_codes(value, lambda code, m: fail(code, m, "ignore"))
        elif name == "references":
            if not isinstance(value, bool):
                raise fail(name, "write true or false")
            values["references"] = value
        elif not isinstance(value, str) or not value:
            raise fail(name, "write a non-empty string")
        elif name == "fail-on":
            if value not in FAIL_ON:
                raise fail(name, f"'{value}' is not one of {', '.join(FAIL_ON)}"
                                 f"{did_you_mean(value, FAIL_ON)}")
            values["fail_on"] = value
        elif name in ("bibliography", "manuscript", "out"):
            values[KEYS[name]] = path.parent / value
        elif name == "style" and value.endswith(".csl"):
            values["style"] = str(path.parent / value)
        else:
            values[KEYS[name]] = value
    return Settings(**values)  # type: ignore[arg-type]


def parse_severities(pairs: Iterable[tuple[str, object]],
                     fail: Fail | None = None) -> dict[str, Severity]:
    """``CODE = LEVEL`` pairs, every code and level checked."""
    fail = fail or _flag_error("--severity")
    result: dict[str, Severity] = {}
    for code, level in pairs:
        known_code(code, fail)
        if level not in SEVERITIES:
            raise fail(code, f"'{level}' is not a severity; choose from {', '.join(SEVERITIES)}"
                             f"{did_you_mean(str(level), SEVERITIES)}")
        result[code] = level
    return result


def parse_codes(names: Iterable[str], fail: Fail | None = None) -> frozenset[str]:
    """Finding codes, or families of them (``style`` for every ``style.*``), each checked."""
    fail = fail or _flag_error("--ignore")
    result = set()
    for name in names:
        name = name.strip()
        if name:
            known_code(name, fail, families=True)
            result.add(name)
    return frozenset(result)


def known_code(code: str, fail: Fail, *, families: bool = False) -> None:
    table = codes()
    if code in table or (families and any(c.startswith(f"{code}.") for c in table)):
        return
    choices = [*table, *({c.split(".")[0] for c in table if "." in c} if families else ())]
    raise fail(code, f"unknown code '{code}'{did_you_mean(code, choices)} "
                     "(the codes are in docs/checker-codes.md)")


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    nearest = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{nearest[0]}'?" if nearest else ""


def _flag_error(flag: str) -> Fail:
    def fail(name: str, message: str) -> PipelineError:
        return PipelineError(f"{flag} {name}: {message}")
    return fail


def _line_of(text: str, name: str) -> int | None:
    """The line a key is written on, after the settings' table header (tomllib keeps no
    positions)."""
    header = re.search(r"^\s*\[\s*tool\s*\.\s*repropub\b", text, re.MULTILINE)
    begin = header.start() if header else 0
    pattern = re.compile(rf"^\s*(\"{re.escape(name)}\"|'{re.escape(name)}'|{re.escape(name)})"
                         r"\s*=|[{,]\s*\"?" + re.escape(name) + r"\"?\s*=", re.MULTILINE)
    found = pattern.search(text, begin)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the settings: {exc}") from None
