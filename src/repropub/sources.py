"""Reading the sources: the manuscript (any format) and its bibliography, validated up front.

Takes a `Config` and gives a `Manuscript` and a `Bibliography`; shared by the build, `check`
and `fix`. It imports only what reading needs, so that `check` does not pay for the rendering
stages (templates, PDF, exports) that `pipeline` imports.
"""

from __future__ import annotations

from repropub import checker, readers, reflist
from repropub.bibfinder import find_bibliography
from repropub.bibliography import EMPTY, Bibliography, load_bibliography
from repropub.cache import Cache
from repropub.config import Config
from repropub.errors import InputError
from repropub.manuscript import Manuscript, read_manuscript, refuse_outward_link
from repropub.readers.fields import field_bibliography
from repropub.timings import Timings


def load_sources(config: Config, timings: Timings | None = None, *,
                 any_format: bool = False) -> tuple[Manuscript, Bibliography]:
    """Read the manuscript and its bibliography (the .bib, or the manuscript's reference list).

    Only the check reads every format (`any_format`); the build and `fix` work on Markdown.
    """
    timings = timings or Timings()
    if not config.trusted:
        refuse_outward_link(config.manuscript, "the manuscript", config.manuscript.parent)
    with timings.stage("read"):
        if any_format:
            manuscript = readers.read(config.manuscript, config.limits)
        elif config.manuscript.suffix.lower() in readers.OTHER_FORMATS:
            raise InputError(config.manuscript, "this command reads Markdown manuscripts; "
                             "`check` reads this format (and `check --annotate OUT.docx` "
                             "comments a copy of a Word file)")
        else:
            manuscript = read_manuscript(config.manuscript, config.limits, cache=config.cache)
    with timings.stage("bibliography"):
        found = find_bibliography(config, manuscript)
        if found is not None and not config.trusted:
            refuse_outward_link(found, "the bibliography", config.manuscript.parent)
        # the works a citation field embeds are surer than a list typed without a heading
        carried = None if found or reflist.find_section(manuscript.text, headless=False) else \
            field_bibliography(manuscript)
        if found is not None:
            # the CSL JSON is the JATS references' source: a build without JATS needs none
            bibliography = load_bibliography(found, timeout=config.timeout,
                                             limits=config.limits, cache=Cache(config.cache_dir),
                                             csl_json="jats" in config.formats)
        elif carried is not None:  # the works Zotero or Mendeley embedded in the citations
            bibliography = carried
        elif reflist.find_section(manuscript.text) is None and not _cites(manuscript):
            # an article that cites nothing needs no bibliography, nor a dummy --bib
            bibliography = EMPTY
        else:
            bibliography = reflist.parse_reference_list(manuscript)
    return manuscript, bibliography


def _cites(manuscript: Manuscript) -> bool:
    """Whether the manuscript has a citation, keyed or typed, that a bibliography must resolve."""
    return bool(checker.check(manuscript, EMPTY).citations)

