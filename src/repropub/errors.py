"""The exceptions the pipeline raises and the exit codes the command line returns.

Every exception here carries a message a user can act on; the CLI prints it on one line and
exits with `EXIT_FAILURE`. A Python traceback is never the answer to a problem in the input.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
"""The build or check succeeded (warnings may have been printed)."""
EXIT_FINDINGS = 1
"""The manuscript has errors (or warnings under --strict); the outputs were still written."""
EXIT_FAILURE = 2
"""The tool could not do its job: bad arguments, a missing or malformed input, pandoc failed."""


class PipelineError(Exception):
    """Base class: anything that stops a build or check before it can finish."""

    def __str__(self) -> str:
        return self.args[0] if self.args else self.__class__.__name__


class InputError(PipelineError):
    """An input file is missing, unreadable or malformed.

    Raised by the stages that read files (manuscript, bibliography, style, templates). The
    message starts with ``path:line:col:`` whenever a position is known.
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None,
                 col: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.col = col
        self.message = message
        where = str(path)
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: error: {message}")


class MetadataError(InputError):
    """A front-matter field is missing or has a value that is not allowed.

    Raised by `repropub.metadata` before anything is written.
    """


class ToolError(PipelineError):
    """An external tool (pandoc, WeasyPrint) is missing, is the wrong version, timed out or failed.

    Raised only by `repropub.pandoc` and `repropub.render_pdf`, the one place each tool runs.
    """


class TemplateError(PipelineError):
    """A journal template is missing, does not parse, or asks for a field the metadata lacks.

    Raised by `repropub.render_html`.
    """


class InputErrors(PipelineError):
    """Several problems found in one input (every malformed entry of a .bib), reported together.

    Raised by `repropub.bibliography`; the CLI prints one line per problem.
    """

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class LimitError(InputError):
    """An input goes past one of the declared limits (size, nesting, expansion) or is not a
    regular file.

    Raised by `repropub.limits` before a tool is given the input; the message names the limit
    and the ``--limit NAME=N`` option that raises it.
    """


class RegistryError(PipelineError):
    """A registry (Crossref, DataCite, doi.org) could not be reached in time, refused to answer,
    or answered with something that is not its API's format.

    Raised by `repropub.registry`; the reference check turns it into a finding that names the
    entries it could not verify, and never into a verdict about the reference itself.
    """
