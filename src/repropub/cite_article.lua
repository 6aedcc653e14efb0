-- "Cite this article" made inside the body's citeproc run, instead of by a pandoc process of
-- its own (starting pandoc and reading the style cost more than the citation itself).
--
-- The article's reference is citeproc's reference list of a document that cites only the
-- article: the same document `pandoc --citeproc` makes from an empty text with the article's
-- CSL-JSON item as its bibliography, `nocite` naming it and the article's language, written
-- with the options the body is written with. The caller names in the metadata the item's
-- file (`repropub-cite-items`), its key (`repropub-cite-key`), the style
-- (`repropub-cite-csl`: the style as asked for, not the body's derived one), the language
-- (`repropub-cite-lang`) and the file the HTML goes to (`repropub-cite-out`); the fields are
-- removed before the body's own citeproc sees the metadata.
--
-- Only `Meta` is filtered: the body's blocks are never handed to Lua by this filter.

local stringify = pandoc.utils.stringify

local FIELDS = { "items", "key", "csl", "lang", "out" }

function Meta(meta)
  if not meta["repropub-cite-out"] then
    return nil
  end
  local asked = {}
  for _, field in ipairs(FIELDS) do
    asked[field] = stringify(meta["repropub-cite-" .. field])
    meta["repropub-cite-" .. field] = nil
  end
  local article = pandoc.Pandoc({}, {
    bibliography = asked.items,
    csl = asked.csl,
    lang = asked.lang,
    nocite = { pandoc.Cite({ pandoc.Str("@" .. asked.key) },
                           { pandoc.Citation(asked.key, "NormalCitation") }) },
  })
  local html = pandoc.write(pandoc.utils.citeproc(article), "html5", pandoc.WriterOptions({
    section_divs = true, html_math_method = "mathml", wrap_text = "none",
  }))
  local file = assert(io.open(asked.out, "w"))
  file:write(html)
  file:close()
  return meta
end
