"""DOCX: the article for journals that ask for Word, in the design's fonts and colours.

Takes the built page's parts (the body as sanitised HTML with its images, the formatted
references, the statements) and the metadata, and gives DOCX bytes made by pandoc from HTML,
so that citations read as on the page and MathML becomes Word equations. The reference
document is pandoc's own with its styles changed by the design's `docx.yaml` (body and heading
fonts, accent colour, size): the look is data, and no binary file is kept in the repository.
"""

from __future__ import annotations

import base64
import io
import tempfile
import zipfile
from html import escape
from pathlib import Path

import yaml
from lxml import etree, html

from repropub import designs, pandoc
from repropub.body import RenderedBody, inner_html
from repropub.errors import TemplateError
from repropub.media import TYPES
from repropub.metadata import ArticleMetadata

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADINGS = ("Title", "Subtitle", "Heading1", "Heading2", "Heading3", "Heading4")
_AFTER_COLOUR = {"spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
                 "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
                 "eastAsianLayout", "specVanish", "oMath"}


def docx_article(meta: ArticleMetadata, body: RenderedBody, stage: Path, templates: Path, *,
                 source: Path, timeout: float, epoch: int) -> bytes:
    with tempfile.TemporaryDirectory(prefix="repropub-docx-") as tmp:
        reference = Path(tmp) / "reference.docx"
        reference.write_bytes(restyled(pandoc.default_reference_docx(timeout=timeout),
                                       _look(templates)))
        settings = Path(tmp) / "meta.yaml"
        settings.write_text(yaml.safe_dump(_metadata(meta), allow_unicode=True),
                            encoding="utf-8")
        return pandoc.html_to_docx(_document(meta, body, stage), source=source,
                                   reference_doc=reference, metadata=settings,
                                   timeout=timeout, epoch=epoch)


def _look(templates: Path) -> dict[str, str]:
    found = designs.find(templates, "docx.yaml")
    if found is None:
        raise TemplateError(f"{templates / 'docx.yaml'}: the design's Word look not found")
    data = yaml.safe_load(found.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def restyled(reference: bytes, look: dict[str, str]) -> bytes:
    """The reference DOCX with its default font, size and heading styles from `look`; the zip
    written with fixed dates so that the same look gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(reference))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = _styles(data, look)
            target.writestr(zipfile.ZipInfo(item.filename, (1980, 1, 1, 0, 0, 0)), data,
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _styles(xml: bytes, look: dict[str, str]) -> bytes:
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    ns = {"w": W}

    def fonts(run_props: etree._Element, family: str) -> None:
        # OOXML fixes the order of a run's properties: rFonts comes right after rStyle
        for old in run_props.findall("w:rFonts", ns):
            run_props.remove(old)
        element = etree.Element(f"{{{W}}}rFonts")
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            element.set(f"{{{W}}}{attr}", family)
        run_props.insert(1 if run_props.find("w:rStyle", ns) is not None else 0, element)

    def colour(run_props: etree._Element, value: str) -> None:
        found = run_props.find("w:color", ns)
        if found is None:
            found = etree.Element(f"{{{W}}}color")
            later = [c for c in run_props if etree.QName(c).localname in _AFTER_COLOUR]
            if later:
                later[0].addprevious(found)
            else:
                run_props.append(found)
        for attr in list(found.attrib):
            del found.attrib[attr]
        found.set(f"{{{W}}}val", value)

    defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", ns)
    if defaults is not None:
        fonts(defaults, look.get("body-font", "Source Serif 4"))
        for size in defaults.findall("w:sz", ns):
            size.set(f"{{{W}}}val", str(int(float(look.get("body-size", "10")) * 2)))
    for style in root.findall("w:style", ns):
        if style.get(f"{{{W}}}styleId") not in HEADINGS:
            continue
        run_props = style.find("w:rPr", ns)
        if run_props is None:
            run_props = etree.SubElement(style, f"{{{W}}}rPr")
        fonts(run_props, look.get("heading-font", "Source Sans 3"))
        colour(run_props, look.get("accent", "000000"))
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _metadata(meta: ArticleMetadata) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": meta.title,
        "author": [a.name + (" (" + ", ".join(str(meta.affiliation_number(f))
                                              for f in a.affiliations) + ")"
                             if a.affiliations else "") for a in meta.authors],
        "lang": meta.lang,
    }
    if meta.abstract:
        fields["abstract"] = meta.abstract
    if meta.history.published:
        fields["date"] = meta.history.published.isoformat()
    if meta.keywords:
        fields["keywords"] = list(meta.keywords)
    return fields


def _document(meta: ArticleMetadata, body: RenderedBody, stage: Path) -> str:
    """One HTML document: affiliations, the body, the statements, the references."""
    parts = ["<ol>" + "".join(f"<li>{escape(a.display)}</li>" for a in meta.affiliations)
             + "</ol>" if meta.affiliations else ""]
    parts.append(_body_for_word(body.html, stage))
    statements = [("Acknowledgements", meta.acknowledgements),
                  ("Funding", meta.funding_statement or None),
                  ("Author contributions", " ".join(
                      f"{a.name}: {', '.join(r.term for r in a.credit)}." for a in meta.authors
                      if a.credit) or None),
                  ("Data availability", meta.data_availability),
                  ("Conflict of interest", meta.conflicts)]
    for title, text in statements:
        if text:
            parts.append(f"<h2>{escape(title)}</h2><p>{escape(text)}</p>")
    if body.references:
        parts.append("<h2>References</h2>")
        parts.extend(f"<div>{ref.html}</div>" for ref in body.references)
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def _body_for_word(fragment: str, stage: Path) -> str:
    """The body as Word needs it: images copied into the output folder as data: URLs (pandoc,
    sandboxed, reads no file it was not given on the command line), no "Notes" heading, since
    the notes become Word's own footnotes, and no print images of formulas."""
    if not fragment.strip():
        return fragment
    root = html.fragment_fromstring(fragment, create_parent="div")
    # the formulas' print images double their MathML, which Word gets as equations
    for drop in root.xpath(".//*[@class='notes-title'] | .//img[contains(@class, 'math-print')]"):
        drop.getparent().remove(drop)
    for image in root.iter("img"):
        src = image.get("src", "")
        if not src or ":" in src:
            continue
        path = (stage / src).resolve()
        if path.is_relative_to(stage.resolve()) and path.is_file():
            kind = TYPES.get(path.suffix.lower(), "application/octet-stream")
            image.set("src", f"data:{kind};base64,"
                             + base64.b64encode(path.read_bytes()).decode("ascii"))
    return inner_html(root)
