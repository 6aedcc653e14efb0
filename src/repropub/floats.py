"""Wide figures and tables lifted out of their sections, so that print can span both columns.

Takes the body's HTML and gives it back with every element of class ``wide`` (a table of five
columns or more, or a figure or table marked ``{.wide}``; see numbering.lua) as a direct child
of the body, wrapped in ``<div class="wide-float">``. The print stylesheet sets the body in two
columns, and CSS's ``column-span: all`` (WeasyPrint's too) works only on a block that is a
child of the multi-column element, never on one nested in a ``<section>``, nor on a table's
own box. The sections around the float are split there: the part after it continues in a
``<section class="... continued">`` without id or heading.

On a screen the wrapper is the float's scroll container (a phone is narrower than the table):
`focusable_floats`, run after the body is sanitised, makes it a labelled region a keyboard can
reach and scroll ("Table 2"), as WCAG 2.1.1 asks of scrollable content.
"""

from __future__ import annotations

from lxml import html

from repropub import numbering


def lift_wide_floats(root: html.HtmlElement) -> None:
    """Lift every ``.wide`` element of `root` (the body's container) to its top level."""
    for element in root.xpath(".//*[contains(concat(' ', @class, ' '), ' wide ')]"):
        if element.getparent() is root and element.tag == "div":
            continue
        wrapper = html.Element("div", {"class": "wide-float"})
        element.addprevious(wrapper)
        element.drop_tree()  # its tail text stays where it was
        element.tail = None
        wrapper.append(element)
        while wrapper.getparent() is not root:
            _split_after(wrapper)


def _split_after(wrapper: html.HtmlElement) -> None:
    """Move `wrapper` one level up: its parent ends before it, and what followed it goes into a
    continuation of the parent placed after it."""
    parent = wrapper.getparent()
    following = list(wrapper.itersiblings())
    tail, wrapper.tail = wrapper.tail, None
    parent.remove(wrapper)
    parent.addnext(wrapper)
    if following or (tail and tail.strip()):
        classes = [c for c in parent.get("class", "").split() if c != "continued"]
        rest = html.Element(parent.tag, {"class": " ".join([*classes, "continued"])})
        rest.text = tail
        rest.extend(following)
        wrapper.addnext(rest)
    # the text after the parent (a newline) stays after the parent's continuation
    wrapper.tail = None


_KINDS = {"table": "tbl", "figure": "fig"}


def focusable_floats(body: str, lang: str) -> str:
    """The body's HTML with each wide float's wrapper a keyboard-reachable, named region.

    The name is the float's label ("Table 2"), else the word for its kind in the article's
    language. Added after sanitising, which lets no ``tabindex`` through from a manuscript.
    """
    if "wide-float" not in body:
        return body
    from repropub.body import inner_html  # body.py imports this module to lift the floats

    root = html.fragment_fromstring(body, create_parent="div")
    words = numbering.words(lang)
    for wrapper in root.xpath("./div[@class='wide-float']"):
        labels = wrapper.xpath(".//*[contains(concat(' ', @class, ' '), ' label ')]")
        if labels:
            name = " ".join(labels[0].text_content().split()).rstrip(".")
        else:
            kind = next((k for tag, k in _KINDS.items() if wrapper.find(f".//{tag}") is not None),
                        "tbl")
            name = str(words[kind][0])
        wrapper.set("role", "region")
        wrapper.set("tabindex", "0")
        wrapper.set("aria-label", name)
    return inner_html(root)
