-- A custom writer: the body as an HTML5 fragment and as a standalone JATS article, from one
-- citeproc run in one pandoc process (see repropub.body), or from a document citeproc has
-- already resolved, read as pandoc's JSON (the split run of repropub.citeproc). Both are
-- written from the same document with the options `pandoc --to html5 --section-divs --mathml
-- --wrap=none` and `pandoc --to jats_publishing+element_citations --standalone --wrap=none`
-- give them; the JATS writer builds each element-citation from a CSL item in the metadata,
-- read from the file `repropub-jats-references` names (as --metadata-file would read it), and
-- the document's bibliography field is dropped (under --sandbox the writer may not read it).

SEPARATOR = "\n\0repropub-jats\0\n"

local function jats_metadata(doc)
  local path = doc.meta["repropub-jats-references"]
  doc.meta["repropub-jats-references"] = nil
  doc.meta.bibliography = nil
  if path then
    local file = assert(io.open(pandoc.utils.stringify(path), "r"))
    local read = pandoc.read("---\n" .. file:read("a") .. "\n---\n", "markdown")
    file:close()
    for key, value in pairs(read.meta) do
      if doc.meta[key] == nil then
        doc.meta[key] = value
      end
    end
  end
  return doc
end

function Writer(doc, opts)
  local html = pandoc.write(doc, "html5", pandoc.WriterOptions({
    section_divs = true, html_math_method = "mathml", wrap_text = "none",
  }))
  local jats_doc = jats_metadata(doc:clone())
  local jats = pandoc.write(jats_doc, { format = "jats_publishing",
                                        extensions = { element_citations = true } },
    pandoc.WriterOptions({
      wrap_text = "none",
      template = pandoc.template.compile(pandoc.template.default("jats_publishing")),
    }))
  return html .. "\n" .. SEPARATOR .. jats
end
