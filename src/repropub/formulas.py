"""Formulas for print: every MathML formula of the body also typeset as vector outlines.

Pandoc writes the manuscript's TeX math as MathML (``--mathml``), which browsers lay out
themselves; WeasyPrint has no MathML. Takes the body's HTML and gives it back with an
``<img class="math-print">`` after each ``<math>``: the same MathML drawn by ziamath (pure
Python, no TeX installation, with the STIX Two Math font it ships) as an SVG of glyph outlines.
The SVG travels as a ``data:`` URL, inert inside ``<img>`` (a browser runs no script from an
image), so it is added after the sanitiser; it is sized in em to follow the surrounding text,
sits on the text's baseline through ``vertical-align``, and carries the TeX source as its alt
text. The stylesheets show one or the other: MathML on screen, the SVG in print.

A formula pandoc could not read is left by pandoc as TeX in a ``<span class="math">``, with a
warning that has no line; here it stops the build with the manuscript's line.
"""

from __future__ import annotations

import base64
import re
import warnings
from copy import deepcopy
from pathlib import Path

from lxml import html

from repropub.body import inner_html
from repropub.errors import InputError

MATHML = "http://www.w3.org/1998/Math/MathML"

SIZE = 20.0
"""The font size ziamath sets formulas in; the SVG is scaled to the text's em, so this only
fixes the precision of the outlines."""

_VIEWBOX = re.compile(r'viewBox="([-\d.e ]+)"')


MATH_FONT = Path("assets") / "math" / "STIXTwoMath-Regular.ttf"
"""Where a page with formulas finds the math font its stylesheet names for browsers."""


def copy_math_font(out_dir: Path) -> None:
    """Give the page ziamath's STIX Two Math (SIL OFL): browsers lay MathML out with an
    OpenType MATH font, which few systems have; without one, fractions and roots collide.
    Only a page with formulas gets it (1.5 MB)."""
    from importlib.resources import files

    target = out_dir / MATH_FONT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(files("ziamath.fonts").joinpath(MATH_FONT.name).read_bytes())


SPACING_ACCENTS = {
    "\u0300": "`", "\u0301": "\u00b4", "\u0302": "\u02c6", "\u0303": "\u02dc",
    "\u0304": "\u00af", "\u0306": "\u02d8", "\u0307": "\u02d9", "\u0308": "\u00a8",
    "\u030a": "\u02da", "\u030c": "\u02c7", "\u20d7": "\u2192",
}
"""Combining marks pandoc writes as the accent of ``\\hat``, ``\\tilde``, ``\\vec``..., and the
spacing characters MathML Core asks for instead: a ``<mo>`` that starts with a combining mark
has nothing to combine with (the Nu HTML Checker warns), and ziamath draws the spacing form
at the accent's size."""

REVISION = 2
"""Changes when this module's output for the same MathML changes (part of the cache key)."""


def renderer_version() -> str:
    """ziamath's version and this module's revision, part of the cache key of the typeset
    body."""
    from importlib.metadata import version  # only for a body with formulas: its email parser

    return f"{version('ziamath')}+{REVISION}"


def has_formulas(fragment: str) -> bool:
    """Whether the body holds math (pandoc's MathML, or TeX it could not read)."""
    return "<math" in fragment or 'class="math' in fragment


def typeset_formulas(fragment: str, *, source: Path, text: str, body_start: int) -> str:
    """`fragment` with a print rendering after every formula.

    `text` is the manuscript's text and `body_start` the offset of its body: a formula that
    cannot be typeset is reported at the line where its TeX stands.
    """
    if not has_formulas(fragment):
        return fragment
    root = html.fragment_fromstring(fragment, create_parent="div")
    finder = _Lines(text, body_start)
    for element in root.iter():
        if _is_math(element):
            _spacing_accents(element)
            tex = _tex(element)
            line = finder.line_of(tex)
            element.addnext(_print_image(element, tex, source, line))
        elif element.tag == "span" and "math" in element.get("class", "").split():
            tex = element.text_content().strip().strip("$").strip()
            raise InputError(source, f"the formula '{_short(tex)}' is not TeX math that can be "
                                     "typeset (check its braces and commands)",
                             finder.line_of(tex))
    return inner_html(root)


def _spacing_accents(math: html.HtmlElement) -> None:
    for mo in math.iter("mo", f"{{{MATHML}}}mo"):
        if mo.text and len(mo.text) == 1 and mo.text in SPACING_ACCENTS:
            mo.text = SPACING_ACCENTS[mo.text]


def _is_math(element: html.HtmlElement) -> bool:
    return isinstance(element.tag, str) and element.tag in ("math", f"{{{MATHML}}}math")


def _tex(math: html.HtmlElement) -> str:
    for element in math.iter():
        if isinstance(element.tag, str) and element.tag.endswith("annotation") \
                and element.get("encoding") == "application/x-tex":
            return (element.text or "").strip()
    return " ".join(math.text_content().split())


def _print_image(math: html.HtmlElement, tex: str, source: Path,
                 line: int | None) -> html.HtmlElement:
    with warnings.catch_warnings():
        # ziamath 0.13 finds its font with importlib.resources.path, deprecated in Python 3.11
        warnings.filterwarnings("ignore", "path is deprecated", DeprecationWarning)
        import ziamath

    block = math.get("display") == "block"
    try:
        svg = ziamath.zmath.Math(_mathml(math), size=SIZE, margin=0).svg()
    except Exception as exc:  # ziamath raises bare exceptions on MathML it cannot lay out
        raise InputError(source, f"cannot typeset the formula '{_short(tex)}': "
                                 f"{exc or type(exc).__name__}", line) from None
    found = _VIEWBOX.search(svg)
    if found is None:
        raise InputError(source, f"cannot typeset the formula '{_short(tex)}'", line)
    _, top, width, height = (float(v) for v in found.group(1).split())
    # the baseline is y = 0 in ziamath's drawing: whatever lies below it hangs below the line
    depth = top + height
    image = html.Element("img", {
        "class": "math-print" + (" math-print-display" if block else ""),
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "alt": tex,
        "style": f"width: {width / SIZE:.3f}em; height: {height / SIZE:.3f}em; "
                 f"vertical-align: {-depth / SIZE:.3f}em",
    })
    image.tail, math.tail = math.tail, None
    return image


def _mathml(math: html.HtmlElement) -> str:
    """The formula as MathML for ziamath: in its namespace (the HTML parser drops it), without
    the TeX annotation, which is not for drawing."""
    copy = deepcopy(math)
    copy.attrib.pop("xmlns", None)
    for annotation in copy.xpath(".//*[local-name()='annotation' or "
                                 "local-name()='annotation-xml']"):
        annotation.getparent().remove(annotation)
    for semantics in copy.xpath(".//*[local-name()='semantics']"):
        semantics.drop_tag()  # pandoc's wrapper for the annotation; ziamath does not know it
    markup: str = html.tostring(copy, encoding="unicode", with_tail=False)
    return markup.replace("<math", f'<math xmlns="{MATHML}"', 1)


def _short(tex: str) -> str:
    tex = " ".join(tex.split())
    return tex if len(tex) <= 60 else tex[:57] + "..."


class _Lines:
    """Finds formulas in the manuscript in order, to give each its line."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.cursor = start

    def line_of(self, tex: str) -> int | None:
        pattern = r"\s+".join(re.escape(part) for part in tex.split())
        found = re.compile(pattern).search(self.text, self.cursor) if pattern else None
        if found is None:
            return None
        self.cursor = found.end()
        return self.text.count("\n", 0, found.start()) + 1
