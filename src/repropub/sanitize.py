"""Sanitising what pandoc made from an untrusted manuscript: an allow-list, not a deny-list.

Takes the `RenderedBody` (the body's HTML, the formatted references, the JATS) and gives it back
with only the elements, attributes, URL schemes and CSS properties an article needs. Turning
pandoc's raw HTML off is not enough: its attribute syntax (``{onclick=...}``) puts event
handlers on headings, spans, divs, images and links, and ``[x](javascript:...)`` stays a live
link. The HTML goes through ammonia (the `nh3` binding), which parses it as a browser would
(html5ever) and re-serialises only what the allow-list names; the JATS loses links whose scheme
is not allowed. A relative link or source must stay inside the output folder: an absolute
path (``/etc/passwd``), a network path (``//host/x``) or ``..`` leading out would point at the
reader's disk or another server, so it is dropped (the link's words stay) in the page and the JATS
alike. A manuscript marked trusted (``--trusted``) skips this step.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nh3
from lxml import etree, html

from repropub.body import RenderedBody
from repropub.limits import Limits, check_html_depth
from repropub.stylesheets import css_references

TAGS = frozenset({
    "a", "abbr", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins",
    "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
"""Everything pandoc's HTML writer makes from Markdown; no script, style, iframe, object,
embed, form, input, link, meta, base or svg (their content is dropped with them)."""

MATHML_TAGS = frozenset({
    "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace",
    "msub", "msup", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mlabeledtr", "mstyle", "mpadded", "mphantom", "menclose",
    "merror", "mmultiscripts", "mprescripts", "none",
})
"""Presentation MathML, as pandoc writes TeX math (``--mathml``), with its TeX annotation.
Not `annotation-xml` (it may hold HTML) nor `maction` (interactive; its content is kept)."""

DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "title",
                                  "textarea", "xmp", "noembed", "noframes", "iframe", "object",
                                  "embed", "svg", "annotation-xml"})

ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "style", "hidden"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "details": {"open"},
    "math": {"display", "alttext"},
    "annotation": {"encoding"},
    **{tag: {"mathvariant", "mathsize", "displaystyle", "scriptlevel"} for tag in (
        "mi", "mn", "mtext", "ms", "mstyle")},
    "mo": {"mathvariant", "mathsize", "stretchy", "fence", "separator", "form", "accent",
           "largeop", "movablelimits", "symmetric", "lspace", "rspace", "minsize", "maxsize"},
    "mfrac": {"linethickness", "bevelled", "displaystyle"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mspace": {"width", "height", "depth"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "mtable": {"columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines",
               "rowlines", "frame", "framespacing", "displaystyle", "width"},
    "mtr": {"columnalign", "rowalign"},
    "mlabeledtr": {"columnalign", "rowalign"},
    "mtd": {"columnalign", "rowalign", "columnspan", "rowspan"},
    "menclose": {"notation"},
}
"""No event handler (on*), no rel (WeasyPrint embeds a file for rel=attachment), no srcset,
no form or frame targets; no MathML ``href`` (MathML lets any element be a link)."""

ATTRIBUTE_PREFIXES = frozenset({"data-", "aria-"})
"""Pandoc's ``data-cites``, citeproc's ``aria-hidden``; inert without scripts."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link may have; relative links (``#ref-key``, ``figures/map.png``) pass."""

STYLE_PROPERTIES = frozenset({"width", "height", "max-width", "text-align", "vertical-align",
                              "font-style", "font-weight", "font-variant", "text-decoration",
                              "white-space"})
"""CSS properties an inline style may set: the ones pandoc writes (column widths, cell
alignment, image sizes) and citeproc's font variants. None of them takes a URL, so no inline
style can fetch anything."""

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
"""The attributes of the allow-list that hold a URL."""


def sanitize_html(fragment: str) -> str:
    """`fragment` with everything outside the allow-list removed."""
    return _cleaner().clean(fragment)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """The allow-list as one ammonia cleaner, built once: `nh3.clean` builds it anew from the
    sets on every call, which costs more than cleaning a reference (a page cleans each one)."""
    return nh3.Cleaner(
        tags=set(TAGS | MATHML_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
        link_rel=None,
        attribute_filter=_confined_attribute,
    )


def _confined_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's hook: a URL attribute is kept only when it stays inside the output folder."""
    return value if name not in URL_ATTRIBUTES or stays_inside(value) else None


def stays_inside(url: str) -> bool:
    """Whether a URL with an allowed scheme, or none, names something inside the output folder
    or on the web: not ``file:``, not an absolute or network path, no ``..`` leading out.

    Browsers read ``%2e%2e`` and ``\\`` as ``..`` and ``/``, so the path is judged decoded.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # an unreadable URL ("http://[::1") goes nowhere safely
        return False
    if not _allowed(url):
        return False
    if parts.scheme:
        return True
    path = unquote(parts.path).replace("\\", "/")
    if parts.netloc or url.replace("\\", "/").startswith("//") or path.startswith("/"):
        return False
    if not path:
        return True  # a fragment (#ref-key) or a query on the page itself
    return not posixpath.normpath(path).startswith("..")


def sanitize_jats(document: str) -> str:
    """Pandoc's JATS with every link whose scheme is not allowed, or that leads out of the
    output folder, turned into plain text.

    Raw ``{=jats}`` blocks are already refused at the reader (see `repropub.pandoc`), so the
    JATS holds only what pandoc's writer makes; the one live thing it carries is a link, as an
    ``xlink:href`` or as the text of a ``<uri>`` (a .bib entry's ``url``), which JATS readers
    show as a link, and a ``style`` that loads something (``url()``) loses it.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    root = etree.fromstring(document.encode("utf-8"), parser)
    for element in list(root.iter()):
        href = element.get(XLINK_HREF)
        if href is not None and not stays_inside(href):
            if element.tag in ("ext-link", "uri"):
                _unwrap(element)
            else:
                del element.attrib[XLINK_HREF]
        elif element.tag == "uri" and href is None and not stays_inside(element.text or ""):
            _unwrap(element)
        # a span's style travels as <styled-content style>: nothing in it may load
        if css_references(element.get("style") or ""):
            del element.attrib["style"]
    return str(etree.tostring(root, encoding="unicode"))


def _unwrap(element: etree._Element) -> None:
    """Replace `element` by its content (text and children)."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    text, tail = element.text or "", element.tail or ""
    children = list(element)
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else None
    parent.remove(element)
    if last is not None:
        last.tail = (last.tail or "") + tail
    elif index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def _allowed(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return not scheme or scheme in URL_SCHEMES or scheme == "doi"


def sanitize_page(body: RenderedBody, citation: str, *, trusted: bool, limits: Limits,
                  source: Path) -> tuple[RenderedBody, str]:
    """The body and the article's own citation ready for the page: nested no deeper than the
    limit (WeasyPrint lays out recursively), and sanitised unless `trusted`."""
    if body.html.strip():
        root = html.fragment_fromstring(body.html, create_parent="div")
        check_html_depth(root, source, limits)
    if trusted:
        return body, citation
    return sanitize_body(body), sanitize_html(citation)


def sanitize_body(body: RenderedBody) -> RenderedBody:
    """The rendered body, its references and its JATS, each sanitised."""
    return dataclasses.replace(
        body,
        html=sanitize_html(body.html),
        references=tuple(dataclasses.replace(ref, html=sanitize_html(ref.html))
                         for ref in body.references),
        jats=sanitize_jats(body.jats) if body.jats else "",
    )
