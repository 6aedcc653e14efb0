"""The one exit-code policy: which findings fail check, build and fix (and so CI and releases).

Takes a command's findings and the project's `fail-on` setting and gives its exit code:

| fail-on   | exit 1 when                                            |
| --------- | ------------------------------------------------------ |
| `error`   | a finding (or an output's disagreement with the front matter) is an error |
| `warning` | one is an error or a warning (`--strict`)              |
| `never`   | never: findings are reported, the exit code stays 0    |

Exit 2 (the tool could not do its job) does not depend on it; `verify` answers 1 when the
rebuild differs, whatever the setting. The README's table "Exit codes" says the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from repropub import checker
from repropub.bibliography import Bibliography
from repropub.checker import CheckResult
from repropub.config import DEFAULT_STYLE, Config
from repropub.errors import EXIT_FINDINGS, EXIT_OK
from repropub.manuscript import Manuscript
from repropub.settings import FailOn

FAILING: dict[FailOn, frozenset[str]] = {
    "error": frozenset({"error"}),
    "warning": frozenset({"error", "warning"}),
    "never": frozenset(),
}
"""fail-on -> the severities that make a command exit 1."""


def check(manuscript: Manuscript, bibliography: Bibliography, config: Config) -> CheckResult:
    """The citation check as the project asks for it: its severities, the rules of its citation
    style, and without the codes it ignores."""
    result = checker.check(manuscript, bibliography, config.severities,
                           None if config.style == DEFAULT_STYLE else config.style,
                           citation_style=config.citation_style)
    if not config.ignore:
        return result
    return dataclasses.replace(result, findings=tuple(
        f for f in result.findings if not ignored(f.code, config.ignore)))


def ignored(code: str, ignore: frozenset[str]) -> bool:
    """Whether `code` is ignored by name or by family (``style`` ignores ``style.ampersand``)."""
    return code in ignore or any(code.startswith(f"{family}.") for family in ignore)


def exit_code(severities: Iterable[str], fail_on: FailOn) -> int:
    """`EXIT_FINDINGS` when any of `severities` fails under `fail_on`, else `EXIT_OK`."""
    failing = FAILING[fail_on]
    return EXIT_FINDINGS if any(s in failing for s in severities) else EXIT_OK
