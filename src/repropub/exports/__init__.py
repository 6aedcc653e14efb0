"""Machine-readable faces of the article: JATS, the Crossref deposit, and citation files.

Takes the metadata, the bibliography and the rendered body, and writes each export the build
asks for into the output folder. An export that lacks configuration (a Crossref deposit with no
depositor) is an error when it was asked for by name, and is skipped with a warning otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from repropub.bibliography import Bibliography
from repropub.body import RenderedBody
from repropub.cite import article_csl
from repropub.exports import citation_files, crossref, jats
from repropub.manuscript import Manuscript
from repropub.outputs import NAMES


@dataclass(frozen=True)
class Exports:
    written: tuple[Path, ...]
    warnings: tuple[str, ...]


def write_exports(stage: Path, manuscript: Manuscript, bibliography: Bibliography,
                  body: RenderedBody, stamp: dt.datetime, formats: frozenset[str],
                  required: frozenset[str]) -> Exports:
    meta = manuscript.metadata
    files: dict[str, bytes | str] = {}
    warnings: list[str] = []
    if "jats" in formats:
        files["jats"] = jats.jats_article(body.jats, meta)
    if "crossref" in formats:
        missing = crossref.missing_settings(meta)
        if missing and "crossref" not in required:
            warnings.append(f"{manuscript.path}: warning: no Crossref deposit written: the front "
                            f"matter lacks {', '.join(missing)} [export.crossref-skipped]")
        else:
            files["crossref"] = crossref.crossref_deposit(
                meta, bibliography, body.references, stamp, str(manuscript.path))
    if "citations" in formats:
        item = article_csl(meta)
        files["csljson"] = citation_files.csl_json(item)
        files["bibtex"] = citation_files.bibtex(item)
        files["ris"] = citation_files.ris(item)
    written = []
    for kind, content in files.items():
        path = stage / NAMES[kind]
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        written.append(path)
    return Exports(tuple(written), tuple(warnings))

