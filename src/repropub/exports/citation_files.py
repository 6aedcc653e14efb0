"""The article's own citation as files reference managers import: CSL-JSON, BibTeX and RIS.

Takes the article's CSL item (`repropub.cite.article_csl`) and gives the three files' text.
CSL-JSON is the item itself. BibTeX and RIS are written here: pandoc does not write RIS, and
its BibTeX writer drops the DOI and brace-protects every capitalised title word.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_LATEX_SPECIAL = re.compile(r"([&%$#_{}])")
VERBATIM = ("title", "doi", "url")  # the title is escaped when it is braced


def csl_json(item: dict[str, Any]) -> str:
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def bibtex(item: dict[str, Any]) -> str:
    """A BibTeX @article; the title is double-braced so that styles keep its capitals."""
    authors = item.get("author", [])
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    year = str(parts[0]) if parts else ""
    first = authors[0].get("family", "article") if authors else "article"
    key = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", first).lower()) + year
    fields = [
        ("author", " and ".join(f"{a.get('family', '')}, {a.get('given', '')}".strip(", ")
                                for a in authors) or None),
        ("title", item.get("title") and "{" + _tex(item["title"]) + "}"),
        ("journal", item.get("container-title")), ("year", year or None),
        ("volume", item.get("volume")), ("number", item.get("issue")),
        ("pages", item.get("page") and str(item["page"]).replace("\u2013", "--")),
        ("issn", item.get("ISSN")), ("publisher", item.get("publisher")),
        ("doi", item.get("DOI")), ("url", item.get("URL")),
        ("keywords", item.get("keyword")), ("abstract", item.get("abstract")),
    ]
    body = ",\n".join(f"  {name} = {{{value if name in VERBATIM else _tex(str(value))}}}"
                      for name, value in fields if value)
    return f"@article{{{key},\n{body}\n}}\n"


def _tex(text: str) -> str:
    return _LATEX_SPECIAL.sub(r"\\\1", text)


def ris(item: dict[str, Any]) -> str:
    """RIS (the Research Information Systems tagged format) for a journal article."""
    lines = [("TY", "JOUR"), ("TI", item.get("title"))]
    lines += [("AU", f"{a.get('family', '')}, {a.get('given', '')}".strip(", "))
              for a in item.get("author", [])]
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    first, _, last = str(item.get("page", "")).partition("\u2013")
    lines += [
        ("T2", item.get("container-title")), ("J2", item.get("container-title-short")),
        ("VL", item.get("volume")), ("IS", item.get("issue")),
        ("SP", first or None), ("EP", last or None), ("SN", item.get("ISSN")),
        ("PB", item.get("publisher")), ("DO", item.get("DOI")), ("UR", item.get("URL")),
        ("LA", item.get("language")), ("AB", item.get("abstract")),
    ]
    lines += [("KW", k.strip()) for k in str(item.get("keyword", "")).split(",") if k.strip()]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value is not None)
