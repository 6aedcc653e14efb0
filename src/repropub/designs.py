"""Journal designs: the folder of templates a build uses, by name or path, and what it builds on.

The project ships two designs: ``journal`` (`templates/`, two columns) and ``preprint``
(`templates/preprint/`, one column). A manuscript may name one in its front matter
(``template: preprint``); ``--template NAME`` and ``--templates DIR`` on the command line win
over it. Only the shipped names are accepted from the front matter, so a stranger's
manuscript cannot point the build at a folder of its choosing.

A design folder that holds a `design.yaml` with ``base: FOLDER`` (relative to itself) needs only
the files it changes; the rest (the page template, a stylesheet, the fonts) come from the base.
Without it, every file must be present, and a missing one stops the build.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

import yaml

from repropub.config import DEFAULT_TEMPLATES, Config
from repropub.errors import InputError, TemplateError

DESIGNS = {"journal": DEFAULT_TEMPLATES, "preprint": DEFAULT_TEMPLATES / "preprint"}
"""The shipped designs by name."""


def design_folder(name: str, source: Path | str = "--template") -> Path:
    """The folder of the shipped design `name`; an unknown name suggests the nearest."""
    if name in DESIGNS:
        return DESIGNS[name]
    close = difflib.get_close_matches(name, list(DESIGNS), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise InputError(source, f"unknown design {name!r} (choose from "
                             f"{', '.join(DESIGNS)}){hint}")


def for_manuscript(config: Config, template: str | None) -> Config:
    """`config` with the design the front matter names (`template`), unless the command line
    chose one (``--template journal`` wins over ``template: preprint``) or the caller passed a
    folder of its own."""
    if not template or config.design_chosen or config.templates != DEFAULT_TEMPLATES:
        return config
    return dataclasses.replace(config, templates=design_folder(template, "template"))


def used_files(folder: Path) -> dict[str, Path]:
    """Every file the design `folder` gives a build, by its name within the design: its own,
    else its base's (nearest first). A folder inside a design that is itself a design (holds a
    `design.yaml`, as `templates/preprint/` inside `templates/`) is not part of it."""
    files: dict[str, Path] = {}
    for candidate in chain(folder):
        for path in sorted(candidate.rglob("*")):
            relative = path.relative_to(candidate)
            if not path.is_file():
                continue
            if any((candidate / part).joinpath("design.yaml").is_file()
                   for part in _parents(relative)):
                continue
            files.setdefault(relative.as_posix(), path)
    return dict(sorted(files.items()))


def _parents(relative: Path) -> list[Path]:
    """``a/b/c.css`` -> ``a``, ``a/b``: the folders between a design and one of its files."""
    return [Path(*relative.parts[:n]) for n in range(1, len(relative.parts))]


def chain(folder: Path) -> tuple[Path, ...]:
    """`folder`, then the folders it builds on, nearest first."""
    folders = [folder]
    while (folders[-1] / "design.yaml").is_file():
        described = folders[-1] / "design.yaml"
        try:
            data = yaml.safe_load(described.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise TemplateError(f"{described}: not valid YAML: {exc}") from None
        base = data.get("base") if isinstance(data, dict) else None
        if not isinstance(base, str):
            raise TemplateError(f"{described}: write 'base: FOLDER', the design it builds on")
        parent = (folders[-1] / base).resolve()
        if parent in folders or len(folders) > 8:
            raise TemplateError(f"{described}: designs build on each other in a cycle")
        if not parent.is_dir():
            raise TemplateError(f"{described}: base folder {parent} not found")
        folders.append(parent)
    return tuple(folders)


def find(folder: Path, name: str) -> Path | None:
    """The file or folder `name` of the design: its own, else its base's."""
    for candidate in chain(folder):
        if (candidate / name).exists():
            return candidate / name
    return None
