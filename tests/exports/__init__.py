"""Tests of the metadata exports (`repropub.exports`): JATS, Crossref, citation files."""
