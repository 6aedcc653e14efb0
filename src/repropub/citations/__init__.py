"""Finding citations: pandoc keys (`keyed`) and author-date citations typed by hand (`typed`).

`source` blanks what cannot hold a citation, `matching` resolves typed citations against the
bibliography (`entry_index`) with `names` and `forms`, `evidence` tells which phrases without an
entry are citations at all, `style` holds the APA 7 form rules, `linking` turns resolved
typed citations into links for the build.
"""
