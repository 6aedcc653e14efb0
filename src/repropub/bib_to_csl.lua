-- A custom writer for a .bib read by pandoc's biblatex reader: its references as CSL YAML
-- (what `pandoc --to markdown --standalone` writes), then SEPARATOR, then as CSL JSON (what
-- `pandoc --to csljson` writes), from one reading of the .bib (the reading is the costly
-- part: seconds for thousands of entries).
--
-- The YAML keeps what CSL JSON drops (a year with a suffix, case protection): the checker
-- reads it. The JSON is what pandoc's JATS writer reads fastest (html_and_jats.lua): its
-- element-citations show no case protection, and a suffixed year is mended by the caller.

SEPARATOR = "\n\0repropub-csljson\0\n"

function Writer(doc, opts)
  local yaml = pandoc.write(doc, "markdown", pandoc.WriterOptions({
    template = pandoc.template.compile(pandoc.template.default("markdown")),
  }))
  return yaml .. SEPARATOR .. pandoc.write(doc, "csljson")
end
