"""repropub: Markdown + BibTeX to a journal's HTML and PDF, with every citation checked."""

__version__ = "0.1.0"
