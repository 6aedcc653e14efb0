"""Reference health: every bibliography entry checked against the scholarly registries.

`doi` reads a DOI field the way an author may have typed it; `agreement` compares an entry with
a registry's record, tolerating case, diacritics, subtitles and markup; `health` is the stage:
entries in, `Finding`s out, with the answers kept in the article's registry snapshot.
"""
