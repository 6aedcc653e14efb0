-- Narrative citations in APA: "Lee and Park (2021)" in running text, where pandoc's citeproc
-- writes "Lee & Park (2021)" (APA 7, 8.17: "&" only inside parentheses). Runs after --citeproc,
-- and only when the metadata sets repropub-narrative-and (the style is an APA style).

local enabled = false

function Meta(meta)
  enabled = meta["repropub-narrative-and"] == true
end

-- The author part of a narrative citation is everything before the first "(" or link (the
-- year); an "&" there is the connector between the last two authors.
local function narrative_and(cite)
  for _, citation in ipairs(cite.citations) do
    if citation.mode ~= "AuthorInText" then
      return nil
    end
  end
  local changed = false
  for i, inline in ipairs(cite.content) do
    if inline.t == "Link" or (inline.t == "Str" and inline.text:sub(1, 1) == "(") then
      break
    end
    if inline.t == "Str" and inline.text == "&" then
      cite.content[i] = pandoc.Str("and")
      changed = true
    end
  end
  return changed and cite or nil
end

return {
  { Meta = Meta },
  { Cite = function(cite) if enabled then return narrative_and(cite) end end },
}
