"""The one declared set of build options, shared by the command line and the Python API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from repropub.cache import default_folder
from repropub.limits import DEFAULT_LIMITS, Limits
from repropub.settings import FailOn, Severity

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The repository this package lives in (the package is installed in editable mode)."""

DEFAULT_MANUSCRIPT = PROJECT_ROOT / "manuscript" / "article.md"
DEFAULT_BIBLIOGRAPHY = PROJECT_ROOT / "references.bib"
DEFAULT_TEMPLATES = PROJECT_ROOT / "templates"
DEFAULT_STYLE = "apa"

REGISTRY_SNAPSHOT = "registry-snapshot.json"
"""The registry snapshot's name, beside the manuscript (see `repropub.references`)."""

FORMATS = ("html", "pdf", "jats", "crossref", "citations", "docx")
"""What a build can write: the page, the PDF, JATS XML, the Crossref deposit, the article's
citation as CSL-JSON, BibTeX and RIS, and a Word document."""
DEFAULT_FORMATS = frozenset(FORMATS) - {"docx"}
"""What a build writes unless told otherwise: the Word document only when asked for."""


@dataclass(frozen=True)
class Config:
    """What to build, from what, and where to put it."""

    manuscript: Path = DEFAULT_MANUSCRIPT
    """The article: Markdown with YAML front matter."""
    bibliography: Path | None = DEFAULT_BIBLIOGRAPHY
    """The BibTeX/biblatex file; None means the manuscript has no bibliography file."""
    out_dir: Path = Path("out")
    """The folder that receives the HTML page, its assets and the PDF."""
    style: str = DEFAULT_STYLE
    """A CSL style: a name from the official repository (``apa``, ``chicago-author-date``) or
    the path of a ``.csl`` file."""
    formats: frozenset[str] = DEFAULT_FORMATS
    """Which outputs to write (see `FORMATS`)."""
    required: frozenset[str] = frozenset()
    """Outputs asked for by name: missing configuration for one of them is an error, where an
    output that is only on by default is skipped with a warning."""
    follows: frozenset[str] = frozenset()
    """Outputs a second build writes beside this one's moments later (the live preview's PDF
    and JATS follow its page): the page offers them for download already, as the second
    build's page does."""
    templates: Path = DEFAULT_TEMPLATES
    """The journal design: ``article.html.j2``, its CSS and fonts."""
    design_chosen: bool = False
    """The command line chose the design (``--template``, ``--templates``): the front matter's
    ``template:`` does not apply (see `repropub.designs.for_manuscript`)."""
    citation_style: str | None = None
    """Whose rules the checker applies to how typed citations are written: an author-date family
    (``apa``, ``harvard``, ``abnt``, ``chicago``) or a CSL style of one; None: the front
    matter's ``citation-style``, else the family of `style`, else the one the citations follow."""
    fail_on: FailOn = "error"
    """The least severe finding that makes the command exit 1 (see `repropub.policy`)."""
    severities: Mapping[str, Severity] = field(default_factory=dict)
    """Per-code severity overrides for the citation check (``{"uncited-entry": "info"}``)."""
    ignore: frozenset[str] = frozenset()
    """Finding codes, or families (``style``), left out of the check's findings."""
    timeout: float = 120.0
    """Seconds an external tool (pandoc, WeasyPrint) may run before the build gives up."""
    cache: bool = True
    """Reuse pandoc's and WeasyPrint's results when their inputs have not changed."""
    trusted: bool = False
    """The manuscript's author is trusted: its raw HTML and ``{=html}``/``{=jats}`` blocks are
    kept as written instead of being sanitised (see `repropub.sanitize`)."""
    limits: Limits = DEFAULT_LIMITS
    """Input sizes, nesting and expansion the build accepts (see `repropub.limits`)."""
    allowed_hosts: frozenset[str] = frozenset()
    """Hosts whose http(s) images the page may show and WeasyPrint may fetch; none by default,
    so a build reads nothing from the network."""
    references: bool = False
    """Also check every bibliography entry against the registries (Crossref, DataCite,
    doi.org): see `repropub.references.health`."""
    registry_snapshot: Path | None = None
    """The registry snapshot to read (and write with `registry_refresh`); None means
    `REGISTRY_SNAPSHOT` beside the manuscript."""
    registry_refresh: bool = False
    """Ask the registries again and rewrite the snapshot."""
    registry_offline: bool = False
    """Never ask the network: only the snapshot and the cache answer."""
    registry_mailto: str | None = None
    """The contact address the registries see in the User-Agent."""

    @property
    def snapshot_path(self) -> Path:
        return self.registry_snapshot or self.manuscript.parent / REGISTRY_SNAPSHOT

    @property
    def cache_dir(self) -> Path | None:
        """``$REPROPUB_CACHE``, else ``$XDG_CACHE_HOME/repropub`` (``~/.cache/repropub``).

        Entries are keyed by the hash of everything they depend on, so projects can share it.
        """
        return default_folder() if self.cache else None
