"""Every reference an output carries, read as a browser, a PDF viewer or a JATS/Crossref
consumer would, and judged: does it stay inside the output folder (or go to the web, for a
link a reader clicks)?

`outward_references(out)` lists the ones that do not: a file on the reader's disk, a network
share, a script, a ``data:`` document, or a load (image, stylesheet, font, frame) from any host.
The hostile tests assert that the list is empty for each attack.
"""

from __future__ import annotations

import base64
import posixpath
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pikepdf
from lxml import etree, html

from repropub.stylesheets import css_references

WEB = ("http", "https", "mailto", "doi")
"""Schemes a link a reader clicks may have."""

LOADS = {"img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src",),
         "iframe": ("src",), "frame": ("src",), "embed": ("src",), "object": ("data",),
         "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "input": ("src",),
         "image": ("href",), "use": ("href",), "feimage": ("href",)}
"""HTML (and SVG) attributes whose URL the browser fetches by itself."""

LINKS = ("href", "cite", "action", "formaction", "ping", "background", "longdesc", "manifest")
"""Attributes that name a URL a reader may follow or a browser may contact."""

LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "import",
                "manifest", "attachment", "dns-prefetch", "preconnect"}

URL_LIKE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|\\|\.\.)")
"""Text that reads as a URL or a path: in a JATS `<uri>` or a Crossref `<resource>`."""


def judge(url: str, place: PurePosixPath, *, load: bool) -> bool:
    """Whether `url`, written in the file at `place` inside the output folder, stays inside
    it; a link (not a `load`) may also go to the web."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if not url or url.startswith("#"):
        return True
    if scheme == "data":
        if re.match(r"data:image/svg\+xml", url, re.I):
            return load and _svg_data_ok(url)
        return load and bool(re.match(r"data:(image/(png|jpeg|gif|webp)|font/)", url, re.I))
    if scheme:
        return not load and scheme in WEB
    path = unquote(parts.path).replace("\\", "/")
    if parts.netloc or url.replace("\\", "/").startswith("//") or path.startswith("/"):
        return False
    return not posixpath.normpath(posixpath.join(str(place.parent), path)).startswith("..")


def _svg_data_ok(url: str) -> bool:
    """A ``data:image/svg+xml`` URL (a formula, an inlined figure) that refers to nothing."""
    header, _, payload = url.partition(",")
    data = (base64.b64decode(payload) if header.lower().endswith(";base64")
            else unquote(payload).encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return not _svg_problems(etree.fromstring(data, parser), PurePosixPath("data.svg"))


def outward_references(out: Path) -> list[str]:
    """Every reference in the outputs under `out` that leads outside it, as ``file: url``."""
    found: list[str] = []
    for path in sorted(out.rglob("*")):
        place = PurePosixPath(path.relative_to(out).as_posix())
        suffix = path.suffix.lower()
        if suffix == ".html":
            found += [f"{place}: {u}" for u in _html(path, place)]
        elif suffix == ".css":
            found += [f"{place}: {r.url}" for r in css_references(path.read_text("utf-8"))
                      if not judge(r.url, place, load=True)]
        elif suffix in (".svg", ".xml"):
            found += [f"{place}: {u}" for u in _xml(path, place)]
        elif suffix == ".pdf":
            found += [f"{place}: {u}" for u in _pdf(path, place)]
    return found


def _html(path: Path, place: PurePosixPath) -> list[str]:
    page = html.document_fromstring(path.read_bytes())
    bad = []
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        loads = LOADS.get(tag, ())
        rel = set((element.get("rel") or "").lower().split())
        for name, value in element.attrib.items():
            name = name.lower()
            values = ([v.strip().split(" ")[0] for v in value.split(",")] if name == "srcset"
                      else [value])
            is_load = name in loads or (tag == "link" and name == "href" and rel & LOADING_RELS)
            if name.startswith("on") or ((name in LINKS or is_load) and not all(
                    judge(v, place, load=bool(is_load)) for v in values)):
                bad.append(f"<{tag} {name}={value[:80]!r}>")
            if name == "style":
                bad += [r.url for r in css_references(value) if not judge(r.url, place, load=True)]
        if tag == "style":
            bad += [r.url for r in css_references(element.text or "")
                    if not judge(r.url, place, load=True)]
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            bad.append(f"<meta http-equiv=refresh content={element.get('content')!r}>")
        if tag in ("base", "iframe", "object", "embed") or (
                tag == "script" and element.get("type") != "application/ld+json"):
            bad.append(f"<{tag}>")
    return bad


def _xml(path: Path, place: PurePosixPath) -> list[str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return _svg_problems(etree.parse(str(path), parser).getroot(), place)


def _svg_problems(root: etree._Element, place: PurePosixPath) -> list[str]:
    """What an XML document (SVG, JATS, Crossref) refers to outside the output folder."""
    bad = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname.lower()
        for name, value in element.attrib.items():
            attribute = etree.QName(name).localname.lower()
            load = local in LOADS
            if attribute.startswith("on") or (attribute == "href" and not judge(value, place,
                                                                                load=load)):
                bad.append(f"<{local} {attribute}={value[:80]!r}>")
            if attribute == "style" or "url(" in value:
                bad += [r.url for r in css_references(value) if not judge(r.url, place, load=True)]
        text = (element.text or "").strip()
        if local == "style":
            bad += [r.url for r in css_references(text) if not judge(r.url, place, load=True)]
        elif local in ("uri", "ext-link", "self-uri", "resource", "license_ref", "doi") and (
                URL_LIKE.match(text) and not judge(text, place, load=False)):
            bad.append(f"<{local}>{text[:80]}")
        elif local in ("script", "foreignobject"):
            bad.append(f"<{local}>")
    return bad


def _pdf(path: Path, place: PurePosixPath) -> list[str]:
    bad = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots", pikepdf.Array()):
                action = annotation.get("/A")
                if action is None:
                    continue
                kind = str(action.get("/S"))
                if kind == "/URI":
                    uri = str(action.get("/URI"))
                    if not judge(uri, place, load=False):
                        bad.append(f"link {uri}")
                elif kind != "/GoTo":
                    bad.append(f"action {kind}")
        names = pdf.Root.get("/Names")
        if names is not None and "/JavaScript" in names:
            bad.append("document JavaScript")
        if "/OpenAction" in pdf.Root and "/JS" in pdf.Root.OpenAction:
            bad.append("OpenAction JavaScript")
    return bad
