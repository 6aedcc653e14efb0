-- A custom writer: the body as an HTML5 fragment and as a standalone JATS article, from one
-- citeproc run in one pandoc process (see repropub.body), or from a document citeproc has
-- already resolved, read as pandoc's JSON (the split run of repropub.citeproc). Both are
-- written from the same document with the options `pandoc --to html5 --section-divs --mathml
-- --wrap=none` and `pandoc --to jats_publishing+element_citations --standalone --wrap=none`
-- give them.
--
-- The JATS writer builds each element-citation from a CSL item of the document's
-- bibliography (the cited ones). It is given as the file `repropub-jats-references` names:
-- the bibliography's CSL JSON as a data: URI, set as the JATS document's bibliography field.
-- Pandoc reads a data: URI under --sandbox (where the writer may read no file, not even the
-- .bib citeproc read), and reads CSL JSON in a fraction of the time the .bib or CSL YAML
-- take (YAML in the metadata is read as Markdown, and the template would then render every
-- item's fields, unused: seconds for thousands of entries).

SEPARATOR = "\n\0repropub-jats\0\n"

local function jats_metadata(doc)
  local path = doc.meta["repropub-jats-references"]
  doc.meta["repropub-jats-references"] = nil
  doc.meta.bibliography = nil
  if path then
    local file = assert(io.open(pandoc.utils.stringify(path), "r"))
    doc.meta.bibliography = file:read("a")
    file:close()
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
